package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r62Hostile6Credentials are credentials an agent pastes into the wrong field: an API key, a
// connection URL with its password, a password=… fragment and a GitHub token. Each holds
// "R62hostile6", which must never come back.
var r62Hostile6Credentials = []string{
	"sk-proj-R62hostile6CanaryQx7aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z",
	"postgres://admin:R62hostile6pw@db.example.com/x",
	"password=R62hostile6pw",
	"ghp_R62hostile6AbCdEfGhIjKlMnOpQrStUvWxYz012345",
}

// TestR62Hostile6RefusedValuesMasked: README says errors never carry a credential, and shows a
// credential an agent pasted as the app masked, with why. A credential given as cname,
// cluster_name, a member, a tag key sent twice or with a space or an invisible character, an app
// or instance with an invisible character, a confirm or an image_tag came back whole in the
// refusal ("cname: \"sk-proj-…\" is not an available region"), as did a cname create_app did not
// use and the org whoami is not a member of (its text and structured organization). Each is
// masked, with why, and the rest of the refusal (the choices) still follows; logs at debug and
// progress notifications carry none of them (held).
func TestR62Hostile6RefusedValuesMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	pod := "version: v1\nkind: Spicepod\nname: r62\n"
	for i, c := range r62Hostile6Credentials {
		for _, x := range []struct {
			tool string
			args map[string]any
			raw  string
			want string
		}{
			{tool: "create_and_deploy_app", args: map[string]any{"name": "r62-cname", "cname": c, "spicepod": pod}, want: "is not an available region; choose one of us-east-1"},
			{tool: "create_and_deploy_app", args: map[string]any{"name": "r62-cluster", "cluster_name": c, "spicepod": pod}, want: "is not a dedicated cluster of this organization"},
			{tool: "create_and_deploy_app", args: map[string]any{"name": "r62-image", "image_tag": c, "spicepod": pod, "org": "acme-labs"}, want: "is not a published image; choose one of"},
			{tool: "get_member", args: map[string]any{"member": c}, want: "in this organization. Members: alice (user 1)"},
			{tool: "remove_member", args: map[string]any{"member": c}, want: "in this organization. Members: alice (user 1)"},
			{tool: "delete_app", args: map[string]any{"app": "analytics-app", "confirm": c}, want: "confirm must be"},
			{tool: "update_app", raw: `{"app":"analytics-app","tags":{"` + c + `":"a","` + c + `":"b"}}`, want: "is given twice; send it once"},
			{tool: "create_app", args: map[string]any{"name": "r62-unused-" + string(rune('a'+i)), "region": "us-east-1", "cname": c}, want: "was not used: with both given, region (us-east-1) places the app"},
			{tool: "whoami", args: map[string]any{"org": c}, want: "These credentials are not a member of organization"},
			{tool: "update_app", raw: `{"app":"analytics-app","tags":{"` + c + ` ":"a"}}`, want: "has spaces or line breaks at the start or end"},
			{tool: "update_app", raw: `{"app":"analytics-app","tags":{"` + c + `\u200b":"a"}}`, want: "holds a character that does not show"},
			{tool: "get_app", args: map[string]any{"app": c + "\u200b"}, want: "holds a character that does not show"},
			{tool: "get_instance_logs", args: map[string]any{"app": "analytics-app", "instance": c + "\u00ad"}, want: "holds a character that does not show"},
		} {
			if x.tool == "whoami" && strings.ContainsAny(c, ":=/") {
				continue // not an organization handle: refused by its rule, quoting nothing
			}
			res := h.call(t, x.tool, x.args)
			if x.raw != "" {
				res = h.callRaw(t, x.tool, x.raw)
			}
			got := everything(res)
			// Since round 63 a credential in an argument Spice.ai keeps, or in org, is refused
			// first, by that rule (TestR63Hostile7CredentialsNotKeptWhereOthersSeeThem).
			if strings.Contains(got, "R62hostile6") || !strings.Contains(got, x.want) && !strings.Contains(got, "holds what looks like a credential, in") || !strings.Contains(got, "(masked: it looks like a credential)") {
				t.Errorf("%s %.30s: want %q and the credential masked, with why; got %.700s", x.tool, c, x.want, got[max(0, strings.Index(got, "R62hostile6")-300):])
			}
		}
	}
	if _, events := h.recorded(); strings.Contains(strings.Join(events, "\n"), "R62hostile6") {
		t.Errorf("a progress notification carries a credential: %q", events)
	}
	if logs := h.logs.String(); strings.Contains(logs, "R62hostile6") {
		i := strings.Index(logs, "R62hostile6")
		t.Errorf("the logs carry a credential: %s", logs[max(0, i-300):i+50])
	}
	// An ordinary value is quoted as it was sent, so the user sees what to fix.
	mustContain(t, "ordinary cname", h.fail(t, "create_and_deploy_app", map[string]any{"name": "r62-plain", "cname": "eu-central-9", "spicepod": pod}),
		"cname: \"eu-central-9\" is not an available region\nWhat to do: Choose one of us-east-1")
}

// r62Hostile6CallError is the JSON-RPC refusal of a tools/call of name, "" when it was served.
func r62Hostile6CallError(t *testing.T, h *harness, name string) string {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	res, err := h.mcp.CallTool(context.Background(), req)
	if err == nil {
		t.Errorf("%s: served: %.200s", name, text(res))
		return ""
	}
	return err.Error()
}

// TestR62Hostile6UnknownToolNamesTheNearVisibleTool: a tools/call of a near miss ("list_app",
// "listApps", "get-app", "delete_apps") was answered "no tool …; tools/list shows the tools."
// alone; it names the closest tool the session may see. A tool hidden from the session
// (--read-only, --exclude-tools) is never named, as tools/list does not name it, and a name
// close to nothing gets no guess.
func TestR62Hostile6UnknownToolNamesTheNearVisibleTool(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for name, want := range map[string]string{"list_app": "list_apps", "listApps": "list_apps", "get-app": "get_app",
		"delete_apps": "delete_app", "Get_Deployments": "get_deployment", "whoamI": "whoami"} {
		got := r62Hostile6CallError(t, h, name)
		mustContain(t, name, got, "; did you mean "+want+"? tools/list shows the tools.")
	}
	if got := r62Hostile6CallError(t, h, "frobnicate"); strings.Contains(got, "did you mean") {
		t.Errorf("a guess for a name close to nothing: %s", got)
	}
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true, ExcludeTools: []string{"get_app"}}})
	for _, name := range []string{"delete_apps", "deleteApp", "get-app", "getApp"} {
		got := r62Hostile6CallError(t, hidden, name)
		if strings.Contains(got, "did you mean") {
			t.Errorf("%s: a hidden tool named: %s", name, got)
		}
		mustContain(t, name, got, "; tools/list shows the tools.")
	}
	mustContain(t, "list_app read-only", r62Hostile6CallError(t, hidden, "list_app"), "did you mean list_apps?")
}
