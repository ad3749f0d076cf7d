package selection

import "strings"

// Readings of round 74's third selection helper (issue 13).

// goAhead: "go ahead and deploy", "went ahead with the release": to go ahead is to proceed with
// what follows, as a model reads it, not a "go" back (rollback_deployment's "go back") nor ahead
// of anything.
func goAhead(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "go", "goes", "went", "going", "gone":
		default:
			continue
		}
		if strings.ToLower(strings.Trim(words[i+1], nameEdges)) == "ahead" {
			words[i], words[i+1] = "", ""
		}
	}
}

// bringBack: "bring staging back", "bring it back up": to bring an app back is to have it running
// again (resume_app's "start again", "turn back on"), as a model reads it, not a "go" back to an
// earlier release (rollback_deployment), unless a release is what is brought back ("bring back the
// previous version").
func bringBack(words []string) {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "bring", "brings", "bringing", "brought":
		default:
			continue
		}
		for j := i + 1; j < len(words) && j <= i+4; j++ {
			next := strings.ToLower(strings.Trim(words[j], nameEdges))
			if releaseWords[next] {
				break
			}
			if next == "back" {
				if j == i+1 && releaseAfter(words[j+1:]) {
					break
				}
				words[i], words[j] = "", "resume"
				break
			}
		}
	}
}

// releaseWords name a release, which to bring back is to roll back to.
var releaseWords = map[string]bool{
	"version": true, "versions": true, "release": true, "releases": true, "deployment": true, "deploy": true,
	"deployments": true, "previous": true, "old": true, "older": true, "earlier": true, "last": true, "config": true, "spicepod": true,
}

// releaseAfter: "bring back the old release": a release within the next three words.
func releaseAfter(words []string) bool {
	for _, w := range words[:min(3, len(words))] {
		if releaseWords[strings.ToLower(strings.Trim(w, nameEdges))] {
			return true
		}
	}
	return false
}

// notDestroyed: "stop it for the weekend, don't delete it", "without deleting anything": a removal
// negated is what the request must not do, as a model reads it, not what it asks for (delete_app's
// "Delete").
func notDestroyed(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "not", "don't", "dont", "never", "without":
		default:
			continue
		}
		switch strings.ToLower(strings.Trim(words[i+1], nameEdges)) {
		case "delete", "deleting", "remove", "removing", "destroy", "destroying", "nuke", "wipe", "wiping":
			words[i+1] = ""
		}
	}
}

// ridOfSecret: "get rid of the staging db password": what is got rid of says which removal; a
// password, token or secret named after it is a secret's removal, as a model reads it, not the
// app's (delete_app's own "get rid of").
func ridOfSecret(words []string) {
	for i := 0; i+2 < len(words); i++ {
		if strings.ToLower(words[i]) != "get" || strings.ToLower(words[i+1]) != "rid" || strings.ToLower(words[i+2]) != "of" {
			continue
		}
		for j := i + 3; j < len(words) && j <= i+7; j++ {
			switch strings.ToLower(strings.Trim(words[j], nameEdges)) {
			case "password", "passwords", "token", "tokens", "secret", "secrets", "credential", "credentials":
				words[i], words[i+1], words[i+2] = "delete", "", ""
			}
			if strings.ContainsAny(words[j], ",;.!?") {
				break // another clause
			}
		}
	}
}
