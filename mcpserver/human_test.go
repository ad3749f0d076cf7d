package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	mathrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// The human channel: approvals only a person can give, and secret values that never pass
// through the model. Acceptance points of issue 10 are named where they are shown.

// wireTap sits between an mcp-go client and the server in process and records every MCP
// message both ways (requests, responses, notifications, server-initiated questions and their
// answers). It can rewrite outgoing requests and re-send the last multi-round-trip retry, to
// replay an answer.
type wireTap struct {
	mu        sync.Mutex
	log       strings.Builder
	inner     *transport.InProcessTransport
	rewrite   func(method string, params map[string]any)
	lastRetry *transport.JSONRPCRequest
	nextID    atomic.Int64
}

func (w *wireTap) record(kind string, v any) {
	raw, _ := json.Marshal(v)
	w.mu.Lock()
	defer w.mu.Unlock()
	fmt.Fprintf(&w.log, "%s %s\n", kind, raw)
}

// wire is everything recorded so far.
func (w *wireTap) wire() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.log.String()
}

func (w *wireTap) connect(srv *server.MCPServer, elicit func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error)) transport.Interface {
	var opts []transport.InProcessOption
	if elicit != nil {
		opts = append(opts, transport.WithElicitationHandler(elicitFunc(func(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			w.record("server-request", req)
			res, err := elicit(ctx, req)
			w.record("client-answer", res)
			return res, err
		})))
	}
	w.inner = transport.NewInProcessTransportWithOptions(srv, opts...)
	return w
}

func (w *wireTap) Start(ctx context.Context) error { return w.inner.Start(ctx) }
func (w *wireTap) Close() error                    { return w.inner.Close() }
func (w *wireTap) GetSessionId() string            { return w.inner.GetSessionId() }

func (w *wireTap) SetNotificationHandler(h func(mcp.JSONRPCNotification)) {
	w.inner.SetNotificationHandler(func(n mcp.JSONRPCNotification) {
		w.record("notification", n)
		h(n)
	})
}

func (w *wireTap) SendNotification(ctx context.Context, n mcp.JSONRPCNotification) error {
	w.record("client-notification", n)
	return w.inner.SendNotification(ctx, n)
}

func (w *wireTap) SendRequest(ctx context.Context, req transport.JSONRPCRequest) (*transport.JSONRPCResponse, error) {
	var params map[string]any
	raw, _ := json.Marshal(req.Params)
	_ = json.Unmarshal(raw, &params)
	if params != nil {
		w.mu.Lock()
		rewrite := w.rewrite
		w.mu.Unlock()
		if rewrite != nil {
			rewrite(req.Method, params)
		}
		req.Params = params
		if _, retry := params["inputResponses"]; retry && req.Method == string(mcp.MethodToolsCall) {
			copied := req
			w.mu.Lock()
			w.lastRetry = &copied
			w.mu.Unlock()
		}
	}
	w.record("request", req)
	res, err := w.inner.SendRequest(ctx, req)
	w.record("response", res)
	return res, err
}

// replayRetry sends the last multi-round-trip retry (answer and state) again, as a client
// replaying an approval would, and returns the result.
func (w *wireTap) replayRetry(t *testing.T, edit func(params map[string]any)) *mcp.CallToolResult {
	t.Helper()
	w.mu.Lock()
	last := w.lastRetry
	w.mu.Unlock()
	if last == nil {
		t.Fatal("no retry to replay")
	}
	raw, _ := json.Marshal(last.Params)
	var params map[string]any
	_ = json.Unmarshal(raw, &params)
	if edit != nil {
		edit(params)
	}
	req := transport.JSONRPCRequest{JSONRPC: mcp.JSONRPC_VERSION, ID: mcp.NewRequestId(1_000_000 + w.nextID.Add(1)), Method: last.Method, Params: params}
	w.record("request", req)
	res, err := w.inner.SendRequest(context.Background(), req)
	w.record("response", res)
	if err != nil || res.Error != nil {
		t.Fatalf("replay: %v %+v", err, res)
	}
	out, err := mcp.ParseCallToolResult(&res.Result)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// declineAll is a person who declines every question, counting them.
func declineAll(asked *atomic.Int64, questions *[]string, mu *sync.Mutex) func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		asked.Add(1)
		mu.Lock()
		*questions = append(*questions, req.Params.Message)
		mu.Unlock()
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
	}
}

// destructive is one call of each tool a person approves, with the confirm argument an agent
// that knows the target's name would pass.
var destructive = []struct {
	tool string
	args map[string]any
	op   *api.Operation
}{
	{"delete_app", map[string]any{"app": "docs-search", "confirm": "docs-search"}, api.DeleteProject},
	{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1, "confirm": "analytics-app"}, api.RegenerateProjectAPIKey},
	{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "analytics-app"}, api.RegenerateProjectAPIKey},
	{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 0, "confirm": "analytics-app"}, api.RegenerateProjectAPIKey},
	{"delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": "PG_PASS"}, api.DeleteProjectSecret},
	{"remove_member", map[string]any{"member": "bob", "confirm": "bob"}, api.RemoveMember},
	{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"viewer"}, "confirm": "bob"}, api.UpdateMemberRoles},
	{"pause_app", map[string]any{"app": "docs-search", "confirm": "docs-search"}, api.PauseProject},
	{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "force": true, "confirm": "analytics-app"}, api.RegenerateProjectAPIKey},
	{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"}, api.RegenerateProjectAPIKey},
	{"add_member", map[string]any{"username": "jdoe", "roles": []any{"admin"}, "confirm": "jdoe"}, api.AddMember},
}

// worldState is what a destructive call could change: apps, keys, a secret, members.
func worldState(t *testing.T, h *harness) string {
	t.Helper()
	id := h.appID(t, "analytics-app")
	k1, _ := h.emu.APIKey("sandbox", id, 1)
	k2, _ := h.emu.APIKey("sandbox", id, 2)
	pg, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
	members := h.ok(t, "list_members", nil)
	return fmt.Sprintf("apps=%d k1=%s k2=%s pg=%s members=%s", h.emu.AppCount("sandbox"), k1, k2, pg, members)
}

