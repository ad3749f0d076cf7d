package mcpserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// idForms are request ids mcp-go v1.2.1 would answer with another value (through float64, or
// strings that are not text), and ones whose value it keeps however it spells them; every
// response must carry the same value.
var idForms = []string{
	`9007199254740993`, `12345678901234567890123`, `-12345678901234567890123`, `9223372036854775808`,
	`0.1000000000000000000001`, `1e400`, `-1e-400`,
	`-0`, `1e3`, `1E+3`, `1.0`, `2.5`, `-2.5e-7`, `0`, `7`, `-7`, `999999999999999`, `1000000000000000`,
	`"abc"`, `"A\u0041"`, `"a<b>&c"`, `"\u00e9t\u00e9"`, `"été"`, `"x\/y"`, `"\ud83d\ude00"`, `""`,
	`"\udc00"`, `"a\uD800b"`, `"\ud800\ud800"`,
	`"spice-code-000000000000000000000000-id-3132"`,
}

// sameValue reports whether the JSON values a and b are one value: numbers compared exactly,
// strings by their canonical spelling (a lone surrogate kept), others as written.
func sameValue(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	if a[0] == '"' && b[0] == '"' {
		return string(canonicalString([]byte(a))) == string(canonicalString([]byte(b)))
	}
	ra, okA := new(big.Rat).SetString(a)
	rb, okB := new(big.Rat).SetString(b)
	if okA && okB {
		return ra.Cmp(rb) == 0
	}
	return a == b
}

// idOf is the id member of the JSON-RPC message msg, as written.
func idOf(msg string) string {
	var m struct {
		ID json.RawMessage `json:"id"`
	}
	_ = json.Unmarshal([]byte(msg), &m)
	return string(m.ID)
}

// serveOne is what the transports do with one message: prepare it, let mcp-go serve it, restore.
func serveOne(t *testing.T, s *server.MCPServer, msg string) string {
	t.Helper()
	prepared, answer := prepareMessage(nil, []byte(msg))
	if answer != nil {
		return string(answer)
	}
	resp := s.HandleMessage(context.Background(), prepared)
	out, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	out, _ = fixErrorCode(out)
	return string(restoreIDs(out))
}

// TestRequestIDsComeBackAsTheirValue: whatever form of id a request has, its response (result
// or error, mcp-go's own errors included) carries the same value (JSON-RPC: "the same value as"
// the request's); the id member is found however encoding/json would find it (any case, escaped
// name, the last of several).
func TestRequestIDsComeBackAsTheirValue(t *testing.T) {
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	for _, id := range idForms {
		for _, tmpl := range []string{
			`{"jsonrpc":"2.0","id":%s,"method":"ping"}`,
			`{"jsonrpc":"2.0", "method":"ping", "ID" : %s }`,
			`{"jsonrpc":"2.0","id":1,"method":"ping","\u0069d":%s}`,
			`{"jsonrpc":"2.0","id":%s,"method":"no/such/method","params":{"id":5}}`,
			`{"jsonrpc":"1.0","id":%s,"method":"ping"}`,
			`{"jsonrpc":"2.0","id":%s,"method":"tools/call","params":"not an object"}`,
			`{"jsonrpc":"2.0","id":%s,"method":5}`,
			`{"jsonrpc":2,"id":%s,"method":"ping"}`,
		} {
			msg := strings.Replace(tmpl, "%s", id, 1)
			got := serveOne(t, s, msg)
			if !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":`) || !sameValue(idOf(got), id) || strings.Contains(got, codeNonce) {
				t.Errorf("%s\n  answered %s", msg, got)
			}
		}
	}
	// An id with a stand-in comes back in its canonical spelling: the same number.
	if got := serveOne(t, s, `{"jsonrpc":"2.0","id":9.007199254740993e15,"method":"ping"}`); !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":9007199254740993,`) {
		t.Errorf("9.007199254740993e15 answered %s", got)
	}
	// A bad "method" or "jsonrpc" is named, with -32600.
	got := serveOne(t, s, `{"jsonrpc":"2.0","id":12345678901234567890123,"method":["ping"]}`)
	if !strings.Contains(got, `"code":-32600`) || !strings.Contains(got, `\"method\" must be a string`) {
		t.Errorf("bad method: %s", got)
	}
}

// TestCanonicalSpellings: every spelling of one value has one canonical spelling, which is
// that value; different values have different ones.
func TestCanonicalSpellings(t *testing.T) {
	for want, spellings := range map[string][]string{
		`10`:                      {`10`, `1e1`, `10.0`, `100e-1`, `0.01e3`, `1E+1`},
		`0`:                       {`0`, `-0`, `0.000`, `0e5`},
		`9007199254740993`:        {`9007199254740993`, `9.007199254740993e15`, `90071992547409930e-1`},
		`-2.5`:                    {`-2.5`, `-25e-1`, `-0.25e1`},
		`0.0000025`:               {`2.5e-6`, `0.0000025`},
		`2.5e-7`:                  {`2.5e-7`, `0.00000025`},
		`1.2345678901234567e+400`: {`12345678901234567e384`},
		`1e+99999999999999999999`: {`1e99999999999999999999`, `10e99999999999999999998`},
		`"A"`:                     {`"A"`, `"\u0041"`},
		`"é<"`:                    {`"é<"`, `"\u00e9\u003c"`, `"\u00E9<"`},
		`"\ud800x"`:               {`"\uD800x"`, `"\ud800\u0078"`},
		`"😀\u000a\"\\/"`:          {`"\ud83d\ude00\n\"\\\/"`, `"😀\u000a\u0022\u005c/"`},
	} {
		for _, s := range spellings {
			if got := string(canonicalID([]byte(s))); got != strings.Replace(want, "e+", "e", 1) {
				t.Errorf("canonical %s = %s, want %s", s, got, want)
			}
		}
	}
	if a, b := canonicalID([]byte(`9007199254740993`)), canonicalID([]byte(`9007199254740992`)); string(a) == string(b) {
		t.Error("two numbers share a spelling")
	}
	for _, n := range []string{`0.1`, `1e3`, `1.5`, `-0`, `1e21`, `0.3`, `5e-324`} {
		if !keepsValue([]byte(n)) {
			t.Errorf("%s: mcp-go keeps its value, but it would get a stand-in", n)
		}
	}
	for _, n := range []string{`9007199254740993`, `0.10000000000000000001`, `1e400`, `1e-400`, `123456789012345678`} {
		if keepsValue([]byte(n)) {
			t.Errorf("%s: mcp-go changes its value, but it would not get a stand-in", n)
		}
	}
}

