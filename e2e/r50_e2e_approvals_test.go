package e2e

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// r50E2eApprovals are the calls a person approves under --confirm=human (README, Safety): the
// eight tools, and set_secret reading a value where the server runs.
var r50E2eApprovals = []struct {
	tool      string
	args      map[string]any
	target    string // the name the person types
	stdioOnly bool   // value_from_env is refused over HTTP (TestR50E2eEveryTool has no such case)
}{
	{"delete_app", map[string]any{"app": "docs-search"}, "docs-search", false},
	{"delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}, "PG_PASS", false},
	{"pause_app", map[string]any{"app": "analytics-app"}, "analytics-app", false},
	{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 0}, "analytics-app", false},
	{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}, "analytics-app", false},
	{"remove_member", map[string]any{"member": "bob"}, "bob", false},
	{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"viewer"}}, "bob", false},
	{"add_member", map[string]any{"username": "jdoe", "roles": []any{"admin"}}, "jdoe", false},
	{"set_secret", map[string]any{"app": "analytics-app", "name": "FROM_ENV", "value_from_env": "HOME"}, "FROM_ENV", true},
}

// r50E2eWorld is what the approved calls could change, as the read-only tools show it.
func r50E2eWorld(t *testing.T, ctx context.Context, cs *mcp.ClientSession) string {
	t.Helper()
	var b strings.Builder
	for _, read := range []struct {
		tool string
		args map[string]any
	}{
		{"list_apps", map[string]any{}},
		{"list_secrets", map[string]any{"app": "analytics-app"}},
		{"get_api_keys", map[string]any{"app": "analytics-app"}},
		{"list_members", map[string]any{}},
		{"list_instances", map[string]any{"app": "analytics-app"}},
	} {
		res := callTool(t, ctx, cs, read.tool, read.args)
		wantOK(t, res)
		b.WriteString(resultText(res))
	}
	return b.String()
}

// TestR50E2eApprovalsWithoutAPerson: with --confirm=human (the default), a client that declares
// no elicitation gets an approval link for each call a person approves, and nothing changes; the
// result tells the agent to show the link and call again with the same arguments. Approving one
// on the page (as a person's browser would) lets the next identical call do it, once.
func TestR50E2eApprovalsWithoutAPerson(t *testing.T) {
	for _, c := range r50E2eCombos() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t)
			ctx := testContext(t)
			cs := r50E2eConnect(t, ctx, r50E2eSetup{transport: c.transport, version: c.version, flags: []string{"--human-links", "show"}})
			before := r50E2eWorld(t, ctx, cs)
			links := map[string]string{}
			for _, a := range r50E2eApprovals {
				if a.stdioOnly && c.transport != "stdio" {
					continue
				}
				res := callTool(t, ctx, cs, a.tool, a.args)
				text := wantError(t, res)
				r50E2eMustContain(t, a.tool+" result", text, "Approval needed", a.target, "Show the user this link",
					"call "+a.tool+" again with exactly the same arguments", "Nothing was changed yet")
				link := r50E2eLink.FindString(text)
				if link == "" {
					t.Fatalf("%s: no approval link in:\n%s", a.tool, text)
				}
				links[a.tool] = link
			}
			if after := r50E2eWorld(t, ctx, cs); after != before {
				t.Fatalf("calls without approval changed something:\nbefore:\n%s\nafter:\n%s", before, after)
			}

			// The person approves delete_secret on its page; the same call then deletes, once.
			del := r50E2eApprovals[1]
			page := r50E2eApproveOnPage(t, ctx, links[del.tool])
			r50E2eMustContain(t, "the approved page", page, `data-outcome="approved"`)
			if after := r50E2eWorld(t, ctx, cs); after != before {
				t.Fatalf("approving on the page changed something by itself")
			}
			res := callTool(t, ctx, cs, del.tool, del.args)
			wantOK(t, res)
			r50E2eMustContain(t, "delete_secret after approval", resultText(res), "PG_PASS", "analytics-app (101)")
			secrets := callTool(t, ctx, cs, "list_secrets", map[string]any{"app": "analytics-app"})
			if text := resultText(secrets); strings.Contains(text, "PG_PASS") {
				t.Errorf("PG_PASS still listed after the approved deletion:\n%s", text)
			}
			again := callTool(t, ctx, cs, del.tool, del.args)
			if !again.IsError {
				t.Errorf("the used approval acted again:\n%s", resultText(again))
			}
		})
	}
}

