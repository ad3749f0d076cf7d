package present

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Status renders a deployment status with the API's own word, marked so it cannot be misread.
func Status(status string) string { return Inline(statusLabel(status)) }

// statusLabel is Status as plain text, for a table cell (which escapes it).
func statusLabel(status string) string {
	switch status {
	case client.StatusSucceeded:
		return "✅ succeeded"
	case client.StatusFailed:
		return "❌ failed"
	case client.StatusQueued:
		return "⏳ queued"
	case client.StatusInProgress:
		return "🔄 in_progress"
	case client.StatusCreated:
		return "📝 created"
	}
	return status
}

// DeploymentsRepeated says the API listed each of ids more than once: each is shown once.
func DeploymentsRepeated(ids []int64) string {
	if len(ids) == 1 {
		return fmt.Sprintf("The Spice.ai API listed deployment %d twice; it is shown once.", ids[0])
	}
	return listedRepeated("deployment", "deployments", idNames(ids), "")
}

// DeploymentShownOnPageBefore heads a next page from which deployment id, which the page before
// ended with and the API lists again here, is left out.
func DeploymentShownOnPageBefore(id int64) string {
	return fmt.Sprintf("The Spice.ai API listed deployment %d again on this page; the page before ended with it, so it is not shown twice.", id)
}

// Deployments renders an app's deployment history, newest first; NoDeployments an empty one
// with the next step.
func Deployments(app string, deps []client.Deployment) string {
	return DeploymentsWithStatus(app, "", deps)
}

// DeploymentsWithStatus is Deployments listed by a status filter, which the heading names
// ("1 failed deployment of …"); status "" is no filter.
func DeploymentsWithStatus(app, status string, deps []client.Deployment) string {
	if len(deps) == 0 {
		return AppHasNo(app, "deployments") + " yet."
	}
	kind := "deployment"
	if status != "" {
		kind = clip(status, wordBytes) + " deployment"
	}
	rows := make([][]string, len(deps))
	for i, d := range deps {
		replicas := ""
		if d.Replicas != 0 {
			replicas = strconv.Itoa(d.Replicas)
		}
		errText := errorMessageShown(d.ErrorMessage, cellBytes) // the same rule as the deployment's own page (apiText; the cell escapes)
		if d.ErrorCode != "" {
			errText = strings.TrimSpace(clip(d.ErrorCode, wordBytes) + ": " + errText)
		}
		rows[i] = []string{strconv.FormatInt(d.ID, 10), clip(statusLabel(d.Status), wordBytes), Time(d.CreatedAt), storedCell(d.ImageTag),
			replicas, source(d), errText}
	}
	header, rows := withoutEmptyColumn([]string{"ID", "Status", "Created", "Image tag", "Replicas", "Branch/commit", "Error"}, rows, "Error")
	header, rows = withoutEmptyColumn(header, rows, "Branch/commit")
	// An image tag or a number of replicas every deployment shown shares is said once.
	var tag, replicas string
	if len(rows) > 1 {
		header, rows, tag = withoutUniformColumn(header, rows, "Image tag")
		header, rows, replicas = withoutUniformColumn(header, rows, "Replicas")
	}
	of := " of " + app
	if app == "" { // under the app's own heading (describe_app)
		of = ""
	}
	return count(len(deps), kind, kind+"s") + of + ", newest first" + sharedByAll(tag, replicas) + ":\n\n" + Table(header, nameColumns(header, rows, "Image tag", "Branch/commit"))
}

// sharedByAll says what every deployment of a list shares, its columns left out: the image tag,
// the number of replicas (either ""): ", all of image tag 2.3.2 and with 2 replicas".
func sharedByAll(tag, replicas string) string {
	var shared []string
	if tag != "" {
		shared = append(shared, "of image tag "+NameText(tag))
	}
	switch replicas {
	case "":
	case "1":
		shared = append(shared, "with 1 replica")
	default:
		shared = append(shared, "with "+replicas+" replicas")
	}
	if len(shared) == 0 {
		return ""
	}
	return ", all " + strings.Join(shared, " and ")
}

// NoDeploymentsWithStatus says that none of an app's deployments has the status asked for (the
// app may have others), and names the call that lists them all (again: the app and
// organization as the caller named them).
func NoDeploymentsWithStatus(app, status string, again ...Arg) string {
	return fmt.Sprintf("No deployment of %s has status %s. All its deployments: %s.", app, status,
		Call("list_deployments", again...))
}

// RecentDeployments renders the newest deployments of an app that has older ones too: it says
// these are the most recent, and names the list_deployments call that shows the older ones
// (again: the app and organization as the caller named them; next: the offset after these);
// hidden: list_deployments when the caller cannot use it, with why (none when it can), the portal
// named then (portalOr).
func RecentDeployments(app string, deps []client.Deployment, next int, hidden []UnavailableTool, again ...Arg) string {
	list := Deployments(app, deps)
	heading, table, _ := strings.Cut(list, "\n\n")
	_, shared, _ := strings.Cut(strings.TrimSuffix(heading, ":"), ", newest first") // what all share, if anything
	older := Call("list_deployments", append(slices.Clip(again), Arg{"offset", next})...)
	if len(hidden) > 0 {
		older = "left out, as " + portalOr(hidden, "them", toolsUnavailable(hidden)+"; the Spice.ai portal shows them")
	}
	of := " of " + app
	if app == "" { // under the app's own heading (describe_app)
		of = ""
	}
	return fmt.Sprintf("The %s most recent deployments%s, newest first%s; older ones: %s.\n\n%s", number(len(deps)), of, shared, older, table)
}

// nextDeployment is what deploys an app's stored configuration next, naming create_deployment,
// resume_app and update_app only where none of them is hidden (unavailable).
func nextDeployment(unavailable []UnavailableTool) string {
	if slices.ContainsFunc(unavailable, func(t UnavailableTool) bool {
		return t.Name == "create_deployment" || t.Name == "resume_app" || t.Name == "update_app"
	}) {
		return "the next deployment, however it is started (a new one, a resume, or a change followed by one),"
	}
	return "the next create_deployment, resume_app, or update_app followed by a deployment"
}

// source renders where a deployment came from: branch@commit.
func source(d client.Deployment) string { return sourceAs(d, clip) }

// sourceShown is source as a line of Markdown shows it: the branch and a commit that is not a
// SHA each as NameText shows a name (nameClipped).
func sourceShown(d client.Deployment) string {
	return sourceAs(d, nameClipped)
}

func sourceAs(d client.Deployment, clip func(string, int) string) string {
	if m := MaskStoredDeployment(d); m.Branch != d.Branch || m.CommitSHA != d.CommitSHA {
		d.Branch, d.CommitSHA = m.Branch, m.CommitSHA
		return sourceAs(d, clip) + maskedWhy
	}
	commit := d.CommitSHA
	if len(commit) > 12 && len(commit) <= 64 && isHex(commit) {
		commit = commit[:12] // a SHA (40 or 64 hex digits), in its usual abbreviation
	} else {
		commit = clip(commit, wordBytes) // anything else, as every short field: with a note
	}
	branch := clip(d.Branch, wordBytes)
	switch {
	case branch != "" && commit != "":
		return branch + "@" + commit
	case branch != "":
		return branch
	}
	return commit
}

// nameClipped is a short name the API gives (an image tag, a branch, a user) as NameText shows
// it, cut to limit bytes with the note on its length outside it; "" for none.
func nameClipped(s string, limit int) string {
	if s == "" {
		return ""
	}
	head, note := cutNoted(s, limit)
	return NameText(head) + note
}

// isHex reports whether s is all hexadecimal digits, as a commit SHA is.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

// A deployment's texts are the API's, and it bounds none of them: a commit message may run to
// any length. In a result each is shortened to these many bytes, with a note giving its full
// length (clip), so that what matters — a failed deployment's status, error code, whether
// retrying helps, the fix and the failing instance's log lines — always fits one result.
const (
	textBytes = 400 // the commit message, the API's error message
	cellBytes = 200 // the error message in a table cell
	wordBytes = 100 // status, error code, image, image tag, branch, creator
	// LogLineBytes bounds each failure log line under a failed deployment (ClipLogLines).
	LogLineBytes = 200
)

// clip returns s, or, when it is longer than limit bytes, its start (at most limit bytes, at a
// character boundary, at a space when one is near) and a note with its full length: a text is
// never shortened silently.
func clip(s string, limit int) string {
	head, total := cut(s, limit)
	if total == 0 {
		return s
	}
	return head + ShortenedNote(total)
}

// FieldErrorsText renders field errors as "field: message", each field named once (field "":
// the message alone, a refusal of the call as a whole, not of one field): a message
// that opens with its field's name ("Replicas must be …") drops it, and several fields stand on
// lines of their own ("\n- field: message"), since a message may hold a "," or ";" itself. Each
// message is shortened to textBytes: a rule quotes the value it refused, and a 10,000-character
// value is not echoed whole.
func FieldErrorsText(fields rules.FieldErrors) string { return fieldErrorsText(fields, textBytes) }

// fieldErrorsText is FieldErrorsText with each message shortened to limit bytes (0: not
// shortened, for messages of ours that shorten what they quote themselves).
func fieldErrorsText(fields rules.FieldErrors, limit int) string {
	var b strings.Builder
	names := fields.Fields()
	for _, field := range names {
		messages := make([]string, len(fields[field]))
		for i, m := range fields[field] {
			messages[i] = validatorWords(withoutFieldName(field, ruleOf(m)))
			if limit > 0 {
				head, note := cutNoted(messages[i], limit)
				messages[i] = head + note
			}
		}
		if len(names) > 1 {
			b.WriteString("\n- ")
		}
		if field != "" { // "": the call as a whole (NothingToUpdate), no one field
			b.WriteString(field + ": ")
		}
		b.WriteString(strings.Join(messages, ", "))
	}
	return b.String()
}

// withoutFieldName is rules.WithoutFieldName: the rendering names the field.
func withoutFieldName(field, message string) string { return rules.WithoutFieldName(field, message) }

// NothingSent opens every refusal of arguments checked before anything was sent, whether the
// decoder (an unknown argument, a wrong JSON type) or a tool's rules found it, so an agent reads
// "nothing was sent" the same way every time; the field and its rule follow.
const NothingSent = "Invalid arguments, nothing was sent: "

// ArgRemedy is the What to do line under a refusal of tool's arguments (NothingSent's), so that
// it reads as an API error does: what was refused, then a line of its own with the fix, as the
// agent skill's troubleshooting table pairs each issue with its solution. several: more than
// one argument was refused. fixes are the rules' own (WithFix), each said here once and not
// in the refusal; without one, "correct it": the refusal names the field and its rule. It names
// no value, and a line of a few tokens keeps the commonest error cheap.
func ArgRemedy(tool string, several bool, fixes ...string) string {
	fixes = slices.DeleteFunc(slices.Clone(fixes), func(f string) bool { return f == "" }) // an empty fix is none ("What to do: , then")
	then := ", then call " + tool + " again."
	switch {
	case len(fixes) == 0 && several:
		return whatToDo("correct them" + then)
	case len(fixes) == 0:
		return whatToDo("correct it" + then)
	case several:
		return whatToDo("correct them: " + strings.Join(fixes, "; ") + ";" + strings.TrimPrefix(then, ","))
	}
	return whatToDo(strings.Join(fixes, "; ") + then)
}

