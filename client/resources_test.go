package client_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestResourcesValidated: config.resources is checked as openapi.json's ResourceSpec (the
// rule the emulator applies, rules.ResourceSpec) before a create or update is sent: cpu,
// memory and ephemeral-storage are Kubernetes quantities in strings, named by their path.
func TestResourcesValidated(t *testing.T) {
	nullable := func(spec *client.ResourceSpec) client.Nullable[client.ResourceSpec] {
		if spec == nil {
			return client.Clear[client.ResourceSpec]() // null: no resources, nothing to check
		}
		return client.Set(*spec)
	}
	for _, tc := range []struct {
		spec *client.ResourceSpec
		want string // "" = valid
	}{
		{nil, ""},
		{&client.ResourceSpec{Limits: map[string]any{"cpu": "2", "memory": "8Gi", "ephemeral-storage": "20Gi"}, Requests: map[string]any{"cpu": "500m"}}, ""},
		{&client.ResourceSpec{Limits: map[string]any{"cpu": "two"}}, "limits.cpu: 'two' is not a Kubernetes quantity"},
		{&client.ResourceSpec{Requests: map[string]any{"memory": 8}}, "requests.memory: Expected string"},
	} {
		for name, fe := range map[string]map[string][]string{
			"update": client.ValidateUpdateProject(client.UpdateProjectRequest{Resources: nullable(tc.spec)}),
			"create": client.ValidateCreateProject(client.CreateProjectRequest{Name: "new-app", Resources: tc.spec}),
		} {
			got := strings.Join(fe["resources"], "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("%s %+v: resources %q, want %q", name, tc.spec, got, tc.want)
			}
		}
	}
}