// TestR50E2eApprovalsByElicitation: a client that declares elicitation is asked a form question
// (multi-round-trip in 2026-07-28, elicitation/create in 2025-06-18) that says what will happen
// and asks the person to type the target's name. Declining, or typing another name, changes
// nothing and the result says so; the approving path is TestR50E2eEveryTool's.
func TestR50E2eApprovalsByElicitation(t *testing.T) {
	for _, c := range r50E2eCombos() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t)
			ctx := testContext(t)
			person := &r50E2ePerson{}
			cs := r50E2eConnect(t, ctx, r50E2eSetup{transport: c.transport, version: c.version,
				opts: mcp.ClientOptions{ElicitationHandler: person.answer}})
			before := r50E2eWorld(t, ctx, cs)
			for _, answer := range []string{"decline", "another name"} {
				person.decline = answer == "decline"
				person.typeInstead = map[bool]string{false: "someone-else"}[person.decline]
				for _, a := range r50E2eApprovals {
					if a.stdioOnly && c.transport != "stdio" {
						continue
					}
					res := callTool(t, ctx, cs, a.tool, a.args)
					text := wantError(t, res)
					asked := person.asked()
					if len(asked) != 1 {
						t.Fatalf("%s (%s): asked %d questions, want 1: %q", a.tool, answer, len(asked), asked)
					}
					r50E2eMustContain(t, a.tool+" question", asked[0], a.target, "Type "+a.target+" to confirm.")
					if answer == "decline" {
						r50E2eMustContain(t, a.tool+" result", text, "did not confirm (decline)", "Nothing was changed")
					} else {
						r50E2eMustContain(t, a.tool+" result", text, `typed "someone-else"`, a.target, "Nothing was changed")
					}
				}
			}
			if after := r50E2eWorld(t, ctx, cs); after != before {
				t.Fatalf("declined or mistyped approvals changed something:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// TestR50E2eSecretEntryByURLElicitation: set_secret without a value, from a client that declares
// URL-mode elicitation, asks the client to open the secret-entry page; the person enters the
// value there and the one call stores it. The value is in no MCP message. Declined in the client,
// nothing is stored.
func TestR50E2eSecretEntryByURLElicitation(t *testing.T) {
	for _, c := range r50E2eCombos() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t)
			ctx := testContext(t)
			canary := "e2e-url-canary-" + randomHex(t, 8)
			var pages sync.WaitGroup
			var mu sync.Mutex
			var asked []*mcp.ElicitParams
			var declining atomic.Bool
			person := func(_ context.Context, req *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
				mu.Lock()
				asked = append(asked, req.Params)
				mu.Unlock()
				if req.Params.Mode != "url" || declining.Load() {
					return &mcp.ElicitResult{Action: "decline"}, nil
				}
				link := req.Params.URL
				pages.Add(1)
				go func() { // the person fills in the page the client opened, after the answer
					defer pages.Done()
					page := r50E2eAnswerPage(t, ctx, link, url.Values{"decision": {"store"}, "secret-E2E_URL_SECRET": {canary}})
					r50E2eMustContain(t, "the stored page", page, `data-outcome="stored"`)
				}()
				return &mcp.ElicitResult{Action: "accept"}, nil
			}
			wire := &lockedBuffer{}
			cs := r50E2eConnect(t, ctx, r50E2eSetup{transport: c.transport, version: c.version, wire: wire,
				flags: []string{"--human-links", "show"},
				opts: mcp.ClientOptions{ElicitationHandler: person, Capabilities: &mcp.ClientCapabilities{
					Elicitation: &mcp.ElicitationCapabilities{Form: &mcp.FormElicitationCapabilities{}, URL: &mcp.URLElicitationCapabilities{}}}}})
			res := callTool(t, ctx, cs, "set_secret", map[string]any{"app": "analytics-app", "name": "E2E_URL_SECRET"})
			pages.Wait()
			wantOK(t, res)
			r50E2eMustContain(t, "set_secret", resultText(res), "E2E_URL_SECRET", "analytics-app (101)")
			mu.Lock()
			if len(asked) != 1 || asked[0].Mode != "url" || !r50E2eLink.MatchString(asked[0].URL) {
				t.Errorf("want one URL-mode question with the page's link, got %d: %+v", len(asked), asked)
			}
			mu.Unlock()
			listed := callTool(t, ctx, cs, "list_secrets", map[string]any{"app": "analytics-app"})
			r50E2eMustContain(t, "list_secrets", resultText(listed), "E2E_URL_SECRET")
			if !strings.Contains(wire.String(), "set_secret") {
				t.Fatalf("the wire log is empty")
			}
			if strings.Contains(wire.String(), canary) {
				t.Errorf("the secret value went through an MCP message")
			}

			// Declined in the client, the page stores nothing.
			declining.Store(true)
			declined := callTool(t, ctx, cs, "set_secret", map[string]any{"app": "analytics-app", "name": "E2E_URL_DECLINED"})
			r50E2eMustContain(t, "set_secret declined", wantError(t, declined), "chose not to enter", "Nothing was stored")
			listed = callTool(t, ctx, cs, "list_secrets", map[string]any{"app": "analytics-app"})
			if text := resultText(listed); strings.Contains(text, "E2E_URL_DECLINED") {
				t.Errorf("a declined secret entry stored E2E_URL_DECLINED:\n%s", text)
			}
		})
	}
}

