package present

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestSucceededDeploymentSaysWhereItStands: "live" is said only when the tool found the
// deployment to be the app's newest succeeded one and the app not paused; a superseded one
// names the deployment that replaced it, a paused app says so and how to resume, and what was
// not found out is not claimed.
func TestSucceededDeploymentSaysWhereItStands(t *testing.T) {
	d := &client.Deployment{ID: 1001, Status: client.StatusSucceeded}
	again := []Arg{{"app", "analytics-app"}}
	yes, no := true, false
	for _, tc := range []struct {
		name  string
		st    Standing
		want  []string
		not   []string
		live  *bool
		state string
	}{
		{"live", Standing{Latest: true, Running: true}, []string{"The app is live with this configuration."}, nil, &yes, ""},
		{"superseded", Standing{ReplacedBy: 1003}, []string{"Succeeded; a later deployment (1003) succeeded after it, so this deployment no longer runs",
			"(1003 runs the same configuration if it rolled back to this one)",
			`Unless it did, to run this configuration again: ` + "`" + `rollback_deployment {"app":"analytics-app","deployment_id":1001}`},
			[]string{"is live", "paused", "no longer runs this configuration"}, &no, ""},
		// A rollback to this one may be on its way: no second one is offered.
		{"superseded, a newer one in flight", Standing{ReplacedBy: 1008, Newer: 1009, NewerStatus: client.StatusQueued},
			[]string{"a later deployment (1008) succeeded after it", "Deployment 1009, newer still, is still in progress (queued): " +
				"`wait_for_deployment {\"app\":\"analytics-app\",\"deployment_id\":1009}` follows it."},
			[]string{"is live", "rollback_deployment"}, &no, ""},
		// A newer one that failed replaced nothing and is no rollback on its way: the offer stands.
		{"superseded, a newer one failed", Standing{ReplacedBy: 1003, Newer: 1008, NewerStatus: client.StatusFailed},
			[]string{"a later deployment (1003) succeeded after it", "Deployment 1008, newer still, failed.",
				`Unless it did, to run this configuration again: ` + "`" + `rollback_deployment {"app":"analytics-app","deployment_id":1001}`},
			[]string{"is live", "wait_for_deployment"}, &no, ""},
		{"later failed", Standing{Newer: 1009, NewerStatus: client.StatusFailed}, []string{"Succeeded; a later deployment (1009) failed, " +
			"so whether the app still runs this one is not known: list_instances shows what runs now."}, []string{"is live", "rollback_deployment", "wait_for_deployment"}, nil, ""},
		{"later queued", Standing{Newer: 1010, NewerStatus: client.StatusQueued}, []string{"a later deployment (1010) is still in progress (queued)",
			"list_instances", "`wait_for_deployment {\"app\":\"analytics-app\",\"deployment_id\":1010}` follows it."}, []string{"is live"}, nil, ""},
		{"later, odd status", Standing{Newer: 1010, NewerStatus: "<b>x</b>"}, []string{`a later deployment (1010) is \<b>x\</b>`}, []string{" <b>"}, nil, ""},
		{"none ready", Standing{Latest: true, NoneReady: true}, []string{"no instance of the app is ready: nothing runs this configuration now",
			"list_instances"}, []string{"is live"}, &no, ""},
		{"paused", Standing{Latest: true, Paused: true}, []string{"The app is paused", `resume_app {"app":"analytics-app"}`},
			[]string{"is live"}, &no, ""},
		{"superseded and paused", Standing{ReplacedBy: 1003, Paused: true}, []string{"no longer runs", "paused"}, []string{"is live"}, &no, ""},
		{"pause unknown", Standing{Latest: true}, []string{"could not be checked"}, []string{"is live"}, nil, ""},
		{"nothing known", Standing{}, []string{"not checked", "list_deployments"}, []string{"is live"}, nil, ""},
	} {
		got := DeploymentIn("analytics-app (101)", d, tc.st, again...)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: want %q in:\n%s", tc.name, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: must not say %q:\n%s", tc.name, n, got)
			}
		}
		if live := tc.st.Live(); (live == nil) != (tc.live == nil) || live != nil && *live != *tc.live {
			t.Errorf("%s: Live() = %v, want %v", tc.name, live, tc.live)
		}
	}
	// Without what the tool found out (queued results, present's own callers): nothing claimed.
	if got := Deployment("analytics-app (101)", d); strings.Contains(got, "is live") {
		t.Errorf("Deployment claims the app is live without knowing:\n%s", got)
	}
}

