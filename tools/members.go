package tools

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type memberList struct {
	// Org is the organization the members belong to, where it can be told (memberOrg).
	Org        string          `json:"org,omitempty"`
	Members    []client.Member `json:"members"`
	Total      int             `json:"total"`
	Offset     int             `json:"offset,omitempty"`
	NextOffset int             `json:"next_offset,omitempty"`
}

var listMembers = register(define[pageArgs, memberList](Tool{
	Name: "list_members", Title: "List members", Toolset: ToolsetMembers,
	Operations: []*api.Operation{api.ListMembers},
	Examples:   Examples{Valid: map[string]any{}, Invalid: map[string]any{"role": "owner"}},
	Description: "Show the people in the organization (workspace), everyone with access: each user's ID, username and " +
		"roles: who is an admin, who owns the org.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a pageArgs) (*Result, error) {
	members, err := c.ListMembers(ctx)
	if err != nil {
		return nil, err
	}
	// A user the API lists again is shown and counted once, the repeat said.
	members, repeated := withoutRepeats(members, func(m client.Member) int64 { return m.UserID })
	note := ""
	if len(repeated) > 0 {
		note = "\n\n" + present.MembersRepeated(repeated)
	}
	dated := make([]present.Dated, len(members))
	for i, m := range members {
		dated[i] = present.Dated{One: "member", Name: m.Username, ID: m.UserID, Times: []present.NamedTime{{Field: "created_at", At: &m.CreatedAt}}}
	}
	note += futureNote(dated, env) + pagingNote(ctx, api.ListMembers, "member", "members")
	// Usernames and roles are passed through as the API sends them: a token a byte at worst (denseWeight).
	return resumedPage(ctx, env, "list_members\x00"+string(a.Org), "member", "members", members, a.Offset,
		func(m client.Member) (string, string) {
			return strconv.FormatInt(m.UserID, 10), m.Username
		}, memberDense, shortMember, func(page []client.Member, p present.Page) *Result {
			org := actingOrg(ctx, c)
			return &Result{Text: present.Paged(present.Members(page, p.Total, org)+note, present.PageNote("list_members", "members", deletable(p), orgAgain(a.orgArg)...)),
				Structured: memberList{Org: org, Members: page, Total: p.Total, Offset: p.Offset, NextOffset: p.Next}}
		}), nil
}))

// shortMember is a member whose username and roles are clipped to limit bytes (densePageOf).
func shortMember(m client.Member, limit int) client.Member {
	m.Username = present.ClipItem(m.Username, limit)
	roles := make([]string, len(m.Roles))
	for i, r := range m.Roles {
		roles[i] = present.ClipItem(r, limit)
	}
	m.Roles = roles
	return m
}

// memberDense is the bytes of a member's username and roles.
func memberDense(m client.Member) int {
	n := len(m.Username)
	for _, r := range m.Roles {
		n += len(r)
	}
	return n
}

type addMemberArgs struct {
	Username string `json:"username" jsonschema:"minLength=1,description=Spice.ai username"`
	Roles    []Role `json:"roles,omitempty" jsonschema:"minItems=1"` // default [member]: the description says so
	// Confirm approves granting admin or owner (--confirm=agent); a plain member is not asked.
	Confirm ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *addMemberArgs) request() client.AddMemberRequest {
	req := client.AddMemberRequest{Username: a.Username}
	for _, r := range a.Roles {
		req.Roles = append(req.Roles, string(r))
	}
	return req
}

func (a *addMemberArgs) validate() rules.FieldErrors {
	fe := client.ValidateAddMember(a.request())
	switch {
	case strings.TrimSpace(a.Username) == "":
		if fe == nil {
			fe = rules.FieldErrors{}
		}
		fe["username"] = []string{present.ArgUsernameRequired} // the client's "Username is required" says not what to send
	case utf8.RuneCountInString(a.Username) > rules.MemberRefMax: // as a member reference's
		fe.Check("username", present.ArgMemberRefTooLong(rules.MemberRefMax))
	case hasSpaces(a.Username):
		fe.Check("username", present.ArgSpaces) // sent as given, never trimmed
	case strayHidden(a.Username): // no ASCII rule: an emoji's or a Persian joiner is the name's
		fe.Check("username", present.ArgHiddenCharacter(a.Username))
	case len(fe["username"]) == 0:
		fe.Check("username", present.ArgCredential(a.Username, false, present.KeptUsername))
	}
	if a.Roles != nil && len(a.Roles) == 0 {
		fe.Check("roles", present.ArgRolesEmpty) // [] used to be dropped (omitempty): the default, member
	}
	checkRolesOnce(fe, a.Roles)
	return fe
}

// memberView is a member as a result shows it: with the organization it belongs to, where it
// can be told (actingOrg), so an operator with several sees which one.
type memberView struct {
	Org string `json:"org,omitempty"`
	*client.Member
}

var addMember = register(define[addMemberArgs, memberView](Tool{
	Name: "add_member", Title: "Add member", Toolset: ToolsetMembers,
	Operations: []*api.Operation{api.AddMember},
	// The caller's role, to refuse what only the owner may grant (see update_member_roles).
	MayCall:  []*api.Operation{api.ListOrgs},
	Examples: Examples{Valid: map[string]any{"username": "jdoe"}, Invalid: map[string]any{"username": ""}},
	Description: "Invite (onboard) a user to the org with roles (default member); they must have signed in to " +
		"Spice.ai.",
}, func(ctx context.Context, env *Env, c *client.Client, a addMemberArgs) (*Result, error) {
	req := a.request()
	if r := refuseGrant(ctx, c, req.Roles); r != nil {
		return r, nil
	}
	// Granting admin or owner is approved as changing a member's roles to them is; the user is
	// not a member yet, so the username (as the API compares it) stands for the user's ID.
	if grantsManagement(req.Roles) {
		if r := env.confirm(ctx, confirmation{tool: "add_member", args: a, targetID: "user:" + strings.ToLower(a.Username),
			target: a.Username, fold: true, typed: string(a.Confirm), effects: []string{present.EffectManagerAdded},
			action: present.AddMemberAction(a.Username, req.Roles, actingOrg(ctx, c)), namesOrg: true}); r != nil {
			return r, nil
		}
	}
	m, err := c.AddMember(ctx, req)
	if err != nil {
		return nil, err
	}
	org := actingOrg(ctx, c)
	return &Result{Text: present.MemberAdded(m, org), Structured: memberView{Org: org, Member: m}}, nil
}))

