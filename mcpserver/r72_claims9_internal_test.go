package mcpserver

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestR72Claims9CallerIsAHashNeverTheToken: README (Limits) says each caller is "a hash of its
// HTTP bearer token, never the token": the key approvals and links are bound to is 32 hex
// digits holding no 8 bytes of a canary token, tells two tokens apart, and is "" over stdio.
func TestR72Claims9CallerIsAHashNeverTheToken(t *testing.T) {
	const canary = "r72-claims9-canary-bearer-0123456789abcdef"
	got := caller(context.WithValue(context.Background(), bearerKey{}, canary))
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(got) {
		t.Fatalf("the caller of a bearer token is %q, want 32 hex digits", got)
	}
	for i := 0; i+8 <= len(canary); i++ {
		if strings.Contains(got, canary[i:i+8]) {
			t.Errorf("the caller %q holds %q of the canary token", got, canary[i:i+8])
		}
	}
	if other := caller(context.WithValue(context.Background(), bearerKey{}, canary+"x")); other == got {
		t.Errorf("two tokens are one caller, %q", got)
	}
	if c := caller(context.Background()); c != "" {
		t.Errorf("stdio's caller is %q, want none", c)
	}
}
