package mcpserver_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r41cWire is a server over stdio (demo emulator, real clock) recording every line it writes.
type r41cWire struct {
	t     *testing.T
	in    io.Writer
	mu    sync.Mutex
	lines []string
	grew  chan struct{} // closed (and replaced) when a line is added or the output ends
}

// grewLocked is the channel the next line closes; w.mu held.
func (w *r41cWire) grewLocked() <-chan struct{} {
	if w.grew == nil {
		w.grew = make(chan struct{})
	}
	return w.grew
}

// signalLocked wakes whoever waits on grewLocked; w.mu held.
func (w *r41cWire) signalLocked() {
	if w.grew != nil {
		close(w.grew)
		w.grew = nil
	}
}

func r41cStdioInit(t *testing.T, opts mcpserver.Options, initialize string) *r41cWire {
	t.Helper()
	w := r41cStdio(t, opts, initialize)
	w.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return w
}

// r41cStdio starts the server and answers initialize, without notifications/initialized.
func r41cStdio(t *testing.T, opts mcpserver.Options, initialize string) *r41cWire {
	t.Helper()
	opts.Version = "test"
	if opts.Client == nil { // the demo emulator unless the test brings its own API
		opts.Client = demoClient(t)
	}
	if opts.Human == nil {
		opts.Human = humanweb.New(humanweb.Options{Conns: mcpserver.PageConns})
		t.Cleanup(func() { _ = opts.Human.Close() })
	}
	w := r72DupsServeStdio(t, mcpserver.New(opts), slog.New(slog.DiscardHandler))
	w.send(initialize)
	w.await(`1`, 10*time.Second)
	return w
}

func (w *r41cWire) send(msg string) {
	w.t.Helper()
	if _, err := io.WriteString(w.in, msg+"\n"); err != nil {
		w.t.Fatal(err)
	}
}

// answers returns every response line with the id (JSON spelling).
func (w *r41cWire) answers(id string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.answersLocked(id)
}

// answersLocked is answers with w.mu held.
func (w *r41cWire) answersLocked(id string) []string {
	var out []string
	for _, l := range w.lines {
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if json.Unmarshal([]byte(l), &m) == nil && m.Method == "" && string(m.ID) == id {
			out = append(out, l)
		}
	}
	return out
}

func (w *r41cWire) await(id string, d time.Duration) string {
	w.t.Helper()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if a := w.answers(id); len(a) > 0 {
			return a[len(a)-1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.t.Fatalf("no answer to %s within %v", id, d)
	return ""
}

// TestR41ProtocolCancelledSetSecretPageStillStores: over stdio a 2025-11-25 client that declared
// URL elicitation calls set_secret without a value; the server asks it to open the secret-entry
// page (elicitation/create, mode url) and the client accepts. The agent's client then cancels the
// tools/call. The result says "The secret-entry page could not be followed: context canceled.
// Nothing was stored by this call; call again for a new link." — but the page is not withdrawn:
// the person, still looking at it, enters the value and presses "Store the values", and the
// secret IS stored on the app. The work of a cancelled call is done after its cancellation, and
// its result claims otherwise. (When stdin closes, the page is withdrawn: tools/human.go:409;
// on plain cancellation humanweb.Surface.Await just returns ctx.Err(), items.go:391, and the page
// stays live.) Expected: a cancelled call's page is withdrawn (as a failed question's is,
// README "a secret-entry page whose question failed is withdrawn"), or the result does not say
// nothing was stored.
func TestR41ProtocolCancelledSetSecretPageStillStores(t *testing.T) {
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"form":{},"url":{}}},"clientInfo":{"name":"x","version":"0"}}}`)
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"set_secret","arguments":{"app":"analytics-app","name":"R41_AFTER_CANCEL"},"_meta":{"progressToken":"p2"}}}`)
	var q struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
		Params struct {
			URL string `json:"url"`
		} `json:"params"`
	}
	end := time.Now().Add(10 * time.Second)
	for time.Now().Before(end) && q.Params.URL == "" {
		w.mu.Lock()
		for _, l := range w.lines {
			if strings.Contains(l, `"elicitation/create"`) {
				_ = json.Unmarshal([]byte(l), &q)
			}
		}
		w.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	if q.Params.URL == "" {
		t.Fatalf("no URL elicitation: %v", w.lines)
	}
	w.send(`{"jsonrpc":"2.0","id":` + string(q.ID) + `,"result":{"action":"accept"}}`)
	// The person opens the page (and keeps looking at it) before the call is cancelled, once the
	// call waits on the page (its progress says so; 500 ms of sleep did on an idle machine).
	browser := &page{}
	token := r41cOpenPage(t, browser, q.Params.URL)
	r52DeterminismAwaitLine(t, w, present.SecretEntryWaiting)
	w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}`)
	res := w.await(`2`, 10*time.Second)
	t.Logf("cancelled call's result: %.300s", res)

	if !strings.Contains(res, "was cancelled while the secret-entry page waited") || !strings.Contains(res, "withdrawn") ||
		!strings.Contains(res, "nothing was stored") || strings.Contains(res, "context canceled") {
		t.Errorf("the cancelled call's result does not say it was cancelled and the page withdrawn, nothing stored (or shows a Go error):\n%s", res)
	}

	status, body := browser.post(t, q.Params.URL, url.Values{"token": {token}, "secret-R41_AFTER_CANCEL": {"value-after-cancel"}, "decision": {"store"}})
	t.Logf("page after cancellation: POST %d", status)
	if status != 410 || !strings.Contains(body, `data-outcome="withdrawn"`) || !strings.Contains(body, "This request was cancelled") {
		t.Errorf("the withdrawn page's answer: %d, not 410 saying the request was cancelled:\n%s", status, body)
	}

	w.send(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_secrets","arguments":{"app":"analytics-app"}}}`)
	if list := w.await(`3`, 10*time.Second); strings.Contains(list, "R41_AFTER_CANCEL") {
		t.Errorf("the cancelled set_secret's page stored the secret after the call ended with %q:\n%.300s",
			"Nothing was stored by this call", list)
	}
}

