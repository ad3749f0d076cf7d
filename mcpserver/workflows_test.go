package mcpserver_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

const (
	canaryPG     = "canary-pg-password-5b1e"
	canaryOpenAI = "canary-openai-key-8c2d"
)

func deployArgs(name string) map[string]any {
	return map[string]any{
		"name":     name,
		"spicepod": podYAML,
		"secrets":  map[string]any{"PG_PASS": canaryPG, "OPENAI_API_KEY": canaryOpenAI},
		"tags":     map[string]any{"team": "sales"},
		"replicas": 2,
	}
}

func TestCreateAndDeployFromNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	res, err := h.callWithProgress(t, context.Background(), "create_and_deploy_app", deployArgs("sales-app"))
	if err != nil || res.IsError {
		t.Fatalf("create_and_deploy_app: %v %s", err, text(res))
	}
	out := text(res)
	mustContain(t, "result", out, "**sales-app**", "https://sales-app.spice.ai", "✅ succeeded", "| Step | Result |",
		"| check inputs |", "| create app | created in us-west-2 |", "| configure | set spicepod, replicas 2 |",
		"| secret OPENAI_API_KEY | stored (value never shown) |", "| secret PG_PASS |", "| deploy | deployment", "| wait | succeeded")
	var rep struct {
		AppID      int64             `json:"app_id"`
		URL        string            `json:"url"`
		Deployment client.Deployment `json:"deployment"`
		Steps      []map[string]string
	}
	structured(t, res, &rep)
	if rep.Deployment.Status != client.StatusSucceeded || rep.URL != "https://sales-app.spice.ai" || len(rep.Steps) != 7 {
		t.Errorf("structured = %+v", rep)
	}
	if v, ok := h.emu.SecretValue("sandbox", rep.AppID, "PG_PASS"); !ok || v != canaryPG {
		t.Errorf("secret not stored: %q", v)
	}

	events := h.progressUntil(t, "wait: succeeded")
	waits, _ := h.recorded()
	if !slices.Equal(waits, []time.Duration{5 * time.Second}) {
		t.Errorf("waits = %v; the emulator deploys in 5 s, so one 5 s wait", waits)
	}
	joined := strings.Join(events, "\n")
	for _, step := range []string{"check inputs", "create app", "configure", "secret OPENAI_API_KEY", "secret PG_PASS", "deploy", "queued after", "succeeded after", "wait: succeeded"} {
		if !strings.Contains(joined, step) {
			t.Errorf("no progress notification for %q in:\n%s", step, joined)
		}
	}
	if polls := strings.Count(joined, "of sales-app ("); polls != 2 {
		t.Errorf("%d poll notifications, want one per poll (2):\n%s", polls, joined)
	}
	for _, where := range []string{everything(res), joined, h.logs.String()} {
		if strings.Contains(where, canaryPG) || strings.Contains(where, canaryOpenAI) {
			t.Errorf("a secret value leaked into: %.300s", where)
		}
	}
}

