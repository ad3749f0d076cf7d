package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r73Masking19Groq is a Groq key of 52 letters and digits (its longer reading).
const r73Masking19Groq = "gsk_R73masking19AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Zq9Q"

// r73Masking19Leads are log prefixes a wrapped entry repeats (none, RFC 3339 and level as the
// runtime writes them, klog).
var r73Masking19Leads = []string{"", "2026-12-07T10:00:00.000000Z  ERROR runtime::init: ", "I1207 10:00:00.000 main.go:12] "}

// TestR73Masking19GroqCutAfter48InLogEntries: a Groq key of 52 whose entry ends after 48 (its
// shorter reading's length) and whose next entry holds its last 4 is masked in both, as MaskText
// masks it over a line break (moreTokenJoinedAt). Before, fixedTokenAt read gsk_ by its first
// byte and length as GitHub's 36: 48 read was "whole", and the last 4 (Zq9Q) were shown, in 3 of
// 3 log prefixes. Cut anywhere else, over two or three entries, no piece of 5 or more shows.
func TestR73Masking19GroqCutAfter48InLogEntries(t *testing.T) {
	v := r73Masking19Groq
	if len(v) != 4+52 {
		t.Fatalf("len %d", len(v))
	}
	for _, lead := range r73Masking19Leads {
		lines := []string{lead + "auth with " + v[:4+48], lead + "  " + v[4+48:] + " rejected"}
		got := MaskLogLines(lines)
		if got[0] != lead+"auth with "+Masked || strings.Contains(got[1], "Zq9Q") || !strings.HasSuffix(got[1], Masked+" rejected") {
			t.Errorf("MaskLogLines(%q) = %q", lines, got)
		}
		for cut := 5; cut < len(v)-5; cut++ {
			mid := cut + (len(v)-cut)/2
			for _, entries := range [][]string{
				{lead + "auth with " + v[:cut], lead + "  " + v[cut:] + " rejected"},
				{lead + "auth with " + v[:cut], lead + "  " + v[cut:mid], lead + "  " + v[mid:] + " rejected"},
			} {
				got := strings.Join(MaskLogLines(entries), "⏎")
				for _, piece := range []string{v[cut:], v[cut:mid], v[mid:]} {
					if len(piece) >= 5 && strings.Contains(got, piece) {
						t.Errorf("MaskLogLines(%q) = %q", entries, got)
						break
					}
				}
			}
		}
	}
}

// TestR73Masking19FixedTokenAtReadsWholePrefixes: fixedTokenAt names each family by its whole
// prefix: gsk_ is Groq's 52 letters and digits, ABSK (Bedrock, of no fixed length) none, AWS's
// five prefixes 16, GitHub's 36, AIza 35. Before, every 4-byte prefix starting with "g" was
// GitHub's and every one starting with "A" but AIza AKIA's, ABSK too.
func TestR73Masking19FixedTokenAtReadsWholePrefixes(t *testing.T) {
	for in, want := range map[string]int{
		"gsk_": 52, "ABSK": 0, "ASIA": akiaBody, "AKIA": akiaBody, "ABIA": akiaBody, "ACCA": akiaBody, "A3TA": akiaBody,
		"ghp_": stuckGitHub, "gho_": stuckGitHub, "AIza": aizaBody, "glc_eyJ": 0, "glsa_": 0, "good": 0, "Amazon": 0, "ASIAN": akiaBody,
	} {
		if got, _ := fixedTokenAt(in+"QQQQ", 0); got != want {
			t.Errorf("fixedTokenAt(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestR73Masking19HeldWordsStartingWithGOrA (Held): ordinary entries starting with g or A, or
// holding ASIA, ABSK, gsk_ as words, then an entry of prose or (after a word longer than a
// prefix) of an ordinary value, are unchanged through MaskLogLines, and a 48 Groq key ending an entry whose next entry is
// another source's, or prose, keeps that entry.
func TestR73Masking19HeldWordsStartingWithGOrA(t *testing.T) {
	prose := []string{"PACIFIC ready", "Zq9Q done", "done", "Deployment started"}
	for _, first := range []string{"region ASIA", "see ABSK", "ABSKTEST", "gsk_config loaded", "github actions", "Amazon ASIA-PACIFIC",
		"ASIA", "gsk_", "AKIA", "ghp_", "AIza", "ABSK"} {
		nexts := prose
		if !strings.HasSuffix(first, "_") && len(first) > 4 {
			nexts = append(nexts, testutil.R66OrdinaryValues()...)
		}
		for _, lead := range r73Masking19Leads {
			for _, next := range nexts {
				in := []string{lead + first, lead + "  " + next}
				if got := MaskLogLines(in); got[0] != in[0] || !strings.HasSuffix(got[1], " "+next) && got[1] != next {
					t.Errorf("MaskLogLines(%q) = %q", in, got)
				}
			}
		}
	}
	groq48 := r73Masking19Groq[:4+48]
	for _, next := range []string{"2026-12-07T10:00:01Z WARN other: retry", "Deployment started", "v1.2.3 released"} {
		got := MaskLogLines([]string{"auth " + groq48, next})
		if got[0] != "auth "+Masked || got[1] != next {
			t.Errorf("MaskLogLines(%q, %q) = %q", groq48, next, got)
		}
	}
}
