package mcpserver

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/jsonscan"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
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
//   - a client's response (the answer to an elicitation the server sent) whose result holds one,
//     or a member name given twice (responseFlaw), is handed to mcp-go as an error response with
//     the same id, so the question fails, naming where, and nothing of the answer is stored. On stdio, where mcp-go would take such an error
//     response for a request and answer it, one that answers no question of the server's
//     (serverRequests) is dropped instead, logged at debug: a response is never answered.
//   - a notification cannot be answered and goes through as it is.
//
// A member name given twice is refused too, in the same pass (walk): JSON decoders keep the last
// (and merge two params objects into one), dropping the rest without a word, so
// "name":"delete_app","name":"list_apps" would run list_apps and a second params member once
// carried a URI that is not text past this check. Names match as encoding/json matches them:
// escapes decoded, and, where the object is a struct in mcp-go's types, whatever their case
// (with its Unicode folding; a completion's ref, and _meta's client info and capabilities, are
// structs too); where it is a Go map (_meta, experimental, prompt and completion
// arguments: mapMember), only when equal, so "traceId" and "TraceId" are two keys there. One of the request's own
// members given twice is answered -32600 naming it; one anywhere in params -32602 naming its
// path; a tools/call's arguments are the tool's (tools.decodeArgs refuses an argument given
// twice by name, Tags and Spicepod a key given twice); a notification goes through.
//
// Plain messages cost one pass over the message (utf8.Valid and a search for backslashes over
// params first: each string is checked only when that finds something), and no allocation while
// no more than 16 objects and arrays are open at once, holding 64 names in all.

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

// notTextIn reports where the first string or member name that is not text is in the value
// msg[m.start:m.end], named from at ("result"); found is false when every one is text.
func notTextIn(msg []byte, m jsonMember, at string, toolCall bool) (where string, found bool) {
	v := msg[m.start:m.end]
	// Malformed JSON is left to mcp-go, which refuses it.
	if !mayHoldNonText(v) || !json.Valid(msg) {
		return "", false
	}
	f, found := walk(v, walkRules{at: at, toolCall: toolCall, text: true})
	return f.where, found
}

// walkRules says what walk looks for, and where.
type walkRules struct {
	at string // the path of the value walked ("params"); for a whole message, of its params
	// message: the value is a whole request, whose top-level member names are checked for one
	// given twice and whose params member alone is checked for the rest.
	message  bool
	toolCall bool // a tools/call: its arguments' values, and their names given twice, are the tool's
	text     bool // look for strings and member names that are not text
	twice    bool // look for a member name given twice in one object
	ownOnly  bool // with message: only the message's own members (params is not walked into)
	numbers  bool // look for numbers beyond float64's range, which mcp-go cannot decode
}

// finding is what walk found: where, and which rule it breaks.
type finding struct {
	where    string
	twice    bool   // a member name given twice (else: not text)
	topLevel bool   // a member of the message itself given twice; where is its name
	number   string // a number beyond float64's range (1e400), as sent; where is its path
}

// smallObject is how many member names an object holds before walk keeps them in a map rather
// than comparing each new one with each of them.
const smallObject = 16

// seenName is a member name walk has read (quoted as sent) and the hash of its folded form.
type seenName struct {
	key  []byte
	hash uint64
}

// nameSeed seeds the hashes of member names: a client cannot choose names whose hashes collide.
var nameSeed = maphash.MakeSeed()

// maxDepth is the nesting json.Valid allows: walk gives up deeper (the message is refused anyway).
const maxDepth = 10000

