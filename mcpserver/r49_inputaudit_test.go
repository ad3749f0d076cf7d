package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r49InputAuditSchema is the part of a tool's input schema the audit reads.
type r49InputAuditSchema struct {
	Properties map[string]r49InputAuditProp `json:"properties"`
	Required   []string                     `json:"required"`
}

// r49InputAuditSchemaOf reads tool's input schema.
func r49InputAuditSchemaOf(t *testing.T, tool mcp.Tool) r49InputAuditSchema {
	t.Helper()
	raw, err := json.Marshal(tool.InputSchema)
	if err != nil {
		t.Fatal(err)
	}
	var schema r49InputAuditSchema
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	return schema
}

// r49InputAuditProp is the part of an input schema's property the audit derives cases from.
type r49InputAuditProp struct {
	Type                 string             `json:"type"`
	Enum                 []any              `json:"enum"`
	Pattern              string             `json:"pattern"`
	MinLength            *int               `json:"minLength"`
	MaxLength            *int               `json:"maxLength"`
	Minimum              *float64           `json:"minimum"`
	Maximum              *float64           `json:"maximum"`
	Items                *r49InputAuditProp `json:"items"`
	AdditionalProperties *r49InputAuditProp `json:"additionalProperties"`
	PropertyNames        *r49InputAuditProp `json:"propertyNames"`
}

// r49InputAuditCase is one value sent for one argument: its name in the report, the value, and
// the words the refusal must hold besides the argument's name (the rule).
type r49InputAuditCase struct {
	name  string
	value any
	rule  []string
}

// r49InputAuditRecorder is a reverse proxy in front of the emulator that keeps every request
// (method, URL and body) it forwards.
type r49InputAuditRecorder struct {
	mu   sync.Mutex
	seen []string
}

func (r *r49InputAuditRecorder) upstream(t *testing.T, emulatorURL string) string {
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, req *http.Request, emulator http.Handler) {
		body, _ := httputil.DumpRequest(req, true)
		r.mu.Lock()
		r.seen = append(r.seen, string(body))
		r.mu.Unlock()
		emulator.ServeHTTP(w, req)
	})(t, emulatorURL)
}

func (r *r49InputAuditRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}

func (r *r49InputAuditRecorder) since(n int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.seen[n:], "\n")
}

// r49InputAuditLong is the 10,000-character value; a refusal must not echo it whole.
var r49InputAuditLong = strings.Repeat("a", 10000)

// r49InputAuditCases derives the bad values for one argument from its schema.
func r49InputAuditCases(p r49InputAuditProp) []r49InputAuditCase {
	var cases []r49InputAuditCase
	switch p.Type {
	case "string":
		cases = append(cases, r49InputAuditCase{"wrong type", true, []string{"string", "want "}},
			r49InputAuditCase{"number for a string", 12345, []string{"string", "want "}})
	case "integer":
		cases = append(cases, r49InputAuditCase{"wrong type", "5", []string{"integer", "want "}})
	case "number":
		cases = append(cases, r49InputAuditCase{"wrong type", "5", []string{"number", "want "}})
	case "boolean":
		cases = append(cases, r49InputAuditCase{"wrong type", "yes", []string{"boolean", "want "}})
	case "array":
		cases = append(cases, r49InputAuditCase{"wrong type", "x", []string{"array", "want "}})
	case "object":
		cases = append(cases, r49InputAuditCase{"wrong type", "x", []string{"object", "want "}})
	case "":
		cases = append(cases, r49InputAuditCase{"wrong type", 12345, nil})
	}
	if p.Type == "string" {
		cases = append(cases,
			r49InputAuditCase{"empty", "", nil},
			r49InputAuditCase{"10,000 characters", r49InputAuditLong, nil},
			r49InputAuditCase{"NUL", "ab\x00cd", nil},
			r49InputAuditCase{"control character", "ab\x1bcd", nil},
			r49InputAuditCase{"line break", "ab\ncd", nil},
			r49InputAuditCase{"spaces around", " abcd ", nil},
		)
	}
	if p.Type == "integer" || p.Type == "number" {
		cases = append(cases,
			r49InputAuditCase{"negative", -1, nil},
			r49InputAuditCase{"zero", 0, nil},
			r49InputAuditCase{"huge", 1e18, nil},
		)
		if p.Type == "integer" {
			cases = append(cases, r49InputAuditCase{"fractional", 1.5, []string{"integer", "want "}})
		}
	}
	if len(p.Enum) > 0 {
		if s, ok := p.Enum[0].(string); ok {
			r := []rune(s)
			r[0] = unicode.ToUpper(r[0])
			cases = append(cases, r49InputAuditCase{"near miss", string(r), []string{s}})
		}
	}
	if p.Type == "array" && p.Items != nil && len(p.Items.Enum) > 0 {
		if s, ok := p.Items.Enum[0].(string); ok {
			r := []rune(s)
			r[0] = unicode.ToUpper(r[0])
			cases = append(cases, r49InputAuditCase{"near miss item", []any{string(r)}, []string{s}})
		}
		cases = append(cases, r49InputAuditCase{"empty array", []any{}, nil})
	}
	if p.Type == "object" {
		if p.AdditionalProperties == nil {
			cases = append(cases, r49InputAuditCase{"unknown key", map[string]any{"no_such_key": 1}, []string{"no_such_key"}})
		} else {
			// A map: any key, but its values have a type, and its keys a rule.
			cases = append(cases,
				r49InputAuditCase{"entry of the wrong type", map[string]any{"KEY_A": 12345}, []string{"KEY_A"}},
				r49InputAuditCase{"key with spaces", map[string]any{" KEY_B ": "v"}, []string{"KEY_B"}})
		}
	}
	return cases
}

