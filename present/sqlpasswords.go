package present

import "strings"

// mysqlPasswordUsed reports whether the value s[start:end] of key, whose colon is at s[sep], is
// MySQL's and MariaDB's word for whether a password was given, in "Access denied for user
// 'bob'@'h' (using password: YES)": YES or NO, then ")" (in the value or right after it), as
// MySQL writes it, "(using password:" and one space before (oneSpaceAt). Prose, never a
// credential.
func mysqlPasswordUsed(s, key string, keyStart, sep, start, end int) bool {
	value := strings.TrimSuffix(s[start:end], ")")
	if key != "password" || value != "YES" && value != "NO" || start != sep+1+oneSpaceAt(s, sep+1) || start == sep+1 ||
		!strings.HasSuffix(s[start:end], ")") && (end >= len(s) || s[end] != ')') {
		return false
	}
	n := spaceBefore(s, keyStart)
	return n > 0 && oneSpaceAt(s, keyStart-n) == n && strings.HasSuffix(s[:keyStart-n], "(using")
}

// oneSpaceAt returns the length of the space at s[i] that a sentence writes between two words:
// an ASCII space or a Unicode space (no-break, thin…, which masking reads as one: readable), not
// a tab, a line break or a space spelled out; else 0.
func oneSpaceAt(s string, i int) int {
	switch {
	case i >= len(s):
		return 0
	case s[i] == ' ':
		return 1
	case s[i] >= 0x80 && lineSeparatorAt(s, i) == 0:
		return spaceAt(s, i)
	}
	return 0
}

// maskSQLPasswords masks the quoted passwords of SQL's statements that set one without "=" or
// IDENTIFIED BY before it (maskPairs and maskSpacedValues read those):
//
//   - PASSWORD '<pw>' (or $$<pw>$$, E'<pw>', U&'<pw>': sqlPasswordLiteral) in a statement
//     that creates or alters a user or a role (PostgreSQL's
//     CREATE USER bob WITH PASSWORD '<pw>', ALTER ROLE x ENCRYPTED PASSWORD '<pw>':
//     userStatementBefore); PASSWORD NULL and the statement's other quoted words stay;
//   - MySQL's SET PASSWORD FOR <user> = '<pw>' (or PASSWORD('<pw>')), and the current password
//     after REPLACE (sqlSetPasswordValues).
//
// Each PASSWORD is read once, 256 bytes before it at most: linear.
func maskSQLPasswords(s string) string {
	if !containsFold(s, "password") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i+len("password") <= len(s); i++ {
		if s[i]|0x20 != 'p' || i > 0 && isWordByte(s[i-1]) || !hasPrefixFold(s[i:], "password") ||
			i+len("password") < len(s) && isWordByte(s[i+len("password")]) {
			continue
		}
		e := i + len("password")
		var spans [][2]int
		if w := sqlBlanksAt(s, e); w > e && w < len(s) && sqlLiteralOpensAt(s, w) && userStatementBefore(s, i) {
			if start, end := sqlPasswordLiteral(s, w); start >= 0 {
				spans = append(spans, [2]int{start, end})
			}
		} else {
			spans = sqlSetPasswordValues(s, i, e)
		}
		for _, sp := range spans {
			if sp[0] < m.pos || maskedOnly(s[sp[0]:sp[1]]) || isReference(s[sp[0]:sp[1]]) {
				continue
			}
			m.mask(sp[0], sp[1])
			i = max(i, sp[1]-1)
		}
	}
	return m.result()
}

// sqlBlanksAt skips the blanks at s[w], line separators (U+0085, U+2028, U+2029) among them: a
// statement goes on over a line, so PASSWORD⏎'<pw>' reads as PASSWORD '<pw>' does.
func sqlBlanksAt(s string, w int) int {
	for {
		w = blanksAt(s, w)
		n := lineSeparatorAt(s, w)
		if n == 0 {
			return w
		}
		w += n
	}
}

// userStatementBefore reports whether the SQL statement the word at s[i] stands in creates or
// alters a user or a role: CREATE or ALTER, then USER or ROLE, words in any case apart by
// anything but a word's bytes, in the 256 bytes before it back to a semicolon.
func userStatementBefore(s string, i int) bool {
	stmt := s[max(0, i-256):i]
	if k := strings.LastIndexByte(stmt, ';'); k >= 0 {
		stmt = stmt[k+1:]
	}
	prev := ""
	for k := 0; k < len(stmt); {
		for k < len(stmt) && !isWordByte(stmt[k]) {
			k++
		}
		e := k
		for e < len(stmt) && isWordByte(stmt[e]) {
			e++
		}
		word := strings.ToLower(stmt[k:e])
		if (prev == "create" || prev == "alter") && (word == "user" || word == "role") {
			return true
		}
		prev, k = word, e
	}
	return false
}

