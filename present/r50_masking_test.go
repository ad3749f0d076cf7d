package present

import (
	"strings"
	"testing"
)

// r50MaskingEvery returns what each masker shows of in: MaskText, MaskAPIText and
// MaskLogLines (one entry).
func r50MaskingEvery(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// r50MaskingWant checks that every masker shows each input as its want (the input itself when
// want is empty).
func r50MaskingWant(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		if want == "" {
			want = in
		}
		for name, got := range r50MaskingEvery(in) {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// An XML attribute key="…" in an element that also holds a value (value=, content=, or text
// up to its end tag) names that value: it is no credential itself. Ordinary settings stay
// readable; a credential-named one still has its value masked, and a key="…" with nothing
// else in its element (a license key) is still the value.
func TestR50MaskingXMLKeyAttributeNamesTheValue(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		`<entry key="timeout">30</entry>`:                                     "",
		`<entry key='timeout'>30</entry>`:                                     "",
		`<add key="timeout" value="30"/>`:                                     "",
		`<entry key="timeout">30</entry><entry key="retries">3</entry>`:       "",
		`{"xml":"<entry key=\"timeout\">30</entry>"}`:                         "",
		`<entry key="password">S3cret</entry>`:                                `<entry key="password">` + Masked + `</entry>`,
		`<add key="Password" value="S3cret"/>`:                                `<add key="Password" value="` + Masked + `"/>`,
		`<entry key="timeout">30</entry><entry key="password">S3cret</entry>`: `<entry key="timeout">30</entry><entry key="password">` + Masked + `</entry>`,
	})
	for _, in := range []string{`<license key="ABCD1234EFGH"/>`, `<license key="ABCD1234EFGH"></license>`} {
		for name, got := range r50MaskingEvery(in) {
			if strings.Contains(got, "ABCD1234EFGH") {
				t.Errorf("%s(%q) = %q: the key shows", name, in, got)
			}
		}
	}
}
