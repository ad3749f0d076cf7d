package mcpserver_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR40PageListenerBoundsItsConnections (audit r40 web): the stdio page listener
// (--human-listen) kept every connection a local process opened until its header timeout, with
// no cap, unlike --http's --http-max-connections. Past mcpserver.MaxPageConnections a new
// connection closes the oldest silent one, and the person's page still answers.
func TestR40PageListenerBoundsItsConnections(t *testing.T) {
	s := humanweb.New(humanweb.Options{Listen: "127.0.0.1:0", Conns: mcpserver.PageConns})
	t.Cleanup(func() { s.Close() })
	_, link, err := s.Approval(context.Background(), humanweb.Approval{Key: "k", Tool: "delete_app", Action: "Delete app demo (1)"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	var idle []net.Conn
	t.Cleanup(func() {
		for _, c := range idle {
			_ = c.Close()
		}
	})
	for range mcpserver.MaxPageConnections + 8 {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	// The person's page answers at once.
	client := &http.Client{Timeout: 5 * time.Second}
	res, err := client.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the page answered %d", res.StatusCode)
	}
	// The first silent connections were closed (well before the 10 s header timeout).
	for i := range 8 {
		_ = idle[i].SetReadDeadline(time.Now().Add(3 * time.Second))
		if _, err := idle[i].Read(make([]byte, 1)); !errors.Is(err, io.EOF) && !isReset(err) {
			t.Fatalf("idle connection %d still open past the cap of %d: %v", i, mcpserver.MaxPageConnections, err)
		}
	}
}

func isReset(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && !errors.Is(err, os.ErrDeadlineExceeded)
}