// walk finds the first string or member name that is not text, or member name given twice in
// one object (matched as encoding/json matches names: escapes decoded, in any case, with its
// Unicode folding), in the JSON value v, as rules says; found is false when there is none or v
// is not well-formed (mcp-go refuses it). It is one pass over v, without recursion: a stack holds
// each open object's current member name and each open array's index, and the path is built
// from it only when something is found. An object's member names are compared with each other
// one by one while they are few (smallObject), then through a map: linear in v either way.
func walk(v []byte, rules walkRules) (finding, bool) {
	type level struct {
		object  bool
		wantKey bool   // an object's next string is a member name
		key     []byte // an object's current member name, quoted as sent
		// the object's current member is a tools/call's arguments (the params object), or the
		// message's params (the message object)
		arguments, params bool
		index             int            // an array's current element
		first             int            // names[first:] are an object's member names so far
		set               map[uint64]int // past smallObject names: where in names the first with each hash is
		// exact: an object mcp-go decodes into a Go map, whose keys are compared exactly (a
		// struct's fields match whatever their case); anyInside: every object within is one too
		exact, anyInside bool
		meta             bool // a request's _meta, some of whose values mcp-go decodes again into structs
	}
	var stackBuf [16]level
	stack := stackBuf[:0]
	var namesBuf [64]seenName
	names := namesBuf[:0]
	base := 0 // the level of the object rules.at names
	if rules.message {
		base = 1
	}
	path := func(memberName bool) string {
		var p strings.Builder
		p.WriteString(rules.at)
		levels := stack[base:]
		if memberName {
			levels = levels[:len(levels)-1]
		}
		for _, l := range levels {
			if l.object {
				writeMemberPath(&p, decodedName(l.key))
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
	// seen reports whether the object l already has a member named key, and adds key: each
	// name is folded and hashed once, and compared with the object's names by hash (through a
	// map past smallObject names), by name only when the hashes are equal.
	var foldBuf [64]byte
	folded := foldBuf[:0]
	seen := func(l *level, key []byte) bool {
		same := sameName
		if l.exact {
			folded, same = appendDecoded(folded[:0], key), sameExactName
		} else {
			folded = appendFolded(folded[:0], key)
		}
		h := maphash.Bytes(nameSeed, folded)
		mine := names[l.first:]
		j, collided := l.set[h]
		if collided && same(names[j].key, key) {
			return true
		}
		if l.set == nil || collided { // few names, or two names with one hash (rare: compare them all)
			for _, k := range mine {
				if k.hash == h && same(k.key, key) {
					return true
				}
			}
		}
		if l.set == nil && len(mine) >= smallObject {
			l.set = make(map[uint64]int, 4*smallObject)
			for j := l.first; j < len(names); j++ {
				if _, ok := l.set[names[j].hash]; !ok {
					l.set[names[j].hash] = j
				}
			}
		}
		if _, ok := l.set[h]; !ok && l.set != nil {
			l.set[h] = len(names)
		}
		names = append(names, seenName{key, h})
		return false
	}
	for i := 0; i < len(v); {
		switch v[i] {
		case '{', '[':
			if len(stack) == maxDepth {
				return finding{}, false
			}
			next := level{object: v[i] == '{', wantKey: true, first: len(names)}
			if n := len(stack); n > 0 {
				parent := &stack[n-1]
				switch {
				case parent.meta && parent.key != nil && metaStruct(parent.key):
					// a struct, whose member names match its fields whatever their case
				case parent.anyInside:
					next.exact, next.anyInside = true, true
				case parent.object && parent.key != nil:
					next.exact, next.anyInside = mapMember(parent.key)
					next.meta = next.exact && keyIs(parent.key, "_meta", true)
				}
			}
			stack = append(stack, next)
			i++
		case '}', ']':
			if n := len(stack); n > 0 {
				names = names[:stack[n-1].first]
				stack = stack[:n-1]
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
			end := jsonscan.StringEnd(v, i)
			if end < 0 {
				return finding{}, false
			}
			n := len(stack)
			// within what the rules cover: a message's params, or the value walked
			covered := !rules.message || n > 1 && stack[0].params && !rules.ownOnly
			// within a tools/call's arguments, which are the tool's (tools.decodeArgs)
			inArguments := n > base+1 && stack[base].arguments
			if n > 0 && stack[n-1].object && stack[n-1].wantKey {
				top := &stack[n-1]
				top.key, top.wantKey = v[i:end], false
				if covered && rules.text && !tools.IsText(top.key) {
					return finding{where: path(true)}, true
				}
				if rules.twice && (covered || n == 1) && !inArguments && seen(top, top.key) {
					if rules.message && n == 1 {
						return finding{where: decodedName(top.key), twice: true, topLevel: true}, true
					}
					return finding{where: path(false), twice: true}, true
				}
				if rules.message && n == 1 {
					top.params = keyIs(top.key, "params", true)
				}
				if n == base+1 && covered {
					// A tools/call's argument values are left to the tool, which refuses one
					// that is not text, or a name given twice, by its name.
					top.arguments = rules.toolCall && keyIs(top.key, "arguments", true)
				}
				// A request's progress token, an opaque identifier like its id, gets a
				// stand-in instead (ids.go).
				if n == base+2 && covered && rules.at == "params" && keyIs(stack[base].key, "_meta", true) && keyIs(top.key, "progressToken", false) {
					j := jsonscan.SkipSpace(v, end)
					if j < len(v) && v[j] == ':' {
						if k := jsonscan.ValueEnd(v, jsonscan.SkipSpace(v, j+1)); k > 0 {
							i = k
							continue
						}
					}
				}
			} else if covered && rules.text && !(n > base && stack[base].arguments) && !tools.IsText(v[i:end]) {
				// (an argument's value, or text inside one, is the tool's to refuse)
				return finding{where: path(false)}, true
			}
			i = end
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			end := i + 1
			for end < len(v) && strings.IndexByte("0123456789.eE+-", v[end]) >= 0 {
				end++
			}
			n := len(stack)
			covered := !rules.message || n > 1 && stack[0].params && !rules.ownOnly
			if rules.numbers && covered && outOfRange(v[i:end]) {
				return finding{where: path(false), number: string(v[i:end])}, true
			}
			i = end
		default:
			i++
		}
	}
	return finding{}, false
}

// outOfRange reports a JSON number too large in magnitude for a float64 (1e400, -1e999), which
// mcp-go's decoding of the request refuses as a whole, or reads as another number when it is
// long ("1" and 1000 zeros "e-500" as 1e299: rules.ReadNumber decides from the digits and the
// exponent instead). Only a number with an exponent or with more than 300 characters can be one.
func outOfRange(num []byte) bool {
	if len(num) <= 300 && bytes.IndexAny(num, "eE") < 0 {
		return false
	}
	_, beyond, _ := rules.ReadNumber(num)
	return beyond
}

// mapMember reports whether the value of the member named key (quoted as sent) is an object
// mcp-go decodes into a Go map (exact: its keys are compared exactly), and whether every object
// within it is one too (anyInside: a map[string]any, or a field of type any). mcp-go v1.2.1's
// request types hold such values in _meta (mcp.Meta keeps the members it does not know in a
// map; metaStruct names those it decodes again into structs), capabilities' experimental and
// extensions, the arguments of prompts/get, of completion/complete's context and of
// resources/read, the answers of multi-round-trip requests (inputResponses: a map of structs)
// and the fields of type any that stay maps (a result's content and structured content,
// metadata, data, input, a requested schema). A completion's ref, though of type any, is
// decoded into mcp.PromptReference or mcp.ResourceReference (CompleteParams.UnmarshalJSON): a
// struct. A tools/call's arguments are the tool's (tools.decodeArgs). Every other object of
// params is a struct, whose member names match its fields whatever their case. The test
// TestStructMembersMatchInAnyCase checks each struct case against mcp-go's own decoding.
func mapMember(key []byte) (exact, anyInside bool) {
	name := key[1 : len(key)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name = []byte(decodedName(key))
	}
	if len(name) > len("structuredContent") {
		return false, false
	}
	for _, m := range [...]string{"_meta", "experimental", "extensions", "arguments", "content",
		"structuredContent", "metadata", "data", "input", "requestedSchema"} {
		if bytes.EqualFold(name, []byte(m)) {
			return true, true
		}
	}
	if bytes.EqualFold(name, []byte("inputResponses")) {
		return true, false
	}
	return false, false
}

// metaStruct reports whether the _meta member named key (quoted as sent; matched exactly, as a
// map's key) is one mcp-go decodes again into a struct (mcp.Meta's ClientInfo, ClientCapabilities
// and ServerInfo, through decodeMetaValue), whose member names match its fields whatever their case.
func metaStruct(key []byte) bool {
	switch decodedName(key) {
	case mcp.MetaKeyClientInfo, mcp.MetaKeyClientCapabilities, mcp.MetaKeyServerInfo:
		return true
	}
	return false
}

// sameExactName reports whether the quoted member names a and b are one key of a Go map:
// equal once escapes are decoded.
func sameExactName(a, b []byte) bool {
	ia, ib := a[1:len(a)-1], b[1:len(b)-1]
	if bytes.IndexByte(ia, '\\') < 0 && bytes.IndexByte(ib, '\\') < 0 {
		return bytes.Equal(ia, ib)
	}
	return decodedName(a) == decodedName(b)
}

// appendDecoded appends the quoted member name key, unescaped.
func appendDecoded(out, key []byte) []byte {
	name := key[1 : len(key)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		return append(out, decodedName(key)...)
	}
	return append(out, name...)
}

// decodedName is the quoted member name key, unescaped.
func decodedName(key []byte) string {
	if bytes.IndexByte(key, '\\') < 0 {
		return string(key[1 : len(key)-1])
	}
	var name string
	_ = json.Unmarshal(key, &name)
	return name
}

// sameName reports whether the quoted member names a and b name one member for encoding/json,
// which matches a name to a struct's field whatever its case (bytes.EqualFold), escapes decoded.
func sameName(a, b []byte) bool {
	ia, ib := a[1:len(a)-1], b[1:len(b)-1]
	if bytes.IndexByte(ia, '\\') < 0 && bytes.IndexByte(ib, '\\') < 0 {
		return bytes.EqualFold(ia, ib)
	}
	return strings.EqualFold(decodedName(a), decodedName(b))
}

// appendFolded appends the quoted member name key, unescaped, folded as encoding/json folds
// names (foldName in its fold.go): two names are equal folded exactly when bytes.EqualFold holds.
func appendFolded(out, key []byte) []byte {
	name := key[1 : len(key)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name = []byte(decodedName(key))
	}
	for i := 0; i < len(name); {
		if c := name[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(name[i:])
		for { // the smallest rune of r's fold orbit
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += size
	}
	return out
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

// checkText applies the rules to msg, whose shape s has been read (the caller checks msg is
// valid JSON before using an answer). It returns an answer for a request to refuse, or a
// replacement for a client's response to turn into an error; both nil when msg may go on as it
// is. A request is refused -32600 for a member of its own given twice, -32602 for one given
// twice in an object of its params (a tools/call's arguments excepted: the tool's) or for text
// that is not text there.
func checkText(msg []byte, s msgShape) (answer, replaced []byte) {
	switch {
	case s.method.found():
		if !s.id.found() || string(msg[s.id.start:s.id.end]) == "null" {
			return nil, nil // a notification: nothing to answer
		}
		id := msg[s.id.start:s.id.end]
		rules := walkRules{at: "params", message: true, twice: true, numbers: true,
			toolCall: methodIs(msg, s.method, string(mcp.MethodToolsCall))}
		// Plain messages (nearly all) need not have each string checked for text.
		rules.text = s.params.found() && mayHoldNonText(msg[s.params.start:s.params.end])
		f, found := walk(msg, rules)
		switch {
		case !found:
		case f.topLevel:
			return invalidRequest(id, present.InvalidRequestMemberTwice(f.where)), nil
		case f.twice:
			return errorResponse(id, present.ParamTwice(f.where)), nil
		case f.number != "":
			return errorResponse(id, present.ParamNumberRange(f.where, f.number)), nil
		default:
			return errorResponse(id, present.ParamNotText(f.where)), nil
		}
	case s.id.found() && s.result.found():
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