// TestIDPreparationLeavesOtherMessagesAlone: messages without an id to keep (plain ids,
// notifications, responses, batches, malformed JSON) reach mcp-go exactly as sent, and a
// malformed message is never turned into a valid one. (Valid JSON that is no request and has
// no usable id, such as {"jsonrpc":"2.0","id":null,"method":5}, is answered -32600 with a null
// id: TestHTTPInvalidRequestsWithoutAnIDAreRefused.)
func TestIDPreparationLeavesOtherMessagesAlone(t *testing.T) {
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":7,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":"req-1","method":"tools/call","params":{"name":"x","arguments":{"id":12345678901234567890123}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`[{"jsonrpc":"2.0","id":12345678901234567890123,"method":"ping"}]`,
		`{"jsonrpc":"2.0","id":12345678901234567890123,"method":"ping"`,
		`{"jsonrpc":"2.0","id":012,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":12345678901234567890123,"method":5,}`,
		`not json`, ``, `   `,
	} {
		out, answer := prepareMessage(nil, []byte(msg))
		if answer != nil || string(out) != msg {
			t.Errorf("%s\n  became %s / %s", msg, out, answer)
		}
	}
}

// TestCancellationNamesTheStandIn: a notifications/cancelled naming a request whose id got a
// stand-in, by any spelling of the id's value, with the method or member name escaped or not,
// names the same stand-in, so mcp-go cancels exactly that request (9007199254740993 and
// 9007199254740992 are one request to mcp-go otherwise). Ids whose value mcp-go keeps get none:
// it matches them by value itself.
func TestCancellationNamesTheStandIn(t *testing.T) {
	standIn := func(msg, member string) string {
		out, _ := prepareMessage(nil, []byte(msg))
		var v map[string]any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if member == "requestId" {
			s, _ := v["params"].(map[string]any)["requestId"].(string)
			return s
		}
		s, _ := v["id"].(string)
		return s
	}
	for id, cancels := range map[string][]string{
		`9007199254740993`:        {`9007199254740993`, `9.007199254740993e15`, `90071992547409930E-1`},
		`12345678901234567890123`: {`1.2345678901234567890123e22`},
		`"\udc00"`:                {`"\uDC00"`},
		`"a\ud800"`:               {`"\u0061\uD800"`},
	} {
		req := standIn(`{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"x"}}`, "id")
		for _, c := range cancels {
			for _, tmpl := range []string{
				`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"reason":"r","requestId":%s}}`,
				`{"jsonrpc":"2.0","method":"notifications\/cancelled","params":{"request\u0049d":%s}}`,
			} {
				cancel := standIn(strings.Replace(tmpl, "%s", c, 1), "requestId")
				if req != cancel || !strings.Contains(req, idMarker) {
					t.Errorf("id %s: request %q, cancellation %s: %q", id, req, c, cancel)
				}
			}
		}
	}
	if a, b := standIn(`{"id":9007199254740993,"method":"ping"}`, "id"), standIn(`{"id":9007199254740995,"method":"ping"}`, "id"); a == b {
		t.Error("two ids share a stand-in")
	}
	for _, id := range []string{`9007199254740992`, `"A"`, `"\u0041"`, `"é"`, `"A\u003c"`, `1e1`, `10`} {
		for _, msg := range []string{
			`{"jsonrpc":"2.0","id":` + id + `,"method":"tools/call","params":{"name":"x"}}`,
			`{"jsonrpc":"2.0","method":"notifications\/cancelled","params":{"requestId":` + id + `}}`,
		} {
			if out, answer := prepareMessage(nil, []byte(msg)); string(out) != msg || answer != nil {
				t.Errorf("%s became %s / %s", msg, out, answer)
			}
		}
	}
}

