package mcpserver

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// TestR64Httpmode8READMENumbersAreTheServersOwn: each number README gives for HTTP mode's
// limits (Limits, and the flags' table) is the one a server started with the command line's
// defaults really uses: read from its http.Server, its connection and session limits, its
// shutdown, and for the body limit from what it answers, not from a copy of the constant.
func TestR64Httpmode8READMENumbersAreTheServersOwn(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ") // lines wrap anywhere
	// The command line's defaults (internal/cli: the per-client and per-address shares are 0,
	// which it turns into these).
	h := ServeForTest(t, server.NewMCPServer("r64", "0"), HTTPOptions{Addr: "127.0.0.1:0",
		MaxSessionsPerClient: DefaultSessionsPerClient(DefaultMaxSessions), MaxConnectionsPerAddress: DefaultConnectionsPerAddress(DefaultMaxConnections)})
	// The body limit, from what the server answers at README's number.
	m := regexp.MustCompile("at most `--http-max-body` \\((\\d+) MiB").FindStringSubmatch(text)
	if m == nil {
		t.Fatal("README no longer gives the body limit")
	}
	mib, _ := strconv.ParseInt(m[1], 10, 64)
	r64Httpmode8BodyLimitIs(t, h, mib<<20)
	body := mib << 20
	seconds := func(d time.Duration) string { return strconv.Itoa(int(d.Seconds())) }
	for _, c := range []struct {
		claim string // a regular expression whose group is the number README gives
		uses  string // what the server uses, in README's unit
	}{
		{"`--http-max-body SIZE` \\| [^|]*\\(default `(\\d+)MiB`\\)", strconv.FormatInt(body>>20, 10)},
		{"at most `--http-max-sessions` 2025-era sessions \\((\\d+),", strconv.Itoa(h.sessions.max)},
		{"2025-era MCP sessions kept at once \\(default (\\d+)\\)", strconv.Itoa(h.sessions.max)},
		{"after `--http-session-ttl` \\((\\d+) min\\)", strconv.Itoa(int(h.sessions.ttl.Minutes()))},
		{"idle one is kept \\(default `(\\d+)m`\\)", strconv.Itoa(int(h.sessions.ttl.Minutes()))},
		{"\\(half of `--http-max-sessions` by default, (\\d+)\\)", strconv.Itoa(h.sessions.perClient)},
		{"a request's line and headers may take (\\d+) KiB", strconv.Itoa(h.http.MaxHeaderBytes >> 10)},
		{"At most `--http-max-connections` \\((\\d+);", strconv.Itoa(h.conns.max)},
		{"\\(half the cap by default, (\\d+);", strconv.Itoa(h.conns.perAddress)},
		{"at most a sixteenth of the cap, 1 to 64, wait at once", "at most a sixteenth of the cap, 1 to 64, wait at once"},
		{"a request's headers must arrive within (\\d+) s", seconds(h.http.ReadHeaderTimeout)},
		{"the whole request within `--http-read-timeout` \\((\\d+) s\\)", seconds(h.http.ReadTimeout)},
		{"time to receive a request \\(default `(\\d+)s`\\)", seconds(h.http.ReadTimeout)},
		{"connection closes after `--http-idle-timeout` \\((\\d+) s\\)", seconds(h.http.IdleTimeout)},
		{"keep an idle connection open \\(default `(\\d+)s`\\)", seconds(h.http.IdleTimeout)},
		{"calls in progress get this long to finish \\(default `(\\d+)s`", seconds(h.grace)},
		{"before the default `--http-shutdown-grace` of (\\d+) s", seconds(h.grace)},
		{"then are cancelled [^|]*?; up to (\\d+) s later connections still open are closed", seconds(shutdownAnswer)},
		{"each kind of refusal is logged at most once per (\\d+) s", seconds(refusalLogWindow)},
		{"gets `429` with `Retry-After: (\\d+)` naming the share", seconds(sessionRetryAfter)},
	} {
		m := regexp.MustCompile(c.claim).FindStringSubmatch(text)
		switch {
		case m == nil:
			t.Errorf("README no longer says %q", c.claim)
		case len(m) > 1 && m[1] != c.uses:
			t.Errorf("README says %q, the server uses %s", m[0], c.uses)
		}
	}
	// The waiting connections' bound: a sixteenth of the cap, 1 to 64.
	for limit, want := range map[int]int{h.conns.max: h.conns.max / 16, 8: 1, MaxMaxConnections: 64} {
		if got := newConnLimit(limit).waitingMax(); got != want {
			t.Errorf("a cap of %d lets %d wait beyond it, README says %d", limit, got, want)
		}
	}
}

// r64Httpmode8BodyLimitIs checks that limit is the largest body h reads, as its answers tell: a
// Content-Length one byte more gets 413 before a byte is read, a body of the limit is read (and
// the path is 404).
func r64Httpmode8BodyLimitIs(t *testing.T, h *HTTPServer, limit int64) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(h.URL(), "http://"), mcpPath)
	// status sends a POST declaring size bytes, and the body only when send is set.
	status := func(size int64, send bool) int {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(30 * time.Second))
		go func() {
			_, _ = io.WriteString(c, "POST /r64-body HTTP/1.1\r\nHost: "+host+"\r\nContent-Length: "+strconv.FormatInt(size, 10)+"\r\n\r\n")
			if send {
				_, _ = io.WriteString(c, strings.Repeat("a", int(size)))
			}
		}()
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	if over, at := status(limit+1, false), status(limit, true); over != http.StatusRequestEntityTooLarge || at != http.StatusNotFound {
		t.Errorf("README's body limit, %d bytes: one more got %d, the limit %d", limit, over, at)
	}
}
