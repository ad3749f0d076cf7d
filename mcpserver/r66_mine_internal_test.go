package mcpserver

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestR66MineGoneClientsWriteLogsAtInfo: mcp-go's "Failed to write …" of a client whose
// connection is gone (closed under it at shutdown, reset, a broken pipe, its write deadline
// past) logs at info, not error; a write that fails otherwise (a value it cannot encode, an
// error of no connection) stays an error.
func TestR66MineGoneClientsWriteLogsAtInfo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	_, closedErr := conn.Write([]byte("event: message\n"))
	if closedErr == nil {
		t.Fatal("a write to a closed connection succeeded")
	}
	_, encodeErr := json.Marshal(func() {})
	for _, c := range []struct {
		msg  string
		err  error
		want string
	}{
		{"Failed to write SSE event", fmt.Errorf("failed to write SSE event: %w", closedErr), "INFO"},
		{"Failed to write SSE event during drain", &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.EPIPE)}, "INFO"},
		{"Failed to write response", &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.ECONNRESET)}, "INFO"},
		{"Failed to write final SSE response event", &net.OpError{Op: "write", Net: "tcp", Err: os.ErrDeadlineExceeded}, "INFO"},
		{"Failed to write response", fmt.Errorf("failed to marshal data: %w", encodeErr), "ERROR"},
		{"Failed to write JSON-RPC message", fmt.Errorf("something else"), "ERROR"},
		{"Failed to marshal notification", fmt.Errorf("wrapped: %w", closedErr), "ERROR"},
	} {
		var out strings.Builder
		mcpGoLogger(slog.New(slog.NewTextHandler(&out, nil))).Error(c.msg, "err", c.err)
		if !strings.Contains(out.String(), "level="+c.want+" ") {
			t.Errorf("%s (%v) logged %q, want level %s", c.msg, c.err, out.String(), c.want)
		}
	}
}
