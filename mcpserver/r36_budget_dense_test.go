package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// Round 35 weighed the user's text for one token a byte in the app lists and get_app; every
// other result carrying user-written or API-passed-through text was still fitted by plain bytes
// (held for 1.5 bytes a token): describe_app's spicepod, secret names, members' usernames,
// commit messages and log lines of "a1a1…" went over the 8,000-token budget. Each now weighs
// them as the densest text (denseWeight), and its paging still reaches every item.

// TestR36BudgetDenseSecretsAndMembers: 300 secrets with dense 205-byte names and 600 members
// with dense 403-byte usernames (as the API passes them through), paged: every page within the
// budget in both forms, every item reached.
func TestR36BudgetDenseSecretsAndMembers(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	members := make([]string, 600)
	for i := range members {
		members[i] = fmt.Sprintf("%s%03d", r35Dense("a1", 400), i)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: members}}}})
	api := r35API(t, h)
	ctx := context.Background()
	app, err := api.CreateApp(ctx, client.CreateAppRequest{Name: "dense-secrets", Region: "us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if _, err := api.UpsertSecret(ctx, app.ID, fmt.Sprintf("A%s_%03d", r35Dense("a1", 200), i), "example-value"); err != nil {
			t.Fatal(err)
		}
	}
	secrets, _ := walk(t, h, "list_secrets", map[string]any{"app": "dense-secrets"}, "secrets", "name")
	distinct(t, "list_secrets", secrets, 300)
	found, _ := walk(t, h, "list_members", nil, "members", "user_id")
	distinct(t, "list_members", found, 601)
}

// r36DenseDeployments rewrites the emulator's deployments as an API may send them: every text
// the API passes through (error message, image, image tag, creator) a token a byte.
func r36DenseDeployments(resp *http.Response) error {
	if resp.Request.Method != http.MethodGet || !strings.Contains(resp.Request.URL.Path, "/deployments") || resp.StatusCode != http.StatusOK {
		return nil
	}
	var body any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return err
	}
	resp.Body.Close()
	var densen func(v any)
	densen = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["commit_message"]; ok {
				v["error_message"], v["image"], v["image_tag"] = r35Dense("@-", 400), r35Dense("a1", 100), r35Dense("a1", 100)
				v["created_by"] = r35Dense("a1", 100)
			}
			for _, e := range v {
				densen(e)
			}
		case []any:
			for _, e := range v {
				densen(e)
			}
		}
	}
	densen(body)
	raw, _ := json.Marshal(body)
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	resp.ContentLength = int64(len(raw))
	resp.Header.Set("Content-Length", fmt.Sprint(len(raw)))
	return nil
}

// TestR36BudgetDenseDeployments: 100 deployments with dense commit messages, branches and the
// API's texts, in one list_deployments call of limit 100 and its pages, then get_deployment of
// one.
func TestR36BudgetDenseDeployments(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second},
		upstream: cannedProxy(&[]canned{}, r36DenseDeployments)})
	api := r35API(t, h)
	ctx := context.Background()
	id := h.appID(t, "analytics-app")
	var last int64
	for i := range 100 {
		d, err := api.CreateDeployment(ctx, id, client.CreateDeploymentRequest{Branch: r35Dense("a1", 200),
			CommitSHA: fmt.Sprintf("%040x", i*7919), CommitMessage: fmt.Sprintf("%03d %s", i, r35Dense("@-", 2000))})
		if err != nil {
			t.Fatal(err)
		}
		last = d.ID
		h.clock.Advance(3 * time.Second)
	}
	deps, _ := walk(t, h, "list_deployments", map[string]any{"app": "analytics-app", "limit": 100}, "deployments", "id")
	if len(deps) < 100 {
		t.Errorf("list_deployments reached %d deployments, want 100 or more", len(deps))
	}
	res := h.call(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": last})
	if res.IsError {
		t.Fatalf("get_deployment: %s", text(res))
	}
	withinBudget(t, "get_deployment", res)
}

// TestR36BudgetDenseLogs: 1,000 dense log lines of 300 bytes, followed call by call from the
// newest to the oldest: every result within the budget, every line seen once; and a single
// dense line longer than a result, shortened within it.
func TestR36BudgetDenseLogs(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	for _, c := range []struct {
		name       string
		total, len int
	}{{"short lines", 1000, 300}, {"a line longer than a result", 3, 40000}} {
		t.Run(c.name, func(t *testing.T) {
			up := &logsUpstream{maxTail: 5000, total: c.total, line: func(i int) string { return fmt.Sprintf("%05d %s", i, r35Dense("a1", c.len)) }}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
			args := map[string]any{"app": "analytics-app", "tail": c.total}
			seen := map[string]bool{}
			for calls := 0; ; calls++ {
				if calls > 200 {
					t.Fatal("no end of the left-out calls")
				}
				res := h.call(t, "get_instance_logs", args)
				if res.IsError || strings.Contains(text(res), "Cut:") {
					t.Fatalf("result %d: error or cut:\n%.2000s", calls, text(res))
				}
				withinBudget(t, fmt.Sprintf("get_instance_logs result %d", calls), res)
				var got struct {
					Lines []string `json:"lines"`
					Older int      `json:"older_left_out"`
				}
				structured(t, res, &got)
				if len(got.Lines) == 0 {
					t.Fatalf("result %d: no lines", calls)
				}
				for _, l := range got.Lines {
					seen[l[:5]] = true
				}
				m := nextLogsCall.FindStringSubmatch(text(res))
				if got.Older == 0 {
					break
				}
				if m == nil {
					t.Fatalf("result %d: no call for the older lines:\n%.2000s", calls, lastLines(text(res)))
				}
				args = map[string]any{}
				if err := json.Unmarshal([]byte(m[1]), &args); err != nil {
					t.Fatal(err)
				}
			}
			if len(seen) != c.total {
				t.Errorf("%d of %d lines seen", len(seen), c.total)
			}
		})
	}
}

