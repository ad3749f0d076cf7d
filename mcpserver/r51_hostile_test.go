package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR51HostileResumeAnsweredWithAnOldDeployment: a resume of the paused nightly-etl answered
// with deployment 1005, which succeeded twenty days before, said "Resumed nightly-etl (103)
// with deployment 1005. Already finished when this wait began" above "The app is paused". A
// deployment created before the resume was sent is not the one it started: what the resume did
// is not known, and the result says how to find out.
func TestR51HostileResumeAnsweredWithAnOldDeployment(t *testing.T) {
	answers := []canned{{method: "POST", path: regexp.MustCompile(`/resume$`), status: http.StatusOK, body: `{"deployment_id":1005}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true})
	got := text(res)
	if !res.IsError {
		t.Errorf("want an unknown outcome, got a success:\n%s", got)
	}
	for _, bad := range []string{"Resumed nightly-etl", "Already finished when this wait began", "The resume was applied"} {
		if strings.Contains(got, bad) {
			t.Errorf("says %q:\n%s", bad, got)
		}
	}
	mustContain(t, "resume_app", got, "named deployment 1005, which was created 2026-11-02 12:00Z, before the resume was sent, and had ended already (**✅ succeeded**). It is not a deployment",
		"so whether the resume started a deployment is not known", `list_deployments {"app":"nightly-etl","org":"acme-labs"}`)
	// A deployment the resume started, read ended at once, is its own: still the resume's.
	answers = nil
	mustContain(t, "resume of its own", h.ok(t, "resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true}), "Resumed nightly-etl (103) with deployment")
}

// TestR51HostilePauseListsAnOlderDeploymentAfter: a pause whose read of the newest deployment
// after it names one created before the newest read before it (an old, succeeded 1001 after
// 1003) said "Deployment 1001 was started by another call after this one checked the app; it
// is succeeded now". A deployment older than the one read before was started by no call in
// between: nothing is said of it.
func TestR51HostilePauseListsAnOlderDeploymentAfter(t *testing.T) {
	list := regexp.MustCompile(`^/v1/projects/101/deployments$`)
	var reads atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
			if r.Method != http.MethodGet || !list.MatchString(r.URL.Path) || reads.Add(1) == 1 {
				return 0, "", false
			}
			return http.StatusOK, `{"deployments":[{"id":1001,"status":"succeeded","created_at":"2026-11-01T12:00:00.000Z","replicas":1}]}`, true
		})})
	got := h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	if reads.Load() < 2 {
		t.Fatalf("the newest deployment was read %d times, want a read after the pause:\n%s", reads.Load(), got)
	}
	if strings.Contains(got, "1001") || strings.Contains(got, "another call") {
		t.Errorf("names the older deployment as started meanwhile:\n%s", got)
	}
	mustContain(t, "pause_app", got, "Paused analytics-app")
}

// TestR51HostileRerunFindsItsNameListedTwice: a create_and_deploy_app re-run whose app list
// shows its name for two apps (shop, 104, and SHOP, 999, both tagged as the workflow's) went on
// with one of them, unsaid. Names are unique in an organization: it is refused as ambiguous,
// both named, and nothing is changed or deployed.
func TestR51HostileRerunFindsItsNameListedTwice(t *testing.T) {
	var none []canned
	twice := false
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: cannedProxy(&none, r50HostileEdit("GET", "/v1/projects", func(m map[string]any) {
			apps, _ := m["projects"].([]any)
			for _, a := range apps {
				if app, _ := a.(map[string]any); twice && app["name"] == "shop" {
					other := maps.Clone(app)
					other["id"], other["name"] = 999, "SHOP"
					m["projects"] = append(apps, other)
					return
				}
			}
		}))})
	args := map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n", "replicas": 2}
	h.ok(t, "create_and_deploy_app", args)
	id := h.appID(t, "shop")
	twice, args["replicas"] = true, 3
	before := apiCalls(h)
	got := h.fail(t, "create_and_deploy_app", args)
	mustContain(t, "create_and_deploy_app", got, fmt.Sprintf("the Spice.ai API lists two apps by that name, shop (%d) and SHOP (999)", id), "Nothing was changed")
	for _, op := range []string{"createProject", "updateProject", "createProjectDeployment", "upsertProjectSecret"} {
		if n := h.emu.Calls(op) - before[op]; n != 0 {
			t.Errorf("%s reached the API %d times", op, n)
		}
	}
	// Listed once, but under analytics-app's ID: read by it, another app, not the run's own.
	twice = false
	var answers []canned
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: 200, body: `{"projects":[{"id":101,"name":"shop",` +
		`"visibility":"private","created_at":"2026-11-22T12:00:00.000Z","tags":{"created-by":"spice-cloud-mcp"}}]}`}}
	before = apiCalls(h)
	got = h.fail(t, "create_and_deploy_app", args)
	mustContain(t, "listed under another's ID", got, "The Spice.ai API lists shop (101), but reads app 101 as analytics-app (101)", "Nothing was changed")
	for _, op := range []string{"createProject", "updateProject", "createProjectDeployment", "upsertProjectSecret"} {
		if n := h.emu.Calls(op) - before[op]; n != 0 {
			t.Errorf("listed under another's ID: %s reached the API %d times", op, n)
		}
	}
}

// TestR51HostileCreateTakenThenNameListedTwice: a create_and_deploy_app whose create is refused
// 409 (another call took the name meanwhile), the list after it showing two apps of the
// workflow by that name, adopted the first listed and went on with it (here analytics-app's ID,
// 101). Which one the other call made is not known: the 409 is the result, nothing adopted.
func TestR51HostileCreateTakenThenNameListedTwice(t *testing.T) {
	const app = `"visibility":"private","created_at":"2026-11-22T12:00:00.000Z","tags":{"created-by":"spice-cloud-mcp"}`
	var refused atomic.Bool
	listed := `{"projects":[{"id":101,"name":"shop",` + app + `},{"id":102,"name":"Shop",` + app + `}]}`
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
			switch {
			case r.URL.Path != "/v1/projects":
			case r.Method == http.MethodPost:
				refused.Store(true)
				return http.StatusConflict, `{"error":"App \"shop\" already exists in this organization"}`, true
			case refused.Load():
				return http.StatusOK, listed, true
			}
			return 0, "", false
		})})
	for _, list := range []string{listed,
		// Listed once, but the app read by its ID is another (analytics-app): not the one taken.
		`{"projects":[{"id":101,"name":"shop",` + app + `}]}`} {
		before := apiCalls(h)
		listed = list
		refused.Store(false)
		got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
		mustContain(t, "create_and_deploy_app", got, "409")
		for _, op := range []string{"updateProject", "createProjectDeployment", "upsertProjectSecret"} {
			if n := h.emu.Calls(op) - before[op]; n != 0 {
				t.Errorf("%s reached the API %d times:\n%s", op, n, got)
			}
		}
	}
}

// r51HostileDeployment is a deployment object of analytics-app for a canned list.
func r51HostileDeployment(id int, status, created string) string {
	return fmt.Sprintf(`{"id":%d,"status":%q,"created_at":%q,"replicas":1,"image_tag":"2.3.2"}`, id, status, created)
}

// TestR51HostileDeploymentListedTwice: a deployments list naming 1003 twice said "4 deployments
// of analytics-app (101)" with two rows of 1003. A deployment is shown and counted once, the
// repeat said, and the next page's offset still counts the API's entries.
func TestR51HostileDeploymentListedTwice(t *testing.T) {
	d3 := r51HostileDeployment(1003, "succeeded", "2026-11-21T12:00:00.000Z")
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects/101/deployments$`), status: 200, body: `{"deployments":[` + d3 + `,` + d3 + `,` +
		r51HostileDeployment(1002, "failed", "2026-11-20T12:00:00.000Z") + `,` + r51HostileDeployment(1001, "succeeded", "2026-11-19T12:00:00.000Z") + `]}`}}
	res := h.call(t, "list_deployments", map[string]any{"app": "analytics-app"})
	got := text(res)
	var out struct {
		Deployments []struct {
			ID int64 `json:"id"`
		} `json:"deployments"`
	}
	structured(t, res, &out)
	mustContain(t, "list_deployments", got, "3 deployments of analytics-app (101)", "The Spice.ai API listed deployment 1003 twice; it is shown once.")
	if n := strings.Count(got, "| 1003 |"); n != 1 || len(out.Deployments) != 3 {
		t.Errorf("1003 in %d rows, %d deployments in structured content:\n%s", n, len(out.Deployments), got)
	}
	// A page of two: 1003 and 1002, the next from the API's fourth entry (offset 3).
	got = h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 2})
	mustContain(t, "a page of two", got, "2 deployments of analytics-app (101)", `"offset":3`)
}

