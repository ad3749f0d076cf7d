package client_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR70Hostile14ClientKeepsOtherTextsAsTheyCame (held; the decision README states): the client
// owns no masker. It redacts what the call sent (the bearer token), and keeps a token it did not
// send, quoted back in an error body or a redirect's host, as the answer wrote it: masking it is
// present's, the logger's and the start-up refusals' (mcpserver's and internal/cli's
// TestR70Hostile14 tests hold that no user sees it).
func TestR70Hostile14ClientKeepsOtherTextsAsTheyCame(t *testing.T) {
	const sent = "t0k3n-for-tests-r70hostile14"
	const other = "ghp_R70hostile14AbCdEfGhIjKlMnOpQrStUvWx"
	for _, c := range []struct {
		name  string
		serve func(w http.ResponseWriter)
	}{
		{"error body", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"bearer ` + sent + ` is not ` + other + `"}`))
		}},
		{"redirect", func(w http.ResponseWriter) {
			w.Header().Set("Location", "https://"+other+".example.com/"+sent)
			w.WriteHeader(http.StatusFound)
		}},
	} {
		up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) { c.serve(w) })
		api, err := client.New(client.Config{BaseURL: up.URL, Tokens: client.StaticToken(sent), Retry: client.RetryPolicy{MaxAttempts: 1}})
		mustNoErr(t, err)
		_, err = api.ListProjects(context.Background())
		if err == nil || strings.Contains(err.Error(), sent) || !strings.Contains(err.Error(), other) {
			t.Errorf("%s: want the sent token redacted and the other kept: %v", c.name, err)
		}
	}
}
