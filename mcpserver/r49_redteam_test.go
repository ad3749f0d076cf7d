package mcpserver_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR49RedteamRequestStateIsNoOracleForALocalValue: README says a value read with
// value_from_env or value_from_file "appears in no MCP message". With --confirm=human the
// approval is bound to the value read, and a 2026-07-28 client gets the question's state in the
// result, where the agent may read it. An agent that knows the server's code recomputes that
// binding for each guess of a short value (a PIN here): the state must not let it confirm one.
func TestR49RedteamRequestStateIsNoOracleForALocalValue(t *testing.T) {
	const pin = "4711"
	local := &tools.LocalSources{Getenv: func(k string) string {
		if k == "DB_PIN" {
			return pin
		}
		return ""
	}, Forbidden: tools.ServerCredentialVariables}
	conn := serveStdio(t, mcpserver.Options{Local: local})
	args := `{"app":"analytics-app","name":"DB_PIN","value_from_env":"DB_PIN"}`
	_, _, asked := r47SafetyCall(t, conn, 10, "set_secret", args, r47SafetyModernMeta(`{"elicitation":{}}`))
	body, _, _ := strings.Cut(r47SafetyRequestState(t, asked), ".")
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	_ = json.Unmarshal(raw, &state)
	seen, _ := json.Marshal(state)
	// What the agent knows: the tool, its own arguments, the app's ID (get_app), the variable's
	// name, and over stdio there is one caller ("").
	for guess := range 10000 {
		candidate := fmt.Sprintf("%04d", guess)
		from := sha256.Sum256([]byte("DB_PIN\x000\x00" + candidate))
		binding := sha256.Sum256(fmt.Appendf(nil, "set_secret\n%s\napp:101/value:%x\n", args, from))
		if strings.Contains(string(seen), hex.EncodeToString(binding[:])) {
			t.Fatalf("the request state sent to the client confirms the guess %q of the value read (state %s)", candidate, raw)
		}
	}
}

// TestR49RedteamProxyCredentialsAreNeverStored: README says value_from_env and value_from_file
// "never read the server's own credential variables (nor a variable or file holding one of their
// values as the server uses them)". The server's requests go through the proxy net/http reads
// from HTTPS_PROXY/HTTP_PROXY (either case), whose user and password it sends as its own: an
// agent must not store them as a secret any spicepod can read, from the variable itself, a copy,
// or an .env file — unattended (--confirm=agent) least of all. A proxy without credentials is no
// secret of the server's and stays readable.
func TestR49RedteamProxyCredentialsAreNeverStored(t *testing.T) {
	const proxy = "http://relay:s3cr3t-proxy-pass@proxy.internal:3128"
	dir := t.TempDir()
	dotenv := filepath.Join(dir, ".env")
	if err := os.WriteFile(dotenv, []byte("PROXY_PASSWORD=s3cr3t-proxy-pass\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HTTPS_PROXY": proxy, "http_proxy": "http://bob:pw@proxy.internal:3128", "PROXY_COPY": proxy,
		"NO_CREDENTIALS": "http://proxy.internal:3128", "HTTP_PROXY": ""}
	local := &tools.LocalSources{Getenv: func(k string) string { return env[k] }, Forbidden: tools.ServerCredentialVariables}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	id := h.appID(t, "analytics-app")
	for _, c := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"value_from_env": "HTTPS_PROXY"}, "value_from_env: HTTPS_PROXY holds the user and password of the proxy this server's requests go through (HTTPS_PROXY)"},
		{map[string]any{"value_from_env": "http_proxy"}, "value_from_env: http_proxy holds the user and password of the proxy this server's requests go through (http_proxy)"},
		{map[string]any{"value_from_env": "PROXY_COPY"}, "value_from_env: PROXY_COPY holds the user and password of the proxy this server's requests go through (HTTPS_PROXY)"},
		{map[string]any{"value_from_file": dotenv}, "it holds the user and password of the proxy this server's requests go through (HTTPS_PROXY)"},
	} {
		c.args["app"], c.args["name"] = "analytics-app", "STOLEN"
		text := h.fail(t, "set_secret", c.args)
		mustContain(t, fmt.Sprint(c.args), text, c.want, "never stored as a secret")
		if strings.Contains(text, "s3cr3t-proxy-pass") {
			t.Errorf("%v: the refusal shows the proxy's password: %s", c.args, text)
		}
	}
	if v, ok := h.emu.SecretValue("sandbox", id, "STOLEN"); ok {
		t.Fatalf("the proxy's credentials were stored as a secret: %q", v)
	}
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PROXY_URL", "value_from_env": "NO_CREDENTIALS"})
	if v, _ := h.emu.SecretValue("sandbox", id, "PROXY_URL"); v != "http://proxy.internal:3128" {
		t.Errorf("a proxy without credentials was not stored: %q", v)
	}
}

