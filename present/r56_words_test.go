package present

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
)

// TestR56WordsConnectionCap429NamesItsCause: the 429 of a client address at its share of the
// connection cap names its cause (connections) instead of the status line's "Too many
// requests" a second time, and keeps when to retry (the flag is in the log only: mcpserver's
// TestR61Httpmode5LimitRefusalsNameTheFlagOnlyInTheLog).
func TestR56WordsConnectionCap429NamesItsCause(t *testing.T) {
	got := TooManyConnectionsFromAddress(4, 5*time.Second)
	if strings.HasPrefix(strings.ToLower(got), "too many requests") {
		t.Errorf("the body says the status line again: %q", got)
	}
	for _, w := range []string{"Too many connections from your address", "at most 4 connections open", "one client address", "Retry in 5 s."} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in %q", w, got)
		}
	}
}

// TestR56WordsConflictWithoutCodeSaysWhatToDo: a 409 without an error code on an operation no
// row of the remedy table knows still gets a next step.
func TestR56WordsConflictWithoutCodeSaysWhatToDo(t *testing.T) {
	for _, op := range []string{"deleteProject", "pauseProject", "resumeProject", "upsertProjectSecret", "deleteProjectSecret",
		"regenerateProjectApiKey", "removeMember", "updateMemberRoles", "getProject", "listProjects"} {
		got := Error(&client.APIError{Operation: op, StatusCode: 409, Message: "Conflict"})
		if !strings.Contains(got, "\nWhat to do: What this call names changed meanwhile, or another change of it is under way: read it again") {
			t.Errorf("%s: %q", op, got)
		}
	}
	// The rows that know the operation still win.
	if got := Remedy(&client.APIError{Operation: "addMember", StatusCode: 409, Message: "Conflict"}); !strings.HasPrefix(got, "The user is already a member") {
		t.Errorf("addMember: %q", got)
	}
}

// TestR56WordsRegenerateSaysKeyGoneOnce: the key regeneration to approve says once that the old
// key (both old keys) stop working and cannot be restored, in the number of keys replaced.
func TestR56WordsRegenerateSaysKeyGoneOnce(t *testing.T) {
	app := NameShown("analytics-app")
	both := RegenerateKeyAction(client.KeyBoth, app).Plain
	if !strings.Contains(both, "the old keys stop working immediately and cannot be restored") || strings.Contains(both, "old key ") {
		t.Errorf("both: %q", both)
	}
	one := RegenerateKeyAction(client.KeySecondary, app).Plain
	if !strings.Contains(one, "the old key stops working immediately and cannot be restored") {
		t.Errorf("one: %q", one)
	}
}

// TestR56WordsFailedInstanceNamesLogsToolOnce: a failed instance's exact get_instance_logs call
// is not followed by the general hint naming get_instance_logs again.
func TestR56WordsFailedInstanceNamesLogsToolOnce(t *testing.T) {
	got := Instances("fraud-scoring (104)", []client.Instance{{Name: "fraud-a-1", Status: "failed"}, {Name: "fraud-b-2", Status: "ready"}}, 2, 0, DeployableYes, nil,
		Arg{Name: "app", Value: "fraud-scoring"})
	if n := strings.Count(got, "get_instance_logs"); n != 1 {
		t.Errorf("get_instance_logs named %d times:\n%s", n, got)
	}
}

// TestR56WordsDeployPlanCountsInWords: create_and_deploy_app's check-inputs step counts secret
// names in words ("1 secret name valid", "secret PG_PASS … enters it"), not "name(s)".
func TestR56WordsDeployPlanCountsInWords(t *testing.T) {
	got := DeployPlan("combo-app", "us-west-2", "", "", true, 1, 0, 0, []string{"PG_PASS"})
	if strings.Contains(got, "(s)") || !strings.Contains(got, "1 secret name valid") ||
		!strings.Contains(got, "secret PG_PASS referenced but not set: the user enters it on") {
		t.Errorf("%q", got)
	}
	if got := DeployPlan("combo-app", "us-west-2", "", "", true, 2, 0, 0, []string{"A", "B"}); !strings.Contains(got, "2 secret names valid, secrets A, B referenced but not set: the user enters them on") {
		t.Errorf("%q", got)
	}
	if got := ChangeSecretsEntered([]string{"A"}); got != "secret A entered on the page" {
		t.Errorf("%q", got)
	}
}

// TestR56WordsDeletedNothingRanIsBrief: delete_app's result for an app that ran nothing says so
// and that a deployment started since ended with it, in fewer tokens than the 63 of its old
// hedge ("it had no runtime running (no instances) and no deployment queued or in progress …
// a deleted app's deployments can no longer be read to tell").
func TestR56WordsDeletedNothingRanIsBrief(t *testing.T) {
	got := AppDeleted("docs-search (102)", "https://docs-search.spice.ai", client.Deleted{}, DeleteRanNothing, Ended{})
	first, _, _ := strings.Cut(got, " "+AppDeletedComesBack)
	if n := tokens.Count(first); n > 45 || !strings.Contains(first, "nothing of it was running or deploying when checked just before the deletion") ||
		!strings.Contains(first, "error_code stopped") {
		t.Errorf("%d tokens: %q", n, first)
	}
}
