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

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r51DeterminismStallingTokens reads the token at once until stall is set, then hangs until the
// read's context ends (a token exchange that stops answering after the call's request was
// answered), telling first how long that context gives it: how long a remedy lookup may hold
// the answer, read as a condition instead of timed from outside.
type r51DeterminismStallingTokens struct {
	stall  *atomic.Bool
	budget chan time.Duration // one per stalled read; -1: no deadline
}

func (s r51DeterminismStallingTokens) Token(ctx context.Context) (string, error) {
	if s.stall.Load() {
		budget := time.Duration(-1)
		if end, ok := ctx.Deadline(); ok {
			budget = time.Until(end)
		}
		select {
		case s.budget <- budget:
		default:
		}
		<-ctx.Done()
		return "", ctx.Err()
	}
	return "sandbox", nil
}

// r51DeterminismTenants is tenantServer with the API requests of every token in held kept until
// release is closed (or 10 s); arrived, when set, gets the token of each as it is held, so a
// test orders its steps by what the server has, not by sleeping.
func r51DeterminismTenants(t *testing.T, release chan struct{}, arrived chan<- string, held ...string) *mcpserver.HTTPServer {
	t.Helper()
	emu := twoTenantEmulator(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		holder := ""
		for _, tok := range held {
			if strings.Contains(r.Header.Get("Authorization"), tok) {
				holder = tok
			}
		}
		if holder != "" && r.URL.Path != "/v1/health" {
			if arrived != nil {
				select {
				case arrived <- holder:
				case <-release:
				case <-r.Context().Done():
				}
			}
			select {
			case <-release:
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Second):
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
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Logger: logger})
	return listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger})
}

// r51DeterminismArrived waits until the server holds an API request of token's.
func r51DeterminismArrived(t *testing.T, arrived <-chan string, token string) {
	t.Helper()
	select {
	case got := <-arrived:
		if got != token {
			t.Fatalf("the server holds a request of %s, want one of %s", got, token)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no API request of %s reached the server", token)
	}
}
