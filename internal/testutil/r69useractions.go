package testutil

import (
	"regexp"
	"strings"
)

// r69UserOnlyAction matches what only a person can do, out of an agent's reach: a new token, a
// plan or its credits, the Spice.ai portal, the GitHub app, the MCP client's configuration, the
// server's operator.
var r69UserOnlyAction = regexp.MustCompile(`(?i)\b(issue a token|upgrade the plan|add credits|transfer ownership in|` +
	`install the Spice\.ai GitHub app|grant the app access|(restore the app|finish its setup) in the Spice|tell them|` +
	`in the client's configuration|have your MCP client send|` +
	// Round 70: a setting of the server's own (an environment variable, a flag) and its restart, a
	// token made in the account page, another person of the organization.
	`(?:set|check|unset|update|change|fix|raise|lower|leave|correct|write)\b[^.;:]{0,80}?(\bSPICE_[A-Z_]+|--[a-z][a-z-]+)|` +
	`restart (?:the|this) (?:MCP )?server|create (?:a new one|one|a token|a new token) at|` +
	`ask (?:an?|the) (?:owner|admin)|ask (?:its|this server's) operator to|` +
	// Round 71: the network, a firewall or proxy, and a server to start on this machine.
	`check (?:the network|that [^.;:]{0,80}? is reachable)|start the server that should|start it again if it stopped)`)

// R69AskTheUser is how a remedy addresses such a part to the agent, to relay it (present's askUser).
const R69AskTheUser = "ask the user to "

// R69UnaddressedUserActions returns the user-only actions text asks of whoever reads it (the
// agent) rather than in a clause opened by R69AskTheUser: one that no ":", ";" or sentence end
// separates from that opening.
func R69UnaddressedUserActions(text string) []string {
	var bare []string
	for _, m := range r69UserOnlyAction.FindAllStringSubmatchIndex(text, -1) {
		if strings.HasPrefix(strings.ToLower(text[m[0]:]), "set by ") { // a setting named, not an action
			continue
		}
		at := m[0]
		if setting := m[len(m)-2]; setting >= 0 { // a setting acted on: the opening may stand between the verb and it
			at = setting
		}
		before := strings.ToLower(text[:at])
		j := strings.LastIndex(before, R69AskTheUser)
		// A colon ends a clause, not the one of a URL's scheme (https://spice.ai/account).
		if j < 0 || strings.Contains(before[j:], ": ") || strings.Contains(before[j:], ";") || strings.Contains(before[j:], ". ") {
			bare = append(bare, text[m[0]:m[1]])
		}
	}
	return bare
}