// TestDeclinedQuestionMeansNothingChanges is acceptance 1: with an eliciting client whose
// person declines every question, each destructive tool called with the correct confirm
// argument asks the person once and changes nothing — in both protocol eras.
func TestDeclinedQuestionMeansNothingChanges(t *testing.T) {
	for _, protocol := range []string{mcp.ProtocolVersion20250618, "modern"} {
		for _, c := range destructive {
			t.Run(fmt.Sprintf("%s/%s/%v", protocol, c.tool, c.args), func(t *testing.T) {
				var asked atomic.Int64
				var mu sync.Mutex
				var questions []string
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol,
					elicit: declineAll(&asked, &questions, &mu)})
				before := worldState(t, h)
				res := h.call(t, c.tool, c.args)
				if !res.IsError || !strings.Contains(text(res), "The user did not confirm (decline). Nothing was changed; do not call again unless the user asks for it.") {
					t.Errorf("result: %s", text(res))
				}
				if asked.Load() != 1 {
					t.Errorf("asked %d times", asked.Load())
				}
				if n := h.emu.Calls(c.op.ID); n != 0 {
					t.Errorf("%s was called %d times", c.op.ID, n)
				}
				if after := worldState(t, h); after != before {
					t.Errorf("state changed:\n%s\n%s", before, after)
				}
			})
		}
	}
}

// TestDeleteQuestionTellsWhatHappensToSecretsAndKeys: the delete confirmation says truthfully
// that secrets and keys are kept and come back with a re-create.
func TestDeleteQuestionTellsWhatHappensToSecretsAndKeys(t *testing.T) {
	var asked atomic.Int64
	var mu sync.Mutex
	var questions []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: declineAll(&asked, &questions, &mu)})
	h.fail(t, "delete_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "question", strings.Join(questions, "\n"), "Delete app analytics-app (101)",
		"Its secrets and API keys are kept, not destroyed", "creating an app named analytics-app later reactivates it",
		"old API keys work again", "regenerate_api_key")
	if strings.Contains(strings.Join(questions, "\n"), "cannot be undone") {
		t.Error("the delete question claims it cannot be undone")
	}
}

// approveWith is a person who approves by typing the right name.
func approveWith(name string, asked *atomic.Int64) func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		asked.Add(1)
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
			Content: map[string]any{"name": name}}}, nil
	}
}

// TestElicitedApprovalCannotBeReplayed is acceptance 2 for answers given in the client: an
// answer re-sent with other arguments, for another target, or a second time is refused, and
// nothing changes.
func TestElicitedApprovalCannotBeReplayed(t *testing.T) {
	t.Run("other arguments", func(t *testing.T) {
		var asked atomic.Int64
		tap := &wireTap{}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", tap: tap,
			elicit: approveWith("analytics-app", &asked)})
		before := worldState(t, h)
		// The person approves "replace the secondary key"; the retry then asks for both keys.
		tap.rewrite = func(method string, p map[string]any) {
			if _, retry := p["inputResponses"]; retry {
				p["arguments"].(map[string]any)["key_number"] = 0
			}
		}
		res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
		mustContain(t, "refusal", text(res), "does not belong to this request")
		if h.emu.Calls(api.RegenerateProjectAPIKey.ID) != 0 || worldState(t, h) != before {
			t.Error("a replay with other arguments changed something")
		}
	})
	t.Run("another target", func(t *testing.T) {
		var asked atomic.Int64
		tap := &wireTap{}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", tap: tap,
			elicit: approveWith("PG_PASS", &asked), safety: tools.Safety{}})
		h.ok(t, "set_secret", map[string]any{"app": "docs-search", "name": "PG_PASS", "value": "docs-value"})
		tap.rewrite = func(method string, p map[string]any) {
			if _, retry := p["inputResponses"]; retry {
				p["arguments"].(map[string]any)["app"] = "docs-search"
			}
		}
		res := h.call(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})
		mustContain(t, "refusal", text(res), "does not belong to this request")
		if v, ok := h.emu.SecretValue("sandbox", h.appID(t, "docs-search"), "PG_PASS"); !ok || v != "docs-value" {
			t.Error("docs-search's PG_PASS was deleted with analytics-app's approval")
		}
		if h.emu.Calls(api.DeleteProjectSecret.ID) != 0 {
			t.Error("deleteSecret was called")
		}
	})
	t.Run("a second time", func(t *testing.T) {
		var asked atomic.Int64
		tap := &wireTap{}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", tap: tap,
			elicit: approveWith("analytics-app", &asked)})
		mustContain(t, "approved once", h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}),
			"Regenerated the **secondary** key")
		after := worldState(t, h)
		again := tap.replayRetry(t, nil)
		if !again.IsError || !strings.Contains(text(again), present.ConfirmStateUsed) {
			t.Errorf("replayed approval: %s", text(again))
		}
		if h.emu.Calls(api.RegenerateProjectAPIKey.ID) != 1 || worldState(t, h) != after {
			t.Error("the replayed approval changed something")
		}
	})
}

// linkIn finds the one page link in a result.
func linkIn(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	links := humanweb.URLPattern.FindAllString(text(res), -1)
	if len(links) != 1 {
		t.Fatalf("want one link in: %s", text(res))
	}
	return links[0]
}

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// page is a person's browser, driven over plain HTTP: it records every response body.
type page struct {
	mu   sync.Mutex
	seen strings.Builder
}

func (p *page) get(t *testing.T, link string) (int, string) {
	t.Helper()
	res, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	return p.read(t, res)
}

func (p *page) read(t *testing.T, res *http.Response) (int, string) {
	t.Helper()
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.seen.Write(body)
	p.mu.Unlock()
	return res.StatusCode, string(body)
}

// post submits the page's form as the browser would from the page itself.
func (p *page) post(t *testing.T, link string, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	u, _ := url.Parse(link)
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return p.read(t, res)
}