func TestCreateAndDeployChecksBeforeAnyChange(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mutations := func() int { // on either route generation
		n := 0
		for _, op := range api.Operations {
			if op.Method != http.MethodGet {
				n += h.emu.Calls(op.ID)
			}
		}
		return n
	}
	for _, tc := range []struct {
		change map[string]any
		want   string
	}{
		// Plan limits (getLimits): the standard plan allows 5 replicas and no pinned image.
		{map[string]any{"replicas": 7}, "replicas: 7 is more than the organization's plan allows (5): ask for 5 or fewer"},
		{map[string]any{"image_tag": "2.3.2"}, "image_tag: Pinning image_tag requires an Enterprise plan (code image_tag_requires_enterprise)"},
		{map[string]any{"image_tag": "9.9.9-unpublished"}, "image_tag: Pinning image_tag requires an Enterprise plan"},
		// acme-labs is Enterprise: pinning passes the plan, an unpublished tag does not.
		{map[string]any{"image_tag": "9.9.9-unpublished", "org": "acme-labs"}, "image_tag: \"9.9.9-unpublished\" is not a published image\nWhat to do: Choose one of 2.3.2"},
		{map[string]any{"replicas": 7, "org": "acme-labs", "name": "fraud-scoring"}, `An app named "fraud-scoring" already exists`},
		{map[string]any{"secrets": map[string]any{"BAD-NAME": "x"}}, "secrets: BAD-NAME: can only contain"},
		{map[string]any{"spicepod": "version: v1\nname: x\n"}, "spicepod: must have kind"},
		{map[string]any{"spicepod": "{{{"}, "spicepod: is not valid YAML"},
		{map[string]any{"name": "analytics-app"}, `An app named "analytics-app" already exists and was not created by create_and_deploy_app`},
		{map[string]any{"spicepod": nil}, "spicepod: Required"},
		{map[string]any{"cname": "mars-1"}, `cname: "mars-1" is not an available region`},
		// Dedicated clusters (listClusters): the cluster must be the organization's, in the region given.
		{map[string]any{"cluster_name": "acme-labs-prod-production"},
			`cluster_name: "acme-labs-prod-production" is not a dedicated cluster of this organization, which has none`},
		{map[string]any{"cluster_name": "nope", "org": "acme-labs"},
			"cluster_name: \"nope\" is not a dedicated cluster of this organization\nWhat to do: Choose one of acme-labs-prod-production, acme-labs-prod-sandbox"},
		{map[string]any{"cluster_name": "acme-labs-prod-production", "region": "us-east-1", "org": "acme-labs"},
			"region: us-east-1 does not match cluster acme-labs-prod-production, which is in us-west-2"},
		{map[string]any{"cluster_name": "acme-labs-prod-production", "cname": "us-west-2", "org": "acme-labs"},
			"cluster_name: cname cannot be combined with cluster_name"},
		{map[string]any{"timeout_seconds": 4000}, "timeout_seconds: must be between 1 and 1,800 seconds"},
		// The set-secret request's body limit, named as the argument: it used to be met after the
		// app was created and the spicepod set ("value: Request body too large").
		{map[string]any{"secrets": map[string]any{"MY_KEY": strings.Repeat("x", 1200<<10)}},
			"secrets.MY_KEY: Too large: the request that stores this secret would be 1,228,828 bytes as sent"},
	} {
		args := deployArgs("checked-app")
		for k, v := range tc.change {
			if v == nil {
				delete(args, k)
			} else {
				args[k] = v
			}
		}
		out := h.fail(t, "create_and_deploy_app", args)
		mustContain(t, "rejected", out, tc.want)
		if strings.Contains(out, "Largest fields") {
			t.Errorf("the refusal names the request's fields, not the argument:\n%.600s", out)
		}
	}
	if n := mutations(); n != 0 {
		t.Errorf("%d mutating API calls for rejected input", n)
	}
}

// TestCreateAndDeployOnADedicatedCluster: cluster_name places the new app on the organization's
// dedicated cluster, and the app then says so.
func TestCreateAndDeployOnADedicatedCluster(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := deployArgs("cluster-app")
	args["org"], args["cluster_name"] = "acme-labs", "acme-labs-prod-sandbox"
	mustContain(t, "deployed", h.ok(t, "create_and_deploy_app", args),
		"us-west-2 (dedicated cluster acme-labs-prod-sandbox)", "✅ succeeded")
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "cluster-app", "org": "acme-labs"}),
		"- Cluster: acme-labs-prod-sandbox", "- Endpoint: https://private-acme-labs-prod-sandbox-us-west-2-prod-data.spiceai.io")
}

// TestCreateAndDeployPlanNamesSecretsToCollect: secrets the spicepod references but nobody set
// do not stop the pre-flight; its summary says the user enters them on a private page.
func TestCreateAndDeployPlanNamesSecretsToCollect(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]any{"name": "pg-app", "spicepod": twoSecretPod, "secrets": map[string]any{"PG_USER": "app"}}
	mustContain(t, "plan", text(h.call(t, "create_and_deploy_app", args)),
		"secret PG_PASS referenced but not set: the user enters it on a private page before deploying")
}

func TestCreateAndDeployResumesAfterAFailure(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.emu.InjectFault(sandbox.Fault{Operation: api.UpsertProjectSecret.ID, Status: 500})
	first := h.call(t, "create_and_deploy_app", deployArgs("resume-app"))
	if !first.IsError {
		t.Fatalf("want a failure, got %s", text(first))
	}
	mustContain(t, "partial failure", text(first), "| create app | created in us-west-2 |", "| secret OPENAI_API_KEY | outcome unknown: may have been applied |", "secret OPENAI_API_KEY (outcome unknown: may have been applied)",
		"500 Internal Server Error", "call create_and_deploy_app again with the same arguments")

	second := h.ok(t, "create_and_deploy_app", deployArgs("resume-app"))
	mustContain(t, "resumed", second, "| create app | reused resume-app", "✅ succeeded")
	id := h.appID(t, "resume-app")
	if n := h.emu.AppCount("sandbox"); n != 1 {
		t.Errorf("apps = %d, want 1", n)
	}
	if n := h.emu.DeploymentCount("sandbox", id); n != 1 {
		t.Errorf("deployments = %d, want 1", n)
	}
	if v, _ := h.emu.SecretValue("sandbox", id, "OPENAI_API_KEY"); v != canaryOpenAI {
		t.Errorf("secret after resume = %q", v)
	}
}

