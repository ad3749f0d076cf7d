package mcpserver

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestQuestionForgottenOnlyOnceAnswerDelivered: the endpoint forgets a session's open question
// only once mcp-go took the answer (202). An answer mcp-go did not take (here refused, 400)
// leaves the question open, so the session's DELETE still fails it; before, the record went as
// the answer arrived, and the call waited ten minutes.
func TestQuestionForgottenOnlyOnceAnswerDelivered(t *testing.T) {
	for _, tc := range []struct {
		status   int
		wantOpen bool
	}{{http.StatusBadRequest, true}, {http.StatusNotFound, true}, {http.StatusAccepted, false}} {
		mcpGo := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(tc.status) })
		q := newQuestionEnder(mcpGo)
		ids := newSessionIDs(nil, 10, time.Minute)
		e := &endpoint{mcp: q, questions: q, sessions: newSessions(10, time.Minute, func(string) {}), ids: ids,
			opts: HTTPOptions{}.withDefaults(), logger: slog.New(slog.DiscardHandler)}
		session := ids.issue(callerOf(""))
		q.asked(&questionWatch{ender: q, session: session}, []byte("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"elicitation/create\",\"params\":{}}\n\n"))
		req := httptest.NewRequest(http.MethodPost, mcpPath, strings.NewReader(`{"jsonrpc":"2.0","id":2,"result":{"action":"accept","content":{}}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Mcp-Session-Id", session)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		q.mu.Lock()
		_, open := q.open[session]["2"]
		q.mu.Unlock()
		if rec.Code != tc.status || open != tc.wantOpen {
			t.Errorf("mcp-go answering %d: endpoint answered %d, question open %v, want %v", tc.status, rec.Code, open, tc.wantOpen)
		}
	}
}

// TestMCPGoAnswerRefusalLogsAtInfo: mcp-go's "Failed to handle sampling response" (an answer it
// could not deliver: the caller's mistake, or a call that ended as its answer came) logs at info,
// not error; mcp-go's other errors stay errors.
func TestMCPGoAnswerRefusalLogsAtInfo(t *testing.T) {
	var out strings.Builder
	logger := mcpGoLogger(slog.New(slog.NewTextHandler(&out, nil))).With("component", "mcp-go")
	logger.Error(mcpGoAnswerRefused, "err", "no pending request found")
	logger.Error("Failed to write JSONRPCError", "err", "broken pipe")
	got := out.String()
	if !strings.Contains(got, "level=INFO msg=\"Failed to handle sampling response\" component=mcp-go") ||
		!strings.Contains(got, "level=ERROR msg=\"Failed to write JSONRPCError\"") {
		t.Errorf("logged:\n%s", got)
	}
	out.Reset()
	quiet := mcpGoLogger(slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelWarn})))
	quiet.Error(mcpGoAnswerRefused, "err", "no pending request found")
	if out.Len() > 0 {
		t.Errorf("logged below the level:\n%s", out.String())
	}
}

// TestQuestionInEndedSessionFailsAtOnce: a question asked on a stream whose session ended while
// it was open (failAll: a DELETE) ends its call with errSessionEnded and is not written (other
// events of the same write are); one asked on a stream opened once the end was over (mcp-go
// forgot the session) is recorded as usual.
// Run against failAll at once, every question is either failed by failAll (open when it ran) or
// ends its call: none is left open in an ended session.
func TestQuestionInEndedSessionFailsAtOnce(t *testing.T) {
	posted := make(chan string, 1000)
	mcpGo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		posted <- string(body)
	})
	question := func(id int) string {
		return fmt.Sprintf("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"elicitation/create\",\"params\":{}}\n\n", id)
	}
	const other = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n"
	q := newQuestionEnder(mcpGo)
	rec := httptest.NewRecorder()
	w := &questionWatch{ResponseWriter: rec, ender: q, session: "s"}
	w.call = &callStop{watch: w}
	var cause error
	w.call.set(func(err error) { cause = err })
	q.watch(w)
	over := q.failAll(context.Background(), "s", "ended")
	if n, err := w.Write([]byte(other + question(3) + other)); n != len(other+question(3)+other) || err != nil {
		t.Errorf("Write: %d, %v", n, err)
	}
	if got := rec.Body.String(); got != other+other {
		t.Errorf("wrote %q", got)
	}
	if cause != errSessionEnded || q.isOpen("s", []byte("3")) {
		t.Errorf("call ended with %v; question open %v", cause, q.isOpen("s", []byte("3")))
	}
	q.unwatch(w)
	over() // mcp-go forgot the session
	// A stream opened after the end (the server's own end of a session leaves its ID in use).
	later := &questionWatch{ResponseWriter: httptest.NewRecorder(), ender: q, session: "s"}
	q.watch(later)
	_, _ = later.Write([]byte(question(4)))
	if !q.isOpen("s", []byte("4")) || later.ResponseWriter.(*httptest.ResponseRecorder).Body.Len() == 0 {
		t.Error("a question on a stream opened after the end was not asked")
	}
	q.unwatch(later)

	// Questions asked while failAll runs: each is failed by failAll (open when it ran: answered
	// in the client's stead) or ends its call; none stays open.
	for round := range 200 {
		q := newQuestionEnder(mcpGo)
		w := &questionWatch{ResponseWriter: httptest.NewRecorder(), ender: q, session: "s"}
		w.call = &callStop{watch: w}
		var ended atomic.Bool
		w.call.set(func(error) { ended.Store(true) })
		q.watch(w)
		fin := make(chan struct{})
		go func() {
			q.failAll(context.Background(), "s", "ended")
			close(fin)
		}()
		_, _ = w.Write([]byte(question(round)))
		<-fin
		failed := false
		select {
		case body := <-posted:
			failed = strings.Contains(body, fmt.Sprintf(`"id":%d,`, round))
		default:
		}
		if open := q.isOpen("s", []byte(strconv.Itoa(round))); open || failed == ended.Load() {
			t.Fatalf("round %d: question open %v, failed by failAll %v, call ended %v", round, open, failed, ended.Load())
		}
	}
}
