package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r36Maskers are the three masks a URL's userinfo goes through.
var r36Maskers = map[string]func(string) string{
	"MaskAPIText":  present.MaskAPIText,
	"MaskText":     present.MaskText,
	"MaskLogLines": func(s string) string { return present.MaskLogLines([]string{s})[0] },
}

// TestR36UserinfoWithEmptyOrSpacedUserIsMasked: an empty user name before a password holding a
// space, and a user name holding a space, leave the userinfo masked whole (round 36, F1).
func TestR36UserinfoWithEmptyOrSpacedUserIsMasked(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"redis://:rain fall@cache.internal:6379/0", "redis://" + present.Masked + "@cache.internal:6379/0"},
		{"cache at redis://:rain fall@cache.internal:6379/0 is down", "cache at redis://" + present.Masked + "@cache.internal:6379/0 is down"},
		{"postgres://ad min:rainfall@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
		{"postgres://ad min:rainfall@db.internal/app?sslmode=require", "postgres://" + present.Masked + "@db.internal/app?sslmode=require"},
	} {
		for name, mask := range r36Maskers {
			if got := mask(tc.in); got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
		}
	}
}

// TestR36PasswordWithAtAndSpaceIsMaskedToTheLastAt: a password holding an "@" and a space is
// masked up to the userinfo's last "@", followed past the space (round 36, F3).
func TestR36PasswordWithAtAndSpaceIsMaskedToTheLastAt(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://admin:p@ss word@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
		{"failed: postgres://admin:p@ss word@db.internal:5432/app?password=x.", "failed: postgres://" + present.Masked + "@db.internal:5432/app?password=" + present.Masked + "."},
		{"postgres://admin:p@ss w@rd x@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
		{"postgres://admin:p/q@ss word@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
		{"postgres://admin:rain fall@ss word@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
		{"postgres://admin:rain fall@@db.internal/app", "postgres://" + present.Masked + "@db.internal/app"},
	} {
		for name, mask := range r36Maskers {
			got := mask(tc.in)
			if got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
			for _, part := range []string{"p@ss", "ss word", "rain", "w@rd"} {
				if strings.Contains(got, part) {
					t.Errorf("%s(%q) shows %q", name, tc.in, part)
				}
			}
		}
	}
}

// TestR36ProseAfterURLStaysReadable: prose after a URL (a time, an e-mail address, a port's
// digits) is not read as a user name holding a space, nor as a password; a userinfo without a
// password is not followed past a space.
func TestR36ProseAfterURLStaysReadable(t *testing.T) {
	in := "fetched https://git@github.com and mailed bob@corp.example"
	want := "fetched https://" + present.Masked + "@github.com and mailed bob@corp.example"
	for name, mask := range r36Maskers {
		if got := mask(in); got != want {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
		}
	}
	for _, in := range []string{
		"GET http://localhost:8080/x by bob@corp.example",
		"GET http://localhost:8080 by bob@corp.example",
		"fetched http://api.example.com at 10:30:15 by bob@corp.example",
		"see http://api.example.com or mailto:bob@corp.example",
		"http://:8080/x by bob@corp.example",
	} {
		for name, mask := range r36Maskers {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
}
