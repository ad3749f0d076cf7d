package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestR62Spec4ZodRunsEveryNumberCheck: api/README §10 "Numbers a double cannot hold" (Assumed,
// zod 3's ZodNumber._parse runs every check of z.number().int().min().max() and of
// .finite().min(0), each adding its issue): a value that is neither whole nor within the bounds
// (-1e400, 1e400, 0.5, 10.5 on replicas; limit=1e400, offset=-0.5, tail=-1e400) gets both
// messages, "Expected integer, received float" first; one that breaks one check gets one. Over
// real HTTP, bodies and query strings alike. Before, -1e400 on replicas was only "Expected
// integer, received float", as 1.5 is.
func TestR62Spec4ZodRunsEveryNumberCheck(t *testing.T) {
	h, id, _, vals := r59SpecQueryApp(t)
	const replicasRange = "Replicas must be between 1 and 10"
	body := func(method, path, field, literal string, want ...string) {
		t.Helper()
		res := h.do(method, path, "sandbox", `{"`+field+`":`+literal+`}`)
		if got := res.fieldErrors(field); res.status != http.StatusBadRequest || !slices.Equal(got, want) {
			t.Errorf("%s %s %s=%s: %d %q, want 400 %q", method, path, field, literal, res.status, got, want)
		}
	}
	for _, path := range []string{projectPath(id, ""), "/v1/apps/" + itoa(id)} {
		for _, lit := range []string{"-1e400", "1e400", "1E+999", "0.5", "-0.5", "10.5", "-1.5"} {
			body("PUT", path, "replicas", lit, expectedInteger, replicasRange)
		}
		for _, lit := range []string{"1.5", "9.5"} {
			body("PUT", path, "replicas", lit, expectedInteger)
		}
		body("PUT", path, "replicas", "11", replicasRange)
		body("PUT", path, "storage_size_gb", "-1e400", "Number must be finite", "Number must be greater than or equal to 0")
		body("PUT", path, "storage_size_gb", "1e400", "Number must be finite")
		body("PUT", path, "executor", `{"replicas":-1e400}`, "replicas: "+expectedInteger, "replicas: Number must be greater than or equal to 0")
		body("PUT", path, "executor", `{"replicas":-0.5}`, "replicas: "+expectedInteger, "replicas: Number must be greater than or equal to 0")
		body("PUT", path, "executor", `{"replicas":-1}`, "replicas: Number must be greater than or equal to 0")
		body("PUT", path, "executor", `{"storage_size_gb":-1e400}`, "storage_size_gb: Number must be finite", "storage_size_gb: Number must be greater than or equal to 0")
	}
	body("POST", projectPath(id, "/deployments"), "replicas", "-1e400", expectedInteger, replicasRange)
	body("POST", "/v1/projects", "replicas", "0.5", expectedInteger, replicasRange)

	query := func(path, name, value string, want ...string) {
		t.Helper()
		res := h.do("GET", path+"?"+name+"="+value, "sandbox", nil)
		if got := res.fieldErrors(name); res.status != http.StatusBadRequest || !slices.Equal(got, want) {
			t.Errorf("GET %s?%s=%s: %d %q, want 400 %q", path, name, value, res.status, got, want)
		}
	}
	const limitRange = "Limit must be between 1 and 100"
	for _, path := range []string{projectPath(id, "/deployments"), "/v1/apps/" + itoa(id) + "/deployments"} {
		for _, v := range []string{"1e400", "-1e400", "Infinity", "0.5", "100.5"} {
			query(path, "limit", v, expectedInteger, limitRange)
		}
		query(path, "limit", "1.5", expectedInteger)
		query(path, "limit", "101", limitRange)
	}
	appDeps := "/v1/apps/" + itoa(id) + "/deployments"
	query(appDeps, "offset", "-0.5", expectedInteger, "Number must be greater than or equal to 0")
	query(appDeps, "offset", "-1e400", expectedInteger, "Number must be greater than or equal to 0")
	query(appDeps, "offset", "0.5", expectedInteger)
	logs := projectPath(id, "/instances/"+vals["instanceName"]+"/logs")
	query(logs, "tail", "-1e400", expectedInteger, "Number must be greater than or equal to 1")
	query(logs, "tail", "0.5", expectedInteger, "Number must be greater than or equal to 1")
	query(logs, "tail", "1e400", expectedInteger) // no maximum: the plan's 403 comes after validation
}

// TestR62Spec4QueryAsExpressReadsIt: api/README §10 "Query strings" (Assumed): the emulator reads
// a query string as Express 4's default parser (qs, "extended") does, over real HTTP. "&" alone
// separates pairs, so "limit=1;x=2" is the text "1;x=2", and a bad escape (%ZZ, a lone %) is kept
// as written: neither is a number. limit[]=1, limit[0]=1, limit%5B%5D=1 and [limit]=1 are limit
// as an array of one value, which Number() reads as 1; two values (limit=1&limit=2, limit[]=1&
// limit[]=2) or a named member (limit[a]=1, limit[21]=1: beyond qs' arrayLimit) are not numbers;
// a string parameter sent as an array or object is refused naming it; a parameter the operation
// does not define (filter[a]=b, filter=x) is ignored, and so is any pair after the 1,000th.
// Before, Go's url.ParseQuery dropped "limit=1;x=2" and "limit=%ZZ" without a word (200, every
// row) and read limit[]=1 as another parameter.
func TestR62Spec4QueryAsExpressReadsIt(t *testing.T) {
	h, id, _, _ := r59SpecQueryApp(t)
	deps := projectPath(id, "/deployments")
	all := len(list(h.do("GET", deps, "sandbox", nil).obj()["deployments"]))
	if all < 3 {
		t.Fatalf("%d deployments, want 3", all)
	}
	rows := func(path, query string, want int) {
		t.Helper()
		res := h.do("GET", path+"?"+query, "sandbox", nil)
		if got := len(list(res.obj()["deployments"])); res.status != http.StatusOK || got != want {
			t.Errorf("GET %s?%s: %d, %d rows %.200s, want 200 and %d rows", path, query, res.status, got, res.raw, want)
		}
	}
	refused := func(path, query, name string, want ...string) {
		t.Helper()
		res := h.do("GET", path+"?"+query, "sandbox", nil)
		if got := res.fieldErrors(name); res.status != http.StatusBadRequest || !slices.Equal(got, want) {
			t.Errorf("GET %s?%s: %d %.300s, want 400 %s %q", path, query, res.status, res.raw, name, want)
		}
	}
	for _, q := range []string{"limit=1", "limit[]=1", "limit[0]=1", "limit[20]=1", "limit%5B%5D=1", "[limit]=1", "%6Cimit=1",
		"limit=%31", "limit=+1", "limit=%201", "limit=1.0", "limit=0x1", "limit=1e0", "limit=1&filter[a]=b", "filter=x&limit=1"} {
		rows(deps, q, 1)
	}
	nan := "Expected number, received nan"
	for _, q := range []string{"limit=1;x=2", "limit=1%3Bx=2", "limit=%ZZ", "limit=%", "limit=%E2%82", "limit=%FF", "limit=",
		"limit", "limit=1&limit=2", "limit[]=1&limit[]=2", "limit=1&limit[]=2", "limit[a]=1", "limit[21]=1", "limit[0][a]=1",
		"limit[a][b][c][d][e][f]=1", "limit=1&limit[a]=2"} {
		refused(deps, q, "limit", nan)
	}
	apps := "/v1/apps/" + itoa(id) + "/deployments"
	refused(apps, "offset=0;x", "offset", nan)
	rows(apps, "offset[]=1", all-1)
	const enum = "Invalid enum value. Expected 'queued' | 'in_progress' | 'succeeded' | 'failed' | 'created', received 'failed;x'"
	if got := h.do("GET", deps+"?status=failed;x", "sandbox", nil).fieldErrors("status"); len(got) != 1 || !strings.Contains(got[0], "received 'failed;x'") {
		t.Errorf("status=failed;x: %q, want the enum refusal naming 'failed;x' (%s)", got, enum)
	}
	refused(deps, "status[]=failed", "status", repeatedQuery)
	refused(deps, "status=failed&status=queued", "status", repeatedQuery)
	refused(deps, "status[a]=failed", "status", objectQuery)
	// qs reads 1,000 pairs and drops the rest.
	pad := strings.Repeat("x=1&", 1000)
	rows(deps, pad+"limit=abc", all)
	rows(deps, strings.Repeat("x=1&", 999)+"limit=1", 1)
}

// TestR62Spec4SpicepodNumbersAsStored: api/README §10 "Spicepod numbers" (Assumed): the service
// parses a body with JSON.parse and answers with JSON.stringify, so a spicepod's numbers come back
// as doubles written by ECMAScript, whether sent in an object or in YAML text: 1.50 as 1.5, 1E2
// as 100, a 20-digit integer rounded, -0 as 0, 1e21 as 1e+21; strings stay as sent. On the
// update's answer and every later GET, both spellings of the route. Before, the emulator echoed
// every number as the caller wrote it.
func TestR62Spec4SpicepodNumbersAsStored(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "numbers-app")
	cases := [][2]string{ // sent, answered
		{"1.50", "1.5"}, {"1E2", "100"}, {"12345678901234567890", "12345678901234567000"}, {"9007199254740993", "9007199254740992"},
		{"-0", "0"}, {"-0.0e5", "0"}, {"1e21", "1e+21"}, {"1e-7", "1e-7"}, {"0.000001", "0.000001"}, {"100000000000000000000", "100000000000000000000"},
		{"1e-400", "0"}, {`"1.50"`, `"1.50"`}, {"5", "5"},
	}
	var obj, yaml strings.Builder
	for i, c := range cases {
		fmt.Fprintf(&obj, `,"k%d":%s`, i, c[0])
		fmt.Fprintf(&yaml, "  k%d: %s\n", i, c[0])
	}
	check := func(what string, raw []byte) {
		t.Helper()
		for i, c := range cases {
			if want := fmt.Sprintf(`"k%d":%s`, i, c[1]); !strings.Contains(string(raw), want) {
				t.Errorf("%s: no %s (sent %s): %.600s", what, want, c[0], raw)
			}
		}
	}
	head := `{"version":"v1","kind":"Spicepod","name":"numbers-app","runtime":{"x":0` + obj.String() + `}}`
	for _, path := range []string{projectPath(id, ""), "/v1/apps/" + itoa(id)} {
		res := h.do("PUT", path, "sandbox", `{"spicepod":`+head+`}`)
		h.expect(res, http.StatusOK, "")
		check("PUT "+path+" object", res.raw)
		check("GET "+path+" object", h.do("GET", path, "sandbox", nil).raw)
	}
	text := "version: v1\nkind: Spicepod\nname: numbers-app\nruntime:\n" + yaml.String()
	body, _ := json.Marshal(map[string]string{"spicepod": text})
	res := h.do("PUT", projectPath(id, ""), "sandbox", body)
	h.expect(res, http.StatusOK, "")
	check("PUT YAML text", res.raw)
}

