package selection

import (
	"regexp"
	"strings"
)

// Readings of round 74 (issue 13).

// read74 applies round 74's readings to the words kept of a request.
func (ix *Index) read74(query string, fields, kept []string) []string {
	reachable(kept)
	goAhead(kept)
	bringBack(kept)
	notDestroyed(kept)
	ridOfSecret(kept)
	monitorVerb(kept)
	startsOn(kept)
	lastTime(kept)
	if keysAsked.MatchString(query) {
		kept = append(kept, "show")
	}
	addedMe(kept)
	kept = append(kept, keyPutIn(fields)...)
	kept = linkAskedOut(query, kept)
	kept = append(kept, wiseSuffix(fields)...)
	joinedElsewhere(kept)
	userAsks(kept)
	planWords(kept)
	newerIsNewest(kept)
	kept = append(kept, wentOut(kept)...)
	valueAskedOut(query, kept)
	kept = append(kept, canGo(kept)...)
	statusReport(kept)
	if ix.appositiveRole(query) {
		kept = append(kept, "user", "someone")
	}
	return kept
}

// noMoreUse: "we don't use the old feed any more; delete its secret": "use" in a clause that says
// a thing is no longer used ("any more", "anymore", "no longer") says why it goes, as the "no
// longer" itself does (noLonger), not which tool is asked for (regenerate_api_key's "use
// rotate_api_keys", rotate_api_keys' "every client uses it").
func noMoreUse(query string) string {
	return noMoreClause.ReplaceAllStringFunc(query, func(clause string) string {
		if !noMore.MatchString(clause) {
			return clause
		}
		return useForms.ReplaceAllString(clause, "")
	})
}

var (
	noMoreClause = regexp.MustCompile(`[^.;!?]+`)
	noMore       = regexp.MustCompile(`(?i)\b(?:any ?more|(?:no|any) longer)\b`)
	useForms     = regexp.MustCompile(`(?i)\b(?:use|uses|used|using)\b`)
)

// reachable: "apps unreachable", "is the API reachable?": whether a thing can be reached, as a
// model reads it (check_health's "whether the server reaches"), one verb with its suffix.
func reachable(words []string) {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "reachable", "unreachable":
			words[i] = "reaches"
		}
	}
}

// monitorVerb: to monitor a deployment "until complete" is to watch it (wait_for_deployment's
// "watch, keep an eye on"), as a model reads the verb; "the monitor", "a monitor" is a screen.
func monitorVerb(words []string) {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "monitor", "monitors", "monitoring", "monitored":
			if i > 0 && determiners[strings.ToLower(words[i-1])] {
				continue
			}
			words[i] = "watch"
		}
	}
}

// startsOn: "the orders start on Monday", "shooting starts next week": a thing starting at a time
// says when, as a model reads it, not a request to start something (resume_app's "start again")
// nor rotate_api_keys' "start renews the secondary".
func startsOn(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		switch strings.ToLower(w) {
		case "start", "starts", "started", "starting":
		default:
			continue
		}
		next := strings.ToLower(strings.Trim(words[i+1], nameEdges))
		if (next == "on" || next == "from" || next == "in") && i+2 < len(words) {
			next = strings.ToLower(strings.Trim(words[i+2], nameEdges))
		}
		if timeWords[next] {
			words[i] = ""
		}
	}
}

// timeWords name a day or a stretch of time.
var timeWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"today": true, "tonight": true, "tomorrow": true, "next": true, "week": true, "month": true, "year": true,
	"weekend": true, "january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// lastTime: "last week's rota", "left last month": "last" before a stretch of time is a time, as a
// model reads it, not the latest deployments or log lines (list_deployments' "last deployments",
// wait_for_deployment's "last log lines").
func lastTime(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		if strings.ToLower(w) != "last" {
			continue
		}
		next, possessive := strings.CutSuffix(strings.ToLower(strings.Trim(words[i+1], nameEdges)), "'s")
		if !possessive {
			continue
		}
		if timeWords[next] && next != "next" && next != "today" && next != "tonight" && next != "tomorrow" || next == "night" || next == "season" {
			words[i] = ""
		}
	}
}

// keysAsked: "what are the API keys for x?", "what are the keys?": a question of what an app's
// keys are asks to be shown them (get_api_keys' "Show an app's API keys"), as a model reads it,
// not for new ones.
var keysAsked = regexp.MustCompile(`(?i)\bwhat(?:'s|\s+is|\s+are)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+'s\s+)?(?:api\s+|access\s+)?keys?\b`)

