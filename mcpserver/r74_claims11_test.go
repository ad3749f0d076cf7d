package mcpserver_test

import (
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 74's attacks of an adversarial agent, over a real MCP client, on README promises no
// round from 70 to 73 attacked.

// r74Claims11Pod is a spicepod create_and_deploy_app takes for app name.
func r74Claims11Pod(name string) string {
	return `"version: v1\nkind: Spicepod\nname: ` + name + `\n"`
}

// r74Claims11Refused calls tool with raw, wants it refused with each of want in its text and
// no API request, and a remedy that says something (it was "What to do: , then call
// create_and_deploy_app again." for a created-by tag's value with a space), and returns the text.
func r74Claims11Refused(t *testing.T, h *harness, tool, raw string, want ...string) string {
	t.Helper()
	before := totalCalls(h)
	res := h.callRaw(t, tool, raw)
	if !res.IsError {
		t.Errorf("%s %s: not refused:\n%.300s", tool, raw, text(res))
		return ""
	}
	mustContain(t, tool+" "+raw, text(res), want...)
	if strings.Contains(text(res), "What to do: ,") {
		t.Errorf("%s %s: its remedy is empty:\n%s", tool, raw, text(res))
	}
	if n := totalCalls(h) - before; n != 0 {
		t.Errorf("%s %s: %d API requests before the refusal", tool, raw, n)
	}
	return text(res)
}

// TestR74Claims11KeysGivenTwiceInEveryTagsToolAndSecrets: README, "In `tags` (every tool) and
// `secrets`, … a key given twice [is] refused, naming the key (`tags: key "team"`…)": round 73
// sent a tag twice to update_app alone. An agent sends a key twice, the second spelled with a
// JSON escape, in the tags of each tool that takes them and in create_and_deploy_app's
// secrets: each is refused in the house form of a repeated key (the map, then the key quoted,
// as a spicepod's repeat names its path), with no request; no app is created, none changed.
func TestR74Claims11KeysGivenTwiceInEveryTagsToolAndSecrets(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	apps := h.emu.AppCount("sandbox")
	before := r73Claims10App(t, h, "analytics-app")
	for _, twice := range []string{`{"team":"a","team":"b"}`, `{"team":"a","te\u0061m":"b"}`, `{"te\u0061m":"a","team":"a"}`} {
		for tool, raw := range map[string]string{
			"create_app":            `{"name":"r74-twice","tags":` + twice + `}`,
			"update_app":            `{"app":"analytics-app","tags":` + twice + `}`,
			"create_and_deploy_app": `{"name":"r74-twice","spicepod":` + r74Claims11Pod("r74-twice") + `,"tags":` + twice + `}`,
		} {
			r74Claims11Refused(t, h, tool, raw, r73Claims10Refused+`tags: key "team" is given twice`+"\nWhat to do: Send it once")
		}
		secrets := strings.ReplaceAll(twice, "team", "PG_PASS")
		secrets = strings.ReplaceAll(secrets, `te\u0061m`, `PG_P\u0041SS`)
		r74Claims11Refused(t, h, "create_and_deploy_app", `{"name":"r74-twice","spicepod":`+r74Claims11Pod("r74-twice")+`,"secrets":`+secrets+`}`,
			r73Claims10Refused+`secrets: key "PG_PASS" is given twice`+"\nWhat to do: Send it once")
	}
	if n := h.emu.AppCount("sandbox"); n != apps {
		t.Errorf("%d apps, want %d: a refused call created one", n, apps)
	}
	if after := r73Claims10App(t, h, "analytics-app"); !maps.Equal(after.Tags, before.Tags) {
		t.Errorf("analytics-app's tags changed: %v, were %v", after.Tags, before.Tags)
	}
}

// TestR74Claims11OwnCreatedByTagRefusedInAnySpelling: README, "A `created-by` tag of your own
// is refused, naming `tags.created-by`, never replaced" (of create_and_deploy_app, which sets
// it; its own value, spice-cloud-mcp, replaces nothing and is taken): round 58 sent the key
// plainly with five values. An agent spells the key with JSON escapes (created\u002dby,
// \u0063reated-by), beside another tag, with values near the tool's own: each is refused naming
// tags.created-by, with no request; the tool's own value given twice is refused as a repeat;
// no app is created.
func TestR74Claims11OwnCreatedByTagRefusedInAnySpelling(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	apps := h.emu.AppCount("sandbox")
	for _, tags := range []string{`{"created-by":"me"}`, `{"created\u002dby":"me"}`, `{"team":"a","created-by":"Spice-Cloud-MCP"}`,
		`{"\u0063reated-by":"spice-cloud-mcp ","team":"a"}`, `{"team":"a","cre\u0061ted\u002dby":""}`} {
		r74Claims11Refused(t, h, "create_and_deploy_app", `{"name":"r74-own","spicepod":`+r74Claims11Pod("r74-own")+`,"tags":`+tags+`}`,
			r73Claims10Refused+"tags.created-by: ")
	}
	// The tool's own value twice, once escaped: a repeat, not a value kept.
	r74Claims11Refused(t, h, "create_and_deploy_app", `{"name":"r74-own","spicepod":`+r74Claims11Pod("r74-own")+
		`,"tags":{"created-by":"spice-cloud-mcp","created\u002dby":"spice-cloud-mcp"}}`, r73Claims10Refused+`tags: key "created-by" is given twice`)
	if n := h.emu.AppCount("sandbox"); n != apps {
		t.Errorf("%d apps, want %d: a refused call created one", n, apps)
	}
}

// TestR74Claims11SpicepodKeyGivenTwiceInAnySpelling: README, "The same goes for a key given
// twice in any object of a spicepod sent as JSON (`datasets[0].params.pg_user`)". An agent
// spells the second copy with a JSON escape, deep in a list and at the top, to update_app and
// create_and_deploy_app: each is refused naming the key's path, with no request; the app's
// spicepod is not changed and no app is created.
func TestR74Claims11SpicepodKeyGivenTwiceInAnySpelling(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	apps := h.emu.AppCount("sandbox")
	pod := func() client.Project { return r73Claims10App(t, h, "analytics-app") }
	before := pod()
	for pod, path := range map[string]string{
		`{"version":"v1","kind":"Spicepod","name":"r74","datasets":[{"from":"postgres:t","name":"t","params":{"pg_user":"a","pg_\u0075ser":"b"}}]}`: "datasets[0].params.pg_user",
		`{"version":"v1","kind":"Spicepod","name":"r74","datasets":[{"from":"a","name":"a"},{"from":"b","name":"b","n\u0061me":"c"}]}`:              "datasets[1].name",
		`{"version":"v1","kind":"Spicepod","name":"r74","n\u0061me":"other"}`:                                                                       "name",
	} {
		want := `spicepod: key "` + path + `" is given twice` + "\nWhat to do: Send it once"
		r74Claims11Refused(t, h, "update_app", `{"app":"analytics-app","spicepod":`+pod+`}`, want)
		r74Claims11Refused(t, h, "create_and_deploy_app", `{"name":"r74-pod","spicepod":`+pod+`}`, want)
	}
	if after := pod(); !reflect.DeepEqual(after, before) {
		t.Errorf("analytics-app changed:\n%+v\nwas\n%+v", after, before)
	}
	if n := h.emu.AppCount("sandbox"); n != apps {
		t.Errorf("%d apps, want %d: a refused call created one", n, apps)
	}
}