// r49InputAuditPasses reports whether v passes the schema p (the keywords the catalogue uses),
// as the tool's schema alone decides: such a value may reach the API.
func r49InputAuditPasses(p r49InputAuditProp, v any) bool {
	if v == nil {
		return false
	}
	if len(p.Enum) > 0 {
		found := false
		for _, e := range p.Enum {
			if fmt.Sprint(e) == fmt.Sprint(v) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	switch p.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			return false
		}
		n := utf8.RuneCountInString(s)
		if p.MinLength != nil && n < *p.MinLength || p.MaxLength != nil && n > *p.MaxLength {
			return false
		}
		return p.Pattern == "" || regexp.MustCompile(p.Pattern).MatchString(s)
	case "integer", "number":
		f, ok := v.(float64)
		if i, isInt := v.(int); isInt {
			f, ok = float64(i), true
		}
		if !ok || p.Type == "integer" && f != float64(int64(f)) {
			return false
		}
		return (p.Minimum == nil || f >= *p.Minimum) && (p.Maximum == nil || f <= *p.Maximum)
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "array":
		a, ok := v.([]any)
		return ok && len(a) > 0 && (p.Items == nil || r49InputAuditPasses(*p.Items, a[0]))
	case "object":
		m, ok := v.(map[string]any)
		if !ok || p.AdditionalProperties == nil {
			return false
		}
		for k, e := range m {
			if p.PropertyNames != nil && !r49InputAuditPasses(*p.PropertyNames, k) || !r49InputAuditPasses(*p.AdditionalProperties, e) {
				return false
			}
		}
		return true
	}
	if s, ok := v.(string); ok && p.Pattern != "" { // a rule on keys (propertyNames) names no type
		return regexp.MustCompile(p.Pattern).MatchString(s)
	}
	return true
}

// r49InputAuditRule is what a refusal says to state its rule: what is wanted, a range, a
// pattern in words, the values allowed.
var r49InputAuditRule = regexp.MustCompile(`[Ww]ant |[Ee]xpected|[Mm]ust |Required|required|\bempty\b|only|at most|or more|between|holds|[Uu]nknown|this tool takes`)

// r49InputAuditNumberIsID lists the string arguments that take a JSON number as an ID, as README
// says ("An ID sent as a JSON number is the same ID"; member "follows the same rule").
var r49InputAuditNumberIsID = map[string]bool{"app": true, "member": true}

