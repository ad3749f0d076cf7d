// Package selection measures whether an agent finds the right tool first: a corpus of
// natural-language requests (corpus.txt) is ranked against every tool's text — name, title,
// description and parameter text, as tools/list shows them — by a transparent retrieval model,
// Okapi BM25, implemented here in a few dozen lines (no network, no model weights, fully
// deterministic). It stands in for the model's own choice: a request whose words do not lead to the
// intended tool here is one whose wording the descriptions do not cover.
//
// A request's names are read as names, not as words: a lower-case identifier joined by hyphens
// ("orders-api", "billing-sync", "test-old") names an app, a fork or a pod, as a model reads it, so
// "show me stderr from the orders-api runtime" does not ask for API keys (Index.IsName). Code is
// read by its words: "Get-SpiceRegion" asks for regions, "client.APIKeys.Regenerate(ctx)" for new
// API keys (splitCode), and a Get cmdlet given no name or ID for every one: its noun is singular by
// convention ("Get-SpiceRegion" lists the regions; cmdletLists); an Ansible task's "- name:", a
// cmdlet's "-Name" and a SQL column "name" are labels, not the word (labels). A request's words also say what a model reads
// into them (QueryTerms): "deploy 4412" names a deployment by its ID, STRIPE_KEY is a secret's
// name, "how often" asks for a history, and "which secrets" asks for many, as list_secrets's name
// does, and so does the first other name a list tool gives in brackets for what it lists ("which
// workspaces": orgs (workspaces); otherNames). A SQL statement asks for what its verb does ("INSERT INTO members": add one), and a
// collection's conventional plural (a SQL table, a namespace in code: "sc.Secrets.Set") asks for no
// list, nor do the collections of several list tools named together ("config, last deploys,
// secrets"; severalCollections). A phrasal verb is one verb ("set up": configure; "log in": sign
// in; "switch … to" is no "switch off"; "is X set?", "is X pinned?" and "the vars set on x" ask for
// a state, configured, as a tool's "when each was set" says one), and so is a prefixed word
// ("un-pause": unpause) and "roll out" (a rollout, no "roll back"). "Who has access" and "who else"
// ask which people, not who I am ("who is this session authenticated as?", "who am I" and "which user … is signed in as" do), "the account
// jli22" is a member's, giving someone a role grants it ("give priya the admin rights"), "what
// access does alex have?" asks of a user, "clone X" asks to make a copy and "store X" to put one,
// making X private changes it, and so does moving it to a channel, and removing a thing is what the
// tool named for it does ("remove the app", "apps rm x": delete_app; "delete the user":
// remove_member). A clause of purpose or time about a person ("so I can diff it", "before he
// approves") says why or when, not what is asked (mainClauses), and the login in "is dpatel an
// admin?" is a person's (personIs); "Spice itself" names the platform (spiceItself), and giving
// someone access invites them (givenAccess); "did anyone deploy x?" asks for the record of
// deployments (pastDeploys), and "when was it last changed?" asks when, as get_secret's "when it
// last changed" says (lastChanged). A request's "no longer" says why, not what (noLonger), and
// "clean up" removes; "which ones?" asks for many of the thing named before (ones), and a plural that says where
// a thing goes ("in the app's secrets") is a place (placesOut); what "my credentials belong to"
// is who I am (credentialsOwner); "Hey Spice, …" and "/spice" address the product, not a tool
// (addressed); "turn it off", "switch it back on" and "scale it up" are phrasal verbs whose
// particle says what they do (phrasalVerbs); "kill", "scrap", "get rid of" remove, and a password or
// token is a secret (removalVerbs); "what region is the app in?" asks for its configuration
// (valueOf), "tell me everything about it" an overview (everythingAbout), and "get it running"
// makes it run (getRunning); "every deployment" asks for many, as "deployments" does (everyOne);
// "who else can log in?" asks who has access (othersLogIn); "what branch does it deploy from?"
// asks for its configuration (valueTaken); in "remove the credential from my project" the project
// is where, not what is removed (removedFrom); "for good" is for ever (forGood), and
// "show up" is to appear (showUp). "It keeps crashing" goes on crashing (keepsDoing); "us" in lower
// case is the pronoun (usOut); "the ci-bot account" is a member's; a question's plural after
// "which" is what it asks for, though it names other collections (whichPlural); "is Spice Cloud
// down?" asks of the platform (spiceDown); "need" is a stop word; "production" is "prod"; "which
// region is x hosted in?" asks what "which region is x in?" does (hostedIn); "how many … can we
// have?" asks for a limit (howManyCan); "fresh" is "new"; "going on" is one verb (goingOn); and
// "1.4.2" is one version (versionNumber); a runbook's "Step 3:" is a label (labels).
package selection

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/mark3labs/mcp-go/mcp"
)

// BM25's usual parameters.
const (
	k1 = 1.2
	b  = 0.75
)

// Doc is one tool's searchable text.
type Doc struct {
	Name  string
	Terms []string
	// Text is the text Terms came from (see Docs); its hyphenated words stay words in requests.
	Text string
}

// Docs are the tools' documents.
func Docs(listed []mcp.Tool) []Doc {
	docs := make([]Doc, len(listed))
	for i, t := range listed {
		text := ToolText(t)
		// Read as a request is ("when each was set": a state, see isSet).
		words := strings.Fields(text)
		isSet(words)
		lastChanged(words)
		phrasalVerbs(words, false)
		goingOn(words)
		docs[i] = Doc{Name: t.Name, Terms: Terms(strings.Join(words, " ")), Text: text}
		// A list tool's name, and its title (the name in words: "List organizations"), is
		// plural, as a request for many is ("which secrets …", "which organizations …").
		if strings.HasPrefix(t.Name, "list_") {
			names := plurals(strings.ReplaceAll(t.Name, "_", " ") + " " + t.Title + " " + otherNames(t.Description))
			docs[i].Terms = append(docs[i].Terms, slices.Compact(slices.Sorted(slices.Values(names)))...)
		}
	}
	return docs
}

// otherNames are the first words a list tool's description gives, in brackets, for a plural it
// lists ("forks (copies, clones)", "orgs (workspaces)"): another name of what it lists, plural as
// the name is, as a model reads them.
func otherNames(description string) string {
	var out []string
	for _, m := range pluralThenBrackets.FindAllStringSubmatch(description, -1) {
		if len(plurals(m[1])) > 0 {
			first, _, _ := strings.Cut(strings.ReplaceAll(m[2], ";", ","), ",")
			out = append(out, first)
		}
	}
	return strings.Join(out, " ")
}

// pluralThenBrackets: a word and the brackets just after it.
var pluralThenBrackets = regexp.MustCompile(`(\w+) \(([^)]*)\)`)

// ToolText is what a client shows a model of a tool: name, title, description, and each
// parameter's name, description and allowed values.
func ToolText(t mcp.Tool) string {
	parts := []string{strings.ReplaceAll(t.Name, "_", " "), t.Title, t.Description}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	raw := t.RawInputSchema
	if len(raw) == 0 {
		raw, _ = json.Marshal(t.InputSchema)
	}
	_ = json.Unmarshal(raw, &schema)
	for _, name := range slices.Sorted(maps.Keys(schema.Properties)) {
		parts = append(parts, strings.ReplaceAll(name, "_", " "))
		parts = append(parts, paramText(schema.Properties[name])...)
	}
	return strings.Join(parts, " ")
}

// paramText collects a parameter's description and enum values (also of array items).
func paramText(raw json.RawMessage) []string {
	var p struct {
		Description string          `json:"description"`
		Enum        []any           `json:"enum"`
		Items       json.RawMessage `json:"items"`
	}
	_ = json.Unmarshal(raw, &p)
	out := []string{p.Description}
	for _, v := range p.Enum {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	if len(p.Items) > 0 {
		out = append(out, paramText(p.Items)...)
	}
	return out
}

// stopWords carry no meaning for choosing a tool: NLTK's English stop-word list but for "who",
// which asks for people ("who is in our workspace?") as the descriptions do ("who owns the org",
// "who triggered it", "Who am I"), and "up" and "down", which ask whether something runs ("is
// orders-api up?", "is spice down?") and make one verb of another ("spin up", "tear down",
// "scale down", "lock down"), as a model reads them; "need" and "needs" are stop words too.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you you're you've you'll you'd your yours
		yourself yourselves he him his himself she she's her hers herself it it's its itself they them their theirs
		themselves what which whom this that that'll these those am is are was were be been being have has had
		having do does did doing a an the and but if or because as until while of at by for with about against
		between into through during before after above below to from in out on off over under again further
		then once here there when where why how all any both each few more most other some such no nor not only own
		same so than too very s t can will just don don't should should've now d ll m o re ve y ain aren aren't
		couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't
		mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't`) {
		stopWords[w] = true
	}
	// Wanting is no tool's business: "I need the API key", "the feature needs 1.4" (needs).
	stopWords["need"], stopWords["needs"] = true, true
}

// shellWords are the shell's abbreviations, read as the words they stand for, as a model reads
// "apps ls", "members rm jdoe" or "ps geo-search" (the processes running).
var shellWords = map[string]string{"ls": "list", "rm": "remove", "ps": "processes"}

// readWords are verbs read as the plainer verb a model takes them for: exporting data reads it
// out, shows it ("export the members", "Export-SpiceAuditLog"); raising a count increases it
// ("raise feature-store to 4 replicas"); a fresh deployment or app is a new one ("trigger a fresh
// deployment"); "kept" is the past of "keep" ("keep its config", pause_app's "are kept").
var readWords = map[string]string{"export": "show", "raise": "increase", "raises": "increase", "raised": "increase", "raising": "increase", "fresh": "new", "kept": "keep"}

