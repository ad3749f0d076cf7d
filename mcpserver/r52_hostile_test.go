package mcpserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r52HostileDeployments answers analytics-app's deployment lists (both paths) with ids, newest
// first, sliced by the request's offset and limit as the API would.
func r52HostileDeployments(ids ...int) func(t *testing.T, emulatorURL string) string {
	list := regexp.MustCompile(`^/v1/(projects|apps)/101/deployments$`)
	return r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
		if r.Method != http.MethodGet || !list.MatchString(r.URL.Path) {
			return 0, "", false
		}
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		from := ids[min(offset, len(ids)):]
		if limit > 0 && limit < len(from) {
			from = from[:limit]
		}
		rows := make([]string, len(from))
		for i, id := range from {
			rows[i] = r51HostileDeployment(id, "succeeded", "2026-11-1"+strconv.Itoa(id%10)+"T12:00:00.000Z")
		}
		return http.StatusOK, `{"deployments":[` + strings.Join(rows, ",") + `]}`, true
	})
}

// TestR52HostileDeploymentRepeatedAcrossPages: a list naming 1004 twice, at the end of one
// page of two and the start of the next, showed 1004 on both pages ("Showing deployments 3–4"
// with 1004 and 1003): the agent counted it twice. The next page of the session leaves out the
// deployment the page before ended with and says so; the next offset still counts the API's
// entries.
func TestR52HostileDeploymentRepeatedAcrossPages(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: r52HostileDeployments(1005, 1004, 1004, 1003, 1002, 1001)})
	type page struct {
		Deployments []struct {
			ID int64 `json:"id"`
		} `json:"deployments"`
		Next int `json:"next_offset"`
	}
	var first, second, third page
	structured(t, h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 2}), &first)
	if first.Next != 2 || len(first.Deployments) != 2 || first.Deployments[1].ID != 1004 {
		t.Fatalf("first page: %+v", first)
	}
	res := h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 2, "offset": 2})
	got := text(res)
	structured(t, res, &second)
	if strings.Contains(got, "| 1004 |") || len(second.Deployments) != 2 || second.Deployments[0].ID != 1003 || second.Next != 5 {
		t.Errorf("second page: %+v\n%s", second, got)
	}
	mustContain(t, "second page", got, "2 deployments of analytics-app (101)",
		"The Spice.ai API listed deployment 1004 again on this page; the page before ended with it, so it is not shown twice.")
	structured(t, h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 2, "offset": 5}), &third)
	if len(third.Deployments) != 1 || third.Deployments[0].ID != 1001 {
		t.Errorf("third page: %+v", third)
	}
}

// TestR52HostileChoicesNameOnlyCallableTools: create_and_deploy_app refusing a region or cluster
// not among thousands the API lists ended "(9,990 more; see list_regions)" where list_regions is
// not served (its toolset off, or excluded). The rest are now said to be left out, and why,
// naming no tool the agent cannot call; where the lister is served it is still named.
func TestR52HostileChoicesNameOnlyCallableTools(t *testing.T) {
	regions, clusters := make([]string, 30), make([]string, 30)
	for i := range 30 {
		regions[i] = fmt.Sprintf(`{"name":"Region %d","region":"r-%d","cname":"r%d","provider":"aws","providerName":"AWS"}`, i, i, i)
		clusters[i] = fmt.Sprintf(`{"cluster_name":"cl-%d","infra_cluster_name":"hw-%d","endpoint":"c%d.internal","region":"us-west-2","cloud_provider":"aws"}`, i, i, i)
	}
	answers := []canned{{method: "GET", path: regexp.MustCompile(`^/v1/regions$`), status: 200, body: `{"regions":[` + strings.Join(regions, ",") + `],"default":"r-1"}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/clusters$`), status: 200, body: `{"clusters":[` + strings.Join(clusters, ",") + `]}`}}
	spicepod := "version: v1\nkind: Spicepod\nname: s\n"
	for _, tc := range []struct {
		policy tools.Policy
		why    string
	}{
		{tools.Policy{Toolsets: []string{"workflows"}}, "toolset"},
		{tools.Policy{ExcludeTools: []string{"list_regions", "list_clusters"}}, "exclude"},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy, upstream: cannedProxy(&answers, nil)})
		for _, c := range []struct {
			args        map[string]any
			lister, say string
		}{
			{map[string]any{"name": "shop", "region": "us-east-1", "spicepod": spicepod}, "list_regions", "\"us-east-1\" is not an available region\nWhat to do: Choose one of"},
			{map[string]any{"name": "shop", "cluster_name": "nope", "spicepod": spicepod}, "list_clusters", "\"nope\" is not a dedicated cluster of this organization\nWhat to do: Choose one of"},
		} {
			got := h.fail(t, "create_and_deploy_app", c.args)
			mustContain(t, tc.why+" "+c.lister, got, c.say, "(20 more, left out, as "+c.lister+" is not available here (")
			if strings.Contains(got, "see "+c.lister) {
				t.Errorf("%s: names %s, which is not served:\n%s", tc.why, c.lister, got)
			}
		}
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	mustContain(t, "served", h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "region": "us-east-1", "spicepod": spicepod}), "(20 more; see list_regions)")
}

