package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r56ClaimsRewrite is a proxy modifier that rewrites the bodies of the answers whose path
// matches path with edit.
func r56ClaimsRewrite(path *regexp.Regexp, edit func(string) string) func(*http.Response) error {
	return func(r *http.Response) error {
		if !path.MatchString(r.Request.URL.Path) || r.StatusCode != http.StatusOK {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		_ = r.Body.Close()
		out := edit(string(body))
		r.Body = io.NopCloser(bytes.NewReader([]byte(out)))
		r.ContentLength = int64(len(out))
		r.Header.Set("Content-Length", strconv.Itoa(len(out)))
		return nil
	}
}

// r56ClaimsShows reports whether a result shows value anywhere: text, structured content or
// the whole result as JSON.
func r56ClaimsShows(t *testing.T, res *mcp.CallToolResult, value string) bool {
	t.Helper()
	return strings.Contains(text(res)+"\n"+everything(res), value) ||
		res.StructuredContent != nil && strings.Contains(unescapedJSON(t, res.StructuredContent), value)
}

// TestR56ClaimsSMTPTranscriptMaskedInEveryLogView: README (Credentials in text) masks "every log
// line (get_instance_logs, the failed-deployment logs of get_deployment, wait_for_deployment …)"
// and SMTP's AUTH LOGIN password, the base64 line after the 334 UGFzc3dvcmQ6 challenge. A
// runtime's SMTP debug transcript arrives one line a log entry: the password, on its own entry,
// is masked in each tool that shows logs, text and structured content.
func TestR56ClaimsSMTPTranscriptMaskedInEveryLogView(t *testing.T) {
	const password = "UzNjcmV0U210cA=="
	transcript := `{"lines":["smtp: connecting","C: AUTH LOGIN","S: 334 VXNlcm5hbWU6","C: Ym9i","S: 334 UGFzc3dvcmQ6","C: ` + password + `","S: 535 5.7.8 authentication failed"]}`
	proxy := recordingProxy(nil, r56ClaimsRewrite(regexp.MustCompile(`/instances/[^/]+/logs$`), func(string) string { return transcript }))
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: proxy})
	if err := h.emu.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	var d client.Deployment
	structured(t, h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), &d)
	views := map[string]*mcp.CallToolResult{
		"wait_for_deployment": h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}),
		"get_deployment":      h.call(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}),
		"get_instance_logs":   h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"}),
		"describe_app":        h.call(t, "describe_app", map[string]any{"app": "analytics-app"}),
	}
	for name, res := range views {
		if !strings.Contains(text(res), "334 UGFzc3dvcmQ6") && name != "describe_app" {
			t.Errorf("%s shows no transcript:\n%s", name, text(res))
		}
		if r56ClaimsShows(t, res, password) {
			t.Errorf("%s shows the SMTP password %s:\n%s", name, password, text(res))
		}
	}
}

// TestR56ClaimsDeprecatedAppAPIKeyNeverShown: README (API keys) says "the deprecated api_key
// field of apps is never decoded". An API that still sends it, in every object of every app
// answer, gets it shown by no tool that reads apps, text or structured content.
func TestR56ClaimsDeprecatedAppAPIKeyNeverShown(t *testing.T) {
	const leaked = "R56LeakedDeprecatedAppKey0123456789"
	var injected atomic.Int64
	proxy := recordingProxy(nil, r56ClaimsRewrite(regexp.MustCompile(`^/v1/(projects|apps)`), func(body string) string {
		injected.Add(int64(strings.Count(body, `"name":`)))
		return strings.ReplaceAll(body, `"name":`, `"api_key":"`+leaked+`","apiKey":"`+leaked+`","name":`)
	}))
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: proxy})
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"list_apps", nil},
		{"get_app", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"create_app", map[string]any{"name": "r56-keyless"}},
		{"update_app", map[string]any{"app": "r56-keyless", "replicas": 2}},
		{"fork_app", map[string]any{"app": "analytics-app", "name": "r56-forked"}},
		{"list_secrets", map[string]any{"app": "analytics-app"}},
		{"list_deployments", map[string]any{"app": "analytics-app"}},
	} {
		res := h.call(t, c.tool, c.args)
		if res.IsError {
			t.Errorf("%s failed: %s", c.tool, text(res))
		}
		if r56ClaimsShows(t, res, leaked) {
			t.Errorf("%s shows the deprecated api_key:\n%s", c.tool, text(res))
		}
	}
	if injected.Load() < 10 {
		t.Errorf("the api_key was put in %d objects only", injected.Load())
	}
}

