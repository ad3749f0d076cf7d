package cli_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR42CliHumanListenCapsItsConnections: README (--human-listen) says the stdio page listener
// keeps at most 64 connections open at once, as --http-max-connections bounds --http's. The cap
// is tested in mcpserver (TestR40PageListenerBoundsItsConnections) on a listener the test builds;
// here it is the one the command line starts (cli.Run with --human-listen). With 64 connections
// each holding a request in progress (a POST whose body the page is waiting for: Expect:
// 100-continue says the handler reads it), a 65th is not served: it gets 503 and is closed.
// Once one of the 64 ends, the person's page answers again.
func TestR42CliHumanListenCapsItsConnections(t *testing.T) {
	link, _ := humanPage(t, "--human-listen", "127.0.0.1:0")
	host := strings.TrimPrefix(strings.Split(link, "/human/")[0], "http://")
	held := make([]net.Conn, 0, mcpserver.MaxPageConnections)
	t.Cleanup(func() {
		for _, c := range held {
			_ = c.Close()
		}
	})
	if mcpserver.MaxPageConnections != 64 {
		t.Fatalf("MaxPageConnections is %d; README says 64", mcpserver.MaxPageConnections)
	}
	for i := range mcpserver.MaxPageConnections {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		// A link that does not exist: its POST's body is read (and waited for) all the same.
		req := "POST /human/" + strings.Repeat("A", 43) + " HTTP/1.1\r\nHost: " + host +
			"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
			t.Fatalf("held connection %d (of %d): %q, %v; want 100 Continue (its request in progress)", i+1, mcpserver.MaxPageConnections, line, err)
		}
	}
	// The 65th: not served.
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET "+strings.TrimPrefix(link, "http://"+host)+" HTTP/1.1\r\nHost: "+host+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("the 65th connection: %v; want 503", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "at most 64 connections") {
		t.Fatalf("the 65th connection with 64 held was served: %d\n%s", res.StatusCode, body)
	}
	// One of the 64 ends: the person's page answers.
	_ = held[0].Close()
	held = held[1:]
	deadline := time.Now().Add(5 * time.Second)
	for {
		res, err := (&http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}).Get(link)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page after one held connection closed: %v %v", res, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
