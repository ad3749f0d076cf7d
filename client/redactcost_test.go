package client

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// manyValues are n values of the audit's kind (round 13): "a" 18 times and a number, so every
// byte of a text of a's begins or continues each of them.
func manyValues(n int) []string {
	values := make([]string, n)
	for i := range values {
		values[i] = fmt.Sprintf("%s%03d", strings.Repeat("a", 18), i)
	}
	return values
}

// hostileLogs is the audit's log answer: lines of a's, each of width bytes.
func hostileLogs(lines, width int) *instanceLogs {
	l := &instanceLogs{Lines: make([]string, lines)}
	for i := range l.Lines {
		l.Lines[i] = strings.Repeat("a", width)
	}
	return l
}

// TestRedactWorkIndependentOfValues: the passes that look for the values (as read, byte for
// byte, and in any case) each run one automaton over the text, whose states looked at are at
// most twice the bytes whatever the number of values: 300 values cost what 1 does. (Each value
// had a Knuth–Morris–Pratt automaton of its own stepped at every byte one was begun at: 300
// values cost 300 times one, and 8 MB of a's took 33 s.)
func TestRedactWorkIndependentOfValues(t *testing.T) {
	text := strings.Repeat("a", 40000) + " " + strings.Repeat("aA", 20000)
	work := map[int]int{}
	for _, n := range []int{1, 300} {
		r := newShownRedactor(manyValues(n))
		steps := 0
		for _, m := range []*multiMatcher{r.nd.readM, r.nd.rawM, r.nd.foldM} {
			m.steps = &steps
		}
		if got := r.redact(text); got != text {
			t.Fatalf("%d values: redacted %q", n, got[:80])
		}
		work[n] = steps
		// The passes over the text: as read (none: no escape in it), byte for byte, any case.
		if steps > 2*2*len(text) {
			t.Errorf("%d values: %d states looked at for %d bytes", n, steps, len(text))
		}
	}
	if work[300] > 2*work[1] {
		t.Errorf("300 values: %d states looked at, 1 value: %d", work[300], work[1])
	}
	// And each value is still found, in any case, among the 300.
	r := newShownRedactor(manyValues(300))
	for _, s := range []string{"x aaaaaaaaaaaaaaaaaa150 y", "x AAAAAAAAAAAAAAAAAA299 y", "aaaAAAaaaAAAaaaAAAaaaaaaaaaaaaAAAaaa007aaa"} {
		if got := r.redact(s); !strings.Contains(got, redactedMark) || strings.Contains(strings.ToLower(got), "aaaaaa150") ||
			strings.Contains(strings.ToLower(got), "aaaaaa299") || strings.Contains(strings.ToLower(got), "aaaaaa007") {
			t.Errorf("%q -> %q", s, got)
		}
	}
}

// TestRedactAllocationsIndependentOfValues: redacting the same text with 300 values allocates
// about as much as with 1 (the automata aside, built once per answer): no state per value and
// byte.
func TestRedactAllocationsIndependentOfValues(t *testing.T) {
	text := strings.Repeat("aAbB", 20000)
	allocs := map[int]float64{}
	for _, n := range []int{1, 300} {
		r := newShownRedactor(manyValues(n))
		allocs[n] = testing.AllocsPerRun(5, func() { r.redact(text) })
	}
	if allocs[300] > allocs[1]+4 {
		t.Errorf("allocations: %v with 300 values, %v with 1", allocs[300], allocs[1])
	}
}

// countingContext ends after Err has been asked n times.
type countingContext struct {
	context.Context
	n int
}

func (c *countingContext) Err() error {
	if c.n--; c.n < 0 {
		return context.DeadlineExceeded
	}
	return nil
}

// TestRedactShownTextsStopsWithTheCall: redacting a long answer stops when the call's context
// ends, between its texts, and shows none of them.
func TestRedactShownTextsStopsWithTheCall(t *testing.T) {
	values := manyValues(300)
	l := hostileLogs(20, 1000)
	l.Lines[0] = "leak " + values[5]
	ctx := &countingContext{Context: context.Background(), n: 3}
	if err := redactShownTexts(ctx, l, values, nil); err != context.DeadlineExceeded {
		t.Fatalf("error %v", err)
	}
	for i, line := range l.Lines {
		if line != "" {
			t.Fatalf("line %d shown: %.40q", i, line)
		}
	}
	if ctx.n >= 0 {
		t.Errorf("stopped after %d texts of 20", 3-ctx.n)
	}
}

// BenchmarkRedactManyValues: the audit's answer (200 log lines of 40,000 a's, 8 MB) redacted
// of 1 value and of 300, side by side (the ratio is the point: about 1); and lines of a's with
// a no-break space after every 9 (read as seen: a value with a space after its 9 a's begins
// at each), of values with a space in them.
func BenchmarkRedactManyValues(b *testing.B) {
	for _, text := range []string{"a", "nbsp"} {
		for _, n := range []int{1, 300} {
			values := manyValues(n)
			unit := "a"
			if text == "nbsp" {
				unit = "aaaaaaaaa\u00a0"
				for i := range values {
					values[i] = values[i][:9] + " " + values[i][9:]
				}
			}
			b.Run(fmt.Sprintf("text=%s/values=%d", text, n), func(b *testing.B) {
				benchmarkRedactLogs(b, values, strings.Repeat(unit, r75CiBenchShort(40000, 4000)/len(unit)))
			})
		}
	}
}

func benchmarkRedactLogs(b *testing.B, values []string, line string) {
	l := &instanceLogs{Lines: make([]string, 200)}
	for i := range l.Lines {
		l.Lines[i] = line
	}
	b.SetBytes(int64(200 * len(line)))
	var out *instanceLogs
	for b.Loop() {
		out = &instanceLogs{Lines: append([]string(nil), l.Lines...)}
		if err := redactShownTexts(context.Background(), out, values, nil); err != nil {
			b.Fatal(err)
		}
	}
	// No value is in the lines (each ends in digits): they are shown as they are; the first and
	// last values are redacted where they are.
	r := newRedactor(values)
	for _, got := range out.Lines {
		r75CiBenchCheck(b, r.redact, []string{values[0], values[len(values)-1]}, got, line)
	}
}