// TestRestoreIDsOnlyTouchesStandIns: a stand-in's text inside a string, or as a member name, is
// left alone; a whole stand-in anywhere else (a subscription id in _meta) is restored.
func TestRestoreIDsOnlyTouchesStandIns(t *testing.T) {
	s := `"` + idMarker + `3132"`
	for in, want := range map[string]string{
		`{"id":` + s + `,"result":{"_meta":{"io.modelcontextprotocol/subscriptionId":` + s + `}}}`: `{"id":12,"result":{"_meta":{"io.modelcontextprotocol/subscriptionId":12}}}`,
		`{"id":1,"result":{"text":"see \` + s[:len(s)-1] + `\""}}`:                                 `{"id":1,"result":{"text":"see \` + s[:len(s)-1] + `\""}}`,
		`{"id":1,"result":{` + s + ` : 1}}`:                                                        `{"id":1,"result":{` + s + ` : 1}}`,
		`{"id":1}`:                                                                                 `{"id":1}`,
	} {
		if got := string(restoreIDs([]byte(in))); got != want {
			t.Errorf("%s\n  became %s", in, got)
		}
	}
}

// TestIDHandlingAllocatesNothingForPlainIDs: a message whose id mcp-go keeps costs no allocation
// on the way in (stdio reader included) or out.
func TestIDHandlingAllocatesNothingForPlainIDs(t *testing.T) {
	msg := []byte(`{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app","note":"a \"quoted\" id: 12345678901234567890123"}}}` + "\n")
	if n := steadyAllocs(func() { prepareMessage(nil, msg) }); n != 0 {
		t.Errorf("prepareMessage: %v allocations", n)
	}
	// Text in params (paramtext.go): UTF-8, a surrogate pair, an escaped backslash before "ud800".
	prompt := []byte(`{"jsonrpc":"2.0","id":43,"method":"prompts/get","params":{"name":"deploy_app","arguments":{"name":"café","spicepod":"😀 \ud83d\ude00 \\ud800"}}}`)
	if n := steadyAllocs(func() { prepareMessage(nil, prompt) }); n != 0 {
		t.Errorf("prepareMessage of a prompts/get with text: %v allocations", n)
	}
	// A string id re-escaped by mcp-go, a progress token, a cancellation, a client's answer.
	for _, m := range []string{
		`{"jsonrpc":"2.0","id":"req-\u00e9<1>","method":"tools/call","params":{"name":"wait_for_deployment","arguments":{"app":"analytics-app"},"_meta":{"progressToken":"t-1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"req-\u00e9<1>","reason":"r"}}`,
		`{"jsonrpc":"2.0","id":7,"result":{"action":"accept","content":{"name":"analytics-app"}}}`,
	} {
		b := []byte(m)
		if n := steadyAllocs(func() { prepareMessage(nil, b) }); n != 0 {
			t.Errorf("prepareMessage of %s: %v allocations", m, n)
		}
	}
	w := &codeFixingWriter{w: discard{}, progress: newProgressLedger()}
	if n := steadyAllocs(func() { _, _ = w.Write(msg) }); n != 0 {
		t.Errorf("codeFixingWriter.Write: %v allocations", n)
	}
	in := &repeater{line: msg}
	r := newIDReader(in, w)
	p := make([]byte, 4096)
	if n := steadyAllocs(func() { _, _ = r.Read(p) }); n != 0 {
		t.Errorf("idReader.Read: %v allocations", n)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// repeater reads as one line, over and over.
type repeater struct{ line []byte }

func (r *repeater) Read(p []byte) (int, error) { return copy(p, r.line), nil }

// TestIDReaderHandsOnLinesWhole: lines longer than the reader's buffer, lines without a final
// newline and answered lines all come through in order; the last line, without its newline, goes
// on with one (mcp-go reads up to a newline, and held the line while the end of input was held
// until it was answered: the server hung).
func TestIDReaderHandsOnLinesWhole(t *testing.T) {
	long := `{"jsonrpc":"2.0","id":12345678901234567890123,"method":"ping","params":{"pad":"` + strings.Repeat("x", 200<<10) + `"}}`
	input := long + "\n" + `{"jsonrpc":2,"id":-0,"method":"ping"}` + "\n" + `{"jsonrpc":"2.0","id":1,"method":"ping"}`
	var answered bytes.Buffer
	r := newIDReader(strings.NewReader(input), &answered)
	var got bytes.Buffer
	buf := make([]byte, 4096) // as bufio hands mcp-go's loop
	for {
		n, err := r.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			break
		}
	}
	lines := strings.Split(got.String(), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], `"id":"`+idMarker) || !strings.HasSuffix(lines[0], strings.Repeat("x", 100)+`"}}`) || lines[1] != `{"jsonrpc":"2.0","id":1,"method":"ping"}` || lines[2] != "" {
		t.Errorf("handed on %d lines: %.200s ...", len(lines), got.String())
	}
	waitAnswered(r)
	if !strings.HasPrefix(answered.String(), `{"jsonrpc":"2.0","id":-0,"error":{"code":-32600,`) || !strings.HasSuffix(answered.String(), "}\n") {
		t.Errorf("answered %s", answered.String())
	}
}

// waitAnswered waits until r's answers are all written.
func waitAnswered(r *idReader) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r.out.finish(ctx)
}

