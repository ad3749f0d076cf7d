// Package contract checks HTTP traffic against the Spice.ai Cloud Management
// API OpenAPI document, so tests can prove that the client and the emulator
// both speak exactly what the spec says.
//
// Problem messages start with the operationId and either "request" (the
// caller sent something the spec does not allow) or the response status, e.g.
//
//	getApp request: path parameter 'appId' "abc": got string, want integer
//	createApp 201: at '/config/replicas': got string, want integer
//
// Requests that match no operation read "no operation for GET /v1/x".
// Error-path tests send bad requests on purpose; they can tell their own
// request findings apart by the " request: " marker.
package contract

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// docURL is where the whole OpenAPI document lives inside the schema
// compiler; schemas are compiled by JSON pointer below it.
const docURL = "file:///openapi.json"

// tokenPath is the OAuth token endpoint. It is not part of the management
// API's paths, so traffic to it is passed through unchecked.
const tokenPath = "/api/oauth/token"

// Spec is a loaded OpenAPI document plus the findings recorded by Handler and
// Transport. It is safe for concurrent use.
type Spec struct {
	paths []*pathItem
	ops   map[string]*operation
	ids   []string

	mu         sync.Mutex
	violations []string
	seen       map[string]map[int]struct{}
	simulated  func(http.Header) bool
}

// AllowSimulatedFailures exempts responses for which isSimulated is true from the
// "status declared" check: an emulator's injected 502/503/504 stands for a gateway or load
// balancer, which answers whatever the operation declares. Their bodies are still recorded.
func (s *Spec) AllowSimulatedFailures(isSimulated func(http.Header) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.simulated = isSimulated
}

func (s *Spec) isSimulated(h http.Header) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.simulated != nil && s.simulated(h)
}

type pathItem struct {
	template string
	segs     []string // template split on "/"; "{name}" marks a variable
	ops      map[string]*operation
}

type operation struct {
	id        string
	method    string
	template  string
	params    []*param
	body      *jsonschema.Schema // nil when the operation takes no body
	bodyReq   bool
	responses map[string]*response // keyed "201", "4XX" or "default"
	statuses  []string             // sorted response keys, for messages
}

type param struct {
	name, in string
	required bool
	types    []string // JSON types the schema allows, to convert raw strings
	schema   *jsonschema.Schema
}

type response struct {
	schema  *jsonschema.Schema // nil when the response has no content
	headers []*param
}

// LoadEmbedded compiles the contract embedded in package api.
func LoadEmbedded() (*Spec, error) { return Load(api.Spec) }

// Load parses an OpenAPI document and compiles every schema the checks need, so validation
// never touches the (non-concurrent) compiler.
func Load(raw []byte) (*Spec, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("contract: parse openapi.json: %w", err)
	}
	c, err := newCompiler(doc)
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	l := &loader{doc: doc, c: c, compiled: map[string]*jsonschema.Schema{}}
	s, err := l.spec()
	if err != nil {
		return nil, fmt.Errorf("contract: openapi.json: %w", err)
	}
	return s, nil
}

// newCompiler returns a draft 2020-12 compiler holding the whole document.
// OpenAPI 3.1 extras (example, deprecated, x-*) are unknown keywords, which
// the compiler ignores as long as vocabularies are not asserted.
func newCompiler(doc any) (*jsonschema.Compiler, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, doc); err != nil {
		return nil, err
	}
	return c, nil
}

// Operations returns every operationId in the document, sorted.
func (s *Spec) Operations() []string { return slices.Clone(s.ids) }

// Declared returns the response statuses the operation declares, sorted (nil when unknown).
func (s *Spec) Declared(opID string) []int {
	op := s.ops[opID]
	if op == nil {
		return nil
	}
	var codes []int
	for _, key := range op.statuses {
		if code, err := strconv.Atoi(key); err == nil {
			codes = append(codes, code)
		}
	}
	sort.Ints(codes)
	return codes
}

// Violations returns the problems recorded so far, in arrival order.
func (s *Spec) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// Seen maps each operationId that got a response to its distinct statuses.
func (s *Spec) Seen() map[string][]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]int, len(s.seen))
	for id, set := range s.seen {
		codes := make([]int, 0, len(set))
		for c := range set {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		out[id] = codes
	}
	return out
}

// Reset forgets all recorded violations and statuses.
func (s *Spec) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = nil
	s.seen = map[string]map[int]struct{}{}
}

