package mcpserver_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// openedPages stands for the person's browser when the server opens pages itself.
type openedPages struct {
	mu   sync.Mutex
	urls []string
}

func (o *openedPages) open(u string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.urls = append(o.urls, u)
	return nil
}

func (o *openedPages) last(t *testing.T) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.urls) == 0 {
		t.Fatal("no page was opened")
	}
	return o.urls[len(o.urls)-1]
}

// noLink fails when a result carries a page link: with pages opened by the server, the
// capability never reaches the agent.
func noLink(t *testing.T, res *mcp.CallToolResult) {
	t.Helper()
	if links := humanweb.URLPattern.FindAllString(everything(res), -1); len(links) > 0 {
		t.Fatalf("the result shows a page link %v:\n%s", links, text(res))
	}
}

// TestOpenedApprovalNeverShowsTheLink: when the server opens the approval page in the person's
// browser (--human-links=open), no result carries the link, yet approving there and calling
// again performs the action exactly once; and the secret form works the same way.
func TestOpenedApprovalNeverShowsTheLink(t *testing.T) {
	opened := &openedPages{}
	human := humanweb.New(humanweb.Options{Open: opened.open})
	t.Cleanup(func() { _ = human.Close() })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, human: human})
	browser := &page{}

	first := h.call(t, "delete_app", map[string]any{"app": "docs-search"})
	noLink(t, first)
	mustContain(t, "opened", text(first), "Approval needed", "opened in the user's browser", "the link is not shown here")
	link := opened.last(t)
	if h.emu.AppCount("sandbox") != 2 {
		t.Fatal("deleted before the approval")
	}
	status, body := browser.answer(t, link, url.Values{"decision": {"approve"}})
	mustContain(t, "approved page", body, `data-outcome="approved"`)
	if status != http.StatusOK {
		t.Fatalf("approve: %d", status)
	}
	done := h.call(t, "delete_app", map[string]any{"app": "docs-search"})
	noLink(t, done)
	if done.IsError || h.emu.AppCount("sandbox") != 1 {
		t.Fatalf("after approval: %s", text(done))
	}

	// Secret values: the form opens in the browser too, and the value never passes the agent.
	const canary = "opened-canary-value-5c1e"
	ask := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "OPENED_SECRET"})
	noLink(t, ask)
	mustContain(t, "opened form", text(ask), "opened in the user's browser")
	status, body = browser.answer(t, opened.last(t), url.Values{"decision": {"store"}, "secret-OPENED_SECRET": {canary}})
	mustContain(t, "stored page", body, `data-outcome="stored"`)
	if status != http.StatusOK {
		t.Fatalf("store: %d", status)
	}
	if v, ok := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "OPENED_SECRET"); !ok || v != canary {
		t.Fatalf("secret = %q, %v", v, ok)
	}
	for what, seen := range map[string]string{"page responses": browser.all(), "logs": h.logs.String(), "result": everything(ask)} {
		if strings.Contains(seen, canary) {
			t.Errorf("%s contain the secret value", what)
		}
	}
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "this server opens in their browser")
}

// TestFailedOpenNeverShowsTheLink: when the server opens pages itself (--human-links=open) and
// the browser launcher fails (DISPLAY set, no browser behind it, as over SSH with X forwarding),
// the call is refused and says what the operator can do; the link never reaches the agent, so
// an agent that fetches pages cannot approve its own action, nothing is changed or stored, the
// logs hold no link, and whoami's claim (the link never reaches the agent) stays true.
func TestFailedOpenNeverShowsTheLink(t *testing.T) {
	var tried []string
	var mu sync.Mutex
	pageLogs := &testutil.SyncBuffer{}
	human := humanweb.New(humanweb.Options{
		Open: func(u string) error {
			mu.Lock()
			defer mu.Unlock()
			tried = append(tried, u)
			return errors.New("exit status 3")
		},
		Logger: slog.New(slog.NewTextHandler(pageLogs, nil)),
	})
	t.Cleanup(func() { _ = human.Close() })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, human: human})

	for round := range 2 { // calling again tries the browser again, and is refused again
		res := h.call(t, "delete_app", map[string]any{"app": "docs-search"})
		noLink(t, res)
		if !res.IsError {
			t.Fatalf("round %d: not refused:\n%s", round, text(res))
		}
		mustContain(t, "refusal", text(res), "could not be opened in the user's browser", "never shown to the agent",
			"Nothing was changed", "--human-links=show", "elicitation")
	}
	if h.emu.AppCount("sandbox") != 2 {
		t.Fatal("deleted without an approval")
	}
	// The links the browser never got are withdrawn: even the one an agent might learn
	// elsewhere answers nothing.
	mu.Lock()
	links := slices.Clone(tried)
	mu.Unlock()
	if len(links) != 2 {
		t.Fatalf("the browser was tried %d times, want 2", len(links))
	}
	for _, l := range links {
		if status, body := (&page{}).get(t, l); status != http.StatusNotFound || !strings.Contains(body, `data-outcome="unknown"`) {
			t.Errorf("a link the browser never got still answers: %d", status)
		}
	}

	ask := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "OPENED_SECRET"})
	noLink(t, ask)
	if !ask.IsError {
		t.Fatalf("set_secret not refused:\n%s", text(ask))
	}
	mustContain(t, "secret refusal", text(ask), "could not be opened in the user's browser", "Nothing was stored",
		"never ask for a secret value in the chat", "--human-links=show")
	if _, ok := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "OPENED_SECRET"); ok {
		t.Fatal("a secret was stored")
	}

	deploy := h.call(t, "create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": podWithSecret})
	noLink(t, deploy)
	if !deploy.IsError {
		t.Fatalf("create_and_deploy_app not refused:\n%s", text(deploy))
	}
	mustContain(t, "deploy refusal", text(deploy), "could not be opened in the user's browser", "Nothing was stored")
	// Every refused call is logged with the reason, the workflow's too.
	for _, line := range logLines(t, h.logs.String(), "tool call") {
		if line["error"] == true && line["reason"] != "browser" {
			t.Errorf("%v was logged with reason %v, want browser", line["tool"], line["reason"])
		}
	}

	mu.Lock()
	all := slices.Clone(tried)
	mu.Unlock()
	for what, seen := range map[string]string{"server logs": h.logs.String(), "page logs": pageLogs.String()} {
		for _, l := range all {
			if strings.Contains(seen, l[strings.LastIndex(l, "/")+1:]) {
				t.Errorf("the %s hold a link", what)
			}
		}
	}
	mustContain(t, "page log", pageLogs.String(), "could not open the page in the person's browser; the link is not shown to the agent", "exit status 3")
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "this server opens in their browser (the link never reaches the agent)")
}
