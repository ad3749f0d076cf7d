package mcpserver_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// Regression tests for an upstream that answers what the API documents never does (audit
// r20c): names that would make a link to another host, a deployment status outside the
// enum, an answer about another object than asked for, and reads without required fields.

// TestAppNamesThatAreNoAppNameMakeNoURL: the API's names are text; one that is not an app name
// ("evil.example/login?x=", "user@evil.example#") made https://evil.example/login?x=.spice.ai
// in list_apps, get_app's headline and its structured url. Now no URL is made of it.
func TestAppNamesThatAreNoAppNameMakeNoURL(t *testing.T) {
	const created = `"visibility":"private","created_at":"2026-01-01T00:00:00.000Z"`
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	for _, name := range []string{"evil.example/login?x=", "user@evil.example#", "evil.example:443/"} {
		answers = []canned{
			{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: 200,
				body: `{"projects":[{"id":7,"name":"` + name + `",` + created + `},{"id":8,"name":"good-app",` + created + `}]}`},
			{method: "GET", path: regexp.MustCompile(`^/v1/projects/7$`), status: 200,
				body: `{"id":7,"name":"` + name + `",` + created + `,"config":{}}`},
		}
		list := h.call(t, "list_apps", map[string]any{})
		get := h.call(t, "get_app", map[string]any{"app": "id:7"})
		for what, all := range map[string]string{"list_apps": everything(list), "get_app": everything(get)} {
			if strings.Contains(all, "evil.example/login?x=.spice.ai") || strings.Contains(all, "https://evil") ||
				strings.Contains(all, "https://user@") || strings.Contains(all, "evil.example:443/.spice.ai") {
				t.Errorf("%s with name %q makes a URL of it: %s", what, name, all)
			}
		}
		mustContain(t, "list_apps", text(list), "no URL: its name is not one an app can have", "https://good-app.spice.ai")
		mustContain(t, "get_app", text(get), "(7) — no URL: its name is not one an app can have")
	}
}

// TestUnknownDeploymentStatusStopsTheWait: a status outside DeploymentStatus was taken as still
// running: wait_for_deployment waited its whole timeout and said "Nothing is wrong yet". The
// answer is now unusable, said at once.
func TestUnknownDeploymentStatusStopsTheWait(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	answers = []canned{{method: "GET", path: regexp.MustCompile(`/deployments/1002$`), status: 200,
		body: `{"id":1002,"status":"hibernating","created_at":"2026-01-01T00:00:00.000Z","replicas":1}`}}
	start := time.Now()
	res := h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002, "timeout_seconds": 600})
	got := text(res)
	if !res.IsError || strings.Contains(got, "Nothing is wrong yet") || time.Since(start) > 30*time.Second {
		t.Fatalf("after %v: want an error at once, got: %s", time.Since(start), got)
	}
	mustContain(t, "wait_for_deployment", got, "a Deployment whose status is hibernating", "(not a value it documents). Nothing was changed.")
}

// TestAnswersAboutAnotherObjectAreRefused: GET …/deployments/1002 answered with deployment
// 1003 said "deployment 1002 … succeeded"; set_secret MY_KEY answered with OTHER_NAME said
// "Secret OTHER_NAME created". Both are now unusable answers that say what came back.
func TestAnswersAboutAnotherObjectAreRefused(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	for _, tc := range []struct {
		answer canned
		tool   string
		args   map[string]any
		want   []string
		never  []string
	}{
		{canned{method: "GET", path: regexp.MustCompile(`/deployments/1002$`), status: 200,
			body: `{"id":1003,"status":"succeeded","created_at":"2026-01-01T00:00:00.000Z","replicas":1}`},
			"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002},
			[]string{"a Deployment about another one than asked for (its id is 1003, not 1002). Nothing was changed."},
			[]string{"succeeded"}},
		{canned{method: "POST", path: regexp.MustCompile(`/secrets$`), status: 201,
			body: `{"id":9,"name":"OTHER_NAME","value":"****","created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}`},
			"set_secret", map[string]any{"app": "analytics-app", "name": "MY_KEY", "value": "s3cret-canary"},
			[]string{"a Secret about another one than asked for (its name is OTHER_NAME, not MY_KEY), so what it did is not known"},
			[]string{"created", "s3cret-canary"}},
	} {
		answers = []canned{tc.answer}
		res := h.call(t, tc.tool, tc.args)
		got := text(res)
		if !res.IsError {
			t.Errorf("%s: want an error, got: %s", tc.tool, got)
			continue
		}
		mustContain(t, tc.tool, got, tc.want...)
		for _, bad := range tc.never {
			if strings.Contains(everything(res), bad) {
				t.Errorf("%s shows %q: %s", tc.tool, bad, everything(res))
			}
		}
	}
}

// TestReadsWithoutRequiredFieldsAreUnusable: a project listed or read without id, name,
// visibility or created_at was shown with invented values ("ID 0", https://.spice.ai).
func TestReadsWithoutRequiredFieldsAreUnusable(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	for _, tc := range []struct {
		answer canned
		tool   string
		args   map[string]any
		want   string
	}{
		{canned{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: 200,
			body: `{"projects":[{"id":8,"name":"good-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z"},{"description":"x"}]}`},
			"list_apps", map[string]any{}, "a response body that lacks projects[1].id, projects[1].name, projects[1].visibility, projects[1].created_at (documented fields)"},
		{canned{method: "GET", path: regexp.MustCompile(`^/v1/projects/101$`), status: 200, body: `{"config":{}}`},
			"get_app", map[string]any{"app": "id:101"}, "a Project that lacks id (documented fields)"},
	} {
		answers = []canned{tc.answer}
		res := h.call(t, tc.tool, tc.args)
		got := text(res)
		if !res.IsError {
			t.Errorf("%s: want an error, got: %s", tc.tool, got)
			continue
		}
		mustContain(t, tc.tool, got, tc.want, "Nothing was changed.")
		for _, bad := range []string{"ID 0", "https://.spice.ai"} {
			if strings.Contains(everything(res), bad) {
				t.Errorf("%s shows %q: %s", tc.tool, bad, everything(res))
			}
		}
	}
}

// TestAnswerBeyondWhatIsReadSaysSo: an app list longer than the client reads was reported as
// "a body that is not the response body it documents … check SPICE_API_URL". It now says the
// answer exceeded 32 MiB, the most this server reads, and what helps.
func TestAnswerBeyondWhatIsReadSaysSo(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	var answers []canned
	// Reading 33 MiB under the race detector on a loaded 2-CPU machine outlasted the default call
	// time limit (the call ended "before this tool call's time limit ran out"): the limit is not
	// what this test is about, so it is long here.
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil), callTimeout: 10 * time.Minute})
	answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: 200,
		body: `{"projects":[{"id":8,"name":"good-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","description":"` +
			strings.Repeat("d", 33<<20) + `"}]}`}}
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{{"list_apps", map[string]any{}}, {"get_app", map[string]any{"app": "good-app"}}} {
		res := h.call(t, tc.tool, tc.args)
		got := text(res)
		if !res.IsError || strings.Contains(got, "not the") || strings.Contains(got, "SPICE_API_URL") {
			t.Fatalf("%s: %s", tc.tool, got)
		}
		mustContain(t, tc.tool, got, "answered GET /v1/projects with 200 OK and an answer over 32 MiB, the most this server reads of one answer, "+
			"so none of it was used. Nothing was changed.", "name an app as `id:N`: get_app and update_app then use it without listing the apps")
	}
}
