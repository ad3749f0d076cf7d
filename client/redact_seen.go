package client

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// A value is looked for in a text as a reader sees it: each character read (an escape read as
// the character it stands for, JSON's or Go's quoting's: net/http quotes a line it could not
// read with %q, "hun\u200bter") is seen as nothing when it is invisible (plain.Invisible: a
// zero-width space, a soft hyphen, a tag character) or a byte that begins no UTF-8 character,
// and as a space when it is any space, line break, tab or other breaking character (NBSP,
// U+2009, U+3000, U+2028, "\t": plain.Breaking, unicode.IsSpace, Zs). The values are looked for
// as seen too (seenValue), so "correct horse" is found in "correct\u00a0horse" and
// "correct\thorse", "hunter2" in "hun\u200bter2" and "HUN\u00adTER2" (any case: foldSpans).

// maxSkipped is the most characters seen as nothing that a value is looked for across (a value
// split by more is not): it bounds the text a stretch can take (needles.span), which a
// shortened text is redacted by reading only as far as.
const maxSkipped = 16

// seenRune is how r is seen: ' ' for any space or breaking character, nothing (false) for an
// invisible one, else r.
func seenRune(r rune) (rune, bool) {
	switch {
	case r == ' ':
		return r, true
	case r < utf8.RuneSelf:
		if r < 0x20 || r == 0x7f {
			return ' ', true
		}
		return r, true
	case plain.Invisible(r):
		return 0, false
	case plain.Breaking(r) || unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
		return ' ', true
	}
	return r, true
}

// seenBytes is what the character read as dec (a readChar result, or a UTF-8 character of the
// text) is seen as, written over dec: its length, 0 for nothing (an invisible character, or a
// byte that begins no character).
func seenBytes(dec *[utf8.UTFMax]byte, n int) int {
	if n == 1 && dec[0] < utf8.RuneSelf {
		if c := dec[0]; c < 0x20 || c == 0x7f {
			dec[0] = ' '
		}
		return 1
	}
	r, size := utf8.DecodeRune(dec[:n])
	if r == utf8.RuneError && size <= 1 {
		return 0
	}
	seen, ok := seenRune(r)
	if !ok {
		return 0
	}
	if seen == ' ' {
		dec[0] = ' '
		return 1
	}
	return n
}

// seenValue is v as seen (seenRune): invisible characters and bytes that begin no character
// left out, every space or breaking character a space.
func seenValue(v string) string {
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		i += size
		if r == utf8.RuneError && size <= 1 {
			continue
		}
		if seen, ok := seenRune(r); ok {
			out = utf8.AppendRune(out, seen)
		}
	}
	return string(out)
}

// needsReading reports whether s may read (as seen) otherwise than byte for byte: it holds a
// backslash (an escape), a control character, or a byte of a character beyond ASCII.
func needsReading[T bytesOrString](s T) bool {
	for i := range len(s) {
		if c := s[i]; c == '\\' || c < 0x20 || c >= 0x7f {
			return true
		}
	}
	return false
}

// readSeen reads the character s[i:] begins with as seen: an escape (readChar), or a UTF-8
// character (a byte that begins none is itself), then seenBytes. n is 0 for a character seen
// as nothing.
func readSeen[T bytesOrString](s T, i int) (dec [utf8.UTFMax]byte, n, end int) {
	if c := s[i]; c >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		end = i + size
		if r == utf8.RuneError && size <= 1 {
			return dec, 0, end
		}
		n = utf8.EncodeRune(dec[:], r)
	} else {
		dec, n, end = readChar(s, i)
	}
	return dec, seenBytes(&dec, n), end
}

// cutSeen is what an escape cut short can begin that is seen otherwise than as written: a
// character seen as nothing, or as a space other than ' ' (seenRune). Each spelling's escapes
// cut short are looked up, normalized, in tables of their beginnings built once.
type cutSeen struct {
	json     map[string]uint8 // beginnings of `\uXXXX` (a pair beyond U+FFFF) in lower case, from `\u` on
	dec, hex map[string]uint8 // beginnings of the decimal and the lower-case hex digits of &#N; and &#xN;
	goU      map[string]uint8 // beginnings of the lower-case hex digits of Go's \UXXXXXXXX
	pctHi    [16]uint8        // the high hex digits of the first byte of the UTF-8 character
}

