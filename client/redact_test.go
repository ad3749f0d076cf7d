package client

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// TestRedactReadsEverySpelling: each stretch of a text that reads as a sensitive value, its
// JSON escapes read in one pass — surrogate pairs whole in any case of hex, in a mix with plain
// characters and other escapes —, is redacted, and nothing else is.
func TestRedactReadsEverySpelling(t *testing.T) {
	for _, tc := range []struct {
		value, text, want string
	}{
		{"p😀ssword-42", `echo: p\ud83d\ude00ssw\u006frd-42 <`, `echo: [REDACTED] <`},
		{"p😀ssword-42", `echo: p\uD83D\ude00ssword-42 <`, `echo: [REDACTED] <`},
		{"p😀ssword-42", `echo: p\uD83d\uDe00ssword-42 <`, `echo: [REDACTED] <`},
		{"p😀ssword-42", `echo: p😀ssw\u006Frd-42 <`, `echo: [REDACTED] <`},
		{"p😀ssword-42", `\ud83d\ude00p\ud83d\ude00ssword-42\ud83d\ude00`, `\ud83d\ude00[REDACTED]\ud83d\ude00`},
		{"😀😀😀😀", `x\ud83d\ude00\uD83D\uDE00😀\ud83d\udE00x`, `x[REDACTED]x`},
		// A high surrogate without its low half reads as U+FFFD, and so does a low one alone; the
		// pair after a lone one is still read.
		{"😀ssword-42", `p\ud83d\ud83d\ude00ssword-42`, `p\ud83d[REDACTED]`},
		{"p😀ssword-42", `p\ud83dssword-42 p\ude00ssword-42`, `p\ud83dssword-42 p\ude00ssword-42`},
		{"p\uFFFDssword-42", `p\ud83dssword-42 p\ude00ssword-42`, `[REDACTED] [REDACTED]`},
		// A value that is not UTF-8 is also found as an encoder sends it: each such byte as U+FFFD.
		{"pass\xffword", `pass\ufffdword`, `[REDACTED]`},
		{"Sécr€t/pass", `S\u00e9cr\u20ACt\/pass`, `[REDACTED]`},
		{"tab\tnew\nq\"b\\s/", `tab\tnew\nq\"b\\s\/`, `[REDACTED]`},
		{"tab\tnew\nq\"b\\s/", `tab\u0009new\u000Aq\u0022b\u005cs\u002F`, `[REDACTED]`},
		{"\b\f\r\t\n-ctl", `\b\f\r\t\n-ctl`, `[REDACTED]`},
		// A backslash that is the text's own: the value as sent, its `\b` not an escape.
		{`qu"ote\back-canary`, `x qu"ote\back-canary x`, `x [REDACTED] x`},
		// Malformed escapes stand for themselves.
		{`a\x\u12G4\ud8`, `a\x\u12G4\ud8`, `[REDACTED]`},
		{"secret-value", `\x \u12G4 \u00 \ud83d\u12 secret-valu\`, `\x \u12G4 \u00 \ud83d\u12 secret-valu\`},
		// An escaped backslash is not the start of an escape; but with the escape after it, it
		// is that escape escaped again (JSON text re-encoded: TestRedactUnicodeEscapesEscapedAgain).
		{"u0041bcdef", `\\u0041bcdef`, `\\[REDACTED]`},
		{"Abcdef", `\\u0041bcdef`, `[REDACTED]`},
		// Overlapping stretches are one.
		{"aaaa", `aaaaaa b \u0061aaa\u0061`, `[REDACTED] b [REDACTED]`},
	} {
		if got := redact(tc.text, tc.value); got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.text, tc.value, got, tc.want)
		}
	}
	// Two values that overlap: both are hidden whole.
	if got := redact("x abcdefghijkl x", "abcdefgh", "efghijkl"); got != "x [REDACTED] x" {
		t.Errorf("overlapping values: %q", got)
	}
}

// TestRedactShortened: a text cut at n bytes shows no beginning of a value (8 bytes or more)
// however it is spelled, a surrogate pair or another escape cut in two included, and the text
// shown is the one the whole text redacted and then cut would show. A cut never ends within a
// word: the word it falls in is dropped whole (the value with it), and a beginning of the value
// the text itself ends a word with, where the cut falls, is redacted.
func TestRedactShortened(t *testing.T) {
	const value = "p4ss😀word-42-canary"
	fill := strings.Repeat("A", 150) + " " + strings.Repeat("A", 35) // 186 bytes
	// endsAtCut is a text whose word end ends at byte 200, where it is cut (a space follows).
	endsAtCut := func(end string) string { return strings.Repeat("A", 199-len(end)) + " " + end + " more text" }
	shownAtCut := func(end, shown string) string { return strings.Repeat("A", 199-len(end)) + " " + shown + "…" }
	for _, tc := range []struct{ body, want string }{
		// the value's beginning, its pair cut in two at 200 bytes: the word is dropped
		{fill + `p4ss\ud83d\ude00word-42 and more text`, fill[:150] + "…"},
		{fill + `p\u0034ss\uD83D\ude00word-42 and more text`, fill[:150] + "…"},
		{fill + `p4ss\ud83d\ude00word-42`, fill[:150] + "…"},
		{fill[:180] + `p4\u0073s\uD83D\uDE00w\u006Frd-4`, fill[:150] + "…"},
		{fill + "A" + `p4ss\ud83d\udxxxxxxxxxxxxxxxxxxxx`, fill[:150] + "…"},
		// a beginning of the value that ends a word where the text is cut: redacted, a pair or
		// an escape cut in two included
		{endsAtCut(`p4ss\ud83d\ude00wo`), shownAtCut(`p4ss\ud83d\ude00wo`, "[REDACTED]")},
		{endsAtCut(`p\u0034ss\uD83D\ude00word-42`), shownAtCut(`p\u0034ss\uD83D\ude00word-42`, "[REDACTED]")},
		{endsAtCut(`p4\u0073s\uD83D\uDE00w\u006Frd-4`), shownAtCut(`p4\u0073s\uD83D\uDE00w\u006Frd-4`, "[REDACTED]")},
		{endsAtCut(`p4ss\ud83d`), shownAtCut(`p4ss\ud83d`, "[REDACTED]")},
		{endsAtCut(`p4ss\ud83d\ud`), shownAtCut(`p4ss\ud83d\ud`, "[REDACTED]")},
		{endsAtCut(`p4ss\ud8`), shownAtCut(`p4ss\ud8`, "[REDACTED]")},
		// the whole value before the cut, in a mix
		{fill[:100] + " " + `p\u0034ss\ud83d\ude00word-42-c\u0061nary` + " " + fill, fill[:100] + " [REDACTED]…"},
		// fewer than 8 bytes of it: shown; and a pair that is not the value's
		{endsAtCut(`AAAAAAAAAp4ss\`), shownAtCut(`AAAAAAAAAp4ss\`, `AAAAAAAAAp4ss\`)}, // 5 bytes of it
		{fill + `p4s\ud83d`, fill + `p4s\ud83d`},
		{endsAtCut(`p4ss\ud83c\udf`), shownAtCut(`p4ss\ud83c\udf`, `p4ss\ud83c\udf`)},
	} {
		got := redactShortened(tc.body, 200, value)
		if got != tc.want {
			t.Errorf("body %q:\n got %q\nwant %q", tc.body, got, tc.want)
		}
		if whole := truncateRedacted(redact(tc.body, value), 200, value); got != whole {
			t.Errorf("body %q: %q, whole text redacted %q", tc.body, got, whole)
		}
	}
}

// TestRedactShortenedReadsOnlyWhatItShows: the text shown from a long body is the one its
// whole redacted text would show, the values stretching past the first window included.
func TestRedactShortenedReadsOnlyWhatItShows(t *testing.T) {
	value := strings.Repeat("s3cret-", 40) // 280 bytes: spelled, up to 1680
	spelled := jsonSpelling(value, false, false, false, false)
	escaped := strings.ReplaceAll(spelled, "s", `\u0073`)
	// Bodies of 1 MiB: the first window (the longest spelling of value and then some, 220 KiB)
	// doubles three times before it takes the whole text. Under the race detector, which adds
	// nothing to this one-goroutine check and made it 136 of the package's 150 s ("a"s with
	// "aaaa" alone 2 minutes), 320 KiB: still past the first window, which doubles once.
	size := 1 << 20
	if raceDetector {
		size = 320 << 10
	}
	for _, body := range []string{
		strings.Repeat(`\ud800`, size/6),
		strings.Repeat(`\ud83d\ude00`, size/12),
		strings.Repeat(escaped, 300),
		strings.Repeat("x", 199) + strings.Repeat(escaped, 300),
		strings.Repeat(escaped[:len(escaped)-7]+" ", 300),
		strings.Repeat("a", size),
	} {
		for _, sensitive := range [][]string{{value}, {value, "aaaa"}, {"tok3n-abcdefgh"}} {
			got := redactShortened(body, 200, sensitive...)
			if whole := truncateRedacted(redact(body, sensitive...), 200, sensitive...); got != whole {
				t.Errorf("body %.40q… (%d bytes): %q, whole text redacted %q", body, len(body), got, whole)
			}
		}
	}
}

// TestRedactFindsRandomSpellings: a value spelled character by character at random — plain,
// \u in either case, a short escape, a surrogate pair — amid random text is never shown.
func TestRedactFindsRandomSpellings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := []string{"p😀ssword-42", "Sécr€t/p&ss\"q\\z😀end", "tok-ABCDEFGH-1234", "\t\n\"\\/😀😀"}
	cases := 3000
	if raceDetector {
		cases = 750 // a tenth of the package's time under the race detector at 3,000
	}
	for range cases {
		v := values[rng.IntN(len(values))]
		text := randomText(rng, 20) + spellRandomly(rng, v) + randomText(rng, 20)
		out := redact(text, v)
		if strings.Contains(readJSON(out), v) || !strings.Contains(out, redactedMark) {
			t.Fatalf("redact(%q, %q) = %q", text, v, out)
		}
		if n := rng.IntN(len(text) + 1); true {
			got := redactShortened(text, n, v)
			if whole := truncateRedacted(out, n, v); got != whole {
				t.Fatalf("redactShortened(%q, %d) = %q, whole text redacted %q", text, n, got, whole)
			}
		}
	}
}

// spellRandomly spells v as JSON string text, each character in a spelling chosen at random.
func spellRandomly(rng *rand.Rand, v string) string {
	var b strings.Builder
	hex := func(r rune) {
		f := []string{`\u%04x`, `\u%04X`}[rng.IntN(2)]
		fmt.Fprintf(&b, f, r)
	}
	for _, r := range v {
		short := map[rune]string{'"': `\"`, '\\': `\\`, '/': `\/`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`}[r]
		switch k := rng.IntN(3); {
		case r == '"' || r == '\\' || r < 0x20 || (k == 0 && short != ""):
			if short != "" && k > 0 {
				b.WriteString(short)
			} else {
				hex(r)
			}
		case k == 1:
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				hex(r1)
				hex(r2)
			} else {
				hex(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// randomText is up to n characters of JSON string text: plain ones and escapes, some malformed.
func randomText(rng *rand.Rand, n int) string {
	pieces := []string{"a", "p", "é", "😀", " ", `\n`, `\u0041`, `\ud83d`, `\ude00`, `\ud83d\ude00`, `\x`, `\u12`, "[", `\\`}
	var b strings.Builder
	for range rng.IntN(n + 1) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// readJSON is s with its JSON escapes read (as redaction reads them).
func readJSON(s string) string {
	var b []byte
	for i := 0; i < len(s); {
		dec, n, end := readChar(s, i)
		b, i = append(b, dec[:n]...), end
	}
	return string(b)
}

// FuzzRedact: no text panics, a value planted in a random spelling is never shown, and the
// shortened text is the one the whole text redacted and then cut would show.
func FuzzRedact(f *testing.F) {
	f.Add(`p\ud83d\ude00ssw\u006frd-42`, "p😀ssword-42", uint64(1), 200)
	f.Add(strings.Repeat(`\ud800`, 100), "s3cretvalue", uint64(2), 30)
	f.Add(`\u12\ud83d\\\u00e9`, "\xff\xfeab", uint64(3), 5)
	// Values split by invisible characters (as written, and as JSON's or Go's quoting escapes
	// them), spaced by other spaces, in any case (seenRune).
	f.Add(`malformed HTTP response "hun\u200bter2Secret99xyz" HUN\U000e0020TER2\x80SECRET99XYZ`, "hunter2Secret99xyz", uint64(4), 40)
	f.Add("bad correct\u00a0horse&nbsp;battery\\tstaple CORRECT&#160;HORSE\u3000BATTERY\u2009STAPLE", "correct horse battery staple", uint64(5), 30)
	f.Add("hun"+strings.Repeat("\u200b", 8)+"ter2"+strings.Repeat(`\u034f`, 9)+"Secret99xyz", "hunter2\u00adSecret99xyz", uint64(6), 9)
	f.Add("k\u00e9lv\u034finpass99 K\u00c9LVINPASS99", "kélvinpass99", uint64(7), 12)
	// A beginning of a value read as seen where the text is cut; a value written as Go's byte
	// escapes; a value padded with invisible characters, a word as seen.
	f.Add(strings.Repeat("f ", 40)+`correct&nbsp;horse\u00a0batt HUNTER2\u200bSECRE`, "correct horse battery staple", uint64(8), 108)
	f.Add(`x p\xc3\xa4ssw\xc3\xb6rd-Secret-99 hunter2\xc2\xa0Secret`, "p\u00e4ssw\u00f6rd-Secret-99", uint64(9), 40)
	f.Add("username NAME", "Name\u200b\u200b", uint64(10), 13)
	// Round 16: Go's \xXX, \UXXXXXXXX and percent escapes of a character cut partway.
	f.Add(`rejected credential hunter2Sec\xe2\x80\x8bret`, "hunter2Secret", uint64(11), 39)
	f.Add(`rejected credential hunter2Sec\U000e0020ret`, "hunter2Secret", uint64(12), 37)
	f.Add(`rejected credential hunter2Sec%E2%80%8Bret`, "hunter2Secret", uint64(13), 38)
	f.Add(`rejected credential hunter2 Sec\xe3\x80\x80ret`, "hunter2 Secret", uint64(14), 42)
	f.Add(`rejected credential hunter2Sec\xcd\x8fret`, "hunter2Secret", uint64(15), 36)
	// Round 20: HTML5 named references beyond HTML escapers' (PHP's htmlentities).
	f.Add(`bad: p@ss w/rd+&eacute;&lt;&amp;&gt;. S&eacute;&euro;&mdash;&ampx; &nvlt;`, "p@ss w/rd+\u00e9<&>", uint64(16), 30)
	// Round 25: Python's lone \xXX of U+0080–U+00FF, Rust's \u{X}, whole and cut in two.
	f.Add(`ValueError: 'secret\xa0value9' 'p\xe4ssw\xf6rd\u200b12' hun\x80ter2 p\xe4ssw\xf`, "p\u00e4ssw\u00f6rd\u200b12", uint64(17), 60)
	f.Add(`invalid "hunter2\u{200b}Secret" "hunter2\u{A0}Secret" \u{d800} \u{110000} hunter2Sec\u{20`, "hunter2\u00a0Secret", uint64(18), 80)
	// Round 26: Python's \xXX pairs Go's quoting would join (C2–DF, 80–BF), whole and cut.
	f.Add(`ValueError: 'CAF\xc9\xa0Creme-99' 'p\xc3\xa4ss' CAF\xc9\xa0Cr\xe`, "CAF\u00c9\u00a0Cr\u00e8me-99", uint64(19), 70)
	f.Add(`{"error":{"detail":"'p\\xe4ssword-42' 'CAF\\xc9\\xa0Cr\\xe8me-99' \\\\xe4 p\\xe"}}`, "CAF\u00c9\u00a0Cr\u00e8me-99", uint64(20), 75)
	f.Fuzz(func(t *testing.T, text, value string, seed uint64, n int) {
		n = max(0, n%1000)
		out := redact(text, value)
		if got, whole := redactShortened(text, n, value), truncateRedacted(out, n, value); got != whole {
			t.Fatalf("redactShortened(%q, %d, %q) = %q, whole text redacted %q", text, n, value, got, whole)
		}
		if len(value) < 4 || !utf8.ValidString(value) || strings.ContainsAny(value, "[]") {
			return
		}
		// A value that begins in words of ours and runs on into a text of the answer shown
		// after them, begins in one and runs on into our words after it, holds the whole of one
		// and runs on into our words on both sides, or runs across several texts and our words
		// between them, is not shown across them; our words stay.
		r := newRedactor([]string{value})
		k := 1 + int(seed%uint64(len(value)-1))
		j := k + 1 + int((seed>>20)%uint64(len(value)-k))
		for _, tc := range [][]string{ // ours, the answer's, ours, the answer's, …, ours
			{value[:k], value[k:] + text, text},
			{"Bad Request: " + value[:k], value[k:] + text, ""},
			{value[:k] + text, value[k:] + text, value},
			{text, text + value[:k], value[k:]},
			{"", text + value[:k], value[k:] + " (x"},
			{value, text + value[:k], value[k:] + text},
			{value[:k], value[k:j], value[j:]},
			{"x " + value[:k], value[k:j], value[j:] + "x"},
			{"400 ", text + value[:k], "; ", value[k:j], ": ", value[j:] + text, "\n"},
			{"", value[:k], ": ", value[k:j] + text, "; ", text, ", ", text + value[j:], ")"},
			{text, value[:k], value[k:k], value[k:j], text, value[j:], ""},
		} {
			texts := make([]string, 0, len(tc)/2)
			var ps []piece
			for i, w := range tc {
				if i%2 == 0 {
					ps = append(ps, oursPiece(w))
				} else {
					ps = append(ps, piece{r.redact(w), len(texts)})
					texts = append(texts, r.redact(w))
				}
			}
			r.redactShownTexts(texts, []layout{{ps, nil}})
			var shown strings.Builder
			var api []textSpan // where the answer's texts stand in shown
			for i, w := range tc {
				if i%2 == 1 {
					w = texts[i/2]
					api = append(api, textSpan{shown.Len(), shown.Len() + len(w)})
				}
				shown.WriteString(w)
			}
			for from := 0; ; from++ {
				i := strings.Index(shown.String()[from:], value)
				if i < 0 {
					break
				}
				from += i
				for _, sp := range api {
					if from < sp.end && from+len(value) > sp.start { // holds some of the answer's
						t.Fatalf("%q composed: %q shows %q outside our words", tc, shown.String(), value)
					}
				}
			}
			for i := 0; i < len(tc); i += 2 {
				if !strings.Contains(shown.String(), tc[i]) {
					t.Fatalf("%q composed: %q lost our words %q", tc, shown.String(), tc[i])
				}
			}
		}
		// An answer whose field and form errors hold the value across our joins: shown as
		// present and APIError.Error show it, the value is only ever in our words.
		e := &APIError{StatusCode: 400}
		newShownRedactor([]string{value}).redactAnswer(e, "400 Bad Request", "", text+value[:k], "", false,
			map[string][]string{"a": {value[k:j]}, value[j:] + text: {text}}, []string{text + value[:k], value[k:]})
		for _, shown := range shownLike(e) {
			if strings.Contains(shown, value) && !strings.Contains(shownLike(&APIError{StatusCode: 400, Message: "x"})[0], value) {
				t.Fatalf("%q, %q: %q shows the value", text, value, shown)
			}
		}
		// The value in another case (8 bytes or more as seen and as its key: anywhere) is
		// redacted too.
		seen := seenValue(value)
		if up := strings.ToUpper(value); min(len(seen), len(foldKey(validUTF8(seen)))) >= minFoldAnywhere && len(text) < 1000 {
			if got := redact(text+up+text, value); strings.Contains(got, up) {
				t.Fatalf("redact(%q, %q) = %q shows it upper-cased", text+up+text, value, got)
			}
		}
		rng := rand.New(rand.NewPCG(seed, seed))
		planted := text + spellRandomly(rng, value) + text
		if got := redact(planted, value); strings.Contains(readJSON(got), value) {
			t.Fatalf("redact(%q, %q) = %q", planted, value, got)
		}
		// Split by an invisible character, as written or as JSON's or Go's quoting escapes it,
		// its spaces other spaces: the value as seen is not shown (seenRune).
		if seenValue(value) == value && !strings.Contains(value, `\`) {
			at := k
			for at > 0 && !utf8.RuneStart(value[at]) {
				at--
			}
			splits := []string{"\u200b", `\u200b`, `\U000e0020`, `\x80`, "\u034f", `\u00AD`}
			split := splits[int(seed>>40)%len(splits)]
			spaced := strings.ReplaceAll(value[:at]+split+value[at:], " ", []string{"\u00a0", `\t`, "&nbsp;", "\u3000"}[int(seed>>50)%4])
			planted := "x " + spaced + " y"
			got := redact(planted, value)
			if seen := strings.NewReplacer("&nbsp;", " ", `\t`, " ", `\u200b`, "", `\U000e0020`, "", `\x80`, "", `\u00AD`, "").Replace(got); strings.Contains(seenValue(seen), value) {
				t.Fatalf("redact(%q, %q) = %q", planted, value, got)
			}
		}
	})
}

// BenchmarkRedact: redaction is linear in the text's length; a body of surrogate escapes
// costs what any other body of that length does.
func BenchmarkRedact(b *testing.B) {
	const mib = 1 << 20
	sensitive := []string{"spice_pat_0123456789abcdefghijklmnopqrstuvwxyzABCDEF", "p😀ssword-42"}
	for _, tc := range []struct{ name, body string }{
		{"plain-1MiB", strings.Repeat("x", mib)},
		{"lone-surrogates-1MiB", strings.Repeat(`\ud800`, mib/6)},
		{"pairs-1MiB", strings.Repeat(`\ud83d\ude00`, mib/12)},
		{"mixed-1MiB", strings.Repeat(`p\ud83d\ude00ssw\u006frd-4 `, mib/28)},
		{"lone-surrogates-8MiB", strings.Repeat(`\ud800`, 8*mib/6)},
		{"near-misses-8MiB", strings.Repeat(sensitive[0][:len(sensitive[0])-1]+`\u0070\ud83d\ude00ssword-4 `, 8*mib/80)},
		{"html-near-misses-8MiB", strings.Repeat(`&#x70;&#128512;ss&#X77;ord-4&amp;`, 8*mib/34)},
		{"percent-near-misses-8MiB", strings.Repeat(`p%F0%9F%98%80ss%77ord-4+`, 8*mib/24)},
	} {
		if testing.Short() && strings.HasSuffix(tc.name, "-8MiB") {
			continue // CI runs every benchmark once, with -short: the 1 MiB bodies are enough
		}
		byRedact := func(s string) string { return redact(s, sensitive...) }
		b.Run("redact/"+tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.body)))
			var out string
			for b.Loop() {
				out = redact(tc.body, sensitive...)
			}
			r75CiBenchCheck(b, byRedact, sensitive, out, tc.body) // near misses all
		})
		b.Run("shortened/"+tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.body)))
			var out string
			for b.Loop() {
				out = redactShortened(tc.body, 200, sensitive...)
			}
			r75CiBenchCheck(b, byRedact, sensitive, out, truncateRedacted(tc.body, 200, sensitive...))
		})
	}
}

