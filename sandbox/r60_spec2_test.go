package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// r60Spec2ReadsOne are spellings of 1 (query-escaped) that Number() reads as 1: leading zeros,
// a fraction or exponent, a sign (%2B; a bare "+" is a space in a query), ECMAScript white space
// around it (a space, tab, LF, VT, FF, CR, U+2028, U+2029, NBSP, U+3000, U+FEFF), and the
// unsigned 0x, 0o and 0b forms.
var r60Spec2ReadsOne = []string{
	"1", "01", "001", "1.0", "1.", "1e0", "1E0", "0.1e1", ".1e1", "10e-1", "%2B1", "+1", "%201", "1%20",
	"%091%0A", "%0B1%0C", "%0D1", "%E2%80%A81%E2%80%A9", "%C2%A01", "%E3%80%801", "%EF%BB%BF1",
	"0x1", "0X01", "0o1", "0O1", "0b1", "0B001",
}

// r60Spec2NotANumber are values Number() reads as NaN (and the blank ones it reads as 0, which
// api/README §10 refuses as a parameter sent empty): full-width digits, "_" separators, hex
// floats, a signed or fractional 0x, "inf", "NaN", a lone exponent or dot, two dots or signs,
// a comma, NEL and ZERO WIDTH SPACE (not ECMAScript white space), a NUL, binary and octal
// digits out of range.
var r60Spec2NotANumber = []string{
	"%EF%BC%91", "1_0", "0x", "0x1p0", "-0x1", "%2B0x1", "0x1.0", "inf", "Inf", "infinity", "NaN", "1e", "e1",
	".", "1..0", "1%2C0", "--1", "%2B-1", "0x1g", "%C2%851", "%E2%80%8B1", "1%00", "Infinityx", "1e1.5",
	"0b2", "0o8", "", "%20", "%E2%80%A8",
}

// r60Spec2NotWhole are numbers that are not integers: ±Infinity (spelled, or beyond float64).
var r60Spec2NotWhole = []string{"Infinity", "-Infinity", "%2BInfinity", "1e400", "-1e400", "1.5"}

// r60Spec2Large are whole numbers far beyond any page: 2^63 in three spellings and 1e300.
var r60Spec2Large = []string{"9223372036854775808", "0x8000000000000000", "9.223372036854775808e18", "1e300"}

