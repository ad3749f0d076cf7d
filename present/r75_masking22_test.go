package present

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// r75Masking22Tokens are one token of each family, fixed length and not.
func r75Masking22Tokens() []string {
	return []string{
		"ghp_R75m22" + strings.Repeat("Qz5", 8) + "Lw8Kp2",
		"AKIAR75M22QZ5LW8K2X7",
		"sk_live_R75m22" + strings.Repeat("aB3", 8) + "Xq7W",
		"xoxb-1234567890-1234567890123-R75m22AbCdEfGhIjKlMnOp",
		"gsk_R75masking22AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Zq8W",
		"sk-proj-R75m22" + strings.Repeat("Tq9", 14) + "Zz",
		"github_pat_11R75M22A0" + strings.Repeat("xY7", 26),
		"hf_R75m22AbCdEfGhIjKlMnOpQrStUvWx",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyNzVtMjIifQ.R75m22SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV",
	}
}

// r75Masking22Shown returns the pieces of tok (cut at cuts) of 8 bytes or more that out shows:
// a shorter tail is the documented limit (brokentokens.go's package comment).
func r75Masking22Shown(out, tok string, cuts []int) []string {
	var shown []string
	prev := 0
	for _, c := range append(slices.Clone(cuts), len(tok)) {
		if p := tok[prev:c]; len(p) >= 8 && strings.Contains(out, p) {
			shown = append(shown, p)
		}
		prev = c
	}
	return shown
}

// r75Masking22Both is s as the agent would read it: as an API text (maskAcrossBreaks, then
// shown on one line and MaskAPIText) and as log entries (MaskLogLines).
func r75Masking22Both(s string) map[string]string {
	api := MaskAPIText(strings.Join(strings.Fields(maskAcrossBreaks(s)), " "))
	return map[string]string{"api": api, "log": strings.Join(MaskLogLines(strings.Split(s, "\n")), "\n")}
}

// TestR75Masking22WordsBeforeTheLogPrefix: a token a log collector wrapped over two entries
// is masked in both when the API text quotes the entries after words of its own on the
// first entry's line ("deploy failed: 2026-… INFO runtime: token ghp_…"): repeatedPrefix
// read the first entry's prefix from the line's start. Before: 3,538 of 4,275 texts showed a
// piece of 8 bytes or more; after: none.
func TestR75Masking22WordsBeforeTheLogPrefix(t *testing.T) {
	stamp := func(i int) string { return fmt.Sprintf("2026-12-07T10:00:%02d.123Z INFO runtime: ", i) }
	n, bad := 0, 0
	for _, head := range []string{"deploy failed: ", "Deployment failed (exit 1): see ", "error: [ERROR] "} {
		for _, key := range []string{"token ", "key=", "Authorization: Bearer "} {
			for _, tok := range r75Masking22Tokens() {
				for c := 1; c < len(tok); c++ {
					s := head + stamp(0) + key + tok[:c] + "\n" + stamp(1) + tok[c:] + " done"
					n++
					shows := false
					for what, out := range r75Masking22Both(s) {
						if sh := r75Masking22Shown(out, tok, []int{c}); len(sh) > 0 {
							if !shows && bad < 5 {
								t.Errorf("%s: %q -> %q shows %q", what, s, out, sh)
							}
							shows = true
						}
					}
					if shows {
						bad++
					}
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts show a piece", bad, n)
	}
}

// TestR75Masking22WordsBeforeHeld: the words before the prefix and the entries' other texts stay
// as written when no token is cut: a hash, a UUID, prose, a version.
func TestR75Masking22WordsBeforeHeld(t *testing.T) {
	for _, s := range []string{
		"deploy failed: 2026-12-07T10:00:00.123Z INFO runtime: loading model\n2026-12-07T10:00:01.123Z INFO runtime: Deployment started",
		"deploy failed: 2026-12-07T10:00:00.123Z INFO runtime: commit 4f2a9c1e\n2026-12-07T10:00:01.123Z INFO runtime: 9b8d7c6e5f4a3b2c1d0e done",
		"deploy failed: 2026-12-07T10:00:00.123Z INFO runtime: id 0f8fad5b\n2026-12-07T10:00:01.123Z INFO runtime: d9cb-469f-a165-70867728950e",
		"error: 2026-12-07T10:00:00Z WARN x: v1.2.3\n2026-12-07T10:00:01Z WARN x: upgrade to v1.2.4",
	} {
		for what, out := range r75Masking22Both(s) {
			if strings.Contains(out, Masked) {
				t.Errorf("%s: %q -> %q, want nothing masked", what, s, out)
			}
		}
	}
}