// TestRedactMemoryIsLinear: redacting a long text allocates at most twice its length, whatever
// spellings it is in (each decoding is made in turn in one buffer). A position map of 24 bytes
// for every character that decodes to something else cost 1 GB for 8 MiB of "+" (a space,
// percent-encoded), 665 MB for "%41"s; base64 decoded afresh from each of four places, 3 times
// the text.
func TestRedactMemoryIsLinear(t *testing.T) {
	size := 2 << 20
	if raceDetector {
		size = 512 << 10 // what is allocated per byte is the same; the race detector slows the pass
	}
	r := newRedactor([]string{"spice_pat_canary_0123456789abcdef", "s3cr3t-value"})
	for _, unit := range []string{"+", "%41", "&lt;", "&#x41;", `\u0041`, "XFx", "x", `%41+&lt;\u0041 `, "+XFx"} {
		body := strings.Repeat(unit, size/len(unit))
		allocated := uint64(math.MaxUint64)
		for range 3 { // the least of three: what else the process allocates meanwhile is not counted
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			out := r.redact(body)
			runtime.ReadMemStats(&after)
			allocated = min(allocated, after.TotalAlloc-before.TotalAlloc)
			if out != body {
				t.Fatalf("%q×%d: redacted %.40q…", unit, len(body)/len(unit), out)
			}
		}
		t.Logf("%q: %.2f times the text allocated", unit, float64(allocated)/float64(len(body)))
		if allocated > 2*uint64(len(body)) {
			t.Errorf("%q×%d (%d bytes): %d bytes allocated, want at most twice the text", unit, len(body)/len(unit), len(body), allocated)
		}
	}
}

