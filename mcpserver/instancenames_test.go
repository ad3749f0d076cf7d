package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestInstanceNamesThatDoNotShowAreRefused: an instance argument holding a character that does
// not show (a zero-width space, a byte order mark, a word joiner, a line separator) is refused as an app or org
// name is, quoting it escaped, and one holding Unicode white space (no-break, ideographic, Ogham),
// or longer than the rule's 1,024 characters, as the instance-name rule, without
// "as list_instances shows one" (list_instances shows names that cannot be sent); none reaches
// the API, where a 404 would quote the name without what does not show.
func TestInstanceNamesThatDoNotShowAreRefused(t *testing.T) {
	var requests atomic.Int64
	var none []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxyCounting(&none, &requests, nil)})
	call := func(name string) string {
		t.Helper()
		before := requests.Load()
		got := h.fail(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": name, "tail": 1})
		if n := requests.Load() - before; n != 0 {
			t.Errorf("instance %q: %d requests reached the API, want 0: %s", name, n, got)
		}
		return got
	}
	for name, escaped := range map[string]string{"\u200b": `\u200b`, "\ufeff": `\ufeff`, "\u2060": `\u2060`, "web-0\u200b": `web-0\u200b`, "a\u2028b": `a\u2028b`} {
		mustContain(t, escaped, call(name), "instance: holds a character that does not show, in \""+escaped+"\"", "nothing was sent")
	}
	for _, name := range []string{"a\u00a0b", "a\u3000b", "a\u1680b", "a\u205fb", strings.Repeat("b", 300_000)} {
		got := call(name)
		mustContain(t, name[:1], got, "instance: must be a runtime instance (pod) name of at most 1,024 characters", "spaces", "nothing was sent")
		if strings.Contains(got, "as list_instances shows one") || len(got) > 2000 {
			t.Errorf("instance of %d bytes: %s", len(name), got[:min(len(got), 2000)])
		}
	}
	// A name of 1,024 characters, none of them ASCII, is within the cap: it is sent.
	before := requests.Load()
	h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": strings.Repeat("é", 1024)})
	if requests.Load() == before {
		t.Error("an instance name of 1,024 characters (2,048 bytes) was refused")
	}
}

// TestLongListedInstanceNameIsShortened: a name of 40,000 characters the API lists before a
// name that can be sent is passed over (over the rule's cap), and quoted as its start and end
// with its length, so the newest sendable instance's logs fit the result and nothing is cut.
func TestLongListedInstanceNameIsShortened(t *testing.T) {
	long := "a/" + strings.Repeat("b", 40_000)
	answers := []canned{
		{method: "GET", path: regexp.MustCompile(`/instances$`), status: http.StatusOK,
			body: `{"instances":[{"name":"` + long + `","status":"ready","started_at":null},{"name":"Edge_Node-01","status":"ready","started_at":null}]}`},
		{method: "GET", path: regexp.MustCompile(`/instances/Edge_Node-01/logs$`), status: http.StatusOK,
			body: `{"lines":["All components are loaded. Spice runtime is ready!"]}`},
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	got := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	mustContain(t, "passed over", got, "The newest instance listed, `a/bbb", "b…bbb", "bbb (40,002 characters)`", "at most 1,024 characters",
		"Edge_Node-01", "Spice runtime is ready!")
	if strings.Contains(got, "Cut:") || len(got) > 3000 {
		t.Errorf("the long name fills the result (%d bytes): %s", len(got), got[:min(len(got), 3000)])
	}

	answers[0].body = `{"instances":[{"name":"` + long + `","status":"ready","started_at":null}]}`
	got = h.fail(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	mustContain(t, "unusable", got, "listed the newest instance of analytics-app (101) as `a/bbb", "b…bbb", "bbb (40,002 characters)`", "nothing was sent")
	if len(got) > 3000 {
		t.Errorf("the long name fills the refusal (%d bytes)", len(got))
	}
}