// TestR60Spec2QueryNumbersAsNumberReadsThem: api/README §10 "Numbers in query parameters"
// (Assumed): every integer query parameter openapi.json declares is read as the service's
// validator coerces a query string, ECMAScript's Number(): " 1", "01", "1.0", "1e0", "0x1" are
// 1; "１", "1_0", "inf" are not numbers; "Infinity" and "1e400" are not whole; 2^63 is a
// number (refused by a maximum, or read as huge). Before, the emulator read them with Go's
// strconv.ParseFloat: "+1" (a space and 1), "%201" and "0x1" were "not a number", while "1_0"
// was read as 10 and "inf" as a huge number.
func TestR60Spec2QueryNumbersAsNumberReadsThem(t *testing.T) {
	doc := spec(t)
	h, _, depID, vals := r59SpecQueryApp(t)
	seen := 0
	for _, op := range api.Operations {
		var args []string
		for _, p := range op.PathParams() {
			args = append(args, vals[p])
		}
		path := op.Expand(args...)
		for _, raw := range list(specOperation(t, op.Method, op.Path)["parameters"]) {
			p := r55SpecResolve(doc, raw)
			s := r55SpecResolve(doc, p["schema"])
			if p["in"] != "query" || s["type"] != "integer" {
				continue
			}
			seen++
			name := p["name"].(string)
			get := func(v string) *result { return h.do(op.Method, path+"?"+name+"="+v, "sandbox", nil) }
			for _, v := range r60Spec2ReadsOne {
				res := get(v)
				if res.status == http.StatusBadRequest && len(res.fieldErrors(name)) > 0 || res.status >= 500 {
					t.Errorf("%s %s=%s: %d %.200s, want it read as 1", op.ID, name, v, res.status, res.raw)
				}
				if name == "limit" && strings.HasSuffix(op.Path, "/deployments") {
					if rows := list(res.obj()["deployments"]); len(rows) != 1 || num(rows[0].(map[string]any)["id"]) != depID {
						t.Errorf("%s limit=%s: %d rows, want the newest only", op.ID, v, len(rows))
					}
				}
			}
			for _, v := range r60Spec2NotANumber {
				if got := get(v).fieldErrors(name); !slices.Equal(got, []string{"Expected number, received nan"}) {
					t.Errorf("%s %s=%s: %q, want Expected number, received nan", op.ID, name, v, got)
				}
			}
			for _, v := range r60Spec2NotWhole {
				// then the bounds' message when out of them too (zod 3 runs every check: r62)
				if got := get(v).fieldErrors(name); len(got) == 0 || len(got) > 2 || got[0] != expectedInteger {
					t.Errorf("%s %s=%s: %q, want %s first", op.ID, name, v, got, expectedInteger)
				}
			}
			_, hasMax := s["maximum"]
			for _, v := range r60Spec2Large {
				res := get(v)
				got := res.fieldErrors(name)
				if slices.ContainsFunc(got, func(m string) bool { return strings.HasPrefix(m, "Expected") }) || hasMax && len(got) == 0 {
					t.Errorf("%s %s=%s: %d %.200s, want it read as a number (above a maximum: refused as out of range)", op.ID, name, v, res.status, res.raw)
				}
				if name == "tail" && (res.status != http.StatusForbidden || res.obj()["code"] != "plan_limit") {
					t.Errorf("%s tail=%s: %d %.200s, want 403 plan_limit", op.ID, v, res.status, res.raw)
				}
			}
			// A bracketed name (limit[]=5) is this parameter as an array: TestR62Spec4QueryAsExpressReadsIt.
			// -0 is 0: a number that a minimum of 1 refuses and a minimum of 0 accepts.
			min, _ := s["minimum"].(float64)
			if got := get("-0").fieldErrors(name); (len(got) > 0) != (min > 0) || slices.ContainsFunc(got, func(m string) bool { return strings.HasPrefix(m, "Expected") }) {
				t.Errorf("%s %s=-0: %q (minimum %v), want it read as 0", op.ID, name, got, min)
			}
		}
	}
	if seen < 5 {
		t.Fatalf("only %d integer query parameters found in openapi.json", seen)
	}
}

