package present

import (
	"slices"
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

// TestMaskBreakThenEscapedIndent (round 26): a line break written out and the next line's
// indentation written out too (%0A%20%20, &#10;&#32;&#32;, \n\u0020\u0020, \n\x20, %0A%09)
// do not let the rest of a fixed-length token through: masked whole, as with spaces as they are.
func TestMaskBreakThenEscapedIndent(t *testing.T) {
	gh := strings.Repeat("A1b", 12)
	for _, gap := range []string{"%0A%20%20", "&#10;&#32;&#32;", `\n\u0020\u0020`, `\n\x20`, "%0A%09", "&#10;&#x20;", "%0A %20", "%0D%0A%20"} {
		for _, c := range [][2]string{
			{"Bearer ghp_" + gh[:16] + gap + gh[16:], "Bearer " + Masked},
			{"Authorization: Bearer ghp_" + gh[:16] + gap + gh[16:] + " done", "Authorization: Bearer " + Masked + " done"},
			{"key AKIAIOSF" + gap + "ODNN7EXAMPLE", "key " + Masked},
			{"aws_access_key_id=AKIAIOSF" + gap + "ODNN7EXAMPLE", "aws_access_key_id=" + Masked},
		} {
			checkMaskTexts(t, c[0], c[1])
		}
		// Parts that do not complete the body exactly stay.
		for _, line := range []string{"AKIA2024" + gap + "RELEASE notes", "AKIAIOSF" + gap + "ODNN7EXAMPLEX"} {
			checkMaskTexts(t, line, line)
		}
	}
	// A space's escape with no line break before it still ends a part.
	checkMaskTexts(t, "AKIAIOSF%20ODNN7EXAMPLE", "AKIAIOSF%20ODNN7EXAMPLE")
}

// TestMaskKeepsTextAfterWrittenMask (round 26): a Masked the text holds already after Bearer (a
// placeholder in prose, a token masked before) is no token cut by a line break: the text after
// it is kept. A token line breaks cut is still masked with the rest of its word.
func TestMaskKeepsTextAfterWrittenMask(t *testing.T) {
	gh := strings.Repeat("A1b", 12)
	for _, line := range []string{
		"Use Bearer " + Masked + "-style placeholders",
		"Bearer " + Masked + ".example in the docs",
		"send Bearer " + Masked + "/v1 next",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText,
			"MaskLogLines": func(s string) string { return MaskLogLines([]string{s})[0] }} {
			if got := mask(line); got != line {
				t.Errorf("%s(%q) = %q, want it kept", name, line, got)
			}
		}
	}
	checkMaskTexts(t, "Bearer ghp_"+gh[:16]+"\n"+gh[16:]+".more", "Bearer "+Masked)
	checkMaskTexts(t, "Use Bearer "+Masked+"-style or Bearer ghp_"+gh[:16]+"\n"+gh[16:]+".more", "Use Bearer "+Masked+"-style or Bearer "+Masked)
}