// BenchmarkRedactSpellings: 8 MiB of one spelling, repeated (B/op: what redacting it
// allocates: at most the text's length, see TestRedactMemoryIsLinear).
func BenchmarkRedactSpellings(b *testing.B) {
	values := []string{"spice_pat_canary_0123456789abcdef", "s3cr3t-value"}
	r := newRedactor(values)
	for _, unit := range []string{"+", "%41", "&lt;", `\u0041`, "XFx", "x"} {
		body := strings.Repeat(unit, r75CiBenchShort(8<<20, 64<<10)/len(unit))
		b.Run(url.PathEscape(unit), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			var out string
			for b.Loop() {
				out = r.redact(body)
			}
			r75CiBenchCheck(b, r.redact, values, out, body)
		})
	}
}

// TestStatusWordsAreOurs: when the API's answer has no text of its own, the status's words
// are ours and are not redacted — a short value ("Bad") hid "Bad Request"; only the body shown
// after them is, once.
func TestStatusWordsAreOurs(t *testing.T) {
	for _, tc := range []struct {
		status            int
		body, value, want string
	}{
		{400, "<p>Bad value Bad</p>", "Bad", "Bad Request: <p>[REDACTED] value [REDACTED]</p>"},
		{400, `{"code":"x"}`, "Bad", "Bad Request"},
		{400, "", "Request", "Bad Request"},
		{502, "Bad Gateway: upstream said Gateway", "Gateway", "Bad Gateway: Bad [REDACTED]: upstream said [REDACTED]"},
		{502, `{"error":"Bad Gateway"}`, "Gateway", "Bad [REDACTED]"}, // the API's words: redacted
		// A value that begins in our words and runs on into the answer's text: only the
		// answer's part is redacted, and what is shown across them no longer holds the value.
		{400, "hunter2-secret rejected", "Request: hunter2-secret", "Bad Request: [REDACTED] rejected"},
		{502, "xyz-upstream-9 failed", "Gateway: xyz-upstream-9", "Bad Gateway: [REDACTED] failed"},
		{400, "hunter2-secret rejected", "400 Bad Request: hunter2", "Bad Request: [REDACTED]-secret rejected"},
		{400, "hunter2-secret rejected", "Spice.ai API error 400 Bad Request: hunter2-secret", "Bad Request: [REDACTED] rejected"},
		// The status's words are said once before a body that is not JSON.
		{400, "hunter2-secret rejected", "400 Bad Request: Bad Request: hunter2", "Bad Request: hunter2-secret rejected"},
		{400, "hunter2-secret rejected", "x Request: hunter2-secret", "Bad Request: hunter2-secret rejected"}, // not shown
		{400, `{"error":"hunter2-secret rejected"}`, "Request: hunter2-secret", "[REDACTED] rejected"},
		{400, `{"error":"hunter2-secret rejected"}`, "error 400 Bad Request: hunter2-secret", "[REDACTED] rejected"},
		{400, `{"error":"hunter2-secret rejected"}`, "Request: hunter2", "[REDACTED]-secret rejected"},
		// A value across the code, our words and the message: both of the answer's parts are
		// replaced, our words stay.
		{400, `{"error":"a\"b rejected","code":"bad_value"}`, `bad_value): a"b`, `[REDACTED] rejected`},
		{400, `{"error":"a\"b rejected"}`, `Request: a\"b`, `a"b rejected`}, // a JSON spelling, not what is shown
		{400, `{"error":"a\"b rejected"}`, `Request: a"b`, "[REDACTED] rejected"},
		{400, `a\"b rejected`, `Gateway: a"b`, `Bad Request: a\"b rejected`},       // not our words
		{400, `a\"b rejected`, `Request: a"b`, "Bad Request: [REDACTED] rejected"}, // echoed in a JSON spelling
		{400, `a\u0022b rejected`, `Request: a"b`, "Bad Request: [REDACTED] rejected"},
		{400, "x rejected", ": x", "Bad Request: [REDACTED] rejected"}, // short: a whole word
		{400, "xy rejected", ": x", "Bad Request: xy rejected"},
		{400, "Bad value", "Bad", "Bad Request: [REDACTED] value"},
		// And one that begins in the answer's text and runs on into words of ours after it.
		{400, "key hunter2", "hunter2 (x", "Bad Request: key [REDACTED]"},
		{400, `{"error":"bad value hunter2-secret"}`, "hunter2-secret. What to do", "bad value [REDACTED]"},
		{400, `{"error":"bad value hunter2-secret"}`, "value hunter2-secret\nWhat", "bad [REDACTED]"},
		{400, `{"error":"bad value hunter2-secret"}`, "hunter2-secret-2", "bad value hunter2-secret"}, // not shown
		{400, `{"error":"bad value x"}`, "x. y", "bad value [REDACTED]"},
		{400, `{"error":"bad value ax"}`, "xy. z", "bad value ax"},
		// What follows ". " is not known here (a remedy): a value that runs on past it is
		// redacted wherever it could begin.
		{400, `{"error":"bad value ax"}`, "x. y", "bad value a[REDACTED]"},
		// And one that holds the whole text and runs on into our words on both sides.
		{400, `{"error":"no"}`, "Request: no. What", "[REDACTED]"},
		{400, "nope", "Request: nope\nWhat", "Bad Request: [REDACTED]"},
		{400, `{"error":"no"}`, "Request: no-What", "no"},
		// The code, shown between our words: "403 Forbidden (code): message".
		{403, `{"error":"no","code":"pw_hunter2"}`, "Forbidden (pw_hunter2): ", "no"},
		{403, `{"error":"no","code":"pw_hunter2"}`, "pw_hunter2): n", "[REDACTED]o"}, // the code too
		{403, `{"error":"no","code":"pw_hunter2"}`, "Forbidden (pw_hunter2", "no"},
	} {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		}))
		c, err := New(Config{BaseURL: api.URL, Tokens: StaticToken("t0k3n-for-tests")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.UpsertProjectSecret(context.Background(), 5, "PG_PASS", tc.value)
		api.Close()
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Message != tc.want {
			t.Errorf("%d %q, value %q: %v, want the message %q", tc.status, tc.body, tc.value, err, tc.want)
		}
		if wantCode := strings.Contains(tc.body, `"code"`) && strings.ContainsAny(tc.value, "()"); apiErr != nil && wantCode != (apiErr.Code == redactedMark) {
			t.Errorf("%d %q, value %q: code %q (redacted: %v)", tc.status, tc.body, tc.value, apiErr.Code, wantCode)
		}
	}
}