// TestR60Spec2JSNumber pins jsNumber to Number()'s answers for the awkward cases.
func TestR60Spec2JSNumber(t *testing.T) {
	for in, want := range map[string]float64{
		"5": 5, " 5 ": 5, "+5": 5, "-5": -5, "05": 5, "5.0": 5, "5.": 5, ".5": 0.5, "1e1": 10, "1E+1": 10, "1e-1": 0.1,
		"0x10": 16, "0XfF": 255, "0o17": 15, "0b101": 5, "\u20285\ufeff": 5, "\u00a05\u3000": 5, "Infinity": math.Inf(1),
		"-Infinity": math.Inf(-1), "1e400": math.Inf(1), "1e-400": 0, "0x10000000000000000": 18446744073709551616,
		"-0": math.Copysign(0, -1),
	} {
		got, ok := jsNumber(in)
		if !ok || got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("jsNumber(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", " ", "\u0085", "\u200b5", "５", "1_0", "-0x10", "0x", "0x1p4", "inf", "NaN", "e5", ".", "+-1", "0b12", "5e", "Infinity5", "+ 5"} {
		if got, ok := jsNumber(in); ok {
			t.Errorf("jsNumber(%q) = %v, want not a number", in, got)
		}
	}
}

// TestR60Spec2PathIDsHaveOneSpelling: api/README §10 "Numbers in path IDs" (Assumed): every
// integer path parameter openapi.json declares takes plain decimal digits only, no sign, no
// leading zero, no fraction or exponent, no white space, no other script's digits, within
// int64; any other spelling of an ID is 400 "Invalid <kind> ID" (never the resource it would
// name as a number). Percent-encoded digits are the same path, so they name the resource.
func TestR60Spec2PathIDsHaveOneSpelling(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	fullWidth := func(s string) string {
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, s)
	}
	seen := 0
	for _, op := range api.Operations {
		body := r59SpecBody(op)
		if op.Body == "" {
			body = nil
		}
		sample := r59SpecPathWith(t, h, op, "", "")
		for _, p := range r59SpecNumericParams(op) {
			seen++
			at := slices.Index(strings.Split(op.Path, "/"), "{"+p+"}")
			v := strings.Split(sample, "/")[at]
			with := func(value string) string {
				segs := strings.Split(sample, "/")
				segs[at] = value
				return strings.Join(segs, "/")
			}
			n, _ := strconv.ParseInt(v, 10, 64)
			want := "Invalid " + strings.TrimSuffix(p, "Id") + " ID"
			for _, odd := range []string{"0" + v, "00" + v, "+" + v, "%2B" + v, "-" + v, v + ".0", v + ".", v + "e0", "%20" + v, v + "%20",
				fmt.Sprintf("0x%x", n), fullWidth(v), "-0", "0", "00", "9223372036854775808", v + "_0", "1_" + v} {
				res := h.doOrg(op.Method, with(odd), "sandbox", "acme-labs", body)
				if res.status != http.StatusBadRequest || res.errText() != want {
					t.Errorf("%s {%s}=%s: %d %.200s, want 400 %s", op.ID, p, odd, res.status, res.raw, want)
				}
			}
			if op.Method == http.MethodGet {
				escaped := ""
				for _, d := range v {
					escaped += fmt.Sprintf("%%%X", d)
				}
				plain := h.doOrg(op.Method, sample, "sandbox", "acme-labs", nil)
				res := h.doOrg(op.Method, with(escaped), "sandbox", "acme-labs", nil)
				if res.status != plain.status || res.status == http.StatusBadRequest {
					t.Errorf("%s {%s}=%s: %d %.200s, want %d as for %s", op.ID, p, escaped, res.status, res.raw, plain.status, v)
				}
			}
		}
	}
	if seen < 10 {
		t.Fatalf("only %d integer path parameters found", seen)
	}
}

