package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestArgumentNamesAreExact: an argument is matched by its exact name, once. encoding/json
// alone matches names case-insensitively (with Unicode folding: ſ is s) and keeps only the last
// of two spellings, so {"app":"docs-search","APP":"analytics-app"} acted on analytics-app and
// dropped the other without a word. Every such call is refused, naming the argument, with no
// request sent.
func TestArgumentNamesAreExact(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := map[string]int{}
	for _, op := range api.Operations {
		before[op.ID] = h.emu.Calls(op.ID)
	}
	for _, tc := range []struct {
		tool string
		args string
		want string
	}{
		{"update_app", `{"app":"docs-search","Description":"x"}`, "\"Description\": unknown argument\nWhat to do: Send only app, description,"},
		{"update_app", `{"app":"docs-search","ſtorage_size_gb":5}`, `"ſtorage_size_gb": unknown argument`},
		{"get_app", `{"App":"analytics-app"}`, "\"App\": unknown argument\nWhat to do: Send only app, spicepod_offset, org, then"},
		{"list_deployments", `{"app":"docs-search","APP":"analytics-app"}`, `"APP": unknown argument`},
		{"delete_app", `{"app":"docs-search","app":"analytics-app"}`, "\"app\": given twice\nWhat to do: Send it once, then call delete_app again."},
		{"get_app", `{"app":true}`, "Invalid arguments, nothing was sent: app: want an app name or numeric ID"},
		{"get_member", `{"member":{"id":2}}`, "Invalid arguments, nothing was sent: member: want a username or numeric user_id"},
		{"list_apps", `{"org":true}`, "Invalid arguments, nothing was sent: org: want an organization name"},
		{"update_app", `{"app":"docs-search","image_tag":7}`, "Invalid arguments, nothing was sent: image_tag: want a published runtime tag"},
		{"update_app", `{"app":"docs-search","replicas":"two"}`, "Invalid arguments, nothing was sent: replicas: expected integer, got string"},
		{"list_apps", `["org"]`, "Invalid arguments, nothing was sent: expected a JSON object"},
		// "" is not "not given": it is refused, naming the argument.
		{"create_app", `{"name":"new-app-1","cluster_name":""}`, "cluster_name:"},
		{"create_app", `{"name":"new-app-1","cname":""}`, "cname:"},
		{"set_secret", `{"app":"analytics-app","name":"PG_PASS","value_from_env":""}`, "value_from_env:"},
		{"create_and_deploy_app", `{"name":"new-app-1","spicepod":"version: v1\nkind: Spicepod\nname: x\n","image_tag":""}`, "image_tag:"},
		{"create_and_deploy_app", `{"name":"new-app-1","spicepod":"version: v1\nkind: Spicepod\nname: x\n","cluster_name":""}`, "cluster_name:"},
		{"update_app", `{"app":"docs-search","cluster_name":""}`, "cluster_name:"},
		{"set_secret", `{"app":"analytics-app","name":"PG_PASS","value_from_file":""}`, "value_from_file:"},
		// Not text: encoding/json would send U+FFFD in its place, altering what was sent.
		{"set_secret", `{"app":"analytics-app","name":"SURR","value":"abc\udc00def"}`, "Invalid arguments, nothing was sent: value: it holds bytes that are not UTF-8 or a lone UTF-16 surrogate"},
		{"update_app", `{"app":"docs-search","description":"x\ud800y"}`, "Invalid arguments, nothing was sent: description: it holds"},
		{"update_app", `{"app":"docs-search","description":"x\ud800"}`, "Invalid arguments, nothing was sent: description: it holds"},
		{"update_app", `{"app":"docs-search","description":"\ud83d\ud83d\ude00"}`, "Invalid arguments, nothing was sent: description: it holds"},
		{"update_app", `{"app":"docs-search","tags":{"k\udfff":"v"}}`, "Invalid arguments, nothing was sent: tags: it holds"},
		{"update_app", "{\"app\":\"docs-search\",\"description\":\"x\xffy\"}", "Invalid arguments, nothing was sent: description: it holds"},
	} {
		res := h.callRaw(t, tc.tool, tc.args)
		if !res.IsError {
			t.Errorf("%s %s: accepted:\n%s", tc.tool, tc.args, text(res))
			continue
		}
		mustContain(t, tc.tool+" "+tc.args, text(res), tc.want)
	}
	for _, op := range api.Operations {
		if n := h.emu.Calls(op.ID) - before[op.ID]; n != 0 {
			t.Errorf("%s reached the API %d times", op.ID, n)
		}
	}
	// A surrogate pair is text: sent as the character it spells.
	if res := h.callRaw(t, "set_secret", `{"app":"analytics-app","name":"EMOJI","value":"a\ud83d\ude00b"}`); res.IsError {
		t.Errorf("a surrogate pair was refused:\n%s", text(res))
	}
	if v, _ := h.emu.SecretValue("sandbox", 101, "EMOJI"); v != "a😀b" {
		t.Errorf("stored %q, want %q", v, "a😀b")
	}
}

// TestUpdateAppClearsWhatItSays: tags {} clears every tag (an empty map was dropped as if not
// given, while the result said "Updated tags"), and image_tag null unpins as "" does (null is
// the API's own way to say it).
func TestUpdateAppClearsWhatItSays(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "tagged", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "environment=production")
	out := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{}})
	if strings.Contains(out, "environment=production") || strings.Contains(h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "environment=production") {
		t.Errorf("tags {} left the tags in place:\n%s", out)
	}
	app := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
	h.ok(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "image_tag": "2.3.2"})
	mustContain(t, "pinned", h.ok(t, "get_app", app), "2.3.2")
	h.ok(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "image_tag": nil})
	if got := h.ok(t, "get_app", app); strings.Contains(got, "2.3.2") {
		t.Errorf("image_tag null left the pin in place:\n%s", got)
	}
}

// TestLookAlikeNamesAreNotNames: Unicode case folding takes "docſ-ſearch" (long s) for
// docs-search; the API's case-insensitive comparison is over ASCII names. Neither a
// confirmation typed with look-alikes nor a reference spelled with them acts on the app.
func TestLookAlikeNamesAreNotNames(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	const lookAlike = "doc\u017f-\u017fearch"
	mustContain(t, "confirm", h.fail(t, "delete_app", map[string]any{"app": "docs-search", "confirm": lookAlike}), "docs-search")
	if h.fail(t, "get_app", map[string]any{"app": lookAlike}) == "" {
		t.Error("no reason given")
	}
	mustContain(t, "still there", h.ok(t, "get_app", map[string]any{"app": "DOCS-search"}), "docs-search")
	if n := h.emu.Calls(api.DeleteProject.ID) + h.emu.Calls(api.DeleteApp.ID); n != 0 {
		t.Errorf("%d delete requests", n)
	}
}

// TestHiddenToolRefusalPointsToWhatIsThere: a hidden tool's refusal points to whoami only when
// whoami itself is listed.
func TestHiddenToolRefusalPointsToWhatIsThere(t *testing.T) {
	only := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{Tools: []string{"list_apps"}}})
	got := only.fail(t, "whoami", nil)
	mustContain(t, "whoami hidden", got, "whoami is not available", "tools/list shows what is")
	if strings.Contains(got, "The whoami tool") {
		t.Errorf("points to a hidden whoami: %s", got)
	}
	both := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{Tools: []string{"list_apps", "whoami"}}})
	mustContain(t, "whoami listed", both.fail(t, "get_app", map[string]any{"app": "analytics-app"}), "The whoami tool lists what is")
}
