package humanweb_test

import (
	"context"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestR41JoinedFormOutlivesAnotherCallsEnd: two identical calls share one open secret form; the
// one still waiting joined it (Join). Neither the other call's Withdraw (it ended) nor its
// Cancel (its person declined the question) takes the form from under the waiting one: Withdraw
// says LeftOpen, and the waiter's Await goes on. Once that one leaves too, Withdraw withdraws.
func TestR41JoinedFormOutlivesAnotherCallsEnd(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "f", Tool: "set_secret", App: "a", Names: []string{"PG_PASS"},
		Store: func(context.Context, string, string) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	leave := s.Join(link.Ref)
	awaited := make(chan humanweb.FormResult, 1)
	go func() { r, _ := s.Await(context.Background(), link.Ref); awaited <- r }()
	r51DeterminismAwaiting(t, s, link.Ref)
	if w := s.Withdraw(link.Ref); w != humanweb.LeftOpen {
		t.Errorf("Withdraw by another call while one waits: %v, want LeftOpen", w)
	}
	s.Cancel(link.Ref)
	select {
	case r := <-awaited:
		t.Fatalf("the waiting call's Await ended when another call ended: %v", r.Decision)
	case <-time.After(300 * time.Millisecond):
	}
	leave()
	leave() // once is enough
	if w := s.Withdraw(link.Ref); w != humanweb.WithdrawnNow {
		t.Errorf("Withdraw once nobody waits: %v, want WithdrawnNow", w)
	}
	select {
	case r := <-awaited:
		if r.Decision != humanweb.Withdrawn {
			t.Errorf("Await: %v, want Withdrawn", r.Decision)
		}
	case <-time.After(r53DeterminismGuard):
		t.Fatal("Await did not end once the form was withdrawn")
	}
}
