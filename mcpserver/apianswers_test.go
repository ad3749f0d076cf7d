package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Regression tests for answers the emulator never gives (audit findings), through the tools:
// a proxy in front of the emulator answers chosen requests itself.

// canned is a proxy's own answer to the requests it matches.
type canned struct {
	method string
	path   *regexp.Regexp
	status int
	header map[string]string
	body   string
}

// cannedProxy answers the requests an answer matches itself and passes the rest to the
// emulator; modify, when set, rewrites the emulator's answers.
func cannedProxy(answers *[]canned, modify func(*http.Response) error) func(t *testing.T, emulatorURL string) string {
	return cannedProxyCounting(answers, nil, modify)
}

// editedAnswer is a proxy rewrite (cannedProxy's modify): the JSON object of each answer match
// accepts, edited by edit.
func editedAnswer(match func(*http.Response) bool, edit func(answer map[string]any)) func(*http.Response) error {
	return func(r *http.Response) error {
		if !match(r) {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		var answer map[string]any
		if err := json.Unmarshal(body, &answer); err != nil {
			return err
		}
		edit(answer)
		if body, err = json.Marshal(answer); err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
}

// okGETAnswerEdited is editedAnswer for the 200 answers to GET requests whose path ends in suffix.
func okGETAnswerEdited(suffix string, edit func(map[string]any)) func(*http.Response) error {
	return editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && strings.HasSuffix(r.Request.URL.Path, suffix) && r.StatusCode == http.StatusOK
	}, edit)
}

// forkCreated matches the fork's 201 answer.
func forkCreated(r *http.Response) bool {
	return r.Request.Method == http.MethodPost && strings.HasSuffix(r.Request.URL.Path, "/forks") && r.StatusCode == http.StatusCreated
}

// cannedProxyCounting is cannedProxy that also counts the requests reaching it (count may be nil).
func cannedProxyCounting(answers *[]canned, count *atomic.Int64, modify func(*http.Response) error) func(t *testing.T, emulatorURL string) string {
	return inFrontOfEmulator(modify, func(w http.ResponseWriter, r *http.Request, emulator http.Handler) {
		if count != nil {
			count.Add(1)
		}
		for _, a := range *answers {
			if a.method == r.Method && a.path.MatchString(r.URL.Path) {
				for k, v := range a.header {
					w.Header().Set(k, v)
				}
				if a.body != "" {
					w.Header().Set("Content-Type", "application/json")
				}
				w.WriteHeader(a.status)
				_, _ = w.Write([]byte(a.body))
				return
			}
		}
		emulator.ServeHTTP(w, r)
	})
}

// inFrontOfEmulator is a harness upstream: a server in front of the emulator that hands each
// request to serve, with the emulator behind it as a reverse proxy whose answers modify (when
// set) rewrites. A test whose serve needs per-harness state or the emulator's URL builds it
// inside its own upstream function and calls the result.
func inFrontOfEmulator(modify func(*http.Response) error, serve func(w http.ResponseWriter, r *http.Request, emulator http.Handler)) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		t.Helper()
		u, err := url.Parse(emulatorURL)
		if err != nil {
			t.Fatal(err)
		}
		emulator := httputil.NewSingleHostReverseProxy(u)
		emulator.ModifyResponse = modify
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(w, r, emulator) }))
		t.Cleanup(srv.Close)
		return srv.URL
	}
}

