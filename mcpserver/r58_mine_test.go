package mcpserver_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR58MineRefusedTokenAfterAChangeKeepsTheResult: a workflow whose caller token the API
// refuses after an earlier step changed something (create_and_deploy_app: the app is created,
// then its deployment is refused with 401, as a token that expires or is revoked mid-call is)
// answers 200 with the tool's result, which says what was done: a 401 challenge in its place
// would lose that the app now exists. A call that changed nothing still gets the challenge.
func TestR58MineRefusedTokenAfterAChangeKeepsTheResult(t *testing.T) {
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}}},
	})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/deployments") {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="The access token expired"`)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"Token expired"}`)
			return
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	logger, _ := logging.New(&testutil.SyncBuffer{}, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Logger: logger})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger, RequireBearer: true})

	call := func(tool, args string) (int, string, string) {
		return r58Oauth401PostArgs(t, h, r58Oauth401Good, tool, args)
	}

	status, challenge, body := call("create_and_deploy_app", `{"name":"r58-mine-app","wait":false,"spicepod":"version: v1\nkind: Spicepod\nname: r58-mine-app\n"}`)
	if status != http.StatusOK || challenge != "" || !strings.Contains(body, "r58-mine-app") || !strings.Contains(body, `"isError":true`) {
		t.Errorf("create_and_deploy_app, its deployment refused with 401 after the app was created: %d %q %.600s, want 200 with the result saying the app exists", status, challenge, body)
	}
	// The app was created: the result must be what tells the agent so.
	if status, _, body := call("list_apps", `{}`); status != http.StatusOK || !strings.Contains(body, "r58-mine-app") {
		t.Fatalf("list_apps: %d %.300s", status, body)
	}
	// A call whose first change is the one refused changed nothing: the challenge.
	status, challenge, body = call("create_deployment", `{"app":"r58-mine-app"}`)
	if status != http.StatusUnauthorized || !strings.HasPrefix(challenge, `Bearer error="invalid_token"`) {
		t.Errorf("create_deployment refused with 401: %d %q %.300s, want the 401 challenge", status, challenge, body)
	}
}
