package present

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// remedyNoInstancePaused is the remedy for instances or logs refused because the app is
// paused, where no call can be named; InstancesPaused names it.
const remedyNoInstancePaused = "The app (project) is paused, so no instance is running: resume it first"

// remedyInstanceOffline: 409 instance_offline. The emulator answers it for a pod never scheduled
// (pending after an insufficient_* or pod_exceeds_node_capacity failure), which never ran.
const remedyInstanceOffline = "That instance is not running, so it has no logs. One listed as pending by {{list_instances}} was never scheduled, " +
	"and its deployment's error, which {{list_deployments}} shows, says why (too little capacity, or an instance larger than a node). " +
	"One that has stopped is gone: pick a ready instance from {{list_instances}}"

// InstancesPaused renders list_instances' or get_instance_logs' refusal because the app is
// paused with the resume_app call that lifts the pause (again: the app and organization as the
// caller named them), as other paused refusals do; d is whether a resume has what it deploys
// (without a spicepod, update_app comes first: see CreateDeploymentFailed). ok is false for
// any other failure. unavailable: resume_app and update_app when the caller cannot use them
// (list_instances works with --read-only), named then only as not available, with why.
func InstancesPaused(err error, d Deployable, unavailable []UnavailableTool, again ...Arg) (text string, ok bool) {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if len(again) == 0 || !known || !errors.As(err, &apiErr) {
		return "", false
	}
	if i, _ := remedyFor(f); i < 0 || remedies[i].Text != remedyNoInstancePaused {
		return "", false
	}
	fix := &fixTools{unavailable: unavailable}
	if d != DeployableYes { // a resume alone would be refused: the spicepod first
		return apiErrorText(apiErr, strings.TrimSuffix(fix.fix("The app (project) is paused, so no instance is running. "+
			resumeBlockedBy(d, fix, again...)+" Then call again."), ".")), true
	}
	if fix.reason("resume_app") != "" {
		return apiErrorText(apiErr, strings.TrimSuffix(fix.fix("The app (project) is paused, so no instance is running: resuming it "+
			fix.with("resume_app")+" deploys its current configuration; then call again."), ".")), true
	}
	return apiErrorText(apiErr, "The app (project) is paused, so no instance is running: resume it with "+
		Call("resume_app", again...)+", which deploys its current configuration, then call again"), true
}

// LogWindow is which of the log lines an instance returned one get_instance_logs result shows:
// the API returns the last lines whole (as many as tail asks, thousands on a large plan), so a
// result shows the newest that fit the result budget and names the call that shows the older
// ones (never cutting silently).
type LogWindow struct {
	// Returned is how many lines the API returned.
	Returned int
	// Older is how many lines older than those shown are left out (over the budget); Next is
	// the call that shows them. BeyondAsked: they are left out because the API returned more
	// than were asked for (a failed deployment's last lines), not for the budget.
	Older       int
	Next        string
	BeyondAsked bool
	// Newer is how many of the newest lines returned the caller's skip_newest skipped.
	Newer int
	// When skip_newest skipped every line returned: Larger is the call with a larger tail that
	// reaches older lines, "" when there are none to reach (fewer lines returned than asked for:
	// Asked) or the plan allows no more (capped).
	Larger string
	Asked  int
	// SkipBeyond is the caller's skip_newest when the larger tail (Asked plus it) would pass
	// MaxTail, the largest the tool takes: no call reaches older lines, Larger is "".
	SkipBeyond int
	MaxTail    int
}

// PassedOver is get_instance_logs' structured note that the newest instance listed was passed
// over, as NewestInstancePassedOver says in the text: its name as the text quotes it (a long
// one as its start and end with its length, so it fits the result) and why.
type PassedOver struct {
	Instance string `json:"instance"`
	Reason   string `json:"reason"`
}

// NewestPassedOver is the PassedOver of name, the newest instance listed.
func NewestPassedOver(name string) *PassedOver {
	return &PassedOver{Instance: startAndEnd(name), Reason: "its name cannot be put in a logs request (" + instanceNameRule + ")"}
}