// TestR60Spec2RequestBodies: api/README §10 "Request bodies" (each row's answer), over real HTTP:
// a repeated key keeps its last value (JSON.parse); a string for a number and a number for a
// string are refused naming the field; null is refused naming a field openapi.json does not
// type nullable; unknown fields are ignored (refused on fork, documented); a body that is not an
// object, one with data after the JSON value, a body over the limit and one sent as another
// Content-Type are 400 form errors naming no field.
func TestR60Spec2RequestBodies(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "body-app")
	create := func(body string) *result { return h.do("POST", "/v1/projects", "sandbox", body) }

	res := create(`{"name":"dup-first","name":"dup-last","description":5,"description":"kept"}`)
	h.expect(res, http.StatusCreated, "")
	if res.obj()["name"] != "dup-last" || res.obj()["description"] != "kept" {
		t.Errorf("repeated keys: %s, want the last values", res.raw)
	}
	h.expectField(create(`{"name":"dup-bad","name":5}`), "name", "Expected string, received number")
	h.expectField(h.do("PUT", projectPath(id, ""), "sandbox", `{"replicas":"2"}`), "replicas", "Expected number, received string")
	h.expectField(create(`{"name":12345}`), "name", "Expected string, received number")
	h.expect(create(`{"name":"unknown-fields","zzz":1,"kind_of":{"a":[1]}}`), http.StatusCreated, "")
	h.expectField(h.do("POST", projectPath(id, "/forks"), "sandbox", `{"zzz":1}`), "zzz", "Unrecognized key: zzz")

	form := func(res *result, want string) {
		t.Helper()
		h.expect(res, http.StatusBadRequest, "Validation error")
		forms := list(res.obj()["details"].(map[string]any)["formErrors"])
		if len(forms) != 1 || !strings.HasPrefix(forms[0].(string), want) || len(res.obj()["details"].(map[string]any)["fieldErrors"].(map[string]any)) != 0 {
			t.Errorf("%s: want one form error %q and no field", res.raw, want)
		}
	}
	for body, want := range map[string]string{
		`["name"]`: "Expected object, received array", `"name"`: "Expected object, received string",
		`5`: "Expected object, received number", `null`: "Expected object, received null", `true`: "Expected object, received boolean",
		`{"name":"trailing"} {}`: malformedJSON, `{"name":"trailing"}]`: malformedJSON, `{"name":"trailing"}x`: malformedJSON,
		`{"name":"cut"`: malformedJSON, `{"name":"a",}`: malformedJSON,
	} {
		form(create(body), want)
	}
	big := `{"name":"too-large","description":"` + strings.Repeat("a", rules.BodyMaxBytes) + `"}`
	form(create(big), bodyTooLarge)
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "application/vnd.api+json", ""} {
		res := h.send("POST", "/v1/projects", `{"name":"content-type"}`, func(req *http.Request) {
			req.Header.Set("Authorization", "Bearer sandbox")
			req.Header.Set("Content-Type", ct)
		})
		form(res, "Expected Content-Type application/json")
	}
	res = h.send("POST", "/v1/projects", `{"name":"charset-ok"}`, func(req *http.Request) {
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "Application/JSON; charset=utf-8")
	})
	h.expect(res, http.StatusCreated, "")
	// Express' decoder drops a leading byte order mark and reads UTF-8 (a charset that is not
	// Unicode's is refused; the emulator reads UTF-8 only). Before, a marked body was
	// "Malformed JSON body" and a latin1 body was read as UTF-8.
	h.expect(create("\ufeff"+`{"name":"bom-marked"}`), http.StatusCreated, "")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", "\ufeff"), http.StatusAccepted, "")
	for _, cs := range []string{"latin1", "ISO-8859-1", "utf-16", "us-ascii", "utf8"} {
		res := h.send("POST", "/v1/projects", `{"name":"charset-`+strings.ToLower(cs[:3])+`"}`, func(req *http.Request) {
			req.Header.Set("Authorization", "Bearer sandbox")
			req.Header.Set("Content-Type", "application/json; charset="+cs)
		})
		form(res, "Expected charset utf-8, received")
	}
	res = h.send("POST", "/v1/projects", `{"name":"charset-quoted"}`, func(req *http.Request) {
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", `application/json;charset="UTF-8"`)
	})
	h.expect(res, http.StatusCreated, "")
}

