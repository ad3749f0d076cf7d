package tools

import "github.com/spice-cloud-mcp/spice-cloud-mcp/api"

// NotOffered are the current operations of the contract no tool calls, each with why. README's
// table of operations is generated from it and the tools' declared operations
// (go generate ./internal/gendocs), and generating fails for a current operation no tool calls
// that is not listed here.
var NotOffered = map[*api.Operation]string{
	api.GetProjectDeploymentLogs: "seen only in Spice's CLIs; `get_deployment` and `get_instance_logs` read the documented " +
		"instance logs instead",
	api.GetProjectMetrics: "CPU, memory and disk figures for dashboards, which would cost every conversation another " +
		"tool's worth of `tools/list`",
}

// ResponseFieldsLeftOut are response fields of operations the tools call that no tool's
// structured result carries, each with why; README's Tools names them. Keys are the schema of
// openapi.json holding the field, a dot, and its name (TestR65Spec7EveryResponseFieldShownOrLeftOut
// checks them by name, TestR66Spec8EveryResponsePathCarriedWhereTheAPIPutsIt path by path).
var ResponseFieldsLeftOut = map[string]string{
	"ProjectSummary.api_key": "the deprecated runtime key on project objects: never decoded, so no result can show it",
	"Secret.value":           "a secret's value: never decoded, never shown",
	"ProjectList.projects":   "the envelope of listProjects: list_apps shows its items as apps",
}
