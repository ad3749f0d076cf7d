package present

import "strings"

// maskWrappedBasicEntries masks, in out (the masked entries of lines), Basic credentials a
// program wrapped onto the next entries: an entry ending with Basic and base64 cut at a
// multiple of four bytes, the next ones base64 alone (maybe indented), read as MaskText reads
// them over line breaks (wrappedBase64) and masked when the joined text decodes to
// user:password, each part in its entry. 16 entries on at most from each start: linear.
func maskWrappedBasicEntries(lines, out []string) {
	for i := 0; i+1 < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		k := strings.LastIndexAny(l, " \t")
		word := l[k+1:]
		before := strings.TrimRight(l[:k+1], " \t")
		if k < 0 || word == "" || len(word)%4 != 0 || len(before) < 5 || !strings.EqualFold(before[len(before)-5:], "basic") ||
			len(before) > 5 && isWordByte(before[len(before)-6]) || !base64Run(word) {
			continue
		}
		var joined strings.Builder
		joined.WriteString(word)
		for j := i + 1; j < len(lines) && j-i <= 16 && base64Run(strings.TrimLeft(lines[j], " \t")); j++ {
			joined.WriteString("\n")
			joined.WriteString(lines[j])
		}
		text := joined.String()
		credentials, to := wrappedBase64(text, 0, len(word))
		if to == len(word) || !basicCredentials(credentials) {
			continue
		}
		if strings.HasSuffix(out[i], word) {
			out[i] = out[i][:len(out[i])-len(word)] + Masked
		}
		j := i
		for at := len(word); at < to; at += 1 + len(lines[j]) {
			j++
			out[j] = Masked
		}
		i = j
	}
}

// base64Run reports whether v is base64's bytes alone (letters, digits, "+", "/", "=").
func base64Run(v string) bool {
	for k := 0; k < len(v); k++ {
		if c := v[k]; !isLetter(c) && (c < '0' || c > '9') && c != '+' && c != '/' && c != '=' {
			return false
		}
	}
	return v != ""
}