// fixMark parts a field rule's message from its own fix (WithFix): the refusal shows the rule,
// its What to do line the fix, so no refusal says what to do twice.
const fixMark = "; to fix: " // readable where the error is logged whole (FieldErrors.String)

// WithFix is a field rule's message (rules.FieldErrors) carrying its own fix, which ArgRemedy
// says in place of "correct it".
func WithFix(rule, fix string) string { return rule + fixMark + fix }

// ruleOf is a message without its fix (WithFix).
func ruleOf(message string) string { rule, _ := SplitFix(message); return rule }

// SplitFix parts a message, or a refusal holding one (ArgField), from its fix (WithFix, or the
// one a rule's message the API shares ends with: rules.CutFix); fix is "" when it has none.
func SplitFix(text string) (rule, fix string) {
	if rule, fix, ok := strings.Cut(text, fixMark); ok {
		return rule, fix
	}
	return rules.CutFix(text)
}

// FieldFixes are the fixes the messages of fields carry (WithFix), each once, in the fields'
// order.
func FieldFixes(fields rules.FieldErrors) []string {
	var fixes []string
	for _, field := range fields.Fields() {
		for _, m := range fields[field] {
			if _, fix := SplitFix(m); fix != "" && !slices.Contains(fixes, fix) {
				fixes = append(fixes, fix)
			}
		}
	}
	return fixes
}

// invalidArguments is the refusal of arguments checked before anything was sent, fields being
// FieldErrorsText's rendering.
func invalidArguments(fields string) string {
	if strings.HasPrefix(fields, "\n") {
		return strings.TrimSuffix(NothingSent, " ") + fields
	}
	return NothingSent + fields
}

// ShortenedNote follows a text shortened in a result: "… (shortened; 30,005 characters in all)".
func ShortenedNote(total int) string {
	return fmt.Sprintf("… (shortened; %s characters in all)", number(total))
}

// cut returns s shortened to at most limit bytes and its length in characters, or s and 0 when
// it fits. The cut falls at a character boundary, and at a space within the last quarter when
// there is one, so a credential-shaped run is shown whole (and masked) or not at all.
func cut(s string, limit int) (string, int) {
	if len(s) <= limit {
		return s, 0
	}
	end := max(limit, 0)
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	if sp := strings.LastIndexByte(s[:end], ' '); sp >= end*3/4 {
		end = sp
	}
	return strings.TrimRight(s[:end], " "), utf8.RuneCountInString(s)
}

// MaskStoredDeployment returns d with a credential in its branch, commit, image and image tag
// (MaskText) and its commit message (prose: MaskAPIText, as its error message) masked: texts
// another client stored (the API, or this server before round 63 refused them) are shown as
// the API's error texts are, never as a credential; what is sent is never built from this copy.
func MaskStoredDeployment(d client.Deployment) client.Deployment {
	d.Branch, d.CommitSHA, d.CommitMessage = MaskText(d.Branch), MaskText(d.CommitSHA), MaskAPIText(d.CommitMessage)
	d.Image, d.ImageTag = MaskText(d.Image), MaskText(d.ImageTag)
	return d
}

// storedCell is a stored name as a table's cell shows it: storedClipped's mask and why, clipped.
func storedCell(s string) string {
	if shown := storedShown(s, false); shown != s {
		shown, _ = strings.CutSuffix(shown, maskedWhy)
		return clip(shown, wordBytes) + maskedWhy
	}
	return clip(s, wordBytes)
}

// storedClipped is a stored name (a setting, an image tag) as a line shows it: a credential in
// it masked, the rest as nameClipped shows it, and why after it.
func storedClipped(s string, limit int) string {
	shown, why := strings.CutSuffix(storedShown(s, false), maskedWhy)
	if why {
		return nameClipped(shown, limit) + maskedWhy
	}
	return nameClipped(s, limit)
}

// ShortenDeployment returns d with its error message masked and each text the API sent longer
// than its limit shortened (ending in "…"), for structured content, and the full length in
// characters of each one shortened, by JSON field name (nil when none was): what the text says
// of them.
func ShortenDeployment(d client.Deployment) (client.Deployment, map[string]int) {
	stored := d
	d = MaskStoredDeployment(d)
	// A stored text masked says why after its cut, as the text does (and as an app's do).
	fields := [...]struct{ shown, was *string }{{&d.Branch, &stored.Branch}, {&d.CommitSHA, &stored.CommitSHA},
		{&d.CommitMessage, &stored.CommitMessage}, {&d.Image, &stored.Image}, {&d.ImageTag, &stored.ImageTag}}
	var masked [len(fields)]bool
	for i, f := range fields {
		masked[i] = *f.shown != *f.was
	}
	maskedError := MaskAPIText(d.ErrorMessage) // as the text shows it (apiText), with why after its cut
	errorMasked := maskedError != d.ErrorMessage
	d.ErrorMessage = maskedError
	var full map[string]int
	field := func(name string, s *string, limit int) {
		if head, total := cut(*s, limit); total > 0 {
			*s = head + "…"
			if full == nil {
				full = map[string]int{}
			}
			full[name] = total
		}
	}
	field("status", &d.Status, wordBytes)
	field("image_tag", &d.ImageTag, wordBytes)
	field("image", &d.Image, wordBytes)
	field("branch", &d.Branch, wordBytes)
	field("commit_sha", &d.CommitSHA, wordBytes)
	field("commit_message", &d.CommitMessage, textBytes)
	field("error_message", &d.ErrorMessage, textBytes)
	field("error_code", &d.ErrorCode, wordBytes)
	field("creation_source", &d.CreationSource, wordBytes)
	field("created_by", &d.CreatedBy.Name, wordBytes)
	for i, f := range fields {
		if masked[i] {
			*f.shown += maskedWhy
		}
	}
	if errorMasked {
		d.ErrorMessage += maskedWhy
	}
	return d, full
}

// errorMessageShown is a deployment's error_message as results show it: masked (MaskAPIText,
// as the API's error texts), shortened to limit, and, when a credential was masked, followed
// by why, as every other stored text masked is (storedShown), so that a bare ******** is not
// read as what the API wrote.
func errorMessageShown(msg string, limit int) string {
	masked := MaskAPIText(msg)
	shown := clip(masked, limit)
	if masked != msg {
		shown += maskedWhy
	}
	return shown
}

// ClipLogLines returns log lines (masked: MaskLogLines) each at most limit bytes, a longer one
// ending in ShortenedNote, for a failed deployment's result.
func ClipLogLines(lines []string, limit int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = clip(l, limit)
	}
	return out
}

// Deployment renders one deployment with its status first and, when failed, the error and the
// remedy; when still running, how to follow it (again: the app and organization as the caller
// named them, for the wait_for_deployment call to show; see NextStep).
func Deployment(app string, d *client.Deployment, again ...Arg) string {
	return DeploymentIn(app, d, Standing{}, again...)
}

// deploymentOf names a deployment and its app (a label); app "": under a line that names the
// app already (create_and_deploy_app's heading, resume_app's "Resumed"), the deployment alone.
func deploymentOf(id int64, app string) string {
	if app == "" {
		return "Deployment " + strconv.FormatInt(id, 10)
	}
	return "Deployment " + strconv.FormatInt(id, 10) + " of " + app
}

// DeploymentIn is Deployment with what the tool found out about where a succeeded deployment
// stands (st). Every text the API sent is shortened to its limit with a note (clip). app "":
// the text above names the app (deploymentOf).
func DeploymentIn(app string, d *client.Deployment, st Standing, again ...Arg) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: **%s**", deploymentOf(d.ID, app), Inline(clip(statusLabel(d.Status), wordBytes)))
	if msg := Inline(errorMessageShown(d.ErrorMessage, textBytes)); msg != "" { // apiText, shortened once masked
		fmt.Fprintf(&b, " — %s", msg)
	}
	b.WriteString("\n\n")
	line := func(label, value string) {
		if value = Inline(value); value != "" {
			fmt.Fprintf(&b, "- %s: %s\n", label, value)
		}
	}
	nameLine := func(label, shown string) { // shown: already Markdown (nameClipped)
		if shown != "" {
			fmt.Fprintf(&b, "- %s: %s\n", label, shown)
		}
	}
	// Started within the minute it was created (as most are): that minute is written once; so
	// is one it was last updated in too (a deployment of seconds, the sandbox's).
	switch created, started, updated := Time(d.CreatedAt), timePtr(d.StartedAt), timePtr(d.UpdatedAt); {
	case created != "" && started == created && updated == created:
		line("Created, started and updated", created)
	case created != "" && started == created:
		line("Created and started", created)
		line("Updated", updated)
	default:
		line("Created", created)
		line("Started", started)
		line("Updated", updated)
	}
	nameLine("Image tag", storedClipped(d.ImageTag, wordBytes))
	if d.Replicas != 0 {
		line("Replicas", strconv.Itoa(d.Replicas))
	}
	nameLine("Branch/commit", sourceShown(*d))
	if m := MaskAPIText(d.CommitMessage); m != d.CommitMessage {
		line("Message", clip(m, textBytes)+maskedWhy)
	} else {
		line("Message", clip(d.CommitMessage, textBytes))
	}
	// created_by is a user, creation_source what they used (api, portal, github, cli): kept
	// apart, so a source never reads as a user's name.
	switch by, via := nameClipped(d.CreatedBy.String(), wordBytes), nameClipped(d.CreationSource, wordBytes); {
	case by != "" && via != "":
		nameLine("Created by", by+" (via "+via+")")
	case by != "":
		nameLine("Created by", by)
	default:
		nameLine("Created via", via)
	}
	if d.Status == client.StatusFailed && d.ErrorCode != "" {
		class := DeploymentErrorClass(clip(d.ErrorCode, wordBytes))
		if d.ErrorCode == client.CodeStopped {
			class = stoppedClass(d)
		}
		fmt.Fprintf(&b, "- Error code: %s\n", class)
	}
	if odd := DeploymentOddities(*d, st.Now); len(odd) > 0 {
		fmt.Fprintf(&b, "- %s%s; read it again before relying on these\n", oddNote, strings.Join(odd, "; "))
	}
	if next := nextStep(d, st, again...); next != "" {
		b.WriteString("\n" + next)
	}
	return strings.TrimRight(b.String(), "\n")
}

