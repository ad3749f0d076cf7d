package mcpserver_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestHTTPQuestionAskedDuringShutdownFailsAtOnce: a call still busy with the API when the
// shutdown begins, which asks its question afterwards, ends at once with its failed result
// naming the shutdown (nothing changed), and the question is not written to the client (whose
// answer could not arrive). Before, the shutdown failed only the questions open when it began,
// and this one waited out the whole grace period, then ended "the call ended while it waited for
// the answer"; and then (round 15) the call ended but the question was still written.
func TestHTTPQuestionAskedDuringShutdownFailsAtOnce(t *testing.T) {
	h, held, release := serveHeldAPI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	var released atomic.Int64 // UnixNano
	go func() {
		<-held
		cancel()
		// The question comes after the shutdown began failing questions (a condition; a second
		// of sleep was on an idle machine).
		for end := time.Now().Add(r52DeterminismGuard); !mcpserver.R52DeterminismStopping(h) && time.Now().Before(end); {
			time.Sleep(time.Millisecond)
		}
		if !mcpserver.R52DeterminismStopping(h) {
			t.Error("the shutdown never began failing questions")
		}
		released.Store(time.Now().UnixNano())
		close(release)
	}()
	asked := false
	got := askOverHTTP(t, h.URL(), func(string, json.RawMessage) { asked = true })
	if asked {
		t.Error("the question was written to the client after the shutdown began")
	}
	if waited := time.Since(time.Unix(0, released.Load())); waited > 10*time.Second {
		t.Errorf("the call ended %v after the API answered", waited)
	}
	mustContain(t, "result", got, "could not be answered", present.QuestionServerStopping, "Nothing was changed", `"isError":true`)
	awaitServeEnd(t, done)
}

// TestHTTPQuestionAskedAfterSessionEndedFailsAtOnce: a call still busy with the API when its
// session is ended (the client's DELETE), which asks its question afterwards, ends at once with
// its failed result naming the session's end (nothing changed), and the question is not written
// to the client. Before, the question was written and the call waited until the client
// disconnected (up to ten minutes), its answer refused 404 "Session terminated".
func TestHTTPQuestionAskedAfterSessionEndedFailsAtOnce(t *testing.T) {
	h, held, release := serveHeldAPI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = h.Serve(ctx) }()
	sessions := make(chan string, 1)
	var released atomic.Int64 // UnixNano
	go func() {
		<-held
		if status, body := del(t, h.URL(), <-sessions, nil); status != http.StatusOK {
			t.Errorf("DELETE: %d %s", status, body)
		}
		released.Store(time.Now().UnixNano())
		close(release)
	}()
	asked := false
	got := askOverHTTPIn(t, h.URL(), func(session string) { sessions <- session }, func(string, json.RawMessage) { asked = true })
	if asked {
		t.Error("the question was written to the client after its session ended")
	}
	if waited := time.Since(time.Unix(0, released.Load())); waited > 10*time.Second {
		t.Errorf("the call ended %v after the API answered", waited)
	}
	mustContain(t, "result", got, "could not be answered", present.QuestionSessionEnded, "Nothing was changed", `"isError":true`)
}

// serveHeldAPI is an HTTP server (not yet serving) on the demo emulator whose first API request
// is held: held closes when it arrives, and it goes on once release is closed.
func serveHeldAPI(t *testing.T) (h *mcpserver.HTTPServer, held, release chan struct{}) {
	t.Helper()
	emu := sandbox.New(sandbox.Config{Demo: true})
	var first sync.Once
	held, release = make(chan struct{}), make(chan struct{})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hold := false
		first.Do(func() { hold = true })
		if hold {
			close(held)
			<-release
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }})
	h, err = mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", ShutdownGrace: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return h, held, release
}

// TestHTTPAnswersToNoQuestionLogNoError: over 2025-era HTTP, a response that answers no question
// the session waits on (an id never asked, one that is no integer) is refused 400 by the
// endpoint; one to the question of a call since cancelled is ignored (202: MCP asks the sender of
// a cancellation to ignore a late response; r50), and nothing logs at error level: mcp-go logged each
// "Failed to handle sampling response … no pending request found for session mcp-session-…" at
// error, with the session ID. The question of a cancelled call is forgotten when the call ends,
// so the session's DELETE no longer answers it in the client's stead (mcp-go logged that too).
func TestHTTPAnswersToNoQuestionLogNoError(t *testing.T) {
	logs := &testutil.SyncBuffer{}
	h := serve(t, mcpserver.HTTPOptions{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}, nil)
	session := initialize(t, h.URL(), nil)
	for _, id := range []string{`999`, `"abc"`, `1.5`} {
		resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+id+`,"result":{"action":"decline"}}`, nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, present.AnswerNoQuestion) {
			t.Errorf("an answer to question %s, never asked: %d %s", id, resp.StatusCode, body)
		}
	}
	var asking string
	var question json.RawMessage
	got := askOverHTTP(t, h.URL(), func(session string, id json.RawMessage) {
		asking, question = session, id
		rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}`, nil)
	})
	t.Logf("the cancelled call: %s", got)
	resp, body := rpc(t, h.URL(), asking, `{"jsonrpc":"2.0","id":`+string(question)+`,"result":{"action":"decline"}}`, nil)
	if resp.StatusCode != http.StatusAccepted || body != "" {
		t.Errorf("an answer to the cancelled call's question: %d %s", resp.StatusCode, body)
	}
	if status, body := del(t, h.URL(), asking, nil); status != http.StatusOK {
		t.Errorf("DELETE: %d %s", status, body)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("logged at error level:\n%s", logs.String())
	}
}
