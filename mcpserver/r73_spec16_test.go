package mcpserver_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r73Spec16OrgsGone is a fault that makes the emulator answer every GET /v1/orgs with 404, as an
// API that does not serve it (Spice's CLI: "not served here").
var r73Spec16OrgsGone = sandbox.Fault{Operation: "listOrgs", Status: http.StatusNotFound, Times: -1}

// TestR73Spec16RoleUnreadLeavesResultsStanding: the tools read the caller's role through GET
// /v1/orgs when the token does not show it (bob, a viewer, with an opaque token). On an API that
// answers 404 there, over a real MCP client, each tool's own result stands: reads succeed, no
// result carries the list's 404, and the role being unknown, the API decides: a change reaches
// it (its 403 is the answer) and a paused app's resume_app is named as the next step.
// whoami, which listed the caller's organizations and said nothing when it could not, now says
// the role is not known and why (it said "role: unknown" with no reason, or nothing at all).
func TestR73Spec16RoleUnreadLeavesResultsStanding(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
		t.Fatal(err)
	}
	h.emu.InjectFault(r73Spec16OrgsGone)
	noListError := func(tool, out string) {
		t.Helper()
		for _, wrong := range []string{"404", "Not Found", "/v1/orgs", "listOrgs"} {
			if strings.Contains(out, wrong) {
				t.Errorf("%s shows the organization list's failure (%q):\n%s", tool, wrong, out)
			}
		}
	}
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"get_app", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"list_deployments", map[string]any{"app": "analytics-app"}},
		{"list_apps", map[string]any{}},
	} {
		out := h.ok(t, c.tool, c.args)
		noListError(c.tool, out)
	}
	// Paused: the next step is named (the role unknown, the API decides), not hidden from a viewer.
	out := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "get_deployment", out, "`resume_app {")
	// A change is sent; the API's refusal is the answer.
	before := h.emu.Calls(api.CreateProject.ID)
	res := h.call(t, "create_app", map[string]any{"name": "new-app"})
	if !res.IsError || h.emu.Calls(api.CreateProject.ID) != before+1 {
		t.Errorf("create_app with the role unknown: error %v, %d create requests, want the API's refusal:\n%s",
			res.IsError, h.emu.Calls(api.CreateProject.ID)-before, text(res))
	}
	mustContain(t, "create_app", text(res), "403")
	noListError("create_app", strings.ReplaceAll(text(res), "403", ""))

	who := h.ok(t, "whoami", nil)
	mustContain(t, "whoami", who, "Your organizations and your role in each are not known here",
		"does not serve GET /v1/orgs", "answered 404", "the API decides each call")
	who = h.ok(t, "whoami", map[string]any{"org": "acme"})
	mustContain(t, "whoami org=acme", who, "acme (org argument), role: unknown: this Spice.ai API does not serve GET /v1/orgs",
		"does not serve GET /v1/orgs")
	// Another failure is said as what it is.
	h.emu.ClearFaults()
	h.emu.InjectFault(sandbox.Fault{Operation: "listOrgs", Status: http.StatusServiceUnavailable, Times: -1})
	mustContain(t, "whoami, 503", h.ok(t, "whoami", map[string]any{"org": "acme"}), "role: unknown", "GET /v1/orgs answered 503")
	// Served, the role is read as before.
	h.emu.ClearFaults()
	mustContain(t, "whoami, served", h.ok(t, "whoami", map[string]any{"org": "acme"}), "role: viewer")
}

// r73Spec16HTTPClient is a real MCP client of h over HTTP, with token as its bearer token ("":
// none, the server lends its own).
func r73Spec16HTTPClient(t *testing.T, h *mcpserver.HTTPServer, token string) *mcpclient.Client {
	t.Helper()
	var headers map[string]string
	if token != "" {
		headers = map[string]string{"Authorization": "Bearer " + token}
	}
	return connect(t, h.URL(), headers)
}

