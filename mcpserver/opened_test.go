package mcpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
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
