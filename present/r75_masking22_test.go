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

// r75Masking22Wrapped is head then msg hard-wrapped every w bytes, one entry a line, each
// after lead(n); cuts are where the entries cut tok, which msg holds at at.
func r75Masking22Wrapped(head, msg string, at, w int, tok string, lead func(n int) string) (s string, cuts []int) {
	var b strings.Builder
	b.WriteString(head)
	for from, n := 0, 0; from < len(msg); n++ {
		if from > at && from < at+len(tok) {
			cuts = append(cuts, from-at)
		}
		e := min(len(msg), from+w)
		if n > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(lead(n) + msg[from:e])
		from = e
	}
	return b.String(), cuts
}

// r75Masking22LastWord is what the last entry of msg wrapped every w bytes shows after its
// last space: the word after the token, or its last part.
func r75Masking22LastWord(msg string, w int) string {
	last := msg[(len(msg)-1)/w*w:]
	return last[strings.LastIndexByte(last, ' ')+1:]
}

// TestR75Masking22NarrowWrappedTokens: a token whose message a log wrapped every 8 to 30 bytes
// (and at Sentry's 76), one entry a line, under a repeated log prefix or none, after words of
// the API's own or not, is masked in every entry, as an API text and as log lines
// (maskNarrowWrappedTokens). Before: 945 of 1,645 texts showed a piece of 8 bytes or more
// (maskWrappedToken joined 40 body bytes of fixed-length families, the others their least).
func TestR75Masking22NarrowWrappedTokens(t *testing.T) {
	leads := []func(n int) string{
		func(n int) string { return "" },
		func(n int) string { return fmt.Sprintf("2026-12-07T10:00:%02d.123Z INFO runtime: ", n) },
		func(n int) string { return fmt.Sprintf("[pod-7] %02d:00:00.001 ", n) },
	}
	total, bad := 0, 0
	for li, lead := range leads {
		for _, head := range []string{"", "deploy failed: ", "deploy failed:\n"} {
			if li == 0 && head != "" {
				continue
			}
			for _, key := range []string{"token ", "key=", "Authorization: Bearer "} {
				for _, tok := range r75Masking22Tokens() {
					for _, w := range append([]int{76}, 8, 9, 10, 11, 12, 13, 16, 20, 24, 30) {
						s, cuts := r75Masking22Wrapped(head, key+tok+" done", len(key), w, tok, lead)
						if len(cuts) < 2 {
							continue // two entries at most: earlier rounds' rules
						}
						total++
						shows := false
						for what, out := range r75Masking22Both(s) {
							if sh := r75Masking22Shown(out, tok, cuts); len(sh) > 0 {
								if !shows && bad < 5 {
									t.Errorf("%s: %q -> %q shows %q", what, s, out, sh)
								}
								shows = true
							}
							if end := r75Masking22LastWord(key+tok+" done", w); !strings.HasSuffix(out, end) {
								t.Errorf("%s: %q -> %q masks the word after the token", what, s, out)
							}
						}
						if shows {
							bad++
						}
					}
				}
			}
		}
	}
	t.Logf("%d texts", total)
	if bad > 0 || total < 1000 {
		t.Errorf("%d of %d texts show a piece", bad, total)
	}
}

// TestR75Masking22NarrowWrapHeld: what a log wraps alike but holds no token that MaskText
// masks in it unwrapped is shown as written: a commit hash, a digest, UUIDs, a base64 image
// at 76 columns, prose, a word starting as a prefix does, a complete key's line followed by
// a hash of its own entries at another width.
func TestR75Masking22NarrowWrapHeld(t *testing.T) {
	img := "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
	for _, c := range []struct {
		msg string
		w   int
	}{
		{"commit 4f2a9c1e9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e built", 8},
		{"pulled sha256:9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c done", 12},
		{"ids 0f8fad5b-d9cb-469f-a165-70867728950e 7c9e6679-7425-40de-944b-e07fc1f90ae7 ok", 10},
		{"avatar " + img, 76},
		{"avatar " + img, 16},
		{"Deployment started for app shop on branch main with runtime v1.2.3", 10},
		{"loading skill-registry-synchronisation-pipeline-v2 now", 9},
		{"installed sklearn-pipeline-estimator-transformer-v1 ok", 8},
	} {
		if MaskText(c.msg) != c.msg {
			t.Fatalf("MaskText(%q) = %q: not a held text", c.msg, MaskText(c.msg))
		}
		for _, lead := range []func(int) string{
			func(int) string { return "" },
			func(n int) string { return fmt.Sprintf("2026-12-07T10:00:%02d.123Z INFO runtime: ", n) },
		} {
			s, _ := r75Masking22Wrapped("", c.msg, 0, c.w, "", lead)
			for what, out := range r75Masking22Both(s) {
				if strings.Contains(out, Masked) {
					t.Errorf("%s: %q -> %q, want nothing masked", what, s, out)
				}
			}
		}
	}
}

// TestR75Masking22NarrowWrapIsLinear: entries built to make maskNarrowWrappedTokens follow 64
// entries from each (token bytes alone, a prefix ending each or none) mask 8 times as many in
// about 8 times the time.
func TestR75Masking22NarrowWrapIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector")
	}
	for _, entry := range []string{"ghp_aB3d", "aB3dE5fG", "sk-aB3dE", "x sk-aB3d", "2026-12-07T10:00:00Z INFO a: eyJhbGci", "a-b-c-d-e"} {
		entries := func(n int) []string {
			lines := make([]string, n)
			for i := range lines {
				lines[i] = entry
			}
			return lines
		}
		t.Run(entry, func(t *testing.T) {
			checkLinear(t, func(s string) { MaskLogLines(strings.Split(s, "\n")) },
				strings.Join(entries(250), "\n"), strings.Join(entries(2000), "\n"))
		})
	}
}

// TestR75Masking22ShortTailAfterALongBodyShown: the limit README states: a token of no fixed
// length already past its least before the break (a Stripe key of 31 bytes cut before its
// last 7) shows a next line's piece shorter than 8 bytes, as an API text and in log lines,
// since a shorter run there reads as a word as often (brokentokens.go's package comment); one
// of 8 is masked.
func TestR75Masking22ShortTailAfterALongBodyShown(t *testing.T) {
	const key = "sk_live_R75m22aB3aB3aB3aB3aB3aB3aB3aB3Xq7W"
	for _, c := range []struct {
		cut   int
		shown bool
	}{{len(key) - 7, true}, {len(key) - 8, false}} {
		s := "2026-12-07T10:00:00Z INFO x: token " + key[:c.cut] + "\n2026-12-07T10:00:01Z INFO x: " + key[c.cut:] + " done"
		for what, out := range r75Masking22Both(s) {
			if got := strings.Contains(out, key[c.cut:]); got != c.shown {
				t.Errorf("%s: %q -> %q: tail shown %v, want %v", what, s, out, got, c.shown)
			}
		}
	}
}
