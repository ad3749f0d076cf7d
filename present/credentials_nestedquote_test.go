package present

import (
	"strings"
	"testing"
)

// TestMaskValueInEscapedOrTypographicQuotes (round 27): a value quoted by a quote's HTML
// reference escaped again (&amp;quot;, \&quot;, \u0026quot;, \\u0026amp;#34;), as HTML-escaped
// text reads once more escaped in JSON or HTML, or by typographic quotes (“…”, „…“, «…», ‘…’),
// is masked whole, the key so quoted too; an apostrophe inside (it’s) does not end it, and one
// never closed masks to the end, as an ASCII quote does. Words so quoted that are no value stay.
func TestMaskValueInEscapedOrTypographicQuotes(t *testing.T) {
	for _, c := range [][2]string{
		{"password=&amp;quot;hunter2 secret&amp;quot; next", "password=&amp;quot;" + Masked + "&amp;quot; next"},
		{`password=\&quot;hunter2 secret\&quot; next`, `password=\&quot;` + Masked + `\&quot; next`},
		{`password=\u0026quot;hunter2 secret\u0026quot; next`, `password=\u0026quot;` + Masked + `\u0026quot; next`},
		{`password=\\u0026amp;#34;hunter2 secret\\u0026amp;#34; next`, `password=\\u0026amp;#34;` + Masked + `\\u0026amp;#34; next`},
		{"password=&amp;#39;hunter2 secret&amp;#39; next", "password=&amp;#39;" + Masked + "&amp;#39; next"},
		{"{&amp;quot;password&amp;quot;:&amp;quot;hunter2 secret&amp;quot;}", "{&amp;quot;password&amp;quot;:&amp;quot;" + Masked + "&amp;quot;}"},
		{`{\u0026quot;token\u0026quot;:\u0026quot;hunter2 secret\u0026quot;}`, `{\u0026quot;token\u0026quot;:\u0026quot;` + Masked + `\u0026quot;}`},
		{"password=“hunter2 secret” next", "password=“" + Masked + "” next"},
		{"password: «hunter2 secret», next", "password: «" + Masked + "», next"},
		{"password=„hunter2 secret“ next", "password=„" + Masked + "“ next"},
		{"password=‘it’s hunter2 secret’ next", "password=‘" + Masked + "’ next"},
		{"password=“hunter2 never closed", "password=“" + Masked},
		{"{“password”: “hunter2 secret”}", "{“password”: “" + Masked + "”}"},
		{"«password»=hunter2secret x", "«password»=" + Masked + " x"},
		{"He said &amp;quot;hello&amp;quot;: fine", "He said &amp;quot;hello&amp;quot;: fine"},
		{"He said “hello”: fine", "He said “hello”: fine"},
		{"password=&amp;user=bob", "password=&amp;user=bob"},
	} {
		for name, mask := range map[string]func(string) string{
			"MaskText": MaskText, "MaskAPIText": MaskAPIText,
			"MaskLogLines": func(s string) string { return MaskLogLines([]string{s})[0] },
		} {
			got := mask(c[0])
			if got != c[1] {
				t.Errorf("%s(%q) = %q, want %q", name, c[0], got, c[1])
			}
			if strings.Contains(got, "hunter") {
				t.Errorf("%s(%q) = %q shows the value", name, c[0], got)
			}
		}
	}
}