// TestR51HostileOddDeploymentFields: a deployment answered with replicas -3, started before it
// was created, finished before it started and created in the future (the harness's clock reads
// 2026-11-22 12:00Z) was shown as a normal one: get_deployment left replicas and finished_at
// out without a word, list_deployments showed an empty Replicas cell. Each is now said to be
// odd, in the API's words, with the value.
func TestR51HostileOddDeploymentFields(t *testing.T) {
	const odd = `{"id":1003,"status":"succeeded","created_at":"2027-01-01T12:00:00.000Z","started_at":"2026-11-21T12:05:00.000Z",` +
		`"finished_at":"2026-11-21T12:01:00.000Z","replicas":-3,"image_tag":"2.3.2"}`
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects/101/deployments$`), status: 200, body: `{"deployments":[` + odd + `,` +
		r51HostileDeployment(1002, "failed", "2026-11-20T12:00:00.000Z") + `]}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/projects/101/deployments/1003$`), status: 200, body: odd}}
	want := []string{"replicas -3, which no deployment has", "started_at 2026-11-21 12:05Z is before created_at 2027-01-01 12:00Z",
		"finished_at 2026-11-21 12:01Z is before started_at 2026-11-21 12:05Z", "created_at 2027-01-01 12:00Z is in the future (this server's clock reads 2026-11-22 12:00Z)"}
	mustContain(t, "get_deployment", h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}),
		append([]string{"- Replicas: -3", "- Odd in the API's answer: "}, want...)...)
	got := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"})
	mustContain(t, "list_deployments", got, append([]string{"all of image tag 2.3.2:", "| 1003 | ✅ succeeded | 2027-01-01 12:00Z | -3 |", "Odd in the API's answer: deployment 1003: "}, want...)...)
	if strings.Contains(got, "deployment 1002:") {
		t.Errorf("names 1002, which is not odd:\n%s", got)
	}
}

// TestR51HostileMemberListRepeatsAndUnknownRoles: a member list naming user 2 twice said "3
// members" with two rows of bob; a role the API does not document (superuser) was shown as any
// other, in list_members and get_member. A member is now shown and counted once, the repeat
// said, and a role the API does not document is named as such: what it allows is the API's to say.
func TestR51HostileMemberListRepeatsAndUnknownRoles(t *testing.T) {
	const bob = `{"user_id":2,"username":"bob","roles":["superuser","member"],"created_at":"2026-01-01T00:00:00.000Z"}`
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/members$`), status: 200, body: `{"members":[` + bob +
		`,{"user_id":1,"username":"alice","roles":["owner"],"is_owner":true,"created_at":"2026-01-01T00:00:00.000Z"},` + bob + `]}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/members/2$`), status: 200, body: bob}}
	const unknown = "superuser is not a role the Spice.ai API documents (owner, admin, member, viewer, billing): what it allows is not known here, and the API decides."
	res := h.call(t, "list_members", map[string]any{})
	got := text(res)
	var out struct {
		Members []struct {
			UserID int64 `json:"user_id"`
		} `json:"members"`
		Total int `json:"total"`
	}
	structured(t, res, &out)
	mustContain(t, "list_members", got, "2 members in the token's own organization; its owner is alice (user 1):", "The Spice.ai API listed user 2 twice; shown once.", unknown)
	if n := strings.Count(got, "| 2 | bob |"); n != 1 || len(out.Members) != 2 || out.Total != 2 {
		t.Errorf("bob in %d rows, %d members (total %d) in structured content:\n%s", n, len(out.Members), out.Total, got)
	}
	mustContain(t, "get_member", h.ok(t, "get_member", map[string]any{"member": "id:2"}), unknown)
}

