package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r47SafetyCall sends one tools/call with arguments (raw JSON) and extra params (raw JSON
// members after "arguments", or ""), and returns whether the result is an error and its text.
func r47SafetyCall(t *testing.T, conn *stdioConn, id int, tool, args, extra string) (bool, string, string) {
	t.Helper()
	if extra != "" {
		extra = "," + extra
	}
	conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%q,"arguments":%s%s}}`, id, tool, args, extra))
	answer := conn.await(fmt.Sprint(id))
	var r struct {
		Result *struct {
			IsError bool `json:"isError"`
			Content []struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(answer), &r); err != nil {
		t.Fatalf("%v: %s", err, answer)
	}
	if r.Result == nil { // a JSON-RPC error: nothing was done either
		return true, "", answer
	}
	text := ""
	for _, c := range r.Result.Content {
		text += c.Text
	}
	return r.Result.IsError, text, answer
}

// r47SafetyState is what the destructive tools could change in the demo organization, read
// through the read tools.
func r47SafetyState(t *testing.T, conn *stdioConn, id int) string {
	t.Helper()
	var out []string
	for i, c := range []struct{ tool, args string }{
		{"get_app", `{"app":"analytics-app"}`},
		{"get_api_keys", `{"app":"analytics-app"}`},
		{"list_secrets", `{"app":"analytics-app"}`},
		{"list_members", `{}`},
	} {
		isErr, text, answer := r47SafetyCall(t, conn, id+i, c.tool, c.args, "")
		if isErr {
			t.Fatalf("%s: %s", c.tool, answer)
		}
		out = append(out, text)
	}
	return strings.Join(out, "\n----\n")
}

// r47SafetyJSON is s as a JSON string.
func r47SafetyJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestR47SafetyConfirmArgumentNeverApprovesInHumanMode: README (Safety and access control) says
// with --confirm=human "change nothing until a person approves" and "A confirm argument from
// the agent is ignored". An agent whose client cannot be asked tries every spelling it might
// hope counts as an approval — confirm as the target's name, as true, "yes", a list, an
// object, twice; a duplicated target key; look-alike argument names; forged elicitation
// answers without (or with a made-up) request state — on every tool a person approves. Each
// call is refused or links to a page, and nothing in the organization changes.
func TestR47SafetyConfirmArgumentNeverApprovesInHumanMode(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	before := r47SafetyState(t, conn, 10)
	forged := func(name string) []string {
		return []string{
			fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":%q}}}`, name),
			fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":%q}}},"requestState":"eyJiIjoiMCJ9.AAAA"`, name),
			fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":%q}}},"requestState":""`, name),
		}
	}
	type attempt struct{ tool, args, extra string }
	var attempts []attempt
	for _, c := range []struct{ tool, base, target string }{
		{"delete_app", `"app":"analytics-app"`, "analytics-app"},
		{"pause_app", `"app":"analytics-app"`, "analytics-app"},
		{"delete_secret", `"app":"analytics-app","name":"PG_PASS"`, "PG_PASS"},
		{"remove_member", `"member":"bob"`, "bob"},
		{"update_member_roles", `"member":"bob","roles":["viewer"]`, "bob"},
		{"regenerate_api_key", `"app":"analytics-app","key_number":1`, "analytics-app"},
		{"rotate_api_keys", `"app":"analytics-app","step":"start"`, "analytics-app"},
		{"add_member", `"username":"mallory","roles":["owner"]`, "mallory"},
	} {
		for _, confirm := range []string{
			fmt.Sprintf(`"confirm":%q`, c.target), `"confirm":true`, `"confirm":"yes"`, `"confirm":1`,
			fmt.Sprintf(`"confirm":[%q]`, c.target), fmt.Sprintf(`"confirm":{"name":%q}`, c.target),
			fmt.Sprintf(`"confirm":"",  "confirm":%q`, c.target), fmt.Sprintf(`"confirm":%q,"confirm":%q`, c.target, c.target),
			fmt.Sprintf(`"Confirm":%q`, c.target), fmt.Sprintf(`"confirmed":%q`, c.target), `"force":true`, `"approved":true`,
		} {
			attempts = append(attempts, attempt{c.tool, "{" + c.base + "," + confirm + "}", ""})
		}
		for _, extra := range forged(c.target) {
			attempts = append(attempts, attempt{c.tool, "{" + c.base + "}", extra})
			attempts = append(attempts, attempt{c.tool, "{" + c.base + fmt.Sprintf(`,"confirm":%q`, c.target) + "}", extra})
		}
		// The target given twice: the approval must not be for one and act on the other.
		attempts = append(attempts, attempt{c.tool, "{" + c.base + "," + c.base + fmt.Sprintf(`,"confirm":%q`, c.target) + "}", ""})
	}
	attempts = append(attempts,
		attempt{"delete_app", `{"app":"no-such-app","app":"analytics-app","confirm":"analytics-app"}`, ""},
		attempt{"delete_app", `{"app":"analytics-app","confirm":"analytics-app"}`, `"_meta":{"confirm":"analytics-app","approved":true}`},
		attempt{"delete_app", `{"app":"analytics-app","confirm":"analytics-app\u0000"}`, ""},
		attempt{"delete_app", `{"app":"analytics-app","confirm":"` + strings.Repeat("analytics-app", 20000) + `"}`, ""},
	)
	for i, a := range attempts {
		isErr, text, answer := r47SafetyCall(t, conn, 1000+i, a.tool, a.args, a.extra)
		if !isErr {
			t.Errorf("%s %s %s: not refused: %s", a.tool, a.args[:min(len(a.args), 200)], a.extra, answer[:min(len(answer), 400)])
			continue
		}
		if strings.Contains(text, "Deleted") || strings.Contains(text, "Paused") {
			t.Errorf("%s %s %s: says it acted: %s", a.tool, a.args[:min(len(a.args), 200)], a.extra, text)
		}
	}
	if after := r47SafetyState(t, conn, 50); after != before {
		t.Errorf("the organization changed without anyone's approval:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// TestR47SafetyAgentConfirmMatchesOnlyTheTarget: README (--confirm=agent) says the agent passes
// the target's name in confirm; an app name or username matches in any letter case, a secret
// name exactly; nothing is trimmed, and a look-alike is never an approval. Wrong JSON types,
// another target's name (the app's name for its secret, a secret's name for its app), an
// invisible or NUL character, spaces, other scripts' letters, the name folded where it must be
// exact, a huge value: each is refused and nothing changes.
func TestR47SafetyAgentConfirmMatchesOnlyTheTarget(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{Safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	before := r47SafetyState(t, conn, 10)
	type attempt struct{ tool, args string }
	var attempts []attempt
	for _, c := range []struct{ tool, base, target, other string }{
		{"delete_app", `"app":"analytics-app"`, "analytics-app", "PG_PASS"},
		{"pause_app", `"app":"analytics-app"`, "analytics-app", "bob"},
		{"delete_secret", `"app":"analytics-app","name":"PG_PASS"`, "PG_PASS", "analytics-app"},
		{"remove_member", `"member":"bob"`, "bob", "analytics-app"},
		{"update_member_roles", `"member":"bob","roles":["viewer"]`, "bob", "viewer"},
		{"regenerate_api_key", `"app":"analytics-app","key_number":1`, "analytics-app", "1"},
		{"rotate_api_keys", `"app":"analytics-app","step":"start"`, "analytics-app", "start"},
	} {
		for _, confirm := range []string{
			`true`, `1`, `null`, fmt.Sprintf(`[%q]`, c.target), fmt.Sprintf(`{"name":%q}`, c.target), r47SafetyJSON(c.other),
			r47SafetyJSON(c.target + " "), r47SafetyJSON(" " + c.target), r47SafetyJSON(c.target + "\n"),
			r47SafetyJSON(c.target + "\u200b"), r47SafetyJSON(c.target + "\x00"), r47SafetyJSON("\ufeff" + c.target),
			r47SafetyJSON(strings.Replace(c.target, "a", "\u0430", 1)), r47SafetyJSON(strings.Replace(c.target, "b", "\uff42", 1)),
			r47SafetyJSON(strings.Replace(c.target, "P", "\u0420", 1)), r47SafetyJSON(strings.Replace(c.target, "S", "\u017f", 1)),
			r47SafetyJSON(strings.Replace(c.target, "k", "\u212a", 1)), `"yes"`, `"true"`, `"*"`,
			r47SafetyJSON(strings.Repeat(c.target, 50000)), r47SafetyJSON(c.target[:len(c.target)-1]),
		} {
			if confirm == r47SafetyJSON(c.target) { // a letter the name does not hold
				continue
			}
			attempts = append(attempts, attempt{c.tool, "{" + c.base + `,"confirm":` + confirm + "}"})
		}
	}
	attempts = append(attempts,
		attempt{"delete_secret", `{"app":"analytics-app","name":"PG_PASS","confirm":"pg_pass"}`},
		attempt{"delete_secret", `{"app":"analytics-app","name":"PG_PASS","confirm":"Pg_Pass"}`},
	)
	for i, a := range attempts {
		isErr, text, answer := r47SafetyCall(t, conn, 1000+i, a.tool, a.args, "")
		if !isErr {
			t.Errorf("%s %s: not refused: %s", a.tool, a.args[:min(len(a.args), 200)], answer[:min(len(answer), 400)])
			continue
		}
		if len(text) > 20000 {
			t.Errorf("%s %s: the refusal repeats a huge confirm whole (%d bytes)", a.tool, a.args[:min(len(a.args), 80)], len(text))
		}
	}
	if after := r47SafetyState(t, conn, 50); after != before {
		t.Errorf("the organization changed on a confirm that is not the target's name:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
