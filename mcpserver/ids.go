package mcpserver

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Request ids go back byte for byte as the client sent them.
//
// mcp-go v1.2.1 decodes a request's id through float64 and writes it back from that: an integer
// beyond 2^53 comes back rounded (9007199254740993 as 9007199254740992, 12345678901234567890123 as
// 1.2345678901234568e+22), 1e3 as 1000, 1.0 as 1, and a string is re-escaped ("\u0041" as
// "A", "<" as "\u003c"). So before mcp-go reads a message, an id it would not write back
// unchanged (and the requestId of a notifications/cancelled naming such a request) is replaced
// with a stand-in: a string holding the code marker's nonce and the id's own bytes in hex. mcp-go
// round-trips that string exactly, and on the way out every stand-in, wherever mcp-go echoes
// it (the response's id, a subscription's id in _meta), becomes those bytes again. The stand-in
// carries the id itself, so nothing is shared between requests or kept after them: pipelined
// and concurrent requests, on one stream or many HTTP sessions, each get their own id back, and
// a cancellation finds exactly the request it names. Integers of up to 15 digits and plain
// ASCII strings (nearly every id) round-trip already and are left alone. MCP wants ids to be
// strings or integers; other ids (2.5, 1e3, -0) are served, not refused, and also come back as
// sent.
//
// mcp-go also answers a request whose "jsonrpc" or "method" member is not a string with a parse
// error whose id is null, although the id is known; such a request is answered here instead,
// with its id (-32600, Invalid Request).

// idMarker starts a stand-in's text; a stand-in appears in JSON as the quoted marker followed
// by the id in hex.
var (
	idMarker       = codeNonce + "-id-"
	quotedIDMarker = []byte(`"` + idMarker)
)

// jsonMember is the extent [start, end) of a member's value in a message; end 0 when absent.
type jsonMember struct{ start, end int }

func (m jsonMember) found() bool { return m.end > 0 }

// msgShape is what a message's top-level object holds that concerns its id.
type msgShape struct {
	id, method, params jsonMember // the last member of each name, as encoding/json reads them
	badMember          string     // "jsonrpc" or "method" when one is neither a string nor null
}

// inspectMessage scans msg, one JSON-RPC message, without decoding it. ok is false when msg is
// not an object (a batch, or not JSON at all: mcp-go answers those itself, with a null id).
// Member names match as encoding/json matches them: case-insensitively, escapes decoded.
func inspectMessage(msg []byte) (s msgShape, ok bool) {
	i := skipSpace(msg, 0)
	if i >= len(msg) || msg[i] != '{' {
		return s, false
	}
	i = skipSpace(msg, i+1)
	if i < len(msg) && msg[i] == '}' {
		return s, true
	}
	for i < len(msg) {
		if msg[i] != '"' {
			return s, false
		}
		keyEnd := stringEnd(msg, i)
		if keyEnd < 0 {
			return s, false
		}
		key := msg[i+1 : keyEnd-1]
		i = skipSpace(msg, keyEnd)
		if i >= len(msg) || msg[i] != ':' {
			return s, false
		}
		start := skipSpace(msg, i+1)
		end := valueEnd(msg, start)
		if end < 0 {
			return s, false
		}
		v := jsonMember{start, end}
		switch memberName(key) {
		case "id":
			s.id = v
		case "method":
			s.method = v
			if c := msg[start]; c != '"' && c != 'n' {
				s.badMember = "method"
			}
		case "params":
			s.params = v
		case "jsonrpc":
			if c := msg[start]; c != '"' && c != 'n' && s.badMember == "" {
				s.badMember = "jsonrpc"
			}
		}
		i = skipSpace(msg, end)
		if i < len(msg) && msg[i] == ',' {
			i = skipSpace(msg, i+1)
			continue
		}
		return s, i < len(msg) && msg[i] == '}'
	}
	return s, false
}