// NextStep says what to do about a deployment in its current state. A deployment still running
// is followed with wait_for_deployment (as the server's instructions say, not by calling
// get_deployment again): the exact call when again holds the app (and organization) as the
// caller named them, else the tool and the arguments it needs.
func NextStep(d *client.Deployment, again ...Arg) string { return nextStep(d, Standing{}, again...) }

// Standing is where a succeeded deployment stands, as far as the tool found out: the app runs
// it only while it is the app's newest deployment, the app is not paused and an instance is
// ready.
type Standing struct {
	// ReplacedBy is a later succeeded deployment, which took its place (0: none found).
	ReplacedBy int64
	// Newer is a later deployment that has not succeeded (failed, queued, in progress), of
	// status NewerStatus: what the app runs is then not known.
	Newer       int64
	NewerStatus string
	// Latest: no later deployment exists (checked, or known from how the tool found it).
	Latest bool
	// Paused: the app is paused; Running: its instances were listed and one is ready;
	// NoneReady: they were listed and none is. None of them: not known.
	Paused, Running, NoneReady bool
	// Resumable, read only for a paused app: whether a resume has what it deploys (a spicepod,
	// or a connected repository); without one resume_app is refused, and update_app comes first.
	Resumable Deployable
	// Rerun: the deployment is create_and_deploy_app's, whose re-run sets the app's
	// configuration to that call's arguments: a fix goes in them, not in update_app.
	Rerun bool
	// WaitInSteps: the wait is a row of the result's step table, which says how long it took
	// (create_and_deploy_app): a finished wait's text does not say it again.
	WaitInSteps bool
	// RollbackOf is the deployment this one rolls back to, when this server queued it
	// (rollback_deployment); 0: not known to be a rollback (the API does not mark one).
	// RollbackByShape: it was only taken for that rollback, whose answer was lost, by its
	// image tag, commit and replicas; another caller's deployment would look the same.
	RollbackOf      int64
	RollbackByShape bool
	// QueuedFor is how long a queued deployment has been queued at least (0: not known);
	// from QueuedTooLong on it is said to be stuck, with what to check.
	QueuedFor time.Duration
	// Unavailable are the tools of FixTools the caller cannot use, with why: a failed
	// deployment's fix names them only as not available.
	Unavailable []UnavailableTool
	// Sandbox: the server runs --sandbox, whose emulator's deployments take seconds, not the
	// minutes the API's usually take (inFlightTakes).
	Sandbox bool
	// URL is the app's (client.AppURL), said where it is live; "" where a headline shows it.
	URL string
	// Now is this server's clock when the deployment was read, to tell a time in the future
	// (zero: not checked).
	Now time.Time
}

// skewAllowed is how far ahead of this server's clock an API time may be before it is odd.
const skewAllowed = 5 * time.Minute

// DeploymentOddities are what no deployment can have, in d as the API answered: a negative
// replicas count, times out of order, and (now not zero) a time in the future.
func DeploymentOddities(d client.Deployment, now time.Time) []string {
	var odd []string
	if d.Replicas < 0 {
		odd = append(odd, fmt.Sprintf("replicas %d, which no deployment has", d.Replicas))
	}
	before := func(later *client.Timestamp, laterName string, earlier *client.Timestamp, earlierName string) {
		if later != nil && earlier != nil && !later.IsZero() && !earlier.IsZero() && later.Before(earlier.Time) {
			odd = append(odd, fmt.Sprintf("%s %s is before %s %s", laterName, Time(*later), earlierName, Time(*earlier)))
		}
	}
	before(d.StartedAt, "started_at", &d.CreatedAt, "created_at")
	before(d.FinishedAt, "finished_at", d.StartedAt, "started_at")
	if d.StartedAt == nil {
		before(d.FinishedAt, "finished_at", &d.CreatedAt, "created_at")
	}
	before(d.UpdatedAt, "updated_at", &d.CreatedAt, "created_at")
	if !now.IsZero() {
		for _, t := range []struct {
			name string
			at   *client.Timestamp
		}{{"created_at", &d.CreatedAt}, {"started_at", d.StartedAt}, {"finished_at", d.FinishedAt}, {"updated_at", d.UpdatedAt}} {
			if t.at != nil && t.at.After(now.Add(skewAllowed)) {
				odd = append(odd, fmt.Sprintf("%s %s is in the future (this server's clock reads %s)", t.name, Time(*t.at), Time(client.Timestamp{Time: now})))
			}
		}
	}
	return odd
}

// oddNote heads a deployment's oddities.
const oddNote = "Odd in the API's answer: "

// DeploymentsOdd notes the oddities of the deployments listed ("" when none has any).
func DeploymentsOdd(deps []client.Deployment, now time.Time) string {
	var each []string
	for _, d := range deps {
		if odd := DeploymentOddities(d, now); len(odd) > 0 {
			each = append(each, fmt.Sprintf("deployment %d: %s", d.ID, strings.Join(odd, "; ")))
		}
	}
	if len(each) == 0 {
		return ""
	}
	return oddNote + strings.Join(each, ". ") + ". Read a deployment again with get_deployment before relying on these."
}

// inFlightTakes is how long a deployment in flight usually takes, as a clause after "; ".
func inFlightTakes(sandbox bool) string {
	if sandbox {
		return "the sandbox's deployments end within seconds (about 5 s)"
	}
	return "deployments usually take a few minutes"
}

// QueuedTooLong is how long a deployment may stay queued before it is treated as stuck rather
// than slow: the maximum wait the API's guide suggests (about 10 minutes).
const QueuedTooLong = 10 * time.Minute

// StuckTools are the read tools stuckQueued names: each is left out where the caller cannot
// use it (Standing.Unavailable), as there is nothing to propose instead.
var StuckTools = []string{"get_app", "list_container_images", "list_instances"}

// stuckQueued is what to check about a deployment queued for longer than QueuedTooLong (queued):
// the causes the API's troubleshooting names (again: the app and organization as the caller
// named them; unavailable: the tools the caller cannot use, named then not at all).
func stuckQueued(queued time.Duration, unavailable []UnavailableTool, again []Arg) string {
	f := &fixTools{unavailable: unavailable}
	getApp, instances := "get_app (with the app)", "list_instances (with the app)"
	if len(again) > 0 {
		getApp, instances = Call("get_app", again...), Call("list_instances", again...)
	}
	return fmt.Sprintf("It has been queued for at least %s, longer than a deployment normally waits (about %s): "+
		"something is likely wrong. A deployment that stays queued usually means the app has no valid spicepod configured%s "+
		"or a pinned image_tag (Enterprise plans) does not exist%s%s.",
		Duration(queued.Truncate(time.Minute)), Duration(QueuedTooLong), f.read(" ("+getApp+" shows it)", "get_app"),
		f.read(" (list_container_images lists the published ones)", "list_container_images"),
		f.read("; "+instances+" shows what runs now", "list_instances"))
}

// Live reports whether the app runs the deployment now: true or false when that is known,
// nil when it is not.
func (st Standing) Live() *bool {
	var live bool
	switch {
	case st.ReplacedBy != 0 || st.Paused:
	case st.Latest && st.Running:
		live = true
	case st.Latest && st.NoneReady:
	default:
		return nil
	}
	return &live
}

// newerState is how a later deployment of status stands, after its ID ("failed", "is still in
// progress (queued)").
func newerState(status string) string {
	switch status {
	case client.StatusFailed:
		return "failed"
	case client.StatusQueued, client.StatusInProgress:
		return "is still in progress (" + status + ")"
	case client.StatusCreated:
		return "has status created, not in flight"
	}
	return "is " + Inline(clip(status, wordBytes))
}

// statusInFlight reports whether a deployment of status has not ended yet (client.StatusInFlight).
func statusInFlight(status string) bool { return client.StatusInFlight(status) }

// followNewer is how to follow the later deployment st.Newer while it is in flight (the exact
// wait_for_deployment call when again holds the app), "" once it has ended.
func followNewer(st Standing, again []Arg) string {
	if !statusInFlight(st.NewerStatus) {
		return ""
	}
	if len(again) == 0 {
		return fmt.Sprintf(" wait_for_deployment (the app and deployment_id %d) follows it.", st.Newer)
	}
	return " " + Follow(st.Newer, st.Unavailable, again...) + " follows it."
}

// FollowTools are the tools that follow a deployment in flight, the first the caller can use
// named: wait_for_deployment, else get_deployment called again until the deployment ends.
var FollowTools = []string{"wait_for_deployment", "get_deployment"}

// Follow is how to follow deployment id in flight (again: the app and organization as the
// caller named them): the wait_for_deployment call where the caller can use it, else
// followCall's (unavailable: the tools it cannot use, FollowTools' among them, with why).
func Follow(id int64, unavailable []UnavailableTool, again ...Arg) string {
	if !slices.ContainsFunc(unavailable, func(t UnavailableTool) bool { return t.Name == "wait_for_deployment" }) {
		return Call("wait_for_deployment", append(slices.Clip(again), Arg{"deployment_id", id})...)
	}
	return followCall(id, unavailable, again)
}

// FollowName is the tool that follows a deployment in flight: the first of FollowTools the
// caller can use (unavailable: those it cannot), else the Spice.ai portal (in sandbox mode, which
// has none, the tools, with why they are not available: toolsInstead).
func FollowName(unavailable []UnavailableTool) string {
	name, _ := followName(unavailable)
	return name
}

// followName is FollowName, and whether it names a tool the caller can use.
func followName(unavailable []UnavailableTool) (string, bool) {
	for _, tool := range FollowTools {
		if !slices.ContainsFunc(unavailable, func(t UnavailableTool) bool { return t.Name == tool }) {
			return tool, true
		}
	}
	if follow := onlyFollowTools(unavailable); noPortal(follow) {
		return toolsInstead(follow, "its deployments"), false
	}
	return "the Spice.ai portal", false
}

// onlyFollowTools is those of unavailable that are FollowTools.
func onlyFollowTools(unavailable []UnavailableTool) []UnavailableTool {
	return slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return !slices.Contains(FollowTools, t.Name) })
}

// followNewest is how to follow the app's newest deployment in flight, its ID not known:
// wait_for_deployment without deployment_id where usable, else list_deployments to find it and
// Follow's way for it (the Spice.ai portal where either is unavailable too).
func followNewest(unavailable []UnavailableTool, again []Arg) string {
	if !slices.ContainsFunc(unavailable, func(t UnavailableTool) bool { return t.Name == "wait_for_deployment" }) {
		return Call("wait_for_deployment", again...)
	}
	unavailable = slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool {
		return !slices.Contains(FollowTools, t.Name) && t.Name != "list_deployments"
	})
	if slices.ContainsFunc(unavailable, func(t UnavailableTool) bool { return t.Name == "get_deployment" || t.Name == "list_deployments" }) {
		if noPortal(unavailable) {
			return toolsInstead(unavailable, "the app's deployments")
		}
		return "the Spice.ai portal, which shows the app's deployments (" + toolsUnavailable(unavailable) + "; an operator can make one available)"
	}
	return Call("list_deployments", again...) + " (its newest is first), then get_deployment with that deployment_id, called again until " +
		"it ends (" + toolsUnavailable(unavailable) + ")"
}

