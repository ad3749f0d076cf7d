package mcpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR65Httpmode9ShutdownIsNotHeldByAStuckStream: the server stops (SIGTERM, here Serve's
// context) while 2025-era sessions are open, one with a GET stream whose client stopped reading
// (the server stuck writing to it), and a tool call in progress that finishes within the grace
// period. The call answers as usual and the shutdown ends with it, not after the whole grace
// period: the stuck stream's connection is cut off as it is when its session ends otherwise,
// and no "grace period over", "requests still open", warning or error is logged. The grace period (60 s) is a
// condition, not a time bound: a server that waits it out is still serving when the test gives
// up 30 s after the call answered.
func TestR65Httpmode9ShutdownIsNotHeldByAStuckStream(t *testing.T) {
	s := r67ServeForShutdown(t, sandbox.Fault{Operation: api.GetProject.ID, Latency: time.Second}, time.Minute)
	emu, h, srv, logs, stop, served := s.emu, s.h, s.srv, s.logs, s.stop, s.served

	stuck, idle := initialize(t, h.URL(), nil), initialize(t, h.URL(), nil)
	stream, filled := r52HttpmodeFillStream(t, h, srv, stuck)
	if !filled {
		t.Fatal("the stream's session ended before it filled")
	}
	answered := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"}}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("Mcp-Session-Id", idle)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		answered <- string(body)
	}()
	for deadline := time.Now().Add(15 * time.Second); emu.Calls(api.GetProject.ID) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the call did not reach the API")
		}
	}
	stop()
	if body := <-answered; !strings.Contains(body, "https://analytics-app.spice.ai") || strings.Contains(body, `"isError":true`) {
		t.Errorf("the call in progress: %.600s, want its result", body)
	}
	select {
	case <-served:
		if s.err != nil {
			t.Errorf("Serve: %v", s.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("still serving 30 s after the call answered: the shutdown waits out its grace period\n%s", logs.String())
	}
	r52HttpmodeUncounted(t, h, stream, "the stuck stream")
	// mcp-go's line for the write that fails on the stream it was stuck on is at info: the
	// client's connection is gone, no bug of the server's (TestR66MineGoneClientsWriteLogsAtInfo).
	for _, unwanted := range []string{"grace period over", "requests still open", `"level":"WARN"`, `"level":"ERROR"`} {
		if _, after, _ := strings.Cut(logs.String(), `"msg":"shutting down`); strings.Contains(after, unwanted) {
			t.Errorf("the logs after the shutdown began hold %s:\n%s", unwanted, after)
		}
	}
}