// TestR73Spec16OrgsNotServedFitsTheMode: list_orgs on an API not serving GET /v1/orgs told
// everyone "The server started with --sandbox serves organizations", also an HTTP caller, who
// cannot add a flag to a server already running (nor set SPICE_ORG, which it named as theirs).
// Now, over real MCP clients: in stdio it asks the user to start the server with --sandbox to
// see the tool list organizations; over HTTP (the caller's own token, or the server's lent) it
// names no flag and no setting, and says the default organization is this server's, set by
// its operator; and a server already on --sandbox does not offer it.
func TestR73Spec16OrgsNotServedFitsTheMode(t *testing.T) {
	// stdio against an API (the emulator over HTTP) that does not serve the list.
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "acme-labs"})
	h.emu.InjectFault(r73Spec16OrgsGone)
	out := h.ok(t, "list_orgs", nil)
	mustContain(t, "stdio", out, "does not serve the list of organizations", "act in acme-labs (SPICE_ORG)",
		"ask the user to start the server with --sandbox")
	// A server on --sandbox already (its emulator faulted here) does not offer it.
	sb := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true})
	sb.emu.InjectFault(r73Spec16OrgsGone)
	if out := sb.ok(t, "list_orgs", nil); strings.Contains(out, "--sandbox") {
		t.Errorf("--sandbox: list_orgs offers --sandbox to a server running it:\n%s", out)
	}

	// HTTP: the caller's own token, and the server's lent (no Authorization).
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}}},
	})
	emu.InjectFault(r73Spec16OrgsGone)
	apiURL := r60Httpmode4Endpoint(t, false, emu.ServeHTTP)
	srv := r60Httpmode4ServeAt(t, mcpserver.HTTPOptions{ServerCredentials: true}, apiURL, r58Oauth401Good)
	for _, token := range []string{r58Oauth401Good, ""} {
		c := r73Spec16HTTPClient(t, srv, token)
		var req mcp.CallToolRequest
		req.Params.Name = "list_orgs"
		res, err := c.CallTool(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		out := text(res)
		if res.IsError {
			t.Errorf("HTTP, token %q: list_orgs is an error:\n%s", token, out)
		}
		mustContain(t, "HTTP", out, "does not serve the list of organizations", "as org")
		if named := r60Httpmode4NamesNone(out); named != "" {
			t.Errorf("HTTP, token %q: list_orgs names %q, the server's operator's, to its caller:\n%s", token, named, out)
		}
		want := "the organization your token was made for"
		if token == "" {
			want = "the organization this server's credential was made for"
		}
		mustContain(t, "HTTP", out, want)
	}
	// With SPICE_ORG on the server: named as the server's default, not as the caller's variable.
	srvOrg := r73Spec16ServeWithOrg(t, apiURL, "acme")
	c := r73Spec16HTTPClient(t, srvOrg, r58Oauth401Good)
	var req mcp.CallToolRequest
	req.Params.Name = "list_orgs"
	res, err := c.CallTool(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "HTTP, SPICE_ORG", text(res), "act in acme (this server's default organization, set by its operator)")
	if named := r60Httpmode4NamesNone(text(res)); named != "" {
		t.Errorf("HTTP with SPICE_ORG: list_orgs names %q:\n%s", named, text(res))
	}
}

// r73Spec16ServeWithOrg is r60Httpmode4ServeAt (lending the server's r58Oauth401Good) with the
// server's default organization org (SPICE_ORG).
func r73Spec16ServeWithOrg(t *testing.T, baseURL, org string) *mcpserver.HTTPServer {
	t.Helper()
	logger, _ := logging.New(&testutil.SyncBuffer{}, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: baseURL, Org: org, Logger: logger, Tokens: client.StaticToken(r58Oauth401Good),
		Retry: client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, true), Logger: logger})
	return listenAndServe(t, srv, mcpserver.HTTPOptions{ServerCredentials: true, Addr: "127.0.0.1:0", Logger: logger})
}

// TestR73Spec16NoPrivateFlightEndpoint: api/README §7.11 gives a dedicated cluster's private
// endpoint (the API's endpoint, VPC peering only) and its public HTTP and Flight endpoints, but
// no private Flight endpoint. list_clusters said where Flight clients connect publicly and
// nothing for a client on the peering, who could guess a private-…-flight host that may not
// resolve. Now its text and structured flight say none is published and whom to ask, and
// neither names a private Flight host; the emulator's GET /v1/clusters (real HTTP) carries no
// Flight field either (the API's fields only).
func TestR73Spec16NoPrivateFlightEndpoint(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	res := h.call(t, "list_clusters", map[string]any{"org": "acme-labs"})
	if res.IsError {
		t.Fatalf("list_clusters: %s", text(res))
	}
	mustContain(t, "list_clusters", text(res), "No private (VPC peering) Flight endpoint is published: ask Spice support for one.")
	var out struct {
		Flight   string           `json:"flight"`
		Clusters []map[string]any `json:"clusters"`
	}
	structured(t, res, &out)
	mustContain(t, "list_clusters structured flight", out.Flight, "No private (VPC peering) Flight endpoint is published")
	raw, _ := json.Marshal(res.StructuredContent)
	for _, s := range []string{text(res), string(raw)} {
		if m := regexp.MustCompile(`private-[a-z0-9-]*flight`).FindString(s); m != "" {
			t.Errorf("list_clusters names a private Flight host %q:\n%s", m, s)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, h.api.URL+"/v1/clusters", nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	req.Header.Set("X-Org-Name", "acme-labs")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Clusters []map[string]any `json:"clusters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Clusters) == 0 {
		t.Fatalf("GET /v1/clusters: %d %v %v", resp.StatusCode, err, body)
	}
	for _, c := range body.Clusters {
		for k := range c {
			if strings.Contains(strings.ToLower(k), "flight") {
				t.Errorf("the emulator's cluster carries %q, a field the API does not document", k)
			}
		}
		if ep, _ := c["endpoint"].(string); !strings.HasPrefix(ep, "private-") || strings.Contains(ep, "flight") {
			t.Errorf("the emulator's cluster endpoint %q, want the private data host", ep)
		}
	}
}
