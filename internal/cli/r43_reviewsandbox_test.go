package cli_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// sandboxPortalCase: a tool call under --sandbox plus exclusions whose result should not send
// the person to the real Spice.ai portal for the emulator's data, which it does not have.
func checkNoPortal(t *testing.T, args []string, tool string, callArgs map[string]any, want string) {
	t.Helper()
	s := startStdio(t, nil, append([]string{"--sandbox", "--confirm", "agent"}, args...)...)
	s.handshake()
	out, _ := s.call(10, tool, callArgs)
	if want != "" && !strings.Contains(out, want) {
		t.Fatalf("%s %v: scenario not reached (want %q):\n%s", tool, args, want, out)
	}
	if !strings.Contains(out, "Sandbox: emulated Spice.ai Cloud") {
		t.Fatalf("%s: not a sandbox result:\n%s", tool, out)
	}
	if strings.Contains(out, "Spice.ai portal") {
		t.Errorf("%s under --sandbox %v sends the person to the Spice.ai portal, which has none of the emulator's data:\n%s", tool, args, out)
	}
	s.stop()
}

// describe_app, get_api_keys excluded (present.AppOverview's API keys).
func TestR43ReviewsandboxDescribeAppKeysPortal(t *testing.T) {
	checkNoPortal(t, []string{"--exclude-tools", "get_api_keys"}, "describe_app", map[string]any{"app": "analytics-app"}, "API keys")
}

