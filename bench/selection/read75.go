package selection

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Readings of round 75 (issue 13).

// telegram: a request in capitals that ends in "STOP" is a telegram ("REDEPLOY TURBINE-STATUS
// NOW STOP"): each "STOP" after a word is its full stop, as a model reads it, not a request to
// stop anything (pause_app); one after "it", "please" or "to" ("MAKE IT STOP") or first stays
// the verb. In capitals a hyphenated word is a name as it is in lower case ("SCADA-BRIDGE"):
// capitals are how the whole request is written, not a cmdlet's words ("Get-SpiceApp").
func telegram(query string) string {
	if strings.IndexFunc(query, unicode.IsLower) >= 0 || strings.IndexFunc(query, unicode.IsUpper) < 0 {
		return query
	}
	fields := strings.Fields(query)
	stops := len(fields) > 1 && strings.Trim(fields[len(fields)-1], nameEdges) == "STOP"
	out := make([]string, 0, len(fields))
	for i, f := range fields {
		if strings.Contains(f, "-") && !strings.Contains(f, "_") {
			f = strings.ToLower(f)
		}
		if stops && i > 0 && strings.Trim(f, nameEdges) == "STOP" && !stopVerbBefore[strings.ToLower(fields[i-1])] {
			if k := len(out) - 1; !strings.ContainsAny(out[k][len(out[k])-1:], ".;!?") {
				out[k] += "."
			}
			continue
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

// stopVerbBefore are the words after which "STOP" is the verb ("MAKE IT STOP", "PLEASE STOP").
var stopVerbBefore = map[string]bool{
	"it": true, "them": true, "this": true, "that": true, "please": true, "to": true, "can": true, "will": true,
	"must": true, "should": true, "not": true, "and": true, "or": true, "then": true, "just": true,
}

// read75 applies round 75's readings to the words kept of a request.
func (ix *Index) read75(query string, fields, kept []string) []string {
	otherLanguages(kept)
	platformWords(kept)
	notStopping(kept)
	steppedDown(kept)
	fallsOver(kept)
	if appositiveRoleWhat.MatchString(query) && ix.appositiveName(appositiveRoleWhat.FindStringSubmatch(query)[1]) {
		kept = append(kept, "user", "someone")
	}
	kept = append(kept, roleRange(fields)...)
	if ix.oneThingAsked(visibilitySet, query) || ix.oneThingAsked(whatAndHowMany, query) {
		kept = append(kept, "configuration", "settings")
	}
	if peopleCounted.MatchString(query) {
		kept = append(kept, "people")
	}
	if currentKeys.MatchString(query) {
		kept = append(kept, "show")
	}
	toldDone(kept)
	kept = append(kept, gitops(kept)...)
	if ix.bareDeploy(fields) || releaseImperative(fields) {
		kept = append(kept, "redeploy")
	}
	releaseNumber(kept)
	releasesCommand(kept)
	kept = append(kept, replacedNamed(fields)...)
	oldOneTold(kept)
	useAimed(kept)
	whenItFinished(kept)
	kept = append(kept, keyKilled(kept)...)
	if stillGood.MatchString(query) {
		kept = append(goodOut(kept), "whoami")
	}
	if lastGoodAsked.MatchString(query) {
		kept = append(kept, "history")
	}
	return kept
}

// notStopping: "so the website doesn't stop working", "so the texts don't stop": a stop a purpose
// clause says must not happen, as a model reads it (what the change must spare), not a request to
// stop anything (pause_app); the verb is left out.
func notStopping(words []string) {
	purpose := false
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, nameEdges))
		if lw == "so" {
			purpose = true
		}
		if purpose && i > 0 && stopForms[lw] && negators[strings.ToLower(strings.Trim(words[i-1], nameEdges))] {
			words[i] = ""
		}
		if strings.ContainsAny(w, ".;!?") {
			purpose = false
		}
	}
}

var (
	stopForms = map[string]bool{"stop": true, "stops": true, "stopping": true}
	negators  = map[string]bool{
		"don't": true, "doesn't": true, "won't": true, "dont": true, "doesnt": true, "wont": true, "never": true, "not": true,
		"don’t": true, "doesn’t": true, "won’t": true,
	}
)

