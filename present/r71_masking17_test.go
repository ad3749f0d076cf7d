package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR71Masking17HomoglyphTokenInNotASCIIQuotes (held: hostile15's note): a token written
// with Cyrillic look-alikes inside it (from its prefix on, or in its body), each of the R66
// families, inside beyond-ASCII quotes (“…”, «…», 「…」, „…“, ‹…›, ＂…＂), is masked by MaskText,
// MaskLogLines and the beyond-ASCII refusals' quote: none shows it, read back as Latin.
func TestR71Masking17HomoglyphTokenInNotASCIIQuotes(t *testing.T) {
	quotes := [][2]string{{"", ""}, {"“", "”"}, {"«", "»"}, {"「", "」"}, {"„", "“"}, {"‘", "’"}, {"『", "』"}, {"‹", "›"}, {"《", "》"}, {"＂", "＂"}, {`"`, `"`}}
	n := 0
	for _, k := range testutil.R66HostileTokens() {
		for _, from := range []int{0, 4, 10} {
			h := testutil.Homoglyph(k.Value, from)
			if h == k.Value {
				continue
			}
			if got := ArgSecretNameNotASCII(h); k.Leaked(testutil.Latin(got)) {
				t.Errorf("%s from %d: the refusal shows it: %s", k.Family, from, got)
			}
			for _, q := range quotes {
				n++
				in := "secret name " + q[0] + h + q[1] + " refused"
				if got := MaskText(in); k.Leaked(testutil.Latin(got)) {
					t.Errorf("MaskText(%q) = %q", in, got)
				}
				if got := MaskLogLines([]string{in})[0]; k.Leaked(testutil.Latin(got)) {
					t.Errorf("MaskLogLines(%q) = %q", in, got)
				}
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d placements", n)
	}
}

// TestR71Masking17EncodedUserinfoPastRawSeparators: a percent-encoded URL's password holding a
// raw "&", ";" or "," is masked to the last %40, as a plain URL's is (the userinfo was read
// to the separator, where no %40 stood, and shown whole); a query's next parameter
// (&email=bob%40…) and a host listed before an address (example.com,bob%40…) stay.
func TestR71Masking17EncodedUserinfoPastRawSeparators(t *testing.T) {
	for in, want := range map[string]string{
		"postgres%3A%2F%2Fadmin%3Ap&ssR71word%40db.example.com%2Fx":      "postgres%3A%2F%2F********%40db.example.com%2Fx",
		"postgres%3A%2F%2Fadmin%3Ap;ssR71word%40db.example.com%2Fx":      "postgres%3A%2F%2F********%40db.example.com%2Fx",
		"postgres%3A%2F%2Fadmin%3Ap,ssR71word%40db.example.com%2Fx":      "postgres%3A%2F%2F********%40db.example.com%2Fx",
		"dsn=mysql%3a%2f%2froot%3aa&b;c,dR71%40db%3a3306%2fapp done":     "dsn=mysql%3a%2f%2f********%40db%3a3306%2fapp done",
		"postgres%3A%2F%2Fadmin%3Ap%40R71ss&word%40db.example.com%2Fx":   "postgres%3A%2F%2F********%40db.example.com%2Fx",
		"?next=https%3A%2F%2Fexample.com&email=bob%40example.com":        "?next=https%3A%2F%2Fexample.com&email=bob%40example.com",
		"?next=https%3A%2F%2Fexample.com,bob%40example.com":              "?next=https%3A%2F%2Fexample.com,bob%40example.com",
		"?a=https%3A%2F%2Fexample.com%3A8080&b=c&d=e%40f":                "?a=https%3A%2F%2Fexample.com%3A8080&b=c&d=e%40f",
		"https%3A%2F%2Fu%3Ap%40h.example%2Fx&y=1":                        "https%3A%2F%2F********%40h.example%2Fx&y=1",
		"see https%3A%2F%2Fdocs.spice.ai%2Fapi; then https%3A%2F%2Fx.io": "see https%3A%2F%2Fdocs.spice.ai%2Fapi; then https%3A%2F%2Fx.io",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
		if got := MaskLogLines([]string{in})[0]; strings.Contains(got, "R71") || strings.Contains(want, "********") != strings.Contains(got, "********") {
			t.Errorf("MaskLogLines(%q) = %q", in, got)
		}
	}
}

// r71Masking17Breaks are the ways a line is broken inside a token: a log's line break (with
// the next line's indentation, or CRLF), a line separator, NEL, and a break written out.
var r71Masking17Breaks = []string{"\n", "\n    ", "\r\n", "\u2028", "\u0085", "\n\t", `\n`}

// r71Masking17Wrapped are round 69-71's families of no fixed length or with a head (Doppler's
// service and CLI tokens, GitLab's CI/CD job tokens, AWS Bedrock's keys, PlanetScale's, Sentry's
// and Grafana Cloud's tokens), which moreTokenJoinedAt did not follow across a break.
var r71Masking17Wrapped = []string{
	"dp.st." + r69H13A(43), "dp.st.prd." + r69H13A(43), "dp.st.dev_eu-1." + r69H13A(40), "dp.ct." + r69H13A(43),
	"glcbt-64_" + r69H13A(20), "glcbt-12345_" + r69H13A(20), "ABSK" + strings.Repeat("QmVkcm9jay", 11),
	"pscale_tkn_" + r69H13A(40), "pscale_pw_" + r69H13A(40), "sntrys_eyJ" + r69H13A(70), "glc_eyJ" + r69H13A(40),
}

// TestR71Masking17WrappedTokensOfNoFixedLength: each of those tokens cut by each break short of
// its least length (or inside a fixed body after its head) is masked whole by MaskText and
// MaskLogLines; all 154 placements showed the rest after the break before. Their near
// misses cut so stay, and a break after a whole token ends it.
func TestR71Masking17WrappedTokensOfNoFixedLength(t *testing.T) {
	for _, v := range r71Masking17Wrapped {
		head := morePrefixAt(v) // where the body starts: past the prefix and a head
		for _, k := range moreTokens {
			if k.head != nil && strings.HasPrefix(v, k.prefix) {
				head = k.head(v, head)
			}
		}
		for _, cut := range []int{head + 1, head + 14} {
			for _, br := range r71Masking17Breaks {
				in := "token: " + v[:cut] + br + v[cut:] + " end"
				if got := MaskText(in); strings.Contains(got, v[cut:cut+6]) || strings.Contains(got, v[head:cut]) || !strings.HasSuffix(got, " end") {
					t.Errorf("MaskText(%q) = %q", in, got)
				}
				if got := MaskLogLines([]string{in})[0]; strings.Contains(got, v[cut:cut+6]) || strings.Contains(got, v[head:cut]) || !strings.HasSuffix(got, " end") {
					t.Errorf("MaskLogLines(%q) = %q", in, got)
				}
			}
		}
	}
	for _, in := range []string{
		"dp.ct.docs\nmore text", "dp.st.prd.docs\nread more", "glcbt-64_short\nnext", "pscale_tkn_rotation\nstep two",
		"ABSK\nQmVkcm9jay is a word", "dp.ct." + r69H13A(20) + "\n" + r69H13A(10) + " words", // 30: short of 40
		"dp.ct." + r69H13A(20) + "\n" + r69H13A(20) + "-more", // runs on into a word? "-" ends it: masked below
	} {
		got := MaskText(in)
		if strings.HasSuffix(in, "-more") {
			if strings.Contains(got, r69H13A(20)) {
				t.Errorf("MaskText(%q) = %q", in, got)
			}
			continue
		}
		if got != in {
			t.Errorf("near miss: MaskText(%q) = %q", in, got)
		}
	}
	whole := "dp.ct." + r69H13A(43)
	if got := MaskText(whole + "\nNext step"); got != Masked+"\nNext step" {
		t.Errorf("a break after a whole token: %q", got)
	}
}
