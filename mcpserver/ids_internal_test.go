package mcpserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// idForms are request ids mcp-go v1.2.1 would write back altered (through float64, or
// re-escaped), and ones it keeps; every one must come back byte for byte.
var idForms = []string{
	`9007199254740993`, `12345678901234567890123`, `-12345678901234567890123`, `9223372036854775808`,
	`-0`, `1e3`, `1E+3`, `1.0`, `2.5`, `-2.5e-7`, `0`, `7`, `-7`, `999999999999999`, `1000000000000000`,
	`"abc"`, `"A\u0041"`, `"a<b>&c"`, `"\u00e9t\u00e9"`, `"été"`, `"x\/y"`, `"\ud83d\ude00"`, `""`,
	`"spice-code-000000000000000000000000-id-3132"`, `{"b":1,"a":12345678901234567890123}`, `[1,2]`,
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

// TestRequestIDsComeBackAsSent: whatever form of id a request has, its response (result or
// error, mcp-go's own errors included) carries it exactly; the id member is found however
// encoding/json would find it (any case, escaped name, the last of several).
func TestRequestIDsComeBackAsSent(t *testing.T) {
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
			if !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":`+id+`,`) || strings.Contains(got, codeNonce) {
				t.Errorf("%s\n  answered %s", msg, got)
			}
		}
	}
	// A bad "method" or "jsonrpc" is named, with -32600.
	got := serveOne(t, s, `{"jsonrpc":"2.0","id":12345678901234567890123,"method":["ping"]}`)
	if !strings.Contains(got, `"code":-32600`) || !strings.Contains(got, `\"method\" must be a string`) {
		t.Errorf("bad method: %s", got)
	}
}

// TestIDPreparationLeavesOtherMessagesAlone: messages without an id to keep (plain ids,
// notifications, responses, batches, malformed JSON) reach mcp-go exactly as sent, and a
// malformed message is never turned into a valid one.
func TestIDPreparationLeavesOtherMessagesAlone(t *testing.T) {
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":7,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":"req-1","method":"tools/call","params":{"name":"x","arguments":{"id":12345678901234567890123}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`[{"jsonrpc":"2.0","id":12345678901234567890123,"method":"ping"}]`,
		`{"jsonrpc":"2.0","id":12345678901234567890123,"method":"ping"`,
		`{"jsonrpc":"2.0","id":012,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":12345678901234567890123,"method":5,}`,
		`{"jsonrpc":"2.0","id":null,"method":5}`,
		`not json`, ``, `   `,
	} {
		out, answer := prepareMessage(nil, []byte(msg))
		if answer != nil || string(out) != msg {
			t.Errorf("%s\n  became %s / %s", msg, out, answer)
		}
	}
}

