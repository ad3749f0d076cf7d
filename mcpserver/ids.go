package mcpserver

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/jsonscan"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Every response carries its request's id: the same JSON value (JSON-RPC: "the same value as"
// the request's), spelled as mcp-go spells it or, where mcp-go would change it, canonically.
//
// mcp-go v1.2.1 decodes a request's id through float64 and writes it back from that: an integer
// beyond 2^53 comes back as another number (9007199254740993 as 9007199254740992), and two such
// ids are one request to it (a cancellation may end the wrong one). A string comes back as the
// same string, re-escaped ("\u0041" as "A", "<" as "\u003c"), except one holding bytes that are
// not UTF-8 or a lone surrogate escape, which it alters. So before mcp-go reads a message, an id,
// a progress token (params._meta.progressToken) or a cancellation's requestId whose value mcp-go
// would change is replaced with a stand-in: a string holding the code marker's nonce and, in
// hex, the value's canonical spelling (canonicalID: every spelling of one number, 1e1 and 10,
// or of one string, "\u00e9" and "é", gives the same). mcp-go keeps that string, and on the way
// out every stand-in, wherever mcp-go echoes it (the response's id, a progress notification's
// token, a subscription's id in _meta), becomes that spelling. The stand-in carries the value
// itself, so nothing is shared between requests or kept after them, and a cancellation naming a
// request by any spelling of its id finds exactly that request. (Over HTTP from 2026-07-28 on,
// which has no sessions, every request's id gets a stand-in of its own, recorded under its caller
// while it runs: moderncalls.go.) Ids mcp-go keeps (text strings,
// integers float64 holds, 1e3, 2.5) are left alone: mcp-go matches them by value already.
// Member names and the method are compared decoded ("notifications\/cancelled" is
// notifications/cancelled). A client's response (no method) goes on with an id whose value is an
// integer (1.0, 1e0) spelled as one, as mcp-go matches it; a string id answers no question (prepareResponse).
//
// MCP wants request ids to be strings or integers: a request whose id is null, true, false, an
// object or an array is answered -32600 (Invalid Request), with that id. mcp-go also answers a
// request whose "jsonrpc" or "method" member is not a string with a parse error whose id is
// null, although the id is known; such a request is answered here instead, with its id (-32600).
// A response is never answered (JSON-RPC), whatever is wrong with it: see prepareResponse.

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
	result             jsonMember // a response's result (paramtext.go)
	error              jsonMember // a response's error
	jsonrpc            jsonMember // the "jsonrpc" member
	badMember          string     // "jsonrpc" or "method" when one is neither a string nor null
}

// inspectMessage scans msg, one JSON-RPC message, without decoding it. ok is false when msg is
// not an object (a batch, or not JSON at all: mcp-go answers those itself, with a null id).
// Member names match as encoding/json matches them: case-insensitively, escapes decoded.
func inspectMessage(msg []byte) (s msgShape, ok bool) {
	i := jsonscan.SkipSpace(msg, 0)
	if i >= len(msg) || msg[i] != '{' {
		return s, false
	}
	i = jsonscan.SkipSpace(msg, i+1)
	if i < len(msg) && msg[i] == '}' {
		return s, true
	}
	for i < len(msg) {
		if msg[i] != '"' {
			return s, false
		}
		keyEnd := jsonscan.StringEnd(msg, i)
		if keyEnd < 0 {
			return s, false
		}
		key := msg[i+1 : keyEnd-1]
		i = jsonscan.SkipSpace(msg, keyEnd)
		if i >= len(msg) || msg[i] != ':' {
			return s, false
		}
		start := jsonscan.SkipSpace(msg, i+1)
		end := jsonscan.ValueEnd(msg, start)
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
		case "result":
			s.result = v
		case "error":
			s.error = v
		case "jsonrpc":
			s.jsonrpc = v
			if c := msg[start]; c != '"' && c != 'n' && s.badMember == "" {
				s.badMember = "jsonrpc"
			}
		}
		i = jsonscan.SkipSpace(msg, end)
		if i < len(msg) && msg[i] == ',' {
			i = jsonscan.SkipSpace(msg, i+1)
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
		case 5:
			if string(key) == "error" {
				return "error"
			}
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
			if string(key) == "result" {
				return "result"
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
	for _, name := range [...]string{"id", "method", "params", "jsonrpc", "result", "error"} {
		if bytes.EqualFold(key, []byte(name)) {
			return name
		}
	}
	return ""
}

// keepsValue reports whether mcp-go writes the id (or token) raw back as the same JSON value:
// a string that is text (mcp-go may re-escape it: "\u0041" comes back as "A", the same string),
// a number float64 holds as written (1e3 comes back as 1000, the same number), and null, true,
// false, objects and arrays (a request's id of those kinds is refused before: validID).
func keepsValue(raw []byte) bool {
	switch {
	case len(raw) == 0:
		return true
	case raw[0] == '"':
		return !mayHoldNonText(raw) && !spellsANumber(raw)
	case raw[0] == '-' || '0' <= raw[0] && raw[0] <= '9':
		return plainInteger(raw) || numberKeepsValue(raw)
	}
	return true
}

// spellsANumber reports whether the string raw (quoted) may hold what fmt's %v writes for a
// number: mcp-go keys a request in progress by its id so written (inflightKey), so the string
// "1" and the number 1 are one request to it, and a cancellation naming one ended the other.
// Such a string gets a stand-in, which no number's %v spells. Only a string that starts as a
// number's %v does (a digit, NaN or Inf, after a sign) or holds an escape is parsed: most
// string ids cost nothing.
func spellsANumber(raw []byte) bool {
	text := raw[1 : len(raw)-1]
	c, next := firstChar(text, 0)
	if c == '-' || c == '+' {
		c, _ = firstChar(text, next)
	}
	if !('0' <= c && c <= '9' || c == 'N' || c == 'I') {
		return false
	}
	s := string(text)
	if bytes.IndexByte(text, '\\') >= 0 && json.Unmarshal(raw, &s) != nil {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil || errors.Is(err, strconv.ErrRange)
}

// firstChar decodes the character of the JSON string's text starting at text[i] (an escape
// decoded; a character beyond ASCII as one of its bytes: only ASCII is looked at) and where the
// next one starts; 0 past the end.
func firstChar(text []byte, i int) (c rune, next int) {
	switch {
	case i >= len(text):
		return 0, i
	case text[i] != '\\' || i+1 >= len(text):
		return rune(text[i]), i + 1
	case text[i+1] == 'u':
		r, _ := hex4(text[i+2:])
		return r, i + 6
	}
	return rune(text[i+1]), i + 2
}

// plainInteger reports whether raw is an integer of up to 15 digits without a leading zero (not
// -0): nearly every numeric id, which float64 holds exactly.
func plainInteger(raw []byte) bool {
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

// numberKeepsValue reports whether the number raw, read into a float64 as mcp-go reads it and
// written back, is the same number: 0.5, 1e3, 1.0 and -0 are; 9007199254740993, 1e400 and
// 0.1000000000000000000001 are not.
func numberKeepsValue(raw []byte) bool {
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return false
	}
	var buf [32]byte
	a, okA := parseDecimal(raw)
	b, okB := parseDecimal(strconv.AppendFloat(buf[:0], f, 'g', -1, 64))
	return okA && okB && a == b
}

// decimal is a number as digits × 10^exp, without leading or trailing zeros in digits (zero:
// no digits, not negative). Up to 17 significant digits: a float64 written shortest never has more.
type decimal struct {
	neg    bool
	n      int
	digits [17]byte
	exp    int
}

// parseDecimal reads a JSON number; ok is false when it has more than 17 significant digits or an
// exponent of more than 9 digits (float64 cannot hold either as written).
func parseDecimal(b []byte) (d decimal, ok bool) {
	i := 0
	if i < len(b) && b[i] == '-' {
		d.neg = true
		i++
	}
	zeros := 0 // zeros seen after the last significant digit, not yet appended
	fraction := false
	for ; i < len(b) && (b[i] == '.' || '0' <= b[i] && b[i] <= '9'); i++ {
		c := b[i]
		switch {
		case c == '.':
			fraction = true
			continue
		case c == '0' && d.n == 0:
		case c == '0':
			zeros++
		default:
			if d.n+zeros+1 > len(d.digits) {
				return d, false
			}
			for ; zeros > 0; zeros-- {
				d.digits[d.n] = '0'
				d.n++
			}
			d.digits[d.n] = c
			d.n++
		}
		if fraction {
			d.exp-- // a fraction digit
		}
	}
	d.exp += zeros
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		neg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			neg = b[i] == '-'
			i++
		}
		e := 0
		for digits := 0; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			if digits++; digits > 9 {
				return d, false
			}
			e = e*10 + int(b[i]-'0')
		}
		if neg {
			e = -e
		}
		d.exp += e
	}
	if d.n == 0 {
		return decimal{}, true
	}
	return d, true
}