// TestR41ProtocolCancelledDeployRunSaysWhatItChanged: create_and_deploy_app with a spicepod that
// references a secret not given; a 2025-11-25 client with URL elicitation accepts the secret-entry
// question, then the agent's client cancels the call. The run had already created the app (the
// question names "r41app (105)"), but the cancelled result is only "The secret-entry page could
// not be followed: context canceled. Nothing was stored by this call; call again for a new link."
// — no steps table, no "This run changed: created r41app …" that every other stop of the run
// gives (README: a run that stops lists what it changed), so the app is left half-done silently.
// The page also stays live and stores the secret after the cancellation (see
// TestR41ProtocolCancelledSetSecretPageStillStores).
func TestR41ProtocolCancelledDeployRunSaysWhatItChanged(t *testing.T) {
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"form":{},"url":{}}},"clientInfo":{"name":"x","version":"0"}}}`)
	pod := `version: v1\nkind: Spicepod\nname: r41app\ndatasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:R41_PG}\n`
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_and_deploy_app","arguments":{"name":"r41app","spicepod":"` + pod + `"},"_meta":{"progressToken":"p2"}}}`)
	var q struct {
		ID     json.RawMessage `json:"id"`
		Params struct {
			URL string `json:"url"`
		} `json:"params"`
	}
	end := time.Now().Add(10 * time.Second)
	for time.Now().Before(end) && q.ID == nil {
		w.mu.Lock()
		for _, l := range w.lines {
			if strings.Contains(l, `"elicitation/create"`) {
				_ = json.Unmarshal([]byte(l), &q)
			}
		}
		w.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	if q.ID == nil {
		t.Fatalf("no elicitation: %v", w.lines)
	}
	w.send(`{"jsonrpc":"2.0","id":` + string(q.ID) + `,"result":{"action":"accept"}}`)
	browser := &page{}
	token := r41cOpenPage(t, browser, q.Params.URL)
	r52DeterminismAwaitLine(t, w, present.SecretEntryWaiting) // the run waits on the page
	w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}`)
	res := w.await(`2`, 10*time.Second)
	w.send(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	apps := w.await(`3`, 10*time.Second)
	if !strings.Contains(apps, "r41app") {
		t.Fatalf("the run created no app: %.300s", apps)
	}
	if !strings.Contains(res, "created r41app") {
		t.Errorf("the cancelled run created r41app but its result does not say so:\n%s", res)
	}
	if !strings.Contains(res, "secrets from the user") || strings.Contains(res, "context canceled") {
		t.Errorf("the cancelled run's result has no steps table (or shows a Go error):\n%s", res)
	}
	t.Logf("cancelled run: %s", res)
	if !strings.Contains(res, "withdrawn") {
		t.Errorf("the cancelled run's result does not say the page was withdrawn:\n%s", res)
	}
	if status, body := browser.post(t, q.Params.URL, url.Values{"token": {token}, "secret-R41_PG": {"v"}, "decision": {"store"}}); status != 410 {
		t.Errorf("the cancelled run's page still takes values: %d\n%s", status, body)
	}
}

// r41cOpenPage opens a secret-entry page as the person's browser does and returns its form's
// token, for a POST later.
func r41cOpenPage(t *testing.T, browser *page, link string) string {
	t.Helper()
	status, body := browser.get(t, link)
	m := tokenField.FindStringSubmatch(body)
	if status != 200 || m == nil {
		t.Fatalf("GET %s: %d\n%s", link, status, body)
	}
	return m[1]
}

// TestR41ProtocolCancelledCallWithdrawsItsQuestion: a client that declared elicitation calls
// delete_app; the server asks the person (elicitation/create, id 1 of the server's). The agent's
// client then cancels the tools/call. The call ends ("The call was cancelled while the
// confirmation question waited for the user's answer. Nothing was changed."), but the server
// never withdraws its own request: no notifications/cancelled naming the elicitation's id is
// sent, so the person's client keeps showing "Type docs-search to confirm" for a call that no
// longer exists, and an answer typed there is silently dropped. MCP cancellation: "Either side
// can send a cancellation notification to indicate it is cancelling a previously-issued request."
func TestR41ProtocolCancelledCallWithdrawsItsQuestion(t *testing.T) {
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x","version":"0"}}}`)
	w.send(`{"jsonrpc":"2.0","id":"del","method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	var qid json.RawMessage
	end := time.Now().Add(10 * time.Second)
	for time.Now().Before(end) && qid == nil {
		w.mu.Lock()
		for _, l := range w.lines {
			var m struct {
				ID     json.RawMessage `json:"id"`
				Method string          `json:"method"`
			}
			if json.Unmarshal([]byte(l), &m) == nil && m.Method == "elicitation/create" {
				qid = m.ID
			}
		}
		w.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	if qid == nil {
		t.Fatal("no elicitation/create")
	}
	w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"del"}}`)
	// The withdrawal is awaited (up to r52DeterminismGuard), not looked for after 2 s of sleep.
	withdrawn := func(l string) bool {
		var m struct {
			Method string `json:"method"`
			Params struct {
				RequestID json.RawMessage `json:"requestId"`
			} `json:"params"`
		}
		return json.Unmarshal([]byte(l), &m) == nil && m.Method == "notifications/cancelled" && string(m.Params.RequestID) == string(qid)
	}
	found := r52DeterminismAwaitLines(w, func(lines []string) bool { return slices.ContainsFunc(lines, withdrawn) })
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range w.lines {
		if strings.Contains(l, "question-tag") {
			t.Errorf("the question's private tag reached the client: %.300s", l)
		}
	}
	if !found {
		t.Errorf("the call was cancelled but its elicitation/create %s was never withdrawn (no notifications/cancelled); wire:\n%s", qid, strings.Join(w.lines, "\n"))
	}
}

