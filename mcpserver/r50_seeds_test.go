package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// The seeds (Spice's agent skill "spice-cloud-management", 000; its deployments guide, 001; the
// OpenAPI fragments of list and create deployment, 002) are the contract: these tests show their
// rules through mcp-go's client over the emulator, its deployments moving through their states
// on the harness clock. Seed texts quoted here are copied from them (nothing reads the seeds).

// r50SeedsPostgresPod is an analytics spicepod reading Postgres with its password from a secret.
const r50SeedsPostgresPod = "version: v1\nkind: Spicepod\nname: sales-analytics\ndatasets:\n" +
	"  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_host: db.example.com\n" +
	"      pg_user: analytics\n      pg_pass: ${secrets:PG_PASS}\n"

// r50SeedsPassword is the user's Postgres password: a canary that must never come back.
const r50SeedsPassword = "Pg-Canary-7fQ2-r50seeds"

// r50SeedsApprover approves every question by typing name, recording each question.
func r50SeedsApprover(name string, mu *sync.Mutex, asked *[]string) func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		mu.Lock()
		*asked = append(*asked, req.Params.Message)
		mu.Unlock()
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
			Content: map[string]any{"name": name}}}, nil
	}
}

// Story 1, "deploy my analytics app with this Postgres password": the seed's create-and-deploy
// workflow (000:239-260: regions, create app, add secrets, deploy, check status) in one call. The
// secret is confirmed, never displayed (000:296 "Never display secret values — confirm
// creation/update only"), in results and logs alike; the deployment is followed through queued and
// in_progress to its end (001:288 "Poll ... until status is succeeded or failed", with backoff,
// 001:354); the result shows the status clearly (000:295) and the app URL (000:298-299).
func TestR50SeedsStoryDeployWithPostgresPassword(t *testing.T) {
	// Long enough that the polls (5 s, then longer) see it queued, in progress, then ended.
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: 8 * time.Second, RunsFor: 20 * time.Second}})
	args := map[string]any{"name": "sales-analytics", "spicepod": r50SeedsPostgresPod,
		"secrets": map[string]any{"PG_PASS": r50SeedsPassword}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := h.callWithProgress(t, ctx, "create_and_deploy_app", args)
	if err != nil {
		t.Fatal(err)
	}
	out := text(res)
	t.Logf("create_and_deploy_app:\n%s", out)
	if res.IsError {
		t.Fatal("the deploy failed")
	}
	events := strings.Join(h.progressUntil(t, "succeeded"), "\n")
	t.Logf("progress:\n%s", events)
	mustContain(t, "progress", events, "queued", "in_progress", "succeeded")
	if waits, _ := h.recorded(); len(waits) == 0 {
		t.Error("the deployment was not polled")
	}
	mustContain(t, "result", out, "**sales-analytics** (105) — https://sales-analytics.spice.ai", "**✅ succeeded**",
		"| create app | created in us-west-2 |", "| secret PG_PASS | stored (value never shown) |", "The app is live")
	for _, s := range []string{"list_secrets", "get_secret", "describe_app", "get_app", "list_deployments"} {
		a := map[string]any{"app": "sales-analytics"}
		if s == "get_secret" {
			a["name"] = "PG_PASS"
		}
		r := h.call(t, s, a)
		if strings.Contains(everything(r), r50SeedsPassword) {
			t.Errorf("%s shows the Postgres password:\n%s", s, text(r))
		}
	}
	if strings.Contains(everything(res), r50SeedsPassword) || strings.Contains(h.logs.String(), r50SeedsPassword) {
		t.Errorf("the Postgres password came back in the result or the logs")
	}
}