// TestR49InputAuditEveryArgument walks tools/list: for every tool and every argument of its
// input schema, cases derived from the schema (wrong type, null, empty, 10,000 characters, NUL,
// control character, line break, spaces around; negative, zero, huge, fractional; a near miss of
// an enum; an unknown key), plus an unknown argument and each required one missing. A value
// the schema refuses is refused, naming the argument and its rule, before any request reaches
// the API; a value it takes may reach the API, and is then sent as given (spaces kept: README
// says nothing is trimmed), or refused naming the argument. No refusal echoes the long value.
func TestR49InputAuditEveryArgument(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, documented := range []string{"An ID sent as a JSON number is the same ID", "follows the same rule with\nusernames and user IDs",
		"An optional argument sent as `null` is \"not given\"", "are refused, not trimmed"} {
		if !strings.Contains(string(readme), strings.ReplaceAll(documented, `\n`, "\n")) {
			t.Errorf("README no longer says %q, which the audit relies on", documented)
		}
	}
	valid := map[string]map[string]any{}
	for _, def := range tools.All() {
		valid[def.Name] = def.Examples.Valid
	}
	// The default listing, then --confirm=agent's for the arguments only it offers (confirm).
	list := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}}).listTools(t)
	agent := tools.Safety{Confirm: tools.ConfirmAgent}
	offered := map[string]bool{}
	for _, tool := range list {
		for arg := range tool.InputSchema.Properties {
			offered[tool.Name+" "+arg] = true
		}
	}
	type listed struct {
		tool   mcp.Tool
		safety tools.Safety
	}
	var walk []listed
	for _, tool := range list {
		walk = append(walk, listed{tool, tools.Safety{}})
	}
	for _, tool := range newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: agent}).listTools(t) {
		walk = append(walk, listed{tool, agent})
	}
	calls, arguments, shared := 0, 0, 0
	// refusing holds, per confirm mode, the server the values the schema refuses are sent to.
	type refusingServer struct {
		h   *harness
		rec *r49InputAuditRecorder
	}
	refusing := map[tools.ConfirmMode]refusingServer{}
	for _, item := range walk {
		tool, safety := item.tool, item.safety
		schema := r49InputAuditSchemaOf(t, tool)
		// check makes one call on h and checks its outcome (rec: the requests h sent the API).
		check := func(t *testing.T, h *harness, rec *r49InputAuditRecorder, what, arg string, args map[string]any, rule []string, passes bool) {
			t.Helper()
			before := rec.count()
			res := h.call(t, tool.Name, args)
			out, traffic := text(res), rec.since(before)
			where := fmt.Sprintf("%s %s (%s)", tool.Name, arg, what)
			if res.IsError && strings.Contains(out, r49InputAuditLong) {
				t.Errorf("%s: the refusal echoes the 10,000-character value whole", where)
			}
			switch {
			case passes && !res.IsError:
				// confirm is the server's own, never sent (add_member of a plain member asks nothing).
				if s, ok := args[arg].(string); ok && arg != "confirm" && s != strings.TrimSpace(s) && traffic != "" && !r49InputAuditSentAsIs(traffic, s) {
					t.Errorf("%s: %q was not sent as given:\n%.2000s", where, s, traffic)
				}
			case passes:
				if traffic == "" && !strings.Contains(out, arg) {
					t.Errorf("%s: refused without naming %s: %.300s", where, arg, out)
				}
			case !res.IsError:
				t.Errorf("%s: accepted: %.300s", where, out)
			default:
				if traffic != "" {
					t.Errorf("%s: refused only after a request reached the API: %.300s", where, out)
				}
				if !strings.Contains(out, arg) {
					t.Errorf("%s: the refusal does not name %s: %.300s", where, arg, out)
				}
				if (what == "missing" || what == "null") && strings.Contains(out, "got ''") {
					t.Errorf("%s: the refusal says a value was received: %.300s", where, out)
				}
				if !r49InputAuditRule.MatchString(out) {
					t.Errorf("%s: the refusal states no rule: %.300s", where, out)
				}
				if len(rule) > 0 && !slices.ContainsFunc(rule, func(w string) bool { return strings.Contains(out, w) }) {
					t.Errorf("%s: the refusal says none of %q: %.300s", where, rule, out)
				}
			}
		}
		// send makes one call and checks its outcome. A value the schema takes goes to a fresh
		// server and emulator (a value taken must not change what the next one meets), in a
		// subtest that closes them once checked: the 600 or so left open until the audit ended
		// kept their heaps for the garbage collector to scan. One the schema refuses must be
		// refused before anything happens, so those share one server per mode (building one per
		// call was most of the audit's time): on a server that acts on one anyway, the first
		// such call already fails the audit.
		send := func(what, arg string, args map[string]any, rule []string, passes bool) {
			t.Helper()
			calls++
			if passes {
				t.Run(tool.Name+" "+arg+" "+what, func(t *testing.T) {
					rec := &r49InputAuditRecorder{}
					h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream, safety: safety})
					check(t, h, rec, what, arg, args, rule, passes)
				})
				return
			}
			s, ok := refusing[safety.Confirm]
			if !ok {
				s.rec = &r49InputAuditRecorder{}
				s.h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: s.rec.upstream, safety: safety})
				refusing[safety.Confirm] = s
			}
			shared++
			check(t, s.h, s.rec, what, arg, args, rule, passes)
		}
		for _, arg := range slices.Sorted(maps.Keys(schema.Properties)) {
			if safety.Confirm == tools.ConfirmAgent && offered[tool.Name+" "+arg] {
				continue
			}
			arguments++
			prop := schema.Properties[arg]
			for _, c := range r49InputAuditCases(prop) {
				args := maps.Clone(valid[tool.Name])
				args[arg] = c.value
				passes := r49InputAuditPasses(prop, c.value) || c.name == "number for a string" && r49InputAuditNumberIsID[arg]
				send(c.name, arg, args, c.rule, passes)
			}
			if slices.Contains(schema.Required, arg) {
				args := maps.Clone(valid[tool.Name])
				args[arg] = nil
				send("null", arg, args, nil, false)
				args = maps.Clone(valid[tool.Name])
				delete(args, arg)
				send("missing", arg, args, nil, false)
			}
		}
		if safety.Confirm == tools.ConfirmAgent {
			continue
		}
		args := maps.Clone(valid[tool.Name])
		args["no_such_argument"] = 1
		send("unknown argument", "no_such_argument", args, nil, false)
	}
	t.Logf("%d tools, %d arguments (confirm of --confirm=agent included), %d calls (%d of them refused by the schema, on one server per mode)", len(list), arguments, calls, shared)
	if len(list) < 30 || calls < 900 {
		t.Errorf("only %d tools and %d calls audited", len(list), calls)
	}
}