// TestRedirectsAndEmptySuccessesAreNotReportedAsDone: a redirect answered to a change was
// followed as a GET and reported as done with zero values ("Deployment 0", a secret with no name "updated",
// "Regenerated both keys"); a 204 to resume said "deployment 0 started". Each is now an error
// that says what the API answered, what changed and what to do.
func TestRedirectsAndEmptySuccessesAreNotReportedAsDone(t *testing.T) {
	var elsewhereHits atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhereHits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(elsewhere.Close)
	var answers []canned
	var asked atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil),
		elicit: approveWith("analytics-app", &asked)})
	// Paused, so resume_app asks the API.
	req, _ := http.NewRequest("POST", h.api.URL+"/v1/projects/101/pause", nil)
	req.Header.Set("Authorization", "Bearer sandbox")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("pause: %v %v", res, err)
	}
	redirect := func(method, path string, status int) canned {
		return canned{method: method, path: regexp.MustCompile(path), status: status,
			header: map[string]string{"Location": elsewhere.URL + "/moved?token=location-credential"}}
	}

	for _, tc := range []struct {
		answer canned
		tool   string
		args   map[string]any
		want   []string
	}{
		{redirect("POST", `/deployments$`, http.StatusFound), "create_deployment", map[string]any{"app": "analytics-app"},
			[]string{"answered POST /v1/projects/101/deployments with 302 Found, a redirect to " + elsewhere.URL,
				"the API did not carry the request out, so nothing was changed", "Ask the user to set SPICE_API_URL"}},
		{redirect("POST", `/secrets$`, http.StatusTemporaryRedirect), "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "s3cret-canary"},
			[]string{"307 Temporary Redirect, a redirect to " + elsewhere.URL, "nothing was changed", "Ask the user to set SPICE_API_URL"}},
		{redirect("POST", `/api-keys$`, http.StatusMovedPermanently), "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2},
			[]string{"301 Moved Permanently", "nothing was changed"}},
		{redirect("GET", `^/v1/projects$`, http.StatusFound), "list_apps", map[string]any{},
			[]string{"answered GET /v1/projects with 302 Found", "Nothing was changed.", "Ask the user to set SPICE_API_URL"}},
		{canned{method: "POST", path: regexp.MustCompile(`/resume$`), status: http.StatusNoContent}, "resume_app", map[string]any{"app": "analytics-app"},
			[]string{"answered POST /v1/projects/101/resume with 204 No Content but without the ResumeResult it documents, so what it did is not known",
				"What to do: `list_deployments {\"app\":\"analytics-app\"}` shows the app's deployments"}},
		{canned{method: "POST", path: regexp.MustCompile(`/deployments$`), status: http.StatusAccepted, body: `{"created_at":null}`}, "create_deployment", map[string]any{"app": "analytics-app"},
			[]string{"with 202 Accepted and a Deployment that lacks id, status (documented fields), so what it did is not known", "What to do: List the app's deployments"}},
		{canned{method: "POST", path: regexp.MustCompile(`/secrets$`), status: http.StatusOK, body: `{"id":9}`}, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "s3cret-canary"},
			[]string{"a Secret that lacks name"}},
	} {
		answers = []canned{tc.answer}
		res := h.call(t, tc.tool, tc.args)
		got := text(res)
		if !res.IsError {
			t.Errorf("%s after %d: want an error, got: %s", tc.tool, tc.answer.status, got)
			continue
		}
		mustContain(t, tc.tool, got, tc.want...)
		for _, bad := range []string{"location-credential", "/moved", "s3cret-canary", "Deployment 0", "deployment_id 0", "Secret ``"} {
			if strings.Contains(everything(res), bad) {
				t.Errorf("%s after %d shows %q: %s", tc.tool, tc.answer.status, bad, everything(res))
			}
		}
	}
	if n := elsewhereHits.Load(); n > 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
}

// TestLowercaseTimestampsAreRead: RFC 3339 lets t and z be lowercase (§5.6); such a
// created_at failed list_apps, and with it every tool that resolves an app name.
func TestLowercaseTimestampsAreRead(t *testing.T) {
	stamp := regexp.MustCompile(`("\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?)Z"`)
	lower := func(r *http.Response) error {
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return err
		}
		body = stamp.ReplaceAll(body, []byte(`${1}t${2}z"`))
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	var none []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&none, lower)})
	mustContain(t, "list_apps", h.ok(t, "list_apps", map[string]any{}), "analytics-app")
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "Created: 20")
}