// Terms splits text into lower-case words (letters and digits), drops stop words and reduces
// each word to a crude stem, so "deployments", "deployed" and "deploy" meet. Code is read by its
// words (see splitCode).
func Terms(text string) []string {
	lower := logIn.ReplaceAllString(strings.ToLower(splitCode(text)), "login")
	lower = prefixed.ReplaceAllString(lower, "$1$2")
	lower = rollOut.ReplaceAllString(lower, "rollout")
	lower = showUp.ReplaceAllString(lower, "appear")
	words := strings.FieldsFunc(lower, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	out := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.Trim(w, "'")
		w = strings.TrimSuffix(w, "'s")
		if long, ok := shellWords[w]; ok {
			w = long
		}
		if plain, ok := readWords[w]; ok {
			w = plain
		}
		if w == "" || stopWords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// prefixed is a word made with an English prefix and written with a hyphen ("un-pause",
// "re-deploy"): one word, as its unhyphenated spelling ("unpause", "redeploy").
var prefixed = regexp.MustCompile(`\b(un|re|non|auto|self|co|pre|multi|sub)-([a-z])`)

// rollOut is the phrasal verb "roll out" ("rolled out", "rolls out"): to release, a rollout, one
// word, as a model reads it, not "roll" as in "roll back".
var rollOut = regexp.MustCompile(`\broll(s|ed|ing)? out\b`)

// showUp is the phrasal verb "show up" ("the new fields show up", "it showed up in a log"): to
// appear, one verb, as a model reads it, not a request to show something.
var showUp = regexp.MustCompile(`\b(show|shows|showed|shown|showing) up\b`)

// noLonger is a request's "no longer" ("any longer"): not now, as "anymore" is, a word of time that
// says why a thing goes, not which tool is asked for, as a model reads it ("delete an app I no
// longer use" is not about delete_secret's "a stale credential no longer used"); not "longer" as
// in a longer tail.
var noLonger = regexp.MustCompile(`(?i)\b(no|any) longer\b`)

// forGood is the idiom "for good": for ever, as a model reads it ("delete it for good"), an
// adverb of how long, not the "good" of a good deployment (rollback_deployment's "previous good
// deployment").
var forGood = regexp.MustCompile(`(?i)\bfor good\b`)

// logIn is the phrasal verb "log in" ("logged in", "log into"): to sign in, one verb,
// as a model reads it, not a log's lines.
var logIn = regexp.MustCompile(`\blog(ged|ging)? (in|into)\b`)

// splitCode splits the CamelCase of code into its words, as a model reads it: a PowerShell cmdlet
// ("Get-SpiceRegion": get, region), a method call ("client.APIKeys.Regenerate(ctx)") or a
// camelCase variable ("prevDeploymentID"). A cmdlet's noun begins with its module's prefix
// (Get-AzVM, Get-ADUser): "Spice" names the product every tool serves, not one of them, so it is
// left out there. A command-line flag ("-WhatIf", "--dry-run") stays one word: it names a switch,
// not its parts' meaning. A capitalised word alone ("GitHub", "OpenAI", "CrashLoopBackOff") is a
// name, read whole.
func splitCode(text string) string {
	fields := strings.Fields(text)
	for i, f := range fields {
		if isCode(f) {
			fields[i] = strings.Replace(splitCamel(f), "-Spice ", "-", 1)
			// PowerShell's verb Test "verifies the operation or consistency of a resource": a check.
			if rest, ok := strings.CutPrefix(fields[i], "Test-"); ok {
				fields[i] = "Check-" + rest
			}
		}
	}
	return strings.Join(fields, " ")
}

// isCode: a run of non-space characters that is not a flag and is a cmdlet (a hyphen before a
// capital), a call or member access (a dot, a bracket or a brace between letters), or begins
// lower case with a capital inside.
func isCode(word string) bool {
	word = strings.Trim(word, nameEdges)
	if word == "" || word[0] == '-' {
		return false
	}
	if strings.IndexFunc(word, unicode.IsUpper) < 0 {
		return false
	}
	for i := 1; i < len(word); i++ {
		switch c := word[i]; {
		case c == '-' && i+1 < len(word) && 'A' <= word[i+1] && word[i+1] <= 'Z':
			return true
		case strings.IndexByte(".({[", c) >= 0 && i+1 < len(word) && unicode.IsLetter(rune(word[i+1])):
			return true
		}
	}
	r := []rune(word)
	return unicode.IsLower(r[0]) && slices.ContainsFunc(r, unicode.IsUpper)
}

// splitCamel puts a space where a word of CamelCase begins: a capital after a lower-case letter
// or digit ("SpiceRegion"), or the last capital of an acronym before two lower-case letters
// ("APIKeys"; "URLs" and "IDs" are plurals).
func splitCamel(word string) string {
	r := []rune(word)
	var out []rune
	for i, c := range r {
		if i > 0 && unicode.IsUpper(c) {
			prev := r[i-1]
			lowerAfter := i+2 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsLower(r[i+2])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && lowerAfter) {
				out = append(out, ' ')
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// stem strips common English suffixes; it needs to be consistent, not linguistically exact.
func stem(w string) string {
	if w == "production" {
		// The live environment ("the production branch"), not a product ("the product catalogue").
		return "prod"
	}
	cut := func(suffix string, keep int) bool {
		if strings.HasSuffix(w, suffix) && len(w)-len(suffix) >= keep {
			w = strings.TrimSuffix(w, suffix)
			return true
		}
		return false
	}
	switch {
	case cut("ies", 2):
		w += "y"
	case cut("ments", 4), cut("ment", 4), cut("ions", 3), cut("ion", 3):
	case cut("ing", 3), cut("ed", 3):
		// running → run, logged → log; a three-letter word keeps its double letter (added → add).
		if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
			w = w[:n-1]
		}
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
	case cut("s", 3):
	}
	if len(w) > 3 {
		w = strings.TrimSuffix(w, "e") // create, created, creating → creat
	}
	if len(w) >= 7 {
		w = strings.TrimSuffix(w, "at") // configuration, configure → configur
	}
	// A noun in -ary and its verb in -arize or -arise meet, as a model reads them (summary,
	// summaries, summarize, summarised → summar).
	for _, end := range []string{"ariz", "aris", "ary"} {
		if len(w) >= 7 && strings.HasSuffix(w, end) {
			w = w[:len(w)-len(end)+2]
			break
		}
	}
	return w
}

// QueryTerms are a request's distinct terms, its names left out (see IsName), with the words a
// model reads into it: a number after a word the tools write is that thing's ID ("deploy 4412",
// "app 101"; not "Ticket #4411", a ticket no tool knows); a name in capitals joined by
// underscores (STRIPE_KEY, OPENAI_API_KEY) is an environment variable's, a secret's; "how many
// times" and "how often" ask for the record of what happened, a history; and a plural noun asks
// for many ("which secrets", "show me my apps"), as a list tool's name does (plurals); "who has",
// "who else" ask for people (whoOthers); an account named by a login ("the account ci-legacy")
// is a member's; and a removal verb with what it removes adds the verb of the tool named for
// that thing (removalVerbs).
func (ix *Index) QueryTerms(query string) []string {
	query = noMoreUse(actionOf(telegram(query)))
	fields := searchPrefix(mainClauses(strings.Fields(forGood.ReplaceAllString(noLonger.ReplaceAllString(query, ""), ""))))
	kept := make([]string, 0, len(fields)+2)
	var standsFor []string
	memberAccount := -1
	for i, f := range fields {
		if labels(fields, i) || addressed(fields, i) || i == memberAccount {
			continue
		}
		if strings.EqualFold(strings.Trim(f, nameEdges), "ones") {
			if many := ix.ones(fields[:i]); many != "" {
				standsFor = append(standsFor, many)
				continue
			}
		}
		if versionNumber.MatchString(f) {
			// "1.4.2", "v0.19": a version, one thing, not three numbers.
			kept = append(kept, "version")
		} else if !ix.IsName(f) {
			kept = append(kept, f)
		}
		if envVarName(strings.Trim(f, nameEdges)) {
			kept = append(kept, "secret")
		}
		if i > 0 && numberID(f) && ix.writes(fields[i-1]) {
			kept = append(kept, "id")
		}
		if ix.personHas(fields, i) || ix.personIs(fields, i) {
			kept = append(kept, "user", "someone")
		}
		if i > 0 && strings.EqualFold(fields[i-1], "account") && ix.username(f) {
			// "the account ci-legacy", "the student account jli22": a person's, a member, and
			// that "account" is not whoami's.
			kept = append(kept, "member")
			if k := len(kept) - 2; k >= 0 && kept[k] == fields[i-1] {
				kept[k] = ""
			}
		}
		if i+1 < len(fields) && strings.EqualFold(strings.Trim(fields[i+1], nameEdges), "account") && ix.username(f) {
			// "the customs-bot account": a member's account, named by its login, not the one
			// the server runs as (whoami's "Account"): the member is asked about.
			kept = append(kept, "member")
			memberAccount = i + 1
		}
	}
	if q := strings.ToLower(query); strings.Contains(q, "how many times") || strings.Contains(q, "how often") {
		kept = append(kept, "history")
	}
	if howManyCan.MatchString(query) {
		// "how many members can we have?": the most allowed, a limit.
		kept = append(kept, "limits")
	}
	if spiceItself.MatchString(query) || spiceDown.MatchString(query) {
		kept = append(kept, "platform")
	}
	switch {
	case whoAs.MatchString(query), credentialsOwner.MatchString(query):
		// "who is this session authenticated as?": who I am.
		kept = append(kept, "whoami")
		whoAsUser(kept)
	case whoOthers.MatchString(query):
		// "who has access", "who else can log in": which people, not who I am.
		kept = append(kept, "people")
		othersLogIn(kept)
	}
	if value, setting := ix.valueOf(query); value {
		// "what region is the sales app in?": the value one thing is set to, its configuration
		// and settings (round 73: the settings, get_app's "configuration and settings").
		kept = append(kept, "configuration")
		if setting {
			kept = append(kept, "settings")
		}
		hostedIn(kept)
		valueChoicesOut(query, kept)
	}
	if howManyAndWhatAsked(query) {
		kept = append(kept, "configuration", "settings")
	}
	if notMemberYet.MatchString(query) {
		kept = append(kept, "invite")
	}
	if toCount.MatchString(query) {
		kept = append(kept, "change")
	}
	if canHostIn.MatchString(query) {
		kept = append(kept, "location")
	}
	if toldWhenWait(query) {
		kept = append(kept, "wait")
	}
	if everythingAbout.MatchString(query) {
		kept = append(kept, "overview")
		if m := summaryColon.FindStringSubmatch(query); m != nil && strings.EqualFold(m[1], "everything") {
			// "everything about x: its …": the full picture of one thing, its parts listed.
			kept = append(kept, "picture")
		}
	}
	kept = ix.readApart72(query, fields, kept)
	kept = ix.read74(query, fields, kept)
	kept = ix.read75(query, fields, kept)
	getRunning(kept)
	goingOn(kept)
	keepsDoing(kept)
	copiesRunning(kept)
	blankApp(kept)
	onePronoun(kept)
	lookUp(kept)
	pickedUpFix(kept)
	pickUp(kept)
	nightlyRun(kept)
	shipNoun(kept)
	regionTo(kept)
	kept = connectedAskedOut(query, kept)
	doneForOut(query, kept)
	madeAskedOut(query, kept)
	moreThanOne(kept)
	if pausedAsked.MatchString(query) {
		kept = append(kept, "whether")
	}
	putOnline(kept)
	usOut(kept)
	comesFrom(kept)
	accountRemovedFrom(kept)
	pausedState(kept)
	switchTo(kept)
	phrasalVerbs(kept, true)
	isSet(kept)
	savedState(kept)
	lastChanged(kept)
	wasAdded(kept)
	kept = append(kept, givenRoles(kept)...)
	kept = append(kept, givenAccess(fields)...)
	kept = append(kept, pastDeploys(fields)...)
	kept = append(kept, verbsInPlace(fields)...)
	kept = append(kept, madeVisible(fields)...)
	kept = append(kept, keyExposed(fields)...)
	kept = append(kept, movedToChannel(fields)...)
	removedFrom(kept)
	kept = append(kept, removalVerbs(kept)...)
	kept = append(kept, sqlWords(query)...)
	setUp(kept)
	text := strings.Join(kept, " ")
	terms := append(Terms(text), plurals(placesOut(collectionsOut(text)))...)
	if len(fields) > 0 && sqlVerbs[fields[0]] && slices.ContainsFunc(fields, func(f string) bool { return sqlColumn(f) == "name" }) {
		// A SQL statement's column ("WHERE name = 'x'", "s.name", "(name)") is a label (labels),
		// though it still says one row is meant (sqlOneRow).
		terms = slices.DeleteFunc(terms, func(t string) bool { return t == "nam" })
	}
	terms = append(terms, everyOne(kept)...)
	terms = ix.severalCollections(append(append(terms, cmdletLists(fields)...), standsFor...), whichPlural(fields))
	return slices.Compact(slices.Sorted(slices.Values(terms)))
}

// ones: "ones" ("which ones?", "the ones I belong to") stands for the nearest thing named before
// it that a list tool lists (the nearest named in the plural, if any), many of them, as a model
// reads "am I part of more than one organization? Which ones?": the plural mark of that thing (see
// plurals), not the "one" of describe_app's "in one go".
func (ix *Index) ones(before []string) string {
	// A plural first ("the secrets an app has … which ones"), as "ones" is one.
	for _, plural := range []bool{true, false} {
		for j := len(before) - 1; j >= 0; j-- {
			if plural && len(plurals(before[j])) == 0 {
				continue
			}
			for _, w := range Terms(before[j]) {
				if term := "pl:" + w; ix.df[term] > 0 {
					return term
				}
			}
		}
	}
	return ""
}

// placesOut leaves out the plurals that say where a thing goes ("save this password in the app's
// secrets", "add it to our secrets"): a place, not a request for many, as a model reads it.
func placesOut(text string) string {
	fields := strings.Fields(text)
	for i, f := range fields {
		if !placePrepositions[strings.ToLower(f)] {
			continue
		}
		for j := i + 1; j < len(fields) && j <= i+3; j++ {
			w := strings.ToLower(strings.Trim(fields[j], nameEdges))
			if determiners[w] || strings.HasSuffix(w, "'s") {
				continue
			}
			fields[j] = ""
			break
		}
	}
	return strings.Join(fields, " ")
}

// placePrepositions begin a place.
var placePrepositions = map[string]bool{"in": true, "into": true, "to": true}

// addressed: "Spice" as the one spoken to ("Hey Spice, …", "Alexa, ask Spice Cloud …") or a slash
// command's name ("/spice deploy checkout") says who is asked, not what, as a model reads it.
func addressed(fields []string, i int) bool {
	w := strings.ToLower(fields[i])
	if w == "/spice" {
		return true
	}
	if strings.Trim(w, nameEdges) != "spice" || i == 0 {
		return false
	}
	prev := strings.ToLower(strings.Trim(fields[i-1], nameEdges))
	return prev == "hey" || prev == "ask"
}

// cmdletLists: a PowerShell cmdlet's noun is singular by convention, and a Get cmdlet given no
// identity (-Name, -Id, -Username or a positional argument) returns every object, as a model
// reads "Get-SpiceRegion" or "Get-SpiceSecret -App x": a request for many, the plural mark of
// the noun's last word (see plurals), as "Get-Process" lists every process.
func cmdletLists(fields []string) []string {
	var out []string
	for i, f := range fields {
		noun, ok := strings.CutPrefix(strings.Trim(f, nameEdges), "Get-")
		if !ok || !isCode(f) {
			continue
		}
		one := false
		for j := i + 1; j < len(fields) && !one && fields[j] != "|" && fields[j] != ";"; j++ {
			param, isParam := strings.CutPrefix(fields[j], "-")
			one = !isParam || identityParams[strings.ToLower(param)]
			if isParam {
				j++ // its value
			}
		}
		if words := strings.Fields(splitCamel(noun)); !one && len(words) > 0 {
			out = append(out, "pl:"+stem(strings.ToLower(words[len(words)-1])))
		}
	}
	return out
}

// labels: the key of an Ansible task's title ("- name: ensure …"), a cmdlet's identity
// parameter ("Remove-SpiceApp -Name ps-sandbox") and a SQL column ("WHERE name = 'x'") are syntax, labels of what follows, not a
// request's word "name", as a model reads them (delete_secret's parameter "name" is a secret's).
func labels(fields []string, i int) bool {
	f := fields[i]
	if i == 1 && fields[0] == "-" && f == "name:" {
		return true
	}
	if i <= 1 && len(fields) > 1 && strings.EqualFold(fields[0], "step") && stepNumber.MatchString(fields[1]) {
		// A runbook's "Step 3:" numbers a step, as "- name:" names a task.
		return true
	}
	param, ok := strings.CutPrefix(f, "-")
	return ok && identityParams[strings.ToLower(param)] && slices.ContainsFunc(fields[:i], func(w string) bool {
		return isCode(w) && strings.Contains(w, "-")
	})
}

// stepNumber is a step's number and its colon or full stop ("3:", "0.").
var stepNumber = regexp.MustCompile(`^\d+[:.)]$`)

// sqlVerbs begin the SQL statements sqlWords reads.
var sqlVerbs = map[string]bool{"INSERT": true, "DELETE": true, "UPDATE": true, "SELECT": true}

// sqlColumn is a word of a SQL statement as a column: without its table ("s.name"), brackets,
// commas or a condition ("name='x'").
func sqlColumn(f string) string {
	f, _, _ = strings.Cut(f, "=")
	f = strings.Trim(f, nameEdges)
	return f[strings.LastIndexByte(f, '.')+1:]
}

// identityParams are the parameters that name the one object a Get cmdlet returns.
var identityParams = map[string]bool{"name": true, "id": true, "identity": true, "username": true}

// collectionsOut leaves out the words that name a collection by convention, not a request for
// many, as a model reads them: a namespace in code ("sc.Secrets.Set(…)" sets one secret; the
// method, after the last dot, is what is asked, and only a List method asks for many), and a SQL table that one row is taken from
// (see sqlOneRow).
func collectionsOut(text string) string {
	fields := strings.Fields(text)
	one := sqlOneRow(text)
	for i, f := range fields {
		if k := lastMemberDot(f); k >= 0 && !strings.HasPrefix(strings.ToLower(f[k+1:]), "list") {
			fields[i] = f[k+1:]
		}
		if one && i > 0 && sqlTableBefore[fields[i-1]] {
			fields[i] = ""
		}
	}
	return strings.Join(fields, " ")
}

// lastMemberDot is the index of the last dot between two letters in a word ("spice.apps.get"),
// or -1.
func lastMemberDot(word string) int {
	for k := len(word) - 2; k > 0; k-- {
		if word[k] == '.' && unicode.IsLetter(rune(word[k-1])) && unicode.IsLetter(rune(word[k+1])) {
			return k
		}
	}
	return -1
}

// sqlTableBefore are the SQL keywords a table's name follows, as SQL writes them (capitals).
var sqlTableBefore = map[string]bool{"FROM": true, "INTO": true, "UPDATE": true, "JOIN": true}

// sqlOneRow: the text is a SQL statement about one row, as a model reads it: an INSERT adds one,
// and a SELECT, UPDATE or DELETE whose WHERE names a row's key (name, username, id) takes one.
// Its table's name is plural by convention ("FROM secrets"), not a request for many.
func sqlOneRow(text string) bool {
	verb, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	switch verb {
	case "INSERT":
		return true
	case "SELECT", "UPDATE", "DELETE":
		_, where, ok := strings.Cut(rest, "WHERE ")
		return ok && sqlKeyEquals.MatchString(where)
	}
	return false
}

// sqlWords are the operations a SQL statement asks for, in the tools' words, as a model reads
// it: INSERT adds or creates a row, DELETE removes one, UPDATE changes one, a SELECT of one row
// gets it (of many, lists them), and CURRENT_USER is who the session is (whoami).
func sqlWords(text string) []string {
	verb, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	var out []string
	switch verb {
	case "INSERT":
		out = []string{"add", "create"}
	case "DELETE":
		out = []string{"remove"}
	case "UPDATE":
		out = []string{"change"}
	case "SELECT":
		if sqlOneRow(text) {
			out = []string{"get"}
		} else {
			out = []string{"list"}
		}
	default:
		return nil
	}
	if strings.Contains(strings.ToUpper(text), "CURRENT_USER") {
		out = append(out, "whoami")
	}
	return out
}

// sqlKeyEquals matches a condition on a row's key ("name = 'x'", "a.id=7").
var sqlKeyEquals = regexp.MustCompile(`(^|[\s.(])(name|username|id)\s*=`)

// whoOthers: "who" asking which people are, have or can something ("who is in", "who has
// access", "who else", "who all"), as a model reads it, not "who am I".
var whoOthers = regexp.MustCompile(`(?i)\bwho\s+(else|all|can|has|have|is|are|on|in|owns)\b`)

// othersLogIn reads the logging in of a question about which people ("who else can log into our
// account?", "who all can sign in?") as what they have, access, as a model reads it: others' login,
// not the one the server is logged in as (whoami).
func othersLogIn(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		if signing[strings.ToLower(w)] && signedInto[strings.ToLower(strings.Trim(words[i+1], nameEdges))] {
			words[i], words[i+1] = "access", ""
		}
	}
}

// signing are the forms of "log" and "sign" that "in" makes a login; signedInto what follows them.
var (
	signing    = map[string]bool{"log": true, "logs": true, "logged": true, "sign": true, "signs": true, "signed": true}
	signedInto = map[string]bool{"in": true, "into": true, "on": true}
)

// whoAs: "who is … as" asks whose identity something acts under ("who is this session
// authenticated as?", "who is the agent running as"), and so do "who am I" and "which user … is
// signed in as" ("which user and org its token acts as"), as a model reads them: who I am
// (whoami), not which people nor whom to add.
var whoAs = regexp.MustCompile(`(?i)\bwho\s+am\s+i\b|(\bwho\s+(is|are)\b|\bwhich\b[^?.!;,]*\b(signed\s+in|logged\s+in|authenticated|acts?|acting|runs?|running))[^?.!;,]*\bas(\s+(right\s+)?(now|here|exactly|today))?\s*($|[?.!;,])`)

// credentialsOwner: what the credentials in use belong to ("which organization your API token
// belongs to", "which user my credentials belong to") is who I am (whoami), as a model reads it,
// not the organizations I belong to.
var credentialsOwner = regexp.MustCompile(`(?i)\b(my|your|its|this|the)\s+(api\s+)?(token|credentials|creds|key)\s+belongs?\s+to\b`)

// removalVerbs: removing a thing is what the tool named for that thing does, as a model reads
// "remove the app" (delete_app) or "delete the user" (remove_member): a removal verb with the
// thing it removes, just before or within the four words after it (an adjective or two may come
// between: "wipe the stored database password"), adds that tool's verb. A removal verb is any a
// model knows for it ("kill", "scrap", "wipe", "get rid of", …), and a password, credential or token
// is a secret.
func removalVerbs(words []string) []string {
	var out []string
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.Trim(strings.ToLower(splitCode(w)), nameEdges)
	}
	lower = strings.Fields(strings.ReplaceAll(strings.Join(lower, " "), "-", " "))
	for i, w := range lower {
		// "clean up" and "get rid of" are removal verbs too ("clean up secrets we no longer use"),
		// ending at "up" or "of".
		end := i
		if (w == "clean" && i+1 < len(lower) && lower[i+1] == "up") || (w == "rid" && i+1 < len(lower) && lower[i+1] == "of") {
			end = i + 1
		} else if !removing[w] {
			continue
		}
		for j := max(0, i-1); j <= min(len(lower)-1, end+4); j++ {
			if verb, ok := removedBy[lower[j]]; ok && j != i {
				out = append(out, verb)
				break
			}
		}
	}
	return out
}

// removedFrom: in "remove the old AWS credential from my project" the thing after "from" is where
// the removed thing was, not what is removed, as a model reads it: the credential goes, the
// project stays. That thing's word is left out when a tool removes it (removedBy), so it adds no
// verb and no word of its own.
func removedFrom(words []string) {
	for i, w := range words {
		if !removing[strings.Trim(strings.ToLower(w), nameEdges)] {
			continue
		}
		for j := i + 2; j < len(words) && j <= i+6; j++ {
			if strings.ContainsAny(words[j-1], ",;:.!?") {
				break
			}
			if strings.ToLower(words[j]) != "from" {
				continue
			}
			k := j + 1
			for k < len(words) && determiners[strings.ToLower(words[k])] {
				k++
			}
			if k < len(words) && removedBy[strings.Trim(strings.ToLower(words[k]), nameEdges)] != "" {
				words[k] = ""
			}
			break
		}
	}
}

// removing are the verbs that remove a thing ("rm" as the shell writes it).
var removing = map[string]bool{
	"remove": true, "rm": true, "delete": true, "drop": true, "kill": true, "scrap": true, "wipe": true,
	"erase": true, "nuke": true, "destroy": true, "purge": true, "ditch": true, "trash": true,
}

// removedBy is, for each thing a tool removes, the verb of that tool's name (delete_app,
// delete_secret, remove_member).
var removedBy = map[string]string{
	"app": "delete", "apps": "delete", "project": "delete", "projects": "delete", "application": "delete",
	"secret": "delete", "secrets": "delete", "password": "delete", "passwords": "delete", "credential": "delete",
	"credentials": "delete", "creds": "delete", "token": "delete", "tokens": "delete",
	"member": "remove", "members": "remove", "user": "remove", "users": "remove",
}

// setUp reads the phrasal verb "set up" ("set it up") as the one verb it is, to configure, as a
// model reads it: not "set" (a value given) and "up" (something running).
func setUp(words []string) {
	for i, w := range words {
		if strings.Trim(strings.ToLower(w), nameEdges) != "up" {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			verb := strings.ToLower(words[j])
			if verb == "set" {
				words[j], words[i] = "configure", ""
				break
			}
			if !setUpObjects[verb] {
				break
			}
		}
	}
}

// phrasalVerbs reads the phrasal verbs whose particle carries the meaning, in a request as in a
// tool's text, as a model reads them: "turn the app off" (and "switch …", "shut …", "power …"
// off) is one verb, to switch off, and "turn it back on" the other, to switch on, where "off" and
// "on" alone are stop words and "turn" alone names neither; "get rid of" is to remove, not get
// (show) anything; and "scale x up", "bump it up" raise a number, the "up" of the verb, not a
// thing that is up (running); "take her out of the org", "take dpatel off" remove. A particle is
// looked for in the verb's clause, four words on.
func phrasalVerbs(words []string, request bool) {
	lower := func(i int) string { return strings.Trim(strings.ToLower(words[i]), nameEdges) }
	for i := range words {
		switch w := lower(i); {
		case takeForms[w]:
			for j := i + 1; j < len(words) && j <= i+4 && !strings.ContainsAny(words[j-1], ",;:.!?"); j++ {
				if p := lower(j); p == "off" || p == "out" && j+1 < len(words) && lower(j+1) == "of" {
					words[i] = "remove"
					break
				}
			}
		case onOffVerbs[stem(w)], request && upVerbs[stem(w)]:
			for j := i + 1; j < len(words) && j <= i+5; j++ {
				p := lower(j)
				if upVerbs[stem(w)] && p == "up" {
					words[j] = "increase"
					break
				}
				if onOffVerbs[stem(w)] && (p == "off" || p == "on") {
					words[j] = "switch" + p
					break
				}
				if strings.ContainsAny(words[j], ",;:.!?") {
					break
				}
			}
		}
	}
}

// everythingAbout asks to be told all there is of one thing ("tell me everything about app 102",
// "give me everything in one go", "its deployments, its secrets, everything you have"): an
// overview, as a model reads it, not to keep everything (pause) or that everything broke.
var everythingAbout = regexp.MustCompile(`(?i)\b(give|tell|show|send)\s+(me|us)\s+everything\b|\beverything\s+(about|you\s+(have|know|got))\b|,\s*everything\s*[.?!]?\s*$`)

// valueOf is a question of which one value a thing is on, in, running or set to ("what region is
// the sales app in?", "which runtime are we on?", "which update channel is analytics-app
// following?"): it asks for that thing's configuration, as a model reads it, not for the list of
// regions or runtimes there are; a plural ("which regions are we in?") still asks for many. Two
// values asked together ("what runtime version and how many replicas is x on?", "what channel and
// image tag is x configured with?") are one app's values too.
var valueOf = regexp.MustCompile(`(?i)\b(what|which)\s+((?:[\w-]+\s+){1,3}?(?:and\s+(?:how\s+many\s+)?(?:[\w-]+\s+){1,3}?)?)(is|are)\s+(?:[\w'-]+\s+){1,4}?(on|in|running|following|using|set\s+to|pinned\s+to|configured\s+with)(?:\s+(?:right\s+now|now|currently|at\s+the\s+moment|today|these\s+days))?\s*(\?|,|$)`)

// valueOf: the request asks what one thing is on, in or set to (valueOf), or what it takes in
// (valueTaken), and no list tool lists what it asks for in the plural ("which regions are we in?"
// still asks for many; "which datasets does the app load?" asks for its configuration: no tool
// lists datasets).
func (ix *Index) valueOf(query string) (ok, setting bool) {
	for _, re := range []*regexp.Regexp{valueOf, valueTaken} {
		if m := re.FindStringSubmatch(query); m != nil && !slices.ContainsFunc(plurals(m[2]), func(pl string) bool { return ix.df[pl] > 0 }) {
			subject := strings.Fields(strings.ToLower(m[2]))
			if slices.ContainsFunc(subject, func(w string) bool { return notSettings[w] }) {
				return false, false
			}
			// The credentials an app uses are configured for it, but are its secrets, no setting.
			return true, !slices.ContainsFunc(subject, func(w string) bool { return credentialWords[w] || w == "creds" })
		}
	}
	return false, false
}

// hostedIn: in a question of which place one thing is in ("which region is the app hosted in?"),
// "hosted", "located" or "based" before "in" says no more than "in", as a model reads it: being
// there, not list_apps' "runs or hosts" nor list_regions' "can be hosted".
func hostedIn(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		switch strings.ToLower(w) {
		case "hosted", "located", "based":
			if strings.EqualFold(strings.Trim(words[i+1], nameEdges), "in") {
				words[i] = ""
			}
		}
	}
}

// notSettings are what a value question may ask that is no setting of an app: its state or status
// (get_deployment's, list_instances'), and the account or user something runs as (whoami's).
var notSettings = map[string]bool{"state": true, "status": true, "account": true, "user": true}

// valueTaken is a question of what one thing takes in, uses or deploys from ("which datasets does
// the orders app pull from?", "what branch does docs-search deploy from?", "which model does the
// bot use?"): it asks for that thing's configuration, as a model reads it, not to deploy or to
// change it. "What secrets does x have?" is no such question: having asks for what there is.
var valueTaken = regexp.MustCompile(`(?i)\b(what|which)\s+((?:[\w-]+\s+){1,3}?)(does|do)\s+(?:[\w'-]+\s+){1,4}?(use|load|pull|pull\s+from|read|read\s+from|deploy\s+from|follow|point\s+(at|to))\s*(\?|$)`)

// getRunning reads "get it running", "get the app live" as the causative it is, to make it run,
// as a model reads it, not the "get" of a tool that shows something (get_app, get_secret): that
// "get" is left out, and what it is made to be says what is asked.
func getRunning(words []string) {
	for i, w := range words {
		if strings.ToLower(strings.Trim(w, nameEdges)) != "get" || strings.ContainsAny(w, ",;:.!?") {
			continue
		}
		for j := i + 2; j < len(words) && j <= i+3 && !strings.ContainsAny(words[j-1], ",;:.!?"); j++ {
			if madeTo[strings.ToLower(strings.Trim(words[j], nameEdges))] {
				words[i] = ""
				break
			}
		}
	}
}

// goingOn reads "going on" as the one phrasal verb it is, in a request as in a tool's text
// (describe_app's "what's going on"), as a model reads it: one word, not the "going" of "the apps
// we have going" or "is the deploy still going?", which run.
func goingOn(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		if strings.ToLower(strings.Trim(w, nameEdges)) == "going" && strings.ToLower(strings.Trim(words[i+1], nameEdges)) == "on" && !strings.ContainsAny(w, ",;:.!?") {
			words[i] = "goingon"
		}
	}
}