// addedMe: "the group added me to the other practices": someone having added the speaker says
// how they came to belong, as a model reads it, not a request to add a member.
func addedMe(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		if strings.ToLower(w) != "added" {
			continue
		}
		if next := strings.ToLower(strings.Trim(words[i+1], nameEdges)); next == "me" || next == "us" {
			words[i] = ""
		}
	}
}

// keyPutIn: "a temp put the API key in a customer email": a credential put, shared or left in a
// message, a ticket or a repository has leaked, as a pasted one has (keyExposed), not a secret
// stored on an app (set_secret's "put").
func keyPutIn(fields []string) []string {
	for i, f := range fields {
		switch strings.ToLower(strings.Trim(f, nameEdges)) {
		case "put", "shared", "left":
		default:
			continue
		}
		credential := false
		for j := i + 1; j < len(fields) && j <= i+5; j++ {
			l := strings.ToLower(strings.Trim(fields[j], nameEdges))
			credential = credential || credentialWords[l]
			if !credential || l != "in" && l != "into" && l != "on" {
				continue
			}
			for k := j + 1; k < len(fields) && k <= j+4; k++ {
				if leakPlaces[strings.ToLower(strings.Trim(fields[k], nameEdges))] {
					return []string{"leak"}
				}
			}
		}
	}
	return nil
}

// leakPlaces are where a credential is seen by people it was not meant for.
var leakPlaces = map[string]bool{
	"email": true, "e-mail": true, "mail": true, "chat": true, "message": true, "slack": true, "ticket": true,
	"gist": true, "repo": true, "screenshot": true, "forum": true, "channel": true, "wiki": true, "notice": true,
	"post": true, "tweet": true, "text": true, "sms": true,
}

// appositiveRole: "is the practice owner, hbell, an owner in our org or just an admin?": the
// person named between commas after a description is the one asked of, as "is hbell an owner?"
// is (personIs): one user's role.
func (ix *Index) appositiveRole(query string) bool {
	m := appositiveAsked.FindStringSubmatch(query)
	if m == nil || ix.IsName(m[1]) {
		return false
	}
	terms := Terms(m[1])
	return len(terms) == 1 && ix.df[terms[0]] == 0
}

var appositiveAsked = regexp.MustCompile(`(?i)^\s*(?:is|isn't|was)\s+(?:the|our|my)\s+[^,?.!;]{1,40},\s*([\w.-]+),\s+(?:still\s+|already\s+)?(?:an?)\s+(?:admin|owner|member|viewer)\b`)

// linkAskedOut: "is orders-api linked to a GitHub repo yet?", "is it hooked up to our repo?",
// "which GitHub repository and branch does payments deploy from?": in a question of whether an
// app is linked (connectedAsked) or of what it deploys from (deployFromAsked), the repository is
// what its configuration is checked for, as a model reads it, not one to link it to: connecting
// replaces any link there is, and the app's settings (get_app's branch it deploys from) and its
// deployments' source (describe_app's) are what shows it. The words naming it are left out, and
// what it deploys from is asked of its configuration, as valueTaken reads it.
func linkAskedOut(query string, words []string) []string {
	from := deployFromAsked.MatchString(query)
	if !from && !connectedAsked.MatchString(query) {
		return words
	}
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "github", "repo", "repository", "git", "gitops":
			words[i] = ""
		}
	}
	if from {
		words = append(words, "configuration", "settings")
	}
	return words
}

var deployFromAsked = regexp.MustCompile(`(?i)\b(?:what|which)\s+(?:[\w-]+\s+){1,5}?(?:does|do|is|are)\s+(?:[\w'-]+\s+){1,4}?(?:deploy|deploying|deployed)\s+from\s*(?:\?|$)`)

// wiseSuffix: "region-wise", "cost-wise": a noun with "-wise" is that noun, "as for regions", as a
// model reads it, not a hyphenated name.
func wiseSuffix(fields []string) []string {
	var out []string
	for _, f := range fields {
		if noun, ok := strings.CutSuffix(strings.ToLower(strings.Trim(f, nameEdges)), "-wise"); ok && noun != "" && !strings.Contains(noun, "-") {
			out = append(out, noun)
		}
	}
	return out
}

// userAsks: "The user asks which organizations they have access to.": the user an agent relays is
// the one asking, as a model reads it, not a member or a user asked about.
func userAsks(words []string) {
	if len(words) < 3 || !strings.EqualFold(words[0], "the") || !strings.EqualFold(words[1], "user") {
		return
	}
	switch strings.ToLower(words[2]) {
	case "asks", "wants", "would", "needs", "is", "says", "said", "asked", "wanted":
		words[1] = ""
	}
}