// followCall names how to follow deployment id without wait_for_deployment: get_deployment
// called again until it ends, or, where that is not available either, the Spice.ai portal.
func followCall(id int64, unavailable []UnavailableTool, again []Arg) string {
	// Only the follow tools' reasons: unavailable may hold others (a fix's).
	unavailable = slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return !slices.Contains(FollowTools, t.Name) })
	if slices.ContainsFunc(unavailable, func(t UnavailableTool) bool { return t.Name == "get_deployment" }) {
		if noPortal(unavailable) {
			return toolsInstead(unavailable, fmt.Sprintf("deployment %d", id))
		}
		return fmt.Sprintf("the Spice.ai portal, which shows deployment %d (%s; an operator can make one available)",
			id, toolsUnavailable(unavailable))
	}
	wait := slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return t.Name != "wait_for_deployment" })
	return Call("get_deployment", append(slices.Clip(again), Arg{"deployment_id", id})...) +
		" (called again until the deployment ends: " + toolsUnavailable(wait) + ")"
}

// succeededStep is what to make of a succeeded deployment (see Standing); again as NextStep's.
// Whether a later deployment is a rollback to this one the API does not say, so it is not
// claimed either way.
func succeededStep(d *client.Deployment, st Standing, again []Arg) string {
	f := &fixTools{unavailable: st.Unavailable} // resume_app and update_app named as calls only where usable
	resume := func() string {
		switch {
		case f.reason("resume_app") != "":
			return f.name("resume_app")
		case len(again) > 0:
			return Call("resume_app", again...)
		}
		return "resume_app (with the app)"
	}
	switch {
	case st.ReplacedBy != 0:
		back := fmt.Sprintf("rollback_deployment (the app and deployment_id %d)", d.ID)
		switch { // named as a call only where usable (not with --read-only)
		case f.reason("rollback_deployment") != "":
			back = f.name("rollback_deployment") + fmt.Sprintf(" (to deployment %d)", d.ID)
		case len(again) > 0:
			back = Call("rollback_deployment", append(slices.Clip(again), Arg{"deployment_id", d.ID})...)
		}
		text := fmt.Sprintf("Succeeded; a later deployment (%d) succeeded after it, so this deployment no longer runs "+
			"(%d runs the same configuration if it rolled back to this one).", st.ReplacedBy, st.ReplacedBy)
		newer := st.Newer != 0 && st.Newer != st.ReplacedBy
		if newer && statusInFlight(st.NewerStatus) {
			// A newer one still on its way may be a rollback to this one: offer none.
			text += fmt.Sprintf(" Deployment %d, newer still, %s:%s", st.Newer, newerState(st.NewerStatus), followNewer(st, again))
		} else {
			if newer { // ended without succeeding: it replaced nothing
				text += fmt.Sprintf(" Deployment %d, newer still, %s.", st.Newer, newerState(st.NewerStatus))
			}
			if st.Paused { // a rollback is refused while paused (spicepod_paused) and while the resume's deployment runs
				first := "resume_app (with the app and wait true)"
				switch {
				case f.reason("resume_app") != "":
					first = f.name("resume_app")
				case len(again) > 0:
					first = Call("resume_app", append(slices.Clip(again), Arg{"wait", true})...)
				}
				switch st.Resumable { // a resume alone would be refused (no spicepod configuration): the spicepod first
				case DeployableNo:
					first = setSpicepod(f, "it has none, so a resume would be refused") + ", then " + first
				case DeployableIfConnected:
					first = setSpicepod(f, "it has none stored, so a resume is refused unless a GitHub repository is connected") + ", then " + first
				}
				return f.fix(text + " Unless it did, to run this configuration again: the app is paused, so first " + first +
					" (it deploys the current configuration and waits for it), then " + back + ".")
			}
			text += " Unless it did, to run this configuration again: " + back + "."
		}
		if st.Paused && st.Resumable != DeployableYes && len(again) > 0 {
			text += " The app is paused, too. " + resumeBlockedBy(st.Resumable, f, again...)
		} else if st.Paused {
			text += " The app is paused, too: " + resume() + " starts it again."
		}
		return f.fix(text)
	case st.Newer != 0:
		return fmt.Sprintf("Succeeded; a later deployment (%d) %s, so whether the app still runs this one is not known: "+
			"list_instances shows what runs now.%s", st.Newer, newerState(st.NewerStatus), followNewer(st, again))
	case st.Paused && st.Resumable != DeployableYes && len(again) > 0:
		return f.fix("The app is paused: its runtime is stopped, so this configuration does not serve. " + resumeBlockedBy(st.Resumable, f, again...))
	case st.Paused:
		return f.fix("The app is paused: its runtime is stopped, so this configuration does not serve. " + resume() +
			" starts it again with a new deployment.")
	case st.Latest && st.Running:
		return "The app is live with this configuration."
	case st.Latest && st.NoneReady:
		return "Succeeded, and no later deployment exists, but no instance of the app is ready: nothing runs this " +
			"configuration now (list_instances shows the app's instances)."
	case st.Latest:
		return "Succeeded, and no later deployment exists; whether the app runs it could not be checked (list_instances shows its runtime)."
	}
	return "Succeeded. Whether a later deployment replaced it was not checked: list_deployments shows the later ones."
}

func nextStep(d *client.Deployment, st Standing, again ...Arg) string {
	step := stepFor(d, st, again...)
	if d.Status == client.StatusSucceeded && st.URL != "" && st.ReplacedBy == 0 && st.Newer == 0 && !st.Paused && st.Latest && st.Running {
		step += "\nURL: " + st.URL // where it is live, on a line of its own: no period a link could take in
	}
	return step
}

// stepFor is nextStep without the URL of an app live with d.
func stepFor(d *client.Deployment, st Standing, again ...Arg) string {
	switch {
	case st.RollbackOf != 0 && d.Status == client.StatusFailed:
		return rollbackTakenFor(st) + rollbackFailedStep(d, st, again)
	case st.RollbackOf != 0 && d.Status == client.StatusSucceeded:
		text := fmt.Sprintf("A rollback to deployment %d: it ran that deployment's configuration again. ", st.RollbackOf)
		if st.RollbackByShape {
			text = rollbackTakenFor(st) + "If it is, it ran that deployment's configuration again. "
		}
		text += succeededStep(d, st, again)
		if st.ReplacedBy == 0 && st.Newer == 0 && !st.Paused {
			text += fmt.Sprintf(" The app's stored configuration (spicepod, replicas) was not rolled back and may be newer than "+
				"deployment %d's: %s deploys it and undoes this rollback.", st.RollbackOf, nextDeployment(st.Unavailable))
		}
		return text
	}
	switch d.Status {
	case client.StatusFailed:
		if later := laterThanFailed(d, st, again); later != "" {
			return later
		}
		f := &fixTools{unavailable: st.Unavailable}
		if d.ErrorCode == client.CodeStopped {
			return whatToDo(f.fix(stoppedStep(d, st, f)))
		}
		if st.Rerun && !d.Retriable() {
			return whatToDo(f.fix(rerunRemedy(d, f)))
		}
		if fix, ok := deploymentFixes[d.ErrorCode]; ok && (d.ErrorCode != client.CodeUnableToStart || !messageHasRemedy(d.ReceivedErrorMessage())) {
			return whatToDo(f.fix(fix(f)))
		}
		if strings.TrimSpace(d.ReceivedErrorMessage()) == "" {
			return whatToDo(f.fix(noErrorMessage(d.ErrorCode, f) + ": fix the app's configuration " + f.with("update_app") +
				", then deploy again" + f.mark("create_deployment") + "."))
		}
		return whatToDo(f.fix(deploymentRemedy(d.ReceivedErrorMessage(), f)))
	case client.StatusCreated:
		return superseded(d, again)
	case client.StatusQueued, client.StatusInProgress:
		if d.Status == client.StatusQueued && st.QueuedFor >= QueuedTooLong {
			follow := fmt.Sprintf("wait_for_deployment (the app and deployment_id %d)", d.ID)
			if len(again) > 0 {
				follow = Follow(d.ID, st.Unavailable, again...)
			}
			return "Not started yet. " + stuckQueued(st.QueuedFor, st.Unavailable, again) + " " + follow + " follows it if it starts."
		}
		if len(again) == 0 {
			return fmt.Sprintf("Still running: follow it with wait_for_deployment (the app and deployment_id %d); %s.", d.ID, inFlightTakes(st.Sandbox))
		}
		if slices.ContainsFunc(st.Unavailable, func(t UnavailableTool) bool { return t.Name == "wait_for_deployment" }) {
			return "Still running: follow it with " + Follow(d.ID, st.Unavailable, again...) + "; " + inFlightTakes(st.Sandbox) + "."
		}
		return "Still running: follow it with " + Call("wait_for_deployment", append(slices.Clip(again), Arg{"deployment_id", d.ID})...) +
			"; " + inFlightTakes(st.Sandbox) + "."
	case client.StatusSucceeded:
		return succeededStep(d, st, again)
	}
	return ""
}

// stopCause is what stopped d (error_code stopped), as its error_message names it: "pause",
// "delete", or "" when it names neither.
func stopCause(d *client.Deployment) string {
	msg := strings.ToLower(d.ReceivedErrorMessage())
	switch {
	case strings.Contains(msg, "delete"):
		return "delete"
	case strings.Contains(msg, "pause"):
		return "pause"
	}
	return ""
}

// stoppedBy names what stopped d (stopCause) as the subject of "stopped this deployment".
func stoppedBy(d *client.Deployment) string {
	switch stopCause(d) {
	case "delete":
		return "the app's deletion"
	case "pause":
		return "a pause"
	}
	return "a pause or delete"
}

// stoppedClass is the Error code line of d, stopped: what stopped it, as its error_message
// names it, so a pause never reads as a deletion nor the reverse.
func stoppedClass(d *client.Deployment) string {
	return Code(client.CodeStopped) + " — not a failure: " + stoppedBy(d) + " stopped it"
}