// versionNumber is a version written with dots ("1.4.2", "v0.19,"), as a model reads it: one
// version, not its numbers.
var versionNumber = regexp.MustCompile(`^["'(]?[vV]?\d+(\.\d+)+[)"',;:.!?]*$`)

// keepsDoing reads "keep" before a verb in -ing ("it keeps crashing", "kept timing out") as the
// aspect it is, to go on doing, as a model reads it, not wait_for_deployment's "keep an eye on":
// that "keep" is left out, and what goes on says what is asked. "Keep everything" keeps a thing.
func keepsDoing(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "keep", "keeps", "kept", "keeping":
			if next := strings.ToLower(strings.Trim(words[i+1], nameEdges)); len(next) > 4 && strings.HasSuffix(next, "ing") && !strings.HasSuffix(next, "thing") && !strings.ContainsAny(w, ",;:.!?") {
				words[i] = ""
			}
		}
	}
}

// usOut leaves out "us" in lower case, the pronoun ("gave us a token", "tell us"), which a model
// does not read as the region codes' "us" (us-east-1); "the US" in capitals is the country.
func usOut(words []string) {
	for i, w := range words {
		if strings.Trim(w, nameEdges) == "us" {
			words[i] = ""
		}
	}
}

// madeTo are the states "get" makes a thing be ("get it running", "get it live").
var madeTo = map[string]bool{"running": true, "live": true, "going": true, "online": true, "deployed": true, "started": true, "working": true}

