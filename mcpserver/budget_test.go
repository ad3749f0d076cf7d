package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// resultTokens counts the o200k tokens of each form of a result: its text and its structured
// content as JSON.
func resultTokens(res *mcp.CallToolResult) (textTokens, structuredTokens int) {
	raw, _ := json.Marshal(res.StructuredContent)
	if res.StructuredContent == nil {
		raw = nil
	}
	return tokens.Count(text(res)), tokens.Count(string(raw))
}

// withinBudget fails the test when a form of the result is over the budget, and returns the
// larger of the two counts.
func withinBudget(t *testing.T, what string, res *mcp.CallToolResult) int {
	t.Helper()
	tt, st := resultTokens(res)
	if tt > present.ResultTokens || st > present.ResultTokens {
		t.Errorf("%s: %d text and %d structured tokens, over the budget of %d", what, tt, st, present.ResultTokens)
	}
	return max(tt, st)
}

// bigOrganization is an organization with apps apps (long descriptions, several tags), 600
// members, and one app, big-000, with 500 deployments, 300 secrets and a spicepod of about
// 2,400 lines.
func bigOrganization(t *testing.T, apps int) (*harness, int64) {
	t.Helper()
	members := make([]string, 600)
	for i := range members {
		members[i] = fmt.Sprintf("member-%04d", i)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{QueuedFor: time.Second, RunsFor: time.Second,
		Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: members}}}})
	ctx := context.Background()
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	var first int64
	for i := range apps {
		app, err := api.CreateApp(ctx, client.CreateAppRequest{Name: fmt.Sprintf("big-%03d", i), Region: "us-west-2",
			Description: strings.Repeat(fmt.Sprintf("Analytics for team %d, with forecasts and dashboards. ", i%13), 5),
			Tags: map[string]string{"team": fmt.Sprintf("team-%d", i%13), "env": "production", "owner": "data-platform",
				"cost_center": fmt.Sprintf("cc-%06d", i*7919%1000000), "tier": "gold"}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = app.ID
		}
	}
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: big-000\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n    params:\n      pg_host: db.example.com\n      pg_db: sales\n    acceleration:\n      enabled: true\n", i, i)
	}
	if _, err := api.UpdateApp(ctx, first, client.UpdateAppRequest{Spicepod: pod.String()}); err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		if _, err := api.CreateDeployment(ctx, first, client.CreateDeploymentRequest{Branch: "main",
			CommitSHA: fmt.Sprintf("%040x", i*7919), CommitMessage: "Refresh the orders datasets and their acceleration, run " + fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(3 * time.Second)
	}
	for i := range 300 {
		if _, err := api.UpsertSecret(ctx, first, fmt.Sprintf("WAREHOUSE_PASSWORD_%03d", i), "example-value"); err != nil {
			t.Fatal(err)
		}
	}
	return h, first
}

// walk pages through a list tool from offset 0 as an agent reading the text would, calling
// exactly what each page's note names (noteCall), checks every page against the budget and
// returns the IDs of every item seen and the number of pages.
func walk(t *testing.T, h *harness, tool string, args map[string]any, list, id string) ([]string, int) {
	t.Helper()
	var ids []string
	pages, largest := 0, 0
	call := args
	for offset := 0; ; pages++ {
		res := h.call(t, tool, call)
		if res.IsError {
			t.Fatalf("%s %v: %s", tool, call, text(res))
		}
		largest = max(largest, withinBudget(t, fmt.Sprintf("%s offset %d", tool, offset), res))
		var page map[string]any
		structured(t, res, &page)
		items, _ := page[list].([]any)
		for _, item := range items {
			ids = append(ids, fmt.Sprint(item.(map[string]any)[id]))
		}
		next, more := page["next_offset"].(float64)
		if !more {
			if len(items) > 0 && offset > 0 && !strings.Contains(text(res), "the last page") && !strings.Contains(text(res), "Showing") {
				t.Errorf("%s offset %d: the last page does not say where it is:\n%s", tool, offset, text(res))
			}
			break
		}
		named, ok := noteCall(t, text(res), tool)
		if !ok || named["offset"] != next {
			t.Fatalf("%s offset %d: the text does not name the call for the next page (offset %d):\n%s", tool, offset, int(next), lastLines(text(res)))
		}
		for k, v := range args {
			if named[k] != v && fmt.Sprint(named[k]) != fmt.Sprint(v) {
				t.Errorf("%s offset %d: the next page's call %v drops %s %v", tool, offset, named, k, v)
			}
		}
		call = named
		if int(next) <= offset || len(items) == 0 {
			t.Fatalf("%s offset %d: next_offset %v does not advance", tool, offset, next)
		}
		offset = int(next)
	}
	t.Logf("%-22s %4d items in %3d pages, largest page %d tokens", tool, len(ids), pages+1, largest)
	return ids, pages + 1
}

