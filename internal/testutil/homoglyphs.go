package testutil

import "strings"

// CyrillicLookalikes are Latin letters and the Cyrillic letter drawn as each.
var CyrillicLookalikes = map[byte]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'y': 'у', 'i': 'і',
	'A': 'А', 'E': 'Е', 'O': 'О', 'T': 'Т', 'H': 'Н', 'K': 'К', 'M': 'М'}

// Homoglyph writes up to three of v's letters from v[from:] on as their Cyrillic look-alikes
// (ghp_R66Hоstile…, or gһp_… from 0).
func Homoglyph(v string, from int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(v); i++ {
		if r, ok := CyrillicLookalikes[v[i]]; ok && i >= from && n < 3 {
			b.WriteRune(r)
			n++
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// Latin reads the look-alikes in s back as the Latin letters they are drawn as.
func Latin(s string) string {
	for a, r := range CyrillicLookalikes {
		s = strings.ReplaceAll(s, string(r), string(a))
	}
	return s
}
