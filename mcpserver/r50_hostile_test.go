package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r50HostileAnswer answers a request the proxy intercepts: n counts the requests it matched
// so far (from 1); ok false passes the request on to the emulator.
type r50HostileAnswer func(r *http.Request, n int) (status int, body string, ok bool)

// r50HostileProxy puts a proxy in front of the emulator that answers what answer takes and
// passes the rest on.
func r50HostileProxy(answer r50HostileAnswer) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		t.Helper()
		var mu sync.Mutex
		n := 0
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			mu.Lock()
			n++
			at := n
			mu.Unlock()
			if status, body, ok := answer(r, at); ok {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
				return
			}
			rp.ServeHTTP(w, r)
		})(t, emulatorURL)
	}
}

// r50HostileDeployment answers GET …/deployments/1002 of analytics-app with status(n), n the
// check it answers (from 1), created at the harness's epoch.
func r50HostileDeployment(status func(n int) string) r50HostileAnswer {
	deployment := regexp.MustCompile(`^/v1/projects/101/deployments/1002$`)
	var checks atomic.Int64
	return func(r *http.Request, _ int) (int, string, bool) {
		if r.Method != http.MethodGet || !deployment.MatchString(r.URL.Path) {
			return 0, "", false
		}
		n := int(checks.Add(1))
		return http.StatusOK, `{"id":1002,"status":"` + status(n) + `","created_at":"2026-11-22T12:00:00.000Z","replicas":1}`, true
	}
}

// TestR50HostileQueuedAfterInProgressIsNotQueuedAllAlong: a deployment the first check saw
// in_progress and every later one queued (a status the API never sends backwards) ended a
// 20-minute wait "queued for at least 20 min … something is likely wrong", stuck, with
// queued_for_seconds 1200, though it was seen in progress for the first 12: the wait counted
// itself whole, and created_at, as queued time. Only the checks that saw it queued count now.
func TestR50HostileQueuedAfterInProgressIsNotQueuedAllAlong(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: r50HostileProxy(r50HostileDeployment(func(n int) string {
		if n <= 73 { // in progress for the wait's first 12 minutes and more (checks at 0, 5 s, then every 10 s)
			return "in_progress"
		}
		return "queued"
	}))})
	res := h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002, "timeout_seconds": 1200})
	got := text(res)
	var out struct {
		QueuedFor int64 `json:"queued_for_seconds"`
		Stuck     bool  `json:"stuck"`
	}
	structured(t, res, &out)
	waits, _ := h.recorded()
	var before time.Duration // the wait up to the first check that saw it queued
	for _, w := range waits[:73] {
		before += w
	}
	mustContain(t, "wait_for_deployment", got, "is still **⏳ queued** after 20 min")
	if strings.Contains(got, "queued for at least") || strings.Contains(got, "something is likely wrong") || out.Stuck || out.QueuedFor != int64((20*time.Minute-before)/time.Second) {
		t.Errorf("queued since %v of the wait, not the whole of it: queued_for_seconds %d, stuck %v:\n%s", before, out.QueuedFor, out.Stuck, got)
	}
}

// r50HostileEdit rewrites the emulator's successful answers to method requests whose path ends
// with suffix (cannedProxy's modify).
func r50HostileEdit(method, suffix string, edit func(answer map[string]any)) func(*http.Response) error {
	return editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == method && strings.HasSuffix(r.Request.URL.Path, suffix) && r.StatusCode < 300
	}, edit)
}