// TestR49RedteamOneApprovalRacedWinsOnce: README says an answer "approves that call once". An
// agent that holds one approval fires it many times at once: the page's approval (a client that
// cannot be asked) and a 2026-07-28 answer re-sent with its state each replace the secondary
// key exactly once; every other call is refused or asks again, and changes nothing.
func TestR49RedteamOneApprovalRacedWinsOnce(t *testing.T) {
	const racers = 8
	key2 := map[string]any{"app": "analytics-app", "key_number": 2}
	t.Run("page", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		(&page{}).answer(t, linkIn(t, h.call(t, "regenerate_api_key", key2)), url.Values{"decision": {"approve"}})
		var wg sync.WaitGroup
		var done atomic.Int64
		for range racers {
			wg.Go(func() {
				if res := h.call(t, "regenerate_api_key", key2); !res.IsError {
					done.Add(1)
				}
			})
		}
		wg.Wait()
		if n := h.emu.Calls(api.RegenerateProjectAPIKey.ID); n != 1 || done.Load() != 1 {
			t.Errorf("one approval raced by %d calls: %d regenerations, %d successes; want 1 and 1", racers, n, done.Load())
		}
	})
	t.Run("modern answer", func(t *testing.T) {
		conn := serveStdio(t, mcpserver.Options{})
		meta := r47SafetyModernMeta(`{"elicitation":{}}`)
		args := `{"app":"analytics-app","key_number":2}`
		_, _, asked := r47SafetyCall(t, conn, 10, "regenerate_api_key", args, meta)
		state := r47SafetyRequestState(t, asked)
		answer := fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":"analytics-app"}}},"requestState":%q,%s`, state, meta)
		var wg sync.WaitGroup
		var done atomic.Int64
		for i := range racers {
			wg.Go(func() {
				if isErr, text, _ := r47SafetyCall(t, conn, 20+i, "regenerate_api_key", args, answer); !isErr && strings.Contains(text, "Regenerated") {
					done.Add(1)
				}
			})
		}
		wg.Wait()
		if done.Load() != 1 {
			t.Errorf("one answer raced by %d calls: %d regenerations, want 1", racers, done.Load())
		}
	})
}

// TestR49RedteamSelfAnsweringHostApproves pins the limit README states for the client's own
// question: the server cannot see who answers it. A host (the agent's client) that declares
// elicitation and answers by itself with the target's name approves as a person would; what
// holds is that the question goes to the client, never into a result the model reads.
func TestR49RedteamSelfAnsweringHostApproves(t *testing.T) {
	var asked atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		asked.Add(1)
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
			Content: map[string]any{"name": "docs-search"}}}, nil
	}})
	res := h.call(t, "delete_app", map[string]any{"app": "docs-search"})
	if res.IsError || asked.Load() != 1 || h.emu.Calls(api.DeleteProject.ID) != 1 {
		t.Fatalf("a host answering its own question: asked %d, deleted %d: %s", asked.Load(), h.emu.Calls(api.DeleteProject.ID), text(res))
	}
	if out := everything(res); strings.Contains(out, "Type docs-search to confirm") {
		t.Errorf("the question reached the result the model reads: %s", out)
	}
}

