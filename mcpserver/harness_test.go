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

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// harness is an MCP server whose API client talks real HTTP to an emulator, driven by mcp-go's
// in-process client, with debug logs captured.
type harness struct {
	emu   *sandbox.Emulator
	clock *sandbox.ManualClock
	api   *httptest.Server
	mcp   *mcpclient.Client
	logs  *testutil.SyncBuffer

	human *humanweb.Surface

	mu     sync.Mutex
	waits  []time.Duration // the polling waits workflows asked for
	events []string        // progress messages received
}

type harnessOptions struct {
	cfg           sandbox.Config
	token         string // "" = "sandbox"; "-" = no credentials
	org           string // the client's default organization (SPICE_ORG)
	sandboxNote   bool
	outputSchemas bool
	// realSleep polls in real time instead of advancing the emulator clock.
	realSleep bool
	// pollSleep, when set, is the polling wait (in real time, as with realSleep).
	pollSleep func(ctx context.Context, d time.Duration) error
	// inProcess reaches the emulator without a socket at the address --sandbox uses, so
	// results name no random port.
	inProcess bool
	policy    tools.Policy
	safety    tools.Safety
	// protocol is the version the client asks for: "" = mcp.LATEST_LEGACY_PROTOCOL_VERSION,
	// "modern" = 2026-07-28.
	protocol string
	// elicit, when set, makes the client declare elicitation and answer with it.
	elicit func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error)
	// realClock runs the emulator and the polling on the real clock (for deadline tests).
	realClock bool
	// callTimeout is each tool call's time limit (0 = the default).
	callTimeout time.Duration
	// waits bounds the reads made only for a text (zero: the production defaults, 2 s).
	waits tools.Waits
	// upstream, when set, puts something (a proxy) between the client and the emulator: it
	// gets the emulator's URL and returns the one the client calls.
	upstream func(t *testing.T, emulatorURL string) string
	// human is the page server (nil: a loopback one, closed when the test ends); local lets
	// set_secret read the environment and files.
	human *humanweb.Surface
	local *tools.LocalSources
	// capabilities are declared by the client (e.g. URL-mode elicitation).
	capabilities *mcp.ClientCapabilities
	// tap, when set, sits between client and server and records every MCP message.
	tap *wireTap
	// httpClient, when set, is the API client's HTTP client (a short wait for an answer).
	httpClient *http.Client
	// tokens, when set, is the API client's token source (an OAuth client), given the
	// emulator's URL.
	tokens func(emulatorURL string) client.TokenSource
	// apiSandbox marks the API client as --sandbox marks its own (client.Config.Sandbox): its
	// errors are the emulator's, and their remedies say what works there.
	apiSandbox bool
	// quietLogs logs at info, not debug: a test that reads no log line is spared formatting
	// a debug line per request (a tenth of the hidden-tools sweep's CPU).
	quietLogs bool
}

type elicitFunc func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error)

func (f elicitFunc) Elicit(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return f(ctx, req)
}

var epoch = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// sandboxBaseURL is the address --sandbox gives its in-process emulator (internal/cli).
const sandboxBaseURL = "http://sandbox.spice-cloud-mcp.invalid"

func newHarness(t *testing.T, opts harnessOptions) *harness {
	t.Helper()
	h := &harness{clock: sandbox.NewManualClock(epoch), logs: &testutil.SyncBuffer{}}
	if opts.cfg.Clock == nil && !opts.realClock {
		opts.cfg.Clock = h.clock
	}
	h.emu = sandbox.New(opts.cfg)
	h.api = httptest.NewServer(h.emu)
	t.Cleanup(h.api.Close)

	level := slog.LevelDebug
	if opts.quietLogs {
		level = slog.LevelInfo
	}
	logger, err := logging.New(h.logs, level, "json")
	if err != nil {
		t.Fatal(err)
	}
	cfg := client.Config{BaseURL: h.api.URL, Version: "test", Logger: logger, Org: opts.org,
		Retry: client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}, Sandbox: opts.apiSandbox}
	if opts.inProcess {
		cfg.BaseURL, cfg.HTTPClient = sandboxBaseURL, &http.Client{Transport: h.emu.Transport()}
	}
	if opts.upstream != nil {
		cfg.BaseURL = opts.upstream(t, h.api.URL)
	}
	if opts.httpClient != nil {
		cfg.HTTPClient = opts.httpClient
	}
	switch {
	case opts.tokens != nil:
		cfg.Tokens = opts.tokens(h.api.URL)
	case opts.token == "":
		cfg.Tokens = client.StaticToken("sandbox")
	case opts.token == "-":
	default:
		cfg.Tokens = client.StaticToken(opts.token)
	}
	api, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Workflows poll on the real API's schedule, but on the emulator's clock: a wait advances
	// the clock instead of sleeping, and is recorded.
	poll := tools.RealAPIPolling
	poll.Now = h.clock.Now
	poll.Sleep = func(ctx context.Context, d time.Duration) error {
		h.mu.Lock()
		h.waits = append(h.waits, d)
		h.mu.Unlock()
		h.clock.Advance(d)
		return ctx.Err()
	}
	if opts.realSleep || opts.realClock {
		poll.Sleep = nil
	}
	if opts.pollSleep != nil {
		poll.Sleep = opts.pollSleep
	}
	if opts.realClock {
		poll.Now = nil
	}
	if opts.human == nil {
		opts.human = humanweb.New(humanweb.Options{Logger: logger})
		t.Cleanup(func() { _ = opts.human.Close() })
	}
	h.human = opts.human
	srv := mcpserver.New(mcpserver.Options{
		Human:         opts.human,
		Local:         opts.local,
		Version:       "test",
		Client:        func(context.Context) (*client.Client, error) { return api, nil },
		Sandbox:       opts.sandboxNote,
		OutputSchemas: opts.outputSchemas,
		Logger:        logger,
		Poll:          poll,
		Policy:        opts.policy,
		Safety:        opts.safety,
		CallTimeout:   opts.callTimeout,
		Waits:         opts.waits,
	})
	var clientOpts []mcpclient.ClientOption
	if opts.elicit != nil {
		clientOpts = append(clientOpts, mcpclient.WithElicitationHandler(elicitFunc(opts.elicit)))
	}
	if opts.capabilities != nil {
		clientOpts = append(clientOpts, mcpclient.WithClientCapabilities(*opts.capabilities))
	}
	var c *mcpclient.Client
	if opts.tap != nil {
		c = mcpclient.NewClient(opts.tap.connect(srv, opts.elicit), clientOpts...)
	} else if c, err = mcpclient.NewInProcessClientWithOptions(srv, clientOpts...); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	ctx := context.Background()
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == "notifications/progress" {
			raw, _ := json.Marshal(n.Params.AdditionalFields)
			h.mu.Lock()
			h.events = append(h.events, string(raw))
			h.mu.Unlock()
		}
	})
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	version := mcp.LATEST_LEGACY_PROTOCOL_VERSION
	if opts.protocol == "modern" {
		version = ""
	} else if opts.protocol != "" {
		version = opts.protocol
	}
	if _, err := testutil.Initialize(ctx, c, version); err != nil {
		t.Fatal(err)
	}
	h.mcp = c
	return h
}

