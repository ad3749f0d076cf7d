package present

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// r48Words3Client is a client of a server that answers every request with body.
func r48Words3Client(t *testing.T, body any) *client.Client {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(raw)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestR48Words3LogLinesEscapeStrayInvisibles: an instance's log line read from the API, as
// get_instance_logs and a failed deployment's result show it, writes a character that does not
// show where it stands (a zero-width space, a byte order mark, a left-to-right mark) as its
// escape, keeping the joiners that are part of the text (an emoji sequence, Persian); a
// bidirectional override or a control character is read by masking as a separator and shown as
// the space it read, and a terminal escape never reaches the text: a colour is stripped, any
// other ESC is a space. A credential split by one is still masked.
func TestR48Words3LogLinesEscapeStrayInvisibles(t *testing.T) {
	lines := []string{
		"\x1b[31mERROR\x1b[0m x\u200by g\ufeffh \u200eLRM C:\\dir",
		"fam\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f",
		"Access \u202edenied\u202c a\x01b \x1bZ password\u202e=hunter2secret",
	}
	c := r48Words3Client(t, map[string]any{"lines": lines})
	got, err := c.GetProjectInstanceLogs(context.Background(), 1, "app-0", 10)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"get_instance_logs": InstanceLogs("app", "app-0", "ready", got, 0),
		"failed deployment": FailedDeploymentLogs("app", "app-0", "failed", got, 0),
	} {
		for _, want := range []string{
			`ERROR x\u200by g\ufeffh \u200eLRM C:\\dir` + "\n",
			"fam\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f\n",
			"Access  denied  a b  Z password =" + Masked,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: lacks %+q:\n%+q", name, want, text)
			}
		}
		if strings.ContainsAny(text, "\x1b\u200b\ufeff\u200e\u202e\u202c\x01") || strings.Contains(text, "hunter2") {
			t.Errorf("%s: a hidden character or the password shows raw:\n%+q", name, text)
		}
	}
}