// TestIDReaderAnswersOffTheReadLoop: answers idReader makes itself are written off the read
// loop, so reading goes on while the client is not reading (its pipe full): a writer that
// blocks until every line has been read still gets every answer, in order.
func TestIDReaderAnswersOffTheReadLoop(t *testing.T) {
	const n = 3000
	var input strings.Builder
	for i := range n {
		fmt.Fprintf(&input, `{"jsonrpc":"2.0","id":%d,"method":"prompts/get","params":{"name":"x\udc00"}}`+"\n", i)
	}
	input.WriteString(`{"jsonrpc":"2.0","id":"last","method":"ping"}` + "\n")
	w := &gatedWriter{open: make(chan struct{})}
	r := newIDReader(strings.NewReader(input.String()), w)
	done := make(chan []byte)
	go func() {
		got, _ := io.ReadAll(r)
		done <- got
	}()
	select {
	case got := <-done:
		if string(got) != `{"jsonrpc":"2.0","id":"last","method":"ping"}`+"\n" {
			t.Errorf("handed on %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading stopped while answers waited to be written")
	}
	close(w.open)
	waitAnswered(r)
	lines := strings.Split(strings.TrimSuffix(w.buf.String(), "\n"), "\n")
	if len(lines) != n || !strings.Contains(lines[0], `"id":0,`) || !strings.Contains(lines[n-1], fmt.Sprintf(`"id":%d,`, n-1)) {
		t.Errorf("%d answers: %.200s", len(lines), w.buf.String())
	}
}

// gatedWriter blocks every write until open is closed.
type gatedWriter struct {
	open chan struct{}
	buf  bytes.Buffer
}

func (w *gatedWriter) Write(p []byte) (int, error) {
	<-w.open
	return w.buf.Write(p)
}

func BenchmarkPrepareMessage(b *testing.B) {
	for _, c := range []struct{ name, msg string }{
		{"plain", `{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"}}}`},
		{"plain-progress", `{"jsonrpc":"2.0","id":"req-\u00e9<1>","method":"tools/call","params":{"name":"wait_for_deployment","arguments":{"app":"analytics-app"},"_meta":{"progressToken":42}}}`},
		{"response", `{"jsonrpc":"2.0","id":7,"result":{"action":"accept","content":{"name":"analytics-app"}}}`},
		{"big-id", `{"jsonrpc":"2.0","id":12345678901234567890123,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"}}}`},
		{"prompt-utf8", `{"jsonrpc":"2.0","id":43,"method":"prompts/get","params":{"name":"deploy_app","arguments":{"name":"caf\u00e9-app","spicepod":"version: v1\nname: café 😀 \ud83d\ude00 \"q\" \\ud800"}}}`},
	} {
		msg := []byte(c.msg)
		b.Run(c.name, func(b *testing.B) {
			var buf, out, answer []byte
			b.ReportAllocs()
			for b.Loop() {
				out, answer = prepareMessage(buf, msg)
				if &out[0] != &msg[0] {
					buf = out
				}
			}
			// Each is handed on to mcp-go, with its ids as they were once the stand-ins are restored.
			if answer != nil || string(restoreIDs(out)) != c.msg {
				b.Fatalf("handed on %s, answered %s", out, answer)
			}
		})
	}
	resp := []byte(`{"jsonrpc":"2.0","id":42,"result":{"content":[{"type":"text","text":"` + strings.Repeat("y", 2000) + `"}]}}` + "\n")
	b.Run("write-plain", func(b *testing.B) {
		var last r75CiBenchLast
		w := &codeFixingWriter{w: &last}
		b.ReportAllocs()
		var n int
		var err error
		for b.Loop() {
			n, err = w.Write(resp)
		}
		if n != len(resp) || err != nil || string(last) != string(resp) {
			b.Fatalf("wrote %d of %d bytes (%v): %.100s", n, len(resp), err, last)
		}
	})
	b.Run("mcp-go-ping", func(b *testing.B) { // for scale: what mcp-go spends on the smallest request
		s := server.NewMCPServer("t", "1")
		msg := json.RawMessage(`{"jsonrpc":"2.0","id":42,"method":"ping"}`)
		b.ReportAllocs()
		var out []byte
		for b.Loop() {
			out, _ = json.Marshal(s.HandleMessage(context.Background(), msg))
		}
		if string(out) != `{"jsonrpc":"2.0","id":42,"result":{}}` {
			b.Fatalf("ping answered %s", out)
		}
	})
}

// blockingStdio serves, over stdio pipes, a server whose one tool "block" waits until its call is
// cancelled; it returns how to send a line, the lines written back, and a channel told as each
// call starts. The server is initialized; it stops when the test ends.
func blockingStdio(t *testing.T) (send func(string), lines <-chan string, started <-chan struct{}) {
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	calls := make(chan struct{}, 2)
	s.AddTool(mcp.NewTool("block"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		calls <- struct{}{}
		<-ctx.Done()
		return mcp.NewToolResultText("cancelled"), nil
	})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ServeStdio(ctx, s, inR, outW, slog.New(slog.DiscardHandler)) }()
	out := make(chan string, 10)
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			select {
			case out <- sc.Text():
			case <-ctx.Done():
			}
		}
	}()
	// The server, then the reader of its output (which the server's end leaves waiting).
	t.Cleanup(func() { cancel(); inW.Close(); <-done; outW.Close(); <-scanned })
	send = func(l string) {
		if _, err := io.WriteString(inW, l+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	<-out
	return send, out, calls
}

// TestStdioCancellationFindsItsOwnRequest: two calls whose ids are one float64 (9007199254740993
// and 9007199254740992) wait until cancelled; cancelling the first ends the first only, and each
// response carries its own id. (mcp-go alone keys both calls by the same number, so the
// cancellation reaches the wrong one.)
func TestStdioCancellationFindsItsOwnRequest(t *testing.T) {
	send, lines, started := blockingStdio(t)
	send(`{"jsonrpc":"2.0","id":9007199254740993,"method":"tools/call","params":{"name":"block"}}`)
	send(`{"jsonrpc":"2.0","id":9007199254740992,"method":"tools/call","params":{"name":"block"}}`)
	<-started
	<-started // both calls are in flight
	send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9007199254740993}}`)
	select {
	case l := <-lines:
		if !strings.HasPrefix(l, `{"jsonrpc":"2.0","id":9007199254740993,`) {
			t.Errorf("the cancellation ended another call: %s", l)
		}
	case <-time.After(r53DeterminismGuard):
		t.Fatal("the cancelled call did not end")
	}
	select {
	case l := <-lines:
		t.Errorf("a call not cancelled ended: %s", l)
	case <-time.After(200 * time.Millisecond):
	}
}

// TestResponsesAreNeverAnswered: a client's response (no method), however malformed, is never
// answered with an error carrying its id (a client would take it for the answer to its own
// request of that id); it goes on to mcp-go, its id unchanged in value, an integer spelled
// otherwise spelled as one (mcp-go matches responses by integer).
func TestResponsesAreNeverAnswered(t *testing.T) {
	for msg, want := range map[string]string{
		`{"jsonrpc":2,"id":5,"result":{}}`:                              `{"jsonrpc":2,"id":5,"result":{}}`,
		`{"jsonrpc":["2.0"],"id":5,"error":{"code":1,"message":"x"}}`:   `{"jsonrpc":["2.0"],"id":5,"error":{"code":1,"message":"x"}}`,
		`{"jsonrpc":"2.0","id":"\u0031","result":{"action":"decline"}}`: `{"jsonrpc":"2.0","id":"\u0031","result":{"action":"decline"}}`, // a string is no integer id
		`{"jsonrpc":"2.0","id":"x1","result":{"action":"decline"}}`:     `{"jsonrpc":"2.0","id":"x1","result":{"action":"decline"}}`,
		`{"jsonrpc":"2.0","id":1.0,"error":{"code":1,"message":"no"}}`:  `{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"no"}}`,
		`{"jsonrpc":"2.0","id":1.0,"result":{"action":"decline"}}`:      `{"jsonrpc":"2.0","id":1,"result":{"action":"decline"}}`,
		`{"jsonrpc":"2.0","id":1e1,"result":{}}`:                        `{"jsonrpc":"2.0","id":10,"result":{}}`,
		`{"jsonrpc":"2.0","id":9007199254740993,"result":{}}`:           `{"jsonrpc":"2.0","id":9007199254740993,"result":{}}`,
		`{"jsonrpc":"2.0","id":2.5,"result":{}}`:                        `{"jsonrpc":"2.0","id":2.5,"result":{}}`,
		`{"jsonrpc":"2.0","id":true,"result":{}}`:                       `{"jsonrpc":"2.0","id":true,"result":{}}`,
		`{"jsonrpc":"2.0","id":null,"method":null,"result":{}}`:         `{"jsonrpc":"2.0","id":null,"method":null,"result":{}}`,
	} {
		out, answer := prepareMessage(nil, []byte(msg))
		if answer != nil || string(out) != want {
			t.Errorf("%s\n  became %s, answered %s", msg, out, answer)
		}
	}
}

// TestStdioResponsesReachTheirQuestionOrNothing: over stdio, where mcp-go answers -32601 with its
// id any response it cannot route to a question it waits for, a client's response to a question
// of the server's (any spelling of its id) goes on rewritten as mcp-go takes it: its result, or an
// error (the client's own when its message is text; else naming where, nothing of it kept; a
// result null or missing fails the question too), always with a non-null result member, so that
// mcp-go's request path ignores it should the question have ended meanwhile; a response to no
// question is dropped, whatever it holds. Nothing is ever answered.
func TestStdioResponsesReachTheirQuestionOrNothing(t *testing.T) {
	notText := `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"the answer was not used: %s holds bytes that are not UTF-8`
	malformed := `{"jsonrpc":"2.0","id":%s,"error":{"code":-32602,"message":"the answer was not used: it holds neither a \"result\" nor an \"error\"`
	for _, c := range []struct{ question, msg, want string }{
		{`1`, `{"jsonrpc":"2.0","id":1.0,"result":{"action":"accept","content":{"confirm":"\udc00"}}}`, fmt.Sprintf(notText, "result.content.confirm")},
		{`1`, `{"jsonrpc":"2.0","id":1e0,"result":{"action":"accept","content":{"confirm":"\udc00"}}}`, fmt.Sprintf(notText, "result.content.confirm")},
		{`1`, `{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"user closed \udc00 s3cr3t"}}`, fmt.Sprintf(notText, "error.message")},
		{`5`, `{"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"user cancelled"}}`, `{"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"user cancelled"},"result":{}}`},
		{`5`, `{"jsonrpc":2,"id":5.0,"error":{"code":-32000,"message":"user cancelled","data":1}}`, `{"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"user cancelled"},"result":{}}`},
		{`5`, `{"jsonrpc":"2.0","id":5,"error":{"code":"x","message":"m"}}`, fmt.Sprintf(malformed, "5")},
		{`5`, `{"jsonrpc":"2.0","id":5,"error":null,"result":null}`, fmt.Sprintf(malformed, "5")},
		{`12`, `{"jsonrpc":"2.0","id":12}`, fmt.Sprintf(malformed, "12")},
		{`8`, `{"id":8,"method":null}`, fmt.Sprintf(malformed, "8")},
		{`8`, `{"id":8,"result":{"a":01}}`, fmt.Sprintf(malformed, "8")},
		{`1`, `{"id":1x,"result":{}}`, ``},
		// A member name given twice: the question fails, naming where (a decoder kept the last).
		{`1`, `{"jsonrpc":"2.0","id":1,"result":{"action":"accept","content":{"name":"zzz","name":"docs-search"}}}`, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"the answer was not used: result.content.name is given twice in its object`},
		{`1`, `{"jsonrpc":"2.0","id":1,"result":{"action":"decline"},"result":{"action":"accept","content":{"name":"docs-search"}}}`, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"the answer was not used: result is given twice in its object`},
		{`1`, `{"jsonrpc":"2.0","id":1,"result":{"action":"decline","Action":"accept","content":{"name":"docs-search"}}}`, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"the answer was not used: result.Action is given twice in its object`},
		{`1`, `{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"a","message":"b"}}`, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"the answer was not used: error.message is given twice in its object`},
		// No question of that id: dropped.
		{`1`, `{"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"user cancelled"}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":7,"result":null}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":"12"}`, ``},
		{`1`, `{"id":8,"method":null}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":99,"result":{"a":"\udc00"}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":"s","result":{}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":1.5,"result":{}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":" 1","result":{}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":null,"result":{}}`, ``},
		// A string id is never the server's integer id, whatever it spells (JSON-RPC: the same
		// value): it settles no question (once "1.0" approved delete_app's question 1).
		{`1`, `{"jsonrpc":"2.0","id":"1","result":{"action":"decline"}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":"1.0","result":{"action":"accept","content":{"name":"docs-search"}}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":"\u0031","result":{"action":"accept","content":{"confirm":"\udc00"}}}`, ``},
		{`1`, `{"jsonrpc":"2.0","id":"1e0","error":{"code":-1,"message":"no"}}`, ``},
		{`12`, `{"jsonrpc":"2.0","id":"12"}`, ``},
	} {
		q := &serverRequests{}
		q.sent([]byte(`{"jsonrpc":"2.0","id":` + c.question + `,"method":"elicitation/create","params":{}}` + "\n"))
		out, answer := prepareMessageFor(nil, []byte(c.msg+"\n"), q)
		got := string(out)
		if answer != nil || c.want == "" && got != "" || c.want != "" && (!strings.HasPrefix(got, c.want) || !strings.HasSuffix(got, "}\n")) ||
			strings.Contains(got, "s3cr3t") || strings.Contains(got, "\ufffd") {
			t.Errorf("question %s, %s\n  became %q, answered %s", c.question, c.msg, got, answer)
		}
		if c.want != "" {
			var resp struct {
				Error *struct {
					Code    int
					Message string
				}
				Result json.RawMessage
			}
			if err := json.Unmarshal(out, &resp); err != nil || resp.Result == nil || string(resp.Result) == "null" {
				t.Errorf("%s: mcp-go would answer %s (%v)", c.msg, out, err)
			}
			if again, _ := prepareMessageFor(nil, []byte(c.msg+"\n"), q); len(again) != 0 {
				t.Errorf("%s: a second answer to question %s went on: %s", c.msg, c.question, again)
			}
		}
	}
}

// TestCanonicalNumbersAreLinear: canonicalNumber gives every spelling of one number the same text
// however long its exponent (beyond int64 too), and takes time linear in the spelling's length:
// a 1,000,000-digit exponent (2.3 s with big.Int) costs a few allocations of its own length.
func TestCanonicalNumbersAreLinear(t *testing.T) {
	for want, spellings := range map[string][]string{
		"1e1000000000000000000":      {"1e1000000000000000000", "10e999999999999999999", "0.1e1000000000000000001", "1E+0001000000000000000000", "100e999999999999999998"},
		"-1.5e-1000000000000000000":  {"-1.5e-1000000000000000000", "-15e-1000000000000000001", "-0.0015e-999999999999999997", "-150e-1000000000000000002"},
		"1.23e9223372036854775809":   {"123e9223372036854775807", "1.23e9223372036854775809"},
		"9.99e10000000000000000000":  {"999e9999999999999999998"},
		"1e-999999999999999999999":   {"1000e-1000000000000000000002", "0.00001e-999999999999999999994"},
		"7e99999999999999999999":     {"7e99999999999999999999", "70e99999999999999999998"},
		"1e-1000000000000000000000":  {"1e-1000000000000000000000", "10e-1000000000000000000001"},
		"1e100000000000000000000000": {"10000000000e99999999999999999999990"},
	} {
		for _, s := range spellings {
			if got := string(canonicalNumber([]byte(s))); got != want {
				t.Errorf("%s: %s, want %s", s, got, want)
			}
		}
	}
	for _, n := range []int{1000, 1000000} {
		raw := []byte("1e" + strings.Repeat("7", n))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		allocs := testing.AllocsPerRun(1, func() { canonicalNumber(raw) })
		runtime.ReadMemStats(&after)
		if allocs > 10 || after.TotalAlloc-before.TotalAlloc > uint64(10*n+4096) {
			t.Errorf("exponent of %d digits: %v allocations, %d bytes", n, allocs, after.TotalAlloc-before.TotalAlloc)
		}
		msg := []byte(`{"jsonrpc":"2.0","id":1e` + strings.Repeat("7", n) + `,"method":"ping"}`)
		if out, answer := prepareMessage(nil, msg); answer != nil || !bytes.Contains(restoreIDs(out), raw[2:]) {
			t.Errorf("exponent of %d digits: handed on %.100s", n, out)
		}
	}
}

// TestInvalidRequestIDsAreRefused: a request whose id MCP does not allow (null, true, false, an
// object, an array) is answered -32600 naming the rule, with that id (null for null), and never
// served; a notification (no id) is not answered.
func TestInvalidRequestIDsAreRefused(t *testing.T) {
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	for _, id := range []string{`null`, `true`, `false`, `{"a":1}`, `[1]`, `[]`} {
		for _, method := range []string{"ping", "tools/list", "no/such"} {
			got := serveOne(t, s, `{"jsonrpc":"2.0","id":`+id+`,"method":"`+method+`"}`)
			if !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":`+id+`,"error":{"code":-32600,`) || !strings.Contains(got, `must be a string or an integer`) {
				t.Errorf("id %s, %s: %s", id, method, got)
			}
		}
	}
	if out, answer := prepareMessage(nil, []byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)); answer != nil || len(out) == 0 {
		t.Errorf("a notification was answered: %s", answer)
	}
}

// TestProgressTokensKeepTheirValue: a progress token whose value mcp-go would change gets a
// stand-in (found as mcp-go finds it: _meta in any case, progressToken exactly, escapes decoded),
// restored wherever mcp-go echoes it; one it keeps is left alone.
func TestProgressTokensKeepTheirValue(t *testing.T) {
	for _, tok := range []string{`9007199254740993`, `123456789012345678`, `-12345678901234567890123`} {
		for _, tmpl := range []string{
			`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":%s}}}`,
			`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"_META":{"progress\u0054oken":%s},"name":"x"}}`,
		} {
			msg := strings.Replace(tmpl, "%s", tok, 1)
			out, _ := prepareMessage(nil, []byte(msg))
			var req mcp.CallToolRequest
			if err := json.Unmarshal(out, &req); err != nil {
				t.Fatal(err)
			}
			standIn, _ := req.Params.Meta.ProgressToken.(string)
			if !strings.HasPrefix(standIn, idMarker) {
				t.Errorf("%s: token %v", msg, req.Params.Meta.ProgressToken)
				continue
			}
			note, _ := json.Marshal(mcp.JSONRPCNotification{JSONRPC: "2.0", Notification: mcp.Notification{Method: "notifications/progress",
				Params: mcp.NotificationParams{AdditionalFields: map[string]any{"progressToken": standIn, "progress": 1}}}})
			if got := string(restoreIDs(note)); !strings.Contains(got, `"progressToken":`+tok+`}`) && !strings.Contains(got, `"progressToken":`+tok+`,`) {
				t.Errorf("%s: notification %s", tok, got)
			}
		}
	}
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":42}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":"tok-\u00e9"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","arguments":{"_meta":{"progressToken":9007199254740993}}}}`,
	} {
		if out, answer := prepareMessage(nil, []byte(msg)); string(out) != msg || answer != nil {
			t.Errorf("%s became %s / %s", msg, out, answer)
		}
	}
}

