package present

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR47ReviewHTTPSToPlainEmulatorIsNotNothingListening: SPICE_API_URL written https:// for
// sandbox-api, which serves plain http on this machine, reaches a server that accepts the
// connection; the remedy must not say nothing accepted it and to start the server (it runs).
func TestR47ReviewHTTPSToPlainEmulatorIsNotNothingListening(t *testing.T) {
	emu := httptest.NewServer(sandbox.New(sandbox.DemoWorld()))
	defer emu.Close()
	c, err := client.New(client.Config{BaseURL: strings.Replace(emu.URL, "http://", "https://", 1),
		Tokens: client.StaticToken(sandbox.DefaultToken), Version: "test", Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListProjects(context.Background())
	if err == nil {
		t.Fatal("https to a plain http server succeeded")
	}
	got := Remedy(err)
	t.Logf("error: %v\nremedy: %s", err, got)
	if strings.Contains(got, "Nothing accepted the connection") || strings.Contains(got, "start the server") {
		t.Errorf("the remedy says nothing listens, while the emulator accepted the connection (it speaks http, not https): %q", got)
	}
}
