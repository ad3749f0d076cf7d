package present

import (
	"slices"
	"strings"
)

// Fields that name what an object holds (namingFields) and hold it (namedValueFields), folded:
// Kubernetes' and ECS's env entries (name/value), CloudFormation's parameters
// (ParameterKey/ParameterValue), a settings list's key/value.
var (
	namingFields     = []string{"name", "key", "parameterkey"}
	namedValueFields = []string{"value", "parametervalue"}
)

// maskNamedValues masks the value of an object whose other field names a credential, in JSON,
// YAML or a command line's shorthand: Kubernetes' - name: DB_PASSWORD⏎  value: <pw>,
// {"name": "API_TOKEN", "value": "<t>"}, ParameterKey=DbPassword,ParameterValue=<pw>. The value
// field comes after the naming one, in the same object: before a brace or bracket, or the
// next list item (a line starting with "- "), 256 bytes on at most; in JSON it may come
// before it, after the object's "{". valueFrom and the like are other fields. Each naming
// field is read once: linear.
func maskNamedValues(s string) string {
	if !containsFold(s, "value") {
		return s
	}
	var spans [][2]int
	for i := 0; i < len(s); i++ {
		if i > 0 && (isWordByte(s[i-1]) || s[i-1] == '-') {
			continue
		}
		field, vs, ve, ok := objectFieldAt(s, i)
		if !ok || !slices.Contains(namingFields, field) || !credentialName(strings.Trim(s[vs:ve], `"'\`), false) {
			continue
		}
		if start, end := namedValueAfter(s, ve); start >= 0 {
			spans = append(spans, [2]int{start, end})
		} else if start, end := namedValueBefore(s, i); start >= 0 {
			spans = append(spans, [2]int{start, end})
		}
		i = ve - 1
	}
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	m := spanMasker{s: s}
	for _, sp := range spans {
		if sp[0] >= m.pos && sp[1] > sp[0] && !keptAsWritten(s[sp[0]:sp[1]]) {
			m.mask(sp[0], sp[1])
		}
	}
	return m.result()
}

// objectFieldAt reads the field that starts at s[i]: its name (quoted or not, maybe as in a
// JSON string, \"name\"), ":" or "=" and the separators around it, and its value: the folded
// name, where the value stands (inside its quotes) and whether a field starts there.
func objectFieldAt(s string, i int) (field string, vs, ve int, ok bool) {
	p := i
	quote := ""
	switch {
	case strings.HasPrefix(s[p:], `\"`):
		quote = `\"`
	case p < len(s) && (s[p] == '"' || s[p] == '\''):
		quote = s[p : p+1]
	}
	p += len(quote)
	n := p
	for n < len(s) && n-p < 32 && isKeyByte(s[n]) && s[n] != '.' {
		n++
	}
	if n == p || n-p >= 32 || !isLetter(s[p]) || !strings.HasPrefix(s[n:], quote) {
		return "", -1, -1, false
	}
	field = strings.ToLower(s[p:n])
	if !slices.Contains(namingFields, field) && !slices.Contains(namedValueFields, field) {
		return "", -1, -1, false
	}
	p = n + len(quote)
	for p < len(s) && sepAt(s, p) > 0 {
		p += sepAt(s, p)
	}
	if p >= len(s) || s[p] != ':' && s[p] != '=' {
		return "", -1, -1, false
	}
	p++
	for p < len(s) && sepAt(s, p) > 0 {
		p += sepAt(s, p)
	}
	if p >= len(s) {
		return "", -1, -1, false
	}
	k := p
	for k < len(s) && s[k] == '\\' {
		k++
	}
	if k < len(s) && (s[k] == '"' || s[k] == '\'') { // quoted, maybe as in a JSON string: \"…\"
		e := closingQuote(s, k+1, s[k], k-p)
		return field, k + 1, e, e > k+1
	}
	vs, ve = p, unquotedEnd(s, p)
	// A flow mapping's brace or bracket ends it ({name: X, value: <pw>}), and a line separator
	// does, as the space it may stand for (name=pAss⏎value=x as name=pAss value=x).
	for k := vs; k < ve; k++ {
		if strings.IndexByte("{}[]", s[k]) >= 0 || lineSeparatorAt(s, k) > 0 {
			ve = k
			break
		}
	}
	return field, vs, ve, ve > vs
}

// namedValueAfter returns where the value of a value field after s[from], in the same object,
// stands; -1, -1 when none does.
func namedValueAfter(s string, from int) (start, end int) {
	limit := min(len(s), from+256)
	for p := from; p < limit; p++ {
		switch c := s[p]; {
		case c == '{' || c == '}' || c == '[' || c == ']':
			return -1, -1
		case c == '\n' && listItemAt(s, p+1):
			return -1, -1
		case p > 0 && (isWordByte(s[p-1]) || s[p-1] == '-'):
			continue
		}
		field, vs, ve, ok := objectFieldAt(s, p)
		switch {
		case !ok:
			continue
		case slices.Contains(namingFields, field):
			return -1, -1 // the next object's name: {name: a}, {name: b, value: …} read wrongly otherwise
		}
		return vs, ve
	}
	return -1, -1
}

// namedValueBefore returns where the value of a value field before s[to], after the "{" of
// the JSON object the naming field at s[to] stands in, stands; -1, -1 when none does.
func namedValueBefore(s string, to int) (start, end int) {
	open := strings.LastIndexAny(s[max(0, to-256):to], "{}[]")
	if open < 0 {
		return -1, -1
	}
	open += max(0, to-256)
	if s[open] != '{' {
		return -1, -1
	}
	for p := open + 1; p < to; p++ {
		if isWordByte(s[p-1]) || s[p-1] == '-' {
			continue
		}
		if field, vs, ve, ok := objectFieldAt(s, p); ok && slices.Contains(namedValueFields, field) && ve <= to {
			return vs, ve
		}
	}
	return -1, -1
}

// listItemAt reports whether a YAML list item ("- " after the indentation) starts the line at
// s[i].
func listItemAt(s string, i int) bool {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i+1 < len(s) && s[i] == '-' && (s[i+1] == ' ' || s[i+1] == '\t')
}
