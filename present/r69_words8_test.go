package present

import (
	"strconv"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r69Words8Remedies is every remedy present writes for an API failure, rendered: each row of the
// remedy table (its sandbox text too) and the remedies tools write in its place.
func r69Words8Remedies() map[string]string {
	f := failure{RequiredScope: "apps:write", MaxTail: 1000, ActiveDeploymentID: 1008, Host: "api.example", Setting: "SPICE_API_URL"}
	texts := map[string]string{
		"toolScopeRemedy":    toolScopeRemedy("set_secret", []string{"apps:read", "secrets:write"}, "secrets:read"),
		"ReplicasOverPlan":   ReplicasOverPlan(9, 5),
		"PinNeedsEnterprise": PinNeedsEnterprise,
	}
	for i, row := range remedies {
		texts["row "+strconv.Itoa(i)+" "+row.Code] = fill(row.Text, f)
		if row.Sandbox != "" {
			texts["row "+strconv.Itoa(i)+" "+row.Code+" sandbox"] = fill(row.Sandbox, failure{Sandbox: true, RequiredScope: f.RequiredScope})
		}
	}
	return texts
}

func itoa(i int) string { return number(i) }

// TestR69Words8UserOnlyActionsAskTheUser: a remedy is read by the agent, which cannot issue a
// token, upgrade a plan or act in the Spice.ai portal: every such part is addressed to the user
// through the agent, "ask the user to …", one form (askUser), in every remedy the table and the
// tools write.
func TestR69Words8UserOnlyActionsAskTheUser(t *testing.T) {
	if askUser != testutil.R69AskTheUser {
		t.Fatalf("askUser %q, the rule reads %q", askUser, testutil.R69AskTheUser)
	}
	for name, text := range r69Words8Remedies() {
		if bare := testutil.R69UnaddressedUserActions(text); len(bare) > 0 {
			t.Errorf("%s: asks the agent to %q, which only the user can do:\n%s", name, bare, text)
		}
	}
	// The rule reads what it must: a part addressed to the agent is caught, one relayed is not.
	if got := testutil.R69UnaddressedUserActions("Delete an app or upgrade the plan"); len(got) != 1 {
		t.Errorf("the rule missed an unaddressed upgrade: %q", got)
	}
	if got := testutil.R69UnaddressedUserActions("Ask the user to add credits or upgrade the plan; then fork again"); len(got) != 0 {
		t.Errorf("the rule caught a relayed part: %q", got)
	}
	if got := testutil.R69UnaddressedUserActions("Ask the user to wait: issue a token"); len(got) != 1 {
		t.Errorf("the rule let a new clause ride on an earlier opening: %q", got)
	}
}