func (s *Spec) record(opID string, status int, problems []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, problems...)
	if opID == "" {
		return
	}
	if s.seen[opID] == nil {
		s.seen[opID] = map[int]struct{}{}
	}
	s.seen[opID][status] = struct{}{}
}

// loader walks the raw document and compiles schemas by JSON pointer.
type loader struct {
	doc      any
	c        *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func (l *loader) spec() (*Spec, error) {
	s := &Spec{ops: map[string]*operation{}, seen: map[string]map[int]struct{}{}}
	paths, err := l.object("/paths")
	if err != nil {
		return nil, err
	}
	for _, tmpl := range sortedKeys(paths) {
		itemPtr, item, err := l.deref(ptr("/paths", tmpl))
		if err != nil {
			return nil, err
		}
		pi := &pathItem{template: tmpl, segs: strings.Split(tmpl, "/"), ops: map[string]*operation{}}
		shared, err := l.params(itemPtr, item)
		if err != nil {
			return nil, err
		}
		for _, m := range methods {
			if _, ok := item[m]; !ok {
				continue
			}
			op, err := l.operation(ptr(itemPtr, m), shared)
			if err != nil {
				return nil, err
			}
			op.method, op.template = strings.ToUpper(m), tmpl
			if err := checkPathVars(pi.segs, op); err != nil {
				return nil, err
			}
			if _, dup := s.ops[op.id]; dup {
				return nil, fmt.Errorf("duplicate operationId %q", op.id)
			}
			s.ops[op.id] = op
			s.ids = append(s.ids, op.id)
			pi.ops[op.method] = op
		}
		s.paths = append(s.paths, pi)
	}
	sort.Strings(s.ids)
	return s, nil
}

func (l *loader) operation(p string, shared []*param) (*operation, error) {
	obj, err := l.object(p)
	if err != nil {
		return nil, err
	}
	id, _ := obj["operationId"].(string)
	if id == "" {
		return nil, fmt.Errorf("%s: no operationId", p)
	}
	own, err := l.params(p, obj)
	if err != nil {
		return nil, err
	}
	op := &operation{id: id, params: mergeParams(shared, own), responses: map[string]*response{}}

	if _, ok := obj["requestBody"]; ok {
		rbPtr, rb, err := l.deref(ptr(p, "requestBody"))
		if err != nil {
			return nil, err
		}
		op.bodyReq, _ = rb["required"].(bool)
		if op.body, err = l.jsonSchema(rbPtr, rb); err != nil {
			return nil, err
		}
		if op.body == nil {
			return nil, fmt.Errorf("%s: request body without application/json content", id)
		}
	}

	resps, err := l.object(ptr(p, "responses"))
	if err != nil {
		return nil, err
	}
	for _, code := range sortedKeys(resps) {
		r, err := l.response(ptr(p, "responses", code))
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", id, code, err)
		}
		op.responses[code] = r
		op.statuses = append(op.statuses, code)
	}
	return op, nil
}

func (l *loader) response(p string) (*response, error) {
	rPtr, obj, err := l.deref(p)
	if err != nil {
		return nil, err
	}
	r := &response{}
	if r.schema, err = l.jsonSchema(rPtr, obj); err != nil {
		return nil, err
	}
	if _, ok := obj["content"]; ok && r.schema == nil {
		return nil, errors.New("content without application/json")
	}
	if hs, ok := obj["headers"].(map[string]any); ok {
		for _, name := range sortedKeys(hs) {
			hPtr, h, err := l.deref(ptr(rPtr, "headers", name))
			if err != nil {
				return nil, err
			}
			hp, err := l.param(hPtr, h)
			if err != nil {
				return nil, err
			}
			hp.name, hp.in = name, "header"
			r.headers = append(r.headers, hp)
		}
	}
	return r, nil
}

// jsonSchema compiles content["application/json"].schema of a request body
// or response object at p; nil when there is no such schema.
func (l *loader) jsonSchema(p string, obj map[string]any) (*jsonschema.Schema, error) {
	content, _ := obj["content"].(map[string]any)
	mt, _ := content["application/json"].(map[string]any)
	if _, ok := mt["schema"]; !ok {
		return nil, nil
	}
	return l.schema(ptr(p, "content", "application/json", "schema"))
}

// params reads the "parameters" list of a path item or operation.
func (l *loader) params(p string, obj map[string]any) ([]*param, error) {
	list, _ := obj["parameters"].([]any)
	var out []*param
	for i := range list {
		pp, po, err := l.deref(ptr(p, "parameters", strconv.Itoa(i)))
		if err != nil {
			return nil, err
		}
		prm, err := l.param(pp, po)
		if err != nil {
			return nil, err
		}
		prm.name, _ = po["name"].(string)
		prm.in, _ = po["in"].(string)
		if prm.name == "" || prm.in == "" {
			return nil, fmt.Errorf("%s: parameter without name or in", pp)
		}
		out = append(out, prm)
	}
	return out, nil
}

