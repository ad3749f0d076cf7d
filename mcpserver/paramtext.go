package mcpserver

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Text that is not text never reaches mcp-go.
//
// encoding/json decodes a string holding bytes that are not UTF-8, or a \uD800-\uDFFF escape
// without its pair, as U+FFFD without a word, so a prompt argument, a completion's context, a
// resource URI or a client's answer would be used altered (an org "acme\udc00" sent as
// "acme\uFFFD"). So before mcp-go reads a message (prepareMessage, on stdio and HTTP alike):
//   - a request whose params hold such a string, or such a member name, is answered -32602
//     (Invalid params; over HTTP in the 2026-07-28 era, 400) naming where it is, such as
//     params.arguments.org. A tools/call's argument values are the exception: the tool refuses
//     such an argument itself, by name, as a tool error (tools.decodeArgs); the arguments' member
//     names, the call's name and _meta are refused here. A progress token (params._meta.
//     progressToken) is an opaque identifier, not text a person wrote: like an id, it gets a
//     stand-in (ids.go) and comes back as sent.
//   - a client's response (the answer to an elicitation the server sent) whose result holds one
//     is handed to mcp-go as an error response with the same id, so the question fails, naming
//     where, and nothing of the answer is stored. On stdio, where mcp-go would take such an error
//     response for a request and answer it, one that answers no question of the server's
//     (serverRequests) is dropped instead, logged at debug: a response is never answered.
//   - a notification cannot be answered and goes through as it is.
//
// Plain messages cost one pass of utf8.Valid and a search for backslashes, and no allocation.

// notTextIn reports where the first string or member name that is not text is in the value
// msg[m.start:m.end] (a well-formed JSON value), named from at ("params"); found is false when
// every one is text. In a tools/call's params the arguments' values are left to the tool.
func notTextIn(msg []byte, m jsonMember, at string, toolCall bool) (where string, found bool) {
	v := msg[m.start:m.end]
	// Malformed JSON is left to mcp-go, which refuses it; json.Valid is linear and refuses
	// nesting deeper than 10,000, so the walk below is bounded too.
	if !mayHoldNonText(v) || !json.Valid(msg) {
		return "", false
	}
	return walkText(v, at, toolCall)
}

// mayHoldNonText is the quick test, without allocating: false when v is UTF-8 and each of its
// \uD800-\uDFFF escapes is half of a pair (what tools.IsText checks, over the whole value).
func mayHoldNonText(v []byte) bool {
	if !utf8.Valid(v) {
		return true
	}
	pendingHigh := false // the last escape was a high surrogate: its low half must come next
	for i := 0; ; {
		j := bytes.IndexByte(v[i:], '\\')
		if pendingHigh && j != 0 {
			return true
		}
		if j < 0 || i+j+1 >= len(v) {
			return false
		}
		i += j
		if v[i+1] != 'u' {
			if pendingHigh {
				return true
			}
			i += 2 // the escaped character, a backslash included
			continue
		}
		r, ok := hex4(v[i+2:])
		switch {
		case !ok:
			return true // malformed: mcp-go refuses it, the walk finds nothing
		case 0xD800 <= r && r <= 0xDBFF:
			if pendingHigh {
				return true
			}
			pendingHigh = true
		case 0xDC00 <= r && r <= 0xDFFF:
			if !pendingHigh {
				return true
			}
			pendingHigh = false
		case pendingHigh:
			return true
		}
		i += 6
	}
}

