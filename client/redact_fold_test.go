package client

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// normalFormValues are values an upstream that normalizes text echoes otherwise: decomposed
// (NFD), by compatibility (NFKC: the ligature "ﬁ", the title-case digraph "ǅ"), and in a case
// that changes length ("ß", "ẞ").
var normalFormValues = []string{"Pässwörd-Geheim-123x", "ǅemal-Ωmega-secret-99", "straße-geheim-Kennwort-7",
	"ﬁnal-secret-ligature-42", "STRAẞE-GEHEIM-Kennwort-8",
	// Two marks on one letter, typed in an order NFC and NFD change (round 24).
	"ש\u05C1\u05B8לוֹם-Secret-1", "Ilé\u0329-secret-123", norm.NFD.String("Ilé\u0329-secret-123")}

// normalForms are v's spellings in every normal form and in upper, lower and folded case (the
// full mappings, which change "ß" to "SS").
func normalForms(v string) map[string]string {
	upper, lower := cases.Upper(language.Und), cases.Lower(language.Und)
	return map[string]string{
		"NFD": norm.NFD.String(v), "NFC": norm.NFC.String(v), "NFKD": norm.NFKD.String(v),
		"NFKC": norm.NFKC.String(v), "upper": upper.String(v), "lower": lower.String(v),
		"fold": cases.Fold().String(v), "NFD upper": norm.NFD.String(upper.String(v)),
		"NFKC lower": norm.NFKC.String(lower.String(v)),
	}
}

// TestRedactNormalForms: a value echoed in another normal form or in a case that changes its
// length is redacted whole, in the text as written and in JSON and HTML spellings, and the
// words around it stay; so is a beginning of it that a shortened text ends with.
func TestRedactNormalForms(t *testing.T) {
	for _, v := range normalFormValues {
		for name, form := range normalForms(v) {
			for _, text := range []string{"rejected: " + form + " (bad)", "rejected: " + jsonSpelling(form, true, true, false, true) + " (bad)"} {
				if got := redact(text, v); got != "rejected: [REDACTED] (bad)" {
					t.Errorf("%s of %q: redact(%q) = %q", name, v, text, got)
				}
			}
			if got := redact("a&#x"+fmt.Sprintf("%x", []rune(form)[0])+";"+string([]rune(form)[1:])+"b", v); got != "a[REDACTED]b" {
				t.Errorf("%s of %q, HTML: %q", name, v, got)
			}
			cut := "x " + form[:len(form)-4]
			for !utf8.ValidString(cut) {
				cut = cut[:len(cut)-1]
			}
			if got := truncateRedacted(cut, 100, v); got != "x [REDACTED]" {
				t.Errorf("%s of %q, shortened: %q", name, v, got)
			}
		}
	}
	for _, tc := range []struct{ value, text, want string }{
		// A stretch ends where the value does: a letter after it stays, and so does a
		// combining mark the text puts on a letter of the value's.
		{"Pässwörd-Geheim-123x", "Pa\u0308sswo\u0308rd-Geheim-123xyz", "[REDACTED]yz"},
		{"final-secret-ligature-42", "x \ufb01nal-secret-ligature-42 y", "x [REDACTED] y"},
		{"strasse-geheim-Kennwort-7", "STRAẞE-GEHEIM-KENNWORT-7", "[REDACTED]"},
		{"Dzemal-secret-99", "\u01f2emal-secret-99 \u01f1EMAL-SECRET-99", "[REDACTED] [REDACTED]"},
		// A different letter is no spelling of the value.
		{"Pässwörd-Geheim-123x", "Passwörd-Geheim-123x Pässword-Geheim-123x", "Passwörd-Geheim-123x Pässword-Geheim-123x"},
	} {
		if got := redact(tc.text, tc.value); got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.text, tc.value, got, tc.want)
		}
	}
	// The error an answer makes (the path set_secret's text comes from).
	for _, v := range normalFormValues {
		for name, form := range normalForms(v) {
			body := fmt.Sprintf(`{"message":"Invalid secret value: %s"}`, form)
			e := answerTo(t, 400, "application/json", body, v)
			for _, shown := range shownLike(e) {
				if !strings.Contains(shown, "Invalid secret value: [REDACTED]") {
					t.Errorf("%s of %q: shown %q", name, v, shown)
				}
			}
		}
	}
}

