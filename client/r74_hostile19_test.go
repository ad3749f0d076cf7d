package client_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR74Hostile19CutRuleReadsThroughSpellings: the cut rule (a remembered value's 12 bytes or
// more redacted where a text is cut) reads the text as a reader does — \u escapes, escaped once
// or more, read; invisible characters between the value's characters read as nothing — looks
// for the value reversed too, and for its end after a cut (a middle cut, "start…end"). Texts
// that hold no such stretch are returned as they are, byte for byte, escapes and invisible
// characters included; a shorter piece, or one not at a cut, is shown.
func TestR74Hostile19CutRuleReadsThroughSpellings(t *testing.T) {
	const v = "hunter2-correct-horse-r74h19"
	r := client.NewRedactor(v)
	for in, want := range map[string]string{
		`runbook \u0068unter2-correct-h…`:                       "runbook [REDACTED]…",
		`runbook \\u0068\\u0075nter2-correct-h...`:              "runbook [REDACTED]...",
		`x \\\\u0068\\\\u0075\\\\u006eter2-correct-h…`:          "x [REDACTED]…",
		"zw h\u200bu\u200bn\u200bt\u200ber2-correct-h…":         "zw [REDACTED]…",
		"shy h\u00adunter2\u00ad-correct-h… more":               "shy [REDACTED]… more",
		`esc h\u200bu\u200bn\u200bter2-correct-h…`:              "esc [REDACTED]…",
		"reversed 91h47r-esroh-tcer…":                           "reversed [REDACTED]…",
		"middle hunter2-…rect-horse-r74h19 then":                "middle [REDACTED]…[REDACTED] then", // round 75: pieces counted together
		"middle hunter2-… \\u0072ect-horse-r74h19":              "middle [REDACTED]… [REDACTED]",
		"rrect-horse-r74h19 at the start of a text cut there":   "[REDACTED] at the start of a text cut there",
		"end of a beginning before spaces hunter2-correct-h  …": "end of a beginning before spaces [REDACTED]  …",
		// Held: shown as written.
		`path C:\\users\\hunter\u2026 \u00e9t\u00e9 — ❌ …`: `path C:\\users\\hunter\u2026 \u00e9t\u00e9 — ❌ …`,
		"h\u200bunter2-cor…":                      "h\u200bunter2-cor…",
		"…orse-r74h19":                            "…orse-r74h19",
		"we use correct-horse-r74 here… and more": "we use correct-horse-r74 here… and more",
		"Deployment 12 failed… retrying in 5s":    "Deployment 12 failed… retrying in 5s",
		"91h47r-esroh-tc and then words":          "91h47r-esroh-tc and then words",
	} {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
