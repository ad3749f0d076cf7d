package mcpserver

import (
	"strings"
	"testing"
)

// TestNumberBeyondRangeIsQuotedShort (audit r21): the -32602 answer to a number beyond a
// double's range quotes it as its start and end with its length: a 4 MB number got a 4 MB
// answer.
func TestNumberBeyondRangeIsQuotedShort(t *testing.T) {
	for _, c := range []struct{ num, want string }{
		{"1" + strings.Repeat("0", 4_000_000), "the number 1000000000000000…0000000000000000 (4,000,001 characters) is beyond"},
		{"-1e1" + strings.Repeat("0", 100_000), "the number -1e1000000000000…0000000000000000 (100,004 characters) is beyond"},
		{"-1E999", "the number -1E999 is beyond"},
	} {
		msg := []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"update_app","arguments":{"app":"analytics-app","storage_size_gb":` + c.num + `}}}`)
		s, ok := inspectMessage(msg)
		if !ok {
			t.Fatal("not inspected")
		}
		answer, _ := checkText(msg, s)
		if !strings.Contains(string(answer), `"code":-32602`) || !strings.Contains(string(answer), c.want) {
			t.Errorf("%.60s: %.300s, want -32602 with %q", c.num, answer, c.want)
		}
		if len(answer) > 1000 {
			t.Errorf("%.60s: an answer of %d bytes", c.num, len(answer))
		}
	}
}
