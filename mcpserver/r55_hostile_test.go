package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR55HostileFieldGivenTwiceInTwoCases: a deployment read giving "status":"failed" and then
// "STATUS":"succeeded" said "✅ succeeded … The app is live": Go's decoder reads both names into
// one field, the last winning, where a case-sensitive reader sees "failed". Refused now, as a
// name given twice is, both spellings and values shown; tags differing only in case stay two.
func TestR55HostileFieldGivenTwiceInTwoCases(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `/deployments/1003$`, 200,
		`{"id":1003,"status":"failed","created_at":"2026-11-22T12:00:00.000Z","replicas":1,"STATUS":"succeeded"}`)
	got := h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "get_deployment", got, `with 200 OK and a Deployment that gives status and STATUS (one field), as "failed" and as "succeeded": which the API meant is not known. Nothing was changed.`)
	if strings.Contains(got, "live") {
		t.Errorf("shows one of the two as the answer:\n%s", got)
	}
	h = r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200,
		`{"id":101,"name":"analytics-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","tags":{"Team":"data","team":"ops"},"config":{}}`)
	mustContain(t, "tags in two cases", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "**analytics-app** (101)", "Team", "team")
}

// r55HostilePage is a harness whose proxy answers method and path (a pattern) with status and
// an HTML sign-in page of Content-Type contentType, and passes the rest to the emulator.
func r55HostilePage(t *testing.T, method, path string, status int, contentType string) *harness {
	re := regexp.MustCompile(path)
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, emulatorURL string) string {
			return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
				if r.Method == method && re.MatchString(r.URL.Path) {
					w.Header().Set("Content-Type", contentType)
					w.WriteHeader(status)
					_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Sign in &ndash; Corp\nProxy</title></head><body><form>login</form></body></html>"))
					return
				}
				proxy.ServeHTTP(w, r)
			})(t, emulatorURL)
		}})
}