// canonicalNumber spells the number raw (a valid JSON number) one way for its value: every
// spelling of one number (10, 1e1, 10.0, 100e-1) gives the same text, and the text is that
// number, in full (no rounding). Integers up to 64 digits are written out, small fractions as
// 0.000…, others with an exponent. It takes time linear in raw's length, however long the
// exponent: one of more than 18 digits is only ever moved by the digits' count, on its digits.
func canonicalNumber(raw []byte) []byte {
	neg := len(raw) > 0 && raw[0] == '-'
	mantissa, expText := raw, []byte(nil)
	if i := bytes.IndexAny(raw, "eE"); i >= 0 {
		mantissa, expText = raw[:i], raw[i+1:]
	}
	var digits []byte
	frac := 0
	seenPoint := false
	for _, c := range mantissa {
		switch {
		case c == '.':
			seenPoint = true
		case '0' <= c && c <= '9':
			if c == '0' && len(digits) == 0 {
				if seenPoint {
					frac++
				}
				continue
			}
			digits = append(digits, c)
			if seenPoint {
				frac++
			}
		}
	}
	trimmed := bytes.TrimRight(digits, "0")
	shift := int64(len(digits)-len(trimmed)) - int64(frac) // added to the written exponent
	digits = trimmed
	if len(digits) == 0 {
		return []byte("0")
	}
	expNeg := false
	if len(expText) > 0 && (expText[0] == '+' || expText[0] == '-') {
		expNeg = expText[0] == '-'
		expText = expText[1:]
	}
	expText = bytes.TrimLeft(expText, "0")
	var out []byte
	if neg {
		out = append(out, '-')
	}
	if len(expText) > 18 {
		// |exponent| >= 10^18, beyond anything shift (at most raw's length) can bring to 64.
		out = append(out, digits[0])
		if len(digits) > 1 {
			out = append(append(out, '.'), digits[1:]...)
		}
		out = append(out, 'e')
		if expNeg {
			out = append(out, '-')
		}
		delta := shift + int64(len(digits)-1)
		if expNeg {
			delta = -delta
		}
		return addToDecimal(out, expText, delta)
	}
	var e int64
	for _, c := range expText {
		e = e*10 + int64(c-'0')
	}
	if expNeg {
		e = -e
	}
	e += shift
	switch {
	case e >= 0 && int64(len(digits))+e <= 64:
		out = append(append(out, digits...), bytes.Repeat([]byte("0"), int(e))...)
	case e < 0 && int64(len(digits))+e > 0:
		point := len(digits) + int(e)
		out = append(append(append(out, digits[:point]...), '.'), digits[point:]...)
	case e < 0 && int64(len(digits))+e > -6:
		out = append(append(append(out, "0."...), bytes.Repeat([]byte("0"), -(len(digits)+int(e)))...), digits...)
	default:
		out = append(out, digits[0])
		if len(digits) > 1 {
			out = append(append(out, '.'), digits[1:]...)
		}
		out = strconv.AppendInt(append(out, 'e'), e+int64(len(digits)-1), 10)
	}
	return out
}

// addToDecimal appends to out the decimal digits mag (no leading zero, at least 19 of them) plus
// delta, whose magnitude is smaller than mag's, in one pass from the last digit.
func addToDecimal(out, mag []byte, delta int64) []byte {
	sum := slices.Clone(mag)
	if delta >= 0 {
		carry := uint64(delta)
		for i := len(sum) - 1; i >= 0 && carry > 0; i-- {
			v := uint64(sum[i]-'0') + carry
			sum[i], carry = byte(v%10)+'0', v/10
		}
		var head []byte
		for ; carry > 0; carry /= 10 {
			head = append([]byte{byte(carry%10) + '0'}, head...)
		}
		return append(append(out, head...), sum...)
	}
	borrow := uint64(-delta)
	for i := len(sum) - 1; i >= 0 && borrow > 0; i-- {
		v := int(sum[i]-'0') - int(borrow%10)
		borrow /= 10
		if v < 0 {
			v += 10
			borrow++
		}
		sum[i] = byte(v) + '0'
	}
	return append(out, bytes.TrimLeft(sum, "0")...)
}

