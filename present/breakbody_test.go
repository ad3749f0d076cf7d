package present

import (
	"strings"
	"testing"
)

// TestMaskBreakInsideBody (round 24): a line break inside the body of a token of a fixed length
// (AKIA's 16 characters, ghp_'s 36, AIza's 35), as a log that wraps lines writes it, real or
// written out in any spelling (breakSpellings but a tab's), does not let the token through
// when the text after it completes the body to exactly its length: masked whole.
func TestMaskBreakInsideBody(t *testing.T) {
	gh := strings.Repeat("A1b", 12)
	aiza := "SyA" + strings.Repeat("b", 32)
	breaks := []string{"\n", "\r\n", "\u2028", "\u0085"}
	for _, brk := range breakSpellings {
		if r, _ := escapedRune(brk); r != '\t' {
			breaks = append(breaks, brk)
		}
	}
	for _, brk := range breaks {
		for _, c := range [][2]string{
			{"token ghp_" + gh[:11] + brk + gh[11:] + " done", "token " + Masked + " done"},
			{"token ghp_" + gh[:25] + brk + gh[25:] + " done", "token " + Masked + " done"},
			{"key AKIAIOSF" + brk + "ODNN7EXAMPLE", "key " + Masked},
			{"key AKIAIOSFODNN7EXAMPL" + brk + "E, next", "key " + Masked + ", next"},
			{`{"msg":"key AKIA` + brk + `IOSFODNN7EXAMPLE"}`, `{"msg":"key ` + Masked + `"}`},
			{"k AIza" + aiza[:20] + brk + aiza[20:] + ".", "k " + Masked + "."},
			// Round 25: after a scheme or a credential-named key, whose token or value the
			// break would end, the token is still masked whole.
			{"postgres:Bearer ghp_" + gh[:16] + brk + gh[16:], "postgres:Bearer " + Masked},
			{"Authorization: Bearer ghp_" + gh[:20] + brk + gh[20:] + " done", "Authorization: Bearer " + Masked + " done"},
			{"Bearer AKIA" + brk + "IOSFODNN7EXAMPLE", "Bearer " + Masked},
			{"Bearer ghp_" + gh[:16] + brk + gh[16:] + ".more", "Bearer " + Masked},
			{"s3://data/token=ghp_" + gh[:16] + brk + gh[16:] + " next", "s3://data/token=" + Masked + " next"},
			{"key: ghp_" + gh[:16] + brk + gh[16:], "key: " + Masked},
			{"aws_access_key_id=AKIAIOSF" + brk + "ODNN7EXAMPLE", "aws_access_key_id=" + Masked},
			{"x-api-key: AIza" + aiza[:20] + brk + aiza[20:], "x-api-key: " + Masked},
		} {
			checkMaskTexts(t, c[0], c[1])
		}
	}
}

// TestMaskBreaksInsideBody (round 25): a fixed-length token wrapped over several lines, or whose
// next line is indented, is masked whole when its parts complete the body to exactly its
// length; parts that do not, or a part that a space rather than a line break ends, stay.
func TestMaskBreaksInsideBody(t *testing.T) {
	gh := strings.Repeat("A1b", 12)
	for _, brk := range []string{"\n", "\r\n", "\u2028", `\n`, "%0A"} {
		for _, c := range [][2]string{
			{"key AKIAIOSF" + brk + "    ODNN7EXAMPLE", "key " + Masked},
			{"key AKIAIOSF" + brk + "\tODNN7EXAMPLE.", "key " + Masked + "."},
			{"key AKIAIO" + brk + "SFOD" + brk + "NN7EXAMPLE", "key " + Masked},
			{"key AKIA" + brk + "IOSF" + brk + "ODNN7EXAMPLE", "key " + Masked},
			{"key AKIAIOSF" + brk + brk + "  ODNN7EXAMPLE", "key " + Masked},
			{"ghp_" + brk + gh[:16] + brk + gh[16:], Masked},
			{"Bearer ghp_" + gh[:10] + brk + "  " + gh[10:20] + brk + gh[20:], "Bearer " + Masked},
		} {
			checkMaskTexts(t, c[0], c[1])
		}
		for _, line := range []string{
			"AKIAIO" + brk + "SFOD" + brk + "NN7EXAMPLEX", "AKIAIO" + brk + "SFOD" + brk + "NN7 EXAMPLE",
			"AKIA2024" + brk + "  RELEASE notes", "AKIA" + brk + "IS" + brk + "NOT" + brk + "A KEY",
		} {
			checkMaskTexts(t, line, line)
		}
	}
}

// TestMaskBreakInsideBodyKeepsProse: text after a prefix and a line break that does not
// complete a fixed-length body to exactly its length, or goes on as a word, or is cut by a
// tab, is no token: shown as written.
func TestMaskBreakInsideBodyKeepsProse(t *testing.T) {
	for _, line := range []string{
		"AKIA2024\nRELEASE notes", "AKIAIOSF\nODNN7EXAMPLEX", "AKIAIOSF\nODNN7EXAMPLEs", "AKIAIOSF\nODNN7EXAMPL",
		"AKIAIOSF\tODNN7EXAMPLE", `AKIAIOSF\tODNN7EXAMPLE`, `AKIAIOSF\\nODNN7EXAMPLE`, "AKIAIOSF\nODNN7 EXAMPLE",
		"ghp_abc\nshort", "ghp_" + strings.Repeat("A1b", 4) + "\n" + strings.Repeat("A1b", 9), "AIzaAbc\nDefault values",
		"AKIAIOSF\nODNN7EXAMPLE_x",
	} {
		checkMaskTexts(t, line, line)
	}
}

// checkMaskTexts: MaskText and MaskAPIText give want for line, and want again for want; and
// MaskLogLines, which reads a line break as U+2028, masks it too (or, when want is line, keeps
// it).
func checkMaskTexts(t *testing.T, line, want string) {
	t.Helper()
	for name, mask := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
		if got := mask(line); got != want {
			t.Errorf("%s(%q) = %q, want %q", name, line, got, want)
		} else if again := mask(got); again != got {
			t.Errorf("%s not idempotent: %q -> %q -> %q", name, line, got, again)
		}
	}
	got := MaskLogLines([]string{line})[0]
	if masked := want != line; strings.Contains(got, Masked) != masked || masked && strings.ContainsAny(got, "E1b") {
		t.Errorf("MaskLogLines(%q) = %q, want it masked: %v", line, got, masked)
	}
}
