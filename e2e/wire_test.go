package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
)

// The go-sdk's ToolAnnotations models readOnlyHint and idempotentHint as plain bools, so
// through the SDK a missing hint looks exactly like false. To prove which hints the server
// sends (those that differ from the spec's defaults, and destructiveHint on every tool that
// writes), the suite also records the raw JSON-RPC results: over HTTP with a RoundTripper that
// tees POST response bodies, over stdio by teeing the server's stdout.

// wireLog collects the raw results of successful JSON-RPC responses from the server.
type wireLog struct {
	mu      sync.Mutex
	results []json.RawMessage
	bad     []string // frames that did not decode as JSON-RPC
}

func (w *wireLog) addFrame(frame []byte) {
	frame = bytes.TrimSpace(frame)
	if len(frame) == 0 {
		return
	}
	msg, err := jsonrpc.DecodeMessage(frame)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.bad = append(w.bad, fmt.Sprintf("%v: %q", err, frame))
		return
	}
	if resp, ok := msg.(*jsonrpc.Response); ok && resp.Error == nil {
		w.results = append(w.results, append(json.RawMessage(nil), resp.Result...))
	}
}

func (w *wireLog) snapshot() (results []json.RawMessage, bad []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]json.RawMessage(nil), w.results...), append([]string(nil), w.bad...)
}

// tapTransport records the JSON-RPC messages in the bodies of POST responses (the
// standalone GET stream carries no responses to our requests).
type tapTransport struct {
	base http.RoundTripper
	log  *wireLog
}

func (t *tapTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || req.Method != http.MethodPost {
		return resp, err
	}
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	resp.Body = &tapBody{rc: resp.Body, sse: mediaType == "text/event-stream", log: t.log}
	return resp, nil
}

// tapBody copies what the SDK reads and decodes it when the SDK closes the body.
type tapBody struct {
	rc  io.ReadCloser
	sse bool
	log *wireLog

	mu     sync.Mutex
	buf    bytes.Buffer
	closed bool
}

func (b *tapBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	b.buf.Write(p[:n])
	b.mu.Unlock()
	return n, err
}

func (b *tapBody) Close() error {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		if b.sse {
			for _, data := range sseData(b.buf.Bytes()) {
				b.log.addFrame(data)
			}
		} else {
			b.log.addFrame(b.buf.Bytes())
		}
	}
	b.mu.Unlock()
	return b.rc.Close()
}

// sseData returns the data of each complete server-sent event in stream.
func sseData(stream []byte) [][]byte {
	var events [][]byte
	var data []string
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		switch {
		case line == "":
			if len(data) > 0 {
				events = append(events, []byte(strings.Join(data, "\n")))
				data = nil
			}
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		}
	}
	return events
}

// wireTools extracts each tool's raw annotations object from recorded tools/list results.
func wireTools(results []json.RawMessage) map[string]map[string]json.RawMessage {
	tools := map[string]map[string]json.RawMessage{}
	for _, raw := range results {
		var page struct {
			Tools *[]struct {
				Name        string                     `json:"name"`
				Annotations map[string]json.RawMessage `json:"annotations"`
			} `json:"tools"`
		}
		if json.Unmarshal(raw, &page) != nil || page.Tools == nil {
			continue
		}
		for _, tool := range *page.Tools {
			tools[tool.Name] = tool.Annotations
		}
	}
	return tools
}
