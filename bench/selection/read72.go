package selection

import (
	"regexp"
	"slices"
	"strings"
)

// Readings of round 72 (issue 13): each reads words as a model does where the bench's word
// matching drew a request to another tool.

// visibilityOf is a question whether one thing is public or private ("is orders-api public or
// private right now?", "is the ticketing app set to public or private?"): it asks for that
// thing's settings, its configuration, as valueOf's questions do, not to create or list apps
// (whose texts name public and private too); a plural subject ("are our apps public or private?") still
// asks for many (see valueOf).
var visibilityOf = regexp.MustCompile(`(?i)\b(is|are)\s+((?:[\w'-]+\s+){1,4}?)(?:set\s+to\s+)?(?:public|private)\s+or\s+(?:public|private)\b`)

// visibility: the request asks whether one thing is public or private (visibilityOf).
func (ix *Index) visibility(query string) bool {
	m := visibilityOf.FindStringSubmatch(query)
	return m != nil && !slices.ContainsFunc(plurals(m[2]), func(pl string) bool { return ix.df[pl] > 0 })
}

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

// restCall is a call of the Management API written as HTTP ("GET /v1/apps/412/secrets", "curl -X
// DELETE https://api.spice.ai/v1/apps/377", a curl line without -X GETs): its method and path.
var restCall = regexp.MustCompile(`\b(?:(GET|POST|PUT|PATCH|DELETE)\s+|curl\s+(?:-[a-zA-Z]+\s+)*?(?:-X\s*(GET|POST|PUT|PATCH|DELETE)\s+)?(?:-[a-zA-Z]+\s+)*)(?:https?://[^\s/]+)?(/[\w./-]*)(?:\?(\S*))?`)

// httpCalls reads an HTTP call as the request it makes, as a model reads it: the method is the verb
// (GET a collection lists it, GET one item shows it, POST creates, or does the action its path
// ends in, PUT sets, PATCH changes, DELETE deletes), the path's last collection what it acts on,
// an item's ID or name that item; the host and the API's version ("https://api.spice.ai/v1") are
// where every tool's calls go, and are left out (they drew check_health's "Spice.ai" and
// create_app's "URL https://NAME.spice.ai").
func httpCalls(query string) string {
	return restCall.ReplaceAllStringFunc(query, func(call string) string {
		m := restCall.FindStringSubmatch(call)
		method := cmpOr(m[1], m[2], "GET")
		var segs []string
		for _, s := range strings.Split(m[3], "/") {
			if s != "" && !apiVersion.MatchString(s) {
				segs = append(segs, strings.ReplaceAll(s, "-", " "))
			}
		}
		params := strings.NewReplacer("=", " ", "&", " ").Replace(m[4])
		if len(segs) == 0 {
			return params
		}
		last := segs[len(segs)-1]
		collection := func(s string) bool { return strings.HasSuffix(s, "s") && !strings.ContainsAny(s, "0123456789_") }
		one := func(s string) string { return strings.TrimSuffix(s, "s") }
		var read string
		switch {
		case collection(last):
			read = map[string]string{"GET": "list", "POST": "create new " + one(last), "PUT": "set", "PATCH": "change", "DELETE": "delete"}[method]
			if method != "POST" {
				read += " " + last
			}
		case method == "POST" && len(segs) >= 2 && action.MatchString(last):
			// An action on an item: ".../apps/377/resume", ".../api-keys/regenerate".
			object := ""
			for j := len(segs) - 2; j >= 0 && object == ""; j-- {
				if collection(segs[j]) {
					object = one(segs[j])
				}
			}
			read = last + " " + object
		case len(segs) >= 2 && collection(segs[len(segs)-2]):
			item := one(segs[len(segs)-2]) + " " + last
			read = map[string]string{"GET": "show", "POST": "create", "PUT": "set", "PATCH": "change", "DELETE": "delete"}[method] + " " + item
		default:
			read = map[string]string{"GET": "show", "POST": "create", "PUT": "set", "PATCH": "change", "DELETE": "delete"}[method] + " " + last
		}
		return strings.TrimSpace(read + " " + params)
	})
}

// action is a path's last segment that names what a POST does ("resume", "regenerate"): a word
// in lower case, not an ID or a secret's name.
var action = regexp.MustCompile(`^[a-z]+$`)

// apiVersion is a path's version segment ("v1").
var apiVersion = regexp.MustCompile(`^v\d+$`)

func cmpOr(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// summaryOf: a summary, rundown or picture of one thing, its parts after a colon ("a one-page
// summary of permits-portal: its settings, recent deployments and whether anything's failing",
// "the whole picture of catalog-sync: its settings, latest deployments and which secrets it has")
// asks for an overview, as a model reads it (describe_app's "the full picture in one go"): the
// plurals after the colon name what the overview holds, not lists asked for (see
// severalCollections, which keeps a plural after "which").
func summaryOf(fields []string) bool {
	for i, f := range fields {
		if !overviewNouns[stem(strings.ToLower(strings.Trim(f, nameEdges)))] || strings.HasSuffix(f, ":") {
			continue
		}
		if i+1 >= len(fields) || strings.ToLower(fields[i+1]) != "of" {
			continue
		}
		for j := i + 2; j < len(fields) && j <= i+5; j++ {
			if strings.HasSuffix(fields[j], ":") {
				return true
			}
			if strings.ContainsAny(fields[j], ",;.!?") {
				break
			}
		}
	}
	return false
}

// overviewNouns are the stems of the nouns that name an overview.
var overviewNouns = map[string]bool{"summar": true, "rundown": true, "overview": true, "pictur": true}

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