func lastLines(s string) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-3):], "\n")
}

func distinct(t *testing.T, what string, ids []string, want int) {
	t.Helper()
	sorted := slices.Sorted(slices.Values(ids))
	if len(slices.Compact(sorted)) != len(ids) || len(ids) != want {
		t.Errorf("%s: %d items seen, %d distinct, want %d", what, len(ids), len(slices.Compact(slices.Clone(sorted))), want)
	}
}

// TestListsPageWithinBudget is issue 13's acceptance 5: in an organization with 1,000 apps and
// an app with 500 deployments, every list result — text and structured content — stays within
// the budget, and following the pages reaches every item exactly once. Each page of list_apps
// reads the whole list, which the race detector makes minutes of encoding/json (as in
// TestR35BudgetDenseAppLists), so under it 250 apps make the pages: the same pages, fewer of them.
func TestListsPageWithinBudget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	if testing.Short() {
		t.Skip("seeds 1,000 apps")
	}
	n := 1000
	if raceDetector {
		n = 250
	}
	h, big := bigOrganization(t, n)
	app := fmt.Sprint(big)

	apps, pages := walk(t, h, "list_apps", nil, "apps", "id")
	distinct(t, "list_apps", apps, n)
	if pages < 2 {
		t.Errorf("%d apps on %d page", n, pages)
	}
	deps, _ := walk(t, h, "list_deployments", map[string]any{"app": app, "limit": 100}, "deployments", "id")
	distinct(t, "list_deployments limit 100", deps, 500)
	deps, _ = walk(t, h, "list_deployments", map[string]any{"app": "big-000"}, "deployments", "id")
	distinct(t, "list_deployments default limit", deps, 500)
	secrets, _ := walk(t, h, "list_secrets", map[string]any{"app": app}, "secrets", "name")
	distinct(t, "list_secrets", secrets, 300)
	members, _ := walk(t, h, "list_members", nil, "members", "user_id")
	distinct(t, "list_members", members, 601)
	images, _ := walk(t, h, "list_container_images", nil, "images", "tag")
	if len(images) == 0 {
		t.Error("list_container_images: no images")
	}

	// A spicepod too long for one result comes in line ranges that add up to all of it.
	var lines []string
	total := 0
	for offset, parts := 0, 0; ; parts++ {
		res := h.call(t, "get_app", map[string]any{"app": "big-000", "spicepod_offset": offset})
		withinBudget(t, fmt.Sprintf("get_app spicepod_offset %d", offset), res)
		var view struct {
			Config struct {
				Spicepod any `json:"spicepod"`
			} `json:"config"`
			Lines *present.SpicepodWindow `json:"spicepod_lines"`
		}
		structured(t, res, &view)
		if view.Lines == nil || view.Config.Spicepod != nil {
			t.Fatalf("get_app offset %d: a long spicepod is not shown by lines: %s", offset, lastLines(text(res)))
		}
		if view.Lines.FromLine != offset+1 || !strings.Contains(text(res), view.Lines.YAML) {
			t.Fatalf("get_app offset %d: lines %d–%d, text:\n%s", offset, view.Lines.FromLine, view.Lines.ToLine, lastLines(text(res)))
		}
		lines = append(lines, strings.Split(strings.TrimSuffix(view.Lines.YAML, "\n"), "\n")...)
		total = view.Lines.TotalLines
		if view.Lines.NextOffset == 0 {
			t.Logf("get_app: a spicepod of %d lines in %d parts", total, parts+1)
			break
		}
		if call, ok := noteCall(t, text(res), "get_app"); !ok || call["spicepod_offset"] != float64(view.Lines.NextOffset) || call["app"] != "big-000" {
			t.Errorf("get_app offset %d: the text does not name the next part's call: %v", offset, call)
		}
		offset = view.Lines.NextOffset
	}
	if len(lines) != total || !slices.Contains(lines, "    name: orders_399") || !slices.Contains(lines, "    name: orders_000") {
		t.Errorf("the spicepod's parts hold %d of %d lines", len(lines), total)
	}
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"describe_app", map[string]any{"app": "big-000"}, "and 250 more (`list_secrets {\"app\":\"big-000\",\"offset\":50}` shows them)"},
		{"update_app", map[string]any{"app": "big-000", "description": "Orders"}, `"spicepod_offset":`},
		{"wait_for_deployment", map[string]any{"app": "big-000"}, "succeeded"},
		{"whoami", nil, "tools"},
	} {
		res := h.call(t, tc.tool, tc.args)
		withinBudget(t, tc.tool, res)
		mustContain(t, tc.tool, text(res), tc.want)
	}
}

