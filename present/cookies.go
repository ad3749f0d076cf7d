package present

import (
	"slices"
	"strings"
)

// A Cookie header's value is a list of cookies (Cookie: _ga=GA1.2.3; session=<id>), and
// Set-Cookie's starts with one (Set-Cookie: session=<id>; Path=/; HttpOnly): masking reads each
// cookie by its name (cookieKept) and masks the values that may be credentials, never the
// names, the list's ";" or Set-Cookie's attributes. A header whose value is no name=value stays
// a credential-named key's value, masked whole (Cookie: <opaque>).

// analyticsCookies are cookies that identify a browser to an analytics or advertising
// service, or hold a preference or a consent: no credential (folded names; a trailing "*"
// matches any rest).
var analyticsCookies = []string{
	"ga", "ga*", "gid", "gat*", "gcl*", "fbp", "fbc", "utm*", "hj*", "clck", "clsk", "uetsid", "uetvid", "gads",
	"gpi", "pkid*", "pkses*", "ajsanonymousid", "ajsuserid", "optanonconsent", "optanonalertboxclosed",
	"cookieconsent*", "cookielawinfo*", "lang", "language", "locale", "theme", "tz", "timezone", "currency",
}

// cookieHeaderKey reports whether key names a Cookie header (Cookie, cookies, a request's
// cookie) and whether it is Set-Cookie's, which holds one cookie and then its attributes.
func cookieHeaderKey(key string) (ok, set bool) {
	var buf [64]byte
	folded := string(appendFolded(buf[:0], key))
	switch {
	case folded == "setcookie" || folded == "setcookie2":
		return true, true
	case strings.HasSuffix(folded, "cookie") || strings.HasSuffix(folded, "cookies"):
		return true, false
	}
	return false, false
}

// cookieNameByte reports a byte of a cookie's name (an HTTP token's, less the quote).
func cookieNameByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || strings.IndexByte("!#$%&*+-.^_`|~", c) >= 0
}

// cookieNameEnd returns where the cookie name at s[p] ends before its "=", or -1 when no
// name and "=" stand there.
func cookieNameEnd(s string, p int) int {
	e := p
	for e < len(s) && e-p < 128 && cookieNameByte(s[e]) {
		e++
	}
	if e == p || e >= len(s) || s[e] != '=' {
		return -1
	}
	return e
}

// cookieValueEnd returns where the cookie value at s[p] ends: at a ";", a blank, a quote or a
// backslash (none a cookie's value holds), less the closing brackets it ends in when it opens
// none (the struct's or call's around the header: {Cookie: a=b}).
func cookieValueEnd(s string, p int) int {
	e := p
	for e < len(s) && s[e] > ' ' && s[e] != 0x7f && strings.IndexByte(";\"'\\", s[e]) < 0 {
		e++
	}
	if strings.ContainsAny(s[p:e], "{([") {
		return e
	}
	for e > p && strings.IndexByte("})]", s[e-1]) >= 0 {
		e--
	}
	return e
}

// cookieSpans reads the cookie list of a Cookie header's value at s[v] (after an opening
// quote, if any) and returns the spans of the values to mask and where the list ends; ok is
// false when no cookie (name=) stands at v. Set-Cookie's list is its first cookie alone.
func cookieSpans(s string, v int, set bool) (spans [][2]int, end int, ok bool) {
	p := v
	if p < len(s) && (s[p] == '"' || s[p] == '\'') {
		p++
	}
	for {
		ne := cookieNameEnd(s, p)
		if ne < 0 {
			break
		}
		vs, ve := ne+1, cookieValueEnd(s, ne+1)
		if q := vs; ve == q && credentialName(s[p:ne], false) {
			// A credential's name and "=" then blanks (token= 000): the value after them is
			// its, as key= value is masked outside a cookie list.
			for q < len(s) && (s[q] == ' ' || s[q] == '\t') {
				q++
			}
			if e := cookieValueEnd(s, q); q > ve && e > q {
				vs, ve = q, e
			}
		}
		ok = true
		if value := s[vs:ve]; value != "" && !keptAsWritten(value) && !cookieKept(s[p:ne], value) {
			spans = append(spans, [2]int{vs, ve})
		}
		end = ve
		if set || ve >= len(s) || s[ve] != ';' {
			break
		}
		p = ve + 1
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
	}
	return spans, end, ok
}

