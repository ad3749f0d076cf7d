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
