package browsertest_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	mcpgoserver "github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// server is the MCP server over stdio-framed JSON-RPC in memory, with the emulator behind it
// over real HTTP and debug logging on. wire holds every byte of every MCP message in both
// directions, exactly as a stdio client and server exchange them; logs holds every log line.
type server struct {
	emu   *sandbox.Emulator
	clock *sandbox.ManualClock // the emulator's: a workflow's polling wait advances it
	api   *httptest.Server
	mcp   *mcpclient.Client
	wire  *testutil.SyncBuffer
	logs  *testutil.SyncBuffer
	// human is the page surface, served on a loopback port as over stdio; humanClock is its
	// clock, which a test advances to let links expire.
	human      *humanweb.Surface
	humanClock *clock
	// pages records every response of the pages, server-side (HTTP mode only).
	pages *browsertest.Recorder
	// posts holds the headers of every POST the pages received (HTTP mode only).
	posts postHeaders
}

// postHeaders keeps what a browser sent with each POST to the pages: Origin, Sec-Fetch-Site
// and Referer, as the server saw them.
type postHeaders struct {
	mu   sync.Mutex
	seen []http.Header
}

func (p *postHeaders) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			h := http.Header{}
			for _, k := range []string{"Origin", "Sec-Fetch-Site", "Referer"} {
				if v, ok := r.Header[k]; ok {
					h[k] = v
				}
			}
			p.mu.Lock()
			p.seen = append(p.seen, h)
			p.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

func (p *postHeaders) all() []http.Header {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]http.Header(nil), p.seen...)
}

// clock is a settable clock for the page surface.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type serverOptions struct {
	// elicit, when set, makes the client declare elicitation and answer with it; nil is a
	// client that cannot be asked anything. elicitURL declares URL mode too.
	elicit    func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error)
	elicitURL bool
	// http serves MCP over streamable HTTP (as --http does) with the pages mounted under the
	// same listener, instead of stdio with the pages on their own loopback port.
	http bool
	// addr is the HTTP listener's address (default 127.0.0.1:0); the MCP client and the
	// links use it as it is.
	addr string
	// sessionCaller (with http) sends no bearer token, so the MCP session is the caller of its
	// links, which its DELETE withdraws (HTTPOptions.HumanLinks).
	sessionCaller bool
	// api, when set, stands between the server and the emulator (a test that has the API
	// answer what the emulator would not).
	api func(emu http.Handler) http.Handler
}

type elicitFunc func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error)

func (f elicitFunc) Elicit(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return f(ctx, req)
}

func newServer(t *testing.T, so serverOptions) *server {
	t.Helper()
	s := &server{wire: &testutil.SyncBuffer{}, logs: &testutil.SyncBuffer{},
		clock: sandbox.NewManualClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)), humanClock: &clock{now: time.Now()}}
	s.emu = sandbox.New(sandbox.Config{Demo: true, Clock: s.clock})
	var emu http.Handler = s.emu
	if so.api != nil {
		emu = so.api(emu)
	}
	s.api = httptest.NewServer(emu)
	t.Cleanup(s.api.Close)

	logger, err := logging.New(s.logs, slog.LevelDebug, "json")
	if err != nil {
		t.Fatal(err)
	}
	api, err := client.New(client.Config{BaseURL: s.api.URL, Version: "test", Logger: logger,
		Tokens: client.StaticToken("sandbox"),
		Retry:  client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	// Workflows poll on the real API's schedule, but on the emulator's clock.
	poll := tools.RealAPIPolling
	poll.Now = s.clock.Now
	poll.Sleep = func(ctx context.Context, d time.Duration) error { s.clock.Advance(d); return ctx.Err() }
	s.human = humanweb.New(humanweb.Options{Logger: logger, Now: s.humanClock.Now, Mounted: so.http})
	t.Cleanup(func() { _ = s.human.Close() })
	srv := mcpserver.New(mcpserver.Options{
		Version: "test",
		Client:  func(context.Context) (*client.Client, error) { return api, nil },
		Logger:  logger,
		Poll:    poll,
		Human:   s.human,
	})
	var copts []mcpclient.ClientOption
	if so.elicit != nil {
		copts = append(copts, mcpclient.WithElicitationHandler(elicitFunc(so.elicit)))
	}
	if so.elicitURL {
		copts = append(copts, mcpclient.WithClientCapabilities(mcp.ClientCapabilities{
			Elicitation: &mcp.ElicitationCapability{Form: &struct{}{}, URL: &struct{}{}}}))
	}
	if so.http {
		s.mcp = s.serveHTTP(t, srv, logger, copts, cmp.Or(so.addr, "127.0.0.1:0"), so.sessionCaller)
		return s
	}

	// Two pipes, as a stdio process has; everything written to either is kept in wire first,
	// so a message is recorded before its reader can act on it.
	toServerR, toServerW := io.Pipe()
	fromServerR, fromServerW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = mcpserver.ServeStdio(ctx, srv, toServerR, io.MultiWriter(s.wire, fromServerW), logger)
	}()
	tr := transport.NewIO(fromServerR, teeCloser{toServerW, s.wire}, io.NopCloser(strings.NewReader("")))
	c := mcpclient.NewClient(tr, copts...)
	t.Cleanup(func() {
		_ = c.Close()
		cancel()
		_ = toServerW.Close()
		_ = fromServerW.Close()
		<-served
	})
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	s.mcp = c
	return s
}