// TestR52HostileRotationOtherKeyReplacedMeanwhile: a start step whose answer shows a primary
// other than the one read just before it (another call replaced it meanwhile) said "the primary
// key is unchanged and still valid … Valid now: both: the primary (unchanged) and the new
// secondary"; a finish whose answer shows another secondary than the start step's headed its
// result "the secondary key is unchanged and still valid" above "NOT the one the start step
// made". Each now says the key it left alone was replaced meanwhile, and shows it.
func TestR52HostileRotationOtherKeyReplacedMeanwhile(t *testing.T) {
	const primary, secondary = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
	var none []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: cannedProxy(&none, r50HostileEdit("POST", "/api-keys", func(m map[string]any) {
			if m["regenerated_key"] == float64(2) {
				m["api_key"] = primary
			} else {
				m["api_key_2"] = secondary
			}
		}))})
	for _, step := range []struct{ name, kept, shown string }{{"start", "primary", primary}, {"finish", "secondary", secondary}} {
		got := h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": step.name})
		for _, bad := range []string{"the " + step.kept + " key is unchanged", "the primary (unchanged)"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s says %q:\n%s", step.name, bad, got)
			}
		}
		mustContain(t, step.name, got, "The "+step.kept+" key is no longer the one read just before the step: it was replaced meanwhile", step.shown)
	}
}

// TestR52HostileRetryAfterOfYears: a 429 asking to wait ten years (Retry-After 315360000) —
// the wait of create_and_deploy_app, or any read — ended "Rate limited: wait 87600 h before
// retrying". The call still stops at once; the remedy no longer passes on a wait beyond a day
// as one to follow, and says what to check. A wait of hours is still passed on.
func TestR52HostileRetryAfterOfYears(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	limited := func(seconds string) {
		answers = []canned{{method: "GET", path: regexp.MustCompile(`/deployments/\d+$`), status: http.StatusTooManyRequests,
			header: map[string]string{"Retry-After": seconds}, body: `{"error":"slow down"}`}}
	}
	limited("315360000")
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
	if strings.Contains(got, "wait 87600 h before retrying") {
		t.Errorf("passes the ten-year wait on:\n%s", got)
	}
	mustContain(t, "create_and_deploy_app", got, "deployment 1008 was last queued, not failed",
		"Rate limited, and the API asked to wait 87600 h, longer than a day: that is no wait to follow. Try again in a few minutes. If the API asks the same again, ask the user to check that SPICE_API_URL points at the Spice.ai Management API")
	limited("7200")
	mustContain(t, "two hours", h.fail(t, "get_deployment", map[string]any{"app": "shop", "deployment_id": 1008}), "Rate limited: wait 2 h before retrying")
}

