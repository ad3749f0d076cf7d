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

// roleNotRole: "pkhan should only be a member now, not an admin", "make ci-bot a viewer rather
// than an owner": one role in place of another is a change of roles, as "from admin to member"
// is (rolesFromTo), as a model reads it, not a look at the role they have.
var roleNotRole = regexp.MustCompile(`(?i)\b(owner|admin|member|viewer|billing)(?:\s+now)?,?\s+(?:and\s+)?(?:not|rather\s+than|instead\s+of)\s+(?:an?\s+)?(owner|admin|member|viewer|billing)\b`)

func roleInstead(query string) bool {
	m := roleNotRole.FindStringSubmatch(query)
	return m != nil && !strings.EqualFold(m[1], m[2])
}

// pickUp: "so the kiosks pick them up", "picks up the new secrets", "picking up shipment-eta from
// Priya": to pick up is to take in (a change) or take over, one verb, as a model reads it, not the
// "up" of a service that is up nor of "stand up" a new app; the particle is left out. To pick it
// up where it stopped is to resume it.
func pickUp(words []string) {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "pick", "picks", "picked", "picking":
		default:
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3 && !strings.ContainsAny(words[j-1], ",;:.!?"); j++ {
			if strings.EqualFold(strings.Trim(words[j], nameEdges), "up") {
				words[j] = ""
				if j+1 < len(words) && strings.EqualFold(words[j+1], "where") {
					words[j] = "resume" // "pick it up where it stopped"
				}
				break
			}
		}
	}
}

// shipNoun: "three cruise ships are due in", "sending two ships to the same berth": a ship after
// an article, a number or a possessive is a vessel, a noun, as a model reads it, not the verb to
// ship (deploy) of "ship the latest spicepod"; it is left out.
func shipNoun(words []string) {
	for i, w := range words {
		if l := strings.ToLower(strings.Trim(w, nameEdges)); l != "ship" && l != "ships" || i == 0 {
			continue
		}
		prev := strings.ToLower(strings.Trim(words[i-1], nameEdges))
		noun := shipDeterminers[prev] || numberWord(prev)
		if !noun && i >= 2 && !strings.ContainsAny(words[i-2], ",;:.!?") && !stopWords[prev] {
			prev2 := strings.ToLower(strings.Trim(words[i-2], nameEdges))
			noun = shipDeterminers[prev2] || numberWord(prev2) // "three cruise ships"
		}
		if noun {
			words[i] = ""
		}
	}
}

// shipDeterminers come before a noun, never before the verb to ship.
var shipDeterminers = map[string]bool{"a": true, "the": true, "two": true, "three": true, "four": true, "five": true,
	"our": true, "their": true, "those": true, "these": true, "every": true, "each": true, "many": true, "half": true}

func numberWord(w string) bool {
	return w != "" && strings.Trim(w, "0123456789") == ""
}

// newAppLive: "set it up as a new app and get it live", "stand up a new app from this manifest and
// get it running": a new app made to run in the same sentence is a launch, creating and deploying
// it, as a model reads it (create_and_deploy_app's "launch … in one go"), as "create it and deploy
// it" is (createThenDeploy), not an empty app nor a redeploy.
func newAppLive(words []string) bool {
	newApp := false
	for i, w := range words {
		if i > 0 && sentenceEnd(words[i-1]) {
			newApp = false
		}
		l := strings.ToLower(strings.Trim(w, nameEdges))
		if l == "new" && i+1 < len(words) && strings.ToLower(strings.Trim(words[i+1], nameEdges)) == "app" {
			newApp = true
		}
		if newApp && (l == "get" || l == "gets") && i+2 < len(words) && !strings.ContainsAny(words[i+1], ",;:.!?") &&
			madeTo[strings.ToLower(strings.Trim(words[i+2], nameEdges))] {
			return true
		}
	}
	return false
}

// doneFor: "QA is done for the week", "class is finished for the term": work stopped for a
// stretch of time, an idiom that says when, as a model reads it, not a deployment that is done or
// finished (wait_for_deployment's); "done" and "finished" are left out.
var doneFor = regexp.MustCompile(`(?i)\b(done|finished)\s+for\s+(the|this)\s+(day|night|week|weekend|month|term|semester|season|year|summer|winter)\b`)

func doneForOut(query string, words []string) {
	if !doneFor.MatchString(query) {
		return
	}
	for i, w := range words {
		if i+1 < len(words) && strings.EqualFold(words[i+1], "for") {
			if l := strings.ToLower(w); l == "done" || l == "finished" {
				words[i] = ""
			}
		}
	}
}

// moreThanOne: "am I in more than one org?", "do we have more than one app in us-east-1?": more
// than one of a thing is several of them, the plural a list tool's name has (see plurals), as a
// model reads it, not the "one" of describe_app's "in one go".
func moreThanOne(words []string) {
	for i := 0; i+3 < len(words); i++ {
		if !strings.EqualFold(words[i], "more") || !strings.EqualFold(words[i+1], "than") || !strings.EqualFold(words[i+2], "one") {
			continue
		}
		noun := strings.Trim(words[i+3], nameEdges)
		if noun == "" || stopWords[strings.ToLower(noun)] || strings.HasSuffix(strings.ToLower(noun), "s") {
			continue
		}
		words[i+2] = ""
		words[i+3] = strings.Replace(words[i+3], noun, noun+"s", 1)
	}
}

// pausedAsked: "is churn paused?": a yes-or-no question of whether an app is paused asks for its
// state, describe_app's "whether paused", as a model reads it, not to pause it.
var pausedAsked = regexp.MustCompile(`(?i)^\s*(is|are|was|were)\b[^.?!;]*\bpaused\b[^.!;]*\?`)

// madeAsked: "which apps did we create last month?", "which copies of x did we make?": a question
// of which things someone made asks for those that exist, a list, as a model reads it; the verb
// is asked of, not done (as allowedVerbOut reads "is priya allowed to delete things?").
var madeAsked = regexp.MustCompile(`(?i)\b(?:which|what)\s+(?:[\w'-]+\s+){1,4}?(?:did|have|has|had)\s+(?:we|i|you|they|he|she|someone|anyone|[a-z]+)\s+(?:already\s+|ever\s+|just\s+)?(create|make|fork|copy|clone|add)\b`)

func madeAskedOut(query string, words []string) {
	m := madeAsked.FindStringSubmatch(query)
	if m == nil {
		return
	}
	for i, w := range words {
		if strings.EqualFold(strings.Trim(w, nameEdges), m[1]) {
			words[i] = ""
			return
		}
	}
}
