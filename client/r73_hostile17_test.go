package client_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR73Hostile17CutBeginningOfAKnownValue: a text cut where it held a remembered value (before
// "…" or "...", or at its end) shows no beginning of it of 12 bytes or more, as set or in
// another case or spelling; a shorter beginning, and a beginning not at a cut, are shown.
func TestR73Hostile17CutBeginningOfAKnownValue(t *testing.T) {
	const v = "hunter2-correct-horse-r73h17"
	r := client.NewRedactor(v)
	for in, want := range map[string]string{
		"runbook hunter2-correct-h…":                 "runbook [REDACTED]…",
		"runbook HUNTER2-CORRECT-H… and more":        "runbook [REDACTED]… and more",
		"a: hunter2-correct-ho... b: hunter2-corr…":  "a: [REDACTED]... b: [REDACTED]…",
		"line cut by the API: hunter2-correct-hors":  "line cut by the API: [REDACTED]",
		`{"m":"hunter2-correct-h…"}`:                 `{"m":"[REDACTED]…"}`,
		"hunter2-cor…":                               "hunter2-cor…",
		"hunter2-correct-h and then words":           "hunter2-correct-h and then words",
		"whole hunter2-correct-horse-r73h17 and cut": "whole [REDACTED] and cut",
	} {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	if got := string(r.RedactJSON([]byte(`{"line":"cut at hunter2-correct-hor…","n":1}`))); strings.Contains(got, "hunter2-correct") {
		t.Errorf("RedactJSON: %s", got)
	}
}
