package client_test

import (
	"context"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// A status HTTP gives no words to (499 from a proxy, 600 or 999 from a broken gateway) is shown
// with words that say so, never as "600 : " or "499 " with nothing after the number.
func TestR46LeadStatusWithoutWords(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	app := createApp(t, env.client, "no-words")
	for _, status := range []int{500, 499, 600, 999} {
		env.emu.ClearFaults()
		env.emu.InjectFault(sandbox.Fault{Operation: api.GetApp.ID, Status: status})
		_, err := env.client.GetApp(context.Background(), app.ID)
		if err == nil {
			t.Fatalf("status %d: no error", status)
		}
		msg := err.Error()
		t.Logf("%d: %s", status, msg)
		if strings.Contains(msg, " : ") || strings.Contains(msg, "  ") || strings.HasSuffix(msg, " ") ||
			strings.Contains(msg, " ,") || strings.Contains(msg, " )") {
			t.Errorf("status %d shown with a gap where its words go: %q", status, msg)
		}
		if status == 500 {
			if !strings.Contains(msg, "500 Internal Server Error") {
				t.Errorf("status 500 lost its words: %q", msg)
			}
			continue
		}
		if !strings.Contains(msg, "HTTP defines no meaning") || !strings.Contains(msg, "no message came with it") {
			t.Errorf("status %d: the message does not say HTTP defines no meaning for it: %q", status, msg)
		}
	}
}
