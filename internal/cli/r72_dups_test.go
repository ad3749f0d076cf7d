package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r72DupsStdioClient starts the built binary with args (no credentials in its environment)
// over stdio, mcp-go's client, initialized; the client and its 30 s context end with the test.
func r72DupsStdioClient(t *testing.T, args ...string) (*mcpclient.Client, context.Context) {
	t.Helper()
	c, err := mcpclient.NewStdioMCPClient(serverBinary(t), cleanEnv(), args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	return c, ctx
}

// r72DupsNewestSucceeded creates a deployment of analytics-app through s (request id 2) and,
// 50 ms later, lists the newest one (id 3): that answer, whether it is an error, and whether
// the deployment has succeeded by then.
func r72DupsNewestSucceeded(t *testing.T, s *stdioSession) (out string, isErr, succeeded bool) {
	t.Helper()
	out, isErr = s.call(2, "create_deployment", map[string]any{"app": "analytics-app"})
	if isErr {
		t.Fatalf("create_deployment: %s", out)
	}
	time.Sleep(50 * time.Millisecond)
	out, isErr = s.call(3, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1})
	return out, isErr, strings.Contains(out, "✅ succeeded")
}