// TestR62Spec4AssumedScopesPinned: api/README §10 "Scope of /v1/limits, metrics" (apps:read) and
// "Scope of deployment logs / rollback" (deployments:read / deployments:write), held: openapi.json
// gives those scopes, the emulator refuses a token holding every other scope (403
// insufficient_scope naming it) and lets one holding that scope alone through the scope check.
// Other tests derive the scope from openapi.json; this one pins the values.
func TestR62Spec4AssumedScopesPinned(t *testing.T) {
	h, id, depID, _ := r59SpecQueryApp(t)
	all := []string{"apps:delete", "deployments:write", "secrets:write", "members:write", "members:delete", "monitors:write", "reactions:write", "config:write"}
	for op, want := range map[*api.Operation]string{
		api.GetLimits: "apps:read", api.GetProjectMetrics: "apps:read", api.GetAppMetrics: "apps:read",
		api.GetProjectDeploymentLogs: "deployments:read", api.GetDeploymentLogs: "deployments:read",
		api.RollbackProject: "deployments:write", api.RollbackApp: "deployments:write",
	} {
		if op.Scope != want {
			t.Errorf("%s: openapi.json gives scope %q, api/README §10 says %s", op.ID, op.Scope, want)
		}
		var others []string
		for _, s := range all {
			if !slices.Contains(rules.ScopeImplications[s], want) && s != want {
				others = append(others, s)
			}
		}
		var args []string
		for _, p := range op.PathParams() {
			args = append(args, map[string]string{"projectId": itoa(id), "appId": itoa(id), "deploymentId": itoa(depID)}[p])
		}
		path := op.Expand(args...)
		body := map[string]any{"target_deployment_id": depID}
		if op.Method == "GET" {
			body = nil
		}
		res := h.do(op.Method, path, h.e.IssueToken("sandbox", others, 0), body)
		h.expectCode(res, http.StatusForbidden, "insufficient_scope")
		h.expect(res, http.StatusForbidden, "Insufficient scope. Required: "+want)
		if res := h.do(op.Method, path, h.e.IssueToken("sandbox", []string{want}, 0), body); res.status == http.StatusForbidden || res.status == http.StatusUnauthorized {
			t.Errorf("%s with %s alone: %d %.200s, want past the scope check", op.ID, want, res.status, res.raw)
		}
	}
}