// TestRedactReadsEncodedSpellings: a value an upstream echoes HTML-escaped (a proxy's or
// firewall's page), percent-encoded (a URL or a form echoed, "+" for a space, hex in either
// case) or in base64 (either alphabet, padded or not, alone or inside a longer encoding such as
// Basic credentials) is redacted too; a value shorter than 4 bytes, as a whole word.
func TestRedactReadsEncodedSpellings(t *testing.T) {
	const html, pct = `p&ss<w>rd"42x'`, "Zx9+Qw/ErT=&y é"
	b64 := func(enc *base64.Encoding, s string) string { return enc.EncodeToString([]byte(s)) }
	for _, tc := range []struct {
		value, text, want string
	}{
		{html, `<p>bad value p&amp;ss&lt;w&gt;rd&quot;42x&#39; here</p>`, `<p>bad value [REDACTED] here</p>`},
		{html, `p&amp;ss&lt;w&gt;rd&#34;42x&#x27;`, `[REDACTED]`},
		{html, `p&#38;ss&#x3C;w&#X3e;rd&#0034;42x&apos;`, `[REDACTED]`},
		{html, `p&AMP;ss&LT;w&GT;rd&QUOT;42x&#x00027;!`, `[REDACTED]!`},
		{html, `p&#x26;ss<w>rd"42x'`, `[REDACTED]`},
		{"Sécr€t-val", `S&eacute;cr&#8364;t-val S&#xe9;cr&#x20AC;t-val`, `[REDACTED] [REDACTED]`},
		// Every HTML5 named reference (PHP's htmlentities writes é as &eacute;), also two
		// code points as one (&nvlt; is < and U+20D2).
		{"p@ss w/rd+é<&>", `bad: p@ss w/rd+&eacute;&lt;&amp;&gt;.`, `bad: [REDACTED].`},
		{"Sé€—…x", `S&eacute;&euro;&mdash;&hellip;x S&#233;&euro;&#8212;&mldr;x`, `[REDACTED] [REDACTED]`},
		{"a<\u20d2b-cd", `a&nvlt;b-cd`, `[REDACTED]`},
		// Not a reference: stands for itself.
		{"a&ampbcd", `a&ampbcd`, `[REDACTED]`},
		{pct, `GET /x?v=Zx9%2BQw%2FErT%3D%26y+%C3%A9 400`, `GET /x?v=[REDACTED] 400`},
		{pct, `/v/Zx9%2BQw/ErT%3D%26y%20%c3%a9`, `/v/[REDACTED]`},
		{pct, `Zx9%2bQw%2fErT%3d%26y%20%C3%A9`, `[REDACTED]`},
		{"a+b c+d", `a%2Bb+c%2Bd a+b%20c+d`, `[REDACTED] [REDACTED]`},
		// Nested: the JSON request body echoed HTML-escaped, percent-encoded or in base64, so the
		// value is in its JSON spelling inside the outer one.
		{`p"ss-word-1`, `<p>blocked: {&quot;value&quot;:&quot;p\&quot;ss-word-1&quot;}</p>`, `<p>blocked: {&quot;value&quot;:&quot;[REDACTED]&quot;}</p>`},
		{`p"ss-word-1`, `p&#92;&#x22;ss-word-1 p\&#34;ss-word-1`, `[REDACTED] [REDACTED]`},
		{`p"ss-word-1`, `body=%7B%22value%22%3A%22p%5C%22ss-word-1%22%7D`, `body=%7B%22value%22%3A%22[REDACTED]%22%7D`},
		{`p"ss-word-1`, `p%5cu0022ss-word-1 p\u0022ss%2Dword-1 p%5C%75%30%30%32%32ss-word-1`, `[REDACTED] [REDACTED] [REDACTED]`},
		{"p&ss word😀", `p\u0026ss+word\ud83d\ude00 p\u0026amp;ss word\uD83D\uDE00`, `[REDACTED] p\u0026amp;ss word\uD83D\uDE00`},
		{"p&ss word😀", `p\u0026ss word&#x5c;ud83d\ude00 p&#92;u0026ss word\uD83D\uDE00`, `[REDACTED] [REDACTED]`},
		{`p"ss-word-1`, b64(base64.StdEncoding, `{"value":"p\"ss-word-1"}`), `eyJ2YWx1ZSI6[REDACTED]J9`},
		{`p&ss"w/rd`, b64(base64.RawURLEncoding, `{"v":"p\u0026ss\"w\/rd"}`), `eyJ2Ijoi[REDACTED]J9`},
		{`p"ss-word-1`, b64(base64.StdEncoding, `{"v":"p\u0022ss-word-1"}`), `eyJ2Ijoi[REDACTED]J9`},
		{`p"ss-word-1`, "x:" + b64(base64.URLEncoding, `{"v":"\u0070\"ss-word-1"} `) + " y", `x:eyJ2Ijoi[REDACTED]ifSA= y`},
		// A numeric reference with up to 32 digits, leading zeros included; not one with more.
		{"Sécr-val", `S&#0000000233;cr-val S&#x00000000000000000000000000000E9;cr-val`, `[REDACTED] [REDACTED]`},
		{"Sécr-val", `S&#000000000000000000000000000000233;cr-val`, `S&#000000000000000000000000000000233;cr-val`},
		{"secret-value-1", b64(base64.StdEncoding, "secret-value-1"), `[REDACTED]`},
		{"s3cr?t>v4lue~~", b64(base64.StdEncoding, "s3cr?t>v4lue~~") + " " + b64(base64.URLEncoding, "s3cr?t>v4lue~~") + " " +
			b64(base64.RawURLEncoding, "s3cr?t>v4lue~~"), `[REDACTED] [REDACTED] [REDACTED]`},
		{"hunter2-pass", "Authorization: Basic " + b64(base64.StdEncoding, "alice:hunter2-pass"), "Authorization: Basic YWxpY2U6[REDACTED]"}, // the user's "alice:" stays
		{"hunter2-pass", "Basic " + b64(base64.StdEncoding, "bo:hunter2-pass") + " " + b64(base64.StdEncoding, "b:hunter2-pass"),
			"Basic Ym86[REDACTED] [REDACTED]"},
	} {
		if got := redact(tc.text, tc.value); got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.text, tc.value, got, tc.want)
		}
	}
	// A value shorter than 4 bytes: as sent, where neither neighbour is a letter or a digit,
	// whatever its own characters are; one without a letter or a digit is not redacted at all.
	for _, tc := range []struct{ value, text, want string }{
		{"42", "bad value 42: must be longer", "bad value [REDACTED]: must be longer"},
		{"42", "error 422, 4242, x42, 42_ and 42", "error 422, 4242, x42, [REDACTED]_ and [REDACTED]"},
		{"é", "é café éa", "[REDACTED] café éa"},
		{"a-", "a- a-b ba- -a-", "[REDACTED] a-b ba- -[REDACTED]"},
		{"-a", "a-a -a. -ab", "a-a [REDACTED]. -ab"},
		{"$!", "x$!y", "x$!y"},
		{"-", "app my-app: invalid secret-name", ""},
		{" ", "app my-app: invalid secret-name", ""},
		{".", "a.b. c.", ""},
		{":", "key: value", ""},
		{"/", "/v1/apps/", ""},
		{`"`, `{"a":"b"}`, ""},
		{"://", "https://x", ""},
	} {
		if tc.want == "" {
			tc.want = tc.text
		}
		if got := redact(tc.text, tc.value); got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.text, tc.value, got, tc.want)
		}
	}
	if got := redact("a 1 b 22 c", "22", "1", "22"); got != "a [REDACTED] b [REDACTED] c" {
		t.Errorf("two short values: %q", got)
	}
	// The text grows at most 5.5 times (plus 5 bytes): each mark stands for a byte or more,
	// and marks are apart (touching stretches are one).
	for _, tc := range []struct {
		text      string
		sensitive []string
	}{
		{strings.Repeat("1 ", 1<<16) + "1", []string{"1"}},
		{strings.Repeat("a--b", 1<<15), []string{"a-", "-b"}},
		{strings.Repeat("a--b-cdef-", 1<<14), []string{"a-", "-b", "-cdef"}},
		{"1", []string{"1"}},
	} {
		out := redact(tc.text, tc.sensitive...)
		if float64(len(out)) > 5.5*float64(len(tc.text))+5 || !strings.Contains(out, redactedMark) {
			t.Errorf("%q… (%d bytes) redacted is %d bytes: %.40q…", tc.text[:min(len(tc.text), 20)], len(tc.text), len(out), out)
		}
	}
	// A beginning of a value that a shortened text ends a word with, in these spellings too, a
	// reference or an escape cut short included, is redacted; a word the cut falls in is not
	// shown at all.
	fill := strings.Repeat("A", 180)
	for _, tc := range []struct {
		body     string
		redacted bool
	}{
		{fill + `p&amp;ss&lt;w&gt;rd&quot;42x&#39; and more`, true},
		{fill + `xx p&amp;ss&lt;w&gt;rd&quot;42x&#39; and more`, true},
		{strings.Repeat("A", 200-len(`p&amp;ss&l`)) + `p&amp;ss&lt;w&gt;rd&quot;42x&#39; and more`, true}, // whole: redacted before the cut
		{strings.Repeat("A", 199-len(`p&amp;ss&l`)) + ` p&amp;ss&l t;w&gt;rd&quot;42x&#39; and more`, true},
		{fill + `xxxxx Zx9%2BQw%2FErT%3D%26y and more`, false},
		{fill + `xxxxx Zx9%2BQw%2FErT %3D%26y and more`, true},
		{strings.Repeat("A", 200-len(`Zx9%2BQw%2`)) + `Zx9%2BQw%2FErT%3D%26y and more`, false}, // cut in %2F
		{strings.Repeat("A", 199-len(`Zx9%2BQw%2`)) + ` Zx9%2BQw%2 FErT%3D%26y and more`, true},
	} {
		for _, v := range []string{html, pct} {
			got := redactShortened(tc.body, 200, v)
			if whole := truncateRedacted(redact(tc.body, v), 200, v); got != whole {
				t.Errorf("body %q: %q, whole text redacted %q", tc.body, got, whole)
			}
		}
		got := redactShortened(tc.body, 200, html, pct)
		if strings.Contains(got, "[REDACTED]") != tc.redacted || strings.Contains(got, "p&amp;ss") || strings.Contains(got, "Zx9%2BQw") {
			t.Errorf("body %q: %q shows a beginning of a value (redacted: want %v)", tc.body, got, tc.redacted)
		}
	}
	// base64 of the value's beginning (the upstream cut it after 9 of its characters), cut
	// again at 200 bytes there; cut within it, it is not shown at all.
	spelled := base64.StdEncoding.EncodeToString([]byte(pct))
	body := strings.Repeat("A", 190) + " " + spelled[:9] + " " + spelled[9:16]
	if got := redactShortened(body, 200, pct); got != strings.Repeat("A", 190)+" [REDACTED]…" {
		t.Errorf("body %q: %q", body, got)
	}
	body = strings.Repeat("A", 190) + " " + spelled[:16]
	if got := redactShortened(body, 200, pct); got != strings.Repeat("A", 190)+"…" {
		t.Errorf("body %q: %q", body, got)
	}
}

