package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR52WordsRegenerateOneKeyShowsOnlyTheNewKey: regenerate_api_key of one key shows the key it
// made, in text and structured content alike, not the one it left alone (a second copy of a
// credential nobody asked for), and says plainly that the one left alone is still valid.
func TestR52WordsRegenerateOneKeyShowsOnlyTheNewKey(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for _, tc := range []struct {
		key       int
		unchanged string
	}{
		{1, "Secondary (`api_key_2`): unchanged and still valid"},
		{2, "Primary (`api_key`): unchanged and still valid"},
	} {
		p0, s0 := emulatorKeys(t, h)
		res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": tc.key, "confirm": "analytics-app"})
		if res.IsError {
			t.Fatalf("key %d: %s", tc.key, text(res))
		}
		p1, s1 := emulatorKeys(t, h)
		kept, made := s0, p1
		if tc.key == 2 {
			kept, made = p0, s1
		}
		got := text(res)
		if strings.Contains(everything(res), kept) {
			t.Errorf("key %d: the result repeats the key it did not change:\n%s", tc.key, everything(res))
		}
		if !strings.Contains(got, made) {
			t.Errorf("key %d: the text lacks the new key:\n%s", tc.key, got)
		}
		mustContain(t, "regenerate_api_key", got, tc.unchanged)
		var out struct {
			Warning   string `json:"warning"`
			APIKey    string `json:"api_key"`
			APIKey2   string `json:"api_key_2"`
			Unchanged string `json:"unchanged"`
		}
		structured(t, res, &out)
		if out.Warning == "" || (out.APIKey != made && out.APIKey2 != made) {
			t.Errorf("key %d: structured content lacks the warning or the new key: %+v", tc.key, out)
		}
		if !strings.Contains(out.Unchanged, "still valid") {
			t.Errorf("key %d: structured content does not say which key is still valid: %+v", tc.key, out)
		}
	}
}

// TestR52WordsRotationStructuredCarriesOnlyTheNewKey: each rotation step's structured content
// carries the key it made and says which one is unchanged, as its text does, with the warning.
func TestR52WordsRotationStructuredCarriesOnlyTheNewKey(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	p0, _ := emulatorKeys(t, h)
	start := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"})
	_, s1 := emulatorKeys(t, h)
	finish := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"})
	checkStep := func(step, kept, unchangedField string, all string, unchanged string) {
		t.Helper()
		if strings.Contains(all, kept) {
			t.Errorf("%s: the result repeats the key it did not change:\n%s", step, all)
		}
		if !strings.Contains(unchanged, "`"+unchangedField+"`") || !strings.Contains(unchanged, "still valid") {
			t.Errorf("%s: structured unchanged = %q, want it to name %s as still valid", step, unchanged, unchangedField)
		}
	}
	var out struct {
		Warning   string `json:"warning"`
		Unchanged string `json:"unchanged"`
	}
	structured(t, start, &out)
	if out.Warning == "" {
		t.Error("start: no warning")
	}
	checkStep("start", p0, "api_key", everything(start), out.Unchanged)
	out.Unchanged = ""
	structured(t, finish, &out)
	checkStep("finish", s1, "api_key_2", everything(finish), out.Unchanged)
}