// TestR50E2eCancelledCallWithdrawsItsQuestion: a call cancelled while its person has not yet
// answered the question ends at once, the question is withdrawn from the client (its handler's
// context ends: over stdio and HTTP in 2025-06-18 the server's notifications/cancelled naming the
// question; in 2026-07-28 the question is the client's own retry, ended by the call's context),
// nothing changes and the server goes on serving.
func TestR50E2eCancelledCallWithdrawsItsQuestion(t *testing.T) {
	for _, c := range r50E2eCombos() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t)
			ctx := testContext(t)
			asked := make(chan struct{}, 1)
			withdrawn := make(chan struct{}, 1)
			person := func(qctx context.Context, req *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
				asked <- struct{}{}
				select { // the person has not answered yet
				case <-qctx.Done():
					withdrawn <- struct{}{}
					return nil, qctx.Err()
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			cs := r50E2eConnect(t, ctx, r50E2eSetup{transport: c.transport, version: c.version,
				opts: mcp.ClientOptions{ElicitationHandler: person}})
			before := r50E2eWorld(t, ctx, cs)
			callCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			ended := make(chan error, 1)
			go func() {
				_, err := cs.CallTool(callCtx, &mcp.CallToolParams{Name: "delete_app", Arguments: map[string]any{"app": "docs-search"}})
				ended <- err
			}()
			select {
			case <-asked:
			case <-ctx.Done():
				t.Fatal("the person was never asked")
			}
			cancel()
			cancelled := time.Now()
			select {
			case err := <-ended:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("the cancelled call: err = %v, want context.Canceled", err)
				}
				if d := time.Since(cancelled); d > 2*time.Second {
					t.Errorf("the cancelled call ended %v after its cancellation", d)
				}
			case <-ctx.Done():
				t.Fatal("the cancelled call did not end")
			}
			select {
			case <-withdrawn:
			case <-time.After(5 * time.Second):
				t.Errorf("the question was not withdrawn from the client")
			}
			if after := r50E2eWorld(t, ctx, cs); after != before {
				t.Errorf("the cancelled call changed something:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}
