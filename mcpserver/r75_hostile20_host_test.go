package mcpserver_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r75Hostile20Hosts are Host headers holding the value set earlier that guardHost refuses: in a
// trailing-dot loopback name's port, in an IPv6 loopback's zone, and as a name of its own; and a
// loopback Host whose Origin, refused by guardOrigin, names a host after it.
func r75Hostile20Hosts() map[string]string {
	v := r74Hostile19Value
	return map[string]string{
		"port after a trailing dot": "localhost.:" + v,
		"zone of ::1":               "[::1%" + v + "].",
		"a name":                    v + ".example",
		"an Origin":                 "127.0.0.1",
		"a name, trailing dot":      v + ".",
	}
}

// TestR75Hostile20HostRefusalEchoesNoKnownValue: over real HTTP, once a caller's set_secret set a
// value, a request whose Host holds it (each of r75Hostile20Hosts, on a server of its own so its
// refusal is the first of its kind and logged), or whose Origin does, is refused (403) with an answer — status line,
// headers, body — that shows none of it, and a refusal's log line that shows none of it either.
// The trailing-dot answer quoted the Host's port and zone as sent ("Send it without the dot:
// localhost:hunter2-correct-horse-r74h19"), and the log line any Host of host characters.
func TestR75Hostile20HostRefusalEchoesNoKnownValue(t *testing.T) {
	t.Parallel()
	for form, host := range r75Hostile20Hosts() {
		origin := ""
		if form == "an Origin" {
			origin = "http://" + r74Hostile19Value + ".example" // a loopback Host, an Origin refused
		}
		srv, logger, logs := r74DupsLoggedServer(t, tools.Safety{Confirm: tools.ConfirmAgent})
		h := mcpserver.ServeForTest(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger})
		sid, got := r74Hostile19Post(t, h.URL(), "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
		if sid == "" {
			t.Fatalf("no session: %.600s", got)
		}
		if _, got := r74Hostile19Post(t, h.URL(), sid, r74Hostile19SetSecret); !strings.Contains(got, "DB_PASSWORD") || strings.Contains(got, `"isError":true`) {
			t.Fatalf("set_secret: %.600s", got)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.URL(), strings.NewReader(`{}`))
		req.Host = host
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		req.Close = true
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			cancel()
			t.Fatalf("%s: %v", form, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cancel()
		var head strings.Builder
		_ = resp.Header.Write(&head)
		answer := resp.Status + "\n" + head.String() + string(raw)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: Host %q not refused: %.400s", form, host, answer)
		}
		if r74Hostile19Shows(answer) {
			t.Errorf("%s: the answer shows the value: %.600s", form, answer)
		}
		refused := false
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, "its Host is neither") || strings.Contains(line, "its Origin is not allowed") {
				refused = true
				if r74Hostile19Shows(line) {
					t.Errorf("%s: the refusal's log line shows the value: %s", form, line)
				}
			}
		}
		if !refused {
			t.Errorf("%s: no refusal logged", form)
		}
	}
}