// steppedDown: "the old treasurer, jpaige, has stepped down": a person who steps down leaves a
// post, as a model reads it, not a thing that is down (check_health's "down"): "step down" at a
// clause's end or before "as" or "from" reads "left".
func steppedDown(words []string) {
	for i := 0; i+1 < len(words); i++ {
		switch strings.ToLower(words[i]) {
		case "step", "steps", "stepped", "stepping":
		default:
			continue
		}
		down := strings.ToLower(words[i+1])
		if strings.Trim(down, nameEdges) != "down" {
			continue
		}
		end := down != "down" || i+2 == len(words)
		if !end {
			next := strings.ToLower(words[i+2])
			end = next == "as" || next == "from"
		}
		if end {
			words[i], words[i+1] = "left", strings.Replace(down, "down", "", 1)
		}
	}
}

// fallsOver: "garage-screens keeps falling over": a program that falls over crashes, as a model
// reads the idiom (get_instance_logs' "why it crashes"), not "over" alone.
func fallsOver(words []string) {
	for i := 0; i+1 < len(words); i++ {
		switch strings.ToLower(words[i]) {
		case "fall", "falls", "fell", "falling", "fallen":
			if strings.ToLower(strings.Trim(words[i+1], nameEdges)) == "over" {
				words[i], words[i+1] = "crashes", strings.Replace(strings.ToLower(words[i+1]), "over", "", 1)
			}
		}
	}
}

// appositiveRoleWhat: "what role does the head of strategy, pgarcia, have in our org?": the
// person named between commas is the one asked of, as in "what role does pgarcia have?", as
// appositiveRole reads "is the practice owner, hbell, an owner?".
var appositiveRoleWhat = regexp.MustCompile(`(?i)^\s*what\s+(?:role|roles|access|permissions)\s+(?:does|do|did)\s+(?:the|our|my)\s+[^,?.!;]{1,40},\s*([\w.-]+),\s+(?:still\s+|now\s+)?have\b`)

// appositiveName: the word between commas is a login, one no tool writes.
func (ix *Index) appositiveName(word string) bool {
	if ix.IsName(word) {
		return false
	}
	terms := Terms(word)
	return len(terms) == 1 && ix.df[terms[0]] == 0
}

// roleRange: "from admin to member", "from member to owner": a role changed from one to another
// is a demotion or a promotion, as a model reads it (update_member_roles' "promote", "demote"),
// the member's roles changed, not a user looked up.
func roleRange(fields []string) []string {
	for i := 0; i+3 < len(fields); i++ {
		if !strings.EqualFold(fields[i], "from") || !strings.EqualFold(fields[i+2], "to") {
			continue
		}
		from, to := roleRank[strings.ToLower(strings.Trim(fields[i+1], nameEdges))], roleRank[strings.ToLower(strings.Trim(fields[i+3], nameEdges))]
		switch {
		case from == 0 || to == 0 || from == to:
		case from > to:
			return []string{"demote"}
		default:
			return []string{"promote"}
		}
	}
	return nil
}

// roleRank orders the roles a member may have.
var roleRank = map[string]int{"viewer": 1, "read-only": 1, "member": 2, "admin": 3, "owner": 4}

// productWords name the product ("our Spice account", "the Spice Cloud org").
var productWords = map[string]bool{"spice": true, "cloud": true, "spice.ai": true, "spiceai": true}

// visibilitySet: "is the hall-bookings app set to public?", "is it private?": which of the two a
// thing is, its setting, as visibilityNow reads "is x public or private?" (get_app's
// "configuration and settings"), a question of yes or no; "make it public" changes it, and "why
// is this app public?!" complains of it, and are left alone.
var visibilitySet = regexp.MustCompile(`(?i)(?:^|[.!?;:]\s)\s*(?:is|are)\s+((?:[\w'’-]+\s+){1,4}?)(?:set\s+to\s+(?:public|private)\b|(?:still\s+|currently\s+)?(?:public|private)\s*\?)`)

// whatAndHowMany: "what region and how many replicas is turbine-status running with?": a value
// and a count asked together of one thing are its configuration, as howManyAndWhat reads the
// other order.
var whatAndHowMany = regexp.MustCompile(`(?i)\bwhat\s+([\w-]+)\s+and\s+how\s+many\s+[\w-]+\s+(?:is|are|does)\s+(?:[\w'’-]+\s+){1,4}?(?:running|on|set\s+to|using|have)(?:\s+with)?\s*\?`)

// oneThingAsked: re matches and its first group names no thing a list tool lists in the plural
// ("are our apps private?" asks for many).
func (ix *Index) oneThingAsked(re *regexp.Regexp, query string) bool {
	m := re.FindStringSubmatch(query)
	return m != nil && !slices.ContainsFunc(plurals(m[1]), func(pl string) bool { return ix.df[pl] > 0 })
}

