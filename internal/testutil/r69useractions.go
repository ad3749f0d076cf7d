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
	`in the client's configuration|have your MCP client send)`)

// R69AskTheUser is how a remedy addresses such a part to the agent, to relay it (present's askUser).
const R69AskTheUser = "ask the user to "

// R69UnaddressedUserActions returns the user-only actions text asks of whoever reads it (the
// agent) rather than in a clause opened by R69AskTheUser: one that no ":", ";" or sentence end
// separates from that opening.
func R69UnaddressedUserActions(text string) []string {
	var bare []string
	for _, m := range r69UserOnlyAction.FindAllStringIndex(text, -1) {
		before := strings.ToLower(text[:m[0]])
		j := strings.LastIndex(before, R69AskTheUser)
		if j < 0 || strings.ContainsAny(before[j:], ":;") || strings.Contains(before[j:], ". ") {
			bare = append(bare, text[m[0]:m[1]])
		}
	}
	return bare
}