// TestR51HostileLogLinesWithControlSequences: log lines holding ANSI colour and screen codes, an
// OSC title sequence, BEL, NUL, a carriage return, invalid UTF-8 and a bidi override (held: no
// test drove them through the tool): the result is valid UTF-8 JSON, and neither its text nor
// its structured lines carry a control character or escape a terminal would act on.
func TestR51HostileLogLinesWithControlSequences(t *testing.T) {
	lines := `{"lines":["\u001b[31mERROR\u001b[0m boom","nul:\u0000here","bell\u0007 osc \u001b]0;pwned\u0007 csi \u001b[2J cr\rover",` +
		`"bad utf8: ` + "\xff\xfe" + ` end","bidi \u202egnp.exe"]}`
	answers := []canned{{method: "GET", path: regexp.MustCompile(`/instances/[^/]+/logs$`), status: 200, body: lines}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	all := everything(res)
	if res.IsError || !utf8.ValidString(all) || !json.Valid([]byte(all)) {
		t.Fatalf("want a valid UTF-8 JSON result:\n%q", all)
	}
	var out struct {
		Lines []string `json:"lines"`
	}
	structured(t, res, &out)
	for _, s := range append(out.Lines, text(res)) {
		if i := strings.IndexFunc(s, func(r rune) bool {
			return r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u202e')
		}); i >= 0 {
			t.Errorf("control character %q reaches the user at %d: %q", s[i:i+1], i, s)
		}
		if strings.Contains(s, "pwned") {
			t.Errorf("the OSC sequence's payload shows: %q", s)
		}
	}
	mustContain(t, "get_instance_logs", text(res), "ERROR boom", "bad utf8: \ufffd\ufffd end")
}

// TestR51HostileTenThousandRegionsImagesClusters: 10,000 regions, runtime images and clusters.
// list_regions (no offset) and list_container_images (paged) stay within the result budget
// and say what they leave out and how to see it (held). create_and_deploy_app refusing a region
// or cluster not listed named every code the API listed: 79,045 bytes, cut by the result bound.
// Its refusal now names ten and how many more, with the tool that lists them.
func TestR51HostileTenThousandRegionsImagesClusters(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	regions, images, clusters := make([]string, 10000), make([]string, 10000), make([]string, 10000)
	for i := range 10000 {
		regions[i] = fmt.Sprintf(`{"name":"Region %d","region":"r-%d","cname":"r%d","provider":"aws","providerName":"AWS"}`, i, i, i)
		images[i] = fmt.Sprintf(`{"name":"spiceai %d","tag":"1.%d.0","channel":"stable"}`, i, i)
		clusters[i] = fmt.Sprintf(`{"cluster_name":"cl-%d","infra_cluster_name":"hw-%d","endpoint":"c%d.internal","region":"us-west-2","cloud_provider":"aws"}`, i, i, i)
	}
	answers := []canned{{method: "GET", path: regexp.MustCompile(`^/v1/regions$`), status: 200, body: `{"regions":[` + strings.Join(regions, ",") + `],"default":"r-1"}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/container-images$`), status: 200, body: `{"images":[` + strings.Join(images, ",") + `],"default":"1.1.0"}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/clusters$`), status: 200, body: `{"clusters":[` + strings.Join(clusters, ",") + `]}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	within := func(tool string, args map[string]any, want ...string) string {
		t.Helper()
		res := h.call(t, tool, args)
		got := text(res)
		if raw, _ := json.Marshal(res); len(raw) > 20000 || strings.Contains(got, "⚠️ Cut") {
			t.Errorf("%s: %d bytes, past the result budget:\n%.400s", tool, len(raw), got)
		}
		mustContain(t, tool, got, want...)
		return got
	}
	within("list_regions", nil, "10,000 regions", "of 10,000: the other", "are left out")
	within("list_container_images", nil, "Showing images 1–50 of 10,000.", `list_container_images {"offset":50}`)
	within("list_container_images", map[string]any{"offset": 9950}, "Showing images 9,951–10,000 of 10,000 (the last page).", "| 1.9999.0 |")
	spicepod := "version: v1\nkind: Spicepod\nname: s\n"
	within("create_and_deploy_app", map[string]any{"name": "shop", "region": "us-east-1", "spicepod": spicepod},
		"\"us-east-1\" is not an available region\nWhat to do: Choose one of", "r-9, … (9,990 more; see list_regions)")
	within("create_and_deploy_app", map[string]any{"name": "shop", "cluster_name": "nope", "spicepod": spicepod},
		"\"nope\" is not a dedicated cluster of this organization\nWhat to do: Choose one of", "cl-9, … (9,990 more; see list_clusters)")
}

// TestR51HostileLogsIgnoringTail: an API that ignores tail and answers every logs request
// with the same 1,000 lines (held): each result fits the budget and names the call for the older
// lines; following those calls walks back through all 1,000 once, each line shown once, and
// ends.
func TestR51HostileLogsIgnoringTail(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	lines := make([]string, 1000)
	for i := range lines {
		lines[i] = fmt.Sprintf("%q", fmt.Sprintf("line %04d %s", i, strings.Repeat("x", 90)))
	}
	answers := []canned{{method: "GET", path: regexp.MustCompile(`/instances/[^/]+/logs$`), status: 200, body: `{"lines":[` + strings.Join(lines, ",") + `]}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	next := regexp.MustCompile("`get_instance_logs (\\{[^`]*\\})`")
	seen := map[string]int{}
	args := map[string]any{"app": "analytics-app", "tail": 5}
	for calls := 1; ; calls++ {
		if calls > 60 {
			t.Fatalf("still paging after %d calls", calls)
		}
		res := h.call(t, "get_instance_logs", args)
		if raw, _ := json.Marshal(res); res.IsError || len(raw) > 20000 {
			t.Fatalf("call %d: error %v, %d bytes:\n%.600s", calls, res.IsError, len(raw), text(res))
		}
		var out struct {
			Lines []string `json:"lines"`
			Older int      `json:"older_left_out"`
		}
		structured(t, res, &out)
		for _, l := range out.Lines {
			seen[l[:9]]++
		}
		m := next.FindStringSubmatch(text(res))
		if out.Older == 0 || m == nil {
			if out.Older != 0 {
				t.Fatalf("call %d: %d older lines left out and no call for them:\n%s", calls, out.Older, text(res))
			}
			break
		}
		args = map[string]any{}
		if err := json.Unmarshal([]byte(m[1]), &args); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 1000 {
		t.Errorf("%d distinct lines shown, want 1,000", len(seen))
	}
	for l, n := range seen {
		if n != 1 {
			t.Errorf("%s shown %d times", l, n)
		}
	}
}

// TestR51HostileOrgListedTwice: an organizations list naming sandbox twice, as viewer and as
// owner, and acme-labs twice as admin: list_orgs showed four rows; whoami said "role: owner"
// while delete_secret was refused as a viewer's. An organization listed again as it was is
// shown once; one listed with two roles leaves the caller's role there unknown (the API
// decides), said in list_orgs, and no tool refuses or claims by either.
func TestR51HostileOrgListedTwice(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	answers := []canned{{method: "GET", path: regexp.MustCompile(`^/v1/orgs$`), status: 200, body: `{"orgs":[{"id":1,"name":"sandbox","role":"viewer",` + at +
		`},{"id":1,"name":"sandbox","role":"owner",` + at + `},{"id":2,"name":"acme-labs","role":"admin",` + at + `},{"id":2,"name":"acme-labs","role":"admin",` + at + `}]}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "sandbox", safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	got := h.ok(t, "list_orgs", nil)
	mustContain(t, "list_orgs", got, "3 organizations you belong to", "The Spice.ai API lists sandbox more than once, with different roles: your role there is not known here, and the API decides.")
	if n := strings.Count(got, "| acme-labs |"); n != 1 {
		t.Errorf("acme-labs in %d rows:\n%s", n, got)
	}
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "- Organization: sandbox (SPICE_ORG), role: unknown")
	if got := text(h.call(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})); strings.Contains(got, "your role in sandbox is viewer") {
		t.Errorf("delete_secret refused by one of two listed roles:\n%s", got)
	}
}

// TestR51HostileInstanceListedTwice: an instance list naming one pod twice said "2 instances of
// analytics-app (101)" with two rows of it. Pod names are unique: it is shown and counted once,
// the repeat said. (Whether a listed instance is another app's cannot be told: the answer names
// no app, and pod names follow no documented rule.)
func TestR51HostileInstanceListedTwice(t *testing.T) {
	answers := []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects/101/instances$`), status: 200,
		body: `{"instances":[{"name":"analytics-app-1","status":"ready"},{"name":"analytics-app-2","status":"starting"},{"name":"analytics-app-1","status":"ready"}]}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "list_instances", map[string]any{"app": "analytics-app"})
	got := text(res)
	var out struct {
		Instances []struct {
			Name string `json:"name"`
		} `json:"instances"`
		Total int `json:"total"`
	}
	structured(t, res, &out)
	mustContain(t, "list_instances", got, "2 instances of analytics-app (101)", "The Spice.ai API listed instance analytics-app-1 twice; shown once.")
	if n := strings.Count(got, "| analytics-app-1 |"); n != 1 || len(out.Instances) != 2 || out.Total != 2 {
		t.Errorf("analytics-app-1 in %d rows, %d instances (total %d) in structured content:\n%s", n, len(out.Instances), out.Total, got)
	}
}
