package rules

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// Fork scheduler state (forkProject). openapi.json's ForkProjectRequest and FORKS-REF document
// scheduler_state_location as "an `s3://` URI", required for a distributed source and not
// overlapping the source's runtime.scheduler.state_location; the API answers 400
// scheduler_state_location_unsupported otherwise. The pattern spells the URI: s3:// and a
// bucket, then an optional path; SchedulerStateLocation also refuses spaces and line breaks.
// The client checks it before sending, the emulator answers with it, and fork_app's schema
// carries the pattern.
const SchedulerStateLocationPattern = `^s3://[^/]+`

// SchedulerStateLocationMessage is the rule's refusal.
const SchedulerStateLocationMessage = "scheduler_state_location must be an s3:// URI with a bucket, e.g. s3://bucket/fork-state"

func schedulerStateLocationRE() *regexp.Regexp { return api.Regexp(SchedulerStateLocationPattern) }

// SchedulerStateLocation checks a fork's scheduler state location: an s3:// URI.
func SchedulerStateLocation(loc string) string {
	if !schedulerStateLocationRE().MatchString(loc) || strings.ContainsFunc(loc, unicode.IsSpace) {
		return SchedulerStateLocationMessage
	}
	return ""
}

// SchedulerStateOverlaps reports whether two scheduler state locations overlap: one is the
// other, or a path inside it (s3://b/x and s3://b/x/y; not s3://b/x and s3://b/xy).
func SchedulerStateOverlaps(a, b string) bool {
	a, b = strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/")
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}
