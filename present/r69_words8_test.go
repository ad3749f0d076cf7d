package present

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
)

// r69Words8Remedies is every remedy present writes for an API failure, rendered: each row of the
// remedy table (its sandbox text too) and the remedies tools write in its place.
func r69Words8Remedies() map[string]string {
	f := failure{RequiredScope: "apps:write", MaxTail: 1000, ActiveDeploymentID: 1008, Host: "api.example", Setting: "SPICE_API_URL"}
	texts := map[string]string{
		"toolScopeRemedy":       toolScopeRemedy("set_secret", []string{"apps:read", "secrets:write"}, "secrets:read"),
		"ReplicasOverPlan":      ReplicasOverPlan(9, 5),
		"PinNeedsEnterprise":    PinNeedsEnterprise,
		"operatorsCheck":        operatorsCheck(true, "check the token endpoint"),
		"RemedyLentTokenFailed": RemedyLentTokenFailed,
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

// TestR69Words8UnprocessableFitsTheOperation: a 422 was "the organization is not fully set up
// for deployments" whatever the call; it is so only where the API says so or the operation
// answers no other 422 (openapi.json: create deployment, resume, metrics), and a fork's, a
// repository connection's and any other call's says what it is about.
func TestR69Words8UnprocessableFitsTheOperation(t *testing.T) {
	orgSetUp := map[string]bool{"createProjectDeployment": true, "createDeployment": true, "resumeProject": true,
		"getProjectMetrics": true, "getAppMetrics": true}
	about := map[string]string{"forkProject": "fork again", "connectProjectRepository": "connect again"}
	for _, op := range api.Operations {
		for _, message := range []string{"Unprocessable Entity", "Organization is not fully configured", "Validation failed"} {
			f := failure{Operation: op.ID, Status: http.StatusUnprocessableEntity, message: message}
			_, got := remedyFor(f)
			wantOrg := orgSetUp[op.ID] || strings.Contains(message, "not fully configured")
			switch {
			case got == "":
				t.Errorf("%s, 422 %q: no remedy", op.ID, message)
			case wantOrg != (got == orgNotSetUp):
				t.Errorf("%s, 422 %q: says the organization is not set up: %v, want %v:\n%s", op.ID, message, got == orgNotSetUp, wantOrg, got)
			case !wantOrg && about[op.ID] != "" && !strings.Contains(got, about[op.ID]):
				t.Errorf("%s, 422 %q: remedy does not say to %s:\n%s", op.ID, message, about[op.ID], got)
			}
		}
	}
}

// TestR69Words8EveryAPICodeHasItsRemedy: each machine code the API sends (api/README.md's code
// table) and the emulator answers with has a remedy row of its own, not its status's.
func TestR69Words8EveryAPICodeHasItsRemedy(t *testing.T) {
	notCodes := map[string]string{"max_tail": "a field of plan_limit's answer", "image_tag": "a field name",
		"monitor_changed": "monitors: no tool calls them", "monitor_template_unavailable": "monitors: no tool calls them"}
	readme, err := os.ReadFile(filepath.Join("..", "api", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	row := regexp.MustCompile("(?m)^\\| [45][0-9][0-9] \\|.*$")
	code := regexp.MustCompile("`([a-z]+(?:_[a-z]+)+)`")
	for _, r := range row.FindAllString(string(readme), -1) {
		for _, m := range code.FindAllStringSubmatch(r, -1) {
			codes[m[1]] = "api/README.md"
		}
	}
	sources, _ := filepath.Glob(filepath.Join("..", "sandbox", "*.go"))
	coded := regexp.MustCompile(`coded(?:Error|ErrorPtr)\(http\.Status[A-Za-z]+, "([a-z_]+)"`)
	for _, path := range sources {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range coded.FindAllStringSubmatch(string(src), -1) {
			codes[m[1]] = filepath.Base(path)
		}
	}
	if len(codes) < 30 {
		t.Fatalf("read %d codes, want the table's 30 or more", len(codes))
	}
	for c, where := range codes {
		if notCodes[c] != "" {
			continue
		}
		if !slices.ContainsFunc(remedies, func(r remedyRule) bool { return r.Code == c }) {
			t.Errorf("code %s (%s) has no remedy row of its own", c, where)
		}
	}
}

// TestR69Words8PortsWrittenAsAddressesWriteThem: a port is a name of an endpoint, as an address
// writes it (127.0.0.1:65535), not a quantity: every refusal that bounds one writes the bound bare,
// where a quantity of 1,000 or more has separators (plain.Number).
func TestR69Words8PortsWrittenAsAddressesWriteThem(t *testing.T) {
	for name, text := range map[string]string{
		"URLPortRule": URLPortRule, "ListenAddrPort": ListenAddrPort("--listen", "127.0.0.1:70000"),
		"OriginEmptyPort": OriginEmptyPort("http://x:"), "OriginBadPort": OriginBadPort("http://x:70000"),
		"SandboxAllowedHostPort": SandboxAllowedHostPort("x:70000"),
		"BadBaseURL":             answerwords.BadBaseURL("SPICE_API_URL"), "BadTokenURL": answerwords.BadTokenURL("SPICE_OAUTH_TOKEN_URL"),
	} {
		if !strings.Contains(text, " to 65535") || strings.Contains(text, "65,535") {
			t.Errorf("%s: want the port's bound bare, \"to 65535\":\n%s", name, text)
		}
	}
}
