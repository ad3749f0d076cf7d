package mcpserver

import (
	"strings"
	"testing"
)

// TestNumbersBeyondRangeAreRefusedByName (audit r20e): a number too large for a double in a
// request's params (a tools/call's argument 1e400) is refused -32602 naming its path and the
// rule, as a member given twice is; mcp-go's own decoding answered -32600 "unparsable
// tools/call request: json: cannot unmarshal number 1e400 into Go struct field ...", naming
// no argument. Numbers within range, 1e-400 (the tool's to refuse) included, go on.
func TestNumbersBeyondRangeAreRefusedByName(t *testing.T) {
	for _, c := range []struct{ params, want string }{
		{`{"name":"update_app","arguments":{"app":"analytics-app","storage_size_gb":1e400}}`, "params.arguments.storage_size_gb: the number 1e400 is beyond the range"},
		{`{"name":"update_app","arguments":{"app":"analytics-app","replicas":-1E999}}`, "params.arguments.replicas: the number -1E999 is beyond"},
		{`{"name":"update_app","arguments":{"app":"analytics-app","tags":{"a":"b"},"spicepod":{"x":[1,2e308,3]}}}`, "params.arguments.spicepod.x[1]: the number 2e308"},
		{`{"name":"update_app","arguments":{"app":"analytics-app","storage_size_gb":1e-400}}`, ""},
		// audit r20 X2: long literals strconv.ParseFloat misreads without error (1e500 as 1e299,
		// 1e399 as 0) are judged from their digits and exponent; 1 spelt long goes on.
		{`{"name":"update_app","arguments":{"app":"analytics-app","storage_size_gb":1` + strings.Repeat("0", 1000) + `e-500}}`,
			"params.arguments.storage_size_gb: the number 1000000000000000…00000000000e-500 (1,006 characters) is beyond the range"},
		{`{"name":"update_app","arguments":{"app":"analytics-app","spicepod":{"x":-0.` + strings.Repeat("0", 100000) + `1e+100400}}}`,
			"params.arguments.spicepod.x: the number -0.0000000000000…00000001e+100400 (100,012 characters) is beyond the range"},
		{`{"name":"update_app","arguments":{"app":"analytics-app","storage_size_gb":1` + strings.Repeat("0", 1000) + `e-1000}}`, ""},
		{`{"name":"update_app","arguments":{"app":"analytics-app","storage_size_gb":1.7e308,"s":"1e400"}}`, ""},
	} {
		msg := []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":` + c.params + `}`)
		s, ok := inspectMessage(msg)
		if !ok {
			t.Fatalf("%s: not inspected", msg)
		}
		answer, _ := checkText(msg, s)
		switch {
		case c.want == "" && answer != nil:
			t.Errorf("%s: refused: %s", c.params, answer)
		case c.want != "" && (!strings.Contains(string(answer), `"code":-32602`) || !strings.Contains(string(answer), c.want)):
			t.Errorf("%s: %s, want -32602 with %q", c.params, answer, c.want)
		}
	}
}
