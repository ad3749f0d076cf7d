package present

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// The words of the organization tools: organizations, plan limits, dedicated clusters, one
// member and role changes.

// Orgs renders a page of list_orgs: page holds the organizations shown, total counts them
// all, and acting is the organization requests act in by default, as ActingOrg found it
// ("" when the credential's own is used, or it is not one of them).
func Orgs(page []client.Org, total int, acting string) string {
	if total == 0 {
		return "This credential belongs to no organization it can list."
	}
	also := ""
	if acting != "" {
		also = fmt.Sprintf(" Without one, tools act in %s.", Inline(acting))
	}
	if len(page) == 0 {
		return fmt.Sprintf("%s you belong to.%s", count(total, "organization", "organizations"), also)
	}
	rows := make([][]string, len(page))
	for i, o := range page {
		rows[i] = []string{nameCell(o.Name), nameCell(o.DisplayName), nameCell(o.Role)}
	}
	return fmt.Sprintf("%s you belong to:\n\n%s\n\nPass a name as org to act in that organization.%s",
		count(total, "organization", "organizations"), Table([]string{"Org", "Display name", "Your role"}, rows), also)
}

// OrgsNotServedView is what OrgsNotServed says it from: Header is SPICE_ORG, Claim the token's
// own organization ("" when unknown); HTTPCaller: the caller reached the server over HTTP (Lent:
// with the server's own credentials), so the server's flags and SPICE_ORG are its operator's;
// Sandbox: the server runs --sandbox already.
type OrgsNotServedView struct {
	Header, Claim             string
	HTTPCaller, Lent, Sandbox bool
}

// OrgsNotServed is list_orgs when the API answers 404 on GET /v1/orgs, which Spice's CLI reads
// as "not served here" (api/README §7.10): what the person can still do. --sandbox is offered
// only to whoever starts the server (stdio, not running it already): an HTTP caller cannot
// restart a running server with a flag.
func OrgsNotServed(v OrgsNotServedView) string {
	acting := "the organization the credential was made for"
	switch {
	case v.Header != "" && v.HTTPCaller:
		acting = NameText(clip(v.Header, wordBytes)) + " (this server's default organization, set by its operator)"
	case v.Header != "":
		acting = NameText(clip(v.Header, wordBytes)) + " (SPICE_ORG)"
	case v.Claim != "":
		acting = "the credential's own, " + NameText(clip(v.Claim, wordBytes))
	case v.Lent:
		acting = "the organization this server's credential was made for"
	case v.HTTPCaller:
		acting = "the organization your token was made for"
	}
	out := "This Spice.ai API does not serve the list of organizations (GET /v1/orgs answered 404, which Spice's CLI reads as not served here). " +
		"Which organizations you belong to is not known here, and it is not an error in your request. " +
		"Tools without org act in " + acting + ", the default: use them as they are. " +
		"To act in another organization you belong to, pass its name (handle, as the Spice.ai Portal shows it) as org."
	if !v.HTTPCaller && !v.Sandbox {
		out += " To see this tool list organizations without an account, " + askUser + "start the server with --sandbox, whose emulator serves them."
	}
	return out
}

// OrgsWithTwoRoles names the organizations the API lists more than once with different roles.
func OrgsWithTwoRoles(names []string) string {
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = NameText(clip(n, wordBytes))
	}
	return fmt.Sprintf("The Spice.ai API lists %s more than once, with different roles: your role there is not known here, and the API decides.",
		strings.Join(shown, ", "))
}

// ActingOrg is the name of the organization of orgs that calls without org act in, or "".
// header is the X-Org-Name they send (SPICE_ORG), which the API matches by name only: digits
// there are a name, not an ID. Without one they act in the token's own organization, claim as
// the token carries it (a name or an ID: an OAuth token's org_id).
func ActingOrg(orgs []client.Org, header, claim string) string {
	current, byID := header, false
	if current == "" {
		current, byID = claim, true
	}
	if current == "" {
		return ""
	}
	for _, o := range orgs {
		if strings.EqualFold(o.Name, current) || byID && strconv.FormatInt(o.ID, 10) == current {
			return o.Name
		}
	}
	return ""
}

