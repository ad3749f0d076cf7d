package present

import (
	"slices"
	"strings"
)

// maskCLIPositionals masks the credentials some command lines give as a plain argument, no
// flag or key naming them:
//
//   - Windows' net use \\host\share <password> /user:bob (or after /user:bob, or after the
//     device: net use Z: \\host\share <password>): the first argument after the share that is
//     no switch (/user:, /persistent:) nor "*" (a prompt);
//   - vault login <token> (its flags and their values skipped: -method=userpass, -path x; a
//     key=value argument is an auth method's, read as a pair elsewhere; "-" reads stdin);
//   - HashiCorp Vault's legacy tokens wherever they stand: s., b. or r. and exactly 24
//     letters and digits with upper and lower case and a digit (s.Yqd5xYXx4o0XGhkQQVC5lrTT).
//
// Each command's arguments are read once, 16 of them at most, and each token's 26 bytes at
// most: linear.
func maskCLIPositionals(s string) string {
	if !strings.Contains(s, ".") && !containsFold(s, "net use") &&
		!strings.Contains(s, "vault login") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i < len(s); i++ {
		start, end := -1, -1
		switch c := s[i]; {
		case (c == 'n' || c == 'N') && wordStartAt(s, i) && hasPrefixFold(s[i:], "net use "):
			start, end = netUsePassword(s, i+len("net use "))
		case c == 'v' && wordStartAt(s, i) && strings.HasPrefix(s[i:], "vault login "):
			start, end = vaultLoginToken(s, i+len("vault login "))
		case (c == 's' || c == 'b' || c == 'r') && wordStartAt(s, i) && i+1 < len(s) && s[i+1] == '.':
			if e := legacyVaultTokenEnd(s, i); e > 0 {
				start, end = i, e
			}
		}
		if start < m.pos || end <= start {
			continue
		}
		if keptAsWritten(s[start:end]) {
			i = max(i, end-1)
			continue
		}
		m.mask(start, end)
		i = max(i, end-1)
	}
	return m.result()
}

// wordStartAt reports whether s[i] starts a word: at the text's start or after a byte no
// word, path or dotted name holds.
func wordStartAt(s string, i int) bool {
	return i == 0 || !isKeyByte(s[i-1]) && s[i-1] != '/' && s[i-1] != '\\' && s[i-1] != '$'
}

// cliArgAt returns where the argument at s[w] (after spaces on its line) starts and ends, to
// a blank or the line's end, 512 bytes at most; w, w when the line ends there.
func cliArgAt(s string, w int) (start, end int) {
	for w < len(s) && (s[w] == ' ' || s[w] == '\t') {
		w++
	}
	e := w
	for e < len(s) && e-w < 512 && !isSpace(s[e]) && lineSeparatorAt(s, e) == 0 && s[e] != '"' && s[e] != '\'' && s[e] != '`' {
		e++
	}
	return w, e
}

// netUsePassword returns where the password net use is given after its share stands, from
// s[w] (after "net use "); -1, -1 when none is.
func netUsePassword(s string, w int) (start, end int) {
	share := false
	for range 16 {
		a, e := cliArgAt(s, w)
		if e == a {
			return -1, -1
		}
		arg := s[a:e]
		switch {
		case strings.HasPrefix(arg, `\\`):
			share = true
		case !share && len(arg) == 2 && isLetter(arg[0]) && arg[1] == ':', arg == "*" || arg[0] == '/':
			// a device (Z:), a prompt (*), a switch (/user:bob, /persistent:yes)
		case share:
			return a, e
		default:
			return -1, -1
		}
		w = e
	}
	return -1, -1
}

// vaultBoolFlags are vault login's flags that take no value (-no-print, -token-only).
var vaultBoolFlags = []string{"no-print", "no-store", "token-only", "non-interactive", "tls-skip-verify", "no-color"}

// vaultLoginToken returns where the token vault login is given as its argument stands, from
// s[w] (after "vault login "); -1, -1 when it is given none (a method's key=value, stdin's -).
func vaultLoginToken(s string, w int) (start, end int) {
	for range 16 {
		a, e := cliArgAt(s, w)
		if e == a {
			return -1, -1
		}
		arg := s[a:e]
		switch {
		case arg == "-":
			return -1, -1
		case arg[0] == '-':
			name := strings.TrimLeft(arg, "-")
			if !strings.Contains(name, "=") && !slices.Contains(vaultBoolFlags, name) {
				if _, e2 := cliArgAt(s, e); e2 > e {
					e = e2 // the flag's value: -method userpass
				}
			}
		case strings.Contains(arg, "="):
			return -1, -1 // username=bob password=…: the method's pairs
		default:
			return a, e
		}
		w = e
	}
	return -1, -1
}

// legacyVaultTokenEnd returns where the Vault token of the old format at s[i] (s., b. or r.
// and exactly 24 letters and digits, upper and lower case and a digit among them, then no
// word or dotted name going on) ends; -1 when none stands there.
func legacyVaultTokenEnd(s string, i int) int {
	const body = 24
	b := i + 2
	e := b
	var upper, lower, digit bool
	for e < len(s) && e-b <= body && isWordByte(s[e]) && s[e] != '_' {
		c := s[e]
		upper = upper || c >= 'A' && c <= 'Z'
		lower = lower || c >= 'a' && c <= 'z'
		digit = digit || c >= '0' && c <= '9'
		e++
	}
	if e-b != body || !upper || !lower || !digit || e < len(s) && (isKeyByte(s[e]) && s[e] != '.' || s[e] == '.' && e+1 < len(s) && isWordByte(s[e+1])) {
		return -1
	}
	return e
}
