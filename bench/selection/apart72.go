package selection

import (
	"regexp"
	"slices"
	"strings"
)

// Readings of round 72's second selection helper, for the confusable requests round 71 left (issue
// 13): each reads words as a model does where the bench's word matching drew two tools together.

// createThenDeploy: "create the x app and deploy it", "create it, deploy it": creating an app and
// deploying it in one request asks for both steps, a launch, as a model reads it
// (create_and_deploy_app's "launch … in one go"), not a redeploy of an app that exists nor an
// empty app. Creating a deployment is a deploy; "without deploying it", "don't deploy" deploy
// nothing, and only "deploy" itself, a verb after "create" in the same sentence (a form's "|"
// ends one), counts; "Deploy:" is a form's label.
func createThenDeploy(words []string) bool {
	create := -1
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, nameEdges))
		if i > 0 && strings.ContainsAny(words[i-1], ";.!?|") || w == "|" {
			create = -1 // another sentence
		}
		switch {
		case lw == "create" || lw == "creating":
			create = i
			for _, next := range words[i+1 : min(len(words), i+4)] {
				if strings.HasPrefix(strings.ToLower(next), "deployment") {
					create = -1 // "create a new deployment"
					break
				}
			}
		case lw == "deploy" && create >= 0 && i > 0:
			switch strings.ToLower(strings.Trim(words[i-1], nameEdges)) {
			case "not", "don't", "dont", "never", "no", "without":
				continue
			}
			if strings.HasSuffix(w, ":") {
				continue // "Deploy: not in this change", a form's label
			}
			return true
		}
	}
	return false
}

// roleStripped (roleWords: givenRoles'): "strip the owner role from jlee", "relieve mashdown of her owner role": to strip or
// relieve someone of a role takes the role away, a demotion, as a model reads it
// (update_member_roles' "demote"), not the person's removal; "strip the comments from the
// spicepod" strips no role.
func roleStripped(words []string) bool {
	for i, w := range words {
		switch strings.ToLower(strings.Trim(w, nameEdges)) {
		case "strip", "strips", "stripped", "stripping", "relieve", "relieves", "relieved":
			for j := i + 1; j < len(words) && j <= i+8 && !sentenceEnd(words[j-1]); j++ {
				if roleWords[strings.ToLower(strings.Trim(words[j], nameEdges))] {
					return true
				}
			}
		}
	}
	return false
}

// sentenceEnd: a word that ends a sentence or clause, but for a title's full stop ("Mrs.", "Dr.").
func sentenceEnd(w string) bool {
	if titles[strings.ToLower(w)] {
		return false
	}
	return strings.ContainsAny(w, ";:.!?")
}

