package present

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// InvalidRequestMember answers (JSON-RPC -32600, with the request's id) a request whose
// "jsonrpc" or "method" member is not a string; member is the member's name.
func InvalidRequestMember(member string) string {
	if member == "jsonrpc" {
		return `Invalid Request: "jsonrpc" must be the string "2.0".`
	}
	return fmt.Sprintf("Invalid Request: %q must be a string naming the method.", member)
}

// InvalidRequestID answers (JSON-RPC -32600) a request whose id is null, true, false, an object
// or an array: MCP request ids are strings or integers.
var InvalidRequestID = "Invalid Request" + rpcArgRemedy(`"id" must be a string or an integer (MCP allows no other request id)`,
	"send a request with such an id, or omit the id for a notification, which gets no answer")

// InvalidRequestBothKinds answers (JSON-RPC -32600) a message with both a "method" and a
// "result" or "error": a request has no result or error, a response no method. It was not run,
// and answers no question of the server's.
var InvalidRequestBothKinds = "Invalid Request" + rpcArgRemedy(`a message with a "method" is a request and may hold no "result" or "error" `+
	`(only a response, which has no "method", does). Nothing of this one was used`, `send a request without them, or an answer without a "method"`)

// BatchRefused answers (JSON-RPC -32600, id null; HTTP 400) a JSON-RPC batch, a JSON array of
// messages: 2025-06-18 and later have no batches, and this server does not take them under
// 2025-03-26 either (a gap README records). Nothing of the batch was run.
var BatchRefused = "Invalid Request" + rpcArgRemedy("JSON-RPC batches (a JSON array of messages) are not supported, and nothing of this one was run",
	"send each request or notification as a message of its own (over HTTP, one per POST; over stdio, one per line)")

// InvalidRequestNotObject answers (JSON-RPC -32600, id null; HTTP 400) a message that is valid
// JSON but no object (5, "x", true, null): JSON-RPC's requests and notifications are objects.
const InvalidRequestNotObject = `Invalid Request: a JSON-RPC message must be a JSON object (such as {"jsonrpc":"2.0","id":1,"method":"ping"}); ` +
	`nothing of this one was run.`

// InvalidRequestParams answers (JSON-RPC -32600, id null; HTTP 400) a message without an id whose
// "params" is neither an object nor null: MCP's messages take their parameters by name.
const InvalidRequestParams = `Invalid Request: "params" must be an object (MCP names every parameter); nothing of this message was run.`

// InvalidJSONRPCVersion answers (JSON-RPC -32600, with the request's id) a request whose
// "jsonrpc" is not "2.0": mcp-go's own words, which it answers every method but "" with.
const InvalidJSONRPCVersion = "Invalid JSON-RPC version"

// MethodEmpty answers (JSON-RPC -32601, with the request's id) a request whose "method" is the
// empty string.
var MethodEmpty = "Method not found" + rpcArgRemedy(`"method" is the empty string, which names no method`, `send an MCP method's name, such as "tools/list"`)

// notText is the rule a string that is not text breaks (tools' own arguments: ArgNotText).
const notText = "holds bytes that are not UTF-8 or a lone UTF-16 surrogate escape (\\uD800 to \\uDFFF without its pair), " +
	"which is not text and cannot be used as given"

// ParamNotText answers (JSON-RPC -32602) a request whose params hold a string or member name
// that is not text, before anything reads it; where is its path, such as params.arguments.org.
func ParamNotText(where string) string {
	return "Invalid params" + rpcArgRemedy(shortPath(where)+" "+notText, "send UTF-8 text (a character beyond U+FFFF as one surrogate pair)")
}

// MemberNameIn is where a member name that is not text is, inside the object at path.
func MemberNameIn(path string) string { return memberNameIn + path }

const memberNameIn = "a member name in "

// AnswerNotText is why the client's answer to a question the server asked (an elicitation) was
// not used: where (result.content.note) is not text. Nothing of the answer is kept.
func AnswerNotText(where string) string {
	return fmt.Sprintf("the answer was not used: %s %s. Nothing of it was kept; answer again in UTF-8 text", shortPath(where), notText)
}

// AnswerTwice is why the client's answer to a question the server asked was not used: where
// (result.content.name) is a member name given twice in its object. Nothing of the answer is kept.
func AnswerTwice(where string) string {
	return fmt.Sprintf("the answer was not used: %s is given twice in its object. %s. Nothing of it was kept; answer again with each member once", shortPath(where), twiceRule)
}

// AnswerMalformed is why the client's answer to a question the server asked was not used: it
// holds no result, or an error without an integer code and a string message.
const AnswerMalformed = `the answer was not used: it holds neither a "result" nor an "error" with an integer "code" and a string "message"`

// AnswerInputClosed is why a question the server asked over stdio went unanswered: the client
// closed the server's input (stdin) while the question waited, so no answer can come.
const AnswerInputClosed = "the client closed the server's input (stdin) before answering"

// QuestionSessionEnded is why a question the server asked over HTTP went unanswered: its MCP
// session ended (the client's DELETE, or the server ended it) while the question waited.
const QuestionSessionEnded = "the MCP session was ended before the question was answered"

// URIPartNotText refuses (JSON-RPC -32602) a resource URI whose {name} part, percent-decoded,
// is not UTF-8 text.
func URIPartNotText(uri, name string) string {
	return "Invalid params" + rpcArgRemedy(fmt.Sprintf("the {%s} part of %s, percent-decoded, is not UTF-8 text and cannot be used as given", name, ShortURI(uri)),
		"percent-encode the name's UTF-8 bytes")
}