// peopleCounted: "how many users do we have in spice?": a count of the people there are now is
// asked of the list of them, as a model reads it (list_members' "the people in the
// organization"), not of adding one; "how many members can we have?" asks a limit (howManyCan).
var peopleCounted = regexp.MustCompile(`(?i)\bhow\s+many\s+(?:users|members|people|seats|accounts)\s+(?:do|does|did)\s+(?:we|i|our\s+[\w-]+|the\s+[\w-]+)\s+(?:have|got)\b`)

// currentKeys: "what are the current keys", "what's the latest API key?": keys asked for as they
// are now are to be shown (get_api_keys' "Show"), as keysAsked reads "what are the keys?".
var currentKeys = regexp.MustCompile(`(?i)\bwhat(?:'s|’s|\s+is|\s+are)\s+(?:the\s+|its\s+)?(?:current|latest|new|valid)\s+(?:api\s+|access\s+)?keys?\b`)

// toldDone: "stopped working after someone rotated it": what another person did is told, the
// story of the trouble, as a model reads it, not asked for: a past tense of rotating,
// regenerating or deleting after "someone", "somebody", "he", "she" or "they" is left out, with
// its subject.
func toldDone(words []string) {
	for i := 1; i < len(words); i++ {
		switch strings.ToLower(words[i-1]) {
		case "someone", "somebody", "he", "she", "they":
		default:
			continue
		}
		switch strings.ToLower(strings.Trim(words[i], nameEdges)) {
		case "rotated", "regenerated", "deleted", "removed", "revoked":
			// The one who did it is no one asked of either (get_member's "is someone an admin").
			words[i-1], words[i] = "", ""
		}
	}
}

// gitops: "set up gitops for the churn project": GitOps is deploying from a git repository, as a
// model reads it (connect_repository's "(git, GitOps)"): the repository is what is set up.
func gitops(words []string) []string {
	for _, w := range words {
		if strings.EqualFold(strings.Trim(w, nameEdges), "gitops") {
			return []string{"repository"}
		}
	}
	return nil
}

// bareDeploy: "deploy", "deploy docs-search", "please deploy it now": the verb alone, at the
// start, with no more than the app after it, asks to start a deployment, as a model reads it
// (create_deployment's "kick off, trigger"), not to wait for one or to go back to an earlier one.
// "deploy 5521 failed", "deploy history for x" use the word as a noun, and are left alone.
func (ix *Index) bareDeploy(fields []string) bool {
	for len(fields) > 0 && politeStart[strings.ToLower(strings.Trim(fields[0], nameEdges))] {
		fields = fields[1:]
	}
	if len(fields) == 0 || len(fields) > 3 || strings.ToLower(strings.Trim(fields[0], nameEdges)) != "deploy" {
		return false
	}
	for _, f := range fields[1:] {
		w := strings.ToLower(strings.Trim(f, nameEdges))
		if !ix.IsName(w) && !bareDeployRest[w] {
			return false
		}
	}
	return true
}

var (
	politeStart    = map[string]bool{"please": true, "pls": true, "plz": true, "now": true, "ok": true, "okay": true}
	bareDeployRest = map[string]bool{"it": true, "now": true, "please": true, "pls": true, "again": true, "this": true}
)

// releaseImperative: "release the new version of the sales project": "release" as the verb that
// starts a request, with its object after it, is to deploy, as a model reads it
// (create_deployment's "release an app"), not rollback_deployment's "(release, version)" nouns.
func releaseImperative(fields []string) bool {
	for len(fields) > 0 && politeStart[strings.ToLower(strings.Trim(fields[0], nameEdges))] {
		fields = fields[1:]
	}
	return len(fields) > 1 && strings.EqualFold(fields[0], "release") && releaseObjects[strings.ToLower(fields[1])]
}

var releaseObjects = map[string]bool{"the": true, "it": true, "this": true, "my": true, "our": true, "a": true}

// releaseNumber: "release 57 of orders-api", as Heroku numbers them: a release with a number is
// one deployment, by its ID, as a model reads it (get_deployment's), not a roll back's "release";
// "release 1.4.2" is a version (versionNumber) and is left alone.
func releaseNumber(words []string) {
	for i := 0; i+1 < len(words); i++ {
		if !strings.EqualFold(words[i], "release") {
			continue
		}
		n := strings.TrimPrefix(strings.Trim(words[i+1], nameEdges), "#")
		if n != "" && strings.Trim(n, "0123456789") == "" {
			words[i] = "deployment id"
		}
	}
}

