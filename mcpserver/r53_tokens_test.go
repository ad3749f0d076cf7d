package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR53TokensCreatedAppNamedOnce: create_app's first line says the app was created and what
// comes next, without naming the app (name and ID) the heading under it names.
func TestR53TokensCreatedAppNamedOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "create_app", map[string]any{"name": "new-app"})
	if strings.Count(out, "105") != 1 || strings.Contains(out, "Created app new-app") {
		t.Errorf("the app is named twice:\n%s", out)
	}
	mustContain(t, "create_app", out, "App created. Next: set a spicepod with update_app, add secrets with set_secret, then create_deployment.\n\n**new-app** (105) — https://new-app.spice.ai")
}

// TestR53TokensDeployedAppNamedOnce: create_and_deploy_app's deployment line sits under the
// app's heading, so it does not name the app again; nor does a wait that ran out of time.
func TestR53TokensDeployedAppNamedOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	spicepod := "version: v1\nkind: Spicepod\nname: fresh-app\n"
	out := h.ok(t, "create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": spicepod})
	if strings.Contains(out, "Deployment 1008 of") {
		t.Errorf("the deployment line names the app again:\n%s", out)
	}
	mustContain(t, "create_and_deploy_app", out, "**fresh-app** (105) — https://fresh-app.spice.ai\n\nDeployment 1008: **✅ succeeded**\n")

	out = h.ok(t, "create_and_deploy_app", map[string]any{"name": "slow-app", "spicepod": spicepod, "timeout_seconds": 1})
	if strings.Contains(out, "Deployment 1009 of") {
		t.Errorf("the timed-out wait names the app again:\n%s", out)
	}
	mustContain(t, "timed out", out, "**slow-app** (106)", "\n\nDeployment 1009 is still **", `wait_for_deployment {"app":"slow-app","deployment_id":1009}`)

	// wait_for_deployment has no heading: its line keeps the app.
	out = h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "wait_for_deployment", out, "Deployment 1003 of analytics-app (101): **✅ succeeded**")
}

// TestR53TokensImagePinNoteOnce: list_container_images says how pinning a tag works in full on
// its first page only; a later page keeps the one fact a client reading it alone needs (pinning
// needs Enterprise) in a few words.
func TestR53TokensImagePinNoteOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/container-images", func(a map[string]any) {
			var list []any
			for i := range 60 {
				list = append(list, map[string]any{"name": fmt.Sprintf("spiceai/spiceai:2.%d.0", 60-i), "tag": fmt.Sprintf("2.%d.0", 60-i), "channel": "stable"})
			}
			a["images"], a["default"] = list, "2.60.0"
		}))})
	first := h.ok(t, "list_container_images", nil)
	mustContain(t, "first page", first, "Pinning a tag (`image_tag`) needs the Enterprise plan; on other plans choose the runtime with update_app's `update_channel` and `version` instead:",
		`list_container_images {"offset":50}`)
	second := h.ok(t, "list_container_images", map[string]any{"offset": 50})
	if strings.Contains(second, "update_channel") || strings.Contains(second, "on other plans") {
		t.Errorf("the second page repeats the whole pinning note:\n%s", second)
	}
	mustContain(t, "second page", second, "Pinning a tag (`image_tag`) needs the Enterprise plan.\n\n| Tag |", "| 2.1.0 |", "(the last page)")
}

// TestR53TokensUpdatedAppNamedOnce: update_app's first line says what changed, without naming
// the app (name and ID) its heading under it names.
func TestR53TokensUpdatedAppNamedOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "description": "Updated"})
	if strings.Count(out, "101") != 1 {
		t.Errorf("the app is named twice:\n%s", out)
	}
	mustContain(t, "update_app", out, "Updated description.\n\n**analytics-app** (101)")
}

// TestR53TokensRollbackNamesTheAppOnce: rollback_deployment's first sentence names the app, so
// the deployment it queued is "Deployment N" alone under it.
func TestR53TokensRollbackNamesTheAppOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	if strings.Count(out, "analytics-app (101)") != 1 {
		t.Errorf("the app is named twice:\n%s", out)
	}
	mustContain(t, "rollback_deployment", out, "Queued a rollback of analytics-app (101) to deployment 1003", "\n\nDeployment 1008: **⏳ queued**")
}