var titles = map[string]bool{"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "prof.": true}

// whatCanDo: "what can jlee do here?", "is priya allowed to delete things?": what a person may do
// is their permissions, as a model reads it (get_member's "permissions"); "what can I do here?" is
// who I am (whoami's role and scopes). "What can we do about the outage?" asks no one's access.
var (
	whatCanDo = regexp.MustCompile(`(?i)\bwhat\s+(?:can|may|could)\s+([\w'’.-]+)\s+(?:do|change|see|access|touch)\b`)
	allowedTo = regexp.MustCompile(`(?i)\b(?:is|isn't|was)\s+([\w'’.-]+)\s+(?:still\s+)?(?:allowed|permitted)\s+to\b`)
)

// permissionsOf: what whatCanDo and allowedTo read: "permissions" when the one asked of is a
// person (a login, or a word no tool writes), "whoami" when it is I.
func (ix *Index) permissionsOf(query string) string {
	for _, re := range []*regexp.Regexp{whatCanDo, allowedTo} {
		for _, m := range re.FindAllStringSubmatch(query, -1) {
			w := strings.ToLower(strings.Trim(m[1], nameEdges))
			if w == "i" {
				return "whoami"
			}
			if stopWords[w] {
				continue
			}
			if terms := Terms(w); ix.username(w) || len(terms) == 1 && ix.df[terms[0]] == 0 {
				return "permissions"
			}
		}
	}
	return ""
}

// allowedVerbOut: in "is priya allowed to delete things?" the verb is what she may do, asked of,
// not done, and "allowed" is read as her permissions (permissionsOf): both are left out.
func allowedVerbOut(words []string) {
	for i := 0; i+2 < len(words); i++ {
		if l := strings.ToLower(words[i]); (l == "allowed" || l == "permitted") && strings.ToLower(words[i+1]) == "to" {
			words[i], words[i+2] = "", ""
		}
	}
}

// inherited: "I inherited the churn project", "I've taken over orders-api": a thing one has newly
// become responsible for is one to catch up on, as a model reads it (describe_app's "catch up
// on"), not one to delete.
var inherited = regexp.MustCompile(`(?i)\b(inherit|inherited|inheriting|(took|taken|taking)\s+over)\b`)

// visibilityNow: "is orders-api public or private right now?", "is the app set to public or
// private?", "is it open to everyone?": a question of which of the two a thing is, its setting, as a model reads it (get_app's
// "configuration and settings: … public or private"), not create_app's visibility to choose. "Should this new
// app be public or private?" asks how to make one, and is left alone; a plural subject ("are our
// apps public or private?") asks for many (see valueOf).
var visibilityNow = regexp.MustCompile(`(?i)\b(is|are)\s+((?:[\w'’-]+\s+){1,4}?)(?:set\s+to\s+|still\s+|currently\s+)?(public\s+or\s+private|private\s+or\s+public|open\s+to\s+(?:the\s+)?(?:everyone|anyone|everybody|anybody|public|internet|world))\b`)

// howDoing: "how's the orders project doing?", "how is orders-api doing today": how a thing is
// doing is what's going on with it, as a model reads it (describe_app's "what's going on").
var howDoing = regexp.MustCompile(`(?i)\bhow(?:'s|’s|\s+is|\s+are)\s+(?:[\w'’-]+\s+){1,4}?doing\b`)

// readApart72 adds to a request's words what round 72's second helper's readings read into it.
func (ix *Index) readApart72(query string, fields, out []string) []string {
	if createThenDeploy(fields) || newAppLive(fields) {
		out = append(out, "launch")
	}
	if roleStripped(fields) {
		out = append(out, "demote")
	}
	if who := ix.permissionsOf(query); who != "" {
		out = append(out, who)
		allowedVerbOut(out)
	}
	if inherited.MatchString(query) {
		out = append(out, "catch", "up")
	}
	if m := visibilityNow.FindStringSubmatch(query); m != nil && !slices.ContainsFunc(plurals(m[2]), func(pl string) bool { return ix.df[pl] > 0 }) {
		out = append(out, "settings")
	}
	if howDoing.MatchString(query) {
		out = append(out, "goingon")
	}
	if appliedTo.MatchString(query) {
		out = append(out, "change")
	}
	if openTo(out) {
		out = append(out, "public")
	}
	if deployAgain(out) {
		out = append(out, "redeploy")
	}
	if agentsOwn.MatchString(query) {
		out = append(out, "whoami")
	}
	if toolUnseen.MatchString(query) {
		out = append(out, "hidden")
	}
	if rolesFromTo.MatchString(query) || roleInstead(query) {
		out = append(out, "change", "roles")
	}
	if shouldBeRole.MatchString(query) {
		out = append(out, "grant")
	}
	if tokenPermissions.MatchString(query) {
		out = append(out, "whoami")
	}
	if summaryParts(query, out) {
		out = append(out, "overview")
	}
	if appExistsAlready(query, out) {
		out = append(out, "existing", "apps")
	}
	verb := ansibleVerb(query)
	if verb != "" {
		// "state:" is the task's key, a label (labels), not a scheduler's state.
		for i, w := range out {
			if strings.EqualFold(strings.Trim(w, "(,"), "state:") {
				out[i] = ""
			}
		}
	}
	switch verb {
	case "create":
		// "ensure app x exists": the state to reach, not a question of what exists.
		for i, w := range out {
			if l := strings.ToLower(w); l == "exists" || l == "exist" {
				out[i] = ""
			}
		}
		out = append(out, "create")
	case "remove":
		// "ensure app x is gone": the removal of what "ensure" names (removalVerbs).
		if i := slices.IndexFunc(out, func(w string) bool { return strings.EqualFold(w, "ensure") }); i >= 0 {
			out[i] = "remove"
		} else {
			out = append(out, "remove")
		}
	}
	costPurpose(out)
	if m := letIn.FindStringSubmatch(query); m != nil && !strings.EqualFold(m[1], "me") && !strings.EqualFold(m[1], "us") {
		out = append(out, "invite")
	}
	neverUsed(out)
	if visibilityTo.MatchString(query) {
		out = append(out, "change")
	}
	blankEmpty(out)
	downToNothing(out)
	asPartOf(out)
	dataHost(out)
	out = append(out, slashCommand(fields)...)
	if ix.ownerRepos(fields) {
		out = append(out, "repository")
	}
	ix.orgWhere(fields, out)
	viewShows(out)
	restCallRead(out)
	return out
}

// appliedTo: "apply it to the docs-search app's config", "apply these edits to orders-api": to
// apply a thing to an app's configuration changes it, as a model reads it (update_app's
// "Change"), not a request to show the configuration.
var appliedTo = regexp.MustCompile(`(?i)\bapply\s+(?:it|them|(?:this|that|these|those|the|my|our|your)(?:\s+[\w'’.-]+){0,2})\s+to\b`)

// openTo: "open to everyone", "open to the internet" is public, as a model reads it (the
// visibility's "public"), not list_members' "everyone with access": who may query an app, not who
// is in the organization. The one it is open to is left out.
func openTo(words []string) bool {
	found := false
	for i := 0; i+2 < len(words); i++ {
		if strings.ToLower(words[i]) != "open" || strings.ToLower(words[i+1]) != "to" {
			continue
		}
		k := i + 2
		if l := strings.ToLower(words[k]); (l == "the" || l == "all") && k+1 < len(words) {
			k++
		}
		switch strings.ToLower(strings.Trim(words[k], nameEdges)) {
		case "everyone", "anyone", "everybody", "anybody", "public", "internet", "world", "web":
			words[k] = ""
			found = true
		}
	}
	return found
}

// orgWhere: in "what role does the customs-bot account have in our organization?" and "look up
// user jdoe in our org" the organization is where the one member named is, the scope every
// member tool has, as a model reads it, not a request for the organization's people
// (list_members' "the people in the organization"), and so is the one "add user x to the
// organization" adds them to: when a member is named (a login after "user", "member" or
// "account", or the member reading of "the ci-bot account"), "in our org" and "to the org" are
// left out.
func (ix *Index) orgWhere(fields, words []string) {
	named := slices.Contains(words, "member")
	for i, f := range fields[:max(0, len(fields)-1)] {
		switch strings.ToLower(f) {
		case "user", "member", "account", "username":
			if next := strings.Trim(fields[i+1], nameEdges); !stopWords[strings.ToLower(next)] && (ix.username(next) || len(Terms(next)) == 1 && ix.df[Terms(next)[0]] == 0) {
				named = true
			}
		}
	}
	if !named {
		return
	}
	for i := 0; i+1 < len(words); i++ {
		if l := strings.ToLower(words[i]); l != "in" && l != "to" {
			continue
		}
		k := i + 1
		if k+1 < len(words) && determiners[strings.ToLower(words[k])] {
			k++
		}
		if orgWords[strings.ToLower(strings.Trim(words[k], nameEdges))] {
			words[k] = ""
		}
	}
}

// viewShows: "view the config", "view its logs", "view them": "view" with its object is to be
// shown, as a model reads it (the tools' "Show"); "only able to view" is the read-only viewer
// role's (update_member_roles' "viewer"), and is left as it is.
func viewShows(words []string) {
	for i, w := range words[:max(0, len(words)-1)] {
		if strings.EqualFold(w, "view") {
			if next := strings.ToLower(words[i+1]); determiners[next] || next == "them" || next == "it" || next == "all" {
				words[i] = "show"
			}
		}
	}
}

// deployAgain: "deploy genomics-search again", "deploy it again with the current config": to deploy
// an app again is to redeploy it, as a model reads it (create_deployment's "redeploy"), not a new
// app's first deploy.
func deployAgain(words []string) bool {
	for i, w := range words {
		if !strings.EqualFold(w, "deploy") {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3 && !strings.ContainsAny(words[j-1], ",;:.!?"); j++ {
			if strings.EqualFold(strings.Trim(words[j], nameEdges), "again") {
				return true
			}
		}
	}
	return false
}

// agentsOwn: "whose credentials are you using?", "which account is this agent using?": the
// account or credentials the agent itself works with are who I am, as a model reads it (whoami's
// "Account the server is logged in and running as"), not a secret's credential nor the platform.
var agentsOwn = regexp.MustCompile(`(?i)\b(whose|which|what)\s+(?:[\w'’-]+\s+){0,2}?(credentials|creds|account|token|key|login|identity|user)\s+(?:are|is)\s+(you|this\s+(?:agent|session|connection|server|assistant|bot))\s+(using|signed\s+in\s+with|logged\s+in\s+with|running\s+as)\b`)

// toolUnseen: "why can't I see the delete tool?", "I don't see any deploy tools": a tool the user
// cannot see is a hidden one, as a model reads it (whoami's "why tools are hidden"), not a request
// to use it.
var toolUnseen = regexp.MustCompile(`(?i)\b(can't|cannot|can\s+not|don't|do\s+not|doesn't)\s+(?:i\s+|we\s+|you\s+)?(see|find|show|list)\s+(?:the\s+|a\s+|any\s+|my\s+)?(?:[\w-]+\s+){0,2}?tools?\b`)

// neverUsed: "delete my old test app, never used it": like "no longer", "never used" says why a
// thing goes, not which (delete_secret's "a stale credential no longer used"): "used" is left out.
func neverUsed(words []string) {
	for i := 1; i < len(words); i++ {
		switch strings.ToLower(strings.Trim(words[i], nameEdges)) {
		case "used", "use", "touched":
			if strings.EqualFold(words[i-1], "never") {
				words[i] = ""
			}
		}
	}
}

// httpMethods are the verbs of a REST call, read as a model reads them: GET shows (a collection
// at the path's end lists, its plural), PUT sets, PATCH updates part of a thing, DELETE deletes,
// POST makes one in the collection it names (or does what the path ends with: ".../resume").
var httpMethods = map[string]string{"GET": "show", "PUT": "set", "PATCH": "update", "DELETE": "delete", "POST": ""}

// restCallRead: "GET /v1/apps/412/deployments?limit=10", "curl -X DELETE https://…/v1/apps/377": a
// call to the Management API is read as the call it is: its method the verb (curl without -X
// GETs), its path what it acts on, a collection with an ID after it one thing ("apps/412": an
// app, by ID), a collection at the end many ("deployments"), but one when POSTed to; the API's
// version ("v1"), the host, the query string ("?limit=10", paging) and curl's flags are the
// call's syntax, not what is asked.
func restCallRead(words []string) {
	method, implied := "", false
	for i, w := range words {
		if verb, ok := httpMethods[w]; ok && pathFollows(words[i+1:]) {
			method, implied = w, false
			words[i] = verb
			continue
		}
		switch {
		case strings.EqualFold(w, "curl") && pathFollows(words[i+1:]):
			method, implied = "GET", true
			words[i] = ""
			continue
		case method != "" && strings.HasPrefix(w, "-"):
			words[i] = "" // curl's flags: -s, -X
			continue
		case method == "" || !restPathLike(w):
			continue
		}
		words[i] = restPath(w, method == "POST")
		if implied {
			words[i] = httpMethods[method] + " " + words[i]
		}
		method = ""
	}
}

// pathFollows: the next word but curl's flags and a method is a path or URL, as in a call ("DELETE
// FROM secrets" is SQL's, sqlWords').
func pathFollows(words []string) bool {
	for _, w := range words {
		if _, method := httpMethods[w]; strings.HasPrefix(w, "-") || method {
			continue
		}
		return restPathLike(w)
	}
	return false
}

func restPathLike(w string) bool {
	return strings.Contains(w, "/v1/") || strings.HasPrefix(w, "/") || strings.HasPrefix(w, "http")
}

// restPath reads a path by its last resource, what the call acts on ("/v1/apps/412/deployments?
// limit=10" is "deployments", "/v1/apps/412/secrets/X" "secret id", "/v1/orgs/members" "members"),
// and the action it ends with (".../api-keys/regenerate"); POSTed to, a collection is one
// ("deployment").
func restPath(path string, post bool) string {
	if k := strings.Index(path, "/v1/"); k >= 0 {
		path = path[k+len("/v1/"):]
	}
	path, _, _ = strings.Cut(path, "?")
	var segs []string
	for _, s := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' }) {
		segs = append(segs, strings.ReplaceAll(s, "-", " "))
	}
	// The last resource is what the call acts on; the ones before it say whose it is.
	last := len(segs) - 1
	for last > 0 && (restActions[segs[last]] || restCollections[segs[last]] == "" && restCollections[segs[last-1]] == "") {
		last--
	}
	if last > 0 && restCollections[segs[last]] == "" {
		last-- // "apps/412": the collection, then the ID
	}
	if last < 0 || restCollections[segs[last]] == "" {
		return strings.Join(segs, " ")
	}
	out := []string{segs[last]}
	switch {
	case last+1 < len(segs) && !restActions[segs[last+1]], post:
		out[0] = restCollections[segs[last]] // "apps/412": one app; POSTed to, one is made
	}
	if last+1 < len(segs) && !restActions[segs[last+1]] {
		out = append(out, "id")
	}
	for _, s := range segs[last+1:] {
		if restActions[s] {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// restCollections are the API's collections and the singular of each.
var restCollections = map[string]string{"apps": "app", "deployments": "deployment", "secrets": "secret", "api keys": "api key",
	"members": "member", "instances": "instance", "forks": "fork", "orgs": "org", "regions": "region", "container images": "container image"}

// restActions are the verbs a path ends with ("…/resume", "…/api-keys/regenerate").
var restActions = map[string]bool{"resume": true, "regenerate": true, "pause": true, "rotate": true, "logs": true}

// rolesFromTo: "drop deploy-bot from owner to member", "move jo from viewer to admin": moving
// someone from one role to another changes their roles, as a model reads it (update_member_roles'
// "Change roles"), not their removal.
var rolesFromTo = regexp.MustCompile(`(?i)\bfrom\s+(?:an?\s+)?(owner|admin|member|viewer|billing)\s+to\s+(?:an?\s+)?(owner|admin|member|viewer|billing)\b`)

// shouldBeRole: "bob should be an admin now", "she needs to be an owner": a role someone should
// have is one to grant, as a model reads it (update_member_roles' "grant"), not a question of the
// role they have. "Should be a member" may be an invitation (notMemberYet), and is left alone.
var shouldBeRole = regexp.MustCompile(`(?i)\b(should|must|needs?\s+to|has\s+to|ought\s+to)\s+(?:now\s+|also\s+)?be\s+(?:an?\s+)?(owner|admin|viewer|billing)\b`)

// tokenPermissions: "what permissions does my token have?", "which scopes does this API key
// have?": what the credentials in use may do is who I am (whoami's "scopes"), as a model reads
// it, not a member's permissions (get_member).
var tokenPermissions = regexp.MustCompile(`(?i)\b(what|which)\s+(permissions|scopes|access|rights)\s+(does|do)\s+(my|this|your|the)\s+(api\s+)?(token|credentials|creds|session|connection|key)\s+have\b`)

// costPurpose: "to save money", "to lower the bill", "to cut costs" say why, not what is asked,
// as a model reads them: not set_secret's "save" nor the billing plan's limits. They are left out.
func costPurpose(words []string) {
	for i := 0; i+2 < len(words); i++ {
		if !strings.EqualFold(words[i], "to") {
			continue
		}
		switch strings.ToLower(words[i+1]) {
		case "save", "lower", "cut", "reduce", "trim":
		default:
			continue
		}
		k := i + 2
		if l := strings.ToLower(words[k]); (l == "the" || l == "our" || l == "my" || l == "some") && k+1 < len(words) {
			k++
		}
		switch strings.ToLower(strings.Trim(words[k], nameEdges)) {
		case "money", "cost", "costs", "bill", "bills", "spend", "spending", "budget":
			for j := i; j <= k; j++ {
				words[j] = ""
			}
		}
	}
}

// summaryColon: "a one-page summary of permits-portal:", "the whole picture of catalog-sync:",
// "everything about tide-feed:" (round 73): one account of a thing, then a colon.
var summaryColon = regexp.MustCompile(`(?i)\b(summary|rundown|overview|picture|snapshot|roundup|everything)\s+(?:of|about)\s+[^:.?!;]{1,40}:`)

// partsOne is a collection named in the plural as one of a summary's parts ("its last deploys"):
// the REST collections (restCollections) and "deploys", the noun deployments go by.
func partsOne(w string) string {
	if w == "deploys" {
		return "deploy"
	}
	return restCollections[w]
}

// summaryParts: "a one-page summary of permits-portal: its settings, recent deployments and
// whether anything's failing": the list after the colon says what the summary holds, as a model
// reads it, one overview (describe_app's "the full picture in one go"), not a request for the
// list of deployments: the collections named after the summary ask for no list (their plural is
// read as one), and the summary is an overview.
func summaryParts(query string, words []string) bool {
	m := summaryColon.FindStringSubmatch(query)
	if m == nil {
		return false
	}
	after := false
	for k, w := range words {
		lw := strings.ToLower(strings.Trim(w, nameEdges))
		if lw == strings.ToLower(m[1]) || strings.HasPrefix(lw, "summar") {
			after = true
		}
		if one := partsOne(lw); after && one != "" {
			words[k] = one
		}
	}
	return true
}

// appExists: "is there already an app called sales-dashboard?", "does our company already have an
// app named pricing-engine?": whether an app of that name exists asks among the existing apps, as
// a model reads it (list_apps' "every existing app", "all apps": existing apps), and "already" there is the app's, not
// list_forks' "exist already" (no copy, fork or clone is named).
var appExists = regexp.MustCompile(`(?i)\b(is\s+there|are\s+there|do\s+we\s+(?:already\s+)?have|does\s+(?:[\w'’-]+\s+){1,2}?(?:already\s+)?have|have\s+we\s+got)\s+(?:already\s+)?an?\s+(?:app|project|application)\s+(?:called|named)\b`)

var copyWords = regexp.MustCompile(`(?i)\b(forks?|forked|cop(y|ies)|clones?|cloned)\b`)

func appExistsAlready(query string, words []string) bool {
	if !appExists.MatchString(query) || copyWords.MatchString(query) {
		return false
	}
	for i, w := range words {
		if strings.EqualFold(w, "already") {
			words[i] = ""
		}
	}
	return true
}

// ansibleState: an Ansible task's "state: present" makes the thing exist, creating it if it is
// missing, and "state: absent" removes it, as a model reads a task ("- name: ensure app x exists
// (state: present)"): a creation or a removal, not a look at what exists; what "ensure" names is
// what is removed.
var ansibleState = regexp.MustCompile(`(?i)\bstate:\s*(present|absent)\b`)

func ansibleVerb(query string) string {
	m := ansibleState.FindStringSubmatch(query)
	switch {
	case m == nil:
		return ""
	case strings.EqualFold(m[1], "present"):
		return "create"
	default:
		return "remove"
	}
}

// letIn: "how do I let her in?", "let the new hire in": letting someone in invites them, as a
// model reads it (add_member's "Invite"); "let me in" asks about my own access, and is left alone.
var letIn = regexp.MustCompile(`(?i)\blet\s+(him|her|them|(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)\s+in\b(?:\s*$|\s*[?.!,;])`)

// dataHosts are the stores whose host a spicepod points at.
var dataHosts = map[string]bool{"database": true, "db": true, "postgres": true, "postgresql": true, "mysql": true, "redis": true,
	"snowflake": true, "databricks": true, "warehouse": true, "server": true, "sql": true}

// dataHost: "the new database host", "the old postgres host": a data store's host is the address a
// spicepod connects to, a value in it, as a model reads it (update_app's spicepod), not a place
// to host apps in (list_regions' "can be hosted"): that "host" is left out.
func dataHost(words []string) {
	for i := 1; i < len(words); i++ {
		if l := strings.ToLower(strings.Trim(words[i], nameEdges)); (l == "host" || l == "hosts" || l == "hostname") && dataHosts[strings.ToLower(words[i-1])] {
			words[i] = ""
		}
	}
}

// slashCommand: "/spice link-repo fraud-scoring acme/fraud-pod": a slash command's subcommand is
// its verb, read by its words ("link repo"), not an app's name.
func slashCommand(fields []string) []string {
	for i, f := range fields[:max(0, len(fields)-1)] {
		if strings.EqualFold(f, "/spice") && strings.Contains(fields[i+1], "-") {
			return strings.Split(strings.ToLower(fields[i+1]), "-")
		}
	}
	return nil
}

// ownerRepo: "acme/etl", "league-data/fixtures-pod": an owner and a repository joined by a slash
// name a GitHub repository, as a model reads it (connect_repository's "owner/repo"); two sides
// both in the tools' words ("public/private", "us-east-1/us-west-2") are no repository, nor is a
// path or URL.
var ownerRepo = regexp.MustCompile(`^[A-Za-z0-9][\w.-]*/[\w.-]*[A-Za-z0-9]$`)

func (ix *Index) ownerRepos(fields []string) bool {
	for _, f := range fields {
		f = strings.Trim(f, "\"'()[],;:.!?")
		if !ownerRepo.MatchString(f) || strings.Count(f, "/") != 1 {
			continue
		}
		owner, repo, _ := strings.Cut(f, "/")
		known := func(w string) bool { return slices.ContainsFunc(Terms(w), func(t string) bool { return ix.df[t] > 0 }) }
		if !known(owner) || !known(repo) {
			return true
		}
	}
	return false
}

// madeThings are what "a blank …" makes.
var madeThings = map[string]bool{"app": true, "one": true, "project": true, "application": true}

// blankEmpty: "a blank app" is an empty one, as a model reads it (create_app's "a new, empty
// app"); and "start over" is to begin again, one verb, not resume_app's "start".
func blankEmpty(words []string) {
	for i, w := range words {
		switch l := strings.ToLower(strings.Trim(w, nameEdges)); {
		case l == "blank" && i+1 < len(words) && madeThings[strings.ToLower(strings.Trim(words[i+1], nameEdges))]:
			words[i] = "empty" // "the embeds are blank" is a screen's, and stays
		case (l == "start" || l == "starting") && i+1 < len(words) && strings.EqualFold(strings.Trim(words[i+1], nameEdges), "over"):
			words[i] = ""
		}
	}
}

// downToNothing: "scale fraud-scoring down to nothing" scales it to zero, as a model reads it
// (pause_app's "scale down to zero"), not create_app's "nothing deployed".
func downToNothing(words []string) {
	for i := 0; i+2 < len(words); i++ {
		if strings.EqualFold(words[i], "down") && strings.EqualFold(words[i+1], "to") && strings.EqualFold(strings.Trim(words[i+2], nameEdges), "nothing") {
			words[i+2] = "zero"
		}
	}
}

// asPartOf: "as part of our data-minimisation policy", "as part of the migration" says why, not
// what is asked, as a model reads it (not list_orgs' "part of"): it is left out.
func asPartOf(words []string) {
	for i := 0; i+2 < len(words); i++ {
		if strings.EqualFold(words[i], "as") && strings.EqualFold(words[i+1], "part") && strings.EqualFold(words[i+2], "of") {
			words[i], words[i+1], words[i+2] = "", "", ""
		}
	}
}

// visibilityTo: "restrict the app reports-public to private visibility", "switch orders-api to
// public": turning an app to public or private changes its visibility, as "make it private" does
// (madeVisible), update_app's "make public or private", not create_app's visibility to choose.
var visibilityTo = regexp.MustCompile(`(?i)\b(restrict|restricts|switch|flip|change|turn|lock|move)\s+(?:[\w'’-]+\s+){0,4}?to\s+(private|public)\b`)