// joinedElsewhere: "Dr. Okafor joined the lab this semester; add okafor to our organization": to
// have joined a lab, a team or a company says who someone is, as a model reads it, not when they
// joined the organization (get_member's "when they joined").
func joinedElsewhere(words []string) {
	for i, w := range words[:max(0, len(words)-2)] {
		switch strings.ToLower(w) {
		case "joined", "joins":
		default:
			continue
		}
		if !determiners[strings.ToLower(words[i+1])] {
			continue
		}
		if place := strings.ToLower(strings.Trim(words[i+2], nameEdges)); !orgWords[place] && place != "org's" {
			words[i] = ""
		}
	}
}

// planWords: a membership is a member's ("bob's membership details"), a subscription the plan an
// account is on ("how many seats are included in our subscription?", get_limits' "Billing plan"),
// as a model reads a SaaS account's words.
func planWords(words []string) {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "membership":
			words[i] = "member"
		case "memberships":
			words[i] = "members"
		case "subscription", "subscriptions":
			words[i] = "plan"
		}
	}
}

// newerIsNewest: "is there a newer runtime?": the comparative asks for what is newest, as a model
// reads it (list_container_images' "the newest to upgrade to"), one word with its superlative.
func newerIsNewest(words []string) {
	for i, w := range words {
		if strings.EqualFold(strings.Trim(w, nameEdges), "newer") {
			words[i] = "newest"
		}
	}
}

// wentOut: "what went out to fraud-scoring yesterday?": what went out is what was deployed, many
// deployments (list_deployments' "what went out"), not what went wrong with one (get_deployment's).
func wentOut(words []string) []string {
	for i, w := range words[:max(0, len(words)-1)] {
		if strings.EqualFold(w, "went") && strings.EqualFold(strings.Trim(words[i+1], nameEdges), "out") {
			return []string{"deployments"}
		}
	}
	return nil
}

// valueAskedOut: "what's the value of PG_PASS?": a value asked of is no value given, as a model
// reads it (set_secret's "change or replace a secret's value"); the question is of the secret.
func valueAskedOut(query string, words []string) {
	if !valueAsked.MatchString(query) {
		return
	}
	for i, w := range words {
		if strings.EqualFold(strings.Trim(w, nameEdges), "value") {
			words[i] = ""
		}
	}
}

var valueAsked = regexp.MustCompile(`(?i)\bwhat(?:'s|\s+is|\s+was)\s+the\s+(?:current\s+)?value\s+of\b`)

// canGo: "the GITHUB_TOKEN on docs-search can go", "the demo app must go.": a thing that can, must
// or has to go, the clause ending there, is to be removed, as a model reads the idiom, not to go
// back, live or ahead; the thing named before it (removedBy: an app, a secret, a member) says
// which removal, as removalVerbs reads the thing after a removal verb.
func canGo(words []string) []string {
	for i, w := range words {
		if i == 0 || !strings.EqualFold(strings.TrimRight(w, ",;:.!?"), "go") || i+1 < len(words) && !strings.ContainsAny(w, ",;:.!?") {
			continue
		}
		prev := strings.ToLower(words[i-1])
		if i > 1 && prev == "to" {
			prev = strings.ToLower(words[i-2]) + " to"
		}
		switch prev {
		case "can", "could", "should", "must", "has to", "have to", "needs to", "need to", "got to":
		default:
			continue
		}
		words[i] = "remove"
		for j := i - 1; j >= max(0, i-7) && !sentenceEnd(words[j]); j-- {
			lower := strings.Fields(strings.ToLower(splitCode(strings.Trim(words[j], nameEdges))))
			for _, l := range lower {
				if verb, ok := removedBy[l]; ok {
					return []string{verb}
				}
			}
			if envVarName(strings.Trim(words[j], nameEdges)) {
				return []string{"delete"}
			}
		}
	}
	return nil
}

// statusReport: "status report for checkout", "a sitrep on unit-status": a report of how one thing
// stands is an overview of it, as a model reads it (describe_app's "Quick overview"), not one
// deployment's status ("the deployment status report" is that deployment's).
func statusReport(words []string) {
	for i, w := range words {
		l := strings.ToLower(strings.Trim(w, nameEdges))
		switch {
		case l == "sitrep" || l == "sitreps":
			words[i] = "overview"
		case l == "status" && i+1 < len(words) && !strings.ContainsAny(w, ",;:.!?") && (i == 0 || !deploymentWords[strings.ToLower(words[i-1])]):
			if next := strings.ToLower(strings.Trim(words[i+1], nameEdges)); next == "report" || next == "reports" || next == "update" {
				words[i], words[i+1] = "overview", ""
			}
		}
	}
}

// deploymentWords name a deployment.
var deploymentWords = map[string]bool{"deployment": true, "deploy": true, "rollout": true, "release": true, "deployment's": true}
