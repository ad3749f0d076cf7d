package tools

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// instanceList is the instances that fit one result (list_instances takes no offset: tools/list
// has no room for one, and an app runs a few replicas) and how many there are in all.
type instanceList struct {
	ofApp
	Instances []client.Instance `json:"instances"`
	Total     int               `json:"total"`
}

var listInstances = register(define[appArgs, instanceList](Tool{
	Name: "list_instances", Title: "List instances", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectInstances},
	When:       roleWhen(nil, "the app has no instance"),
	MayCall:    []*api.Operation{api.GetProject, api.ListProjectDeployments, api.ListOrgs},
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "An app's runtime instances (pods, replicas, processes) and whether each is up or down, running, serving (ready, " +
		"healthy), starting or failed.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	list, err := c.ListProjectInstances(ctx, target.ID)
	if err != nil {
		if text, ok := instancesPaused(ctx, env, c, target.ID, err, appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil // names the resume_app call
		}
		return nil, err
	}
	// With none, the next step depends on whether a deployment is still queued or in progress
	// (none runs yet: wait for it), and else whether one has what it needs (a spicepod).
	if len(list) == 0 {
		return &Result{Text: noInstances(ctx, env, c, target, appAgain(string(a.App), a.orgArg)) + pagingNote(ctx, api.ListProjectInstances, "instance", "instances"),
			Structured: instanceList{ofApp: target.of(), Instances: list}}, nil
	}
	// A pod the API lists again (names are unique) is shown and counted once, the repeat said.
	list, repeated := withoutRepeats(list, func(in client.Instance) string { return in.Name })
	note := ""
	if len(repeated) > 0 {
		note = "\n\n" + present.InstancesRepeated(repeated)
	}
	dated := make([]present.Dated, len(list))
	for i, in := range list {
		dated[i] = present.Dated{One: "instance", Name: in.Name, Times: []present.NamedTime{{Field: "started_at", At: in.StartedAt}}}
	}
	note += futureNote(dated, env) + pagingNote(ctx, api.ListProjectInstances, "instance", "instances")
	unavailable := unusableTools(ctx, env, "get_instance_logs") // the hint to read a log is left out where hidden
	again := appAgain(string(a.App), a.orgArg)
	// Instance names and statuses are the API's texts as it sends them: a token a byte at worst (denseWeight).
	return denseListOf(list, instanceDense, shortInstance, func(page []client.Instance, p present.Page) *Result {
		return &Result{Text: present.Paged(present.Instances(target.label(), page, p.Total, 0, present.DeployableYes, unavailable, again...)+note,
			present.LeftOut("instances", p)),
			Structured: instanceList{ofApp: target.of(), Instances: page, Total: p.Total}}
	}), nil
}))

// instanceDense is the bytes of an instance's name and status.
func instanceDense(in client.Instance) int { return len(in.Name) + len(in.Status) }

// shortInstance is an instance whose name and status are clipped to limit bytes (densePageOf).
func shortInstance(in client.Instance, limit int) client.Instance {
	in.Name, in.Status = present.ClipItem(in.Name, limit), present.ClipItem(in.Status, limit)
	return in
}

// noInstances is what list_instances says of an app with no instance, and get_instance_logs
// with it: whether a deployment is still queued or in progress (none runs yet: wait for it), and
// else whether one has what it needs (a spicepod), naming only the tools the caller can use.
func noInstances(ctx context.Context, env *Env, c *client.Client, target appTarget, again []present.Arg) string {
	busy, d := deployNext(ctx, c, target.ID, nil)
	if busy <= 0 { // the next step is a change (update_app, create_deployment): named only to a role that can make it
		ctx = withListedRole(ctx, env, c)
	}
	unavailable := unusableTools(ctx, env, append(append([]string{"list_deployments"}, present.FollowTools...), deployTools...)...)
	return present.Instances(target.label(), nil, 0, busy, d, unavailable, again...)
}