// TestR56ClaimsReadOnlyWinsOverEveryToolSetting: README (Safety) says --read-only "lists only
// read-only tools and refuses every other tool by name; it wins over every other flag". With
// --tools and --toolsets naming write tools and approvals off, no tool that is not read-only is
// listed, each is refused by name (other letter cases too), and nothing changes.
func TestR56ClaimsReadOnlyWinsOverEveryToolSetting(t *testing.T) {
	var writers []string
	for _, tool := range tools.All() {
		if !tool.ReadOnly {
			writers = append(writers, tool.Name)
		}
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		policy: tools.Policy{ReadOnly: true, Tools: append([]string{"list_apps"}, writers...), Toolsets: tools.Toolsets}})
	listed := h.listTools(t)
	if len(listed) != 1 || listed[0].Name != "list_apps" {
		var names []string
		for _, l := range listed {
			names = append(names, l.Name)
		}
		t.Errorf("listed %v, want only list_apps", names)
	}
	apps := h.emu.AppCount("sandbox")
	pg, _ := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "PG_PASS")
	args := map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "r56-changed", "replicas": 3, "key_number": 1,
		"step": "start", "username": "alice", "roles": []any{"admin"}, "deployment_id": 1001, "spicepod": "version: v1\nkind: Spicepod\nname: x\n"}
	for _, name := range append(writers, "DELETE_APP", "Set_Secret", "pause_app ") {
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = name, args
		res, err := h.mcp.CallTool(t.Context(), req)
		if err == nil && !res.IsError {
			t.Errorf("read-only, %s succeeded: %s", name, text(res))
		}
	}
	if n := h.emu.AppCount("sandbox"); n != apps {
		t.Errorf("read-only: %d apps, was %d", n, apps)
	}
	if v, _ := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "PG_PASS"); v != pg {
		t.Errorf("read-only: PG_PASS changed")
	}
}

