package present

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r70Words9Known are the constants of other packages present's texts name, as folded texts read
// them (testutil.R70TextsOf).
var r70Words9Known = map[string]string{"askUser": askUser, "client.EnvAPIURL": client.EnvAPIURL, "client.EnvAPIToken": client.EnvAPIToken,
	"client.EnvClientID": client.EnvClientID, "client.EnvClientSecret": client.EnvClientSecret, "client.EnvOAuthTokenURL": client.EnvOAuthTokenURL,
	"client.EnvOAuthScopes": client.EnvOAuthScopes, "client.EnvOrg": client.EnvOrg}

// r70Words9Texts is every text present writes, read from its code (each literal, concatenation
// and fmt.Sprintf of its non-test files, answerwords' too), not only those a golden shows.
func r70Words9Texts(t *testing.T) []testutil.R70Text {
	var texts []testutil.R70Text
	for _, dir := range []string{".", "answerwords"} {
		for _, tx := range testutil.R70TextsOf(t, dir, r70Words9Known) {
			tx.Where = filepath.Join(dir, tx.Where)
			texts = append(texts, tx)
		}
	}
	if len(texts) < 1000 {
		t.Fatalf("read %d texts from present's code, want its thousands", len(texts))
	}
	return texts
}

// r70Words9ForAPerson are the writers of texts a person reads, not the agent: what the server
// prints at start-up (stderr), what its HTTP listener answers to a request before any tool runs
// (the client's configuration is the reader's own). Each names
// what only a person does to that person, as it should.
var r70Words9ForAPerson = map[string]string{
	"NoCredentialsStdio": "stderr at start-up", "NoCredentialsToLend": "stderr at start-up", "SandboxIgnores": "stderr at start-up",
	"CredentialPlaceholder": "stderr at start-up", "CredentialUnexpanded": "stderr at start-up",
	"ServerCredentialsBeyondLoopback": "stderr at start-up", "LoopbackServerTokenWarning": "stderr at start-up",
	"BearerRequired": "HTTP 401 body", "BearerStandIn": "HTTP 401 body", "SharedSecretStandIn": "HTTP 401 body",
	"CallerTokenRefused": "HTTP 401 body", "RequestTokenRequired": "a request without a token, which the listener refuses 401 before a tool runs",
	"NoCredentials": "the client library's error; tools answer noCredentials instead",
}

// TestR70Words9EveryTextAsksTheUserForWhatOnlyTheyCanDo: round 69's rule read the remedy
// table and the goldens; the stdio 401 ("Check SPICE_API_TOKEN …; create a new one"), the role
// refusals ("ask an owner"), a restart of the server, an environment variable or a flag to set
// reached the agent, which can do none of these, from texts neither read. Every text present's
// code writes for the agent relays such a part, "ask the user to …" (askUser).
func TestR70Words9EveryTextAsksTheUserForWhatOnlyTheyCanDo(t *testing.T) {
	exempted := map[string]bool{}
	for _, tx := range r70Words9Texts(t) {
		bare := testutil.R69UnaddressedUserActions(tx.Text)
		if len(bare) == 0 {
			continue
		}
		if r70Words9ForAPerson[tx.Func] != "" {
			exempted[tx.Func] = true
			continue
		}
		t.Errorf("%s (%s): asks the agent to %q, which only a person can do:\n%s", tx.Where, tx.Func, bare, tx.Text)
	}
	for name := range r70Words9ForAPerson {
		if !exempted[name] {
			t.Errorf("%s is left out of the rule, but none of its texts needs to be: drop it from r70Words9ForAPerson", name)
		}
	}
	// Texts the code builds from parts no fold reads (whom a role refusal asks), rendered.
	for _, ask := range []RoleAsk{{Needed: "admin", Do: []string{"admin", "owner"}, Grant: []string{"admin", "owner"}},
		{Needed: "owner", Do: []string{"owner"}}, {Needed: "admin", Do: []string{"admin", "owner"}, Grant: []string{"owner"}}} {
		for _, text := range []string{RoleTooLow("update_member_roles", "acme", "member", ask, true), ask.Ask("the organization", "take it")} {
			if bare := testutil.R69UnaddressedUserActions(text); len(bare) > 0 || !strings.Contains(text, askUser+"have ") {
				t.Errorf("whom a role refusal asks: %q asked of the agent, want %q have …:\n%s", bare, askUser, text)
			}
		}
	}
	// The round's new parts of the rule catch what they must and no more.
	for text, want := range map[string]int{
		"Check SPICE_API_TOKEN: the token is expired; create a new one at https://spice.ai/account":                      2,
		"The token has expired: ask the user to create a new one at https://spice.ai/account and update SPICE_API_TOKEN": 0,
		"Only an owner can: ask an owner of the organization":                                                            1,
		"Only an owner can: ask the user to have an owner of the organization do it":                                     0,
		"check the org argument, or without one ask the user to check SPICE_ORG":                                         0,
		"raise the server's --tool-timeout and try again":                                                                1,
		"try again, or restart the server":                                                                               1,
		"the API at SPICE_API_URL (set by SPICE_API_URL) answered":                                                       0,
	} {
		if got := testutil.R69UnaddressedUserActions(text); len(got) != want {
			t.Errorf("the rule found %q in %q, want %d", got, text, want)
		}
	}
}

// TestR70Words9RoleRefusalsSayWhatToDo: manifest.json promises "every error carries a remedy",
// but the member tools' role refusals ended "Nothing was changed." with none: each now relays to
// the user whom to have do it, as RoleTooLow does.
func TestR70Words9RoleRefusalsSayWhatToDo(t *testing.T) {
	for name, c := range map[string]struct{ text, who string }{
		"RoleCannotChangeRoles":   {RoleCannotChangeRoles("viewer", "acme"), "an admin or owner of " + orgName("acme")},
		"AdminCannotManageAdmins": {AdminCannotManageAdmins("acme"), "an owner of " + orgName("acme")},
		"RoleCannotRemoveMembers": {RoleCannotRemoveMembers("member", ""), "an admin or owner of this organization"},
		"AdminCannotRemoveAdmins": {AdminCannotRemoveAdmins("frank", 3, []string{"admin"}, "acme"), "an owner of " + orgName("acme")},
	} {
		if want := askUser + "have " + c.who + " do it."; !strings.HasSuffix(c.text, want) {
			t.Errorf("%s: does not end with its remedy %q:\n%s", name, want, c.text)
		}
	}
}
