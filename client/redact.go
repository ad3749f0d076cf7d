package client

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Redaction of sensitive values (the token, API keys, secret values) in texts an API answer
// holds. A value may come back in any spelling JSON allows inside a string —
// "S\u00e9cr\u20ACt\/p\u0026ss" is "Sécr€t/p&ss", "\ud83d\ude00" is "😀" — so the text's
// escapes are read, in one pass, and every stretch of the text that reads as a value is
// replaced. A proxy's or firewall's page may echo it HTML-escaped ("p&amp;ss", "&#x27;"),
// percent-encoded ("p%26ss", "+" for a space) or in base64: those spellings are read too, each
// in a pass of its own, and as what such a page echoes is the JSON request body, each decoding
// is read as JSON text in turn (`p\&quot;ss` is `p\"ss`, which is `p"ss`). The work is linear in
// the text's length times the number of values; what is looked for is built once per set of
// values (redactor), so the many pieces of one error body cost their length.

// redactedMark stands in for a sensitive value in errors.
const redactedMark = "[REDACTED]"

// minRedactedPrefix is the shortest beginning of a sensitive value (in bytes of the text) that
// is redacted when a shortened text ends with it.
const minRedactedPrefix = 8

// maxUnit is the longest piece of text one character is read from: an HTML character
// reference with up to maxRefDigits digits (`&#x` + 32 digits + `;`).
const maxUnit = 3 + maxRefDigits + 1

// maxRefDigits is the most digits (leading zeros included) an HTML numeric character reference
// is read with.
const maxRefDigits = 32

// maxJSONUnit is the longest JSON escape: a surrogate pair's two, `\ud83d\ude00`.
const maxJSONUnit = 12

// maxCharUnit is the most bytes of JSON string text (or Go's quoting) one character is read
// from: the four \xXX escapes of a 4-byte UTF-8 character, `\xf0\x9f\x98\x80`.
const maxCharUnit = 16

// maxJSONPerByte is the most bytes of JSON string text a byte of a value takes (`\u0001`).
const maxJSONPerByte = 6

// lookahead is the most bytes of text past a character that reading it depends on: a JSON
// escape read inside an HTML or percent decoding, each of its bytes a reference.
const lookahead = maxCharUnit * maxUnit

// redact replaces every sensitive value (of 4 bytes or more) in s, as sent and in any spelling
// JSON allows inside a string (\" \\ \/ \b \f \n \r \t and \uXXXX in any case of hex,
// surrogate pairs whole, a mix of escaped and plain characters), so an answer that echoes a
// value, encoded by whatever encoder, does not show it. The spellings common encoders write are
// also looked for byte for byte (redactionForms), so a backslash that is the text's own (a
// value with `\b` in it, as the API decoded it) does not hide a value. So are its HTML
// character references (readHTMLChar) and its percent-encoding (readPercentChar), each in any
// mix with plain characters, and its base64 (base64Forms), and in each of those its JSON
// spellings (decodedSpans, base64Spans). A value shorter than 4 bytes is replaced where it
// stands as sent, as a whole word (shortSpans). Stretches that overlap or touch are replaced as
// one.
func redact(s string, sensitive ...string) string {
	return newRedactor(sensitive).redact(s)
}

// redactShortened is truncateRedacted(redact(s, sensitive...), n, sensitive...), read from only
// as much of s as those n bytes depend on: a long body costs no more than its beginning.
func redactShortened(s string, n int, sensitive ...string) string {
	return newRedactor(sensitive).shortened(s, n)
}

// redactor redacts a set of sensitive values: what it looks for is built once, so the many
// pieces of one error body (a message, thousands of field and form errors) cost their length,
// not a rebuild each.
type redactor struct{ nd needles }

func newRedactor(sensitive []string) *redactor {
	return &redactor{nd: redactionNeedles(sensitive)}
}

// redact is redact(s, sensitive...).
func (r *redactor) redact(s string) string {
	if len(s) < r.nd.shortest {
		return s
	}
	return replaceSpans(s, sensitiveSpans(s, &r.nd))
}

// shortened is redactShortened(s, n, sensitive...).
func (r *redactor) shortened(s string, n int) string {
	nd := &r.nd
	for w := n + nd.span + lookahead + 1024; ; w *= 2 {
		if w >= len(s) {
			return r.truncate(r.redact(s), n)
		}
		window := s[:w]
		spans := sensitiveSpans(window, nd)
		// Every stretch that begins before x (where the redacted text grows past n bytes) ends
		// inside the window and was read as in the whole text (the characters closer than
		// lookahead to the window's end may read otherwise): the first n+1 bytes are final.
		if x := shownEnd(window, spans, n); x >= 0 && x+nd.span+lookahead <= w {
			return r.truncate(replaceSpans(window, spans), n)
		}
	}
}

// truncateRedacted shortens already redacted text to at most n bytes of whole words (a word the
// cut falls in is dropped whole, with the spaces before it: a first word longer than n bytes
// leaves nothing) and then redacts a beginning of a sensitive value (8 bytes of the text or more, in any JSON
// spelling, an escape cut short included, read as written and as seen: readTail) that the text
// ends with: a value the answer itself held only in part, or cut where the answer was cut.
func truncateRedacted(s string, n int, sensitive ...string) string {
	return newRedactor(sensitive).truncate(s, n)
}

// truncate is truncateRedacted(s, n, sensitive...).
func (r *redactor) truncate(s string, n int) string {
	cut := false
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s, cut = strings.TrimRightFunc(s[:wordCut(s, n)], wordBreak), true
	}
	if at := sensitiveTail(s, &r.nd); at >= 0 {
		s = s[:at] + redactedMark
	}
	if cut {
		s += "…"
	}
	return s
}

// wordCut is where a text cut at n (a character boundary) ends: a word cut in two may be a
// credential that only its whole form gives away to the masking after (a URL's password before
// its @, a token's full length), so the cut moves back to the last break: a space, or, in a word
// that holds no URL, a boundary beside a character of a script written without spaces (Chinese,
// Japanese, Thai, …) or after a comma or semicolon, none of which such a credential holds. A word
// of none shows nothing.
func wordCut(s string, n int) int {
	if next, _ := utf8.DecodeRuneInString(s[n:]); wordBreak(next) {
		return n
	}
	start := 0 // the word the cut falls in
	if at := strings.LastIndexFunc(s[:n], wordBreak); at >= 0 {
		_, size := utf8.DecodeRuneInString(s[at:])
		start = at + size
	}
	if strings.Contains(s[start:n], "://") {
		return start
	}
	for i := n; i > start; {
		before, size := utf8.DecodeLastRuneInString(s[start:i])
		after, _ := utf8.DecodeRuneInString(s[i:])
		if unspaced(before) || unspaced(after) || before == ',' || before == ';' {
			return i
		}
		i -= size
	}
	return start
}

// unspaced reports a character of a script written without spaces between words, or CJK
// punctuation and full-width forms: a text in them breaks between any two.
func unspaced(r rune) bool {
	return r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xff65 ||
		unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao,
			unicode.Khmer, unicode.Myanmar)
}

// wordBreak reports a space that ends a word for the masking of shown texts (present): any
// Unicode space but a line separator (NEL, U+2028, U+2029), over which a value or URL runs on
// there, so a word cut at one could be the beginning of a credential.
func wordBreak(r rune) bool {
	return unicode.IsSpace(r) && r != '\u0085' && r != '\u2028' && r != '\u2029'
}

// needles are what redaction looks for.
type needles struct {
	read  []string // texts a stretch reads as, its escapes read: each value, and validUTF8 of it
	raw   []string // spellings looked for byte for byte: redactionForms and their base64
	grow  []growth // grow[k]: how far a stretch that is raw[k] grows (a base64 spelling's ends)
	short []string // values shorter than 4 bytes: looked for as sent, as whole words
	// fold are the keys of the values (redact_fold.go): each looked for in any case and normal
	// form (foldSpans); foldWord[k]: only as a whole word (a value shorter than minFoldAnywhere
	// bytes, as seen or as its key).
	fold      []string
	foldWord  []bool
	foldM     *multiMatcher
	foldRing  int       // a power of two at least as long as the longest fold needle
	foldFirst [256]bool // the bytes a fold needle begins with
	// foldCased is set when a fold needle differs from its value (a value with a letter that
	// has another case, or a character that decomposes): else a text that needs no reading
	// (needsReading: ASCII alone, no escape) spells none otherwise, and is not read for them.
	foldCased bool
	span      int // the most bytes of text a stretch that reads as or is one of them can take

	shortest  int // the fewest bytes of text a stretch can take: a shorter text holds none
	minBase64 int // the fewest base64 characters a read needle's base64 can take
	readM     *multiMatcher
	rawM      *multiMatcher
	readFirst [256]bool // the bytes a read needle begins with
	rawFirst  [256]bool // the bytes a raw needle begins with (rawNorm's)
	rawOf     []int32   // rawOf[k]: the raw spelling rawM's needle k is (rawNormalized)
	ring      int       // a power of two at least as long as the longest read needle
	// unseen is set when a value is not looked for as seen (seenValue: too short, or spaces
	// alone): the texts are also read with their characters as written (readSpans, foldSpans).
	unseen bool
	blocks blockSets // the long values' (redact_long.go)
}

