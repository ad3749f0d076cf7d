package present

import (
	"strings"
	"testing"
)

// A connection string's user:password@host written with neither scheme nor port masks its
// password when the user is a name (a letter first), the password holds no space and a host
// follows the "@": a name with a dot, an IP, or a name before "/". E-mail addresses and
// prose stay: no password before them, a time or ratio (digits) before ":", an address's
// prefix (mailto:, from:) or a host that is a bare word (10:30@home).
func TestR48MaskFBareUserPasswordAtHost(t *testing.T) {
	masked := map[string]string{
		"bob:s3cr3tPw@db.example.com":            "bob:" + Masked + "@db.example.com",
		"psql bob:hunter2@db.internal/analytics": "psql bob:" + Masked + "@db.internal/analytics",
		"connect as admin:P%40ss@10.0.0.5":       "connect as admin:" + Masked + "@10.0.0.5",
		`{"dsn":"bob:pw123@db.example.com/app"}`: `{"dsn":"bob:` + Masked + `@db.example.com/app"}`,
		"dsn=bob:pw123@localhost/app":            "dsn=bob:" + Masked + "@localhost/app",
		"user bob:pw123@db.example.com.":         "user bob:" + Masked + "@db.example.com.",
		"bob:pw123@[::1]/app":                    "bob:" + Masked + "@[::1]/app",
		"bob:s3cr3tPw@db.example.com\u2028next":  "bob:" + Masked + "@db.example.com\u2028next",
		"psql\u00a0bob:hunter2@db.internal/a":    "psql\u00a0bob:" + Masked + "@db.internal/a",
		"psql\u2028bob:hunter2@db.internal/a":    "psql\u2028bob:" + Masked + "@db.internal/a",
		"bob:hunter22@db.internal:5432/app":      "bob:" + Masked + "@db.internal:5432/app",
	}
	for in, want := range masked {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
		if got := MaskLogLines([]string{in})[0]; !strings.Contains(got, Masked) {
			t.Errorf("MaskLogLines(%q) = %q: the password shows", in, got)
		}
	}
	for _, in := range []string{
		"mailto:bob@example.com",
		"bob@example.com",
		"at 10:30@home",
		"see ISO 8601 time 12:00@noon",
		"note: bob@example.com",
		"ratio 3:1@scale",
		"git@github.com:org/repo.git",
		"http://host:8080/",
		"it started 10:30:00 and ended 10:31:05",
		"[::1]:5432",
		"from:bob@example.com",
		"created_by:bob@example.com",
		"Email:bob@example.com",
		"sip:alice@voip.example.com",
		"a:b@home",
		"meet me at noon:sharp@home",
		"v1.2:beta@x",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]} {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}
