package cli_test

import (
	"strings"
	"testing"
)

// TestR61Hostile5UnknownNamesNotLogged: README says tool arguments are never logged and logs mask
// what results mask. An agent's tools/call of a name no tool has, a prompts/get and a
// resources/read of a view of no tool (spice://nope/…), each holding an API key, and get_app
// given it as the app, at --log-level debug in both formats: stderr never holds the key, and
// stdout only JSON-RPC (await fails on any other line); no answer holds it either. Held for the
// logs (the answers: TestR61Hostile5UnknownToolInOurWords, TestR61Hostile5AppRefCredentialMasked).
func TestR61Hostile5UnknownNamesNotLogged(t *testing.T) {
	const key = "sk-proj-R61hostile5LogQx7aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"
	for _, format := range []string{"text", "json"} {
		s := startStdio(t, nil, "--sandbox", "--log-level", "debug", "--log-format", format)
		s.send(initialize, initialized,
			`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"`+key+`","arguments":{"secret":"`+key+`"}}}`,
			`{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"`+key+`"}}`,
			`{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"spice://nope/`+key+`"}}`,
			`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"`+key+`"}}}`)
		for id := 2.0; id <= 5; id++ {
			if msg := s.await(id); strings.Contains(string(msg.Error)+string(msg.Result), "R61hostile5Log") {
				t.Errorf("%s: answer %v holds the key: %s%s", format, id, msg.Error, msg.Result)
			}
		}
		if code := s.stop(); code != 0 {
			t.Errorf("%s: exit %d", format, code)
		}
		if got := s.stderr.String(); strings.Contains(got, "R61hostile5Log") || !strings.Contains(strings.ToLower(got), "get_app") {
			t.Errorf("%s: stderr holds the key, or logs no call:\n%s", format, got)
		}
	}
}
