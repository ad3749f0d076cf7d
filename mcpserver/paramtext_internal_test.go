package mcpserver

import (
	"strings"
	"testing"
)

// TestTextThatIsNotTextIsRefused: a request whose params hold a string or member name that is
// not text (bytes that are not UTF-8, a \uD800-\uDFFF escape without its pair) is answered
// -32602 naming where, before mcp-go decodes it (which would replace it with U+FFFD); a
// tools/call's arguments are left to the tool, which refuses them by name; text, surrogate
// pairs and escaped backslashes go through untouched, as do notifications.
func TestTextThatIsNotTextIsRefused(t *testing.T) {
	for _, c := range []struct{ msg, where string }{
		{`{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"analytics-app","org":"acme\udc00"}}}`, "params.arguments.org"},
		{`{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"troubleshoot_deployment","arguments":{"app":"x\ud800y"}}}`, "params.arguments.app"},
		{"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"deploy_app\",\"arguments\":{\"name\":\"a\",\"spicepod\":\"version: v1\\n\xff\"}}}", "params.arguments.spicepod"},
		{"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"deploy_app\",\"arguments\":{\"name\":\"a\",\"spicepod\":\"\xed\xa0\x80\"}}}", "params.arguments.spicepod"},
		{`{"jsonrpc":"2.0","id":"c","method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"rotate_keys"},"argument":{"name":"app","value":"an"},"context":{"arguments":{"org":"acme-labs\ud800"}}}}`, "params.context.arguments.org"},
		{`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"org\udc00":"x"}}}`, "a member name in params.arguments"},
		{`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"a b":"\ud83d\ud83d"}}}`, `params.arguments["a b"]`},
		{`{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"spice://apps/x\ude00"}}`, "params.uri"},
		{`{"jsonrpc":"2.0","id":2,"method":"x","params":{"list":["ok","\ud800\u0041"]}}`, "params.list[1]"},
		{`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_app\ud800","arguments":{"app":"a"}}}`, "params.name"},
		{`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"a"},"_meta":{"k":"\udfff"}}}`, "params._meta.k"},
		// A 2026-07-28 client's answer to a question comes back in the retried call's params.
		{`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"a"},"inputResponses":{"confirm":{"action":"accept","content":{"name":"a\udfff"}}}}}`, "params.inputResponses.confirm.content.name"},
	} {
		out, answer := prepareMessage(nil, []byte(c.msg))
		if answer == nil || !strings.Contains(string(answer), `"code":-32602`) || !strings.Contains(string(answer), "Invalid params: "+strings.ReplaceAll(c.where, `"`, `\"`)+" holds bytes that are not UTF-8") {
			t.Errorf("%s\nanswered %s (handed on %s)", c.msg, answer, out)
		}
	}
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"caf\u00e9 \ud83d\ude00 été","org":"a\\ud800"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"a\udc00"}}}`,
		"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_app\",\"arguments\":{\"app\":\"\xff\",\"n\\ud800\":1}}}",
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4,"reason":"\ud800"}}`,
		`{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"\ud800"}`, // not JSON: mcp-go's parse error
	} {
		if out, answer := prepareMessage(nil, []byte(msg)); answer != nil || string(out) != msg {
			t.Errorf("%s\nanswered %s, handed on %s", msg, answer, out)
		}
	}
}

// TestAnswerThatIsNotTextIsNotUsed: a client's answer to the server's elicitation whose result
// holds text that is not text reaches mcp-go as an error response with its id (the question
// fails naming where; nothing of the answer is kept), the line's newline kept for stdio.
func TestAnswerThatIsNotTextIsNotUsed(t *testing.T) {
	msg := `{"jsonrpc":"2.0","id":7,"result":{"action":"accept","content":{"value":"s3cr3t\udc00"}}}` + "\n"
	out, answer := prepareMessage(nil, []byte(msg))
	got := string(out)
	if answer != nil || !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"the answer was not used: result.content.value holds`) ||
		!strings.HasSuffix(got, "}\n") || strings.Contains(got, "s3cr3t") {
		t.Errorf("handed on %q, answered %s", got, answer)
	}
	plain := `{"jsonrpc":"2.0","id":7,"result":{"action":"accept","content":{"value":"s3cr3t \ud83d\ude00"}}}` + "\n"
	if out, answer := prepareMessage(nil, []byte(plain)); answer != nil || string(out) != plain {
		t.Errorf("a text answer became %q / %s", out, answer)
	}
}

// TestQuickTextCheckAgreesWithTheRule: the allocation-free test of a whole message finds a flaw
// exactly where tools.IsText does.
func TestQuickTextCheckAgreesWithTheRule(t *testing.T) {
	for raw, text := range map[string]bool{
		`"plain"`: true, `"\ud83d\ude00"`: true, `"\\ud800"`: true, `"\u00e9\n\""`: true, `{"a":["\uD83D\uDE00"]}`: true,
		`"\\\ud83d\ude00"`: true, `"x\\"`: true, `"\ud83d\ude00\ud83d\ude00"`: true,
		`"\ud800"`: false, `"\udc00"`: false, `"\ud800x"`: false, `"\ud800\u0041"`: false, `"\ude00\ud83d"`: false,
		`"\ud83d\ud83d\ude00"`: false, "\"\xff\"": false, "\"\xed\xa0\x80\"": false, `"\ud800\n\udc00"`: false,
		`["\ud800","\udc00"]`: false, `"\ud800\\"`: false, `{"\udfff":1}`: false, `"\\\ud800"`: false,
	} {
		if got := !mayHoldNonText([]byte(raw)); got != text {
			t.Errorf("%s: quick check says text %v, want %v", raw, got, text)
		}
	}
}