// TestLongDeploymentTextsLeaveTheDiagnosis: a failed deployment whose commit message, error
// message and other texts run to tens of thousands of characters still shows its status, error
// code, whether retrying helps, the fix and its log lines within the result budget; each long
// text is shortened with a note of its full length, never silently, and so is structured
// content (ShortenDeployment).
func TestLongDeploymentTextsLeaveTheDiagnosis(t *testing.T) {
	long := "fix: " + strings.Repeat("x", 30000)
	d := client.Deployment{ID: 1008, Status: client.StatusFailed, ErrorCode: client.CodeUnableToStart,
		ErrorMessage: "The runtime failed: " + strings.Repeat("<b>y</b> ", 3000), CommitMessage: long,
		Branch: strings.Repeat("b", 5000), CommitSHA: strings.Repeat("c", 5000), ImageTag: strings.Repeat("9", 5000),
		CreationSource: strings.Repeat("s", 5000), CreatedBy: client.Actor{Name: strings.Repeat("u", 5000)},
		CreatedAt: client.Timestamp{Time: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)}}
	lines := make([]string, 20)
	for i := range lines {
		lines[i] = "ERROR runtime: secret \"PG_PASS\" is not set " + strings.Repeat("z", 20000)
	}
	text := WaitFinishedIn("fail-app (105)", &d, time.Second, false, Standing{}, Arg{"app", "fail-app"}) + "\n\n" +
		FailedDeploymentLogs("fail-app (105)", "fail-app-x", "failed", ClipLogLines(MaskLogLines(lines), LogLineBytes), 0)
	if len(text) > ResultBytes-200 {
		t.Errorf("the result is %d bytes, over the budget of %d", len(text), ResultBytes)
	}
	for _, want := range []string{"**❌ failed**", "Error code: `unable_to_start` — not retriable", "What to do: The runtime failed to start",
		"- Message: fix: xxx", ShortenedNote(30005), ShortenedNote(5000), `secret "PG_PASS" is not set`, ShortenedNote(20043)} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in the result", want)
		}
	}
	if strings.Count(text, `secret "PG_PASS" is not set`) != 20 {
		t.Errorf("not every log line is shown")
	}
	short, full := ShortenDeployment(d)
	raw, err := json.Marshal(short)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > ResultBytes/2 {
		t.Errorf("structured deployment is %d bytes", len(raw))
	}
	for _, f := range []string{"commit_message", "error_message", "branch", "commit_sha", "image_tag", "creation_source", "created_by"} {
		if full[f] == 0 {
			t.Errorf("%s was not reported shortened: %v", f, full)
		}
	}
	if full["commit_message"] != 30005 || !strings.HasSuffix(short.CommitMessage, "…") || !strings.HasPrefix(short.CommitMessage, "fix: xxx") {
		t.Errorf("commit_message: %d, %q…", full["commit_message"], short.CommitMessage[:20])
	}
	// Short texts are left alone.
	if s, full := ShortenDeployment(client.Deployment{CommitMessage: "Add taxi_trips dataset"}); full != nil || s.CommitMessage != "Add taxi_trips dataset" {
		t.Errorf("a short deployment was changed: %v %q", full, s.CommitMessage)
	}
	// The history table bounds its cells the same way.
	table := Deployments("fail-app (105)", []client.Deployment{d, d, d})
	if len(table) > ResultBytes {
		t.Errorf("three deployments take %d bytes of table", len(table))
	}
}

// TestCommitSHAIsShortenedOnlyWhenHex: a hexadecimal commit SHA (40 or 64 digits) shows in its
// usual 12-digit abbreviation; anything else the API sends as a commit SHA is shown whole up to
// the short-field limit and beyond it shortened at a character boundary with a note of its full
// length, never cut silently nor in the middle of a character.
func TestCommitSHAIsShortenedOnlyWhenHex(t *testing.T) {
	long := strings.Repeat("é", 80) // 160 bytes
	for _, tc := range []struct{ sha, want string }{
		{"0123456789abcdef0123456789abcdef01234567", "main@0123456789ab"},
		{strings.Repeat("AbCdEf012345", 5) + "abcd", "main@AbCdEf012345"},
		{"abc1234", "main@abc1234"},
		{"release-2026-11-candidate", "main@release-2026-11-candidate"},
		{"ééééééééé-not-a-sha", "main@ééééééééé-not-a-sha"},
		{"a" + strings.Repeat("é", 10), "main@a" + strings.Repeat("é", 10)}, // byte 12 falls inside a character
		{strings.Repeat("a", 65), "main@" + strings.Repeat("a", 65)},
		{long, "main@" + strings.Repeat("é", 50) + ShortenedNote(80)},
		{strings.Repeat("f", 101), "main@" + strings.Repeat("f", 100) + ShortenedNote(101)},
	} {
		got := source(client.Deployment{Branch: "main", CommitSHA: tc.sha})
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("source(%q) = %q, want %q", tc.sha, got, tc.want)
		}
	}
}
