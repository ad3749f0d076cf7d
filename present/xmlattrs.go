package present

import (
	"slices"
	"strings"
)

// Attributes that name what an element holds (xmlNameAttrs) and hold it (xmlValueAttrs).
var (
	xmlNameAttrs  = []string{"key", "name", "type", "id", "property"}
	xmlValueAttrs = []string{"value", "content"}
)

// maskXMLNamedValues masks the value of an XML or HTML element whose other attribute names a
// credential: .NET's <add key="Password" value="…"/>, Spring's <property name="password"
// value="…"/>, a form's <input type="password" value="…">, and the text of Java's properties
// XML, <entry key="password">…</entry>. The attributes' quotes are kept; they may be escaped
// as in a JSON string (key=\"Password\"). Each tag is read once, 1024 bytes at most: linear.
func maskXMLNamedValues(s string) string {
	if !strings.Contains(s, "<") || !strings.Contains(s, "=") {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		next := i + 1
		if isLetter(s[i+1]) {
			named, vs, ve, end := xmlTag(s, i)
			next = max(next, end)
			if named && vs < 0 && end > i && s[end-1] == '>' && s[end-2] != '/' {
				// <entry key="password">…</entry>: the element's text, up to its end tag;
				// .NET's <setting name="Password"><value>…</value>: its <value> child's.
				if e := strings.IndexByte(s[end:min(len(s), end+1024)], '<'); e > 0 && strings.TrimSpace(s[end:end+e]) != "" {
					vs, ve = end, end+e
				} else if cs, ce := xmlValueChildText(s, end); ce > cs {
					vs, ve = cs, ce
				}
			}
			if named && ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) {
				m.mask(vs, ve)
			}
		}
		k := strings.IndexByte(s[next:], '<')
		if k < 0 {
			break
		}
		i = next + k
	}
	return m.result()
}

// xmlTag reads the tag that starts at s[i] ("<" and its name): whether one of xmlNameAttrs
// names a credential, where the value of one of xmlValueAttrs stands (-1, -1 when none does),
// and where the tag ends (after its ">", or where reading it stopped).
func xmlTag(s string, i int) (named bool, vs, ve, end int) {
	vs, ve = -1, -1
	p := i + 1
	for p < len(s) && (isWordByte(s[p]) || s[p] == ':' || s[p] == '-' || s[p] == '.') {
		p++
	}
	limit := min(len(s), i+1024)
	for p < limit {
		p = xmlGap(s, p, limit, true)
		if p >= limit {
			return named, vs, ve, p
		}
		if s[p] == '>' {
			return named, vs, ve, p + 1
		}
		a := p
		for p < limit && (isWordByte(s[p]) || s[p] == ':' || s[p] == '-' || s[p] == '.') {
			p++
		}
		attr := strings.ToLower(s[a:p])
		if p = xmlGap(s, p, limit, false); attr == "" || p >= limit || s[p] != '=' {
			return named, vs, ve, p
		}
		p = xmlGap(s, p+1, limit, false)
		quote := ""
		switch {
		case p < limit && (s[p] == '"' || s[p] == '\''):
			quote = s[p : p+1]
		case strings.HasPrefix(s[p:limit], `\"`):
			quote = `\"`
		default:
			return named, vs, ve, p // an unquoted value: no tag this reads
		}
		p += len(quote)
		e := strings.Index(s[p:limit], quote)
		if e < 0 {
			return named, vs, ve, p
		}
		v := s[p : p+e]
		switch {
		case slices.Contains(xmlNameAttrs, attr) && credentialName(v, false):
			named = true
		case slices.Contains(xmlValueAttrs, attr):
			vs, ve = p, p+e
		}
		p += e + len(quote)
	}
	return named, vs, ve, p
}

// xmlGap returns where the separators at s[p] (sepAt: spaces, Unicode ones and line
// separators too, as written or spelled out), and with slash set a self-closing tag's "/",
// end, at limit at most.
func xmlGap(s string, p, limit int, slash bool) int {
	for p < limit {
		if n := sepAt(s, p); n > 0 {
			p += n
		} else if slash && s[p] == '/' {
			p++
		} else {
			break
		}
	}
	return min(p, limit)
}

// xmlNamingAttr reports whether the key s[keyStart:keyEnd], before "=", is one of
// xmlNameAttrs in an XML tag whose element also holds a value (one of xmlValueAttrs, or text
// up to its end tag): <entry key="timeout">30</entry>, <add key="timeout" value="30"/>. There
// key="…" names the value, which maskXMLNamedValues masks when the name is a credential's;
// a key="…" alone in its element (<license key="…"/>) is the value. The tag is read 1024
// bytes back at most: linear.
func xmlNamingAttr(s string, keyStart, keyEnd int) bool {
	if !slices.Contains(xmlNameAttrs, strings.ToLower(s[keyStart:keyEnd])) || keyStart == 0 || sepAt(s, keyStart-1) == 0 && spaceBefore(s, keyStart) == 0 {
		return false
	}
	lt := strings.LastIndexAny(s[max(0, keyStart-1024):keyStart], "<>")
	if lt < 0 {
		return false
	}
	lt += max(0, keyStart-1024)
	if s[lt] != '<' || lt+1 >= len(s) || !isLetter(s[lt+1]) {
		return false
	}
	_, vs, _, end := xmlTag(s, lt)
	if end <= keyEnd {
		return false
	}
	if vs >= 0 {
		return true
	}
	if s[end-1] != '>' || s[end-2] == '/' {
		return false
	}
	if cs, ce := xmlValueChildText(s, end); ce > cs {
		return true
	}
	e := strings.IndexByte(s[end:min(len(s), end+1024)], '<')
	return e > 0 && strings.HasPrefix(s[end+e:], "</") && strings.TrimSpace(s[end:end+e]) != ""
}

// xmlValueChildText returns where the text of a <value> element that starts at s[p], after
// blanks and line breaks (64 bytes of them at most), starts and ends, when its end tag
// </value> follows the text: .NET's settings hold a setting's value there (<setting
// name="Password" serializeAs="String"><value>…</value></setting>, Settings.settings'
// <Setting Name="ApiKey"><Value Profile="(Default)">…</Value>); else -1, -1. Read 1024 bytes
// at most: linear.
func xmlValueChildText(s string, p int) (start, end int) {
	limit := min(len(s), p+1024)
	q := p
	for q < limit && q-p < 64 && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r' || s[q] == '\n') {
		q++
	}
	if !hasPrefixFold(s[q:limit], "<value") || q+6 >= limit || s[q+6] != '>' && s[q+6] != ' ' {
		return -1, -1
	}
	gt := strings.IndexByte(s[q:limit], '>')
	if gt < 0 || s[q+gt-1] == '/' || strings.IndexByte(s[q+1:q+gt], '<') >= 0 {
		return -1, -1
	}
	start = q + gt + 1
	e := strings.IndexByte(s[start:limit], '<')
	if e <= 0 || !hasPrefixFold(s[start+e:limit], "</value") || strings.TrimSpace(s[start:start+e]) == "" {
		return -1, -1
	}
	return start, start + e
}