// answer opens the link and presses a button of its form.
func (p *page) answer(t *testing.T, link string, fields url.Values) (int, string) {
	t.Helper()
	status, body := p.get(t, link)
	m := tokenField.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d\n%s", link, status, body)
	}
	fields.Set("token", m[1])
	return p.post(t, link, fields)
}

func (p *page) all() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen.String()
}

// TestApprovalLinkFlow is the link flow driven over plain HTTP: a client that cannot ask gets
// an approval link for each destructive action; approving it and calling again performs
// exactly the shown action once; a further call asks anew; declining changes nothing.
func TestApprovalLinkFlow(t *testing.T) {
	for _, c := range destructive {
		t.Run(fmt.Sprintf("%s %v", c.tool, c.args), func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
			browser := &page{}
			before := worldState(t, h)

			first := h.call(t, c.tool, c.args)
			mustContain(t, "link result", text(first), "Approval needed", "Nothing was changed yet", "call "+c.tool+" again with exactly the same arguments")
			link := linkIn(t, first)
			status, body := browser.get(t, link)
			if status != http.StatusOK {
				t.Fatalf("GET: %d", status)
			}
			action := strings.SplitN(strings.TrimPrefix(text(first), "Approval needed: "), ".", 2)[0]
			mustContain(t, "page", body, `data-outcome="pending"`, `id="approve"`, `id="decline"`, c.tool)
			if !strings.Contains(strings.ToLower(body), strings.ToLower(action[:20])) {
				t.Errorf("the page does not show the action %q:\n%s", action, body)
			}
			// Calling again before the person answered shows the same link and does nothing.
			if again := h.call(t, c.tool, c.args); linkIn(t, again) != link {
				t.Error("a second call before the answer opened another link")
			}
			if worldState(t, h) != before || h.emu.Calls(c.op.ID) != 0 {
				t.Fatal("something changed before the approval")
			}
			status, body = browser.answer(t, link, url.Values{"decision": {"approve"}})
			mustContain(t, "approved page", body, `data-outcome="approved"`)
			if status != http.StatusOK || worldState(t, h) != before {
				t.Fatalf("approving on the page changed something by itself (%d)", status)
			}

			done := h.call(t, c.tool, c.args)
			if done.IsError {
				t.Fatalf("after approval: %s", text(done))
			}
			if n := h.emu.Calls(c.op.ID); n != 1 {
				t.Errorf("%s called %d times, want once", c.op.ID, n)
			}
			// The approval was used: the next identical call does not act again.
			afterOnce := worldState(t, h)
			next := h.call(t, c.tool, c.args)
			// (pause_app on the app now paused answers that it is, asking nothing.)
			refused := next.IsError || c.tool == "pause_app" && strings.Contains(text(next), "is already paused")
			if !refused || h.emu.Calls(c.op.ID) != 1 || worldState(t, h) != afterOnce {
				t.Errorf("a used approval acted again: %s", text(next))
			}
		})
	}
}

// TestApprovalLinkDeclineExpiryAndReplay: declining on the page or letting the link expire
// changes nothing; an approval serves only the exact call it was given for (other arguments,
// another target, a second time each open a new link), and a used page refuses a second answer.
func TestApprovalLinkDeclineExpiryAndReplay(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC).UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()) }
	surface := humanweb.New(humanweb.Options{Now: clock, TTL: 2 * time.Minute})
	t.Cleanup(func() { _ = surface.Close() })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, human: surface})
	browser := &page{}
	before := worldState(t, h)
	key2 := map[string]any{"app": "analytics-app", "key_number": 2}

	// Declined: nothing changes, the next call says so once, then asks anew.
	link := linkIn(t, h.call(t, "regenerate_api_key", key2))
	_, body := browser.answer(t, link, url.Values{"decision": {"decline"}})
	mustContain(t, "declined page", body, `data-outcome="declined"`, "Nothing was changed")
	mustContain(t, "declined", text(h.call(t, "regenerate_api_key", key2)), "The user declined on the approval page", "Nothing was changed")
	if worldState(t, h) != before {
		t.Fatal("a declined approval changed something")
	}
	// The page refuses a second answer.
	if status, body := browser.post(t, link, url.Values{"decision": {"approve"}, "token": {"x"}}); status != http.StatusNotFound && status != http.StatusConflict {
		t.Errorf("second answer: %d %s", status, body)
	}

	// Expired: the page says so, the approval is gone, nothing changes.
	link = linkIn(t, h.call(t, "regenerate_api_key", key2))
	status, body := browser.get(t, link)
	token := tokenField.FindStringSubmatch(body)
	if status != http.StatusOK || token == nil {
		t.Fatalf("GET: %d", status)
	}
	now.Add(int64(3 * time.Minute))
	status, body = browser.post(t, link, url.Values{"decision": {"approve"}, "token": {token[1]}})
	if status != http.StatusGone || !strings.Contains(body, `data-outcome="expired"`) {
		t.Errorf("approving an expired link: %d %s", status, body)
	}
	expired := h.call(t, "regenerate_api_key", key2)
	if linkIn(t, expired) == link || worldState(t, h) != before || h.emu.Calls(api.RegenerateProjectAPIKey.ID) != 0 {
		t.Fatalf("an expired approval acted: %s", text(expired))
	}

	// Approved for key 2 of analytics-app: other arguments and another target get new links.
	link = linkIn(t, h.call(t, "regenerate_api_key", key2))
	browser.answer(t, link, url.Values{"decision": {"approve"}})
	for _, other := range []map[string]any{
		{"app": "analytics-app", "key_number": 0},
		{"app": "docs-search", "key_number": 2},
		{"app": "101", "key_number": 2, "confirm": "analytics-app"}, // same app by ID: other arguments
	} {
		res := h.call(t, "regenerate_api_key", other)
		if linkIn(t, res) == link || h.emu.Calls(api.RegenerateProjectAPIKey.ID) != 0 {
			t.Errorf("%v used the approval given for %v", other, key2)
		}
	}
	// The approval still serves the call it was given for, once.
	if res := h.call(t, "regenerate_api_key", key2); res.IsError || h.emu.Calls(api.RegenerateProjectAPIKey.ID) != 1 {
		t.Fatalf("approved call: %s", text(res))
	}
	if res := h.call(t, "regenerate_api_key", key2); !res.IsError || h.emu.Calls(api.RegenerateProjectAPIKey.ID) != 1 {
		t.Errorf("a second call used the approval again: %s", text(res))
	}
}