// serveHTTP serves srv over streamable HTTP on a loopback port with the pages mounted at
// humanweb.Prefix (recorded in s.pages), and returns a client whose every request and
// response body is kept in s.wire.
func (s *server) serveHTTP(t *testing.T, srv *mcpgoserver.MCPServer, logger *slog.Logger, copts []mcpclient.ClientOption, addr string, sessionCaller bool) *mcpclient.Client {
	t.Helper()
	s.pages = browsertest.Record(s.human.Handler())
	opts := mcpserver.HTTPOptions{Addr: addr, Human: s.posts.wrap(s.pages), Logger: logger}
	headers := map[string]string{"Authorization": "Bearer sandbox"}
	if sessionCaller {
		opts.HumanLinks, headers = s.human, nil
	}
	h, err := mcpserver.ListenHTTP(srv, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = h.Serve(ctx)
	}()
	httpClient := &http.Client{Transport: wireTransport{next: http.DefaultTransport, wire: s.wire}}
	c, err := mcpclient.NewStreamableHttpClient(h.URL(), transport.WithHTTPBasicClient(httpClient),
		transport.WithHTTPHeaders(headers))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range copts {
		o(c)
	}
	t.Cleanup(func() {
		_ = c.Close()
		cancel()
		<-served
	})
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	return c
}

// wireTransport keeps every request body and, as the client reads it, every response body
// (JSON or an SSE stream) of the MCP client's HTTP traffic.
type wireTransport struct {
	next http.RoundTripper
	wire *testutil.SyncBuffer
}

func (w wireTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return nil, err
		}
		_, _ = w.wire.Write(append(body, '\n'))
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := w.next.RoundTrip(r)
	if resp != nil {
		resp.Body = teeBody{ReadCloser: resp.Body, copy: w.wire}
	}
	return resp, err
}

type teeBody struct {
	io.ReadCloser
	copy io.Writer
}

func (t teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	_, _ = t.copy.Write(p[:n])
	return n, err
}

// teeCloser keeps a copy of what it writes to w; Close closes w.
type teeCloser struct {
	w    io.WriteCloser
	copy io.Writer
}

func (t teeCloser) Write(p []byte) (int, error) {
	_, _ = t.copy.Write(p)
	return t.w.Write(p)
}

func (t teeCloser) Close() error { return t.w.Close() }

// call invokes a tool; a protocol error fails the test.
func (s *server) call(t *testing.T, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := s.mcp.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// appID returns the ID of an app by name, deleted or not, from list_apps.
func (s *server) appID(t *testing.T, name string) int64 {
	t.Helper()
	var out struct {
		Apps []client.ProjectSummary `json:"apps"`
	}
	raw, _ := json.Marshal(s.call(t, "list_apps", nil).StructuredContent)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	for _, a := range out.Apps {
		if a.Name == name {
			return a.ID
		}
	}
	t.Fatalf("no app %q", name)
	return 0
}

// TestHarnessCapturesTheWire: the capture the leak checks rely on sees requests, results and
// notifications as JSON-RPC text, and debug logs.
func TestHarnessCapturesTheWire(t *testing.T) {
	s := newServer(t, serverOptions{})
	s.call(t, "list_apps", nil)
	wire := s.wire.String()
	for _, want := range []string{`"method":"initialize"`, `"method":"notifications/initialized"`, `"name":"list_apps"`, "analytics-app"} {
		if !strings.Contains(wire, want) {
			t.Errorf("wire capture lacks %s:\n%s", want, wire)
		}
	}
	if !strings.Contains(s.logs.String(), `"level":"DEBUG"`) {
		t.Errorf("no debug log lines captured:\n%s", s.logs.String())
	}
}
