package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// Hidden reports a character that does not show where it stands (plain.Invisible: a zero-width
// space, a soft hyphen) or breaks the line it is in (plain.Breaking: a control character): in
// an identifier, the API's refusal would quote the value without it.
func Hidden(r rune) bool { return plain.Invisible(r) || plain.Breaking(r) }

// BlankAround reports characters that show as blank space at the start or end of s: whitespace,
// and the braille pattern blank (U+2800), which Unicode counts as no space, so "team\u2800"
// would read as "team " and a key of U+2800 alone as nothing.
func BlankAround(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u2800' }) != s
}

// StrayHidden reports, in a free-form name (an organization, a username, a tag key: no ASCII
// rule), a Hidden character that is not part of the text where it stands. One is part of it only
// where Unicode gives it a job there (placed):
//   - a zero-width joiner inside an emoji sequence (after an emoji, a skin tone or an emoji's
//     VS16, before an emoji: 👨‍👩‍👧, 🏳️‍🌈), or after a virama before a letter of its script (a
//     Devanagari half form क्‍ष), or after a Malayalam virama at a word's end (a chillu), or
//     between a letter and a virama of its script (a Bengali ya-phala after ra র‍্য, Sinhala
//     touching letters); a virama counts only after a letter of its script (or its nukta);
//   - a zero-width non-joiner after a virama before a letter of its script, or between letters of
//     a joining script (Arabic, Syriac, N'Ko, Mongolian…; marks between count as the letter's),
//     the rule of IDNA's CONTEXTJ (RFC 5892, A.1) by script rather than joining type (a Persian
//     "می‌خواهم");
//   - a variation selector after a character that takes one: VS15/VS16 after an emoji or, in a
//     keycap sequence, a keycap base before U+20E3 (#, *, 0-9: ❤️, 1️⃣), VS1-VS14 and
//     VS17-VS256 after a CJK ideograph (an ideographic variation sequence), a Mongolian free
//     variation selector after a Mongolian letter;
//   - the Mongolian vowel separator between two Mongolian letters; the combining grapheme joiner
//     after a letter or mark, before a mark of nonzero combining class (its one job in a name:
//     keeping two marks from being reordered, Hebrew "אָ͏ַ"; between letters it would only block
//     a collation contraction, which a name does not need); an RGI subdivision flag's tags (🏴 +
//     "gbsct" in tags + U+E007F: England, Scotland, Wales, subdivisionFlag).
//
// Any other is stray: one at the start or end, doubled, after a space or between Latin letters
// ("ac\u200dme" is refused: the API's refusal would quote it as "acme"), and always a zero-width
// space, a soft hyphen, a word joiner, a byte order mark, a bidirectional control and whatever
// breaks a line (plain.Breaking).
func StrayHidden(s string) bool {
	found := false
	strayHidden(s, func(int, int) bool { found = true; return false })
	return found
}

