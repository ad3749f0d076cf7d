package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR35URLPasswordWithASpaceIsMasked: a URL's password holding a space (any Unicode space)
// or a "/" before its "@" is masked to the "@", in API texts and log lines alike; a port's
// digits followed by prose that holds an e-mail address are left as they are.
func TestR35URLPasswordWithASpaceIsMasked(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"connect failed: postgres://admin:rain fall@db.internal:5432/app", "connect failed: postgres://" + present.Masked + "@db.internal:5432/app"},
		{"postgres://admin:Spring2024/rain fall@db.internal:5432/app", "postgres://" + present.Masked + "@db.internal:5432/app"},
		{"postgres://admin:pa\u00a0ss@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
		{"postgres://admin:pa\tss@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
		{"GET http://localhost:8080/api by alice@corp.example", "GET http://localhost:8080/api by alice@corp.example"},
		{"see https://docs.example/x:y z and mail ops@corp.example", "see https://docs.example/x:y z and mail ops@corp.example"},
	} {
		for name, mask := range map[string]func(string) string{"MaskAPIText": present.MaskAPIText, "MaskLogLines": func(s string) string { return present.MaskLogLines([]string{s})[0] }, "MaskText": present.MaskText} {
			if got := mask(tc.in); got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
			for _, part := range []string{"rain", "fall", "pa\u00a0ss", "pa\tss", "Spring"} {
				if strings.Contains(tc.in, "@db") && strings.Contains(mask(tc.in), part) {
					t.Errorf("%s(%q) shows %q", name, tc.in, part)
				}
			}
		}
	}
}