// TestR53TokensScopeRemedyNamesTheScopeOnce: a 403 for a missing scope, whose message names the
// scope, says what to do without a sentence naming the scope a third time.
func TestR53TokensScopeRemedyNamesTheScopeOnce(t *testing.T) {
	res := callResultCase(t, "get_app", resultCase{token: tokenMembersRead, args: map[string]any{"app": "analytics-app"}}, false, nil)
	out := text(res)
	if strings.Count(out, "apps:read") != 2 || strings.Contains(out, "lacks the") {
		t.Errorf("the scope is named three times:\n%s", out)
	}
	mustContain(t, "403", out, "Required: apps:read\nWhat to do: Ask the user to issue a token with apps:read (or a scope that implies it, or *).")
}

// TestR53TokensRegeneratedKeySaysUnchangedOnce: a regeneration whose result leaves the other
// key out says that key is unchanged and valid once, on its line, not in the sentence above too.
func TestR53TokensRegeneratedKeySaysUnchangedOnce(t *testing.T) {
	args := map[string]any{"app": "analytics-app", "key_number": 2}
	out := text(callResultCase(t, "regenerate_api_key", resultCase{args: args, setup: earlierCallAnswered("regenerate_api_key", args, approved)}, false, nil))
	if strings.Count(out, "unchanged") != 1 {
		t.Errorf("the primary key is said unchanged twice:\n%s", out)
	}
	mustContain(t, "regenerate_api_key", out, "Regenerated the **secondary** key of analytics-app (101). The old secondary key stopped working immediately.\n\n",
		"- Primary (`api_key`): unchanged and still valid, not repeated here (get_api_keys shows it)")
}

// TestR53TokensDeploymentUpdatedTheMinuteItWasCreated: a deployment created, started and last
// updated within one minute (the sandbox's, a fast one) shows that minute once.
func TestR53TokensDeploymentUpdatedTheMinuteItWasCreated(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": "version: v1\nkind: Spicepod\nname: fresh-app\n"})
	if strings.Count(out, "2026-11-22 12:00Z") != 1 {
		t.Errorf("the same minute on several lines:\n%s", out)
	}
	mustContain(t, "create_and_deploy_app", out, "- Created, started and updated: 2026-11-22 12:00Z\n- Image tag:")
	// One updated later keeps its own line (TestR52TokensDeploymentStartedTheMinuteItWasCreated).
	out = h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "get_deployment", out, "- Created and started: 2026-11-21 12:00Z\n- Updated: 2026-11-21 12:02Z\n")
}

// TestR53TokensApprovalLinkSaysItShort: the approval page's instructions say what the agent
// does, and what the link is, in fewer words: no "this client cannot ask the user directly".
func TestR53TokensApprovalLinkSaysItShort(t *testing.T) {
	out := text(callResultCase(t, "pause_app", resultCase{args: map[string]any{"app": "analytics-app"}}, false, nil))
	if strings.Contains(out, "cannot ask the user directly") {
		t.Errorf("the approval text says why the page is used:\n%s", out)
	}
	mustContain(t, "pause_app", out, "Approval needed: pause app analytics-app (101)", "\n\nThe user approves or declines on this one-time page (expires 12:10Z):\n\nhttp://127.0.0.1:8765/human/",
		"\n\nShow the user this link; do not open it yourself. Once they approve, call pause_app again with exactly the same arguments: that call does it, once. Nothing was changed yet.")
}

// TestR53TokensLogLinesSayTheirDateOnce: log lines that all start on one date say it once, in
// the heading, each line keeping its time; the structured lines stay whole. Lines of several
// dates keep theirs.
func TestR53TokensLogLinesSayTheirDateOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]any{"app": "analytics-app", "instance": "analytics-app-70bb4d78-r2g64"}
	res := h.call(t, "get_instance_logs", args)
	out := text(res)
	if strings.Count(out, "2026-11-21") != 1 {
		t.Errorf("the date is on every line:\n%s", out)
	}
	mustContain(t, "get_instance_logs", out, "oldest first, all dated 2026-11-21 UTC (left off each line);",
		"```text\n12:00:05.000000  INFO spiced: Starting runtime v2.3.2\n")
	var logs struct {
		Lines []string `json:"lines"`
	}
	structured(t, res, &logs)
	if len(logs.Lines) == 0 || !strings.HasPrefix(logs.Lines[0], "2026-11-21T12:00:05.000000Z  INFO spiced") {
		t.Errorf("the structured lines lost their date: %q", logs.Lines)
	}

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/logs", func(a map[string]any) {
			lines := a["lines"].([]any)
			lines[len(lines)-1] = "2026-11-22T00:00:01.000000Z  INFO runtime: a new day"
		}))})
	out = h.ok(t, "get_instance_logs", args)
	mustContain(t, "two dates", out, "oldest first; values", "\n2026-11-21T12:00:05.000000Z  INFO spiced", "\n2026-11-22T00:00:01.000000Z  INFO runtime: a new day")
}

