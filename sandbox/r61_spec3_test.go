package sandbox

import (
	"encoding/json"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// r61Spec3Spelled respells the literal segments of path (which expands op's pattern) with f,
// leaving the wildcard values as they are.
func r61Spec3Spelled(op *api.Operation, path string, f func(string) string) string {
	segs := strings.Split(path, "/")
	for i, p := range strings.Split(op.Path, "/") {
		if !strings.HasPrefix(p, "{") {
			segs[i] = f(p)
		}
	}
	return strings.Join(segs, "/")
}

// r61Spec3Mixed upper-cases every other letter ("pRoJeCtS"), a spelling no one types on purpose.
func r61Spec3Mixed(s string) string {
	b := []byte(s)
	for i := 1; i < len(b); i += 2 {
		b[i] = strings.ToUpper(string(b[i]))[0]
	}
	return string(b)
}

// TestR61Spec3RoutesAsExpressReadsThem: api/README §10 "Route spelling" (Assumed): as Express'
// router by default (caseSensitive and strict off), every route of openapi.json, the deprecated
// /v1/apps aliases included, is reached with one trailing slash and with its literal segments in
// any ASCII case; the request reaches the same operation (counted by Calls), answered as the
// canonical spelling is, and a method the path does not serve is 405 with the same Allow. Before,
// each variant was 404 "Not found".
func TestR61Spec3RoutesAsExpressReadsThem(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	paths := map[*api.Operation]string{} // before any variant deletes the project they name
	for _, op := range api.Operations {
		paths[op] = r59SpecPathWith(t, h, op, "", "")
	}
	for _, op := range api.Operations {
		path := paths[op]
		var body any
		if op.Body != "" {
			body = r59SpecBody(op)
		}
		variants := []string{
			path + "/",
			r61Spec3Spelled(op, path, strings.ToUpper),
			r61Spec3Spelled(op, path, r61Spec3Mixed) + "/",
		}
		allow := h.doOrg("OPTIONS", path, "sandbox", "acme-labs", nil)
		if allow.status != http.StatusMethodNotAllowed || allow.header.Get("Allow") == "" {
			t.Fatalf("OPTIONS %s: %d Allow %q, want 405 with Allow", path, allow.status, allow.header.Get("Allow"))
		}
		for _, v := range variants {
			before := h.e.Calls(op.ID)
			canonical := 0
			if op.Method == http.MethodGet {
				canonical = h.doOrg(op.Method, path, "sandbox", "acme-labs", nil).status
				before++
			}
			res := h.doOrg(op.Method, v, "sandbox", "acme-labs", body)
			if got := h.e.Calls(op.ID); got != before+1 {
				t.Errorf("%s %s (%s): %d %.200s, did not reach %s", op.Method, v, op.Path, res.status, res.raw, op.ID)
			}
			if canonical != 0 && res.status != canonical {
				t.Errorf("%s %s: %d %.200s, want %d as for %s", op.Method, v, res.status, res.raw, canonical, path)
			}
			wrong := h.doOrg("OPTIONS", v, "sandbox", "acme-labs", nil)
			if wrong.status != http.StatusMethodNotAllowed || wrong.header.Get("Allow") != allow.header.Get("Allow") {
				t.Errorf("OPTIONS %s: %d Allow %q, want 405 Allow %q as for %s", v, wrong.status, wrong.header.Get("Allow"), allow.header.Get("Allow"), path)
			}
		}
	}
}

// TestR61Spec3RouteSpellingsThatStayUnknown: what Express' router does not read as a route stays
// 404 "Not found" (api/README §10 "Route spelling"): two trailing slashes, an empty segment, a
// letter or a slash of a literal segment percent-encoded (Express matches the path as sent), and
// any other spelling of the token endpoint, which is on the portal, not the Express app.
func TestR61Spec3RouteSpellingsThatStayUnknown(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	id := h.projectID("sandbox", "analytics-app")
	for _, p := range []string{
		projectPath(id, "//"), "/v1//projects", "//v1/projects", "/v1/projects/" + itoa(id) + "//secrets",
		"/v1%2Fprojects", "/v1/%70rojects", "/v1/project%73/" + itoa(id), "/v1/apps%2F",
		"/v1/projectss", "/v1/projects/" + itoa(id) + "/secret",
	} {
		h.expect(h.do("GET", p, "sandbox", nil), http.StatusNotFound, "Not found")
	}
	for _, p := range []string{oauthTokenPath + "/", strings.ToUpper(oauthTokenPath), "/api/OAuth/token"} {
		h.expect(h.do("POST", p, "", "grant_type=client_credentials"), http.StatusNotFound, "Not found")
	}
}

// TestR61Spec3WildcardValuesKeepTheirCase: only literal segments match without case; a secret
// created and deleted through upper-case, slash-ended spellings keeps the name's own case, and a
// name differing only in case is another secret.
func TestR61Spec3WildcardValuesKeepTheirCase(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	id := h.projectID("sandbox", "analytics-app")
	up := "/V1/PROJECTS/" + itoa(id) + "/SECRETS/"
	h.expect(h.do("POST", up, "sandbox", map[string]any{"name": "Mixed_Case", "value": "v"}), http.StatusOK, "")
	names := func() []string {
		var out []string
		for _, s := range list(h.do("GET", "/v1/Projects/"+itoa(id)+"/Secrets", "sandbox", nil).obj()["secrets"]) {
			out = append(out, s.(map[string]any)["name"].(string))
		}
		return out
	}
	if got := names(); !strings.Contains(strings.Join(got, ","), "Mixed_Case") {
		t.Fatalf("secrets %q, want Mixed_Case", got)
	}
	h.expect(h.do("DELETE", up+"MIXED_CASE/", "sandbox", nil), http.StatusNotFound, "")
	h.expect(h.do("DELETE", up+"Mixed_Case/", "sandbox", nil), http.StatusNoContent, "")
	if got := names(); strings.Contains(strings.Join(got, ","), "Mixed_Case") {
		t.Errorf("secrets %q after delete", got)
	}
	if v, ok := h.e.SecretValue("sandbox", id, "Mixed_Case"); ok {
		t.Errorf("Mixed_Case still stored: %q", v)
	}
}

// r61Spec3NumericFields lists the integer and number properties of op's request body in
// openapi.json, nested ones too (executor.replicas), as paths of keys with their type.
func r61Spec3NumericFields(t *testing.T, op *api.Operation) map[string]string {
	doc := spec(t)
	out := map[string]string{}
	var walk func(schema any, at []string)
	walk = func(schema any, at []string) {
		s := r55SpecResolve(doc, schema)
		for _, alt := range append(list(s["oneOf"]), append(list(s["anyOf"]), list(s["allOf"])...)...) {
			walk(alt, at)
		}
		if _, types := r60Spec2Types(doc, s); len(at) > 0 {
			for _, ty := range types {
				if ty == "integer" || ty == "number" {
					out[strings.Join(at, ".")] = ty
				}
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, v := range props {
			walk(v, append(slices.Clip(at), k))
		}
	}
	if rb, ok := specOperation(t, op.Method, op.Path)["requestBody"].(map[string]any); ok {
		content := r55SpecResolve(doc, rb)["content"].(map[string]any)
		walk(content["application/json"].(map[string]any)["schema"], nil)
	}
	return out
}

// TestR61Spec3NumbersBeyondDoubles: api/README §10 "Numbers a double cannot hold" (Assumed):
// JSON.parse reads 1e400 as Infinity (-1e400 as -Infinity) and 1e-400 as 0; the validator (zod
// 3, whose messages the API's 400s carry) refuses an infinite integer as it refuses a fraction
// (z.number().int(): "Expected integer, received float"), and an infinite number field, which
// z.number() would take, "Number must be finite" (its .finite()); a value read as 0 (1e-400,
// -1e-400, -0) is answered as 0 is, and never echoed as -0 (JSON.stringify writes 0). For every
// integer and number field of every operation's body in openapi.json. Before, an infinite
// integer was "Number must be finite" and -1e-400 was stored and echoed as -0.
func TestR61Spec3NumbersBeyondDoubles(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	id := h.deployableApp("sandbox", "numbers-app")
	vals := map[string]string{"appId": itoa(id), "projectId": itoa(id)}
	seen, n := 0, 0
	for _, op := range api.Operations {
		fields := r61Spec3NumericFields(t, op)
		if len(fields) == 0 {
			continue
		}
		var args []string
		for _, p := range op.PathParams() {
			args = append(args, vals[p])
		}
		path := op.Expand(args...)
		send := func(at, literal string) *result {
			n++
			body := maps.Clone(r59SpecBody(op).(map[string]any))
			if _, named := body["name"]; named && op.Body != "" && strings.HasPrefix(op.ID, "create") {
				body["name"] = "r61-numbers-" + itoa(int64(n))
			}
			keys := strings.Split(at, ".")
			var v any = json.Number(literal)
			for i := len(keys) - 1; i > 0; i-- {
				v = map[string]any{keys[i]: v}
			}
			body[keys[0]] = v
			res := h.do(op.Method, path, "sandbox", body)
			h.clock.Advance(10 * time.Second) // a deployment it started has ended: no 409 for the next
			if strings.Contains(string(res.raw), ":-0") {
				t.Errorf("%s %s=%.40s: echoed -0: %s", op.ID, at, literal, res.raw)
			}
			return res
		}
		for at, ty := range fields {
			seen++
			top, inside := at, "" // a nested field's message starts with its path inside
			if i := strings.Index(at, "."); i > 0 {
				top, inside = at[:i], at[i+1:]+": "
			}
			// Long literals too, which strconv.ParseFloat misreads ("1" and 1000 zeros "e-500",
			// 1e500, as 1e299; "1" and 1000 zeros "e-1000", 1, as 1e-201).
			zeros := strings.Repeat("0", 1000)
			for _, big := range []string{"1e400", "-1e400", "1E+999", "1" + zeros + "e-500"} {
				res := send(at, big)
				got := res.fieldErrors(top)
				if ty == "integer" {
					fraction := send(at, "1.5")
					// as 1.5 first; then the bounds' message, as zod 3 runs every check (r62)
					if res.status != fraction.status || len(got) == 0 || len(got) > 2 || got[0] != fraction.fieldErrors(top)[0] {
						t.Errorf("%s %s=%.40s: %d %q, want %d %q as for 1.5", op.ID, at, big, res.status, got, fraction.status, fraction.fieldErrors(top))
					}
					continue
				}
				if res.status != http.StatusBadRequest || len(got) == 0 || len(got) > 2 || !strings.HasSuffix(got[0], "Number must be finite") || !strings.HasPrefix(got[0], inside) {
					t.Errorf("%s %s=%.40s: %d %.300s, want 400 naming it, Number must be finite", op.ID, at, big, res.status, res.raw)
				}
			}
			for _, tiny := range []string{"1e-400", "-1e-400", "-0", "-0.0e5", "0." + zeros + "1e+600"} {
				res, zero := send(at, tiny), send(at, "0")
				if res.status != zero.status || !slices.Equal(res.fieldErrors(top), zero.fieldErrors(top)) {
					t.Errorf("%s %s=%.40s: %d %.300s, want %d %q as for 0", op.ID, at, tiny, res.status, res.raw, zero.status, zero.fieldErrors(top))
				}
			}
			one := send(at, "1")
			if res := send(at, "1"+zeros+"e-1000"); res.status != one.status || !slices.Equal(res.fieldErrors(top), one.fieldErrors(top)) {
				t.Errorf("%s %s=1 and 1000 zeros e-1000: %d %.300s, want %d %q as for 1", op.ID, at, res.status, res.raw, one.status, one.fieldErrors(top))
			}
		}
	}
	if seen < 10 {
		t.Fatalf("only %d integer and number body fields found", seen)
	}
}

// TestR61Spec3ListsHoldIdenticalItems: api/README §9.1, GET /v1/projects answers {"projects"}
// and GET /v1/apps {"apps"} with identical items (the alias adds only the deprecated api_key),
// in every organization of the demo world, and so do a project's own GET on both spellings
// (held).
func TestR61Spec3ListsHoldIdenticalItems(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	for _, org := range []string{"sandbox", "acme-labs"} {
		projects := h.doOrg("GET", "/v1/projects", "sandbox", org, nil).obj()
		apps := h.doOrg("GET", "/v1/apps", "sandbox", org, nil).obj()
		if len(projects) != 1 || len(apps) != 1 || len(list(projects["projects"])) < 2 || len(list(projects["projects"])) != len(list(apps["apps"])) {
			t.Fatalf("%s: projects %v, apps %v", org, projects, apps)
		}
		for i, p := range list(projects["projects"]) {
			a := maps.Clone(list(apps["apps"])[i].(map[string]any))
			if _, ok := a["api_key"]; !ok {
				t.Errorf("%s: app item without api_key: %v", org, a)
			}
			delete(a, "api_key")
			pj, _ := json.Marshal(p)
			aj, _ := json.Marshal(a)
			if string(pj) != string(aj) {
				t.Errorf("%s: item %d differs:\nprojects %s\napps     %s", org, i, pj, aj)
			}
			id := num(p.(map[string]any)["id"])
			one := h.doOrg("GET", projectPath(id, ""), "sandbox", org, nil).obj()
			alias := h.doOrg("GET", appPath(id, ""), "sandbox", org, nil).obj()
			delete(alias, "api_key")
			oj, _ := json.Marshal(one)
			alj, _ := json.Marshal(alias)
			if string(oj) != string(alj) {
				t.Errorf("%s: project %d differs:\nprojects %s\napps     %s", org, id, oj, alj)
			}
		}
	}
}

// TestR61Spec3EveryDeploymentErrorCodeCanBeInjected: api/README §9.12, FailNextDeployment picks
// any error_code of openapi.json's DeploymentErrorCode, the retriable (x-retriable) and the
// terminal (x-terminal) ones alike, and the next deployment fails with it and an error_message
// of its own (held).
func TestR61Spec3EveryDeploymentErrorCodeCanBeInjected(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "failing-app")
	codes := r55SpecResolve(spec(t), spec(t)["components"].(map[string]any)["schemas"].(map[string]any)["DeploymentErrorCode"])
	classes := map[string][]any{"x-retriable": list(codes["x-retriable"]), "x-terminal": list(codes["x-terminal"])}
	if len(classes["x-retriable"]) == 0 || len(classes["x-terminal"]) == 0 || len(classes["x-retriable"])+len(classes["x-terminal"]) != len(list(codes["enum"])) {
		t.Fatalf("DeploymentErrorCode: %v", codes)
	}
	messages := map[string]string{}
	for class, members := range classes {
		for _, c := range members {
			code := c.(string)
			if err := h.e.FailNextDeployment(code); err != nil {
				t.Fatalf("%s %s: %v", class, code, err)
			}
			dep := h.deployAndSettle(id)
			d := h.do("GET", projectPath(id, "/deployments/"+itoa(dep)), "sandbox", nil).obj()
			msg, _ := d["error_message"].(string)
			if d["status"] != "failed" || d["error_code"] != code || msg == "" {
				t.Errorf("%s %s: %v", class, code, d)
			}
			if other, seen := messages[msg]; seen {
				t.Errorf("%s and %s share error_message %q", other, code, msg)
			}
			messages[msg] = code
		}
	}
	if h.e.FailNextDeployment("no_such_code") == nil {
		t.Errorf("an unknown code was taken")
	}
	h.deployAndSettle(id)
	if d := h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj(); list(d["deployments"])[0].(map[string]any)["status"] != "succeeded" {
		t.Errorf("the injection outlived its deployment: %v", list(d["deployments"])[0])
	}
}

// TestR61Spec3JSNumberLongLiterals: a query value is read as ECMAScript's Number() reads it
// (api/README §10 "Numbers in query parameters"), long literals too, which strconv.ParseFloat
// misreads: "1" and 1000 zeros "e-1000" is 1 (ParseFloat: 1e-201), and "e-500" 1e500, Infinity
// (ParseFloat: 1e299), in every spelling Number() takes (a sign, leading zeros, a bare point).
func TestR61Spec3JSNumberLongLiterals(t *testing.T) {
	zeros := strings.Repeat("0", 1000)
	for in, want := range map[string]float64{
		"1" + zeros + "e-1000": 1, "+1" + zeros + "e-1000": 1, "001" + zeros + "e-1000": 1, "1" + zeros + ".e-1000": 1,
		"-1" + zeros + "e-1000": -1, "1" + zeros + "e-500": math.Inf(1), "-1" + zeros + "E-500": math.Inf(-1),
		"." + zeros + "25e+1001": 2.5, " 0." + zeros + "1e+600 ": 0,
	} {
		if got, ok := jsNumber(in); !ok || got != want {
			t.Errorf("jsNumber(%.30s… %d chars) = %v, %v; want %v", in, len(in), got, ok, want)
		}
	}
}

// TestR61Spec3SpicepodNumbersBeyondDoubles: a spicepod sent as an object holding a number beyond
// doubles (1e400, a long literal too), which JSON.parse reads as Infinity and JSON cannot write
// back, is refused naming spicepod and where the number is (api/README §10 "Numbers a double
// cannot hold"), as the same value in YAML is (.inf); one within range is kept. Before, it was
// stored and echoed as sent, "n":1e400, a body no double-reading client can decode.
func TestR61Spec3SpicepodNumbersBeyondDoubles(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "pod-numbers")
	pod := func(value string) string {
		return `{"spicepod":{"version":"v1","kind":"Spicepod","name":"pod-numbers","params":{"list":[1,` + value + `]}}}`
	}
	for _, lit := range []string{"1e400", "-1E999", "1" + strings.Repeat("0", 1000) + "e-500"} {
		res := h.do("PUT", projectPath(id, ""), "sandbox", pod(lit))
		h.expectField(res, "spicepod", "Spicepod contains a value that JSON cannot represent (a number beyond ±1.8e308 at params.list[1]): quote it to keep it as text")
	}
	res := h.do("PUT", projectPath(id, ""), "sandbox", pod("1.7e308"))
	h.expect(res, http.StatusOK, "")
}
