package present

import (
	"slices"
	"strings"
)

// maskSpacedValues masks credentials written without "=" or ":" before them, which maskPairs
// does not read:
//
//   - the value after a long command-line flag that names a credential strongly
//     (--password <pw>, --api-key <k>; weakName's flags, --no-… and flags naming a file, a path,
//     a name or an id, or --password-stdin, stay as they are), unless another flag or a word of
//     flagProse follows;
//     --password=<pw> is a pair;
//   - SQL's IDENTIFIED BY '<pw>' (and IDENTIFIED WITH plugin BY '<pw>'), the password quoted;
//   - the text of an XML element that names a credential strongly (<password>…</password>,
//     <ns:clientSecret>…</ns:clientSecret>) when the closing tag follows it;
//   - the value after aws_secret_access_key and aws_session_token and spaces (AWS config dumps),
//     quoted or at least 16 bytes of a token.
//
// With prose set (MaskAPIText) a value after a flag that reads as a word (readableWord) stays.
// Each byte is read a bounded number of times: linear.
func maskSpacedValues(s string, prose bool) string {
	if !strings.Contains(s, "--") && strings.IndexByte(s, '<') < 0 && !containsFold(s, "identified") && !containsFold(s, "aws_s") {
		return s
	}
	var b strings.Builder
	pos := 0 // s[:pos] is written
	var quotes typographicEnds
	for i := 0; i < len(s); i++ {
		start, end := -1, -1
		switch c := s[i]; {
		case c == '<' && i+1 < len(s) && isLetter(s[i+1]):
			start, end = xmlCredentialText(s, i)
		case c == '-' && strings.HasPrefix(s[i:], "--") && (i == 0 || spaceBefore(s, i) > 0 || s[i-1] == '"' || s[i-1] == '\''):
			if w := credentialFlagValueAt(s, i+2); w > 0 {
				start, end = quotes.valueSpan(s, w)
				if start == w && (prose && readableWord(s[start:end]) || slices.Contains(flagProse, strings.ToLower(s[start:end]))) {
					start = -1
				}
			}
		case (c|0x20 == 'i' || c|0x20 == 'a') && (i == 0 || !isWordByte(s[i-1])):
			if w := spacedKeywordValueAt(s, i); w > 0 {
				start, end = quotes.valueSpan(s, w)
			}
		}
		if start < pos || end <= start {
			continue
		}
		value := s[start:end]
		if maskedOnly(value) || isReference(value) || invisibleOnly(value) || strings.TrimSpace(value) == "" {
			i = max(i, end-1)
			continue
		}
		b.WriteString(s[pos:start])
		b.WriteString(Masked)
		pos = end
		i = max(i, end-1)
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

// blanksAt returns where the spaces and tabs of one line at s[w:] (as written or spelled:
// blankAt) end.
func blanksAt(s string, w int) int {
	for w < len(s) {
		switch {
		case s[w] == '\t':
			w++
		case blankAt(s, w):
			w += sepAt(s, w)
		default:
			return w
		}
	}
	return w
}

// flagNotSecret are the ends of a credential-named flag's name (folded) whose value is no
// credential: where one is read from, what it is called, how it is given.
var flagNotSecret = []string{"file", "files", "path", "dir", "env", "var", "name", "names", "id", "ids", "type", "mode",
	"length", "len", "url", "uri", "endpoint", "header", "stdin", "command", "cmd", "prompt", "store", "source"}

// flagProse are the words that follow a flag's name in prose (use --token to sign in), not its
// value.
var flagProse = []string{"to", "the", "a", "an", "and", "or", "is", "are", "was", "for", "with", "in", "on", "as", "if", "when",
	"flag", "option", "argument", "value", "must", "not", "instead"}

// credentialFlagValueAt returns where the value of the long flag whose name starts at s[n]
// (after "--") starts: the name names a credential strongly and spaces follow it, then a value
// that is no other flag; else 0.
func credentialFlagValueAt(s string, n int) int {
	e := n
	for e < len(s) && (isWordByte(s[e]) || s[e] == '-' || s[e] == '.') {
		e++
	}
	name := s[n:e]
	if name == "" || !isLetter(name[0]) || hasPrefixFold(name, "no-") || !credentialName(name, false) {
		return 0
	}
	var buf [64]byte
	folded := string(appendFolded(buf[:0], name))
	if weakName(folded) {
		return 0
	}
	for _, end := range flagNotSecret {
		if strings.HasSuffix(folded, end) {
			return 0
		}
	}
	w := blanksAt(s, e)
	if w == e || w >= len(s) || s[w] == '-' || s[w] == '=' || s[w] == ':' || s[w] == '|' || s[w] == '>' || s[w] == '<' {
		return 0
	}
	return w
}

// spacedKeywordValueAt returns where the value after SQL's IDENTIFIED BY (IDENTIFIED WITH
// plugin BY, BY PASSWORD) or after aws_secret_access_key or aws_session_token and spaces, at
// s[i], starts; else 0.
func spacedKeywordValueAt(s string, i int) int {
	word := func(p int) (end int) {
		for end = p; end < len(s) && isWordByte(s[end]); end++ {
		}
		return end
	}
	e := word(i)
	switch strings.ToLower(s[i:e]) {
	case "aws_secret_access_key", "aws_session_token":
		// A quoted value, or a run of a key's bytes at least 16 long (AWS's are 40 and longer):
		// not a word of prose (the aws_secret_access_key is missing).
		w := blanksAt(s, e)
		if w == e || w >= len(s) {
			return 0
		}
		if s[w] == '"' || s[w] == '\'' {
			return w
		}
		r := w
		for r < len(s) && isTokenByte(s[r]) {
			r++
		}
		if !isWordByte(s[w]) || r-w < 16 {
			return 0
		}
		return w
	case "identified":
	default:
		return 0
	}
	w := blanksAt(s, e)
	if w == e {
		return 0
	}
	if e2 := word(w); strings.EqualFold(s[w:e2], "with") { // IDENTIFIED WITH mysql_native_password BY
		p := blanksAt(s, e2)
		if p == e2 {
			return 0
		}
		if w = blanksAt(s, word(p)); w == word(p) {
			return 0
		}
	}
	e = word(w)
	if !strings.EqualFold(s[w:e], "by") {
		return 0
	}
	if w = blanksAt(s, e); w == e || w >= len(s) {
		return 0
	}
	if e = word(w); strings.EqualFold(s[w:e], "password") && blanksAt(s, e) > e && blanksAt(s, e) < len(s) {
		w = blanksAt(s, e) // IDENTIFIED BY PASSWORD '*hash'
	}
	if s[w] != '\'' && s[w] != '"' {
		return 0 // SQL's password is a string: identified by their email is prose
	}
	return w
}

// xmlCredentialText returns where the text of the XML element whose start tag opens at s[i]
// starts and ends, when its name (its local part, after a namespace prefix) names a credential
// strongly and its closing tag follows the text; else -1, -1.
func xmlCredentialText(s string, i int) (start, end int) {
	n := i + 1
	for n < len(s) && (isKeyByte(s[n]) || s[n] == ':') {
		n++
	}
	name := s[i+1 : n]
	local := name[strings.LastIndexByte(name, ':')+1:]
	var buf [64]byte
	if !credentialName(local, false) || weakName(string(appendFolded(buf[:0], local))) {
		return -1, -1
	}
	gt := n
	for gt < len(s) && gt-n < 256 && s[gt] != '>' && s[gt] != '<' && s[gt] != '\n' {
		gt++
	}
	if gt >= len(s) || s[gt] != '>' || s[gt-1] == '/' || gt > n && s[n] != ' ' && s[n] != '\t' {
		return -1, -1
	}
	start = gt + 1
	lt := strings.IndexByte(s[start:], '<')
	if lt <= 0 {
		return -1, -1
	}
	end = start + lt
	if closing := s[end:]; !strings.HasPrefix(closing, "</"+name) || len(closing) == len(name)+2 || closing[len(name)+2] != '>' {
		return -1, -1
	}
	return start, end
}