// param compiles the schema of a Parameter or Header object.
func (l *loader) param(p string, obj map[string]any) (*param, error) {
	prm := &param{}
	prm.required, _ = obj["required"].(bool)
	if _, ok := obj["schema"]; !ok {
		return nil, fmt.Errorf("%s: no schema", p)
	}
	var err error
	if prm.schema, err = l.schema(ptr(p, "schema")); err != nil {
		return nil, err
	}
	if prm.types, err = l.schemaTypes(ptr(p, "schema")); err != nil {
		return nil, err
	}
	return prm, nil
}

// schemaTypes returns the "type" of the schema at p, following $ref, so a
// raw path or query string can be turned into the right JSON value.
func (l *loader) schemaTypes(p string) ([]string, error) {
	_, obj, err := l.deref(p)
	if err != nil {
		return nil, err
	}
	switch t := obj["type"].(type) {
	case string:
		return []string{t}, nil
	case []any:
		var out []string
		for _, v := range t {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return nil, nil
}

func (l *loader) schema(p string) (*jsonschema.Schema, error) {
	if s, ok := l.compiled[p]; ok {
		return s, nil
	}
	s, err := l.c.Compile(docURL + "#" + encodeFragment(p))
	if err != nil {
		return nil, err
	}
	l.compiled[p] = s
	return s, nil
}

// deref follows $ref chains of Reference Objects (local refs only) and
// returns the pointer and value of the object finally referred to.
func (l *loader) deref(p string) (string, map[string]any, error) {
	for range 16 {
		obj, err := l.object(p)
		if err != nil {
			return "", nil, err
		}
		ref, ok := obj["$ref"].(string)
		if !ok {
			return p, obj, nil
		}
		if !strings.HasPrefix(ref, "#/") {
			return "", nil, fmt.Errorf("%s: only local $ref supported, got %q", p, ref)
		}
		next, err := url.PathUnescape(ref[1:])
		if err != nil {
			return "", nil, fmt.Errorf("%s: bad $ref %q: %w", p, ref, err)
		}
		p = next
	}
	return "", nil, fmt.Errorf("%s: $ref chain too long", p)
}

func (l *loader) object(p string) (map[string]any, error) {
	v := l.doc
	if p != "" {
		for _, tok := range strings.Split(p[1:], "/") {
			tok = unescapeToken.Replace(tok)
			switch n := v.(type) {
			case map[string]any:
				v = n[tok]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(n) {
					return nil, fmt.Errorf("%s: no such element", p)
				}
				v = n[i]
			default:
				v = nil
			}
		}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: not an object", p)
	}
	return obj, nil
}

var (
	escapeToken   = strings.NewReplacer("~", "~0", "/", "~1")
	unescapeToken = strings.NewReplacer("~1", "/", "~0", "~")
)

// ptr appends escaped tokens to a JSON pointer.
func ptr(base string, toks ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(escapeToken.Replace(t))
	}
	return b.String()
}

// encodeFragment percent-encodes a JSON pointer for use as a URL fragment;
// the compiler decodes fragments, so '%' or '{' in path templates must survive.
func encodeFragment(p string) string {
	toks := strings.Split(p, "/")
	for i, t := range toks {
		toks[i] = url.PathEscape(t)
	}
	return strings.Join(toks, "/")
}

// mergeParams applies operation parameters over path-item ones, matching on
// name and location as OpenAPI requires.
func mergeParams(shared, own []*param) []*param {
	out := slices.Clone(shared)
	for _, p := range own {
		i := slices.IndexFunc(out, func(q *param) bool { return q.name == p.name && q.in == p.in })
		if i >= 0 {
			out[i] = p
		} else {
			out = append(out, p)
		}
	}
	return out
}

// checkPathVars makes sure every template variable has a path parameter, so
// no path segment goes unvalidated.
func checkPathVars(segs []string, op *operation) error {
	for _, seg := range segs {
		name, ok := pathVar(seg)
		if !ok {
			continue
		}
		if !slices.ContainsFunc(op.params, func(p *param) bool { return p.in == "path" && p.name == name }) {
			return fmt.Errorf("%s: path variable {%s} has no parameter", op.id, name)
		}
	}
	return nil
}

func pathVar(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