// TestResultGuard: an app whose tags alone are longer than the budget (400 tags) had its
// structured content replaced by the guard's note; its tags are now shortened in the text and in
// structured content alike (the first that fit, with their number), so nothing is cut. (The
// guard itself, for every tool's schema, is tested in tools' paging tests.)
func TestResultGuard(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	tags := map[string]any{}
	for i := range 400 {
		tags[fmt.Sprintf("orders-pipeline-dataset-%03d", i)] = "refresh-hourly"
	}
	res := h.call(t, "create_app", map[string]any{"name": "huge-app", "tags": tags})
	withinBudget(t, "create_app with 400 tags", res)
	mustContain(t, "shortened tag list", text(res), "of 400 tags shown)", "- Spicepod:")
	var d struct {
		ID        int64             `json:"id"`
		Note      string            `json:"cut"`
		Tags      map[string]string `json:"tags"`
		Shortened map[string]int    `json:"shortened"`
	}
	structured(t, res, &d)
	if d.ID == 0 || d.Note != "" || d.Shortened["tags"] != 400 || len(d.Tags) == 0 || len(d.Tags) >= 400 {
		t.Errorf("structured content is cut, or its tags are not shortened with their number: id %d, cut %q, %d tags, %v", d.ID, d.Note, len(d.Tags), d.Shortened)
	}
}

// TestInstructions: the server's instructions reach the client, lead with the workflows and
// the safety model, and name only tools that exist. They say how actions are approved as the
// confirmation mode in force does it: a person (the default), the agent's confirm, or not at all.
func TestInstructions(t *testing.T) {
	for _, tc := range []struct {
		mode         tools.ConfirmMode
		says, denies []string
	}{
		{"", []string{"approves", "never answer in their place", "storing a server file or variable as a secret"}, nil},
		{tools.ConfirmAgent, []string{"in confirm"}, []string{"approve"}},
		{tools.ConfirmOff, nil, []string{"approve", "confirm"}},
	} {
		// As over stdio, where set_secret may read the server's environment and files.
		h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tc.mode}, local: &tools.LocalSources{Getenv: func(string) string { return "" }}})
		res, err := testutil.Initialize(context.Background(), h.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
		if err != nil {
			t.Fatal(err)
		}
		if tc.mode == "" && res.Instructions != present.InstructionsFor("human", nil, true) {
			t.Errorf("initialize carries other instructions:\n%s", res.Instructions)
		}
		mustContain(t, "instructions "+string(tc.mode), res.Instructions, append([]string{"create_and_deploy_app", "wait_for_deployment",
			"rotate_api_keys", "describe_app", "out of band", "project"}, tc.says...)...)
		for _, no := range tc.denies {
			if strings.Contains(res.Instructions, no) {
				t.Errorf("--confirm=%s: the instructions say %q:\n%s", tc.mode, no, res.Instructions)
			}
		}
		for _, name := range regexp.MustCompile(`\b[a-z]+(?:_[a-z0-9]+)+\b`).FindAllString(res.Instructions, -1) {
			if _, ok := tools.ByName(name); !ok {
				t.Errorf("the instructions name %q, which is not a tool", name)
			}
		}
		n := tokens.Count(res.Instructions)
		t.Logf("instructions (--confirm=%s): %d o200k tokens", tc.mode, n)
		if n > 450 {
			t.Errorf("instructions cost %d tokens", n)
		}
	}
}

