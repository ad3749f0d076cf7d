package tools

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type instanceList struct {
	Instances []client.Instance `json:"instances"`
}

var listInstances = register(define[appArgs, instanceList](Tool{
	Name: "list_instances", Title: "List instances", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectInstances},
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Show an app's (project's) runtime instances (pods, replicas) and whether each is ready, starting or " +
		"failed.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	list, err := c.ListProjectInstances(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Instances(target.label(), list), Structured: instanceList{Instances: list}}, nil
}))

// InstanceName is a runtime instance (pod) name, as the API's path rule has it.
type InstanceName string

// jsonSchema is the type's own schema (see schema.go).
func (InstanceName) jsonSchema() *schema {
	p, _ := api.GetProjectInstanceLogs.Param("instanceName")
	return &schema{Type: "string", Pattern: p.Rule.Pattern, MaxLength: uint64Ptr(uint64(p.Rule.MaxLength)),
		Description: "Default: the newest instance (see list_instances)"}
}

// check refuses "" (omit instance for the newest one) and applies the API's instance-name rule.
func (n InstanceName) check() string {
	if n == "" {
		return present.ArgInstanceEmpty
	}
	p, _ := api.GetProjectInstanceLogs.Param("instanceName")
	return p.Rule.Check(string(n))
}

// LogTail is how many of the last log lines to show.
type LogTail int

// defaultTail is the lines shown when tail is not given.
const defaultTail = 100

// jsonSchema is the type's own schema (see schema.go).
func (LogTail) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: "1", Maximum: json.Number(strconv.Itoa(maxTail)), Default: defaultTail,
		Description: "Last lines to show (capped at the plan's limit)"}
}

// check refuses a count outside 1 to maxTail, 0 included (omit it for the default).
func (t LogTail) check() string {
	if t < 1 || t > maxTail {
		return present.ArgTail(maxTail)
	}
	return ""
}

// maxTail is the most log lines the tool asks for: the largest plan's limit. A plan below it
// answers plan_limit with its own limit, which the tool then uses.
const maxTail = 5000

type instanceLogsArgs struct {
	App      AppRef       `json:"app"`
	Instance InstanceName `json:"instance,omitempty"`
	Tail     LogTail      `json:"tail,omitempty"`
	orgArg
}

func (a *instanceLogsArgs) validate() rules.FieldErrors {
	return checkApp(a.App)
}

type instanceLogs struct {
	Instance string   `json:"instance"`
	Status   string   `json:"status,omitempty"`
	Lines    []string `json:"lines"`
	// MaxTail is the plan's limit when the requested tail was above it and was lowered.
	MaxTail int `json:"max_tail,omitempty"`
}

var getInstanceLogs = register(define[instanceLogsArgs, instanceLogs](Tool{
	Name: "get_instance_logs", Title: "Get instance logs", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectInstances, api.GetProjectInstanceLogs},
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app", "tail": 20}, Invalid: map[string]any{"app": "analytics-app", "tail": 9999}},
	Description: "Read an app's (project's) runtime output: the last lines an instance (pod) printed, by default the " +
		"newest one's, e.g. to check why it fails to start.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a instanceLogsArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	list, err := c.ListProjectInstances(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	name, status := string(a.Instance), ""
	if name == "" {
		if len(list) == 0 {
			return refusal(present.NoInstances(target.label())), nil
		}
		name = list[0].Name // newest first
		if rules.InstanceName(name) != "" {
			return refusal(present.ListedInstanceUnusable(target.label(), name)), nil // the API's name, not the caller's
		}
	}
	if i := slices.IndexFunc(list, func(in client.Instance) bool { return in.Name == name }); i >= 0 {
		status = list[i].Status
	}
	lines, err := c.GetProjectInstanceLogs(ctx, target.ID, name, int(a.Tail))
	capped := 0
	if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.Code == "plan_limit" && apiErr.MaxTail > 0 && apiErr.MaxTail < int(a.Tail) {
		capped = apiErr.MaxTail
		lines, err = c.GetProjectInstanceLogs(ctx, target.ID, name, capped)
	}
	if err != nil {
		return nil, err
	}
	masked := present.MaskLogLines(lines)
	return &Result{Text: present.InstanceLogs(target.label(), name, status, lines, capped),
		Structured: instanceLogs{Instance: name, Status: status, Lines: masked, MaxTail: capped}}, nil
}))