// stoppedStep is what to do about d, stopped by a pause or delete (no later deployment took its
// place): it follows the cause its error_message names and the app's state now (st.Paused, or
// known not paused from its instances), so resume_app is named only for an app that may be
// paused, never after a deletion (an app brought back since is not paused, and may have no
// spicepod).
func stoppedStep(d *client.Deployment, st Standing, f *fixTools) string {
	text := "nothing failed; " + stoppedBy(d) + " stopped this deployment. "
	notPaused := st.Running || st.NoneReady // its instances were listed: not paused
	switch {
	case st.Paused:
		return text + "The app is paused now: " + f.name("resume_app") + " deploys it again."
	case stopCause(d) == "delete":
		return text + "To run the app again once it exists again (a deleted app brought back may have no spicepod): set its " +
			"spicepod " + f.with("update_app") + " if it has none, then deploy it " + f.with("create_deployment") + "."
	case notPaused:
		return text + "The app is not paused now, so there is nothing to resume; " + f.name("create_deployment") +
			" deploys its stored configuration if it should run again."
	}
	return text + "If the app is still paused, " + f.name("resume_app") + " deploys it again."
}

// laterThanFailed is what to do about the failed d when a later deployment replaced it (nothing:
// its error and logs are history) or is in flight (follow it), "" otherwise: the fix stands.
func laterThanFailed(d *client.Deployment, st Standing, again []Arg) string {
	what := "this failure is history (its error and log lines say what went wrong then)"
	if d.ErrorCode == client.CodeStopped {
		what = "nothing failed: " + stoppedBy(d) + " stopped this deployment"
	}
	switch {
	case st.ReplacedBy != 0:
		text := whatToDo(fmt.Sprintf("nothing; a later deployment (%d) succeeded after this one and took its place, so %s.", st.ReplacedBy, what))
		switch {
		case st.Paused:
			next := fmt.Sprintf("get_deployment (the app and deployment_id %d)", st.ReplacedBy)
			if len(again) > 0 {
				next = Call("get_deployment", append(slices.Clip(again), Arg{"deployment_id", st.ReplacedBy})...)
			}
			text += " The app is paused now, though: " + next + " says how to start it again."
		case st.Running:
			text += fmt.Sprintf(" The app runs deployment %d now.", st.ReplacedBy)
		case st.NoneReady:
			text += " No instance of the app is ready now, though: list_instances shows them."
		}
		return text
	case st.Newer != 0 && statusInFlight(st.NewerStatus):
		return whatToDo(fmt.Sprintf("a later deployment (%d) %s:%s If it succeeds, it takes this one's place and nothing is "+
			"left to fix; if it fails, its own error says what to fix.", st.Newer, newerState(st.NewerStatus), followNewer(st, again)))
	}
	return ""
}

// rollbackTakenFor is, for a deployment only taken for a rollback whose answer was lost
// (st.RollbackByShape), that it may not be one; "" otherwise.
func rollbackTakenFor(st Standing) string {
	if !st.RollbackByShape {
		return ""
	}
	return fmt.Sprintf("Taken for the rollback to deployment %d whose answer this server lost. It was created since with "+
		"that deployment's image tag, commit and replicas, but a deployment another caller started meanwhile would look the "+
		"same (nothing the API returns tells them apart). ", st.RollbackOf)
}

// rollbackFailedStep is what to do about a failed rollback to deployment st.RollbackOf: a retry
// is rollback_deployment again (create_deployment deploys the app's stored configuration, not
// to's), and a cause inside to's recorded configuration fails every rollback to it. Where the
// app stands now is said as succeededStep says it (st: found by the tool, as for a succeeded
// deployment): a later deployment still in flight is followed and no rollback offered (one is
// refused meanwhile); one that succeeded since runs now, and rolling back again replaces it; a
// paused app is resumed first (a rollback is refused while paused), one no longer paused is not.
func rollbackFailedStep(d *client.Deployment, st Standing, again []Arg) string {
	to := st.RollbackOf
	f := &fixTools{unavailable: st.Unavailable} // a step names a change tool as a call only where usable
	back := fmt.Sprintf("rollback_deployment (the app and deployment_id %d)", to)
	switch { // named as a call only where usable (not with --read-only)
	case f.reason("rollback_deployment") != "":
		back = f.name("rollback_deployment") + fmt.Sprintf(" (to deployment %d)", to)
	case len(again) > 0:
		back = Call("rollback_deployment", append(slices.Clip(again), Arg{"deployment_id", to})...)
	}
	newerInFlight := st.Newer != 0 && st.Newer != st.ReplacedBy && statusInFlight(st.NewerStatus)
	known := st.Running || st.NoneReady || st.ReplacedBy != 0 // whether the app is paused was found out
	var since string                                          // what happened after this rollback
	// this names the deployment; byShape (st.RollbackByShape): it is only taken for the rollback
	// (rollbackTakenFor said so before), so what follows from being the rollback is said with an if.
	this := fmt.Sprintf("this rollback to deployment %d", to)
	if st.RollbackByShape {
		this = fmt.Sprintf("this deployment (taken for the rollback to deployment %d)", to)
	}
	switch {
	case newerInFlight:
		text := whatToDo(fmt.Sprintf("%s ended, and a later deployment (%d) %s:%s "+
			"A rollback is refused while it runs. Once it has ended, get_deployment of it says where the app stands, and %s "+
			"runs deployment %d's configuration again if that is still wanted.", this, st.Newer, newerState(st.NewerStatus), followNewer(st, again), back, to))
		return text
	case st.ReplacedBy != 0:
		after := "this rollback"
		if st.RollbackByShape {
			after = "this deployment"
		}
		since = fmt.Sprintf("A later deployment (%d) succeeded after %s and runs now; rolling back again replaces it "+
			"with deployment %d's configuration. ", st.ReplacedBy, after, to)
	case st.Newer != 0:
		since = fmt.Sprintf("A later deployment (%d) %s too. ", st.Newer, newerState(st.NewerStatus))
	}
	with := " with "
	if st.Paused { // a rollback is refused while paused and while the resume's deployment runs
		with = ": "
		first := "resume_app (with the app and wait true)"
		switch {
		case f.reason("resume_app") != "":
			first = f.name("resume_app")
		case len(again) > 0:
			first = Call("resume_app", append(slices.Clip(again), Arg{"wait", true})...)
		}
		switch st.Resumable {
		case DeployableNo:
			first = setSpicepod(f, "it has none, so a resume would be refused") + ", then " + first
		case DeployableIfConnected:
			first = setSpicepod(f, "it has none stored, so a resume is refused unless a GitHub repository is connected") + ", then " + first
		}
		back = "the app is paused, so first " + first + " (it deploys the app's stored configuration and waits for it), then " + back
	}
	if d.ErrorCode == client.CodeStopped {
		text := whatToDo(fmt.Sprintf("nothing failed; %s stopped %s. ", stoppedBy(d), this)) + since
		switch {
		case st.Paused:
			return f.fix(text + fmt.Sprintf("To run deployment %d's configuration again: %s.", to, back))
		case known:
			return f.fix(text + fmt.Sprintf("The app is not paused now: %s runs deployment %d's configuration again.", back, to))
		}
		return f.fix(text + fmt.Sprintf("If the app is still paused, %s deploys it again with its stored configuration (with wait "+
			"true, it waits for that deployment); then %s runs deployment %d's again.", f.name("resume_app"), back, to))
	}
	deployStored := "create_deployment" // named as a contrast, not a step: unmarked, and only where usable
	if f.reason(deployStored) != "" {
		deployStored = "a new deployment"
	}
	text := whatToDo(fmt.Sprintf("this was a rollback to deployment %d, which runs that deployment's recorded configuration "+
		"(spicepod, image, replicas) again; %s would deploy the app's stored configuration instead. ", to, deployStored)) + since
	failsAgain := "Rolling back to it again fails"
	if st.RollbackByShape {
		text = whatToDo(fmt.Sprintf("if this was the rollback to deployment %d, it ran that deployment's recorded configuration "+
			"(spicepod, image, replicas) again. If it was another caller's, it ran what that caller deployed, and its error may say "+
			"nothing about deployment %d's configuration. Either way, a rollback runs deployment %d's configuration (%s would "+
			"deploy the app's stored configuration instead). ", to, to, to, deployStored)) + since
		failsAgain = "If this was the rollback, rolling back to it again fails"
	}
	switch {
	case d.Retriable():
		return f.fix(text + "The shortage may pass (see the error code): roll back again shortly" + with + back + ".")
	case d.ErrorCode == client.CodeInternalError:
		return f.fix(text + "Spice.ai failed internally: roll back once more" + with + back + "; if it fails again, contact Spice.ai " +
			"support with the deployment ID.")
	}
	return f.fix(text + "The error above (and the log lines below, when available) says why. " + failsAgain + " the same " +
		"way unless the cause lies outside that configuration, such as a secret its spicepod references that is not set: set " +
		"it " + f.with("set_secret") + ", then " + back + ". Otherwise fix the app's stored configuration " + f.with("update_app") +
		" and deploy it " + f.with("create_deployment") + ".")
}

// setSpicepod is the step that stores a spicepod on an app with none (why: what that blocks),
// naming update_app as a call only where the caller can use it.
func setSpicepod(f *fixTools, why string) string {
	if m := f.mark("update_app"); m != "" {
		return m[len(" with "):] + ", with the app and its spicepod (" + why + ")"
	}
	return "update_app (the app and its spicepod: " + why + ")"
}

// WaitFinishedIn is WaitFinished with where the deployment stands (DeploymentIn). already: the
// first check found it ended, so the wait took no part in it (elapsed is the wait's, never the
// deployment's, length).
func WaitFinishedIn(app string, d *client.Deployment, elapsed time.Duration, already bool, st Standing, again ...Arg) string {
	head := fmt.Sprintf("Finished after waiting %s.", Duration(elapsed))
	switch {
	case st.WaitInSteps && d.Status != client.StatusCreated && !already:
		return DeploymentIn(app, d, st, again...)
	case d.Status == client.StatusCreated:
		head = fmt.Sprintf("Nothing to wait for: this deployment is not in flight; it stayed created through %s of checks.", Duration(elapsed))
	case already:
		head = "Already finished when this wait began; nothing was waited for."
	}
	return head + "\n\n" + DeploymentIn(app, d, st, again...)
}