// canonicalString spells the string raw (a JSON string) one way for its value: escapes of
// characters decoded (a surrogate pair included), a lone surrogate escape kept as \u and four
// lower-case hex digits, ", \ and control characters escaped, bytes that are not UTF-8 kept.
func canonicalString(raw []byte) []byte {
	out := []byte{'"'}
	s := raw[1 : len(raw)-1]
	for i := 0; i < len(s); {
		if s[i] != '\\' || i+1 >= len(s) {
			out = append(out, s[i])
			i++
			continue
		}
		var r rune
		switch s[i+1] {
		case 'u':
			v, ok := hex4(s[i+2:])
			if !ok {
				return append(out, s[i:]...) // not valid JSON: never reached
			}
			i += 6
			if 0xD800 <= v && v <= 0xDBFF && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
				if lo, ok := hex4(s[i+2:]); ok && 0xDC00 <= lo && lo <= 0xDFFF {
					v = utf16.DecodeRune(v, lo)
					i += 6
				}
			}
			r = v
		default:
			r = map[byte]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[s[i+1]]
			i += 2
		}
		switch {
		case 0xD800 <= r && r <= 0xDFFF:
			out = fmt.Appendf(out, `\u%04x`, r)
		case r == '"' || r == '\\':
			out = append(out, '\\', byte(r))
		case r < 0x20:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = utf8.AppendRune(out, r)
		}
	}
	return append(out, '"')
}

// canonicalID is the one spelling of the id (or token) raw's value that its stand-in carries.
func canonicalID(raw []byte) []byte {
	if raw[0] == '"' {
		return canonicalString(raw)
	}
	return canonicalNumber(raw)
}

// validID reports whether raw may be a request's id: MCP wants a string or an integer (numbers
// that are not integers are served too, as before), never null, true, false, an object or an array.
func validID(raw []byte) bool {
	return len(raw) > 0 && (raw[0] == '"' || raw[0] == '-' || '0' <= raw[0] && raw[0] <= '9')
}

// methodIs reports whether the method member m is the string name, escapes decoded as mcp-go
// decodes them ("notifications\/cancelled" is notifications/cancelled).
func methodIs(msg []byte, m jsonMember, name string) bool {
	v := msg[m.start:m.end]
	if len(v) == len(name)+2 && v[0] == '"' && string(v[1:len(v)-1]) == name {
		return true
	}
	if len(v) < len(name)+2 || v[0] != '"' || bytes.IndexByte(v, '\\') < 0 {
		return false
	}
	var s string
	return json.Unmarshal(v, &s) == nil && s == name
}

// prepareMessage readies msg, one JSON-RPC message, for mcp-go. It returns msg itself when
// mcp-go serves it as it is (nearly always; nothing is allocated then); msg with stand-ins
// (appended to buf[:0]) when mcp-go would change the value of its id, of a cancellation's
// requestId or of its progress token; a client's response with text that is not text turned
// into an error response (paramtext.go); or, in answer, the response to a request mcp-go would
// answer without its id, with an id MCP does not allow, whose params hold text that is not
// text, or that names the method "", which must then not reach mcp-go; or to valid JSON that is
// no request or notification (-32600 with a null id).
func prepareMessage(buf, msg []byte) (out, answer []byte) {
	return prepareMessageFor(buf, msg, nil)
}

