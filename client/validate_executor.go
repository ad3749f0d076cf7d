package client

import "github.com/spice-cloud-mcp/spice-cloud-mcp/rules"

// check applies the API's ExecutorSpec rule (rules.ExecutorSpec, the emulator's too) to the
// executor about to be sent: replicas and storage_size_gb 0 or more, resources a ResourceSpec.
// A problem is prefixed with its path (replicas: ..., resources: limits.cpu: ...).
func (x *ExecutorSpec) check() string {
	if x == nil {
		return ""
	}
	var resources any
	if x.Resources != nil {
		spec := map[string]any{}
		if x.Resources.Limits != nil {
			spec["limits"] = x.Resources.Limits
		}
		if x.Resources.Requests != nil {
			spec["requests"] = x.Resources.Requests
		}
		resources = spec
	}
	return rules.ExecutorSpec(x.Replicas, x.StorageSizeGB, resources)
}