func TestCreateAndDeployFollowsADeploymentInFlight(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	args := deployArgs("flight-app")
	args["wait"] = false
	mustContain(t, "no wait", h.ok(t, "create_and_deploy_app", args), "⏳ queued")
	args["wait"] = true
	mustContain(t, "rerun", h.ok(t, "create_and_deploy_app", args), "was already queued (from an earlier run); following it", "✅ succeeded")
	if n := h.emu.DeploymentCount("sandbox", h.appID(t, "flight-app")); n != 1 {
		t.Errorf("deployments = %d, want 1", n)
	}
}

func TestCreateAndDeployReportsAFailedDeployment(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ok(t, "create_and_deploy_app", deployArgs("fail-app"))
	// The runtime fails to start at the next deployment.
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	args := deployArgs("fail-app")
	delete(args, "spicepod")
	args["replicas"] = 3 // a change: a re-run that changes nothing deploys nothing
	out := h.ok(t, "create_and_deploy_app", args)
	mustContain(t, "failed deployment", out, "**❌ failed** — The Spice runtime failed to start",
		"`unable_to_start` — not retriable", "What to do: The runtime failed to start", "Last 5 log lines of instance", "| wait | failed")
}

func TestWaitForDeploymentBackoffAndTimeout(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: 10 * time.Second, RunsFor: 100 * time.Second}})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})

	out := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": 60})
	// The last wait is cut to end at the timeout, where one more poll tells the state then.
	mustContain(t, "timeout", out, "is still **🔄 in_progress** after 1 min", "resume with `wait_for_deployment {\"app\":\"analytics-app\",\"deployment_id\":")
	waits, _ := h.recorded()
	// 5 s, then every 10 s (api/README §7.6); the last wait cut to end at the timeout.
	if want := []time.Duration{5 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second, 5 * time.Second}; !slices.Equal(waits, want) {
		t.Errorf("waits = %v, want %v", waits, want)
	}

	out = h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "finished", out, "✅ succeeded", "The app is live")
	waits, _ = h.recorded()
	// A new wait starts at 5 s again: 5 s, then 10 s until the deployment ends (100 s in progress).
	if later := waits[7:]; len(later) < 3 || later[0] != 5*time.Second || slices.ContainsFunc(later[1:], func(d time.Duration) bool { return d != 10*time.Second }) {
		t.Errorf("waits = %v; each wait polls 5 s, then every 10 s", waits)
	}

	mustContain(t, "no deployments", h.fail(t, "wait_for_deployment", map[string]any{"app": "docs-search"}), "has no deployments yet")
	mustContain(t, "bad timeout", h.fail(t, "wait_for_deployment", map[string]any{"app": "docs-search", "timeout_seconds": 1801}), "timeout_seconds")
}

// TestWaitForDeploymentStopsOnCancellation: a cancelled wait_for_deployment stops its wait at
// once. Proven by a condition: the call is cancelled once it is waiting (not after a sleep of
// the test's), and its wait must end by the cancellation, not by its timer; a bound of 500 ms
// asserted speed on a shared machine.
func TestWaitForDeploymentStopsOnCancellation(t *testing.T) {
	waiting := make(chan struct{}, 1)
	ended := make(chan error, 1)
	wait := func(ctx context.Context, d time.Duration) error {
		select {
		case waiting <- struct{}{}:
		default:
		}
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
			ended <- nil
			return nil
		case <-ctx.Done():
			ended <- ctx.Err()
			return ctx.Err()
		}
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Hour}, pollSleep: wait})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := h.callWithProgress(t, ctx, "wait_for_deployment", map[string]any{"app": "analytics-app"})
		done <- err
	}()
	select {
	case <-waiting: // inside the first 5 s wait
	case <-time.After(30 * time.Second):
		t.Fatal("wait_for_deployment never waited")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("wait_for_deployment did not stop on cancellation")
	}
	select {
	case err := <-ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the wait ended with %v, want context.Canceled: it was waited out, not stopped", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the wait never ended")
	}
}

