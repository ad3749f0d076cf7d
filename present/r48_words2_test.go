package present

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r48Words2TokenError is the error of a token request to tokenURL, made once, waiting at most
// timeout for the answer.
func r48Words2TokenError(t *testing.T, timeout time.Duration, tokenURL string) error {
	t.Helper()
	cc := &client.ClientCredentials{ClientID: "id", ClientSecret: "s3cr3t-for-tests", TokenURL: tokenURL,
		Retry: client.RetryPolicy{MaxAttempts: 1}, HTTPClient: &http.Client{Timeout: timeout}}
	_, err := cc.Token(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	return err
}

// TestR48Words2TokenEndpointOnThisMachine: a token endpoint on this machine (sandbox-api's
// /api/oauth/token on 127.0.0.1) that refuses the connection or does not answer is told what
// is true there, in the words the API URL's failures get: nothing listens there (start
// sandbox-api, or to correct SPICE_OAUTH_TOKEN_URL), or the server there stopped answering; not
// that its host must resolve past a firewall or proxy.
func TestR48Words2TokenEndpointOnThisMachine(t *testing.T) {
	closed := testutil.RefusedAddr(t)
	refused := r48Words2TokenError(t, 5*time.Second, "http://"+closed+"/api/oauth/token")

	mute := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer mute.Close()
	unanswered := r48Words2TokenError(t, 5*time.Second, mute.URL+"/api/oauth/token")

	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hung.Close()
	defer close(release)
	hanging := r48Words2TokenError(t, 300*time.Millisecond, hung.URL+"/api/oauth/token")

	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"nothing listens", refused, []string{"Nothing accepted the connection at " + closed + " (SPICE_OAUTH_TOKEN_URL)", "on this machine",
			"spice-cloud-mcp sandbox-api --listen " + closed + ")", "or to correct SPICE_OAUTH_TOKEN_URL"}},
		{"no answer", unanswered, []string{"The server at " + strings.TrimPrefix(mute.URL, "http://") + " (SPICE_OAUTH_TOKEN_URL), on this machine, did not answer",
			"still running", "starts again from its initial world"}},
		{"hangs", hanging, []string{"The server at " + strings.TrimPrefix(hung.URL, "http://") + " (SPICE_OAUTH_TOKEN_URL), on this machine, did not answer",
			"still running"}},
	} {
		var te *client.TokenError
		if !errors.As(tc.err, &te) {
			t.Fatalf("%s: not a token error: %T %v", tc.name, tc.err, tc.err)
		}
		got := Error(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: lacks %q:\n%s", tc.name, w, got)
			}
		}
		for _, w := range []string{"resolves", "firewall", "proxy", "reachable from the MCP server", "s3cr3t"} {
			if strings.Contains(got, w) {
				t.Errorf("%s: says %q, beside the point on this machine:\n%s", tc.name, w, got)
			}
		}
	}

	// Elsewhere, the network may be the cause: the remedy stays.
	away := &client.TokenError{URL: "https://auth.example/api/oauth/token", Err: syscall.ECONNREFUSED, Attempts: 1}
	if got := Error(away); !strings.Contains(got, "its host resolves, no firewall or proxy refuses the connection") {
		t.Errorf("elsewhere: %q", got)
	}
}

// r48Words2Stray is an API text with characters that do not show where they stand (a bidi
// override and isolate that reorder what follows, "Trojan Source"; a zero-width space, a byte
// order mark, a left-to-right mark, a C0 control), then the joiners and a variation selector
// where they are part of the text (a ZWJ emoji sequence, a ZWNJ in Persian, ❤️), and a backslash.
const r48Words2Stray = "Access \u202edenied\u202c for \u2066admin\u2069 x\u200by g\ufeffh \u200eLRM a\x01b " +
	"fam\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f C:\\dir"

// r48Words2Escaped is r48Words2Stray as a result shows it: each stray character escaped as
// rules.Echoed writes it (and the backslash doubled, so a typed "\u202e" reads apart), the
// joiners and the variation selector kept.
const r48Words2Escaped = `Access \u202edenied\u202c for \u2066admin\u2069 x\u200by g\ufeffh \u200eLRM a\u0001b ` +
	"fam\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f " + `C:\\dir`

// TestR48Words2APITextEscapesStrayInvisibles: an API text in a result shows each character
// that does not show where it stands as its escape, keeping the joiners that are part of the
// text: through apiText, and through the client reading a deployment whose error_message holds
// them from a server, as get_deployment and list_deployments show it. A text without one is
// shown as it is (its backslash unchanged); a line break still ends up a space.
func TestR48Words2APITextEscapesStrayInvisibles(t *testing.T) {
	if got := apiText(r48Words2Stray); got != r48Words2Escaped {
		t.Errorf("apiText:\n got %+q\nwant %+q", got, r48Words2Escaped)
	}
	if got, want := (errorStyle{plain: true}).api(r48Words2Stray), r48Words2Escaped; got != want {
		t.Errorf("plain api:\n got %+q\nwant %+q", got, want)
	}
	for in, want := range map[string]string{
		`C:\dir and fam` + "\U0001F468\u200d\U0001F469": `C:\dir and fam` + "\U0001F468\u200d\U0001F469",
		"line one\nline two\ttabbed":                    "line one line two tabbed",
		"a\u200d b":                                     `a\u200d b`,
	} {
		if got := apiText(in); got != want {
			t.Errorf("apiText(%+q) = %+q, want %+q", in, got, want)
		}
	}

	body, err := json.Marshal(map[string]any{"id": 2, "project_id": 1, "status": "failed", "error_code": "unable_to_start",
		"error_message": r48Words2Stray, "created_at": "2026-01-01T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/deployments") {
			_, _ = w.Write([]byte(`{"deployments":[` + string(body) + `]}`))
			return
		}
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.GetDeployment(context.Background(), 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := Deployment("app", d); !strings.Contains(got, " — "+r48Words2Escaped+"\n") {
		t.Errorf("get_deployment's text lacks the escaped message:\n%+q", got)
	}
	list, err := c.ListDeployments(context.Background(), 1, client.ListDeploymentsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := Deployments("app", list); strings.ContainsAny(got, "\u202e\u2066\u200b\ufeff\u200e\x01") || !strings.Contains(got, `\u202edenied`) {
		t.Errorf("list_deployments' table shows a stray character raw, or not escaped:\n%+q", got)
	}
}