// TestR60Spec2NullsFollowTheSchema: api/README §2 "nullable fields sent as null" and §10
// "Request bodies": for every body property of every operation, null is accepted where
// openapi.json types the property nullable (on a /v1/apps alias: there or on its /v1/projects
// twin, whose schemas a current server uses, api/README §2) and refused, 400 naming the field,
// everywhere else (an optional field is left out, not sent as null); and a number sent as a
// string ("5") or a string as a number (5) is refused naming it, as the validator coerces
// no body field.
func TestR60Spec2NullsFollowTheSchema(t *testing.T) {
	doc := spec(t)
	h := newHarness(t, enterpriseConfig())
	id := h.deployableApp("sandbox", "null-app")
	dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	h.expect(dep, http.StatusAccepted, "")
	h.clock.Advance(10 * time.Second)
	vals := map[string]string{"appId": itoa(id), "projectId": itoa(id), "deploymentId": itoa(num(dep.obj()["id"])),
		"secretName": "KEY", "memberId": "2", "instanceName": "x"}
	props := func(op *api.Operation) map[string]any {
		rb, _ := specOperation(t, op.Method, op.Path)["requestBody"].(map[string]any)
		if rb == nil {
			return nil
		}
		content := r55SpecResolve(doc, rb)["content"].(map[string]any)
		out, _ := r55SpecResolve(doc, content["application/json"].(map[string]any)["schema"])["properties"].(map[string]any)
		return out
	}
	seen := 0
	for _, op := range api.Operations {
		var args []string
		for _, p := range op.PathParams() {
			args = append(args, vals[p])
		}
		path := op.Expand(args...)
		var twin map[string]any
		if alias, ok := specOperation(t, op.Method, op.Path)["x-alias-of"].(map[string]any); ok {
			twin = props(api.ByID(alias["operationId"].(string)))
		}
		for field, ps := range props(op) {
			seen++
			nullable, types := r60Spec2Types(doc, ps)
			if tn, _ := r60Spec2Types(doc, twin[field]); tn {
				nullable = true
			}
			res := h.do(op.Method, path, "sandbox", map[string]any{field: nil})
			if refused := res.status == http.StatusBadRequest && len(res.fieldErrors(field)) > 0; refused == nullable {
				t.Errorf("%s %s: null: %d %.200s (nullable %v)", op.ID, field, res.status, res.raw, nullable)
			}
			var wrong any
			switch {
			case slices.Contains(types, "integer") || slices.Contains(types, "number"):
				wrong = "5"
			case slices.Contains(types, "string"):
				wrong = 5
			}
			if wrong != nil {
				if res := h.do(op.Method, path, "sandbox", map[string]any{field: wrong}); res.status != http.StatusBadRequest || len(res.fieldErrors(field)) == 0 {
					t.Errorf("%s %s=%#v: %d %.200s, want 400 naming it", op.ID, field, wrong, res.status, res.raw)
				}
			}
		}
	}
	if seen < 30 {
		t.Fatalf("only %d body properties found", seen)
	}
}

// r60Spec2Types reads a property schema's nullability and its other types.
func r60Spec2Types(doc map[string]any, schema any) (bool, []string) {
	s := r55SpecResolve(doc, schema)
	if s == nil {
		return false, nil
	}
	nullable := s["nullable"] == true
	var types []string
	switch ty := s["type"].(type) {
	case string:
		types = append(types, ty)
	case []any:
		for _, x := range ty {
			types = append(types, x.(string))
		}
	}
	for _, alt := range append(list(s["oneOf"]), list(s["anyOf"])...) {
		if ty, ok := r55SpecResolve(doc, alt)["type"].(string); ok {
			types = append(types, ty)
		}
	}
	if i := slices.Index(types, "null"); i >= 0 {
		nullable = true
		types = slices.Delete(types, i, i+1)
	}
	return nullable, types
}

// TestR60Spec2EmptySecretName: UpsertSecretRequest.name has minLength 1 and a pattern that an
// empty name also breaks; the emulator answers "" as it answers a missing name, 400 Validation
// error naming name "Required" (api/README §7.7, the text Assumed), on both spellings, and
// stores nothing; a name of white space or one breaking the pattern gets the rule's
// documented words.
func TestR60Spec2EmptySecretName(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "secret-app")
	for _, path := range []string{projectPath(id, "/secrets"), appPath(id, "/secrets")} {
		h.expectField(h.do("POST", path, "sandbox", map[string]any{"name": "", "value": "v"}), "name", "Required")
		h.expectField(h.do("POST", path, "sandbox", map[string]any{"value": "v"}), "name", "Required")
		h.expectField(h.do("POST", path, "sandbox", map[string]any{"name": " ", "value": "v"}), "name", "Secret name must start with a letter or underscore")
		h.expectField(h.do("POST", path, "sandbox", map[string]any{"name": "A B", "value": "v"}), "name", "Secret name can only contain letters, numbers, and underscores")
	}
	if got := list(h.do("GET", projectPath(id, "/secrets"), "sandbox", nil).obj()["secrets"]); len(got) != 0 {
		t.Errorf("secrets stored: %v", got)
	}
}