// NewestPendingPassedOver is the PassedOver of name, the newest instance listed, pending.
func NewestPendingPassedOver(name string) *PassedOver {
	return &PassedOver{Instance: startAndEnd(name), Reason: pendingReason}
}

// pendingReason: why a pending instance has no logs (api/README §7.5, the emulator's status).
const pendingReason = "it is pending: it was never scheduled, so it has no logs"

// LogStatus is an instance's status as get_instance_logs shows it (text and structured): the
// API's, a long one as its start and end with its length, so it never pushes the lines out of
// the result.
func LogStatus(status string) string { return startAndEnd(status) }

// InstanceLogsPart renders get_instance_logs: the lines, masked already (MaskLogLines), in a
// fence no line can close, each stray hidden character written as its escape (rules.EchoedText,
// as apiText; the structured lines keep it), and what of the lines returned is left out. capped is the plan's
// limit when the requested tail was above it and was lowered to it.
func InstanceLogsPart(app, instance, status string, lines []string, capped int, w LogWindow) string {
	shown := count(len(lines), "log line", "log lines")
	var head string
	switch {
	case w.Newer > 0:
		head = fmt.Sprintf("%s (of %s returned, the newest %s skipped)", shown, number(w.Returned), number(w.Newer))
	case w.Older > 0:
		head = fmt.Sprintf("Last %s (of %s returned)", shown, number(w.Returned))
	default:
		head = "Last " + shown
	}
	head += fmt.Sprintf(" of instance %s of %s", Code(instance), app)
	if status != "" {
		head += " (" + instanceStatus(status) + ")"
	}
	head += ", oldest first"
	date, dated := logLinesDate(lines)
	utc := dated && logTimesUTC(lines, len(date)+1)
	switch {
	case utc:
		head += ", all dated " + date + " UTC (left off each line)"
	case dated:
		head += ", all dated " + date + " (left off each line)"
	}
	head += "; values that look like credentials are masked:"
	if capped > 0 {
		head = fmt.Sprintf("The plan allows at most %s log lines at a time, so no more were asked for. ", number(capped)) + head
	}
	body := "(no lines)"
	if len(lines) > 0 {
		shownLines := make([]string, len(lines))
		for i, l := range lines {
			if dated { // the date the heading says, once
				l = l[len(date)+1:]
			}
			if utc { // and the time's Z, which its "UTC" says
				z := strings.IndexByte(l, 'Z')
				l = l[:z] + l[z+1:]
			}
			shownLines[i] = rules.EchoedText(l) // as apiText: a zero-width space or a mark would hide
		}
		body = Fence("text", strings.Join(shownLines, "\n"))
	}
	text := head + "\n\n" + body
	if len(lines) == 0 && w.Newer > 0 && w.Returned > 0 {
		text += fmt.Sprintf("\n\nskip_newest counts within the %s returned (tail), so it skipped them all; ", count(w.Returned, "line", "lines"))
		switch {
		case w.Larger != "":
			text += "older lines need a larger tail: " + w.Larger + " reaches them, as far as the plan's log limit " +
				"allows (above it, the tool asks for the limit and says so)."
		case w.SkipBeyond > 0:
			text += fmt.Sprintf("older lines need a larger tail, but tail %d plus skip_newest %d passes the largest tail the tool takes (%s); "+
				"send a smaller skip_newest.", w.Asked, w.SkipBeyond, number(w.MaxTail)) // the arguments as sent
		case capped > 0:
			text += "the plan allows no larger tail, so no older lines can be read."
		default:
			text += fmt.Sprintf("the instance has no older lines (%s were asked for).", number(w.Asked))
		}
	}
	switch {
	case w.Older > 0 && w.BeyondAsked:
		text += fmt.Sprintf("\n\n⚠️ Left out: the %s before these; the API returned %s lines, more than were asked for, and the newest are shown.",
			count(w.Older, "older line", "older lines"), number(w.Returned))
	case w.Older > 0:
		text += fmt.Sprintf("\n\n⚠️ Left out: the %s before these, to keep this result within about %s tokens; %s shows them "+
			"(skip_newest counts from the newest line, so lines written since shift it).",
			count(w.Older, "older line", "older lines"), number(ResultTokens), w.Next)
	}
	return text
}

