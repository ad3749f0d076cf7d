package rules

import "github.com/spice-cloud-mcp/spice-cloud-mcp/api"

// The instance-name rule is the {instanceName} path rule of openapi.json: a Kubernetes pod
// name, which is a DNS-1123 subdomain (dot-separated labels of lowercase letters, digits and
// '-', each starting and ending with a letter or digit; at most 253 characters). It is our
// assumption (api/README.md §10); it keeps the value one harmless path segment ("." and ".."
// cannot match).
var (
	InstanceNamePattern = instanceNameParam.Rule.Pattern
	InstanceNameMax     = instanceNameParam.Rule.MaxLength
)

var instanceNameParam, _ = api.GetProjectInstanceLogs.Param("instanceName")

// InstanceName checks a runtime instance (pod) name, in the words the client's path check
// uses for it.
func InstanceName(name string) string { return instanceNameParam.Rule.Check(name) }
