package present

import (
	"fmt"
	"strings"
)

// LogWindow is which of the log lines an instance returned one get_instance_logs result shows:
// the API returns the last lines whole (as many as tail asks, thousands on a large plan), so a
// result shows the newest that fit the result budget and names the call that shows the older
// ones (never cutting silently).
type LogWindow struct {
	// Returned is how many lines the API returned.
	Returned int
	// Older is how many lines older than those shown are left out (over the budget); Next is
	// the call that shows them.
	Older int
	Next  string
	// Newer is how many of the newest lines returned the caller's skip_newest skipped.
	Newer int
}

// InstanceLogsPart renders get_instance_logs: the lines in a fence no line can close, each
// masked, and what of the lines returned is left out. capped is the plan's limit when the
// requested tail was above it and was lowered to it.
func InstanceLogsPart(app, instance, status string, lines []string, capped int, w LogWindow) string {
	shown := count(len(lines), "log line", "log lines")
	var head string
	switch {
	case w.Newer > 0:
		head = fmt.Sprintf("%s (of %d returned, the newest %d skipped)", shown, w.Returned, w.Newer)
	case w.Older > 0:
		head = fmt.Sprintf("Last %s (of %d returned)", shown, w.Returned)
	default:
		head = "Last " + shown
	}
	head += fmt.Sprintf(" of instance %s of %s", Code(instance), app)
	if status != "" {
		head += " (" + instanceStatus(status) + ")"
	}
	head += ", oldest first; values that look like credentials are masked:"
	if capped > 0 {
		head = fmt.Sprintf("The plan allows at most %d log lines at a time, so no more were asked for. ", capped) + head
	}
	body := "(no lines)"
	if len(lines) > 0 {
		body = Fence("text", strings.Join(MaskLogLines(lines), "\n"))
	}
	text := head + "\n\n" + body
	if w.Older > 0 {
		text += fmt.Sprintf("\n\n⚠️ Left out: the %s before these, to keep this result within about %s tokens; %s shows them "+
			"(skip_newest counts from the newest line, so lines written since shift it).",
			count(w.Older, "older line", "older lines"), number(ResultTokens), w.Next)
	}
	return text
}