// Story 2, "why did the last deploy fail?": fraud-scoring's newest deployment, 1007, failed
// (unable_to_start: PG_PASSWORD is not set). describe_app, where an agent starts, shows the
// error_message (001:290 "If deployment fails, check error_message") and names the call that says
// why; that call gives the reason, the failing instance's log lines and the remedy.
func TestR50SeedsStoryWhyDidTheLastDeployFail(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	app := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
	overview := h.ok(t, "describe_app", app)
	t.Logf("describe_app:\n%s", overview)
	mustContain(t, "describe_app", overview, "| 1007 | ❌ failed |", "unable_to_start: The Spice runtime failed to start",
		"The newest deployment failed: `get_deployment {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\",\"deployment_id\":1007}` shows why")
	why := h.ok(t, "get_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "deployment_id": 1007})
	t.Logf("get_deployment:\n%s", why)
	mustContain(t, "get_deployment", why, "**❌ failed** — The Spice runtime failed to start",
		"not retriable: deploying again unchanged fails the same way",
		"What to do: The runtime failed to start", "set_secret",
		`secret "PG_PASSWORD" is not set`)
}

// Story 3, "rotate my keys without downtime": the seed's order (000:261-275: get current keys,
// regenerate the secondary, update clients to the new secondary, regenerate the primary), each
// replacement approved by a person first, and keys shown with a warning about secure storage
// (000:297). The primary is not replaced before a start step made the secondary clients move to.
func TestR50SeedsStoryRotateKeysWithoutDowntime(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: r50SeedsApprover("analytics-app", &mu, &asked)})
	p0, s0 := emulatorKeys(t, h)

	early := h.call(t, "rotate_api_keys", rotateFinish)
	t.Logf("finish first (isError %v):\n%s", early.IsError, text(early))
	if p, s := emulatorKeys(t, h); !early.IsError || p != p0 || s != s0 || len(asked) != 0 {
		t.Fatalf("a finish before any start replaced a key or asked a person (asked %d)", len(asked))
	}

	keys := h.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"})
	mustContain(t, "get_api_keys", keys, p0, s0, present.KeyWarning)

	start := h.ok(t, "rotate_api_keys", rotateStart)
	t.Logf("start:\n%s", start)
	p1, s1 := emulatorKeys(t, h)
	if p1 != p0 || s1 == s0 {
		t.Fatal("the start step did not replace the secondary key alone")
	}
	mustContain(t, "start", start, "Regenerated the **secondary** key", s1, present.KeyWarning,
		"Valid now: both", "Next: Update every client to the new secondary key, then call rotate_api_keys with step \"finish\"")

	finish := h.ok(t, "rotate_api_keys", rotateFinish)
	t.Logf("finish:\n%s", finish)
	p2, s2 := emulatorKeys(t, h)
	if p2 == p1 || s2 != s1 {
		t.Fatal("the finish step did not replace the primary key alone")
	}
	mustContain(t, "finish", finish, "Regenerated the **primary** key", p2, present.KeyWarning, "Rotation complete")

	t.Logf("questions:\n%s", strings.Join(asked, "\n---\n"))
	if len(asked) != 2 || !strings.HasPrefix(asked[0], "Replace the secondary API key") || !strings.HasPrefix(asked[1], "Replace the primary API key") {
		t.Fatalf("want one approval per step, secondary then primary; got %q", asked)
	}
	mustContain(t, "finish question", asked[1], "every client must already use the new secondary key")
}