// TestListedInstanceNamesAreRead: Instance.name is a plain string, so a name the API lists is
// read, by default or given, whether or not it is a pod name (dotted, or "Edge_Node-01"); only
// a name that cannot stay one path segment is passed over for the newest one that can, and
// refused as the API's (never as an invalid argument the caller did not pass) when every one is
// such, and list_instances then offers no get_instance_logs.
func TestListedInstanceNamesAreRead(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	list := func(names ...string) canned {
		items := make([]string, len(names))
		for i, n := range names {
			items[i] = `{"name":"` + n + `","status":"ready","started_at":null}`
		}
		return canned{method: "GET", path: regexp.MustCompile(`/instances$`), status: http.StatusOK,
			body: `{"instances":[` + strings.Join(items, ",") + `]}`}
	}
	logs := func(name string) canned {
		return canned{method: "GET", path: regexp.MustCompile(`/instances/` + regexp.QuoteMeta(name) + `/logs$`), status: http.StatusOK,
			body: `{"lines":["All components are loaded. Spice runtime is ready!"]}`}
	}
	unsent := canned{method: "GET", path: regexp.MustCompile(`/logs$`), status: http.StatusOK, body: `{"lines":["UNEXPECTED"]}`}
	for _, name := range []string{"web-0.analytics", "Edge_Node-01"} {
		answers = []canned{list(name), logs(name), unsent}
		mustContain(t, name, h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app"}), name, "Spice runtime is ready!")
		mustContain(t, name+" given", h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": name}), "Spice runtime is ready!")
		if got := h.ok(t, "list_instances", map[string]any{"app": "analytics-app"}); !strings.Contains(got, "Read one's log with get_instance_logs.") {
			t.Errorf("list_instances with %q offers no logs: %s", name, got)
		}
	}

	answers = []canned{list("edge/1", "Edge_Node-01"), logs("Edge_Node-01"), unsent}
	got := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	mustContain(t, "passed over", got, "The newest instance listed, `edge/1`, has a name that cannot be put in a logs request", "Edge_Node-01", "Spice runtime is ready!")

	answers = []canned{list("edge/1", ".."), unsent}
	got = h.fail(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	mustContain(t, "listed names", got, "listed the newest instance of analytics-app (101) as `edge/1`", "nothing was sent")
	if strings.Contains(got, "Invalid arguments") || strings.Contains(got, "instanceName") || strings.Contains(got, "UNEXPECTED") {
		t.Errorf("the API's instance names are blamed on the caller, or sent: %s", got)
	}
	if got := h.ok(t, "list_instances", map[string]any{"app": "analytics-app"}); strings.Contains(got, "get_instance_logs") ||
		!strings.Contains(got, "Their logs cannot be requested") {
		t.Errorf("list_instances offers get_instance_logs for names it cannot send: %s", got)
	}
}

// TestRegenerationWithANullKeyIsShown: ApiKeysRegenerated allows either key to be null; a
// regeneration of key 1 answered with api_key_2 null is a success that shows the new key, not
// "what it did is not known".
func TestRegenerationWithANullKeyIsShown(t *testing.T) {
	answers := []canned{{method: "POST", path: regexp.MustCompile(`^/v1/projects/101/api-keys$`), status: 200,
		body: `{"api_key":"aaaabbbbccccddddeeeeffff00001111","api_key_2":null,"regenerated_key":1}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil),
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1})
	got := text(res)
	if testing.Verbose() {
		t.Log(got)
	}
	if res.IsError || !strings.Contains(got, "aaaabbbbccccddddeeeeffff00001111") || strings.Contains(got, "not known") ||
		!strings.Contains(got, "Secondary (`api_key_2`): unchanged and still valid, not repeated here (get_api_keys shows it)") {
		t.Errorf("regeneration of key 1 with api_key_2 null:\n%s", got)
	}
}
