package mcpserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// JSON-RPC error codes of handler errors.
//
// mcp-go v1.2.1 reports every error a resource, prompt or completion handler returns as -32603
// (internal error); only its own checks use other codes. The protocol wants -32002 for a
// resource that does not exist (-32602 from 2026-07-28 on) and -32602 for invalid prompt or
// completion arguments. So a handler that means another code returns errorWithCode, whose text
// carries the code and data after a marker, and both transports restore them on the way out:
// an error response whose message holds the marker gets the code and data it names, and the
// message without it. The code travels with its own response: nothing is shared between
// requests, so concurrent requests of both protocol eras each keep theirs. The marker holds a
// random nonce drawn at start-up, so no text a client sends can forge one. (mcp-go's
// in-process client, used by tests only, sees -32603 and the marker.)

// codedError is a handler error that must reach the client with its own code.
type codedError struct {
	code    int
	message string
	data    any
}

// Error is the message with its code and data after the marker, as the transports read it.
func (e *codedError) Error() string {
	data, err := json.Marshal(e.data)
	if err != nil {
		data = []byte("null")
	}
	return e.message + codeMarker + strconv.Itoa(e.code) + " " + string(data)
}

// errorWithCode returns an error that the transports send with code and data.
func errorWithCode(code int, message string, data any) error {
	return &codedError{code: code, message: message, data: data}
}

// resourceNotFound is the code for a resource that does not exist, in the request's era.
func resourceNotFound(ctx context.Context) int {
	if mcp.IsModernProtocol(server.RequestProtocolVersion(ctx)) {
		return mcp.INVALID_PARAMS
	}
	return mcp.RESOURCE_NOT_FOUND
}

// codeNonce makes the marker unguessable; codeMarker ends a coded error's message (the unit
// separator, then the nonce), followed by the code and the data as JSON.
var (
	codeNonce  = newCodeNonce()
	codeMarker = "\x1f" + codeNonce + " "
	nonceBytes = []byte(codeNonce) // what every coded error and stand-in id holds (ids.go)
)

// withheldNonce stands for the nonce in an answer that would still hold it (withholdNonce).
var withheldNonce = []byte("spice-code-withheld")

// withholdNonce is the last line of both transports: an answer that still holds the nonce once
// its codes and ids are restored (a coded error or a stand-in on a path that restores neither)
// goes out with it withheld, so no client ever learns the nonce and could forge a marker.
func withholdNonce(msg []byte) []byte {
	if !bytes.Contains(msg, nonceBytes) {
		return msg
	}
	return bytes.ReplaceAll(msg, nonceBytes, withheldNonce)
}

func newCodeNonce() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic("mcpserver: no randomness for the error-code marker: " + err.Error())
	}
	return "spice-code-" + hex.EncodeToString(b)
}

// parseCoded splits a message carrying the marker into the message, code and data.
func parseCoded(message string) (text string, code int, data json.RawMessage, ok bool) {
	text, rest, found := strings.Cut(message, codeMarker)
	if !found {
		return message, 0, nil, false
	}
	num, raw, _ := strings.Cut(rest, " ")
	code, err := strconv.Atoi(num)
	if err != nil || !json.Valid([]byte(raw)) {
		return message, 0, nil, false
	}
	if raw != "null" {
		data = json.RawMessage(raw)
	}
	return text, code, data, true
}

