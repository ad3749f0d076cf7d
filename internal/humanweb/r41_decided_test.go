package humanweb_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestR41DecidedReadsAnApprovalOnce: Decided reports the page's decision for exactly the key
// it was given for, without opening a link, and consumes an approval as Approval does: once.
func TestR41DecidedReadsAnApprovalOnce(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	if d := s.Decided("k"); d != humanweb.Pending {
		t.Fatalf("no approval yet: %v", d)
	}
	_, link, err := s.Approval(context.Background(), humanweb.Approval{Key: "k", Tool: "delete_app", Action: "Delete app a (1)"})
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Decided("k"); d != humanweb.Pending {
		t.Fatalf("not answered yet: %v", d)
	}
	token := tokenOf(t, link.URL)
	if p := post(t, link.URL, url.Values{"token": {token}, "decision": {"approve"}}, sameOrigin(link.URL)); p.status != http.StatusOK {
		t.Fatalf("approve: %d", p.status)
	}
	if d := s.Decided("other"); d != humanweb.Pending {
		t.Errorf("another key: %v", d)
	}
	if d := s.Decided("k"); d != humanweb.Approved {
		t.Errorf("approved on the page: %v", d)
	}
	if d := s.Decided("k"); d != humanweb.Pending {
		t.Errorf("an approval used once is used up: %v", d)
	}
	if d, _, _ := s.Approval(context.Background(), humanweb.Approval{Key: "k", Tool: "delete_app", Action: "Delete app a (1)"}); d != humanweb.Pending {
		t.Errorf("Approval after Decided used it: %v", d)
	}
}
