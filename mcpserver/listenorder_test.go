package mcpserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// listenJSON is a 2026-07-28 subscriptions/listen request with the ID (as JSON).
func listenJSON(id string) string {
	return `{"jsonrpc":"2.0","id":` + id + `,"method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true},` +
		`"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}`
}

// listenMessage is what ordering needs of a line on stdout: an acknowledgement's subscription
// ID, or an answer's ID.
type listenMessage struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params struct {
		Meta struct {
			Subscription json.RawMessage `json:"io.modelcontextprotocol/subscriptionId"`
		} `json:"_meta"`
	} `json:"params"`
	Result *struct {
		Meta struct {
			Subscription json.RawMessage `json:"io.modelcontextprotocol/subscriptionId"`
		} `json:"_meta"`
	} `json:"result"`
}

func parseListenMessage(t *testing.T, line string) listenMessage {
	t.Helper()
	var m listenMessage
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	return m
}

const ackMethod = "notifications/subscriptions/acknowledged"

// TestStdioListenAckBeforeResult: over stdio, the acknowledgement of a subscriptions/listen is
// the first message carrying its subscription's ID, before the result (which comes at once here:
// nothing can be subscribed). mcp-go writes the acknowledgement from its notification goroutine
// and the result from the request's, so without ordering the result often came first.
func TestStdioListenAckBeforeResult(t *testing.T) {
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mcpserver.ServeStdio(ctx, srv, inR, outW, slog.New(slog.DiscardHandler)); outW.Close() }()
	defer func() { cancel(); inW.Close(); <-done }()
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		scan := bufio.NewScanner(outR)
		scan.Buffer(make([]byte, 1<<20), 1<<22)
		for scan.Scan() {
			lines <- scan.Text()
		}
	}()
	for i := 1; i <= 200; i++ {
		id := fmt.Sprint(i)
		if _, err := io.WriteString(inW, listenJSON(id)+"\n"); err != nil {
			t.Fatal(err)
		}
		acked := false
		for answered := false; !answered; {
			var line string
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("listen %s: output ended", id)
				}
				line = l
			case <-time.After(10 * time.Second):
				t.Fatalf("listen %s: no answer", id)
			}
			m := parseListenMessage(t, line)
			switch {
			case m.Method == ackMethod && string(m.Params.Meta.Subscription) == id:
				if acked {
					t.Fatalf("listen %s: acknowledged twice", id)
				}
				acked = true
			case string(m.ID) == id:
				if m.Result == nil || string(m.Result.Meta.Subscription) != id {
					t.Fatalf("listen %s: not a listen result: %s", id, line)
				}
				if !acked {
					t.Fatalf("listen %s (run %d of 200): the result came before the acknowledgement: %s", id, i, line)
				}
				answered = true
			}
		}
	}
}

// TestStdioListenAckBeforeResultAtEndOfInput: a client that closes stdin right after its
// subscriptions/listen still gets the acknowledgement, then the result, then the end of output.
func TestStdioListenAckBeforeResultAtEndOfInput(t *testing.T) {
	for run := 1; run <= 40; run++ {
		srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- mcpserver.ServeStdio(context.Background(), srv, inR, outW, slog.New(slog.DiscardHandler))
			outW.Close()
		}()
		go func() {
			_, _ = io.WriteString(inW, listenJSON(`"s"`)+"\n")
			inW.Close()
		}()
		got := make(chan []string, 1)
		go func() {
			var all []string
			scan := bufio.NewScanner(outR)
			scan.Buffer(make([]byte, 1<<20), 1<<22)
			for scan.Scan() {
				all = append(all, scan.Text())
			}
			got <- all
		}()
		var all []string
		select {
		case all = <-got:
		case <-time.After(10 * time.Second):
			t.Fatalf("run %d: output did not end", run)
		}
		if err := <-done; err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if len(all) != 2 {
			t.Fatalf("run %d: want the acknowledgement and the result, got %q", run, all)
		}
		ack, result := parseListenMessage(t, all[0]), parseListenMessage(t, all[1])
		if ack.Method != ackMethod || string(ack.Params.Meta.Subscription) != `"s"` ||
			string(result.ID) != `"s"` || result.Result == nil || string(result.Result.Meta.Subscription) != `"s"` {
			t.Fatalf("run %d: want the acknowledgement, then the result: %q", run, all)
		}
	}
}