// TestR62Spec4ProjectListsAndObjectsAsChosen: api/README §10, held: "Paging on /v1/projects" (not
// paginated: limit, offset, after_id change nothing, as any parameter the operation does not
// define), "org on project objects" (never sent, on lists, gets, creates and updates, both
// spellings), and "created deployment status" (the emulator never creates it: every deployment
// of every organization of the demo world, and of a project deployed here, over its life).
func TestR62Spec4ProjectListsAndObjectsAsChosen(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	for _, path := range []string{"/v1/projects", "/v1/apps"} {
		key := strings.TrimPrefix(path, "/v1/")
		full := list(h.do("GET", path, "sandbox", nil).obj()[key])
		if len(full) < 2 {
			t.Fatalf("%s: %d rows, want 2 or more", path, len(full))
		}
		for _, q := range []string{"limit=1", "offset=1", "after_id=1", "limit=1&offset=1", "cursor=x&page=2&per_page=1"} {
			if got := list(h.do("GET", path+"?"+q, "sandbox", nil).obj()[key]); len(got) != len(full) {
				t.Errorf("GET %s?%s: %d rows, want all %d", path, q, len(got), len(full))
			}
		}
		for _, row := range full {
			if _, ok := row.(map[string]any)["org"]; ok {
				t.Errorf("GET %s: a row carries org: %v", path, row)
			}
		}
	}
	id := h.deployableApp("sandbox", "chosen-app")
	created := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "chosen-two", "region": "us-east-1"})
	h.expect(created, http.StatusCreated, "")
	objects := []*result{created, h.do("GET", projectPath(id, ""), "sandbox", nil), h.do("GET", "/v1/apps/"+itoa(id), "sandbox", nil),
		h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"description": "x"})}
	for _, res := range objects {
		if _, ok := res.obj()["org"]; ok || res.obj()["id"] == nil {
			t.Errorf("project object carries org (or is none): %.300s", res.raw)
		}
	}
	for i := 0; i < 3; i++ {
		h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
		for s := 0; s < 12; s++ {
			h.clock.Advance(time.Second)
			for _, org := range []string{"sandbox", "acme-labs"} {
				for _, p := range list(h.doOrg("GET", "/v1/projects", "sandbox", org, nil).obj()["projects"]) {
					pid := int64(num(p.(map[string]any)["id"]))
					for _, d := range list(h.doOrg("GET", projectPath(pid, "/deployments"), "sandbox", org, nil).obj()["deployments"]) {
						if st := d.(map[string]any)["status"]; st == "created" {
							t.Fatalf("%s project %d: a deployment in status created: %v", org, pid, d)
						}
					}
				}
			}
		}
	}
}