// TestR56ClaimsAgentConfirmTakesOnlyTheName: README (--confirm=agent) says an app name matches
// in any letter case, a secret name exactly, nothing is trimmed, and look-alikes, yes or true are
// never an approval. An agent tries the app's ID, its id: form, a padded or glued name, another
// app's name, and a secret name in another case; nothing is deleted until the name is given.
func TestR56ClaimsAgentConfirmTakesOnlyTheName(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	id := h.appID(t, "analytics-app")
	apps := h.emu.AppCount("sandbox")
	for _, confirm := range []any{"yes", "true", true, "101", strconv.FormatInt(id, 10), "id:" + strconv.FormatInt(id, 10), "analytics-app ",
		" analytics-app", "analytics-app\u200b", "\u0430nalytics-app", "analytics_app", "docs-search", "analytics-app,docs-search", "*", ""} {
		res := h.call(t, "delete_app", map[string]any{"app": "analytics-app", "confirm": confirm})
		if !res.IsError {
			t.Errorf("delete_app with confirm %q succeeded: %s", confirm, text(res))
		}
	}
	for _, confirm := range []any{"pg_pass", "PG_PASS ", "Pg_Pass", "analytics-app"} {
		res := h.call(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": confirm})
		if !res.IsError {
			t.Errorf("delete_secret PG_PASS with confirm %q succeeded: %s", confirm, text(res))
		}
	}
	if _, ok := h.emu.SecretValue("sandbox", id, "PG_PASS"); !ok || h.emu.AppCount("sandbox") != apps {
		t.Fatalf("a refused confirm deleted something")
	}
	h.ok(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": "PG_PASS"})
	h.ok(t, "delete_app", map[string]any{"app": "analytics-app", "confirm": "ANALYTICS-APP"})
	if h.emu.AppCount("sandbox") != apps-1 {
		t.Errorf("the name in another case did not delete the app")
	}
}

// TestR56ClaimsHumanModeConfirmArgumentIsNoApproval: README (Approvals only a person can give)
// says that with --confirm=human only the person's answer approves; a confirm argument an agent
// holding an older schema sends "is still accepted, so an agent … is not refused", but it
// approves nothing: with no client that can ask, the app is not deleted, whatever it says.
func TestR56ClaimsHumanModeConfirmArgumentIsNoApproval(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	apps := h.emu.AppCount("sandbox")
	for _, confirm := range []any{"analytics-app", "yes", true} {
		res := h.call(t, "delete_app", map[string]any{"app": "analytics-app", "confirm": confirm})
		if strings.Contains(text(res), "Deleted") {
			t.Errorf("confirm %v in human mode: %s", confirm, text(res))
		}
	}
	res := h.call(t, "pause_app", map[string]any{"app": "analytics-app", "confirm": "analytics-app"})
	if h.emu.AppCount("sandbox") != apps || strings.Contains(text(res), "Paused analytics-app") {
		t.Errorf("an agent's confirm acted in human mode: %s", text(res))
	}
}

// TestR56ClaimsSecretValueNeverShownOrLogged: README (the skill's rule, Safety) says secret
// values are never shown, only that they were stored. A value given as an argument is shown by
// no result, refusals included (a bad name, an app that does not exist, an empty org), and
// written to no log line.
func TestR56ClaimsSecretValueNeverShownOrLogged(t *testing.T) {
	const value = "R56ClaimsSecretValueQ9zX"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R56_TOKEN", "value": value}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R56_TOKEN", "value": value}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "bad name", "value": value}},
		{"set_secret", map[string]any{"app": "no-such-app", "name": "R56_TOKEN", "value": value}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R56_TOKEN", "value": value, "org": ""}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R56_TOKEN", "value": value, "value_from_env": "HOME"}},
		{"create_and_deploy_app", map[string]any{"name": "r56-secretive", "spicepod": "version: v1\nkind: Spicepod\nname: r56-secretive\n", "secrets": map[string]any{"R56_TOKEN": value}}},
		{"list_secrets", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"get_app", map[string]any{"app": "analytics-app"}},
	}
	for _, c := range calls {
		if res := h.call(t, c.tool, c.args); r56ClaimsShows(t, res, value) {
			t.Errorf("%s %v shows the value:\n%s", c.tool, c.args["name"], text(res))
		}
	}
	if v, ok := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "R56_TOKEN"); !ok || v != value {
		t.Errorf("the value was not stored: %q %v", v, ok)
	}
	if strings.Contains(h.logs.String(), value) {
		t.Errorf("a log line holds the value:\n%s", h.logs.String())
	}
}

// TestR56ClaimsWhoamiNeverShowsTheToken: README (whoami) says it shows the credential kind,
// "never the token". A JWT's value, and each of its three parts, appear in no result of whoami,
// nor of a call it is refused for, nor in a log line.
func TestR56ClaimsWhoamiNeverShowsTheToken(t *testing.T) {
	scopes := []string{"apps:read"}
	token := sandbox.New(sandbox.Config{}).IssueToken("sandbox", scopes, time.Hour)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: token, Org: "sandbox", Scopes: scopes}}},
		token: token, safety: tools.Safety{NoConfirm: true}})
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	for _, c := range []struct {
		tool string
		args map[string]any
	}{{"whoami", nil}, {"whoami", map[string]any{"org": "acme-labs"}}, {"delete_app", map[string]any{"app": "analytics-app"}}, {"list_apps", nil}} {
		res := h.call(t, c.tool, c.args)
		for _, p := range append(parts, token) {
			if r56ClaimsShows(t, res, p) {
				t.Errorf("%s shows (part of) the token %q:\n%s", c.tool, p, text(res))
			}
		}
	}
	for _, p := range parts {
		if strings.Contains(h.logs.String(), p) {
			t.Errorf("a log line holds a part of the token %q", p)
		}
	}
}

// TestR56ClaimsEmptyOrgIsRefusedNotTheDefault: README (arguments) says `org: ""` "does not mean
// the default organization": refused, naming org, before any request, for a read and a write,
// and blank or invisible values alike.
func TestR56ClaimsEmptyOrgIsRefusedNotTheDefault(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	for _, org := range []string{"", " ", "\u200b", "\t"} {
		for _, tool := range []string{"list_apps", "whoami", "pause_app"} {
			before := h.emu.Calls("listProjects") + h.emu.Calls("pauseProject")
			res := h.call(t, tool, map[string]any{"app": "analytics-app", "org": org})
			if !res.IsError || !strings.Contains(text(res), "org") {
				t.Errorf("%s with org %q: %s", tool, org, text(res))
			}
			if after := h.emu.Calls("listProjects") + h.emu.Calls("pauseProject"); after != before {
				t.Errorf("%s with org %q reached the API", tool, org)
			}
		}
	}
}

