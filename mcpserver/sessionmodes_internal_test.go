package mcpserver

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestSessionIDCarriesElicitationModes: a session ID carries the elicitation modes its client
// declared, under the tag (one with other modes is no session), and IDs without them, as an
// earlier version issued, stay valid with the modes unknown.
func TestSessionIDCarriesElicitationModes(t *testing.T) {
	ids := newSessionIDs([]byte("key"), 10, time.Minute)
	const alice = "alice"
	for _, tc := range []struct {
		body      string
		form, url bool
	}{
		{`{"params":{"capabilities":{}}}`, false, false},
		{`{"params":{"capabilities":{"elicitation":{}}}}`, true, false},
		{`{"params":{"capabilities":{"elicitation":{"url":{}}}}}`, false, true},
		{`{"params":{"capabilities":{"elicitation":{"form":{},"url":{}}}}}`, true, true},
	} {
		m, ok := initializeModes([]byte(tc.body))
		if !ok {
			t.Fatalf("%s: unread", tc.body)
		}
		id := ids.issueModes(alice, m)
		form, url, known := sessionElicitation(id)
		if !ids.valid(id, alice) || ids.valid(id, "bob") || !known || form != tc.form || url != tc.url {
			t.Errorf("%s: %s valid %v, modes %v %v %v", tc.body, id, ids.valid(id, alice), form, url, known)
		}
		parts := strings.Split(id, ".")
		for _, other := range []string{"0", "1", "2", "3", "4", "", "11"} {
			if other != parts[1] && ids.valid(parts[0]+"."+other+"."+parts[2], alice) {
				t.Errorf("%s with modes %q is valid", id, other)
			}
		}
	}
	if _, ok := initializeModes([]byte(`{"params":{"capabilities":{"elicitation":5}}}`)); ok {
		t.Error("an elicitation capability that does not decode was read")
	}
	u := uuid.NewString()
	legacy := sessionPrefix + u + "." + ids.tag(u, alice)
	if _, _, known := sessionElicitation(legacy); !ids.valid(legacy, alice) || known {
		t.Errorf("an ID without modes: valid %v, modes known %v", ids.valid(legacy, alice), known)
	}
}