// logLinesDate is the date every line starts with ("2026-11-21" of "2026-11-21T12:00:05Z …"),
// when there are enough lines for saying it once to be shorter (3) and each starts with the
// same one; the text then says it in its heading and leaves it off each line (the structured
// lines keep it).
func logLinesDate(lines []string) (string, bool) {
	if len(lines) < 3 || len(lines[0]) < 11 || lines[0][10] != 'T' {
		return "", false
	}
	date := lines[0][:10]
	for i, c := range []byte(date) {
		if digit := c >= '0' && c <= '9'; (i == 4 || i == 7) != (c == '-') || (i != 4 && i != 7 && !digit) {
			return "", false
		}
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, date+"T") {
			return "", false
		}
	}
	return date, true
}

// logTimesUTC reports whether each of lines, after its date and the T (from bytes), starts
// with a time in UTC: digits, colons and dots, then a Z ending it (a space or the line's end
// next); the text then leaves each Z off, its heading saying UTC once.
func logTimesUTC(lines []string, from int) bool {
	for _, l := range lines {
		l = l[from:]
		z := strings.IndexByte(l, 'Z')
		if z < len("15:04") || strings.Trim(l[:z], "0123456789:.") != "" || (z+1 < len(l) && l[z+1] != ' ') {
			return false
		}
	}
	return true
}

// ShortenLogLine returns a masked log line (MaskLogLines) longer than limit bytes as its start
// and its end, about limit bytes in all, with how many of its characters are not shown between
// them: a line no result can hold whole (the API returns lines whole) is still shown, and never
// shortened silently. It is cut after masking, at character boundaries and at a space when one
// is near (cut), so no cut shows part of a credential.
func ShortenLogLine(line string, limit int) string {
	if len(line) <= limit {
		return line
	}
	head, total := cut(line, limit/2)
	from := len(line) - limit/2
	for from < len(line) && !utf8.RuneStart(line[from]) {
		from++
	}
	if sp := strings.IndexByte(line[from:], ' '); sp >= 0 && sp <= (len(line)-from)/4 {
		from += sp
	}
	end := strings.TrimLeft(line[from:], " ")
	hidden := total - utf8.RuneCountInString(head) - utf8.RuneCountInString(end)
	return fmt.Sprintf("%s … [%s of this line's %s characters not shown: it is longer than one result may hold] … %s",
		head, number(hidden), number(total), end)
}

// FailedInstanceNext follows a failed instance's log lines with what an operator reads next
// when they do not say why, and the call that deploys again once the cause is fixed (again: the
// app and organization as the caller named them). unavailable: the tools the caller cannot use;
// a read is left out then, a change named as not available.
func FailedInstanceNext(unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	// The reads, then the fix, each its own sentence: one of them all ran to some 70 words.
	reads := f.read(Call("list_deployments", append(slices.Clone(again), Arg{Name: "limit", Value: 3})...)+
		" shows the latest deployments, and a failed one's error code and fix. ", "list_deployments") +
		f.read(Call("get_app", again...)+" shows the spicepod it runs. ", "get_app") +
		f.read(Call("list_secrets", again...)+" lists the secrets set (a `${secrets:NAME}` the spicepod references "+
			"that is not set stops it from starting). ", "list_secrets")
	text := "This instance failed. "
	if reads != "" {
		text += "Next, where its lines do not say why: " + upperFirst(reads)
	}
	text += "Once the cause is fixed (a secret " + f.with("set_secret") + ", the spicepod " + f.with("update_app") + "), " +
		f.call("create_deployment", again...) + " deploys again; deploying unchanged fails again."
	return f.fix(text)
}
