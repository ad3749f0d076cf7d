package tools

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// r41Form opens a secret form on a fresh surface; store runs for each value entered.
func r41Form(t *testing.T, store func()) (*Env, humanweb.Link) {
	t.Helper()
	s := humanweb.New(humanweb.Options{})
	t.Cleanup(func() { _ = s.Close() })
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "k", Tool: "set_secret", App: "a", Names: []string{"PG_PASS"}, Memo: "memo",
		Store: func(context.Context, string, string) error { store(); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Human: s}, link
}

// r41Post submits value on the page as its browser would, after reading its token.
func r41Post(t *testing.T, link string, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {"v"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	u, _ := url.Parse(link)
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func r41Token(t *testing.T, link string) string {
	t.Helper()
	res, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no token: %s", body)
	}
	return string(m[1])
}

// TestR41PageWaitOutOfTimeWithdrawsThePage: a call whose time ends while it waits on its
// secret-entry page withdraws the page (a later answer stores nothing) and says it ran out of
// time, with the form's memo (a run resumes its steps from it). Before, Await returned ctx's
// error and the page stayed live.
func TestR41PageWaitOutOfTimeWithdrawsThePage(t *testing.T) {
	stored := 0
	env, link := r41Form(t, func() { stored++ })
	token := r41Token(t, link.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	res, err := env.awaitPerson(ctx, link.Ref)
	var ended *callEndedError
	if !errors.As(err, &ended) || ended.storing || !errors.Is(err, context.DeadlineExceeded) || res.Memo != "memo" {
		t.Fatalf("awaitPerson: %+v, %v", res, err)
	}
	if status, body := r41Post(t, link.URL, token); status != http.StatusGone || stored != 0 || !strings.Contains(body, "This request was cancelled") {
		t.Errorf("answer after the call's time ended: %d, %d stored\n%s", status, stored, body)
	}
}

// TestR41PageWaitCancelledWhileStoringSaysStored: values being stored when the call is
// cancelled are not withdrawn: the wait lasts until the store ends and reports them stored.
func TestR41PageWaitCancelledWhileStoringSaysStored(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	env, link := r41Form(t, func() { close(started); <-release })
	token := r41Token(t, link.URL)
	ctx, cancel := context.WithCancel(context.Background())
	type out struct {
		res humanweb.FormResult
		err error
	}
	waited := make(chan out, 1)
	go func() { r, err := env.awaitPerson(ctx, link.Ref); waited <- out{r, err} }()
	posted := make(chan int, 1)
	go func() { status, _ := r41Post(t, link.URL, token); posted <- status }()
	<-started
	cancel()
	time.Sleep(100 * time.Millisecond)
	close(release)
	select {
	case o := <-waited:
		if o.err != nil || o.res.Decision != humanweb.Stored {
			t.Errorf("awaitPerson: %+v, %v", o.res, o.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the wait did not end with the store")
	}
	if status := <-posted; status != http.StatusOK {
		t.Errorf("the store's page: %d", status)
	}
}