// TestR50HostileWritesAnsweredAboutAnotherObject: a write whose body names its object, answered
// about another, said it did what the answer says: create_app made-app answered with other-app
// said "Created app other-app" with other-app's URL; fork_app likewise; add_member jdoe
// answered with root "Added root"; regenerate_api_key of the secondary answered
// regenerated_key 1 "Regenerated the primary key … the secondary key is unchanged", and so did
// rotate_api_keys' start step. Each is now an answer about another one than asked for, what it
// did not known, as set_secret's is; the rotation then reads the keys to tell.
func TestR50HostileWritesAnsweredAboutAnotherObject(t *testing.T) {
	var none []canned
	var edit func(*http.Response) error
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: cannedProxy(&none, func(r *http.Response) error { return edit(r) })})
	for _, tc := range []struct {
		tool  string
		args  map[string]any
		edit  func(*http.Response) error
		want  string
		never []string
	}{
		{"create_app", map[string]any{"name": "made-app"}, r50HostileEdit("POST", "/v1/projects", func(m map[string]any) { m["name"] = "other-app" }),
			"(its name is other-app, not made-app), so what it did is not known", []string{"Created app", "App created", "https://other-app"}},
		{"fork_app", map[string]any{"app": "analytics-app", "name": "forked-app"}, r50HostileEdit("POST", "/forks", func(m map[string]any) { m["name"] = "other-fork" }),
			"(its name is other-fork, not forked-app), so what it did is not known", []string{"Forked analytics-app", "https://other-fork"}},
		{"add_member", map[string]any{"username": "jdoe"}, r50HostileEdit("POST", "/v1/members", func(m map[string]any) { m["username"] = "root" }),
			"(its username is root, not jdoe), so what it did is not known", []string{"Added"}},
		{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}, r50HostileEdit("POST", "/api-keys", func(m map[string]any) { m["regenerated_key"] = 1 }),
			"(its regenerated_key is 1, not 2), so what it did is not known", []string{"Regenerated the"}},
	} {
		edit = tc.edit
		res := h.call(t, tc.tool, tc.args)
		got := text(res)
		if !res.IsError {
			t.Errorf("%s: want an error, got: %s", tc.tool, got)
			continue
		}
		mustContain(t, tc.tool, got, tc.want)
		for _, bad := range tc.never {
			if strings.Contains(everything(res), bad) {
				t.Errorf("%s shows %q: %s", tc.tool, bad, everything(res))
			}
		}
	}
	// rotate_api_keys' start step so answered reads the keys after it, as after a lost answer.
	edit = r50HostileEdit("POST", "/api-keys", func(m map[string]any) { m["regenerated_key"] = 1 })
	mustContain(t, "rotate_api_keys start", text(h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})),
		"got no clear answer", "The keys read just after show a new secondary key, so the start step went through")
	// The same names in another case are the same object: the API folds them.
	edit = r50HostileEdit("POST", "/v1/projects", func(m map[string]any) { m["name"] = "Cased-App" })
	mustContain(t, "create_app in another case", h.ok(t, "create_app", map[string]any{"name": "cased-app"}), "App created.", "**Cased-App** (")
}

// TestR50HostileNameListedForTwoIsAmbiguous: an app list naming two apps analytics-app (IDs
// 101 and 102), or a member list naming bob and BOB (users 2 and 3), though names are unique
// in an organization: a call naming it acted on the first listed (delete_secret deleted
// analytics-app (101)'s PG_PASS; remove_member removed user 2). It is now ambiguous, as a name
// that is another's ID is: nothing done, both named, id:N picks one.
func TestR50HostileNameListedForTwoIsAmbiguous(t *testing.T) {
	const created = `"created_at":"2026-01-01T00:00:00.000Z"`
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil), safety: tools.Safety{Confirm: tools.ConfirmOff}})
	answers = []canned{
		{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: 200, body: `{"projects":[{"id":101,"name":"analytics-app","visibility":"private",` +
			created + `},{"id":102,"name":"Analytics-App","visibility":"private",` + created + `}]}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/members$`), status: 200, body: `{"members":[{"user_id":2,"username":"bob","roles":["member"],` +
			created + `},{"user_id":3,"username":"BOB","roles":["member"],` + created + `}]}`},
	}
	before := apiCalls(h)
	for _, tc := range []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"},
			[]string{"the Spice.ai API lists two apps by that name, analytics-app (101) and Analytics-App (102)", `What to do: Pass app "id:101" for the first or "id:102" for the second`}},
		{"remove_member", map[string]any{"member": "bob"},
			[]string{"the Spice.ai API lists two members by that username, bob (user 2) and BOB (user 3)", `What to do: Pass member "id:2" for the first or "id:3" for the second`}},
	} {
		res := h.call(t, tc.tool, tc.args)
		if !res.IsError {
			t.Errorf("%s: want a refusal, got: %s", tc.tool, text(res))
			continue
		}
		mustContain(t, tc.tool, text(res), append(tc.want, "Nothing was done")...)
	}
	for _, op := range []string{"deleteProjectSecret", "removeMember"} {
		if n := h.emu.Calls(op) - before[op]; n != 0 {
			t.Errorf("%s reached the API %d times", op, n)
		}
	}
	// The same entry listed twice is one app: it is used.
	answers[0].body = `{"projects":[{"id":101,"name":"analytics-app","visibility":"private",` + created + `},{"id":101,"name":"analytics-app","visibility":"private",` + created + `}]}`
	mustContain(t, "listed twice", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "**analytics-app** (101)")
}

