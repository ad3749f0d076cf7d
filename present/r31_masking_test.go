package present

import (
	"strings"
	"testing"
)

// TestMaskTypographicValueEndsBeforeCJKProse (round 31): CJK punctuation after a typographic
// closing quote ends the value when CJK text follows (at once or after a run such as 2次), whatever
// that text quotes later, and “”，请… is an empty value before prose; an ASCII run straight after
// the mark that CJK text does not follow is still part of the value.
func TestMaskTypographicValueEndsBeforeCJKProse(t *testing.T) {
	checkMaskedEverywhere(t, [][2]string{
		{"错误：password=“abc123”。请检查“spicepod.yaml”中的设置，然后重新部署。",
			"错误：password=“" + Masked + "”。请检查“spicepod.yaml”中的设置，然后重新部署。"},
		{"エラー：password=「abc123」。設定ファイル「spicepod.yaml」を確認してください。",
			"エラー：password=「" + Masked + "」。設定ファイル「spicepod.yaml」を確認してください。"},
		{"错误：password=“abc123”，2次尝试失败，请检查“config”。",
			"错误：password=“" + Masked + "”，2次尝试失败，请检查“config”。"},
		{"错误：token=“”，请在“设置”页面生成新的令牌。", "错误：token=“”，请在“设置”页面生成新的令牌。"},
		{"パスワード password=「」、設定「spicepod.yaml」を確認", "パスワード password=「」、設定「spicepod.yaml」を確認"},
		// Round 30's: what follows the mark is no CJK text, so the value goes on.
		{"password: “abc”—def-hunter”", "password: “" + Masked + "”"},
		{"password=「abc」、def-hunter」 next", "password=「" + Masked + "」 next"},
		{"token=“”–hunter2", "token=" + Masked},
		{"password=「」、hunter2", "password=" + Masked},
		{"token=“”，hunter2”", "token=“" + Masked + "”"},
	})
}

// TestMaskHTMLEscapedValueEndsBeforeMarkup (round 31): a tag, or sentence punctuation before a
// space or the end, after an escaped closing quote ends the value there, as a space does, so
// the markup and prose after it stay readable.
func TestMaskHTMLEscapedValueEndsBeforeMarkup(t *testing.T) {
	checkMaskedEverywhere(t, [][2]string{
		{"<tr><td>password=&quot;hunter2&quot;</td></tr><tr><td>host=db.internal</td></tr>",
			"<tr><td>password=&quot;" + Masked + "&quot;</td></tr><tr><td>host=db.internal</td></tr>"},
		{"<p>Login failed for password=&quot;x&quot;<br>Check the server log</p>",
			"<p>Login failed for password=&quot;" + Masked + "&quot;<br>Check the server log</p>"},
		{"password: &quot;hunter2&quot;. Next", "password: &quot;" + Masked + "&quot;. Next"},
		{"password: &quot;hunter2&quot;!", "password: &quot;" + Masked + "&quot;!"},
		{`Error: password=\u0022hunter2\u0022. Check your spicepod.`, `Error: password=\u0022` + Masked + `\u0022. Check your spicepod.`},
		// Not a tag, or punctuation before more of the word: the value goes on.
		{"password=&quot;abc&quot;<3hunter2 next", "password=" + Masked + " next"},
		{"password=&quot;abc&quot;.hunter2 next", "password=" + Masked + " next"},
		{"password=&quot;&quot;<b>hunter2 next", "password=" + Masked + " next"},
	})
}

// TestMaskInnerValuesAfterEscapedQuoteFast (round 31): values read inside one an escaped quote
// opened (innerPairEnd) use the closing quotes already found, so a text of many values in
// typographic quotes closed by apostrophes after &quot;&quot;x( masks about as fast as one whose
// quotes close (reading each one typographicReach bytes on made it about 20 times slower).
func TestMaskInnerValuesAfterEscapedQuoteFast(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	const size = 256 << 10
	const prefix = "password=&quot;&quot;x("
	adversarial := prefix + strings.Repeat("pwd=‘’s ", size/len("pwd=‘’s "))
	ordinary := prefix + strings.Repeat("pwd=“” s ", size/len("pwd=“” s "))
	for _, m := range maskers[:3] {
		t.Run(m.name, func(t *testing.T) { checkMasksAsFast(t, m.mask, adversarial, ordinary) })
	}
}