// everyOne: "every deployment", "each secret" ask for all of them, many, as the plural does (see
// plurals), as a model reads "list every deployment of x"; the plural mark of the noun after it.
func everyOne(words []string) []string {
	var out []string
	for i, w := range words[:max(0, len(words)-1)] {
		if l := strings.ToLower(w); l != "every" && l != "each" {
			continue
		}
		next := strings.ToLower(strings.Trim(words[i+1], nameEdges))
		if next == "" || stopWords[next] || strings.ContainsAny(next, "-_0123456789") || strings.HasSuffix(next, "s") {
			continue
		}
		out = append(out, "pl:"+stem(next))
	}
	return out
}

// takeForms are the forms of "take", which with "out of" or "off" removes.
var takeForms = map[string]bool{"take": true, "takes": true, "took": true, "taken": true, "taking": true}

// onOffVerbs take "off" or "on" as the particle that says which way they switch.
var onOffVerbs = map[string]bool{"turn": true, "switch": true, "shut": true, "power": true}

// upVerbs take "up" as the particle of more ("scale up", "bump up", "ramp up").
var upVerbs = map[string]bool{"scal": true, "bump": true, "ramp": true, "crank": true}

// setUpObjects are the pronouns that stand between "set" and "up" ("set it up").
var setUpObjects = map[string]bool{"it": true, "them": true, "this": true, "that": true, "me": true, "us": true}