// TestR50SeedsTroubleshootingTable: each row of the skill's troubleshooting table (000:300-316),
// the deployments guide's common errors (001:306-340) and create-deployment's status codes
// (002:18: 422, 500, 502), as an agent meets them, with the seed's remedy in the error text.
func TestR50SeedsTroubleshootingTable(t *testing.T) {
	check := func(what string, res *mcp.CallToolResult, want ...string) {
		t.Helper()
		t.Logf("%s:\n%s", what, text(res))
		if !res.IsError {
			t.Errorf("%s: want an error", what)
		}
		mustContain(t, what, text(res), want...)
	}
	// 401: "Check $SPICE_API_TOKEN is set and valid; get a new token from spice.ai".
	bad := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "not-a-token"})
	check("401", bad.call(t, "list_apps", nil), "401", "ask the user to check SPICE_API_TOKEN", "create a new one at https://spice.ai/account")
	// 403: "Token lacks required scope; check scope column".
	scoped := newHarness(t, harnessOptions{token: "read-apps", cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: "read-apps", Org: "sandbox", Scopes: []string{"apps:read"}}}}})
	check("403", scoped.call(t, "list_secrets", map[string]any{"app": "analytics-app"}), "403",
		`The token lacks the "secrets:read" scope`, "issue a token with apps:read, secrets:read")
	check("403 deploy", scoped.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), "403",
		`The token lacks the "deployments:write" scope`)

	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	// 404: "Verify appId with GET /v1/apps; app may have been deleted".
	id := h.appID(t, "docs-search")
	h.ok(t, "delete_app", map[string]any{"app": "docs-search"})
	check("404", h.call(t, "list_secrets", map[string]any{"app": fmt.Sprintf("id:%d", id)}), "404",
		"Pass app a name or ID from list_apps; this one may be deleted")
	// 409 on create app: "App name already exists; choose a different name".
	check("409 create app", h.call(t, "create_app", map[string]any{"name": "analytics-app"}), "409",
		"already exists", "choose a different name")
	// 409 on deployment: "A deployment is already in progress; wait for it to complete".
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	check("409 deploy", h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), "409",
		"A deployment is already in progress", "Deployment 1008 is still queued or in progress: wait for it with `wait_for_deployment")
	// 400 on create secret: "Secret name must start with letter/underscore, alphanumeric +
	// underscores only" — a name broken at its start gets both halves at once, so the next try
	// does not meet the second; one with other characters keeps the API's text.
	const whole = "name: must start with a letter or underscore and can only contain letters, numbers, and underscores"
	check("400 secret 1-bad", h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "1-bad", "value": "x"}), whole)
	check("400 secret bad-name", h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "bad-name", "value": "x"}),
		"name: can only contain letters, numbers, and underscores")
	check("400 secret in create_and_deploy_app", h.call(t, "create_and_deploy_app", map[string]any{"name": "sales-analytics",
		"spicepod": r50SeedsPostgresPod, "secrets": map[string]any{"9PG": "x"}}), "9PG: "+whole[len("name: "):])
	// "Invalid spicepod configuration": "Validate the spicepod syntax".
	check("invalid spicepod", h.call(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: [\n"}),
		"spicepod:", "not valid YAML")
	// "Failed to pull container image": TestR31ImagePullFixHoldsOnEveryPlan.
	// "Spicepod is paused": "Restore the app before deploying".
	h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	check("paused", h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), "Spicepod is paused",
		"resume it with `resume_app {\"app\":\"analytics-app\"}`")
	// 422 "Organization is not fully configured"; 500; 502 "Upstream service failure while
	// provisioning the deployment": a create that may have been applied says how to find out.
	fraud := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
	h.ok(t, "wait_for_deployment", fraud)
	for st, want := range map[int][]string{422: {"not fully set up for deployments"},
		500: {"Outcome unknown", "`list_deployments {"}, 502: {"Upstream service failure", "Outcome unknown", "`list_deployments {"}} {
		h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: st})
		check(fmt.Sprint(st), h.call(t, "create_deployment", fraud), append([]string{fmt.Sprint(st)}, want...)...)
	}
}

// TestR50SeedsNewestFailedPointerOnlyWhereUsable: describe_app names get_deployment for its
// newest failed deployment only where the caller can use it.
func TestR50SeedsNewestFailedPointerOnlyWhereUsable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"get_deployment"}}})
	out := h.ok(t, "describe_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	if strings.Contains(out, "get_deployment") {
		t.Errorf("describe_app names get_deployment, which is hidden:\n%s", out)
	}
	mustContain(t, "describe_app", out, "| 1007 | ❌ failed |")
}

// TestR50SeedsDeploymentCreatorAndSourceApart: a deployment's created_by is the user who created
// it and creation_source what triggered it (001:153-163: api, portal, github, cli); shown apart,
// so "api" never reads as a user.
func TestR50SeedsDeploymentCreatorAndSourceApart(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	queued := h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	t.Logf("create_deployment:\n%s", queued)
	mustContain(t, "create_deployment", queued, "- Created via: api\n")
	if strings.Contains(queued, "Created by: api") {
		t.Errorf("the source reads as the deployment's creator:\n%s", queued)
	}
	failed := firstDeployment(t, h, "analytics-app", "failed")
	old := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": failed})
	t.Logf("get_deployment:\n%s", old)
	mustContain(t, "get_deployment", old, "- Created by: user 1 (via portal)\n")
}