// TestCancellationNamesTheStandIn: a notifications/cancelled naming a request by an id that got
// a stand-in names the same stand-in, so mcp-go cancels exactly that request (9007199254740993
// and 9007199254740992 are one request to mcp-go otherwise).
func TestCancellationNamesTheStandIn(t *testing.T) {
	standIn := func(msg, member string) string {
		out, _ := prepareMessage(nil, []byte(msg))
		var v map[string]any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if member == "requestId" {
			return v["params"].(map[string]any)["requestId"].(string)
		}
		return v["id"].(string)
	}
	for _, id := range []string{`9007199254740993`, `9007199254740992`, `"<x>"`, `-0`} {
		req := standIn(`{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"x"}}`, "id")
		cancel := standIn(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"reason":"r","requestId":`+id+`}}`, "requestId")
		if req != cancel || !strings.Contains(req, idMarker) {
			t.Errorf("id %s: request %q, cancellation %q", id, req, cancel)
		}
	}
	if a, b := standIn(`{"id":9007199254740993,"method":"ping"}`, "id"), standIn(`{"id":9007199254740992,"method":"ping"}`, "id"); a == b {
		t.Error("two ids share a stand-in")
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
	if n := testing.AllocsPerRun(100, func() { prepareMessage(nil, msg) }); n != 0 {
		t.Errorf("prepareMessage: %v allocations", n)
	}
	w := &codeFixingWriter{w: discard{}}
	if n := testing.AllocsPerRun(100, func() { _, _ = w.Write(msg) }); n != 0 {
		t.Errorf("codeFixingWriter.Write: %v allocations", n)
	}
	in := &repeater{line: msg}
	r := newIDReader(in, w)
	p := make([]byte, 4096)
	if n := testing.AllocsPerRun(100, func() { _, _ = r.Read(p) }); n != 0 {
		t.Errorf("idReader.Read: %v allocations", n)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// repeater reads as one line, over and over.
type repeater struct{ line []byte }

func (r *repeater) Read(p []byte) (int, error) { return copy(p, r.line), nil }

// TestIDReaderHandsOnLinesWhole: lines longer than the reader's buffer, lines without a final
// newline and answered lines all come through in order.
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
	if len(lines) != 2 || !strings.Contains(lines[0], `"id":"`+idMarker) || !strings.HasSuffix(lines[0], strings.Repeat("x", 100)+`"}}`) || lines[1] != `{"jsonrpc":"2.0","id":1,"method":"ping"}` {
		t.Errorf("handed on %d lines: %.200s ...", len(lines), got.String())
	}
	if !strings.HasPrefix(answered.String(), `{"jsonrpc":"2.0","id":-0,"error":{"code":-32600,`) || !strings.HasSuffix(answered.String(), "}\n") {
		t.Errorf("answered %s", answered.String())
	}
}

func BenchmarkPrepareMessage(b *testing.B) {
	for _, c := range []struct{ name, msg string }{
		{"plain", `{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"}}}`},
		{"big-id", `{"jsonrpc":"2.0","id":12345678901234567890123,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"}}}`},
	} {
		msg := []byte(c.msg)
		b.Run(c.name, func(b *testing.B) {
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				out, _ := prepareMessage(buf, msg)
				if &out[0] != &msg[0] {
					buf = out
				}
			}
		})
	}
	resp := []byte(`{"jsonrpc":"2.0","id":42,"result":{"content":[{"type":"text","text":"` + strings.Repeat("y", 2000) + `"}]}}` + "\n")
	b.Run("write-plain", func(b *testing.B) {
		w := &codeFixingWriter{w: discard{}}
		b.ReportAllocs()
		for b.Loop() {
			_, _ = w.Write(resp)
		}
	})
	b.Run("mcp-go-ping", func(b *testing.B) { // for scale: what mcp-go spends on the smallest request
		s := server.NewMCPServer("t", "1")
		msg := json.RawMessage(`{"jsonrpc":"2.0","id":42,"method":"ping"}`)
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(s.HandleMessage(context.Background(), msg))
		}
	})
}

// TestStdioCancellationFindsItsOwnRequest: two calls whose ids are one float64 (9007199254740993
// and 9007199254740992) wait until cancelled; cancelling the first ends the first only, and each
// response carries its own id. (mcp-go alone keys both calls by the same number, so the
// cancellation reaches the wrong one.)
func TestStdioCancellationFindsItsOwnRequest(t *testing.T) {
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	started := make(chan struct{}, 2)
	s.AddTool(mcp.NewTool("block"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		started <- struct{}{}
		<-ctx.Done()
		return mcp.NewToolResultText("cancelled"), nil
	})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ServeStdio(ctx, s, inR, outW, slog.New(slog.DiscardHandler)) }()
	defer func() { cancel(); inW.Close(); <-done }()
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	send := func(l string) {
		if _, err := io.WriteString(inW, l+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	<-lines
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
	case <-time.After(5 * time.Second):
		t.Fatal("the cancelled call did not end")
	}
	select {
	case l := <-lines:
		t.Errorf("a call not cancelled ended: %s", l)
	case <-time.After(200 * time.Millisecond):
	}
}