// TestR49RedteamDeploymentMarkIsNoOracleForAMaskedParam: README says a spicepod's params are
// shown masked wherever a spicepod is shown, so the model never reads an inline credential. The
// mark create_and_deploy_app writes as each deployment's commit_message fingerprints the app's
// whole configuration, that credential included. An agent that reads the masked configuration
// (get_app) and the mark (list_deployments) fills each guess in where the mask stands and
// hashes as the server's code does: the mark must not confirm a short password (a PIN here).
func TestR49RedteamDeploymentMarkIsNoOracleForAMaskedParam(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := "version: v1\nkind: Spicepod\nname: mark-app\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n" +
		"    params:\n      pg_host: db.internal\n      pg_pass: \"4711\"\n"
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "mark-app", "spicepod": pod, "wait": false})
	var app struct {
		Config map[string]any `json:"config"`
	}
	structuredOf(t, h.call(t, "get_app", map[string]any{"app": "mark-app"}), &app)
	var deployments struct {
		Deployments []struct {
			CommitMessage string `json:"commit_message"`
		} `json:"deployments"`
	}
	structuredOf(t, h.call(t, "list_deployments", map[string]any{"app": "mark-app"}), &deployments)
	if len(deployments.Deployments) != 1 || app.Config == nil {
		t.Fatalf("no deployment or configuration: %+v %+v", deployments, app)
	}
	_, mark, _ := strings.Cut(deployments.Deployments[0].CommitMessage, "configuration ")
	params := app.Config["spicepod"].(map[string]any)["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)
	if params["pg_pass"] != "********" {
		t.Fatalf("pg_pass is shown: %v", params)
	}
	for guess := range 10000 {
		params["pg_pass"] = fmt.Sprintf("%04d", guess)
		b, _ := json.Marshal(app.Config)
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:8]) == mark {
			t.Fatalf("the deployment's mark %s confirms the guess %q of the masked pg_pass", mark, params["pg_pass"])
		}
	}
}

// structuredOf decodes res's structured content into v, numbers as written.
func structuredOf(t *testing.T, res *mcp.CallToolResult, v any) {
	t.Helper()
	raw, _ := json.Marshal(res.StructuredContent)
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
}

// TestR49RedteamApprovalBindsTheSecretNotItsName: README binds every answer to "the target's
// ID (app, secret or user ID, not its name)". A person approves deleting PG_PASS on the page;
// before the agent calls again, that secret is deleted and one of the same name set anew (a new
// secret, say another member's): the approval does not delete the new one — the call gets a
// link of its own, and the new value stays.
func TestR49RedteamApprovalBindsTheSecretNotItsName(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]any{"app": "analytics-app", "name": "PG_PASS"}
	link := linkIn(t, h.call(t, "delete_secret", args))
	(&page{}).answer(t, link, url.Values{"decision": {"approve"}})
	apiCall := func(method, path, body string) {
		req, _ := http.NewRequest(method, h.api.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 300 {
			t.Fatalf("%s %s: %d", method, path, res.StatusCode)
		}
	}
	apiCall(http.MethodDelete, "/v1/projects/101/secrets/PG_PASS", "")
	apiCall(http.MethodPost, "/v1/projects/101/secrets", `{"name":"PG_PASS","value":"the-new-one"}`)
	deletes := h.emu.Calls(api.DeleteProjectSecret.ID)
	res := h.call(t, "delete_secret", args)
	if !res.IsError || linkIn(t, res) == link || h.emu.Calls(api.DeleteProjectSecret.ID) != deletes {
		t.Fatalf("the approval for the deleted PG_PASS acted on the new one: %s", text(res))
	}
	if v, ok := h.emu.SecretValue("sandbox", 101, "PG_PASS"); !ok || v != "the-new-one" {
		t.Errorf("the new PG_PASS is gone: %q %v", v, ok)
	}
}

