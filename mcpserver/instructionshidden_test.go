package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestInstructionsSayScopesHideTools: the instructions are sent with initialize, before the
// server knows the token's scopes (an OAuth client's token is fetched on first need), so they
// name tools a token may not allow. They must say so: a tool named there that tools/list
// leaves out is one the token cannot use, and whoami (listed) names it.
func TestInstructionsSayScopesHideTools(t *testing.T) {
	h := newHarness(t, harnessOptions{
		cfg: sandbox.Config{Demo: true, OAuthClients: []sandbox.OAuthClient{{ID: "cid", Secret: "csecret-csecret-1234", Org: "sandbox", Scopes: []string{"apps:read"}}}},
		tokens: func(url string) client.TokenSource {
			return client.NewClientCredentials("cid", "csecret-csecret-1234", url+"/api/oauth/token")
		}})
	res, err := testutil.Initialize(context.Background(), h.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if err != nil {
		t.Fatal(err)
	}
	instructions := res.Instructions
	listedTools := h.listTools(t)
	isListed := func(name string) bool {
		return slices.ContainsFunc(listedTools, func(tool mcp.Tool) bool { return tool.Name == name })
	}
	whoami := text(h.call(t, "whoami", nil))
	var unlisted []string
	for _, name := range regexp.MustCompile(`\b[a-z]+(?:_[a-z0-9]+)+\b`).FindAllString(instructions, -1) {
		if !isListed(name) && !slices.Contains(unlisted, name) {
			unlisted = append(unlisted, name)
		}
	}
	if len(unlisted) == 0 {
		t.Fatalf("an apps:read token lists every tool the instructions name; the test needs one it hides:\n%s", instructions)
	}
	if !strings.Contains(instructions, "Tools denied by scopes or role your token shows are not listed") ||
		!strings.Contains(instructions, "whoami names them") || !isListed("whoami") {
		t.Errorf("the instructions name %v, which tools/list leaves out, and do not say why or where to look:\n%s", unlisted, instructions)
	}
	for _, name := range unlisted {
		if !strings.Contains(whoami, name) {
			t.Errorf("the instructions send the agent to whoami, which does not name hidden %s:\n%s", name, whoami)
		}
	}
}

// TestInstructionsSayWhichToolsTakeApp: the instructions' sentence on "app" holds for every
// tool: create_app, create_and_deploy_app (name), add_member (username) take none, so it speaks
// only of tools acting on an existing app, and each tool whose requests name an app takes "app"
// unless it creates the app by name.
func TestInstructionsSayWhichToolsTakeApp(t *testing.T) {
	instructions := present.InstructionsFor("human", nil, true)
	var noApp []string
	for _, tool := range tools.All() {
		var schema struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(tool.MCPTool(tools.Listing{}).RawInputSchema, &schema); err != nil {
			t.Fatal(err)
		}
		if _, ok := schema.Properties["app"]; ok {
			continue
		}
		noApp = append(noApp, tool.Name)
		onApp := slices.ContainsFunc(tool.Operations, func(op *api.Operation) bool { return strings.Contains(op.Path, "{appId}") })
		_, named := schema.Properties["name"]
		if onApp && !(named && strings.HasPrefix(tool.Name, "create_")) {
			t.Errorf("%s acts on an existing app but takes no \"app\"", tool.Name)
		}
	}
	if !slices.Contains(noApp, "create_app") {
		t.Fatalf("create_app takes \"app\": the test's premise (%v) no longer holds", noApp)
	}
	if !strings.Contains(instructions, `Tools acting on an existing app take "app": its name or numeric ID.`) ||
		strings.Contains(instructions, `Every app tool takes "app"`) {
		t.Errorf("%v take no \"app\"; the instructions say:\n%s", noApp, instructions)
	}
}

// TestInstructionsSayOpaqueTokensHideNothing: a personal token that is not a JWT shows no
// scopes or role, so tools/list hides nothing from it, even tools the API will refuse. The
// instructions (the same for every token) must not promise that such tools are left out, and
// whoami must not call them available: it says they are listed and the API decides, and a call
// the token's scopes do not allow is refused naming the scope it needs.
func TestInstructionsSayOpaqueTokensHideNothing(t *testing.T) {
	const token = "opaque-limited-token-1234"
	h := newHarness(t, harnessOptions{
		cfg:   sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: token, Org: "sandbox", Scopes: []string{"apps:read"}}}},
		token: token})
	res, err := testutil.Initialize(context.Background(), h.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(h.listTools(t)); n != len(tools.All()) {
		t.Fatalf("an opaque token lists %d of %d tools; the test needs one that shows no scopes", n, len(tools.All()))
	}
	instructions := res.Instructions
	if strings.Contains(instructions, "Tools your token's scopes or role deny are not listed") ||
		!strings.Contains(instructions, "Tools denied by scopes or role your token shows are not listed") ||
		!strings.Contains(instructions, "otherwise the API refuses them") {
		t.Errorf("tools/list hides nothing from an opaque token, but the instructions do not say when tools are hidden:\n%s", instructions)
	}
	whoami := text(h.call(t, "whoami", nil))
	if strings.Contains(whoami, "tools are available") || !strings.Contains(whoami, fmt.Sprintf("All %d tools are listed", len(tools.All()))) {
		t.Errorf("whoami, with a token that shows no scopes, says the tools are available:\n%s", whoami)
	}
	refused := h.call(t, "list_secrets", map[string]any{"app": "analytics-app"})
	if !refused.IsError || !strings.Contains(text(refused), "secrets:read") {
		t.Errorf("list_secrets with an apps:read token is not refused naming the scope it needs:\n%s", text(refused))
	}
}
