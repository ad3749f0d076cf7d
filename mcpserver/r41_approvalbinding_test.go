package mcpserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR41ApprovalBeforeInitializedKeepsItsBinding: the page approval given for a call made
// before notifications/initialized (TestR41ReviewcdApprovalBeforeInitializedIsHonouredAfter)
// holds, once the client can be asked, only for exactly that call: the same tool on another app
// and the same app by its ID (another argument: README "an app's name and its ID are not") are
// asked (elicitation/create), and the call with the approved arguments then goes ahead unasked.
func TestR41ApprovalBeforeInitializedKeepsItsBinding(t *testing.T) {
	w := &r41cWire{t: t}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mcpserver.ServeStdio(ctx, srv, inR, outW, slog.New(slog.DiscardHandler)); outW.Close() }()
	w.in = inW
	go func() {
		sc := bufio.NewScanner(outR)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			w.mu.Lock()
			w.lines = append(w.lines, sc.Text())
			w.mu.Unlock()
		}
	}()
	t.Cleanup(func() { cancel(); inW.Close(); <-done })
	w.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x","version":"0"}}}`)
	w.await(`1`, 10*time.Second)
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	var res struct {
		Result struct {
			Content []struct{ Text string } `json:"content"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(w.await(`2`, 10*time.Second)), &res); err != nil || len(res.Result.Content) == 0 {
		t.Fatalf("first answer: %v", err)
	}
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/[^\s)>\]"` + "`" + `]+`).FindString(res.Result.Content[0].Text)
	if link == "" {
		t.Fatalf("no approval link:\n%s", res.Result.Content[0].Text)
	}
	page, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no token on the page: %s", body)
	}
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(url.Values{"token": {string(m[1])}, "decision": {"approve"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	u, _ := url.Parse(link)
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	posted, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	posted.Body.Close()
	if posted.StatusCode != http.StatusOK {
		t.Fatalf("approve: %s", posted.Status)
	}
	w.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	time.Sleep(100 * time.Millisecond)
	asked := func() int {
		w.mu.Lock()
		defer w.mu.Unlock()
		n := 0
		for _, l := range w.lines {
			if strings.Contains(l, `"method":"elicitation/create"`) {
				n++
			}
		}
		return n
	}
	waitAsked := func(n int, what string) {
		t.Helper()
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if asked() >= n {
				return
			}
		}
		t.Fatalf("%s was not asked: the page's approval for another call applied to it", what)
	}
	w.send(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"analytics-app"}}}`)
	waitAsked(1, "delete_app of another app")
	w.send(`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"102"}}}`)
	waitAsked(2, "delete_app of the same app by its ID")
	w.send(`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	if a := w.await(`5`, 10*time.Second); !strings.Contains(a, "Deleted") {
		t.Errorf("the approved call did not go ahead: %.400s", a)
	}
	if n := asked(); n != 2 {
		t.Errorf("the approved call was asked again (%d questions)", n)
	}
}