// prepareMessageFor is prepareMessage where the requests the server has sent are known (stdio:
// pending; nil where mcp-go never answers a response with a JSON-RPC message, as over HTTP before
// 2026-07-28). A client's response that answers none of them is dropped (out empty): mcp-go would
// take it for a request and answer it.
func prepareMessageFor(buf, msg []byte, pending *serverRequests) (out, answer []byte) {
	s, ok := inspectMessage(msg)
	if !ok {
		// Valid JSON that is no object (5, "x", true, null) is no request: mcp-go called it a
		// parse error. A batch is refused as one (batch.go); broken JSON stays a parse error.
		if i := jsonscan.SkipSpace(msg, 0); i < len(msg) && msg[i] != '{' && msg[i] != '[' && json.Valid(msg) {
			return msg, invalidRequest([]byte("null"), present.InvalidRequestNotObject)
		}
		return msg, nil
	}
	if !s.id.found() && !s.method.found() {
		return msg, nil
	}
	if !s.method.found() || msg[s.method.start] == 'n' {
		return prepareResponse(buf, msg, s, pending)
	}
	id := msg[s.id.start:s.id.end]
	// JSON with bytes that are not UTF-8 is no JSON (RFC 8259), and stdout carries UTF-8 only: an
	// id, method or progress token (below) holding such bytes, which mcp-go would echo raw or
	// alter, is a parse error (null id: the id cannot be echoed). Elsewhere in params such text is
	// refused naming where (checkText).
	if !utf8.Valid(id) || s.method.found() && !utf8.Valid(msg[s.method.start:s.method.end]) {
		return msg, parseError()
	}
	if s.badMember == "" && s.id.found() && string(id) != "null" && mayHoldNonText(msg[s.method.start:s.method.end]) && json.Valid(msg) {
		return msg, invalidRequest(id, present.InvalidRequestMethodNotText)
	}
	// A message without a usable id whose "jsonrpc" is not "2.0", whose method is no string, or
	// (no id) whose params is neither an object nor null is no request or notification: JSON-RPC
	// answers it -32600 with a null id (mcp-go called most of them parse errors, and over HTTP
	// answered with 200 where a notification it cannot take wants 400).
	if s.badMember != "" {
		if !json.Valid(msg) {
			return msg, nil
		}
		if !s.id.found() || string(id) == "null" {
			return msg, invalidRequest([]byte("null"), present.InvalidRequestMember(s.badMember))
		}
		return msg, invalidRequest(id, present.InvalidRequestMember(s.badMember))
	}
	if !s.id.found() && json.Valid(msg) {
		if !s.jsonrpc.found() || !methodIs(msg, s.jsonrpc, "2.0") {
			return msg, invalidRequest([]byte("null"), present.InvalidRequestMember("jsonrpc"))
		}
		if s.params.found() && msg[s.params.start] != '{' && msg[s.params.start] != 'n' {
			return msg, invalidRequest([]byte("null"), present.InvalidRequestParams)
		}
	}
	if s.id.found() && !validID(id) {
		if !json.Valid(msg) {
			return msg, nil
		}
		return msg, invalidRequest(id, present.InvalidRequestID)
	}
	// A request has no result or error, a response no method (JSON-RPC): mcp-go takes a message
	// with both for the answer to its question of that id, unchecked, and its error form for a
	// request too. It is refused, and settles nothing. (One without an id is no response to
	// mcp-go, and a notification cannot be answered: it goes on.) A null result or error is an
	// absent one (some serializers write every member): the request goes on without it, so that
	// mcp-go's stdio loop cannot read it as an answer either. One of its own members given twice
	// is refused first (s holds only the last of each name: "result":{...},"result":null would
	// pass as null, and a duplicate null pair would vanish with the trimming before checkText).
	if s.id.found() && (s.result.found() || s.error.found()) {
		if !json.Valid(msg) {
			return msg, nil
		}
		if f, found := walk(msg, walkRules{message: true, twice: true, ownOnly: true}); found {
			return msg, invalidRequest(id, present.InvalidRequestMemberTwice(f.where))
		}
		if s.result.notNull(msg) || s.error.notNull(msg) {
			return msg, invalidRequest(id, present.InvalidRequestBothKinds)
		}
		if trimmed, ok := withoutNullAnswer(msg); ok {
			if s, ok = inspectMessage(trimmed); !ok {
				return msg, nil
			}
			msg, id = trimmed, trimmed[s.id.start:s.id.end]
		}
	}
	// Text that is not text is refused before mcp-go alters it (paramtext.go), and a member given
	// twice (-32600), whatever the method's value.
	if answer, _ := checkText(msg, s); answer != nil && json.Valid(msg) {
		return msg, answer
	}
	// A request whose method is "" names none: mcp-go answered it over stdio, but over HTTP took it
	// for an empty response (202, never answered). It is answered here, the same on both (over
	// HTTP once its session is known, endpoint.go). One whose "jsonrpc" is not "2.0" gets what
	// mcp-go answers any other method with it, -32600 with the id.
	if s.id.found() && string(msg[s.method.start:s.method.end]) == `""` && json.Valid(msg) {
		if !s.jsonrpc.found() || !methodIs(msg, s.jsonrpc, "2.0") {
			return msg, invalidRequest(id, present.InvalidJSONRPCVersion)
		}
		return msg, methodNotFound(id, present.MethodEmpty)
	}
	// A method holding a credential is answered here, masked: mcp-go's answer quotes it whole.
	if s.id.found() && methodHoldsCredential(msg[s.method.start:s.method.end]) && json.Valid(msg) {
		var method string
		_ = json.Unmarshal(msg[s.method.start:s.method.end], &method)
		return msg, methodNotFound(id, present.MethodHoldsCredential(method))
	}
	// The members to replace, in order: a request's id and progress token, a cancellation's requestId.
	var replace [3]jsonMember
	n := 0
	if s.id.found() && !keepsValue(id) {
		replace[n] = s.id
		n++
	}
	if s.params.found() {
		if s.id.found() {
			if !mayNameMeta(msg[s.params.start:s.params.end]) {
				// no _meta: nothing to look for
			} else if meta := memberIn(msg, s.params, "_meta", true); meta.found() {
				t := memberIn(msg, meta, "progressToken", false)
				// MCP: a progress token is a string or a number; one of another kind is refused
				// (mcp-go echoed an object or true in every notification). null is no token.
				if t.found() && bytes.IndexByte([]byte("{[tf"), msg[t.start]) >= 0 && json.Valid(msg) {
					return msg, errorResponse(id, present.ProgressTokenKind)
				}
				if t.found() && !utf8.Valid(msg[t.start:t.end]) {
					return msg, parseError()
				}
				if t.found() && !keepsValue(msg[t.start:t.end]) {
					replace[n] = t
					n++
				}
			}
		} else if methodIs(msg, s.method, "notifications/cancelled") {
			if r := memberIn(msg, s.params, "requestId", false); r.found() && !keepsValue(msg[r.start:r.end]) {
				replace[n] = r
				n++
			}
		}
	}
	if n == 0 || !json.Valid(msg) {
		return msg, nil
	}
	for i := 1; i < n; i++ {
		for j := i; j > 0 && replace[j].start < replace[j-1].start; j-- {
			replace[j], replace[j-1] = replace[j-1], replace[j]
		}
	}
	out = buf[:0]
	last := 0
	for _, m := range replace[:n] {
		out = append(out, msg[last:m.start]...)
		out = append(out, quotedIDMarker...)
		out = hex.AppendEncode(out, canonicalID(msg[m.start:m.end]))
		out = append(out, '"')
		last = m.end
	}
	return append(out, msg[last:]...), nil
}

// withoutNullAnswer is the message msg (a valid JSON object) without its members named "result"
// or "error" (as encoding/json matches names) whose value is null; ok false when it has none.
func withoutNullAnswer(msg []byte) (out []byte, ok bool) {
	i := jsonscan.SkipSpace(msg, 0)
	if i >= len(msg) || msg[i] != '{' {
		return nil, false
	}
	out = append(make([]byte, 0, len(msg)), msg[:i+1]...)
	kept := 0
	for i = jsonscan.SkipSpace(msg, i+1); i < len(msg) && msg[i] == '"'; {
		keyEnd := jsonscan.StringEnd(msg, i)
		if keyEnd < 0 {
			return nil, false
		}
		colon := jsonscan.SkipSpace(msg, keyEnd)
		if colon >= len(msg) || msg[colon] != ':' {
			return nil, false
		}
		start := jsonscan.SkipSpace(msg, colon+1)
		end := jsonscan.ValueEnd(msg, start)
		if end < 0 {
			return nil, false
		}
		name := memberName(msg[i+1 : keyEnd-1])
		if (name == "result" || name == "error") && string(msg[start:end]) == "null" {
			ok = true
		} else {
			if kept > 0 {
				out = append(out, ',')
			}
			out = append(out, msg[i:end]...)
			kept++
		}
		i = jsonscan.SkipSpace(msg, end)
		if i < len(msg) && msg[i] == ',' {
			i = jsonscan.SkipSpace(msg, i+1)
		}
	}
	if !ok {
		return nil, false
	}
	return append(out, msg[i:]...), true
}

// mayNameMeta is the quick test before looking for params._meta: false when params holds neither
// "_meta" in any case nor an escape (which could spell it).
func mayNameMeta(params []byte) bool {
	if bytes.IndexByte(params, '\\') >= 0 {
		return true
	}
	for i := 0; ; {
		j := bytes.IndexByte(params[i:], '_')
		if j < 0 || i+j+5 > len(params) {
			return false
		}
		i += j + 1
		if bytes.EqualFold(params[i:i+4], []byte("meta")) {
			return true
		}
	}
}

