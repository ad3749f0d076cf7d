package humanweb_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestR41WithdrawnFormRefusesLaterAnswers: a secret form withdrawn because its call ended (the
// call was cancelled while the person had the page open) stays to say so: its page says the
// request was cancelled (410), a later POST with the page's token is refused and stores
// nothing, Await reports Withdrawn with the form's memo, and the next identical call opens a
// new form. Before, Withdraw forgot the link ("Link not valid"), and a cancelled call's wait
// never withdrew it at all, so the page went on storing.
func TestR41WithdrawnFormRefusesLaterAnswers(t *testing.T) {
	var stores atomic.Int32
	s := newSurface(t, humanweb.Options{})
	form := humanweb.SecretForm{Key: "f", Tool: "set_secret", App: "analytics-app (101)", Names: []string{"PG_PASS"}, Memo: "memo",
		Store: func(context.Context, string, string) error { stores.Add(1); return nil }}
	_, link, err := s.Secrets(context.Background(), form)
	if err != nil {
		t.Fatal(err)
	}
	token := tokenOf(t, link.URL)
	awaited := make(chan humanweb.FormResult, 1)
	go func() { r, _ := s.Await(context.Background(), link.Ref); awaited <- r }()
	r51DeterminismAwaiting(t, s, link.Ref)

	if s.Withdraw(link.Ref) != humanweb.WithdrawnNow {
		t.Fatal("Withdraw reported values stored for a form nobody answered")
	}
	select {
	case r := <-awaited:
		if r.Decision != humanweb.Withdrawn || r.Memo != "memo" {
			t.Errorf("Await after Withdraw: %+v", r)
		}
	case <-time.After(r53DeterminismGuard):
		t.Fatal("Await did not return once the form was withdrawn")
	}
	page := get(t, link.URL)
	if page.status != http.StatusGone || !strings.Contains(page.body, `data-outcome="withdrawn"`) || !strings.Contains(page.body, "This request was cancelled") {
		t.Errorf("withdrawn page: %d\n%s", page.status, page.body)
	}
	late := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {"late-value"}}, sameOrigin(link.URL))
	if late.status != http.StatusGone || !strings.Contains(late.body, `data-outcome="withdrawn"`) || stores.Load() != 0 {
		t.Errorf("a POST after the withdrawal: %d, %d stores\n%s", late.status, stores.Load(), late.body)
	}
	// The next identical call opens a new form, not the withdrawn one.
	res, again, err := s.Secrets(context.Background(), form)
	if err != nil || res.Decision != humanweb.Pending || again.URL == link.URL {
		t.Errorf("the next identical call: %+v %v (same link: %v)", res, err, again.URL == link.URL)
	}
}

// TestR41WithdrawWhileStoringLetsTheStoreEnd: values being stored when the call ends are not
// withdrawn: Withdraw says so, the store ends, and Await returns what was stored.
func TestR41WithdrawWhileStoringLetsTheStoreEnd(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	s := newSurface(t, humanweb.Options{})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "f", Tool: "set_secret", App: "a", Names: []string{"PG_PASS"},
		Store: func(context.Context, string, string) error { close(started); <-release; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	token := tokenOf(t, link.URL)
	posted := make(chan response, 1)
	go func() {
		posted <- post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {"v"}}, sameOrigin(link.URL))
	}()
	<-started
	if s.Withdraw(link.Ref) != humanweb.AnsweredAlready {
		t.Fatal("Withdraw withdrew a form whose values were being stored")
	}
	close(release)
	if p := <-posted; p.status != http.StatusOK || !strings.Contains(p.body, `data-outcome="stored"`) {
		t.Errorf("the store's page: %d\n%s", p.status, p.body)
	}
	r, err := s.Await(context.Background(), link.Ref)
	if err != nil || r.Decision != humanweb.Stored {
		t.Errorf("Await: %+v %v", r, err)
	}
}
