package selection

import (
	"regexp"
	"strings"
)

// Readings of round 73 (issue 13): each reads words as a model does where the bench's word
// matching drew a request to another tool.

// alertAction: a pager alert's one-liner ("[PAGE] P2 tide-feed: panic …, restarting — action:
// pull tide-feed runtime logs") says what fired, then what to do: the action is the request, as
// a model reads it; the symptom before it (a restart, CPU on the replicas, a token's owner) asks
// for nothing. Only a line that opens with an alert's bracketed tag is read so: the minutes'
// "Action: Priya to …" is the whole request.
var alertAction = regexp.MustCompile(`(?i)^\s*\[[^\]]{1,20}\][^\n]*?\baction:\s*(\S.*)$`)

// actionOf is the request an alert's one-liner makes (alertAction), or the query as it is.
func actionOf(query string) string {
	if m := alertAction.FindStringSubmatch(query); m != nil {
		return m[1]
	}
	return query
}

// valueChoices: "which channel is the app on at the moment, stable or nightly?": the values
// offered after a question of one value (valueOf) are what the answer is chosen between, as a
// model reads it, not channels or images to list or deploy; they are left out.
var valueChoices = regexp.MustCompile(`(?i)^\s*([\w-]+)\s+or\s+([\w-]+)\s*\?`)

func valueChoicesOut(query string, words []string) {
	loc := valueOf.FindStringIndex(query)
	if loc == nil {
		return
	}
	m := valueChoices.FindStringSubmatch(query[loc[1]:])
	if m == nil {
		return
	}
	for i, w := range words {
		if l := strings.Trim(w, nameEdges); strings.EqualFold(l, m[1]) || strings.EqualFold(l, m[2]) {
			words[i] = ""
		}
	}
}
