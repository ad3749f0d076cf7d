package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
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

// TestR46LeadLostDeleteGatewayNotFoundIsNoProof: after a DELETE whose answer was lost (a
// proxy's 503), a retry answered 404 by something other than the API (a gateway's HTML page,
// an empty body) says nothing of the target: the call is an error whose outcome is unknown,
// never "deleted by the first attempt". The API's own 404 answer still counts as gone.
func TestR46LeadLostDeleteGatewayNotFoundIsNoProof(t *testing.T) {
	var mu sync.Mutex
	attempts := 0
	var second, contentType string
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts++
		n := attempts
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(second))
	})
	c := fakeClient(t, up.URL, client.StaticToken("t"))
	ctx := context.Background()
	dels := map[string]struct {
		del  func() (client.Deleted, error)
		gone []string // the API's own 404 answers (openapi.json's examples)
	}{
		"app":     {func() (client.Deleted, error) { return c.DeleteApp(ctx, 5) }, []string{`{"error":"App with ID 5 not found"}`, `{"error":"App not found"}`}},
		"project": {func() (client.Deleted, error) { return c.DeleteProject(ctx, 5) }, []string{`{"error":"Project not found"}`}},
		"member":  {func() (client.Deleted, error) { return c.RemoveMember(ctx, 5) }, []string{`{"error":"Member not found"}`}},
	}
	for name, op := range dels {
		del := op.del
		cases := []struct {
			what, contentType, body string
			gone                    bool
		}{
			{"gateway page", "text/html", "<html><body><h1>404 Not Found</h1>nginx</body></html>", false},
			{"empty body", "", "", false},
			{"gateway JSON", "application/json", `{"timestamp":"2026-12-04T00:00:00Z","status":404,"error":"Not Found","path":"/x"}`, false},
			{"another object's", "application/json", `{"error":"App with ID 5x not found"}`, false},
		}
		for _, body := range op.gone {
			cases = append(cases, struct {
				what, contentType, body string
				gone                    bool
			}{"API answer " + body, "application/json", body, true})
		}
		for _, tc := range cases {
			mu.Lock()
			attempts, second, contentType = 0, tc.body, tc.contentType
			mu.Unlock()
			d, err := del()
			switch {
			case tc.gone && (err != nil || !d.EarlierAttempt):
				t.Errorf("%s, %s: the API's 404 not taken as gone: %+v, %v", name, tc.what, d, err)
			case !tc.gone && (err == nil || d.EarlierAttempt):
				t.Errorf("%s, %s: taken as deleted by the first attempt: %+v, %v", name, tc.what, d, err)
			case !tc.gone:
				var apiErr *client.APIError
				if !errors.As(err, &apiErr) || !apiErr.OutcomeUnknown {
					t.Errorf("%s, %s: want an APIError whose outcome is unknown, got %T %v", name, tc.what, err, err)
				}
			}
		}
	}
}