// sqlSetPasswordValues returns where the passwords of MySQL's SET PASSWORD FOR <user> = … stand,
// PASSWORD at s[i:e]: the quoted one after "=" (or inside PASSWORD(…) or OLD_PASSWORD(…)), and
// the current one after REPLACE; nil when SET does not come before it or FOR and "=" do not
// follow it on its line (SET PASSWORD = '<pw>' is a pair: maskPairs).
func sqlSetPasswordValues(s string, i, e int) [][2]int {
	k := i
	for n := spaceBefore(s, k); n > 0 && k > 0; n = spaceBefore(s, k) {
		k -= n
	}
	if k == i || k < 3 || !strings.EqualFold(s[k-3:k], "set") || k > 3 && isWordByte(s[k-4]) {
		return nil
	}
	w := blanksAt(s, e)
	if w == e || !hasPrefixFold(s[w:], "for") || w+3 >= len(s) || isWordByte(s[w+3]) {
		return nil
	}
	// The user ('bob'@'%', `bob`@`h`, bob@h, CURRENT_USER()) up to "=" on the line.
	eq := -1
	for p := w + 3; p < len(s) && p-w < 256 && s[p] != '\n' && s[p] != '\r' && s[p] != ';'; p++ {
		if q := s[p]; q == '\'' || q == '"' || q == '`' {
			if c := strings.IndexByte(s[p+1:], q); c >= 0 {
				p += 1 + c
				continue
			}
			return nil
		}
		if s[p] == '=' {
			eq = p
			break
		}
	}
	if eq < 0 {
		return nil
	}
	v := blanksAt(s, eq+1)
	call := false
	for _, fn := range []string{"password", "old_password"} {
		if hasPrefixFold(s[v:], fn) {
			if p := blanksAt(s, v+len(fn)); p < len(s) && s[p] == '(' {
				v, call = blanksAt(s, p+1), true
				break
			}
		}
	}
	var spans [][2]int
	start, end := quotedSQLString(s, v)
	if start < 0 {
		return nil
	}
	spans = append(spans, [2]int{start, end})
	after := end + 1
	if call {
		if after = blanksAt(s, after); after < len(s) && s[after] == ')' {
			after++
		}
	}
	if r := blanksAt(s, after); r > after && hasPrefixFold(s[r:], "replace") {
		if start, end := quotedSQLString(s, blanksAt(s, r+len("replace"))); start >= 0 {
			spans = append(spans, [2]int{start, end})
		}
	}
	return spans
}

// sqlLiteralOpensAt reports whether a string literal opens at s[w]: a quote, a quote escaped
// in a JSON string (\"), PostgreSQL's escape or Unicode string (E'…', U&'…') or dollar quote
// ($$…$$, $tag$…$tag$).
func sqlLiteralOpensAt(s string, w int) bool {
	k := w
	for k < len(s) && (s[k] == '\\' || k == w && strings.IndexByte("EeUu$", s[k]) >= 0 || k == w+1 && s[k] == '&') {
		k++
	}
	return k < len(s) && (s[k] == '\'' || s[k] == '"' || s[w] == '$')
}

// sqlPasswordLiteral returns where the text of the string literal that opens at s[w]
// (sqlLiteralOpensAt) starts and ends; -1, -1 when none does or it is empty. A dollar quote
// never closed runs to the end of its line, as a quote does (quotedSQLString).
func sqlPasswordLiteral(s string, w int) (start, end int) {
	switch {
	case w+1 < len(s) && (s[w] == 'E' || s[w] == 'e') && s[w+1] == '\'':
		return quotedSQLString(s, w+1) // E'<pw>'
	case w+2 < len(s) && (s[w] == 'U' || s[w] == 'u') && s[w+1] == '&' && s[w+2] == '\'':
		return quotedSQLString(s, w+2) // U&'<pw>'
	case w < len(s) && s[w] == '$':
		t := w + 1
		for t < len(s) && (isLetter(s[t]) || s[t] == '_' || t > w+1 && s[t] >= '0' && s[t] <= '9') {
			t++
		}
		if t >= len(s) || s[t] != '$' {
			return -1, -1 // $1: a parameter, no string
		}
		tag := s[w : t+1]
		line := len(s)
		if k := strings.IndexAny(s[t+1:], "\r\n"); k >= 0 {
			line = t + 1 + k
		}
		end = line
		if k := strings.Index(s[t+1:line], tag); k >= 0 {
			end = t + 1 + k
		}
		if end == t+1 {
			return -1, -1
		}
		return t + 1, end
	}
	k := w
	for k < len(s) && s[k] == '\\' {
		k++
	}
	if k > w && k < len(s) && (s[k] == '"' || s[k] == '\'') {
		// Escaped in a JSON string: PASSWORD \"<pw>\" up to the quote escaped as it is.
		if c := quoteClosedOnLine(s, k, k-w); c > k+1 && c-1-(k-w) > k+1 {
			return k + 1, c - 1 - (k - w)
		}
		return -1, -1
	}
	return quotedSQLString(s, w)
}

// quotedSQLString returns where the text of the string quoted at s[v] ('…' or "…") starts and
// ends: a doubled quote ('it”s') or one after a backslash ('it\'s') is part of it, and one
// never closed runs to the end of its line. -1, -1 when none is quoted there or it is empty.
func quotedSQLString(s string, v int) (start, end int) {
	if v >= len(s) || s[v] != '\'' && s[v] != '"' {
		return -1, -1
	}
	q, p := s[v], v+1
	for p < len(s) && s[p] != '\n' && s[p] != '\r' {
		switch {
		case s[p] == '\\':
			p += 2
			continue
		case s[p] != q:
		case p+1 < len(s) && s[p+1] == q:
			p++
		default:
			if p == v+1 {
				return -1, -1
			}
			return v + 1, p
		}
		p++
	}
	if p = min(p, len(s)); p == v+1 {
		return -1, -1
	}
	return v + 1, p
}