// prepareResponse readies a message without a method (or with a null one): a client's response
// to the server's question (elicitation) or ping, or a message that is neither. JSON-RPC never
// answers a response, so nothing here answers it, and nothing handed on lets mcp-go answer it.
//
// mcp-go matches a response's id by its value as an integer, so an id whose value is an integer
// however spelled (1.0, 1e0) goes on spelled as one (a string, "1", is no integer id). A response whose result or error
// holds text that is not text, or a member name given twice, goes on as an error response naming
// where (nothing of it kept).
//
// On stdio (pending known), mcp-go answers -32601 with its id any response it cannot route to a
// question it still waits for (an error response to none, a result that is null or missing, an
// id it cannot read, a "jsonrpc" that is not "2.0"). So there a response answering none of the
// server's questions is dropped (out empty; the caller logs it at debug), and one answering a
// question goes on rewritten whole (answerForMCPGo): a result, or an error with a code and a
// message, always with a non-null result member too, which mcp-go's handler skips for the error
// but which makes mcp-go's request path ignore it should the question have ended meanwhile.
func prepareResponse(buf, msg []byte, s msgShape, pending *serverRequests) (out, answer []byte) {
	if !s.id.found() {
		return msg, nil
	}
	id := msg[s.id.start:s.id.end]
	if pending != nil {
		key, ok := responseKey(id)
		if !ok || !pending.answered(key) {
			return nil, nil
		}
		if !json.Valid(msg) {
			s.result, s.error = jsonMember{}, jsonMember{} // fails the question: nothing of it read
		}
		trailing := msg[len(bytes.TrimRight(msg, " \t\r\n")):]
		return append(answerForMCPGo(buf[:0], msg, s, key), trailing...), nil
	}
	if s.badMember != "" {
		return msg, nil
	}
	key, ok := responseKey(id)
	if !ok {
		key = id
	}
	if why, found := responseFlaw(msg, s); found && json.Valid(msg) {
		trailing := msg[len(bytes.TrimRight(msg, " \t\r\n")):]
		return append(errorResponse(key, why), trailing...), nil
	}
	if !ok || bytes.Equal(key, id) || !json.Valid(msg) {
		return msg, nil
	}
	out = append(append(append(buf[:0], msg[:s.id.start]...), key...), msg[s.id.end:]...)
	return out, nil
}

// unansweredOverHTTP readies a 2025-era client's response posted over HTTP that mcp-go would not
// read as over stdio (answerForMCPGo). mcp-go's HTTP transport acknowledges (202) and drops a
// response with neither a result nor an error, or with a null one, and one whose result is {} (a
// ping's answer), so the call that asked would wait for ever; and it reads an error that is there,
// null or {} included, as the client's error (code 0, no message) whatever the result says. As
// over stdio, one without a result or an error, or with an error lacking an integer "code" and a
// string "message", fails its question (present.AnswerMalformed; one whose result and error are
// each empty goes on for droppedOverHTTP); a null error is no error (the message goes on without
// it); and a result of {} goes on as that same empty result (spelled {"_meta":null}, which
// decodes the same), read as no answer given. nil: msg goes on as it is.
func unansweredOverHTTP(msg []byte) []byte {
	s, ok := inspectMessage(msg)
	if !ok || !s.id.found() || s.method.notNull(msg) || !json.Valid(msg) {
		return nil
	}
	id := msg[s.id.start:s.id.end]
	if s.error.notNull(msg) {
		errValue := msg[s.error.start:s.error.end]
		if emptyToMCPGo(errValue) && (!s.result.found() || emptyToMCPGo(msg[s.result.start:s.result.end])) {
			return nil // droppedOverHTTP
		}
		var e struct {
			Code    *int    `json:"code"`
			Message *string `json:"message"`
		}
		if json.Unmarshal(errValue, &e) != nil || e.Code == nil || e.Message == nil {
			return errorResponse(id, present.AnswerMalformed)
		}
		return nil
	}
	if !s.result.notNull(msg) {
		return errorResponse(id, present.AnswerMalformed)
	}
	if result := msg[s.result.start:s.result.end]; result[0] != '{' && emptyToMCPGo(result) {
		return nil // droppedOverHTTP
	}
	out := msg
	if result := msg[s.result.start:s.result.end]; result[0] == '{' && len(bytes.TrimSpace(result[1:len(result)-1])) == 0 {
		out = append(append(append([]byte{}, msg[:s.result.start]...), `{"_meta":null}`...), msg[s.result.end:]...)
	}
	if s.error.found() {
		if trimmed, ok := withoutNullAnswer(out); ok {
			out = trimmed
		}
	}
	if &out[0] == &msg[0] {
		return nil
	}
	return out
}

// isResponse reports whether msg is a client's response: an object with an id and no method (or
// a null one).
func isResponse(msg []byte) bool {
	s, ok := inspectMessage(msg)
	return ok && s.id.found() && (!s.method.found() || msg[s.method.start] == 'n')
}

// notNull reports whether the member m is there and not null.
func (m jsonMember) notNull(msg []byte) bool { return m.found() && msg[m.start] != 'n' }

// responseFlaw reports why a response is not used, when it is not: a member name given twice
// (one of its own, or in an object of its error or result: a decoder would keep one and drop
// the other, so {"name":"zzz","name":"docs-search"} would answer "docs-search"), or text that is
// not text in its error or result; each named by where it is.
func responseFlaw(msg []byte, s msgShape) (why string, found bool) {
	if f, found := walk(msg, walkRules{message: true, twice: true}); found && f.topLevel {
		return present.AnswerTwice(f.where), true
	}
	for _, m := range [...]struct {
		value jsonMember
		at    string
	}{{s.error, "error"}, {s.result, "result"}} {
		if m.at == "error" && !m.value.notNull(msg) || !m.value.found() {
			continue
		}
		rules := walkRules{at: m.at, twice: true, text: mayHoldNonText(msg[m.value.start:m.value.end])}
		if f, found := walk(msg[m.value.start:m.value.end], rules); found {
			if f.twice {
				return present.AnswerTwice(f.where), true
			}
			return present.AnswerNotText(f.where), true
		}
	}
	return "", false
}