// TestInstructionsNameOnlyOfferedTools: under --read-only, --toolsets, --tools and
// --exclude-tools the instructions (initialize, and server/discover in the 2026-07-28 era)
// name only tools tools/list offers, and speak of approvals only when a tool that asks for
// one is offered: an agent is never sent to a tool it cannot call.
func TestInstructionsNameOnlyOfferedTools(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	policies := []tools.Policy{{ReadOnly: true}, {ExcludeTools: []string{"create_and_deploy_app", "get_deployment", "whoami", "list_orgs"}},
		{ExcludeTools: []string{"pause_app"}}, {Tools: []string{"resume_app", "get_instance_logs"}}, {Tools: []string{"check_health", "list_orgs"}}}
	for _, ts := range tools.Toolsets {
		policies = append(policies, tools.Policy{Toolsets: []string{ts}})
	}
	for _, name := range tools.Names() {
		policies = append(policies, tools.Policy{Tools: []string{name}})
	}
	toolName := regexp.MustCompile(`\b[a-z]+(?:_[a-z0-9]+)+\b|\bwhoami\b`)
	local := &tools.LocalSources{Getenv: func(string) string { return "" }}
	for _, policy := range policies {
		for _, protocol := range []string{"", "modern"} {
			h := newHarness(t, harnessOptions{policy: policy, protocol: protocol, local: local})
			var instructions string
			if protocol == "" {
				res, err := testutil.Initialize(context.Background(), h.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
				if err != nil {
					t.Fatal(err)
				}
				instructions = res.Instructions
			} else {
				res, err := h.mcp.Discover(context.Background(), mcp.DiscoverRequest{})
				if err != nil {
					t.Fatal(err)
				}
				instructions = res.Instructions
			}
			listed := map[string]bool{}
			for _, tool := range h.listTools(t) {
				listed[tool.Name] = true
			}
			for _, name := range toolName.FindAllString(instructions, -1) {
				if !listed[name] {
					t.Errorf("%+v (%s): the instructions name %s, which tools/list does not offer:\n%s", policy, protocol, name, instructions)
				}
			}
			// set_secret asks a person before storing what it reads from the server's environment or files.
			asks := listed["set_secret"] || slices.ContainsFunc(tools.All(), func(tool tools.Tool) bool { return tool.AsksApproval() && listed[tool.Name] })
			if says := strings.Contains(instructions, "approves"); says != asks {
				t.Errorf("%+v: the instructions speak of approvals: %t; a tool that asks for one is offered: %t", policy, says, asks)
			}
			for _, a := range present.ApprovalActions {
				if strings.Contains(instructions, a.Action) && !slices.ContainsFunc(present.ApprovalActions, func(b struct{ Tool, Action string }) bool {
					return b.Action == a.Action && listed[b.Tool]
				}) && !(a.Action == "deleting an app" || a.Action == "pausing an app") {
					t.Errorf("%+v: the instructions speak of %s, which no offered tool does", policy, a.Action)
				}
			}
			if listed["resume_app"] && !listed["pause_app"] && strings.Contains(instructions, "Pausing is") {
				t.Errorf("%+v: pausing is said to be a tool that is not offered:\n%s", policy, instructions)
			}
			if !listed["describe_app"] && strings.Contains(instructions, "App state") {
				t.Errorf("%+v: the instructions promise what an app looks like without describe_app:\n%s", policy, instructions)
			}
			if !slices.ContainsFunc(h.listTools(t), func(tool mcp.Tool) bool { return tool.Name != "check_health" && tool.Name != "list_orgs" }) &&
				strings.Contains(instructions, `"org"`) {
				t.Errorf("%+v: no offered tool takes org, yet the instructions describe it:\n%s", policy, instructions)
			}
			if !strings.Contains(instructions, "Long lists are paged") {
				t.Errorf("%+v: the instructions lost their closing line:\n%s", policy, instructions)
			}
		}
	}
}

// TestKeysCarryTheWarningInStructuredContent: every result that carries API keys carries the
// storage warning in its structured content too, since some clients show structured content
// instead of the text. (That it comes first on the wire is checked in tools: the in-process
// client hands structured content over as a map.)
func TestKeysCarryTheWarningInStructuredContent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"get_api_keys", map[string]any{"app": "analytics-app"}},
		{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}},
	} {
		res := h.call(t, tc.tool, tc.args)
		if res.IsError {
			t.Fatalf("%s: %s", tc.tool, text(res))
		}
		var out struct {
			Warning string `json:"warning"`
			APIKey  string `json:"api_key"`
			APIKey2 string `json:"api_key_2"` // a regeneration of one key carries only the new one
		}
		structured(t, res, &out)
		if out.APIKey+out.APIKey2 == "" || out.Warning != present.KeyWarning {
			t.Errorf("%s: structured content without the key warning: %+v", tc.tool, out)
		}
	}
}
