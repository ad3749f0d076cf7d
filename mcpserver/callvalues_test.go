package mcpserver_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// callSecret is a secret value an API echoes in the tests below.
const callSecret = "hunter2Secret99"

const podWithPGPass = "version: v1\nkind: Spicepod\nname: %s\ndatasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"

// TestCallValuesRedactedFromWhatTheCallShows: every secret value a call sends or learns (an
// argument, a value read from the environment or a file, one entered on the page) is redacted
// from every API text the call shows — the error of a later request, a failed deployment's
// error_message and log lines, a name an upsert's answer echoes — in text and structured
// content.
func TestCallValuesRedactedFromWhatTheCallShows(t *testing.T) {
	deployments := regexp.MustCompile(`/deployments$`)
	secrets := regexp.MustCompile(`/secrets$`)
	noValue := func(t *testing.T, what, got string) {
		t.Helper()
		if strings.Contains(got, callSecret) {
			t.Errorf("%s shows the value: %s", what, got)
		}
	}
	t.Run("a later request's error", func(t *testing.T) {
		answers := []canned{{method: "POST", path: deployments, status: 400,
			body: `{"error":"spicepod dataset t cannot connect using ` + callSecret + `"}`}}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
		res := h.call(t, "create_and_deploy_app", map[string]any{"name": "pg-one", "spicepod": fmt.Sprintf(podWithPGPass, "pg-one"),
			"secrets": map[string]any{"PG_PASS": callSecret}})
		mustContain(t, "deploy refused", everything(res), "cannot connect using [REDACTED]")
		noValue(t, "create_and_deploy_app", everything(res))
	})
	t.Run("a failed deployment's message and logs", func(t *testing.T) {
		dep := `{"id":4242,"status":"%s","created_at":"2026-11-22T12:00:00Z","image_tag":"2.3.2","replicas":1,"creation_source":"api",` +
			`"error_code":%s,"error_message":%s}`
		answers := []canned{
			{method: "POST", path: deployments, status: 201, body: fmt.Sprintf(dep, "queued", "null", "null")},
			{method: "GET", path: regexp.MustCompile(`/deployments/4242$`), status: 200,
				body: fmt.Sprintf(dep, "failed", `"dataset_connection_failed"`, `"connect failed with `+callSecret+` and h\u200bunter2Secret99"`)},
			{method: "GET", path: regexp.MustCompile(`/instances$`), status: 200, body: `{"instances":[{"name":"pg-two-abc","status":"failed"}]}`},
			{method: "GET", path: regexp.MustCompile(`/instances/pg-two-abc/logs$`), status: 200,
				body: `{"lines":["ERROR password rejected: ` + callSecret + `","plain ` + callSecret + ` here"]}`},
		}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
		res := h.call(t, "create_and_deploy_app", map[string]any{"name": "pg-two", "spicepod": fmt.Sprintf(podWithPGPass, "pg-two"),
			"secrets": map[string]any{"PG_PASS": callSecret}})
		mustContain(t, "failed deployment", everything(res), "connect failed with [REDACTED] and [REDACTED]", "password rejected: [REDACTED]")
		noValue(t, "create_and_deploy_app", everything(res))
	})
	t.Run("a name an upsert echoes", func(t *testing.T) {
		answers := []canned{{method: "POST", path: secrets, status: 200,
			body: `{"name":"` + callSecret + `","created_at":"2026-11-22T12:00:00Z","updated_at":"2026-11-22T12:00:00Z"}`}}
		dir := t.TempDir()
		file := filepath.Join(dir, "value")
		if err := os.WriteFile(file, []byte(callSecret), 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"FROM_ENV": callSecret}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil),
			safety: tools.Safety{Confirm: tools.ConfirmOff},
			local:  &tools.LocalSources{Getenv: func(k string) string { return env[k] }}})
		for _, args := range []map[string]any{
			{"app": "analytics-app", "name": "PG_PASS", "value": callSecret},
			{"app": "analytics-app", "name": "PG_PASS", "value_from_env": "FROM_ENV"},
			{"app": "analytics-app", "name": "PG_PASS", "value_from_file": file},
		} {
			res := h.call(t, "set_secret", args)
			mustContain(t, "upsert", everything(res), "[REDACTED]")
			noValue(t, fmt.Sprint(args), everything(res))
		}
	})
	t.Run("a value entered on the page", func(t *testing.T) {
		answers := []canned{{method: "POST", path: deployments, status: 400,
			body: `{"error":"spicepod dataset t cannot connect using ` + callSecret + `"}`}}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
		args := map[string]any{"name": "pg-three", "spicepod": fmt.Sprintf(podWithPGPass, "pg-three")}
		res := h.call(t, "create_and_deploy_app", args)
		browser := &page{}
		browser.answer(t, linkIn(t, res), url.Values{"decision": {"store"}, "secret-PG_PASS": {callSecret}})
		res = h.call(t, "create_and_deploy_app", args)
		mustContain(t, "deploy refused", everything(res), "cannot connect using [REDACTED]")
		noValue(t, "the next identical call", everything(res))
	})
	t.Run("a value entered while the call waits", func(t *testing.T) {
		answers := []canned{{method: "POST", path: deployments, status: 400,
			body: `{"error":"spicepod dataset t cannot connect using ` + callSecret + `"}`}}
		var asked atomic.Int64
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil), protocol: "modern",
			capabilities: urlCapable, elicit: urlPerson(t, &page{}, map[string]string{"PG_PASS": callSecret}, &asked)})
		res := h.call(t, "create_and_deploy_app", map[string]any{"name": "pg-four", "spicepod": fmt.Sprintf(podWithPGPass, "pg-four")})
		mustContain(t, "deploy refused", everything(res), "cannot connect using [REDACTED]")
		noValue(t, "the call", everything(res))
	})
}

// TestPublicSandboxTokenIsShown: the emulator's documented token is the public word "sandbox",
// not a credential: an app named with it is shown as named. Any other token is redacted.
func TestPublicSandboxTokenIsShown(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "create_app", map[string]any{"name": "my-sandbox-test"})
	mustContain(t, "second create", h.fail(t, "create_app", map[string]any{"name": "my-sandbox-test"}), `App "my-sandbox-test" already exists`)
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: "tok-private-x9", Org: "sandbox", Scopes: []string{"*"}}}}, token: "tok-private-x9"})
	h.ok(t, "create_app", map[string]any{"name": "my-tok-private-x9-test"})
	mustContain(t, "a real token", h.fail(t, "create_app", map[string]any{"name": "my-tok-private-x9-test"}), `App "my-[REDACTED]-test" already exists`)
}

// TestFreeTextKeepsInvisibleCharacters: free text from the API is shown as written, the
// zero-width joiners of an emoji and a Persian non-joiner included, in text and structured
// content.
func TestFreeTextKeepsInvisibleCharacters(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	desc := "Team \U0001F468\u200d\U0001F469\u200d\U0001F467 \u0645\u06cc\u062e\u0648\u0627\u0647\u0645\u200c\u0647\u0627"
	res := h.call(t, "update_app", map[string]any{"app": "analytics-app", "description": desc})
	if res.IsError || !strings.Contains(text(res), desc) {
		t.Errorf("the description is not shown as written: %s", text(res))
	}
}