// instancesPaused is present.InstancesPaused with, when the app is paused, whether resume_app
// has what it deploys (deployable: one getProject more, and for an app with a production
// branch one listProjectDeployments): without a spicepod the text names update_app first.
func instancesPaused(ctx context.Context, env *Env, c *client.Client, id int64, err error, again ...present.Arg) (string, bool) {
	if _, ok := present.InstancesPaused(err, present.DeployableYes, nil, again...); !ok {
		return "", false
	}
	ctx = withListedRole(ctx, env, c) // resume_app is named only to a role that can use it
	return present.InstancesPaused(err, deployable(ctx, c, id, nil), unusableTools(ctx, env, resumeTools...), again...)
}

// InstanceName is a runtime instance (pod) name, as the API's path rule has it.
type InstanceName string

// jsonSchema is the type's own schema (see schema.go). The pattern is the rule's as ECMA-262
// reads it (rules.InstanceNameSchemaPattern); its length cap lives in check() alone, as
// tools/list has no room for more.
func (InstanceName) jsonSchema() *schema {
	return &schema{Type: "string", Pattern: rules.InstanceNameSchemaPattern,
		Description: "Default: newest scheduled (see list_instances)"}
}

// check refuses "" (omit instance for the newest scheduled one), a character that does not show where it
// stands (strayHidden, as in an organization name: the API's 404 would quote the name without
// it), and what the API's instance-name rule refuses (its length cap first, so a long name is
// never quoted back).
func (n InstanceName) check() string {
	switch {
	case n == "":
		return present.ArgInstanceEmpty
	case rules.InstanceNameMax > 0 && utf8.RuneCountInString(string(n)) > rules.InstanceNameMax:
		return present.ArgInstanceName
	case strayHidden(string(n)):
		return present.ArgHiddenCharacter(string(n))
	case rules.InstanceName(string(n)) != "":
		return present.ArgInstanceName
	}
	return ""
}

// LogTail is how many of the last log lines to show.
type LogTail int

// defaultTail is the lines shown when tail is not given: the API's default.
var defaultTail = rules.TailDefault

// jsonSchema is the type's own schema (see schema.go). As the API's, it has no maximum: a plan's
// limit is the API's to say (403 plan_limit with max_tail), and the tool then asks for that.
func (LogTail) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: "1", Default: defaultTail,
		Description: "Last lines (capped by the plan)"}
}

// check refuses a count below 1, 0 included (omit it for the default).
func (t LogTail) check() string {
	if t < 1 {
		return present.ArgTail(defaultTail)
	}
	return ""
}

// LogOffset is how many of the newest lines returned to leave out, to read further back in a log
// longer than one result holds.
type LogOffset int

// jsonSchema is the type's own schema (see schema.go).
func (LogOffset) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: "0"} // its name says what it is: tools/list is short of tokens
}

// check refuses a negative offset.
func (o LogOffset) check() string {
	if o < 0 {
		return present.ArgSkipNewest
	}
	return ""
}

type instanceLogsArgs struct {
	App      AppRef       `json:"app"`
	Instance InstanceName `json:"instance,omitempty"`
	Tail     LogTail      `json:"tail,omitempty"`
	Offset   LogOffset    `json:"skip_newest,omitempty"`
	orgArg
}

func (a *instanceLogsArgs) validate() rules.FieldErrors {
	return checkApp(a.App)
}

type instanceLogs struct {
	ofApp
	Instance string   `json:"instance"`
	Status   string   `json:"status,omitempty"`
	Lines    []string `json:"lines"`
	// MaxTail is the plan's limit when the requested tail was above it and was lowered.
	MaxTail int `json:"max_tail,omitempty"`
	// Older and Newer are the lines returned but not shown: older ones that did not fit the
	// result budget, newer ones the offset skipped.
	Older int `json:"older_left_out,omitempty"`
	Newer int `json:"newer_left_out,omitempty"`
	// PassedOver is the newest instance listed, when its name could not be asked for.
	PassedOver *present.PassedOver `json:"passed_over,omitempty"`
	// Next is, for an instance that failed, what to read next and the call that deploys again.
	Next string `json:"next,omitempty"`
}

