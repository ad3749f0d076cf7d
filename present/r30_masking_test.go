package present

import "testing"

// TestMaskEscapedQuoteClosesOnlyBeforeAnEnd (round 30): a value opened by an escaped quote
// (JSON's \u0027 or \u0022, an HTML reference) ends at the next one only when what follows it may
// end a string, as with an ASCII quote: "ab"cd and ""x are one value, quotes and all, so a
// quote inside a password shows none of it.
func TestMaskEscapedQuoteClosesOnlyBeforeAnEnd(t *testing.T) {
	checkMaskedEverywhere(t, [][2]string{
		{`{"msg":"connect PWD=\u0027\u0027\u0027hunter2\u0027; Server=db","level":"info"}`,
			`{"msg":"connect PWD=` + Masked + `; Server=db","level":"info"}`},
		{`{"msg":"password=\u0027it\u0027s-hunter2\u0027","level":"info"}`,
			`{"msg":"password=` + Masked + `","level":"info"}`},
		{`password=\u0022\u0022hunter2 next`, `password=` + Masked + ` next`},
		{`password=&quot;abc\u0022hunter2 next`, `password=` + Masked + ` next`},
		{`token: &#39;abc\u0027s-hunter2 next`, `token: ` + Masked + ` next`},
		// Closed before a space, a separator or the end: what is inside the quotes.
		{`{"msg":"password=\u0027hunter2\u0027","level":"info"}`, `{"msg":"password=\u0027` + Masked + `\u0027","level":"info"}`},
		{`password=&quot;hunter2&quot; next`, `password=&quot;` + Masked + `&quot; next`},
		{`password=\u0022\u0022 token=hunter3`, `password=\u0022\u0022 token=` + Masked},
		// A credential's key next to the closing quote is read as a key; one inside a value read
		// whole takes that value on as far as its own value goes.
		{`password=\u0022password\u0022=hunter2 next`, `password=` + Masked + ` next`},
		{`password=&apos;x y&apos;pass":"hunter2"`, `password=&apos;` + Masked + `&apos;pass":"` + Masked + `"`},
		{`api_key=\&quot;&#34;xsecret\":\"hunter2;hunter3"`, `api_key=` + Masked + `"`},
	})
}

// TestMaskTypographicValueGoesOnAfterCJKPunctuationOrDash (round 30): CJK punctuation or a dash
// after a typographic closing quote ends the value only before a space, the end, prose (letters,
// CJK text) or the next pair; before a digit, a symbol or another closing quote the value goes
// on, and an empty quoted value followed by more than a space is one value, quotes and all.
func TestMaskTypographicValueGoesOnAfterCJKPunctuationOrDash(t *testing.T) {
	checkMaskedEverywhere(t, [][2]string{
		{"password: “abc”—def-hunter”", "password: “" + Masked + "”"},
		{"password: “abc”—def-hunter” and then", "password: “" + Masked + "” and then"},
		{"password=「abc」、def-hunter」 next", "password=「" + Masked + "」 next"},
		{"token=“”–hunter2", "token=" + Masked},
		{"password=「」、hunter2", "password=" + Masked},
		{"password: “abc”—hunter2 retry", "password: " + Masked + " retry"},
		// Prose and the next pair after the mark still end the value.
		{"password: “hunter2”—then retry", "password: “" + Masked + "”—then retry"},
		{"password=「hunter2」、token=「hunter3」 次", "password=「" + Masked + "」、token=「" + Masked + "」 次"},
		{"password: “”. Next", "password: “”. Next"},
	})
}