// BenchmarkHugeExponentID: a request whose id has an exponent of 100,000 and 1,000,000 digits,
// side by side; the time per byte stays flat (linear), where big.Int made it grow tenfold.
func BenchmarkHugeExponentID(b *testing.B) {
	for _, n := range []int{100000, 1000000} {
		msg := []byte(`{"jsonrpc":"2.0","id":1e` + strings.Repeat("7", n) + `,"method":"ping"}`)
		b.Run(fmt.Sprintf("digits=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(msg)))
			var buf, answer []byte
			for b.Loop() {
				buf, answer = prepareMessage(buf, msg)
			}
			// Handed on with a stand-in for the id, which the answer gets back whole.
			if answer != nil || !bytes.Equal(restoreIDs(buf), msg) {
				b.Fatalf("handed on %.100s, answered %.100s", buf, answer)
			}
		})
	}
}

// TestEndOfInputWaitsPastARefusedReuseOfAnID: a request the transport refuses itself (a member
// given twice) that reuses the id of a call still in progress is answered, and that answer does
// not count as the call's: the end of input still waits for the call's own answer (it ended the
// wait at once, and mcp-go cancelled the call).
func TestEndOfInputWaitsPastARefusedReuseOfAnID(t *testing.T) {
	const call = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"create_app","arguments":{"name":"a"}}}` + "\n"
	const refused = `{"jsonrpc":"2.0","id":7.0,"method":"tools/call","method":"tools/call","params":{"name":"list_apps"}}` + "\n"
	questions := &serverRequests{changed: make(chan struct{}, 1)}
	var out testutil.SyncBuffer
	w := &codeFixingWriter{w: &out, questions: questions}
	r := newIDReader(strings.NewReader(call+refused), w)
	r.sent, r.hold = questions, true
	handedOn := make(chan []byte)
	go func() {
		got, _ := io.ReadAll(r) // returns at the end of input, once handed on
		handedOn <- got
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), `"id":7.0,"error"`) {
		if time.Now().After(deadline) {
			t.Fatalf("the refusal was not written: %q", out.String())
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case got := <-handedOn:
		t.Fatalf("the end of input was handed on while the call was in progress (read %q)", got)
	case <-time.After(200 * time.Millisecond):
	}
	_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":7,"result":{"content":[]}}` + "\n")) // the call's answer
	select {
	case got := <-handedOn:
		if string(got) != call {
			t.Errorf("handed on %q, want the call only", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the end of input was not handed on after the call was answered")
	}
	waitAnswered(r)
}

// TestAnswerWithAMemberTwiceIsNotUsed: over HTTP too, an answer to a question with a member name
// given twice fails the question, naming where; nothing of it is used (the last "name" deleted
// the app it named).
func TestAnswerWithAMemberTwiceIsNotUsed(t *testing.T) {
	for msg, where := range map[string]string{
		`{"jsonrpc":"2.0","id":7,"result":{"action":"accept","content":{"name":"zzz","name":"docs-search"}}}`: "result.content.name",
		`{"jsonrpc":"2.0","id":7.0,"result":{"action":"accept","content":{"name":"zzz","n\u0061me":"docs"}}}`: "result.content.name",
		`{"jsonrpc":"2.0","id":7,"result":{"action":"decline"},"Result":{"action":"accept"}}`:                 "Result",
	} {
		out, answer := prepareMessage(nil, []byte(msg))
		want := `{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"the answer was not used: ` + where + ` is given twice in its object`
		if got := string(out); answer != nil || !strings.HasPrefix(got, want) || strings.Contains(got, "docs") {
			t.Errorf("%s handed on %q, answered %s", msg, got, answer)
		}
	}
	// Names that differ in case are two keys of content (a map), one field of result (a struct).
	plain := `{"jsonrpc":"2.0","id":7,"result":{"action":"accept","content":{"name":"a","Name":"b"}}}`
	if out, answer := prepareMessage(nil, []byte(plain)); answer != nil || string(out) != plain {
		t.Errorf("%s became %q / %s", plain, out, answer)
	}
}

// TestMessagesWithAMethodAndAnAnswerAreRefused: a message with both a method and a result or
// error is neither a request nor a response (JSON-RPC). mcp-go took it for the answer to its
// question of that id, unchecked (a lone surrogate used as U+FFFD, a confirmation answered), and
// its error form for a request too, counted at the end of input and never answered (the server
// hung). It is refused -32600 with its id, over stdio and HTTP; it settles no question, and the
// end of input waits for nothing it did.
func TestMessagesWithAMethodAndAnAnswerAreRefused(t *testing.T) {
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"x","result":{"action":"accept","content":{"name":"docs-search"}}}`,
		`{"jsonrpc":"2.0","id":1,"method":"x","result":{"action":"accept","content":{"name":"\udc00docs-search"}}}`,
		`{"jsonrpc":"2.0","id":"1","method":"tools/call","error":{"code":1,"message":"m"},"params":{"name":"list_apps"}}`,
	} {
		q := &serverRequests{}
		q.sent([]byte(`{"jsonrpc":"2.0","id":1,"method":"elicitation/create","params":{}}` + "\n"))
		for _, pending := range []*serverRequests{q, nil} { // stdio, HTTP
			out, answer := prepareMessageFor(nil, []byte(msg), pending)
			id := msg[strings.Index(msg, `"id":`)+5 : strings.Index(msg, `,"method"`)]
			if !strings.HasPrefix(string(answer), `{"jsonrpc":"2.0","id":`+id+`,"error":{"code":-32600,"message":"Invalid Request: a message with a \"method\" is a request`) {
				t.Errorf("%s: answered %s (handed on %s)", msg, answer, out)
			}
		}
		if _, open := q.ids["1"]; !open {
			t.Errorf("%s settled the question", msg)
		}
	}
	// A null result or error is an absent one (JSON-RPC serializers that write every member): the
	// request is served, handed on without it, and settles no question (mcp-go's stdio loop took
	// "result":null for an answer). Before, it was refused -32600.
	for msg, want := range map[string]string{
		`{"jsonrpc":"2.0","id":1.0,"method":"ping","result":null}`:                               `{"jsonrpc":"2.0","id":1.0,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":1,"method":"ping","Error":null}`:                                  `{"jsonrpc":"2.0","id":1,"method":"ping"}`,
		`{"result":null,"jsonrpc":"2.0","error":null,"id":1,"method":"ping"}`:                    `{"jsonrpc":"2.0","id":1,"method":"ping"}`,
		` { "jsonrpc":"2.0", "id":"a", "method":"ping" , "result" : null , "params":{} }` + "\n": ` {"jsonrpc":"2.0","id":"a","method":"ping","params":{}}` + "\n",
		`{"jsonrpc":"2.0","id":9007199254740993,"method":"ping","result":null}`:                  `{"jsonrpc":"2.0","id":"` + idMarker + hex.EncodeToString([]byte("9007199254740993")) + `","method":"ping"}`,
	} {
		q := &serverRequests{}
		q.sent([]byte(`{"jsonrpc":"2.0","id":1,"method":"elicitation/create","params":{}}` + "\n"))
		for _, pending := range []*serverRequests{q, nil} { // stdio, HTTP
			if out, answer := prepareMessageFor(nil, []byte(msg), pending); answer != nil || string(out) != want {
				t.Errorf("%s: answered %s, handed on %s, want %s", msg, answer, out, want)
			}
		}
		if _, open := q.ids["1"]; !open {
			t.Errorf("%s settled the question", msg)
		}
	}
	// A result or error given twice is refused -32600 naming it, before anything is trimmed: the
	// last one alone (null) passed the check above, the null one was removed and the first
	// ({...}) went on, read by mcp-go as an answer (stdio: the pending question accepted; HTTP:
	// 202, the request never answered); two nulls vanished and the request was served.
	for msg, name := range map[string]string{
		`{"jsonrpc":"2.0","id":1,"method":"ping","result":{"action":"accept","content":{"name":"analytics-app"}},"result":null}`:     "result",
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_apps","arguments":{}},"result":{"x":1},"result":null}`: "result",
		`{"jsonrpc":"2.0","id":1,"method":"ping","error":null,"error":null}`:                                                         "error",
		`{"jsonrpc":"2.0","id":1,"method":"ping","Result":null,"result":null}`:                                                       "result",
		`{"jsonrpc":"2.0","id":1,"method":"ping","error":{"code":1,"message":"m"},"Error":null}`:                                     "Error",
		`{"jsonrpc":"2.0","id":1,"id":1,"method":"ping","result":null}`:                                                              "id",
	} {
		q := &serverRequests{}
		q.sent([]byte(`{"jsonrpc":"2.0","id":1,"method":"elicitation/create","params":{}}` + "\n"))
		for _, pending := range []*serverRequests{q, nil} { // stdio, HTTP
			out, answer := prepareMessageFor(nil, []byte(msg), pending)
			want := `{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid Request: member \"` + name + `\" is given twice`
			if !strings.HasPrefix(string(answer), want) {
				t.Errorf("%s: answered %s (handed on %s)", msg, answer, out)
			}
		}
		if _, open := q.ids["1"]; !open {
			t.Errorf("%s settled the question", msg)
		}
	}
	// A notification with one cannot be answered, and is no answer to mcp-go (no id): it goes on.
	note := `{"jsonrpc":"2.0","method":"notifications/x","result":{}}`
	if out, answer := prepareMessage(nil, []byte(note)); answer != nil || string(out) != note {
		t.Errorf("%s: answered %s, handed on %s", note, answer, out)
	}
	// The end of input waits for nothing: the refusal is counted and its write balances it.
	const in = `{"jsonrpc":"2.0","id":5,"method":"x","error":{"code":1,"message":"m"}}` + "\n"
	questions := &serverRequests{changed: make(chan struct{}, 1)}
	var out testutil.SyncBuffer
	r := newIDReader(strings.NewReader(in), &codeFixingWriter{w: &out, questions: questions})
	r.sent, r.hold = questions, true
	done := make(chan []byte)
	go func() {
		got, _ := io.ReadAll(r)
		done <- got
	}()
	select {
	case got := <-done:
		if len(got) != 0 {
			t.Errorf("handed on %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the end of input was withheld: the refused message was counted as a request")
	}
	waitAnswered(r)
	if !strings.Contains(out.String(), `"id":5,"error":{"code":-32600`) {
		t.Errorf("wrote %q", out.String())
	}
}