// TestR52HostileCreateAnsweredWithAnotherID: a create_and_deploy_app whose create is answered
// with app 999 (the API made shop as 105), the next step's 404 for 999 said "The app was deleted
// (or is no longer visible to this token) during the run … Nothing of this run is left to
// reuse", though the API still lists shop. A run whose app is not found while its name is listed
// under another ID says so, claims no delete, and names what to check.
func TestR52HostileCreateAnsweredWithAnotherID(t *testing.T) {
	var none []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: cannedProxy(&none, r50HostileEdit("POST", "/v1/projects", func(m map[string]any) { m["id"] = 999 }))})
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
	for _, bad := range []string{"The app was deleted", "Nothing of this run is left to reuse"} {
		if strings.Contains(got, bad) {
			t.Errorf("says %q:\n%s", bad, got)
		}
	}
	id := h.appID(t, "shop")
	mustContain(t, "create_and_deploy_app", got, "404 Not Found",
		fmt.Sprintf("The Spice.ai API does not find app 999, which this run used, yet lists shop as app %d", id),
		fmt.Sprintf(`get_app {"app":"id:%d"}`, id))
	// get_app not served: the portal instead.
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tools.Policy{ExcludeTools: []string{"get_app"}},
		upstream: cannedProxy(&none, r50HostileEdit("POST", "/v1/projects", func(m map[string]any) { m["id"] = 999 }))})
	got = h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
	mustContain(t, "get_app excluded", got, "Check it in the Spice.ai portal (get_app is not available here: it is listed in --exclude-tools)")
}

// TestR52HostileSuccessWithAnErrorBody: a 200 to a write that documents no body, whose body is
// the API's error envelope ({"error":"Pause failed"}), said "Paused analytics-app (101): its
// runtime stopped"; delete_secret likewise said the secret was deleted. A success status with an
// error body is a contradiction: what the call did is not known, the API's words are shown, and
// the result says what to check. A 200 with any other body is still a success.
func TestR52HostileSuccessWithAnErrorBody(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	for _, tc := range []struct {
		tool, method, path string
		args               map[string]any
		never              string
	}{
		{"pause_app", "POST", `/pause$`, map[string]any{"app": "analytics-app"}, "Paused analytics-app"},
		{"delete_secret", "DELETE", `/secrets/PG_PASS$`, map[string]any{"app": "analytics-app", "name": "PG_PASS"}, "Deleted"},
	} {
		answers = []canned{{method: tc.method, path: regexp.MustCompile(tc.path), status: http.StatusOK, body: `{"error":"Internal failure","code":"internal"}`}}
		res := h.call(t, tc.tool, tc.args)
		got := text(res)
		if !res.IsError || strings.Contains(got, tc.never) {
			t.Errorf("%s: want an unknown outcome, got:\n%s", tc.tool, got)
			continue
		}
		mustContain(t, tc.tool, got, "with 200 OK and an error body (its error (internal): Internal failure), so what it did is not known")
	}
	answers = []canned{{method: "POST", path: regexp.MustCompile(`/pause$`), status: http.StatusOK, body: `{"status":"paused"}`}}
	mustContain(t, "other body", h.ok(t, "pause_app", map[string]any{"app": "analytics-app"}), "Paused analytics-app")
}

// TestR52HostileReadAsAnotherApp: get_app and describe_app of analytics-app, listed as app 101,
// whose read of app 101 names other-app, showed "**other-app** (101)" (describe_app with
// analytics-app's deployments, secrets and keys under it) without a word. App names do not
// change: one of the two answers is wrong, so which app it is is not known; it is said, as
// create_and_deploy_app says it, and nothing is shown as the app's.
func TestR52HostileReadAsAnotherApp(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
		if r.Method == http.MethodGet && r.URL.Path == "/v1/projects/101" {
			return http.StatusOK, `{"id":101,"name":"other-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","config":{}}`, true
		}
		return 0, "", false
	})})
	for _, tool := range []string{"get_app", "describe_app"} {
		got := h.fail(t, tool, map[string]any{"app": "analytics-app"})
		mustContain(t, tool, got, "The Spice.ai API lists analytics-app (101), but reads app 101 as other-app (101)")
		if strings.Contains(got, "**other-app**") || strings.Contains(got, "Recent deployments") {
			t.Errorf("%s shows the read as the app:\n%s", tool, got)
		}
	}
	// By ID, nothing was listed to contradict the read.
	mustContain(t, "by ID", h.ok(t, "get_app", map[string]any{"app": "id:101"}), "**other-app** (101)")
}

