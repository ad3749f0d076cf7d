// Package api is the Spice.ai Cloud Management API contract inside the repository: the OpenAPI
// document (embedded) and the operation table generated from it. Client, emulator, input rules,
// tool scopes and contract tests all read this table, so an operation's method, path, scope,
// statuses and input limits are written down once — in openapi.json.
//
// Nothing here parses the document at run time: the table is Go source, regenerated with
// `go generate ./api` and checked for staleness by a test.
package api

import (
	_ "embed"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

//go:generate go run ./gen-api-operations

// Spec is openapi.json, for tests and tools that validate traffic against the contract.
//
//go:embed openapi.json
var Spec []byte

// Operation is one operation of the API.
type Operation struct {
	ID     string // operationId
	Method string
	Path   string // template with {name} parameters, e.g. /v1/apps/{appId}
	// Scope is the scope the API requires (x-scope); "" means no token is needed.
	Scope string
	// AcceptedScopes are the granted scopes that satisfy Scope (x-accepted-scopes).
	AcceptedScopes []string
	// Role is the lowest organization role allowed (x-required-role: viewer < member <
	// admin < owner); "" means the spec states none.
	Role string
	// AliasOf is the operationId of the current route this deprecated one aliases (x-alias-of):
	// the same resource, so the same rules and advice apply; "" for current routes.
	AliasOf string
	// Statuses are the HTTP statuses the operation declares, ascending.
	Statuses []int
	// Params are the path and query parameters, path ones first in template order.
	Params []Param
	// Headers are the header parameters (X-Org-Name), in declaration order.
	Headers []Param
	// Body names the request body schema ("" = no body); BodyRequired says whether it must be sent.
	Body         string
	BodyRequired bool
}

// Param is a path, query or header parameter.
type Param struct {
	Name     string
	In       string // "path", "query" or "header"
	Required bool
	Rule     Rule
}

// Field is a top-level property of a request body schema.
type Field struct {
	Name     string
	Required bool
	Rule     Rule
}

// Rule is what the spec says a value must be.
type Rule struct {
	Type       string // string, integer, number, boolean, object, array ("" when the spec leaves it open)
	Pattern    string
	MinLength  int // 0 = no lower bound
	MaxLength  int // 0 = no upper bound
	HasMinimum bool
	Minimum    int64
	HasMaximum bool
	Maximum    int64
	Enum       []string // allowed values; integers in decimal
	Default    string   // scalar defaults only
	Nullable   bool
	Items      *Rule // an array's elements
}

// SameResource reports whether o and the operation with that ID are one and the same or a
// deprecated alias and its current twin.
func (o *Operation) SameResource(id string) bool {
	if o.ID == id || o.AliasOf == id {
		return true
	}
	other := ByID(id)
	return other != nil && other.AliasOf == o.ID
}

// Declares reports whether the operation declares status.
func (o *Operation) Declares(status int) bool { return slices.Contains(o.Statuses, status) }

// Param returns the named parameter.
func (o *Operation) Param(name string) (Param, bool) {
	for _, p := range o.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// PathParams lists the names of the path's {parameters} in order.
func (o *Operation) PathParams() []string {
	var names []string
	for _, seg := range strings.Split(o.Path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			names = append(names, strings.TrimSuffix(name, "}"))
		}
	}
	return names
}

// Expand fills the path template with values, in order, each path-escaped. It panics when the
// count differs: that is a programming error, not input.
func (o *Operation) Expand(values ...string) string {
	segs := strings.Split(o.Path, "/")
	n := 0
	for i, seg := range segs {
		if strings.HasPrefix(seg, "{") {
			if n >= len(values) {
				panic(fmt.Sprintf("api: %s needs %d path values, got %d", o.ID, len(o.PathParams()), len(values)))
			}
			segs[i] = url.PathEscape(values[n])
			n++
		}
	}
	if n != len(values) {
		panic(fmt.Sprintf("api: %s needs %d path values, got %d", o.ID, n, len(values)))
	}
	return strings.Join(segs, "/")
}

// Check returns "" when value (as it appears in a path or query) satisfies the rule, else a
// message that names the rule.
func (r Rule) Check(value string) string {
	switch r.Type {
	case "integer":
		// Plain decimal only: "+101" or "0101" would name 101 in another spelling.
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || strconv.FormatInt(n, 10) != value {
			return fmt.Sprintf("must be an integer, got %q", value)
		}
		if r.HasMinimum && n < r.Minimum {
			return fmt.Sprintf("must be at least %s, got %d", plain.Number(int(r.Minimum)), n) // the value as given: an ID is written bare
		}
		if r.HasMaximum && n > r.Maximum {
			return fmt.Sprintf("must be at most %s, got %d", plain.Number(int(r.Maximum)), n)
		}
	case "string":
		n := utf8.RuneCountInString(value) // characters, as JSON Schema's minLength and maxLength count
		if r.MinLength > 0 && n < r.MinLength {
			return "must be at least " + plain.Number(r.MinLength) + " characters"
		}
		if r.MaxLength > 0 && n > r.MaxLength {
			return "must be at most " + plain.Number(r.MaxLength) + " characters"
		}
	}
	if len(r.Enum) > 0 && !slices.Contains(r.Enum, value) {
		return fmt.Sprintf("must be one of %s, got %q", strings.Join(r.Enum, ", "), value)
	}
	if r.Pattern != "" && !Regexp(r.Pattern).MatchString(value) {
		return fmt.Sprintf("must match %s", patternShown(r.Pattern))
	}
	return ""
}

// patternShown is a pattern in printable ASCII: a character beyond it (a no-break space, a byte
// order mark) is written as the escape JSON Schema's dialect (ECMA-262) reads, \u00a0, so the
// reader sees what the pattern holds; an astral character as its surrogate pair (\ud83d\ude00),
// which ECMA reads as that character with the u flag JSON Schema asks for and without it.
func patternShown(pattern string) string {
	var b strings.Builder
	for _, r := range pattern {
		switch {
		case r >= ' ' && r <= '~':
			b.WriteRune(r)
		default:
			plain.WriteJSONEscape(&b, r)
		}
	}
	return b.String()
}

var regexps sync.Map // pattern -> *regexp.Regexp

// Regexp compiles a pattern of the spec once, on first use (never at start-up).
func Regexp(pattern string) *regexp.Regexp {
	if re, ok := regexps.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(pattern)
	regexps.Store(pattern, re)
	return re
}

// DefaultInt returns an integer default (0 when there is none).
func (r Rule) DefaultInt() int {
	n, _ := strconv.Atoi(r.Default)
	return n
}

// EnumInts returns an integer enum's values.
func (r Rule) EnumInts() []int {
	out := make([]int, 0, len(r.Enum))
	for _, v := range r.Enum {
		n, err := strconv.Atoi(v)
		if err != nil {
			panic(fmt.Sprintf("api: enum value %q is not an integer", v))
		}
		out = append(out, n)
	}
	return out
}