// The kinds of character an escape cut short can begin (bits of cutSeen's values).
const (
	cutNothing = 1 << iota // one seen as nothing
	cutSpace               // one seen as a space, other than ' '
)

var cutSeenTables = sync.OnceValue(func() *cutSeen {
	t := &cutSeen{json: map[string]uint8{}, dec: map[string]uint8{}, hex: map[string]uint8{}, goU: map[string]uint8{}}
	// Every character seen otherwise than as itself lies in the first two planes or among the
	// tags (U+E0000–U+E0FFF: plain.Invisible).
	add := func(r rune) {
		seen, ok := seenRune(r)
		kind := uint8(cutNothing)
		switch {
		case !ok:
		case seen == ' ' && r != ' ':
			kind = cutSpace
		default:
			return
		}
		spelled := fmt.Sprintf(`\u%04x`, r)
		if hi, lo := utf16.EncodeRune(r); hi != utf8.RuneError {
			spelled = fmt.Sprintf(`\u%04x\u%04x`, hi, lo)
		}
		for k := 2; k < len(spelled); k++ {
			t.json[spelled[:k]] |= kind
		}
		dec, hex := strconv.Itoa(int(r)), strconv.FormatInt(int64(r), 16)
		for k := 0; k <= len(dec); k++ {
			t.dec[dec[:k]] |= kind
		}
		for k := 0; k <= len(hex); k++ {
			t.hex[hex[:k]] |= kind
		}
		goU := fmt.Sprintf("%08x", r)
		for k := 0; k <= len(goU); k++ {
			t.goU[goU[:k]] |= kind
		}
		var b [utf8.UTFMax]byte
		utf8.EncodeRune(b[:], r)
		t.pctHi[b[0]>>4] |= kind
	}
	for r := rune(0); r < 0x20000; r++ {
		if !utf16.IsSurrogate(r) {
			add(r)
		}
	}
	for r := rune(0xe0000); r < 0xe1000; r++ {
		add(r)
	}
	return t
})

// byteCutSeen is what the escape of a byte (%XX, \xXX) cut after its high hex digit h can begin:
// a byte of 0x80 or more is seen as nothing when it begins no character (a byte after a lead
// byte, a lead byte the value's next byte does not continue, or one that is never UTF-8), and
// it may begin the UTF-8 character of a space; a byte below 0x80 is a character itself.
func byteCutSeen(t *cutSeen, h byte) uint8 {
	d, ok := hexDigit(h)
	if !ok {
		return 0
	}
	if d >= 8 {
		return cutNothing | t.pctHi[d]
	}
	return t.pctHi[d]
}

// cutBeginsSeen reports the kinds of character (cutNothing, cutSpace) the escape cut short p
// (a spelling's cutShort: JSON's, Go's \xXX and \UXXXXXXXX, \u{X}, an HTML reference, a percent escape)
// can begin a spelling of.
func cutBeginsSeen(p string) uint8 {
	if len(p) == 1 { // a backslash, "&" or "%": any character
		return cutNothing | cutSpace
	}
	t := cutSeenTables()
	switch p[0] {
	case '\\':
		switch p[1] {
		case 'x': // a byte: \x, \xH
			if len(p) == 2 {
				return cutNothing | cutSpace
			}
			return byteCutSeen(t, p[2])
		case 'U':
			return t.goU[strings.ToLower(p[2:])]
		case 'u':
			if len(p) >= 3 && p[2] == '{' { // \u{X}: the hex digits, leading zeros or not
				return t.hex[strings.TrimLeft(strings.ToLower(p[3:]), "0")]
			}
		}
		return t.json[strings.ToLower(p)]
	case '%':
		return byteCutSeen(t, p[1])
	case '&':
		if p[1] != '#' {
			var kinds uint8
			for name, r := range htmlNames {
				if strings.HasPrefix(name, p[1:]) {
					if seen, ok := seenRune(r); !ok {
						kinds |= cutNothing
					} else if seen == ' ' && r != ' ' {
						kinds |= cutSpace
					}
				}
			}
			return kinds
		}
		digits, table := p[2:], t.dec
		if digits != "" && (digits[0] == 'x' || digits[0] == 'X') {
			digits, table = strings.ToLower(digits[1:]), t.hex
		}
		return table[strings.TrimLeft(digits, "0")]
	}
	return 0
}