// replacedNamed: "replace the OPENAI_API_KEY on churn": what is replaced is named as a secret is
// (envVarName), its value set, as a model reads it (set_secret's "replace … a secret's value"),
// not an app's API keys regenerated.
func replacedNamed(fields []string) []string {
	for i, f := range fields {
		switch strings.ToLower(f) {
		case "replace", "update", "change", "swap", "renew", "reset":
		default:
			continue
		}
		j := i + 1
		if j < len(fields) && determiners[strings.ToLower(fields[j])] {
			j++
		}
		if j < len(fields) && envVarName(strings.Trim(fields[j], nameEdges)) {
			return []string{"value"}
		}
	}
	return nil
}

// oldOneTold: "it's on an old one", "the old one expired": an old one in a clause that asks
// nothing done to it is told, what it is, as a model reads it, not regenerate_api_key's
// "invalidating the old ones"; "revoke the old one", "replace the old ones" ask, and keep it.
func oldOneTold(words []string) {
	start := 0
	for i, w := range words {
		if !strings.ContainsAny(w, ",;.!?") && i+1 < len(words) {
			continue
		}
		clause := words[start : i+1]
		start = i + 1
		asked := slices.ContainsFunc(clause, func(c string) bool { return oldOneVerbs[strings.ToLower(strings.Trim(c, nameEdges))] })
		for k := 0; k+1 < len(clause) && !asked; k++ {
			if strings.EqualFold(clause[k], "old") {
				if next := strings.ToLower(strings.Trim(clause[k+1], nameEdges)); next == "one" || next == "ones" {
					clause[k] = ""
				}
			}
		}
	}
}

var oldOneVerbs = map[string]bool{
	"replace": true, "revoke": true, "invalidate": true, "kill": true, "delete": true, "remove": true,
	"regenerate": true, "reset": true, "drop": true, "disable": true, "rotate": true, "retire": true,
}

// useAimed: "edit the manifest to use the new postgres host", "redeploy so it's used": a use the
// change aims at says what the change is for, as a model reads it, not regenerate_api_key's "use
// rotate_api_keys" nor delete_secret's "no longer used": "use" after "to", "used" after "so it's"
// is left out.
func useAimed(words []string) {
	for i := 1; i < len(words); i++ {
		w := strings.ToLower(strings.Trim(words[i], nameEdges))
		prev := strings.ToLower(words[i-1])
		switch {
		case w == "use" && prev == "to":
		case w == "used" && (prev == "it's" || prev == "it’s" || prev == "they're") && i > 1 && strings.EqualFold(words[i-2], "so"):
		default:
			continue
		}
		words[i] = ""
	}
}

// stillGood: "is my key still good?", "is our token still valid?": whether the credentials in use
// still work, the session's own, as a model reads it (whoami, as whoAs reads "who is this session
// authenticated as?"), not a "good" deployment to go back to.
var stillGood = regexp.MustCompile(`(?i)\b(?:is|are)\s+(?:my|our)\s+(?:api\s+)?(?:key|token|credentials?|login|password)s?\s+still\s+(?:good|valid|ok|okay|working)\b`)

// lastGoodAsked: "which deploy was the last good one on orders-api": a question of which one was
// good looks it up in the history, as a model reads it (list_deployments' "rollout history"), and
// asks no roll back (a good deploy is still one, round 70's TestR70SelectionForGood); "roll back
// to the last good one" asks, and is left alone.
var lastGoodAsked = regexp.MustCompile(`(?i)^\s*(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:was|is)\s+the\s+(?:last|latest|most\s+recent)\s+(?:good|working|healthy|successful)\s+(?:one|deploy|deployment|release|version)\b`)

// goodOut leaves out "good" (and "valid"), read by stillGood.
func goodOut(words []string) []string {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "good", "valid":
			words[i] = ""
		}
	}
	return words
}

// releasesCommand: "heroku releases:info", "releases:rollback": Heroku's releases commands act on
// its releases, which are deployments here, as a model reads them: "releases:info" shows one
// deployment, "releases:rollback" rolls one back; the command's word after the colon is kept.
func releasesCommand(words []string) {
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, nameEdges))
		if rest, ok := strings.CutPrefix(lw, "releases:"); ok && rest != "" {
			words[i] = "deployment " + rest
		}
	}
}

