package mcpserver_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 75: create_and_deploy_app's mark (created-by: spice-cloud-mcp) is what lets its re-run
// resume an app; create_app and update_app used to set it for any caller, so an agent could
// make any app one the workflow takes over.

// r75Claims12Forged is the rule of a refused mark, after the field.
const r75Claims12Forged = ": reads as created-by=spice-cloud-mcp, the mark create_and_deploy_app alone sets on the apps it creates"

// r75Claims12Spellings are tags that read as the mark: the mark itself, other letter cases,
// other separators, a Cyrillic с, a fullwidth ｂ, a zero for an o, beside another tag.
var r75Claims12Spellings = []string{
	`{"created-by":"spice-cloud-mcp"}`,
	`{"Created-By":"Spice-Cloud-MCP"}`,
	`{"CREATED-BY":"SPICECLOUDMCP","team":"x"}`,
	`{"created_by":"spice_cloud_mcp"}`,
	`{"created by":"spice-cloud-mcp"}`,
	`{"created: by":"spice-cloud-mcp"}`,
	`{"сreated-by":"spice-cloud-mcp"}`,
	`{"created-ｂy":"spice-cloud-mcp"}`,
	`{"created-by":"spice-cl0ud-mcp"}`,
	`{"team":"x","created\u002dby":"spice-cloud-mcp"}`,
}

// r75Claims12Writes counts the requests that change an app or make one.
func r75Claims12Writes(h *harness) int {
	return h.emu.Calls("updateProject") + h.emu.Calls("createProject") + h.emu.Calls("createProjectDeployment") + h.emu.Calls("upsertProjectSecret")
}

// TestR75Claims12CreateAppRefusesTheMarkInAnySpelling: create_app with a tag that reads as
// the mark is refused naming the tag and the rule, with its fix on its own line, before any
// request; no app is created. A tag that does not read as the mark (another value, the value
// under another key) is created as sent.
func TestR75Claims12CreateAppRefusesTheMarkInAnySpelling(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	apps := h.emu.AppCount("sandbox")
	for _, tags := range r75Claims12Spellings {
		got := r74Claims11Refused(t, h, "create_app", `{"name":"r75-forged","tags":`+tags+`}`, r73Claims10Refused, "tags.", r75Claims12Forged,
			"\nWhat to do: Use another key or value, then call create_app again.")
		if strings.Contains(got, "team") {
			t.Errorf("%s: the refusal names the other tag:\n%s", tags, got)
		}
	}
	if n := h.emu.AppCount("sandbox"); n != apps {
		t.Fatalf("%d apps, want %d: a refused call created one", n, apps)
	}
	for name, tags := range map[string]map[string]any{
		"r75-alice": {"created-by": "alice"},
		"r75-team":  {"team": "spice-cloud-mcp"},
	} {
		h.ok(t, "create_app", map[string]any{"name": name, "tags": tags})
		if got := r73Claims10App(t, h, name).Tags; !maps.EqualFunc(got, tags, func(a string, b any) bool { return a == b }) {
			t.Errorf("%s: tags %v, want %v as sent", name, got, tags)
		}
	}
}