// TestRedactFindsRandomEncodings: a value HTML-escaped or percent-encoded character by
// character at random, or in base64 after random bytes, amid random text, is never shown, and
// the shortened text is the one the whole text redacted and then cut would show.
func TestRedactFindsRandomEncodings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	values := []string{`p&ss<w>rd"42x'`, "Zx9+Qw/ErT=&y é", "tok-ABCDEFGH-1234", "😀 +%&#;", `p"ss-word-1`, `Sécr€t\/😀\q`}
	pieces := []string{"a", "&", "&amp;", "&#", "&#x2", ";", "%", "%2", "%41", "+", " ", "=", "Q", "/", "é", `\`, "&#92;", "%5C"}
	cases := 6000
	if raceDetector {
		cases = 1500 // a seventh of the package's time under the race detector at 6,000
	}
	for range cases {
		v := values[rng.IntN(len(values))]
		noise := func() string {
			var b strings.Builder
			for range rng.IntN(12) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			return b.String()
		}
		// Half the time the value is first spelled as JSON (a JSON request body echoed), and
		// that JSON text is then encoded.
		inner, json := v, rng.IntN(2) == 0
		var spelled string
		var read func(s string) string
		switch k := rng.IntN(3); {
		case json && k < 2:
			inner = spellRandomly(rng, v)
		case json:
			inner = jsonSpelling(v, rng.IntN(2) == 0, rng.IntN(2) == 0, rng.IntN(2) == 0, rng.IntN(2) == 0)
		}
		readInner := func(s string) string {
			if json {
				return readJSON(s)
			}
			return s
		}
		switch rng.IntN(3) {
		case 0:
			spelled, read = htmlRandomly(rng, inner), func(s string) string { return readInner(readWith(s, readHTMLChar)) }
		case 1:
			plus := rng.IntN(2) == 0
			spelled, read = percentRandomly(rng, inner, plus), func(s string) string { return readInner(readWith(s, readPercentChar(plus))) }
		default:
			enc := []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}[rng.IntN(4)]
			before := make([]byte, rng.IntN(5))
			for i := range before {
				before[i] = byte(rng.IntN(256))
				for json && before[i] == '\\' { // JSON text: a backslash before it would be escaped
					before[i] = byte(rng.IntN(256))
				}
			}
			if json && rng.IntN(2) == 0 {
				inner = spellRandomly(rng, v)
			}
			spelled = enc.EncodeToString(append(before, inner...))
			read = func(s string) string {
				if strings.Contains(s, enc.EncodeToString([]byte(inner))[:len(inner)*4/3]) {
					return v
				}
				return s
			}
		}
		text := noise() + " " + spelled + " " + noise()
		out := redact(text, v)
		if strings.Contains(read(out), v) || !strings.Contains(out, redactedMark) {
			t.Fatalf("redact(%q, %q) = %q", text, v, out)
		}
		n := rng.IntN(len(text) + 1)
		if got, whole := redactShortened(text, n, v), truncateRedacted(out, n, v); got != whole {
			t.Fatalf("redactShortened(%q, %d) = %q, whole text redacted %q", text, n, got, whole)
		}
	}
}

// htmlRandomly spells v as HTML text, each character plain (if HTML allows it), named,
// decimal or hex (either case, sometimes with leading zeros) at random.
func htmlRandomly(rng *rand.Rand, v string) string {
	names := map[rune][]string{'&': {"amp", "AMP"}, '<': {"lt", "LT"}, '>': {"gt", "GT"}, '"': {"quot", "QUOT"}, '\'': {"apos"}}
	var b strings.Builder
	for _, r := range v {
		zeros := strings.Repeat("0", rng.IntN(3))
		switch k := rng.IntN(4); {
		case k == 0 && names[r] != nil:
			fmt.Fprintf(&b, "&%s;", names[r][rng.IntN(len(names[r]))])
		case k == 1:
			fmt.Fprintf(&b, "&#%s%d;", zeros, r)
		case k == 2:
			fmt.Fprintf(&b, []string{"&#x%s%x;", "&#X%s%X;"}[rng.IntN(2)], zeros, r)
		case strings.ContainsRune(`&<>"'`, r):
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// percentRandomly percent-encodes v, each byte plain (if unreserved) or %XX in either case at
// random; a space as "+" when plus is set.
func percentRandomly(rng *rand.Rand, v string, plus bool) string {
	var b strings.Builder
	for i := range len(v) {
		c := v[i]
		switch {
		case c == ' ' && plus:
			b.WriteByte('+')
		case rng.IntN(2) == 0 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, []string{"%%%02x", "%%%02X"}[rng.IntN(2)], c)
		}
	}
	return b.String()
}

