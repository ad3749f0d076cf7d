package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// progressEvent is a notifications/progress as it travelled.
type progressEvent struct {
	Token    string
	Progress int
	Message  string
}

// callStream is what one tools/call's HTTP response carried, in order: its progress events and
// whether the result came last.
type callStream struct {
	Token    string // the call's own progress token
	Progress []progressEvent
	Result   bool // the response ended with the call's result, after every progress event
	Foreign  int  // messages that were neither progress nor the call's result
}

// wire records the response stream of every tools/call a client posts, by progress token.
type wire struct {
	mu    sync.Mutex
	calls map[string]*callStream
	// getOpened, when set, is told each time the server answers a GET stream's headers.
	getOpened chan struct{}
}

func (w *wire) client() *http.Client {
	return &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		var body []byte
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err == nil && req.Method == http.MethodGet && resp.StatusCode == http.StatusOK && w.getOpened != nil {
			select {
			case w.getOpened <- struct{}{}:
			default:
			}
		}
		var call struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params struct {
				Meta struct {
					Token any `json:"progressToken"`
				} `json:"_meta"`
			} `json:"params"`
		}
		if err != nil || json.Unmarshal(body, &call) != nil || call.Method != "tools/call" || call.Params.Meta.Token == nil {
			return resp, err
		}
		// The whole stream is read before the client sees any of it: each call's stream is
		// then complete, and the client still gets every message.
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		s := &callStream{Token: fmt.Sprint(call.Params.Meta.Token)}
		for _, line := range strings.Split(string(raw), "\n") {
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok {
				continue
			}
			var m struct {
				ID     json.RawMessage `json:"id"`
				Method string          `json:"method"`
				Params struct {
					Token    any    `json:"progressToken"`
					Progress int    `json:"progress"`
					Message  string `json:"message"`
				} `json:"params"`
			}
			_ = json.Unmarshal([]byte(data), &m)
			switch {
			case s.Result:
				s.Foreign++ // nothing may follow the result
			case m.Method == "notifications/progress":
				s.Progress = append(s.Progress, progressEvent{fmt.Sprint(m.Params.Token), m.Params.Progress, m.Params.Message})
			case m.Method == "" && bytes.Equal(m.ID, call.ID):
				s.Result = true
			default:
				s.Foreign++
			}
		}
		w.mu.Lock()
		if w.calls == nil {
			w.calls = map[string]*callStream{}
		}
		w.calls[s.Token] = s
		w.mu.Unlock()
		return resp, nil
	})}
}

func (w *wire) stream(token string) *callStream {
	w.mu.Lock()
	defer w.mu.Unlock()
	if s := w.calls[token]; s != nil {
		return s
	}
	return &callStream{Token: token}
}

// progressHTTP serves the MCP server over HTTP on the demo emulator, whose deployments run on a
// manual clock that the server's polling advances instead of sleeping.
func progressHTTP(t testing.TB) string {
	t.Helper()
	clock := sandbox.NewManualClock(epoch)
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true, Clock: clock}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox"),
		Retry: client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	poll := tools.RealAPIPolling
	poll.Now = clock.Now
	poll.Sleep = func(ctx context.Context, d time.Duration) error { clock.Advance(d); return ctx.Err() }
	srv := mcpserver.New(mcpserver.Options{Version: "test", Poll: poll,
		Client: func(context.Context) (*client.Client, error) { return c, nil }})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0"})
	return h.URL()
}

// progressClient connects an mcp-go client over HTTP in a protocol era ("" = 2026-07-28); it
// counts the progress notifications it is handed, by token.
func progressClient(t testing.TB, ctx context.Context, url, version string) (*mcpclient.Client, *wire, func() map[string]int) {
	t.Helper()
	w := &wire{}
	c, err := mcpclient.NewStreamableHttpClient(url, transport.WithHTTPBasicClient(w.client()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	var mu sync.Mutex
	got := map[string]int{}
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == "notifications/progress" {
			mu.Lock()
			got[fmt.Sprint(n.Params.AdditionalFields["progressToken"])]++
			mu.Unlock()
		}
	})
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, version); err != nil {
		t.Fatal(err)
	}
	return c, w, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		return maps.Clone(got)
	}
}

func callWithToken(ctx context.Context, c *mcpclient.Client, token, name string, args map[string]any) (*mcp.CallToolResult, error) {
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	req.Params.Meta = &mcp.Meta{ProgressToken: token}
	return c.CallTool(ctx, req)
}

// deploySteps are the progress messages of create_and_deploy_app(deployArgs) on the emulator's
// clock, in order.
var deploySteps = []string{"check inputs", "create app", "configure", "secret OPENAI_API_KEY", "secret PG_PASS", "deploy", "queued after", "succeeded after", "wait: succeeded"}