// strayHidden calls stray with the byte span of each Hidden character of s that is not part of
// the text where it stands (StrayHidden's rule), in order, until it returns false.
func strayHidden(s string, stray func(start, end int) bool) {
	if !strings.ContainsFunc(s, Hidden) {
		return
	}
	prev := rune(-1) // the rune before, -1 at the start
	emoji := false   // the text so far ends in an emoji (or its skin tone, VS16 or cancel tag)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		start := i
		i += size
		next := rune(-1)
		if i < len(s) {
			next, _ = utf8.DecodeRuneInString(s[i:])
		}
		endsEmoji, placed := false, true
		switch {
		case !Hidden(r):
			endsEmoji = extendedPictographic(r) || emojiModifier(r)
		case r == '\u200d' && emoji && extendedPictographic(next):
		case (r == '\u200d' || r == '\u200c') && viramaOfItsLetter(s[:start]) && unicode.IsLetter(next) && sameScript(prev, next):
		case r == '\u200d' && malayalamVirama(prev) && viramaOfItsLetter(s[:start]) && !letterOrMark(next): // a chillu
		case r == '\u200d' && virama(next) && letterBefore(s[:start], next):
			// A letter + ZWJ + virama: a Bengali ya-phala after ra, Sinhala touching letters.
		case r == '\u200c' && joiningLetter(lastBase(s[:start])) && joiningLetter(firstBase(s[i:])):
		case r == '\ufe0e' || r == '\ufe0f':
			// A keycap base takes one only in a keycap sequence (1️⃣): a bare "acme9\ufe0f"
			// shows nothing of it.
			keycap := strings.ContainsRune("#*0123456789", prev) && next == keycapMark
			placed = extendedPictographic(prev) || keycap
			endsEmoji = placed && r == '\ufe0f' && emoji
		case unicode.Is(unicode.Variation_Selector, r) && 0x180b <= r && r <= 0x180f && r != 0x180e:
			placed = mongolianLetter(prev)
		case unicode.Is(unicode.Variation_Selector, r): // VS1-VS14, VS17-VS256
			placed = unicode.Is(unicode.Ideographic, prev)
		case r == '\u180e' && mongolianLetter(prev) && mongolianLetter(next):
		case r == '\u034f' && letterOrMark(prev) && combining(next):
		case (tag(r) || r == cancelTag) && prev == blackFlag:
			if n := subdivisionFlag(s[start:]); n != 0 {
				i, r, endsEmoji = start+n, cancelTag, true
			} else {
				placed = false
			}
		default:
			placed = false
		}
		if !placed && !stray(start, i) {
			return
		}
		prev, emoji = r, endsEmoji
	}
}

// StrayHiddenSpans returns the byte spans of s's Hidden characters that are not part of the
// text where they stand (StrayHidden's rule), in order: for a caller that writes them its own
// way (a YAML escape in a quoted scalar).
func StrayHiddenSpans(s string) [][2]int {
	var spans [][2]int
	strayHidden(s, func(start, end int) bool { spans = append(spans, [2]int{start, end}); return true })
	return spans
}

// WithoutStrayInvisible is s without each invisible character (plain.Invisible) that is not
// part of the text where it stands (StrayHidden's rule): what a reader sees, so a value split
// by a zero-width space reads whole, while a joiner where it joins (an emoji sequence, Persian)
// stays. Breaking characters stay (plain.Line makes them spaces).
func WithoutStrayInvisible(s string) string {
	var b strings.Builder
	at := 0
	strayHidden(s, func(start, end int) bool {
		if r, _ := utf8.DecodeRuneInString(s[start:end]); plain.Invisible(r) {
			b.WriteString(s[at:start])
			at = end
		}
		return true
	})
	if at == 0 {
		return s
	}
	b.WriteString(s[at:])
	return b.String()
}