// needleBuilds counts redactionNeedles calls (a test checks one error body builds them once).
var needleBuilds atomic.Int64

// growth is how many base64 characters before and after a base64 spelling's middle (the part
// only the value decides) belong to the stretch: those that hold bits of the value and of the
// text around it, and the padding.
type growth struct {
	base64        bool
	before, after int // base64 characters
}

func redactionNeedles(sensitive []string) needles {
	needleBuilds.Add(1)
	var nd needles
	// A long value's ends are looked for as values, the rest by blocks (redact_long.go).
	sensitive, long := longValueParts(sensitive)
	nd.blocks = newBlockSets(long)
	// Each value as seen too (seenValue: what a text that spells it with invisible characters
	// in it, or other spaces, reads as): 4 bytes or more, not spaces alone.
	for _, v := range sensitive {
		if len(v) < 4 {
			continue
		}
		switch seen := seenValue(v); {
		case seen == v:
		case len(seen) >= 4 && strings.TrimSpace(seen) != "":
			if !slices.Contains(sensitive, seen) {
				sensitive = append(slices.Clip(sensitive), seen)
			}
		default:
			// Too short as seen, or spaces alone: looked for only as written (unseen).
			nd.unseen = true
		}
	}
	for _, v := range sensitive {
		if len(v) < 4 {
			if hasWordChar(v) && !slices.Contains(nd.short, v) {
				nd.short = append(nd.short, v)
			}
			continue
		}
		for _, read := range []string{v, validUTF8(v)} {
			if !slices.Contains(nd.read, read) {
				nd.read = append(nd.read, read)
			}
		}
	}
	nd.raw = redactionForms(sensitive)
	base64s := base64Forms(nd.raw)
	nd.grow = make([]growth, len(nd.raw))
	for _, f := range base64s {
		if !slices.Contains(nd.raw, f.form) {
			nd.raw, nd.grow = append(nd.raw, f.form), append(nd.grow, f.growth)
		}
	}
	for _, f := range encodedCopies(sensitive) {
		if !slices.Contains(nd.raw, f) {
			nd.raw, nd.grow = append(nd.raw, f), append(nd.grow, growth{})
		}
	}
	// A stretch takes at most maxJSONPerByte bytes of JSON text for each byte it reads as
	// (`\u0001`), each of those at most maxUnit bytes of text when the JSON is HTML-escaped
	// (`&#x` and 32 digits and `;`; a form or its base64 is no longer), and the rest of the
	// characters it begins and ends inside; and up to maxSkipped characters seen as nothing
	// (each an escape, maxCharUnit bytes, HTML-escaped).
	nd.shortest, nd.minBase64 = 1<<30, 1<<30
	for _, v := range nd.read {
		nd.span = max(nd.span, maxUnit*(maxJSONPerByte*len(v)+2*maxCharUnit+maxSkipped*maxCharUnit))
		nd.shortest = min(nd.shortest, len(v))
		nd.minBase64 = min(nd.minBase64, (8*len(v)+5)/6)
	}
	for _, v := range nd.raw {
		nd.shortest = min(nd.shortest, len(v))
	}
	for _, v := range nd.short {
		nd.shortest = min(nd.shortest, len(v))
	}
	for _, v := range sensitive {
		if len(v) < 4 {
			continue
		}
		// Every value, cased or not: a text may spell "12345678" as "１２３４５６７８".
		if f, cased := folded(validUTF8(v)); !slices.Contains(nd.fold, f) {
			// A value counts as long as it is seen (seenValue: "Name\u200b\u200b" as "Name"),
			// and as its key if that is shorter ("ｎａｍｅ" as "NAME"): the spelling compared.
			seen := seenValue(v)
			word := min(len(seen), len(foldKey(validUTF8(seen)))) < minFoldAnywhere
			nd.fold, nd.foldWord = append(nd.fold, f), append(nd.foldWord, word)
			nd.foldCased = nd.foldCased || cased
			// A character of the text may read as up to 18 of the key's (appendKeyRunes: "ﬃ" is
			// 3 bytes and 3 of the key's; U+FDFA is 3 and 33): a stretch takes at least
			// len(f)/11 bytes, and at most maxCharUnit HTML-escaped bytes for each of the key's.
			nd.shortest = min(nd.shortest, max(1, len(f)/11))
			// A run of marks whose order changed (redact_fold.go) stretches it by up to
			// maxMarkRun characters at each end, and reads its characters only as far as it goes.
			nd.span = max(nd.span, maxUnit*maxCharUnit*(len(f)+2+maxSkipped+3*maxMarkRun))
		}
	}
	nd.foldM, nd.foldRing = newMultiMatcher(nd.fold), 1
	for _, f := range nd.fold {
		nd.foldFirst[f[0]] = true
		for nd.foldRing < len(f) {
			nd.foldRing *= 2
		}
	}
	// The raw needles are looked for with base64's URL alphabet read as its standard one (the
	// text's bytes and the needles' as rawNorm maps them): a base64 spelling in either alphabet
	// is one needle, not two — a third fewer states. A spelling differs from another only in
	// "-" for "+" or "_" for "/" is redacted too.
	var rawNeedles []string
	for k, v := range nd.raw {
		n := rawNormalized(v)
		if i := slices.Index(rawNeedles, n); i >= 0 && nd.grow[nd.rawOf[i]] == nd.grow[k] {
			continue
		}
		rawNeedles, nd.rawOf = append(rawNeedles, n), append(nd.rawOf, int32(k))
	}
	nd.readM, nd.rawM = newMultiMatcher(nd.read), newMultiMatcher(rawNeedles)
	longest := 0
	for _, v := range nd.read {
		nd.readFirst[v[0]] = true
		longest = max(longest, len(v))
	}
	for _, v := range nd.raw {
		nd.rawFirst[rawNorm[v[0]]] = true
	}
	nd.ring = 1
	for nd.ring < longest {
		nd.ring *= 2
	}
	if nd.blocks != nil {
		nd.span = max(nd.span, longBlock+2*longGrowth)
	}
	return nd
}

// minEncodedCopy is the shortest value (in bytes) whose hexadecimal and reversed copies are
// redacted: a shorter one's hex is as short as a commit's abbreviation or a build number's, and
// its reversal a word of its own.
const minEncodedCopy = 8