// TestFoldKeyIsNormalized: every character's key (foldKey) is the key of its NFKC, NFD
// and full case folding, so texts equal under those read alike.
func TestFoldKeyIsNormalized(t *testing.T) {
	fold := cases.Fold()
	for r := rune(0); r <= 0x10ffff; r++ {
		if r >= 0x30000 && r < 0xe0000 || r >= 0xf0000 {
			r = max(r, 0xe0000)
			if r >= 0xf0000 {
				break
			}
		}
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		key := foldKey(s)
		for _, other := range []string{norm.NFKC.String(s), norm.NFD.String(s), fold.String(s), fold.String(norm.NFKD.String(s)), norm.NFKD.String(fold.String(s))} {
			// A form that is the character itself has its key (foldKey is a function of its
			// text): most characters have no other form, and their keys are not computed again.
			if other == s {
				continue
			}
			if k := foldKey(other); k != key {
				t.Fatalf("U+%04X: key %q, of %q: %q", r, key, other, k)
			}
		}
	}
}

// BenchmarkRedactNormalForms: the any-case pass with every character's key against the exact
// case (the fold needles left out), on 1 MiB of decomposed letters, ligatures and U+FDFA (one
// character, 18 of the key's), and of near misses of a value in NFD.
func BenchmarkRedactNormalForms(b *testing.B) {
	const mib = 1 << 20
	sensitive := append([]string{"spice_pat_0123456789abcdefghijklmnopqrstuvwxyzABCDEF"}, normalFormValues...)
	anyCase := newRedactor(sensitive)
	exact := newRedactor(sensitive)
	exact.nd.fold, exact.nd.foldWord, exact.nd.foldM = nil, nil, nil
	for _, tc := range []struct{ name, unit string }{
		{"nfd-near-misses", norm.NFD.String("PÄSSWÖRD-GEHEIM-123 ")},
		{"ligatures", "\ufb01\ufb03\u01c5 "},
		{"fdfa", "\ufdfa"},
		{"plain", "x"},
	} {
		body := strings.Repeat(tc.unit, r75CiBenchShort(mib, 64<<10)/len(tc.unit))
		for _, r := range []struct {
			name string
			r    *redactor
		}{{"exact-case", exact}, {"any-case", anyCase}} {
			b.Run(tc.name+"/"+r.name, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				var out string
				for b.Loop() {
					out = r.r.redact(body)
				}
				r75CiBenchCheck(b, r.r.redact, sensitive, out, body) // near misses all
			})
		}
	}
}

// TestFoldKeyIsCanonicallyOrdered: the key of a text of letters and combining marks (several on
// one letter, in any order, some composed) is the key of its NFC, NFD, NFKC and NFKD, and a
// value is found in each of those spellings of it (round 24: two marks on one letter, typed in
// another order than NFD's, were compared in the order written, and "ש\u05C1\u05B8לוֹם"
// echoed in NFC or NFD was shown).
func TestFoldKeyIsCanonicallyOrdered(t *testing.T) {
	letters := []rune("aeiIıİoAßẞשלוﬁ가ǅéÅṩǘ1-")
	marks := []rune("\u0301\u0329\u0323\u0307\u05C1\u05B8\u0308\u031B\u0345\u0327")
	rnd := rand.New(rand.NewPCG(24, 1))
	// Keys of n texts; redaction (a redactor built per value: slow under -race) of the first m.
	n, m := 5000, 60
	if testing.Short() || raceDetector {
		n, m = 800, 12
	}
	for i := range n {
		var b strings.Builder
		for range 3 + rnd.IntN(6) {
			b.WriteRune(letters[rnd.IntN(len(letters))])
			for range rnd.IntN(4) {
				b.WriteRune(marks[rnd.IntN(len(marks))])
			}
		}
		s := b.String()
		key := foldKey(s)
		forms := map[string]string{"NFC": norm.NFC.String(s), "NFD": norm.NFD.String(s), "NFKC": norm.NFKC.String(s), "NFKD": norm.NFKD.String(s)}
		for name, form := range forms {
			if k := foldKey(form); k != key {
				t.Fatalf("%+q: key %+q, of its %s %+q: %+q", s, key, name, form, k)
			}
			if len(key) < minFoldAnywhere || i >= m {
				continue
			}
			if got := redact("< "+form+" >", s); got != "< [REDACTED] >" {
				t.Fatalf("%+q echoed in %s (%+q): %+q", s, name, form, got)
			}
			if got := redact("< "+s+" >", form); got != "< [REDACTED] >" {
				t.Fatalf("%s %+q echoed as typed (%+q): %+q", name, form, s, got)
			}
		}
	}
}