// rotate_api_keys finish without a start, get_api_keys excluded (present's keysPortal).
func TestR43ReviewsandboxRotationKeysPortal(t *testing.T) {
	checkNoPortal(t, []string{"--exclude-tools", "get_api_keys"}, "rotate_api_keys",
		map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"}, "get_api_keys")
}

// create_deployment, its follow tools excluded (present's followCall, FollowName).
func TestR43ReviewsandboxDeployFollowPortal(t *testing.T) {
	checkNoPortal(t, []string{"--exclude-tools", "wait_for_deployment,get_deployment"}, "create_deployment",
		map[string]any{"app": "analytics-app"}, "not available")
}

// remove_member of the organization's owner (the remedy table's "Cannot remove organization owner" row).
func TestR43ReviewsandboxOwnerRemovalPortal(t *testing.T) {
	checkNoPortal(t, nil, "remove_member", map[string]any{"member": "alice", "confirm": "alice"}, "owner")
	t.Log("ok")
}

// A spent --tool-timeout in the sandbox: the emulator is in-process; "the Spice.ai API is slow or
// busy" is not true, and no Spice.ai API was involved.
func TestR43ReviewsandboxTimeoutBlamesSpiceAPI(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--tool-timeout", "1ns")
	s.handshake()
	out, isErr := s.call(10, "list_apps", map[string]any{})
	if !isErr || !strings.Contains(out, "time limit") {
		t.Fatalf("scenario not reached:\n%s", out)
	}
	if strings.Contains(out, "Spice.ai API") {
		t.Errorf("list_apps under --sandbox --tool-timeout 1ns blames the Spice.ai API, which was never asked:\n%s", out)
	}
	s.stop()
}

// An --http-auth-token-file saved with a UTF-8 byte order mark (Windows Notepad "UTF-8 with BOM",
// PowerShell 5 Set-Content -Encoding UTF8) holding an ASCII secret: refused with "contains a
// character that is not ASCII (such as é)", though every character the operator can see is
// ASCII; nothing names the invisible mark, so the operator cannot find what to fix. (A CRLF is
// trimmed; the BOM, which TrimSpace keeps, is neither stripped nor named.)
func TestR43ReviewsandboxAuthTokenFileBOM(t *testing.T) {
	const secret = "0123456789abcdef0123456789abcdef"
	p := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(p, []byte("\ufeff"+secret+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Accepted (the BOM is stripped), it serves: stopped once serving, not at run's time limit.
	got := r63TesttimeRunUntilServing(t, "--sandbox", "--http", "127.0.0.1:0", "--http-auth-token-file", p)
	if strings.Contains(got.stderr, secret) {
		t.Errorf("the secret is echoed:\n%s", got.stderr)
	}
	if got.code == 2 && !strings.Contains(strings.ToLower(got.stderr), "byte order mark") {
		t.Errorf("a token file with a BOM is refused without naming the BOM (exit %d):\n%s", got.code, got.stderr)
	}
}

// README: SPICE_MCP_HTTP_AUTH_TOKEN is "ignored over stdio, not refused like the
// --http-auth-token… flags".
func TestR43ReviewsandboxStdioIgnoresNonASCIIAuthTokenVar(t *testing.T) {
	got := run(t, map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "pässwörd-" + strings.Repeat("x", 16)}, "--sandbox")
	if got.code != 0 {
		t.Errorf("stdio with a non-ASCII SPICE_MCP_HTTP_AUTH_TOKEN: exit %d:\n%s", got.code, got.stderr)
	}
}

// A 16-character ASCII secret with a tab inside is accepted (HTTP field values may hold HTAB)
// and a request carrying it is let through; DEL is refused, never echoing.
func TestR43ReviewsandboxAuthTokenTabAndDEL(t *testing.T) {
	tab := "abcdefg\thijklmnop"
	s := startHTTP(t, nil, "--sandbox", "--http-auth-token", tab)
	req, _ := http.NewRequest("POST", s.url, strings.NewReader(initialize))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("X-MCP-Auth-Token", tab)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("tab secret: status %d", resp.StatusCode)
	}
	s.stop()
	del := "abcdefgh\x7fijklmnop"
	got := run(t, nil, "--sandbox", "--http", "127.0.0.1:0", "--http-auth-token", del)
	if got.code != 2 || strings.Contains(got.stderr, del) {
		t.Errorf("DEL secret: exit %d:\n%s", got.code, got.stderr)
	}
}

// A deployment in the sandbox runs for about 5 seconds (sandbox.Config: QueuedFor 1s, RunsFor
// 4s; cli.pollPolicy "the sandbox's few-second deployments"): create_deployment's result must not
// say "deployments usually take a few minutes", which it said before round 43 (present's inFlightTakes).
func TestR43ReviewsandboxDeploySaysFewMinutes(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--confirm", "agent")
	s.handshake()
	out, isErr := s.call(10, "create_deployment", map[string]any{"app": "analytics-app"})
	if isErr || !strings.Contains(out, "Sandbox: emulated") {
		t.Fatalf("scenario not reached:\n%s", out)
	}
	if strings.Contains(out, "usually take a few minutes") {
		t.Errorf("create_deployment under --sandbox says deployments take a few minutes; the emulator's take ~5 s:\n%s", out)
	}
	s.stop()
}

// add_member of an unknown username in the sandbox: the emulator knows a fixed set of users
// (sandbox.DefaultUsers); "a person must sign in to Spice.ai once before they can be added", the
// real API's remedy, can never make one known there (present.RemedySandboxUnknownUser instead).
func TestR43ReviewsandboxAddUnknownUserSaysSignInToSpice(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--confirm", "agent")
	s.handshake()
	out, isErr := s.call(10, "add_member", map[string]any{"username": "nobody-x", "roles": []string{"member"}, "confirm": "nobody-x"})
	if !isErr || !strings.Contains(out, "User not found") {
		t.Fatalf("scenario not reached:\n%s", out)
	}
	if strings.Contains(out, "sign in to Spice.ai") {
		t.Errorf("add_member under --sandbox tells the person to have the user sign in to Spice.ai, which the emulator never learns of:\n%s", out)
	}
	s.stop()
}

// An API error under --sandbox was headed "Spice.ai API error 401 Unauthorized" while its remedy
// says "The sandbox's emulator, not Spice.ai, refused the bearer token" (RemedySandboxBearer):
// the result must not contradict itself.
func TestR43ReviewsandboxRefusedBearerHeadedSpiceAPIError(t *testing.T) {
	s := startHTTP(t, nil, "--sandbox")
	defer s.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer spat_a-real-looking-token-0123456789"})
	out, _ := callTool(t, ctx, c, "list_apps")
	if !strings.Contains(out, "not Spice.ai, refused") {
		t.Fatalf("scenario not reached:\n%s", out)
	}
	if strings.Contains(out, "Spice.ai API error") {
		t.Errorf("list_apps under --sandbox: the emulator's refusal is headed as a Spice.ai API error while its remedy says Spice.ai did not refuse it:\n%s", out)
	}
}

// An HTTP client of a --sandbox server whose Authorization header is not one bearer token
// (e.g. "Token spat_…", a scheme some clients use) gets 400 "Send your Spice.ai token as
// Authorization: Bearer <token>" (present/http.go AuthorizationUnusable) — the sandbox accepts
// no Spice.ai token (RemedySandboxBearer: "a Spice.ai token never works here, and none is
// needed"): the fix is to remove the header or send "Bearer sandbox".
func TestR43ReviewsandboxUnusableAuthorizationAsksForSpiceToken(t *testing.T) {
	s := startHTTP(t, nil, "--sandbox")
	defer s.stop()
	req, _ := http.NewRequest("POST", s.url, strings.NewReader(initialize))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Token spat_a-real-looking-token-0123456789")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if strings.Contains(string(body), "Spice.ai token") {
		t.Errorf("--sandbox over HTTP asks for a Spice.ai token, which never works there:\n%s", body)
	}
}