// readWith is s read character by character with read.
func readWith(s string, read func(string, int) ([utf8.UTFMax]byte, int, int)) string {
	var b []byte
	for i := 0; i < len(s); {
		dec, n, end := read(s, i)
		b, i = append(b, dec[:n]...), end
	}
	return string(b)
}

// TestErrorBodyBuildsNeedlesOnce: an error body with many field and form errors is redacted
// with what redaction looks for built once for the whole body, not once per piece. A 400 with
// 300,000 empty form errors and a 933-byte token held a tool call for 100 s: every piece
// rebuilt every spelling of the token.
func TestErrorBodyBuildsNeedlesOnce(t *testing.T) {
	token := strings.Repeat("t0K", 311)
	const value = `p"ss-word-1`
	form := `"echo p\"ss-word-1",` + `"` + token + `",` + strings.Repeat(`"",`, 299999) + `""` // the first 20 kept
	fields := `{"value":["bad p\"ss-word-1",""],"p\"ss-word-1":["x"]}`
	body := `{"error":"bad ` + token + `","details":{"formErrors":[` + form + `],"fieldErrors":` + fields + `}}`
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(body))
	}))
	defer api.Close()
	c, err := New(Config{BaseURL: api.URL, Tokens: StaticToken(token)})
	if err != nil {
		t.Fatal(err)
	}
	before := needleBuilds.Load()
	_, err = c.UpsertProjectSecret(context.Background(), 5, "PG_PASS", value)
	if builds := needleBuilds.Load() - before; builds != 1 {
		t.Errorf("an error body built what redaction looks for %d times, want 1", builds)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want an API error, got %v", err)
	}
	forms := apiErr.FormErrors
	if len(forms) != maxAPIErrors || apiErr.FormErrorsLeftOut != 300002-maxAPIErrors || forms[0] != "echo [REDACTED]" || forms[1] != redactedMark ||
		apiErr.Message != "bad [REDACTED]" || apiErr.FieldErrors["value"][0] != "bad [REDACTED]" || apiErr.FieldErrors[redactedMark] == nil {
		t.Errorf("not redacted: %q %q %v", apiErr.Message, forms[:2], apiErr.FieldErrors)
	}
}