var getInstanceLogs = register(define[instanceLogsArgs, instanceLogs](Tool{
	Name: "get_instance_logs", Title: "Get instance logs", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectInstances, api.GetProjectInstanceLogs},
	// A paused app's configuration (and deployments): whether resume_app has a spicepod (instancesPaused).
	MayCall:  []*api.Operation{api.GetProject, api.ListProjectDeployments, api.ListOrgs},
	When:     roleWhen(nil, "the app has no instance (a refusal)"),
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "tail": 20}, Invalid: map[string]any{"app": "analytics-app", "tail": 0}},
	Description: "Read an app's runtime output (stdout, stderr): the last lines an instance (pod) printed, e.g. " +
		"errors, why it crashes, throws 500s or fails to start.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a instanceLogsArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	list, err := c.ListProjectInstances(ctx, target.ID)
	if err != nil {
		if text, ok := instancesPaused(ctx, env, c, target.ID, err, appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil // names the resume_app call
		}
		return nil, err
	}
	name, status := string(a.Instance), ""
	passedOver, passedOverNote := (*present.PassedOver)(nil), "" // structured and text
	if name == "" {
		if len(list) == 0 {
			return refusal(present.NoInstances(noInstances(ctx, env, c, target, appAgain(string(a.App), a.orgArg)))), nil
		}
		// Newest first: the newest whose name can be sent (a listed name that cannot is the
		// API's, not the caller's, and is passed over, or refused when every name is such).
		sendable := func(in client.Instance) bool { return rules.InstanceName(in.Name) == "" }
		i := slices.IndexFunc(list, sendable)
		if i < 0 {
			return refusal(present.ListedInstanceUnusable(target.label(), list[0].Name)), nil
		}
		// A pending instance was never scheduled and has no logs (409 instance_offline): the
		// newest that ran is read instead, when one is listed (api/README §7.5).
		if list[i].Status == "pending" {
			if j := slices.IndexFunc(list, func(in client.Instance) bool { return sendable(in) && in.Status != "pending" }); j >= 0 {
				i = j
			}
		}
		switch name = list[i].Name; {
		case i > 0 && sendable(list[0]): // passed over as pending
			passedOver, passedOverNote = present.NewestPendingPassedOver(list[0].Name), present.NewestInstancePendingPassedOver(list[0].Name)
		case i > 0:
			passedOver, passedOverNote = present.NewestPassedOver(list[0].Name), present.NewestInstancePassedOver(list[0].Name)
		}
	}
	next := ""
	i := slices.IndexFunc(list, func(in client.Instance) bool { return in.Name == name })
	if i < 0 && present.HoldsCredential(name) { // a key the agent pasted: never put in a path
		return refusal(present.CredentialNotListed("instance", name, target.label(), "list_instances")), nil
	}
	if i >= 0 {
		status = present.LogStatus(list[i].Status)
		if list[i].Status == "failed" {
			next = present.FailedInstanceNext(unusableTools(ctx, env, "list_deployments", "get_app", "list_secrets", "set_secret",
				"update_app", "create_deployment"), appAgain(string(a.App), a.orgArg)...)
		}
	}
	lines, err := c.GetProjectInstanceLogs(ctx, target.ID, name, int(a.Tail))
	asked := int(a.Tail)
	if asked == 0 {
		asked = defaultTail // omitted: the API's default, capped like a tail the caller gave
	}
	capped := 0
	if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.Code == "plan_limit" && apiErr.MaxTail > 0 && apiErr.MaxTail < asked {
		capped = apiErr.MaxTail
		lines, err = c.GetProjectInstanceLogs(ctx, target.ID, name, capped)
	}
	if err != nil {
		if text, ok := instancesPaused(ctx, env, c, target.ID, err, appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil
		}
		return nil, err
	}
	// The newest lines that fit the result budget (skip_newest's newest left out); the older
	// ones left out are named with the call that shows them, never cut silently.
	skip := min(int(a.Offset), len(lines))
	end := len(lines) - skip
	tail := int(a.Tail)
	if capped > 0 {
		tail = capped
	}
	masked := present.MaskLogLines(lines[:end]) // once, before any line is shortened
	return fitLogs(end, func(n, lineBytes int) (*Result, int) {
		shown := masked[end-n : end]
		if lineBytes > 0 { // n is 1: the line alone is more than a result holds
			shown = []string{present.ShortenLogLine(shown[0], lineBytes)}
		}
		w := present.LogWindow{Older: end - n, Newer: skip, Returned: len(lines), Asked: asked}
		if n == 0 && skip > 0 && capped == 0 && len(lines) >= asked { // all skipped, and older lines may exist
			if int(a.Offset) > math.MaxInt-asked { // the larger tail would pass the largest tail (and wrap)
				w.SkipBeyond, w.MaxTail = int(a.Offset), math.MaxInt
			} else {
				w.Larger = present.Call("get_instance_logs", append(appAgain(string(a.App), a.orgArg),
					present.Arg{Name: "instance", Value: name}, present.Arg{Name: "tail", Value: asked + int(a.Offset)},
					present.Arg{Name: "skip_newest", Value: int(a.Offset)})...) // the caller's skip, not the lowered one
			}
		}
		if w.Older > 0 {
			w.Next = present.Call("get_instance_logs", append(appAgain(string(a.App), a.orgArg),
				present.Arg{Name: "instance", Value: name}, present.Arg{Name: "tail", Value: tail},
				present.Arg{Name: "skip_newest", Value: skip + n})...)
		}
		text := present.InstanceLogsPart(target.label(), name, status, shown, capped, w)
		if next != "" {
			text += "\n\n" + next
		}
		if passedOverNote != "" {
			text = passedOverNote + "\n\n" + text
		}
		logBytes := 0
		for _, l := range shown {
			logBytes += len(l)
		}
		return &Result{Text: text,
			Structured: instanceLogs{ofApp: target.of(), Instance: name, Status: status, Lines: shown, MaxTail: capped,
				Older: w.Older, Newer: skip, PassedOver: passedOver, Next: next}}, logBytes
	}), nil
}))

