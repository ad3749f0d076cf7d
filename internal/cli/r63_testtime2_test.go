package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r63TesttimeRunUntilServing is run for a command line that may start an HTTP server: one that
// refuses to start returns as run does; one that starts is stopped (as SIGTERM does) once it
// logs that it serves, with its start-up logs whole, instead of serving until run's 30-second
// limit.
func r63TesttimeRunUntilServing(t *testing.T, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr testutil.SyncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- cli.Run(ctx, cli.Env{Args: args, Getenv: getenv(nil), LookupEnv: lookupEnv(nil), Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	}()
	for {
		select {
		case code := <-exit:
			return outcome{code, stdout.String(), stderr.String()}
		case <-time.After(5 * time.Millisecond):
		}
		if strings.Contains(stderr.String(), "serving MCP over streamable HTTP") {
			cancel()
		}
	}
}

// TestR63Testtime2RunUntilServingStopsAServer: a server that starts is stopped once serving
// (exit 0, its start-up line logged), and a refusal to start comes back as run's does.
func TestR63Testtime2RunUntilServingStopsAServer(t *testing.T) {
	got := r63TesttimeRunUntilServing(t, "--sandbox", "--http", "127.0.0.1:0")
	if got.code != 0 || !strings.Contains(got.stderr, "serving MCP over streamable HTTP") {
		t.Errorf("a server that starts: exit %d:\n%s", got.code, got.stderr)
	}
	refused, want := r63TesttimeRunUntilServing(t, "--http", "127.0.0.1:0", "--bogus"), run(t, nil, "--http", "127.0.0.1:0", "--bogus")
	if refused != want || refused.code != 2 {
		t.Errorf("a refusal: %+v, run gives %+v", refused, want)
	}
}
