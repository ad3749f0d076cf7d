package mcpserver_test

import (
	"context"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR40WebLookAlikeMemberOnApprovalPage (audit r40 web): add_member's approval flags a
// username beyond ASCII ("аlice" (U+0430) is shown with "\u0430lice: it holds characters beyond
// ASCII, which may only look like others"), but update_member_roles and remove_member, whose
// approval page the person answers with one button (no name to type), show such a member's
// name bare: "Change the roles of bоb (user 9) from member to admin" reads as the member bob.
// An agent adds the look-alike account with the member role (no approval needed) and then asks
// the person to approve making "bоb" an admin.
func TestR40WebLookAlikeMemberOnApprovalPage(t *testing.T) {
	const lookalike = "b\u043eb" // Cyrillic о
	users := append(sandbox.DefaultUsers(), sandbox.User{ID: 9, Username: lookalike})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Users: users}})
	browser := &page{}
	// Role member needs no approval.
	h.ok(t, "add_member", map[string]any{"username": lookalike})

	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"update_member_roles", map[string]any{"member": "id:9", "roles": []any{"admin"}}},
		{"remove_member", map[string]any{"member": "id:9"}},
	} {
		t.Run(c.tool, func(t *testing.T) {
			first := h.call(t, c.tool, c.args)
			link := linkIn(t, first)
			status, body := browser.get(t, link)
			if status != http.StatusOK {
				t.Fatalf("GET: %d", status)
			}
			action := pageAction(body)
			if !strings.Contains(action, `\u043e`) || !strings.Contains(action, "beyond ASCII") {
				t.Errorf("the approval page shows the look-alike member bare, as add_member's would not:\n%s", action)
			}
			// The result the agent passes on says it too.
			mustContain(t, "approval result", text(first), `"b\u043eb": it holds characters beyond ASCII`)
		})
	}
}

// TestR40WebApprovalPageShowsThePathRead (audit r40 web): the approval page is HTML, yet its
// action is the Markdown-escaped text of the tool result: set_secret's value_from_file of
// DIR/<b> is approved on a page that reads "the file DIR/\<b>", a path other than the one read
// (a file named `\<b` may exist beside it). The page should name the file as it is.
func TestR40WebApprovalPageShowsThePathRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "<b>")
	if err := os.WriteFile(file, []byte("value"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources()})
	first := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": file})
	status, body := (&page{}).get(t, linkIn(t, first))
	if status != http.StatusOK {
		t.Fatalf("GET: %d", status)
	}
	action := pageAction(body)
	if !strings.Contains(action, "the file "+file+" ") {
		t.Errorf("the approval page does not name the file read, %s:\n%s", file, action)
	}
}

// pageAction is the approval page's action paragraph, as the person reads it.
func pageAction(body string) string {
	action := body[strings.Index(body, `<p id="action"`):]
	action = action[strings.Index(action, ">")+1:]
	return html.UnescapeString(action[:strings.Index(action, "</p>")])
}

// TestR40WebLookAlikeMemberInQuestion (audit r40 web): the client's own question about a
// look-alike member says so too, and so does the result once approved.
func TestR40WebLookAlikeMemberInQuestion(t *testing.T) {
	const lookalike = "b\u043eb"
	users := append(sandbox.DefaultUsers(), sandbox.User{ID: 9, Username: lookalike})
	var mu sync.Mutex
	var questions []string
	var asked atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Users: users},
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			asked.Add(1)
			mu.Lock()
			questions = append(questions, req.Params.Message)
			mu.Unlock()
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
				Content: map[string]any{"name": lookalike}}}, nil
		}})
	h.ok(t, "add_member", map[string]any{"username": lookalike})
	const flag = `"b\u043eb": it holds characters beyond ASCII, which may only look like others`
	out := h.ok(t, "update_member_roles", map[string]any{"member": "id:9", "roles": []any{"admin"}})
	mustContain(t, "roles result", out, flag)
	out = h.ok(t, "remove_member", map[string]any{"member": "id:9"})
	mustContain(t, "removal result", out, flag)
	if len(questions) != 2 {
		t.Fatalf("asked %d questions: %q", len(questions), questions)
	}
	mustContain(t, "roles question", questions[0], "Change the roles of "+lookalike+" ("+flag+") (user 9)")
	mustContain(t, "removal question", questions[1], "Remove "+lookalike+" ("+flag+") (user 9)")
}

// TestR40WebApprovalPageShowsValuesAsTheyAre (audit r40 web): the page names a file and a
// member exactly as they are, whatever Markdown would make of ], |, *, \, < or a backtick,
// while the agent's result keeps its Markdown escapes.
func TestR40WebApprovalPageShowsValuesAsTheyAre(t *testing.T) {
	const odd = "x](y)|*z\\<b>`q\\"
	dir := t.TempDir()
	file := filepath.Join(dir, odd)
	if err := os.WriteFile(file, []byte("value"), 0o600); err != nil {
		t.Fatal(err)
	}
	users := append(sandbox.DefaultUsers(), sandbox.User{ID: 9, Username: odd})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Users: users}, local: valueFromFileSources()})
	h.ok(t, "add_member", map[string]any{"username": odd})
	browser := &page{}

	first := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": file})
	_, body := browser.get(t, linkIn(t, first))
	if action := pageAction(body); !strings.Contains(action, "the file "+file+" (5 bytes)") {
		t.Errorf("the page does not name the file read, %s:\n%s", file, action)
	}
	// The result is Markdown, escaped as before: ] before ( and < get a backslash, and a
	// backslash before them or at the end is doubled.
	mustContain(t, "set_secret result", text(first), `the file `+dir+`/x\](y)|*z\\\<b>`+"`q\\\\ (5 bytes)")

	first = h.call(t, "update_member_roles", map[string]any{"member": "id:9", "roles": []any{"admin"}})
	_, body = browser.get(t, linkIn(t, first))
	if action, want := pageAction(body), "Change the roles of "+odd+" (user 9) in the token's own organization from member to admin"; action != want {
		t.Errorf("page action = %q, want %q", action, want)
	}
	// A username, a name the API returns, holding markup is a code span (present.NameText,
	// round 58): nothing in it renders, and it reads as written.
	mustContain(t, "update_member_roles result", text(first), "change the roles of ``"+odd+"`` (user 9)")
}