// TestOwnerRemovalRefusedBeforeAsking is acceptance 5 (owner): the member list says who the
// owner is, so removing them is refused before anyone is asked or linked.
func TestOwnerRemovalRefusedBeforeAsking(t *testing.T) {
	var asked atomic.Int64
	var mu sync.Mutex
	var questions []string
	for _, elicit := range []bool{true, false} {
		opts := harnessOptions{cfg: sandbox.Config{Demo: true}}
		if elicit {
			opts.elicit = declineAll(&asked, &questions, &mu)
		}
		h := newHarness(t, opts)
		out := h.fail(t, "remove_member", map[string]any{"member": "alice"})
		mustContain(t, "refusal", out, "alice (user 1) is the organization's owner", "nobody was asked")
		if asked.Load() != 0 || humanweb.URLPattern.MatchString(out) || h.emu.Calls(api.RemoveMember.ID) != 0 {
			t.Errorf("elicit=%v: asked %d, refusal %q", elicit, asked.Load(), out)
		}
	}
}

// TestRotateStartIsConfirmed is acceptance 5 (rotation): starting a rotation replaces the
// secondary key, so it is confirmed like regenerate_api_key key_number 2.
func TestRotateStartIsConfirmed(t *testing.T) {
	var asked atomic.Int64
	var mu sync.Mutex
	var questions []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: declineAll(&asked, &questions, &mu)})
	before := worldState(t, h)
	for range 3 {
		h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})
	}
	if asked.Load() != 3 || worldState(t, h) != before || h.emu.Calls(api.RegenerateProjectAPIKey.ID) != 0 {
		t.Errorf("asked %d times; state changed: %v", asked.Load(), worldState(t, h) != before)
	}
	mustContain(t, "question", questions[0], "Replace the secondary API key of analytics-app (101)", "The primary key keeps working", "Type analytics-app to confirm")
}

// TestReactivationIsAnnounced is acceptance 5 (reactivation): re-creating a deleted app's name
// brings it back with its secrets and keys; create_app and create_and_deploy_app say so in
// their first line, name the restored secrets, say the old keys are live, and offer rotation.
func TestReactivationIsAnnounced(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	id := h.appID(t, "analytics-app")
	oldKey, _ := h.emu.APIKey("sandbox", id, 1)
	h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
	h.clock.Advance(time.Hour)
	out := h.ok(t, "create_app", map[string]any{"name": "analytics-app"})
	first, _, _ := strings.Cut(out, "\n")
	mustContain(t, "first line", first, "Reactivated the deleted app analytics-app (101)", "Restored secrets: `OPENAI_API_KEY`, `PG_PASS`",
		"previous API keys are live again", "rotate_api_keys")
	if !h.emu.ValidAPIKey(oldKey) {
		t.Error("the old key is not live again: the emulator changed")
	}
	// A brand-new app is just created.
	fresh := h.ok(t, "create_app", map[string]any{"name": "brand-new-app"})
	if !strings.HasPrefix(fresh, "App created.") || !strings.Contains(fresh, "**brand-new-app** (") || strings.Contains(fresh, "Reactivated") {
		t.Errorf("new app: %s", fresh)
	}

	// create_and_deploy_app: deploy, store a secret, delete, deploy again under the name.
	pod := "version: v1\nkind: Spicepod\nname: combo\n"
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "combo-app", "spicepod": pod, "secrets": map[string]any{"TOKEN": "v1"}})
	h.ok(t, "delete_app", map[string]any{"app": "combo-app"})
	h.clock.Advance(time.Hour)
	again := h.ok(t, "create_and_deploy_app", map[string]any{"name": "combo-app", "spicepod": pod})
	first, _, _ = strings.Cut(again, "\n")
	mustContain(t, "workflow first line", first, "Reactivated the deleted app combo-app", "Restored secrets: `TOKEN`", "previous API keys are live again")
	mustContain(t, "workflow steps", again, "reactivated deleted combo-app")
}

// twoSecretPod references two secrets, one through the default secrets store and one through
// a store declared from env.
const twoSecretPod = `version: v1
kind: Spicepod
name: pg
secrets:
  - from: env
    name: myenv
datasets:
  - from: postgres:orders
    name: orders
    params:
      pg_user: ${ myenv:PG_USER }
      pg_pass: ${secrets:PG_PASS}
`

const (
	canaryUser = "canary-user-9f8e7d6c5b"
	canaryPass = "canary-pass-1a2b3c4d5e"
)

// noCanary fails when a canary value appears in what was seen.
func noCanary(t *testing.T, what, seen string) {
	t.Helper()
	for _, c := range []string{canaryUser, canaryPass} {
		if i := strings.Index(seen, c); i >= 0 {
			t.Errorf("%s contains a secret value: …%s…", what, seen[max(0, i-200):min(len(seen), i+60)])
		}
	}
}