// TestR75Claims12UpdateAppAddsNoMark: update_app adding a tag that reads as the mark to an app
// that lacks it is refused, naming the tag, with no write; the app's tags are unchanged and a
// create_and_deploy_app of the app's name still refuses it as taken.
func TestR75Claims12UpdateAppAddsNoMark(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	before := r73Claims10App(t, h, "analytics-app")
	writes := r75Claims12Writes(h)
	for _, tags := range r75Claims12Spellings {
		res := h.callRaw(t, "update_app", `{"app":"analytics-app","tags":`+tags+`}`)
		if !res.IsError {
			t.Errorf("%s: not refused:\n%s", tags, text(res))
			continue
		}
		mustContain(t, tags, text(res), r73Claims10Refused, "tags.", r75Claims12Forged, "\nWhat to do: Use another key or value, then call update_app again.")
	}
	if n := r75Claims12Writes(h) - writes; n != 0 {
		t.Errorf("%d writes reached the API", n)
	}
	if after := r73Claims10App(t, h, "analytics-app"); !maps.Equal(after.Tags, before.Tags) {
		t.Errorf("analytics-app's tags changed: %v, were %v", after.Tags, before.Tags)
	}
	pod := "version: v1\nkind: Spicepod\nname: r75\n"
	mustContain(t, "re-run", h.fail(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": pod, "wait": false}),
		"already exists and was not created by create_and_deploy_app")
}

// TestR75Claims12WorkflowAppKeepsItsMark: an app create_and_deploy_app made keeps its mark
// through update_app when the tags given include it as the app has it, and a re-run still
// resumes it; a respelling of the mark there is refused (it is not the app's). Removing the mark
// is allowed, and the result says it cannot be given back and the re-run now refuses the name;
// giving it back is refused.
func TestR75Claims12WorkflowAppKeepsItsMark(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	pod := "version: v1\nkind: Spicepod\nname: r75-own\n"
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "r75-own", "spicepod": pod})
	h.ok(t, "update_app", map[string]any{"app": "r75-own", "tags": map[string]any{"created-by": "spice-cloud-mcp", "team": "x"}})
	if got := r73Claims10App(t, h, "r75-own").Tags; !maps.Equal(got, map[string]string{"created-by": "spice-cloud-mcp", "team": "x"}) {
		t.Fatalf("tags %v after update_app kept the mark", got)
	}
	mustContain(t, "re-run", h.ok(t, "create_and_deploy_app", map[string]any{"name": "r75-own", "spicepod": pod, "tags": map[string]any{"team": "x"}}),
		"| create app | reused r75-own")
	writes := r75Claims12Writes(h)
	for _, tags := range []string{`{"Created-By":"spice-cloud-mcp","created-by":"spice-cloud-mcp"}`, `{"created-by":"Spice-Cloud-MCP"}`} {
		mustContain(t, tags, text(h.callRaw(t, "update_app", `{"app":"r75-own","tags":`+tags+`}`)), r75Claims12Forged)
	}
	if n := r75Claims12Writes(h) - writes; n != 0 {
		t.Errorf("%d writes reached the API", n)
	}
	got := h.ok(t, "update_app", map[string]any{"app": "r75-own", "tags": map[string]any{"team": "y"}})
	mustContain(t, "removed", got, "Tags removed", "created-by=spice-cloud-mcp cannot be restored that way: only create_and_deploy_app sets it",
		"a re-run of it now refuses this app's name as taken.")
	mustContain(t, "re-run after", h.fail(t, "create_and_deploy_app", map[string]any{"name": "r75-own", "spicepod": pod, "wait": false}),
		"already exists and was not created by create_and_deploy_app")
	mustContain(t, "back", h.fail(t, "update_app", map[string]any{"app": "r75-own", "tags": map[string]any{"created-by": "spice-cloud-mcp", "team": "y"}}),
		"tags.created-by"+r75Claims12Forged)
}

// TestR75Claims12MarkSetElsewhereIsKept: an app given a respelled mark through the API itself
// (which takes any tag) keeps it through update_app when the tags pass it again as the app has
// it: nothing a user sends is dropped or altered; removing it names it as not restorable, and
// says nothing of a re-run, which never resumed that app.
func TestR75Claims12MarkSetElsewhereIsKept(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects", map[string]any{"name": "r75-else", "tags": map[string]string{"Created-By": "spice-cloud-mcp"}}, nil)
	h.ok(t, "update_app", map[string]any{"app": "r75-else", "tags": map[string]any{"Created-By": "spice-cloud-mcp", "team": "x"}})
	if got := r73Claims10App(t, h, "r75-else").Tags; !maps.Equal(got, map[string]string{"Created-By": "spice-cloud-mcp", "team": "x"}) {
		t.Fatalf("tags %v, want the respelled mark kept", got)
	}
	got := h.ok(t, "update_app", map[string]any{"app": "r75-else", "tags": map[string]any{"team": "x"}})
	mustContain(t, "removed", got, "Created-By=spice-cloud-mcp cannot be restored that way")
	if strings.Contains(got, "re-run") {
		t.Errorf("the result speaks of a re-run for a tag that never made one resume the app:\n%s", got)
	}
}
