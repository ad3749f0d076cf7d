package mcpserver_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"go.uber.org/goleak"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r59LeaksEnv is what r59LeaksServer serves: the endpoint, the emulator, and the transports of
// the server's API client and of the MCP clients (whose idle connections the test closes before
// it counts).
type r59LeaksEnv struct {
	url           string
	emu           *sandbox.Emulator
	upstream, mcp *http.Transport
	hold          atomic.Bool
	held, polling chan struct{}
}

// r59LeaksServer serves, over --http with the pages mounted, an MCP server backed by a demo
// emulator over real HTTP. Its workflows' polls wait until their call ends (each wait is told on
// polling), and the emulator holds every request while hold is set (each told on held) until
// the request is given up.
func r59LeaksServer(t *testing.T) *r59LeaksEnv {
	t.Helper()
	env := &r59LeaksEnv{held: make(chan struct{}, 1), polling: make(chan struct{}, 1),
		upstream: &http.Transport{}, mcp: &http.Transport{}}
	clock := sandbox.NewManualClock(epoch)
	env.emu = sandbox.New(sandbox.Config{Demo: true, Clock: clock})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if env.hold.Load() {
			select {
			case env.held <- struct{}{}:
			default:
			}
			<-r.Context().Done()
			return
		}
		env.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	t.Cleanup(env.upstream.CloseIdleConnections)
	t.Cleanup(env.mcp.CloseIdleConnections)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox"), HTTPClient: &http.Client{Transport: env.upstream},
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	poll := tools.RealAPIPolling
	poll.Now = clock.Now
	poll.Sleep = func(ctx context.Context, _ time.Duration) error {
		select {
		case env.polling <- struct{}{}:
		default:
		}
		<-ctx.Done()
		return ctx.Err()
	}
	human := humanweb.New(humanweb.Options{Mounted: true})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Poll: poll, Human: human,
		Client: func(context.Context) (*client.Client, error) { return c, nil }})
	env.url = listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Human: human.Handler(), HumanLinks: human}).URL()
	return env
}

// r59LeaksKinds are the ways a session is used before it is closed.
var r59LeaksKinds = []string{"plain", "GET stream", "call cancelled", "approval pending", "wait_for_deployment cancelled", "question pending", "2026-07-28 calls"}

// session opens a session, uses it as kind says and closes it (DELETE; a 2026-07-28 client has
// no session to end).
func (env *r59LeaksEnv) session(t *testing.T, kind string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	getOpened := make(chan struct{}, 1)
	hc := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := env.mcp.RoundTrip(req)
		if err == nil && req.Method == http.MethodGet && resp.StatusCode == http.StatusOK {
			select {
			case getOpened <- struct{}{}:
			default:
			}
		}
		return resp, err
	})}
	topts := []transport.StreamableHTTPCOption{transport.WithHTTPBasicClient(hc), transport.WithHTTPLogger(slog.New(slog.DiscardHandler))}
	if kind == "GET stream" {
		topts = append(topts, transport.WithContinuousListening())
	}
	tr, err := transport.NewStreamableHTTP(env.url, topts...)
	if err != nil {
		t.Fatal(err)
	}
	var copts []mcpclient.ClientOption
	asked := make(chan struct{}, 1)
	if kind == "question pending" {
		copts = append(copts, mcpclient.WithElicitationHandler(elicitFunc(func(ctx context.Context, _ mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			asked <- struct{}{}
			<-ctx.Done() // the question stays unanswered until the session ends
			return nil, ctx.Err()
		})))
	}
	c := mcpclient.NewClient(tr, copts...)
	defer c.Close()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	version := mcp.LATEST_LEGACY_PROTOCOL_VERSION
	if kind == "2026-07-28 calls" {
		version = "" // no session: each request stands alone
	}
	if _, err := testutil.Initialize(ctx, c, version); err != nil {
		t.Fatal(err)
	}
	call := func(ctx context.Context, name string, args map[string]any) (*mcp.CallToolResult, error) {
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = name, args
		return c.CallTool(ctx, req)
	}
	// cancelWhen calls name and cancels the call once signal is told; the call must end.
	cancelWhen := func(signal <-chan struct{}, name string, args map[string]any) {
		callCtx, stop := context.WithCancel(ctx)
		defer stop()
		ended := make(chan error, 1)
		go func() { _, err := call(callCtx, name, args); ended <- err }()
		select {
		case <-signal:
		case err := <-ended:
			t.Fatalf("%s ended before it was cancelled: %v", name, err)
		case <-ctx.Done():
			t.Fatalf("%s never reached the point to cancel it at", name)
		}
		stop()
		select {
		case <-ended:
		case <-ctx.Done():
			t.Fatalf("%s did not end when cancelled", name)
		}
	}
	switch kind {
	case "plain", "2026-07-28 calls":
		if res, err := call(ctx, "list_apps", nil); err != nil || res.IsError {
			t.Fatalf("list_apps: %v %v", err, res)
		}
	case "GET stream":
		select {
		case <-getOpened:
		case <-ctx.Done():
			t.Fatal("the GET stream was never answered")
		}
		if res, err := call(ctx, "list_apps", nil); err != nil || res.IsError {
			t.Fatalf("list_apps: %v %v", err, res)
		}
	case "call cancelled":
		env.hold.Store(true)
		cancelWhen(env.held, "get_app", map[string]any{"app": "analytics-app"})
		env.hold.Store(false)
	case "approval pending":
		res, err := call(ctx, "delete_app", map[string]any{"app": "analytics-app"})
		if err != nil || humanweb.URLPattern.FindString(text(res)) == "" {
			t.Fatalf("delete_app gave no approval link: %v %s", err, text(res))
		}
	case "wait_for_deployment cancelled":
		cancelWhen(env.polling, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	case "question pending":
		callCtx, stop := context.WithCancel(ctx)
		defer stop()
		ended := make(chan struct{})
		go func() { defer close(ended); _, _ = call(callCtx, "delete_app", map[string]any{"app": "analytics-app"}) }()
		select {
		case <-asked:
		case <-ctx.Done():
			t.Fatal("delete_app never asked its question")
		}
		_ = c.Close() // DELETE while the question waits
		select {
		case <-ended:
		case <-ctx.Done():
			t.Fatal("the call waiting on its question did not end with its session")
		}
	}
}

