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
	if got, want := CompletionContextInvalid("app", "must be an app name."), "Invalid params: context \"app\": must be an app name. What to do: Correct it."; got != want {
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

// TestR68Hostile12FamiliesAsSourcesSay: where gitleaks' rule reads a family wider than ours did,
// a real key escaped: Groq's gsk_ and 48 letters and digits (gitleaks; trufflehog's 52 was the
// only length read), LangSmith's 32 and 10 lower-case letters and digits (hexadecimal digits
// only were read), New Relic's NRAK- and 27 of either case (capitals only). Each is masked now,
// a length between them or beyond them is not.
func TestR68Hostile12FamiliesAsSourcesSay(t *testing.T) {
	alnum := strings.Repeat("R68hostile12AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", 2)
	lower := strings.Repeat("r68hostile12xyz0123456789", 2)
	for _, v := range []string{"gsk_" + alnum[:48], "gsk_" + alnum[:52], "lsv2_pt_" + lower[:32] + "_" + lower[:10],
		"lsv2_sk_" + lower[:32] + "_" + lower[:10], "NRAK-" + strings.ToLower(alnum[:27]), "NRAK-" + alnum[:27]} {
		if got := MaskText("key " + v + " end"); got != "key "+Masked+" end" {
			t.Errorf("MaskText(%q) = %q", v, got)
		}
	}
	for _, v := range []string{"gsk_" + alnum[:50], "gsk_" + alnum[:47], "gsk_" + alnum[:53], "lsv2_pt_" + lower[:31] + "_" + lower[:10], "NRAK-" + alnum[:26]} {
		if got := MaskText("key " + v + " end"); got != "key "+v+" end" {
			t.Errorf("MaskText(%q) = %q, want it kept", v, got)
		}
	}
}
