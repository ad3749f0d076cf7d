package mcpserver_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r42rpSlowOut is stdout whose Write returns late after an answer holding mark: the writer
// goroutine is descheduled right after the bytes went out (the client already has them).
type r42rpSlowOut struct {
	w    io.Writer
	mark string
}

func (s r42rpSlowOut) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if strings.Contains(string(p), s.mark) && !strings.Contains(string(p), `"method"`) {
		time.Sleep(300 * time.Millisecond)
	}
	return n, err
}

// TestR42ReviewprotoStdioIDFreeOnceAnswerRead: over stdio a client reads the answer to its
// request 5 and at once sends another request with the id 5 (clients that reuse an id once it
// is answered are allowed to: JSON-RPC/MCP only want ids of requests *in progress* unique).
// idReader.duplicate (ids.go) asks serverRequests.inProgress, whose live count is decremented
// by codeFixingWriter.writeLocked (errcodes.go) only AFTER c.w.Write returned: the client
// already holds the answer, and a new request with its id read before the writer goroutine
// gets to wrote() is refused -32600 "a call with the id 5 is still in progress".
func TestR42ReviewprotoStdioIDFreeOnceAnswerRead(t *testing.T) {
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- mcpserver.ServeStdio(ctx, srv, inR, r42rpSlowOut{w: outW, mark: `"id":5`}, slog.New(slog.DiscardHandler))
		outW.Close()
	}()
	t.Cleanup(func() { cancel(); inW.Close(); <-done })
	var mu sync.Mutex
	var lines []string
	var once sync.Once
	go func() {
		sc := bufio.NewScanner(outR)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			l := sc.Text()
			mu.Lock()
			lines = append(lines, l)
			mu.Unlock()
			if strings.Contains(l, `"id":5`) && !strings.Contains(l, `"method"`) {
				// The answer to 5 is in: reuse its id at once.
				once.Do(func() {
					go io.WriteString(inW, `{"jsonrpc":"2.0","id":5,"method":"ping"}`+"\n")
				})
			}
		}
	}()
	io.WriteString(inW, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`+"\n")
	io.WriteString(inW, `{"jsonrpc":"2.0","method":"notifications/initialized"}`+"\n")
	io.WriteString(inW, `{"jsonrpc":"2.0","id":5,"method":"ping"}`+"\n")
	end := time.Now().Add(10 * time.Second)
	for time.Now().Before(end) {
		mu.Lock()
		var fives []string
		for _, l := range lines {
			if strings.Contains(l, `"id":5`) {
				fives = append(fives, l)
			}
		}
		mu.Unlock()
		if len(fives) >= 2 {
			if strings.Contains(fives[1], `"error"`) {
				t.Fatalf("a request reusing the id of one already answered (the client had read the answer) was refused: %s", fives[1])
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no second answer to 5: %q", lines)
}

// TestR42ReviewprotoStdioOddIDsFreedOnceAnswered: over stdio a request with an id in an unusual
// spelling is answered; the same id sent again afterwards must be served (its request is no
// longer in progress), not refused -32600 "still in progress".
func TestR42ReviewprotoStdioOddIDsFreedOnceAnswered(t *testing.T) {
	ids := []string{`1e999`, `-1e999`, `-0`, `1.5`, `12345678901234567890123`, `1e-999`, `"a\u0000b"`, `"\ud800"`, `"x\/y"`, `"\u00e9"`, `"é"`, `0.1e1`, `"1"`, `"NaN"`, `"+Inf"`, `9007199254740993`, `"9007199254740993"`}
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	for _, id := range ids {
		before := len(w.allLines())
		w.send(`{"jsonrpc":"2.0","id":` + id + `,"method":"ping"}`)
		first := w.nextLine(t, before)
		w.send(`{"jsonrpc":"2.0","id":` + id + `,"method":"ping"}`)
		second := w.nextLine(t, before+1)
		if strings.Contains(second, "still in progress") {
			t.Errorf("id %s: sent again after its answer (%s) it was refused: %s", id, first, second)
		}
	}
}

func (w *r41cWire) allLines() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.lines...)
}

func (w *r41cWire) nextLine(t *testing.T, n int) string {
	t.Helper()
	end := time.Now().Add(5 * time.Second)
	for time.Now().Before(end) {
		if l := w.allLines(); len(l) > n {
			return l[n]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no line %d", n)
	return ""
}

// TestR42ReviewprotoStdioStringAndNumberIDsAreDistinct: call 2 waits on its question; a
// cancellation naming "2" (a string) must not cancel it, and a request "2" is its own.
func TestR42ReviewprotoStdioStringAndNumberIDsAreDistinct(t *testing.T) {
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x","version":"0"}}}`)
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	r42AwaitLine(t, w, `"elicitation/create"`)
	w.send(`{"jsonrpc":"2.0","id":"2","method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	got := w.await(`"2"`, 10*time.Second)
	if strings.Contains(got, "still in progress") {
		t.Fatalf("request \"2\" refused while 2 is in progress: %s", got)
	}
	w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"2"}}`)
	time.Sleep(500 * time.Millisecond)
	if a := w.answers(`2`); len(a) != 0 {
		t.Fatalf("a cancellation naming \"2\" ended call 2: %s", a)
	}
	w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2.0}}`)
	if res := w.await(`2`, 10*time.Second); !strings.Contains(res, "cancelled") {
		t.Errorf("call 2 after a cancellation naming 2.0: %.300s", res)
	}
}

// TestR42ReviewprotoStdioMalformedRequestFreesItsID: a malformed request with id 7, whatever
// its answer, leaves 7 free: a valid ping 7 afterwards is served.
func TestR42ReviewprotoStdioMalformedRequestFreesItsID(t *testing.T) {
	bad := []string{
		`{"jsonrpc":"2.0","id":7,"method":5}`,
		`{"jsonrpc":"1.0","id":7,"method":"ping"}`,
		`{"id":7,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":5}`,
		`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":[]}`,
		`{"jsonrpc":"2.0","id":7,"method":"ping","result":null}`,
		`{"jsonrpc":"2.0","id":7,"method":"ping","error":{"code":1,"message":"x"}}`,
		`{"jsonrpc":"2.0","id":7,"method":"ping","id":7}`,
		`{"jsonrpc":"2.0","id":7,"method":"notifications/cancelled","params":{"requestId":7}}`,
		`{"jsonrpc":"2.0","id":7,"method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":5}}`,
		`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"nope"}}`,
		`{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`,
		`{"jsonrpc":"2.0","id":7,"method":"ping","params":{"_meta":{"progressToken":{}}}}`,
		`{"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"x"}}`,
		`{"jsonrpc":"2.0","id":7,"method":"ping"} `,
		`{"jsonrpc":"2.0","id":7,"method":"ping","params":null}`,
		`{"jsonrpc":"2.0","id":7,"method":"\u0070ing"}`,
		`{"jsonrpc":"2.0","id":7,"method":"tasks/get","params":{"taskId":"x"}}`,
		`{"jsonrpc":"2.0","id":7,"method":"elicitation/create","params":{}}`,
	}
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	// Each is answered (one line naming 7), and the ping is sent once that answer is read: 7 is
	// free then. (A ping 150 ms after, as before, met a request still in progress on a loaded
	// machine and was rightly refused.)
	for _, b := range bad {
		n := len(w.allLines())
		w.send(b)
		first := w.nextLine(t, n)
		if !strings.Contains(first, `"id":7`) {
			t.Fatalf("%s was answered %s, not an answer naming 7", b, first)
		}
		w.send(`{"jsonrpc":"2.0","id":7,"method":"ping"}`)
		second := w.nextLine(t, n+1)
		if strings.Contains(second, "still in progress") {
			t.Errorf("after %s (answered %s), ping 7 was refused: %s", b, first, second)
		}
		if !strings.Contains(second, `"id":7`) || !strings.Contains(second, `"result"`) {
			t.Errorf("after %s (answered %s), ping 7 was answered %s", b, first, second)
		}
	}
}