func TestRotateAPIKeys(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	var before, afterStart, afterFinish client.APIKeys
	structured(t, h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}), &before)

	mustContain(t, "start unconfirmed", h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}),
		"Confirmation required: replace the secondary API key", "Nothing was changed")
	start := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"})
	mustContain(t, "start", text(start), "Regenerated the **secondary** key", present.KeyWarning, "Valid now: both", `step "finish"`)
	// Each step's result carries only the key it made; the keys as they stand are read.
	structured(t, start, &afterStart)
	if afterStart.APIKey != "" {
		t.Errorf("start repeats the unchanged primary: %+v", afterStart)
	}
	structured(t, h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}), &afterStart)
	if afterStart.APIKey != before.APIKey || afterStart.APIKey2 == before.APIKey2 {
		t.Fatalf("start must replace only the secondary: %+v → %+v", before, afterStart)
	}
	mustContain(t, "finish unconfirmed", h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"}),
		"Confirmation required: replace the primary API key", `confirm set to "analytics-app"`, "Nothing was changed")
	finish := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"})
	mustContain(t, "finish", text(finish), "Regenerated the **primary** key", present.KeyWarning, "switch back to the new primary")
	structured(t, finish, &afterFinish)
	if afterFinish.APIKey2 != "" {
		t.Errorf("finish repeats the unchanged secondary: %+v", afterFinish)
	}
	structured(t, h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}), &afterFinish)
	if afterFinish.APIKey == before.APIKey || afterFinish.APIKey2 != afterStart.APIKey2 {
		t.Fatalf("finish must replace only the primary: %+v → %+v", afterStart, afterFinish)
	}
	if !h.emu.ValidAPIKey(afterStart.APIKey2) || h.emu.ValidAPIKey(before.APIKey) || h.emu.ValidAPIKey(before.APIKey2) {
		t.Error("the secondary from start must still work after finish, and both old keys must not")
	}
}

func TestDescribeApp(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "describe_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "describe", out, "**analytics-app**", "https://analytics-app.spice.ai", "3 deployments, newest first",
		"`OPENAI_API_KEY`, `PG_PASS` (values never shown)", "primary set, secondary set")
	var keys client.APIKeys
	structured(t, h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}), &keys)
	if strings.Contains(out, keys.APIKey) {
		t.Error("describe_app shows an API key")
	}

	// A token without secrets:read still gets the rest, with the gap explained.
	scoped := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: "limited", Org: "sandbox", Scopes: []string{"apps:read", "deployments:read"}}}}, token: "limited"})
	mustContain(t, "scoped", scoped.ok(t, "describe_app", map[string]any{"app": "analytics-app"}),
		"**Secrets**: not available: Spice.ai API error 403", "secrets:read", "primary set")
}

func TestPromptsAndCompletion(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	list, err := h.mcp.ListPrompts(ctx, mcp.ListPromptsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range list.Prompts {
		names = append(names, p.Name)
		if p.Description == "" {
			t.Errorf("%s has no description", p.Name)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"audit_organization", "deploy_app", "rotate_keys", "troubleshoot_deployment"}) {
		t.Fatalf("prompts = %v", names)
	}
	for name, want := range map[string][]string{
		"deploy_app":              {"create_and_deploy_app", "${secrets:NAME}", "https://sales.spice.ai"},
		"rotate_keys":             {`rotate_api_keys with step "start"`, "wait until I confirm", "once I approve", "show me the approval link"},
		"troubleshoot_deployment": {"describe_app", "get_deployment", "list_instances", "get_instance_logs", "unable_to_start", "resume_app", "Failed to pull container image"},
		"audit_organization":      {"list_apps", "describe_app", "Change nothing"},
	} {
		var req mcp.GetPromptRequest
		req.Params.Name = name
		req.Params.Arguments = map[string]string{"app": "analytics-app"}
		switch name {
		case "deploy_app":
			req.Params.Arguments = map[string]string{"name": "sales"}
		case "audit_organization":
			req.Params.Arguments = nil
		}
		res, err := h.mcp.GetPrompt(ctx, req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		body := res.Messages[0].Content.(mcp.TextContent).Text
		mustContain(t, name, body, append(want, "never repeat a secret value")...)
	}
	var missing mcp.GetPromptRequest
	missing.Params.Name = "rotate_keys"
	if _, err := h.mcp.GetPrompt(ctx, missing); err == nil {
		t.Error("rotate_keys without app accepted")
	}
	// An argument the prompt does not take is refused, not dropped; org is taken.
	var unknown mcp.GetPromptRequest
	unknown.Params.Name, unknown.Params.Arguments = "rotate_keys", map[string]string{"app": "fraud-scoring", "organisation": "acme-labs"}
	if _, err := h.mcp.GetPrompt(ctx, unknown); err == nil || !strings.Contains(err.Error(), "takes no argument \"organisation\". What to do: Send only app, org.") {
		t.Errorf("an unknown prompt argument: %v", err)
	}
	unknown.Params.Arguments = map[string]string{"app": "fraud-scoring", "org": "acme-labs"}
	if res, err := h.mcp.GetPrompt(ctx, unknown); err != nil || !strings.Contains(res.Messages[0].Content.(mcp.TextContent).Text, `in the organization "acme-labs"`) {
		t.Errorf("rotate_keys with org: %v", err)
	}

	var complete mcp.CompleteRequest
	complete.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: "rotate_keys"}
	complete.Params.Argument.Name = "app"
	complete.Params.Argument.Value = "ana"
	got, err := h.mcp.Complete(ctx, complete)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Completion.Values, []string{"analytics-app"}) {
		t.Errorf("completion = %v", got.Completion.Values)
	}
	// In the organization the URI's other argument names, not the default one.
	var inOrg mcp.CompleteRequest
	inOrg.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: "spice://orgs/{org}/apps/{app}"}
	inOrg.Params.Argument.Name = "app"
	inOrg.Params.Context.Arguments = map[string]string{"org": "acme-labs"}
	got, err = h.mcp.Complete(ctx, inOrg)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(got.Completion.Values, "analytics-app") || !slices.Contains(got.Completion.Values, "fraud-scoring") {
		t.Errorf("completion in acme-labs = %v", got.Completion.Values)
	}
}

