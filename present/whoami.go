package present

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// credentialNames name each kind of credentials (client.CredentialKind) for whoami.
var credentialNames = map[string]string{
	"pat":     "personal access token (SPICE_API_TOKEN)",
	"oauth":   "OAuth client credentials (SPICE_CLIENT_ID)",
	"request": "your bearer token sent with this HTTP request",
	"none":    "none",
	"custom":  "custom token source",
}

// sandboxBuiltInToken names the emulator's built-in token, lent in sandbox mode (its closing
// parenthesis left to the caller: stdio adds that SPICE_API_TOKEN is not used).
const sandboxBuiltInToken = `"` + sandbox.DefaultToken + `" — the built-in emulator's token (no Spice.ai account`

// WhoamiCredentials names the credentials in use, never the token itself. In sandbox mode the
// server's own token is the emulator's built-in "sandbox" token, not a personal access token.
func WhoamiCredentials(kind string, inSandbox bool) string {
	if inSandbox {
		switch kind {
		case "pat":
			return sandboxBuiltInToken + "; SPICE_API_TOKEN is not used)"
		case "request":
			return "your bearer token sent with this HTTP request (checked by the emulator)"
		}
	}
	if name, ok := credentialNames[kind]; ok {
		return name
	}
	return kind
}

// lentCredentialNames name the server's own credentials, lent to an HTTP caller that sent no
// bearer token, naming none of the settings they come from: the caller runs no server.
var lentCredentialNames = map[string]string{
	"pat":   "this server's own personal access token, which it acts with for a caller that sends no bearer token",
	"oauth": "this server's own OAuth client credentials, which it acts with for a caller that sends no bearer token",
}

// confirmationFor is WhoamiConfirmation, over HTTP (Remote) naming the operator who set the
// mode instead of its flag: the caller does not start the server.
func confirmationFor(v WhoamiView) string {
	text := WhoamiConfirmation(v.ConfirmMode, v.ApprovalChannel, v.NoConfirm)
	if !v.Remote {
		return text
	}
	for _, flag := range []string{"(--no-confirm)", "(--confirm=off)", "(--confirm=agent)"} {
		text = strings.Replace(text, flag, "(set by this server's operator)", 1)
	}
	return text
}

// WhoamiLentCredentials names the server's own credentials lent to an HTTP caller without a
// bearer token (WhoamiCredentials over stdio, and in sandbox mode, whose built-in token is no
// operator's setting).
func WhoamiLentCredentials(kind string, inSandbox bool) string {
	if name, ok := lentCredentialNames[kind]; ok && !inSandbox {
		return name
	}
	if inSandbox && kind == "pat" { // the server's variable is not the caller's concern
		return sandboxBuiltInToken + ")"
	}
	return WhoamiCredentials(kind, inSandbox)
}

// WhoamiAPI names the API the server talks to: the sandbox, the production Spice.ai API, or
// another URL (SPICE_API_URL), which is never called the real or production API.
func WhoamiAPI(baseURL string, sandbox bool) string {
	switch {
	case sandbox:
		return "sandbox (emulated API with demo data)"
	case strings.EqualFold(strings.TrimSuffix(strings.TrimRight(baseURL, "/"), ":443"), client.DefaultBaseURL):
		// https://api.spice.ai:443 is the production API too: 443 is https's default port.
		return "real Spice.ai API at " + client.DefaultBaseURL
	default:
		return baseURL + " (set by SPICE_API_URL; not the production API at " + client.DefaultBaseURL + ")"
	}
}

// WhoamiRemoteAPI is WhoamiAPI for a caller over HTTP, which runs no server: another URL is the
// server's, not a setting to change (SPICE_API_URL).
func WhoamiRemoteAPI(baseURL string, sandbox bool) string {
	api := WhoamiAPI(baseURL, sandbox)
	if rest, ok := strings.CutPrefix(api, baseURL+" (set by SPICE_API_URL;"); ok {
		return baseURL + " (this server's API address;" + rest
	}
	return api
}

