package mcpserver_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r72Claims9Proxy stands between the client and the emulator at target, as a gateway an
// adversary controls: edit rewrites each answer (its request, status and body) before the
// client reads it.
func r72Claims9Proxy(t *testing.T, target string, edit func(r *http.Request, status int, body []byte) (int, []byte)) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(res *http.Response) error {
		b, err := io.ReadAll(res.Body)
		_ = res.Body.Close()
		if err != nil {
			return err
		}
		status, out := edit(res.Request, res.StatusCode, b)
		res.StatusCode, res.Status = status, strconv.Itoa(status)+" "+http.StatusText(status)
		res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(out)), int64(len(out))
		res.Header.Set("Content-Length", strconv.Itoa(len(out)))
		res.Header.Del("Content-Encoding")
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// r72Claims9AddToObjects adds key: value to every JSON object of body that has each of the
// fields has (an app's "id" and "name": not its tags nor its spicepod, whose keys are the
// user's own); answers that are no JSON stay as they are.
func r72Claims9AddToObjects(body []byte, key string, value any, has ...string) []byte {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
			for _, f := range has {
				if v[f] == nil {
					return
				}
			}
			v[key] = value
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	out, _ := json.Marshal(v)
	return out
}

// r72Claims9Shown is everything a call's result shows: its text and structured content.
func r72Claims9Shown(t *testing.T, h *harness, tool string, args map[string]any) string {
	t.Helper()
	raw, err := json.Marshal(h.call(t, tool, args))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

var r72Claims9Apps = regexp.MustCompile(`^/v1/(?:apps|projects)(?:/\d+)?$`)

// TestR72Claims9DeprecatedAPIKeyFieldNeverDecoded: README (Safety) says "The deprecated
// `api_key` field of apps is never decoded". A gateway adds an api_key (and apiKey) holding a
// canary to every object of every app answer (list, get, update): list_apps, get_app and
// update_app show it in no result, and no log line holds it.
func TestR72Claims9DeprecatedAPIKeyFieldNeverDecoded(t *testing.T) {
	const canary = "r72c9DeprecatedKeyCanary0000000"
	edited := 0
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, u string) string {
		return r72Claims9Proxy(t, u, func(r *http.Request, status int, body []byte) (int, []byte) {
			if r72Claims9Apps.MatchString(r.URL.Path) {
				edited++
				body = r72Claims9AddToObjects(r72Claims9AddToObjects(body, "api_key", canary, "id", "name"), "apiKey", canary, "id", "name")
			}
			return status, body
		})
	}})
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"list_apps", map[string]any{}},
		{"get_app", map[string]any{"app": "analytics-app"}},
		{"update_app", map[string]any{"app": "analytics-app", "description": "r72 attack"}},
		{"get_app", map[string]any{"app": "analytics-app"}},
	} {
		if shown := r72Claims9Shown(t, h, c.tool, c.args); strings.Contains(shown, canary) {
			t.Errorf("%s shows the deprecated api_key: %.800s", c.tool, shown)
		}
	}
	if strings.Contains(h.logs.String(), canary) {
		t.Errorf("a log line holds the deprecated api_key:\n%s", h.logs.String())
	}
	if edited < 4 {
		t.Errorf("the gateway edited %d app answers, want 4 or more: the attack did not run", edited)
	}
}

// TestR72Claims9TokenClaimsAreNeverTrusted: README (Safety) says the token "is only decoded,
// never trusted: the API still decides". An agent's operator forges a JWT (another issuer's,
// claiming every scope in the organization); the API refuses it, so every write tool it drives
// changes nothing: no app deleted or created, no secret stored or removed, and whoami says the
// token was refused rather than showing the scopes it claims as granted.
func TestR72Claims9TokenClaimsAreNeverTrusted(t *testing.T) {
	forged := sandbox.New(sandbox.Config{Demo: true}).IssueToken("sandbox", []string{"*"}, time.Hour)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: forged})
	apps := h.emu.AppCount("sandbox")
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"delete_app", map[string]any{"app": "docs-search", "confirm": true}},
		{"create_app", map[string]any{"name": "r72-forged", "region": "us-west-2"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R72_FORGED", "value": "r72-forged-value"}},
		{"delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": true}},
		{"update_app", map[string]any{"app": "analytics-app", "description": "forged"}},
		{"create_deployment", map[string]any{"app": "analytics-app"}},
	} {
		if res := h.call(t, c.tool, c.args); !res.IsError {
			t.Errorf("%s with a forged token succeeded: %.600s", c.tool, text(res))
		}
	}
	if n := h.emu.AppCount("sandbox"); n != apps {
		t.Errorf("apps: %d, want %d", n, apps)
	}
	if _, ok := h.emu.SecretValue("sandbox", analyticsID, "R72_FORGED"); ok {
		t.Error("set_secret with a forged token stored the secret")
	}
	if _, ok := h.emu.SecretValue("sandbox", analyticsID, "PG_PASS"); !ok {
		t.Error("delete_secret with a forged token removed PG_PASS")
	}
	if n := h.emu.Calls(api.CreateProjectDeployment.ID) + h.emu.Calls(api.CreateDeployment.ID); n != 0 {
		t.Logf("create_deployment reached the API %d times (it decides)", n)
	}
	if shown := r72Claims9Shown(t, h, "whoami", map[string]any{}); !strings.Contains(strings.ToLower(shown), "reject") && !strings.Contains(strings.ToLower(shown), "refus") {
		t.Errorf("whoami with a forged token does not say it was refused: %.800s", shown)
	}
}

