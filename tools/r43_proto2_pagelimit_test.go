package tools

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR43Proto2PageWaitOutlastsTheTimeLimit: the wait for a secret-entry page pauses the call's
// time limit (a person's time does not count), so a call whose limit is 100 ms still waits 400 ms
// on and the values entered then are stored: the page is never withdrawn "out of time" while it
// waits (README once said a call "out of time meanwhile" withdraws it).
func TestR43Proto2PageWaitOutlastsTheTimeLimit(t *testing.T) {
	stored := 0
	env, link := r41Form(t, func() { stored++ })
	token := r41Token(t, link.URL)
	ctx, cancel := withTimeLimit(context.Background(), 100*time.Millisecond)
	defer cancel()
	// The test holds the limit until the wait has paused it too, so a slow start of the wait's
	// goroutine cannot spend it first; from then on only the wait's own pause keeps it.
	ours := pauseTimeLimit(ctx)
	type outcome struct {
		res humanweb.FormResult
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := env.awaitPerson(ctx, link.Ref)
		done <- outcome{res, err}
	}()
	r51DeterminismAwaitPauses(t, ctx, 2)
	ours()
	time.Sleep(400 * time.Millisecond) // more than the whole limit
	if status, body := r41Post(t, link.URL, token); status != http.StatusOK || stored != 1 {
		t.Fatalf("the person's answer 400 ms into a wait under a 100 ms limit: %d, %d stored\n%.400s", status, stored, body)
	}
	o := <-done
	if o.err != nil || o.res.Decision != humanweb.Stored || ctx.Err() != nil {
		t.Errorf("awaitPerson: %+v, %v (limit context: %v)", o.res, o.err, ctx.Err())
	}
}

// TestR43Proto2PageWaitUnderASpentLimitSaysSo: the one way a call's time limit ends its wait for
// the page: the limit was spent before the wait began (Call's withTimeLimit with what is left of
// it, nothing when the pre-run scope check used it all: a limit already spent ends the context
// at once, and a pause has nothing to pause). The page is withdrawn, and the result says the
// limit was spent before the wait began, not that the call ran out of time while the page waited.
func TestR43Proto2PageWaitUnderASpentLimitSaysSo(t *testing.T) {
	stored := 0
	env, link := r41Form(t, func() { stored++ })
	token := r41Token(t, link.URL)
	ctx, cancel := withTimeLimit(context.Background(), 0)
	defer cancel()
	_, err := env.awaitPerson(ctx, link.Ref)
	var ended *callEndedError
	if !errors.As(err, &ended) || ended.storing || ended.leftOpen || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("awaitPerson under a spent limit: %v", err)
	}
	if status, _ := r41Post(t, link.URL, token); status != http.StatusGone || stored != 0 {
		t.Errorf("the page after the call ended: %d, %d stored", status, stored)
	}
	for _, text := range []string{present.SecretEntryWithdrawn(true), present.SecretEntryLeftOpen(true), present.SecretEntryEndedWhileStoring(true, nil)} {
		if strings.Contains(text, "ran out of time") || !strings.Contains(text, "time limit was spent before it began waiting") {
			t.Errorf("the text of a call whose limit was spent before its page wait: %s", text)
		}
	}
}