// TestR55HostileHTMLPageAsSuccess: a proxy's sign-in page sent with 200 and text/html said "a
// body that is not the Project it documents" (get_app, list_apps, get_instance_logs alike),
// never that a web page came back, and to pause_app said "Paused analytics-app" though the
// request may never have reached the API. Each names the HTML page, its title, where the
// request went and what to check; the pause claims nothing. A page sent as application/json
// is known by its first bytes.
func TestR55HostileHTMLPageAsSuccess(t *testing.T) {
	const page = ` was answered 200 OK with an HTML page (titled Sign in – Corp Proxy, Content-Type text/html; charset=utf-8), not the Spice.ai API's JSON: a web page, such as a proxy's or a sign-in page, answered in its place`
	const check = "What to do: Ask the user to check that SPICE_API_URL points at the Spice.ai Management API (the default is https://api.spice.ai) and that no proxy or sign-in page stands between this server and it"
	for _, c := range []struct {
		method, path, tool string
		args               map[string]any
		said               string
	}{
		{"GET", `^/v1/projects/101$`, "get_app", map[string]any{"app": "analytics-app"}, "GET /v1/projects/101 to "},
		{"GET", `^/v1/projects$`, "list_apps", map[string]any{}, "GET /v1/projects to "},
		{"GET", `/logs$`, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": "analytics-app-0"}, "GET /v1/projects/101/instances/analytics-app-0/logs to "},
		{"POST", `/pause$`, "pause_app", map[string]any{"app": "analytics-app"}, "POST /v1/projects/101/pause to "},
	} {
		h := r55HostilePage(t, c.method, c.path, 200, "text/html; charset=utf-8")
		got := h.fail(t, c.tool, c.args)
		mustContain(t, c.tool, got, c.said, page, check)
		if lines := logLines(t, h.logs.String(), "tool call"); len(lines) == 0 || lines[len(lines)-1]["html_page"] != true {
			t.Errorf("%s: the log does not say an HTML page came back: %v", c.tool, lines)
		}
		if c.method == "GET" {
			mustContain(t, c.tool, got, "Nothing was changed.")
		} else {
			mustContain(t, c.tool, got, "so whether the request reached the API, and what it did, is not known.")
			if strings.Contains(got, "Paused") {
				t.Errorf("%s claims the pause:\n%s", c.tool, got)
			}
		}
	}
	h := r55HostilePage(t, "GET", `^/v1/projects/101$`, 200, "application/json")
	mustContain(t, "page as JSON", h.fail(t, "get_app", map[string]any{"app": "analytics-app"}),
		"with an HTML page (titled Sign in – Corp Proxy, Content-Type application/json), not the Spice.ai API's JSON")
}

// TestR55HostileFutureTimes: an app, a fork, a secret, a member or an instance the API dated in
// 2099 was shown without a word (a deployment's such time is said odd): each now gets the
// note, the time and this server's clock; a time of now is not odd.
func TestR55HostileFutureTimes(t *testing.T) {
	const future = "2099-01-01T00:00:00.000Z"
	const note = "Odd in the API's answer: a time in the future (this server's clock reads "
	for _, c := range []struct {
		method, path, body, tool string
		args                     map[string]any
		said                     string
	}{
		{"GET", `^/v1/projects$`, `{"projects":[{"id":101,"name":"analytics-app","visibility":"private","created_at":"` + future + `"}]}`,
			"list_apps", map[string]any{}, "app `analytics-app` (101): created_at 2099-01-01 00:00Z."},
		{"GET", `^/v1/projects/101$`, `{"id":101,"name":"analytics-app","visibility":"private","created_at":"` + future + `","config":{}}`,
			"get_app", map[string]any{"app": "analytics-app"}, "app `analytics-app` (101): created_at 2099-01-01 00:00Z."},
		{"GET", `/secrets$`, `{"secrets":[{"name":"PG_PASS","created_at":"2026-01-01T00:00:00.000Z","updated_at":"` + future + `"}]}`,
			"list_secrets", map[string]any{"app": "analytics-app"}, "secret `PG_PASS`: updated_at 2099-01-01 00:00Z."},
		{"GET", `^/v1/members$`, `{"members":[{"user_id":7,"username":"ana","roles":["admin"],"created_at":"` + future + `"}]}`,
			"list_members", map[string]any{}, "member `ana` (7): created_at 2099-01-01 00:00Z."},
		{"GET", `/instances$`, `{"instances":[{"name":"analytics-app-0","status":"running","started_at":"` + future + `"}]}`,
			"list_instances", map[string]any{"app": "analytics-app"}, "instance `analytics-app-0`: started_at 2099-01-01 00:00Z."},
	} {
		h := r54HostileAnswering(t, c.method, c.path, 200, c.body)
		mustContain(t, c.tool, h.ok(t, c.tool, c.args), note, c.said)
	}
	h := r54HostileAnswering(t, "GET", `^/v1/projects/999$`, 200, "")
	if got := h.ok(t, "list_apps", map[string]any{}); strings.Contains(got, "in the future") {
		t.Errorf("the emulator's apps called odd:\n%s", got)
	}
}

// TestR55HostileForkAndOrgListedTwice: a forks list naming fork 105 twice is shown and counted
// once, the repeat said (list_forks' dedupe had no test of its own); an organizations list
// naming acme twice, as it was, showed it once without a word, where every other list says so.
func TestR55HostileForkAndOrgListedTwice(t *testing.T) {
	const fork = `{"id":105,"name":"analytics-fork","visibility":"private","created_at":"2026-01-01T00:00:00.000Z"}`
	h := r54HostileAnswering(t, "GET", `^/v1/projects/101/forks$`, 200, `{"forks":[`+fork+`,`+fork+`]}`)
	got := h.ok(t, "list_forks", map[string]any{"app": "analytics-app"})
	mustContain(t, "list_forks", got, "The Spice.ai API listed fork 105 twice; shown once, as first listed.")
	if n := strings.Count(got, "| 105 |"); n != 1 {
		t.Errorf("fork 105 shown %d times:\n%s", n, got)
	}
	const org = `{"id":1,"name":"acme","displayName":"Acme","role":"owner"}`
	h = r54HostileAnswering(t, "GET", `^/v1/orgs$`, 200, `{"orgs":[`+org+`,`+org+`]}`)
	got = h.ok(t, "list_orgs", map[string]any{})
	mustContain(t, "list_orgs", got, "The Spice.ai API listed organization acme twice; shown once, as first listed.")
	if n := strings.Count(got, "| acme |"); n != 1 {
		t.Errorf("acme in %d rows:\n%s", n, got)
	}
}

// TestR55HostileGzipThatIsNot: an answer marked Content-Encoding: gzip whose body is plain JSON
// said the server "did not answer: check that it is still running": it answered, with a body
// no one can read. Said so now; a change so answered claims nothing.
func TestR55HostileGzipThatIsNot(t *testing.T) {
	notGzip := func(method, path, body string) *harness {
		answers := []canned{{method: method, path: regexp.MustCompile(path), status: 200, header: map[string]string{"Content-Encoding": "gzip"}, body: body}}
		return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	}
	got := notGzip("GET", `^/v1/projects$`, `{"projects":[]}`).fail(t, "list_apps", map[string]any{})
	mustContain(t, "list_apps", got, "The Spice.ai API answered GET /v1/projects with 200 OK and a body marked gzip (Content-Encoding) that is not gzip, so it could not be read. Nothing was changed.")
	got = notGzip("POST", `/pause$`, `{"ok":true}`).fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "pause_app", got, "a body marked gzip (Content-Encoding) that is not gzip, so it could not be read, so what it did is not known.")
	if strings.Contains(got, "did not answer") || strings.Contains(got, "Paused") {
		t.Errorf("pause_app:\n%s", got)
	}
}
