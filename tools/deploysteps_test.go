package tools

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// A cancelled workflow step reads as cancelled, a write cancelled in flight as of unknown
// outcome (and a possible change), and a cancelled wait names the deployment's last status.
func TestStepLogCancelled(t *testing.T) {
	var progress []string
	ctx := context.WithValue(context.Background(), progressKey{}, Progress(func(m string) { progress = append(progress, m) }))

	l := &stepLog{ctx: ctx}
	res, _ := l.failed(present.StepDeploy, &client.CancelledError{Operation: "createProjectDeployment", Method: "POST", Path: "/v1/projects/1/deployments", OutcomeUnknown: true})
	if got := l.steps[0].Result; got != present.StepOutcomeUnknown(present.StepDeploy) {
		t.Errorf("deploy cancelled in flight: %q", got)
	}
	if !strings.Contains(res.Text, present.ChangeOutcomeUnknown(present.StepDeploy, nil)) {
		t.Errorf("changes leave out the possible deployment:\n%s", res.Text)
	}

	l = &stepLog{ctx: ctx}
	_, _ = l.failed(present.StepConfigure, &client.CancelledError{Operation: "updateProject", Method: "PATCH", Path: "/v1/projects/1"})
	if got := l.steps[0].Result; got != present.StepCancelled {
		t.Errorf("configure cancelled: %q", got)
	}

	l = &stepLog{ctx: ctx}
	dep := &client.Deployment{ID: 7, Status: "queued"}
	_, _ = l.waitStopped(dep, &waitOutcome{Deployment: &client.Deployment{ID: 7, Status: "in_progress"}}, context.Canceled)
	want := present.StepWaitStopped(7, "in_progress", true, "wait_for_deployment")
	if got := l.steps[0].Result; got != want || !strings.Contains(got, "cancelled") {
		t.Errorf("wait cancelled: %q, want %q", got, want)
	}
	if last := progress[len(progress)-1]; last != present.StepProgress(present.StepWait, want) {
		t.Errorf("progress %q", last)
	}
}

// The configuration mark is the configuration's value: layout and key order do not change it,
// replicas, image_tag and the spicepod do; only failures whose fix is a change to the
// configuration are not deployed again (internal_error's remedy is to deploy once more).
func TestConfigMarkAndFailsAgain(t *testing.T) {
	replicas := func(n int) *int { return &n }
	pod := func(yaml string) map[string]any {
		return jsonValue(mustParse(t, yaml)).(map[string]any)
	}
	base := &client.Project{Config: client.ProjectConfig{Spicepod: pod("version: v1\nkind: Spicepod\nname: s\n")}}
	same := &client.Project{Config: client.ProjectConfig{Spicepod: pod("name: s\nkind: Spicepod\nversion: v1\n")}}
	if configMark(nil, base) != configMark(nil, same) {
		t.Error("key order changed the mark")
	}
	for name, p := range map[string]*client.Project{
		"replicas":  {Config: client.ProjectConfig{Spicepod: base.Config.Spicepod, Replicas: replicas(3)}},
		"image_tag": {Config: client.ProjectConfig{Spicepod: base.Config.Spicepod, ImageTag: "2.3.2"}},
		"spicepod":  {Config: client.ProjectConfig{Spicepod: pod("version: v1\nkind: Spicepod\nname: t\n")}},
	} {
		if configMark(nil, p) == configMark(nil, base) {
			t.Errorf("%s did not change the mark", name)
		}
	}
	for code, want := range map[string]bool{"unable_to_start": true, "pod_exceeds_node_capacity": true, "internal_error": false,
		"insufficient_cpu": false, "insufficient_instances": false, client.CodeStopped: false, "": false, "something_new": false} {
		if got := failsAgain(client.Deployment{Status: client.StatusFailed, ErrorCode: code}); got != want {
			t.Errorf("failsAgain(%q) = %v, want %v", code, got, want)
		}
	}
}

func mustParse(t *testing.T, yaml string) any {
	t.Helper()
	pod, msg := rules.ParseSpicepod(yaml)
	if msg != "" {
		t.Fatal(msg)
	}
	return pod
}

// TestConfigMarkCoversTheWholeConfiguration: every key of config changes the mark, one this
// client does not know (a newer server's) included, and integers a float64 cannot tell apart;
// key order and keys left out for null do not.
func TestConfigMarkCoversTheWholeConfiguration(t *testing.T) {
	base := func() map[string]any {
		return map[string]any{"spicepod": json.RawMessage(`{"version":"v1","kind":"Spicepod","name":"s","runtime":{"n":9007199254740992}}`), "registry": nil, "image": nil,
			"image_tag": nil, "update_channel": "stable", "version": nil, "replicas": 1, "region": "us-west-2", "node_group": nil,
			"storage_size_gb": nil, "future_key": map[string]any{"a": 1}}
	}
	mark := func(cfg any) string {
		b, _ := json.Marshal(map[string]any{"id": 1, "name": "a", "config": cfg})
		var p client.Project
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		return configMark(nil, &p)
	}
	want := mark(base())
	if got := mark(json.RawMessage(`{"future_key":{"a":1},"replicas":1,"update_channel":"stable","region":"us-west-2","spicepod":{"runtime":{"n":9007199254740992},"name":"s","kind":"Spicepod","version":"v1"}}`)); got != want {
		t.Errorf("the same configuration, keys reordered, marks %s, want %s", got, want)
	}
	for key, value := range map[string]any{"image": "spiceai/spiceai", "registry": "ghcr.io", "update_channel": "preview", "version": "2.x",
		"node_group": "big-nodes", "storage_size_gb": 50, "storage_claim_size_gb": 50, "resources": map[string]any{"cpu": "2"},
		"executor": map[string]any{"replicas": 2}, "future_key": map[string]any{"a": 2}, "replicas": 2, "region": "eu-west-1",
		"spicepod": json.RawMessage(`{"version":"v1","kind":"Spicepod","name":"s","runtime":{"n":9007199254740993}}`)} {
		cfg := base()
		cfg[key] = value
		if got := mark(cfg); got == want {
			t.Errorf("%s %v does not change the mark", key, value)
		}
	}
}