// limitValue renders a plan limit: -1 is unlimited, 0 not reported.
func limitValue(n int) string {
	switch {
	case n < 0:
		return "unlimited"
	case n == 0:
		return ""
	}
	return number(n)
}

// limitSeconds is limitValue for a limit in seconds, said as every result says a duration
// ("1 min", "1 h": hoursMinutesSeconds), not as a bare number under a "(s)" label.
func limitSeconds(n int) string {
	if n <= 0 {
		return limitValue(n)
	}
	return hoursMinutesSeconds(int64(n))
}

// Limits renders get_limits; org is the organization they are of ("": not known, the token's
// default; listOrgs: the caller can use list_orgs, which names the organizations then).
func Limits(l *client.Limits, org string, listOrgs bool) string {
	rows := [][]string{
		{"Apps (projects)", limitValue(l.Apps)},
		{"Replicas per app", limitValue(l.Replicas)},
		{"Spicepods per app", limitValue(l.Spicepods)},
		{"Members", limitValue(l.Users)},
		{"API requests per second", limitValue(l.APIRPS)},
		{"Request timeout", limitSeconds(l.RequestTimeoutSecs)},
		{"SQL query timeout", limitSeconds(l.SQLQueryTimeoutSecs)},
		{"Concurrent SQL queries", limitValue(l.SQLConcurrentQueries)},
	}
	compute := "not enabled (custom resources are refused)"
	if len(l.Resources) > 0 {
		var parts []string
		if v, ok := l.Resources["max_cpu"]; ok {
			parts = append(parts, cpusText(limitResource(v)))
		}
		if v, ok := l.Resources["max_memory_gi"]; ok {
			parts = append(parts, memoryGiText(limitResource(v)))
		}
		compute = strings.Join(parts, ", ") + " per container"
	}
	rows = append(rows, []string{"Private compute", compute})
	of := "the token's default organization (list_orgs names yours)"
	if !listOrgs {
		of = "the token's default organization"
	}
	if org != "" {
		of = "organization " + Inline(org)
	}
	// A list, not a two-column table: its header and rule lines say nothing the labels do not.
	var b strings.Builder
	b.WriteString("Plan limits of " + of + ":\n")
	for _, r := range rows {
		v := Inline(r[1])
		if v == "" {
			v = "—"
		}
		b.WriteString("\n- " + r[0] + ": " + v)
	}
	return b.String()
}

// limitResource is a plan's resource limit as get_limits shows it: a number as it is; any other
// value (the spec says integer, but the API's answer may hold any text or shape) as its text or
// JSON, masked (MaskAPIText: a URL's password or a bearer token never shows) and shortened to
// 100 bytes with a note of its full length.
// cpusText and memoryGiText word a plan's private compute one way, in get_limits and in a
// remedy ("16 CPUs", "64Gi of memory"), the memory as resources.limits takes it.
func cpusText(n string) string {
	if n == "1" {
		return "1 CPU"
	}
	return n + " CPUs"
}

func memoryGiText(n string) string { return n + "Gi of memory" }

func limitResource(v any) string {
	switch v.(type) {
	case float64, json.Number, int, int64:
		return fmt.Sprint(v)
	}
	return clip(maskResource(v), wordBytes)
}

// maskResource is a resource value that is not a number as text, masked key-aware as a
// spicepod value outside params is (maskPlain: below it, a credential-named key's value whole,
// params and keys holding a credential), then as the API's text (MaskAPIText).
func maskResource(v any) string {
	return MaskAPIText(resourceText(maskPlain(v)))
}

// resourceText is a resource value that is not a number as text: a string as it is, anything
// else as its JSON.
func resourceText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if b, err := json.Marshal(v); err == nil {
		return string(b)
	}
	return fmt.Sprint(v)
}

