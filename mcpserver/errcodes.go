package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// JSON-RPC error codes of handler errors.
//
// mcp-go v1.2.1 reports every error a resource or prompt handler returns as -32603 (internal
// error); only its own checks use other codes. The protocol wants -32002 for a resource that
// does not exist (-32602 from 2026-07-28 on) and -32602 for invalid prompt arguments. So a
// handler that means another code returns errorWithCode, which records the error's text with
// its code, and both transports restore the code on the way out: an error response with code
// -32603 whose message is a recorded text gets the recorded code and data. (mcp-go's in-process
// client, used by tests only, still sees -32603.)

// codedError is a handler error that must reach the client with its own code.
type codedError struct {
	code    int
	message string
	data    any
}

func (e *codedError) Error() string { return e.message }

// errorWithCode returns an error that the transports send with code and data.
func errorWithCode(code int, message string, data any) error {
	e := &codedError{code: code, message: message, data: data}
	errorCodes.put(e)
	return e
}

// resourceNotFound is the code for a resource that does not exist, in the request's era.
func resourceNotFound(ctx context.Context) int {
	if mcp.IsModernProtocol(server.RequestProtocolVersion(ctx)) {
		return mcp.INVALID_PARAMS
	}
	return mcp.RESOURCE_NOT_FOUND
}

// errorCodes holds the texts of recent coded errors; the same text always means the same code,
// so an entry can serve any number of responses, and the oldest go first beyond the bound.
var errorCodes = &codeTable{max: 1024, codes: map[string]*codedError{}}

type codeTable struct {
	mu    sync.Mutex
	max   int
	codes map[string]*codedError
	order []string
}

func (t *codeTable) put(e *codedError) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.codes[e.message]; !ok {
		t.order = append(t.order, e.message)
	}
	t.codes[e.message] = e
	for len(t.order) > t.max {
		delete(t.codes, t.order[0])
		t.order = t.order[1:]
	}
}

func (t *codeTable) get(message string) (*codedError, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.codes[message]
	return e, ok
}

var internalErrorCode = []byte(`"code":-32603`)

// fixErrorCode returns msg, one JSON-RPC message, with a recorded error's code restored, and
// the code it now carries (0 when it is unchanged).
func fixErrorCode(msg []byte) ([]byte, int) {
	if !bytes.Contains(msg, internalErrorCode) {
		return msg, 0
	}
	var resp struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(msg, &resp) != nil || resp.Error == nil || resp.Error.Code != mcp.INTERNAL_ERROR {
		return msg, 0
	}
	e, ok := errorCodes.get(resp.Error.Message)
	if !ok {
		return msg, 0
	}
	fixed, err := json.Marshal(mcp.JSONRPCError{
		JSONRPC: resp.JSONRPC,
		ID:      mcp.NewRequestId(rawID(resp.ID)),
		Error:   mcp.NewJSONRPCErrorDetails(e.code, e.message, e.data),
	})
	if err != nil {
		return msg, 0
	}
	if bytes.HasSuffix(msg, []byte("\n")) {
		fixed = append(fixed, '\n')
	}
	return fixed, e.code
}

// rawID decodes a request ID (a number or a string) as mcp.NewRequestId expects it.
func rawID(raw json.RawMessage) any {
	var id any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&id) != nil {
		return nil
	}
	if n, ok := id.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
		return n.String()
	}
	return id
}

// codeFixingWriter restores the codes on the stdio stream, where mcp-go writes each message
// with one Write.
type codeFixingWriter struct{ w io.Writer }

func (c codeFixingWriter) Write(p []byte) (int, error) {
	fixed, code := fixErrorCode(p)
	if code == 0 {
		return c.w.Write(p)
	}
	if _, err := c.w.Write(fixed); err != nil {
		return 0, err
	}
	return len(p), nil
}

// codeFixingResponse restores the codes in an HTTP answer: a JSON body (one Write, after the
// status, which is held until then because 2026-07-28 derives the status from the code) or an
// SSE event (one Write per event).
type codeFixingResponse struct {
	http.ResponseWriter
	modern bool // the request is 2026-07-28 or later: the status follows the code
	held   int  // a status held until the body is known
}

func (c *codeFixingResponse) WriteHeader(status int) {
	if c.held == 0 && strings.HasPrefix(c.Header().Get("Content-Type"), "application/json") {
		c.held = status
		return
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *codeFixingResponse) Write(p []byte) (int, error) {
	var code int
	out := p
	if i := bytes.Index(p, []byte("data: ")); i >= 0 && !bytes.HasPrefix(bytes.TrimSpace(p), []byte("{")) {
		start := i + len("data: ")
		end := bytes.IndexByte(p[start:], '\n')
		if end < 0 {
			end = len(p) - start
		}
		var fixed []byte
		if fixed, code = fixErrorCode(p[start : start+end]); code != 0 {
			out = append(append(append([]byte{}, p[:start]...), fixed...), p[start+end:]...)
		}
	} else {
		out, code = fixErrorCode(p)
	}
	if c.held != 0 {
		status := c.held
		if code == mcp.INVALID_PARAMS && c.modern {
			status = http.StatusBadRequest
		}
		c.held = 0
		c.ResponseWriter.WriteHeader(status)
	}
	if _, err := c.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// release sends a held status (a response without a body).
func (c *codeFixingResponse) release() {
	if c.held != 0 {
		status := c.held
		c.held = 0
		c.ResponseWriter.WriteHeader(status)
	}
}

func (c *codeFixingResponse) Flush() {
	c.release()
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *codeFixingResponse) Unwrap() http.ResponseWriter { return c.ResponseWriter }
