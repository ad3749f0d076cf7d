package present

import "strings"

// Instructions are the server's instructions to the agent (the initialize result) in the
// default confirmation mode with every tool offered: the workflows to reach for first and the
// safety model. InstructionsFor gives them for a mode and the tools an operator offers.
var Instructions = InstructionsFor("human", func(string) bool { return true }, true)

// InstructionsFor are the instructions under --confirm=mode ("human", "agent" or "off") for a
// server that offers the tools offered accepts (--read-only, --tools, --toolsets,
// --exclude-tools): they name only those tools, so an agent is never sent to one it cannot
// call, and speak of approvals only when approvals is true (a tool that asks for one is offered),
// as the mode does it.
func InstructionsFor(mode string, offered func(tool string) bool, approvals bool) string {
	var b strings.Builder
	b.WriteString(`Spice.ai Cloud: apps (users may say projects), their deployments, secrets and runtime API keys, and the organization's members. Every app tool takes "app": its name or numeric ID. `)
	if but := offeredOf(offered, "check_health", "list_orgs"); len(but) > 0 {
		b.WriteString(`Every tool but ` + listed(but) + ` takes an optional "org"`)
	} else {
		b.WriteString(`Every tool takes an optional "org"`)
	}
	b.WriteString(`, the organization to act in (`)
	if offered("list_orgs") {
		b.WriteString(`list_orgs names yours; `)
	}
	b.WriteString(`default SPICE_ORG)`)
	if offered("whoami") {
		b.WriteString(`; whoami says what it knows of it and your role`)
	}
	b.WriteString(".\n")

	var first []string
	if offered("create_and_deploy_app") {
		first = append(first, "- New app from a spicepod: create_and_deploy_app creates it, stores its secrets, deploys and waits for the result; after a failure, call it again with the same arguments to resume.\n")
	}
	if len(offeredOf(offered, "update_app", "create_deployment", "wait_for_deployment")) == 3 {
		line := "- Change an existing app: update_app, then create_deployment, then wait_for_deployment"
		if offered("get_deployment") {
			line += " (not get_deployment polling)"
		}
		if offered("rollback_deployment") {
			line += "; rollback_deployment undoes a deploy"
		}
		first = append(first, line+".\n")
	} else if offered("rollback_deployment") {
		first = append(first, "- Undo a deploy: rollback_deployment.\n")
	}
	var why []string
	if offered("describe_app") {
		why = append(why, "describe_app (configuration, recent deployments with errors, secret names)")
	}
	if offered("get_deployment") {
		why = append(why, "get_deployment for one deployment's error code, whether retrying helps, the fix and the failing instance's last log lines")
	}
	if len(why) > 0 {
		first = append(first, "- Why a deploy failed, or what an app looks like: "+strings.Join(why, "; ")+".\n")
	}
	if offered("rotate_api_keys") {
		first = append(first, `- New API keys without downtime: rotate_api_keys step "start", move every client to the new secondary key, then step "finish".`+"\n")
	}
	if len(first) > 0 {
		b.WriteString("\nReach for these first:\n" + strings.Join(first, ""))
	}

	var safety []string
	if approvals {
		switch mode {
		case "agent":
			safety = append(safety, approvalAgent)
		case "off":
		default:
			safety = append(safety, approvalHuman)
		}
	}
	if len(offeredOf(offered, "set_secret", "create_and_deploy_app")) > 0 {
		safety = append(safety, "- Secret values: never ask the user to type one into the chat. Leave the value out and the server collects it from the user directly, out of band, so it never passes through the conversation. Never repeat a value you were given.\n")
	}
	if keys := offeredOf(offered, "get_api_keys", "regenerate_api_key", "rotate_api_keys"); len(keys) > 0 {
		safety = append(safety, "- API keys appear only in "+listed(keys)+", with a storage warning: pass it on.\n")
	}
	var pausing []string
	if pause := offeredOf(offered, "pause_app", "resume_app"); len(pause) > 0 {
		pausing = append(pausing, "Pausing is "+listed(pause)+", never deleting an app")
	}
	if offered("get_instance_logs") {
		pausing = append(pausing, "runtime logs are get_instance_logs")
	}
	if len(pausing) > 0 {
		line := strings.Join(pausing, "; ")
		safety = append(safety, "- "+strings.ToUpper(line[:1])+line[1:]+".\n")
	}
	if len(safety) > 0 {
		b.WriteString("\nSafety:\n" + strings.Join(safety, ""))
	}
	b.WriteString("\nResults are written for the user: show tables as they are, keep app URLs (https://NAME.spice.ai). Long lists are paged: each page names the call for the next.")
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

// The approval line of the instructions' safety section, per mode.
const (
	approvalHuman = "- Deleting or pausing an app, deleting a secret, removing a member, changing roles and replacing keys change nothing until approved. By default a person approves: the server asks the user itself (a question in their client, or an approval page), so never answer in their place; if they decline, stop.\n"
	approvalAgent = "- Deleting or pausing an app, deleting a secret, removing a member, changing roles and replacing keys need the target's name (app, secret or username) in confirm; pass it only for what the user asked for.\n"
)

// Tool descriptions end with DescPersonApproves where a person approves the action
// (--confirm=human); under --confirm=agent it reads DescAgentConfirms instead, and under off
// it is left out.
const (
	DescPersonApproves = " A person approves first."
	DescAgentConfirms  = " Pass the target's name in confirm."
)
