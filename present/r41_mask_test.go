package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r41Check masks each in with every masker: the result is want (but in MaskAPIText when
// apiSame is unset), never shows "R41" and is masked again as it is.
func r41Check(t *testing.T, cases []struct{ in, want string }, apiSame bool) {
	t.Helper()
	for _, tc := range cases {
		for name, mask := range r36Maskers {
			got := mask(tc.in)
			want := tc.want
			if name == "MaskLogLines" { // one line, as it writes an entry
				want = mask(want)
			}
			if (apiSame || name != "MaskAPIText") && got != want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, want)
			}
			if strings.Contains(got, "R41") {
				t.Errorf("%s(%q) shows the credential: %q", name, tc.in, got)
			}
			if again := mask(got); again != got {
				t.Errorf("%s not idempotent: %q -> %q -> %q", name, tc.in, got, again)
			}
		}
	}
}

// TestR41PHPVarDumpValueIsMasked: PHP's var_dump writes a value after its type and length
// (["password"]=>⏎  string(8) "hunter22"); the masker masked "string(8)" as the value and
// showed the password after it (round 41, item 1).
func TestR41PHPVarDumpValueIsMasked(t *testing.T) {
	m := present.Masked
	r41Check(t, []struct{ in, want string }{
		{"[\"password\"]=>\n  string(8) \"R41unter\"", "[\"password\"]=>\n  " + m},
		{"[\"db_password\"]=> string(8) \"R41unter\"", "[\"db_password\"]=> " + m},
		{"  [\"api_key\"]=>\n  string(11) \"R41 abc\"def\"\n  [\"user\"]=>\n  string(3) \"bob\"",
			"  [\"api_key\"]=>\n  " + m + "\n  [\"user\"]=>\n  string(3) \"bob\""},
		{"[\"password\":protected]=>\n  string(8) \"R41unter\"", "[\"password\":protected]=>\n  " + m},
		{"[\"token\":\"App\\\\User\":private]=> string(9) \"R41abcdef\"", "[\"token\":\"App\\\\User\":private]=> " + m},
		{"[\"password\"]=> int(410041)", "[\"password\"]=> " + m},
		// print_r as before.
		{"[db_password] => R41unter", "[db_password] => " + m},
		// What names no credential stays.
		{"[\"user\"]=>\n  string(3) \"bob\"", "[\"user\"]=>\n  string(3) \"bob\""},
	}, true)
}

// TestR41ArrowSeparatorMasksTheValue: key -> value (Elixir's, Haskell's and Rust's debug
// output, some loggers) masks the value as key => value does; the masker showed it (round 41,
// item 3).
func TestR41ArrowSeparatorMasksTheValue(t *testing.T) {
	m := present.Masked
	r41Check(t, []struct{ in, want string }{
		{"password -> R41unter22", "password -> " + m},
		{"%{\"password\" -> \"R41unter22\", user -> bob}", "%{\"password\" -> \"" + m + "\", user -> bob}"},
		{"db_password->\"R41unter22\"", "db_password->\"" + m + "\""},
		{"client_secret → R41unter22 user → bob", "client_secret → " + m + " user → bob"},
		// A pointer's member, a value that is no credential's, stays.
		{"user -> bob", "user -> bob"},
		{"$this->password->hash()", "$this->password->hash()"},
	}, true)
	// MaskText masks a word as after "password:"; MaskAPIText reads it as prose, as it does
	// there (its documented price).
	r41Check(t, []struct{ in, want string }{
		{"password -> hunter", "password -> " + m},
		// A breadcrumb of capitalised words is prose in every masker (round 43:
		// TestR43MaskArrowBreadcrumbStays).
		{"Settings -> Password -> Change", "Settings -> Password -> Change"},
	}, false)
	if got := present.MaskAPIText("Settings -> Password -> Change"); got != "Settings -> Password -> Change" {
		t.Errorf("prose masked in an error text: %q", got)
	}
}
