package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r63Hostile7Credentials are credentials of each shape an agent may paste where a name or a
// text goes: a GitHub token, an OpenAI project key, an AWS access key ID, a JWT and a PEM key.
// Each holds "R63hostile7" (the AWS key: "R63HOSTILE7"), which must never come back.
var r63Hostile7Credentials = []string{
	"ghp_R63hostile7AbCdEfGhIjKlMnOpQrStUvWxYz012345",
	"sk-proj-R63hostile7abcdefghijklmnopq",
	"AKIAR63HOSTILE7EXAMP",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJSNjNob3N0aWxlNyJ9.R63hostile7sigsigsigsig",
	"-----BEGIN PRIVATE KEY-----\nMIIR63hostile7\n-----END PRIVATE KEY-----",
}

// r63Hostile7Leaks reports whether s carries one of r63Hostile7Credentials.
func r63Hostile7Leaks(s string) bool {
	return strings.Contains(strings.ToUpper(s), "R63HOSTILE7")
}

// TestR63Hostile7UnknownArgumentSaysWhyMasked: README shows a value masked "with why" ("(masked:
// it looks like a credential)") in every refusal that quotes one; an unknown argument name, or
// one given twice, holding a credential came back as `Unknown argument "********"` without it,
// so the agent could not tell a mask from a name of asterisks.
func TestR63Hostile7UnknownArgumentSaysWhyMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, c := range r63Hostile7Credentials[:4] {
		for what, got := range map[string]string{
			"unknown": h.fail(t, "list_apps", map[string]any{c: "x"}),
			"twice":   text(h.callRaw(t, "list_apps", `{"`+c+`":1,"`+c+`":2}`)),
			"long":    text(h.callRaw(t, "list_apps", `{"`+c+strings.Repeat("a", 100000)+`":1}`)),
		} {
			if r63Hostile7Leaks(got) || !strings.Contains(got, "(masked: it looks like a credential)") {
				t.Errorf("%s %.12s: want the name masked, with why; got %.400s", what, c, got)
			}
		}
	}
	// An ordinary name is quoted as sent, with no note.
	got := h.fail(t, "list_apps", map[string]any{"limit": 5})
	mustContain(t, "ordinary", got, `Unknown argument "limit"; this tool takes: offset, org`)
}
