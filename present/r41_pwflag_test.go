package present_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR41ShortPasswordFlagsAreMasked: --pw, --passwd and --pwd take a password as --password
// does; --pw's name named no credential, so its value was shown (round 41, item 5).
func TestR41ShortPasswordFlagsAreMasked(t *testing.T) {
	m := present.Masked
	r41Check(t, []struct{ in, want string }{
		{"exec: tool --pw R41unter22 --host db", "exec: tool --pw " + m + " --host db"},
		{"tool --db-pw R41unter22", "tool --db-pw " + m},
		{"tool --passwd R41unter22", "tool --passwd " + m},
		{"tool --pwd R41unter22", "tool --pwd " + m},
		{"tool --PW \"R41 x\"", "tool --PW \"" + m + "\""},
		// A word after the flag is its usage's prose, as after --password; other flags stay.
		{"use --pw to give the password", "use --pw to give the password"},
		{"tool --pw-file /run/pw --pwx 3", "tool --pw-file /run/pw --pwx 3"},
	}, true)
}
