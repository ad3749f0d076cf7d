package present

// Instructions are the server's instructions to the agent (the initialize result) in the
// default confirmation mode: the workflows to reach for first and the safety model. Every tool
// they name exists (a test in mcpserver checks it). InstructionsFor gives them for each mode.
const Instructions = instructionsStart + approvalHuman + instructionsEnd

// InstructionsFor are the instructions under --confirm=mode ("human", "agent" or "off"): they
// say how actions are approved only as the server does it.
func InstructionsFor(mode string) string {
	switch mode {
	case "agent":
		return instructionsStart + approvalAgent + instructionsEnd
	case "off":
		return instructionsStart + instructionsEnd
	}
	return Instructions
}

// The approval line of the instructions' safety section, per mode.
const (
	approvalHuman = "- Deleting or pausing an app, deleting a secret, removing a member, changing roles and replacing keys change nothing until approved. By default a person approves: the server asks the user itself (a question in their client, or an approval page), so never answer in their place; if they decline, stop.\n"
	approvalAgent = "- Deleting or pausing an app, deleting a secret, removing a member, changing roles and replacing keys need the target's name (app, secret or username) in confirm; pass it only for what the user asked for.\n"
)

const instructionsStart = `Spice.ai Cloud: apps (users may say projects), their deployments, secrets and runtime API keys, and the organization's members. Every app tool takes "app": its name or numeric ID. Every tool but check_health and list_orgs takes an optional "org", the organization to act in (list_orgs names yours; default SPICE_ORG); whoami says what it knows of it and your role.

Reach for these first:
- New app from a spicepod: create_and_deploy_app creates it, stores its secrets, deploys and waits for the result; after a failure, call it again with the same arguments to resume.
- Change an existing app: update_app, then create_deployment, then wait_for_deployment (not get_deployment polling); rollback_deployment undoes a deploy.
- Why a deploy failed, or what an app looks like: describe_app (configuration, recent deployments with errors, secret names); get_deployment for one deployment's error code, whether retrying helps, the fix and the failing instance's last log lines.
- New API keys without downtime: rotate_api_keys step "start", move every client to the new secondary key, then step "finish".

Safety:
`

const instructionsEnd = `- Secret values: never ask the user to type one into the chat. Leave the value out and the server collects it from the user directly, out of band, so it never passes through the conversation. Never repeat a value you were given.
- API keys appear only in get_api_keys, regenerate_api_key and rotate_api_keys, with a storage warning: pass it on.
- Pausing is pause_app and resume_app, never deleting an app; runtime logs are get_instance_logs.

Results are written for the user: show tables as they are, keep app URLs (https://NAME.spice.ai). Long lists are paged: each page names the call for the next.`

// Tool descriptions end with DescPersonApproves where a person approves the action
// (--confirm=human); under --confirm=agent it reads DescAgentConfirms instead, and under off
// it is left out.
const (
	DescPersonApproves = " A person approves first."
	DescAgentConfirms  = " Pass the target's name in confirm."
)