// TestR50HostileRotationAnsweredWithTheKeyBefore: a rotate_api_keys step answered with the very
// key it replaces (read just before the step) said "Regenerated the secondary key … The old
// secondary key stopped working immediately … the new secondary", showing the old key as the
// new one. Such an answer shows no new key now: the keys are read after it, as after a lost
// answer, and the result says what that read shows.
func TestR50HostileRotationAnsweredWithTheKeyBefore(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: cannedProxy(&answers, nil)})
	var keys struct {
		APIKey  string `json:"api_key"`
		APIKey2 string `json:"api_key_2"`
	}
	structured(t, h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}), &keys)
	for _, step := range []struct{ name, regenerated string }{{"start", "2"}, {"finish", "1"}} {
		// The API answers with the keys as they were, and regenerates nothing.
		answers = []canned{{method: "POST", path: regexp.MustCompile(`/api-keys$`), status: 200,
			body: `{"api_key":"` + keys.APIKey + `","api_key_2":"` + keys.APIKey2 + `","regenerated_key":` + step.regenerated + `}`}}
		res := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": step.name, "force": true})
		got := text(res)
		for _, bad := range []string{"Regenerated the", "stopped working immediately", "Valid now: both: the primary (unchanged) and the new secondary"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s answered with the key before says %q:\n%s", step.name, bad, got)
			}
		}
		mustContain(t, step.name, got, "answered with the key it replaces, read just before the step, so the answer shows no new key",
			"The keys read just after are both unchanged, so the step did not take effect")
	}
}

// r50HostileDrip answers a request body(r) takes with a 200 of that body, whole or, with drip,
// a byte every 100 ms until the request ends; the rest go to the emulator.
func r50HostileDrip(body func(r *http.Request) (b string, drip bool)) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			b, drip := body(r)
			if b == "" {
				rp.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			if !drip {
				_, _ = w.Write([]byte(b))
				return
			}
			for i := range len(b) {
				if _, err := w.Write([]byte{b[i]}); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		})(t, emulatorURL)
	}
}

// TestR50HostileSlowDripBodyEndsAtTheTimeLimit: an answer whose headers come at once and whose
// body drips a byte at a time (held: no test showed it; the existing ones stall the headers): a
// read ends at the call's time limit and says so, changing nothing; a wait whose later check
// drips ends at its limit with the status of the last check that answered.
func TestR50HostileSlowDripBodyEndsAtTheTimeLimit(t *testing.T) {
	t.Parallel() // waits on real time
	const deployment = `{"id":1002,"status":"in_progress","created_at":"2026-11-22T12:00:00.000Z","replicas":1}`
	var checks atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, realClock: true, callTimeout: 700 * time.Millisecond,
		upstream: r50HostileDrip(func(r *http.Request) (string, bool) {
			switch {
			case r.URL.Path == "/v1/projects/101":
				return `{"id":101,"name":"analytics-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","config":{}}`, true
			case strings.HasSuffix(r.URL.Path, "/deployments/1002"):
				return deployment, checks.Add(1) > 1
			}
			return "", false
		})})
	start := time.Now()
	got := h.fail(t, "get_app", map[string]any{"app": "id:101"})
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("get_app took %v, past its 700 ms limit", took)
	}
	mustContain(t, "get_app", got, "No answer from the Spice.ai API (GET /v1/projects/101) before this tool call's time limit (700 ms) ran out.", "Nothing was changed.")
	// The wait's own limit is its timeout and a second's grace: the first check answers at once,
	// the next drips.
	start = time.Now()
	got = text(h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002, "timeout_seconds": 1}))
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("wait_for_deployment took %v, past its 2 s limit", took)
	}
	mustContain(t, "wait_for_deployment", got, "the checks after that got no answer before this call's time limit ended")
}

