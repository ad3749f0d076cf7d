package mcpserver

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/server"
)

// HoldSessionEnds readies h, not yet serving, to hold the DELETE that ends a session (the
// client's, or the server's own: idle, at the cap) between the failing of its questions and
// mcp-go's forgetting the session (test-only seam). hold(session) arms it for that session's
// next end: paused closes when its DELETE gets there, and the DELETE goes on to mcp-go once
// release is called. Other requests, and other sessions' ends, pass.
func HoldSessionEnds(h *HTTPServer) (hold func(session string) (paused <-chan struct{}, release func())) {
	type holder struct {
		reached, held chan struct{}
		arrive, free  sync.Once
	}
	var mu sync.Mutex
	armed := map[string]*holder{}
	next := h.questions.next
	h.questions.next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			mu.Lock()
			held := armed[r.Header.Get(server.HeaderKeySessionID)]
			delete(armed, r.Header.Get(server.HeaderKeySessionID))
			mu.Unlock()
			if held != nil {
				held.arrive.Do(func() { close(held.reached) })
				<-held.held
			}
		}
		next.ServeHTTP(w, r)
	})
	return func(session string) (<-chan struct{}, func()) {
		held := &holder{reached: make(chan struct{}), held: make(chan struct{})}
		mu.Lock()
		armed[session] = held
		mu.Unlock()
		return held.reached, func() { held.free.Do(func() { close(held.held) }) }
	}
}

// TestStreamOpenedWhileSessionEndsIsBornEnded: a stream a session opens after failAll took its
// questions and before mcp-go forgot the session (the end's DELETE has not returned: mcp-go
// still serves the session and its calls can still ask) is born ended, and a question asked on it
// ends its call at once (errSessionEnded) and is not written or recorded. Before, it was
// recorded and written; nothing failed it, and the call waited for an answer that could only be
// refused. So is one opened after the end was over while a stream so born is still open (it
// holds mcp-go's session of old); once none is, a stream is served as usual. Two ends at once:
// the session is ending until both are over.
func TestStreamOpenedWhileSessionEndsIsBornEnded(t *testing.T) {
	question := func(id int) []byte {
		return fmt.Appendf(nil, "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"elicitation/create\",\"params\":{}}\n\n", id)
	}
	q := newQuestionEnder(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	open := func(session string) (w *questionWatch, rec *httptest.ResponseRecorder, cause *error) {
		rec, cause = httptest.NewRecorder(), new(error)
		w = &questionWatch{ResponseWriter: rec, ender: q, session: session}
		w.call = &callStop{watch: w}
		w.call.set(func(err error) { *cause = err })
		q.watch(w)
		return w, rec, cause
	}
	asksAtOnceFails := func(what string, w *questionWatch, rec *httptest.ResponseRecorder, cause *error, id int) {
		t.Helper()
		_, _ = w.Write(question(id))
		if *cause != errSessionEnded || rec.Body.Len() > 0 || q.isOpen(w.session, fmt.Append(nil, id)) {
			t.Errorf("%s: call ended with %v, wrote %q, question open %v; want it failed at once, unwritten",
				what, *cause, rec.Body.String(), q.isOpen(w.session, fmt.Append(nil, id)))
		}
	}
	asksAsUsual := func(what string, w *questionWatch, rec *httptest.ResponseRecorder, cause *error, id int) {
		t.Helper()
		_, _ = w.Write(question(id))
		if *cause != nil || rec.Body.Len() == 0 || !q.isOpen(w.session, fmt.Append(nil, id)) {
			t.Errorf("%s: call ended with %v, wrote %q, question open %v; want it asked", what, *cause, rec.Body.String(),
				q.isOpen(w.session, fmt.Append(nil, id)))
		}
	}

	over := q.failAll(context.Background(), "s", "ended")
	during, duringRec, duringCause := open("s")
	asksAtOnceFails("a stream opened while the session ends", during, duringRec, duringCause, 1)
	other, otherRec, otherCause := open("t")
	asksAsUsual("another session's stream", other, otherRec, otherCause, 2)
	q.unwatch(other)
	q.forget("t", other)
	over()
	after, afterRec, afterCause := open("s")
	asksAtOnceFails("a stream opened after the end, while one opened during it is open", after, afterRec, afterCause, 3)
	q.unwatch(during)
	q.unwatch(after)
	later, laterRec, laterCause := open("s")
	asksAsUsual("a stream opened once no stream of the ending is open", later, laterRec, laterCause, 4)
	q.unwatch(later)
	q.forget("s", later)

	first, second := q.failAll(context.Background(), "s", "ended"), q.failAll(context.Background(), "s", "ended")
	first()
	first() // calling it again changes nothing
	one, oneRec, oneCause := open("s")
	asksAtOnceFails("a stream opened while a second end is in progress", one, oneRec, oneCause, 5)
	q.unwatch(one)
	second()
	q.mu.Lock()
	left := len(q.ending) + len(q.streams) + len(q.open)
	q.mu.Unlock()
	if left != 0 {
		t.Errorf("%d records left once every end is over and every stream closed", left)
	}
}

// TestSessionEndRacingAStreamLeavesNoQuestionOpen: a request of the session (its stream opened,
// then a question asked on it) racing the DELETE that ends the session (failAll, then mcp-go,
// which the request reached before it forgot the session, then the end is over): whatever the
// interleaving, the question is failed by failAll (it was open when failAll ran) or ends its
// call at once; none is left open. The race detector checks the locking.
func TestSessionEndRacingAStreamLeavesNoQuestionOpen(t *testing.T) {
	rounds := 300
	if testing.Short() {
		rounds = 50
	}
	for round := range rounds {
		posted := make(chan struct{}, 1)
		q := newQuestionEnder(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { posted <- struct{}{} }))
		var wg sync.WaitGroup
		wg.Add(1)
		asked := make(chan struct{})
		go func() {
			defer wg.Done()
			over := q.failAll(context.Background(), "s", "ended")
			<-asked // mcp-go forgets the session once the request below was served by it
			over()
		}()
		w := &questionWatch{ResponseWriter: httptest.NewRecorder(), ender: q, session: "s"}
		w.call = &callStop{watch: w}
		ended := make(chan error, 1)
		w.call.set(func(err error) { ended <- err })
		q.watch(w)
		_, _ = w.Write(fmt.Appendf(nil, "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"elicitation/create\",\"params\":{}}\n\n", round))
		close(asked)
		wg.Wait()
		failed := len(posted) == 1
		endedAtOnce := len(ended) == 1
		if failed == endedAtOnce || q.isOpen("s", fmt.Append(nil, round)) {
			t.Fatalf("round %d: failed by failAll %v, call ended at once %v, question open %v", round, failed, endedAtOnce,
				q.isOpen("s", fmt.Append(nil, round)))
		}
		q.unwatch(w)
	}
}
