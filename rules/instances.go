package rules

import "github.com/spice-cloud-mcp/spice-cloud-mcp/api"

// The instance-name rule is the {instanceName} path rule of openapi.json. The contract's
// Instance.name is a plain string, so the rule takes any name list_instances can show
// ("Edge_Node-01" as well as a Kubernetes pod name) but what would not stay one harmless path
// segment: all dots ("." and ".."), or a name holding '/', '\', '%', '?', '#', white space or a
// control character. It is our assumption (api/README.md §10).
var InstanceNamePattern = instanceNameParam.Rule.Pattern

var instanceNameParam, _ = api.GetProjectInstanceLogs.Param("instanceName")

// InstanceName checks a runtime instance (pod) name, in the words the client's path check
// uses for it.
func InstanceName(name string) string { return instanceNameParam.Rule.Check(name) }
