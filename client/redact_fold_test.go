package client

import (
	"fmt"
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
	"ﬁnal-secret-ligature-42", "STRAẞE-GEHEIM-Kennwort-8"}

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

// TestFoldKeyIsNormalized: every character's key (appendFoldKey) is the key of its NFKC, NFD
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
		body := strings.Repeat(tc.unit, mib/len(tc.unit))
		for _, r := range []struct {
			name string
			r    *redactor
		}{{"exact-case", exact}, {"any-case", anyCase}} {
			b.Run(tc.name+"/"+r.name, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					r.r.redact(body)
				}
			})
		}
	}
}
