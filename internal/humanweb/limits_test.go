package humanweb_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// callerApproval asks for an approval as caller.
func callerApproval(s *humanweb.Surface, caller, key string) (humanweb.Link, error) {
	_, link, err := s.Approval(context.Background(), humanweb.Approval{Key: key, Caller: caller, Tool: "delete_app", Action: "Delete app " + key})
	return link, err
}

// callerForm asks for a secret form as caller.
func callerForm(s *humanweb.Surface, caller, key string) (humanweb.Link, error) {
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: key, Caller: caller, Tool: "set_secret", App: "docs-search",
		Names: []string{"FILL"}, Store: func(context.Context, string, string) error { return nil }})
	return link, err
}

// answer declines an approval on its page.
func answer(t *testing.T, link humanweb.Link) {
	t.Helper()
	if r := post(t, link.URL, url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"decline"}}, sameOrigin(link.URL)); r.status != http.StatusOK {
		t.Fatalf("decline: %d", r.status)
	}
}

// outcome is the data-outcome of a link's page.
func outcome(t *testing.T, link humanweb.Link) string {
	t.Helper()
	body := get(t, link.URL).body
	_, rest, _ := strings.Cut(body, `data-outcome="`)
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

// TestOneCallerCannotLockOthersOut: a caller that fills its own cap of links waiting for an
// answer is refused, with a message about its own links; every other caller still gets
// approval and secret links; the full caller gets room back once a link is answered or expires.
func TestOneCallerCannotLockOthersOut(t *testing.T) {
	clock := newClock()
	s := newSurface(t, humanweb.Options{Now: clock.Now, TTL: time.Minute, MaxOpenPerCaller: 3})
	var erin []humanweb.Link
	for i := range 3 {
		open := callerApproval
		if i%2 == 1 {
			open = callerForm
		}
		link, err := open(s, "erin", fmt.Sprintf("e%d", i))
		if err != nil {
			t.Fatalf("erin's link %d: %v", i, err)
		}
		erin = append(erin, link)
	}
	for _, open := range []func(*humanweb.Surface, string, string) (humanweb.Link, error){callerApproval, callerForm} {
		_, err := open(s, "erin", "e-more")
		if !errors.Is(err, humanweb.ErrTooMany) || !strings.Contains(err.Error(), "you already have 3 approval and secret links waiting") ||
			!strings.Contains(err.Error(), "answer some of yours or let them expire") {
			t.Errorf("erin over her cap: %v", err)
		}
	}
	// The same call gets its open link again: that is no new link.
	if again, err := callerApproval(s, "erin", "e0"); err != nil || again.URL != erin[0].URL {
		t.Errorf("erin's open link again: %v", err)
	}
	// Other callers, and stdio's "", are not affected.
	for _, caller := range []string{"alice", ""} {
		if _, err := callerApproval(s, caller, caller+"-delete"); err != nil {
			t.Errorf("%q's approval: %v", caller, err)
		}
		if _, err := callerForm(s, caller, caller+"-secret"); err != nil {
			t.Errorf("%q's secret form: %v", caller, err)
		}
	}
	// An answered link no longer waits: erin has room for one more.
	answer(t, erin[0])
	if _, err := callerApproval(s, "erin", "e3"); err != nil {
		t.Errorf("erin after an answer: %v", err)
	}
	if _, err := callerApproval(s, "erin", "e4"); !errors.Is(err, humanweb.ErrTooMany) {
		t.Errorf("erin full again: %v", err)
	}
	// Expired links no longer wait either.
	clock.Advance(61 * time.Second)
	if _, err := callerApproval(s, "erin", "e4"); err != nil {
		t.Errorf("erin after expiry: %v", err)
	}
}

// TestAtTheBoundTheHeaviestCallerMakesRoom: when the process keeps its most links, a new one
// replaces one of the caller holding the most (an answered one before a waiting one, the oldest
// first), never another caller's, and never a form a call is waiting on.
func TestAtTheBoundTheHeaviestCallerMakesRoom(t *testing.T) {
	s := newSurface(t, humanweb.Options{MaxOpen: 5, MaxOpenPerCaller: 3})
	a1, err := callerForm(s, "a", "a1")
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := callerApproval(s, "a", "a2")
	a3, _ := callerApproval(s, "a", "a3")
	answer(t, a2)
	a4, err := callerApproval(s, "a", "a4")
	if err != nil {
		t.Fatal(err)
	}
	b1, err := callerApproval(s, "b", "b1")
	if err != nil {
		t.Fatal(err)
	}
	// Five links kept: c's makes room from a (four), its answered one first.
	c1, err := callerApproval(s, "c", "c1")
	if err != nil {
		t.Fatalf("c at the bound: %v", err)
	}
	if got := outcome(t, a2); got != "unknown" {
		t.Errorf("a's answered link is %q, want replaced", got)
	}
	// Again: a still holds the most (three). Its oldest waiting link is a form a call waits on
	// (the person may be typing): that one stays, and the next oldest goes.
	ctx, cancel := context.WithCancel(context.Background())
	awaited := make(chan error, 1)
	go func() { _, err := s.Await(ctx, a1.Ref); awaited <- err }()
	r51DeterminismAwaiting(t, s, a1.Ref) // the call is waiting on its form
	if _, err := callerApproval(s, "c", "c2"); err != nil {
		t.Fatalf("c at the bound again: %v", err)
	}
	for name, link := range map[string]humanweb.Link{"a1": a1, "a3": a3, "a4": a4, "b1": b1, "c1": c1} {
		want := "pending"
		if name == "a3" {
			want = "unknown"
		}
		if got := outcome(t, link); got != want {
			t.Errorf("%s is %q, want %q", name, got, want)
		}
	}
	cancel()
	if err := <-awaited; !errors.Is(err, context.Canceled) {
		t.Errorf("await: %v", err)
	}
}

// TestBusyLinksAreNeverReplaced: a link whose values are being stored is not dropped for room;
// when every kept link is, a new one is refused (ErrFull) until one is done.
func TestBusyLinksAreNeverReplaced(t *testing.T) {
	s := newSurface(t, humanweb.Options{MaxOpen: 1})
	release, storing := make(chan struct{}), make(chan struct{})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "slow", Caller: "a", Names: []string{"A"},
		Store: func(context.Context, string, string) error { close(storing); <-release; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	token := tokenOf(t, link.URL)
	done := make(chan response, 1)
	go func() {
		done <- post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {"v"}}, sameOrigin(link.URL))
	}()
	<-storing
	if _, err := callerApproval(s, "b", "b1"); !errors.Is(err, humanweb.ErrFull) {
		t.Errorf("while storing: %v", err)
	}
	close(release)
	if r := <-done; r.status != http.StatusOK || !strings.Contains(r.body, `data-outcome="stored"`) {
		t.Fatalf("store: %d", r.status)
	}
	if _, err := callerApproval(s, "b", "b1"); err != nil {
		t.Errorf("after storing: %v", err)
	}
}

// TestAwaitedLinksAreNeverReplaced: a secret form a call is waiting on (the person may be typing)
// is not dropped to make room at the bound; the request that needed room fails instead, and
// gets it once the call stops waiting.
func TestAwaitedLinksAreNeverReplaced(t *testing.T) {
	s := newSurface(t, humanweb.Options{MaxOpen: 1})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "typing", Caller: "a", Names: []string{"A"},
		Store: func(context.Context, string, string) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	waited := make(chan error, 1)
	go func() { _, err := s.Await(ctx, link.Ref); waited <- err }()
	r51DeterminismAwaiting(t, s, link.Ref) // the call is waiting on its form
	if _, err := callerApproval(s, "b", "b1"); !errors.Is(err, humanweb.ErrFull) {
		t.Errorf("while a call waits on the only link: %v, want ErrFull", err)
	}
	cancel()
	if err := <-waited; !errors.Is(err, context.Canceled) {
		t.Errorf("await: %v", err)
	}
	if _, err := callerApproval(s, "b", "b1"); err != nil {
		t.Errorf("once nobody waits: %v", err)
	}
}
