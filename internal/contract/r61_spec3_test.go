package contract

import (
	"strings"
	"testing"
)

// TestR61Spec3RequestsInTheCanonicalSpelling: the emulator reads a route as Express does (a
// trailing slash, literal segments in any case: api/README §10 "Route spelling"), but the client
// sends the one spelling openapi.json writes; the contract that checks every request of the
// client's tests holds it to that (held).
func TestR61Spec3RequestsInTheCanonicalSpelling(t *testing.T) {
	s := sharedSpec(t)
	if _, probs := s.ValidateRequest("GET", "/v1/projects/12", nil, nil, nil); len(probs) > 0 {
		t.Fatalf("canonical path: %q", probs)
	}
	for _, p := range []string{"/v1/projects/12/", "/V1/Projects/12", "/v1/APPS/12", "/v1/projects/"} {
		if _, probs := s.ValidateRequest("GET", p, nil, nil, nil); len(probs) != 1 || !strings.HasPrefix(probs[0], "no operation for GET "+p) {
			t.Errorf("GET %s: problems %q, want no operation", p, probs)
		}
	}
}
