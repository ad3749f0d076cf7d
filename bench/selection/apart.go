package selection

import (
	"regexp"
	"strings"
)

// Readings of round 71's second selection helper, for the tool pairs most often confused (issue
// 13): each reads words as a model does where the bench's word matching drew two tools together.

// searchPrefix: a request that begins "spice cloud" in lower case, then more words ("spice cloud
// check user role in organization"), is a search's keywords, the product named as the topic that
// every tool's is, not the platform check_health checks, as a model reads it: the two words are
// left out. "Is Spice Cloud down?" asks of the platform (spiceDown).
func searchPrefix(fields []string) []string {
	if len(fields) > 2 && fields[0] == "spice" && fields[1] == "cloud" {
		return fields[2:]
	}
	return fields
}

// comeForms are the forms of "come".
var comeForms = map[string]bool{"come": true, "comes": true, "came": true, "coming": true}

// comesFrom: "come" says where a thing comes from ("its spicepod comes from git",
// connect_repository's text) only with "from" one or two words on; alone ("traffic is coming",
// "the spicepod comes next week") it is arrival or time, which no tool is about, and is left out.
func comesFrom(words []string) {
	for i, w := range words {
		if !comeForms[strings.ToLower(strings.Trim(w, nameEdges))] {
			continue
		}
		from := false
		for j := i + 1; j < len(words) && j <= i+3 && !strings.ContainsAny(words[j-1], ",;:.!?"); j++ {
			if strings.ToLower(words[j]) == "from" {
				from = true
				break
			}
		}
		if !from {
			words[i] = ""
		}
	}
}

// accountRemovedFrom: in "remove jlee from our account" the account is what the removed one
// belongs to, the organization, as a model reads it, not the account the server runs as
// (whoami's "Account"): after a removal verb in the same sentence, "from" and the account read
// "organization"; the product's name before it ("our Spice Cloud account", round 75) says whose
// account it is, no more, and is left out.
func accountRemovedFrom(words []string) {
	verb := false
	for i, w := range words {
		lw := strings.Trim(strings.ToLower(w), nameEdges)
		if removing[lw] {
			verb = true
		}
		if verb && lw == "from" {
			k := i + 1
			for k < len(words) && (determiners[strings.ToLower(words[k])] || productWords[strings.ToLower(words[k])]) {
				k++
			}
			if k < len(words) && strings.Trim(strings.ToLower(words[k]), nameEdges) == "account" {
				words[k] = strings.Replace(strings.ToLower(words[k]), "account", "organization", 1)
				for j := i + 1; j < k; j++ {
					if productWords[strings.ToLower(words[j])] {
						words[j] = ""
					}
				}
			}
		}
		if strings.ContainsAny(w, ".;!?") {
			verb = false
		}
	}
}

// pausedState: "the paused depot-kpis app", "a paused app" name an app by its state, paused, as
// a model reads it: which app is meant, not what to do with it (pause_app); "paused" after an
// article is left out.
func pausedState(words []string) {
	for i := 1; i < len(words); i++ {
		if strings.ToLower(strings.Trim(words[i], nameEdges)) == "paused" && determiners[strings.ToLower(words[i-1])] && !strings.ContainsAny(words[i], ",;:.!?") {
			words[i] = ""
		}
	}
}

// toldWhen: "tell me when it's live", "let me know once it's done", "ping me when it finishes"
// ask to wait for what is still to happen and be told, as a model reads them (wait_for_deployment,
// create_and_deploy_app's "wait until live"), not for a tool that returns at once; "tell me when
// it was created" asks for a past time and is left alone.
var toldWhen = regexp.MustCompile(`(?i)\b(let\s+(me|us)\s+know|tell\s+(me|us)|ping\s+me|notify\s+me)\s+(when|once|as\s+soon\s+as)((?:\s+[\w'’-]+){0,4})`)

var pastTense = regexp.MustCompile(`(?i)\b(was|were|did|had)\b`)

func toldWhenWait(query string) bool {
	for _, m := range toldWhen.FindAllStringSubmatch(query, -1) {
		if !pastTense.MatchString(m[len(m)-1]) {
			return true
		}
	}
	return false
}

// canHostIn: "can I host in us-west-2?", "could we deploy to Europe?": a modal, I or we, a verb of
// hosting and straight after it the place, with no app named, asks whether that place is one to
// host in, a location, as a model reads it (list_regions), not for the apps already there.
var canHostIn = regexp.MustCompile(`(?i)\b(can|could|may)\s+(i|we)\s+(host|deploy|run)\s+(in|to|on)\b`)

// keptForms are the participles of keeping a value ("saved", "stored").
var keptForms = map[string]bool{"saved": true, "stored": true}

// stateHavers are the verbs before a participle that make it a state: "does x have saved", "did it
// get saved".
var stateHavers = map[string]bool{"have": true, "has": true, "had": true, "get": true, "got": true, "gets": true}

// savedState reads "saved" or "stored" after a form of "be", "have" or "get" ("what credentials
// does x have saved?", "did my password get saved?", "is it stored?") as the state it is,
// configured, as a model reads it (isSet's "is X set"), not the verb that stores a value
// (set_secret).
func savedState(words []string) {
	for i, w := range words {
		if !keptForms[strings.ToLower(strings.Trim(w, nameEdges))] {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-3 && !strings.ContainsAny(words[j], ",;:.!?"); j-- {
			if l := strings.ToLower(words[j]); beForms[l] || stateHavers[l] {
				words[i] = "configured"
				break
			}
		}
	}
}

// toCount: "back to 2", "increased to 3", "scale it to 6": a small number after "to" is the value a
// thing is to be changed to, as a model reads it (update_app's "Change"), not a thing's count
// read back (get_app's "replica count"). An ID is longer ("roll back to 4412").
var toCount = regexp.MustCompile(`(?i)\bto\s+\d{1,2}(?:\s|[,;!?)]|\.(?:\s|$)|$)`)

// notMemberYet: "she isn't a member yet", "they're not in the org yet" say the person is still to
// be brought in, invited, as a model reads it (add_member's "Invite"), not a member to look up or
// whose role changes.
var notMemberYet = regexp.MustCompile(`(?i)\b(isn't|is\s+not|aren't|are\s+not|not)\s+(?:(?:a|an)\s+)?(member|members|user|in\s+(the|our)\s+(org|organization|workspace))\s+yet\b`)