// TestSecretEntryByLink is acceptance 4 without URL elicitation: create_and_deploy_app with a
// spicepod that references two unset secrets returns one page link; the person enters both
// values there (over plain HTTP); the next identical call deploys. Neither value appears in any
// MCP message, notification, log line or page response.
func TestSecretEntryByLink(t *testing.T) {
	tap := &wireTap{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, tap: tap})
	browser := &page{}
	args := map[string]any{"name": "pg-app", "spicepod": twoSecretPod}

	first := h.call(t, "create_and_deploy_app", args)
	mustContain(t, "first call", text(first), "Not deployed yet", "`PG_PASS`, `PG_USER`", "never ask for a secret value in the chat")
	link := linkIn(t, first)
	status, body := browser.get(t, link)
	mustContain(t, "page", body, "Enter secret values for pg-app", `id="secret-PG_PASS"`, `id="secret-PG_USER"`, `<textarea id="secret-PG_PASS"`)
	if status != http.StatusOK {
		t.Fatal(status)
	}
	// Leaving a field empty shows the form again, without what was typed.
	token := tokenField.FindStringSubmatch(body)[1]
	status, body = browser.post(t, link, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {canaryPass}})
	mustContain(t, "missing field", body, "missing: PG_USER")
	if status != http.StatusBadRequest {
		t.Errorf("missing field: %d", status)
	}
	status, body = browser.post(t, link, url.Values{"token": {token}, "decision": {"store"},
		"secret-PG_PASS": {canaryPass}, "secret-PG_USER": {canaryUser}})
	mustContain(t, "stored page", body, `data-outcome="stored"`, "PG_PASS", "PG_USER")
	if status != http.StatusOK {
		t.Fatal(status)
	}
	id := h.appID(t, "pg-app")
	for name, want := range map[string]string{"PG_PASS": canaryPass, "PG_USER": canaryUser} {
		if v, _ := h.emu.SecretValue("sandbox", id, name); v != want {
			t.Errorf("%s not stored from the page", name)
		}
	}
	done := h.call(t, "create_and_deploy_app", args)
	mustContain(t, "deployed", text(done), "✅ succeeded")
	if done.IsError {
		t.Fatal(text(done))
	}
	// The page refuses a replay of the form.
	if status, _ := browser.post(t, link, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {"x"}, "secret-PG_USER": {"y"}}); status != http.StatusConflict && status != http.StatusNotFound {
		t.Errorf("replayed form: %d", status)
	}
	_, events := h.recorded()
	noCanary(t, "the MCP wire", tap.wire())
	noCanary(t, "the notifications", strings.Join(events, "\n"))
	noCanary(t, "the logs", h.logs.String())
	noCanary(t, "the page responses", browser.all())
	if !strings.Contains(tap.wire(), "create_and_deploy_app") || !strings.Contains(h.logs.String(), "DEBUG") {
		t.Fatal("the recording is empty")
	}
}

// urlPerson is a client that declares URL-mode elicitation, and a person who opens each page
// it shows and enters the values there after a moment.
func urlPerson(t *testing.T, browser *page, values map[string]string, asked *atomic.Int64) func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		asked.Add(1)
		if req.Params.Mode != mcp.ElicitationModeURL {
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
		}
		link := req.Params.URL
		go func() {
			time.Sleep(50 * time.Millisecond)
			fields := url.Values{"decision": {"store"}}
			for name, v := range values {
				fields.Set("secret-"+name, v)
			}
			if status, body := browser.answer(t, link, fields); status != http.StatusOK {
				t.Errorf("page: %d %s", status, body)
			}
		}()
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept}}, nil
	}
}

var urlCapable = &mcp.ClientCapabilities{Elicitation: &mcp.ElicitationCapability{Form: &struct{}{}, URL: &struct{}{}}}

// TestSecretEntryByURLElicitation is acceptance 4 with a client that declares URL-mode
// elicitation (both protocol eras): one call, the client opens the page, the person enters both
// values, the call deploys; no value in any MCP message, notification, log or page.
func TestSecretEntryByURLElicitation(t *testing.T) {
	for _, protocol := range []string{mcp.ProtocolVersion20251125, "modern"} {
		t.Run(protocol, func(t *testing.T) {
			var asked atomic.Int64
			tap := &wireTap{}
			browser := &page{}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol, tap: tap, capabilities: urlCapable,
				elicit: urlPerson(t, browser, map[string]string{"PG_PASS": canaryPass, "PG_USER": canaryUser}, &asked)})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			res, err := h.callWithProgress(t, ctx, "create_and_deploy_app", map[string]any{"name": "pg-app", "spicepod": twoSecretPod})
			if err != nil {
				t.Fatal(err)
			}
			if res.IsError || !strings.Contains(text(res), "✅ succeeded") {
				t.Fatalf("result: %s", text(res))
			}
			mustContain(t, "steps", text(res), "| secrets from the user | stored PG_PASS, PG_USER (entered by the user; values never shown) |",
				"| create app | created in us-west-2 |")
			if asked.Load() != 1 {
				t.Errorf("asked %d times", asked.Load())
			}
			id := h.appID(t, "pg-app")
			for name, want := range map[string]string{"PG_PASS": canaryPass, "PG_USER": canaryUser} {
				if v, _ := h.emu.SecretValue("sandbox", id, name); v != want {
					t.Errorf("%s not stored", name)
				}
			}
			mustContain(t, "the wire carries the URL-mode question", tap.wire(), `"mode":"url"`)
			_, events := h.recorded()
			noCanary(t, "the MCP wire", tap.wire())
			noCanary(t, "the notifications", strings.Join(events, "\n"))
			noCanary(t, "the logs", h.logs.String())
			noCanary(t, "the page responses", browser.all())
		})
	}
}

