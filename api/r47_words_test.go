package api_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// TestR47WordsPatternShownAsECMA: a pattern refusal writes what is not printable ASCII as
// JSON Schema's (ECMA-262) escapes, the dialect a client reading the schema knows: \u00a0,
// and an astral character as its surrogate pair, which ECMA reads as the one character with
// or without the u flag; never Go's \x{a0}.
func TestR47WordsPatternShownAsECMA(t *testing.T) {
	rule := api.Rule{Type: "string", Pattern: "^[^\u00a0\ufeff\x01\x7f\U0001F600]+$"}
	const want = `must match ^[^\u00a0\ufeff\u0001\u007f\ud83d\ude00]+$`
	if got := rule.Check("\u00a0"); got != want {
		t.Errorf("refusal %q, want %q", got, want)
	}
	for _, op := range api.Operations {
		for _, p := range op.Params {
			if p.Name != "instanceName" {
				continue
			}
			msg := p.Rule.Check("a/b")
			if strings.Contains(msg, `\x{`) || !strings.Contains(msg, `\u00a0`) || !strings.Contains(msg, `\u3000\ufeff`) {
				t.Errorf("instanceName refusal %q: want ECMA escapes (\\u00a0, \\u3000\\ufeff)", msg)
			}
		}
	}
}
