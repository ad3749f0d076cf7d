package tools

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestR41ReviewcdTwoCallsOnOnePageOneCancelled: two identical calls wait on one secret-entry
// page (the same form key: Secrets hands the second the open form's link, e.g. an agent's
// client retried a call it then cancelled). Call A is cancelled: it withdraws the page
// (Surface.Withdraw), though call B still waits on it. B is not cancelled, yet its wait ends
// at once and its result says the page "expired" (entryOutcome's default) — the page did not
// expire, and the person on it now reads "This request was cancelled".
func TestR41ReviewcdTwoCallsOnOnePageOneCancelled(t *testing.T) {
	env, link := r41Form(t, func() {})
	ctxA, cancelA := context.WithCancel(context.Background())
	// B has no deadline of its own (it had 3 s, which a loaded machine could spend before the
	// window below and so end B by its own deadline, passing unseen): whatever ends B there
	// ended it under A's cancellation.
	ctxB, cancelB := context.WithCancel(context.Background())
	defer cancelB()
	type out struct {
		res humanweb.FormResult
		err error
	}
	a, b := make(chan out, 1), make(chan out, 1)
	// A is cancelled once both wait on the page (their progress says so), not 200 ms later: a
	// B not yet on the page would rightly find it withdrawn.
	ctxA, waitingA := r52DeterminismWaiting(ctxA)
	ctxB, waitingB := r52DeterminismWaiting(ctxB)
	go func() { r, err := env.awaitPerson(ctxA, link.Ref); a <- out{r, err} }()
	go func() { r, err := env.awaitPerson(ctxB, link.Ref); b <- out{r, err} }()
	r52DeterminismAwaitWaiting(t, waitingA, "call A")
	r52DeterminismAwaitWaiting(t, waitingB, "call B")
	cancelA()
	<-a
	select {
	case o := <-b:
		if o.err != nil {
			t.Errorf("call B (not cancelled) ended when call A was cancelled: %v", o.err)
			break
		}
		text := entryOutcome(ctxB, env, o.res).result.Text
		t.Errorf("call B (not cancelled, in time) ended when call A was cancelled: %v; its result: %q", o.res.Decision, text)
		if strings.Contains(text, "expired") {
			t.Errorf("and says the page expired, which it did not")
		}
	case <-time.After(2 * time.Second):
		// B still waits: the page was not withdrawn under it.
	}
}

// TestR41ReviewcdCancelledQuestionWhileStoringSaysNothingEntered: a URL-mode question (the
// secret-entry page's link) is still unanswered by the client when the call is cancelled, but
// the person already opened the page and pressed "Store the values": the store is in progress.
// questionFailed calls Human.Cancel (not Withdraw), which leaves a busy page alone — the value
// IS stored — yet the result says "The page was withdrawn, and no value was entered through
// it" (present.SecretQuestionCancelled). README (this round): "either the values being stored
// are, and the result says what became of them, or nothing is stored".
func TestR41ReviewcdCancelledQuestionWhileStoringSaysNothingEntered(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	stored := 0
	env, link := r41Form(t, func() { close(started); <-release; stored++ })
	token := r41Token(t, link.URL)
	posted := make(chan int, 1)
	go func() { status, _ := r41Post(t, link.URL, token); posted <- status }()
	<-started
	res := env.questionFailed(context.Background(), "secrets", &mcp.ElicitationParams{Mode: mcp.ElicitationModeURL, ElicitationID: link.Ref, URL: link.URL}, context.Canceled)
	close(release)
	if status := <-posted; status != http.StatusOK || stored != 1 {
		t.Fatalf("the page's store: %d, %d stored", status, stored)
	}
	if strings.Contains(res.Text, "no value was entered") {
		t.Errorf("the value was stored through the page, yet the cancelled call's result says: %q", res.Text)
	}
}