// memberName returns which of the members inspectMessage looks for the raw member name key
// (without quotes) names for encoding/json, or "".
func memberName(key []byte) string {
	if bytes.IndexByte(key, '\\') < 0 {
		switch len(key) { // the names as sent, nearly always
		case 2:
			if string(key) == "id" {
				return "id"
			}
		case 6:
			if string(key) == "method" {
				return "method"
			}
			if string(key) == "params" {
				return "params"
			}
		case 7:
			if string(key) == "jsonrpc" {
				return "jsonrpc"
			}
		}
		if len(key) > 3*len("jsonrpc") {
			return ""
		}
	} else {
		var decoded string
		if json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &decoded) != nil {
			return ""
		}
		key = []byte(decoded)
	}
	for _, name := range [...]string{"id", "method", "params", "jsonrpc"} {
		if bytes.EqualFold(key, []byte(name)) {
			return name
		}
	}
	return ""
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the string starting at b[i] == '"', or -1.
func stringEnd(b []byte, i int) int {
	i++
	for short := min(len(b), i+24); i < short; i++ { // most strings are short: no call
		switch b[i] {
		case '"':
			return i + 1
		case '\\':
			i++
		}
	}
	if i > len(b) {
		return -1
	}
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1
		}
		i += j
		backslashes := 0
		for k := i - 1; k >= 0 && b[k] == '\\'; k-- {
			backslashes++
		}
		i++
		if backslashes%2 == 0 {
			return i
		}
	}
}

// valueEnd returns the index just past the value starting at b[i], or -1. It checks the
// structure only as far as it needs to find the end.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				if i = stringEnd(b, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	default:
		start := i
		for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
			i++
		}
		if i == start {
			return -1
		}
		return i
	}
}

// idRoundTrips reports whether mcp-go writes the id raw back exactly as it reads it: null,
// true, false, an integer of up to 15 digits (not -0), or a string of printable ASCII without
// escapes or the characters encoding/json escapes.
func idRoundTrips(raw []byte) bool {
	switch {
	case len(raw) == 0:
		return true
	case raw[0] == '"':
		for _, c := range raw[1 : len(raw)-1] {
			if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
		}
		return true
	case string(raw) == "null", string(raw) == "true", string(raw) == "false":
		return true
	}
	digits := raw
	if digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 15 || (digits[0] == '0' && len(raw) > 1) {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// prepareMessage readies msg, one JSON-RPC message, for mcp-go. It returns msg itself when
// mcp-go serves it as it is (nearly always; nothing is allocated then); msg with stand-ins for
// its ids (appended to buf[:0]) when mcp-go would alter one; or, in answer, the response to a
// request mcp-go would answer without its id, which must then not reach mcp-go.
func prepareMessage(buf, msg []byte) (out, answer []byte) {
	s, ok := inspectMessage(msg)
	if !ok || !s.id.found() && !s.method.found() {
		return msg, nil
	}
	id := msg[s.id.start:s.id.end]
	if s.badMember != "" {
		if !s.id.found() || string(id) == "null" || !json.Valid(msg) {
			return msg, nil
		}
		return msg, invalidRequest(id, s.badMember)
	}
	// The members to replace, in order (a request's id, or a cancellation's requestId).
	var replace [2]jsonMember
	n := 0
	if s.id.found() && !idRoundTrips(id) {
		replace[n] = s.id
		n++
	}
	if s.method.found() && string(msg[s.method.start:s.method.end]) == `"notifications/cancelled"` && s.params.found() {
		if r := requestIDOf(msg, s.params); r.found() && !idRoundTrips(msg[r.start:r.end]) {
			replace[n] = r
			n++
		}
	}
	if n == 0 || !json.Valid(msg) {
		return msg, nil
	}
	if n == 2 && replace[1].start < replace[0].start {
		replace[0], replace[1] = replace[1], replace[0]
	}
	out = buf[:0]
	last := 0
	for _, m := range replace[:n] {
		out = append(out, msg[last:m.start]...)
		out = append(out, quotedIDMarker...)
		out = hex.AppendEncode(out, msg[m.start:m.end])
		out = append(out, '"')
		last = m.end
	}
	return append(out, msg[last:]...), nil
}

// requestIDOf finds the requestId member of a notifications/cancelled's params (mcp-go reads it
// from a map: the exact name, the last one).
func requestIDOf(msg []byte, params jsonMember) jsonMember {
	p := msg[:params.end]
	i := skipSpace(p, params.start)
	if i >= len(p) || p[i] != '{' {
		return jsonMember{}
	}
	var found jsonMember
	i = skipSpace(p, i+1)
	for i < len(p) && p[i] == '"' {
		keyEnd := stringEnd(p, i)
		if keyEnd < 0 {
			return jsonMember{}
		}
		key := p[i+1 : keyEnd-1]
		i = skipSpace(p, keyEnd)
		if i >= len(p) || p[i] != ':' {
			return jsonMember{}
		}
		start := skipSpace(p, i+1)
		end := valueEnd(p, start)
		if end < 0 {
			return jsonMember{}
		}
		if string(key) == "requestId" {
			found = jsonMember{start, end}
		}
		i = skipSpace(p, end)
		if i < len(p) && p[i] == ',' {
			i = skipSpace(p, i+1)
		}
	}
	return found
}

// invalidRequest is the -32600 response to a request with the id raw whose member is not a string.
func invalidRequest(raw []byte, member string) []byte {
	details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.INVALID_REQUEST, present.InvalidRequestMember(member), nil))
	out := append([]byte(`{"jsonrpc":"2.0","id":`), raw...)
	out = append(append(append(out, `,"error":`...), details...), '}')
	return out
}

