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

// A var_dump type's run ends a value before a line separator (string(60)⏎name => …, as
// MaskLogLines joins entries) only when it is one: digits, a sign, a point or a word between
// its parentheses. string(0") is none: the quote in it quotes on, over a line separator as
// over a space, and the text after is the value's (FuzzMaskInvisible seed 3372d6b8c44e3112).
func TestR49MaskingMalformedVarDumpTypeBeforeLineSeparator(t *testing.T) {
	for _, sep := range []string{" ", "\u0085", "\u2028", "\u2029"} {
		in := `pAss=string(0")` + sep + "hunter2 more"
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "hunter2") {
				t.Errorf("%s(%q) = %q: the value after the separator shows", name, in, got)
			}
		}
	}
	// A type as var_dump writes it still ends the value there.
	for _, in := range []string{"password=string(60)\u2028name => string(3) \"bob\"", "password=int(-3)\u2028name => 1"} {
		if got := MaskText(in); !strings.Contains(got, "name =>") {
			t.Errorf("MaskText(%q) = %q: the next pair is hidden", in, got)
		}
	}
}
