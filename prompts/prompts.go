// Package prompts holds the server's prompts: ready-made instructions that steer an agent to
// the right tools and the presentation rules for the common Spice.ai Cloud workflows.
package prompts

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// presentation is the rule set every prompt repeats, so the agent keeps it even when the
// prompt is used on its own.
// The deployment statuses are the API's (api.DeploymentStatus), one sentence each rule.
var presentation = `Presentation rules: show lists as the Markdown tables the tools return, with app IDs and names. ` +
	`State deployment status with the API's words (` + strings.Join(api.DeploymentStatus.Enum, ", ") + `), and the error and fix when failed. ` +
	`Include the app URL https://<app-name>.spice.ai, and never repeat a secret value: confirm only its name and the action. ` +
	`Show API keys only with the warning to keep them in a secret manager or environment variable, never in source control.`

// prompt is one entry: its definition, the tools it steers the agent to (it is offered only
// where the caller can use every one of them) and how it renders.
type prompt struct {
	def    mcp.Prompt
	needs  []string
	render func(ctx context.Context, args map[string]string) (string, error)
}

var all = []prompt{
	{
		def: mcp.NewPrompt("deploy_app",
			mcp.WithPromptTitle("Deploy an app"),
			mcp.WithPromptDescription("Create a new app, configure it and deploy it in one step."),
			mcp.WithArgument("name", mcp.RequiredArgument(), mcp.ArgumentDescription("App name (4-38 letters, digits, hyphens)")),
			mcp.WithArgument("region", mcp.ArgumentDescription("Region code, as list_regions shows; default the API's default")),
			mcp.WithArgument("spicepod", mcp.ArgumentDescription("Spicepod YAML, or a description of the datasets to build one from")),
			mcp.WithArgument("org", mcp.ArgumentDescription("Organization to create the app in; default yours (see list_orgs)")),
		),
		needs: []string{"create_and_deploy_app"},
		render: func(ctx context.Context, a map[string]string) (string, error) {
			if err := check("deploy_app", a, arg{"name", appName, true}, arg{"region", region, false}, arg{"spicepod", promptSpicepod, false},
				arg{"org", orgName, false}); err != nil {
				return "", err
			}
			// Without a region, create_and_deploy_app places the app in the API's default, the
			// one list_regions names: the prompt says so rather than name a region it did not look up.
			where, call := "in "+a["region"], "name, region, spicepod, secrets, wait true"
			if a["region"] == "" {
				where, call = "in the API's default region", "name, spicepod, secrets, wait true"
			}
			if a["org"] != "" {
				call += ", org"
			}
			placed := ""
			if a["region"] == "" {
				placed = " Given no region, it places the app in the API's default region"
				if usable(ctx, "list_regions") {
					placed += ", the one list_regions names as the default"
				}
				placed += "."
			}
			pod := "Ask me for the spicepod (or the datasets to serve) if I have not given it."
			if a["spicepod"] != "" {
				// Fenced, so that nothing in it (a ``` of its own) can end it and swallow the rest;
				// its control characters escaped (PromptFenced).
				pod = "Spicepod or datasets:\n\n" + present.PromptFenced(a["spicepod"]) + "\n"
			}
			return fmt.Sprintf(`Deploy the Spice.ai app %q %s%s.

%s
Any credential the spicepod needs (database passwords, API keys) is referenced from the spicepod as ${secrets:NAME}; never put it inline, and do not ask me for the values. Leave them out: create_and_deploy_app has me enter them on a private page. Show me its link if it gives one, then call it again.

Use one call to create_and_deploy_app (%s).%s It validates everything before changing anything, reports each step, and waits for the deployment. If it fails part-way, fix the cause and call it again with the same arguments: it resumes.
%s
Finish with the step table, the app URL https://%s.spice.ai and the final status; when it failed, the error and the fix.

%s`, a["name"], where, inOrg(a["org"]), pod, call, placed, existingApp(ctx, a["name"]), a["name"], presentation), nil
		},
	},
	{
		def: mcp.NewPrompt("rotate_keys",
			mcp.WithPromptTitle("Rotate API keys"),
			mcp.WithPromptDescription("Rotate an app's runtime API keys without downtime."),
			mcp.WithArgument("app", mcp.RequiredArgument(), mcp.ArgumentDescription("App name or ID")),
			mcp.WithArgument("org", mcp.ArgumentDescription("Organization the app is in; default yours (see list_orgs)")),
		),
		needs: []string{"rotate_api_keys"},
		render: func(ctx context.Context, a map[string]string) (string, error) {
			if err := check("rotate_keys", a, arg{"app", promptAppRef, true}, arg{"org", orgName, false}); err != nil {
				return "", err
			}
			return fmt.Sprintf(`Rotate the API keys of the Spice.ai app %q%s without downtime.

1. Call rotate_api_keys with step "start": it replaces the secondary key%s. %s
2. Stop and wait until I confirm that every client uses the new secondary key. Do not continue on your own.
3. Then call rotate_api_keys with step "finish": it replaces the primary key%s. Tell me which keys are valid now and that clients may switch back to the new primary.

%s`, a["app"], inOrg(a["org"]), approvalFirst[confirmMode(ctx)], newSecondaryStep(ctx), approvalAgain[confirmMode(ctx)], presentation), nil
		},
	},
	{
		def: mcp.NewPrompt("troubleshoot_deployment",
			mcp.WithPromptTitle("Troubleshoot a deployment"),
			mcp.WithPromptDescription("Find out why an app's deployment failed or is stuck, and fix it."),
			mcp.WithArgument("app", mcp.RequiredArgument(), mcp.ArgumentDescription("App name or ID")),
			mcp.WithArgument("deployment_id", mcp.ArgumentDescription("Deployment ID; default the latest")),
			mcp.WithArgument("org", mcp.ArgumentDescription("Organization the app is in; default yours (see list_orgs)")),
		),
		needs: []string{"describe_app", "get_deployment", "list_instances", "get_instance_logs"},
		render: func(ctx context.Context, a map[string]string) (string, error) {
			if err := check("troubleshoot_deployment", a, arg{"app", promptAppRef, true}, arg{"deployment_id", deploymentID, false}, arg{"org", orgName, false}); err != nil {
				return "", err
			}
			which := "the latest deployment"
			if a["deployment_id"] != "" {
				which = "deployment " + a["deployment_id"]
			}
			org := inOrg(a["org"])
			// The read-only tools it names beside those it needs are named only where the caller
			// can use them: without one, the clause naming it is left out (the steps still work).
			deploymentsList, limits, images, secrets := "", "", "compare the app's runtime (update_channel and version; image_tag, Enterprise plans only) with list_container_images and check the registry", ""
			if usable(ctx, "list_deployments") {
				deploymentsList = " (list_deployments if you need its ID)"
			}
			if usable(ctx, "get_limits") {
				limits = "; get_limits shows the plan's maximums"
			}
			if !usable(ctx, "list_container_images") {
				images = "check that the app's runtime (update_channel and version; image_tag, Enterprise plans only) is published and the registry"
			}
			// A failed deploy of an app that ran before: a careful operator offers to go back to
			// the last good deployment while the cause is fixed, with the user's approval.
			rollback := ""
			if usable(ctx, "rollback_deployment") {
				rollback = "\n   - A deploy that failed where an earlier one succeeded: offer to roll back to the last succeeded deployment with rollback_deployment (app, deployment_id)"
				if usable(ctx, "list_deployments") {
					rollback += ", its ID from list_deployments"
				}
				rollback += ". Roll back only once I agree, then fix the cause."
			}
			if usable(ctx, "list_secrets") {
				secrets = "\n   - A spicepod that references ${secrets:NAME} that list_secrets does not show: set the secret with " + fixTool(ctx, "set_secret") + ", without a value. I enter it on a private page (show me its link), never in the chat."
			}
			return fmt.Sprintf(`Troubleshoot %s of the Spice.ai app %q%s.

1. Call describe_app for the configuration, the last deployments, the secret names and the keys' presence.
2. Call get_deployment for the deployment in question%s. A failed one shows its error_code, whether deploying again can help (retriable) and the failing instance's last log lines. But when it says a later deployment succeeded in its place, that failure is history: say so and fix nothing.
3. When you need more than those lines, or the deployment is stuck in queued or in_progress: call list_instances to see each runtime instance (ready, starting, failed, pending), then get_instance_logs with the failed or starting one. Pass it the app, that instance and a tail (lowered to the plan's limit). A paused app has no instances (project_paused).
4. Explain the cause from the log lines, error_message and the configuration; quote the log lines that show it:
   - error_code retriable (insufficient_cpu, insufficient_memory, insufficient_storage, insufficient_instances): capacity; deploy again shortly with %s, or lower replicas or resources with %s%s.
   - unable_to_start: the log lines name the cause, most often a secret the spicepod references that is not set.
   - Paused (spicepod_paused or project_paused): resume the app with %s instead of deploying.
   - "Failed to pull container image": %s; fix with %s.
   - No spicepod, or an invalid one: fix the spicepod with %s.%s
   - Stuck in queued: check the spicepod and that a pinned image_tag exists.%s
5. %s

%s`, which, a["app"], org, deploymentsList, fixTool(ctx, "create_deployment"), fixTool(ctx, "update_app"), limits, fixTool(ctx, "resume_app"), images, fixTool(ctx, "update_app"), fixTool(ctx, "update_app"),
				secrets, rollback, applyStep(ctx), presentation), nil
		},
	},
	{
		def: mcp.NewPrompt("audit_organization",
			mcp.WithPromptTitle("Audit the organization"),
			mcp.WithPromptDescription("Review apps, deployments, secrets, keys and members for problems."),
		),
		needs: []string{"list_apps", "list_members", "describe_app"},
		render: func(context.Context, map[string]string) (string, error) {
			return `Audit my Spice.ai Cloud organization. Change nothing.

1. list_apps and list_members.
2. For each app, describe_app.
3. Report as tables. Apps whose latest deployment failed or never ran, apps without a spicepod, public apps, paused apps. Apps missing a secondary API key (rotation impossible). Spicepods with inline credentials (shown masked) instead of ${secrets:NAME}. Members and their roles (` + strings.Join(api.MemberRole.Enum, ", ") + `).
4. End with a short, prioritised list of recommended fixes and the tool that would apply each.

` + presentation, nil
		},
	},
}

