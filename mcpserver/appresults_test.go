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
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestAppResultsCarryTheAppURL: every result about an app carries its URL
// (https://NAME.spice.ai) in the text and, as url, in the structured content, named as
// create_and_deploy_app names it — some clients show only one of the two.
func TestAppResultsCarryTheAppURL(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const url = "https://analytics-app.spice.ai"
	var one struct {
		URL string `json:"url"`
	}
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_app", map[string]any{"app": "analytics-app"}, url},
		{"describe_app", map[string]any{"app": "analytics-app"}, url},
		{"create_app", map[string]any{"name": "sales-app"}, "https://sales-app.spice.ai"},
		{"fork_app", map[string]any{"app": "analytics-app", "name": "analytics-copy"}, "https://analytics-copy.spice.ai"},
	} {
		res := h.call(t, tc.tool, tc.args)
		if res.IsError {
			t.Fatalf("%s: %s", tc.tool, text(res))
		}
		structured(t, res, &one)
		if one.URL != tc.want || !strings.Contains(text(res), tc.want) {
			t.Errorf("%s: url %q, want %s in both forms; text:\n%s", tc.tool, one.URL, tc.want, text(res))
		}
		one.URL = ""
	}
	var lists struct {
		Apps  []map[string]any `json:"apps"`
		Forks []map[string]any `json:"forks"`
	}
	structured(t, h.call(t, "list_apps", nil), &lists)
	res := h.call(t, "list_forks", map[string]any{"app": "analytics-app"})
	structured(t, res, &lists)
	if len(lists.Apps) < 3 || len(lists.Forks) != 1 {
		t.Fatalf("%d apps, %d forks", len(lists.Apps), len(lists.Forks))
	}
	for _, a := range append(lists.Apps, lists.Forks...) {
		if a["url"] != "https://"+a["name"].(string)+".spice.ai" {
			t.Errorf("%v has url %v", a["name"], a["url"])
		}
	}
	mustContain(t, "list_forks", text(res), "| URL |", "https://analytics-copy.spice.ai")
}

// TestReactivationInStructuredContent: a create that brought a deleted app back says so in the
// structured content too, with the warning about its previous API keys; a new app does not.
func TestReactivationInStructuredContent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.DeleteProject(context.Background(), h.appID(t, "analytics-app")); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour)
	var view struct {
		Reactivated *struct {
			Warning string `json:"warning"`
		} `json:"reactivated"`
		Name string `json:"name"`
	}
	res := h.call(t, "create_app", map[string]any{"name": "analytics-app"})
	structured(t, res, &view)
	mustContain(t, "create_app text", text(res), "Reactivated", "previous API keys are live again")
	if view.Reactivated == nil || !strings.Contains(view.Reactivated.Warning, "previous API keys are live again") ||
		!strings.Contains(view.Reactivated.Warning, "rotate_api_keys") || view.Name != "analytics-app" {
		t.Errorf("create_app's structured content does not say it reactivated the app: %+v", view)
	}
	view.Reactivated = nil
	structured(t, h.call(t, "create_app", map[string]any{"name": "brand-new-app"}), &view)
	if view.Reactivated != nil {
		t.Errorf("a new app reads as reactivated: %+v", view.Reactivated)
	}

	// create_and_deploy_app likewise.
	if _, err := api.DeleteProject(context.Background(), h.appID(t, "analytics-app")); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour)
	res = h.call(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "wait": false,
		"spicepod": "version: v1\nkind: Spicepod\nname: analytics-app\n"})
	structured(t, res, &view)
	if view.Reactivated == nil || !strings.Contains(view.Reactivated.Warning, "previous API keys are live again") {
		t.Errorf("create_and_deploy_app's structured content does not say it reactivated the app: %+v\n%s", view, text(res))
	}
}

// answerWith rewrites the emulator's answer to the requests of method whose path ends in
// suffix: status, and body ("" for none).
func answerWith(method, suffix string, status int, body string) func(*http.Response) error {
	return func(r *http.Response) error {
		if r.Request.Method != method || !strings.HasSuffix(r.Request.URL.Path, suffix) || r.StatusCode >= 300 {
			return nil
		}
		r.StatusCode, r.Status = status, strconv.Itoa(status)+" "+http.StatusText(status)
		r.Body = io.NopCloser(bytes.NewReader([]byte(body)))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		if body == "" {
			r.Header.Del("Content-Type")
		}
		return nil
	}
}

