// Package bench measures what the server costs: tokens, calls, time and memory. Run with
//
//	go test ./bench -run XXX -bench . -benchtime 20x
package bench

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// session is an MCP client connected in-process to a server whose API is an emulator over
// real HTTP; deployment polling runs on the emulator's clock.
type session struct {
	emu   *sandbox.Emulator
	clock *sandbox.ManualClock
	mcp   *mcpclient.Client
	// calls and resultTokens add up what the agent saw.
	calls        int
	resultTokens int
}

func newSession(tb testing.TB, cfg sandbox.Config) *session {
	tb.Helper()
	s := &session{clock: sandbox.NewManualClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))}
	cfg.Clock = s.clock
	s.emu = sandbox.New(cfg)
	api := httptest.NewServer(s.emu)
	tb.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		tb.Fatal(err)
	}
	poll := tools.RealAPIPolling
	poll.Now = s.clock.Now
	poll.Sleep = func(ctx context.Context, d time.Duration) error { s.clock.Advance(d); return ctx.Err() }
	srv := mcpserver.New(mcpserver.Options{Version: "bench", Poll: poll,
		Client: func(context.Context) (*client.Client, error) { return c, nil }})
	s.mcp, err = mcpclient.NewInProcessClient(srv)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.mcp.Close() })
	ctx := context.Background()
	if err := s.mcp.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, s.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		tb.Fatal(err)
	}
	return s
}

// call runs a tool, counting the call and the tokens of its text result.
func (s *session) call(tb testing.TB, name string, args map[string]any) *mcp.CallToolResult {
	tb.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := s.mcp.CallTool(context.Background(), req)
	if err != nil {
		tb.Fatal(err)
	}
	if res.IsError {
		tb.Fatalf("%s: %s", name, resultText(res))
	}
	s.calls++
	s.resultTokens += tokens.Count(resultText(res))
	return res
}

func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func structured(tb testing.TB, res *mcp.CallToolResult, v any) {
	tb.Helper()
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, v); err != nil {
		tb.Fatal(err)
	}
}
