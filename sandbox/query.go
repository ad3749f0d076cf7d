package sandbox

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
)

// A query string as the service reads it: Express 4's default query parser ("extended", the qs
// library: delimiter "&" only, "+" a space, brackets, at most 1,000 pairs; api/README §10). Go's
// url.ParseQuery reads it otherwise: it drops a pair holding ";" or a bad escape without a word
// (limit=5;x=1 and limit=%ZZ would be no limit at all, where the service reads the text
// "5;x=1" or "%ZZ", not a number) and keeps limit[]=5 as a parameter of its own.

// qsParam is one parameter's value, reduced to what its schema can tell apart: the strings it
// holds, in order, and whether qs made it an array (sent twice, or limit[]=5, limit[0]=5) or an
// object (a named member, filter[a]=b, or an index beyond qs' arrayLimit, limit[21]=5).
type qsParam struct {
	values []string
	array  bool
	object bool
}

// qsQuery is a query string's parameters by name.
type qsQuery map[string]*qsParam

// qs' limits (Express 4 passes none of its own): pairs read, bracket depth, array indexes.
const (
	qsParameterLimit = 1000
	qsDepth          = 5
	qsArrayLimit     = 20
)

var qsSegment = lazyregexp.New(`\[[^\[\]]*\]`)

// query is the request's query string as the service reads it.
func (c *call) query() qsQuery { return parseQuery(c.r.URL.RawQuery) }

// parseQuery reads raw (URL.RawQuery) as qs.parse does.
func parseQuery(raw string) qsQuery {
	q := qsQuery{}
	parts := strings.SplitN(raw, "&", qsParameterLimit+1)
	if len(parts) > qsParameterLimit {
		parts = parts[:qsParameterLimit]
	}
	for _, part := range parts {
		// A key ends at "]=" when there is one (a value may hold "="), else at the first "=".
		pos := strings.Index(part, "]=")
		if pos >= 0 {
			pos++
		} else {
			pos = strings.Index(part, "=")
		}
		key, val := part, ""
		if pos >= 0 {
			key, val = part[:pos], part[pos+1:]
		}
		q.add(qsDecode(key), qsDecode(val))
	}
	return q
}

// qsDecode is qs' decoder: "+" is a space, then decodeURIComponent; text it cannot decode (a bad
// escape, escaped bytes that are not UTF-8) is kept as it is.
func qsDecode(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if d, err := url.PathUnescape(s); err == nil && utf8.ValidString(d) {
		return d
	}
	return s
}

// add files one decoded pair under the parameter its key names: "limit" is the key itself;
// "limit[]" and "limit[3]" put the value in an array, "limit[a]" in an object (qs' parseKeys:
// the text before the first bracket, or a leading "[name]", then up to five [segments]).
func (q qsQuery) add(key, val string) {
	segs := qsSegment.FindAllStringIndex(key, -1)
	root, rest, deep := key, []string(nil), false
	if len(segs) > 0 {
		root = key[:segs[0][0]]
		if deep = len(segs) > qsDepth; deep {
			segs = segs[:qsDepth] // the rest is one more segment, "[[6][7]]": a named member
		}
		for _, s := range segs {
			rest = append(rest, key[s[0]:s[1]])
		}
		if root == "" { // "[limit]=5" is limit=5
			root, rest = strings.Trim(rest[0], "[]"), rest[1:]
		}
	}
	if root == "" {
		return // qs drops a pair without a key
	}
	p := q[root]
	if p == nil {
		p = &qsParam{}
		q[root] = p
	}
	p.values = append(p.values, val)
	if len(p.values) > 1 {
		p.array = true // sent again: qs combines the values into an array
	}
	p.object = p.object || deep
	for _, s := range rest {
		inner := s[1 : len(s)-1]
		if n, err := strconv.Atoi(inner); inner == "" || err == nil && n >= 0 && n <= qsArrayLimit && strconv.Itoa(n) == inner {
			p.array = true
		} else {
			p.object = true
		}
	}
}

// numberText is the text Number() reads the parameter as: String() of what qs built. A string
// is itself and an array of one string that string (Number(["5"]) is 5); more values join with
// commas and an object is "[object Object]", neither a number (false).
func (p *qsParam) numberText() (string, bool) {
	if p.object || len(p.values) != 1 {
		return "", false
	}
	return p.values[0], true
}