// BenchmarkRedactErrorBody: the auditor's shape (a 933-byte token, many empty form errors and
// some that are not), redacted piece by piece as before (each piece rebuilding what redaction
// looks for) and with one redactor for the body. Compare ns/piece.
func BenchmarkRedactErrorBody(b *testing.B) {
	sensitive := []string{strings.Repeat("t0K", 311), `p"ss-word-1`}
	pieces := func(n int) []string {
		p := make([]string, n)
		for i := range p {
			if i%100 == 99 {
				p[i] = "must not be empty"
			}
		}
		return p
	}
	b.Run("per-piece-builds", func(b *testing.B) {
		p := pieces(r75CiBenchShort(1000, 100))
		for b.Loop() {
			for i := range p {
				if out := redact(p[i], sensitive...); out != p[i] {
					b.Fatalf("%q redacted to %q", p[i], out)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(p)), "ns/piece")
	})
	b.Run("one-redactor", func(b *testing.B) {
		p := pieces(r75CiBenchShort(300000, 3000))
		var e APIError
		for b.Loop() {
			e = APIError{}
			newRedactor(sensitive).redactAnswer(&e, "400 Bad Request", "", "bad", "", false, nil, p)
		}
		if e.Message != "bad" || len(e.FormErrors) != len(p) || e.FormErrors[99] != "must not be empty" {
			b.Fatalf("message %q, %d form errors of %d", e.Message, len(e.FormErrors), len(p))
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(p)), "ns/piece")
	})
}

