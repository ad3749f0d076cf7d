package mcpserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestUpdateAppClearsSettingsWithEmpty (audit r21): update_app's version, image, registry and
// node_group take "" as the API does (openapi.json's UpdateProjectRequest: plain strings),
// which clears the setting, and the result says so; round 20 refused "" ("empty; omit the
// argument instead") and null, leaving no way to clear them. production_branch's "" names no
// branch and stays refused by that rule; null stays refused, saying how to clear; padding and
// hidden characters stay refused.
func TestUpdateAppClearsSettingsWithEmpty(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	for _, tc := range []struct{ args, want string }{
		{`{"app":"analytics-app","version":null}`, "version: null is not a value here\nWhat to do: Send \"\" (an empty string) to clear it"},
		{`{"app":"analytics-app","image":null}`, "image: null is not a value here\nWhat to do: Send \"\" (an empty string) to clear it"},
		{`{"app":"analytics-app","description":null}`, "description: null is not a value here\nWhat to do: Send \"\" (an empty string) to clear it"},
		{`{"app":"analytics-app","replicas":null}`, "replicas: null is not a value here\nWhat to do: Omit the argument, or send a value"},
		{`{"app":"analytics-app","production_branch":""}`, "production_branch: must name a branch"},
		{`{"app":"analytics-app","version":" "}`, "version: has spaces"},
		{`{"app":"analytics-app","registry":"reg\u200b"}`, `registry: holds a character that does not show, in "reg\u200b"`},
	} {
		res := h.callRaw(t, "update_app", tc.args)
		if !res.IsError {
			t.Errorf("%s: want an error, got: %s", tc.args, text(res))
			continue
		}
		mustContain(t, tc.args, text(res), tc.want)
	}
	wantNoNewCalls(t, h, before)

	// The demo app has image spiceai/spiceai and version 2.x: "" clears both.
	out := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "version": "", "image": "", "registry": "", "node_group": "", "replicas": 2})
	// (it has no node_group: that one already was empty)
	mustContain(t, "cleared", out, "Updated image (cleared), registry (cleared), version (cleared).", "Unchanged: replicas, node_group (empty) already had")
	if n := h.emu.Calls(api.UpdateProject.ID) - before[api.UpdateProject.ID]; n != 1 {
		t.Fatalf("%d updateProject requests, want 1", n)
	}
	req, _ := http.NewRequest("GET", h.api.URL+"/v1/projects/101", nil)
	req.Header.Set("Authorization", "Bearer sandbox")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var stored struct {
		Config map[string]any `json:"config"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "image", "registry", "node_group"} {
		if v, ok := stored.Config[k]; !ok || v != "" {
			t.Errorf("stored %s: %v (%v), want \"\"", k, v, ok)
		}
	}
	// Again: each is already empty, nothing is sent, and the result says which were empty.
	out = h.ok(t, "update_app", map[string]any{"app": "analytics-app", "version": "", "image": ""})
	mustContain(t, "already empty", out, "Nothing changed", "image (empty), version (empty) already had the values given")
	if n := h.emu.Calls(api.UpdateProject.ID) - before[api.UpdateProject.ID]; n != 1 {
		t.Errorf("%d updateProject requests, want still 1", n)
	}
}

// TestIdentifiersWithHiddenCharactersNeverReachTheAPI (audit r21): a username, org, member or
// app holding a character that does not show is refused naming the argument, quoted with it
// escaped, before any request (add_member asked "Add carol​ …", the person seeing "carol";
// list_apps sent the org header with it).
func TestIdentifiersWithHiddenCharactersNeverReachTheAPI(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	wantRefused(t, h, []refusal{
		{"add_member", `{"username":"carol\u200b","roles":["admin"]}`, `username: holds a character that does not show, in "carol\u200b"`},
		{"add_member", `{"username":"carol\u00ad","roles":["viewer"]}`, `username: holds a character that does not show, in "carol\u00ad"`},
		{"add_member", `{"username":"carol\u0007"}`, `username: holds a character that does not show, in "carol\a"`},
		{"list_apps", `{"org":"acme-labs\u200b"}`, `org: holds a character that does not show, in "acme-labs\u200b"`},
		{"get_member", `{"member":"bob\u200b"}`, `member: holds a character that does not show, in "bob\u200b"`},
		{"remove_member", `{"member":"bob\u2060"}`, `member: holds a character that does not show, in "bob\u2060"`},
		{"update_member_roles", `{"member":"bob\ufeff","roles":["viewer"]}`, `member: holds a character that does not show, in "bob\ufeff"`},
		{"get_app", `{"app":"analytics-app\u200b"}`, `app: holds a character that does not show, in "analytics-app\u200b"`},
	})
	wantNoNewCalls(t, h, before)
}

// TestAddMemberApprovalShowsALookAlikeEscaped (audit r21): usernames have no ASCII rule in the
// contract (api/README.md §7.9), so a Cyrillic look-alike (саrol) is sent, but the approval
// question quotes it with those characters escaped, so the person sees it is not carol.
func TestAddMemberApprovalShowsALookAlikeEscaped(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	h := newHarness(t, harnessOptions{cfg: memberWorld([]string{"*"}), token: "tok-carol", safety: tools.Safety{Confirm: tools.ConfirmHuman},
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			mu.Lock()
			defer mu.Unlock()
			asked = append(asked, req.Params.Message)
			return memberDecline, nil
		}})
	h.fail(t, "add_member", map[string]any{"username": "саrol", "roles": []any{"admin"}})
	h.fail(t, "add_member", map[string]any{"username": "erin", "roles": []any{"admin"}})
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 2 {
		t.Fatalf("%d questions, want 2", len(asked))
	}
	mustContain(t, "look-alike", asked[0], `"\u0441\u0430rol"`, "beyond ASCII")
	if strings.Contains(asked[1], "beyond ASCII") || strings.Contains(asked[1], `"erin"`) {
		t.Errorf("an ASCII username is quoted escaped too: %s", asked[1])
	}
}

// TestLongNumbersAreQuotedShort (audit r21): a number refused for its size is quoted as its
// start and end with its length, not whole: a 100,000-digit number got a refusal as long.
func TestLongNumbersAreQuotedShort(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	num := "0." + strings.Repeat("0", 100_000) + "1"
	res := h.callRaw(t, "update_app", `{"app":"analytics-app","storage_size_gb":`+num+`}`)
	if !res.IsError {
		t.Fatalf("want an error, got: %s", text(res))
	}
	mustContain(t, "tiny number", text(res), "storage_size_gb: the number 0.00000000000000…0000000000000001 (100,003 characters) is too small")
	if len(text(res)) > 2000 {
		t.Errorf("refusal of %d bytes", len(text(res)))
	}
}