// encodedCopies are the copies of the values of minEncodedCopy bytes or more that an agent
// which knows one would write to have it shown (base64, percent and case are read elsewhere):
// its bytes in hexadecimal, lower and upper case, and its characters reversed.
func encodedCopies(sensitive []string) []string {
	var out []string
	for _, v := range sensitive {
		if len(v) < minEncodedCopy {
			continue
		}
		r := []rune(v)
		slices.Reverse(r)
		h := hex.EncodeToString([]byte(v))
		for _, f := range []string{h, strings.ToUpper(h), string(r)} {
			if f != v && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// base64Form is the middle of a base64 spelling of a value: what the value alone decides
// wherever it stands in the encoded bytes.
type base64Form struct {
	form string
	growth
}

// base64Forms are the middles of the base64 spellings of forms (the sensitive values and the
// JSON spellings of them redactionForms lists: base64 of a JSON body holds the value
// JSON-escaped), in the standard and the URL alphabet, at each of the three places a value can
// start in a group of three encoded bytes (base64 of "user:" + password holds the password's at
// the third). Each leaves out the characters that also hold bits of the bytes before or after;
// the stretch found grows over them (and "=" padding) when they are there.
func base64Forms(forms0 []string) []base64Form {
	var forms []base64Form
	for _, v := range forms0 {
		if len(v) < 4 {
			continue
		}
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			for k, skip := range []int{0, 2, 3} { // k bytes before the value in its group
				bits := 8 * (k + len(v))
				whole := enc.EncodeToString(append(make([]byte, k), v...))[:bits/6]
				after := 0
				if bits%6 != 0 {
					after = 1 // the last character holds bits of what follows
				}
				f := base64Form{whole[skip:], growth{true, skip, after}}
				if !slices.Contains(forms, f) {
					forms = append(forms, f)
				}
			}
		}
	}
	return forms
}

// redactionForms are the spellings of the sensitive values (4 bytes or more) that common
// encoders write, longest first.
func redactionForms(sensitive []string) []string {
	var forms []string
	add := func(f string) {
		if len(f) >= 4 && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	for _, v := range sensitive {
		if len(v) < 4 {
			continue
		}
		add(v)
		// What encoders in common use write: Go's with and without HTML escaping (& < > as
		// \u0026 \u003c \u003e), and ASCII-only ones (Python's json.dumps, PHP's json_encode)
		// with lower- or upper-case hex, with and without `/` as `\/`.
		for _, html := range []bool{false, true} {
			for _, ascii := range []bool{false, true} {
				for _, upper := range []bool{false, true} {
					for _, slash := range []bool{false, true} {
						add(jsonSpelling(v, html, ascii, upper, slash))
					}
				}
			}
		}
	}
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return forms
}

// jsonSpelling is v as a JSON encoder writes it inside a string (without the quotes): html
// escapes & < >, ascii escapes every non-ASCII character (surrogate pairs beyond U+FFFF),
// upper writes \u escapes' hex in upper case, slash escapes `/`.
func jsonSpelling(v string, html, ascii, upper, slash bool) string {
	var b strings.Builder
	hex := func(r rune) {
		f := `\u%04x`
		if upper {
			f = `\u%04X`
		}
		fmt.Fprintf(&b, f, r)
	}
	for _, r := range v {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029 || (html && (r == '&' || r == '<' || r == '>')):
			hex(r)
		case r == '/' && slash:
			b.WriteString(`\/`)
		case r > 0x7e && ascii:
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

// validUTF8 is v with each byte that does not belong to a UTF-8 character replaced by U+FFFD.
func validUTF8(v string) string {
	if utf8.ValidString(v) {
		return v
	}
	var b strings.Builder
	for _, r := range v { // ranging yields utf8.RuneError for each such byte
		b.WriteRune(r)
	}
	return b.String()
}

// spelling is a way a text can spell characters: what one character of it reads as, and what
// an escape cut short at the end of a shortened text can be.
type spelling struct {
	// read reads the character that s[i:] begins with (readChar's contract).
	read func(s string, i int) (dec [utf8.UTFMax]byte, n, end int)
	// special marks the bytes that may read as something else: those an escape begins with.
	special [256]bool
	// cutShort reports whether p (a special byte and what follows it, shorter than maxUnit) is
	// an escape cut short.
	cutShort func(p string) bool
	// begins reports whether the escape cut short p can begin a spelling of rest's first
	// character.
	begins func(p, rest string) bool
	// only, if not 0, is the byte a text must hold to read otherwise than in the spelling
	// before: without a "+", percent-encoding read with "+" for a space is read as without.
	only byte
	// holds, if not nil, reports whether a text may read otherwise than in the first spelling:
	// one that does not is not read in this one.
	holds func(s string) bool
}

// spellings are the ways a value is looked for in a text: JSON string text; HTML character
// references (&amp; &#39; &#x27;: a proxy's or firewall's error page); percent-encoding (a URL
// or form echoed), with "+" read as itself and as a space.
var spellings = []spelling{
	{read: readChar[string], special: specialBytes(`\`), cutShort: escapeCutShort, begins: beginsSpelling},
	{read: readHTMLChar, special: specialBytes("&"), cutShort: htmlCutShort, begins: beginsHTML},
	{read: readPercentChar(false), special: specialBytes("%"), cutShort: percentCutShort, begins: beginsPercent},
	{read: readPercentChar(true), special: specialBytes("%+"), cutShort: percentCutShort, begins: beginsPercent, only: '+'},
	// JSON string text with a lone \xXX of 0x80 or more read as U+0080–U+00FF, as Python's
	// repr() and ascii() write one ('p\xe4ss' is "päss", '\xa0' an NBSP): Go's quoting writes
	// a byte that begins no character so, read as such in the first spelling. Then with every
	// one read so, also those Go's would join into a character ('\xc9\xa0' is "É\u00a0").
	{read: readCharLatin1[string], special: specialBytes(`\`), cutShort: escapeCutShort, begins: beginsLatin1, holds: holdsHighByteEscape},
	// The last reads JSON string text escaped again too ("'Pass\\u20acword'"): see
	// readCharLatin1Only.
	{read: readCharLatin1Only[string], special: specialBytes(`\`), cutShort: doubledCutShort, begins: beginsDoubled, holds: holdsLatin1OrDoubled},
}

func specialBytes(bs string) (t [256]bool) {
	for i := range len(bs) {
		t[bs[i]] = true
	}
	return t
}

// htmlNames are the named character references HTML escapers write (HTML reads the upper-case
// ones too), and HTML's names of the other ASCII punctuation, the tab and the line break
// (`p&commat;ss&period;`).
var htmlNames = map[string]rune{"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\'', "nbsp": 0xa0,
	"AMP": '&', "LT": '<', "GT": '>', "QUOT": '"',
	"excl": '!', "num": '#', "dollar": '$', "percnt": '%', "lpar": '(', "rpar": ')', "ast": '*',
	"plus": '+', "comma": ',', "period": '.', "sol": '/', "colon": ':', "semi": ';', "equals": '=',
	"quest": '?', "commat": '@', "lsqb": '[', "rsqb": ']', "bsol": '\\', "lowbar": '_', "grave": '`',
	"lcub": '{', "rcub": '}', "verbar": '|', "Hat": '^', "Tab": '\t', "NewLine": '\n'}

// readHTMLChar reads the character of HTML text that s[i:] begins with: a character reference
// (&amp; and the others of htmlNames, &#39; or &#x27; with hex digits in any case and leading
// zeros, up to maxRefDigits digits; a code point HTML does not allow reads as U+FFFD), or else
// one byte, which stands for itself.
func readHTMLChar(s string, i int) (dec [utf8.UTFMax]byte, n, end int) {
	dec[0] = s[i]
	if s[i] != '&' {
		return dec, 1, i + 1
	}
	semi := strings.IndexByte(s[i+1:min(len(s), i+maxUnit)], ';')
	if semi < 1 {
		return dec, 1, i + 1
	}
	ref, end := s[i+1:i+1+semi], i+2+semi
	r, ok := htmlNames[ref]
	if !ok && ref[0] != '#' {
		// Every other HTML5 named reference (&eacute; &euro; &mdash;, as PHP's htmlentities
		// writes them), as html.UnescapeString reads it: a name of at most maxUnit bytes, so
		// reading one costs a bounded time. A reference to two code points (&nvlt;) reads as
		// both when they fit in a character's bytes.
		if u := html.UnescapeString(s[i:end]); u != s[i:end] && len(u) <= utf8.UTFMax && utf8.ValidString(u) && !strings.HasSuffix(u, ";") {
			// (A name that only begins with one read without its semicolon, &ampx;, ends in
			// ";" read: it stands for itself.)
			return dec, copy(dec[:], u), end
		}
		return dec, 1, i + 1
	}
	if !ok && ref[0] == '#' && len(ref) > 1 {
		digits, base := ref[1:], 10
		if digits[0] == 'x' || digits[0] == 'X' {
			digits, base = digits[1:], 16
		}
		u, err := strconv.ParseUint(digits, base, 32)
		if ok = err == nil && len(digits) <= maxRefDigits; ok {
			r = rune(u)
			if r == 0 || u > unicode.MaxRune || utf16.IsSurrogate(r) {
				r = utf8.RuneError
			}
		}
	}
	if !ok {
		return dec, 1, i + 1
	}
	return dec, utf8.EncodeRune(dec[:], r), end
}

// htmlCutShort reports whether p, which begins with "&", is a character reference cut short.
func htmlCutShort(p string) bool {
	if len(p) == 1 {
		return true
	}
	if p[1] != '#' {
		return strings.IndexFunc(p[1:], func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) < 0
	}
	digits := p[2:]
	if digits != "" && (digits[0] == 'x' || digits[0] == 'X') {
		digits = digits[1:]
	}
	if len(digits) > maxRefDigits {
		return false
	}
	for i := range len(digits) {
		if _, ok := hexDigit(digits[i]); !ok {
			return false
		}
	}
	return true
}

// beginsHTML reports whether the character reference cut short p can begin a reference to the
// first character of rest.
func beginsHTML(p, rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	if len(p) == 1 {
		return true
	}
	if p[1] != '#' {
		for name, nr := range htmlNames {
			if nr == r && strings.HasPrefix(name, p[1:]) {
				return true
			}
		}
		return false
	}
	digits, spelled := p[2:], strconv.Itoa(int(r))
	if digits != "" && (digits[0] == 'x' || digits[0] == 'X') {
		digits, spelled = strings.ToLower(digits[1:]), strconv.FormatInt(int64(r), 16)
	}
	digits = strings.TrimLeft(digits, "0")
	return strings.HasPrefix(spelled, digits)
}

// readPercentChar reads what s[i:] begins with in percent-encoded text: %XX (hex digits in any
// case) reads as its byte; with plus set, "+" reads as a space; any other byte is itself.
func readPercentChar(plus bool) func(s string, i int) (dec [utf8.UTFMax]byte, n, end int) {
	return func(s string, i int) (dec [utf8.UTFMax]byte, n, end int) {
		dec[0] = s[i]
		switch {
		case s[i] == '+' && plus:
			dec[0] = ' '
		case s[i] == '%' && i+3 <= len(s):
			hi, ok1 := hexDigit(s[i+1])
			lo, ok2 := hexDigit(s[i+2])
			if ok1 && ok2 {
				dec[0] = hi<<4 | lo
				return dec, 1, i + 3
			}
		}
		return dec, 1, i + 1
	}
}

// percentCutShort reports whether p is a percent escape cut short: "%" or "%" and a hex digit.
func percentCutShort(p string) bool {
	if p[0] != '%' || len(p) > 2 {
		return false
	}
	_, ok := hexDigit(p[len(p)-1])
	return len(p) == 1 || ok
}

// beginsPercent reports whether the percent escape cut short p can begin the escape of rest's
// first byte.
func beginsPercent(p, rest string) bool {
	if len(p) == 1 {
		return true
	}
	hi, _ := hexDigit(p[1])
	return rest[0]>>4 == hi
}

// shortEscapes are the characters JSON's one-letter escapes stand for, and Go's \a and \v.
var shortEscapes = [256]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'a': '\a', 'v': '\v'}

// readChar reads the character of JSON string text that s[i:] begins with: an escape (a
// surrogate pair's two escapes as one character; Go's quoting's too, as net/http quotes a line
// it could not read: \a \v, \xXX a byte — consecutive ones that make a UTF-8 character that
// character —, \UXXXXXXXX; Rust's and JavaScript's \u{X} with 1 to 6 hex digits, a Unicode
// scalar value), or else one byte, which stands for itself
// — a backslash that begins no valid escape included. It returns the bytes the character reads
// as (a surrogate without its other half reads as U+FFFD, as encoding/json reads it) and where
// the character ends. It never looks more than maxUnit bytes ahead.
func readChar[T bytesOrString](s T, i int) (dec [utf8.UTFMax]byte, n, end int) {
	if s[i] != '\\' || i+1 >= len(s) {
		dec[0] = s[i]
		return dec, 1, i + 1
	}
	switch c := s[i+1]; c {
	case '"', '\\', '/':
		dec[0] = c
		return dec, 1, i + 2
	case 'b', 'f', 'n', 'r', 't', 'a', 'v':
		dec[0] = shortEscapes[c]
		return dec, 1, i + 2
	case 'x': // Go's quoting (%q): a byte; those of one UTF-8 character, that character
		if b, ok := hexByte(s, i+2); ok {
			dec[0] = b
			end := i + 4
			if need := utf8SeqLen(b); need > 1 {
				n := 1
				for ; n < need && end+4 <= len(s) && s[end] == '\\' && s[end+1] == 'x'; n, end = n+1, end+4 {
					c, ok := hexByte(s, end+2)
					if !ok || c < 0x80 || c > 0xbf {
						break
					}
					dec[n] = c
				}
				if n == need && utf8.Valid(dec[:n]) {
					return dec, n, end
				}
			}
			return dec, 1, i + 4
		}
	case 'U': // Go's quoting: a character beyond U+FFFF
		if hi, ok := hex4(s, i+2); ok {
			if lo, ok := hex4(s, i+6); ok {
				r := rune(hi)<<16 | rune(lo)
				if r > unicode.MaxRune || utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
				return dec, utf8.EncodeRune(dec[:], r), i + 10
			}
		}
	case 'u':
		if i+2 < len(s) && s[i+2] == '{' { // Rust's {:?}, JavaScript: \u{200b}
			r, j := rune(0), i+3
			for ; j < len(s) && j < i+9; j++ {
				d, ok := hexDigit(s[j])
				if !ok {
					break
				}
				r = r<<4 | rune(d)
			}
			if j > i+3 && j < len(s) && s[j] == '}' && r <= unicode.MaxRune && !utf16.IsSurrogate(r) {
				return dec, utf8.EncodeRune(dec[:], r), j + 1
			}
			break
		}
		u, ok := hex4(s, i+2)
		if !ok {
			break
		}
		r, end := rune(u), i+6
		if utf16.IsSurrogate(r) {
			pair := utf8.RuneError
			if r < 0xdc00 && end+6 <= len(s) && s[end] == '\\' && s[end+1] == 'u' {
				if lo, ok := hex4(s, end+2); ok && lo >= 0xdc00 && lo <= 0xdfff {
					pair, end = utf16.DecodeRune(r, rune(lo)), end+6
				}
			}
			r = pair
		}
		return dec, utf8.EncodeRune(dec[:], r), end
	}
	dec[0] = '\\'
	return dec, 1, i + 1
}

// readCharLatin1 is readChar, but a lone \xXX of 0x80 or more (one that does not begin the
// \xXX escapes of a UTF-8 character) reads as the character U+0080–U+00FF, as Python writes
// one ('p\xe4ss', '\xa0'), not as a byte that begins no character.
func readCharLatin1[T bytesOrString](s T, i int) (dec [utf8.UTFMax]byte, n, end int) {
	dec, n, end = readChar(s, i)
	if n == 1 && end == i+4 && dec[0] >= utf8.RuneSelf { // only \xXX takes 4 bytes for one
		return dec, utf8.EncodeRune(dec[:], rune(dec[0])), end
	}
	return dec, n, end
}

// readCharLatin1Only is readChar, but every \xXX of 0x80 or more reads as the character
// U+0080–U+00FF, never joined with the next: Python's ascii('É\xa0') is '\xc9\xa0', which
// Go's quoting (and readCharLatin1) reads as the one character U+0260. So does a \\xXX: Python's
// form escaped again in JSON text ({"detail": "'p\\xe4ss'"}; an API's error object re-encoded),
// as the spelling before reads Go's \\xc3\\xa4. So, as one character, do \\uXXXX (a surrogate
// pair's \\uXXXX\\uXXXX), \\UXXXXXXXX and \\u{X}: Python's ascii(), Go's %q and Rust's {:?}
// escaped again.
func readCharLatin1Only[T bytesOrString](s T, i int) (dec [utf8.UTFMax]byte, n, end int) {
	if i+1 < len(s) && s[i] == '\\' {
		x := i + 1
		if s[x] == '\\' && x+1 < len(s) {
			x++
			if s[x] == 'u' || s[x] == 'U' {
				return readDoubledEscape(s, i)
			}
		}
		if s[x] == 'x' {
			if b, ok := hexByte(s, x+1); ok && b >= utf8.RuneSelf {
				return dec, utf8.EncodeRune(dec[:], rune(b)), x + 3
			}
		}
	}
	return readChar(s, i)
}

// readDoubledEscape reads the \\uXXXX, \\UXXXXXXXX or \\u{X} that s[i:] begins with (a
// \\uXXXX of a high surrogate with the \\uXXXX of a low one after it as their character) as
// readChar reads it escaped once; anything else as readChar reads it.
func readDoubledEscape[T bytesOrString](s T, i int) (dec [utf8.UTFMax]byte, n, end int) {
	dec, n, end = readChar(s, i+1)
	if end == i+2 { // no escape after the first backslash: an escaped backslash
		return readChar(s, i)
	}
	if hi, ok := hex4(s, i+3); ok && s[i+2] == 'u' && hi >= 0xd800 && hi < 0xdc00 &&
		end+7 <= len(s) && s[end] == '\\' && s[end+1] == '\\' && s[end+2] == 'u' {
		if lo, ok := hex4(s, end+3); ok && lo >= 0xdc00 && lo <= 0xdfff {
			return dec, utf8.EncodeRune(dec[:], utf16.DecodeRune(rune(hi), rune(lo))), end + 7
		}
	}
	return dec, n, end
}

// holdsLatin1OrDoubled reports whether s may read otherwise with readCharLatin1Only: it holds
// a \xXX of 0x80 or more (holdsHighByteEscape), or a \\u or \\U.
func holdsLatin1OrDoubled(s string) bool {
	return holdsHighByteEscape(s) || strings.Contains(s, `\\u`) || strings.Contains(s, `\\U`)
}

// doubledCutShort is escapeCutShort, and also whether p is such an escape escaped again cut
// short (`\\u20`, `\\ud83d\\ude`, `\\xf`; `\\` alone may begin one).
func doubledCutShort(p string) bool {
	return escapeCutShort(p) || p == `\\` || isDoubled(p) && escapeCutShort(strings.ReplaceAll(p, `\\`, `\`))
}

// beginsDoubled is beginsLatin1, p escaped again read as escaped once.
func beginsDoubled(p, rest string) bool {
	if p == `\\` {
		return true
	}
	if isDoubled(p) {
		p = strings.ReplaceAll(p, `\\`, `\`)
	}
	return beginsLatin1(p, rest)
}

// isDoubled reports whether p begins with an escaped backslash and an x, u or U: an escape
// escaped again.
func isDoubled(p string) bool {
	return len(p) > 2 && p[0] == '\\' && p[1] == '\\' && (p[2] == 'x' || p[2] == 'u' || p[2] == 'U')
}

// holdsHighByteEscape reports whether s holds a \xXX escape (or its beginning, \xX) of 0x80 or
// more: a text that may read otherwise with readCharLatin1.
func holdsHighByteEscape(s string) bool {
	for i := 0; ; i += 2 {
		k := strings.Index(s[i:], `\x`)
		if k < 0 {
			return false
		}
		i += k
		if i+2 < len(s) {
			if d, ok := hexDigit(s[i+2]); ok && d >= 8 {
				return true
			}
		}
	}
}

// bytesOrString is a text: a string, or bytes a text is decoded into (one buffer for every
// decoding of a text).
type bytesOrString interface{ ~string | ~[]byte }

// hexByte reads the 2 hex digits (in any case) at s[i:] as a byte.
func hexByte[T bytesOrString](s T, i int) (byte, bool) {
	if i+2 > len(s) {
		return 0, false
	}
	hi, ok1 := hexDigit(s[i])
	lo, ok2 := hexDigit(s[i+1])
	return hi<<4 | lo, ok1 && ok2
}

// utf8SeqLen is how many bytes a UTF-8 character that begins with the byte b has (1 for a
// byte that begins no longer one).
func utf8SeqLen(b byte) int {
	switch {
	case b >= 0xc2 && b <= 0xdf:
		return 2
	case b >= 0xe0 && b <= 0xef:
		return 3
	case b >= 0xf0 && b <= 0xf4:
		return 4
	}
	return 1
}

// hex4 reads the 4 hex digits (in any case) at s[i:].
func hex4[T bytesOrString](s T, i int) (uint16, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var u uint16
	for j := i; j < i+4; j++ {
		d, ok := hexDigit(s[j])
		if !ok {
			return 0, false
		}
		u = u<<4 | uint16(d)
	}
	return u, true
}

// hexDigit is the value of the hex digit c (in either case).
func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// textSpan is a stretch s[start:end] of a text.
type textSpan struct{ start, end int }

// sensitiveSpans finds every stretch of s that reads as one of the needles, in one of the
// spellings (JSON escapes, HTML character references, percent-encoding with and without "+"
// for a space), or is one of their raw spellings (overlapping ones too), and returns them in
// order, merged where they overlap: one pass over s for each spelling, and one for the raw
// ones. The needles are looked for with an Aho–Corasick automaton (multiMatcher): the read ones over the
// bytes s reads as, where a ring of the last bytes' origins in s says where a match begins;
// the raw ones over s's own bytes. While no needle is begun, the bytes that begin none and
// begin no escape are skipped. Values shorter than 4 bytes are looked for as whole words
// (shortSpans).
func sensitiveSpans(s string, nd *needles) []textSpan {
	spans := shortSpans(s, nd.short, nil)
	if len(nd.read) > 0 && len(s) >= 4 {
		// Where s holds no escape, control character or byte beyond ASCII, it reads (as seen)
		// as itself, and each value as itself is a raw needle.
		if needsReading(s) {
			spans = append(spans, readSpans(s, nd)...)
		}
		spans = append(spans, rawSpans(s, nd)...)
		spans = append(spans, foldSpans(s, nd)...)
		var buf []byte // what each decoding of s is decoded into, in turn
		// An HTML or percent decoding of s is JSON text too (a proxy echoes the JSON request
		// body): it is read as s is, and what is found there is found where it came from.
		for i := 1; i < len(spellings); i++ {
			if sp := &spellings[i]; (sp.holds == nil || sp.holds(s)) && containsSpecial(s, sp) && (sp.only == 0 || strings.IndexByte(s, sp.only) >= 0) {
				var found []textSpan
				found, buf = decodedSpans(s, nd, sp, buf)
				spans = append(spans, found...)
			}
		}
		spans = append(spans, base64Spans(s, nd, buf)...)
	}
	spans = append(spans, nd.blocks.spans(s)...)
	return mergeSpans(spans)
}

// mergeSpans is spans in order, each that overlaps or touches the one before merged with it.
// Merging stretches that touch or overlap before mapping them back to a text they were decoded
// from changes nothing: each character reads as at least one byte, so the characters they map to
// touch or overlap too.
func mergeSpans(spans []textSpan) []textSpan {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	merged := spans[:0]
	for _, sp := range spans {
		if k := len(merged) - 1; k >= 0 && merged[k].end >= sp.start { // touching ones too
			merged[k].end = max(merged[k].end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// containsSpecial reports whether a byte of s is one of sp's special ones.
func containsSpecial[T bytesOrString](s T, sp *spelling) bool {
	for i := range len(s) {
		if sp.special[s[i]] {
			return true
		}
	}
	return false
}

// decodedSpans finds the stretches of s whose decoding in the spelling sp reads as a needle
// in JSON string text (any JSON escape, or a raw spelling): s is decoded once, into buf (grown
// to len(s) if it is shorter, and returned), and the stretches of the decoding found are
// mapped back to the characters of s they came from in one more pass over s (the stretches
// merged first, in order, so that pass only goes forward). What it keeps is the stretches: no
// table of where each character came from; and nothing is decoded when s reads as itself.
func decodedSpans(s string, nd *needles, sp *spelling, buf []byte) ([]textSpan, []byte) {
	first := firstDecoded(s, sp)
	if first < 0 {
		return nil, buf // s reads as itself: its own spans
	}
	// No character reads as more bytes than it takes (a reference or an escape is longer than
	// what it stands for): the decoding fits in len(s) bytes.
	d := append(grown(buf, len(s)), s[:first]...)
	for i := first; i < len(s); {
		if !sp.special[s[i]] {
			j := i + 1
			for j < len(s) && !sp.special[s[j]] {
				j++
			}
			d = append(d, s[i:j]...)
			i = j
			continue
		}
		dec, n, end := sp.read(s, i)
		d = append(d, dec[:n]...)
		i = end
	}
	var found []textSpan
	if needsReading(d) {
		found = readSpans(d, nd)
	}
	found = append(found, foldSpans(d, nd)...)
	found = mergeSpans(append(found, rawSpans(d, nd)...))
	// at is where in s the decoding's byte q comes from: the character it is part of. s[i:] is
	// read from the decoding's byte k on; q is never before k.
	i, k := 0, 0
	at := func(q int) (start, end int) {
		for {
			n, end := 1, i+1
			if sp.special[s[i]] {
				_, n, end = sp.read(s, i)
			}
			if q < k+n {
				return i, end
			}
			i, k = end, k+n
		}
	}
	for j, f := range found {
		start, _ := at(f.start)
		_, end := at(f.end - 1)
		found[j] = textSpan{start, end}
	}
	return found, d
}

// firstDecoded is where in s the first character that reads as other bytes in the spelling sp
// begins, or -1 if s reads as itself.
func firstDecoded(s string, sp *spelling) int {
	for i := 0; i < len(s); {
		if !sp.special[s[i]] {
			i++
			continue
		}
		dec, n, end := sp.read(s, i)
		if end-i != 1 || n != 1 || dec[0] != s[i] {
			return i
		}
		i = end
	}
	return -1
}

// shortSpans finds each value shorter than 4 bytes where s holds it as sent and as a whole
// word: neither right after nor right before a letter or a digit, whatever the value's own
// characters. A value this short matched inside words would hide the text; as a word ("error
// 42") it is hidden. (needles holds only the short values with a letter or a digit: one of
// punctuation or spaces alone would hide every such character.)
func shortSpans(s string, short []string, ours func(at int) bool) []textSpan {
	var spans []textSpan
	for _, v := range short {
		for from := 0; ; {
			i := strings.Index(s[from:], v)
			if i < 0 {
				break
			}
			i += from
			end := i + len(v)
			from = i + 1
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[end:])
			// A neighbour in words of ours (ours, if not nil) does not count: they are never
			// replaced, so the value hides nothing of theirs.
			if i > 0 && wordRune(before) && (ours == nil || !ours(i-1)) ||
				end < len(s) && wordRune(after) && (ours == nil || !ours(end)) {
				continue
			}
			spans = append(spans, textSpan{i, end})
		}
	}
	return spans
}

// wordRune reports whether r is a letter or a digit.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// hasWordChar reports whether v holds a letter or a digit: a value shorter than 4 bytes
// without one (`-`, ` `, `://`) is no word, and is not redacted.
func hasWordChar(v string) bool {
	return strings.IndexFunc(v, wordRune) >= 0
}

// readSpans finds the stretches of s that read as a read needle in JSON string text (or Go's
// quoting), each character as seen (readSeen: invisible ones skipped, spaces as spaces), and,
// if a value is not looked for as seen (needles.unseen), as written.
func readSpans[T bytesOrString](s T, nd *needles) []textSpan {
	spans := readPass(s, nd, true)
	if nd.unseen && containsSpecial(s, &spellings[0]) {
		spans = append(spans, readPass(s, nd, false)...)
	}
	return spans
}

// readPass is readSpans' pass over s, its characters as seen or (seen false) as written.
func readPass[T bytesOrString](s T, nd *needles, seen bool) []textSpan {
	special := &spellings[0].special
	read, state := nd.readM, int32(0)
	first, ring := &nd.readFirst, nd.ring
	for ring > 1 && ring/2 >= len(s) {
		ring /= 2 // s reads as no more bytes than it has: a short text needs a short ring
	}
	// origin[c&(ring-1)]: where the character that read byte c begins, and skips then.
	origin := make([]originAt, ring)
	var spans []textSpan
	var ends []int
	c := 0 // bytes read and looked at
	idle := true
	skips := 0 // characters seen as nothing
	// A character beyond ASCII or a control character may be seen as a space (readSeen).
	spaceFirst := first[' '] && seen
	for i := 0; i < len(s); {
		if idle {
			for i < len(s) && !special[s[i]] && !first[s[i]] &&
				!(spaceFirst && (s[i] < 0x20 || s[i] >= 0x7f)) {
				i++
			}
			if i == len(s) {
				break
			}
		}
		var dec [utf8.UTFMax]byte
		var n, end int
		if seen {
			dec, n, end = readSeen(s, i)
		} else {
			dec, n, end = readChar(s, i)
		}
		if n == 0 {
			skips++
		}
		for _, b := range dec[:n] {
			if idle && !first[b] {
				continue
			}
			origin[c&(ring-1)] = originAt{i, skips}
			state = read.next(state, b)
			idle = state == 0
			ends = read.ends(state, ends[:0])
			for _, k := range ends {
				// A stretch holds at most maxSkipped characters seen as nothing.
				if o := origin[(c+1-len(read.needles[k]))&(ring-1)]; skips-o.skips <= maxSkipped {
					spans = addSpan(spans, textSpan{o.at, end})
				}
			}
			c++
		}
		i = end
	}
	return spans
}

// rawSpans finds the stretches of s that are a raw needle, byte for byte, grown as grow says.
func rawSpans[T bytesOrString](s T, nd *needles) []textSpan {
	state := int32(0) // the raw needles' automaton's
	first := &nd.rawFirst
	var spans []textSpan
	var ends []int
	idle := true
	for i := 0; i < len(s); i++ {
		b := rawNorm[s[i]]
		if idle && !first[b] {
			continue
		}
		state = nd.rawM.next(state, b)
		idle, ends = state == 0, nd.rawM.ends(state, ends[:0])
		for _, k := range ends {
			k := nd.rawOf[k]
			spans = append(spans, apply(nd.grow[k], s, textSpan{i + 1 - len(nd.raw[k]), i + 1}))
		}
	}
	return spans
}

// rawNorm is a byte as the raw needles are looked for: base64's URL alphabet as its standard one.
var rawNorm = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	t['-'], t['_'] = '+', '/'
	return t
}()

// rawNormalized is v, each byte as rawNorm maps it (v itself when it holds no "-" or "_").
func rawNormalized(v string) string {
	if !strings.ContainsAny(v, "-_") {
		return v
	}
	b := []byte(v)
	for i, c := range b {
		b[i] = rawNorm[c]
	}
	return string(b)
}

// apply grows the stretch sp of s as g says: a base64 spelling's middle over the characters next to it
// that hold bits of the value, and its padding.
func apply[T bytesOrString](g growth, s T, sp textSpan) textSpan {
	if !g.base64 {
		return sp
	}
	for k := 0; k < g.before && sp.start > 0 && isBase64Char(s[sp.start-1]); k++ {
		sp.start--
	}
	for k := 0; k < g.after && sp.end < len(s) && isBase64Char(s[sp.end]); k++ {
		sp.end++
	}
	for k := 0; k < 2 && sp.end < len(s) && s[sp.end] == '='; k++ {
		sp.end++
	}
	return sp
}

// base64Spans finds the stretches of s whose base64 decoding (either alphabet, or a mix),
// read as JSON string text, reads as a read needle: each run of base64 characters is decoded
// from each of the four places in it an encoding can start (a run may begin with a word that
// is not part of the encoding), and what is found is mapped back to the characters that hold
// its bits, and the padding after them. Only a decoding with a backslash in it is read: the
// spellings without one are raw needles (base64Forms).
func base64Spans(s string, nd *needles, buf []byte) []textSpan {
	var spans []textSpan
	for i := 0; i < len(s); {
		if !isBase64Char(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isBase64Char(s[j]) {
			j++
		}
		for off := 0; off < 4 && j-i-off >= nd.minBase64; off++ {
			var found []textSpan
			found, buf = decodedBase64Spans(s, i+off, j, nd, buf)
			spans = append(spans, found...)
		}
		i = j
	}
	return spans
}

// decodedBase64Spans finds the stretches of the base64 characters s[from:to], decoded, read as
// JSON string text, that read as a read needle (see base64Spans). They are decoded into buf
// (returned, grown if it was shorter) only when the decoding holds a backslash.
func decodedBase64Spans(s string, from, to int, nd *needles, buf []byte) ([]textSpan, []byte) {
	if _, backslash := decodeBase64(s, from, to, nil); !backslash {
		return nil, buf
	}
	d, _ := decodeBase64(s, from, to, grown(buf, (to-from)*6/8))
	found := readSpans(d, nd)
	for i, f := range found {
		// Byte k's bits are bits 8k to 8k+7 of the characters' 6 each.
		start, end := from+8*f.start/6, from+(8*f.end+5)/6
		for pad := 0; pad < 2 && end == to+pad && end < len(s) && s[end] == '='; pad++ {
			end++
		}
		found[i] = textSpan{start, end}
	}
	return found, d
}

// grown is buf emptied, or a new buffer if it holds fewer than n bytes (made at once:
// slices.Grow allocated it twice under the race detector).
func grown(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, 0, n)
	}
	return buf[:0]
}

// decodeBase64 appends the decoding of the base64 characters s[from:to] (either alphabet) to d,
// or with d nil only reports whether the decoding holds a backslash (it stops at the first).
func decodeBase64(s string, from, to int, d []byte) (_ []byte, backslash bool) {
	var acc uint32
	bits := 0
	for i := from; i < to; i++ {
		acc = acc<<6 | uint32(base64Values[s[i]])
		if bits += 6; bits >= 8 {
			bits -= 8
			c := byte(acc >> bits)
			if d != nil {
				d = append(d, c)
			} else if c == '\\' {
				return nil, true
			}
		}
	}
	return d, false
}

// base64Values[c] is the 6 bits the base64 character c (either alphabet) stands for, 0xff for
// a byte that is none.
var base64Values = func() (t [256]byte) {
	for c := range t {
		t[c] = 0xff
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = byte(i)
	}
	t['-'], t['_'] = 62, 63
	return t
}()

// isBase64Char reports whether c is a character of the standard or the URL base64 alphabet.
func isBase64Char(c byte) bool {
	return base64Values[c] != 0xff
}

// kmpNext is the Knuth–Morris–Pratt failure function of v.
func kmpNext(v string) []int {
	next := make([]int, len(v))
	for i, k := 1, 0; i < len(v); i++ {
		for k > 0 && v[i] != v[k] {
			k = next[k-1]
		}
		if v[i] == v[k] {
			k++
		}
		next[i] = k
	}
	return next
}

// kmpStep advances a Knuth–Morris–Pratt automaton for p (next: kmpNext(p)) from state, the
// length of p's beginning matched so far, by the byte c; a full match is read on as a partial one.
func kmpStep(p string, next []int, state int, c byte) int {
	for state > 0 && (state == len(p) || p[state] != c) {
		state = next[state-1]
	}
	if p[state] == c {
		state++
	}
	return state
}

// addSpan adds sp to spans, whose ends are not after sp's, merging the ones it overlaps.
func addSpan(spans []textSpan, sp textSpan) []textSpan {
	for len(spans) > 0 && spans[len(spans)-1].end > sp.start {
		sp.start = min(sp.start, spans[len(spans)-1].start)
		spans = spans[:len(spans)-1]
	}
	return append(spans, sp)
}

// replaceSpans is s with each of the spans (in order, apart) replaced by redactedMark.
func replaceSpans(s string, spans []textSpan) string {
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(redactedMark)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// shownEnd is where in s the text replaceSpans(s, spans) grows past n bytes: the first n+1 bytes
// of that text come from s[:x] and the spans that begin before x. It is -1 if the text is not
// longer than n bytes.
func shownEnd(s string, spans []textSpan, n int) int {
	out, last := 0, 0
	for _, sp := range spans {
		if out+sp.start-last > n {
			break
		}
		out += sp.start - last + len(redactedMark)
		last = sp.end
		if out > n {
			return sp.start + 1
		}
	}
	if x := last + n + 1 - out; x <= len(s) {
		return x
	}
	return -1
}

// sensitiveTail is where in s a beginning of a needle (at least minRedactedPrefix bytes of s)
// that s ends with begins, or -1: a beginning of a read needle (an escape that s ends in the
// middle of counts when the character it began could be the needle's next), or of a raw one.
func sensitiveTail(s string, nd *needles) int {
	if len(nd.read) == 0 || len(s) < minRedactedPrefix {
		return -1
	}
	best := -1
	for _, form := range nd.raw {
		for k := min(len(form)-1, len(s)); k >= minRedactedPrefix && (best < 0 || len(s)-k < best); k-- {
			if strings.HasSuffix(s, form[:k]) {
				best = len(s) - k
				break
			}
		}
	}
	for i := range spellings {
		if sp := &spellings[i]; sp.holds != nil && !sp.holds(s) {
			continue
		}
		if at := readTail(s, nd, &spellings[i], best); at >= 0 {
			best = at
		}
	}
	if at := foldTail(s, nd); at >= 0 && (best < 0 || at < best) {
		best = at
	}
	return best
}

// foldTail is where in s a beginning of a value in another case (a fold needle's beginning,
// the characters folded, at least minRedactedPrefix bytes of s) that s ends with begins, or -1.
func foldTail(s string, nd *needles) int {
	longest := 0
	for _, f := range nd.fold {
		longest = max(longest, len(f))
	}
	var starts []int // where each of the last characters begins, the last first
	for i := len(s); i > 0 && len(starts) < longest; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		starts = append(starts, i)
	}
	slices.Reverse(starts)
	var w keyWriter // the key of those characters, canonically ordered (redact_fold.go)
	var kr []keyRune
	for _, st := range starts {
		r, size := utf8.DecodeRuneInString(s[st:])
		kr = appendKeyRunes(kr[:0], r)
		w.add(kr, st, st+size)
	}
	w.flush()
	starts, at := charBegins(&w) // where each character's key bytes begin
	tail, found := string(w.key), -1
	for k, v := range nd.fold {
		for j, st := range starts {
			if len(s)-st < minRedactedPrefix || (found >= 0 && st >= found) {
				break
			}
			if t := tail[at[j]:]; len(t) < len(v) && strings.HasPrefix(v, t) && (!nd.foldWord[k] || !wordBefore(s, st)) {
				found = st
				break
			}
		}
	}
	return found
}

// readTail is where in s a beginning of a read needle in spelling sp that s ends with begins
// (an escape that s ends in the middle of counts when the character it began could be the
// needle's next), if it is before best (or best is -1); else -1. The characters are read as
// written, and as seen (seenTail: invisible ones read as nothing, any space as a space), in
// their case and folded (a fold needle's beginning; one of a value shorter than
// minFoldAnywhere bytes only after a character that is no letter or digit).
func readTail(s string, nd *needles, sp *spelling, best int) int {
	found := -1
	// Only a beginning that starts this close to the end can be shorter than its needle.
	from := max(0, len(s)-nd.span)
	var (
		decoded []byte
		starts  []int // starts[k]: where the k-th character read from `from` on begins in s
		at      []int // at[k]: where its bytes begin in decoded
	)
	tail := len(s) // where an escape cut short begins
	for i := 0; i < len(s); {
		if sp.special[s[i]] && len(s)-i < maxUnit && sp.cutShort(s[i:]) {
			tail = i
			break
		}
		dec, n, end := sp.read(s, i)
		if i >= from {
			starts, at = append(starts, i), append(at, len(decoded))
			decoded = append(decoded, dec[:n]...)
		}
		i = end
	}
	partial := s[tail:]
	// Read as seen, an escape cut short may also begin a character seen as nothing (the value
	// may go on after it) or as a space.
	var cutKinds uint8
	if partial != "" {
		cutKinds = cutBeginsSeen(partial)
	}
	before := func(i int) bool { return (best < 0 || i < best) && (found < 0 || i < found) }
	match := func(decoded []byte, starts, at []int, needles []string, word []bool, seen bool) {
		for j, v := range needles {
			for k, start := range starts {
				if len(s)-start < minRedactedPrefix || !before(start) {
					break
				}
				read := decoded[at[k]:]
				if len(read) > len(v) || v[:len(read)] != string(read) ||
					(partial != "" && (len(read) == len(v) || !sp.begins(partial, v[len(read):]) &&
						!(seen && (cutKinds&cutNothing != 0 || cutKinds&cutSpace != 0 && v[len(read)] == ' ')))) ||
					(word != nil && word[j] && wordBefore(s, start)) {
					continue
				}
				found = start
				break
			}
			if before(tail) && len(partial) >= minRedactedPrefix && sp.begins(partial, v) {
				found = tail
			}
		}
	}
	match(decoded, starts, at, nd.read, nil, false)
	seen, seenStarts, seenAt := seenTail(decoded, starts, at)
	match(seen, seenStarts, seenAt, nd.read, nil, true)
	if len(nd.fold) > 0 {
		seen, seenStarts, seenAt = foldedTail(decoded, starts, at)
		match(seen, seenStarts, seenAt, nd.fold, nd.foldWord, true)
	}
	return found
}

// seenTail is decoded (the bytes characters read as, character k's from at[k] on, it begins at
// starts[k] in the text) as seen: each UTF-8 character of it as seenRune sees it (one that is
// invisible, or a byte that begins none, left out; any space a space); with where each
// character seen begins in the text (the character its first
// byte was read from) and in the bytes returned.
func seenTail(decoded []byte, starts, at []int) (seen []byte, seenStarts, seenAt []int) {
	seen = make([]byte, 0, len(decoded))
	for r, start := range seenRunes(decoded, starts, at) {
		if r < 0 {
			continue
		}
		if n := len(seenStarts); n == 0 || seenStarts[n-1] != start {
			seenStarts, seenAt = append(seenStarts, start), append(seenAt, len(seen))
		}
		seen = utf8.AppendRune(seen, r)
	}
	return seen, seenStarts, seenAt
}

// seenRunes yields each character of decoded as seenRune sees it, with where in the text it
// begins (starts[k] for the character whose bytes begin at at[k]); a byte that begins no
// character, or a character seenRune leaves out, yields -1 so that a caller can end a run there.
func seenRunes(decoded []byte, starts, at []int) iter.Seq2[rune, int] {
	return func(yield func(rune, int) bool) {
		k := 0
		for p := 0; p < len(decoded); {
			r, size := utf8.DecodeRune(decoded[p:])
			for k+1 < len(at) && at[k+1] <= p {
				k++
			}
			p += size
			seen, ok := seenRune(r)
			if r == utf8.RuneError && size <= 1 || !ok {
				seen = -1
			}
			if !yield(seen, starts[k]) {
				return
			}
		}
	}
}

// foldedTail is decoded read as seenTail reads it, each character's key (redact_fold.go) written
// for it, canonically ordered: a character begins where its key's first byte is, and the
// characters of a run of marks whose order changed begin where the run's first does.
func foldedTail(decoded []byte, starts, at []int) (key []byte, keyStarts, keyAt []int) {
	var w keyWriter
	var kr []keyRune
	for r, start := range seenRunes(decoded, starts, at) {
		if r < 0 {
			w.flush()
			continue
		}
		kr = appendKeyRunes(kr[:0], r)
		w.add(kr, start, start)
	}
	w.flush()
	keyStarts, keyAt = charBegins(&w)
	return w.key, keyStarts, keyAt
}

// charBegins are where in the text each character w wrote the key of begins, and where its
// key's bytes begin in w.key (a character whose key bytes are all held by a run that changed
// order has none).
func charBegins(w *keyWriter) (starts, at []int) {
	for p := range w.key {
		if p == 0 || w.from[p].start != w.from[p-1].start {
			starts, at = append(starts, w.from[p].start), append(at, p)
		}
	}
	return starts, at
}

// escapeCutShort reports whether p, which begins with a backslash, is a JSON escape cut short:
// a proper beginning of an escape, or of a surrogate pair's two escapes; or of Go's \xXX or
// \UXXXXXXXX, or of \u{X}.
func escapeCutShort(p string) bool {
	if len(p) == 1 {
		return true
	}
	switch p[1] {
	case 'x', 'U': // Go's quoting: \xXX, \UXXXXXXXX
		if n := 4; len(p) >= n && p[1] == 'x' || len(p) >= 10 {
			return false
		}
		for i := 2; i < len(p); i++ {
			if _, ok := hexDigit(p[i]); !ok {
				return false
			}
		}
		return true
	}
	if len(p) >= 3 && p[1] == 'u' && p[2] == '{' { // \u{X}: up to 6 hex digits
		if len(p) > 9 {
			return false
		}
		for i := 3; i < len(p); i++ {
			if _, ok := hexDigit(p[i]); !ok {
				return false
			}
		}
		return true
	}
	if p[1] != 'u' || len(p) >= maxJSONUnit {
		return false
	}
	for i := 2; i < len(p); i++ {
		if i == 6 || i == 7 {
			continue
		}
		if _, ok := hexDigit(p[i]); !ok {
			return false
		}
	}
	if len(p) < 6 {
		return true
	}
	hi, _ := hex4(p, 2)
	return hi >= 0xd800 && hi < 0xdc00 && (len(p) == 6 || p[6] == '\\') && (len(p) <= 7 || p[7] == 'u')
}

// beginsSpelling reports whether the escape cut short p can begin the \u spelling of the first
// character of rest (any case of hex; a pair for one beyond U+FFFF), its \u{X}, Go's
// \UXXXXXXXX of it or \xXX of its first byte, or a short escape.
func beginsSpelling(p, rest string) bool {
	if p == `\` {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	switch p[1] {
	case 'x': // the escape of rest's first byte
		return strings.HasPrefix(fmt.Sprintf(`\x%02x`, rest[0]), strings.ToLower(p))
	case 'U':
		return strings.HasPrefix(fmt.Sprintf(`\U%08x`, r), `\U`+strings.ToLower(p[2:]))
	case 'u':
		if len(p) >= 3 && p[2] == '{' { // \u{X}, leading zeros or not
			return strings.HasPrefix(strconv.FormatInt(int64(r), 16), strings.TrimLeft(strings.ToLower(p[3:]), "0"))
		}
	}
	spelled := fmt.Sprintf(`\u%04x`, r)
	if hi, lo := utf16.EncodeRune(r); hi != utf8.RuneError {
		spelled = fmt.Sprintf(`\u%04x\u%04x`, hi, lo)
	}
	return len(p) <= len(spelled) && strings.EqualFold(p, spelled[:len(p)])
}

// beginsLatin1 is beginsSpelling, and also whether p can begin the \xXX that readCharLatin1
// reads as rest's first character when it is U+0080–U+00FF.
func beginsLatin1(p, rest string) bool {
	if beginsSpelling(p, rest) {
		return true
	}
	r, size := utf8.DecodeRuneInString(rest)
	return p[1] == 'x' && size > 1 && r <= 0xff && strings.HasPrefix(fmt.Sprintf(`\x%02x`, r), strings.ToLower(p))
}

// reversed is s with its bytes in the opposite order.
func reversed(s string) string {
	b := make([]byte, len(s))
	for i := range len(s) {
		b[len(s)-1-i] = s[i]
	}
	return string(b)
}

// minFoldAnywhere is the fewest bytes a value has (as seen, and as its key: the fewer) that is
// looked for in another case inside words too; a shorter one (4 to 7 bytes) is looked for in another case only as a whole word:
// "Name" redacted as "name" would hide it in every "username".
const minFoldAnywhere = 8

// foldRune is r's case folded: the least character of its Unicode simple folding orbit
// (unicode.SimpleFold), so two characters fold alike exactly when one is a case of the other
// ('k', 'K' and the Kelvin sign all fold to 'K').
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	if r == 'ı' {
		return 'I' // dotless i reads as i (redact_fold.go)
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// folded is v's key (foldKey: each character decomposed and folded), and whether it differs
// from v: whether v can be spelled otherwise in another case or normal form.
func folded(v string) (string, bool) {
	f := foldKey(v)
	return f, f != v || strings.ContainsFunc(v, func(r rune) bool { return unicode.SimpleFold(r) != r })
}

// foldSpans finds the stretches of s that, read as JSON string text, are a value in another
// case: each character read (an escape, or the bytes of a UTF-8 character) as seen (seenRune:
// an invisible one, or a byte that begins none, skipped; a space a space) is folded (foldRune), and the folded bytes are run through one
// Aho–Corasick automaton of the fold needles (multiMatcher), a ring of their origins in s
// saying where a match begins (as readSpans). A value shorter than minFoldAnywhere bytes counts
// only as a whole word. Linear in s's length (and the matches found), whatever the number of values.
func foldSpans[T bytesOrString](s T, nd *needles) []textSpan {
	if len(nd.fold) == 0 || !nd.foldCased && !needsReading(s) {
		return nil
	}
	spans := foldRead(s, nd, false, true)
	special := containsSpecial(s, &spellings[0])
	if special {
		// The text as written too, its backslashes read as themselves: a value sent with a
		// backslash, or one that follows a backslash the JSON reading takes as an escape's
		// start ("\u0000" + "0A00…" reads as U+0000 and "0A00…").
		spans = append(spans, foldRead(s, nd, true, true)...)
	}
	if nd.unseen && needsReading(s) {
		// A value not looked for as seen: its characters as written.
		spans = append(spans, foldRead(s, nd, false, false)...)
		if special {
			spans = append(spans, foldRead(s, nd, true, false)...)
		}
	}
	return spans
}

// foldRead is foldSpans' pass over s, its JSON escapes read, or (raw) each backslash as itself;
// each character as seen (seenRune), or (seen false) as written.
func foldRead[T bytesOrString](s T, nd *needles, raw, seen bool) []textSpan {
	f := foldScan[T]{s: s, nd: nd, origin: make([]originAt, nd.foldRing),
		mask: nd.foldRing - 1, idle: true}
	var w keyWriter   // the key, canonically ordered (redact_fold.go)
	var kr []keyRune  // the key characters of lastR
	var key []byte    // their bytes
	plain := false    // key can be fed as it is (plainKey)
	lastR := rune(-1) // the last character folded
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && (c != '\\' || raw) {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			} else if seen && (c < 0x20 || c == 0x7f) {
				c = ' ' // seen as a space (seenRune)
			}
			if w.pending() {
				w.flush()
				f.drain(&w)
			}
			if c == 'I' {
				w.put('I', charAt{i, i + 1}) // held: a dot above may follow
			} else if !f.idle || nd.foldFirst[c] {
				f.feed(c, i, i+1)
			}
			i++
			continue
		}
		// A character: an escape (readChar reads one whole), or a UTF-8 character (a byte that
		// begins none reads as U+FFFD).
		// As seen (seenRune): an invisible character, or a byte that begins none, is skipped;
		// any space is a space.
		var r rune
		var size int
		end := i + 1
		if c == '\\' {
			var dec [utf8.UTFMax]byte
			var n int
			dec, n, end = readChar(s, i)
			r, size = utf8.DecodeRune(dec[:n])
		} else {
			r, size = utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
			end = i + size
		}
		if seen {
			as, ok := seenRune(r)
			if !ok || r == utf8.RuneError && size <= 1 {
				w.flush()
				f.drain(&w)
				f.skip()
				i = end
				continue
			}
			r = as
		}
		if r != lastR {
			lastR, kr = r, appendKeyRunes(kr[:0], r)
			key, plain = plainKey(key[:0], kr)
		}
		if plain { // written as it is, after what w holds
			if w.pending() {
				w.flush()
				f.drain(&w)
			}
			for _, b := range key {
				f.feed(b, i, end)
			}
		} else {
			w.add(kr, i, end)
			f.drain(&w)
		}
		i = end
	}
	w.flush()
	f.drain(&w)
	return f.spans
}

// drain feeds the key bytes w holds, each from the characters it comes from, and empties it.
func (f *foldScan[T]) drain(w *keyWriter) {
	for p, b := range w.key {
		f.feed(b, w.from[p].start, w.from[p].end)
	}
	w.reset()
}

// foldScan is foldSpans' state: the fold needles' automaton's state, where the last folded
// bytes came from (a ring), and the stretches found.
type foldScan[T bytesOrString] struct {
	s      T
	nd     *needles
	state  int32 // the fold needles' automaton's
	ends   []int
	origin []originAt
	mask   int
	c      int  // folded bytes looked at
	idle   bool // no needle begun
	spans  []textSpan
	skips  int // characters seen as nothing
}

// originAt is where the character a byte was read from begins, and how many characters were
// seen as nothing before it: a stretch holds at most maxSkipped of them.
type originAt struct{ at, skips int }

// skip passes a character seen as nothing.
func (f *foldScan[T]) skip() { f.skips++ }

// feed looks at the folded byte b of the character s[start:end].
func (f *foldScan[T]) feed(b byte, start, end int) {
	if f.idle && !f.nd.foldFirst[b] {
		return
	}
	f.origin[f.c&f.mask] = originAt{start, f.skips}
	m := f.nd.foldM
	f.state = m.next(f.state, b)
	f.ends = m.ends(f.state, f.ends[:0])
	for _, k := range f.ends {
		o := f.origin[(f.c+1-len(m.needles[k]))&f.mask]
		from := o.at
		if f.skips-o.skips > maxSkipped {
			continue
		}
		if !f.nd.foldWord[k] || !(wordBefore(f.s, from) || wordAfter(f.s, end)) {
			f.spans = addSpan(f.spans, textSpan{from, end})
		}
	}
	f.idle = f.state == 0
	f.c++
}

// wordBefore reports whether the character that ends at s[at] (if any) is a letter or a digit.
func wordBefore[T bytesOrString](s T, at int) bool {
	r, _ := utf8.DecodeLastRuneInString(string(s[max(0, at-utf8.UTFMax):at]))
	return at > 0 && wordRune(r)
}

// wordAfter reports whether the character that begins at s[at] (if any) is a letter or a digit.
func wordAfter[T bytesOrString](s T, at int) bool {
	r, _ := utf8.DecodeRuneInString(string(s[at:min(len(s), at+utf8.UTFMax)]))
	return at < len(s) && wordRune(r)
}