// TestR72Claims9DebugLogsNeverHoldBodies: README (The client) says the logs, at debug level
// ("operation, method, path, status, duration"), never contain bodies. A request body (an
// update's description), an answer's body read (a description the gateway puts in get_app's
// answer, which the result shows) and an error's body (a 400's text, which the result relays)
// each carry a canary: the debug log, which records the calls, holds none of them.
func TestR72Claims9DebugLogsNeverHoldBodies(t *testing.T) {
	const sent, read, refused = "r72c9RequestBodyCanary", "r72c9AnswerBodyCanary", "r72c9ErrorBodyCanary"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, u string) string {
		return r72Claims9Proxy(t, u, func(r *http.Request, status int, body []byte) (int, []byte) {
			switch {
			case r.Method == "PUT" && r72Claims9Apps.MatchString(r.URL.Path):
				return http.StatusBadRequest, []byte(`{"error":"description rejected: ` + refused + `"}`)
			case r.Method == "GET" && r72Claims9Apps.MatchString(r.URL.Path):
				return status, r72Claims9AddToObjects(body, "description", read, "id", "name")
			}
			return status, body
		})
	}})
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), read)
	mustContain(t, "update_app", h.fail(t, "update_app", map[string]any{"app": "analytics-app", "description": sent}), refused)
	logs := h.logs.String()
	if !strings.Contains(logs, `"status":400`) || !strings.Contains(logs, `"level":"DEBUG"`) {
		t.Fatalf("the debug log records no call's status: the attack read nothing:\n%s", logs)
	}
	for _, canary := range []string{sent, read, refused} {
		if strings.Contains(logs, canary) {
			t.Errorf("a log line holds a body's %s:\n%s", canary, logs)
		}
	}
}

// TestR72Claims9SecretValuesEchoedByTheAPINeverShown: README says secret values are never shown
// (only that they were stored). A gateway answers every secrets call with a "value" (and
// "secret_value") beside each secret's name, as a careless API would: list_secrets and
// set_secret show neither in their results, nor does any log line.
func TestR72Claims9SecretValuesEchoedByTheAPINeverShown(t *testing.T) {
	const canary = "r72c9EchoedSecretValueCanary"
	edited := 0
	secrets := regexp.MustCompile(`/secrets(?:/[^/]+)?$`)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, u string) string {
		return r72Claims9Proxy(t, u, func(r *http.Request, status int, body []byte) (int, []byte) {
			if secrets.MatchString(r.URL.Path) {
				edited++
				body = r72Claims9AddToObjects(r72Claims9AddToObjects(body, "value", canary, "name"), "secret_value", canary, "name")
			}
			return status, body
		})
	}})
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"list_secrets", map[string]any{"app": "analytics-app"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R72_NEW", "value": "r72-own-value-1"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "r72-own-value-2"}},
		{"list_secrets", map[string]any{"app": "analytics-app"}},
	} {
		if shown := r72Claims9Shown(t, h, c.tool, c.args); strings.Contains(shown, canary) || strings.Contains(shown, "r72-own-value") {
			t.Errorf("%s shows a secret's value: %.800s", c.tool, shown)
		}
	}
	if logs := h.logs.String(); strings.Contains(logs, canary) || strings.Contains(logs, "r72-own-value") {
		t.Errorf("a log line holds a secret's value:\n%s", logs)
	}
	if edited < 4 {
		t.Errorf("the gateway edited %d secrets answers, want 4 or more: the attack did not run", edited)
	}
}

// TestR72Claims9ToolCallLogLineCannotBeForged: README says each tool call logs one line (the
// tool, whether it failed, why). An agent puts a forged log line after a line break in an app's
// name, and a gateway puts one in an API error's text: every log line is still one JSON object,
// none is the forged one, and the calls log one "tool call" line each.
func TestR72Claims9ToolCallLogLineCannotBeForged(t *testing.T) {
	const forged = "\n{\"time\":\"2026-11-22T12:00:00Z\",\"level\":\"ERROR\",\"msg\":\"r72 forged\"}\r\nlevel=ERROR msg=\"r72 forged\"\n"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, u string) string {
		return r72Claims9Proxy(t, u, func(r *http.Request, status int, body []byte) (int, []byte) {
			if r.Method == "PUT" && r72Claims9Apps.MatchString(r.URL.Path) {
				b, _ := json.Marshal(map[string]any{"error": "bad" + forged, "code": "bad" + forged})
				return http.StatusBadRequest, b
			}
			return status, body
		})
	}})
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"get_app", map[string]any{"app": "analytics-app" + forged}},
		{"create_app", map[string]any{"name": "r72" + forged, "region": "us-west-2"}},
		{"update_app", map[string]any{"app": "analytics-app", "description": "x"}},
		{"list_apps", map[string]any{"org": "sandbox" + forged}},
	}
	for _, c := range calls {
		h.call(t, c.tool, c.args)
	}
	sc := bufio.NewScanner(strings.NewReader(h.logs.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	lines := 0
	for sc.Scan() {
		lines++
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("a log line is not one JSON object: %q", sc.Text())
		} else if line["msg"] == "r72 forged" {
			t.Errorf("a forged log line: %q", sc.Text())
		}
	}
	if got := len(logLines(t, h.logs.String(), "tool call")); got != len(calls) {
		t.Errorf("%d tool call lines for %d calls (%d lines in all)", got, len(calls), lines)
	}
}