// WhoamiView is what whoami knows, with the credential and API lines already worded.
type WhoamiView struct {
	Credentials string
	// Remote: the caller reached the server over HTTP (its own bearer token, or the server's
	// lent to it): it runs no server, so the server's settings (SPICE_ORG) are not named to it.
	Remote bool
	// Kind is the kind of credentials (client.CredentialKind), Sandbox whether the server runs
	// on the emulator: with Rejected they say what to fix (WhoamiRejected).
	Kind       string
	Sandbox    bool
	TokenError error // obtaining a token failed
	// Rejected is the API's 401 to the credentials (listOrgs): they do not work. Unavailable
	// are the tools its remedy names (RemedyTools) that the caller cannot use, with why.
	Rejected       error
	Unavailable    []UnavailableTool
	ScopesKnown    bool // the token carries a scopes claim, perhaps an empty list (Scopes)
	HasCredentials bool
	// Organization is the organization calls act in ("" = the credentials' own, unnamed),
	// OrgSource why (OrgFromArgument, OrgFromEnv, OrgFromToken), Role the caller's role there
	// ("" = unknown) and Memberships the caller's organizations when none is chosen.
	// NotMember: the caller's organizations were listed and the one in force is not among
	// them (Memberships holds them), so calls there are refused.
	Organization string
	OrgSource    string
	Role         string
	Memberships  []client.Org
	NotMember    bool
	// RoleUnknown is why the role is unknown, when the token does not show it: the caller's
	// organizations (GET /v1/orgs) were not read (OrgsUnread's), or list the organization with
	// two roles (RoleListedTwice); the API then decides. whoami's structured role_unknown.
	RoleUnknown string
	Scopes      []string
	API         string
	ReadOnly    bool
	NoConfirm   bool
	// ConfirmMode is human, agent or off; ApprovalChannel how this client's user approves
	// (ChannelElicit, ChannelPage, ChannelNone); SecretChannel how they enter secret values
	// (ChannelURL, ChannelPage, ChannelArgs), Page where the page is, LocalValues whether
	// value_from_env and value_from_file work.
	ConfirmMode     string
	ApprovalChannel string
	SecretChannel   string
	Page            string
	LocalValues     bool
	MaskAPIKeys     bool
	Toolsets        []string
	Hidden          map[string]string // tool → why it is hidden
	Total           int               // tools in the catalogue
}