// TestR56ClaimsArgumentNamesMatchExactly: README (--strict-schemas) says tools refuse unknown
// arguments anyway: "names match exactly, so App or a second app is refused too". An agent tries
// other spellings of app and confirm on a read and on a deletion (approvals off for the
// deletion, so only the argument rule stands between it and the app).
func TestR56ClaimsArgumentNamesMatchExactly(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	apps := h.emu.AppCount("sandbox")
	for _, raw := range []string{
		`{"App":"analytics-app"}`, `{"APP":"analytics-app"}`, `{"app ":"analytics-app"}`, `{"app\u200b":"analytics-app"}`,
		`{"app":"docs-search","app":"analytics-app"}`, `{"app":"analytics-app","App":"docs-search"}`, `{"ap\u0070":"analytics-app","app":"docs-search"}`,
	} {
		for _, tool := range []string{"get_app", "delete_app"} {
			if res := h.callRaw(t, tool, raw); !res.IsError {
				t.Errorf("%s %s: %s", tool, raw, text(res))
			}
		}
	}
	if h.emu.AppCount("sandbox") != apps {
		t.Errorf("an argument spelt otherwise deleted an app")
	}
}

// TestR56ClaimsSecretValuesInAPIAnswersNeverShown: README (Decoding) says secret value masks are
// never decoded, and list_secrets and get_secret show "never values". An API that sends a value
// with each secret gets it shown by no tool that reads secrets.
func TestR56ClaimsSecretValuesInAPIAnswersNeverShown(t *testing.T) {
	const leaked = "R56LeakedSecretValueFromTheAPI"
	var injected atomic.Int64
	proxy := recordingProxy(nil, r56ClaimsRewrite(regexp.MustCompile(`/secrets(/[^/]+)?$`), func(body string) string {
		injected.Add(int64(strings.Count(body, `"name":`)))
		return strings.ReplaceAll(body, `"name":`, `"value":"`+leaked+`","secret":"`+leaked+`","name":`)
	}))
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: proxy})
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"list_secrets", map[string]any{"app": "analytics-app"}},
		{"get_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "r56-new-value"}},
		{"create_and_deploy_app", map[string]any{"name": "r56-sec", "spicepod": "version: v1\nkind: Spicepod\nname: r56-sec\n", "secrets": map[string]any{"R56_A": "r56-a-value"}}},
	} {
		res := h.call(t, c.tool, c.args)
		if r56ClaimsShows(t, res, leaked) {
			t.Errorf("%s shows the value the API sent:\n%s", c.tool, text(res))
		}
	}
	if injected.Load() < 3 {
		t.Errorf("a value was put in %d secrets only", injected.Load())
	}
	if strings.Contains(h.logs.String(), leaked) {
		t.Errorf("a log line holds the value the API sent")
	}
	// A credential-named field given twice (an app's deprecated api_key) is masked whole too.
	const key = "R56LeakedKeyGivenTwice"
	proxy = recordingProxy(nil, r56ClaimsRewrite(regexp.MustCompile(`^/v1/projects/[0-9]+$`), func(body string) string {
		return strings.Replace(body, `"name":`, `"api_key":"`+key+`1","api_key":"`+key+`2","name":`, 1)
	}))
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: proxy})
	if res := h.call(t, "get_app", map[string]any{"app": "analytics-app"}); r56ClaimsShows(t, res, key) || strings.Contains(h.logs.String(), key) {
		t.Errorf("get_app shows or logs an api_key given twice:\n%s", text(res))
	}
}