// answerForMCPGo is the response msg, which answers the server's question key, as mcp-go's stdio
// loop takes it (appended to out): an error response when its error is not null (the client's
// code and message, when the message is text), when anything in it is not text, or when it holds
// neither a result nor an error; else its result.
func answerForMCPGo(out, msg []byte, s msgShape, key []byte) []byte {
	out = append(append(append(out, `{"jsonrpc":"2.0","id":`...), key...), ',')
	fail := func(code int, message string) []byte {
		details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(code, message, nil))
		return append(append(append(out, `"error":`...), details...), `,"result":{}}`...)
	}
	if why, found := responseFlaw(msg, s); found {
		return fail(mcp.INVALID_PARAMS, why)
	}
	if s.error.notNull(msg) {
		var e struct {
			Code    *int    `json:"code"`
			Message *string `json:"message"`
		}
		if json.Unmarshal(msg[s.error.start:s.error.end], &e) != nil || e.Code == nil || e.Message == nil {
			return fail(mcp.INVALID_PARAMS, present.AnswerMalformed)
		}
		return fail(*e.Code, *e.Message)
	}
	if !s.result.notNull(msg) {
		return fail(mcp.INVALID_PARAMS, present.AnswerMalformed)
	}
	return append(append(append(out, `"result":`...), msg[s.result.start:s.result.end]...), '}')
}

// memberIn finds the last member named name (escapes decoded; any case when fold, as encoding/json
// matches struct fields, else exactly, as mcp-go's maps do) of the object value obj.
func memberIn(msg []byte, obj jsonMember, name string, fold bool) jsonMember {
	p := msg[:obj.end]
	i := jsonscan.SkipSpace(p, obj.start)
	if i >= len(p) || p[i] != '{' {
		return jsonMember{}
	}
	var found jsonMember
	i = jsonscan.SkipSpace(p, i+1)
	for i < len(p) && p[i] == '"' {
		keyEnd := jsonscan.StringEnd(p, i)
		if keyEnd < 0 {
			return jsonMember{}
		}
		key := p[i+1 : keyEnd-1]
		i = jsonscan.SkipSpace(p, keyEnd)
		if i >= len(p) || p[i] != ':' {
			return jsonMember{}
		}
		start := jsonscan.SkipSpace(p, i+1)
		end := jsonscan.ValueEnd(p, start)
		if end < 0 {
			return jsonMember{}
		}
		if keyIs(p[keyEnd-len(key)-2:keyEnd], name, fold) {
			found = jsonMember{start, end}
		}
		i = jsonscan.SkipSpace(p, end)
		if i < len(p) && p[i] == ',' {
			i = jsonscan.SkipSpace(p, i+1)
		}
	}
	return found
}

// keyIs reports whether the quoted member name key is name.
func keyIs(key []byte, name string, fold bool) bool {
	inner := key[1 : len(key)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner) == name || fold && len(inner) == len(name) && bytes.EqualFold(inner, []byte(name))
	}
	var s string
	if json.Unmarshal(key, &s) != nil {
		return false
	}
	return s == name || fold && strings.EqualFold(s, name)
}

// parseError is the -32700 response, with a null id, to a message that is not JSON (bytes that
// are not UTF-8 where mcp-go would echo or alter them).
func parseError() []byte {
	details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.PARSE_ERROR, present.ParseErrorNotUTF8, nil))
	out := append([]byte(`{"jsonrpc":"2.0","id":null,"error":`), details...)
	return append(out, '}')
}

// invalidRequest is the -32600 response, with the id raw, to a request with a member that is not
// a string or an id MCP does not allow; message says which.
func invalidRequest(raw []byte, message string) []byte {
	details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.INVALID_REQUEST, message, nil))
	out := append([]byte(`{"jsonrpc":"2.0","id":`), raw...)
	out = append(append(append(out, `,"error":`...), details...), '}')
	return out
}

// methodNotFound is the -32601 response, with the id raw, to a request that names no method.
func methodNotFound(raw []byte, message string) []byte {
	details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.METHOD_NOT_FOUND, message, nil))
	out := append([]byte(`{"jsonrpc":"2.0","id":`), raw...)
	return append(append(append(out, `,"error":`...), details...), '}')
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
		end := hexEnd // a request stand-in's sequence number follows (moderncalls.go)
		if end+1 < len(msg) && msg[end] == '-' && '0' <= msg[end+1] && msg[end+1] <= '9' {
			for end++; end < len(msg) && '0' <= msg[end] && msg[end] <= '9'; end++ {
			}
		}
		if raw, ok := standIn(msg, start, hexEnd, end); ok {
			out = append(out, msg[last:start]...)
			out = append(out, raw...)
			last = end + 1
			continue
		}
		out = append(out, msg[last:hexStart]...)
		last = hexStart
	}
	return append(out, msg[last:]...)
}

// standIn decodes the stand-in msg[start:end+1], whose hex ends at hexEnd, when it is a whole
// JSON string value (not text inside a string, not a member name).
func standIn(msg []byte, start, hexEnd, end int) ([]byte, bool) {
	if end >= len(msg) || msg[end] != '"' {
		return nil, false
	}
	backslashes := 0
	for k := start - 1; k >= 0 && msg[k] == '\\'; k-- {
		backslashes++
	}
	if next := jsonscan.SkipSpace(msg, end+1); backslashes%2 == 1 || next < len(msg) && msg[next] == ':' {
		return nil, false
	}
	raw, err := hex.DecodeString(string(msg[start+len(quotedIDMarker) : hexEnd]))
	if err != nil || !json.Valid(raw) {
		return nil, false
	}
	return raw, true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

// serverRequests are the ids of the requests the server has sent the stdio client (questions)
// and not yet seen answered: codeFixingWriter records them, idReader forgets each when its
// answer comes. mcp-go numbers them with integers, and matches answers by integer value.
//
// It also counts the client's requests handed on to mcp-go and not yet answered (calls, by the
// canonical spelling of their id: canonicalID), so that at the end of input the reader withholds
// the end from mcp-go until each is answered (idReader.Read): mcp-go cancels every request in
// progress and drops every queued tool call when its input ends.
type serverRequests struct {
	mu       sync.Mutex
	ids      map[string]struct{}
	overflow bool // a question went unrecorded: an answer to none is not known to be one
	calls    map[string]int
	// live counts the same requests until their answer is written, a cancelled one included:
	// mcp-go keys a request's cancellation by its id until it has answered, so a request whose
	// id is live is refused (idReader.duplicate). An answer frees its id just before its bytes
	// are written (writing): a client that read it may reuse the id at once.
	live    map[string]int
	changed chan struct{} // a call was answered or a question sent (capacity 1; nil: not watched)
}

// notify wakes a reader waiting at the end of input. Called with mu held.
func (q *serverRequests) notify() {
	if q.changed == nil {
		return
	}
	select {
	case q.changed <- struct{}{}:
	default:
	}
}

// handedOn records a client's request (its id's canonical spelling) that mcp-go will answer.
func (q *serverRequests) handedOn(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.calls == nil {
		q.calls, q.live = map[string]int{}, map[string]int{}
	}
	q.calls[key]++
	q.live[key]++
}

// inProgress reports whether a request with the id key was handed on and is not yet answered
// (cancelled or not).
func (q *serverRequests) inProgress(key string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.live[key] > 0
}

// answering records answer, a response the transport makes itself, as a request to be answered,
// so that its own write (wrote) balances it.
func (q *serverRequests) answering(answer []byte) {
	s, ok := inspectMessage(answer)
	if !ok || s.method.notNull(answer) || !s.id.found() || !validID(answer[s.id.start:s.id.end]) {
		return
	}
	q.handedOn(string(canonicalID(answer[s.id.start:s.id.end])))
}

// forgetCall drops a request the client cancelled: it waits for no answer (mcp-go may write one).
func (q *serverRequests) forgetCall(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.calls, key)
	q.notify()
}