// LimitResources returns a plan's resources (get_limits) as its structured content carries
// them: masked pair by pair (maskMap: each key as text, so a key holding a URL's password
// shows it masked; a credential-named key's value masked whole, a number too, maskAll; any
// other value that is not a number as text, masked key-aware, maskResource), then, as an app's
// resource group (shortQuantities), the keys that fit with each key and value shortened to 100
// bytes; and what was shortened, by path ("resources": its number of keys; "resources.KEY": a
// value's length), nil when nothing was.
func LimitResources(resources map[string]any) (map[string]any, map[string]int) {
	if resources == nil {
		return nil, nil
	}
	masked := maskMap(resources, func(k string, v any) any {
		if credentialKey(k) {
			return maskAll(v)
		}
		switch v.(type) {
		case float64, json.Number, int, int64, bool, nil:
			return v
		}
		return maskResource(v)
	})
	full := map[string]int{}
	out := shortQuantities(masked, "resources", full)
	if len(full) == 0 {
		return out, nil
	}
	return out, full
}

// Clusters renders list_clusters (api/README §7.11): the API's endpoint is the private host,
// reachable only over VPC peering; the public one is derived from infra_cluster_name and region.
// Clusters on the same infra_cluster_name share hardware, and the text says which: those shown,
// and how many of the others, left out of the table, are on it too (ClusterMatesShown).
// A page shows clusters of total, with public[i] the public endpoint of clusters[i]
// (ClusterPublicEndpoint) and mates[i] the clusters sharing its hardware in the whole list
// (ClusterHardwareMates). regionsHidden: the caller cannot use list_regions, left out then.
func Clusters(clusters []client.Cluster, public, flight []string, mates [][]string, total int, regionsHidden bool) string {
	if total == 0 {
		regions := " (list_regions)"
		if regionsHidden {
			regions = ""
		}
		return "The organization has no dedicated clusters (an Enterprise feature); its apps run in shared regions" + regions + "."
	}
	rows := make([][]string, len(clusters))
	var shared []string
	for i, c := range clusters {
		rows[i] = []string{c.ClusterName, c.Region, c.CloudProvider, c.InfraClusterName, public[i], c.Endpoint}
		if len(mates[i]) > 0 && !slices.ContainsFunc(clusters[:i], func(p client.Cluster) bool {
			return p.InfraClusterName == c.InfraClusterName
		}) {
			shown, notShown := ClusterMatesShown(clusters, mates[i])
			names := append([]string{c.ClusterName}, shown...)
			for k := range names {
				names[k] = NameText(names[k])
			}
			if notShown > 0 {
				names = append(names, count(notShown, "cluster not shown", "clusters not shown"))
			}
			shared = append(shared, fmt.Sprintf("%s and %s share hardware (%s)",
				strings.Join(names[:len(names)-1], ", "), names[len(names)-1], NameText(c.InfraClusterName)))
		}
	}
	note := ""
	if len(shared) > 0 {
		note = "\n\n" + strings.Join(shared, "; ") + "."
	}
	header := []string{"Cluster", "Region", "Cloud", "Hardware", "Public endpoint", "Private endpoint (VPC peering only)"}
	return fmt.Sprintf("%s (pass a name as cluster_name). Connect to the public endpoint; the private one works only with VPC peering.\n\n%s%s%s",
		count(total, "dedicated cluster", "dedicated clusters"),
		Table(header, nameColumns(header, rows, "Cluster", "Region", "Cloud", "Hardware")), note, ClusterFlight(clusters, flight, "\n\n", "`"))
}

// ClusterPublicEndpoint is a cluster's public endpoint,
// https://{infra_cluster_name}-{region}-prod-data.spiceai.io (api/README §7.11); "" when the API
// did not give both parts.
func ClusterPublicEndpoint(c client.Cluster) string {
	if c.InfraClusterName == "" || c.Region == "" {
		return ""
	}
	return "https://" + c.InfraClusterName + "-" + c.Region + "-prod-data.spiceai.io"
}

// ClusterFlight says where Arrow Flight clients (Spice's SDKs) connect, after lead, code marked
// with tick (structured content's copy is no Markdown): once, not per cluster, as it follows from
// the public endpoint (a column, or a field per cluster, cost 7 of 40 clusters a result could
// show), the first cluster's as the example; "" when no cluster has one.
func ClusterFlight(clusters []client.Cluster, flight []string, lead, tick string) string {
	i := slices.IndexFunc(flight, func(f string) bool { return f != "" })
	if i < 0 {
		return ""
	}
	name, where := NameText(clusters[i].ClusterName), tick+flight[i]+tick
	if tick == "" {
		name, where = shownLine(clusters[i].ClusterName), shownLine(flight[i])
	}
	return fmt.Sprintf("%sArrow Flight clients (Spice's SDKs) connect to the public endpoint's host with -flight in place of -data, port 443: %s's is %s. %s",
		lead, name, where, NoPrivateFlight)
}