// existingTools are the tools deploy_app steers to for an app that already exists.
var existingTools = []string{"update_app", "create_deployment", "wait_for_deployment"}

// existingApp is deploy_app's way for an app of that name that exists already, which
// create_and_deploy_app refuses unless it created it: where the caller can use the tools that
// deploy an existing app, those; else ask for another name.
func existingApp(ctx context.Context, name string) string {
	for _, t := range existingTools {
		if !usable(ctx, t) {
			return fmt.Sprintf("If it answers that an app named %q already exists and was not created by create_and_deploy_app, ask me for another name.", name)
		}
	}
	return fmt.Sprintf("If it answers that an app named %q already exists and was not created by create_and_deploy_app, ask me whether to deploy that app instead. "+
		"If so, set its spicepod with update_app, deploy it with create_deployment and follow it with wait_for_deployment.", name)
}

// How rotate_keys says its steps are approved, by --confirm mode ("human", "agent", "off"):
// only what the server will do.
var (
	approvalFirst = map[string]string{
		"human": " once I approve (my client asks me, or you show me the approval link and call again after I approved)",
		"agent": " once I say to go ahead (then pass the app's name in confirm)",
		"off":   " immediately",
	}
	approvalAgain = map[string]string{
		"human": ", again once I approve",
		"agent": ", again once I say to go ahead (confirm as before)",
		"off":   " immediately",
	}
)

