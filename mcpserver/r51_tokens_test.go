package mcpserver_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r51TokensCeiling holds each tool's result, called with its valid example on the demo
// sandbox, to a little above its o200k token figure (text, structured content) when it was
// last measured, so a careless change that bloats a result fails here.
var r51TokensCeiling = map[string][2]int{
	"add_member":                     {54, 46},
	"check_health":                   {61, 33},
	"connect_repository":             {90, 29},
	"create_and_deploy_app":          {269, 304},
	"create_app":                     {156, 116},
	"create_deployment":              {137, 73},
	"delete_app":                     {272, 0},
	"delete_app (approved)":          {139, 75},
	"delete_secret":                  {185, 0},
	"delete_secret (approved)":       {48, 37},
	"describe_app":                   {470, 767},
	"fork_app":                       {145, 257},
	"get_api_keys":                   {175, 140}, // r62: how a client sends a key, at the app's endpoint (000:184-197), ~46 tokens; r63: its structured content says it too (usage), +44
	"get_app":                        {230, 238},
	"get_deployment":                 {164, 171},
	"get_instance_logs":              {487, 443},
	"get_limits":                     {138, 57},
	"get_member":                     {74, 44},
	"get_secret":                     {77, 59},
	"list_apps":                      {96, 210},
	"list_clusters":                  {48, 18},
	"list_container_images":          {141, 138},
	"list_deployments":               {268, 508},
	"list_forks":                     {42, 19},
	"list_instances":                 {125, 95},
	"list_members":                   {70, 90},
	"list_orgs":                      {79, 59},
	"list_regions":                   {119, 106},
	"list_secrets":                   {97, 125},
	"pause_app":                      {211, 0},
	"pause_app (approved)":           {69, 25},
	"regenerate_api_key":             {186, 0},
	"regenerate_api_key (approved)":  {165, 102}, // r56: the secondary's next step (000:270-275), ~36 tokens
	"remove_member":                  {186, 0},
	"remove_member (approved)":       {43, 24},
	"resume_app":                     {64, 26},
	"rollback_deployment":            {295, 94},
	"rotate_api_keys":                {190, 0},
	"rotate_api_keys (approved)":     {230, 184},
	"set_secret":                     {59, 75},
	"update_app":                     {237, 236},
	"update_member_roles":            {190, 0},
	"update_member_roles (approved)": {38, 44},
	"wait_for_deployment":            {178, 171},
	"whoami":                         {314, 114},
}

// TestR51TokensResultCosts: what each tool's typical result costs the model that reads it.
// Run with -v for the table.
func TestR51TokensResultCosts(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	type row struct {
		tool          string
		text, struct_ int
		isError       bool
	}
	var rows []row
	for _, tool := range tools.All() {
		res := callResultCase(t, tool.Name, resultCase{args: tool.Examples.Valid}, false, nil)
		tt, st := resultTokens(res)
		rows = append(rows, row{tool.Name, tt, st, res.IsError})
		if res.IsError && strings.Contains(text(res), "http://127.0.0.1:8765/") {
			// The first call asks the user on a page; what the model reads once approved
			// is its own row.
			res = callResultCase(t, tool.Name, resultCase{args: tool.Examples.Valid,
				setup: earlierCallAnswered(tool.Name, tool.Examples.Valid, approved)}, false, nil)
			tt, st = resultTokens(res)
			rows = append(rows, row{tool.Name + " (approved)", tt, st, res.IsError})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].text+rows[i].struct_ > rows[j].text+rows[j].struct_ })
	var b strings.Builder
	var totalText, totalStruct int
	fmt.Fprintf(&b, "\n| tool | text | structured | error |\n|---|---:|---:|---|\n")
	for _, r := range rows {
		totalText += r.text
		totalStruct += r.struct_
		fmt.Fprintf(&b, "| %s | %d | %d | %v |\n", r.tool, r.text, r.struct_, r.isError)
		ceiling, ok := r51TokensCeiling[r.tool]
		if !ok {
			t.Errorf("%s: no ceiling (today: %d text, %d structured)", r.tool, r.text, r.struct_)
			continue
		}
		if r.text > ceiling[0] || r.struct_ > ceiling[1] {
			t.Errorf("%s: %d text and %d structured tokens, over the ceiling of %d and %d", r.tool, r.text, r.struct_, ceiling[0], ceiling[1])
		}
	}
	fmt.Fprintf(&b, "| **total** | %d | %d | |\n", totalText, totalStruct)
	t.Log(b.String())
}

