package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ValidateRequest finds the operation for method and path (the escaped
// request path, as sent on the wire) and checks parameters and body against
// it. It returns "" and no problems for the OAuth token endpoint, and "" with
// a "no operation for ..." problem when nothing matches.
func (s *Spec) ValidateRequest(method, path string, query url.Values, header http.Header, body []byte) (string, []string) {
	if path == tokenPath {
		return "", nil
	}
	op, vars, miss := s.match(method, path)
	if op == nil {
		return "", []string{miss}
	}
	var probs []string
	add := func(format string, args ...any) {
		probs = append(probs, op.id+" request: "+fmt.Sprintf(format, args...))
	}

	for _, p := range op.params {
		switch p.in {
		case "path":
			raw, err := url.PathUnescape(vars[p.name])
			if err != nil {
				add("path parameter '%s' %q: %v", p.name, vars[p.name], err)
				continue
			}
			for _, msg := range p.check(raw) {
				add("path parameter '%s' %q: %s", p.name, raw, msg)
			}
		case "query":
			vals, ok := query[p.name]
			switch {
			case !ok:
				if p.required {
					add("missing required query parameter '%s'", p.name)
				}
				continue
			case len(vals) > 1:
				add("query parameter '%s' given %d times", p.name, len(vals))
			}
			for _, msg := range p.check(vals[0]) {
				add("query parameter '%s' %q: %s", p.name, vals[0], msg)
			}
		case "header":
			v := header.Get(p.name)
			if v == "" {
				if p.required {
					add("missing required header '%s'", p.name)
				}
				continue
			}
			for _, msg := range p.check(v) {
				add("header '%s' %q: %s", p.name, v, msg)
			}
		}
	}
	for _, name := range sortedKeys(query) {
		if !slices.ContainsFunc(op.params, func(p *param) bool { return p.in == "query" && p.name == name }) {
			add("unknown query parameter '%s'", name)
		}
	}

	switch {
	case len(body) == 0:
		if op.bodyReq {
			add("missing required body")
		}
	case op.body == nil:
		add("unexpected body (%d bytes); the operation takes none", len(body))
	default:
		if !isJSON(header) {
			add("body sent with Content-Type %q, want application/json", header.Get("Content-Type"))
		} else if _, params, _ := mime.ParseMediaType(header.Get("Content-Type")); params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8") {
			add("body sent with charset %q, want utf-8", params["charset"])
		}
		// A repeated key is read as its last value (api/README §10 "Odd request bodies"), so the
		// schema never sees the first: a problem of its own.
		if key, at, ok := repeatedKey(body); ok {
			add("body repeats key %q at '%s'", key, at)
		}
		for _, msg := range validateJSON(op.body, body) {
			add("%s", msg)
		}
	}
	return op.id, probs
}

// ValidateResponse checks a response of operation opID: the status must be
// declared, declared headers that are present must fit their schemas, and
// the body must match the declared content (or be empty when there is none).
func (s *Spec) ValidateResponse(opID string, status int, header http.Header, body []byte) []string {
	op := s.ops[opID]
	if op == nil {
		return []string{fmt.Sprintf("unknown operation %q", opID)}
	}
	prefix := fmt.Sprintf("%s %d: ", opID, status)
	r := op.response(status)
	if r == nil && s.isSimulated(header) {
		return nil
	}
	if r == nil {
		return []string{fmt.Sprintf("%sstatus not declared (allowed: %s)", prefix, strings.Join(op.statuses, ", "))}
	}
	var probs []string
	add := func(format string, args ...any) {
		probs = append(probs, prefix+fmt.Sprintf(format, args...))
	}
	for _, h := range r.headers {
		v := header.Get(h.name)
		if v == "" {
			if h.required {
				add("missing required header '%s'", h.name)
			}
			continue
		}
		for _, msg := range h.check(v) {
			add("header '%s' %q: %s", h.name, v, msg)
		}
	}
	switch {
	case r.schema == nil:
		if len(body) > 0 {
			add("unexpected body (%d bytes); the response has no content", len(body))
		}
	case len(body) == 0:
		add("empty body, want application/json")
	default:
		if !isJSON(header) {
			add("Content-Type %q, want application/json", header.Get("Content-Type"))
		}
		for _, msg := range validateJSON(r.schema, body) {
			add("%s", msg)
		}
	}
	return probs
}