func TestResources(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	list, err := h.mcp.ListResources(ctx, mcp.ListResourcesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, r := range list.Resources {
		uris = append(uris, r.URI)
	}
	slices.Sort(uris)
	if !slices.Equal(uris, []string{"spice://apps", "spice://container-images", "spice://orgs", "spice://regions"}) {
		t.Errorf("resources = %v", uris)
	}
	templates, err := h.mcp.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
	if err != nil || len(templates.ResourceTemplates) != 7 {
		t.Fatalf("templates: %v %+v", err, templates)
	}
	var keys client.APIKeys
	structured(t, h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}), &keys)
	for uri, want := range map[string]string{
		"spice://regions":                        "| Region |",
		"spice://container-images":               "2.3.2",
		"spice://apps":                           "https://analytics-app.spice.ai",
		"spice://apps/analytics-app":             "kind: Spicepod",
		"spice://apps/analytics-app/deployments": "❌ failed",
		"spice://orgs":                           "acme-labs",
		"spice://apps/analytics-app/instances":   "ready",
		// The explicit ID form, as RFC 6570 expands id:101 into {app}.
		"spice://apps/id%3A101/deployments": "❌ failed",
		// The same views in another organization.
		"spice://orgs/acme-labs/apps":                           "fraud-scoring",
		"spice://orgs/acme-labs/apps/nightly-etl":               "**nightly-etl**",
		"spice://orgs/acme-labs/apps/fraud-scoring/deployments": "unable_to_start",
		"spice://orgs/sandbox/apps/analytics-app/instances":     "ready",
	} {
		var req mcp.ReadResourceRequest
		req.Params.URI = uri
		res, err := h.mcp.ReadResource(ctx, req)
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		content := res.Contents[0].(mcp.TextResourceContents)
		mustContain(t, uri, content.Text, want)
		if content.MIMEType != "text/markdown" || strings.Contains(content.Text, keys.APIKey) {
			t.Errorf("%s: mime %q or an API key in it", uri, content.MIMEType)
		}
	}
	var bad mcp.ReadResourceRequest
	bad.Params.URI = "spice://apps/no-such-app"
	if _, err := h.mcp.ReadResource(ctx, bad); err == nil || !strings.Contains(err.Error(), "No app named") {
		t.Errorf("unknown app resource: %v", err)
	}
	bad.Params.URI = "spice://apps/no-such-app/instances"
	if _, err := h.mcp.ReadResource(ctx, bad); err == nil || !strings.Contains(err.Error(), "No app named") {
		t.Errorf("unknown app instances resource: %v", err)
	}
	// An app of another organization is not found in the default one; an organization the
	// caller cannot act in names nothing.
	for uri, want := range map[string]string{
		"spice://apps/fraud-scoring":              "No app named",
		"spice://orgs/no-such-org/apps":           "org_forbidden",
		"spice://orgs/acme-labs/apps/no-such-app": "No app named",
	} {
		bad.Params.URI = uri
		if _, err := h.mcp.ReadResource(ctx, bad); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error containing %q", uri, err, want)
		}
	}
}