// writing frees the id of msg's request when msg, a message about to be written to the client,
// is a response to one still open: once its bytes are out the client may send the id again, and
// the reader must not find it still live (idReader.duplicate). It returns the id's key for wrote.
func (q *serverRequests) writing(msg []byte) (string, bool) {
	q.mu.Lock()
	open := len(q.live) > 0
	q.mu.Unlock()
	if !open {
		return "", false
	}
	s, ok := inspectMessage(bytes.TrimRight(msg, " \t\r\n"))
	if !ok || s.method.notNull(msg) || !s.id.found() || !validID(msg[s.id.start:s.id.end]) {
		return "", false
	}
	key := string(canonicalID(msg[s.id.start:s.id.end]))
	q.mu.Lock()
	defer q.mu.Unlock()
	return key, takeOne(q.live, key)
}

// wrote counts the answer to the request key (writing's) as written: the end of input is
// withheld from mcp-go only until it is (idReader.Read), so that the answer is out first.
func (q *serverRequests) wrote(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	takeOne(q.calls, key)
	q.notify()
}

// takeOne takes one from the count of key, deleting it at zero; false when there was none.
func takeOne(counts map[string]int, key string) bool {
	switch n := counts[key]; {
	case n > 1:
		counts[key] = n - 1
	case n == 1:
		delete(counts, key)
	default:
		return false
	}
	return true
}

// atEnd reports the calls still open and takes the questions still unanswered (each is then
// failed by the caller, once).
func (q *serverRequests) atEnd() (open int, questions []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for id := range q.ids {
		questions = append(questions, id)
	}
	clear(q.ids)
	return len(q.calls), questions
}

// maxQuestions bounds the questions recorded: ones unanswered for ever are not kept past it.
const maxQuestions = 1 << 16

// sent records msg's id when msg, a message the server writes, is a request.
func (q *serverRequests) sent(msg []byte) {
	key, ok := questionKey(msg)
	if !ok {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.ids == nil {
		q.ids = map[string]struct{}{}
	}
	if len(q.ids) < maxQuestions {
		q.ids[string(key)] = struct{}{}
	} else {
		q.overflow = true
	}
	q.notify()
}

// unsent forgets the server's request msg, noted as sent, that was not written after all.
func (q *serverRequests) unsent(msg []byte) {
	if key, ok := questionKey(msg); ok {
		q.answered(key)
	}
}

// questionKey is the canonical id of msg when it is a request of the server's (responseKey).
func questionKey(msg []byte) ([]byte, bool) {
	if !bytes.Contains(msg, []byte(`"method"`)) {
		return nil, false
	}
	s, ok := inspectMessage(bytes.TrimRight(msg, " \t\r\n"))
	if !ok || !s.method.found() || !s.id.found() || s.result.found() {
		return nil, false
	}
	return responseKey(msg[s.id.start:s.id.end])
}

// answered forgets the request key, reporting whether it was waiting for an answer (or may have
// been: one went unrecorded).
func (q *serverRequests) answered(key []byte) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, found := q.ids[string(key)]
	delete(q.ids, string(key))
	return found || q.overflow
}

// responseKey is the canonical spelling of an id whose value is an integer: a number however
// spelled (1, 1.0, 1e0); ok false for any other id. The server's questions have integer ids, and
// a response's id must be the same value as its request's (JSON-RPC): a string ("1", "\u0031")
// is never that number, although mcp-go's json.Number would read it as one. raw is valid JSON.
func responseKey(raw []byte) ([]byte, bool) {
	if len(raw) == 0 {
		return nil, false
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return nil, false
	}
	if plainInteger(raw) {
		return raw, true
	}
	if !json.Valid(raw) {
		return nil, false
	}
	key := canonicalNumber(raw)
	return key, bytes.IndexAny(key, ".e") < 0 && len(key) <= 19
}

// idReader hands mcp-go's stdio loop the lines of src one at a time, each prepared by
// prepareMessage; a request it answers itself is not handed on, and its answer is queued for
// out, written in order off the read loop (stdio.go: a client that writes everything before it
// reads is not blocked by its own full pipe). No line is read before mcp-go asks for it.
type idReader struct {
	src     *bufio.Reader
	out     *answerQueue
	sent    *serverRequests // the server's questions, when known; nil: none is dropped
	hold    bool            // withhold the end of input until each request is answered (holdEnd)
	done    <-chan struct{} // ends that wait (a signal: ServeStdio's ctx)
	closed  chan struct{}   // closed at the end of input (tools.WithInputClosed); nil: none
	logger  *slog.Logger
	pending []byte // what is left of the current line
	long    []byte // a line longer than src's buffer, gathered
	buf     []byte // a line with stand-ins
	err     error

	// initialized is set once the client's notifications/initialized is handed on (nil: not
	// watched): before it, the server asks the client nothing (clientInitialized).
	initialized *atomic.Bool
}

func newIDReader(in io.Reader, out io.Writer) *idReader {
	return &idReader{src: bufio.NewReaderSize(in, 64<<10), out: newAnswerQueue(out, StdioAnswerBytes)}
}