type confirmModeKey struct{}

// confirmMode is the --confirm mode the prompts are rendered for ("human" unless told).
func confirmMode(ctx context.Context) string {
	if mode, ok := ctx.Value(confirmModeKey{}).(string); ok && approvalFirst[mode] != "" {
		return mode
	}
	return "human"
}

type maskedKeysKey struct{}

type sandboxKey struct{}

// newSecondaryStep is what rotate_keys asks the agent to do with the start step's new secondary
// key: hand it over with the storage warning, or, where --mask-api-keys shows only its last 4
// characters, send the user to the portal for it as the result does.
func newSecondaryStep(ctx context.Context) string {
	if masked, _ := ctx.Value(maskedKeysKey{}).(bool); masked {
		if sandbox, _ := ctx.Value(sandboxKey{}).(bool); sandbox { // the emulator's keys are in no portal
			return present.PromptNewSecondaryMaskedSandbox
		}
		return present.PromptNewSecondaryMasked
	}
	return present.PromptNewSecondary
}

// Register adds the prompts to s, worded for the server's --confirm mode ("human", "agent" or
// "off"; "" is human), for whether API keys are shown masked (--mask-api-keys) and for sandbox
// mode (--sandbox), whose keys are the emulator's.
func Register(s *server.MCPServer, mode string, maskedKeys, sandbox bool) {
	for _, p := range all {
		s.AddPrompt(p.def, func(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			ctx = context.WithValue(context.WithValue(ctx, maskedKeysKey{}, maskedKeys), sandboxKey{}, sandbox)
			text, err := p.render(context.WithValue(ctx, confirmModeKey{}, mode), req.Params.Arguments)
			if err != nil {
				return nil, err
			}
			return mcp.NewGetPromptResult(p.def.Description, []mcp.PromptMessage{
				mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent(text)),
			}), nil
		})
	}
}