// TestR59LeaksHTTPSessionsLeaveNoGoroutines: 50 sessions of a long-running --http server, each
// used one way (a call, a GET stream held open, a call cancelled while the API answers, an
// approval link left pending, wait_for_deployment cancelled while it waits, a question left
// unanswered, 2026-07-28 calls without a session) and closed, leave no goroutine behind once the clients' idle connections close:
// each way once first, so that what the server starts once is counted in the baseline.
func TestR59LeaksHTTPSessionsLeaveNoGoroutines(t *testing.T) {
	env := r59LeaksServer(t)
	setup := connect(t, env.url, nil)
	if out, isErr := callText(t, setup, "create_deployment", map[string]any{"app": "analytics-app"}); isErr {
		t.Fatalf("create_deployment: %s", out)
	}
	_ = setup.Close()
	for _, kind := range r59LeaksKinds {
		env.session(t, kind)
	}
	r59LeaksSettle(env)
	baseline := goleak.IgnoreCurrent()
	for i := range 50 {
		env.session(t, r59LeaksKinds[i%len(r59LeaksKinds)])
	}
	r59LeaksSettle(env)
	if err := testutil.GoroutinesLeft(10*time.Second, baseline); err != nil {
		t.Errorf("goroutines left after 50 sessions: %v", err)
	}
}

// r59LeaksSettle closes the idle connections of the MCP clients and of the server's API client.
func r59LeaksSettle(env *r59LeaksEnv) {
	env.mcp.CloseIdleConnections()
	env.upstream.CloseIdleConnections()
}

// TestR59LeaksExchangeEndsItsChunksWriter: exchange, given an endless chunked body the server
// refuses (413), leaves no goroutine once its test ends: before, chunks' writer waited forever
// on its pipe, whose reader (exchange's copy) had stopped at the closed connection.
func TestR59LeaksExchangeEndsItsChunksWriter(t *testing.T) {
	baseline := goleak.IgnoreCurrent()
	t.Run("exchange", func(t *testing.T) {
		h := serve(t, mcpserver.HTTPOptions{MaxBodyBytes: 64 << 10}, nil)
		host := strings.TrimPrefix(strings.TrimSuffix(h.URL(), "/mcp"), "http://")
		head := "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n" +
			"Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
		if resp, text, _ := exchange(t, h.URL(), head, chunks(zeros{})); resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("endless chunked body: %d %s", resp.StatusCode, text)
		}
	})
	if err := testutil.GoroutinesLeft(10*time.Second, baseline); err != nil {
		t.Errorf("left by exchange: %v", err)
	}
}