// BenchmarkRedactAcrossWords: redacting a value across our words costs the value's length
// (times its spellings), whatever the text: a degenerate value "Request: aaa….
// What" (every end and middle of it a beginning of the text) at 4 KiB and 64 KiB should
// differ by about 16 times.
func BenchmarkRedactAcrossWords(b *testing.B) {
	for _, n := range []int{4 << 10, 64 << 10} {
		value := "Request: " + strings.Repeat("a", n) + ". What"
		r := newRedactor([]string{value})
		for _, tc := range []struct{ name, text, want string }{
			{"through", strings.Repeat("a", n), redactedMark},
			// No 32-byte stretch of the value: since a value over 512 bytes is also found by its
			// pieces (redact_long.go), a text holding n-1 of its bytes in a row is redacted.
			{"none", strings.Repeat("b"+strings.Repeat("a", 30)+"b", n/32), strings.Repeat("b"+strings.Repeat("a", 30)+"b", n/32)},
		} {
			b.Run(fmt.Sprintf("%s/value-%dKiB", tc.name, n>>10), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(value)))
				for b.Loop() {
					texts := []string{tc.text}
					r.redactShownTexts(texts, []layout{{[]piece{oursPiece("400 Bad Request: "), {tc.text, 0}}, []string{" (", ". ", "\n"}}})
					if out := texts[0]; out != tc.want {
						b.Fatalf("%.40q…", out)
					}
				}
			})
		}
	}
}

// TestRedactReadsSpelledSpaces: the spaces README lists as read by redaction are (a value
// spaced by any of them is redacted), and those it lists as not read (a space encoded twice,
// octal) are not: what README says of each is true.
func TestRedactReadsSpelledSpaces(t *testing.T) {
	const value = "correct horse battery"
	for _, sp := range []string{"\u00a0", "\u2009", "\u3000", "&nbsp;", "&#160;", "&#32;", "&#x20;", "&NonBreakingSpace;",
		"%C2%A0", "%20", `\u0020`, `\x20`, `\t`, `\n`, "&Tab;", "&NewLine;", "\u2028", "\u0085",
		`\u{a0}`, `\u{2009}`, `\xa0`, `\x85`} {
		text := "bad correct" + sp + "horse" + sp + "battery staple"
		if got := redact(text, value); got != "bad [REDACTED] staple" {
			t.Errorf("redact(%q) = %q", text, got)
		}
	}
	for _, sp := range []string{"%2520", "%25C2%25A0", "&amp;nbsp;", "&amp;#160;", `\302\240`} {
		text := "bad correct" + sp + "horse" + sp + "battery staple"
		if got := redact(text, value); got != text {
			t.Errorf("redact(%q) = %q: README says this spelling is not read", text, got)
		}
	}
}