// get_deployment of a deployment the app does not have, list_deployments excluded
// (present.DeploymentNotFound).
func TestR43ReviewsandboxUnknownDeploymentPortal(t *testing.T) {
	checkNoPortal(t, []string{"--exclude-tools", "list_deployments"}, "get_deployment",
		map[string]any{"app": "analytics-app", "deployment_id": 999999}, "no deployment 999999")
}

// rollback_deployment to a deployment the app does not have, list_deployments excluded
// (tools' rollback_deployment).
func TestR43ReviewsandboxRollbackUnknownDeploymentPortal(t *testing.T) {
	checkNoPortal(t, []string{"--exclude-tools", "list_deployments"}, "rollback_deployment",
		map[string]any{"app": "analytics-app", "deployment_id": 999999}, "Deployment not found")
}

// describe_app of an app with more than 50 secrets, list_secrets excluded (present.MoreSecretsHidden):
// never "the Spice.ai portal shows them", which the sandbox has not.
func TestR43ReviewsandboxMoreSecretsPortal(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--confirm", "off", "--exclude-tools", "list_secrets")
	s.handshake()
	for i := range 50 {
		name := "R43_SECRET_" + string(rune('A'+i/26)) + string(rune('A'+i%26))
		if out, isErr := s.call(float64(10+i), "set_secret", map[string]any{"app": "analytics-app", "name": name, "value": "v-" + name}); isErr {
			t.Fatalf("set_secret: %s", out)
		}
	}
	out, _ := s.call(100, "describe_app", map[string]any{"app": "analytics-app"})
	if !strings.Contains(out, "left out") {
		t.Fatalf("scenario not reached:\n%s", out)
	}
	if strings.Contains(out, "Spice.ai portal") {
		t.Errorf("describe_app under --sandbox --exclude-tools list_secrets sends the person to the Spice.ai portal for the emulator's secrets:\n%s", out)
	}
	s.stop()
}

// The same describe_app text without any --exclude-tools: a --toolsets choice that leaves the
// api_keys toolset out (--read-only keeps get_api_keys, which held).
func TestR43ReviewsandboxDescribeAppKeysPortalToolsets(t *testing.T) {
	checkNoPortal(t, []string{"--toolsets", "apps,workflows"}, "describe_app", map[string]any{"app": "analytics-app"}, "API keys")
}

// Held (passes): a server that is not --sandbox, pointed at sandbox-api (SPICE_API_URL), keeps
// the real remedies for a caller's refused token (HTTP: the 401 challenge that has an OAuth
// client sign in again, as round 58 made it) and its own (stdio: the result naming
// SPICE_API_TOKEN): APIError.Sandbox is not set outside the in-process emulator.
func TestR43ReviewsandboxRealAPIKeepsRealRemedy(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	env := map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "spat_wrong-token-0123456789"}
	s := startHTTP(t, env)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer spat_another-wrong-0123456789"})
	for _, tool := range []string{"whoami", "list_apps"} {
		var req mcp.CallToolRequest
		req.Params.Name = tool
		res, err := c.CallTool(ctx, req)
		var challenged *transport.AuthorizationRequiredError
		if !errors.As(err, &challenged) {
			t.Errorf("HTTP %s: %v %v, want the 401 challenge (the caller's own token, refused by a real API)", tool, res, err)
		}
	}
	s.stop()
	st := startStdio(t, env)
	st.handshake()
	out, _ := st.call(10, "list_apps", map[string]any{})
	if strings.Contains(out, "emulator") || !strings.Contains(out, "SPICE_API_TOKEN") {
		t.Errorf("stdio list_apps:\n%s", out)
	}
	st.stop()
}

// Held (passes): the refused caller token never reaches the server's log or any result.
func TestR43ReviewsandboxRefusedTokenNotLogged(t *testing.T) {
	const token = "spat_a-real-looking-token-0123456789"
	s := startHTTP(t, nil, "--sandbox", "--log-level", "debug")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer " + token})
	for _, tool := range []string{"whoami", "list_apps", "get_api_keys"} {
		if out, _ := callTool(t, ctx, c, tool); strings.Contains(out, token) {
			t.Errorf("%s result:\n%s", tool, out)
		}
	}
	s.stop()
	if strings.Contains(s.stderr.String(), token) || strings.Contains(s.stderr.String(), "a-real-looking") {
		t.Errorf("log holds the token:\n%s", s.stderr.String())
	}
}