// logsBudget is what a get_instance_logs result may fill: the result budget less room for the
// notes the server adds (the sandbox's, the organization's), so bound never cuts a result
// fitLogs made to fit.
const logsBudget = present.ResultBytes - 1000

// fitLogs is fitPage for log lines, held to logsBudget: the n newest lines that fit. When the
// newest line alone does not fit, render shows it shortened to lineBytes (0: whole), so a result
// always shows a line, its window and the call for the older ones, and is never cut. render
// also returns the bytes of the lines shown: the runtime's text, which may be a token a byte,
// weighs half as much again (denseWeight) in each form.
func fitLogs(n int, render func(n, lineBytes int) (*Result, int)) *Result {
	lineBytes := 0
	for {
		res, logBytes := render(n, lineBytes)
		raw, err := json.Marshal(res.Structured)
		if err != nil {
			return res
		}
		res.structuredJSON = raw
		size := max(len(res.Text), len(raw)) + denseWeight(logBytes) - logBytes
		switch {
		case size <= logsBudget:
			return res
		case n > 1:
			n = max(1, min(n-1, n*logsBudget*9/(size*10)))
		case lineBytes == 0:
			lineBytes = logsBudget * 9 / 10
		case lineBytes > 100:
			lineBytes = lineBytes * logsBudget * 9 / (size * 10)
		default:
			return res
		}
	}
}