// TestR62Spec4PathIDsOneSpelling: api/README §10 "Numbers in path IDs", held over real HTTP for
// every ID of the row: another spelling of an existing ID (a leading zero, a sign, a fraction,
// an exponent, hex, full-width digits, white space, "_") and -0, 0 and 2^63 are 400 with the
// ID's own text, never the resource; percent-encoded digits are the ID itself.
func TestR62Spec4PathIDsOneSpelling(t *testing.T) {
	h, id, depID, _ := r59SpecQueryApp(t)
	type route struct {
		prefix, suffix, invalid string
		n                       int64
	}
	routes := []route{
		{"/v1/projects/", "", "Invalid project ID", id},
		{"/v1/apps/", "", "Invalid app ID", id},
		{projectPath(id, "/deployments/"), "", "Invalid deployment ID", depID},
		{"/v1/apps/" + itoa(id) + "/deployments/", "", "Invalid deployment ID", depID},
		{"/v1/members/", "", "Invalid member ID", 2},
	}
	for _, r := range routes {
		n := itoa(r.n)
		ok := h.do("GET", r.prefix+n+r.suffix, "sandbox", nil)
		h.expect(ok, http.StatusOK, "")
		var escaped strings.Builder
		for _, c := range n {
			fmt.Fprintf(&escaped, "%%%02X", c)
		}
		if res := h.do("GET", r.prefix+escaped.String()+r.suffix, "sandbox", nil); res.status != http.StatusOK || string(res.raw) != string(ok.raw) {
			t.Errorf("GET %s%s: %d, want the same answer as %s", r.prefix, escaped.String(), res.status, n)
		}
		var wide strings.Builder
		for _, c := range n {
			wide.WriteRune('０' + c - '0')
		}
		for _, s := range []string{"0" + n, "%2B" + n, "+" + n, n + ".0", n + "e0", "0x" + strconv.FormatInt(r.n, 16), url.PathEscape(wide.String()),
			"%20" + n, n + "%20", n[:1] + "_" + n[1:], "-" + n, "-0", "0", "9223372036854775808", "99999999999999999999"} {
			h.expect(h.do("GET", r.prefix+s+r.suffix, "sandbox", nil), http.StatusBadRequest, r.invalid)
		}
	}
}