// otherLanguages: a request mixing another language's verbs with English ("warte bis das
// deployment fertig ist", "borra el secret SLACK_TOKEN", "crée une nouvelle app, vide, sans
// deploy") is read with those verbs in English, as a model reads them; the glossary holds the
// commonest request verbs of German, Spanish, French, Italian and Portuguese and the words that
// say how, none of them an English word.
func otherLanguages(words []string) {
	for i, w := range words {
		if en, ok := glossary[strings.ToLower(strings.Trim(w, nameEdges))]; ok {
			words[i] = en
		}
	}
}

var glossary = map[string]string{
	// delete
	"borrar": "delete", "borra": "delete", "borre": "delete", "eliminar": "delete", "elimina": "delete",
	"löschen": "delete", "lösche": "delete", "lösch": "delete", "supprimer": "delete", "supprime": "delete",
	"cancella": "delete", "cancellare": "delete", "apagar": "delete", "apague": "delete",
	// wait
	"warte": "wait", "warten": "wait", "esperar": "wait", "espera": "wait", "attendre": "wait", "attends": "wait",
	"aspetta": "wait", "aspettare": "wait", "aguarde": "wait", "aguardar": "wait",
	"fertig": "finished", "terminé": "finished", "terminado": "finished", "finito": "finished",
	// create
	"crear": "create", "crea": "create", "créer": "create", "crée": "create", "erstellen": "create", "erstelle": "create",
	"creare": "create", "criar": "create", "cria": "create",
	// show
	"zeig": "show", "zeige": "show", "zeigen": "show", "muestra": "show", "mostrar": "show", "mostra": "show",
	"afficher": "show", "affiche": "show", "montre": "show", "mostrare": "show",
	// how
	"vide": "empty", "vacía": "empty", "vacia": "empty", "vuota": "empty", "vazia": "empty",
	"sans": "without", "ohne": "without", "senza": "without",
	// make
	"fais": "make", "faire": "make", "haz": "make", "hacer": "make", "mach": "make", "mache": "make", "fai": "make", "faça": "make",
}

// platformWords: words of other platforms and CLIs for what the tools name otherwise, as a model
// reads them: Heroku's dynos are the app's running copies, its replicas ("scale orders-api to 4
// dynos", "heroku ps:scale web=4" scales them), and "regen" is short for regenerate ("keys regen
// orders-api --secondary").
func platformWords(words []string) {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "dyno", "dynos":
			words[i] = "replicas"
		case "regen":
			words[i] = "regenerate"
		case "ps:scale", "ps:restart", "ps:stop":
			// Heroku's commands on the dynos: the verb after the colon.
			words[i] = strings.TrimPrefix(strings.ToLower(strings.Trim(w, nameEdges)), "ps:")
		}
	}
}

// whenItFinished: "tell me its status and when it finished": when a thing finished, in the past
// tense, asks a time of the record, as a model reads it, not to wait until it finishes
// (wait_for_deployment's "finished"); "tell me when it's finished" and "when it finishes" wait.
// A form of "be" or "have" before the participle makes it a state still to come.
func whenItFinished(words []string) {
	for i, w := range words {
		if !strings.EqualFold(w, "when") {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+5; j++ {
			switch strings.ToLower(strings.Trim(words[j], nameEdges)) {
			case "finished", "completed", "ended":
				if !presentState[strings.ToLower(words[j-1])] {
					words[j] = ""
				}
			case "finish", "complete", "end":
				// "when did deployment 7781 finish?": the past asked by "did".
				if slices.ContainsFunc(words[i+1:j], func(w string) bool { return strings.EqualFold(w, "did") }) {
					words[j] = ""
				}
			}
			if strings.ContainsAny(words[j], ",;.!?") {
				break
			}
		}
	}
}

// keyKilled: "kill that key", "revoke the secondary key": a key killed or revoked is made invalid,
// as a model reads it (regenerate_api_key's "invalidating the old ones"), not a secret deleted.
func keyKilled(words []string) []string {
	for i, w := range words {
		switch strings.ToLower(w) {
		case "kill", "revoke", "disable":
		default:
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3; j++ {
			switch strings.ToLower(strings.Trim(words[j], nameEdges)) {
			case "key", "keys":
				return []string{"invalidate"}
			}
			if strings.ContainsAny(words[j], ",;.!?") {
				break
			}
		}
	}
	return nil
}

var presentState = map[string]bool{"it's": true, "it’s": true, "is": true, "are": true, "has": true, "have": true, "gets": true, "get": true, "be": true}
