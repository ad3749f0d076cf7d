package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// apiCalls counts the API operations h's emulator served, by operation ID.
func apiCalls(h *harness) map[string]int {
	calls := map[string]int{}
	for _, op := range api.Operations {
		calls[op.ID] = h.emu.Calls(op.ID)
	}
	return calls
}

// refusal is a tool call (its arguments as sent) and the words its refusal holds.
type refusal struct{ tool, args, want string }

// wantRefused fails for every call that is not refused with its words.
func wantRefused(t *testing.T, h *harness, calls []refusal) {
	t.Helper()
	for _, c := range calls {
		res := h.callRaw(t, c.tool, c.args)
		if !res.IsError {
			t.Errorf("%s %s: want an error, got: %s", c.tool, c.args, text(res))
			continue
		}
		mustContain(t, c.tool+" "+c.args, text(res), c.want)
	}
}

// wantNoNewCalls fails for every operation served since before.
func wantNoNewCalls(t *testing.T, h *harness, before map[string]int) {
	t.Helper()
	for _, op := range api.Operations {
		if n := h.emu.Calls(op.ID) - before[op.ID]; n != 0 {
			t.Errorf("%s reached the API %d times for refused input", op.ID, n)
		}
	}
}

// TestArgumentValuesAreNeverAlteredOrDropped: a value the schema forbids is refused naming the
// field and the rule, before any API call, never replaced by a default, trimmed or dropped. 0
// below a minimum of 1 used to send the default (limit 0 → ?limit=20; tail 0; deployment_id 0
// waited on the latest deployment; timeout_seconds 0 waited 600 s), "" used to read as "not
// given", and spaces around a reference or value were trimmed (org " acme-labs ", username
// " jdoe ", which the API itself answers 404). null stays "not given" (TestNullMeansNotGiven).
func TestArgumentValuesAreNeverAlteredOrDropped(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const app = "analytics-app"
	cases := []struct {
		tool string
		args map[string]any
		want string
	}{
		// Below the schema's minimum: refused, not the default.
		{"list_deployments", map[string]any{"app": app, "limit": 0}, "limit: must be between 1 and 100"},
		{"get_instance_logs", map[string]any{"app": app, "tail": 0}, "tail: must be 1 or more: how many of the newest log lines to show"},
		{"wait_for_deployment", map[string]any{"app": app, "deployment_id": 0}, "deployment_id: must be a positive deployment ID"},
		{"get_deployment", map[string]any{"app": app, "deployment_id": 0}, "deployment_id: must be a positive deployment ID"},
		{"wait_for_deployment", map[string]any{"app": app, "timeout_seconds": 0}, "timeout_seconds: must be between 1 and 1,800 seconds"},
		{"resume_app", map[string]any{"app": app, "timeout_seconds": 0}, "timeout_seconds: must be between 1 and 1,800 seconds"},
		{"create_and_deploy_app", map[string]any{"name": "newapp1", "spicepod": podYAML, "timeout_seconds": 0}, "timeout_seconds: must be between 1 and 1,800 seconds"},
		{"list_members", map[string]any{"offset": -1}, "offset:"},
		// "" is not "not given".
		{"get_instance_logs", map[string]any{"app": app, "instance": ""}, "instance: empty\nWhat to do: Omit instance for the newest instance"},
		{"create_deployment", map[string]any{"app": app, "image_tag": ""}, "image_tag: empty\nWhat to do: Omit the argument"},
		{"create_deployment", map[string]any{"app": app, "commit_message": ""}, "commit_message: empty"},
		{"fork_app", map[string]any{"app": app, "name": ""}, "name: empty\nWhat to do: Omit name to let the API choose the fork's name"},
		{"fork_app", map[string]any{"app": app, "region": ""}, "region: must be us-east-1 or us-west-2; got ''"}, // as create_app's (TestEmptyIsNotNotGiven)
		{"connect_repository", map[string]any{"app": app, "repository": "analytics", "root_directory": ""}, "root_directory: empty"},
		{"list_apps", map[string]any{"org": ""}, "org: empty\nWhat to do: Omit org to use the default organization"},
		{"list_apps", map[string]any{"org": "  "}, "org: only spaces or line breaks\nWhat to do: Omit org to use the default organization"},
		{"list_apps", map[string]any{"org": "\u00a0\n"}, "org: only spaces or line breaks\nWhat to do: Omit org to use the default organization"},
		// Spaces around a value: refused, never trimmed.
		{"list_apps", map[string]any{"org": " acme-labs "}, "org: has spaces or line breaks at the start or end"},
		{"add_member", map[string]any{"username": " jdoe "}, "username: has spaces or line breaks at the start or end"},
		{"fork_app", map[string]any{"app": app, "name": " docs-fork "}, "name: can only contain letters, numbers, and hyphens"},
		{"fork_app", map[string]any{"app": app, "cluster_name": "  "}, "cluster_name: has spaces"},
		{"connect_repository", map[string]any{"app": app, "repository": " acme/analytics"}, "repository: must be 'name' or 'owner/name'"},
		{"connect_repository", map[string]any{"app": app, "repository": "analytics", "production_branch": "main\n"}, "production_branch: must be a Git branch name: no spaces"},
		{"create_deployment", map[string]any{"app": app, "branch": " main"}, "branch: has spaces"},
		{"get_app", map[string]any{"app": " analytics-app"}, "app: has spaces or line breaks at the start or end"},
		{"get_app", map[string]any{"app": "id: 101"}, "app: id: must be followed by an app ID in plain digits"},
		{"get_member", map[string]any{"member": "bob "}, "member: has spaces"},
		{"get_member", map[string]any{"member": "id:02"}, "member: id: must be followed by a user ID in plain digits"},
		// What the API answers 400 invalid_repository / invalid_root_directory for (rules).
		{"connect_repository", map[string]any{"app": app, "repository": "a/b/c/d"}, "repository: must be 'name' or 'owner/name'"},
		{"connect_repository", map[string]any{"app": app, "repository": "analytics", "root_directory": "../etc"}, "root_directory: must be a relative path inside the repository"},
		{"connect_repository", map[string]any{"app": app, "repository": "analytics", "root_directory": "a/../../b"}, "root_directory: must be a relative path"},
		{"connect_repository", map[string]any{"app": app, "repository": "analytics", "root_directory": "/etc"}, "root_directory: must be a relative path"},
	}
	before := apiCalls(h)
	for _, tc := range cases {
		mustContain(t, tc.tool, h.fail(t, tc.tool, tc.args), tc.want, "nothing was sent")
	}
	wantNoNewCalls(t, h, before)
}

