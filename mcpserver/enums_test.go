package mcpserver_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestEmptyIsNotNotGiven: "" for an enum argument, a new app's description or add_member's
// roles [] is refused naming the field and the rule, before any API call. They used to be
// dropped as if not given: create_app region "" created the app in the default region,
// visibility "" and description "" vanished, create_deployment channel "" sent {}, the list
// filters "" listed everything, and add_member roles [] added a member.
func TestEmptyIsNotNotGiven(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const app = "analytics-app"
	cases := []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"create_app", map[string]any{"name": "regtest2", "region": "", "visibility": ""},
			[]string{"region: must be us-east-1 or us-west-2; got ''", "visibility: must be public or private; got ''"}},
		{"create_app", map[string]any{"name": "regtest2", "description": ""}, []string{"description: empty\nWhat to do: Omit the argument"}},
		{"create_and_deploy_app", map[string]any{"name": "regtest3", "spicepod": podYAML, "region": "", "visibility": "", "description": ""},
			[]string{"region: must be ", "visibility: must be ", "description: empty"}},
		{"create_deployment", map[string]any{"app": app, "channel": ""}, []string{"channel: must be one of stable, preview"}},
		{"list_deployments", map[string]any{"app": app, "status": ""}, []string{"status: must be one of ", "got ''"}},
		{"list_regions", map[string]any{"env": ""}, []string{"env: must be ", "got ''"}},
		{"list_container_images", map[string]any{"channel": ""}, []string{"channel: must be ", "got ''"}},
		{"update_app", map[string]any{"app": app, "visibility": ""}, []string{"visibility: must be "}},
		{"update_app", map[string]any{"app": app, "update_channel": ""}, []string{"update_channel: must be one of "}},
		{"add_member", map[string]any{"username": "carol", "roles": []any{}}, []string{"roles: must not be empty\nWhat to do: Give at least one role", "omit roles for [member]"}},
		{"add_member", map[string]any{"username": "carol", "roles": []any{""}}, []string{"roles: must be one of "}},
	}
	before := apiCalls(h)
	for _, tc := range cases {
		mustContain(t, tc.tool, h.fail(t, tc.tool, tc.args), append(tc.want, "nothing was sent")...)
	}

	// Every enum argument of every tool, now and later: "" is refused, not "not given".
	for _, def := range tools.All() {
		var s struct {
			Properties map[string]struct {
				Type string `json:"type"`
				Enum []any  `json:"enum"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(def.InputSchema(), &s); err != nil {
			t.Fatal(err)
		}
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			if p := s.Properties[name]; p.Type != "string" || len(p.Enum) == 0 {
				continue
			}
			args := maps.Clone(def.Examples.Valid)
			args[name] = ""
			mustContain(t, def.Name+" "+name, h.fail(t, def.Name, args), name+": must be ", "got ''", "nothing was sent")
		}
	}
	wantNoNewCalls(t, h, before)

	// null stays "not given", and what "" means on update_app still works: no description.
	h.ok(t, "create_app", map[string]any{"name": "nulltest1", "region": nil, "visibility": nil, "description": nil})
	h.ok(t, "list_regions", map[string]any{"env": nil})
	h.ok(t, "list_container_images", map[string]any{"channel": nil})
	h.ok(t, "update_app", map[string]any{"app": app, "description": "to be cleared"})
	mustContain(t, "described", h.ok(t, "get_app", map[string]any{"app": app}), "Description: to be cleared")
	h.ok(t, "update_app", map[string]any{"app": app, "description": ""})
	if got := h.ok(t, "get_app", map[string]any{"app": app}); strings.Contains(got, "Description:") {
		t.Errorf("update_app description \"\" left a description:\n%s", got)
	}
	mustContain(t, "branch", h.ok(t, "update_app", map[string]any{"app": app, "production_branch": "release"}), "Production branch: release")
	// production_branch "" names no branch: refused (the client's and the emulator's rule,
	// rules.ProductionBranch), not sent to be stored as a branch no deployment could read.
	mustContain(t, "blank branch", h.fail(t, "update_app", map[string]any{"app": app, "production_branch": ""}),
		"production_branch: must name a branch", "nothing was sent")
	mustContain(t, "branch kept", h.ok(t, "get_app", map[string]any{"app": app}), "Production branch: release")
	pinned := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
	h.ok(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "image_tag": "2.3.2"})
	mustContain(t, "pinned", h.ok(t, "get_app", pinned), "image_tag 2.3.2")
	h.ok(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "image_tag": ""})
	if got := h.ok(t, "get_app", pinned); strings.Contains(got, "2.3.2") {
		t.Errorf("update_app image_tag \"\" left the pin in place:\n%s", got)
	}
}

// TestBadResourceSegmentIsNotFound: a resource URI whose {app} or {org} can name nothing (spaces
// or a line break around it, "id:" without a plain ID) is "resource not found" (-32002, the URI
// as data), for every template, before any API call. It used to be -32603, an internal error.
func TestBadResourceSegmentIsNotFound(t *testing.T) {
	h, emu := serveEmulator(t, mcpserver.HTTPOptions{}, nil)

	resp, body := rpc(t, h.URL(), "", initializeJSON, nil)
	session := resp.Header.Get("Mcp-Session-Id")
	_, body = rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":1,"method":"resources/templates/list"}`, nil)
	var listed struct {
		Result struct {
			ResourceTemplates []struct {
				URITemplate string `json:"uriTemplate"`
			} `json:"resourceTemplates"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &listed); err != nil || len(listed.Result.ResourceTemplates) == 0 {
		t.Fatalf("resources/templates/list: %v %s", err, body)
	}
	good := map[string]string{"app": "analytics-app", "org": "sandbox"}
	bad := map[string][]string{
		"app": {" analytics-app", "analytics-app\n", "\tanalytics-app", "id:abc", "id: 101"},
		"org": {" sandbox", "sandbox\n"},
	}
	before := map[string]int{}
	for _, op := range api.Operations {
		before[op.ID] = emu.Calls(op.ID)
	}
	id := 10
	for _, tmpl := range listed.Result.ResourceTemplates {
		for variable, values := range bad {
			if !strings.Contains(tmpl.URITemplate, "{"+variable+"}") {
				continue
			}
			for _, value := range values {
				uri := tmpl.URITemplate
				for name, v := range good {
					if name == variable {
						v = value
					}
					uri = strings.ReplaceAll(uri, "{"+name+"}", strings.ReplaceAll(url.PathEscape(v), ":", "%3A"))
				}
				id++
				req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "resources/read", "params": map[string]any{"uri": uri}})
				resp, body := rpc(t, h.URL(), session, string(req), nil)
				var a struct {
					Error *struct {
						Code    int               `json:"code"`
						Message string            `json:"message"`
						Data    map[string]string `json:"data"`
					} `json:"error"`
				}
				if err := json.Unmarshal([]byte(body), &a); err != nil || resp.StatusCode != http.StatusOK || a.Error == nil ||
					a.Error.Code != mcp.RESOURCE_NOT_FOUND || a.Error.Data["uri"] != uri || !strings.Contains(a.Error.Message, variable+":") {
					t.Errorf("%s: want -32002 naming %s with the URI as data, got %d %s", uri, variable, resp.StatusCode, body)
				}
			}
		}
	}
	for _, op := range api.Operations {
		if n := emu.Calls(op.ID) - before[op.ID]; n != 0 {
			t.Errorf("%s reached the API %d times for a URI that names nothing", op.ID, n)
		}
	}
}