// NoPrivateFlight: Spice publishes a dedicated cluster's private endpoint (the API's endpoint,
// VPC peering only) and its public HTTP and Flight ones, but no private Flight endpoint
// (api/README §7.11, Assumed): none is derived, a guessed host may not resolve.
const NoPrivateFlight = "No private (VPC peering) Flight endpoint is published: ask Spice support for one."

// ClusterFlightEndpoint is a cluster's public Arrow Flight endpoint: the public endpoint's host
// with -flight in place of -data, port 443 (api/README §7.11), written as Spice's Flight docs
// write theirs (grpc+tls://flight.spiceai.io); "" when the API did not give both parts.
func ClusterFlightEndpoint(c client.Cluster) string {
	if c.InfraClusterName == "" || c.Region == "" {
		return ""
	}
	return "grpc+tls://" + c.InfraClusterName + "-" + c.Region + "-prod-flight.spiceai.io:443"
}

// ClusterMatesShown splits the names of the clusters sharing a hardware (mates: in the whole
// list, ClusterHardwareMates) into those among clusters (a page) and how many others there are:
// the page's note and structured content name only clusters the page shows.
func ClusterMatesShown(clusters []client.Cluster, mates []string) (shown []string, notShown int) {
	for _, m := range mates {
		if slices.ContainsFunc(clusters, func(c client.Cluster) bool { return c.ClusterName == m }) {
			shown = append(shown, m)
		} else {
			notShown++
		}
	}
	return shown, notShown
}

// ClusterHardwareMates names the other clusters on the same hardware (infra_cluster_name) as
// clusters[i]; nil for none.
func ClusterHardwareMates(clusters []client.Cluster, i int) []string {
	var mates []string
	for j, c := range clusters {
		if j != i && c.InfraClusterName != "" && c.InfraClusterName == clusters[i].InfraClusterName {
			mates = append(mates, c.ClusterName)
		}
	}
	return mates
}

// MemberOrg names the organization a member result is about: org, the one the call acted in
// (the org argument or SPICE_ORG, or the token's claims), or, "" when only the API knows, the
// token's own; an operator with several organizations must see which one it was.
func MemberOrg(org string) string {
	if org == "" {
		return "the token's own organization"
	}
	return "organization " + orgShown(org)
}

// Member renders get_member in org (MemberOrg): one member is a sentence, not a table of one
// row under its header and rule lines.
func Member(m *client.Member, owner bool, org string) string {
	view := *m
	view.IsOwner = view.IsOwner || owner
	text := fmt.Sprintf("%s (user %d) in %s: ", NameShown(m.Username).Markdown(), m.UserID, MemberOrg(org))
	if view.IsOwner {
		text += "its owner, "
	}
	if len(m.Roles) == 0 {
		text += "no roles"
	} else {
		text += rolesNoun(m.Roles) + " " + NameText(strings.Join(m.Roles, ", "))
	}
	if joined := Time(m.CreatedAt); joined != "" {
		text += ", joined " + joined
	}
	text += "."
	if !view.IsOwner && slices.Contains(m.Roles, "owner") {
		text += " " + NameText(m.Username) + " is not the organization's owner, who can never be changed or removed; the owner role " +
			"gives others an owner's rights (granting admin or owner too), and they can be changed or removed."
	}
	return text + unknownRolesNote(view)
}

// UpdateRolesAction is what update_member_roles asks the user to confirm.
func UpdateRolesAction(username string, userID int64, from, to []string, org string) Words {
	return words("Change the roles of %s (user %d) in %s from %s to %s", NameShown(username), userID, actionOrg(org),
		inlineShown(strings.Join(from, ", ")), inlineShown(strings.Join(to, ", ")))
}

// EffectRolesChangeable says how a role change is undone.
const EffectRolesChangeable = "Their access changes immediately; update_member_roles can change it again."