func (r *idReader) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if r.err != nil {
			if r.err == io.EOF && r.closed != nil {
				close(r.closed) // a call waiting for a person's page ends at once (tools.awaitPerson)
				r.closed = nil
			}
			if r.err == io.EOF && r.hold {
				if fail := r.holdEnd(); len(fail) > 0 {
					r.pending = fail
					break
				}
			}
			return 0, r.err
		}
		line, err := r.readLine()
		r.err = err
		if len(line) == 0 {
			continue
		}
		if line[len(line)-1] != '\n' {
			// The last line, without its newline: mcp-go reads up to a newline (the end of input
			// would drop it), so it goes on with one, to be served like any other line.
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			r.long = append(append(r.long[:0], line...), '\n')
			line = r.long
		}
		out, answer := prepareMessageFor(r.buf, line, r.sent)
		if batch := refuseBatch(line); batch != nil { // batch.go
			out, answer = line, batch
		}
		if answer == nil && len(out) > 0 && r.hold {
			answer = r.duplicate(line)
		}
		if len(out) == 0 && answer == nil {
			if r.logger != nil {
				r.logger.Debug("dropped a client's response that answers no question of the server's")
			}
			continue
		}
		if answer != nil {
			if r.hold {
				// Its write is counted as an answer (serverRequests.wrote): counted here too, it
				// cannot stand for a request of the same id still in progress.
				r.sent.answering(answer)
			}
			if err := r.out.push(append(answer, '\n')); err != nil {
				r.err = err
			}
			continue
		}
		if len(out) > 0 && &out[0] != &line[0] {
			r.buf = out
		}
		if r.hold {
			r.track(line)
		}
		if r.initialized != nil && !r.initialized.Load() && isInitialized(line) {
			r.initialized.Store(true) // before mcp-go reads it, and so before any call after it
		}
		r.pending = out
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// isInitialized reports whether line is the client's notifications/initialized.
func isInitialized(line []byte) bool {
	if !bytes.Contains(line, []byte("initialized")) {
		return false
	}
	s, ok := inspectMessage(bytes.TrimRight(line, " \t\r\n"))
	return ok && !s.id.found() && s.badMember == "" && methodIs(line, s.method, string(mcp.MethodNotificationInitialized))
}

// The end of input is withheld from mcp-go until every request handed on has been answered:
// mcp-go cancels the requests in progress and drops the queued tool calls when its input ends, so
// a client that writes its requests and closes stdin (printf … | spice-cloud-mcp) would lose
// them. Meanwhile a question the server asks (a confirmation) can get no answer: each is failed
// at once (present.AnswerInputClosed), so its call ends with a failed result that changed nothing.
// Only a signal (done) ends the wait early, cancelling what is still in progress.

// holdEnd waits at the end of input until no request handed on is open (nil: hand mcp-go the
// end) or a question is unanswered (the error responses that fail each, for mcp-go to read).
func (r *idReader) holdEnd() []byte {
	for {
		open, questions := r.sent.atEnd()
		if len(questions) > 0 {
			var fail []byte
			for _, key := range questions {
				fail = append(failQuestion(fail, key), '\n')
			}
			return fail
		}
		if open == 0 {
			return nil
		}
		select {
		case <-r.sent.changed:
		case <-r.done:
			return nil
		}
	}
}

// failQuestion appends the error response mcp-go reads as the client's failure to answer the
// server's question key because its input closed.
func failQuestion(out []byte, key string) []byte {
	details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.INTERNAL_ERROR, present.AnswerInputClosed, nil))
	out = append(append(append(out, `{"jsonrpc":"2.0","id":`...), key...), `,"error":`...)
	return append(append(out, details...), `,"result":{}}`...)
}

// track records line, handed on to mcp-go, as a request mcp-go will answer, or a cancellation
// as the end of the wait for the request it names.
func (r *idReader) track(line []byte) {
	s, ok := inspectMessage(line)
	if !ok || !s.method.notNull(line) || s.badMember != "" {
		return
	}
	if s.id.found() {
		id := line[s.id.start:s.id.end]
		if validID(id) && !s.result.notNull(line) && json.Valid(line) {
			r.sent.handedOn(string(canonicalID(id)))
		}
		return
	}
	if s.params.found() && methodIs(line, s.method, "notifications/cancelled") {
		if id := memberIn(line, s.params, "requestId", false); id.found() && validID(line[id.start:id.end]) && json.Valid(line) {
			r.sent.forgetCall(string(canonicalID(line[id.start:id.end])))
		}
	}
}

// duplicate is the -32600 answer to line when it is a request whose id is that of a request
// still in progress (not yet answered, cancelled or not), else nil. JSON-RPC and MCP want the ids
// of a session's requests in progress unique, and mcp-go keys a request's cancellation by its id:
// the newer one took the older's place, and once it ended the older could not be cancelled.
// The newer is refused, never run; the older stays cancellable and is answered.
func (r *idReader) duplicate(line []byte) []byte {
	s, ok := inspectMessage(line)
	if !ok || !s.method.notNull(line) || s.badMember != "" || !s.id.found() || s.result.notNull(line) {
		return nil
	}
	id := line[s.id.start:s.id.end]
	if !validID(id) || !r.sent.inProgress(string(canonicalID(id))) {
		return nil
	}
	if r.logger != nil {
		r.logger.Debug("refused a request whose id is that of a request still in progress")
	}
	return invalidRequest(id, present.RequestIDInProgress(string(id)))
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
	if _, err := c.ResponseWriter.Write(withholdNonce(restoreIDs(p))); err != nil { // errcodes.go
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

// answerCode is the error code of a response prepareMessage made.
func answerCode(answer []byte) int {
	var resp struct {
		Error struct{ Code int } `json:"error"`
	}
	_ = json.Unmarshal(answer, &resp)
	return resp.Error.Code
}

// answerInvalid writes a response prepareMessage made for an HTTP request: -32600 with 400;
// -32602 (paramtext.go) and -32601 with the status its code maps to in the request's era, as
// mcp-go's own errors have it (400 and 404 from 2026-07-28 on, else 200).
func answerInvalid(w http.ResponseWriter, answer []byte, modern bool) {
	status := http.StatusBadRequest
	switch code := answerCode(answer); {
	case (code == mcp.INVALID_PARAMS || code == mcp.METHOD_NOT_FOUND) && !modern:
		status = http.StatusOK
	case code == mcp.METHOD_NOT_FOUND:
		status = http.StatusNotFound
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(answer)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(answer, '\n'))
}
