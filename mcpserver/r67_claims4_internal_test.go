package mcpserver

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestR67Claims4RefusalFloodLogsOneLineCountingTheRest: README's "each kind of refusal is logged
// at most once per 10 s, the next line counting those left out (`"unlogged":N`)": of a burst of
// one kind only the first is logged, another kind still is, and the first line after the window
// carries the number left out since, which starts again from nothing after it. The window is
// moved back rather than waited out.
func TestR67Claims4RefusalFloodLogsOneLineCountingTheRest(t *testing.T) {
	var out bytes.Buffer
	logger := refusalLogger(slog.New(slog.NewJSONHandler(&out, nil)))
	state := logger.Handler().(refusalHandler).state
	lines := func() []map[string]any {
		var got []map[string]any
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) == nil {
				got = append(got, m)
			}
		}
		out.Reset()
		return got
	}
	for range 5 {
		logger.Info("foreign Origin", "status", 403)
	}
	logger.Info("missing bearer token", "status", 401)
	if got := lines(); len(got) != 2 || got[0]["msg"] != "foreign Origin" || got[1]["msg"] != "missing bearer token" || got[0]["unlogged"] != nil {
		t.Fatalf("a burst of five and another kind: %v, want one line of each, counting nothing", got)
	}
	if refusalLogWindow != 10*time.Second {
		t.Errorf("the window is %v; README says 10 s", refusalLogWindow)
	}
	state.mu.Lock()
	state.last["foreign Origin"] = time.Now().Add(-refusalLogWindow - time.Second)
	state.mu.Unlock()
	logger.Info("foreign Origin", "status", 403)
	logger.Info("foreign Origin", "status", 403)
	if got := lines(); len(got) != 1 || got[0]["unlogged"] != float64(4) {
		t.Errorf("the first line after the window: %v, want one counting the 4 left out", got)
	}
	state.mu.Lock()
	state.last["foreign Origin"] = time.Now().Add(-refusalLogWindow - time.Second)
	state.mu.Unlock()
	logger.Info("foreign Origin", "status", 403)
	if got := lines(); len(got) != 1 || got[0]["unlogged"] != float64(1) {
		t.Errorf("the next window: %v, want one line counting the 1 left out since", got)
	}
}