// restoreIDs returns msg with every stand-in turned back into the id it stands for (msg itself
// when it holds none).
func restoreIDs(msg []byte) []byte {
	if !bytes.Contains(msg, quotedIDMarker) {
		return msg
	}
	out := make([]byte, 0, len(msg))
	last := 0
	for {
		j := bytes.Index(msg[last:], quotedIDMarker)
		if j < 0 {
			break
		}
		start := last + j
		hexStart := start + len(quotedIDMarker)
		hexEnd := hexStart
		for hexEnd < len(msg) && isHex(msg[hexEnd]) {
			hexEnd++
		}
		if raw, ok := standIn(msg, start, hexEnd); ok {
			out = append(out, msg[last:start]...)
			out = append(out, raw...)
			last = hexEnd + 1
			continue
		}
		out = append(out, msg[last:hexStart]...)
		last = hexStart
	}
	return append(out, msg[last:]...)
}

// standIn decodes the stand-in msg[start:hexEnd+1] when it is a whole JSON string value (not
// text inside a string, not a member name).
func standIn(msg []byte, start, hexEnd int) ([]byte, bool) {
	if hexEnd >= len(msg) || msg[hexEnd] != '"' {
		return nil, false
	}
	backslashes := 0
	for k := start - 1; k >= 0 && msg[k] == '\\'; k-- {
		backslashes++
	}
	if next := skipSpace(msg, hexEnd+1); backslashes%2 == 1 || next < len(msg) && msg[next] == ':' {
		return nil, false
	}
	raw, err := hex.DecodeString(string(msg[start+len(quotedIDMarker) : hexEnd]))
	if err != nil || !json.Valid(raw) {
		return nil, false
	}
	return raw, true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

// idReader hands mcp-go's stdio loop the lines of src one at a time, each prepared by
// prepareMessage; a request it answers itself is written to out and not handed on. No line
// is read before mcp-go asks for it.
type idReader struct {
	src     *bufio.Reader
	out     io.Writer
	pending []byte // what is left of the current line
	long    []byte // a line longer than src's buffer, gathered
	buf     []byte // a line with stand-ins
	err     error
}

func newIDReader(in io.Reader, out io.Writer) *idReader {
	return &idReader{src: bufio.NewReaderSize(in, 64<<10), out: out}
}

func (r *idReader) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		line, err := r.readLine()
		r.err = err
		if len(line) == 0 {
			continue
		}
		out, answer := prepareMessage(r.buf, line)
		if answer != nil {
			if _, err := r.out.Write(append(answer, '\n')); err != nil {
				r.err = err
			}
			continue
		}
		if len(out) > 0 && &out[0] != &line[0] {
			r.buf = out
		}
		r.pending = out
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// readLine returns the next line with its newline; it stays valid until the next call.
func (r *idReader) readLine() ([]byte, error) {
	line, err := r.src.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return line, err
	}
	r.long = append(r.long[:0], line...)
	for err == bufio.ErrBufferFull {
		line, err = r.src.ReadSlice('\n')
		r.long = append(r.long, line...)
	}
	return r.long, err
}

// idRestoringResponse turns stand-ins back into ids in an HTTP answer (a JSON body or SSE
// events, each written whole).
type idRestoringResponse struct{ http.ResponseWriter }

func (c idRestoringResponse) Write(p []byte) (int, error) {
	if _, err := c.ResponseWriter.Write(restoreIDs(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c idRestoringResponse) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c idRestoringResponse) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// answerInvalid writes a response prepareMessage made for an HTTP request.
func answerInvalid(w http.ResponseWriter, answer []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(answer)+1))
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(append(answer, '\n'))
}