// checkAllProgress: the call's own stream carried every progress message of the call, numbered
// 1, 2, ... in order, each with the call's token, then the result. With pollsVary, calls share
// the emulator's clock, so how often a deployment was polled varies: the messages of polls
// ("deployment N of ...") only have to be there.
func checkAllProgress(t *testing.T, what string, s *callStream, want []string, pollsVary bool) {
	t.Helper()
	ok := s.Result && s.Foreign == 0
	var got []string
	for i, p := range s.Progress {
		ok = ok && p.Token == s.Token && p.Progress == i+1
		if !pollsVary || !strings.HasPrefix(p.Message, "deployment ") {
			got = append(got, p.Message)
		}
	}
	if pollsVary {
		ok = ok && len(got) < len(s.Progress)
		want = slices.DeleteFunc(slices.Clone(want), func(w string) bool { return strings.HasSuffix(w, " after") })
	}
	ok = ok && len(got) == len(want)
	for i := range got {
		ok = ok && i < len(want) && strings.Contains(got[i], want[i])
	}
	if !ok {
		t.Errorf("%s: its stream carried %+v (result last: %t, other messages %d); want every one of %q, then the result",
			what, s.Progress, s.Result, s.Foreign, want)
	}
}

// TestProgressOverHTTP: over streamable HTTP a call's progress notifications all travel on the
// call's own response stream, before its result, in every protocol era: the last one too,
// which mcp-go used to drop when the tool returned right after sending it (a wait on a
// finished deployment sends only that one: 1 in 10 arrived in a 2025 session, 0 in 10 with
// 2026-07-28).
func TestProgressOverHTTP(t *testing.T) {
	url := progressHTTP(t)
	for _, version := range []string{"2025-06-18", mcp.LATEST_LEGACY_PROTOCOL_VERSION, ""} {
		era := version
		if era == "" {
			era = mcp.ProtocolVersion20260728
		}
		t.Run(era, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c, w, received := progressClient(t, ctx, url, version)
			want := map[string]int{}
			for i := range 10 {
				token := fmt.Sprintf("%s-wait-%d", era, i)
				res, err := callWithToken(ctx, c, token, "wait_for_deployment", map[string]any{"app": "analytics-app"})
				if err != nil || res.IsError || !strings.Contains(text(res), "succeeded") {
					t.Fatalf("wait_for_deployment: %v %s", err, text(res))
				}
				checkAllProgress(t, token, w.stream(token), []string{"deployment 1003 of analytics-app (101): succeeded after 0 ms"}, false)
				want[token] = 1
			}
			token := era + "-deploy"
			res, err := callWithToken(ctx, c, token, "create_and_deploy_app", deployArgs("progress-"+strings.ReplaceAll(era, "-", "")))
			if err != nil || res.IsError {
				t.Fatalf("create_and_deploy_app: %v %s", err, text(res))
			}
			checkAllProgress(t, token, w.stream(token), deploySteps, false)
			want[token] = len(deploySteps)
			if got := received(); !maps.Equal(got, want) {
				t.Errorf("the client was handed %v progress notifications by token, want %v", got, want)
			}
		})
	}
}