// EchoedText is a text the API wrote as a result quotes it: as it is, unless it holds a Hidden
// character that is not part of the text where it stands (StrayHidden's rule: a bidirectional
// override, which can make the text read otherwise, "Trojan Source"; a zero-width space; a
// control character); then each such one is written as Echoed writes it (\u202e) and a
// backslash as \\. A joiner where it joins (an emoji sequence, Persian) stays; so does
// whitespace that breaks the line (a line break, a tab), which the line's rendering makes a space.
func EchoedText(s string) string {
	var spans [][2]int
	strayHidden(s, func(start, end int) bool {
		if r, _ := utf8.DecodeRuneInString(s[start:end]); !unicode.IsSpace(r) {
			spans = append(spans, [2]int{start, end})
		}
		return true
	})
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 6*len(spans))
	at := 0
	for _, sp := range spans {
		b.WriteString(strings.ReplaceAll(s[at:sp[0]], `\`, `\\`))
		r, _ := utf8.DecodeRuneInString(s[sp[0]:sp[1]])
		writeEscape(&b, r)
		at = sp[1]
	}
	b.WriteString(strings.ReplaceAll(s[at:], `\`, `\\`))
	return b.String()
}

// cancelTag ends an emoji tag sequence; blackFlag (🏴) is the base of a valid one; keycapMark
// (U+20E3) ends a keycap sequence (#️⃣, 1️⃣).
const cancelTag, blackFlag, keycapMark = '\U000E007F', '\U0001F3F4', '\u20e3'

// tag reports a tag character (U+E0020-E007E) of an emoji tag sequence.
func tag(r rune) bool { return 0xe0020 <= r && r <= 0xe007e }

// rgiSubdivisions are the subdivision flags Unicode recommends for general interchange
// (emoji-sequences.txt, RGI_Emoji_Tag_Sequence, unchanged since Emoji 5.0): England, Scotland,
// Wales. Any other subdivision id is valid CLDR but shows as a bare black flag, its tags unseen:
// with thousands of ids, repeated flags would carry any text no one sees.
var rgiSubdivisions = []string{"gbeng", "gbsct", "gbwls"}

// subdivisionFlag is the length in bytes of the tags and cancel tag that s starts with when they
// are an RGI subdivision flag's (🏴 + "gbsct" in tag characters + U+E007F: rgiSubdivisions), 0
// when they are not (any other tag is hidden text: a region alone has its own flag, and another
// id, an uppercase or longer run is a message no one sees).
func subdivisionFlag(s string) int {
	for _, id := range rgiSubdivisions {
		if seq := spelledInTags(id) + string(cancelTag); strings.HasPrefix(s, seq) {
			return len(seq)
		}
	}
	return 0
}

// spelledInTags spells s (ASCII) in tag characters (U+E0020-E007E).
func spelledInTags(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(0xe0000 + r)
	}
	return b.String()
}

// combining reports a character of nonzero Canonical_Combining_Class (-1, none, is not): the
// marks a combining grapheme joiner keeps from being reordered (Hebrew "אָ͏ַ").
func combining(r rune) bool { return r >= 0 && norm.NFD.PropertiesString(string(r)).CCC() != 0 }

// viramaOfItsLetter reports that s ends in a virama written after a letter of its script (or
// its nukta): a joiner after a virama that follows a Latin letter or a vowel sign has no job.
func viramaOfItsLetter(s string) bool {
	v, size := utf8.DecodeLastRuneInString(s)
	return virama(v) && letterBefore(s[:len(s)-size], v)
}

// letterBefore reports that s ends in a letter of the script of v, or in a nukta of that script
// (Canonical_Combining_Class 7: क़ is क + ़) after one.
func letterBefore(s string, v rune) bool {
	r, size := utf8.DecodeLastRuneInString(s)
	if s != "" && norm.NFD.PropertiesString(string(r)).CCC() == 7 && sameScript(r, v) {
		r, _ = utf8.DecodeLastRuneInString(s[:len(s)-size])
	}
	return s != "" && unicode.IsLetter(r) && sameScript(r, v)
}

// emojiModifier reports a skin tone (U+1F3FB-1F3FF).
func emojiModifier(r rune) bool { return 0x1f3fb <= r && r <= 0x1f3ff }

// letterOrMark reports a letter or a combining mark (-1, none, is not).
func letterOrMark(r rune) bool { return r >= 0 && unicode.In(r, unicode.L, unicode.M) }

// mongolianLetter reports a letter of the Mongolian script.
func mongolianLetter(r rune) bool {
	return r >= 0 && unicode.IsLetter(r) && unicode.Is(unicode.Mongolian, r)
}

// virama reports a virama (Canonical_Combining_Class 9, as RFC 5892's CONTEXTJ rules have it).
func virama(r rune) bool { return r >= 0 && unicode.Is(viramas, r) }

// malayalamVirama reports Malayalam's viramas (U+0D3B, U+0D3C, U+0D4D).
func malayalamVirama(r rune) bool { return r == 0x0d3b || r == 0x0d3c || r == 0x0d4d }

// sameScript reports two characters of one script (-1, none, has none).
func sameScript(a, b rune) bool {
	if a < 0 || b < 0 {
		return false
	}
	for _, t := range unicode.Scripts {
		if unicode.Is(t, a) {
			return unicode.Is(t, b)
		}
	}
	return false
}

// joiningScripts are the scripts whose letters join (ArabicShaping.txt gives their joining
// types): between two of their letters a zero-width non-joiner keeps them apart.
var joiningScripts = []*unicode.RangeTable{unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian,
	unicode.Mandaic, unicode.Phags_Pa, unicode.Manichaean, unicode.Psalter_Pahlavi, unicode.Hanifi_Rohingya,
	unicode.Sogdian, unicode.Chorasmian, unicode.Adlam, unicode.Old_Uyghur}

// joiningLetter reports a letter of a joining script (-1, none, is not).
func joiningLetter(r rune) bool {
	return r >= 0 && unicode.IsLetter(r) && unicode.In(r, joiningScripts...)
}

// lastBase is the last rune of s that is not a combining mark (-1 when none).
func lastBase(s string) rune {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if !unicode.Is(unicode.M, r) {
			return r
		}
		s = s[:len(s)-size]
	}
	return -1
}

// firstBase is the first rune of s that is not a combining mark (-1 when none).
func firstBase(s string) rune {
	for _, r := range s {
		if !unicode.Is(unicode.M, r) {
			return r
		}
	}
	return -1
}

// extendedPictographic reports an emoji or a character reserved for one: Unicode's
// Extended_Pictographic (emoji-data.txt, Unicode 15), which emoji ZWJ sequences are made of.
// Checked code point by code point against rivo/uniseg v0.4.7's table (Unicode 15.0): identical.
func extendedPictographic(r rune) bool { return r >= 0 && unicode.Is(extPict, r) }

var extPict = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x00a9, 0x00a9, 1}, {0x00ae, 0x00ae, 1}, {0x203c, 0x203c, 1}, {0x2049, 0x2049, 1},
		{0x2122, 0x2122, 1}, {0x2139, 0x2139, 1}, {0x2194, 0x2199, 1}, {0x21a9, 0x21aa, 1},
		{0x231a, 0x231b, 1}, {0x2328, 0x2328, 1}, {0x2388, 0x2388, 1}, {0x23cf, 0x23cf, 1},
		{0x23e9, 0x23f3, 1}, {0x23f8, 0x23fa, 1}, {0x24c2, 0x24c2, 1}, {0x25aa, 0x25ab, 1},
		{0x25b6, 0x25b6, 1}, {0x25c0, 0x25c0, 1}, {0x25fb, 0x25fe, 1}, {0x2600, 0x2605, 1},
		{0x2607, 0x2612, 1}, {0x2614, 0x2685, 1}, {0x2690, 0x2705, 1}, {0x2708, 0x2712, 1},
		{0x2714, 0x2714, 1}, {0x2716, 0x2716, 1}, {0x271d, 0x271d, 1}, {0x2721, 0x2721, 1},
		{0x2728, 0x2728, 1}, {0x2733, 0x2734, 1}, {0x2744, 0x2744, 1}, {0x2747, 0x2747, 1},
		{0x274c, 0x274c, 1}, {0x274e, 0x274e, 1}, {0x2753, 0x2755, 1}, {0x2757, 0x2757, 1},
		{0x2763, 0x2767, 1}, {0x2795, 0x2797, 1}, {0x27a1, 0x27a1, 1}, {0x27b0, 0x27b0, 1},
		{0x27bf, 0x27bf, 1}, {0x2934, 0x2935, 1}, {0x2b05, 0x2b07, 1}, {0x2b1b, 0x2b1c, 1},
		{0x2b50, 0x2b50, 1}, {0x2b55, 0x2b55, 1}, {0x3030, 0x3030, 1}, {0x303d, 0x303d, 1},
		{0x3297, 0x3297, 1}, {0x3299, 0x3299, 1},
	},
	R32: []unicode.Range32{
		{0x1f000, 0x1f0ff, 1}, {0x1f10d, 0x1f10f, 1}, {0x1f12f, 0x1f12f, 1}, {0x1f16c, 0x1f171, 1},
		{0x1f17e, 0x1f17f, 1}, {0x1f18e, 0x1f18e, 1}, {0x1f191, 0x1f19a, 1}, {0x1f1ad, 0x1f1e5, 1},
		{0x1f201, 0x1f20f, 1}, {0x1f21a, 0x1f21a, 1}, {0x1f22f, 0x1f22f, 1}, {0x1f232, 0x1f23a, 1},
		{0x1f23c, 0x1f23f, 1}, {0x1f249, 0x1f3fa, 1}, {0x1f400, 0x1f53d, 1}, {0x1f546, 0x1f64f, 1},
		{0x1f680, 0x1f6ff, 1}, {0x1f774, 0x1f77f, 1}, {0x1f7d5, 0x1f7ff, 1}, {0x1f80c, 0x1f80f, 1},
		{0x1f848, 0x1f84f, 1}, {0x1f85a, 0x1f85f, 1}, {0x1f888, 0x1f88f, 1}, {0x1f8ae, 0x1f8ff, 1},
		{0x1f90c, 0x1f93a, 1}, {0x1f93c, 0x1f945, 1}, {0x1f947, 0x1faff, 1}, {0x1fc00, 0x1fffd, 1},
	},
	LatinOffset: 2,
}

// viramas are the characters of Canonical_Combining_Class 9 (Unicode 15, as
// golang.org/x/text/unicode/norm's CCC reports them; the unicode package has no such table).
var viramas = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x094d, 0x094d, 1}, {0x09cd, 0x09cd, 1}, {0x0a4d, 0x0a4d, 1}, {0x0acd, 0x0acd, 1},
		{0x0b4d, 0x0b4d, 1}, {0x0bcd, 0x0bcd, 1}, {0x0c4d, 0x0c4d, 1}, {0x0ccd, 0x0ccd, 1},
		{0x0d3b, 0x0d3c, 1}, {0x0d4d, 0x0d4d, 1}, {0x0dca, 0x0dca, 1}, {0x0e3a, 0x0e3a, 1},
		{0x0eba, 0x0eba, 1}, {0x0f84, 0x0f84, 1}, {0x1039, 0x103a, 1}, {0x1714, 0x1715, 1},
		{0x1734, 0x1734, 1}, {0x17d2, 0x17d2, 1}, {0x1a60, 0x1a60, 1}, {0x1b44, 0x1b44, 1},
		{0x1baa, 0x1bab, 1}, {0x1bf2, 0x1bf3, 1}, {0x2d7f, 0x2d7f, 1}, {0xa806, 0xa806, 1},
		{0xa82c, 0xa82c, 1}, {0xa8c4, 0xa8c4, 1}, {0xa953, 0xa953, 1}, {0xa9c0, 0xa9c0, 1},
		{0xaaf6, 0xaaf6, 1}, {0xabed, 0xabed, 1},
	},
	R32: []unicode.Range32{
		{0x10a3f, 0x10a3f, 1}, {0x11046, 0x11046, 1}, {0x11070, 0x11070, 1}, {0x1107f, 0x1107f, 1},
		{0x110b9, 0x110b9, 1}, {0x11133, 0x11134, 1}, {0x111c0, 0x111c0, 1}, {0x11235, 0x11235, 1},
		{0x112ea, 0x112ea, 1}, {0x1134d, 0x1134d, 1}, {0x11442, 0x11442, 1}, {0x114c2, 0x114c2, 1},
		{0x115bf, 0x115bf, 1}, {0x1163f, 0x1163f, 1}, {0x116b6, 0x116b6, 1}, {0x1172b, 0x1172b, 1},
		{0x11839, 0x11839, 1}, {0x1193d, 0x1193e, 1}, {0x119e0, 0x119e0, 1}, {0x11a34, 0x11a34, 1},
		{0x11a47, 0x11a47, 1}, {0x11a99, 0x11a99, 1}, {0x11c3f, 0x11c3f, 1}, {0x11d44, 0x11d45, 1},
		{0x11d97, 0x11d97, 1}, {0x11f41, 0x11f42, 1},
	},
}