// TestCancellationKeepsStringAndNumberIDsApart: mcp-go keys a request in progress by its id as
// %v writes it, so the string "1" and the number 1 were one request to it: a cancellation naming
// one ended the other. Each now ends exactly its own request, whichever is cancelled first, and
// each result carries its id as sent.
func TestCancellationKeepsStringAndNumberIDsApart(t *testing.T) {
	t.Parallel() // its 200 ms waits look for a line that must not come: load cannot fail them
	for _, c := range []struct{ first, second, firstSpelled string }{
		{`"1"`, `1`, `"\u0031"`},
		{`1`, `"1"`, `1.0`},
		{`"2.5"`, `2.5`, `"2.5"`},
	} {
		send, lines, started := blockingStdio(t)
		send(`{"jsonrpc":"2.0","id":` + c.first + `,"method":"tools/call","params":{"name":"block"}}`)
		send(`{"jsonrpc":"2.0","id":` + c.second + `,"method":"tools/call","params":{"name":"block"}}`)
		<-started
		<-started
		for _, id := range []struct{ cancel, want string }{{c.firstSpelled, c.first}, {c.second, c.second}} {
			send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":` + id.cancel + `}}`)
			select {
			case l := <-lines:
				if !strings.HasPrefix(l, `{"jsonrpc":"2.0","id":`+id.want+`,`) {
					t.Errorf("cancelling %s ended another call: %s", id.cancel, l)
				}
			case <-time.After(r53DeterminismGuard):
				t.Fatalf("cancelling %s ended no call", id.cancel)
			}
			select {
			case l := <-lines:
				t.Errorf("cancelling %s ended another call too: %s", id.cancel, l)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
}

// steadyAllocs is the fewest allocations f makes per run over three rounds of
// testing.AllocsPerRun(100, f): the count is of the whole process, so another test's goroutine
// allocating meanwhile adds to one round, not to all three, as an allocation of f's own would.
func steadyAllocs(f func()) float64 {
	fewest := testing.AllocsPerRun(100, f)
	for range 2 {
		fewest = min(fewest, testing.AllocsPerRun(100, f))
	}
	return fewest
}
