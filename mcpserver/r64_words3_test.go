package mcpserver_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 64 words3: text and structured content say the same facts, once.

// r64Words3AppRef is an app as every text writes it: analytics-app (101), its name bold on a card.
var r64Words3AppRef = regexp.MustCompile(`([a-z0-9][a-z0-9-]*)(?:\*\*)? \((\d+)\)`)

// TestR64Words3StructuredNamesTheApp: a deployment, secret, key, instance, log, fork list or
// repository result named its app in the text ("deployment 1003 of analytics-app (101)") and not
// in structured content, so an agent chaining calls from structured content alone had no app to
// pass. The app the text names first is in structured content as app_id, in every tool; an
// app's own view has it as id (get_app, create_app, fork_app), describe_app under app.id, and
// fork_app names the source app as the API does, forked_from.id.
func TestR64Words3StructuredNamesTheApp(t *testing.T) {
	checked := map[string]bool{}
	for _, tool := range tools.All() {
		cases := append([]resultCase{{name: "example: valid arguments", args: tool.Examples.Valid}}, resultCases[tool.Name]...)
		for _, c := range cases {
			res := runSchemaCase(t, tool.Name, c)
			if res.StructuredContent == nil {
				continue
			}
			m := r64Words3AppRef.FindStringSubmatch(text(res))
			if m == nil {
				continue
			}
			raw, err := json.Marshal(res.StructuredContent)
			if err != nil {
				t.Fatal(err)
			}
			var top struct {
				AppID *int64 `json:"app_id"`
				ID    *int64 `json:"id"`
				Name  string `json:"name"`
				App   *struct {
					ID int64 `json:"id"`
				} `json:"app"`
				ForkedFrom *struct {
					ID int64 `json:"id"`
				} `json:"forked_from"`
				Cut string `json:"cut"`
			}
			if err := json.Unmarshal(raw, &top); err != nil {
				t.Fatal(err)
			}
			if top.Cut != "" {
				continue
			}
			id, _ := strconv.ParseInt(m[2], 10, 64)
			switch {
			case top.AppID != nil:
				if *top.AppID != id {
					t.Errorf("%s, %s: the text names %s, structured content has app_id %d", tool.Name, c.name, m[0], *top.AppID)
				}
			case top.ID != nil && top.Name == m[1] && *top.ID == id: // the app's own view
			case top.App != nil && top.App.ID == id: // describe_app
			case top.ForkedFrom != nil && top.ForkedFrom.ID == id: // fork_app: "Forked analytics-app (101) into …"
			default:
				t.Errorf("%s, %s: the text names %s, structured content has no app_id:\n%s", tool.Name, c.name, strings.TrimSuffix(m[0], "**"), raw)
			}
			checked[tool.Name] = true
		}
	}
	// The rule reached the tools whose results are about something of an app.
	for _, name := range []string{"get_deployment", "wait_for_deployment", "create_deployment", "rollback_deployment",
		"list_deployments", "get_secret", "list_secrets", "set_secret", "get_api_keys", "regenerate_api_key",
		"rotate_api_keys", "list_instances", "get_instance_logs", "list_forks", "connect_repository", "create_and_deploy_app"} {
		if !checked[name] {
			t.Errorf("%s: no result case names an app in text with structured content beside it", name)
		}
	}
}