// TestR60Spec2PageEdges: for every list operation openapi.json gives a `limit` (read from the
// document: the integer query parameter named limit, its default and maximum, and the success
// body's one array property), a list longer than the default answers the default's count
// without limit (all rows where no default is declared), limit=1 the first row, limit=k the
// first k rows of the full order (deployments newest first; deployment log lines, whose
// limit keeps the newest lines, the last k), the maximum at most that many, and a limit at or
// above the count every row.
func TestR60Spec2PageEdges(t *testing.T) {
	doc := spec(t)
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "page-app")
	const made = 101
	var depID int64
	for i := 0; i < made; i++ {
		dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
		h.expect(dep, http.StatusAccepted, "")
		depID = num(dep.obj()["id"])
		h.clock.Advance(10 * time.Second)
	}
	vals := map[string]string{"appId": itoa(id), "projectId": itoa(id), "deploymentId": itoa(depID)}
	seen := 0
	for _, op := range api.Operations {
		var limit map[string]any
		for _, raw := range list(specOperation(t, op.Method, op.Path)["parameters"]) {
			if p := r55SpecResolve(doc, raw); p["in"] == "query" && p["name"] == "limit" {
				limit = r55SpecResolve(doc, p["schema"])
			}
		}
		if limit == nil {
			continue
		}
		seen++
		_, schema := r55SpecSuccessSchema(t, op)
		key := ""
		for name, ps := range r55SpecResolve(doc, schema)["properties"].(map[string]any) {
			if r55SpecResolve(doc, ps)["type"] == "array" {
				key = name
			}
		}
		var args []string
		for _, p := range op.PathParams() {
			args = append(args, vals[p])
		}
		path := op.Expand(args...)
		rows := func(q string) []any {
			t.Helper()
			res := h.do(op.Method, path+q, "sandbox", nil)
			h.expect(res, http.StatusOK, "")
			return list(res.obj()[key])
		}
		// The full order: as many rows as a maximum allows (deployments: 100 of 101), else all.
		full := rows("")
		if max, ok := limit["maximum"].(float64); ok {
			full = rows(fmt.Sprintf("?limit=%d", int(max)))
			if len(full) != int(max) {
				t.Errorf("%s limit=%v (maximum): %d rows of %d", op.ID, max, len(full), made)
			}
		}
		n := len(full)
		if n < 3 {
			t.Fatalf("%s: only %d rows to page", op.ID, n)
		}
		// Deployments are newest first, so a page is the first rows; log lines are oldest
		// first and a limit keeps the newest, so a page is the last rows.
		newestLast := key == "logs"
		page := func(k int) []any {
			if k > n {
				k = n
			}
			if newestLast {
				return full[n-k:]
			}
			return full[:k]
		}
		if d, ok := limit["default"].(float64); ok {
			if got := rows(""); fmt.Sprint(got) != fmt.Sprint(page(int(d))) {
				t.Errorf("%s without limit: %d rows, want the default's %v", op.ID, len(got), d)
			}
		} else if got := rows(""); len(got) != n {
			t.Errorf("%s without limit (no default declared): %d rows, want all %d", op.ID, len(got), n)
		}
		for _, k := range []int{1, 2, n - 1, n, n + 1} {
			if max, ok := limit["maximum"].(float64); ok && k > int(max) {
				continue
			}
			if got := rows(fmt.Sprintf("?limit=%d", k)); fmt.Sprint(got) != fmt.Sprint(page(k)) {
				t.Errorf("%s limit=%d: %d rows, want %d in the full order", op.ID, k, len(got), len(page(k)))
			}
		}
	}
	if seen < 4 {
		t.Fatalf("only %d operations with limit", seen)
	}
}
