package present

import "testing"

// TestMaskValueInEscapedOrTypographicQuotes (round 27): a value quoted by a quote's HTML
// reference escaped again (&amp;quot;, \&quot;, \u0026quot;, \\u0026amp;#34;), as HTML-escaped
// text reads once more escaped in JSON or HTML, or by typographic quotes (“…”, „…“, «…», ‘…’),
// is masked whole, the key so quoted too; an apostrophe inside (it’s) does not end it, and one
// never closed masks to the end, as an ASCII quote does. Words so quoted that are no value stay.
func TestMaskValueInEscapedOrTypographicQuotes(t *testing.T) {
	checkMaskedEverywhere(t, [][2]string{
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
		// Round 28: an escaped quote never closed (a text cut short) masks the value after it;
		// a typographic quote closed before sentence punctuation ends the value there, and one
		// closed before more of a word makes one value of both, as ASCII quotes do.
		{"{&amp;quot;password&amp;quot;: &amp;quot;hunter2", "{&amp;quot;password&amp;quot;: " + Masked},
		{`{\u0026quot;password\u0026quot;: \u0026quot;hunter2`, `{\u0026quot;password\u0026quot;: ` + Masked},
		{`{\&quot;password\&quot;: \&quot;hunter2`, `{\&quot;password\&quot;: ` + Masked},
		{"password: &amp;#39;hunter2 after never closed", "password: " + Masked}, // round 29: to the end
		{"password: “hunter2”. Next sentence stays.", "password: “" + Masked + "”. Next sentence stays."},
		{"The api_key: « hunter2 ». Merci de réessayer.", "The api_key: «" + Masked + "». Merci de réessayer."},
		{"Is the password: “hunter2”? More prose.", "Is the password: “" + Masked + "”? More prose."},
		{"(password: “hunter2”). More prose.", "(password: “" + Masked + "”). More prose."},
		{"password: “hunter2”x more", "password: " + Masked + " more"},
		{"Your token: ’s fine, really.", "Your token: " + Masked + " fine, really."},
		{"‘password’: hunter2", "‘password’: " + Masked},
	})
	if got, want := MaskText("secret: “hunter2”.\nnext line stays"), "secret: “"+Masked+"”.\nnext line stays"; got != want {
		t.Errorf("MaskText = %q, want %q", got, want)
	}
}
