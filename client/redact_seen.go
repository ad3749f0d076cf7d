package client

import (
	"unicode"
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
