package selection

import (
	"strings"
)

// Readings of round 72 (issue 13): each reads words as a model does where the bench's word
// matching drew a request to another tool.

// copiesRunning: copies of an app that are running, up or healthy ("how many copies of
// checkout-recs are actually running?") are its replicas, the instances that serve it, as a model
// reads it, not forks (list_forks' copies), which are apps made once. The state follows "copies"
// in the same clause; "spin up a copy" makes one.
func copiesRunning(words []string) {
	for i, w := range words {
		if l := strings.ToLower(strings.Trim(w, nameEdges)); l != "copies" && l != "copy" {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+6 && !strings.ContainsAny(words[j-1], ",;:.!?"); j++ {
			if runningStates[strings.ToLower(strings.Trim(words[j], nameEdges))] {
				words[i] = "replicas"
				break
			}
		}
	}
}

// runningStates are the words that say an instance runs.
var runningStates = map[string]bool{"running": true, "up": true, "healthy": true, "serving": true, "alive": true}

// keyExposed: a key, token or password someone pasted or posted somewhere ("pasted the API key in
// a group chat", "our secondary key got posted in slack") has leaked, as a model reads it
// (regenerate_api_key's "after a leak"), not set_secret's warning to keep a value out of the
// chat; "I'll paste the value in the private page" (the present) hands a value over.
func keyExposed(fields []string) []string {
	for i, f := range fields {
		if l := strings.ToLower(strings.Trim(f, nameEdges)); l != "pasted" && l != "posted" {
			continue
		}
		credential, place := false, false
		for j := max(0, i-4); j < len(fields) && j <= i+5; j++ {
			l := strings.ToLower(strings.Trim(fields[j], nameEdges))
			credential = credential || credentialWords[l]
			place = place || j > i && (l == "in" || l == "into" || l == "on")
		}
		if credential && place {
			return []string{"leak"}
		}
	}
	return nil
}

// credentialWords name what leaks.
var credentialWords = map[string]bool{"key": true, "keys": true, "key's": true, "token": true, "password": true, "secret": true, "credentials": true}

// blankApp: a blank app ("a new, blank app", "a blank one") is an empty one (create_app's "a new,
// empty app"), as a model reads it; a display that is or goes blank ("the board is blank") shows
// nothing, and is left as it is.
func blankApp(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		if strings.ToLower(strings.Trim(w, nameEdges)) != "blank" || strings.ContainsAny(w, ",;:.!?") {
			continue
		}
		switch strings.ToLower(strings.Trim(words[i+1], nameEdges)) {
		case "app", "apps", "project", "application", "one":
			words[i] = "empty"
		}
	}
}

// onePronoun: "one" standing for a thing named before it ("the new menu screens want one", "it's
// on an old one", "make a new one") is a pronoun, as a model reads it, not regenerate_api_key's
// "the old ones" nor describe_app's "in one go": it is left out, the thing it stands for being
// named already. A count ("just one replica", "one of those", "in one go", "one overview") stays.
func onePronoun(words []string) {
	for i, w := range words {
		if strings.ToLower(strings.Trim(w, nameEdges)) != "one" || i == 0 {
			continue
		}
		if counting[strings.ToLower(strings.Trim(words[i-1], nameEdges))] || strings.ContainsAny(words[i-1], ",;:.!?") {
			continue
		}
		if i+1 < len(words) && !strings.ContainsAny(w, ",;:.!?") {
			next := strings.ToLower(strings.Trim(words[i+1], nameEdges))
			if next == "of" || !stopWords[next] {
				continue
			}
		}
		words[i] = ""
	}
}

// counting are the words before "one" that make it a count.
var counting = map[string]bool{"in": true, "at": true, "just": true, "only": true, "to": true, "than": true, "one": true, "no": true}

// lookUp: "look up" ("look up user jdoe", "look it up") is one phrasal verb, to find and show one
// thing, as a model reads it, not a look and the "up" of a service that is up (check_health,
// list_instances).
func lookUp(words []string) {
	for i, w := range words {
		if !lookForms[strings.ToLower(strings.Trim(w, nameEdges))] || strings.ContainsAny(w, ",;:.!?") {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+2; j++ {
			if strings.ToLower(strings.Trim(words[j], nameEdges)) == "up" {
				words[i], words[j] = "show", ""
				break
			}
			if strings.ContainsAny(words[j], ",;:.!?") {
				break
			}
		}
	}
}

// lookForms are the forms of "look".
var lookForms = map[string]bool{"look": true, "looks": true, "looked": true, "looking": true}

// putOnline: "put it online", "put it up" is one phrasal verb, to launch it, as a model reads it
// (create_and_deploy_app's "launch"), not set_secret's "put" of a value nor resume_app's "online
// again"; "put it back online" brings it back, and is left as it is.
func putOnline(words []string) {
	for i, w := range words {
		if l := strings.ToLower(strings.Trim(w, nameEdges)); l != "put" && l != "puts" && l != "putting" || strings.ContainsAny(w, ",;:.!?") {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3; j++ {
			p := strings.ToLower(strings.Trim(words[j], nameEdges))
			if p == "back" {
				break
			}
			if p == "online" || p == "up" || p == "live" {
				words[i], words[j] = "launch", ""
				break
			}
			if strings.ContainsAny(words[j], ",;:.!?") {
				break
			}
		}
	}
}
