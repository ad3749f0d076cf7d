package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR37AtInPathAfterPortIsNoUserinfo: a URL without a userinfo, whose path or query holds an
// e-mail address after a port or a ":", is not read as a password running past a space to a
// later e-mail; the sentence stays whole (round 37, G1).
func TestR37AtInPathAfterPortIsNoUserinfo(t *testing.T) {
	for _, in := range []string{
		"Webhook http://hooks.example.com:8080/notify?to=bob@corp.example failed; contact alice@corp.example for help",
		"GET http://localhost:8080/users/bob@corp.example returned 404; ask alice@corp.example",
		"server https://api.example.com:443/v1?user=bob@corp.example is down and ops@corp.example was paged",
		"Invite https://cal.example.com/new?at=10:30&to=bob@corp.example sent; replies go to alice@corp.example",
		"see http://localhost:8080/a@b and mail bob@corp.example",
	} {
		for name, mask := range r36Maskers {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
}

// TestR37PasswordWithAtThenSlashAndSpaceIsMasked: a password holding an "@", then "/", "?" or
// "#", then a space is masked up to the userinfo's last "@" past the space (round 37, G2).
func TestR37PasswordWithAtThenSlashAndSpaceIsMasked(t *testing.T) {
	want := "postgres://" + present.Masked + "@db.internal/app"
	for _, in := range []string{
		"postgres://admin:p@ss/x word@db.internal/app",
		"postgres://admin:p@ss?x word@db.internal/app",
		"postgres://admin:p@ss#x word@db.internal/app",
		"postgres://admin:p@s/s w@rd@db.internal/app",
		"postgres://ad min:p@ss/x word@db.internal/app",
		"postgres://admin:pa ss@w/x rd@db.internal/app",
	} {
		for name, mask := range r36Maskers {
			got := mask(in)
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
			for _, part := range []string{"p@ss", "ss/x", "word", "w@rd", "rd@"} {
				if strings.Contains(got, part) {
					t.Errorf("%s(%q) shows %q", name, in, part)
				}
			}
		}
	}
	in := "failed: postgres://admin:p@ss/x word@db.internal:5432/app?password=x, see ops@corp.example"
	wantLine := "failed: postgres://" + present.Masked + "@db.internal:5432/app?password=" + present.Masked + ", see ops@corp.example"
	for name, mask := range r36Maskers {
		if got := mask(in); got != wantLine {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, wantLine)
		}
	}
}
