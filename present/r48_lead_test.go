package present

import (
	"strings"
	"testing"
)

// TestR48SandboxHostRefusedShortensALongHost: sandbox-api's refusal quotes the Host it refused,
// but a header far longer than any host name is shortened with a note, not repeated whole.
func TestR48SandboxHostRefusedShortensALongHost(t *testing.T) {
	if got := SandboxHostRefused("evil.example:8787"); !strings.HasPrefix(got, `Host "evil.example:8787" is not allowed`) {
		t.Errorf("short host: %s", got)
	}
	long := strings.Repeat("a", 10000) + ".example"
	got := SandboxHostRefused(long)
	if len(got) > 800 {
		t.Errorf("a 10,008-character Host gives a %d-byte refusal", len(got))
	}
	if !strings.Contains(got, "(shortened; 10,008 characters in all)") {
		t.Errorf("no shortening note: %s", got)
	}
}
