package cli_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestStdioInputClosedEndsThePageWait: stdin closes while a call waits for a person's
// secret-entry page (URL-mode elicitation, accepted). No answer can reach the client any more, so
// the page is withdrawn and the call ends at once, saying so, and the process exits 0. Before,
// it waited for the page to expire (minutes), writing progress all along.
func TestStdioInputClosedEndsThePageWait(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"url":{},"form":{}}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(0)
	s.send(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"set_secret","arguments":{"app":"docs-search","name":"MY_KEY"},"_meta":{"progressToken":"t"}}}`)
	var q rawLine
	for q.Method != "elicitation/create" {
		m, ok := s.next(30 * time.Second)
		if !ok {
			t.Fatalf("no question; stderr:\n%s", s.stderr.String())
		}
		q = m
	}
	s.send(`{"jsonrpc":"2.0","id":` + string(q.ID) + `,"result":{"action":"accept"}}`)
	for m, ok := s.next(10 * time.Second); !ok || m.Method != "notifications/progress"; m, ok = s.next(10 * time.Second) {
		if !ok {
			t.Fatalf("the call did not wait for the page; stderr:\n%s", s.stderr.String())
		}
	}
	closedAt := time.Now()
	s.in.Close()
	m, ok := s.responseTo("1", 10*time.Second)
	if !ok {
		t.Fatalf("no result after stdin closed; stderr:\n%s", s.stderr.String())
	}
	if !strings.Contains(m.line, "closed the server's input (stdin) while the secret-entry page waited") || !strings.Contains(m.line, `"isError":true`) {
		t.Errorf("result: %.400s", m.line)
	}
	select {
	case code := <-s.exit:
		if code != 0 || time.Since(closedAt) > 5*time.Second {
			t.Errorf("exit %d after %v", code, time.Since(closedAt))
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after stdin closed; stderr:\n%s", s.stderr.String())
	}
}

// TestStdioInputClosedWhileStoringWaitsForTheStore: stdin closes while the value a person
// submitted on the page is being stored against a slow API. The store goes on (it runs for the
// page, bounded by humanweb.StoreTimeout), so the call waits for it and says what became of
// the value — stored — rather than that the page was withdrawn; then the process exits 0.
func TestStdioInputClosedWhileStoringWaitsForTheStore(t *testing.T) {
	emu := sandbox.New(sandbox.Config{Demo: true})
	storing, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/secrets") {
			once.Do(func() { close(storing) })
			<-release
		}
		emu.ServeHTTP(w, r)
	}))
	defer api.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	s := startStdio(t, map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "sandbox"}, "--human-links", "show")
	s.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"url":{},"form":{}}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(0)
	s.send(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"set_secret","arguments":{"app":"docs-search","name":"SLOW_KEY"},"_meta":{"progressToken":"t"}}}`)
	var q rawLine
	for q.Method != "elicitation/create" {
		m, ok := s.next(30 * time.Second)
		if !ok {
			t.Fatalf("no question; stderr:\n%s", s.stderr.String())
		}
		q = m
	}
	var params struct {
		Params struct {
			URL string `json:"url"`
		} `json:"params"`
	}
	if err := json.Unmarshal([]byte(q.line), &params); err != nil || params.Params.URL == "" {
		t.Fatalf("question without a URL: %v\n%s", err, q.line)
	}
	link := params.Params.URL
	s.send(`{"jsonrpc":"2.0","id":` + string(q.ID) + `,"result":{"action":"accept"}}`)

	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(string(page))
	if token == nil {
		t.Fatalf("no token on the page:\n%s", page)
	}
	u, _ := url.Parse(link)
	posted := make(chan int, 1)
	go func() {
		form := url.Values{"token": {html.UnescapeString(token[1])}, "decision": {"store"}, "secret-SLOW_KEY": {"slow-value-1"}}
		req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", u.Scheme+"://"+u.Host)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			posted <- 0
			return
		}
		resp.Body.Close()
		posted <- resp.StatusCode
	}()
	select {
	case <-storing:
	case <-time.After(20 * time.Second):
		t.Fatalf("the value was never stored; stderr:\n%s", s.stderr.String())
	}
	s.in.Close()
	time.Sleep(time.Second) // the store is still in progress when the input has closed
	close(release)
	m, ok := s.responseTo("1", 20*time.Second)
	if !ok {
		t.Fatalf("no result after stdin closed; stderr:\n%s", s.stderr.String())
	}
	if !strings.Contains(m.line, "while the values entered on the page were being stored") || !strings.Contains(m.line, "Stored: `SLOW_KEY`") ||
		strings.Contains(m.line, "withdrawn") {
		t.Errorf("result: %.600s", m.line)
	}
	if code := <-posted; code != http.StatusOK {
		t.Errorf("the page's POST: %d", code)
	}
	select {
	case code := <-s.exit:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after the store; stderr:\n%s", s.stderr.String())
	}
}
