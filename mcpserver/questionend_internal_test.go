package mcpserver

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
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
