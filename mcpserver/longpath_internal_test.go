package mcpserver

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// quotedPath is how a refusal quotes the ASCII path p: whole up to 160 bytes, else its first and
// last 64 bytes and its length (present.shortPath).
func quotedPath(p string) string {
	if len(p) <= 160 {
		return p
	}
	n := strconv.Itoa(len(p))
	for i := len(n) - 3; i > 0; i -= 3 {
		n = n[:i] + "," + n[i:]
	}
	return p[:64] + "…" + p[len(p)-64:] + " (" + n + " characters)"
}

// TestLongPathsAreQuotedShort (audit r20, X2): the path a -32602/-32600 refusal names (a member
// given twice, a number beyond range, text that is not text) is quoted short when it is long: a
// spicepod member name of megabytes, or a top-level one, was quoted whole. The start and end
// stay, with the path's length, so it is never cut silently.
func TestLongPathsAreQuotedShort(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones

	long := strings.Repeat("k", 2<<20) + "é" // 2 MB and a character beyond ASCII at the end
	k := func(n int) string { return strings.Repeat("k", n) }
	call := func(arguments string) string {
		return `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"update_app","arguments":` + arguments + `}}`
	}
	for _, c := range []struct{ msg, want string }{
		{call(`{"app":"analytics-app","spicepod":{"` + long + `":1}},"z":{"` + long + `":1,"` + long + `":2}`),
			`Invalid params: params.z["` + k(54) + `…` + k(60) + `é"] (2,097,165 characters) is given twice in its object.`},
		{call(`{"app":"analytics-app","spicepod":{"` + long + `":[1e400]}}`),
			`Invalid params: params.arguments.spicepod["` + k(37) + `…` + k(57) + `é"][0] (2,097,185 characters): the number 1e400 is beyond`},
		{call(`{"app":"analytics-app"},"_meta":{"` + long + `":{"\udc00":1}}`),
			`Invalid params: a member name in params._meta["` + k(50) + `…` + k(60) + `é"] (2,097,169 characters) holds bytes`},
		{`{"jsonrpc":"2.0","id":7,"method":"ping","` + long + `":1,"` + long + `":2}`,
			`Invalid Request: member "` + k(63) + `…` + k(61) + `é" (2,097,155 characters) is given twice.`},
		{call(`{"app":"analytics-app"},"_meta":{"` + strings.Repeat("a", 100) + `":{"` + long + `":"\udc00"}}`),
			`Invalid params: params._meta.` + strings.Repeat("a", 51) + `…` + k(60) + `é"] (2,097,270 characters) holds bytes`},
	} {
		msg := []byte(c.msg)
		s, ok := inspectMessage(msg)
		if !ok {
			t.Fatalf("%.100s: not inspected", msg)
		}
		answer, _ := checkText(msg, s)
		var r struct{ Error struct{ Message string } }
		if err := json.Unmarshal(answer, &r); err != nil || len(answer) > 1000 || !strings.Contains(r.Error.Message, c.want) {
			t.Errorf("%.100s…: %d bytes: %.600s, want %q", c.msg, len(answer), answer, c.want)
		}
	}
}