// TestSetSecretOutOfBand: set_secret without a value collects it on a page (link, or URL
// elicitation) and never stores "" over the existing secret; value_from_env and value_from_file
// read values where the server runs (a person approves that in human mode); the sources are
// exclusive and the server's own credentials are never read.
func TestSetSecretOutOfBand(t *testing.T) {
	t.Run("link", func(t *testing.T) {
		tap := &wireTap{}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, tap: tap})
		browser := &page{}
		id := h.appID(t, "analytics-app")
		old, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
		args := map[string]any{"app": "analytics-app", "name": "PG_PASS"}
		res := h.call(t, "set_secret", args)
		if res.IsError {
			t.Fatal(text(res))
		}
		if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != old {
			t.Fatal("a call without a value changed the secret")
		}
		browser.answer(t, linkIn(t, res), url.Values{"decision": {"store"}, "secret-PG_PASS": {canaryPass}})
		if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != canaryPass {
			t.Fatal("the page did not store the value")
		}
		// As the direct-value path says: the runtime has it with the next deployment, not now.
		mustContain(t, "outcome", h.ok(t, "set_secret", args), "Stored `PG_PASS` on analytics-app (101) from the user's entry on the page",
			"it reaches the runtime with the next deployment")
		noCanary(t, "the MCP wire", tap.wire())
		noCanary(t, "the logs", h.logs.String())
		noCanary(t, "the page", browser.all())
	})
	t.Run("URL elicitation", func(t *testing.T) {
		var asked atomic.Int64
		tap := &wireTap{}
		browser := &page{}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", tap: tap, capabilities: urlCapable,
			elicit: urlPerson(t, browser, map[string]string{"NEW_ONE": canaryUser}, &asked)})
		mustContain(t, "stored", h.ok(t, "set_secret", map[string]any{"app": "docs-search", "name": "NEW_ONE"}), "Stored `NEW_ONE`",
			"it reaches the runtime with the next deployment")
		if v, _ := h.emu.SecretValue("sandbox", h.appID(t, "docs-search"), "NEW_ONE"); v != canaryUser {
			t.Error("not stored")
		}
		noCanary(t, "the MCP wire", tap.wire())
		noCanary(t, "the logs", h.logs.String())
	})
	t.Run("declined URL elicitation", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", capabilities: urlCapable,
			elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
			}})
		mustContain(t, "declined", h.fail(t, "set_secret", map[string]any{"app": "docs-search", "name": "NEW_ONE"}), "Nothing was stored")
		if _, ok := h.emu.SecretValue("sandbox", h.appID(t, "docs-search"), "NEW_ONE"); ok {
			t.Error("stored after a decline")
		}
	})
	// The same app name in two organizations: the page and the client's question say which
	// one the call chose, as approvals do.
	t.Run("organization", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		h.ok(t, "create_app", map[string]any{"name": "analytics-app", "org": "acme-labs"})
		browser := &page{}
		res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "org": "acme-labs"})
		mustContain(t, "link result", text(res), "in organization acme-labs")
		link := linkIn(t, res)
		_, body := browser.get(t, link)
		for _, want := range []string{`Enter secret values for analytics-app \(\d+\) in organization acme-labs</h1>`,
			`in the app analytics-app \(\d+\) in organization acme-labs on Spice.ai Cloud`} {
			if !regexp.MustCompile(want).MatchString(body) {
				t.Errorf("the page does not match %s:\n%s", want, body)
			}
		}
		_, body = browser.answer(t, link, url.Values{"decision": {"store"}, "secret-PG_PASS": {canaryPass}})
		mustContain(t, "stored page", body, "in organization acme-labs")
		if v, _ := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "PG_PASS"); v == canaryPass {
			t.Error("stored in the sandbox organization's app")
		}
		// No organization chosen: none is named.
		res = h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})
		if _, body := browser.get(t, linkIn(t, res)); strings.Contains(body, "in organization") || strings.Contains(text(res), "in organization") {
			t.Errorf("no organization chosen, yet one is named:\n%s\n%s", text(res), body)
		}
		// The default organization (SPICE_ORG) is named as the org argument is.
		byDefault := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "acme-labs"})
		res = byDefault.call(t, "set_secret", map[string]any{"app": "fraud-scoring", "name": "PG_PASS"})
		mustContain(t, "link result under SPICE_ORG", text(res), "in organization acme-labs")
		if _, body := browser.get(t, linkIn(t, res)); !strings.Contains(body, "in organization acme-labs") {
			t.Errorf("the page does not name the default organization:\n%s", body)
		}

		var question atomic.Value
		var asked atomic.Int64
		answer := urlPerson(t, &page{}, map[string]string{"PG_USER": canaryUser}, &asked)
		u := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern", capabilities: urlCapable,
			elicit: func(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				question.Store(req.Params.Message)
				return answer(ctx, req)
			}})
		u.ok(t, "create_app", map[string]any{"name": "analytics-app", "org": "acme-labs"})
		u.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_USER", "org": "acme-labs"})
		msg, _ := question.Load().(string)
		if !regexp.MustCompile(`for analytics-app \(\d+\) in organization acme-labs on the page`).MatchString(msg) {
			t.Errorf("the question does not name the organization: %q", msg)
		}
	})
	t.Run("local values", func(t *testing.T) {
		dir := t.TempDir()
		file := filepath.Join(dir, "pg.txt")
		if err := os.WriteFile(file, []byte(canaryPass+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		binary := filepath.Join(dir, "bin")
		if err := os.WriteFile(binary, []byte{0xff, 0xfe, 0x00}, 0o600); err != nil {
			t.Fatal(err)
		}
		dotenv := filepath.Join(dir, ".env")
		if err := os.WriteFile(dotenv, []byte("SPICE_API_TOKEN=server-token\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		environ := filepath.Join(dir, "environ")
		if err := os.Symlink("/proc/self/environ", environ); err != nil {
			t.Fatal(err)
		}
		// The server's credentials with whitespace around them, which the client trims away
		// (client.ConfigFromEnv): their copies hold only the trimmed value.
		spacedEnv := filepath.Join(dir, "spaced.env")
		if err := os.WriteFile(spacedEnv, []byte("TOKEN=client-secret-value "), 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"PG_USER_VALUE": canaryUser, "SPICE_API_TOKEN": "server-token", "TOKEN_COPY": "Bearer server-token", "NOT_TEXT": "x\xffy",
			"SPICE_CLIENT_SECRET": " client-secret-value\n", "SECRET_COPY": "client-secret-value"}
		spaced := map[string]string{"SPICE_API_TOKEN": "tok-abcdefgh12345\n", "MYVAR": "tok-abcdefgh12345"}
		local := &tools.LocalSources{Getenv: func(k string) string { return env[k] }, Forbidden: tools.ServerCredentialVariables}
		agent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
		id := agent.appID(t, "analytics-app")
		mustContain(t, "env", agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_USER", "value_from_env": "PG_USER_VALUE"}),
			"created", "environment variable PG_USER_VALUE (not shown)")
		mustContain(t, "file", agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": file}),
			"updated", "the file "+file, "ends with a newline, which is part of the value")
		if v, _ := agent.emu.SecretValue("sandbox", id, "PG_USER"); v != canaryUser {
			t.Error("value_from_env not stored")
		}
		if v, _ := agent.emu.SecretValue("sandbox", id, "PG_PASS"); v != canaryPass+"\n" {
			t.Error("value_from_file not stored exactly")
		}
		// A link is followed to the file it names.
		linked := filepath.Join(dir, "linked")
		if err := os.Symlink(file, linked); err != nil {
			t.Fatal(err)
		}
		agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_LINKED", "value_from_file": linked})
		if v, _ := agent.emu.SecretValue("sandbox", id, "PG_LINKED"); v != canaryPass+"\n" {
			t.Error("value_from_file through a link not stored exactly")
		}
		for _, bad := range []struct {
			args map[string]any
			want string
		}{
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_env": "SPICE_API_TOKEN"}, "one of this server's own credentials"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_env": "UNSET_VAR"}, "UNSET_VAR is not set"},
			// The server's own credentials by another way in: a copy, an .env file, its environment.
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_env": "TOKEN_COPY"}, "TOKEN_COPY holds the value of SPICE_API_TOKEN"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": dotenv}, "it holds the value of SPICE_API_TOKEN"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_env": "SECRET_COPY"}, "SECRET_COPY holds the value of SPICE_CLIENT_SECRET"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": spacedEnv}, "it holds the value of SPICE_CLIENT_SECRET"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": "/proc/self/environ"}, "a file the system makes up"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": environ}, "a file the system makes up"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": "/proc/self/cmdline"}, "a file the system makes up"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": binary}, "not UTF-8 text"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_env": "NOT_TEXT"}, "NOT_TEXT holds bytes that are not UTF-8 text"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": dir}, "not a regular file"},
			{map[string]any{"app": "analytics-app", "name": "X", "value_from_file": filepath.Join(dir, "nope")}, "no such file"},
			{map[string]any{"app": "analytics-app", "name": "X", "value": "v", "value_from_env": "PG_USER_VALUE"}, "more than one of value, value_from_env and value_from_file\nWhat to do: Send one"},
			{map[string]any{"app": "analytics-app", "name": "X", "value": ""}, "must not be empty"},
		} {
			mustContain(t, fmt.Sprint(bad.args), agent.fail(t, "set_secret", bad.args), bad.want)
		}
		if _, ok := agent.emu.SecretValue("sandbox", id, "X"); ok {
			t.Error("a refused call stored X")
		}
		// The token with a trailing newline, as $'tok-…\n' sets it, copied without one.
		spacedAgent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent},
			local: &tools.LocalSources{Getenv: func(k string) string { return spaced[k] }, Forbidden: tools.ServerCredentialVariables}})
		mustContain(t, "spaced token", spacedAgent.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "X", "value_from_env": "MYVAR"}),
			"MYVAR holds the value of SPICE_API_TOKEN")
		if _, ok := spacedAgent.emu.SecretValue("sandbox", spacedAgent.appID(t, "analytics-app"), "X"); ok {
			t.Error("a copy of the spaced token was stored")
		}

		// Human mode: a person approves reading a local value.
		human := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local})
		browser := &page{}
		args := map[string]any{"app": "analytics-app", "name": "PG_USER", "value_from_env": "PG_USER_VALUE"}
		res := human.call(t, "set_secret", args)
		mustContain(t, "approval", text(res), "Approval needed: store the value of the environment variable PG_USER_VALUE")
		if _, ok := human.emu.SecretValue("sandbox", id, "PG_USER"); ok {
			t.Fatal("stored before approval")
		}
		browser.answer(t, linkIn(t, res), url.Values{"decision": {"approve"}})
		human.ok(t, "set_secret", args)
		if v, _ := human.emu.SecretValue("sandbox", id, "PG_USER"); v != canaryUser {
			t.Error("not stored after approval")
		}
		noCanary(t, "logs", agent.logs.String()+human.logs.String())

		// Over HTTP (no local sources) both are refused.
		remote := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		mustContain(t, "remote", remote.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "X", "value_from_env": "PG_USER_VALUE"}),
			"only when it runs over stdio")
	})
	// A FIFO would hold the call until something writes to it: it is refused at once, in
	// every mode, before anyone is asked.
	t.Run("fifo", func(t *testing.T) {
		dir := t.TempDir()
		fifo := filepath.Join(dir, "fifo")
		release := makeFIFO(t, fifo)
		link := filepath.Join(dir, "link")
		if err := os.Symlink(fifo, link); err != nil {
			t.Fatal(err)
		}
		for _, mode := range []tools.ConfirmMode{tools.ConfirmOff, tools.ConfirmHuman} {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: mode},
				local: &tools.LocalSources{Getenv: func(string) string { return "" }, Forbidden: tools.ServerCredentialVariables}})
			for _, path := range []string{fifo, link} {
				done := make(chan string, 1)
				go func() {
					done <- text(h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "F", "value_from_file": path}))
				}()
				select {
				case got := <-done:
					mustContain(t, string(mode)+" "+path, got, "cannot use "+path+": not a regular file")
				case <-time.After(10 * time.Second):
					t.Errorf("%s %s: no answer after 10 s (waiting for a writer)", mode, path)
					release()
					<-done
				}
			}
		}
	})
}