// r51TokensAPI is a direct API client of the harness's emulator, to change the world between calls.
func r51TokensAPI(t *testing.T, h *harness) *client.Client {
	t.Helper()
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// TestR51TokensDeploymentsDropAnEmptyErrorColumn: a page of deployments none of which failed has
// no Error column ("—" on every row says nothing); a page with a failure keeps it.
func TestR51TokensDeploymentsDropAnEmptyErrorColumn(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	succeeded := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "status": "succeeded"})
	if strings.Contains(succeeded, "Error") {
		t.Errorf("succeeded deployments show an Error column:\n%s", succeeded)
	}
	mustContain(t, "succeeded deployments", succeeded, "| 1003 |", "| 1001 |", "main@abc123def456")
	all := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"})
	mustContain(t, "all deployments", all, "| Error |", "unable_to_start: Failed to pull container image")
}

// TestR51TokensImagesNameTheImageOnce: when every runtime image is one image at its tag, the
// list names the image once instead of a column repeating each tag; otherwise the column stays.
func TestR51TokensImagesNameTheImageOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "list_container_images", nil)
	if strings.Contains(out, "| Image |") || strings.Count(out, "spiceai/spiceai") != 1 {
		t.Errorf("the image is repeated on every row:\n%s", out)
	}
	mustContain(t, "images", out, "`spiceai/spiceai:<tag>`", "| 2.3.2 |\n", "| 2.1.1 |")

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/container-images", func(a map[string]any) {
			a["images"] = []any{map[string]any{"name": "spiceai/spiceai:2.3.2", "tag": "2.3.2", "channel": "stable"},
				map[string]any{"name": "ghcr.io/other/runtime:2.3.2-gpu", "tag": "2.3.2-gpu", "channel": "stable"}}
		}))})
	out = h.ok(t, "list_container_images", nil)
	mustContain(t, "mixed images", out, "| Image |", "spiceai/spiceai:2.3.2", "ghcr.io/other/runtime:2.3.2-gpu")
}

// TestR51TokensSecretsDropAnUpdatedColumnThatRepeatsCreated: when no secret was updated since it
// was created, the list says so once instead of a column repeating Created; once one is, the
// column is back.
func TestR51TokensSecretsDropAnUpdatedColumnThatRepeatsCreated(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"})
	if strings.Contains(out, "Updated") {
		t.Errorf("an Updated column repeats Created:\n%s", out)
	}
	mustContain(t, "secrets", out, "| Name | Created (none updated since) |", "| OPENAI_API_KEY | 2026-10-24 12:00Z |", "| PG_PASS |", "never shown")

	h.clock.Advance(time.Hour)
	if _, err := r51TokensAPI(t, h).UpsertSecret(context.Background(), h.appID(t, "analytics-app"), "PG_PASS", "example-value"); err != nil {
		t.Fatal(err)
	}
	out = h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"})
	mustContain(t, "an updated secret", out, "| Name | Created | Updated |", "| PG_PASS | 2026-10-24 12:00Z | 2026-11-22 13:00Z |")
	if strings.Contains(out, "none updated") {
		t.Errorf("says none was updated:\n%s", out)
	}
}

// TestR51TokensDeploymentsDropAnEmptyBranchColumn: deployments created without a branch or
// commit (through the API, as create_and_deploy_app's are) list no Branch/commit column of "—".
func TestR51TokensDeploymentsDropAnEmptyBranchColumn(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": "version: v1\nkind: Spicepod\nname: fresh-app\n"})
	out := h.ok(t, "list_deployments", map[string]any{"app": "fresh-app"})
	if strings.Contains(out, "Branch/commit") || strings.Contains(out, "Error") {
		t.Errorf("columns of — on every row:\n%s", out)
	}
	mustContain(t, "deployments", out, "| ID | Status | Created | Image tag | Replicas |\n", "✅ succeeded")
	all := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"})
	mustContain(t, "analytics-app's deployments", all, "| Branch/commit |", "main@abc123def456")
}

// TestR51TokensImagesPageNamesTheImageOfThoseShown: a page of a longer list says that the images
// it shows are one image, not that every image of the list is (the next page may differ).
func TestR51TokensImagesPageNamesTheImageOfThoseShown(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/container-images", func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				tag := fmt.Sprintf("2.%d.0", i)
				list[i] = map[string]any{"name": "spiceai/spiceai:" + tag, "tag": tag, "channel": "stable"}
			}
			list[59] = map[string]any{"name": "ghcr.io/other/runtime:9.9.9", "tag": "9.9.9", "channel": "stable"}
			a["images"] = list
		}))})
	out := h.ok(t, "list_container_images", nil)
	if !strings.Contains(out, "Next page") && !strings.Contains(out, "offset") {
		t.Fatalf("one page holds the whole list:\n%s", lastLines(out))
	}
	if strings.Contains(out, "60 runtime images, each") {
		t.Errorf("a page claims every image of the list is one image:\n%.300s", out)
	}
	mustContain(t, "a page", out, "(those shown on the stable channel, each `spiceai/spiceai:<tag>`)")
}