// hex4 reads the four hex digits b starts with.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			r = r<<4 | rune(c|0x20-'a'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// walkText finds the first string or member name in the JSON value v (well-formed: json.Valid
// has passed, so it nests at most 10,000 deep) that is not text; at is v's path. skipArguments
// leaves out v's own "arguments" member (a tools/call's params). It is one pass over v, without
// recursion: a stack holds each open object's current member name and each open array's index,
// and the path is built from it only when something is found.
func walkText(v []byte, at string, skipArguments bool) (string, bool) {
	type level struct {
		object  bool
		wantKey bool   // an object's next string is a member name
		key     []byte // an object's current member name, quoted as sent
		// the outermost object's current member is a tools/call's arguments
		arguments bool
		index     int // an array's current element
	}
	var stack []level
	path := func(memberName bool) string {
		var p strings.Builder
		p.WriteString(at)
		levels := stack
		if memberName {
			levels = levels[:len(levels)-1]
		}
		for _, l := range levels {
			if l.object {
				var name string
				_ = json.Unmarshal(l.key, &name)
				writeMemberPath(&p, name)
			} else {
				p.WriteByte('[')
				p.WriteString(strconv.Itoa(l.index))
				p.WriteByte(']')
			}
		}
		if memberName {
			return present.MemberNameIn(p.String())
		}
		return p.String()
	}
	for i := 0; i < len(v); {
		switch v[i] {
		case '{', '[':
			stack = append(stack, level{object: v[i] == '{', wantKey: true})
			i++
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			i++
		case ',':
			if n := len(stack); n > 0 {
				if stack[n-1].object {
					stack[n-1].wantKey = true
				} else {
					stack[n-1].index++
				}
			}
			i++
		case '"':
			end := stringEnd(v, i)
			if end < 0 {
				return "", false
			}
			n := len(stack)
			if n > 0 && stack[n-1].object && stack[n-1].wantKey {
				top := &stack[n-1]
				top.key, top.wantKey = v[i:end], false
				if !tools.IsText(top.key) {
					return path(true), true
				}
				if n == 1 {
					// A tools/call's argument values are left to the tool, which refuses one
					// that is not text by its name; their names are checked here.
					top.arguments = skipArguments && keyIs(top.key, "arguments", true)
				}
				// A request's progress token, an opaque identifier like its id, gets a
				// stand-in instead (ids.go).
				if n == 2 && at == "params" && keyIs(stack[0].key, "_meta", true) && keyIs(top.key, "progressToken", false) {
					j := skipSpace(v, end)
					if j < len(v) && v[j] == ':' {
						if k := valueEnd(v, skipSpace(v, j+1)); k > 0 {
							i = k
							continue
						}
					}
				}
			} else if !(n > 0 && stack[0].arguments) && !tools.IsText(v[i:end]) {
				// (an argument's value, or text inside one, is the tool's to refuse)
				return path(false), true
			}
			i = end
		default:
			i++
		}
	}
	return "", false
}

// writeMemberPath writes the path of member name of an object after the object's path: .name,
// or ["name"] when the name is not a plain identifier.
func writeMemberPath(p *strings.Builder, name string) {
	plain := name != ""
	for _, c := range name {
		if !(c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		p.WriteByte('.')
		p.WriteString(name)
		return
	}
	quoted, _ := json.Marshal(name)
	p.WriteByte('[')
	p.Write(quoted)
	p.WriteByte(']')
}

// checkText applies the rule to msg, whose shape s has been read and which is valid JSON. It
// returns an answer for a request to refuse, or a replacement for a client's response to turn
// into an error; both nil when msg may go on as it is.
func checkText(msg []byte, s msgShape) (answer, replaced []byte) {
	switch {
	case s.method.found() && s.params.found():
		if !s.id.found() || string(msg[s.id.start:s.id.end]) == "null" {
			return nil, nil // a notification: nothing to answer
		}
		toolCall := methodIs(msg, s.method, string(mcp.MethodToolsCall))
		if where, found := notTextIn(msg, s.params, "params", toolCall); found {
			return errorResponse(msg[s.id.start:s.id.end], present.ParamNotText(where)), nil
		}
	case !s.method.found() && s.id.found() && s.result.found():
		if where, found := notTextIn(msg, s.result, "result", false); found {
			return nil, errorResponse(msg[s.id.start:s.id.end], present.AnswerNotText(where))
		}
	}
	return nil, nil
}

// errorResponse is a -32602 (Invalid params) response with the id raw and message.
func errorResponse(raw []byte, message string) []byte {
	details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.INVALID_PARAMS, message, nil))
	out := append([]byte(`{"jsonrpc":"2.0","id":`), raw...)
	out = append(append(append(out, `,"error":`...), details...), '}')
	return out
}
