package mcpserver_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR68Claims5OpaqueTokenWorkflowResumesWhereTheAPIStoppedIt: README's "An opaque token …
// shows no scopes, so nothing is hidden or refused in advance: the API's 403 names the missing
// scope, and a re-run of a workflow resumes where it stopped". A token that is no JWT and may
// not deploy lists every tool; create_and_deploy_app creates the app, sets its configuration and
// secrets, and the API's 403 at the deploy step names the scope it lacks; once the token may
// deploy (granted at the API, here a proxy sending a token that may), the same call reuses the
// app, writes nothing again and deploys once.
func TestR68Claims5OpaqueTokenWorkflowResumesWhereTheAPIStoppedIt(t *testing.T) {
	const limited, granted = "r68-opaque-no-deploy", "r68-opaque-all"
	var grant atomic.Bool
	h := newHarness(t, harnessOptions{
		cfg: sandbox.Config{Demo: true, Tokens: []sandbox.Token{
			{Value: limited, Org: "sandbox", Scopes: []string{"apps:read", "apps:write", "secrets:read", "secrets:write"}},
			{Value: granted, Org: "sandbox", Scopes: []string{"*"}}}},
		token:  limited,
		safety: tools.Safety{NoConfirm: true},
		upstream: func(t *testing.T, emulatorURL string) string {
			return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
				if grant.Load() {
					r.Header.Set("Authorization", "Bearer "+granted)
				}
				rp.ServeHTTP(w, r)
			})(t, emulatorURL)
		},
	})
	if n := len(h.listTools(t)); n != len(tools.All()) {
		t.Fatalf("an opaque token lists %d of %d tools: something was hidden in advance", n, len(tools.All()))
	}
	args := deployArgs("r68-opaque-app")
	first := h.fail(t, "create_and_deploy_app", args)
	mustContain(t, "first run", first, "403", "Required: deployments:read", "| create app | created", "| deploy | failed |")
	if n := h.emu.Calls(api.CreateProject.ID); n != 1 {
		t.Errorf("the app was created %d times, want once: the call was refused in advance", n)
	}
	writes := func() int {
		return h.emu.Calls(api.CreateProject.ID) + h.emu.Calls(api.UpdateProject.ID) + h.emu.Calls(api.UpsertProjectSecret.ID)
	}
	before := writes()

	grant.Store(true)
	second := h.ok(t, "create_and_deploy_app", args)
	mustContain(t, "re-run", second, "| create app | reused r68-opaque-app", "succeeded")
	if n := writes(); n != before {
		t.Errorf("the re-run wrote %d more times (app, configuration, secrets), want none: it did not resume where it stopped\n%s", n-before, second)
	}
	id := h.appID(t, "r68-opaque-app")
	if n := h.emu.DeploymentCount("sandbox", id); n != 1 {
		t.Errorf("deployments = %d, want 1", n)
	}
	if strings.Contains(second, "403") {
		t.Errorf("the re-run still speaks of the 403:\n%s", second)
	}
}

// TestR68Claims5HealthzAndMetadataAnswerAnyOrigin: README's "/healthz and the OAuth metadata,
// which carry nothing secret and which a browser-based client must be able to read, answer any
// Origin", where a foreign Origin gets 403 at the MCP endpoint: a foreign, an opaque ("null"), an
// allowed and a repeated Origin each get 200 from /healthz and both metadata paths.
func TestR68Claims5HealthzAndMetadataAnswerAnyOrigin(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{RequireBearer: true, AllowedOrigins: []string{"https://console.example.com"}}, nil)
	base := strings.TrimSuffix(h.URL(), "/mcp")
	get := func(path string, origins ...string) int {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		for _, o := range origins {
			req.Header.Add("Origin", o)
		}
		return r68StatusOf(t, req)
	}
	originSets := [][]string{{"https://evil.example"}, {"null"}, {"https://console.example.com"}, {"https://console.example.com", "https://evil.example"}}
	if got := get("/mcp", "https://evil.example"); got != http.StatusForbidden {
		t.Fatalf("the MCP endpoint with a foreign Origin: %d, want 403 (the test needs a guarded endpoint)", got)
	}
	for _, path := range []string{"/healthz", "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"} {
		for _, origins := range originSets {
			if got := get(path, origins...); got != http.StatusOK {
				t.Errorf("GET %s with Origin %q: %d, want 200", path, origins, got)
			}
		}
	}
}