// writes: the word is one word the tools' text writes ("deploy", "app", "release").
func (ix *Index) writes(word string) bool {
	terms := Terms(word)
	return len(terms) == 1 && ix.df[terms[0]] > 0
}

// username: a word written as a login is (a name, or lower-case letters with digits: "jli22",
// "ext-auditor01").
func (ix *Index) username(word string) bool {
	word = strings.Trim(word, nameEdges)
	if ix.IsName(word) {
		return true
	}
	return strings.ContainsAny(word, "0123456789") && strings.Trim(word, "abcdefghijklmnopqrstuvwxyz0123456789") == "" &&
		strings.Trim(word, "0123456789") != ""
}

// numberID: three digits or more, perhaps after "#" ("4412", "#881"): an ID, not a count
// ("4 replicas", "last 50 lines").
func numberID(word string) bool {
	word = strings.TrimPrefix(strings.Trim(word, nameEdges), "#")
	return len(word) >= 3 && strings.Trim(word, "0123456789") == ""
}

// envVarName: capitals and digits joined by underscores ("STRIPE_KEY", "OPENAI_API_KEY").
func envVarName(word string) bool {
	parts := strings.Split(word, "_")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			return false
		}
	}
	return true
}

// plurals marks each plural word of the text ("secrets", "deployments", "orgs") as a term of its
// own, "pl:" and the stem, which only a list tool's name also has (Docs): a request for many
// meets the tool that lists them, as a model reads "which secrets does checkout have?" as
// list_secrets and "fork it" as fork_app, not list_forks. A word ending in "ss", "us" or "is"
// ("access", "status", "analysis") is not plural.
func plurals(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(splitCode(text)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) < 4 || stopWords[w] || !strings.HasSuffix(w, "s") ||
			strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
			continue
		}
		out = append(out, "pl:"+stem(w))
	}
	return out
}

