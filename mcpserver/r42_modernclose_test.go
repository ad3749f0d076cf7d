package mcpserver_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR42ModernClosedStreamCancelsTheCall: in the 2026-07-28 era a request has no session, and the
// specification cancels it by closing its response stream (moderncalls.go). A
// create_and_deploy_app call (progress token: an SSE stream) is held on its first API request;
// the client closes the stream. The tool's context ends (the API request it was waiting on is
// cancelled), the call is logged as cancelled, and nothing is sent to the API afterwards: no app
// is created, no deployment started. (The 2026-07-28 era has no server questions: a question
// such a call needs goes in its result, so there is none to withdraw.)
func TestR42ModernClosedStreamCancelsTheCall(t *testing.T) {
	emu := twoTenantEmulator(t)
	held := make(chan struct{})
	cancelled := make(chan struct{})
	var mu sync.Mutex
	var after []string // API requests that arrived after the first one was held
	first := true
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/health" {
			emu.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		hold := first
		first = false
		if !hold {
			after = append(after, r.Method+" "+r.URL.Path)
		}
		mu.Unlock()
		if hold {
			close(held)
			select {
			case <-r.Context().Done():
				close(cancelled)
				return
			case <-time.After(r52DeterminismGuard): // the call ran on: let it, and see what it writes
			}
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	logs := &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Logger: logger,
		Safety: tools.Safety{NoConfirm: true}})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger})

	spicepod := "version: v1\nkind: Spicepod\nname: r42-closed\ndatasets: []\n"
	body := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"create_and_deploy_app","arguments":{"name":"r42-closed","region":"us-west-2","spicepod":` +
		string(must(json.Marshal(spicepod))) + `},"_meta":{"progressToken":"p","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}}}`
	ctx, closeStream := context.WithCancel(context.Background())
	defer closeStream()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.URL(), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range r39Headers(acmeToken, "tools/call") {
		req.Header.Set(k, v)
	}
	req.Header.Set("Mcp-Name", "create_and_deploy_app")
	go func() {
		if res, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req); err == nil {
			<-ctx.Done()
			res.Body.Close()
		}
	}()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatalf("the call never reached the API; log:\n%s", logs.String())
	}
	closeStream() // the client closes the call's stream (its connection)
	select {
	case <-cancelled:
	case <-time.After(r52DeterminismGuard):
		t.Errorf("closing the 2026-07-28 stream did not end the tool's context: its API request ran on")
	}
	// Nothing is sent afterwards: wait for the call to have ended (its log line) and its
	// request to be done with (the connection gone), rather than 6 s for a call that ran on
	// to create and deploy; one that ran on ends only after those requests.
	for end := time.Now().Add(r52DeterminismGuard); !strings.Contains(logs.String(), `"tool":"create_and_deploy_app"`) || mcpserver.ConnCount(h) > 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("the call never ended (%d connections open); log:\n%s", mcpserver.ConnCount(h), logs.String())
		}
	}
	mu.Lock()
	if len(after) != 0 {
		t.Errorf("after its stream closed the call went on to send %q", after)
	}
	mu.Unlock()
	c, _ := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken(acmeToken),
		HTTPClient: &http.Client{Transport: emu.Transport()}})
	apps, err := c.ListApps(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		if a.Name == "r42-closed" {
			t.Errorf("the app r42-closed was created after its call's stream closed")
		}
	}
	found := false
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) {
			t.Errorf("logged an error (something written to the closed stream?): %s", line)
		}
		if strings.Contains(line, `"tool":"create_and_deploy_app"`) && strings.Contains(line, `"reason":"cancelled"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("the call is not logged as cancelled:\n%s", logs.String())
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