// TestConfirmArgumentOfferedOnlyToAgents: in the default mode no tool offers confirm in
// tools/list (it is accepted and ignored); with --confirm=agent the tools a person approves offer it.
func TestConfirmArgumentOfferedOnlyToAgents(t *testing.T) {
	offering := func(h *harness) []string {
		var out []string
		for _, tool := range h.listTools(t) {
			raw, _ := json.Marshal(tool)
			if strings.Contains(string(raw), `"confirm"`) {
				out = append(out, tool.Name)
			}
		}
		return out
	}
	if got := offering(newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})); len(got) != 0 {
		t.Errorf("human mode offers confirm in %v", got)
	}
	// The tools a person approves, as README's Safety section names them.
	approved := []string{"add_member", "delete_app", "delete_secret", "pause_app", "regenerate_api_key", "remove_member", "rotate_api_keys", "update_member_roles"}
	if got := offering(newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})); !slices.Equal(slices.Sorted(slices.Values(got)), approved) {
		t.Errorf("agent mode offers confirm in %v, want the tools a person approves %v", got, approved)
	}
}

// TestWhoamiShowsModeAndChannels is acceptance 6 (whoami): the confirmation mode and how this
// client's user approves and enters secrets.
func TestWhoamiShowsModeAndChannels(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts harnessOptions
		want []string
	}{
		{"eliciting client", harnessOptions{elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) { return nil, nil }},
			[]string{"Approval of deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file): human. Only the user approves, and this client asks them directly",
				"Secret values: entered by the user on a one-time link the agent shows them (a page on a loopback port, started on first need)"}},
		{"plain client", harnessOptions{},
			[]string{"human. Only the user approves, on a one-time approval link", "Secret values: entered by the user on a one-time link"}},
		{"page beyond loopback", harnessOptions{human: humanweb.New(humanweb.Options{Listen: "0.0.0.0:0"})},
			[]string{"a page on a port beyond loopback (--human-listen-beyond-loopback), started on first need"}},
		{"URL-capable client", harnessOptions{protocol: "modern", capabilities: urlCapable,
			elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) { return nil, nil }},
			[]string{"Secret values: entered by the user on a page this client opens for them (URL elicitation)"}},
		{"agent mode", harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}}, []string{"agent (--confirm=agent)"}},
		{"off", harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}}, []string{"off (--confirm=off)"}},
		{"local values", harnessOptions{local: &tools.LocalSources{Getenv: os.Getenv}}, []string{"value_from_env and value_from_file read them where the server runs"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.cfg = sandbox.Config{Demo: true}
			if tc.opts.human != nil { // the case's own surface: newHarness closes only the one it makes
				t.Cleanup(func() { _ = tc.opts.human.Close() })
			}
			h := newHarness(t, tc.opts)
			mustContain(t, "whoami", h.ok(t, "whoami", nil), tc.want...)
		})
	}
}

