package present

import (
	"slices"
	"strings"
)

// ApprovalActions names, per tool, the action that waits for an approval (a person's under
// --confirm=human, the agent's confirm under agent); set_secret's waits for a person only, and
// only when it reads the server's own environment or files. A test in tools checks the table
// against the tools that take confirm.
var ApprovalActions = []struct{ Tool, Action string }{
	{"delete_app", "deleting an app"}, {"pause_app", "pausing an app"}, {"delete_secret", "deleting a secret"},
	{"remove_member", "removing members"}, {"update_member_roles", "changing roles"}, {"add_member", "adding admins or owners"},
	{"regenerate_api_key", "replacing keys"}, {"rotate_api_keys", "replacing keys"},
}

// approvalActionLocal is set_secret's action that a person approves (value_from_env, value_from_file).
const approvalActionLocal = "storing a server file or variable as a secret"

// instructionsOrgDefault is where a call without org acts: the server's default organization
// (SPICE_ORG), a setting its operator makes (InstructionsToHTTPCaller).
const instructionsOrgDefault = `default SPICE_ORG, else the token's own`

// InstructionsToHTTPCaller are instructions (InstructionsFor) as a caller over HTTP reads them:
// it does not start the server, so the default organization is named as this server's, not by
// its variable.
func InstructionsToHTTPCaller(instructions string) string {
	return strings.Replace(instructions, instructionsOrgDefault, `default: the one this server's operator set, else the token's own`, 1)
}

