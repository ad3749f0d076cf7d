package mcpserver

import (
	"strconv"
	"strings"
	"testing"
	"time"
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
		{`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_apps","arguments":{"org\udc00":"a"}}}`, "a member name in params.arguments"},
		{`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","arguments":{"o":{"k\udc00":"a"}}}}`, "a member name in params.arguments.o"},
		{`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","arguments":{},"_meta":{"progressToken":"t","note":"\ud800x"}}}`, "params._meta.note"},
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
		"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_app\",\"arguments\":{\"app\":\"\xff\",\"n\":[{\"k\":\"\\ud800\"}]}}}",
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4,"reason":"\ud800"}}`,
		`{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"\ud800"}`, // not JSON: mcp-go's parse error
	} {
		if out, answer := prepareMessage(nil, []byte(msg)); answer != nil || string(out) != msg {
			t.Errorf("%s\nanswered %s, handed on %s", msg, answer, out)
		}
	}
	// A progress token is an identifier: one that is not text gets a stand-in, restored on the way out.
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"a"},"_meta":{"progressToken":"\ud800x"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"p","_meta":{"progressToken":"\udc00"}}}`,
	} {
		out, answer := prepareMessage(nil, []byte(msg))
		if answer != nil || !strings.Contains(string(out), `"progressToken":"`+idMarker) || string(restoreIDs(out)) != msg {
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
	// Over HTTP too, with its id spelled as the integer mcp-go matches, and in an error's message.
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":7.0,"result":{"action":"accept","content":{"value":"s3cr3t\udc00"}}}`,
		`{"jsonrpc":"2.0","id":7e0,"error":{"code":-1,"message":"s3cr3t\udc00"}}`,
	} {
		out, answer := prepareMessage(nil, []byte(msg))
		if got := string(out); answer != nil || !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"the answer was not used: `) || strings.Contains(got, "s3cr3t") {
			t.Errorf("%s handed on %q, answered %s", msg, got, answer)
		}
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

// deepTextLimit is how long one message of TestDeepTextIsLinear may take (a quadratic pass took
// 55 s for 160 KB); the race detector makes the pass several times as slow (2.4 s for depth
// 100,000 on a loaded 2-CPU machine), far from quadratic still.
var deepTextLimit = func() time.Duration {
	if raceDetector {
		return 10 * time.Second
	}
	return 2 * time.Second
}()

// allocRuns is how many times testing.AllocsPerRun repeats a large message's pass to count its
// allocations (which do not vary from run to run): once, after its warm-up, under the race
// detector, which makes each pass of a megabyte seconds long.
var allocRuns = func() int {
	if raceDetector {
		return 1
	}
	return 3
}()

// deepParams is a request whose params.a nests depth arrays around one lone surrogate.
func deepParams(depth int) []byte {
	return []byte(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":` + strings.Repeat("[", depth) + `"\udc00"` + strings.Repeat("]", depth) + `}}`)
}

// TestDeepTextIsLinear: the text check is one pass, after json.Valid (which refuses nesting past
// 10,000): a message nested 9,999 deep (9,997 in params.a) is refused naming where, one nested 100,000 deep is left
// to mcp-go (invalid), a 1 MiB one of nested arrays is handled as quickly, and each costs few
// allocations (it was O(depth²) time and memory: 55 s and gigabytes for 160 KB).
func TestDeepTextIsLinear(t *testing.T) {
	wide := []byte(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":[` + strings.Repeat(`[[[[[[[[["x"]]]]]]]]],`, 1<<20/22) + `[[[["\udc00"]]]]]}}`)
	for _, c := range []struct {
		name    string
		msg     []byte
		refused bool
	}{
		{"depth 9999", deepParams(9997), true},
		{"depth 100000", deepParams(100000), false},
		{"response depth 100000", []byte(`{"jsonrpc":"2.0","id":5,"result":` + strings.Repeat(`{"a":`, 100000) + `"\udc00"` + strings.Repeat("}", 100000) + `}`), false},
		{"1 MiB", wide, true},
	} {
		start := time.Now()
		_, answer := prepareMessage(nil, c.msg)
		if took := time.Since(start); took > deepTextLimit {
			t.Errorf("%s: %v", c.name, took)
		}
		if (answer != nil) != c.refused {
			t.Errorf("%s: answer %.200s", c.name, answer)
		}
		if n := testing.AllocsPerRun(allocRuns, func() { prepareMessage(nil, c.msg) }); n > 100 {
			t.Errorf("%s: %v allocations", c.name, n)
		}
	}
	_, answer := prepareMessage(nil, deepParams(9997))
	if want := quotedPath("params.a" + strings.Repeat("[0]", 9997)); !strings.Contains(string(answer), want+" holds") {
		t.Errorf("answer %.300s", answer)
	}
}

// BenchmarkDeepText: time and memory of the text check of a 160 KB message nested 80,000 deep
// (refused by json.Valid) and of one nested 9,999 deep in all (walked).
func BenchmarkDeepText(b *testing.B) {
	for _, depth := range []int{9997, 80000} {
		msg := deepParams(depth)
		b.Run(strconv.Itoa(depth), func(b *testing.B) {
			b.ReportAllocs()
			var answer []byte
			for b.Loop() {
				_, answer = prepareMessage(nil, msg)
			}
			// 9,997 deep is walked and refused naming where; 80,000 is past json.Valid's limit,
			// left to mcp-go.
			if (answer != nil) != (depth < 10000) || answer != nil && !strings.Contains(string(answer), " holds") {
				b.Fatalf("depth %d: answered %.200s", depth, answer)
			}
		})
	}
}