// TestMaskLogLinesWrappedAcrossEntries (round 26): the instance-log route returns a wrapped
// line's parts one entry each; a fixed-length token an entry ends inside and the next entries
// complete (after their indentation, or the log prefix the first entry starts with repeated,
// round 27: other digits, level, target, [pod]; its body maybe cut inside the first entry too)
// is masked in every entry, the entries kept apart, with the rest of a value after Bearer or a
// key; parts that do not complete it exactly stay.
func TestMaskLogLinesWrappedAcrossEntries(t *testing.T) {
	gh := strings.Repeat("A1b", 12)
	aiza := "SyA" + strings.Repeat("b", 32)
	const stamp = "2024-06-01T10:00:00.123Z"
	for _, c := range []struct{ in, want []string }{
		{[]string{"Authorization: Bearer ghp_" + gh[:16], "  " + gh[16:]}, []string{"Authorization: Bearer " + Masked, Masked}},
		{[]string{"aws key: AKIAIOSF", "ODNN7EXAMPLE"}, []string{"aws key: " + Masked, Masked}},
		{[]string{"token ghp_" + gh[:30], "\t" + gh[30:] + " done", "next"}, []string{"token " + Masked, Masked + " done", "next"}},
		{[]string{"key AKIAIO", "SFOD", "  NN7EXAMPLE, next", "after"}, []string{"key " + Masked, Masked, Masked + ", next", "after"}},
		{[]string{"k AIza" + aiza[:20], aiza[20:] + "."}, []string{"k " + Masked, Masked + "."}},
		{[]string{stamp + " key AKIAIOSF", stamp + "   ODNN7EXAMPLE"}, []string{stamp + " key " + Masked, stamp + "   " + Masked}},
		{[]string{"\x1b[2mkey AKIA\x1b[0m", "\x1b[2mIOSFODNN7EXAMPLE\x1b[0m"}, []string{"key " + Masked, Masked}},
		{[]string{"key AKIAIOSF\x1b[0m\x1b[K", "ODNN7EXAMPLE"}, []string{"key " + Masked, Masked}},
		{[]string{"first AKIAIOSF", "ODNN7EXAMPLE then ghp_" + gh[:1], gh[1:]}, []string{"first " + Masked, Masked + " then " + Masked, Masked}},
		// Round 27: prefixes repeated with other digits, levels, targets, brackets; breaks inside
		// the first entry; the rest of a value after Bearer or a key.
		{[]string{"2026-12-02T19:56:48.123Z token ghp_" + gh[:16], "2026-12-02T19:56:48.124Z " + gh[16:]},
			[]string{"2026-12-02T19:56:48.123Z token " + Masked, "2026-12-02T19:56:48.124Z " + Masked}},
		{[]string{"10:00:00.001 key AIza" + aiza[:6], "10:00:00.002 " + aiza[6:]}, []string{"10:00:00.001 key " + Masked, "10:00:00.002 " + Masked}},
		{[]string{"2026-12-02 19:56:48 INFO token ghp_" + gh[:16], "2026-12-02 19:56:49 INFO " + gh[16:]},
			[]string{"2026-12-02 19:56:48 INFO token " + Masked, "2026-12-02 19:56:49 INFO " + Masked}},
		{[]string{"[pod-1] token ghp_" + gh[:16], "[pod-1] " + gh[16:]}, []string{"[pod-1] token " + Masked, "[pod-1] " + Masked}},
		{[]string{"2026-12-02T19:56:48.123456Z  INFO runtime: key AKIAIOSFOD", "2026-12-02T19:56:48.12346Z  INFO runtime: NN7EXAMPLE"},
			[]string{"2026-12-02T19:56:48.123456Z  INFO runtime: key " + Masked, "2026-12-02T19:56:48.12346Z  INFO runtime: " + Masked}},
		{[]string{"key AKIAIO\nSFOD", "NN7EXAMPLE done"}, []string{"key " + Masked, Masked + " done"}},
		{[]string{"token ghp_" + gh[:10] + "\n  " + gh[10:20], "  " + gh[20:] + " done"}, []string{"token " + Masked, Masked + " done"}},
		{[]string{"token ghp_" + gh[:10] + "\r\n        " + gh[10:32], "\t\t" + gh[32:] + " done"}, []string{"token " + Masked, Masked + " done"}},
		{[]string{"Bearer AKIAIOSF", "ODNN7EXAMPLE.secretpart rest"}, []string{"Bearer " + Masked, Masked + " rest"}},
		{[]string{"password=AKIAIOSF", "  ODNN7EXAMPLE/more rest"}, []string{"password=" + Masked, Masked + " rest"}},
		{[]string{"key AKIAIOSF", "ODNN7EXAMPLE.txt rest"}, []string{"key " + Masked, Masked + ".txt rest"}},
		// Round 28: another level is the same prefix (a collector may read each part's level
		// anew); another target or [pod] is another source's entry.
		{[]string{"INFO key AKIAIOSF", "WARN ODNN7EXAMPLE"}, []string{"INFO key " + Masked, "WARN " + Masked}},
		{[]string{"INFO runtime: key AKIAIOSF", "INFO flight: ODNN7EXAMPLE"}, []string{"INFO runtime: key AKIAIOSF", "INFO flight: ODNN7EXAMPLE"}},
		{[]string{"[pod-1] key AKIAIOSF", "[job-1] ODNN7EXAMPLE"}, []string{"[pod-1] key AKIAIOSF", "[job-1] ODNN7EXAMPLE"}},
		// Not completed exactly, or going on as a word: shown.
		{[]string{"key AKIA2024", "RELEASE notes"}, []string{"key AKIA2024", "RELEASE notes"}},
		{[]string{"key AKIAIOSF", "ODNN7EXAMPLEX"}, []string{"key AKIAIOSF", "ODNN7EXAMPLEX"}},
		{[]string{"key AKIAIOSF", "ODNN7 EXAMPLE"}, []string{"key AKIAIOSF", "ODNN7 EXAMPLE"}},
		{[]string{"ghp_abc", "short"}, []string{"ghp_abc", "short"}},
		{[]string{"key AKIAIOSF", "other ODNN7EXAMPLE"}, []string{"key AKIAIOSF", "other ODNN7EXAMPLE"}},
	} {
		got := MaskLogLines(c.in)
		if !slices.Equal(got, c.want) {
			t.Errorf("MaskLogLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMaskLogLinesWrappedUnderLogPrefixes (round 28): a token wrapped across entries is masked
// in each under the prefixes logs repeat (tracing's target and span fields, syslog, klog,
// logfmt, a level of its own or none), and no prefix word (WARN, runtime:) is read as its rest.
func TestMaskLogLinesWrappedUnderLogPrefixes(t *testing.T) {
	const head, rest = "ghp_aB3dE5fG7hJ9kL1mN3pQ5r", "S7tU9vW1xY3z5A" // 36 after ghp_, cut at 22
	for _, c := range [][2]string{
		{"2024-06-01T10:00:00.123456Z  INFO runtime::http{method=GET}: ", "2024-06-01T10:00:00.123457Z  INFO runtime::http{method=GET}: "},
		{"2024-06-01T10:00:00Z INFO runtime::http{method=GET uri=/v1/sql}: ", "2024-06-01T10:00:01Z INFO runtime::http{method=GET uri=/v1/sql}: "},
		{"2024-06-01T10:00:00Z INFO runtime{id=7}:sql{n=9}: ", "2024-06-01T10:00:00Z INFO runtime{id=7}:sql{n=10}: "},
		{"Jun 01 10:00:00 host app[12]: ", "Jun 01 10:00:01 host app[12]: "},
		{"I0601 10:00:00.123456 1 x.go:12] ", "I0601 10:00:00.123457 1 x.go:12] "},
		{"ts=2024-06-01T10:00:00Z level=info msg=", "ts=2024-06-01T10:00:00.5Z level=info msg="},
		{"ts=2024-06-01T10:00:00Z level=info caller=x.go:12 msg=", "ts=2024-06-01T10:00:01Z level=warn caller=x.go:13 msg="},
		{"2024-06-01T10:00:00Z [INFO] runtime: key ", "2024-06-01T10:00:01Z [WARN] runtime: "},
		{"2024-06-01T10:00:00Z INFO runtime: key ", "2024-06-01T10:00:01Z WARN runtime: "},
		{"2024-06-01T10:00:00Z INFO runtime: key ", "2024-06-01T10:00:01Z "},
		{"key ", "ERROR "},
	} {
		got := MaskLogLines([]string{c[0] + head, c[1] + rest + " next"})
		want := []string{c[0] + Masked, c[1] + Masked + " next"}
		if !slices.Equal(got, want) {
			t.Errorf("MaskLogLines(%q, %q) = %q, want %q", c[0]+head, c[1]+rest, got, want)
		}
	}
	// The rest after a level of its own: the level stays, the token's rest is masked.
	got := MaskLogLines([]string{"2024-06-01T10:00:00Z INFO runtime: key AKIAIOSFODNN7EXA", "2024-06-01T10:00:01Z WARN runtime: MPLE done and more words"})
	if want := []string{"2024-06-01T10:00:00Z INFO runtime: key " + Masked, "2024-06-01T10:00:01Z WARN runtime: " + Masked + " done and more words"}; !slices.Equal(got, want) {
		t.Errorf("levels: %q, want %q", got, want)
	}
}

// TestMaskLogLinesEntriesAreLinear (round 28): entries that repeat one another whole (their
// prefix and a token's start) are masked in time linear in their number: the prefix never
// takes the word the token starts in, and a token is followed over 40 entries at most.
func TestMaskLogLinesEntriesAreLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector; .ci/run runs this test without -race")
	}
	entries := func(n int) string {
		line := "2024-06-01T10:00:00Z INFO runtime::http{method=GET}:sql{n=1}: a=b c=d " + strings.Repeat("x", 70) + " ghp_aB3dE5fG7hJ9kL1mN3pQ5r"
		return strings.Repeat(line+"\n", n)
	}
	for _, line := range []string{"", "INFO "} { // and entries holding a prefix alone
		mask := func(s string) { MaskLogLines(strings.Split(strings.ReplaceAll(s, "\n", "\n"+line+"\n"), "\n")) }
		checkLinear(t, mask, entries(100), entries(800))
	}
}