// TestR36BudgetDenseDescribe: describe_app and get_app of an app whose spicepod is about 11,900
// dense bytes (within a result's bytes, yet half as many again in tokens), with a dense
// description, secret names and commit messages: within the budget in both forms, never cut.
func TestR36BudgetDenseDescribe(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}})
	api := r35API(t, h)
	ctx := context.Background()
	id := h.appID(t, "analytics-app")
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n")
	for i := 0; pod.Len() < 11988-300; i++ {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n    params:\n      pg_db: %s\n", i, i, r35Dense("a1", 200))
	}
	pod.WriteString("  - from: postgres:public.last\n    name: last\n")
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod.String()})
	emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+itoa(id), map[string]any{"description": r35Dense("@-", 30000), "tags": r35DenseTags(8)}, nil)
	for i := range 60 {
		if _, err := api.UpsertSecret(ctx, id, fmt.Sprintf("A%s_%03d", r35Dense("a1", 200), i), "example-value"); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		if _, err := api.CreateDeployment(ctx, id, client.CreateDeploymentRequest{Branch: "main",
			CommitSHA: fmt.Sprintf("%040x", i), CommitMessage: r35Dense("@-", 3000)}); err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(3 * time.Second)
	}
	for _, tool := range []string{"describe_app", "get_app"} {
		res := h.call(t, tool, map[string]any{"app": "analytics-app"})
		if res.IsError || strings.Contains(text(res), "⚠️ Cut") {
			t.Fatalf("%s: error or cut:\n%s", tool, lastLines(text(res)))
		}
		tt, st := resultTokens(res)
		t.Logf("%s: %d text and %d structured tokens", tool, tt, st)
		withinBudget(t, tool, res)
		if tool != "describe_app" {
			continue
		}
		var view struct {
			SecretNames []string `json:"secret_names"`
			SecretCount int      `json:"secret_count"`
			Lines       *struct {
				NextOffset int `json:"next_offset"`
			} `json:"spicepod_lines"`
		}
		structured(t, res, &view)
		if len(view.SecretNames) == 0 || view.SecretCount != 62 || !strings.Contains(text(res), "list_secrets") {
			t.Errorf("describe_app: %d secret names shown of %d (60 added to the demo app's 2), the rest not named with list_secrets", len(view.SecretNames), view.SecretCount)
		}
		if view.Lines == nil || view.Lines.NextOffset == 0 || !strings.Contains(text(res), `"spicepod_offset":`+fmt.Sprint(view.Lines.NextOffset)) {
			t.Errorf("describe_app: the spicepod's first lines without the call for the rest:\n%s", lastLines(text(res)))
		}
	}
}

// TestR36BudgetDenseFailureLogs: get_deployment of a failed deployment whose instance printed
// dense lines (each shown to its first 200 bytes), with the API's dense texts: within the
// budget in both forms, the lines shown.
func TestR36BudgetDenseFailureLogs(t *testing.T) {
	up := &logsUpstream{maxTail: 5000, total: 40, line: func(i int) string { return fmt.Sprintf("%05d %s", i, r35Dense("a1", 300)) }}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: Spicepod\nname: analytics-app\n" +
		"datasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:MISSING_PW}\n"})
	res := h.call(t, "create_deployment", map[string]any{"app": "analytics-app", "commit_message": r35Dense("@-", 3000)})
	var created struct {
		ID int64 `json:"id"`
	}
	structured(t, res, &created)
	for _, tool := range []string{"wait_for_deployment", "get_deployment"} {
		res = h.call(t, tool, map[string]any{"app": "analytics-app", "deployment_id": created.ID})
		if !strings.Contains(text(res), "❌ failed") || !strings.Contains(text(res), "00039 a1a1") {
			t.Errorf("%s: not failed with the newest log line shown:\n%s", tool, lastLines(text(res)))
		}
		tt, st := resultTokens(res)
		t.Logf("%s: %d text and %d structured tokens", tool, tt, st)
		withinBudget(t, tool, res)
	}
}
