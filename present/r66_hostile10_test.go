package present

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r66Hostile10Contexts are where a token stands in a text: alone, in prose, a branch, a tag, a
// URL, JSON, Markdown, after escapes, run on by a name's separators (npm_…_old, SG.…-x), and
// glued to other tokens (%s%s%s: npm_…npm_…npm_…).
var r66Hostile10Contexts = []string{
	"%s", "see %s", "ci/%s", "v1-%s", "feature/%s", "%s.", "(%s)", "key %s here", `"%s"`, "x_%s",
	"x=%s", "https://h.example/%s/x", "https://h.example/?q=%s", "`%s`", `{"v":"%s"}`, `a\u00a0%s`,
	"a%20%s", `%s\n`, "[%s](x)", "name: %s", "- %s", "'%s'", "<%s>", "%s_x", "%s_old", "%s-x",
	"%s/x", "%s:x", "@%s", "#%s", "refs/heads/%s", "%s%s", "%s%s%s", "1%s", "A%s",
}

// TestR66Hostile10TokenFamiliesMaskedWhereverTheyStand: a token of every family, in every
// context, is masked by MaskText and MaskAPIText and refused as a kept argument. Before, a
// token of fixed length followed by an underscore (npm_…_old, dapi…_x, AKIA…_x, dop_v1_…_x,
// shpat_…_x), a SendGrid key followed by -x, and a Twilio API key's SID (SK and 32
// hexadecimal digits) anywhere were shown, and so were two tokens of fixed length glued
// three or more in a chain (npm_…npm_…npm_…, dapi…dapi…dapi…), which README says are masked.
func TestR66Hostile10TokenFamiliesMaskedWhereverTheyStand(t *testing.T) {
	for _, k := range testutil.R66HostileTokens() {
		for _, c := range r66Hostile10Contexts {
			s := strings.ReplaceAll(c, "%s", k.Value)
			if got := MaskText(s); k.Leaked(got) {
				t.Errorf("%s in %q: MaskText shows it: %.160q", k.Family, c, got)
			}
			if got := MaskAPIText(s); k.Leaked(got) {
				t.Errorf("%s in %q: MaskAPIText shows it: %.160q", k.Family, c, got)
			}
			for _, prose := range []bool{false, true} {
				if got := ArgCredential(s, prose, KeptWithApp); got == "" || k.Leaked(got) {
					t.Errorf("%s in %q (prose %v): want it refused, masked: %.160q", k.Family, c, prose, got)
				}
			}
		}
	}
}

// TestR66Hostile10OrdinaryValuesKept: ~200 ordinary values (branches, package names, commit
// messages, UUIDs, digests, image tags, Kubernetes names) are neither masked nor refused;
// sk-learnUpgradeToVersion15WithNewEstimators was refused as an sk- key. What is shaped
// exactly as a credential is masked (the safe side, README says so).
func TestR66Hostile10OrdinaryValuesKept(t *testing.T) {
	values := testutil.R66OrdinaryValues()
	if len(values) < 190 {
		t.Fatalf("the corpus has %d values", len(values))
	}
	for _, v := range values {
		if got := MaskText(v); got != v {
			t.Errorf("MaskText(%q) = %q", v, got)
		}
		if got := MaskAPIText(v); got != v {
			t.Errorf("MaskAPIText(%q) = %q", v, got)
		}
		for _, prose := range []bool{false, true} {
			if got := ArgCredential(v, prose, KeptWithApp); got != "" {
				t.Errorf("%q (prose %v) refused: %s", v, prose, got)
			}
		}
	}
	for _, v := range testutil.R66SafeSide() {
		if got := MaskText(v); got != Masked {
			t.Errorf("safe side: MaskText(%q) = %q", v, got)
		}
	}
}

// TestR66Hostile10RandomKeysReadAsNoWords: camelWords, which keeps a bare sk- followed by
// words in camel case, takes no random key body of 48 characters (an OpenAI key's) for words
// in 200,000 seeded draws, and fewer than 1 in 1,000 of the shortest masked, 20.
func TestR66Hostile10RandomKeysReadAsNoWords(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	r := rand.New(rand.NewPCG(66, 10))
	for _, c := range []struct{ n, most int }{{48, 0}, {20, 200}} {
		words, body := 0, make([]byte, c.n)
		for range 200_000 {
			for i := range body {
				body[i] = alphabet[r.IntN(len(alphabet))]
			}
			if camelWords(string(body)) {
				words++
			}
		}
		if words > c.most {
			t.Errorf("%d of 200,000 random bodies of %d characters read as words (at most %d)", words, c.n, c.most)
		}
	}
}
