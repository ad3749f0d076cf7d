package mcpserver_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR56ClaimsSessionEndedToMakeRoomKeepsItsLinks: README (HTTP sessions) says a session's
// DELETE withdraws its approval links, but "sessions ended by their TTL or to make room keep
// their links too, their IDs staying usable". With room for one session, a second client ends
// the first to make room; the first's approval link is still answered (not 410), and the
// first client's identical call, with its session ID, acts on that answer.
func TestR56ClaimsSessionEndedToMakeRoomKeepsItsLinks(t *testing.T) {
	r56ClaimsEndedSessionKeepsItsLinks(t, mcpserver.HTTPOptions{MaxSessions: 1}, func(t *testing.T, h *mcpserver.HTTPServer) {
		_ = connect(t, h.URL(), nil) // a second session: the first ends to make room
		if n := h.Sessions(); n != 1 {
			t.Fatalf("%d sessions held, want 1", n)
		}
	})
}

// TestR56ClaimsSessionEndedByItsTTLKeepsItsLinks: the same for a session its idle TTL ends.
func TestR56ClaimsSessionEndedByItsTTLKeepsItsLinks(t *testing.T) {
	r56ClaimsEndedSessionKeepsItsLinks(t, mcpserver.HTTPOptions{SessionIdleTTL: 200 * time.Millisecond}, func(t *testing.T, h *mcpserver.HTTPServer) {
		for deadline := time.Now().Add(10 * time.Second); h.Sessions() != 0; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the idle session did not end: %d held", h.Sessions())
			}
		}
	})
}

func r56ClaimsEndedSessionKeepsItsLinks(t *testing.T, opts mcpserver.HTTPOptions, end func(*testing.T, *mcpserver.HTTPServer)) {
	h, emu := serveHumanLinks(t, opts)
	a := connect(t, h.URL(), nil)
	out, _ := callText(t, a, "delete_app", map[string]any{"app": "docs-search"})
	link := humanweb.URLPattern.FindString(out)
	if link == "" {
		t.Fatalf("no approval link: %s", out)
	}
	end(t, h)
	page := r54HttpmodeGet(t, link)
	token := r54HttpmodeToken.FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("the link of a session ended to make room shows no form:\n%s", page)
	}
	u, _ := url.Parse(link)
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(url.Values{"token": {token[1]}, "decision": {"approve"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.Contains(string(raw), `data-outcome="withdrawn"`) {
		t.Fatalf("approving the link of a session ended to make room: %d\n%s", resp.StatusCode, raw)
	}
	before := emu.AppCount("sandbox")
	if out, isErr := callText(t, a, "delete_app", map[string]any{"app": "docs-search"}); isErr || emu.AppCount("sandbox") != before-1 {
		t.Errorf("the first session's identical call after the approval: %s", out)
	}
}
