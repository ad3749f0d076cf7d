package present

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

func TestTableEscapesCells(t *testing.T) {
	got := Table([]string{"A", "B"}, [][]string{{"x|y", "line1\nline2"}, {"", "ok"}})
	want := "| A | B |\n|---|---|\n| x\\|y | line1 line2 |\n| — | ok |"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestMaskAppKeepsReferencesAndOriginal(t *testing.T) {
	app := &client.Project{ProjectSummary: client.ProjectSummary{ID: 1, Name: "a"}, Config: client.ProjectConfig{Spicepod: map[string]any{
		"version": "v1", "kind": "Spicepod", "name": "a",
		"datasets": []any{map[string]any{"params": map[string]any{
			"pg_pass": "hunter2", "token": "${secrets:TOKEN}", "pg_host": "db", "auth": map[string]any{"user": "u", "key": "k"},
		}}},
	}}}
	masked := MaskApp(app)
	params := masked.Config.Spicepod["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)
	if params["pg_pass"] != Masked || params["token"] != "${secrets:TOKEN}" || params["pg_host"] != "db" {
		t.Errorf("masked params = %v", params)
	}
	if auth := params["auth"].(map[string]any); auth["user"] != Masked || auth["key"] != Masked {
		t.Errorf("values under a sensitive key must be masked: %v", auth)
	}
	original := app.Config.Spicepod["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)
	if original["pg_pass"] != "hunter2" {
		t.Error("MaskApp modified the original")
	}
	text := App(masked)
	if strings.Contains(text, "hunter2") || !strings.Contains(text, "version: v1\nkind: Spicepod\nname: a\n") {
		t.Errorf("rendered app:\n%s", text)
	}
}

func TestErrorTexts(t *testing.T) {
	apiErr := &client.APIError{Operation: api.CreateDeployment.ID, StatusCode: 409, Message: "A deployment is already in progress for this app",
		ActiveDeploymentID: 7} // the remedy comes from the table: "Deployment 7 is still queued or in progress: …"
	got := Error(apiErr)
	for _, part := range []string{"409 Conflict", "already in progress", "Deployment in progress: 7", "What to do: Deployment 7"} {
		if !strings.Contains(got, part) {
			t.Errorf("missing %q in %q", part, got)
		}
	}
	if got := Error(client.ErrNoCredentials); !strings.Contains(got, "--sandbox") {
		t.Errorf("no-credentials text: %q", got)
	}
	if got := Error(errors.New("plain")); got != "plain" {
		t.Errorf("plain error: %q", got)
	}
}

// TestSpicepodYAMLRoundTrips: what get_app shows parses back to the same spicepod.
func TestSpicepodYAMLRoundTrips(t *testing.T) {
	pod := map[string]any{
		"version": "v1", "kind": "Spicepod", "name": "edge-cases",
		"datasets": []any{
			map[string]any{"from": "postgres:public.orders", "name": "orders", "params": map[string]any{
				"pg_host": "db.internal", "pg_port": 5432.0, "ratio": 0.25, "ssl": true, "empty": "", "nothing": nil,
				"yes_word": "yes", "number_text": "123", "colon": "a: b", "url": "s3://bucket/path/", "trailing": "key:", "time": "10:30", "hash": "x #y", "star": "*alias", "multi": "line1\nline2",
				"quote": `say "hi"`, "unicode": "café ☕", "leading": " space", "list": []any{"a", 1.0, []any{}, map[string]any{}},
			}},
			map[string]any{},
			[]any{"nested", map[string]any{"k": "v"}},
		},
		"empty_list": []any{}, "empty_map": map[string]any{},
	}
	text := spicepodYAML(pod)
	if !strings.HasPrefix(text, "version: v1\nkind: Spicepod\nname: edge-cases\n") {
		t.Errorf("head order:\n%s", text)
	}
	back, msg := rules.ParseSpicepod(text)
	if msg != "" {
		t.Fatalf("rendered YAML does not parse (%s):\n%s", msg, text)
	}
	want, _ := json.Marshal(pod)
	got, _ := json.Marshal(back)
	if string(want) != string(got) {
		t.Errorf("round trip changed the spicepod:\nwant %s\ngot  %s\nYAML:\n%s", want, got, text)
	}
}

// TestRunningDeploymentIsFollowedWithWait: a deployment still running points to
// wait_for_deployment (the server's instructions: not repeated get_deployment calls), with
// the exact call when the tool passes the app and organization as the caller named them.
func TestRunningDeploymentIsFollowedWithWait(t *testing.T) {
	d := &client.Deployment{ID: 1004, Status: client.StatusInProgress}
	got := Deployment("analytics-app (101)", d, Arg{"app", "analytics-app"}, Arg{"org", "acme-labs"})
	if !strings.Contains(got, "Still running: follow it with `wait_for_deployment {\"app\":\"analytics-app\",\"org\":\"acme-labs\",\"deployment_id\":1004}`") ||
		strings.Contains(got, "get_deployment") {
		t.Errorf("with arguments:\n%s", got)
	}
	got = NextStep(&client.Deployment{ID: 7, Status: client.StatusQueued})
	if !strings.Contains(got, "wait_for_deployment (the app and deployment_id 7)") || strings.Contains(got, "get_deployment") {
		t.Errorf("without arguments: %s", got)
	}
}