type removeMemberArgs struct {
	Member  MemberRef  `json:"member"`
	Confirm ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *removeMemberArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	if a.Member == "" {
		fe.Check("member", present.ArgMemberRequired)
	}
	return fe
}

type removedMember struct {
	Org      string `json:"org,omitempty"` // as memberView's
	UserID   int64  `json:"user_id"`
	Username string `json:"username"`
	Removed  bool   `json:"removed"`
}

var removeMember = register(define[removeMemberArgs, removedMember](Tool{
	Name: "remove_member", Title: "Remove member", Toolset: ToolsetMembers,
	Operations: []*api.Operation{api.ListMembers, api.RemoveMember},
	// The caller's role, to refuse a removal the API would refuse (see refuseRemoval).
	MayCall:  []*api.Operation{api.ListOrgs},
	Examples: Examples{Valid: map[string]any{"member": "bob"}, Invalid: map[string]any{}},
	Description: "Remove (offboard someone leaving, kick out, boot, drop, cut off, take away) a member from the organization " +
		"(workspace), revoking their access. A person approves first.",
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a removeMemberArgs) (*Result, error) {
	m, err := resolveMember(ctx, c, a.Member)
	if err != nil {
		return nil, err
	}
	// The API never removes the owner, and the member list says who it is: refuse before
	// anyone is asked.
	if m.IsOwner {
		return refusal(present.OwnerNotRemovable(m.Username, m.UserID, env.Sandbox)), nil
	}
	if r := refuseRemoval(ctx, c, m); r != nil {
		return r, nil
	}
	effect, self := present.EffectMemberReadded, isCaller(ctx, c, m)
	if self { // the caller's own access, which they cannot give back to themselves
		effect = present.EffectSelfRemoved
	}
	if r := env.confirm(ctx, confirmation{tool: "remove_member", args: a, targetID: fmt.Sprintf("member:%d", m.UserID),
		target: m.Username, fold: true, typed: string(a.Confirm), effects: []string{effect},
		action: present.RemoveMemberAction(m.Username, m.UserID, actingOrg(ctx, c)), namesOrg: true}); r != nil {
		return r, nil
	}
	done, err := c.RemoveMember(ctx, m.UserID)
	if err != nil {
		return nil, err
	}
	org := actingOrg(ctx, c)
	text := present.MemberRemoved(m.Username, m.UserID, done, org)
	if self {
		text += present.SelfRemoved
	}
	return &Result{Text: text,
		Structured: removedMember{Org: org, UserID: m.UserID, Username: m.Username, Removed: true}}, nil
}))

// resolveMember finds a member after the app reference rule (matchApp), one rule for every
// name-or-ID reference: "id:3" is user 3, always; anything else is first a username, compared
// case-insensitively; digits in plain decimal ("3", not "03") that are no member's username are
// a user ID; digits that are one member's username and another member's user ID are refused as
// ambiguous, naming both and the id: form of each.
func resolveMember(ctx context.Context, c *client.Client, ref MemberRef) (client.Member, error) {
	members, err := c.ListMembers(ctx)
	if err != nil {
		return client.Member{}, err
	}
	return matchMember(members, ref)
}

// matchMember applies the reference rule to the organization's members.
func matchMember(members []client.Member, ref MemberRef) (client.Member, error) {
	byID := func(id int64) int {
		return slices.IndexFunc(members, func(m client.Member) bool { return m.UserID == id })
	}
	if id, ok := explicitID(string(ref)); ok {
		if i := byID(id); i >= 0 {
			return members[i], nil
		}
		return client.Member{}, memberNotFound(present.NoMemberWithID(id, members), members)
	}
	named := slices.IndexFunc(members, func(m client.Member) bool { return rules.SameName(m.Username, string(ref)) })
	numbered := -1
	if id, ok := plainDecimal(string(ref)); ok {
		numbered = byID(id)
	}
	// Another member by that username: the API's list is not to be trusted to pick one.
	twin := -1
	if named >= 0 {
		twin = slices.IndexFunc(members, func(m client.Member) bool {
			return m.UserID != members[named].UserID && rules.SameName(m.Username, string(ref))
		})
	}
	switch {
	case twin >= 0:
		first, second := members[named], members[twin]
		return client.Member{}, &AmbiguousError{present.MemberNameListedTwice(string(ref), first.UserID, first.Username, second.UserID, second.Username)}
	case named >= 0 && numbered >= 0 && named != numbered:
		n, d := members[named], members[numbered]
		return client.Member{}, &AmbiguousError{present.MemberAmbiguous(string(ref), n.UserID, d.UserID, d.Username)}
	case named >= 0:
		return members[named], nil
	case numbered >= 0:
		return members[numbered], nil
	}
	return client.Member{}, memberNotFound(present.MemberNotFound(string(ref), members), members)
}

// memberNotFound is a member miss (msg) among members, the rest of which list_members shows.
func memberNotFound(msg string, members []client.Member) error {
	return &NotFoundError{Message: msg, Lister: "list_members", More: present.MembersLeftOut(members)}
}
