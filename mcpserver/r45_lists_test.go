package mcpserver_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r45ListsHiddenLists are the list tools the hint tests hide by policy.
var r45ListsHiddenLists = []string{"list_orgs", "list_instances", "list_clusters", "list_container_images"}

// TestR45ListsHiddenListToolsAreNotNamed: with list tools hidden by the operator's policy, no
// argument refusal, tool schema, prompt argument description, prompt error or completion error
// tells the agent to call one of them; with them offered, the hints stay.
func TestR45ListsHiddenListToolsAreNotNamed(t *testing.T) {
	for _, hide := range []bool{false, true} {
		policy := tools.Policy{}
		if hide {
			policy.ExcludeTools = r45ListsHiddenLists
		}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: policy})
		ctx := context.Background()
		var seen []string
		saw := func(where, text string) { seen = append(seen, where+": "+text) }

		saw("get_app org", text(h.call(t, "get_app", map[string]any{"app": "analytics-app", "org": "bad\nheader"})))
		saw("update_app image_tag", text(h.call(t, "update_app", map[string]any{"app": "analytics-app", "image_tag": 7})))
		list, err := h.mcp.ListTools(ctx, mcp.ListToolsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tl := range list.Tools {
			raw, _ := json.Marshal(tl)
			saw("tools/list "+tl.Name, string(raw))
		}
		prompts, err := h.mcp.ListPrompts(ctx, mcp.ListPromptsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(prompts)
		saw("prompts/list", string(raw))
		var get mcp.GetPromptRequest
		get.Params.Name, get.Params.Arguments = "rotate_keys", map[string]string{"app": "analytics-app", "org": "bad\x01org"}
		_, err = h.mcp.GetPrompt(ctx, get)
		saw("prompts/get", r45ListsErr(err))
		var complete mcp.CompleteRequest
		complete.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: "rotate_keys"}
		complete.Params.Argument.Name = "app"
		complete.Params.Context.Arguments = map[string]string{"org": "bad\x01org"}
		_, err = h.mcp.Complete(ctx, complete)
		saw("completion", r45ListsErr(err))

		all := strings.Join(seen, "\n")
		for _, tool := range r45ListsHiddenLists {
			named := strings.Contains(all, "see "+tool) || strings.Contains(all, "See "+tool)
			if hide && named {
				for _, s := range seen {
					if strings.Contains(s, tool) {
						t.Errorf("hidden %s is named: %.600s", tool, s)
					}
				}
			}
			if !hide && !named {
				t.Errorf("offered %s is no longer named anywhere", tool)
			}
		}
		if hide && (!strings.Contains(all, "want an organization name") || !strings.Contains(all, "want a published runtime tag")) {
			t.Errorf("the refusals lost their rule, not only the hint:\n%s", all)
		}
	}
}

func r45ListsErr(err error) string {
	if err == nil {
		return "<no error>"
	}
	return err.Error()
}