// TestR50SeedsRequestFieldsAsTheSeedsGiveThem: create deployment's fields (000:119-131,
// 001:230-264) reach the API as given; the enterprise image channel (000:226-229) lists; adding a
// member who is one already answers 409 with what to do instead (000:216).
func TestR50SeedsRequestFieldsAsTheSeedsGiveThem(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, emulatorURL string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/deployments") {
				body, _ := io.ReadAll(r.Body)
				mu.Lock()
				bodies = append(bodies, string(body))
				mu.Unlock()
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			proxy.ServeHTTP(w, r)
		})(t, emulatorURL)
	}})
	out := h.ok(t, "create_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "image_tag": "2.3.2-enterprise",
		"replicas": 3, "branch": "main", "commit_sha": "abc123", "commit_message": "Add sales dataset", "debug": true})
	t.Logf("create_deployment:\n%s", out)
	mustContain(t, "create_deployment", out, "⏳ queued", "main@abc123", "Add sales dataset", "wait_for_deployment")
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 1 {
		t.Fatalf("want one create-deployment request, got %q", bodies)
	}
	var sent map[string]any
	if err := json.Unmarshal([]byte(bodies[0]), &sent); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"image_tag": "2.3.2-enterprise", "replicas": 3.0, "branch": "main", "commit_sha": "abc123",
		"commit_message": "Add sales dataset", "debug": true}
	for k, v := range want {
		if sent[k] != v {
			t.Errorf("%s sent as %v, want %v (body %s)", k, sent[k], v, bodies[0])
		}
	}
	images := h.ok(t, "list_container_images", map[string]any{"org": "acme-labs", "channel": "enterprise"})
	t.Logf("list_container_images:\n%s", images)
	mustContain(t, "images", images, "| Tag |", "`spiceai/spiceai-enterprise:<tag>`", "enterprise")
	again := h.fail(t, "add_member", map[string]any{"username": "bob"})
	t.Logf("add_member:\n%s", again)
	mustContain(t, "add_member", again, "409", "already a member", "update_member_roles")
}

// TestR50SeedsListDeploymentsDefaultsAndFilter: list deployments returns 20 by default, newest
// first (000:107, 001:13 and 36-42), and the status filter keeps only that status (000:109).
func TestR50SeedsListDeploymentsDefaultsAndFilter(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs\n"})
	for range 22 {
		h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
		h.clock.Advance(time.Minute)
	}
	var page struct {
		Deployments []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"deployments"`
		NextOffset int `json:"next_offset"`
	}
	res := h.call(t, "list_deployments", map[string]any{"app": "docs-search"})
	structured(t, res, &page)
	if len(page.Deployments) != 20 || page.NextOffset != 20 {
		t.Fatalf("want the first 20 of 22 and the next page at 20, got %d, next %d:\n%s", len(page.Deployments), page.NextOffset, text(res))
	}
	for i := 1; i < len(page.Deployments); i++ {
		if page.Deployments[i].ID > page.Deployments[i-1].ID {
			t.Fatalf("not newest first: %d before %d", page.Deployments[i-1].ID, page.Deployments[i].ID)
		}
	}
	structured(t, h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "status": "failed"}), &page)
	if len(page.Deployments) == 0 {
		t.Fatal("no failed deployment of analytics-app listed")
	}
	for _, d := range page.Deployments {
		if d.Status != "failed" {
			t.Errorf("status filter failed listed deployment %d, %s", d.ID, d.Status)
		}
	}
}

// TestR50SeedsLiveDeploymentSaysWhere: a deployment followed to success says where the app is
// live (000:298-299 "Include the app URL format: https://<app-name>.spice.ai"), as the end of
// the deploy story on an app that exists (set_secret, create_deployment, wait_for_deployment);
// create_and_deploy_app, whose headline has the URL, does not repeat it.
func TestR50SeedsLiveDeploymentSaysWhere(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": r50SeedsPassword})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	waited := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	t.Logf("wait_for_deployment:\n%s", waited)
	mustContain(t, "wait_for_deployment", waited, "The app is live with this configuration.\nURL: https://analytics-app.spice.ai")
	got := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008})
	mustContain(t, "get_deployment", got, "The app is live with this configuration.\nURL: https://analytics-app.spice.ai")
	if strings.Contains(waited+got, "spice.ai.") {
		t.Errorf("a period follows the URL, which a link may take in:\n%s\n%s", waited, got)
	}
	shipped := h.ok(t, "create_and_deploy_app", map[string]any{"name": "sales-analytics", "spicepod": r50SeedsPostgresPod,
		"secrets": map[string]any{"PG_PASS": r50SeedsPassword}})
	if n := strings.Count(shipped, "https://sales-analytics.spice.ai"); n != 1 {
		t.Errorf("create_and_deploy_app shows its URL %d times, want once (the headline):\n%s", n, shipped)
	}
}