// deploymentFixes are the fix for each deployment error_code (api/README.md §7.6), naming the
// tools the caller can use (f); whether one is worth retrying unchanged is the client's
// (client.Deployment.Retriable).
var deploymentFixes = map[string]func(f *fixTools) string{
	client.CodeInsufficientCPU: func(f *fixTools) string {
		return "the cluster had no CPU free to schedule the runtime: deploy again shortly " + f.deployShortly() +
			", or lower replicas or resources.requests.cpu " + f.with("update_app") + "."
	},
	client.CodeInsufficientMemory: func(f *fixTools) string {
		return "the cluster had no memory free to schedule the runtime: deploy again shortly " + f.deployShortly() +
			", or lower replicas or resources.requests.memory " + f.with("update_app") + "."
	},
	client.CodeInsufficientStorage: func(f *fixTools) string {
		return "the runtime's storage volume could not be provisioned in time: deploy again shortly " + f.deployShortly() + "."
	},
	client.CodeInsufficientInstances: func(f *fixTools) string {
		return "the region had no capacity for the runtime: deploy again shortly " + f.deployShortly() + "."
	},
	client.CodePodExceedsNodeCapacity: func(f *fixTools) string {
		change := f.with("update_app") + f.read(" (get_limits shows the plan's)", "get_limits")
		if f.reason("update_app") != "" { // one parenthesis after another would read as one
			change = f.read("(get_limits shows the plan's) ", "get_limits") + f.with("update_app")
		}
		return "the requested resources exceed the largest node: lower resources (cpu, memory) or replicas " + change +
			", then deploy again" + f.mark("create_deployment") + "; deploying unchanged fails again."
	},
	client.CodeUnableToStart: func(f *fixTools) string {
		return "the runtime failed to start. Its log lines say why (below when available" +
			f.read("; get_instance_logs for more", "get_instance_logs") + "), most often a secret the spicepod references " +
			"that is not set" + f.paren("set_secret") + " or a dataset it cannot reach" + f.paren("update_app") +
			". Fix that, then deploy again" + f.mark("create_deployment") + "; deploying unchanged fails again."
	},
	client.CodeInternalError: func(f *fixTools) string {
		return "Spice.ai failed internally while deploying: deploy once more " + f.with("create_deployment") +
			"; if it fails again, contact Spice.ai support with the deployment ID."
	},
}

// fixTools names the tools a fix calls for: as a call only where the caller can use it, else
// marked "(not available here)" and, for a tool that changes something, recorded so the fix
// ends saying why it is not available and that such a step is only proposed.
type fixTools struct {
	unavailable []UnavailableTool // every fix tool the caller cannot use, with why (Standing)
	missing     []UnavailableTool // those the fix names for a change
}

// FixTools are the tools a failed deployment's fix may name; Standing.Unavailable holds those
// of them the caller cannot use.
var FixTools = []string{"create_deployment", "update_app", "set_secret", "get_limits", "get_instance_logs", "list_container_images", "resume_app",
	"rollback_deployment", "wait_for_deployment", "get_deployment"}

// reason is why the caller cannot use tool, "" when it can.
func (f *fixTools) reason(tool string) string {
	for _, t := range f.unavailable {
		if t.Name == tool {
			return t.Reason
		}
	}
	return ""
}

// unusable is tool as the caller cannot use it, with why (toolsUnavailable, portalOr): one
// entry, or none when it can.
func (f *fixTools) unusable(tool string) []UnavailableTool {
	for _, t := range f.unavailable {
		if t.Name == tool {
			return []UnavailableTool{t}
		}
	}
	return nil
}

// ask is whom to ask for tool when the caller's role is why it is unavailable.
func (f *fixTools) ask(tool string) RoleAsk {
	for _, t := range f.unavailable {
		if t.Name == tool {
			return t.Ask
		}
	}
	return RoleAsk{}
}

// mark is "" for a usable change tool, else " with tool (not available here)", recorded.
func (f *fixTools) mark(tool string) string {
	reason := f.reason(tool)
	if reason == "" {
		return ""
	}
	if !slices.ContainsFunc(f.missing, func(t UnavailableTool) bool { return t.Name == tool }) {
		f.missing = append(f.missing, UnavailableTool{Name: tool, Reason: reason, Ask: f.ask(tool)})
	}
	return " with " + PromptToolUnavailable(tool)
}

// call is tool's exact call with args where the caller can use it, else the tool marked (see mark).
func (f *fixTools) call(tool string, args ...Arg) string {
	if m := f.mark(tool); m != "" {
		return m[len(" with "):]
	}
	return Call(tool, args...)
}

// name is tool, marked when the caller cannot use it.
func (f *fixTools) name(tool string) string {
	if m := f.mark(tool); m != "" {
		return m[len(" with "):]
	}
	return tool
}

// with is "with tool", marked when the caller cannot use it.
func (f *fixTools) with(tool string) string {
	if m := f.mark(tool); m != "" {
		return m[1:]
	}
	return "with " + tool
}

// paren is " (tool)", or the marked form when the caller cannot use it.
func (f *fixTools) paren(tool string) string {
	if m := f.mark(tool); m != "" {
		return m
	}
	return " (" + tool + ")"
}

// deployShortly is create_deployment after "deploy again shortly".
func (f *fixTools) deployShortly() string {
	if m := f.mark("create_deployment"); m != "" {
		return m[1:]
	}
	return "(create_deployment)"
}

// read is text naming a tool that only reads (get_limits), left out when the caller cannot use
// it: there is nothing to propose instead.
func (f *fixTools) read(text, tool string) string {
	if f.reason(tool) != "" {
		return ""
	}
	return text
}

// fix is text ended, when it names a change tool the caller cannot use, with which and why,
// and that such a step is only proposed (as troubleshoot_deployment says it: PromptApplyFix).
func (f *fixTools) fix(text string) string {
	if len(f.missing) == 0 {
		return text
	}
	return text + " " + unavailableSteps(f.missing, func(n int) string {
		return ": for a step that needs " + plural(n, "it", "one of them") + ", propose it, naming the tool, but apply nothing"
	}) + "."
}

// DeploymentRetriable reports whether a failed deployment's error_code is worth retrying
// unchanged; known is false for a code without a fix here (or none).
func DeploymentRetriable(code string) (retriable, known bool) {
	_, known = deploymentFixes[code]
	return client.Deployment{ErrorCode: code}.Retriable(), known
}

// DeploymentErrorClass renders an error_code with whether retrying can help.
func DeploymentErrorClass(code string) string {
	retriable, known := DeploymentRetriable(code)
	switch {
	case code == client.CodeStopped:
		return Code(code) + " — not a failure: a pause or delete stopped it"
	case !known:
		return Code(code)
	case retriable:
		return Code(code) + " — retriable: capacity may free up, so deploying again can succeed"
	case code == client.CodeInternalError: // terminal as documented, but nothing of the app's to fix
		return Code(code) + " — a failure on Spice.ai's side: one more deployment may succeed; if not, contact support"
	}
	return Code(code) + " — not retriable: deploying again unchanged fails the same way"
}

// messageHasRemedy reports an error_message that DeploymentRemedy answers more precisely than
// the error_code (an image that could not be pulled, an invalid spicepod).
func messageHasRemedy(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, "image") || strings.Contains(msg, "spicepod")
}

// FailedDeploymentLogs renders the failing instance's last log lines under a deployment that
// failed, so the cause is in the same result. older is how many older lines the API returned
// beyond those asked for (an API or proxy that ignores tail), left out and counted.
func FailedDeploymentLogs(app, instance, status string, lines []string, older int) string {
	return InstanceLogsPart(app, instance, status, MaskLogLines(lines), 0,
		LogWindow{Returned: len(lines) + older, Older: older, BeyondAsked: older > 0})
}

// FailedDeploymentLogsGone says a failed deployment's log lines are no longer available: the
// failed instances listed now started outside its window, so they are another deployment's
// (laterID, the newest, when known) and their lines are not shown as its cause.
func FailedDeploymentLogsGone(laterID int64) string {
	if laterID == 0 {
		return "The log lines of the instance that failed to start are no longer available. The failed instance the " +
			"app lists now started outside this deployment's time, so its lines are not shown as this one's cause."
	}
	return fmt.Sprintf("The log lines of the instance that failed to start are no longer available: a later deployment "+
		"(%d) replaced it, and the failed instance the app lists now is that deployment's, not this one's cause.", laterID)
}

// rerunRemedy is what to do about a failed deployment of create_and_deploy_app that is not a
// shortage: a re-run sets the app's spicepod, replicas and image_tag to that call's arguments (a
// fix of those made with update_app is overwritten) and with the same ones redeploys what failed,
// so such a fix goes in the call's arguments. What the call does not set (resources, the
// runtime's update_channel and version) a re-run keeps: that fix is update_app's. An internal
// error is Spice.ai's: the same call again deploys once more (README "Resuming").
func rerunRemedy(d *client.Deployment, f *fixTools) string {
	cause := "read the error above"
	switch msg := strings.ToLower(d.ReceivedErrorMessage()); {
	case d.ErrorCode == client.CodeInternalError:
		return "Spice.ai failed internally while deploying: call create_and_deploy_app again with the same arguments, which " +
			"deploys once more; if it fails again, contact Spice.ai support with the deployment ID."
	case d.ErrorCode == client.CodePodExceedsNodeCapacity:
		// This call has no resources argument and never sends them: update_app's change is kept.
		change := f.with("update_app") + f.read(" (get_limits shows the plan's)", "get_limits")
		if f.reason("update_app") != "" { // one parenthesis after another would read as one
			change = f.read("(get_limits shows the plan's) ", "get_limits") + f.with("update_app")
		}
		text := "the requested resources exceed the largest node: lower resources (cpu, memory) " + change +
			", which a re-run keeps (this call has no resources argument; it sets only the spicepod, replicas and image_tag)"
		if d.Replicas > 1 {
			text += ", or lower replicas in this call's arguments"
		}
		return text + ". Then call create_and_deploy_app again; unchanged, it fails the same way."
	case strings.Contains(msg, "image"):
		// Of the runtime, this call sets only image_tag, which needs an Enterprise plan; the
		// update_channel and version update_app sets, a re-run keeps.
		return "the runtime image could not be pulled" + f.read(" (list_container_images shows the published tags)", "list_container_images") +
			". On an Enterprise plan, put a published image_tag in this call's arguments. On other plans, where image_tag is " +
			"refused, choose the runtime's update_channel and version " + f.with("update_app") + ", which a re-run keeps (it sets " +
			"only the spicepod, replicas and image_tag). Then call create_and_deploy_app again."
	case strings.Contains(msg, "spicepod"):
		cause = "the spicepod was refused (the error above says why)"
	case strings.TrimSpace(msg) == "":
		cause = noErrorMessage(d.ErrorCode, f)
	case d.ErrorCode == client.CodeUnableToStart:
		cause = "the runtime failed to start; its log lines say why (below when available), most often a secret the " +
			"spicepod references that is not set or a dataset it cannot reach"
	}
	return cause + ": fix it in this call's arguments (the spicepod, replicas or image_tag; a missing secret in its " +
		"secrets; a wrong secret value " + f.with("set_secret") + ") and call create_and_deploy_app again with them. A re-run sets the " +
		"app's configuration to its arguments, so a fix made with update_app alone is undone, and the same arguments " +
		"deploy what failed again."
}

// noErrorMessage is the cause of a failure that came without an error_message (the guide's
// "see error_message" has nothing to read; code is its error_code, if any): the failing
// instance's log lines say why instead.
func noErrorMessage(code string, f *fixTools) string {
	text := "no error message came with this failure"
	if code != "" {
		text += " (only its error code, " + Code(code) + ")"
	}
	return text + "; look for the cause in the failing instance's log lines (below when available" +
		f.read(f.read("; list_instances and get_instance_logs otherwise", "list_instances"), "get_instance_logs") + ")"
}

