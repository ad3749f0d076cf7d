package testutil_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r58DeterminismRefused fails unless a dial to addr is refused and addr cannot be listened on
// (as another process or test would, taking a closed port the test still dials).
func r58DeterminismRefused(t *testing.T, addr string) {
	t.Helper()
	if c, err := net.DialTimeout("tcp", addr, 5*time.Second); err == nil {
		c.Close()
		t.Errorf("a dial to %s connected; want it refused", addr)
	} else if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("a dial to %s: %v; want connection refused", addr, err)
	}
	if runtime.GOOS != "linux" {
		return // only Linux holds the port
	}
	if ln, err := net.Listen("tcp", addr); err == nil {
		ln.Close()
		t.Errorf("another listener took %s: a later dial would reach it, not be refused", addr)
	}
}

// TestR58DeterminismRefusedAddrIsHeld: RefusedAddr refuses connections and keeps its port for
// the test. The tests it serves listened on 127.0.0.1:0 and closed the listener, leaving the
// port free for any other test or process to listen on before their dial.
func TestR58DeterminismRefusedAddrIsHeld(t *testing.T) {
	r58DeterminismRefused(t, testutil.RefusedAddr(t))
}

// TestR58DeterminismHeldServerRefusesOnceClosed: a HeldServer answers while open; once
// closed (an endpoint that goes away mid-test), its address refuses connections and no one
// else can listen there until the test ends.
func TestR58DeterminismHeldServerRefusesOnceClosed(t *testing.T) {
	srv := testutil.HeldServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "up")
	}))
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "up" {
		t.Fatalf("answered %q", body)
	}
	srv.Close()
	r58DeterminismRefused(t, srv.Listener.Addr().String())
}