// TestR52HostileDeploymentNamedThenNotFound: a deployment the API named (resume_app's answer,
// wait_for_deployment's list of the newest) and then answered 404 "Deployment not found" for
// ended "Pick the wait up with wait_for_deployment … 1008" (resume_app, "What to do:" too) or
// "reports it in full once the API answers": a wait that can only fail the same way.
// Deployments are not deleted: which is the app's is not known, and the list is named.
func TestR52HostileDeploymentNamedThenNotFound(t *testing.T) {
	gone := func(app string) r50HostileAnswer {
		dep := regexp.MustCompile(`^/v1/projects/` + app + `/deployments/\d+$`)
		return func(r *http.Request, _ int) (int, string, bool) {
			if r.Method == http.MethodGet && dep.MatchString(r.URL.Path) {
				return http.StatusNotFound, `{"error":"Deployment not found"}`, true
			}
			return 0, "", false
		}
	}
	for _, tc := range []struct {
		tool, app string
		args      map[string]any
		list      string
	}{
		{"resume_app", "103", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true}, `list_deployments {"app":"nightly-etl","org":"acme-labs"}`},
		{"wait_for_deployment", "101", map[string]any{"app": "analytics-app"}, `list_deployments {"app":"analytics-app"}`},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: r50HostileProxy(gone(tc.app))})
		got := h.fail(t, tc.tool, tc.args)
		for _, bad := range []string{"Pick the wait up", "once the API answers", "What to do: `wait_for_deployment"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s says %q:\n%s", tc.tool, bad, got)
			}
		}
		mustContain(t, tc.tool, got, "The Spice.ai API does not find deployment", "though it named it before, and deployments are not deleted", tc.list)
	}
}

// TestR52HostileSuccessesPointElsewhere: every answer of a create_and_deploy_app run (the 201 of
// the create, the 202 of the deploy, the reads of the wait) carrying a Location to another host,
// credentials in its query (held: only redirects were tested): nothing follows it, nothing names
// it, and the run ends as without it.
func TestR52HostileSuccessesPointElsewhere(t *testing.T) {
	var hits atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(elsewhere.Close)
	var none []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: cannedProxy(&none, func(r *http.Response) error {
			r.Header.Set("Location", elsewhere.URL+"/v1/projects/999?token=location-credential")
			return nil
		})})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
	all := everything(res)
	if res.IsError || hits.Load() != 0 || strings.Contains(all, "location-credential") || strings.Contains(all, elsewhere.URL) || strings.Contains(h.logs.String(), "location-credential") {
		t.Errorf("error %v, %d requests elsewhere:\n%s", res.IsError, hits.Load(), all)
	}
	mustContain(t, "create_and_deploy_app", text(res), fmt.Sprintf("**shop** (%d)", h.appID(t, "shop")))
}

// TestR52HostileDeployedThenNotFound: create_and_deploy_app whose deployment, named by the
// deploy's answer, is then answered 404 "Deployment not found" ended its wait step "(wait_for_deployment
// follows it)", a wait that can only fail the same way. The step now says the API does not find
// it, and the list is what to read.
func TestR52HostileDeployedThenNotFound(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
			if r.Method == http.MethodGet && regexp.MustCompile(`/deployments/\d+$`).MatchString(r.URL.Path) {
				return http.StatusNotFound, `{"error":"Deployment not found"}`, true
			}
			return 0, "", false
		})})
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
	if strings.Contains(got, "wait_for_deployment follows it") {
		t.Errorf("names a wait that can only fail:\n%s", got)
	}
	mustContain(t, "create_and_deploy_app", got, "stopped: the API does not find deployment 1008, which it named (list_deployments shows the app's deployments)")
}