// TestR56ClaimsMaskedKeysShowOnlyTheirLast4: README (--mask-api-keys) says "only the last 4
// characters of API keys". No longer piece of a key (5 characters or more, its start included)
// appears in any result that shows keys, after a regeneration and both rotation steps.
func TestR56ClaimsMaskedKeysShowOnlyTheirLast4(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{MaskAPIKeys: true, Confirm: tools.ConfirmOff}})
	id := h.appID(t, "analytics-app")
	check := func(tool string, args map[string]any) {
		t.Helper()
		res := h.call(t, tool, args)
		if res.IsError {
			t.Fatalf("%s: %s", tool, text(res))
		}
		all := text(res) + everything(res)
		for n := 1; n <= 2; n++ {
			k, ok := h.emu.APIKey("sandbox", id, n)
			if !ok || len(k) < 8 {
				t.Fatalf("key %d: %q", n, k)
			}
			for i := 0; i+5 <= len(k); i++ {
				if strings.Contains(all, k[i:i+5]) {
					t.Errorf("%s shows %q of key %d beyond its last 4 characters", tool, k[i:i+5], n)
					break
				}
			}
		}
	}
	check("get_api_keys", map[string]any{"app": "analytics-app"})
	check("regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
	check("rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})
	check("rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"})
	check("get_api_keys", map[string]any{"app": "analytics-app"})
}

// TestR56ClaimsValuesBelowTheirMinimumAreRefusedEverywhere: README (arguments) says values are
// "never altered or dropped: a value below its minimum (limit: 0, tail: 0, deployment_id: 0,
// timeout_seconds: 0) is refused, not replaced by the default". Every tool that takes one of
// them refuses 0, a negative and a fraction, naming the argument, before any request.
func TestR56ClaimsValuesBelowTheirMinimumAreRefusedEverywhere(t *testing.T) {
	var upstream atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: recordingProxy(&upstream, nil)})
	checked := 0
	for _, tool := range tools.All() {
		var schema struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &schema); err != nil {
			t.Fatal(err)
		}
		for _, arg := range []string{"limit", "tail", "deployment_id", "timeout_seconds"} {
			if _, ok := schema.Properties[arg]; !ok {
				continue
			}
			for _, v := range []any{0, -1, 0.5} {
				args := map[string]any{"app": "analytics-app", "name": "r56-min", "spicepod": "version: v1\nkind: Spicepod\nname: r56-min\n",
					"deployment_id": 1001, arg: v}
				before := upstream.Load()
				res := h.call(t, tool.Name, args)
				if !res.IsError || !strings.Contains(text(res), arg) {
					t.Errorf("%s %s: %v: %s", tool.Name, arg, v, text(res))
				}
				if upstream.Load() != before {
					t.Errorf("%s %s: %v reached the API", tool.Name, arg, v)
				}
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d checks: the search lost tools", checked)
	}
}

// r56ClaimsReadResource reads a resource; an error is returned, not fatal.
func r56ClaimsReadResource(h *harness, uri string) (string, error) {
	var req mcp.ReadResourceRequest
	req.Params.URI = uri
	res, err := h.mcp.ReadResource(context.Background(), req)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, c := range res.Contents {
		if tc, ok := c.(mcp.TextResourceContents); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String(), nil
}

// TestR56ClaimsResourcesOfHiddenToolsAreNotReadable: README (Prompts and resources) says the
// resources are "rendered by the read-only tools"; a tool hidden by --exclude-tools is refused
// when called by name (Safety). An agent reads the resource that renders the hidden tool
// instead: it is not listed and not readable, in the default organization and per organization.
func TestR56ClaimsResourcesOfHiddenToolsAreNotReadable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		policy: tools.Policy{ExcludeTools: []string{"list_apps", "get_app", "list_deployments", "list_instances", "list_orgs"}}})
	for _, uri := range []string{"spice://apps", "spice://apps/analytics-app", "spice://apps/id%3A101", "spice://apps/analytics-app/deployments",
		"spice://apps/analytics-app/instances", "spice://orgs/sandbox/apps", "spice://orgs/sandbox/apps/analytics-app",
		"spice://orgs/sandbox/apps/analytics-app/deployments", "spice://orgs/sandbox/apps/analytics-app/instances", "spice://orgs"} {
		if got, err := r56ClaimsReadResource(h, uri); err == nil {
			t.Errorf("%s read with its tool hidden:\n%s", uri, got)
		}
	}
	list, err := h.mcp.ListResources(context.Background(), mcp.ListResourcesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list.Resources {
		if r.URI == "spice://apps" || r.URI == "spice://orgs" {
			t.Errorf("%s listed with its tool hidden", r.URI)
		}
	}
	if got, err := r56ClaimsReadResource(h, "spice://regions"); err != nil || !strings.Contains(got, "us-west-2") {
		t.Errorf("spice://regions, whose tool is not hidden: %v %s", err, got)
	}
}