// TestProgressConcurrentCallsOverHTTP: calls running at the same time. With 2026-07-28 every
// request is on its own, so each call gets all of its progress on its own stream. In a 2025
// session every stream of the session reads one notification queue (mcp-go), so a call's
// progress may travel on another call's stream (README, Transports); what stays true there is
// that each call's result is its own and on its own stream, and that no progress crosses from
// one session to another.
func TestProgressConcurrentCallsOverHTTP(t *testing.T) {
	url := progressHTTP(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	type conn struct {
		era      string
		c        *mcpclient.Client
		w        *wire
		received func() map[string]int
	}
	var clients []conn
	for i, version := range []string{"", "2025-06-18", mcp.LATEST_LEGACY_PROTOCOL_VERSION} {
		c, w, received := progressClient(t, ctx, url, version)
		clients = append(clients, conn{fmt.Sprintf("era%d", i), c, w, received})
	}
	const perClient = 4
	type outcome struct {
		res *mcp.CallToolResult
		err error
	}
	results := map[string]outcome{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, cl := range clients {
		for i := range perClient {
			token := fmt.Sprintf("%s-%d", cl.era, i)
			wg.Go(func() {
				res, err := callWithToken(ctx, cl.c, token, "create_and_deploy_app", deployArgs("conc-"+token))
				mu.Lock()
				results[token] = outcome{res, err}
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for _, cl := range clients {
		var sessionTokens []string
		for i := range perClient {
			sessionTokens = append(sessionTokens, fmt.Sprintf("%s-%d", cl.era, i))
		}
		for _, token := range sessionTokens {
			r := results[token]
			if r.err != nil || r.res.IsError || !strings.Contains(text(r.res), "**conc-"+token+"**") {
				t.Errorf("%s: %v %s", token, r.err, text(r.res))
				continue
			}
			s := cl.w.stream(token)
			if cl.era == "era0" { // 2026-07-28
				checkAllProgress(t, token, s, deploySteps, true)
				continue
			}
			if !s.Result || s.Foreign != 0 {
				t.Errorf("%s: its result did not end its own stream (%d other messages)", token, s.Foreign)
			}
			for _, p := range s.Progress {
				if !slices.Contains(sessionTokens, p.Token) {
					t.Errorf("%s: progress of %s, another session's call, on its stream", token, p.Token)
				}
			}
		}
		for token := range cl.received() {
			if !slices.Contains(sessionTokens, token) {
				t.Errorf("%s: handed progress of %s, another session's call", cl.era, token)
			}
		}
	}
}

// BenchmarkProgressConcurrentCallsOneSession measures what TestProgressConcurrentCallsOverHTTP
// cannot assert: four create_and_deploy_app calls at once in one 2025 session (one op), each
// with its progress token. It reports the share of progress notifications that travelled on
// another call's stream and the calls that lost any of theirs (per 100 calls).
func BenchmarkProgressConcurrentCallsOneSession(b *testing.B) {
	url := progressHTTP(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	c, w, _ := progressClient(b, ctx, url, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	var own, other, lossy, calls int
	run := 0
	for b.Loop() {
		run++
		var wg sync.WaitGroup
		for i := range 4 {
			token := fmt.Sprintf("r%d-%d", run, i)
			wg.Go(func() {
				res, err := callWithToken(ctx, c, token, "create_and_deploy_app", deployArgs("b-"+token))
				if err != nil || res.IsError {
					b.Errorf("%v %s", err, text(res))
				}
			})
		}
		wg.Wait()
		seen := map[string]map[int]string{}
		for i := range 4 {
			token := fmt.Sprintf("r%d-%d", run, i)
			for _, p := range w.stream(token).Progress {
				if p.Token == token {
					own++
				} else {
					other++
				}
				if seen[p.Token] == nil {
					seen[p.Token] = map[int]string{}
				}
				seen[p.Token][p.Progress] = p.Message
			}
		}
		for i := range 4 {
			calls++
			got := seen[fmt.Sprintf("r%d-%d", run, i)]
			last := 0
			for n := range got {
				last = max(last, n)
			}
			// Progress counts 1, 2, ... and ends with the wait step: a gap or no end is a loss.
			if len(got) != last || !strings.HasPrefix(got[last], "wait: ") {
				lossy++
			}
		}
	}
	b.ReportMetric(100*float64(other)/float64(max(own+other, 1)), "%progress-on-other-stream")
	b.ReportMetric(100*float64(lossy)/float64(max(calls, 1)), "lossy-calls/100")
}

// TestProgressReachesClientsHoldingAGETStream: in a 2025-era session whose client holds the GET
// stream open, mcp-go hands the session's notifications to whichever of its streams reads first,
// so part of a call's progress arrives on the GET stream rather than the call's own (README,
// "Progress over HTTP"); the client still gets all of it, matched by its token.
func TestProgressReachesClientsHoldingAGETStream(t *testing.T) {
	url := progressHTTP(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w := &wire{getOpened: make(chan struct{}, 1)}
	c, err := mcpclient.NewStreamableHttpClient(url, transport.WithHTTPBasicClient(w.client()), transport.WithContinuousListening())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	var mu sync.Mutex
	got := 0
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == "notifications/progress" && fmt.Sprint(n.Params.AdditionalFields["progressToken"]) == "held" {
			mu.Lock()
			got++
			mu.Unlock()
		}
	})
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, "2025-06-18"); err != nil {
		t.Fatal(err)
	}
	select { // the GET stream opens after initialization: the server has answered it (not 200 ms)
	case <-w.getOpened:
	case <-ctx.Done():
		t.Fatal("the client's GET stream was never answered")
	}
	res, err := callWithToken(ctx, c, "held", "create_and_deploy_app", deployArgs("held-app"))
	if err != nil || res.IsError {
		t.Fatalf("create_and_deploy_app: %v %v", err, res)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := got
		mu.Unlock()
		if n >= len(deploySteps) || time.Now().After(deadline) {
			if n < len(deploySteps) {
				t.Errorf("the client got %d progress notifications, want %d", n, len(deploySteps))
			}
			break
		}
	}
	s := w.stream("held")
	if !s.Result {
		t.Error("the call's own stream did not end with its result")
	}
	t.Logf("of %d progress notifications, %d came on the call's own stream, the rest on the GET stream", len(deploySteps), len(s.Progress))
}
