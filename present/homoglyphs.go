package present

// confusableLetters are the Cyrillic and Greek letters drawn as a Latin one (Unicode's
// confusables, the letters credential names use), read as that letter by every masker
// (readable): pаssword with a Cyrillic а names a password to whoever reads it, so its value is
// masked, as when a zero-width space splits the name. Mapping a handful of letters is cheap and
// can only add masks (when in doubt, mask); golang.org/x/text has no confusables table.
var confusableLetters = map[rune]byte{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'у': 'y', 'х': 'x',
	'ԁ': 'd', 'ԝ': 'w', 'һ': 'h', 'ԛ': 'q', 'ӏ': 'l',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԁ': 'D', 'Ԝ': 'W',
	'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'α': 'a', 'τ': 't', 'υ': 'u',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
}

// confusableLetter returns the ASCII letter or digit r is read as: a confusableLetters letter,
// or a fullwidth Latin letter or digit (ｐａｓｓｗｏｒｄ, as NFKC folds it); else 0.
func confusableLetter(r rune) byte {
	switch {
	case r >= '０' && r <= '９':
		return byte(r - '０' + '0')
	case r >= 'Ａ' && r <= 'Ｚ':
		return byte(r - 'Ａ' + 'A')
	case r >= 'ａ' && r <= 'ｚ':
		return byte(r - 'ａ' + 'a')
	}
	return confusableLetters[r]
}
