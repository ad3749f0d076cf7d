package mcpserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// serveHoldingEnds is serveEmulator with mcpserver.HoldSessionEnds armed before it serves.
func serveHoldingEnds(t *testing.T, opts mcpserver.HTTPOptions) (*mcpserver.HTTPServer, func(session string) (<-chan struct{}, func())) {
	t.Helper()
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }})
	opts.Addr = "127.0.0.1:0"
	h, err := mcpserver.ListenHTTP(srv, opts)
	if err != nil {
		t.Fatal(err)
	}
	hold := mcpserver.HoldSessionEnds(h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return h, hold
}

// initializeEliciting opens a 2025-era session whose client can be asked questions.
func initializeEliciting(t *testing.T, endpoint string) string {
	t.Helper()
	resp, body := rpc(t, endpoint, "", strings.Replace(initializeJSON, `"capabilities":{}`, `"capabilities":{"elicitation":{}}`, 1), nil)
	session := resp.Header.Get("Mcp-Session-Id")
	if session == "" {
		t.Fatalf("initialize: %d %s", resp.StatusCode, body)
	}
	rpc(t, endpoint, session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, nil)
	return session
}

// inBackground sends req from another goroutine; the returned channel gets its status (0 when
// it could not be sent).
func inBackground(req *http.Request) <-chan int {
	status := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			status <- 0
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	return status
}

// awaitClosed fails the test when c is not closed within a minute (the outcome does not depend
// on the time: a hang is the failure).
func awaitClosed(t *testing.T, what string, c <-chan struct{}) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(time.Minute):
		t.Fatalf("%s never came", what)
	}
}

// callAsking calls delete_app in session and reads its answer: the question it asks is not
// answered (the request is dropped, which cancels the call), the result is returned.
func callAsking(t *testing.T, endpoint, session string) (asked bool, result string) {
	t.Helper()
	resp := postDeleteApp(t, endpoint, session)
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		data, ok := strings.CutPrefix(lines.Text(), "data: ")
		if !ok {
			continue
		}
		var msg struct {
			Method string `json:"method"`
		}
		_ = json.Unmarshal([]byte(data), &msg)
		if msg.Method == "elicitation/create" {
			return true, ""
		}
		if msg.Method == "" {
			return false, data
		}
	}
	return false, "stream ended"
}

// TestHTTPQuestionAskedWhileSessionEndsFailsAtOnce: a call that comes in while its session is
// being ended — the end's DELETE has failed the session's questions, and mcp-go, which still
// serves the session, has not forgotten it yet — and asks its question then ends at once with its
// failed result naming the session's end (nothing changed), and the question is not written to
// the client. Before, the question was written and nothing failed it: the call waited for an
// answer that could only be refused (404) once mcp-go had forgotten the session. So for the
// client's DELETE and for the server's own end of a session (here at the cap, as an idle
// session's end after the TTL: the same DELETE); the DELETE is held there
// (mcpserver.HoldSessionEnds) while the call runs.
func TestHTTPQuestionAskedWhileSessionEndsFailsAtOnce(t *testing.T) {
	ending := func(t *testing.T, endpoint, session string) *http.Request {
		req, _ := http.NewRequest(http.MethodDelete, endpoint, nil)
		req.Header.Set("Mcp-Session-Id", session)
		return req
	}
	for _, tc := range []struct {
		name string
		opts mcpserver.HTTPOptions
		// end starts what ends session, which holds its DELETE.
		end func(t *testing.T, endpoint, session string) *http.Request
	}{
		{"the client's DELETE", mcpserver.HTTPOptions{}, ending},
		{"the server's end at the cap", mcpserver.HTTPOptions{MaxSessions: 2}, func(t *testing.T, endpoint, session string) *http.Request {
			initialize(t, endpoint, nil) // the cap is reached; the session asking is the least recently active
			req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(initializeJSON))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			return req // a third session's initialize ends it
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, hold := serveHoldingEnds(t, tc.opts)
			session := initializeEliciting(t, h.URL())
			paused, release := hold(session)
			defer release()
			ended := inBackground(tc.end(t, h.URL(), session))
			awaitClosed(t, "the session's end", paused)
			asked, got := callAsking(t, h.URL(), session)
			if asked {
				t.Error("the question was written to the client while its session ended")
			} else {
				mustContain(t, "result", got, "could not be answered", present.QuestionSessionEnded, "Nothing was changed", `"isError":true`)
			}
			release()
			if status := <-ended; status != http.StatusOK {
				t.Errorf("the request that ended the session: %d", status)
			}
		})
	}
}

// TestHTTPSessionWaitingOnAQuestionOutlivesItsTTL: a session whose call waits on a question for
// longer than --http-session-ttl is not ended (a request is in progress): the client's answer
// is taken (202) and the call goes on with it. Before, mcp-go's own idle sweeper, which counts
// only when requests began, forgot the session after the TTL without failing its question: the
// answer was refused (404 "No active session found") and the call waited on. The wait before
// answering gives a sweeper time to act; the outcome does not depend on it.
func TestHTTPSessionWaitingOnAQuestionOutlivesItsTTL(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	const ttl = time.Second
	h := serve(t, mcpserver.HTTPOptions{SessionIdleTTL: ttl}, nil)
	got := askOverHTTP(t, h.URL(), func(session string, id json.RawMessage) {
		time.Sleep(3 * ttl)
		if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+string(id)+`,"result":{"action":"decline"}}`, nil); resp.StatusCode != http.StatusAccepted {
			t.Errorf("the answer, %v after the question: %d %s", 3*ttl, resp.StatusCode, body)
		}
	})
	mustContain(t, "result", got, "did not confirm", "Nothing was changed")
}