// TestR49RedteamOrgNeverSmugglesAHeader: the org argument goes to the API as X-Org-Name. An
// agent puts a line break (as it is, or a lone CR, NUL, DEL) and a header after it in org: no
// request reaches the API, and the refusal names org. The same text percent-encoded is a name
// like any other: it reaches the API as that one header, exactly as sent, and adds no other.
func TestR49RedteamOrgNeverSmugglesAHeader(t *testing.T) {
	var mu sync.Mutex
	var seen []http.Header
	record := func(t *testing.T, emulatorURL string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
			mu.Lock()
			seen = append(seen, r.Header.Clone())
			mu.Unlock()
			proxy.ServeHTTP(w, r)
		})(t, emulatorURL)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: record})
	for _, org := range []string{"sandbox\r\nX-Injected: 1", "sandbox\nX-Injected: 1", "sandbox\rX-Injected: 1", "sandbox\x00", "sandbox\x7f", "\r\nsandbox"} {
		for _, c := range []struct {
			tool string
			args map[string]any
		}{
			{"list_apps", map[string]any{}},
			{"delete_app", map[string]any{"app": "docs-search"}},
			{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "v"}},
		} {
			c.args["org"] = org
			mu.Lock()
			before := len(seen)
			mu.Unlock()
			mustContain(t, fmt.Sprintf("%s org=%q", c.tool, org), h.fail(t, c.tool, c.args), "org")
			mu.Lock()
			if n := len(seen) - before; n != 0 {
				t.Errorf("%s org=%q: %d requests reached the API, want 0", c.tool, org, n)
			}
			mu.Unlock()
		}
	}
	// Percent-encoded, it is no handle Spice's CLI sends: refused by the org rule, before any
	// request, as the raw line breaks are.
	const encoded = "sandbox%0d%0aX-Injected:%201"
	mu.Lock()
	before := len(seen)
	mu.Unlock()
	mustContain(t, "list_apps org="+encoded, h.fail(t, "list_apps", map[string]any{"org": encoded}), "org", rules.OrgNameRule)
	mu.Lock()
	defer mu.Unlock()
	if n := len(seen) - before; n != 0 {
		t.Errorf("a percent-encoded org name reached the API in %d requests", n)
	}
}

// TestR49RedteamFileSwappedWhileThePersonReadsIsNotStored: README binds a value_from_file
// approval to "that file with those bytes only". While the person reads the question about the
// file's 14 bytes, the agent (or anyone who can write the file) swaps its content, and the person
// approves: the swapped value is not stored, and neither is anything in its place.
func TestR49RedteamFileSwappedWhileThePersonReadsIsNotStored(t *testing.T) {
	file := filepath.Join(t.TempDir(), "db_password.txt")
	if err := os.WriteFile(file, []byte("approved-value"), 0o600); err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int64
	local := &tools.LocalSources{Getenv: func(string) string { return "" }, Forbidden: tools.ServerCredentialVariables}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local,
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			asked.Add(1)
			if err := os.WriteFile(file, []byte("swapped-value!"), 0o600); err != nil {
				return nil, err
			}
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
				Content: map[string]any{"name": "SWAPPED"}}}, nil
		}})
	res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "SWAPPED", "value_from_file": file})
	if v, ok := h.emu.SecretValue("sandbox", 101, "SWAPPED"); ok {
		t.Fatalf("stored %q after the file was swapped under the question (asked %d): %s", v, asked.Load(), text(res))
	}
	if !res.IsError || asked.Load() != 1 {
		t.Errorf("asked %d time(s); result: %s", asked.Load(), text(res))
	}
}
