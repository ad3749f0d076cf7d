package present

import (
	"strings"
	"testing"
)

// TestMaskValueStartingWithHTMLReference (round 25): a value that starts with an HTML character
// reference is masked past it, as a proxy's error page or an HTML-escaped log writes it: a quote's
// reference (&quot;, &#34;, &#39;, &apos;) opens a string the same quote's reference closes, the key
// may be quoted so too (HTML-escaped JSON), and any other whole reference (&amp;, an invisible
// &#8203;, &zwnj;, &shy;) is part of the value, its ";" included, which masks from there to its
// usual end. The next pair after one, or a quoted word that is no value, stays.
func TestMaskValueStartingWithHTMLReference(t *testing.T) {
	checkMaskedEverywhere(t, [][2]string{
		{"pg:password=&quot;hunter2secret&quot;", "pg:password=&quot;" + Masked + "&quot;"},
		{"mysql:{&quot;password&quot;:&quot;hunter3secret&quot;}", "mysql:{&quot;password&quot;:&quot;" + Masked + "&quot;}"},
		{"{&#34;api_key&#34;: &#34;hunter3secret&#34;, &#34;user&#34;: &#34;bob&#34;}",
			"{&#34;api_key&#34;: &#34;" + Masked + "&#34;, &#34;user&#34;: &#34;bob&#34;}"},
		{"odbc:password=&amp;hunter4secret", "odbc:password=" + Masked},
		{"password=&#39;hunter2secret&#39;", "password=&#39;" + Masked + "&#39;"},
		{"password=&apos;hunter2secret&apos; next", "password=&apos;" + Masked + "&apos; next"},
		{"password: &quot;hunter2secret&quot;", "password: &quot;" + Masked + "&quot;"},
		{"token=&#34;hunter2 secret&#34;", "token=&#34;" + Masked + "&#34;"},
		{"client_secret=&quot;hunter2 secret value&quot;", "client_secret=&quot;" + Masked + "&quot;"},
		{"password=&#8203;hunter2secret", "password=" + Masked},
		{"password=&#x200b;hunter2secret x", "password=" + Masked + " x"},
		{"password=&ZeroWidthSpace;hunter2secret", "password=" + Masked},
		{"password=&zwnj;&shy;hunter2secret", "password=" + Masked},
		{"password=&quot;hunter2secret", "password=" + Masked},
		{"password=&amp;user=bob", "password=&amp;user=bob"},
		{"password=&quot;&quot; user=bob", "password=&quot;&quot; user=bob"},
		{"He said &quot;hello&quot;: fine", "He said &quot;hello&quot;: fine"},
	})
	// A spicepod's dataset from: goes through the same rule.
	pod := MaskSpicepod(map[string]any{"datasets": []any{map[string]any{"name": "d", "from": "pg:password=&quot;hunter2secret&quot;"}}})
	if from := pod["datasets"].([]any)[0].(map[string]any)["from"]; from != "pg:password=&quot;"+Masked+"&quot;" {
		t.Errorf("spicepod from: %q", from)
	}
}

// checkMaskedEverywhere checks that MaskText, MaskAPIText and MaskLogLines turn each case's
// text into its want, none showing "hunter".
func checkMaskedEverywhere(t *testing.T, cases [][2]string) {
	t.Helper()
	for _, c := range cases {
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