// answerInProcess answers the page of link through the surface's handler, without a network
// (goldens link to an address nobody listens on).
func answerInProcess(t *testing.T, s *humanweb.Surface, link string, fields url.Values) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	get := httptest.NewRecorder()
	s.Handler().ServeHTTP(get, httptest.NewRequest(http.MethodGet, link, nil))
	m := tokenField.FindStringSubmatch(get.Body.String())
	if m == nil {
		t.Fatalf("GET %s: %d %s", link, get.Code, get.Body.String())
	}
	fields = maps.Clone(fields) // callers share their values across parallel subtests
	fields.Set("token", m[1])
	req := httptest.NewRequest(http.MethodPost, link, strings.NewReader(fields.Encode()))
	req.Host = u.Host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	post := httptest.NewRecorder()
	s.Handler().ServeHTTP(post, req)
	if post.Code != http.StatusOK {
		t.Fatalf("POST %s: %d %s", link, post.Code, post.Body.String())
	}
	return post.Body.String()
}

// earlierCallAnswered makes the same call first and answers its page (approve, decline, or
// the secret values), as the person would before the agent calls again.
func earlierCallAnswered(tool string, args map[string]any, fields url.Values) func(*testing.T, *harness) {
	return func(t *testing.T, h *harness) {
		t.Helper()
		answerInProcess(t, h.human, linkIn(t, h.call(t, tool, args)), fields)
	}
}

var (
	approved = url.Values{"decision": {"approve"}}
	declined = url.Values{"decision": {"decline"}}
)

// goldenHuman is a page server whose links are the same on every run: a fixed address (nobody
// listens; goldens answer in process), seeded randomness and the golden clock.
func goldenHuman() *humanweb.Surface {
	return humanweb.New(humanweb.Options{Mounted: true, PublicURL: "http://127.0.0.1:8765", Random: mathrand.NewChaCha8([32]byte{1}),
		Now: func() time.Time { return epoch }})
}

// TestPagesOverHTTP: in --http mode the pages are served under /human/ on the MCP server's own
// address, reached by a browser without the bearer token or the shared secret, and linked at
// the address the MCP request came to; an approval serves only the caller (token) it was
// given for.
func TestPagesOverHTTP(t *testing.T) {
	const shared = "a-shared-secret-of-24-chars"
	emu := sandbox.New(sandbox.Config{Demo: true, Tokens: []sandbox.Token{
		{Value: "token-of-a", Org: "sandbox", Scopes: []string{"*"}}, {Value: "token-of-b", Org: "sandbox", Scopes: []string{"*"}}}})
	apiServer := httptest.NewServer(emu)
	t.Cleanup(apiServer.Close)
	base, err := client.New(client.Config{BaseURL: apiServer.URL})
	if err != nil {
		t.Fatal(err)
	}
	human := humanweb.New(humanweb.Options{Mounted: true})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Human: human})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", AuthToken: shared, Human: human.Handler()})

	call := func(token string) *mcp.CallToolResult {
		c := connect(t, h.URL(), map[string]string{"Authorization": "Bearer " + token, mcpserver.AuthTokenHeader: shared})
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = "delete_app", map[string]any{"app": "docs-search"}
		res, err := c.CallTool(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := call("token-of-a")
	link := linkIn(t, res)
	if !strings.HasPrefix(link, strings.TrimSuffix(h.URL(), "/mcp")+"/human/") {
		t.Fatalf("link %s is not on the server's address %s", link, h.URL())
	}
	browser := &page{}
	browser.answer(t, link, url.Values{"decision": {"approve"}})

	// Another caller's identical call is not approved by it.
	if other := call("token-of-b"); linkIn(t, other) == link || emu.Calls(api.DeleteProject.ID) != 0 {
		t.Fatalf("another caller used the approval: %s", text(other))
	}
	if done := call("token-of-a"); done.IsError || emu.Calls(api.DeleteProject.ID) != 1 {
		t.Fatalf("the approved caller: %s", text(done))
	}
}
