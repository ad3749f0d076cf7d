package client

import "testing"

// r75CiBenchShort is a benchmark's input size: full, or short under -short, with which CI runs
// every package benchmark once so a broken one fails the run without the full inputs' time.
func r75CiBenchShort(full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}

// r75CiBenchCheck fails b unless a redaction benchmark's result got is want, and its redactor
// (redact) hides each of values in a short text: a redactor that found nothing would pass the
// first check and look fast.
func r75CiBenchCheck(b *testing.B, redact func(string) string, values []string, got, want string) {
	b.Helper()
	if got != want {
		b.Fatalf("redacted to %.80q…, want %.80q…", got, want)
	}
	for _, v := range values {
		if s := redact("value " + v + " shown"); s != "value "+redactedMark+" shown" {
			b.Fatalf("%q redacted to %q", v, s)
		}
	}
}