// MemberRolesUpdated confirms update_member_roles in org (MemberOrg), saying what the roles that are not what
// their names suggest mean (api/README §4): the owner role is not the organization's owner
// (update_member_roles refuses that member), and billing is a legacy role whose rights are not
// documented, read as member here (api/README §4: Assumed).
func MemberRolesUpdated(m *client.Member, org string) string {
	text := fmt.Sprintf("In %s, %s (user %d) now has %s %s.", MemberOrg(org), NameShown(m.Username).Markdown(), m.UserID, rolesNoun(m.Roles), NameText(strings.Join(m.Roles, ", ")))
	if slices.Contains(m.Roles, "owner") {
		text += " The owner role gives an owner's rights (granting admin and owner included), but " + NameText(m.Username) +
			" is not the organization's owner: an owner can still change their roles or remove them."
	}
	if slices.Contains(m.Roles, "billing") {
		text += " billing is a legacy role whose rights the API does not document: it is read as member here (everything but managing members)."
	}
	return text
}

// OwnerNotModifiable: the API never changes the owner's roles. Its remedy is the table's for
// the API's own 403, so it is the same as the API's refusal would get: the portal, or in the
// sandbox (which has no portal and no way to transfer ownership) another member.
func OwnerNotModifiable(username string, userID int64, sandbox bool) string {
	return fmt.Sprintf("%s (user %d) is the organization's owner, whose roles the API never changes "+
		"(it answers 403 \"Cannot modify organization owner\"). Nothing was changed.\n", NameText(username), userID) +
		whatToDo(Remedy(ownerForbidden(api.UpdateMemberRoles, "Cannot modify organization owner", sandbox)))
}

// ownerForbidden is the API's 403 for the owner (message, of op), whose remedy the owner's
// refusals give, in sandbox mode or not.
func ownerForbidden(op *api.Operation, message string, sandbox bool) error {
	return &client.APIError{Operation: op.ID, StatusCode: http.StatusForbidden, Message: message, Sandbox: sandbox}
}

// RoleCannotChangeRoles: the caller's role does not manage members.
func RoleCannotChangeRoles(role, org string) string {
	return fmt.Sprintf("Your role in %s is %s, which cannot manage members or their roles: only an admin or the owner can. "+
		"Nothing was changed: %shave an admin or owner of %[1]s do it.", orgName(org), Inline(role), askUser)
}

// AdminCannotManageAdmins: admins manage members and viewers, not admins or owners.
func AdminCannotManageAdmins(org string) string {
	return fmt.Sprintf("Your role in %s is admin: only an owner can grant the admin or owner role or change an admin's or owner's roles. "+
		"Nothing was changed: %shave an owner of %[1]s do it.", orgName(org), askUser)
}

// RoleCannotRemoveMembers: the caller's role removes no one.
func RoleCannotRemoveMembers(role, org string) string {
	return fmt.Sprintf("Your role in %s is %s, which cannot remove members: only an admin (members and viewers) or an owner "+
		"(anyone but the organization's owner) can. Nothing was changed, and nobody was asked: %shave an admin or owner of %[1]s do it.",
		orgName(org), Inline(role), askUser)
}

// AdminCannotRemoveAdmins: admins remove members and viewers, not admins or owners.
func AdminCannotRemoveAdmins(username string, userID int64, roles []string, org string) string {
	return fmt.Sprintf("Your role in %s is admin: only an owner can remove a member with the admin or owner role, and %s (user %d) "+
		"has %s %s. Nothing was changed, and nobody was asked: %shave an owner of %[1]s do it.", orgName(org), NameText(username), userID,
		rolesNoun(roles), NameText(strings.Join(roles, ", ")), askUser)
}

// AddMemberAction is what add_member asks the user to confirm when it grants admin or owner. A
// username holding a character beyond ASCII (a Cyrillic look-alike: саrol) is also quoted
// with each such character escaped, so the person can tell it from the ASCII name it mimics
// (NameShown).
func AddMemberAction(username string, roles []string, org string) Words {
	return words("Add %s to %s with %s %s", NameShown(username), actionOrg(org), rolesNoun(roles), inlineShown(strings.Join(roles, ", ")))
}

