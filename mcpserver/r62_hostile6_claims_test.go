package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR62Hostile6ClaimsArgumentsNeverLogged (held): README (Secret hygiene) says "Tool arguments
// are never logged". Every tool is called, at --log-level debug, with each of its string
// arguments set to a marker (the others it requires naming a demo app): whether the call is
// served or refused, no log line carries the marker but in the path of the API request a call
// addresses (get_instance_logs' instance, as README says).
func TestR62Hostile6ClaimsArgumentsNeverLogged(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	const marker = "r62argmarker"
	calls := 0
	for _, tool := range h.listTools(t) {
		for name, p := range tool.InputSchema.Properties {
			if m, _ := p.(map[string]any); m["type"] != "string" {
				continue
			}
			args := map[string]any{name: marker + "-" + name}
			for _, r := range tool.InputSchema.Required {
				if r != name {
					args[r] = "analytics-app"
				}
			}
			h.call(t, tool.Name, args)
			calls++
		}
	}
	if calls < 40 {
		t.Fatalf("only %d calls made", calls)
	}
	// The one place an argument shows: the path of the API request a call addresses (an
	// instance's or a secret's name, as the IDs), which README names.
	for _, l := range strings.Split(h.logs.String(), "\n") {
		var line map[string]any
		if !strings.Contains(l, marker) || json.Unmarshal([]byte(l), &line) == nil && line["msg"] == "spice api" &&
			strings.Contains(fmt.Sprint(line["path"]), marker) && !strings.Contains(strings.Replace(l, fmt.Sprint(line["path"]), "", 1), marker) {
			continue
		}
		t.Errorf("a log line carries an argument: %s", l)
	}
}

// TestR62Hostile6ClaimsDescriptionSentAsGiven (held): README says values are sent as given, never
// altered or dropped (update_app's free-text fields "send it as given"). A description with a
// CRLF, a tab, trailing spaces, a decomposed é, a zero-width joiner emoji, a lone combining mark
// at its start and 2,000 characters reaches the API byte for byte.
func TestR62Hostile6ClaimsDescriptionSentAsGiven(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, d := range []string{"\u0301line one\r\n\tcafe\u0301  ", "👩\u200d💻 team  ", strings.Repeat("é", 1000)} {
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "description": d})
		var app struct {
			Description string `json:"description"`
		}
		emuSend(t, h, "sandbox", "GET", "/v1/projects/101", nil, &app)
		if app.Description != d {
			t.Errorf("sent %q, the API holds %q", d, app.Description)
		}
	}
}

// TestR62Hostile6ClaimsConfirmTakesTheNameOnly (held): README (--confirm=agent) says the agent
// passes the target's name in confirm, nothing else. The app's ID, id:101, its URL, its label
// "analytics-app (101)", the name in backquotes or quotes, a member's user ID, id:2 or @bob, and
// an ID given both as the target and as confirm: each is refused, and nothing is paused or removed.
func TestR62Hostile6ClaimsConfirmTakesTheNameOnly(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for _, c := range []struct{ tool, target, confirm, name string }{
		{"pause_app", "analytics-app", "101", "analytics-app"}, {"pause_app", "analytics-app", "id:101", "analytics-app"},
		{"pause_app", "analytics-app", "https://analytics-app.spice.ai", "analytics-app"},
		{"pause_app", "analytics-app", "analytics-app (101)", "analytics-app"}, {"pause_app", "analytics-app", "`analytics-app`", "analytics-app"},
		{"pause_app", "analytics-app", `"analytics-app"`, "analytics-app"}, {"pause_app", "101", "101", "analytics-app"},
		{"remove_member", "bob", "2", "bob"}, {"remove_member", "bob", "id:2", "bob"}, {"remove_member", "bob", "@bob", "bob"},
		{"remove_member", "id:2", "id:2", "bob"},
	} {
		arg := "app"
		if c.tool == "remove_member" {
			arg = "member"
		}
		got := h.fail(t, c.tool, map[string]any{arg: c.target, "confirm": c.confirm})
		mustContain(t, c.tool+" "+c.confirm, got, `confirm must be "`+c.name+`"`, "so this was not done")
	}
	mustContain(t, "members", h.ok(t, "list_members", nil), "bob")
	if got := h.ok(t, "get_app", map[string]any{"app": "analytics-app"}); strings.Contains(got, "paused") {
		t.Errorf("analytics-app paused:\n%.300s", got)
	}
}