// TestNullMeansNotGiven: optional arguments sent as null (as agents often send unused ones)
// stay "not given", where "" and 0 are refused.
func TestNullMeansNotGiven(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "list_apps", map[string]any{"org": nil})
	h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": nil, "offset": nil, "status": nil})
	h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": nil, "tail": nil})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": nil, "timeout_seconds": nil})
	h.ok(t, "connect_repository", map[string]any{"app": "analytics-app", "repository": "analytics", "root_directory": nil, "production_branch": nil})
	var fork client.ForkedProject
	structured(t, h.call(t, "fork_app", map[string]any{"app": "analytics-app", "name": nil, "region": nil, "cluster_name": nil}), &fork)
	if fork.Name != "analytics-app-fork" {
		t.Errorf("fork name = %q, want the API's choice", fork.Name)
	}
}

// TestMemberReferenceRule: members follow the app reference rule. "id:2" is user 2; a
// username match wins; plain decimal digits that are no username are a user ID ("02" and "+2"
// are neither); digits that are one member's username and another's user ID are refused as
// ambiguous before anything is done. remove_member "0002" used to remove bob (user 2) with
// --confirm=off, and get_member "2" answered bob although a member is named 2.
func TestMemberReferenceRule(t *testing.T) {
	h := newHarness(t, harnessOptions{
		cfg: sandbox.Config{
			Orgs:  []sandbox.Org{{Slug: "o", Owner: "alice", Members: []string{"bob", "2", "0002"}}},
			Users: []sandbox.User{{ID: 1, Username: "alice"}, {ID: 2, Username: "bob"}, {ID: 5, Username: "2"}, {ID: 7, Username: "0002"}},
		},
		safety: tools.Safety{Confirm: tools.ConfirmOff},
	})
	member := func(ref any) client.Member {
		t.Helper()
		var m client.Member
		structured(t, h.call(t, "get_member", map[string]any{"member": ref}), &m)
		return m
	}
	for ref, want := range map[any]int64{"id:2": 2, "id:5": 5, "0002": 7, "7": 7, 7: 7, "BOB": 2, "bob": 2} {
		if got := member(ref).UserID; got != want {
			t.Errorf("get_member %#v = user %d, want %d", ref, got, want)
		}
	}
	before := apiCalls(h)
	for _, ref := range []any{"2", 2} {
		mustContain(t, "get_member", h.fail(t, "get_member", map[string]any{"member": ref}),
			`"2" is ambiguous: it is the username of user 5 and the user ID of bob (user 2)`,
			`What to do: Pass member "id:5" for the first or "id:2" for the second`)
	}
	for _, ref := range []string{"02", "+2", "id:9"} {
		mustContain(t, ref, h.fail(t, "get_member", map[string]any{"member": ref}), "No member", "Members:")
	}
	mustContain(t, "remove_member 2", h.fail(t, "remove_member", map[string]any{"member": "2"}), "is ambiguous")
	mustContain(t, "update_member_roles 2", h.fail(t, "update_member_roles", map[string]any{"member": "2", "roles": []any{"viewer"}}), "is ambiguous")
	for _, op := range []string{api.GetMember.ID, api.RemoveMember.ID, api.UpdateMemberRoles.ID} {
		if n := h.emu.Calls(op) - before[op]; n != 0 {
			t.Errorf("%s was called %d times for an ambiguous or unknown member", op, n)
		}
	}

	h.ok(t, "remove_member", map[string]any{"member": "0002"})
	var list struct {
		Members []client.Member `json:"members"`
	}
	structured(t, h.call(t, "list_members", nil), &list)
	var ids []int64
	for _, m := range list.Members {
		ids = append(ids, m.UserID)
	}
	if len(ids) != 3 || ids[0] == 7 || ids[1] == 7 || ids[2] == 7 {
		t.Errorf("after remove_member 0002, members = %v; want alice, bob and 2 (users 1, 2, 5)", ids)
	}
}

