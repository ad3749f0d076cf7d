package present

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMaskUnclosedEscapedQuoteToEnd (round 29): a value opened by an escaped spelling of a
// quote (an HTML reference, escaped again or not, or JSON's \u0022) that is never closed masks
// to the end, as an unclosed ASCII quote does (a text cut short), not its first word alone;
// an enclosing JSON string still ends it.
func TestMaskUnclosedEscapedQuoteToEnd(t *testing.T) {
	var cases [][2]string
	for _, quote := range []string{"&quot;", "&#34;", "&#x22;", "&#39;", "&#x27;", "&apos;", `\&quot;`, `\&#39;`,
		"&amp;quot;", "&amp;#39;", `\u0026quot;`, `\\u0026amp;#34;`, `\u0022`, `\u0027`, `\\u0022`} {
		cases = append(cases,
			[2]string{"password=" + quote + "hunter2 horse battery staple", "password=" + Masked},
			[2]string{"level=info msg=connecting password=" + quote + "hunter2 horse battery staple user=bob",
				"level=info msg=connecting password=" + Masked},
			[2]string{"token: " + quote + "hunter2 horse battery staple", "token: " + Masked})
	}
	cases = append(cases,
		[2]string{`{"msg":"dsn password=\&quot;hunter2 horse battery staple","level":"info"}`,
			`{"msg":"dsn password=` + Masked + `","level":"info"}`},
		[2]string{`{"msg":"dsn password=\u0022hunter2 horse battery staple","level":"info"}`,
			`{"msg":"dsn password=` + Masked + `","level":"info"}`},
		[2]string{"password: &amp;#39;hunter2 after never closed", "password: " + Masked},
		// JSON's escape of a quote, closed, quotes a value and a key as its HTML reference does.
		[2]string{`password=\u0022hunter2 horse\u0022 next`, `password=\u0022` + Masked + `\u0022 next`},
		[2]string{`{\u0022password\u0022:\u0022hunter2 horse\u0022, \u0022user\u0022:\u0022bob\u0022}`,
			`{\u0022password\u0022:\u0022` + Masked + `\u0022, \u0022user\u0022:\u0022bob\u0022}`},
	)
	checkMaskedEverywhere(t, cases)
	for _, c := range cases {
		if got := MaskText(c[0]); strings.Contains(got, "staple") || strings.Contains(got, "horse") {
			t.Errorf("MaskText(%q) = %q shows the secret", c[0], got)
		}
	}
}

// TestMaskTypographicValueBeforeCJKPunctuationOrDash (round 29): a typographic closing quote
// followed by CJK punctuation or a dash ends the value, as before a period: the prose after
// it is kept and the next pair is read and masked.
func TestMaskTypographicValueBeforeCJKPunctuationOrDash(t *testing.T) {
	cases := [][2]string{
		{"password: “hunter2”—then retry", "password: “" + Masked + "”—then retry"},
		{"password: “hunter2” – then retry", "password: “" + Masked + "” – then retry"},
		{"password: “hunter2”–token=hunter3", "password: “" + Masked + "”–" + "token=" + Masked},
		{"password: “hunter2”。次の手順を実行してください。", "password: “" + Masked + "”。次の手順を実行してください。"},
		{"password: 「hunter2」、再試行してください", "password: 「" + Masked + "」、再試行してください"},
	}
	for _, punct := range []string{"。", "、", "，", "！", "？", "：", "；", "—", "–"} {
		cases = append(cases,
			[2]string{"password=“hunter2”" + punct + "token=“hunter3” 次", "password=“" + Masked + "”" + punct + "token=“" + Masked + "” 次"},
			[2]string{"password=「hunter2」" + punct + "api_key=hunter3 次", "password=「" + Masked + "」" + punct + "api_key=" + Masked + " 次"},
			[2]string{"password: “hunter2”" + punct + "请重试", "password: “" + Masked + "”" + punct + "请重试"})
	}
	checkMaskedEverywhere(t, cases)
}

