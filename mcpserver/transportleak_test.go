package mcpserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// echoUpstream stands for an upstream that answers a request with a line that is not HTTP:
// the request's body, or the bearer token when it has none; every other GET (the app list
// set_secret resolves its app from) is proxied to the emulator.
func echoUpstream(echoGET string) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		t.Helper()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			if r.Method == http.MethodGet && !strings.HasSuffix(r.URL.Path, echoGET) {
				req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, emulatorURL+r.URL.RequestURI(), nil)
				req.Header = r.Header.Clone()
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					w.WriteHeader(http.StatusBadGateway)
					return
				}
				defer resp.Body.Close()
				w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
				w.WriteHeader(resp.StatusCode)
				_, _ = io.Copy(w, resp.Body)
				return
			}
			line := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			if len(body) > 0 {
				line = string(body)
			}
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			_, _ = buf.WriteString(line + "\r\n\r\n")
			_ = buf.Flush()
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
}

// TestTransportErrorsNeverShowTheTokenOrAValue: an upstream that echoes the request instead of
// answering HTTP makes Go quote the echo in its error; the tool result and every log line
// (the retry warnings included) show neither the bearer token nor the secret value, in any case.
func TestTransportErrorsNeverShowTheTokenOrAValue(t *testing.T) {
	const token, value = "Tk9pQzR7xLmN4vB2", "hunter2Secret99"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: token, Org: "sandbox", Scopes: []string{"*"}}}},
		token: token, upstream: echoUpstream("/orgs")})
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"list_orgs", map[string]any{}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": value}},
	} {
		res := h.call(t, tc.tool, tc.args)
		got := everything(res)
		// The echoed body's value is the transport's [REDACTED], or masked when a field names it
		// a credential ({"name":"PG_PASS","value":"********"}).
		if !res.IsError || !strings.Contains(got, "malformed HTTP response") || !strings.Contains(got, "[REDACTED]") && !strings.Contains(got, "********") {
			t.Fatalf("%s: want the transport's redacted error, got %s", tc.tool, got)
		}
		for _, v := range []string{token, value} {
			if strings.Contains(strings.ToLower(got), strings.ToLower(v)) {
				t.Errorf("%s: the result shows %q: %s", tc.tool, v, got)
			}
		}
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "retrying") {
		t.Fatalf("no retry logged:\n%s", logs)
	}
	for _, v := range []string{token, value} {
		if strings.Contains(strings.ToLower(logs), strings.ToLower(v)) {
			t.Errorf("the logs show %q:\n%s", v, logs)
		}
	}
}

// TestOAuthUnusableAnswer: a token endpoint's success with a token_type other than Bearer is
// the token endpoint's failure: shown redacted of the client secret (in any case) and
// shortened, logged with reason oauth_token at warn.
func TestOAuthUnusableAnswer(t *testing.T) {
	const secret = "cS3cr3tValue_XyZ77"
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"access_token":"at-0123456789","token_type":"mac cS3cr3tValue_XyZ77 CS3CR3TVALUE_XYZ77 ` +
			strings.Repeat("z", 3000) + `","expires_in":3600}`))
	}))
	defer tokenSrv.Close()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, tokens: func(string) client.TokenSource {
		return client.NewClientCredentials("canary-client", secret, tokenSrv.URL+"/oauth/token")
	}})
	res := h.call(t, "list_apps", map[string]any{})
	got := everything(res)
	if !res.IsError || !strings.Contains(got, `token_type \"mac [REDACTED] [REDACTED]`) ||
		strings.Contains(strings.ToLower(got), strings.ToLower(secret)) || strings.Contains(got, strings.Repeat("z", 100)) {
		t.Errorf("list_apps: %s", got)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, `"level":"WARN"`) || !strings.Contains(logs, `"reason":"oauth_token"`) {
		t.Errorf("want a warn line with reason oauth_token:\n%s", logs)
	}
}
