package present

import (
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
)

// pemBeginLine is a PEM private key's BEGIN line (maskPEM's, its spaces as written).
var pemBeginLine = lazyregexp.New(`^-----BEGIN[A-Z ]*PRIVATE KEY(?: BLOCK)?-----`)

// maskPEMEntries masks, in out (the masked entries of lines), a PEM private key a program
// logged one line per entry: after an entry with a BEGIN line and no END after it (which
// MaskText masks to the entry's end), each next entry whose text after a log prefix (the
// same, digits aside, on every one: a timestamp) is base64 alone, 16 bytes or more, or the END
// line, maybe with a JSON string's escaped \n and closing quote (…\n-----END PRIVATE KEY-----\n"),
// is masked from there, as MaskText masks the block whole. It stops at the END line, at an
// entry that is no body, and 128 entries on. Each entry is read a few times at most: linear.
func maskPEMEntries(lines, out []string) {
	for i := 0; i+1 < len(lines); i++ {
		b := strings.LastIndex(lines[i], "-----BEGIN")
		if b < 0 || !pemBeginLine.MatchString(lines[i][b:]) || strings.Contains(lines[i][b:], "-----END") {
			continue
		}
		prefix := "" // the first body entry's prefix, its digits dropped
		j := i + 1
		for ; j < len(lines) && j-i <= 128; j++ {
			k, end, last := pemBodyEntry(lines[j])
			if k < 0 || j > i+1 && withoutDigits(lines[j][:k]) != prefix {
				break
			}
			if j == i+1 {
				prefix = withoutDigits(lines[j][:k])
			}
			pre := strings.TrimRight(lines[j][:k], " \t")
			out[j] = oneLine(MaskText(pre)) + lines[j][len(pre):k] + Masked + oneLine(lines[j][end:])
			if last {
				break
			}
		}
		i = j
	}
}

// pemBodyEntry returns where a PEM body (pemBodyAt) starts in l, after a prefix of at most 8
// words and 64 bytes with no "-----", where it ends, and whether it ends with the END line;
// k is -1 when l holds none.
func pemBodyEntry(l string) (k, end int, last bool) {
	for k, words := 0, 0; k <= 64 && k < len(l) && words <= 8; words++ {
		for k < len(l) && (l[k] == ' ' || l[k] == '\t') {
			k++
		}
		if strings.Contains(l[:k], "-----") {
			break
		}
		if e, last, ok := pemBodyAt(l, k); ok {
			return k, e, last
		}
		for k < len(l) && l[k] != ' ' && l[k] != '\t' {
			k++
		}
	}
	return -1, 0, false
}

// pemBodyAt reports whether l[k:] is a PEM body line: base64 (16 bytes or more, unless the END
// line follows), escaped line breaks (\n, \r), maybe the END line, then nothing but quotes,
// commas, braces and spaces; end is where the body (and the END line) ends.
func pemBodyAt(l string, k int) (end int, last, ok bool) {
	p, n := k, 0
	for p < len(l) {
		switch c := l[p]; {
		case isLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=':
			p++
			n++
			continue
		case c == '\\' && p+1 < len(l) && (l[p+1] == 'n' || l[p+1] == 'r'):
			p += 2
			continue
		case strings.HasPrefix(l[p:], "-----END"):
			e := strings.Index(l[p+len("-----END"):], "-----")
			if e < 0 || !strings.Contains(l[p:p+len("-----END")+e], "PRIVATE KEY") {
				return 0, false, false
			}
			p += len("-----END") + e + len("-----")
			for p+1 < len(l) && l[p] == '\\' && (l[p+1] == 'n' || l[p+1] == 'r') {
				p += 2
			}
			last = true
		}
		break
	}
	if strings.Trim(l[p:], "\"',;}] \t") != "" || !last && n < 16 {
		return 0, false, false
	}
	return p, last, true
}

// withoutDigits returns s without its ASCII digits.
func withoutDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, s)
}
