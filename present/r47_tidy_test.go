package present

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// When nothing listens at SPICE_API_URL on this machine, the advice names a --listen address
// sandbox-api accepts (HOST:PORT): the URL's port, or its scheme's default when it names none
// ("localhost" alone is refused: want HOST:PORT).
func TestR47TidyNothingListensNamesAListenAddress(t *testing.T) {
	refused := &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for _, tc := range []struct{ host, address, want string }{
		{"127.0.0.1:8787", "127.0.0.1:8787", "spice-cloud-mcp sandbox-api --listen 127.0.0.1:8787)"},
		{"localhost", "localhost:80", "spice-cloud-mcp sandbox-api --listen localhost:80)"},
		{"[::1]", "[::1]:443", "spice-cloud-mcp sandbox-api --listen [::1]:443)"},
	} {
		got := Remedy(&client.RequestError{Operation: "listApps", Method: "GET", Host: tc.host, Address: tc.address, Err: refused})
		if !strings.Contains(got, tc.want) {
			t.Errorf("Host %s: remedy %q; want it to contain %q", tc.host, got, tc.want)
		}
	}

	// Over real HTTP: a free port, and http://localhost without a port (when nothing listens on 80).
	closed := testutil.RefusedAddr(t)
	bases := map[string]string{"http://" + closed: closed}
	if conn, err := net.DialTimeout("tcp", "localhost:80", time.Second); err == nil {
		conn.Close() // something serves port 80 here: that case is not this machine's to show
	} else {
		bases["http://localhost"] = "localhost:80"
	}
	for base, address := range bases {
		_, err := r47Sandbox2ClientAt(t, base).ListProjects(context.Background())
		var reqErr *client.RequestError
		if !errors.As(err, &reqErr) {
			t.Fatalf("%s: %v is not a request error", base, err)
		}
		if want := "spice-cloud-mcp sandbox-api --listen " + address + ")"; !strings.Contains(Remedy(err), want) {
			t.Errorf("SPICE_API_URL %s: remedy %q; want it to contain %q", base, Remedy(err), want)
		}
	}
}