// actionOrg is the organization a member action acts in, as the person approving it reads it:
// org (the org argument, SPICE_ORG or the token's claim; look-alikes flagged as NameShown
// flags them), or, unknown, the token's own, as member results say (MemberOrg).
func actionOrg(org string) Shown {
	if org == "" {
		return Shown{"the token's own organization", "the token's own organization"}
	}
	n := NameShown(org)
	return Shown{"organization " + n.markdown, "organization " + n.plain}
}

// EffectManagerAdded says what granting admin or owner to a new member means. It names no tool:
// the caller may lack the scope of either (remove_member needs members:delete).
const EffectManagerAdded = "An admin adds, changes and removes members and viewers; an owner anyone but the organization's owner. " +
	"Only an owner can take either role away again."

func orgName(org string) string {
	if org == "" {
		return "this organization"
	}
	return NameText(org)
}

// ArgRolesRequired: update_member_roles needs at least one role.
const ArgRolesRequired = "Required: at least one role (admin, member, viewer or billing)"

// ArgRolesEmpty refuses add_member's roles: [] (the API does not say what no role means).
var ArgRolesEmpty = WithFix("must not be empty", "give at least one role (admin, member, viewer or billing), or omit roles for [member]")

// ArgRoleTwice refuses a roles list that names a role more than once (roles are a set: the
// repeat would be asked about and sent, then dropped). The role is quoted as the enum rule
// quotes it, as plain text: a field's rule is escaped where it is rendered (once).
// Every role repeated is named, in the order first repeated.
func ArgRoleTwice(roles ...string) string {
	quoted := make([]string, len(roles))
	for i, r := range roles {
		quoted[i] = "'" + r + "'"
	}
	if len(quoted) == 1 {
		return WithFix(quoted[0]+" is given twice (roles are a set)", roleOnce)
	}
	return WithFix(fmt.Sprintf("%s and %s are each given more than once (roles are a set)",
		strings.Join(quoted[:len(quoted)-1], ", "), quoted[len(quoted)-1]), roleOnce)
}

const roleOnce = "give each role once"

// memberRoleRank orders the member roles by what they allow (billing is read as member).
var memberRoleRank = map[string]int{"viewer": 1, "member": 2, "billing": 2, "admin": 3, "owner": 4}

// topRole is the highest of roles memberRoleRank knows ("" for none).
func topRole(roles []string) string {
	top := ""
	for _, r := range roles {
		r = strings.ToLower(r)
		if memberRoleRank[r] > memberRoleRank[top] {
			top = r
		}
	}
	return top
}

// EffectSelfRolesChanged replaces EffectRolesChangeable when the member is the caller (the
// token's user): lowering one's own roles cannot be undone by oneself, as granting admin and
// owner takes an owner, and granting any role an admin or owner.
func EffectSelfRolesChanged(from, to []string) string {
	was, will := topRole(from), topRole(to)
	if memberRoleRank[will] >= memberRoleRank[was] {
		return "These are your own roles (the user this server acts as): your access changes immediately."
	}
	restorer := "an admin or owner"
	if was == "admin" || was == "owner" {
		restorer = "an owner"
	}
	return fmt.Sprintf("These are your own roles (the user this server acts as): you lose the %s role immediately, and you "+
		"will not be able to undo it yourself. Only %s of the organization can give it back.", was, restorer)
}

// EffectSelfRemoved replaces EffectMemberReadded when the member is the caller.
const EffectSelfRemoved = "This is you (the user this server acts as): you lose access to the organization immediately, and " +
	"cannot add yourself back; only an admin or owner of it can add you again."

// SelfRolesChanged follows MemberRolesUpdated when the member was the caller.
func SelfRolesChanged(from, to []string) string {
	return " " + EffectSelfRolesChanged(from, to)
}

// SelfRemoved follows MemberRemoved when the member was the caller: calls in this organization
// now fail.
const SelfRemoved = " That was you (the user this server acts as): you no longer have access to the organization, so " +
	"calls in it now fail; only an admin or owner of it can add you again."

// rolesNoun is what a list of roles is called: "the role" for one (a member "has the role
// viewer", not "roles viewer"), "roles" for more.
func rolesNoun(roles []string) string {
	if len(roles) == 1 {
		return "the role"
	}
	return "roles"
}
