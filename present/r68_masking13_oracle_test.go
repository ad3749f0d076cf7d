package present

import "strings"

// r68Masking13BracketClosedValue reports whether value, as the old masker read it, holds a
// ")", "]" or "}" (the first nothing in it opened) whose opening bracket stands before the key
// on line, and what it holds before that bracket names no secret (valueNamesNoSecret): MaskLogLines ends a value at a bracket
// that closes one opened before its key ((pAsswd:YES) holds YES, a flag), where the old
// masker's token ran on to take the bracket.
func r68Masking13BracketClosedValue(line, before, key, value string) bool {
	v := strings.Trim(value, `"'`)
	if v == "" {
		return false
	}
	// The closer that ends the value, as the maskers read one (r69Masking14CloserEnd): what
	// follows it is outside the brackets (0(pAsswd:YES)0, round 68's closing fuzz run).
	end := r69Masking14CloserEnd(line, before, v)
	if end < 0 {
		return false
	}
	return valueNamesNoSecret(key, strings.TrimSpace(v[:end]))
}

// r68Masking13SpaceAfter reports whether s stands in line with a space (spaceAt: an ASCII or a
// Unicode one, which every pass reads alike) right after it: a YAML tag's name follows it
// (token: !secret\u1680db_password, a reference as with an ASCII space).
func r68Masking13SpaceAfter(line, s string) bool {
	k := strings.Index(line, s)
	return k >= 0 && k+len(s) < len(line) && spaceAt(line, k+len(s)) > 0
}