// TestR50HostileForksOfAnotherApp: list_forks of analytics-app answered with a fork made from
// another app (forked_from 555) said "1 fork of analytics-app (101)" and linked it. An answer
// listing a fork of another app is now about another one than asked for, as a read of another
// object is; a fork whose forked_from names the app asked for is listed.
func TestR50HostileForksOfAnotherApp(t *testing.T) {
	fork := func(id, from string) string {
		return `{"id":` + id + `,"name":"fork-` + id + `","visibility":"public","created_at":"2026-01-01T00:00:00.000Z","forked_from":{"id":` + from + `,"name":"x-app"}}`
	}
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects/101/forks$`), status: 200,
		body: `{"forks":[` + fork("300", "101") + `,` + fork("301", "555") + `]}`}}
	res := h.call(t, "list_forks", map[string]any{"app": "analytics-app"})
	got := text(res)
	if !res.IsError || strings.Contains(everything(res), "fork-301.spice.ai") {
		t.Fatalf("want an unusable answer, got: %s", everything(res))
	}
	mustContain(t, "list_forks", got, "about another one than asked for (its forks[1].forked_from.id is 555, not 101). Nothing was changed.")
	answers[0].body = `{"forks":[` + fork("300", "101") + `]}`
	mustContain(t, "list_forks of the app", h.ok(t, "list_forks", map[string]any{"app": "analytics-app"}), "1 fork of analytics-app (101)", "fork-300")
}

// TestR50HostileNewDeploymentAnsweredEnded: a deploy or rollback the API accepts (202) starts a
// deployment; one answered with a deployment that has already ended (the app's succeeded 1003,
// created the day before) said "Queued a deployment … Deployment 1003 succeeded" and "Queued a
// rollback … deployment 1003 runs its configuration again". Such an answer is not the new
// deployment: what the call did is not known, and the result says how to find out.
func TestR50HostileNewDeploymentAnsweredEnded(t *testing.T) {
	const old = `{"id":1003,"status":"succeeded","created_at":"2026-11-21T12:00:00.000Z","replicas":2,"image_tag":"2.3.2"}`
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	for _, tc := range []struct {
		tool, path string
		args       map[string]any
		never      string
	}{
		{"create_deployment", `/deployments$`, map[string]any{"app": "analytics-app"}, "Queued a deployment"},
		{"rollback_deployment", `/rollback$`, map[string]any{"app": "analytics-app", "deployment_id": 1001}, "runs its configuration again"},
	} {
		answers = []canned{{method: "POST", path: regexp.MustCompile(tc.path), status: http.StatusAccepted, body: old}}
		res := h.call(t, tc.tool, tc.args)
		got := text(res)
		if !res.IsError || strings.Contains(got, tc.never) {
			t.Errorf("%s: want an unknown outcome, got: %s", tc.tool, got)
			continue
		}
		mustContain(t, tc.tool, got, "a Deployment whose status is succeeded, which a deployment it has just accepted cannot have, so what it did is not known")
	}
}

// TestR50HostileDeploymentGoneMidWait: a deployment the wait saw in progress, then answered 404
// (held: the existing tests fail the first read, or every read with a 5xx): the wait stops at
// that check, fails, and gives the status as last read without claiming it ended.
func TestR50HostileDeploymentGoneMidWait(t *testing.T) {
	deployment := regexp.MustCompile(`^/v1/projects/101/deployments/1002$`)
	var checks atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
		if r.Method != http.MethodGet || !deployment.MatchString(r.URL.Path) {
			return 0, "", false
		}
		if checks.Add(1) > 2 {
			return http.StatusNotFound, `{"error":"Deployment not found"}`, true
		}
		return http.StatusOK, `{"id":1002,"status":"in_progress","created_at":"2026-11-22T12:00:00.000Z","replicas":1}`, true
	})})
	got := h.fail(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002, "timeout_seconds": 600})
	if n := checks.Load(); n != 3 {
		t.Errorf("%d checks, want 3: the wait stops at the 404", n)
	}
	mustContain(t, "wait_for_deployment", got, "The wait for deployment 1002 stopped: reading its status failed.", "404 Not Found",
		"was **🔄 in_progress** when last read; whether it has ended since is not known")
	for _, bad := range []string{"succeeded", "Nothing is wrong yet", "still **"} {
		if strings.Contains(got, bad) {
			t.Errorf("says %q:\n%s", bad, got)
		}
	}
}

// TestR50HostileUpdateAnsweredUnchanged: update_app visibility public, answered with the app
// still private, said "Updated visibility of analytics-app (101)" above "Visibility: private",
// and nothing else. The result now says the answer does not show the field as sent.
func TestR50HostileUpdateAnsweredUnchanged(t *testing.T) {
	var none []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&none,
		r50HostileEdit("PUT", "/v1/projects/101", func(m map[string]any) { m["visibility"] = "private" }))})
	got := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "visibility": "public", "description": "New words"})
	mustContain(t, "update_app", got, "The API's answer does not show visibility as sent: read the app again before relying on the change.")
	if strings.Contains(got, "description as sent") {
		t.Errorf("the description the answer shows as sent is named:\n%s", got)
	}
}