// InstructionsFor are the server's instructions to the agent (the initialize result: the
// workflows to reach for first and the safety model), built per server rather than at package
// initialisation, where they would cost every start-up, under --confirm=mode ("human", "agent" or "off") for a
// server that offers the tools named in offered (nil: every tool; --read-only, --tools,
// --toolsets, --exclude-tools narrow it): they name only those tools, and speak of approvals
// only for the actions offered that wait for one in this mode (readsLocal: set_secret may read
// the server's environment or files). They are the same for every token (sent before it is
// known), so they say that tools its scopes or role deny are left out of tools/list even where
// named here when the token shows them (whoami names them), and otherwise the API refuses them.
func InstructionsFor(mode string, offered []string, readsLocal bool) string {
	is := func(tool string) bool { return offered == nil || slices.Contains(offered, tool) }
	var b strings.Builder
	b.WriteString(`Spice.ai Cloud: apps (users may say projects), their deployments, secrets, runtime API keys and organization members. Tools acting on an existing app take "app": its name or numeric ID. `)
	takesOrg := offered == nil || slices.ContainsFunc(offered, func(t string) bool { return t != "check_health" && t != "list_orgs" })
	if takesOrg {
		if but := offeredOf(is, "check_health", "list_orgs"); len(but) > 0 {
			b.WriteString(`Every tool but ` + listed(but) + ` takes an optional "org"`)
		} else {
			b.WriteString(`Every tool takes an optional "org"`)
		}
		b.WriteString(` to act in (`)
		if is("list_orgs") {
			b.WriteString(`list_orgs names yours; `)
		}
		// Sent before the token is known (initialize asks the API nothing): a tool named here
		// may be one its scopes or role hide from tools/list, but only a token that shows them
		// (a JWT) hides any; an opaque one lists every tool and the API refuses what it denies.
		b.WriteString(instructionsOrgDefault + `). Tools denied by scopes or role your token shows are not listed even if named here`)
		if is("whoami") {
			b.WriteString(` (whoami names them)`)
		}
		b.WriteString("; otherwise the API refuses them.")
	}
	b.WriteString("\n")
	offeredFn := is

	var first []string
	if offeredFn("create_and_deploy_app") {
		first = append(first, "- New app from a spicepod: create_and_deploy_app creates it, stores secrets, deploys and waits; on failure, re-run it with the fix in its arguments.\n")
	}
	if len(offeredOf(offeredFn, "update_app", "create_deployment", "wait_for_deployment")) == 3 {
		line := "- Change an app: update_app, create_deployment, then wait_for_deployment"
		if offeredFn("get_deployment") {
			line += " (not get_deployment polling)"
		}
		if offeredFn("rollback_deployment") {
			line += "; rollback_deployment undoes a deploy"
		}
		first = append(first, line+".\n")
	} else if offeredFn("rollback_deployment") {
		first = append(first, "- Undo a deploy: rollback_deployment.\n")
	}
	var why []string
	if offeredFn("describe_app") {
		why = append(why, "describe_app (config, recent deployments with errors, secret names)")
	}
	if offeredFn("get_deployment") {
		why = append(why, "get_deployment for one deployment's error code, whether a retry helps, its fix and failure logs")
	}
	if len(why) > 0 {
		lead := "- App state, or why a deploy failed: "
		if !offeredFn("describe_app") {
			lead = "- Why a deploy failed: "
		}
		first = append(first, lead+strings.Join(why, "; ")+".\n")
	}
	if offeredFn("rotate_api_keys") {
		first = append(first, `- Key rotation without downtime: rotate_api_keys step "start", move every client to the new secondary key, then step "finish".`+"\n")
	}
	if len(first) > 0 {
		b.WriteString("\nReach for these first:\n" + strings.Join(first, ""))
	}

	var safety []string
	var actions []string
	for _, a := range ApprovalActions {
		if offeredFn(a.Tool) && !slices.Contains(actions, a.Action) {
			actions = append(actions, a.Action)
		}
	}
	if i, j := slices.Index(actions, "deleting an app"), slices.Index(actions, "pausing an app"); i >= 0 && j >= 0 {
		actions[i] = "deleting or pausing an app"
		actions = slices.Delete(actions, j, j+1)
	}
	switch mode {
	case "agent":
		if len(actions) > 0 {
			safety = append(safety, approvalAgent+listed(actions)+approvalAgentEnd)
		}
	case "off":
	default:
		if readsLocal && offeredFn("set_secret") {
			actions = append(actions, approvalActionLocal)
		}
		if len(actions) > 0 {
			safety = append(safety, approvalHumanLead+listed(actions)+approvalHuman)
		}
	}
	if len(offeredOf(offeredFn, "set_secret", "create_and_deploy_app")) > 0 {
		safety = append(safety, "- Secret values: never ask the user to type one into the chat; omit it; the server collects it out of band. Never repeat a value you were given.\n")
	}
	if keys := offeredOf(offeredFn, "get_api_keys", "regenerate_api_key", "rotate_api_keys"); len(keys) > 0 {
		safety = append(safety, "- API keys appear only in "+listed(keys)+", with a storage warning: pass it on.\n")
	}
	var pausing []string
	switch {
	case offeredFn("pause_app") && offeredFn("resume_app"):
		pausing = append(pausing, "Pausing is pause_app and resume_app, never deleting an app")
	case offeredFn("pause_app"):
		pausing = append(pausing, "Pausing is pause_app, never deleting an app")
	case offeredFn("resume_app"):
		pausing = append(pausing, "resume_app starts a paused app again")
	}
	if offeredFn("get_instance_logs") {
		pausing = append(pausing, "runtime logs are get_instance_logs")
	}
	if len(pausing) > 0 {
		safety = append(safety, "- "+upperFirst(strings.Join(pausing, "; "))+".\n")
	}
	if len(safety) > 0 {
		b.WriteString("\nSafety:\n" + strings.Join(safety, ""))
	}
	b.WriteString("\nShow results' tables as they are; keep app URLs (https://NAME.spice.ai). Long lists are paged: each page names the call for the next.")
	return b.String()
}

// offeredOf is those of names that are offered, in order.
func offeredOf(offered func(string) bool, names ...string) []string {
	var out []string
	for _, n := range names {
		if offered(n) {
			out = append(out, n)
		}
	}
	return out
}

// listed joins names as a sentence does: "a", "a and b", "a, b and c".
func listed(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// The approval line of the instructions' safety section, per mode, around the actions it covers:
// the list in a sentence of its own, so that no sentence runs over 35 words (TestR71Words10SentencesAgentsReadRunAtMost35Words).
const (
	approvalHumanLead = "- A person approves: "
	approvalHuman     = ". Nothing changes until then (the server asks): never answer in their place; if they decline, stop.\n"
	approvalAgent     = "- These need the target's name (app, secret or username) in confirm: "
	approvalAgentEnd  = ". Pass it only for what the user asked for.\n"
)

// upperFirst capitalises the first letter of s, an ASCII sentence start.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Tool descriptions end with DescPersonApproves where a person approves the action
// (--confirm=human); under --confirm=agent it reads DescAgentConfirms instead, and under off
// it is left out.
const (
	DescPersonApproves = " A person approves first."
	DescAgentConfirms  = " Pass the target's name in confirm."
)