// DeploymentRemedy maps a deployment's error_message to advice (troubleshooting table, seeds).
func DeploymentRemedy(errorMessage string) string { return deploymentRemedy(errorMessage, &fixTools{}) }

// deploymentRemedy is DeploymentRemedy naming the tools the caller can use (f).
func deploymentRemedy(errorMessage string, f *fixTools) string {
	msg := strings.ToLower(errorMessage)
	switch {
	case strings.Contains(msg, "pull container image") || strings.Contains(msg, "image"):
		// image_tag is refused below the Enterprise plan (image_tag_requires_enterprise), which
		// the deployment does not tell: the fix holds on every plan.
		return "the runtime image could not be pulled: check the app's runtime and registry" + f.read(" against list_container_images", "list_container_images") +
			" and choose a published runtime " + f.with("update_app") + " (update_channel and version; a pinned image_tag only on " +
			"an Enterprise plan" + f.read(", which create_deployment also takes", "create_deployment") + "), then deploy again" +
			f.mark("create_deployment") + "."
	case strings.Contains(msg, "spicepod"):
		return "fix the spicepod (valid YAML with version, kind: Spicepod and name) " + f.with("update_app") + ", then deploy again" +
			f.mark("create_deployment") + "."
	case strings.Contains(msg, "deleted"):
		return "the app was deleted while deploying; recreate it if that was a mistake."
	}
	return "read the error above, fix the app's configuration " + f.with("update_app") + ", then deploy again" + f.mark("create_deployment") + "."
}

// noCredentials is every tool's answer when no credentials are configured (whoami repeats it).
// Two sentences: as one it ran 47 words.
const noCredentials = "No Spice.ai credentials are configured: " + askUser + "set SPICE_API_TOKEN to a personal access token " +
	"(create one at https://spice.ai/account), or SPICE_CLIENT_ID and SPICE_CLIENT_SECRET for an OAuth client, " +
	"then restart the MCP server. To try every tool without an account, " + askUser + "start the server with --sandbox instead."

// Error renders a failure for the model: what happened, the API's details and what to do (the
// remedy table, remedies.go). It is the one place an error becomes text: tool results,
// workflow reports and resource errors all render through it. Nothing here echoes arguments,
// so no secret value can appear.
func Error(err error) string { return errorFor(err, nil) }

// errorStyle is how an error's words are rendered: for Markdown (results, the agent) or plain
// (a human page, which HTML-escapes the text and renders no Markdown). Each renders the same
// words from their sources (ErrorWords), so the API's own backslashes and backticks stay as
// they are in the plain rendering, and a masked credential is Masked in both.
type errorStyle struct{ plain bool }

// api renders a text the API wrote (apiText; plain: masked, one line), saying why when a
// credential in it was masked, as every masked quote does: the API's 404 quotes the name sent.
func (st errorStyle) api(s string) string {
	masked := MaskAPIText(s)
	why := ""
	if masked != s {
		why = maskedWhy
	}
	if st.plain {
		return shownLine(masked) + why
	}
	return Inline(masked) + why
}

// ours renders words of ours, written as this package's inline Markdown (remedies name tools
// in code spans): plain, what that Markdown shows (markdownShown). They hold no API text.
func (st errorStyle) ours(s string) string {
	if st.plain {
		return markdownShown(s)
	}
	return s
}

// inline is Inline (plain: the value on one line, as inlineShown).
func (st errorStyle) inline(s string) string {
	if st.plain {
		return shownLine(s)
	}
	return Inline(s)
}

// clip is clipAnswer (plain: cut, with no escape to keep whole).
func (st errorStyle) clip(s string) string {
	if !st.plain {
		return clipAnswer(s)
	}
	head, total := cut(s, answerBytes)
	if total == 0 {
		return s
	}
	return head + ShortenedNote(total)
}

// errorFor is Error naming the tools its remedy names only where the caller can use them
// (unavailable: those it cannot, with why).
func errorFor(err error, unavailable []UnavailableTool) string {
	return errorIn(err, unavailable, errorStyle{})
}

// errorIn is errorFor in a style (errorStyle): every kind, a refused token, a redirect and an
// incomplete answer too, is rendered from its sources, so the plain style keeps the API's and
// the token endpoint's own backslashes and backticks.
func errorIn(err error, unavailable []UnavailableTool, st errorStyle) string {
	var apiErr *client.APIError
	var reqErr *client.RequestError
	var valErr *client.ValidationError
	var dlErr *client.DeadlineError
	var cancelErr *client.CancelledError
	switch {
	case errors.Is(err, client.ErrNoCredentials):
		return noCredentials
	case errors.As(err, &valErr):
		// The rules quote rejected values: escaped, a value cannot make a link or HTML here.
		if st.plain {
			return invalidArguments(FieldErrorsText(valErr.Fields))
		}
		return invalidArguments(escapeText(FieldErrorsText(valErr.Fields), false, false))
	case errors.As(err, &dlErr):
		return deadlineTextIn(dlErr, st)
	case errors.As(err, &cancelErr):
		if cancelErr.OutcomeUnknown {
			return fmt.Sprintf("Cancelled while the Spice.ai API was handling %s %s: it may have been applied. %s.",
				cancelErr.Method, cancelErr.Path, cancelRemedy(err))
		}
		return fmt.Sprintf("Cancelled during %s %s; nothing more was sent.", cancelErr.Method, cancelErr.Path)
	case errors.Is(err, context.Canceled):
		return "Cancelled; nothing more was sent."
	case isUnusableAnswer(err): // a redirect, or a success without its result (answers.go)
		return unusableAnswerText(err, st)
	case errors.As(err, new(*client.TokenError)): // the OAuth token request failed (answers.go)
		return tokenErrorText(err, st)
	case errors.As(err, &apiErr):
		return apiErrorTextIn(apiErr, remedyNaming(err, unavailable), st)
	case errors.As(err, &reqErr):
		// Worded by the network library, with the URL it tried: a credential in it is masked.
		msg := requestErrorText(reqErr)
		if remedy := remedyNaming(err, unavailable); remedy != "" {
			msg += ". " + st.ours(remedy)
		}
		if reqErr.Sent && reqErr.Method == http.MethodGet { // as deadlineText says it (DeployFailed)
			msg += ".\nNothing was changed."
		}
		return msg
	}
	// One line, but a What to do line of its own (a scope refusal's, MissingScopes) stays one:
	// flattened, it ran on after the refusal.
	text := err.Error()
	if i := strings.LastIndex(text, "\n"+whatToDo("")); i >= 0 {
		return oneLine(text[:i]) + "\n" + oneLine(text[i+1:])
	}
	return oneLine(text)
}

// requestErrorText renders a request that got no answer. The network library's words are
// masked (a credential in them is hidden), ours — the operation, method and path, and what
// became of the request (answerwords.RequestOutcome) — are not: masked with them,
// "regenerateProjectApiKey: POST" read as a key and its value, and after a library's
// "password=" our ". Outcome unknown: …" as the password. The URL the library repeats is
// left out (the method and path say it; the host is in the remedy).
func requestErrorText(e *client.RequestError) string {
	why := e.Err
	var urlErr *url.Error
	if errors.As(e.Err, &urlErr) && urlErr.Err != nil {
		why = urlErr.Err
	}
	outcome := answerwords.RequestOutcome(e.Sent, e.Untrusted, e.OutcomeUnknown, client.EnvAPIURL)
	if e.HTTPCaller && e.Untrusted && !e.Sent && !e.OutcomeUnknown { // the server's address: its remedy says whose (remedyOperatorsUntrustedAPI)
		outcome = ". The server's certificate was not trusted, so the request was not sent and nothing changed"
	}
	return fmt.Sprintf("%s: %s %s failed: ", e.Operation, e.Method, e.Path) + MaskText(oneLine(fmt.Sprint(why))) + outcome
}

// answerBytes bounds the text an error quotes from the API's answer in a result, so that what
// follows it — whether the request may have been applied, what to do — is never cut off with
// it: a third of the budget leaves room for those lines and for what a result wraps an error
// in (a workflow's report, a time limit's lines).
const answerBytes = ResultBytes / 3