// fixErrorCode returns msg, one JSON-RPC message, with a coded error's code and data restored, and
// the code it now carries (0 when it is unchanged).
func fixErrorCode(msg []byte) ([]byte, int) {
	if !bytes.Contains(msg, nonceBytes) {
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
	if json.Unmarshal(msg, &resp) != nil || resp.Error == nil {
		return msg, 0
	}
	text, code, data, ok := parseCoded(resp.Error.Message)
	if !ok {
		return msg, 0
	}
	var details any
	if data != nil {
		details = data
	}
	// The ID goes back exactly as mcp-go wrote it (2.5 stays a number, not the string "2.5").
	fixed, err := json.Marshal(struct {
		JSONRPC string                  `json:"jsonrpc"`
		ID      json.RawMessage         `json:"id"`
		Error   mcp.JSONRPCErrorDetails `json:"error"`
	}{resp.JSONRPC, resp.ID, mcp.NewJSONRPCErrorDetails(code, text, details)})
	if err != nil {
		return msg, 0
	}
	if bytes.HasSuffix(msg, []byte("\n")) {
		fixed = append(fixed, '\n')
	}
	return fixed, code
}

// codeFixingWriter restores the codes and the request ids (ids.go) on the stdio stream, where
// mcp-go writes each message with one Write. The codes go first: fixErrorCode re-encodes the
// message, which a stand-in survives and an id with escapes might not. Writes are serialized,
// as mcp-go's own are, since the input side (idReader) writes its answers here too.
type codeFixingWriter struct {
	mu       sync.Mutex
	w        io.Writer
	progress *progressLedger // told of each progress notification written (progress.go); nil: none
	// questions records each request the server writes (ids.go); nil: none
	questions *serverRequests
	// listens holds a subscriptions/listen result until its acknowledgement is written
	// (progress.go); nil: none
	listens *listenAcks
	// tags are the questions a call may withdraw (questionwithdraw.go); nil: none
	tags *stdioQuestions
}

func (c *codeFixingWriter) Write(p []byte) (int, error) {
	out := p
	if bytes.Contains(p, nonceBytes) {
		out, _ = fixErrorCode(p)
		out = withholdNonce(restoreIDs(out))
	}
	if c.questions != nil {
		c.questions.sent(p) // before the client can answer it
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tags != nil && bytes.Contains(out, questionTagPrefix) {
		// The id noted, the tag taken out (questionwithdraw.go), with the writer held until the
		// question is written: its withdrawal, written here too, comes after it.
		if out = c.tags.untag(out); out == nil {
			if c.questions != nil {
				c.questions.unsent(p) // no answer will come
			}
			return len(p), nil
		}
	}
	// As mcp-go wrote it: its token as withProgress keyed it. A late notification is dropped
	// (its call's result may be out); the lock holds the released call's result until it is written.
	if c.progress != nil && !c.progress.sending(p, true) {
		return len(p), nil
	}
	listen, ack, isListen := "", false, false
	if c.listens != nil {
		// As mcp-go wrote it too: the acknowledgement's and the result's IDs are spelled alike.
		if listen, ack, isListen = listenMessage(p); isListen && !ack && !c.listens.ready(listen) {
			c.listens.hold(listen, out, func(h *heldListen) { c.expireListen(listen, h) })
			return len(p), nil
		}
	}
	err := c.writeLocked(out)
	if isListen && ack {
		if h := c.listens.acknowledged(listen); h != nil {
			_ = c.writeLocked(h.out) // a failed write fails mcp-go's next one
		}
	}
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

// writeLocked writes a message; c.mu is held.
func (c *codeFixingWriter) writeLocked(out []byte) error {
	if c.questions == nil {
		_, err := c.w.Write(out)
		return err
	}
	// An answer frees its id before the client can read it (ids.go); written or failed, its
	// request waits no more.
	key, answer := c.questions.writing(out)
	_, err := c.w.Write(out)
	if answer {
		c.questions.wrote(key)
	}
	return err
}

// expireListen writes a listen result whose acknowledgement did not come in time.
func (c *codeFixingWriter) expireListen(id string, h *heldListen) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listens.drop(id, h) {
		_ = c.writeLocked(h.out)
	}
}

// releaseListens writes the listen results still held, once serving has ended.
func (c *codeFixingWriter) releaseListens() {
	if c.listens == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range c.listens.takeAll() {
		_ = c.writeLocked(h.out)
	}
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