// IsName reports whether a word of a request (a run of non-space characters) is the name of
// something, which a model reads as a name and not for its parts' meaning: a lower-case
// identifier joined by hyphens ("orders-api", "billing-sync", "churn-model", "test-old",
// "analytics-app-70bb4d78-r2g64"), as apps, forks, pods and members are named. "Show me
// stderr from the orders-api runtime" asks for logs, not for API keys; "the stripe key
// changed, update STRIPE_KEY on billing-sync" is not about billing. Four kinds of hyphenated
// word stay words: one the tools' own text writes ("read-only", "us-east-1") or part of a tool's
// name ("create-and-deploy"), a region code ("eu-west-1": a name, but one the tools list, which
// a model matches to them), and a word made with an English prefix ("un-pause", "re-deploy").
func (ix *Index) IsName(word string) bool {
	word = strings.Trim(word, nameEdges)
	word = strings.TrimSuffix(strings.TrimSuffix(word, "'s"), "’s")
	word = strings.Trim(word, nameEdges)
	parts := strings.Split(word, "-")
	if len(parts) < 2 || ix.hyphenated[word] || hyphenPrefixes[parts[0]] || regionCode(parts) {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.IndexFunc(p, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') }) >= 0 {
			return false
		}
	}
	return true
}

// nameEdges are the punctuation a name may stand between in a sentence.
const nameEdges = "'\"`‘’“”()[]{}<>,.;:!?"

// hyphenPrefixes are the English prefixes written with a hyphen.
var hyphenPrefixes = map[string]bool{"un": true, "re": true, "non": true, "auto": true, "self": true, "co": true, "pre": true, "multi": true, "sub": true}

// regionCode: two letters, a word, a number ("us-west-2", "eu-central-1").
func regionCode(parts []string) bool {
	if len(parts) != 3 || len(parts[0]) != 2 {
		return false
	}
	_, err := strconv.Atoi(parts[2])
	return err == nil
}

// Index is a BM25 index over tool documents.
type Index struct {
	docs []Doc
	// hyphenated are the hyphenated words the documents' text writes, and their names' words
	// joined by hyphens (see IsName).
	hyphenated map[string]bool
	tf         []map[string]int
	df         map[string]int
	avgdl      float64
}

// NewIndex indexes the documents.
func NewIndex(docs []Doc) *Index {
	ix := &Index{docs: docs, df: map[string]int{}, hyphenated: map[string]bool{}}
	total := 0
	for _, d := range docs {
		words := strings.Split(d.Name, "_")
		for i := range words {
			for j := i + 2; j <= len(words); j++ {
				ix.hyphenated[strings.Join(words[i:j], "-")] = true
			}
		}
		for _, w := range strings.Fields(strings.ToLower(d.Text)) {
			if w = strings.Trim(w, nameEdges); strings.Contains(w, "-") {
				ix.hyphenated[w] = true
			}
		}
		tf := map[string]int{}
		for _, t := range d.Terms {
			tf[t]++
		}
		for t := range tf {
			ix.df[t]++
		}
		ix.tf = append(ix.tf, tf)
		total += len(d.Terms)
	}
	ix.avgdl = float64(total) / float64(len(docs))
	return ix
}

// idf is BM25's inverse document frequency (the +1 form, never negative).
func (ix *Index) idf(term string) float64 {
	n := float64(ix.df[term])
	return math.Log(1 + (float64(len(ix.docs))-n+0.5)/(n+0.5))
}

// Scored is a tool with its score for a query.
type Scored struct {
	Name  string
	Score float64
}

// Rank scores every document for the query (each distinct query term once), best first; ties
// are broken by name, so the ranking is deterministic.
func (ix *Index) Rank(query string) []Scored {
	terms := ix.QueryTerms(query)
	out := make([]Scored, len(ix.docs))
	for i, d := range ix.docs {
		norm := k1 * (1 - b + b*float64(len(d.Terms))/ix.avgdl)
		score := 0.0
		for _, t := range terms {
			if f := float64(ix.tf[i][t]); f > 0 {
				score += ix.idf(t) * f * (k1 + 1) / (f + norm)
			}
		}
		out[i] = Scored{d.Name, score}
	}
	slices.SortStableFunc(out, func(x, y Scored) int {
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Name, y.Name)
	})
	return out
}

// Similarity is the cosine similarity of two documents' BM25-weighted term vectors: how alike
// two tools read to this model.
func (ix *Index) Similarity(i, j int) float64 {
	weights := func(k int) map[string]float64 {
		w := map[string]float64{}
		norm := k1 * (1 - b + b*float64(len(ix.docs[k].Terms))/ix.avgdl)
		for t, f := range ix.tf[k] {
			w[t] = ix.idf(t) * float64(f) * (k1 + 1) / (float64(f) + norm)
		}
		return w
	}
	a, c := weights(i), weights(j)
	// Summed in term order: in a map's, the last bits differed from one call to the next.
	var dot, na, nc float64
	for _, t := range slices.Sorted(maps.Keys(a)) {
		x := a[t]
		dot += x * c[t]
		na += x * x
	}
	for _, t := range slices.Sorted(maps.Keys(c)) {
		nc += c[t] * c[t]
	}
	if na == 0 || nc == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nc)
}

// corpusText is the corpus: tools<TAB>request lines (see corpus.txt's header).
//
//go:embed corpus.txt
var corpusText string

// Request is one request of the corpus with the tools that may rightly come first; none for a
// feature the server does not have (not scored).
type Request struct {
	Line       int
	Text       string
	Acceptable []string
}

// Corpus parses the corpus.
func Corpus() ([]Request, error) {
	var out []Request
	for n, line := range strings.Split(corpusText, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		names, text, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("corpus.txt:%d: want tools<TAB>request", n+1)
		}
		r := Request{Line: n + 1, Text: text}
		if names != "-" {
			r.Acceptable = strings.Split(names, ",")
		}
		out = append(out, r)
	}
	return out, nil
}

// Report is how a catalogue ranks against the corpus.
type Report struct {
	Scored, Top1, Top3 int
	MRR                float64
	// Misses are the scored requests whose intended tool is not first, as lines to print.
	Misses []string
	// Confusions count, for each miss, the intended tool and the one ranked first.
	Confusions map[[2]string]int
	// PerTool is, for each intended tool, {requests, ranked first}.
	PerTool map[string][2]int
	// Unsupported are the requests for features the server lacks, with the tool ranked first.
	Unsupported [][2]string
}

// Evaluate ranks every request of the corpus against the catalogue.
func Evaluate(listed []mcp.Tool, corpus []Request) (*Report, error) {
	return evaluateRanked(listed, corpus, NewIndex(Docs(listed)).Rank)
}

// evaluateRanked is Evaluate with the ranking given, so that the tests, which score the same
// requests against the same catalogue many times, can rank each request once.
func evaluateRanked(listed []mcp.Tool, corpus []Request, rank func(query string) []Scored) (*Report, error) {
	known := map[string]bool{}
	for _, t := range listed {
		known[t.Name] = true
	}
	rep := &Report{Confusions: map[[2]string]int{}, PerTool: map[string][2]int{}}
	var rankSum float64
	for _, r := range corpus {
		ranked := rank(r.Text)
		if len(r.Acceptable) == 0 {
			rep.Unsupported = append(rep.Unsupported, [2]string{r.Text, ranked[0].Name})
			continue
		}
		for _, name := range r.Acceptable {
			if !known[name] {
				return nil, fmt.Errorf("corpus.txt:%d: unknown tool %q", r.Line, name)
			}
		}
		rep.Scored++
		rank, at := RankOf(ranked, r.Acceptable)
		rankSum += 1 / float64(rank)
		counts := rep.PerTool[r.Acceptable[0]]
		counts[0]++
		if rank == 1 {
			rep.Top1++
			counts[1]++
		} else {
			rep.Confusions[[2]string{r.Acceptable[0], ranked[0].Name}]++
			rep.Misses = append(rep.Misses, fmt.Sprintf("rank %2d  %-60q want %s, first %s (%.2f vs %.2f)", rank, r.Text,
				strings.Join(r.Acceptable, "|"), ranked[0].Name, at, ranked[0].Score))
		}
		rep.PerTool[r.Acceptable[0]] = counts
		if rank <= 3 {
			rep.Top3++
		}
	}
	rep.MRR = rankSum / float64(rep.Scored)
	return rep, nil
}

// RankOf is the rank of the best acceptable tool, counted pessimistically: every other tool
// scoring as high is counted ahead of it, and a tool the request's words do not reach at all
// (score 0) is unranked (len+1). It returns the rank and that tool's score.
func RankOf(ranked []Scored, acceptable []string) (int, float64) {
	i := slices.IndexFunc(ranked, func(s Scored) bool { return slices.Contains(acceptable, s.Name) })
	best := ranked[i].Score
	if best == 0 {
		return len(ranked) + 1, 0
	}
	rank := 1
	for _, s := range ranked {
		if s.Score > best || (s.Score == best && !slices.Contains(acceptable, s.Name)) {
			rank++
		}
	}
	return rank, best
}

// Pair is two tools and how alike they read.
type Pair struct {
	A, B       string
	Similarity float64
}

// Alike lists every pair of tools, most alike first.
func Alike(listed []mcp.Tool) []Pair {
	ix := NewIndex(Docs(listed))
	var pairs []Pair
	for i := range listed {
		for j := i + 1; j < len(listed); j++ {
			pairs = append(pairs, Pair{listed[i].Name, listed[j].Name, ix.Similarity(i, j)})
		}
	}
	slices.SortStableFunc(pairs, func(x, y Pair) int { return cmp.Compare(y.Similarity, x.Similarity) })
	return pairs
}

// Rate is n of the scored requests as a percentage.
func (r *Report) Rate(n int) float64 { return 100 * float64(n) / float64(r.Scored) }