// fixTools are the tools troubleshoot_deployment's last step applies a fix with.
var fixTools = []string{"update_app", "create_deployment", "wait_for_deployment", "set_secret", "resume_app"}

// applyStep is troubleshoot_deployment's last step: apply the fix once I agree, tool by tool:
// the fix tools the caller cannot use are named, and a fix that needs one is only proposed (a
// new deployment where create_deployment is hidden); only where the caller can use none of
// them is the step propose-only. wait_for_deployment's place is taken by get_deployment (which
// the prompt needs) where it is hidden.
func applyStep(ctx context.Context) string {
	var missing []present.UnavailableTool
	if unavailable, ok := ctx.Value(unavailableKey{}).(func(tool string) present.UnavailableTool); ok {
		for _, t := range fixTools {
			if u := unavailable(t); u.Reason != "" {
				missing = append(missing, u)
			}
		}
	}
	// A tool a role the caller may not hold needs (the role where the token acts not known:
	// Ask.Unknown) may work: the API decides, so it does not make the step propose-only.
	if !slices.ContainsFunc(fixTools, func(t string) bool {
		return t != "wait_for_deployment" && (usable(ctx, t) ||
			slices.ContainsFunc(missing, func(u present.UnavailableTool) bool { return u.Name == t && u.Ask.Unknown }))
	}) {
		return present.PromptProposeOnly(missing)
	}
	follow := "wait_for_deployment"
	if !usable(ctx, follow) {
		follow = "get_deployment"
	}
	missing = slices.DeleteFunc(missing, func(t present.UnavailableTool) bool { return t.Name == "wait_for_deployment" })
	return present.PromptApplyFix(follow, missing)
}

// fixTool is a fix tool as troubleshoot_deployment's diagnosis names it: marked where the
// caller cannot use it.
func fixTool(ctx context.Context, tool string) string {
	if usable(ctx, tool) {
		return tool
	}
	return present.PromptToolUnavailable(tool)
}

type unavailableKey struct{}

// usable reports whether the caller can use the tool (WithUnavailable; yes where ctx does not say).
func usable(ctx context.Context, tool string) bool {
	unavailable, ok := ctx.Value(unavailableKey{}).(func(tool string) present.UnavailableTool)
	return !ok || unavailable(tool).Reason == ""
}

// WithUnavailable tells the prompts rendered with ctx which tools the caller cannot use:
// unavailable returns the tool with why (and, when the caller's role stops it, whom to ask),
// or an empty Reason for a tool the caller can use.
func WithUnavailable(ctx context.Context, unavailable func(tool string) present.UnavailableTool) context.Context {
	return context.WithValue(ctx, unavailableKey{}, unavailable)
}

// Needs lists the tools a prompt steers the agent to: it is offered only to a caller who can
// use every one of them. ok is false for a name that is no prompt.
func Needs(name string) (tools []string, ok bool) {
	for _, p := range all {
		if p.def.Name == name {
			return slices.Clone(p.needs), true
		}
	}
	return nil, false
}

