package tools

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestResourcesDecode: update_app's resources is a JSON Merge Patch (RFC 7396) of the app's
// resources: a key set to null is removed, a group set to null is removed whole, and null
// removes them all; keys besides limits, requests, cpu, memory and ephemeral-storage, values
// neither strings nor null, keys given twice and empty objects are refused, naming the path.
func TestResourcesDecode(t *testing.T) {
	for _, tc := range []struct {
		in     string
		spec   client.ResourceSpec
		remove []string
		err    string // "" = accepted
	}{
		{in: `{"limits":{"cpu":"2"}}`, spec: client.ResourceSpec{Limits: map[string]any{"cpu": "2"}}},
		{in: `{"limits":{"cpu":null}}`, remove: []string{"limits.cpu"}},
		{in: `{"limits":{"cpu":null,"memory":"8Gi"},"requests":{"memory":null,"cpu":null}}`,
			spec: client.ResourceSpec{Limits: map[string]any{"memory": "8Gi"}}, remove: []string{"limits.cpu", "requests.cpu", "requests.memory"}},
		{in: `{"limits":null}`, remove: []string{"limits"}},
		{in: `{"requests":null,"limits":{"cpu":"1"}}`, spec: client.ResourceSpec{Limits: map[string]any{"cpu": "1"}}, remove: []string{"requests"}},
		{in: `null`, remove: []string{"limits", "requests"}},
		{in: ` null `, remove: []string{"limits", "requests"}},
		{in: `{"limits":{"cpus":null}}`, err: `limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage`},
		{in: `{"limit":null}`, err: `limit: unknown key; the keys taken there are limits, requests`},
		{in: `{"limits":{"cpu":2}}`, err: "limits.cpu"},
		{in: `{"limits":{"cpu":null,"cpu":"2"}}`, err: `key "limits.cpu" is given twice`},
		{in: `{"limits":null,"limits":{"cpu":"2"}}`, err: `key "limits" is given twice`},
		{in: `{"limits":{}}`, err: `"limits" is empty; to fix: give at least one of cpu, memory, ephemeral-storage (null removes one)`},
		{in: `{}`, err: "it is empty; to fix: give at least one of limits, requests (null removes one)"},
		{in: `"2"`, err: "string"},
	} {
		var r Resources
		err := json.Unmarshal([]byte(tc.in), &r)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !r.Given || !reflect.DeepEqual(r.Spec, tc.spec) || !reflect.DeepEqual(r.Remove, tc.remove) {
			t.Errorf("%s: got %+v, want spec %+v remove %v", tc.in, r, tc.spec, tc.remove)
		}
	}
	// In the arguments, resources: null is given (it removes), not "not sent".
	var a updateAppArgs
	if err := json.Unmarshal([]byte(`{"app":"a","resources":null}`), &a); err != nil || !a.Resources.Given {
		t.Errorf("resources: null: %v, given %v", err, a.Resources.Given)
	}
}

// TestMergeResources: the patch applied to the app's current resources — keys set, paths
// removed, a group left empty dropped, nothing left = no resources — and the paths to remove
// that the app does not have.
func TestMergeResources(t *testing.T) {
	current := &client.ResourceSpec{
		Limits:   map[string]any{"cpu": "2", "memory": "8Gi"},
		Requests: map[string]any{"cpu": "500m"},
	}
	for _, tc := range []struct {
		name    string
		current *client.ResourceSpec
		patch   string
		want    client.ResourceSpec
		absent  []string
		same    bool // nothing changes
	}{
		{"set one key", current, `{"limits":{"cpu":"4"}}`,
			client.ResourceSpec{Limits: map[string]any{"cpu": "4", "memory": "8Gi"}, Requests: map[string]any{"cpu": "500m"}}, nil, false},
		{"remove one key", current, `{"limits":{"cpu":null}}`,
			client.ResourceSpec{Limits: map[string]any{"memory": "8Gi"}, Requests: map[string]any{"cpu": "500m"}}, nil, false},
		{"remove the last key of a group", current, `{"requests":{"cpu":null}}`,
			client.ResourceSpec{Limits: map[string]any{"cpu": "2", "memory": "8Gi"}}, nil, false},
		{"remove a group", current, `{"limits":null}`,
			client.ResourceSpec{Requests: map[string]any{"cpu": "500m"}}, nil, false},
		{"remove everything", current, `null`, client.ResourceSpec{}, nil, false},
		{"remove every key", current, `{"limits":{"cpu":null,"memory":null},"requests":{"cpu":null}}`, client.ResourceSpec{}, nil, false},
		{"remove an absent key", current, `{"limits":{"ephemeral-storage":null}}`, *current, []string{"limits.ephemeral-storage"}, true},
		{"remove an absent group", &client.ResourceSpec{Limits: map[string]any{"cpu": "2"}}, `{"requests":null}`,
			client.ResourceSpec{Limits: map[string]any{"cpu": "2"}}, []string{"requests"}, true},
		{"remove from no resources", nil, `null`, client.ResourceSpec{}, []string{"limits", "requests"}, true},
		{"set what is there", current, `{"limits":{"cpu":"2"}}`, *current, nil, true},
		{"mix set and remove", current, `{"limits":{"cpu":null,"ephemeral-storage":"20Gi"},"requests":{"memory":"4Gi","cpu":null}}`,
			client.ResourceSpec{Limits: map[string]any{"memory": "8Gi", "ephemeral-storage": "20Gi"}, Requests: map[string]any{"memory": "4Gi"}}, nil, false},
		{"mix set, remove a group and an absent key", current, `{"limits":null,"requests":{"memory":null,"cpu":"1"}}`,
			client.ResourceSpec{Requests: map[string]any{"cpu": "1"}}, []string{"requests.memory"}, false},
	} {
		var patch Resources
		if err := json.Unmarshal([]byte(tc.patch), &patch); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		before, _ := json.Marshal(tc.current)
		got, absent := mergeResources(tc.current, patch)
		if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(absent, tc.absent) {
			t.Errorf("%s: got %+v, absent %v; want %+v, absent %v", tc.name, got, absent, tc.want, tc.absent)
		}
		if same := sameResources(tc.current, &got); same != tc.same {
			t.Errorf("%s: same %v, want %v", tc.name, same, tc.same)
		}
		if after, _ := json.Marshal(tc.current); string(after) != string(before) {
			t.Errorf("%s: the app's resources were changed in place: %s, was %s", tc.name, after, before)
		}
	}
}