// TestResultsShowWhatWasSentWhereTheAnswerIsSilent: connect_repository names the repository
// and directory the caller sent when the API's (spec-valid) answer leaves them out, and claims
// nothing the answer does not say (an answer without has_spicepod says nothing about a
// spicepod, nor one without a branch about the branch the caller left to the default);
// set_secret never shows an empty name for an answer without one (the client reports such an
// answer as an unknown outcome).
func TestResultsShowWhatWasSentWhereTheAnswerIsSilent(t *testing.T) {
	for _, tc := range []struct {
		name           string
		status         int
		body           string
		want, dontWant []string
		hasSpicepod    any
	}{
		{"has_spicepod only", http.StatusOK, `{"has_spicepod":true}`,
			[]string{"GitHub repository analytics, directory spice."}, []string{"no spicepod", "does not say"}, true},
		{"has_spicepod false", http.StatusOK, `{"has_spicepod":false}`,
			[]string{"GitHub repository analytics, directory spice.", "holds no spicepod there yet"}, []string{"does not say"}, false},
		{"has_spicepod missing", http.StatusOK, `{"repository":"sandbox/analytics"}`,
			[]string{"GitHub repository sandbox/analytics, directory spice.", "does not say whether the repository holds a spicepod"}, []string{"no spicepod"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
				upstream: recordingProxy(nil, answerWith(http.MethodPut, "/repository", tc.status, tc.body))})
			res := h.call(t, "connect_repository", map[string]any{"app": "analytics-app", "repository": "analytics",
				"root_directory": "spice"})
			if res.IsError {
				t.Fatal(text(res))
			}
			mustContain(t, "connect_repository", text(res), tc.want...)
			for _, bad := range tc.dontWant {
				if strings.Contains(text(res), bad) {
					t.Errorf("claims %q:\n%s", bad, text(res))
				}
			}
			var out map[string]any
			structured(t, res, &out)
			if repo := out["repository"]; (repo != "analytics" && repo != "sandbox/analytics") || out["production_branch"] != nil || out["root_directory"] != "spice" || out["has_spicepod"] != tc.hasSpicepod {
				t.Errorf("structured content: %v", out)
			}
		})
	}
	for _, body := range []string{`{"id":7}`, ""} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
			upstream: recordingProxy(nil, answerWith(http.MethodPost, "/secrets", http.StatusOK, body))})
		res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "NEW_ONE", "value": "example-value"})
		var out struct {
			Name string `json:"name"`
		}
		structured(t, res, &out)
		if strings.Contains(text(res), "Secret ``") || (!res.IsError && (!strings.Contains(text(res), "Secret `NEW_ONE` created") || out.Name != "NEW_ONE")) {
			t.Errorf("set_secret answered %q: %s (structured name %q)", body, text(res), out.Name)
		}
	}
}

// TestDeployStepsShowTheAppNameOnce: the step table's cells take the app's label as plain
// text and escape it once (a name starting with "-" read \\-edge-app- when the label came
// already escaped).
func TestDeployStepsShowTheAppNameOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]any{"name": "-edge-app-", "wait": false, "spicepod": "version: v1\nkind: Spicepod\nname: edge\n"}
	for _, want := range []string{"**-edge-app-** (", "| reused -edge-app- ("} { // the headline names a new app, the steps a reused one
		out := text(h.call(t, "create_and_deploy_app", args))
		mustContain(t, "create_and_deploy_app", out, want)
		if strings.Contains(out, `\-edge-app-`) {
			t.Errorf("the app's name is escaped in the step table:\n%s", out)
		}
	}
}

// TestDeploymentErrorsMaskedInStructuredContent: a deployment's error message is masked in the
// structured content of every tool that carries deployments, as the text shows it (a runtime
// error may quote a connection string or a password).
func TestDeploymentErrorsMaskedInStructuredContent(t *testing.T) {
	const leak = "hunter2secret"
	withLeak := func(r *http.Response) error {
		if !strings.Contains(r.Request.URL.Path, "/deployments") || r.StatusCode >= 300 {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		// The emulator's own error_message goes first: a name given twice is refused (r54).
		body = regexp.MustCompile(`"error_message":(null|"(?:[^"\\]|\\.)*"),?`).ReplaceAll(body, nil)
		body = bytes.ReplaceAll(body, []byte(`"status":`), []byte(`"error_message":"could not connect: password=`+leak+`","status":`))
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: recordingProxy(nil, withLeak)})
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"list_deployments", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"wait_for_deployment", map[string]any{"app": "analytics-app"}},
	} {
		res := h.call(t, c.tool, c.args)
		raw, err := json.Marshal(res.StructuredContent)
		if err != nil || !bytes.Contains(raw, []byte("error_message")) {
			t.Fatalf("%s: no error message reached the structured content (%v): %s", c.tool, err, raw)
		}
		if strings.Contains(string(raw), leak) || strings.Contains(text(res), leak) {
			t.Errorf("%s shows the password:\n%s\n%s", c.tool, raw, text(res))
		}
	}
}
