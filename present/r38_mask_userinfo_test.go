package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR38EmailUserBeforeSpacedOrSlashedPasswordIsMasked: a user name holding "@" (Azure's
// user@server, SMTP logins) before a password holding a space or "/" leaves the userinfo masked
// up to its last "@" (round 38, K1).
func TestR38EmailUserBeforeSpacedOrSlashedPasswordIsMasked(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"connect failed: postgres://myadmin@mydemoserver:rain fall@mydemoserver.postgres.database.azure.com:5432/app",
			"connect failed: postgres://" + present.Masked + "@mydemoserver.postgres.database.azure.com:5432/app"},
		{"postgres://myadmin@mydemoserver:pa/ss@mydemoserver.postgres.database.azure.com/app",
			"postgres://" + present.Masked + "@mydemoserver.postgres.database.azure.com/app"},
		{"smtp://alerts@corp.example:rain fall@smtp.corp.example:587",
			"smtp://" + present.Masked + "@smtp.corp.example:587"},
		{"postgres://bob@corp.com:pa/ss@w rd@db.internal/app",
			"postgres://" + present.Masked + "@db.internal/app"},
	} {
		for name, mask := range r36Maskers {
			got := mask(tc.in)
			if got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
			for _, part := range []string{"rain fall", "pa/ss", "w rd"} {
				if strings.Contains(got, part) {
					t.Errorf("%s(%q) shows %q", name, tc.in, part)
				}
			}
		}
	}
}

// TestR38SpacedPasswordWithAtThenSymbolIsMasked: a password holding a space, then "@"
// followed by a symbol, is masked up to the userinfo's last "@" (round 38, K2).
func TestR38SpacedPasswordWithAtThenSymbolIsMasked(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"connect failed: postgres://admin:my pass@!2024@db.internal/app",
			"connect failed: postgres://" + present.Masked + "@db.internal/app"},
		{"postgres://admin:correct horse@$battery@db.internal/app",
			"postgres://" + present.Masked + "@db.internal/app"},
	} {
		for name, mask := range r36Maskers {
			if got := mask(tc.in); got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
		}
	}
}

// TestR38AtInQueryOrFragmentAfterPortIsNoUserinfo: an "@" in a query or fragment straight
// after a port, or in the path after an IPv6 host's port, is no userinfo; the sentence stays
// whole (round 38, K3).
func TestR38AtInQueryOrFragmentAfterPortIsNoUserinfo(t *testing.T) {
	for _, in := range []string{
		"Webhook http://hooks.example.com:8080?to=bob@corp.example failed; contact alice@corp.example for help",
		"http://hooks.example.com:8080#to=bob@corp.example",
		"see http://hooks.example.com:8080#to=bob@corp.example and mail alice@corp.example",
		"GET http://[::1]:8080/users/bob@corp.example returned 404; ask alice@corp.example",
		"GET http://[::1]:8080?to=bob@corp.example returned 404; ask alice@corp.example",
	} {
		for name, mask := range r36Maskers {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
}

// TestR38DigitPasswordWithQuestionMarkStaysMasked: a password of digits then "?" and no "="
// is no port and query; it is masked (round 38, K3's limit).
func TestR38DigitPasswordWithQuestionMarkStaysMasked(t *testing.T) {
	in, want := "postgres://user:1234?x@db.internal/app", "postgres://"+present.Masked+"@db.internal/app"
	for name, mask := range r36Maskers {
		if got := mask(in); got != want {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
		}
	}
}