// namedWhereUsable are the read-only tools troubleshoot_deployment names only where the caller
// can use them.
var namedWhereUsable = []string{"list_deployments", "get_limits", "list_container_images", "list_secrets", "rollback_deployment"}

// Tools lists every tool the prompts name, for a test that each exists.
func Tools() []string {
	out := slices.Concat(fixTools, namedWhereUsable, existingTools)
	for _, p := range all {
		out = append(out, p.needs...)
	}
	return out
}

// Lookup returns a prompt's definition.
func Lookup(name string) (mcp.Prompt, bool) {
	for _, p := range all {
		if p.def.Name == name {
			return p.def, true
		}
	}
	return mcp.Prompt{}, false
}

// ArgumentRule applies the tools' rule for the argument (of a prompt, or a resource template's
// variable) of that name to value: "" when it is valid or has no rule, else what is wrong.
func ArgumentRule(name, value string) string {
	if rule := argumentRules[name]; rule != nil {
		return rule(value)
	}
	return ""
}

// argumentRules are the rules by argument name, as check applies them.
var argumentRules = map[string]func(string) string{
	"name": appName, "region": region, "app": appRef, "org": orgName, "deployment_id": deploymentID, "spicepod": spicepod,
}

// Names lists the prompts, for documentation and tests.
func Names() []string {
	names := make([]string, len(all))
	for i, p := range all {
		names[i] = p.def.Name
	}
	return names
}

// AppCompleter completes "app" arguments (of prompts and resource templates) with app names.
// It trusts its request: the server (mcpserver) refuses unknown references and arguments and
// checks the context's arguments first, and presents its errors (the client's, raw).
type AppCompleter struct {
	Client func(ctx context.Context) (*client.Client, error)
}

// CompletePromptArgument implements server.PromptCompletionProvider.
func (a AppCompleter) CompletePromptArgument(ctx context.Context, _ string, arg mcp.CompleteArgument, cc mcp.CompleteContext) (*mcp.Completion, error) {
	return a.complete(ctx, arg, cc)
}

// CompleteResourceArgument implements server.ResourceCompletionProvider.
func (a AppCompleter) CompleteResourceArgument(ctx context.Context, _ string, arg mcp.CompleteArgument, cc mcp.CompleteContext) (*mcp.Completion, error) {
	return a.complete(ctx, arg, cc)
}

// complete suggests app names, in the organization the request's other arguments name (a
// spice://orgs/{org}/apps/{app} URI, a prompt's org), else the default one.
func (a AppCompleter) complete(ctx context.Context, arg mcp.CompleteArgument, cc mcp.CompleteContext) (*mcp.Completion, error) {
	if arg.Name != "app" || a.Client == nil {
		return &mcp.Completion{Values: []string{}}, nil
	}
	if org := cc.Arguments["org"]; org != "" {
		ctx = client.WithOrg(ctx, org)
	}
	c, err := a.Client(ctx)
	if err != nil {
		return nil, err
	}
	apps, err := c.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	values := []string{}
	for _, app := range apps {
		// Only a name the tools take for this app (tools.AppRefTakes): one holding a character
		// that does not show, a line break or a look-alike would be shown for another and then
		// refused; "id:101", or "101" too short for a name, would be read as the ID of another.
		if strings.HasPrefix(strings.ToLower(app.Name), strings.ToLower(arg.Value)) && tools.AppRefTakes(apps, app.ID, app.Name) {
			values = append(values, app.Name)
		}
	}
	slices.Sort(values)
	total := len(values)
	if len(values) > 100 {
		values = values[:100]
	}
	return &mcp.Completion{Values: values, Total: total, HasMore: total > len(values)}, nil
}

// ArgumentError is a prompt argument that breaks the rule the tools apply to the same argument:
// the server answers it with -32602 (invalid params), naming the argument and the rule.
type ArgumentError struct {
	Prompt, Argument, Rule string
}

func (e *ArgumentError) Error() string {
	return present.PromptArgumentInvalid(e.Prompt, e.Argument, e.Rule)
}

// arg is an argument and its rule: "" when the value is valid, else what is wrong. An
// argument not given (or given empty: clients send unfilled optional arguments as "") is not
// checked; a required one is refused before rendering (mcpserver).
type arg struct {
	name     string
	rule     func(string) string
	required bool
}

