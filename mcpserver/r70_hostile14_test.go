package mcpserver_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r70Hostile14Answer is one way an upstream (the API, a proxy before it) quotes a token back in
// an answer the client turns into an error: in the JSON error body, a web page's Content-Type
// and title, a redirect's Location (its host, user, path and query), a plain-text body, and
// headers the client does not read.
type r70Hostile14Answer struct {
	name  string
	serve func(w http.ResponseWriter, tok string)
}

var r70Hostile14Answers = []r70Hostile14Answer{
	{"JSON error body", func(w http.ResponseWriter, tok string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid credential ` + tok + `","code":"` + tok + `","fieldErrors":{"` + tok + `":["` + tok + ` rejected"]},"formErrors":["auth ` + tok + `"]}`))
	}},
	{"web page", func(w http.ResponseWriter, tok string) {
		w.Header().Set("Content-Type", "text/html; charset="+tok)
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(`<html><head><title>denied ` + tok + `</title></head><body>` + tok + `</body></html>`))
	}},
	{"plain-text body", func(w http.ResponseWriter, tok string) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("upstream refused " + tok))
	}},
	{"redirect to a host", func(w http.ResponseWriter, tok string) {
		host := "example.com" // a token a host name cannot hold is in the path and query alone
		if r70Hostile14HostName(tok) {
			host = tok + ".example.com"
		}
		w.Header().Set("Location", "https://"+host+"/v1/"+url.PathEscape(tok)+"?token="+url.QueryEscape(tok))
		w.WriteHeader(http.StatusFound)
	}},
	{"redirect with userinfo", func(w http.ResponseWriter, tok string) {
		w.Header().Set("Location", "https://admin:"+url.QueryEscape(tok)+"@example.com/")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}},
	{"headers", func(w http.ResponseWriter, tok string) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+tok+`"`)
		w.Header().Set("Retry-After", tok)
		w.Header().Set("X-Echo", tok)
		w.WriteHeader(http.StatusTooManyRequests)
	}},
}

// r70Hostile14HostName reports whether tok can be a host name's labels as it is.
func r70Hostile14HostName(tok string) bool {
	return !strings.ContainsFunc(tok, func(r rune) bool {
		return !(r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
}

// r70Hostile14Upstream answers GET …/secrets and …/deployments with its answer and token, once
// set (the emulator answers the rest).
type r70Hostile14Upstream struct {
	mu     sync.Mutex
	answer *r70Hostile14Answer
	tok    string
}

func (u *r70Hostile14Upstream) set(a *r70Hostile14Answer, tok string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.answer, u.tok = a, tok
}

func (u *r70Hostile14Upstream) proxy() func(t *testing.T, emulatorURL string) string {
	quoting := regexp.MustCompile(`/(secrets|deployments)$`)
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, emulator http.Handler) {
		u.mu.Lock()
		a, tok := u.answer, u.tok
		u.mu.Unlock()
		if a != nil && r.Method == http.MethodGet && quoting.MatchString(r.URL.Path) {
			a.serve(w, tok)
			return
		}
		emulator.ServeHTTP(w, r)
	})
}

// TestR70Hostile14ClientErrorsShowNoToken: an upstream that quotes a token of each family back
// in an answer the client reads as an error (r70Hostile14Answers) reaches the user through a
// tool's result and a resource's error (mcp-go in-process), and the debug log: none shows it.
func TestR70Hostile14ClientErrorsShowNoToken(t *testing.T) {
	t.Parallel()
	up := &r70Hostile14Upstream{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}, upstream: up.proxy()})
	for _, k := range testutil.R66HostileTokens() {
		for _, a := range r70Hostile14Answers {
			up.set(&a, k.Value)
			got := everything(h.call(t, "list_secrets", map[string]any{"app": "analytics-app"}))
			if k.Leaked(got) {
				t.Errorf("%s in the %s: the result shows it: %.600s", k.Family, a.name, got)
			}
			var read mcp.ReadResourceRequest
			read.Params.URI = "spice://apps/analytics-app/deployments"
			if res, err := h.mcp.ReadResource(context.Background(), read); err != nil && k.Leaked(err.Error()) {
				t.Errorf("%s in the %s: the resource's error shows it: %.600s", k.Family, a.name, err)
			} else if err == nil && k.Leaked(r66Hostile10JSON(res)) {
				t.Errorf("%s in the %s: the resource shows it: %.600s", k.Family, a.name, r66Hostile10JSON(res))
			}
		}
	}
	for _, k := range testutil.R66HostileTokens() {
		if k.Leaked(h.logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(h.logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}

// r70Hostile14Client is an API client of the demo emulator through up's answers, logging at
// debug level into logs, retrying at once.
func r70Hostile14Client(t *testing.T, up *r70Hostile14Upstream) (*client.Client, *slog.Logger, *testutil.SyncBuffer) {
	t.Helper()
	emu := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(emu.Close)
	logs := &testutil.SyncBuffer{}
	logger, err := logging.New(logs, slog.LevelDebug, "json")
	if err != nil {
		t.Fatal(err)
	}
	api, err := client.New(client.Config{BaseURL: up.proxy()(t, emu.URL), Tokens: client.StaticToken("sandbox"), Logger: logger,
		Retry: client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return api, logger, logs
}

// TestR70Hostile14ClientErrorsShowNoTokenOverStdio: the same answers over stdio, for a few
// families (each call is a round trip through the pipe).
func TestR70Hostile14ClientErrorsShowNoTokenOverStdio(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	up := &r70Hostile14Upstream{}
	api, logger, logs := r70Hostile14Client(t, up)
	w := r41cStdioInit(t, mcpserver.Options{Client: func(context.Context) (*client.Client, error) { return api, nil }, Logger: logger}, r63Httpmode7Initialize)
	id := 100
	for i, k := range testutil.R66HostileTokens() {
		if i%7 != 0 {
			continue
		}
		for _, a := range r70Hostile14Answers {
			up.set(&a, k.Value)
			id++
			w.send(`{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"method":"tools/call","params":{"name":"list_secrets","arguments":{"app":"analytics-app"}}}`)
			if got := w.await(strconv.Itoa(id), 30*time.Second); k.Leaked(got) {
				t.Errorf("%s in the %s: the result shows it: %.600s", k.Family, a.name, got)
			}
			id++
			w.send(`{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"method":"resources/read","params":{"uri":"spice://apps/analytics-app/deployments"}}`)
			if got := w.await(strconv.Itoa(id), 30*time.Second); k.Leaked(got) {
				t.Errorf("%s in the %s: the resource shows it: %.600s", k.Family, a.name, got)
			}
		}
	}
	for _, k := range testutil.R66HostileTokens() {
		if k.Leaked(logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}
