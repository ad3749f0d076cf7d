package mcpserver_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR66Claims3CapAllBusyIsLoggedAtWarn: README's --log-level row puts "an HTTP session or
// connection cap all busy" at warn, what the operator may have to act on (a client's own share
// is at info). With every session, then every connection, held by a call in progress, the next
// client is refused 503 and the refusal is logged once at WARN naming the flag to raise.
func TestR66Claims3CapAllBusyIsLoggedAtWarn(t *testing.T) {
	for _, c := range []struct {
		what string
		opts mcpserver.HTTPOptions
		line string
		flag string
	}{
		{"sessions", mcpserver.HTTPOptions{MaxSessions: 2}, "every session at the cap is busy", "--http-max-sessions"},
		{"connections", mcpserver.HTTPOptions{MaxConnections: 2}, "connection refused: every connection has a request in progress", "--http-max-connections"},
	} {
		t.Run(c.what, func(t *testing.T) {
			logs := &testutil.SyncBuffer{}
			c.opts.Logger, _ = logging.New(logs, slog.LevelDebug, "json")
			h, started, stop := r56HttpmodeBlocking(t, c.opts)
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr}
			var sessions []string
			for _, token := range []string{"r66-a", "r66-b"} {
				id, status, _, body := r56HttpmodeOpen(t, client, h.URL(), token)
				if id == "" {
					t.Fatalf("session for %s: %d %s", token, status, body)
				}
				sessions = append(sessions, id)
			}
			wg := r56HttpmodeBusy(t, client, h.URL(), started, sessions, []string{"r66-a", "r66-b"})
			defer func() { stop(); wg.Wait() }()
			fresh := &http.Transport{} // a new connection, not one the busy calls hold
			defer fresh.CloseIdleConnections()
			if status, _, body, err := r56HttpmodePost(&http.Client{Transport: fresh}, h.URL(), "", "r66-c", initializeJSON); err != nil || status != http.StatusServiceUnavailable {
				t.Fatalf("a new client with the %s cap all busy: %d %s %v, want 503", c.what, status, body, err)
			}
			lines := r64Httpmode8Lines(logs, 0, c.line)
			if len(lines) != 1 || !strings.Contains(lines[0], `"level":"WARN"`) || !strings.Contains(lines[0], `"flag":"`+c.flag+`"`) {
				t.Errorf("the %s cap all busy logged %d lines, want one at WARN naming %s:\n%s", c.what, len(lines), c.flag, strings.Join(lines, "\n"))
			}
		})
	}
}

// TestR66Claims3LimitsMaskCredentialKeysAtAnyDepth: README says get_limits masks a
// credential-named key's value "whole, at any depth"; TestR42ReviewbudgetLimitsCredentialKeyedResource
// tries one level down. Here the key sits six objects deep, inside a list, and holds an object
// or a list whose own keys name no credential: no part of the value shows, in text or
// structured content.
func TestR66Claims3LimitsMaskCredentialKeysAtAnyDepth(t *testing.T) {
	const a, b, c, d = "Qw3rTy9uIoP0aSdF", "Lk8jHg7fDs6aZx5c", "Vb4nMq2wEr1tYu0i", "Pl9oKm8iJn7uHb6y"
	resources := map[string]any{"max_cpu": 4, "max_memory_gi": 8,
		"l1":      map[string]any{"l2": map[string]any{"l3": map[string]any{"l4": map[string]any{"l5": map[string]any{"client_secret": a}}}}},
		"pools":   []any{map[string]any{"size": 2}, map[string]any{"db_password": b}},
		"api_key": map[string]any{"primary": c, "rotation": []any{d}},
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bRewrite("/limits", func(m map[string]any) { m["resources"] = resources }))})
	res := h.call(t, "get_limits", nil)
	shown := text(res) + "\n" + string(r42bJSON(res.StructuredContent))
	if !strings.Contains(shown, "client_secret") || !strings.Contains(shown, "primary") {
		t.Fatalf("get_limits shows not the resources given:\n%s", shown)
	}
	for _, secret := range []string{a, b, c, d} {
		for _, part := range []string{secret, secret[:8], secret[8:]} {
			if strings.Contains(shown, part) {
				t.Errorf("get_limits shows %q of a credential-named key's value:\n%s", part, shown)
			}
		}
	}
}