// check applies the rules to the arguments given. A value that shows nothing (text) is
// refused whatever the argument's rule: it is not "" (not given), and it gives nothing.
func check(prompt string, a map[string]string, args ...arg) error {
	for _, ar := range args {
		v, ok := a[ar.name]
		if !ok || v == "" {
			if ar.required {
				return &ArgumentError{prompt, ar.name, present.ArgRequired}
			}
			continue
		}
		if problem := ar.rule(v); problem != "" {
			return &ArgumentError{prompt, ar.name, problem}
		}
		if text(v) != "" {
			return &ArgumentError{prompt, ar.name, text(v)}
		}
	}
	return nil
}

// The rules, as the tools apply them to the arguments of the same names (create_and_deploy_app's
// name and region, the app, org and deployment_id of every tool): rules/ holds the API's; app
// and org are the tools' own checks (tools/argrules.go), deployment_id repeats
// DeploymentID.check for a string, with its text from present.

func appName(v string) string { return tools.AppNameRule(v) }

// text: free text (deploy_app's spicepod) is sent as given, but not a value that shows nothing:
// spaces, line breaks and characters that do not show only (a zero-width space, a Hangul
// filler U+3164, a Braille blank U+2800).
func text(v string) string {
	if v != "" && !strings.ContainsFunc(v, func(r rune) bool { return !blank(r) }) {
		return present.PromptArgBlank
	}
	return ""
}

// blank reports a character that shows as nothing: white space, a control character, an
// invisible formatting character, the Braille pattern blank.
func blank(r rune) bool {
	return unicode.IsSpace(r) || plain.Breaking(r) || plain.Invisible(r) || r == '\u2800'
}

// spicepod: deploy_app's spicepod goes to create_and_deploy_app's as it is, whose size rule
// (rules.SpicepodSize: at most 1 MiB as sent) it keeps; it is not read as YAML, since it may be
// a description of the datasets to build one from. Otherwise free text.
func spicepod(v string) string {
	if problem := rules.SpicepodSize(v); problem != "" {
		return problem
	}
	return text(v)
}

// promptSpicepod is deploy_app's spicepod: spicepod, and no credential in it by the prose rule
// (present.MaskAPIText: a ${secrets:NAME} reference, "password in the vault" are kept). The
// prompt writes it into the conversation as given, where the agent would read and repeat an
// inline password; masked, the agent would deploy the mask. The prompt itself asks for
// ${secrets:NAME} and a private page for the value, so one that holds a credential is refused.
func promptSpicepod(v string) string {
	if problem := spicepod(v); problem != "" {
		return problem
	}
	return present.ArgCredential(v, true, present.PromptSpicepodAsGiven)
}

func region(v string) string { return rules.Enum(v, rules.RegionCodes) }

// appRef and orgName are the tools' own rules for app and org (tools.AppRefRule,
// tools.OrgNameRule), so a prompt or a completion refuses exactly what a tool call does.
func appRef(v string) string { return tools.AppRefRule(v) }

func orgName(v string) string { return tools.OrgNameRule(v) }

// promptAppRef is a prompt's app: appRef, and no credential in it. A tool looks a reference up
// and masks it when it names no app; a prompt writes it into the conversation as given, so one
// that looks like a credential is refused, masked, and the app's ID asked for instead (an app
// someone named so is still reached by it). Resource templates and completions keep appRef:
// they echo no reference unmasked.
func promptAppRef(v string) string {
	if problem := appRef(v); problem != "" {
		return problem
	}
	return present.ArgCredential(v, false, present.PromptWritesAsGiven)
}

// deploymentID: a positive ID in plain decimal.
func deploymentID(v string) string {
	if _, ok := positiveID(v); !ok {
		return present.ArgDeploymentIDPositive
	}
	return ""
}

// positiveID returns the positive ID s spells in plain decimal: "101", not "0101" or "+101".
func positiveID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0 && strconv.FormatInt(id, 10) == s
}

// inOrg says which organization a prompt's app is in, when the prompt was given one.
func inOrg(org string) string {
	if org == "" {
		return ""
	}
	return fmt.Sprintf(" in the organization %q (pass org %q to every tool call)", org, org)
}
