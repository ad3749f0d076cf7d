package present

import (
	"strings"
	"testing"
)

// r49MaskingEvery returns what each masker shows of in: MaskText, MaskAPIText and
// MaskLogLines (one entry).
func r49MaskingEvery(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// A log level or a label written right before an e-mail address, with no space after its
// colon (ERROR:bob@example.com), is no user name before a password: the address stays
// readable, as after "note: ". A user:password@host after the label is still masked.
func TestR49MaskingLabelBeforeEmailStays(t *testing.T) {
	for _, in := range []string{
		"ERROR:bob@example.com not found",
		"WARN:alice@example.com",
		"Error:bob@example.com",
		"note:bob@example.com",
		"2026-12-04T10:00:00Z INFO:bob@example.com signed in",
		"DETAIL:bob@example.com",
	} {
		for name, got := range r49MaskingEvery(in) {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
	for in, want := range map[string]string{
		"ERROR:bob:hunter2@db.example.com":        "ERROR:bob:" + Masked + "@db.example.com",
		"WARN:admin:P4ssw0rd@10.0.0.5/app":        "WARN:admin:" + Masked + "@10.0.0.5/app",
		"ERROR:scott/tiger@db.internal:1521/ORCL": "ERROR:scott/" + Masked + "@db.internal:1521/ORCL",
		"user:hunter2@db.example.com":             "user:" + Masked + "@db.example.com",
		"admin:hunter2@db.example.com":            "admin:" + Masked + "@db.example.com",
	} {
		for name, got := range r49MaskingEvery(in) {
			if name == "MaskLogLines" {
				if strings.Contains(got, "hunter2") || strings.Contains(got, "P4ssw0rd") || strings.Contains(got, "tiger") {
					t.Errorf("%s(%q) = %q: the password shows", name, in, got)
				}
				continue
			}
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}
