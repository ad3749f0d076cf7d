package present

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR51WordsRateLimitWaitReadsAsUnits: a Retry-After is said in units an operator reads ("1 h",
// "2 min 5 s"), rounded up, not as Go's duration ("1h0m0s").
func TestR51WordsRateLimitWaitReadsAsUnits(t *testing.T) {
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{
		{3599600 * time.Millisecond, "wait 1 h before"},
		{125 * time.Second, "wait 2 min 5 s before"},
		{90 * time.Minute, "wait 1 h 30 min before"},
		{1200 * time.Millisecond, "wait 2 s before"},
		{45 * time.Second, "wait 45 s before"},
		{300 * time.Millisecond, "wait 300 ms before"},
	} {
		got := Remedy(&client.APIError{Operation: "listMembers", StatusCode: 429, Message: "Too many requests", RetryAfter: tc.wait})
		if !strings.Contains(got, tc.want) {
			t.Errorf("Retry-After %v: got %q, want %q", tc.wait, got, tc.want)
		}
	}
}

// TestR51WordsInstanceRemediesNameTheTool: a remedy that sends the caller to the app's
// instances names the tool that lists them.
func TestR51WordsInstanceRemediesNameTheTool(t *testing.T) {
	for _, e := range []*client.APIError{
		{Operation: "getProjectInstanceLogs", StatusCode: 404, Code: "instance_not_found", Message: "Instance 'x' not found"},
		{Operation: "getProjectInstanceLogs", StatusCode: 409, Code: "instance_offline"},
		{Operation: "getProjectInstanceLogs", StatusCode: 409},
	} {
		if got := Remedy(e); !strings.Contains(got, "list_instances") {
			t.Errorf("%d %s: %q names no tool", e.StatusCode, e.Code, got)
		}
	}
}

// TestR51WordsOneRoleReadsAsOne: a member with one role "has the role viewer", not "roles
// viewer"; several read as roles.
func TestR51WordsOneRoleReadsAsOne(t *testing.T) {
	one := &client.Member{UserID: 2, Username: "bob", Roles: []string{"viewer"}}
	two := &client.Member{UserID: 2, Username: "bob", Roles: []string{"admin", "member"}}
	for name, tc := range map[string]struct{ got, want string }{
		"added":         {MemberAdded(one, ""), "with the role viewer."},
		"updated":       {MemberRolesUpdated(one, ""), "now has the role viewer."},
		"updated, two":  {MemberRolesUpdated(two, ""), "now has roles admin, member."},
		"add action":    {AddMemberAction("jdoe", []string{"owner"}, "").Plain, "with the role owner"},
		"admin refusal": {AdminCannotRemoveAdmins("carol", 3, []string{"admin"}, "acme-labs"), "has the role admin."},
	} {
		if !strings.Contains(tc.got, tc.want) {
			t.Errorf("%s: %q lacks %q", name, tc.got, tc.want)
		}
	}
}