// TestSchemaBoundsAreEnforced: for every tool, each argument's declared bounds (minimum,
// maximum, minLength, maxLength) are what its check enforces. A value just outside them, sent
// with the tool's valid example, is refused naming the argument, before any API call — never
// read as "not given" (0, "") or quietly replaced by a default.
func TestSchemaBoundsAreEnforced(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	checked := 0
	for _, tool := range tools.All() {
		var s struct {
			Properties map[string]struct {
				Minimum   *float64 `json:"minimum"`
				Maximum   *float64 `json:"maximum"`
				MinLength *int     `json:"minLength"`
				MaxLength *int     `json:"maxLength"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &s); err != nil {
			t.Fatal(err)
		}
		for name, p := range s.Properties {
			var outside []any
			if p.Minimum != nil {
				outside = append(outside, *p.Minimum-1)
			}
			if p.Maximum != nil {
				outside = append(outside, *p.Maximum+1)
			}
			if p.MinLength != nil && *p.MinLength > 0 {
				outside = append(outside, strings.Repeat("a", *p.MinLength-1))
			}
			if p.MaxLength != nil {
				outside = append(outside, strings.Repeat("a", *p.MaxLength+1))
			}
			for _, v := range outside {
				args := maps.Clone(tool.Examples.Valid)
				if args == nil {
					args = map[string]any{}
				}
				args[name] = v
				mustContain(t, fmt.Sprintf("%s %s=%v", tool.Name, name, v), h.fail(t, tool.Name, args), name)
				checked++
			}
		}
	}
	t.Logf("%d bounds checked", checked)
	if checked < 50 {
		t.Errorf("only %d bounds checked", checked)
	}
	wantNoNewCalls(t, h, before)
}