// clipAnswer shortens rendered text (already masked and escaped) to answerBytes with a note
// of its length, dropping a backslash the cut left without the character it escaped.
func clipAnswer(s string) string {
	head, total := cut(s, answerBytes)
	if total == 0 {
		return s
	}
	if trailing := len(head) - len(strings.TrimRight(head, `\`)); trailing%2 == 1 {
		head = head[:len(head)-1]
	}
	return head + ShortenedNote(total)
}

// apiErrorText renders an API error answer with remedy, the answer clipped (clipAnswer) so the
// lines after it always show. The API's texts are data: a credential in them (an upstream
// page echoing a header, a message quoting a connection string) is masked
// by the rule for error texts (MaskAPIText), and what is left is shown as written (Inline).
// The answer is shown as the client lays it out (APIError.Shown, the layout its texts were
// redacted as): our words as they are, each part of the answer's (the code, the message, the
// field errors, the form errors) through apiText whole.
func apiErrorText(apiErr *client.APIError, remedy string) string {
	return apiErrorTextIn(apiErr, remedy, errorStyle{})
}

// RefusedNothingChanged follows a change the API refused (client.APIError.Refused: 401, 403).
const RefusedNothingChanged = "The API refused it: nothing was changed."

// apiErrorHead heads an API error answer: the Spice.ai API's, or, in sandbox mode
// (client.APIError.Sandbox), its in-process emulator's, which is not Spice.ai.
func apiErrorHead(sandbox bool) string {
	if sandbox {
		return "Sandbox emulator error "
	}
	return "Spice.ai API error "
}

// apiErrorTextIn is apiErrorText in a style (errorStyle).
func apiErrorTextIn(apiErr *client.APIError, remedy string, st errorStyle) string {
	var b strings.Builder
	var shown strings.Builder
	writeShown(&shown, enumPieces(apiErr.Shown()), st.api)
	b.WriteString(apiErrorHead(apiErr.Sandbox) + st.clip(shown.String()))
	if apiErr.BodyBrokeOff {
		fmt.Fprintf(&b, "\nThe status came, but the answer's body broke off after %s bytes (the connection closed before its end), so what the API said with it could not be read.",
			number(apiErr.BodyBrokeOffAfter))
	}
	if apiErr.ActiveDeploymentID != 0 {
		fmt.Fprintf(&b, "\nDeployment in progress: %d", apiErr.ActiveDeploymentID)
	}
	if apiErr.OutcomeUnknown {
		b.WriteString("\n" + answerwords.OutcomeMayHaveApplied + ".")
	}
	if apiErr.Refused {
		b.WriteString("\n" + RefusedNothingChanged)
	}
	if remedy != "" {
		b.WriteString("\n" + whatToDo(st.ours(remedy)) + ".")
	}
	return b.String()
}

// writeShown writes an API error answer's pieces (APIError.Shown): words of ours as they are,
// the pieces of each of the answer's parts joined and rendered by text (apiText, MaskAPIText).
func writeShown(b *strings.Builder, pieces []client.ShownPiece, text func(string) string) {
	for i := 0; i < len(pieces); {
		p := pieces[i]
		j := i + 1
		if p.Part > 0 {
			for j < len(pieces) && pieces[j].Part == p.Part {
				j++
			}
		} else if !p.API {
			b.WriteString(p.Text)
			i = j
			continue
		}
		var part strings.Builder
		for _, q := range pieces[i:j] {
			part.WriteString(q.Text)
		}
		b.WriteString(text(part.String()))
		i = j
	}
}

// ErrorCutNotice ends an error too long for one result (the final guard, after clipAnswer):
// nothing asks for less of an error, so it offers no paging, only what was left out.
func ErrorCutNotice(shownBytes, totalBytes int) string {
	return fmt.Sprintf("⚠️ Cut: this error is %s bytes, more than one result may hold. The first %s bytes are shown "+
		"and the rest of the text it quotes (the API's, the network's or an argument's) is left out.", number(totalBytes), number(shownBytes))
}

// apiText renders text the API wrote for a line of a result: credentials masked by the rule
// for error texts (MaskAPIText), then inline (Inline: a character that does not show where it
// stands escaped, as in every text of a result: shownLine).
func apiText(s string) string { return Inline(MaskAPIText(s)) }

// ToolError renders err as a failure of tool, whose calls need the scopes needs (the smallest
// set, as the tool's description lists them): Error, except that a 403 naming a scope that one
// of needs grants says what the whole tool needs. The request that failed may be the tool's
// first of several (set_secret reads the secret before writing it): a token with just the
// scope it named would fail at the next one.
func ToolError(tool string, needs []string, err error) string {
	return ToolErrorFor(tool, needs, err, nil)
}

// ToolErrorFor is ToolError naming the tools of its remedy (RemedyTools) only where the caller
// can use them (unavailable: those it cannot, with why).
func ToolErrorFor(tool string, needs []string, err error, unavailable []UnavailableTool) string {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || apiErr.RequiredScope == "" ||
		slices.Equal(needs, []string{apiErr.RequiredScope}) {
		return errorFor(err, unavailable)
	}
	if remedy := toolScopeRemedy(tool, needs, apiErr.RequiredScope); remedy != "" {
		return apiErrorText(apiErr, remedy)
	}
	return errorFor(err, unavailable)
}

// toolScopeRemedy: the token lacks required; tool needs needs, one of which grants it.
func toolScopeRemedy(tool string, needs []string, required string) string {
	granter := ""
	for _, s := range needs {
		if s == required || rules.GrantedScopes([]string{s})[required] {
			granter = s
			break
		}
	}
	if granter == "" {
		return ""
	}
	all := strings.Join(needs, " and ")
	if granter != required {
		all = strings.Replace(all, granter, fmt.Sprintf("%s (which grants %s)", granter, required), 1)
	}
	return fmt.Sprintf("The token lacks the %q scope, and %s needs %s: %sissue a token with %s (or *)",
		required, tool, all, askUser, strings.Join(needs, ", "))
}

// DeadlineSandbox is what to do when a call's time limit ran out in sandbox mode: the emulator
// answers from this server's own process, so no slow or busy API is to blame.
const DeadlineSandbox = "the time limit ran out before the sandbox's emulator, which runs in this server's own process, " +
	"finished: " + askUser + "raise the server's --tool-timeout, then try again"

// DeadlineSandboxOperator is DeadlineSandbox for a caller over HTTP, which does not start the
// server: the time limit is its operator's setting, not named by its flag.
const DeadlineSandboxOperator = "the time limit ran out before the sandbox's emulator, which runs in this server's own process, " +
	"finished: try again. If it runs out again, " + askUser + "have this server's operator raise its time limit for a tool call"

// deadlineText renders a call that its time limit stopped: what was going on, the failure
// that called for a retry, whether anything may have changed, and what to do.
func deadlineText(e *client.DeadlineError) string { return deadlineTextIn(e, errorStyle{}) }

// deadlineTextIn is deadlineText in a style (errorStyle).
func deadlineTextIn(e *client.DeadlineError, st errorStyle) string {
	of := "tool call"
	if e.Of != "" {
		of = e.Of // a resource read, a completion, a prompt: each has a call's limit too
	}
	limit := "this " + of + "'s time limit"
	if e.Limit > 0 {
		limit += fmt.Sprintf(" (%s)", Duration(e.Limit))
	}
	var b strings.Builder
	switch {
	case e.Operation == "":
		b.WriteString("Stopped: " + limit + " ran out.")
	case e.Wait > 0:
		b.WriteString(errorIn(e.Last, nil, st) + "\nStopped without retrying: ")
		if e.RetryAfter {
			who := "the API"
			if e.Operation == client.TokenOperation {
				who = "the OAuth token endpoint"
			}
			fmt.Fprintf(&b, "%s asked to wait %s, which ends after %s.", who, Duration(e.Wait), limit)
		} else {
			fmt.Fprintf(&b, "the next retry would start after %s.", limit)
		}
		b.WriteString(" Nothing more was sent.")
		return b.String()
	case e.Operation == client.TokenOperation:
		fmt.Fprintf(&b, "No answer from the OAuth token endpoint (%s %s) before %s ran out, so the request that "+
			"needed the token was not sent to the Spice.ai API.", e.Method, e.Path, limit)
		if e.Last != nil {
			b.WriteString("\nThe attempt before failed: " + errorIn(e.Last, nil, st))
		}
		return b.String()
	case e.Sandbox:
		fmt.Fprintf(&b, "No answer from the sandbox's emulator (%s %s) before %s ran out.", e.Method, e.Path, limit)
		if e.Last != nil {
			b.WriteString("\nThe attempt before failed: " + errorIn(e.Last, nil, st))
		}
	default:
		fmt.Fprintf(&b, "No answer from the Spice.ai API (%s %s) before %s ran out.", e.Method, e.Path, limit)
		if e.Last != nil {
			b.WriteString("\nThe attempt before failed: " + errorIn(e.Last, nil, st))
		}
	}
	if e.OutcomeUnknown {
		b.WriteString("\n" + answerwords.OutcomeMayHaveApplied + ".")
		if _, remedy := remedyFor(failure{Operation: e.Operation, OutcomeUnknown: true}); remedy != "" {
			b.WriteString("\n" + whatToDo(st.ours(remedy)) + ".")
		}
		return b.String()
	}
	if e.Method == http.MethodGet {
		b.WriteString("\nNothing was changed.")
	}
	if e.Sandbox { // the emulator runs in this server's process: the limit was too short for it
		remedy := DeadlineSandbox
		if e.HTTPCaller {
			remedy = DeadlineSandboxOperator
		}
		b.WriteString("\n" + whatToDo(remedy) + ".")
		return b.String()
	}
	b.WriteString("\n" + whatToDo("the Spice.ai API is slow or busy; try again shortly."))
	return b.String()
}

// cancelRemedy is how to find out whether a cancelled change went through: the remedy for an
// answer that got lost (the operation's own row, else the general one).
func cancelRemedy(err error) string {
	var c *client.CancelledError
	errors.As(err, &c)
	_, text := remedyFor(failure{Operation: c.Operation, OutcomeUnknown: true, Status: -1})
	return text
}

// superseded is the next step for a deployment of status created: not in flight, so there is
// nothing to follow. The current API documents created as a superseded historical record
// (api/README.md §7.6), older documents as a record not yet queued; both readings are quoted.
// The app's newest deployment is in its list.
func superseded(d *client.Deployment, again []Arg) string {
	list := "list_deployments (with the app)"
	if len(again) > 0 {
		list = Call("list_deployments", again...)
	}
	return fmt.Sprintf("Deployment %d has status created: it is not in flight, so there is nothing to follow. The current API "+
		"documents created as a superseded record; older documents as not yet queued. The app's newest deployment: %s.", d.ID, list)
}

// InFlightDeploymentNext follows a list of deployments, or describe_app's recent ones, holding
// one still queued or in progress (at most one is): the call that polls it until it succeeds or
// fails (001:288 "Poll ... until status is succeeded or failed"), as FailedDeploymentsNext names
// get_deployment for a failed one; "" when none is in flight or wait_for_deployment is
// unavailable. again: the app and organization as the caller named them.
func InFlightDeploymentNext(deps []client.Deployment, unavailable []UnavailableTool, again ...Arg) string {
	i := slices.IndexFunc(deps, func(d client.Deployment) bool { return d.InFlight() })
	if i < 0 {
		return ""
	}
	status := "queued"
	if deps[i].Status == client.StatusInProgress {
		status = "in progress"
	}
	call := Call("wait_for_deployment", append(slices.Clone(again), Arg{Name: "deployment_id", Value: deps[i].ID})...)
	text := fmt.Sprintf("Deployment %d is still %s: %s follows it until it succeeds or fails.", deps[i].ID, status, call)
	return (&fixTools{unavailable: unavailable}).read(text, "wait_for_deployment")
}

// FailedDeploymentsNext follows a list of deployments holding a failed one: the exact call that
// shows why the newest of them failed (the table holds only the API's message); "" when none
// failed or get_deployment is unavailable. again: the app and organization as the caller named them.
func FailedDeploymentsNext(deps []client.Deployment, unavailable []UnavailableTool, again ...Arg) string {
	var failed []int64
	var since int64 // a deployment newer than the newest failed one that succeeded: that failure is history
	for _, d := range deps {
		switch {
		case d.Status == client.StatusFailed:
			failed = append(failed, d.ID)
		case d.Status == client.StatusSucceeded && len(failed) == 0 && since == 0:
			since = d.ID
		}
	}
	if len(failed) == 0 {
		return ""
	}
	call := Call("get_deployment", append(slices.Clone(again), Arg{Name: "deployment_id", Value: failed[0]})...)
	others, history := "", ""
	if len(failed) > 1 {
		others = " (for the other failed rows, the same call with their ID)"
	}
	if since != 0 {
		history = fmt.Sprintf(" (deployment %d succeeded since, so this failure is history)", since)
	}
	text := fmt.Sprintf("Deployment %d failed%s: %s shows why, with the fix and the failing instance's log lines%s.", failed[0], history, call, others)
	if i := slices.IndexFunc(deps, func(d client.Deployment) bool { return d.ID == failed[0] }); deps[i].ErrorCode == client.CodeStopped && since == 0 {
		text = strings.TrimSuffix(stoppedNext(fmt.Sprintf("Deployment %d", failed[0]), &deps[i], call), ".") + others + "."
	}
	return (&fixTools{unavailable: unavailable}).read(text, "get_deployment")
}