// r49InputAuditSentAsIs reports whether the requests hold s as it was given, in one of the
// forms a request carries text (JSON, path, query).
func r49InputAuditSentAsIs(traffic, s string) bool {
	j, _ := json.Marshal(s)
	for _, form := range []string{s, string(j[1 : len(j)-1]), url.PathEscape(s), url.QueryEscape(s)} {
		if strings.Contains(traffic, form) {
			return true
		}
	}
	return false
}

// TestR49InputAuditResourcesKeyPath: an unknown key in update_app's resources is named by its
// path as the caller wrote it (resources.limits.cpus, as README says), with the keys taken
// there; it used to read `resources: key "limits.cpus" is not one of …`. Nothing is sent.
func TestR49InputAuditResourcesKeyPath(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	for args, want := range map[string]string{
		`{"app":"analytics-app","resources":{"limits":{"cpus":"1"}}}`:            "Invalid arguments, nothing was sent: resources.limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage",
		`{"app":"analytics-app","resources":{"limits":{"cpu":"1","cpus":null}}}`: "Invalid arguments, nothing was sent: resources.limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage",
		`{"app":"analytics-app","resources":{"requests":{"gpu":{}}}}`:            "Invalid arguments, nothing was sent: resources.requests.gpu: unknown key; the keys taken there are cpu, memory, ephemeral-storage",
		`{"app":"analytics-app","resources":{"limit":{"cpu":"1"}}}`:              "Invalid arguments, nothing was sent: resources.limit: unknown key; the keys taken there are limits, requests",
		`{"app":"analytics-app","resources":{"limits":{"a b":"1"}}}`:             `Invalid arguments, nothing was sent: "resources.limits.a b": unknown key`,
	} {
		res := h.callRaw(t, "update_app", args)
		if !res.IsError {
			t.Errorf("%s: accepted: %s", args, text(res))
			continue
		}
		mustContain(t, args, text(res), want)
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests reached the API, want 0", n)
	}
}

// TestR49InputAuditOrgNumberIsRefused: org is a name (the schema's string); a JSON number used to
// be taken as its digits, respelled (1e2 acted in organization "100"), and sent. Every tool that
// takes org refuses one, naming org and what it wants, before any request.
func TestR49InputAuditOrgNumberIsRefused(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	checked := 0
	for _, def := range tools.All() {
		if !strings.Contains(string(def.InputSchema()), `"org"`) {
			continue
		}
		checked++
		for _, number := range []string{"12345", "1e2"} {
			args, _ := json.Marshal(def.Examples.Valid)
			raw := strings.Replace(string(args), "{", `{"org":`+number+",", 1)
			if string(args) == "{}" || string(args) == "null" {
				raw = `{"org":` + number + `}`
			}
			res := h.callRaw(t, def.Name, raw)
			if !res.IsError {
				t.Errorf("%s %s: accepted: %.300s", def.Name, raw, text(res))
				continue
			}
			mustContain(t, def.Name+" "+raw, text(res), "Invalid arguments, nothing was sent: org: want an organization name")
		}
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests reached the API, want 0", n)
	}
	if checked < 30 {
		t.Errorf("only %d tools take org", checked)
	}
}

// TestR49InputAuditSecretKeyShownQuoted: a secrets key the secret-name rule refuses is shown
// quoted when it is not plain, so spaces around it show; " KEY_B " used to read
// "secrets:  KEY_B : Secret name must…". Nothing is sent.
func TestR49InputAuditSecretKeyShownQuoted(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	for key, want := range map[string]string{
		" KEY_B ":  `secrets: " KEY_B ": must start with a letter or underscore`,
		"KEY\nC":   `secrets: "KEY\nC": can only contain`,
		"BAD-NAME": "secrets: BAD-NAME: can only contain",
	} {
		args := map[string]any{"name": "fresh-app", "spicepod": "version: v1\nkind: Spicepod\nname: fresh-app\n", "secrets": map[string]any{key: "v"}}
		mustContain(t, key, h.fail(t, "create_and_deploy_app", args), want)
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests reached the API, want 0", n)
	}
}