// twiceRule is why a member name given twice is refused: JSON decoders keep one of the two
// (or merge them) and drop the rest without a word.
const twiceRule = "JSON decoders keep one and drop the other without a word (names match with escapes decoded, and whatever their case where they name a field)"

// InvalidRequestMemberTwice answers (JSON-RPC -32600) a request with one of its own members
// ("method", "params", ...) given twice; name is the second as sent.
func InvalidRequestMemberTwice(name string) string {
	return "Invalid Request" + rpcArgRemedy("member "+shortPath(strconv.Quote(name))+" is given twice. "+twiceRule, "send each member once")
}

// ParamNumberRange answers (JSON-RPC -32602) a request whose params hold a number too large in
// magnitude for a double (num as sent, 1e400); where is its path, such as
// params.arguments.storage_size_gb.
func ParamNumberRange(where, num string) string {
	return "Invalid params" + rpcArgRemedy(shortPath(where)+": the number "+shortNumber(num)+" is beyond the range of numbers (about ±1.8e308)", "send a number within it")
}

// shortNumberMax is the longest number quoted whole; a longer one is quoted as its start and end.
const shortNumberMax = 40

// shortNumber is a number as sent (its JSON literal), to quote in a refusal: whole when it is
// short, else its first and last 16 characters and its length ("1000000000000000…0000000000e-5000000
// (4,000,012 characters)"), so a 4 MB number gets a short refusal and none is cut silently.
func shortNumber(num string) string {
	if len(num) <= shortNumberMax { // a JSON number is ASCII: bytes are characters
		return num
	}
	return num[:16] + "…" + num[len(num)-16:] + " (" + number(len(num)) + " characters)"
}

// ParamTwice answers (JSON-RPC -32602) a request whose params hold a member name given twice in
// one object; where is the second's path, such as params.name.
func ParamTwice(where string) string {
	return "Invalid params" + rpcArgRemedy(shortPath(where)+" is given twice in its object. "+twiceRule, "send each member once")
}

// shortPath is where something is in a message (params.arguments.spicepod["name"], or a member
// name in one), to quote in a refusal: whole when it is short, else as shortNumber quotes a
// long number (startAndEnd): its first and last 64 bytes (at character boundaries) and its
// length in characters, so a member name of megabytes, or a path 10,000 levels deep, gets a short
// refusal and none is cut silently. A path quoted whole never ends in " characters)" (a member
// name with a space is quoted within ["…"]), so a shortened one cannot pass for another path.
func shortPath(where string) string {
	prefix, path := "", where
	if rest, ok := strings.CutPrefix(where, memberNameIn); ok {
		prefix, path = memberNameIn, rest
	}
	return prefix + startAndEnd(path)
}

// ParseErrorNotUTF8 answers (JSON-RPC -32700, null id) a message whose id, method or progress
// token holds bytes that are not UTF-8: JSON is UTF-8, so the message is not JSON, and its id
// cannot be echoed.
var ParseErrorNotUTF8 = "Parse error" + rpcArgRemedy(`the message holds bytes that are not UTF-8 (in its "id", "method" or `+
	`"params._meta.progressToken"); JSON is UTF-8 text, so nothing of it was read`, "send it encoded as UTF-8")

// InvalidRequestMethodNotText answers (JSON-RPC -32600, with the request's id) a request whose
// method holds a lone surrogate escape (\uD800-\uDFFF without its pair), which decoders turn into
// U+FFFD.
var InvalidRequestMethodNotText = "Invalid Request" + rpcArgRemedy(`"method" holds an escape \uD800-\uDFFF without its pair, `+
	`which is not text; it was not run`, "send the method's name as text")

// ProgressTokenKind answers (JSON-RPC -32602) a request whose params._meta.progressToken is
// neither a string nor a number (MCP), which would be echoed in every progress notification.
var ProgressTokenKind = "Invalid params" + rpcArgRemedy("params._meta.progressToken must be a string or a number (MCP); it was not run",
	"send a string or integer token, or omit it for no progress notifications")

// RequestIDInProgress answers (JSON-RPC -32600, with the request's id; HTTP 400) a request whose
// id is that of a request of the same session still in progress (not yet answered, cancelled
// or not); id is the id as sent (JSON). JSON-RPC and MCP want such ids unique, and a
// cancellation names a request by its id alone. The request was not run.
func RequestIDInProgress(id string) string {
	return "Invalid Request" + rpcArgRemedy("a call with the id "+startAndEnd(asciiJSON(id))+" is still in progress, and a cancellation "+
		"names a request by its id alone, so the ids of requests in progress must differ (JSON-RPC, MCP). This request was not run",
		"send it with an id of its own, or again once that call is answered")
}

// asciiJSON is the JSON text s (valid UTF-8) with every character beyond ASCII written as a \u
// escape (a pair beyond U+FFFF): the same JSON value, every character of it shown.
func asciiJSON(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		default:
			plain.WriteJSONEscape(&b, r)
		}
	}
	return b.String()
}

// NestedTooDeep answers (JSON-RPC -32700, id null; HTTP 400) a message whose arrays and objects
// nest deeper than limit levels, which the server's JSON decoder does not read.
func NestedTooDeep(limit int) string {
	return fmt.Sprintf("Parse error: the message's arrays and objects are nested deeper than %d levels, "+
		"more than this server reads; nothing of it was run.", limit)
}

// MethodHoldsCredential answers (JSON-RPC -32601, with the request's id) a request whose method
// holds a credential, which no method's name does: mcp-go echoed it whole ("Method ghp_… not
// found"). It is quoted as every name a client sent is (QuotedURI: masked).
func MethodHoldsCredential(method string) string {
	return "Method not found" + rpcArgRemedy(QuotedURI(method)+" names no method", `send an MCP method's name, such as "tools/list"`)
}