// TestR41ProtocolNoQuestionBeforeInitialized: MCP 2025-06-18/2025-11-25 lifecycle: "The server
// SHOULD NOT send requests other than pings and logging before receiving the initialized
// notification." A client that declared elicitation in initialize, got its answer, and calls
// delete_app before it has sent notifications/initialized is sent an elicitation/create at
// once (the server serves tool calls before initialized — and before initialize — without a
// word). Expected: no server request before initialized (e.g. the approval link instead, as for a
// client without elicitation, or a refusal).
func TestR41ProtocolNoQuestionBeforeInitialized(t *testing.T) {
	w := r41cStdio(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x","version":"0"}}}`)
	// No notifications/initialized yet.
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	// Its answer is awaited, not 1.5 s: a question would be written before it (the call would
	// wait on the question and not answer at all).
	w.await(`2`, r52DeterminismGuard)
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range w.lines {
		if strings.Contains(l, `"method":"elicitation/create"`) {
			t.Errorf("the server sent a request before the initialized notification: %.200s", l)
		}
	}
	// The call took the path of a client that cannot be asked: the approval link.
	if a := w.answersLocked(`2`); len(a) == 0 || !strings.Contains(a[0], "Approval needed") {
		t.Errorf("the call before initialized did not get the approval link: %v", a)
	}
}

// r41cApproveOnPage opens the approval link in text and approves it as the person would.
func r41cApproveOnPage(t *testing.T, text string) {
	t.Helper()
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/[^\s)>\]"` + "`" + `]+`).FindString(text)
	if link == "" {
		t.Fatalf("no approval link:\n%s", text)
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
}
