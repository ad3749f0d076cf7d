package sandbox

import (
	"net/http"
	"slices"
	"testing"
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
