package mcpserver_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR67Claims4AllowedOriginsAddToTheLoopbackOnes: README's "`--allowed-origins` adds browser
// origins to the loopback ones (and the origin of `--http-public-url`...); a foreign `Origin` gets
// 403": with both set, a loopback origin (any port), each allowed one and the public URL's are
// served, and a look-alike of each (another scheme, port or a longer host) is refused.
func TestR67Claims4AllowedOriginsAddToTheLoopbackOnes(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{RequireBearer: true, AllowedOrigins: []string{"https://console.example.com"},
		PublicURL: "https://mcp.example.com/mcp"}, nil)
	for origin, want := range map[string]int{
		"http://localhost:3000":                    http.StatusOK,
		"http://127.0.0.1:9":                       http.StatusOK,
		"http://[::1]:8080":                        http.StatusOK,
		"https://console.example.com":              http.StatusOK,
		"https://mcp.example.com":                  http.StatusOK,
		"http://console.example.com":               http.StatusForbidden,
		"https://console.example.com:8443":         http.StatusForbidden,
		"https://console.example.com.evil.example": http.StatusForbidden,
		"https://evil.mcp.example.com":             http.StatusForbidden,
		"https://mcp.example.com:8443":             http.StatusForbidden,
		"null":                                     http.StatusForbidden,
	} {
		status, _, body := r48HttpsafetyInitialize(t, h.URL(), func(r *http.Request) { r.Header.Set("Origin", origin) })
		if status != want {
			t.Errorf("initialize from Origin %s: %d, want %d (%.200s)", origin, status, want, body)
		}
	}
}

// TestR67Claims4ShutdownLogsItsCallsAndTakesNoRequest: README's `--http-shutdown-grace` row,
// "on SIGINT or SIGTERM (logged, with the calls in progress) the server takes no new connection
// or request": the shutdown's log line counts the two calls in progress (the binary's test read
// the message only), a connection kept alive from before is closed rather than served, a new one
// is refused, and the calls still running when the grace period ends answer that they were
// cancelled while Serve returns no error.
func TestR67Claims4ShutdownLogsItsCallsAndTakesNoRequest(t *testing.T) {
	s := r67ServeForShutdown(t, sandbox.Fault{Operation: api.GetProject.ID, Latency: time.Minute, Times: -1}, time.Second)
	emu, h, logs, stop, served := s.emu, s.h, s.logs, s.stop, s.served

	// A connection kept alive: one request answered, the connection left open.
	host := hostOf(h.URL())
	kept, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	keptReader := bufio.NewReader(kept)
	if _, err := io.WriteString(kept, "GET /healthz HTTP/1.1\r\nHost: "+host+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(keptReader, nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz before the shutdown: %v %v", err, resp)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	session := initialize(t, h.URL(), nil)
	answers := make(chan string, 2)
	for id := range 2 {
		go func() {
			req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"}}}`, id+10)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			req.Header.Set("Mcp-Session-Id", session)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				answers <- err.Error()
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			answers <- string(body)
		}()
	}
	for deadline := time.Now().Add(15 * time.Second); emu.Calls(api.GetProject.ID) < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the calls did not reach the API")
		}
	}
	stop()
	// The kept connection is closed by the server (not left open to carry a next request).
	_ = kept.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := keptReader.ReadByte(); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("the connection kept alive from before the shutdown: %v, want it closed by the server", err)
	}
	if resp, err := http.Get("http://" + host + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("a new connection during the shutdown: %d, want none taken", resp.StatusCode)
	}
	for range 2 {
		if body := <-answers; !strings.Contains(body, "Cancelled") || !strings.Contains(body, `"isError":true`) {
			t.Errorf("a call still running after the grace period: %.600s, want its cancelled result", body)
		}
	}
	<-served
	if s.err != nil {
		t.Errorf("Serve after the shutdown: %v", s.err)
	}
	var line struct {
		Msg   string
		Calls *int
	}
	for _, l := range strings.Split(logs.String(), "\n") {
		if json.Unmarshal([]byte(l), &line) == nil && strings.HasPrefix(line.Msg, "shutting down") {
			break
		}
		line.Msg = ""
	}
	if line.Msg == "" || line.Calls == nil || *line.Calls != 2 {
		t.Errorf("the shutdown's log line %q, calls %v: want it to count the 2 calls in progress\n%s", line.Msg, line.Calls, logs)
	}
}

// TestR67Claims4DeletedIDsRememberedUpToTheSessionCap: README's "The replica that received the
// `DELETE` remembers the ID …, at most `--http-max-sessions` of them (the oldest forgotten
// first); other replicas keep no list, so there the ID stays usable by its own caller", through
// the server's own options (TestEndedSessionIDs reads the list alone): with a cap of 2, three
// sessions DELETEd, the last two get 404 and the first, forgotten, is served again to its caller,
// as another replica would serve it.
func TestR67Claims4DeletedIDsRememberedUpToTheSessionCap(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxSessions: 2}, nil)
	alice := map[string]string{"Authorization": "Bearer alice-token"}
	var ids []string
	for range 3 {
		id := initialize(t, h.URL(), alice)
		if status, body := del(t, h.URL(), id, alice); status != http.StatusOK {
			t.Fatalf("DELETE: %d %s", status, body)
		}
		ids = append(ids, id)
	}
	for i, id := range ids {
		want := http.StatusNotFound
		if i == 0 {
			want = http.StatusOK // forgotten: the oldest of three, beyond the cap of 2
		}
		if resp, body := rpc(t, h.URL(), id, toolsListJSON, alice); resp.StatusCode != want {
			t.Errorf("tools/list in the session DELETEd %d of 3: %d %.200s, want %d", i+1, resp.StatusCode, body, want)
		}
	}
}
