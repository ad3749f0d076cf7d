package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR68Hostile12CompletionContextMasked: CompletionContextInvalid quoted the context argument's
// name with a plain %q where every other refusal quotes what a client sent masked (QuotedURI):
// a name holding a credential was shown whole. An ordinary name reads as before.
func TestR68Hostile12CompletionContextMasked(t *testing.T) {
	for _, k := range testutil.R66HostileTokens() {
		if got := CompletionContextInvalid("x "+k.Value, "must be an app name"); k.Leaked(got) || !strings.Contains(got, maskedWhy) {
			t.Errorf("%s: %s", k.Family, got)
		}
	}
	if got, want := CompletionContextInvalid("app", "must be an app name."), `Invalid params: context argument "app": must be an app name.`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// r68Hostile12Families are the tokens of round 67's families (tokenfamilies.go, skHexAt) and
// their prefixes, from testutil's table.
func r68Hostile12Families(t *testing.T) map[string]string {
	prefixes := map[string]string{"OpenRouter": "sk-or-v1-", "DeepSeek": "sk-", "Groq": "gsk_", "xAI": "xai-",
		"Perplexity": "pplx-", "Replicate": "r8_", "LangSmith": "lsv2_pt_", "New Relic": "NRAK-"}
	tokens := map[string]string{}
	for _, k := range testutil.R66HostileTokens() {
		if p, ok := prefixes[k.Family]; ok {
			tokens[k.Value] = p
		}
	}
	if len(tokens) != len(prefixes) {
		t.Fatalf("%d of round 67's families in testutil's table, want %d", len(tokens), len(prefixes))
	}
	return tokens
}

// TestR68Hostile12NewFamiliesAcrossLineBreaks: round 67's families were not followed over a
// line break, as AKIA's, ghp_'s and AIza's are (joinedBody): a token a log wrapped ("log:
// gsk_R66hostile10AbCdEfGhIjKl\n  MnOpQr… end") was shown whole, its first part too short to
// read as one. Cut anywhere after its prefix, by \n, \r\n, an indented line, U+2028 or %0A, each
// is masked whole, breaks included; parts that do not complete it exactly stay.
func TestR68Hostile12NewFamiliesAcrossLineBreaks(t *testing.T) {
	for v, prefix := range r68Hostile12Families(t) {
		for _, sep := range []string{"\n", "\r\n", "\n    ", "\u2028", "%0A"} {
			for p := len(prefix); p < len(v); p++ {
				s := "log: " + v[:p] + sep + v[p:] + " end"
				if got := MaskText(s); got != "log: "+Masked+" end" {
					t.Errorf("MaskText(%q) = %q", s, got)
				}
			}
		}
		body := v[len(prefix):]
		for _, s := range []string{
			"log: " + prefix + body[:10] + "\n" + body[10:len(body)-1] + " end", // one short
			"log: " + prefix + body[:10] + "\n" + body[10:] + "0 end",           // one more
			"log: " + prefix + body[:10] + "\n" + body[10:20] + " " + body[20:], // a space is no break
			prefix + "config\nvalue",
			`k = "` + prefix + body[:10] + `" + "` + body[10:] + `"`, // README: quotes and a concatenation are not joined
		} {
			if got := MaskText(s); got != s {
				t.Errorf("MaskText(%q) = %q, want it kept", s, got)
			}
		}
	}
	// LangSmith's separator stands where its parts meet, or the text is none of its keys.
	for _, s := range []string{"lsv2_pt_" + strings.Repeat("a", 31) + "\n_" + strings.Repeat("b", 11), "lsv2_pt_" + strings.Repeat("a", 33) + "\n" + strings.Repeat("b", 9)} {
		if got := MaskText(s); got != s {
			t.Errorf("MaskText(%q) = %q, want it kept", s, got)
		}
	}
}
