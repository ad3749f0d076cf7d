package selection

import (
	"regexp"
	"strings"
)

// Readings of round 73's second selection helper (issue 13).

// regionTo: "set orders-api's region to eu-west-1", "move orders-api to us-west-2": a region code
// after "to" in a clause that changes something is the value the app's region is set to, as a
// model reads it (update_app's "region"), not region codes to list (list_apps' "us-east-1,
// us-west-2..." of each app); the code is read as a region changed. A code after "in" ("which apps run in
// us-east-1?") is a place asked of, and stays.
func regionTo(words []string) {
	changed := false
	for i, w := range words {
		if i > 0 && sentenceEnd(words[i-1]) {
			changed = false
		}
		l := strings.ToLower(strings.Trim(w, nameEdges))
		if changeVerbs[stem(l)] {
			changed = true
		}
		if !changed || i == 0 || !strings.EqualFold(words[i-1], "to") || !regionCode(strings.Split(l, "-")) {
			continue
		}
		words[i] = "region change"
	}
}

// changeVerbs (stemmed) change a setting to a value.
var changeVerbs = map[string]bool{"set": true, "chang": true, "mov": true, "switch": true, "migrat": true, "relocat": true, "updat": true}

// connectedAsked: "is orders-api connected to github?": a yes-or-no question of whether an app is
// linked to a repository asks what it deploys from, its configuration and settings (get_app's),
// as a model reads it, not to link it (connect_repository's "Link (hook up)"); the participle is
// asked of, not done, as "is churn paused?" is (pausedAsked).
var connectedAsked = regexp.MustCompile(`(?i)^\s*(?:is|are|was|were)\b[^.?!;]*\b(connected|linked|hooked\s+up)\s+(?:to|with)\b[^.!;]*\?`)

func connectedAskedOut(query string, words []string) []string {
	m := connectedAsked.FindStringSubmatch(query)
	if m == nil {
		return words
	}
	verb := strings.Fields(m[1])[0]
	for i, w := range words {
		if strings.EqualFold(strings.Trim(w, nameEdges), verb) {
			words[i] = ""
			if verb == "hooked" && i+1 < len(words) {
				words[i+1] = ""
			}
			break
		}
	}
	return append(words, "configuration", "settings")
}

// pickedUpFix: "redeploy it to pick up the spicepod fix": what is picked up (pickUp) is a change
// taken in, as a model reads it (create_deployment's "push changes live"), not the fix
// get_deployment offers for a failed rollout; the fix is read as a change.
func pickedUpFix(words []string) {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "pick", "picks", "picked", "picking":
		default:
			continue
		}
		for j := i + 1; j < len(words) && j <= i+5 && !strings.ContainsAny(words[j-1], ",;:.!?"); j++ {
			if l := strings.ToLower(strings.Trim(words[j], nameEdges)); l == "fix" || l == "fixes" {
				words[j] = "change"
			}
		}
	}
}

// howManyAndWhat: "How many replicas is lift-status running, and on what runtime version?": a
// count and a value asked together of one app are its values, its configuration and settings
// (get_app's), as "what runtime version and how many replicas is x on?" is (valueOf).
var howManyAndWhat = regexp.MustCompile(`(?i)\bhow\s+many\s+[\w-]+\s+(?:is|are)\s+(?:[\w'-]+\s+){1,4}?(?:running|on|set\s+to)\s*,?\s+and\s+(?:on\s+|in\s+|at\s+)?(?:what|which)\s+([\w-]+)(?:\s+[\w-]+){0,3}\s*\?`)

// howManyAndWhatAsked: the second question asks for a value (a noun after "what"), not which of
// the counted things are in a state ("and which are failing?").
func howManyAndWhatAsked(query string) bool {
	m := howManyAndWhat.FindStringSubmatch(query)
	return m != nil && !beVerbs[strings.ToLower(m[1])]
}

var beVerbs = map[string]bool{"is": true, "are": true, "was": true, "were": true, "do": true, "does": true, "did": true, "have": true, "has": true}

// nightlyRun: "the nightly deploy of the patient portal": nightly before a deploy or a job says
// when it runs, each night, as a model reads it, not the nightly update channel; it is left out.
func nightlyRun(words []string) {
	for i := 0; i+1 < len(words); i++ {
		if !strings.EqualFold(words[i], "nightly") {
			continue
		}
		switch strings.ToLower(strings.Trim(words[i+1], nameEdges)) {
		case "deploy", "deploys", "deployment", "deployments", "build", "builds", "job", "jobs", "run", "runs", "release", "releases":
			words[i] = ""
		}
	}
}

// whoAsUser: in a question of whom this session acts as (whoAs), "which user and org this
// connection is authenticated as", the user is the account the server runs as (whoami's
// "Account"), not a member of the org.
func whoAsUser(words []string) {
	for i, w := range words {
		if l := strings.ToLower(strings.Trim(w, nameEdges)); l == "user" {
			words[i] = "account"
		}
	}
}