// r53TokensCeiling holds each tool's result (its valid example on the golden demo sandbox, as
// TestR52TokensResultCosts calls it) a little above its o200k figures (text, structured) once
// this round's cuts were made (3 tokens and 2 % over them, never above round 52's);
// TestR52TokensResultCosts keeps last round's looser ceilings. Structured content is unchanged this round: every cut is in the text.
var r53TokensCeiling = map[string][2]int{
	"add_member":                     {54, 39},
	"check_health":                   {54, 26},
	"connect_repository":             {84, 27}, // r64: +5 structured, the app_id its text names
	"create_and_deploy_app":          {218, 284},
	"create_app":                     {142, 110},
	"create_deployment":              {120, 71}, // r64: +5 structured, the app_id its text names
	"delete_app":                     {241, 0},
	"delete_app (approved)":          {131, 68},
	"delete_secret":                  {161, 0},
	"delete_secret (approved)":       {41, 30},
	"describe_app":                   {425, 713},
	"fork_app":                       {136, 240},
	"get_api_keys":                   {175, 135}, // r62: how a client sends a key, at the app's endpoint (000:184-197), ~46 tokens; r63: its structured content says it too (usage), +44
	"get_app":                        {216, 223},
	"get_deployment":                 {140, 161},
	"get_instance_logs":              {404, 413},
	"get_limits":                     {130, 50},
	"get_member":                     {76, 37},
	"get_secret":                     {60, 57}, // r64: +5 structured, the app_id its text names
	"list_apps":                      {90, 196},
	"list_clusters":                  {41, 11},
	"list_container_images":          {123, 130},
	"list_deployments":               {242, 473},
	"list_forks":                     {35, 17}, // r64: +5 structured, the app_id its text names
	"list_instances":                 {93, 94}, // r64: +5 structured, the app_id its text names
	"list_members":                   {69, 84},
	"list_orgs":                      {72, 52},
	"list_regions":                   {111, 100},
	"list_secrets":                   {91, 118},
	"pause_app":                      {184, 0},
	"pause_app (approved)":           {70, 18},
	"regenerate_api_key":             {162, 0},
	"regenerate_api_key (approved)":  {165, 101}, // r56: the secondary's next step (000:270-275), ~36 tokens; r64: +5 structured, the app_id its text names
	"remove_member":                  {162, 0},
	"remove_member (approved)":       {36, 17},
	"resume_app":                     {57, 19},
	"rollback_deployment":            {271, 93}, // r64: +5 structured, the app_id its text names
	"rotate_api_keys":                {165, 0},
	"rotate_api_keys (approved)":     {201, 175},
	"set_secret":                     {52, 68},
	"update_app":                     {217, 221},
	"update_member_roles":            {165, 0},
	"update_member_roles (approved)": {39, 37},
	"wait_for_deployment":            {152, 161},
	"whoami":                         {293, 108},
}

// r53TokensErrorCeiling holds the commonest errors (r52TokensErrorCases) a little above their
// o200k figures, as r53TokensCeiling does.
var r53TokensErrorCeiling = map[string]int{
	"bad input (get_app without app)": 55, // r73: + the What to do line every refusal ends with, 12 tokens
	"bad input (set_secret name)":     60, // r73: the same line
	"not found (get_app 999)":         59,
	"typo (get_app analytcs-app)":     42,
	"401 (list_apps, token rejected)": 80,
	"403 (get_app, scope missing)":    66,
	"429 (list_members)":              50,
}

// TestR53TokensResultCosts: each tool's typical result and the commonest errors, against this
// round's ceilings (r53TokensCeiling). Run with -v for the tables.
func TestR53TokensResultCosts(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	resultCosts(t, r53TokensCeiling, r53TokensErrorCeiling)
}