// TestClosingTypographicRemembered (round 29): reading the values of a text in order with the
// closers remembered (typographicEnds) finds what closingTypographic finds for each alone.
func TestClosingTypographicRemembered(t *testing.T) {
	// Each offset's closingTypographic reads up to typographicReach bytes past the first closer:
	// 12 s of CPU under the race detector. There the repeated texts are a tenth as long, and the
	// long one passes typographicReach from its first offsets only (the values read from those
	// end past the reach; later ones, at the closer beyond it).
	repeats, before, after := 1, 5000, 5000
	if raceDetector {
		repeats, before, after = 10, 100, typographicReach
	}
	texts := []string{
		"password: ‘it’s a word ’. and ‘more’ x",
		strings.Repeat("a ‘it’s b ", 600/repeats) + "’. end ‘x’, ‘y",
		strings.Repeat("“a”b „c“ «d» e” ", 400/repeats) + "” tail",
		"«x»y »z« «w»! ‹a› 「b」。『c』 ＂d＂ ＇e＇",
		strings.Repeat("x", before) + "’y" + strings.Repeat("z", after) + "’.",
		"",
	}
	for _, s := range texts {
		for _, closers := range typographicQuotes {
			var quotes typographicEnds
			for from := 0; from <= len(s); from++ {
				wantEnd, wantFirst := closingTypographic(s, from, closers)
				if end, first := quotes.closingTypographic(s, from, closers); end != wantEnd || first != wantFirst {
					t.Fatalf("%.40q from %d, closers %q: (%d, %d), want (%d, %d)", s, from, closers, end, first, wantEnd, wantFirst)
				}
				from += from % 7 // skip some, as values do
			}
		}
	}
}

// TestMaskApostrophesWithoutClosingQuoteFast (round 29): a text of many values in
// typographic quotes whose closers are apostrophes (‘it’s …) masks about as fast as one of the
// same shape whose quotes close (each value read typographicReach bytes on made it 16–40
// times slower). Times are compared side by side in one run, best of several.
func TestMaskApostrophesWithoutClosingQuoteFast(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector; .ci/run runs this test without -race")
	}
	const size = 256 << 10
	for _, pair := range [][2]string{
		{"password: ‘it’s a word ", "password: “it” a word "},
		{"token=“it”s x ", "token=“it” sx "},
		{"Bearer a=‘it’s ", "Bearer a=“it” "},
	} {
		adversarial, ordinary := strings.Repeat(pair[0], size/len(pair[0])), strings.Repeat(pair[1], size/len(pair[1]))
		for _, m := range maskers[:3] {
			t.Run(fmt.Sprintf("%s/%q", m.name, pair[0]), func(t *testing.T) {
				checkMasksAsFast(t, m.mask, adversarial, ordinary)
			})
		}
	}
}

// checkMasksAsFast checks that mask takes less than 4 times as long on adversarial as on
// ordinary, a text of the same size and shape: best of 3 each, side by side, 3 tries. The
// ordinary text's best of 3 is measured first, then the adversarial text's runs one at a time
// until their best is within 4 times it (each run is at least their best of 3: passing on fewer
// runs passes only what the best of 3 passes).
func checkMasksAsFast(t *testing.T, mask func(string), adversarial, ordinary string) {
	t.Helper()
	for try := 0; ; try++ {
		tOrdinary, tAdversarial := time.Duration(1<<62), time.Duration(1<<62)
		for range 3 {
			tOrdinary = min(tOrdinary, timeOnThisThread(func() { mask(ordinary) }))
		}
		var ratio float64
		for range 3 {
			tAdversarial = min(tAdversarial, timeOnThisThread(func() { mask(adversarial) }))
			ratio = float64(tAdversarial) / float64(max(tOrdinary, time.Microsecond))
			if ratio < 4 {
				return
			}
		}
		if try == 2 {
			t.Errorf("%v for %.40q…, %v for %.40q… (%.1f×)", tAdversarial, adversarial, tOrdinary, ordinary, ratio)
			return
		}
	}
}