// call invokes a tool and returns its result; a protocol error fails the test.
func (h *harness) call(t *testing.T, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	return h.callWith(t, name, args)
}

// callRaw calls a tool with arguments as raw JSON text, sent as they are (a key twice, say).
func (h *harness) callRaw(t *testing.T, name, args string) *mcp.CallToolResult {
	t.Helper()
	return h.callWith(t, name, json.RawMessage(args))
}

func (h *harness) callWith(t *testing.T, name string, args any) *mcp.CallToolResult {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	// A guard against a hung call, not a time limit under test: in-process, its deadline is the
	// tool call's, and one loaded -race run took 31 s for a 300-secret create_and_deploy_app,
	// whose result then read "before this tool call's time limit ran out" (30 s here before).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := h.mcp.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// callWithProgress invokes a tool with a progress token.
func (h *harness) callWithProgress(t *testing.T, ctx context.Context, name string, args map[string]any) (*mcp.CallToolResult, error) {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	req.Params.Meta = &mcp.Meta{ProgressToken: "p-" + name}
	return h.mcp.CallTool(ctx, req)
}

// recorded returns the waits and progress messages so far.
func (h *harness) recorded() ([]time.Duration, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.waits...), append([]string(nil), h.events...)
}

// progressUntil waits (briefly) until a progress message containing marker has arrived:
// notifications travel separately from the result and may trail it.
func (h *harness) progressUntil(t *testing.T, marker string) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, events := h.recorded()
		if strings.Contains(strings.Join(events, "\n"), marker) || time.Now().After(deadline) {
			return events
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ok calls a tool that must succeed and returns its text.
func (h *harness) ok(t *testing.T, name string, args map[string]any) string {
	t.Helper()
	res := h.call(t, name, args)
	if res.IsError {
		t.Fatalf("%s %v failed: %s", name, args, text(res))
	}
	return text(res)
}

// fail calls a tool that must fail and returns its error text.
func (h *harness) fail(t *testing.T, name string, args map[string]any) string {
	t.Helper()
	res := h.call(t, name, args)
	if !res.IsError {
		t.Fatalf("%s %v: want an error, got: %s", name, args, text(res))
	}
	return text(res)
}

func (h *harness) listTools(t *testing.T) []mcp.Tool {
	t.Helper()
	res, err := h.mcp.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Tools
}

// appID returns the ID of a demo app by name.
func (h *harness) appID(t *testing.T, name string) int64 {
	t.Helper()
	var out struct {
		Apps []client.ProjectSummary `json:"apps"`
	}
	structured(t, h.call(t, "list_apps", nil), &out)
	for _, a := range out.Apps {
		if a.Name == name {
			return a.ID
		}
	}
	t.Fatalf("no app %q", name)
	return 0
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

// structured decodes a result's structuredContent into v.
func structured(t *testing.T, res *mcp.CallToolResult, v any) {
	t.Helper()
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("structured content %s: %v", raw, err)
	}
}

// everything renders all of a result (text and structured) for leak checks.
func everything(res *mcp.CallToolResult) string {
	raw, _ := json.Marshal(res)
	return string(raw)
}

func mustContain(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s: missing %q in:\n%s", what, p, s)
		}
	}
}
