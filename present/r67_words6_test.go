package present

import (
	"errors"
	"go/ast"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r67Words6Bare is a quantity of 1,000 or more written without separators.
var r67Words6Bare = regexp.MustCompile(`\b\d{4,}\b`)

// TestR67Words6QuantitiesWithSeparators: refusals and results of present/ wrote some
// quantities with %d where every other writes 1,000 or more with separators: HTTP mode's
// session and connection caps ("at most 5000 MCP sessions"), --http-max-connections' bound
// ("want at most 65536"), the auth token's length, a secret's request size, a file's limit,
// Bytes ("1500 bytes"), the API answer's size limit, and the log lines returned. A value
// quoted as the caller sent it (--http-max-connections 70000, tail 5000) stays as sent.
func TestR67Words6QuantitiesWithSeparators(t *testing.T) {
	texts := map[string]string{
		"sessions":            TooManySessions(5000, time.Second),
		"sessions per client": TooManySessionsForClient(2500, time.Second),
		"connections":         TooManyConnections(4096, time.Second),
		"connections per ip":  TooManyConnectionsFromAddress(1024, time.Second),
		"streams":             StreamsFillConnections(4096, time.Second),
		"max connections":     strings.TrimPrefix(HTTPMaxConnectionsTooMany(70000, 65536), "--http-max-connections 70000"),
		"auth token":          AuthTokenTooLong("--http-auth-token-file", "Authorization", 4096),
		"secret size":         ArgSecretTooLarge(1228828, 1114112),
		"file":                FileTooLarge(1 << 20),
		"bytes":               Bytes(1500),
		"count":               count(2000, "app", "apps"),
		"logs returned":       InstanceLogsPart("app 1", "i-1", "", []string{"a", "b"}, 0, LogWindow{Returned: 1200, Newer: 1198}),
		"logs none older":     InstanceLogsPart("app 1", "i-1", "", nil, 0, LogWindow{Returned: 1200, Newer: 1200, Asked: 5000}),
	}
	for what, s := range texts {
		if m := r67Words6Bare.FindAllString(s, -1); len(m) > 0 {
			t.Errorf("%s: %q without separators: %s", what, m, s)
		}
	}
	for what, want := range map[string]string{
		"sessions": "at most 5,000 MCP sessions", "max connections": ": want at most 65,536", "secret size": "would be 1,228,828 bytes as sent",
		"bytes": "1,500 bytes", "file": "larger than 1,048,576 bytes", "logs returned": "(of 1,200 returned, the newest 1,198 skipped)",
	} {
		if !strings.Contains(texts[what], want) {
			t.Errorf("%s: %q lacks %q", what, texts[what], want)
		}
	}
	if got := HTTPMaxConnectionsTooMany(70000, 65536); !strings.HasPrefix(got, "--http-max-connections 70000: ") {
		t.Errorf("the value as sent is not kept: %s", got)
	}
}

// r67Words6DurationFormat is a format that writes a duration's number beside its own unit,
// where Duration writes every one ("350 ms", "1 min 30 s", "1 h").
var r67Words6DurationFormat = regexp.MustCompile(`%d ?(ms|s|min|h|seconds?|minutes?|hours?)\b`)

// TestR67Words6DurationsOneForm: a duration was written three ways: Duration's "1 min 30 s"
// (waits, HTTP mode's Retry in, a 429's remedy), seconds' "90 s" (a call's time limit, a wait
// the API or the token endpoint asked for, when the token endpoint is asked again) and
// "10 minutes", "90 seconds" (a stuck queue, an approval's answer too late). Every duration a
// user reads is now Duration's form, rounded up where it is a wait (secondsUp); a bound of an
// argument counted in seconds (timeout_seconds) says its unit, and a flag's own syntax (60s) is
// the flag's.
func TestR67Words6DurationsOneForm(t *testing.T) {
	nextIn := &client.TokenError{StatusCode: 503, Attempts: 2, Reused: true, Age: 90 * time.Second, NextIn: 3599*time.Second + time.Millisecond}
	texts := map[string]string{
		"time limit":        deadlineText(&client.DeadlineError{Operation: "listApps", Method: "GET", Path: "/v1/apps", Limit: 90 * time.Second}),
		"asked to wait":     deadlineText(&client.DeadlineError{Operation: "listApps", Method: "GET", Path: "/v1/apps", Limit: 90 * time.Second, Wait: time.Hour, RetryAfter: true, Last: errors.New("429")}),
		"token asked again": tokenErrorText(nextIn, errorStyle{}),
		"429 remedy":        Remedy(&client.APIError{Operation: "listMembers", StatusCode: 429, RetryAfter: 90 * time.Second}),
		"answer too late":   ConfirmStateExpired(90 * time.Second),
		"stuck queue":       stuckQueued(20*time.Minute+30*time.Second, nil, nil),
	}
	for what, want := range map[string]string{
		"time limit": "time limit (1 min 30 s)", "asked to wait": "asked to wait 1 h,", "token asked again": "1 min 30 s ago",
		"429 remedy": "wait 1 min 30 s before", "answer too late": "accepted for 1 min 30 s.", "stuck queue": "queued for at least 20 min, longer than a deployment normally waits (about 10 min)",
	} {
		if !strings.Contains(texts[what], want) {
			t.Errorf("%s: lacks %q:\n%s", what, want, texts[what])
		}
	}
	if got := texts["token asked again"]; !strings.Contains(got, "is asked again, in 1 h.") || !strings.Contains(got, "Try again in 1 h or later") {
		t.Errorf("token asked again: the next ask is not said as Duration rounded up:\n%s", got)
	}
	for what, s := range texts {
		if m := regexp.MustCompile(`\b(([6-9]\d|\d{3,}) s|\d+ (seconds?|minutes?|hours?))\b`).FindString(s); m != "" {
			t.Errorf("%s: says %q:\n%s", what, m, s)
		}
	}
	testutil.InspectGoCode(t, ".", func(fset *token.FileSet, n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if v, err := strconv.Unquote(lit.Value); err == nil && r67Words6DurationFormat.MatchString(v) {
				t.Errorf("%s: %q writes a duration with its own unit", fset.Position(lit.Pos()), v)
			}
		}
		return true
	})
}