// switchTo reads "switch … to" ("switch me to the other workspace", "switch docs-search to the
// nightly channel") as the phrasal verb it is, as a model reads it: moving to what follows, not
// "switch off" (pause). The word is left out; what it moves to says what is asked. "Switch it off"
// and "switch on" stay.
func switchTo(words []string) {
	for i, w := range words {
		if stem(strings.Trim(strings.ToLower(w), nameEdges)) != "switch" {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3; j++ {
			next := strings.Trim(strings.ToLower(words[j]), nameEdges)
			if next == "off" || next == "on" {
				break
			}
			if next == "to" {
				words[i] = ""
				break
			}
		}
	}
}

// isSet reads "set" or "pinned" after a form of "be" ("is DATABRICKS_TOKEN set on sf-sync?", "what
// version is the app set to", "which runtime is it pinned to?") as the past participle it is, as
// a model reads it: a state, configured, not the verb that sets a value (set_secret) or pins a
// version (update_app). "Set up" is setUp's; a clause ends at punctuation.
func isSet(words []string) {
	for i, w := range words {
		if l := strings.ToLower(strings.Trim(w, nameEdges)); l != "set" && l != "pinned" || i+1 < len(words) && strings.ToLower(words[i+1]) == "up" {
			continue
		}
		if i > 0 && i+1 < len(words) && setWhere[strings.ToLower(words[i+1])] && namedThings(words[i-1]) {
			// "the env vars set on docs-search", "a SNOWFLAKE_PASSWORD set on sf-sync": the things
			// that are set there.
			words[i] = "configured"
			continue
		}
		for j := i - 1; j >= 0 && j >= i-5 && !strings.ContainsAny(words[j], ",;:."); j-- {
			if beForms[strings.ToLower(words[j])] {
				words[i] = "configured"
				break
			}
		}
	}
}

// setWhere are the prepositions after "set" that say where a thing is set.
var setWhere = map[string]bool{"on": true, "for": true, "in": true}

// namedThings: a secret's name (STRIPE_KEY), what set_secret's text calls one ("the key set on
// x") or a plural noun ("vars", "secrets"): the subject of a participle that follows it, not the
// object of a verb.
func namedThings(word string) bool {
	word = strings.Trim(word, nameEdges)
	lower := strings.ToLower(word)
	return envVarName(word) || secretNouns[lower] || len(plurals(lower)) == 1 && !beforeVerb[lower] && !strings.HasSuffix(lower, "'s")
}

// secretNouns are the words set_secret's text calls a secret by.
var secretNouns = map[string]bool{"secret": true, "password": true, "key": true, "token": true, "var": true, "variable": true, "credential": true}

// wasAdded reads "added" after a past form of "be" ("when was alex added to the org?") as what
// happened, as a model reads it: someone joined, a question of when (get_member), not a request
// to add them ("needs to be added" still is one). A clause ends at punctuation.
func wasAdded(words []string) {
	for i, w := range words {
		if strings.ToLower(strings.TrimRight(w, "?")) != "added" {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-5 && !strings.ContainsAny(words[j], ",;:."); j-- {
			if l := strings.ToLower(words[j]); l == "was" || l == "were" || l == "been" {
				words[i] = "joined"
				break
			}
		}
	}
}

// beForms are the forms of "be" a past participle follows in a passive or a question.
var beForms = map[string]bool{"is": true, "are": true, "was": true, "were": true, "been": true, "be": true, "isn't": true, "aren't": true}

// givenRoles: giving someone a role ("give priya the admin rights", "give the assistant tkoh
// admin", "the admin role please to give") grants it, as a model reads it (update_member_roles
// grants a role), not asks which role someone has. The role is within the clause, four words
// before "give" or five after; giving access or the list is not giving a role. Setting a role
// ("set the roles of ci-bot to member") is giving it; "set up" is setUp's.
func givenRoles(words []string) []string {
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	for i, w := range lower {
		if !giving[strings.Trim(w, nameEdges)] && (strings.Trim(w, nameEdges) != "set" || i+1 < len(lower) && lower[i+1] == "up") {
			continue
		}
		for j := i - 1; j >= max(0, i-4) && !strings.ContainsAny(lower[j], ",;:."); j-- {
			if roleWords[strings.Trim(lower[j], nameEdges)] {
				return []string{"grant"}
			}
		}
		for j := i + 1; j <= min(len(lower)-1, i+5); j++ {
			if roleWords[strings.Trim(lower[j], nameEdges)] {
				return []string{"grant"}
			}
			if strings.ContainsAny(lower[j], ",;:.") {
				break
			}
		}
	}
	return nil
}

// giving are the forms of "give"; roleWords name roles (not "member", also a person).
var (
	giving    = map[string]bool{"give": true, "gives": true, "giving": true, "gave": true}
	roleWords = map[string]bool{"admin": true, "admins": true, "owner": true, "viewer": true, "billing": true, "role": true, "roles": true, "rights": true}
)

// verbsInPlace: a word that is a verb and a noun or a participle means the verb in a verb's place
// (a clause's first word, or after "please", "now", "then", "to", "you", a modal or a subject: "I'll",
// "can I" …), as a model reads it:
// "clone docs-search" asks to make a copy (fork_app: "make a copy"), not which forks or clones
// exist (list_forks); "store the new password on sf-sync" asks to put a value (set_secret: "add,
// store, put"), not which passwords are stored (list_secrets).
func verbsInPlace(words []string) []string {
	var out []string
	for i, w := range words {
		verb, ok := placedVerbs[strings.ToLower(strings.Trim(w, nameEdges))]
		if ok && (i == 0 || strings.ContainsAny(words[i-1], ",;:.!?") || beforeVerb[strings.ToLower(words[i-1])]) {
			out = append(out, verb)
		}
	}
	return out
}

var (
	// placedVerbs are those words with the plain verb a model reads in them.
	placedVerbs = map[string]string{"fork": "make", "clone": "make", "duplicate": "make", "store": "put", "save": "put"}
	// beforeVerb are the words after which a clause's verb comes.
	beforeVerb = map[string]bool{"please": true, "pls": true, "now": true, "then": true, "just": true, "and": true, "you": true, "to": true,
		// A modal or a subject before it ("I'll fork x", "can I clone it?", "we should store it").
		"i'll": true, "we'll": true, "will": true, "can": true, "could": true, "would": true, "should": true,
		"must": true, "let's": true, "i": true, "we": true}
)

// determiners come before a noun, not before a person's name ("my teammate", a person named by a
// noun, reads as a thing too: the bench knows no nouns for people).
var determiners = map[string]bool{"our": true, "my": true, "your": true, "their": true, "the": true, "this": true, "that": true, "a": true, "an": true, "its": true}

// personHas: in "what access does alex have?" or "does kwu have write access?" the one word before
// "have", after "does", is a person when it is "he" or "she" or a word the tools' text does not
// write (a name, not "it" or "the app"), as a model reads it: a user, whose access get_member
// shows, not an app's access keys.
func (ix *Index) personHas(fields []string, i int) bool {
	if i == 0 || i+1 >= len(fields) || strings.ToLower(strings.Trim(fields[i+1], nameEdges)) != "have" {
		return false
	}
	does := false
	for j := i - 1; j >= max(0, i-4); j-- {
		w := strings.ToLower(fields[j])
		does = does || w == "does" || w == "did"
	}
	w := strings.TrimSuffix(strings.ToLower(strings.Trim(fields[i], nameEdges)), "'s")
	switch {
	case !does:
		return false
	case w == "he" || w == "she":
		return true
	case stopWords[w] || ix.IsName(w) || strings.ContainsAny(w, "0123456789"):
		return false
	case determiners[strings.ToLower(fields[i-1])]:
		// "does our subscription have": a thing's, a name takes no determiner.
		return false
	}
	terms := Terms(w)
	return len(terms) == 1 && ix.df[terms[0]] == 0
}

// severalCollections: a request naming the collections of two or more list tools ("config, last
// deploys, secrets") asks for them together, not for one list, as a model reads it; but a
// question's plural after "which" or "what" (asked) is what it asks for, many of them, and the
// others are what it says of them ("which regions does Spice offer for hosting apps?").
func (ix *Index) severalCollections(terms []string, asked string) []string {
	lists := map[string]bool{}
	for _, t := range terms {
		if strings.HasPrefix(t, "pl:") {
			for i, d := range ix.docs {
				if strings.HasPrefix(d.Name, "list_") && ix.tf[i][t] > 0 {
					lists[d.Name] = true
				}
			}
		}
	}
	if len(lists) < 2 {
		return terms
	}
	return slices.DeleteFunc(terms, func(t string) bool { return strings.HasPrefix(t, "pl:") && t != asked })
}

// whichPlural is the plural mark (see plurals) of the noun a question asks for: the first plural
// within three words after "which" or "what" ("which regions", "what data-center regions"), in
// one clause; "" if none.
func whichPlural(fields []string) string {
	for i, f := range fields {
		if l := strings.ToLower(f); l != "which" && l != "what" {
			continue
		}
		for j := i + 1; j < len(fields) && j <= i+3; j++ {
			if pl := plurals(strings.Trim(fields[j], nameEdges)); len(pl) == 1 {
				return pl[0]
			}
			if strings.ContainsAny(fields[j], ",;:.!?") {
				break
			}
		}
	}
	return ""
}

// madeVisible: making something public or private ("make checkout private", "be made private")
// changes its visibility, as a model reads it (update_app: "Change … make public or private"),
// not a question of which are public or private.
func madeVisible(fields []string) []string {
	for i, f := range fields {
		if !makes[strings.ToLower(strings.Trim(f, nameEdges))] {
			continue
		}
		// The object may take three words ("make the rsvp-site app private"); a comma ends it
		// ("make a new app, private": a new app that is private).
		for j := i + 1; j < len(fields) && j <= i+4 && !strings.ContainsAny(fields[j-1], ",;:.!?"); j++ {
			if w := strings.ToLower(strings.Trim(fields[j], nameEdges)); w == "private" || w == "public" {
				return []string{"change"}
			}
		}
	}
	return nil
}

// makes are the forms of "make".
var makes = map[string]bool{"make": true, "makes": true, "made": true, "making": true}

// movedToChannel: moving an app to a release channel ("switch docs-search to the nightly
// channel", "put orders-api on the nightly channel") changes the channel it follows, its update
// channel, as a model reads it (update_app's update_channel), not a deployment on that channel.
func movedToChannel(fields []string) []string {
	for i, f := range fields {
		if !moving[stem(strings.ToLower(strings.Trim(f, nameEdges)))] {
			continue
		}
		for j := i + 1; j < len(fields) && j <= i+8; j++ {
			if strings.ToLower(strings.Trim(fields[j], nameEdges)) == "channel" {
				return []string{"update"}
			}
			if strings.ContainsAny(fields[j], ",;:.!?") {
				break
			}
		}
	}
	return nil
}

// moving are the stems of the verbs that move something somewhere.
var moving = map[string]bool{"switch": true, "mov": true, "put": true}

// mainClauses leaves out a request's clauses of purpose and time whose subject is a person ("so I
// can diff it against the change", "before he approves prod changes", "Before I review, …"), as a
// model reads them: they say why or when, and the rest says what is asked. Such a clause runs to
// the end of its sentence, a comma or a dash; a request that is only such a clause keeps it, and so
// does "once you …" ("LGTM once you bump …" asks for what follows).
func mainClauses(fields []string) []string {
	out := make([]string, 0, len(fields))
	for i := 0; i < len(fields); i++ {
		if end := asideEnd(fields, i); end > i {
			i = end
			continue
		}
		out = append(out, fields[i])
	}
	if len(out) == 0 {
		return fields
	}
	return out
}

// asideEnd is the index of the last word of the aside that begins at fields[i], or -1.
func asideEnd(fields []string, i int) int {
	if !asideOpeners[strings.ToLower(strings.Trim(fields[i], nameEdges))] || strings.ContainsAny(fields[i], ",;:.!?") {
		return -1
	}
	j := i + 1
	if j < len(fields) && strings.ToLower(fields[j]) == "that" {
		j++
	}
	if j >= len(fields) || !asideSubjects[strings.ToLower(strings.Trim(fields[j], nameEdges))] {
		return -1
	}
	for ; j < len(fields); j++ {
		if dashes[fields[j]] {
			return j - 1
		}
		if strings.ContainsAny(fields[j], ",;:.!?") {
			return j
		}
	}
	return len(fields) - 1
}

var (
	// asideOpeners begin a clause of purpose ("so") or time.
	asideOpeners = map[string]bool{"so": true, "before": true, "after": true, "until": true, "while": true}
	// dashes standing alone end a clause.
	dashes = map[string]bool{"—": true, "–": true, "-": true, "--": true}
	// asideSubjects are the persons such a clause is about.
	asideSubjects = map[string]bool{"i": true, "we": true, "he": true, "she": true, "they": true, "i'm": true, "we're": true, "i've": true, "we've": true, "i'll": true, "we'll": true}
)

// personIs: in "is dpatel an admin?" or "is mchen still in the org?" the one word after "is" is a
// person when the tools' text does not write it (a login, not "it" or "the app"), as a model reads
// it: a user, one member (get_member), not the organizations I belong to nor everyone. What follows
// says so: a role after "a" or "an", or being in the organization or team.
func (ix *Index) personIs(fields []string, i int) bool {
	if i == 0 || i+1 >= len(fields) || !asksOf[strings.ToLower(fields[i-1])] {
		return false
	}
	w := strings.ToLower(strings.Trim(fields[i], nameEdges))
	if stopWords[w] || ix.IsName(w) {
		return false
	}
	if terms := Terms(w); len(terms) != 1 || ix.df[terms[0]] > 0 {
		return false
	}
	next := make([]string, 0, 4)
	for _, f := range fields[i+1 : min(len(fields), i+5)] {
		if l := strings.ToLower(strings.Trim(f, nameEdges)); l != "still" && l != "already" && l != "our" && l != "the" && l != "my" {
			next = append(next, l)
		}
	}
	return len(next) >= 2 && ((next[0] == "a" || next[0] == "an") && memberRoles[next[1]] || next[0] == "in" && orgWords[next[1]])
}

var (
	// asksOf are the words a yes/no question about someone begins with.
	asksOf = map[string]bool{"is": true, "isn't": true, "was": true}
	// memberRoles are the roles a member holds; orgWords name what they belong to.
	memberRoles = map[string]bool{"admin": true, "owner": true, "member": true, "viewer": true}
	orgWords    = map[string]bool{"org": true, "organization": true, "organisation": true, "team": true, "workspace": true}
)

// spiceItself: "Spice itself", "the Spice Cloud service itself" name the platform, as a model
// reads them (check_health: "Check the connection and platform"), set against the user's own
// apps ("or is it just my stuff?").
// howManyCan: "how many … can we have?" ("how many apps can I create?", "how many members may our
// plan hold?") asks for the most that is allowed, a limit, as a model reads it, not for the ones
// there are now ("how many members do we have?").
var howManyCan = regexp.MustCompile(`(?i)\bhow\s+many\s+(?:[\w-]+\s+){0,3}?(can|could|may|might)\b`)

// spiceDown: asking whether Spice is down or up ("is Spice Cloud down?", "is spice.ai up right
// now?") asks of the platform, as a model reads it, not of the apps that run on Spice Cloud.
var spiceDown = regexp.MustCompile(`(?i)\b(is|are|was)\s+(the\s+)?spice(\.ai)?(\s+cloud)?(\s+(service|platform|api))?\s+(down|up|out|offline)\b`)

var spiceItself = regexp.MustCompile(`(?i)\bspice(\.ai)?(\s+cloud)?(\s+(service|platform|api))?\s+itself\b`)

// givenAccess: giving someone access ("give the new analyst access to our spice workspace", "give
// them access to spice") lets them in, as a model reads it: an invitation (add_member: "Invite
// (onboard) a user"), not a question of who has access. Access is within five words after "give",
// in its clause; giving a role is givenRoles's.
func givenAccess(fields []string) []string {
	for i, f := range fields {
		if !giving[strings.ToLower(strings.Trim(f, nameEdges))] || strings.ContainsAny(f, ",;:.!?") {
			continue
		}
		for j := i + 1; j < len(fields) && j <= i+5; j++ {
			w := strings.ToLower(strings.Trim(fields[j], nameEdges))
			if w == "access" {
				return []string{"invite"}
			}
			if roleWords[w] || strings.ContainsAny(fields[j], ",;:.!?") {
				break
			}
		}
	}
	return nil
}

// pastDeploys: a question of whether or when something went out ("did anyone deploy orders-api
// tonight?", "when did we last ship docs-search?", "when did the change go out?") asks what
// happened, the record of deployments, as a model reads it, not to deploy now. The verb follows
// "did" within six words, in its clause.
func pastDeploys(fields []string) []string {
	for i, f := range fields {
		if strings.ToLower(strings.Trim(f, nameEdges)) != "did" || strings.ContainsAny(f, ",;:.!?") {
			continue
		}
		for j := i + 1; j < len(fields) && j <= i+6; j++ {
			w := strings.ToLower(strings.Trim(fields[j], nameEdges))
			// A deployment named ("did deploy 4412 fail?", "did deployment 4108 succeed?") is one.
			if strings.HasPrefix(w, "deployment") || j+1 < len(fields) && numberID(fields[j+1]) {
				break
			}
			if shipping[stem(w)] || w == "go" && j+1 < len(fields) && strings.ToLower(strings.Trim(fields[j+1], nameEdges)) == "out" {
				return []string{"history"}
			}
			if strings.ContainsAny(fields[j], ",;:.!?") {
				break
			}
		}
	}
	return nil
}

// shipping are the stems of the verbs that put a release out.
var shipping = map[string]bool{"deploy": true, "redeploy": true, "ship": true, "releas": true, "push": true, "rollout": true}

// lastChanged reads a change after "last" or in a question of when ("when it last changed", "when
// was it last rotated?", "when was it changed?") as the time of the last change, as a model reads it: a question of when, not the verb that
// changes a value (set_secret) or rotates keys. A tool's text is read so too (get_secret's
// "when it last changed").
func lastChanged(words []string) {
	for i := 1; i < len(words); i++ {
		w := strings.ToLower(strings.Trim(words[i], nameEdges))
		if !changes[stem(w)] {
			continue
		}
		if strings.ToLower(strings.Trim(words[i-1], nameEdges)) == "last" {
			words[i] = "modified"
			continue
		}
		// "when was it changed?": a past participle the question's "when" asks about.
		for j := i - 1; j >= max(0, i-4) && strings.HasSuffix(w, "ed") && !strings.ContainsAny(words[j], ",;:.!?"); j-- {
			if strings.ToLower(words[j]) == "when" {
				words[i] = "modified"
				break
			}
		}
	}
}

// changes are the stems of the verbs that change a value.
var changes = map[string]bool{"chang": true, "updat": true, "rotat": true, "modifi": true, "edit": true, "touch": true, "set": true, "reset": true}