// cookieKept reports whether the cookie name=value holds no credential: an analytics,
// preference or consent cookie (analyticsCookies), or, under a name that says nothing of a
// session, an id or a credential, a value too plain to be one (a yes or no, a small number, a
// language tag, a short lower-case word: theme=dark, lang=en-US, seen=1). Any other value
// (a session's id, a token, an opaque value under an unknown name) is masked.
func cookieKept(name, value string) bool {
	// A value holding a pair of its own (gA=token=000, auth=user=bob&password=…) may hold a
	// credential whatever the cookie's name: an analytics id never holds "=" (base64's padding
	// at the end aside).
	if strings.Contains(strings.TrimRight(value, "="), "=") {
		return false
	}
	var buf [64]byte
	folded := string(appendFolded(buf[:0], name))
	// A name that names a credential is none of them, whatever it starts with (gateway_token: "ga*").
	if !credentialName(name, false) && slices.ContainsFunc(analyticsCookies, func(a string) bool {
		if p, ok := strings.CutSuffix(a, "*"); ok {
			return strings.HasPrefix(folded, p)
		}
		return folded == a
	}) {
		return true
	}
	if credentialName(name, false) || strings.Contains(folded, "sess") || strings.HasSuffix(folded, "sid") ||
		strings.Contains(folded, "login") || strings.Contains(folded, "remember") || strings.Contains(folded, "csrf") ||
		strings.Contains(folded, "xsrf") || strings.HasSuffix(folded, "id") {
		return false
	}
	return plainCookieValue(value)
}

// plainCookieValue reports a value no credential is: true, false, yes, no, on, off, a number
// of four digits at most, a language tag (en, en-US, pt_BR), a lower-case word of eight
// letters at most.
func plainCookieValue(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off":
		return true
	}
	if len(v) <= 4 && strings.Trim(v, "0123456789") == "" {
		return true
	}
	if len(v) == 5 && (v[2] == '-' || v[2] == '_') && strings.Trim(v[:2], "abcdefghijklmnopqrstuvwxyz") == "" &&
		strings.Trim(v[3:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return true
	}
	return len(v) <= 8 && strings.Trim(v, "abcdefghijklmnopqrstuvwxyz") == ""
}

// maskCookieFlags masks the cookies curl sends with -b or --cookie (curl -b 'session=<id>;
// _ga=GA1.2.3', --cookie=…) as a Cookie header's (cookieSpans); a file's name there (-b
// cookies.txt) holds no "=" and stays. -b is curl's only where curl is the command.
func maskCookieFlags(s string) string {
	if !strings.Contains(s, "-b") && !strings.Contains(s, "--cookie") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '-' || i > 0 && !isSpace(s[i-1]) && s[i-1] != '"' && s[i-1] != '\'' {
			continue
		}
		e := argvFlagEnd(s, i)
		if flag := s[i:e]; flag != "--cookie" && (flag != "-b" || !slices.Contains(commandWordsBefore(s, i, false), "curl")) {
			continue
		}
		w := e
		if e < len(s) && s[e] == '=' && s[i+1] == '-' {
			w = e + 1
		} else if w = blanksAt(s, e); w == e {
			continue
		}
		spans, end, ok := cookieSpans(s, w, false)
		if !ok {
			continue
		}
		for _, sp := range spans {
			if sp[0] >= m.pos {
				m.mask(sp[0], sp[1])
			}
		}
		i = max(i, end-1)
	}
	return m.result()
}
