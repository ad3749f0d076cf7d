package tools

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Organization selection: every organization-scoped tool embeds orgArg, so its schema gains
// one optional `org` argument and define sends the call in that organization (X-Org-Name,
// through client.WithOrg). Without it the client's default applies (SPICE_ORG, else the
// credential's own organization).

// OrgName names the organization a call acts in.
type OrgName string

// jsonSchema is the type's own schema (see schema.go).
func (OrgName) jsonSchema() *schema {
	// No description: "org" explains itself, and the server's instructions say once what it
	// defaults to (SPICE_ORG) — 11 tokens saved on each of ~36 tools (TestToolsTokenBudget).
	// No pattern either: check refuses a name outside rules.OrgName before any request, naming
	// the argument and the rule, and the pattern would cost about 12 tokens on each tool.
	return &schema{Type: "string"}
}

// UnmarshalJSON accepts a name as a JSON string; "" is refused by check (the header's
// minLength is 1, and "" must not quietly mean the default organization). A number is refused:
// an organization has no ID to give, and its digits respelled (1e2 as 100) would alter it.
func (o *OrgName) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New(present.ArgOrgName)
	}
	*o = OrgName(s)
	return nil
}

// check refuses spaces around the name (blank included), what cannot be a header value (a
// line break or control character), a character that does not show (quoted escaped), each with
// its own words, then anything outside the handle rule Spice's CLI follows (rules.OrgName).
func (o OrgName) check() string {
	if o == "" {
		return present.ArgOrgEmpty
	}
	if strings.TrimSpace(string(o)) == "" {
		return present.ArgOrgBlank
	}
	if hasSpaces(string(o)) {
		return present.ArgSpaces
	}
	if strings.ContainsFunc(string(o), func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return present.ArgOrgName
	}
	if strayHidden(string(o)) {
		return present.ArgHiddenCharacter(string(o))
	}
	if msg := present.ArgCredential(string(o), false, present.KeptOrg); msg != "" {
		return msg // never sent: an API key pasted as the org would reach Spice.ai in a header
	}
	if rules.OrgName(string(o)) != "" { // Spice's CLI sends no other handle (api/README, Observed)
		return present.ArgOrgRule
	}
	return ""
}

// orgArg is the `org` argument, embedded in the arguments of organization-scoped tools.
type orgArg struct {
	Org OrgName `json:"org,omitempty"`
}

func (a orgArg) orgName() string { return string(a.Org) }

// orgArgs are the arguments of an organization-scoped tool that takes nothing else.
type orgArgs struct {
	orgArg
}

// orgSelector is implemented by arguments that embed orgArg.
type orgSelector interface{ orgName() string }

// withOrg returns ctx acting in the organization args name, if they name one.
func withOrg(ctx context.Context, args any) context.Context {
	if s, ok := args.(orgSelector); ok && s.orgName() != "" {
		return client.WithOrg(ctx, s.orgName())
	}
	return ctx
}
