package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r73Masking20Texts: testutil.CutTokenAPITexts, the texts present's masking20 tests use too.
func r73Masking20Texts() (texts, pieces []string) { return testutil.CutTokenAPITexts() }

// TestR73Masking20AcrossBreaksMasksCutTokens: maskAcrossBreaks (what the client runs on an API
// text before its breaks are blanks) masks every piece of each cut token, so that the text as
// shown (breaks one space, then MaskAPIText) shows none.
func TestR73Masking20AcrossBreaksMasksCutTokens(t *testing.T) {
	texts, pieces := r73Masking20Texts()
	for i, s := range texts {
		got := maskAcrossBreaks(s)
		if strings.Contains(got, pieces[i]) {
			t.Errorf("maskAcrossBreaks(%q) = %q, shows %q", s, got, pieces[i])
		}
		shown := MaskAPIText(strings.Join(strings.Fields(got), " "))
		if strings.Contains(shown, pieces[i]) {
			t.Errorf("shown %q", shown)
		}
	}
}

// TestR73Masking20AcrossBreaksHeld: ordinary error texts with breaks are left as they are (what
// the blanked text masks is for the masking as shown), and so is a text without a break.
func TestR73Masking20AcrossBreaksHeld(t *testing.T) {
	for _, s := range []string{
		"Deployment failed\nsee the logs",
		"sk_live_R73m20aB3aB3aB3aB3aB3aB3aB3aB3Xq7W\nDeployment started",
		"password: Required\nname: too long",
		"2026-12-07T10:00:00Z INFO a\n2026-12-07T10:00:01Z INFO b",
		"field 'name' is invalid\r\nfield 'region' must be one of us-east-1, us-west-2",
		"no break ghp_R73m20Qz5Qz5Qz5Qz5Qz5Qz5Qz5Qz5Lw8Kp2",
		"password=hunter2\nnext",
	} {
		if got := maskAcrossBreaks(s); got != s {
			t.Errorf("maskAcrossBreaks(%q) = %q, want it unchanged", s, got)
		}
	}
}

// r73Masking20Adversarial are texts built to make maskAcrossBreaks slow: tokens and prefixes
// cut by breaks of each kind, log prefixes repeated between token pieces.
var r73Masking20Adversarial = []string{
	"ghp_R73m20Qz5Qz5\n", "gh\n", "ghp_\r\n", "sk_live_aB3\u2028", "xoxb-1\n",
	"2026-12-07T10:00:00Z ERROR x: gsk_" + strings.Repeat("aB3", 16) + "\n",
	"2026-12-07T10:00:00Z ERROR x:   Zq8W\n", "a1B2c3D4e5\n", "password=\n",
}

// TestR73Masking20IsLinear: maskAcrossBreaks over those texts 8 times as long takes about 8
// times as long (checkLinear).
func TestR73Masking20IsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector")
	}
	for _, tok := range r73Masking20Adversarial {
		small, large := strings.Repeat(tok, (8<<10)/len(tok)), strings.Repeat(tok, (64<<10)/len(tok))
		t.Run(strings.ReplaceAll(tok, "/", "∕"), func(t *testing.T) {
			checkLinear(t, func(s string) { maskAcrossBreaks(s) }, small, large)
		})
	}
}

// FuzzR73Masking20AcrossBreaks: maskAcrossBreaks leaves a text without a line break as it is,
// and changes a text only by masking (what it keeps is s's, in order).
func FuzzR73Masking20AcrossBreaks(f *testing.F) {
	texts, _ := r73Masking20Texts()
	for _, s := range append(texts, r73Masking20Adversarial...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := maskAcrossBreaks(s)
		if _, ok := breaksBlanked(s); !ok && got != s {
			t.Fatalf("maskAcrossBreaks(%q) = %q: no break, changed", s, got)
		}
		if got == s {
			return
		}
		if !strings.Contains(got, Masked) {
			t.Fatalf("maskAcrossBreaks(%q) = %q: changed without a mask", s, got)
		}
		for _, part := range strings.Split(got, Masked) {
			part = strings.Trim(part, "*")
			i := strings.Index(s, part)
			if i < 0 {
				t.Fatalf("maskAcrossBreaks(%q) = %q: %q is not s's", s, got, part)
			}
			s = s[i+len(part):]
		}
	})
}