// Whoami renders whoami's report.
func Whoami(v WhoamiView) string {
	var b strings.Builder
	if v.Rejected != nil {
		// First, not in the list: nothing below works until the credentials do.
		var apiErr *client.APIError
		why := errorFor(v.Rejected, v.Unavailable)
		if errors.As(v.Rejected, &apiErr) {
			kind := v.Kind
			if apiErr.Lent { // the caller runs no server: the table's remedy, which names none of its settings
				kind = ""
			}
			why = apiErrorText(apiErr, WhoamiRejected(kind, v.Sandbox, remedyNaming(v.Rejected, v.Unavailable)))
		}
		fmt.Fprintf(&b, "The %s rejected these credentials: no tool that calls it will work until they are fixed. %s\n\n", apiNamed(v.Sandbox), why)
	}
	if v.NotMember {
		// First too: every call there is refused until another organization is chosen.
		source := v.OrgSource
		if v.Remote && source == OrgFromEnv {
			source = "" // the server's default: not the caller's to change
		}
		fmt.Fprintf(&b, "%s\n\n", WhoamiNotMember(v.Organization, source, v.Memberships))
	}
	fmt.Fprintf(&b, "- Credentials: %s", v.Credentials)
	switch {
	case v.TokenError != nil:
		fmt.Fprintf(&b, " (could not obtain a token: %s)", oneLine(Error(v.TokenError))) // one list item
	case v.Rejected != nil && v.Sandbox:
		b.WriteString(" (rejected by the emulator: 401 Unauthorized)")
	case v.Rejected != nil:
		b.WriteString(" (rejected by the API: 401 Unauthorized)")
	}
	if v.HasCredentials {
		b.WriteString("\n- Organization: " + whoamiOrg(v))
	}
	switch {
	case v.ScopesKnown:
		scopes := strings.Join(v.Scopes, ", ")
		if scopes == "" {
			scopes = "none" // an empty scopes claim: known, not unknown
		}
		fmt.Fprintf(&b, "\n- Scopes: %s (read from the token; the API still decides)", scopes)
	case v.Rejected != nil && v.Sandbox:
		b.WriteString("\n- Scopes: unknown: the emulator rejects the token")
	case v.Rejected != nil:
		b.WriteString("\n- Scopes: unknown: the API rejects the token")
	case v.HasCredentials:
		b.WriteString("\n- Scopes: not readable from this token; the API decides per call")
	}
	fmt.Fprintf(&b, "\n- API: %s\n- Read-only: %s\n- Approval of "+ApprovedActions+": %s\n- Secret values: %s\n- API keys in results: %s\n- Toolsets: %s",
		v.API, onOff(v.ReadOnly, "yes", "no"), confirmationFor(v),
		WhoamiSecrets(v.SecretChannel, v.Page, v.LocalValues),
		onOff(v.MaskAPIKeys, "masked to the last 4 characters", "shown in full, with a warning"), strings.Join(v.Toolsets, ", "))
	if !v.HasCredentials {
		// Every tool but these two fails with noCredentials: saying "available" would be false.
		n := fmt.Sprintf("%d", v.Total)
		if len(v.Hidden) > 0 {
			n = fmt.Sprintf("%d of %d", v.Total-len(v.Hidden), v.Total)
		}
		// whoami answered, so it is usable; check_health is named only where it is listed.
		fmt.Fprintf(&b, "\n\n%s tools are listed, but without credentials only %s; every other tool "+
			"answers with how to configure them. %s", n, workWithoutCredentials(v.Hidden), noCredentials)
		if len(v.Hidden) == 0 {
			return b.String()
		}
	}
	if len(v.Hidden) == 0 {
		switch {
		case v.Rejected != nil:
			fmt.Fprintf(&b, "\n\nAll %d tools are listed, but those that call the %s will not work until the credentials are fixed.", v.Total, apiNamed(v.Sandbox))
		case v.NotMember:
			fmt.Fprintf(&b, "\n\nAll %d tools are listed, but calls in organization %s will be refused: these credentials are not a member.", v.Total, sentOrgShown(v.Organization))
		case !v.ScopesKnown:
			// The token shows no scopes, so none hid a tool (tools.Env.Hidden): the API refuses
			// a call they do not allow, and "available" would promise more than it grants.
			// The Scopes line above says the API decides per call: not said twice.
			fmt.Fprintf(&b, "\n\nAll %d tools are listed.", v.Total)
		default:
			fmt.Fprintf(&b, "\n\nAll %d tools are available.", v.Total)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "\n\n%d of %d tools are hidden:\n\n%s", len(v.Hidden), v.Total, Table([]string{"Tools", "Why hidden"}, HiddenGroups(v.Hidden)))
	switch {
	case v.Rejected != nil:
		fmt.Fprintf(&b, "\n\nThe others are listed, but those that call the %s will not work until the credentials are fixed.", apiNamed(v.Sandbox))
	case v.NotMember:
		fmt.Fprintf(&b, "\n\nThe others are listed, but calls in organization %s will be refused: these credentials are not a member.", sentOrgShown(v.Organization))
	}
	return b.String()
}

// HiddenGroups are whoami's rows of hidden tools: one per reason, naming its tools (sorted,
// comma-separated) and the reason once, in the order of each group's first tool. Seventeen
// tools hidden by --read-only are one row, not seventeen that repeat it.
func HiddenGroups(hidden map[string]string) [][]string {
	var rows [][]string
	at := map[string]int{} // reason → its row
	for _, name := range slices.Sorted(maps.Keys(hidden)) {
		why := hidden[name]
		if i, ok := at[why]; ok {
			rows[i][0] += ", " + name
			continue
		}
		at[why] = len(rows)
		rows = append(rows, []string{name, why})
	}
	return rows
}

// workWithoutCredentials says which tools work without credentials for a whoami that
// answered: check_health too unless it is hidden (hidden names each tool hidden from the caller).
func workWithoutCredentials(hidden map[string]string) string {
	if _, ok := hidden["check_health"]; ok {
		return "whoami works"
	}
	return "check_health and whoami work"
}

// apiNamed is what whoami calls the API that answers: the sandbox's emulator in sandbox mode.
func apiNamed(sandbox bool) string {
	if sandbox {
		return "sandbox's emulator"
	}
	return "Spice.ai API"
}

// WhoamiRejected is what to do when the API rejects the credentials (401), for the kind in
// use, so that it names what the credentials line names; fallback is the remedy table's.
func WhoamiRejected(kind string, sandbox bool, fallback string) string {
	switch {
	case sandbox && kind == "request": // no Spice.ai token works there (RemedySandboxBearer)
		return RemedySandboxBearer
	case sandbox:
		return RemedySandboxServerToken
	case kind == "pat":
		return "The token is missing, malformed, revoked or expired: " + askUser + "check SPICE_API_TOKEN and create a new one at https://spice.ai/account if needed"
	case kind == "oauth":
		return "The API rejected the token obtained with SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (the client may have been deleted or its secret rotated): " + askUser + "check them"
	}
	return fallback
}

// Where the organization in force comes from (WhoamiView.OrgSource).
const (
	OrgFromArgument = "org argument"
	OrgFromEnv      = "SPICE_ORG"
	OrgFromToken    = "the token's own"
)

// whoamiOrg renders the organization calls act in and the caller's role there.
func whoamiOrg(v WhoamiView) string {
	if v.Organization == "" {
		choose := "pass org to a tool, or " + askUser + "set SPICE_ORG, to choose one"
		if v.Remote {
			choose = "pass org to a tool to choose one"
		}
		out := "the credentials' own default organization. Calls without org act there, and the API does not say " +
			"which it is (" + choose + ")"
		if len(v.Memberships) > 0 {
			names, _ := memberships(v.Memberships)
			out += "; member of " + names
		}
		if v.RoleUnknown != "" {
			out += ". Your organizations and your role in each are not known here: " + v.RoleUnknown + ", and the API decides each call"
		}
		return out
	}
	out := sentOrgShown(v.Organization)
	switch {
	case v.Remote && v.OrgSource == OrgFromEnv:
		out += " (this server's default organization)"
	case v.OrgSource != "":
		out += " (" + v.OrgSource + ")"
	}
	if v.NotMember {
		return out + ", not a member: calls there are refused"
	}
	if v.Role == "" && v.RoleUnknown != "" {
		return out + ", role: unknown: " + v.RoleUnknown + "; the API decides each call"
	}
	return out + ", role: " + orUnknown(orgShown(v.Role))
}

// RoleListedTwice is why the role is unknown in an organization the caller's organizations
// (GET /v1/orgs) list with two roles (WhoamiView.RoleUnknown).
const RoleListedTwice = "the Spice.ai API lists this organization more than once, with different roles"

// OrgsUnread is why whoami could not read the caller's organizations (GET /v1/orgs), which list
// the role, from the list's failure err ("" when it did not fail): a 404 is the API not serving
// the list (as Spice's CLI reads it, api/README §7.10), not the caller's error. It names the
// route alone: whoami's line says "organizations" before it.
func OrgsUnread(err error) string {
	if err == nil {
		return ""
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		return "this Spice.ai API does not serve GET /v1/orgs (it answered 404)"
	}
	if errors.As(err, &apiErr) {
		return fmt.Sprintf("GET /v1/orgs answered %d", apiErr.StatusCode)
	}
	return "GET /v1/orgs was not answered"
}

// WhoamiNotMember: the caller's organizations were listed and org, the one in force (from
// source), is not among them.
func WhoamiNotMember(org, source string, orgs []client.Org) string {
	fix := "pass another org"
	if source == OrgFromEnv {
		fix = "pass org, or " + askUser + "change SPICE_ORG,"
	}
	if len(orgs) == 0 {
		return fmt.Sprintf("These credentials are not a member of organization %s (they belong to none). "+
			"Calls there are refused: %shave an admin or owner of it add them, or to use a member's credentials.", sentOrgShown(org), askUser)
	}
	names, pointed := memberships(orgs)
	listed := " (list_orgs lists them)"
	if pointed { // memberships names the list_orgs call
		listed = ""
	}
	return fmt.Sprintf("These credentials are not a member of organization %s: calls there are refused. "+
		"Their organizations: %s; %s to act in one of them%s.", sentOrgShown(org), names, fix, listed)
}

// membershipsShown is the most organizations whoami names inline: an account in hundreds
// would push its safety lines past the result budget; list_orgs pages them all.
const membershipsShown = 5

// memberships renders the caller's organizations with the caller's role in each: the first
// membershipsShown, and how many more there are; pointed says it names list_orgs, which gives
// them all (those not shown, or names shown short).
func memberships(orgs []client.Org) (out string, pointed bool) {
	shown := orgs[:min(len(orgs), membershipsShown)]
	names := make([]string, len(shown))
	short := false
	for i, o := range shown {
		names[i] = orgShown(o.Name) + " (" + orUnknown(orgShown(o.Role)) + ")"
		short = short || utf8.RuneCountInString(o.Name) > orgShownMax
	}
	out = strings.Join(names, ", ")
	switch more := len(orgs) - len(shown); {
	case more > 0:
		return out + fmt.Sprintf(" and %s more (%s pages through them all)", number(more), Call("list_orgs")), true
	case short:
		return out + fmt.Sprintf(" (%s gives their full names)", Call("list_orgs")), true
	}
	return out, false
}

// orgShownMax is the longest organization name (or role) whoami quotes whole: the handles
// Spice's CLI sends are at most 64 characters, and whoami's safety lines must fit its result
// whatever the API calls an organization.
const orgShownMax = 64

// orgShown quotes an organization name, one longer than orgShownMax as at most its first and
// last 24 characters, cut between characters as a person sees them (clusterEnds: a flag is
// never split), and its length, so that none is cut silently. Lengths are in code points, as
// everywhere in present/ ("84 characters" for a name of 30 flags and 24 letters).
func orgShown(name string) string {
	n := utf8.RuneCountInString(name)
	if n <= orgShownMax {
		return NameText(name)
	}
	head, tail := clusterEnds(name, 24, 24)
	return NameText(head+"…"+tail) + " (" + number(n) + " characters)"
}

// sentOrgShown is orgShown of the organization in force, which a caller may have sent (org): a
// credential pasted there is masked, with why (quotedSent).
// orgShown shows a long name's end too: a credential there is masked as at its start.
func sentOrgShown(name string) string {
	if n := utf8.RuneCountInString(name); n > orgShownMax {
		if tail, hid := maskedSentTail(name); hid {
			head, _, _ := maskedSentHead(name)
			h, _ := clusterEnds(head, 24, 0)
			_, t := clusterEnds(tail, 0, 24)
			return NameText(h+"…"+t) + " (" + number(n) + " characters)" + maskedWhy
		}
	}
	return quotedSent(name, wordBytes, orgShown)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func onOff(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// ApprovedActions is what --confirm governs (the tools that ask before they act, and the
// values set_secret reads where the server runs), as whoami and --help name it: one wording,
// so neither leaves out what the other says.
const ApprovedActions = "deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file)"