// TestR68Claims5SessionCapRefusesOnlyWhenEverySessionIsBusy: README's "Only when every session at
// the cap has a request in progress does a new one get 503 with Retry-After". At a cap of 2 with
// one session busy and one idle, a new client gets a session (the idle one makes room); with
// both busy, the next gets 503 with a Retry-After of whole seconds, and the sessions stay.
func TestR68Claims5SessionCapRefusesOnlyWhenEverySessionIsBusy(t *testing.T) {
	h, started, stop := r56HttpmodeBlocking(t, mcpserver.HTTPOptions{MaxSessions: 2})
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	a, _, _, _ := r56HttpmodeOpen(t, client, h.URL(), "r68-a")
	r56HttpmodeOpen(t, client, h.URL(), "r68-b")
	var busy []*sync.WaitGroup
	defer func() {
		stop()
		for _, wg := range busy {
			wg.Wait()
		}
	}()
	busy = append(busy, r56HttpmodeBusy(t, client, h.URL(), started, []string{a}, []string{"r68-a"}))
	fresh := func() *http.Client { // a new connection, not one the busy calls hold
		tr := &http.Transport{}
		t.Cleanup(tr.CloseIdleConnections)
		return &http.Client{Transport: tr}
	}
	c, status, _, body := r56HttpmodeOpen(t, fresh(), h.URL(), "r68-c")
	if c == "" || h.Sessions() != 2 {
		t.Fatalf("a new client at the cap with one session idle: %d %s, %d sessions; want a session, the idle one ended", status, body, h.Sessions())
	}
	busy = append(busy, r56HttpmodeBusy(t, client, h.URL(), started, []string{c}, []string{"r68-c"}))
	status, header, body, err := r56HttpmodePost(fresh(), h.URL(), "", "r68-d", initializeJSON)
	if err != nil {
		t.Fatal(err)
	}
	if retry, convErr := strconv.Atoi(header.Get("Retry-After")); status != http.StatusServiceUnavailable || convErr != nil || retry < 1 {
		t.Errorf("a new client with every session at the cap busy: %d Retry-After %q %s, want 503 with Retry-After", status, header.Get("Retry-After"), body)
	}
	if h.Sessions() != 2 {
		t.Errorf("%d sessions after the refusal, want the 2 busy ones", h.Sessions())
	}
}

// TestR68Claims5AppAndMemberNamesShownAsStored: README's "A secret's name, an app's name and a
// member's username are shown as stored: they are what a call names to look at or remove it".
// TestEchoedNameShownAsSent holds secret names; here apps and members named like credentials
// (a word masking reads as one, a prefix of a key) are shown whole, in text and structured
// content, by the calls that make, read, list and remove them.
func TestR68Claims5AppAndMemberNamesShownAsStored(t *testing.T) {
	users := append(sandbox.DefaultUsers(), sandbox.User{ID: 5, Username: "password"}, sandbox.User{ID: 6, Username: "token-bearer"},
		sandbox.User{ID: 7, Username: "secret-keeper"})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Users: users}, safety: tools.Safety{NoConfirm: true}})
	shown := func(what, name string, res *mcp.CallToolResult) {
		t.Helper()
		all := everything(res)
		if res.IsError || !strings.Contains(text(res), name) || !strings.Contains(all, `"`+name+`"`) || strings.Contains(all, "********") {
			t.Errorf("%s: %q not shown as stored (isError %v):\n%s", what, name, res.IsError, all)
		}
	}
	for _, app := range []string{"db-password", "api-token-prod", "sk-live-secret"} {
		shown("create_app", app, h.call(t, "create_app", map[string]any{"name": app}))
		shown("get_app", app, h.call(t, "get_app", map[string]any{"app": app}))
		shown("list_apps", app, h.call(t, "list_apps", nil))
		shown("delete_app", app, h.call(t, "delete_app", map[string]any{"app": app}))
	}
	for _, user := range []string{"password", "token-bearer", "secret-keeper"} {
		shown("add_member", user, h.call(t, "add_member", map[string]any{"username": user, "roles": []any{"viewer"}}))
		shown("list_members", user, h.call(t, "list_members", nil))
		shown("remove_member", user, h.call(t, "remove_member", map[string]any{"member": user}))
	}
}