// TestRedactShortenedMarkRuns: a shortened text of long runs of combining marks, escaped, shows
// what its whole redacted text would (a run whose order changed reads its characters only as far
// as it goes, maxMarkRun marks).
func TestRedactShortenedMarkRuns(t *testing.T) {
	values := []string{"Ilé\u0329-secret-123", "ש\u05C1\u05B8לוֹם-Secret-1"}
	marks := jsonSpelling(strings.Repeat("\u0301\u0329\u05B8\u05C1", 8), true, true, false, false)
	for _, v := range values {
		for _, form := range []string{norm.NFD.String(v), norm.NFC.String(v)} {
			unit := "&#x5c;u0065" + html.EscapeString(marks) + " " + jsonSpelling(form, true, true, true, false) + marks
			body := strings.Repeat(unit, 1<<14/len(unit))
			for _, n := range []int{10, 200, 3000} {
				got := redactShortened(body, n, v)
				if whole := truncateRedacted(redact(body, v), n, v); got != whole {
					t.Errorf("%+q in %s, %d bytes: %q, whole text redacted %q", v, form, n, got, whole)
				}
			}
		}
	}
}

// TestRedactUncasedValues: a value with no letter that has another case and no character that
// decomposes is found in the text's other spellings of it too (round 24: "12345678" echoed in
// full-width digits was shown, "12345678a" redacted), in the text as written, JSON-escaped,
// HTML-escaped and at the end of a shortened text.
func TestRedactUncasedValues(t *testing.T) {
	for _, tc := range [][2]string{
		{"12345678", "１２３４５６７８"},
		{"2024-0815-7731", "２０２４－０８１５－７７３１"},
		{"2024-0815-7731", "𝟐𝟎𝟐𝟒-𝟎𝟖𝟏𝟓-𝟕𝟕𝟑𝟏"},
		{"שלום-סוד-99", "שלום-סוד-⁹⁹"},
		{"12345678", "12345678"},
	} {
		value, form := tc[0], tc[1]
		for _, text := range []string{"echo: " + form + " .", "echo: " + jsonSpelling(form, true, true, false, true) + " .",
			"echo: &#x" + fmt.Sprintf("%x", []rune(form)[0]) + ";" + string([]rune(form)[1:]) + " ."} {
			if got := redact(text, value); got != "echo: [REDACTED] ." {
				t.Errorf("%q in %q: %q", value, text, got)
			}
		}
		if cut := string([]rune(form)[:len([]rune(form))-1]); len(cut) >= minRedactedPrefix && truncateRedacted("echo: "+cut, 100, value) != "echo: [REDACTED]" {
			t.Errorf("%q, shortened: %q", value, truncateRedacted("echo: "+cut, 100, value))
		}
	}
	// An ASCII text without escapes holds such a value only as sent, and is not read for it
	// otherwise: it costs no pass (BenchmarkRedactUncased).
	if nd := redactionNeedles([]string{"12345678"}); nd.foldCased || len(nd.fold) != 1 {
		t.Errorf("needles of an uncased value: %v, cased %v", nd.fold, nd.foldCased)
	}
	r := newRedactor([]string{"12345678", "2024-0815-7731"})
	for _, tc := range []struct {
		text string
		read bool
	}{{strings.Repeat("status 2024-0815-7730 ok; ", 100), false}, {"état 2024-0815-7730", true}, {`x \u0032024-0815-7730 y`, true}} {
		steps := 0
		r.nd.foldM.steps = &steps
		r.redact(tc.text)
		if (steps > 0) != tc.read {
			t.Errorf("%.30q: %d states of the any-spelling pass looked at", tc.text, steps)
		}
	}
}