// match finds the operation for a request. Literal segments beat template
// variables, as OpenAPI requires when more than one path fits.
func (s *Spec) match(method, path string) (*operation, map[string]string, string) {
	segs := strings.Split(path, "/")
	var best *pathItem
	var bestVars map[string]string
	bestLiterals := -1
	for _, pi := range s.paths {
		vars, literals, ok := pi.match(segs)
		if ok && literals > bestLiterals {
			best, bestVars, bestLiterals = pi, vars, literals
		}
	}
	if best == nil {
		return nil, nil, fmt.Sprintf("no operation for %s %s", method, path)
	}
	op := best.ops[strings.ToUpper(method)]
	if op == nil {
		allowed := strings.Join(sortedKeys(best.ops), ", ")
		return nil, nil, fmt.Sprintf("no operation for %s %s (%s allows %s)", method, path, best.template, allowed)
	}
	return op, bestVars, ""
}

func (pi *pathItem) match(segs []string) (map[string]string, int, bool) {
	if len(segs) != len(pi.segs) {
		return nil, 0, false
	}
	vars := map[string]string{}
	literals := 0
	for i, seg := range pi.segs {
		if name, ok := pathVar(seg); ok {
			if segs[i] == "" {
				return nil, 0, false
			}
			vars[name] = segs[i]
			continue
		}
		if segs[i] != seg {
			return nil, 0, false
		}
		literals++
	}
	return vars, literals, true
}

// response picks the Response Object for status: exact code, then a range
// like "4XX", then "default".
func (op *operation) response(status int) *response {
	code := strconv.Itoa(status)
	if r, ok := op.responses[code]; ok {
		return r
	}
	if r, ok := op.responses[code[:1]+"XX"]; ok {
		return r
	}
	return op.responses["default"]
}

var (
	integerRE = regexp.MustCompile(`^(0|-?[1-9][0-9]*)$`) // one spelling: no leading zero, no -0 (api/README §10)
	numberRE  = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
)

// check converts a raw string to the parameter's JSON type and validates it.
// A string that does not convert is validated as a string, so the schema
// itself reports the type mismatch.
func (p *param) check(raw string) []string {
	var v any = raw
	switch {
	case slices.Contains(p.types, "integer") && integerRE.MatchString(raw):
		v = json.Number(raw)
	case slices.Contains(p.types, "number") && numberRE.MatchString(raw):
		v = json.Number(raw)
	case slices.Contains(p.types, "boolean") && (raw == "true" || raw == "false"):
		v = raw == "true"
	}
	var out []string
	for _, msg := range schemaErrors(p.schema.Validate(v)) {
		out = append(out, strings.TrimPrefix(msg, "at '': "))
	}
	return out
}

func validateJSON(sch *jsonschema.Schema, body []byte) []string {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return []string{fmt.Sprintf("body is not valid JSON: %v", err)}
	}
	return schemaErrors(sch.Validate(v))
}

// schemaErrors flattens a validation error into its leaf causes, each of
// which reads "at '<json pointer>': <what is wrong>".
func schemaErrors(err error) []string {
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{err.Error()}
	}
	var out []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			if msg := e.Error(); !slices.Contains(out, msg) {
				out = append(out, msg)
			}
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}

func isJSON(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// repeatedKey finds the first object key a JSON text repeats, with the JSON pointer of the
// object holding it; a text that is not JSON repeats none (validateJSON reports it).
func repeatedKey(body []byte) (key, at string, found bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	escape := strings.NewReplacer("~", "~0", "/", "~1")
	var walk func(here string) bool
	walk = func(here string) bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return false
				}
				name, _ := k.(string)
				if seen[name] {
					key, at = name, here
					return true
				}
				seen[name] = true
				if walk(here + "/" + escape.Replace(name)) {
					return true
				}
			}
			_, _ = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if walk(here + "/" + strconv.Itoa(i)) {
					return true
				}
			}
			_, _ = dec.Token()
		}
		return false
	}
	found = walk("")
	return key, at, found
}