// TestR56ClaimsResourcesShowNoSecretValuesOrKeys: README says the resources show "no secret
// values or keys". With keys shown in full by get_api_keys (no --mask-api-keys), no resource
// holds an app's key or a secret's value.
func TestR56ClaimsResourcesShowNoSecretValuesOrKeys(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "R56_RES", "value": "R56ResourceSecretValue"})
	id := h.appID(t, "analytics-app")
	var hidden []string
	for n := 1; n <= 2; n++ {
		k, ok := h.emu.APIKey("sandbox", id, n)
		if !ok {
			t.Fatalf("no key %d", n)
		}
		hidden = append(hidden, k)
	}
	for _, name := range []string{"PG_PASS", "OPENAI_API_KEY", "R56_RES"} {
		v, _ := h.emu.SecretValue("sandbox", id, name)
		hidden = append(hidden, v)
	}
	for _, uri := range []string{"spice://orgs", "spice://apps", "spice://apps/analytics-app", "spice://apps/analytics-app/deployments",
		"spice://apps/analytics-app/instances", "spice://orgs/sandbox/apps/analytics-app", "spice://regions", "spice://container-images"} {
		got, err := r56ClaimsReadResource(h, uri)
		if err != nil {
			t.Errorf("%s: %v", uri, err)
		}
		for _, v := range hidden {
			if v != "" && strings.Contains(got, v) {
				t.Errorf("%s shows %q", uri, v)
			}
		}
	}
}

// TestR56ClaimsPromptArgumentsMatchExactly: README (Prompts) says "an argument a prompt does not
// take is refused (-32602), not dropped". An agent spells one otherwise (App, app with a space)
// or adds one; each is refused.
func TestR56ClaimsPromptArgumentsMatchExactly(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, args := range []map[string]string{
		{"App": "analytics-app"}, {"app ": "analytics-app"}, {"app": "analytics-app", "confirm": "analytics-app"},
		{"app": "analytics-app", "App": "docs-search"}, {"app": "analytics-app", "org ": "acme-labs"},
	} {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "rotate_keys", args
		if res, err := h.mcp.GetPrompt(context.Background(), req); err == nil {
			t.Errorf("rotate_keys %v: served (%d messages)", args, len(res.Messages))
		}
	}
}

// TestR56ClaimsEmptyValueNeverStored: README (Secret values the model never sees) says "an empty
// value is refused, and without a value nothing is ever stored in its place"; likewise
// create_and_deploy_app refuses an empty or null value in secrets. An agent sends "" and null,
// approvals off: the stored value stays, and no secret is created empty.
func TestR56ClaimsEmptyValueNeverStored(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	id := h.appID(t, "analytics-app")
	pg, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
	for _, raw := range []string{`{"app":"analytics-app","name":"PG_PASS","value":""}`, `{"app":"analytics-app","name":"R56_EMPTY","value":""}`,
		`{"app":"analytics-app","name":"PG_PASS","value":"","value_from_env":""}`} {
		if res := h.callRaw(t, "set_secret", raw); !res.IsError {
			t.Errorf("set_secret %s: %s", raw, text(res))
		}
	}
	for _, secrets := range []map[string]any{{"R56_EMPTY": ""}, {"R56_EMPTY": nil}} {
		if res := h.call(t, "create_and_deploy_app", map[string]any{"name": "r56-empty", "spicepod": "version: v1\nkind: Spicepod\nname: r56-empty\n",
			"secrets": secrets}); !res.IsError || !strings.Contains(text(res), "secrets.R56_EMPTY") {
			t.Errorf("create_and_deploy_app secrets %v: %s", secrets, text(res))
		}
	}
	if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != pg {
		t.Errorf("PG_PASS changed to %q", v)
	}
	if _, ok := h.emu.SecretValue("sandbox", id, "R56_EMPTY"); ok {
		t.Errorf("R56_EMPTY was stored")
	}
	if h.emu.AppCount("sandbox") != 2 {
		t.Errorf("create_and_deploy_app created an app before refusing: %d apps", h.emu.AppCount("sandbox"))
	}
}