// TestShortValuesAsWholeWordsByKey: a value whose key (the spelling compared) is shorter than
// minFoldAnywhere bytes is found in another spelling only as a whole word, however many bytes
// it is written in (round 24: "ｎａｍｅ", 12 bytes, hid the "name" of "username" and "rename";
// "𝐏𝐚𝐬𝐬" the "pass" of "password").
func TestShortValuesAsWholeWordsByKey(t *testing.T) {
	for _, tc := range []struct{ value, text, want string }{
		{"ｎａｍｅ", "field username is required; rename it", "field username is required; rename it"},
		{"ｎａｍｅ", "field name is required", "field [REDACTED] is required"},
		{"𝐏𝐚𝐬𝐬", "password bypass", "password bypass"},
		{"𝐏𝐚𝐬𝐬", "bad pass: PASS", "bad [REDACTED]: [REDACTED]"},
		// Where it stands as sent, it is found anywhere.
		{"ｎａｍｅ", "userｎａｍｅ", "user[REDACTED]"},
	} {
		if got := redact(tc.text, tc.value); got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.text, tc.value, got, tc.want)
		}
	}
	if got := truncateRedacted("x username", 100, "ｎａｍｅ"); got != "x username" {
		t.Errorf("shortened: %q", got)
	}
}

// TestRedactDottedAndDotlessI: Turkish casing of a value (dotless "ı" upper-cased as "I",
// dotted "İ" lower-cased as "i" by strings.ToLower, "i̇" by full folding) is found (round 24).
func TestRedactDottedAndDotlessI(t *testing.T) {
	for _, value := range []string{"parolası-Gizli1", "İstanbul-Secret1", "ISTANBUL-secret1"} {
		forms := []string{strings.ToUpper(value), strings.ToLower(value), cases.Fold().String(value),
			cases.Upper(language.Turkish).String(value), cases.Lower(language.Turkish).String(value),
			norm.NFD.String(value), norm.NFD.String(cases.Upper(language.Turkish).String(value))}
		for _, form := range forms {
			if got := redact("x "+form+" y", value); got != "x [REDACTED] y" {
				t.Errorf("%q echoed as %+q: %q", value, form, got)
			}
			if got := redact("x "+value+" y", form); got != "x [REDACTED] y" {
				t.Errorf("%+q echoed as %q: %q", form, value, got)
			}
		}
	}
}

// BenchmarkRedactUncased: 1 MiB answers redacted of values with no letter that has another case
// (read in another spelling only in a text that needs reading: a byte beyond ASCII, an escape
// or a control character), against those values with a letter added (read in any case always).
func BenchmarkRedactUncased(b *testing.B) {
	const mib = 1 << 20
	for _, values := range []struct {
		name   string
		values []string
	}{
		{"uncased", []string{"12345678", "2024-0815-7731", "0123-4567-8901-2345"}},
		{"cased", []string{"12345678a", "2024-0815-7731a", "0123-4567-8901-2345a"}},
	} {
		r := newRedactor(values.values)
		for _, tc := range []struct{ name, unit string }{
			{"ascii", "status 2024-0815-7730 ok; "},
			{"non-ascii", "état 2024-0815-7730 reçu; "},
		} {
			body := strings.Repeat(tc.unit, r75CiBenchShort(mib, 64<<10)/len(tc.unit))
			b.Run(tc.name+"/"+values.name, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				var out string
				for b.Loop() {
					out = r.redact(body)
				}
				r75CiBenchCheck(b, r.redact, values.values, out, body) // near misses all
			})
		}
	}
}
