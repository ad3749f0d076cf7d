package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// memberJSON is a list item; addedMemberJSON is the add-member response, which has no is_owner.
type memberJSON struct {
	UserID    int64    `json:"user_id"`
	Username  string   `json:"username"`
	Roles     []string `json:"roles"`
	IsOwner   bool     `json:"is_owner"`
	CreatedAt string   `json:"created_at"`
}

type addedMemberJSON struct {
	UserID    int64    `json:"user_id"`
	Username  string   `json:"username"`
	Roles     []string `json:"roles"`
	CreatedAt string   `json:"created_at"`
}

var _ = serves(api.ListMembers, (*Emulator).listMembers)

func (e *Emulator) listMembers(c *call) reply {
	members := slices.Clone(c.org.members)
	slices.SortStableFunc(members, func(x, y *member) int {
		if n := x.joinedAt.Compare(y.joinedAt); n != 0 {
			return n
		}
		return cmp.Compare(x.userID, y.userID)
	})
	items := []memberJSON{}
	for _, m := range members {
		items = append(items, memberJSON{
			UserID:    m.userID,
			Username:  m.username,
			Roles:     slices.Clone(m.roles),
			IsOwner:   m.username == c.org.owner,
			CreatedAt: formatTime(m.joinedAt),
		})
	}
	return jsonReply(http.StatusOK, map[string][]memberJSON{"members": items})
}

var _ = serves(api.AddMember, (*Emulator).addMember)

func (e *Emulator) addMember(c *call) reply {
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	username, ok := b.str("username")
	if ok || !b.has("username") {
		b.errs.Check("username", rules.Username(username))
	}
	roles := []string{"member"} // the default applies only when roles is left out
	if list, ok := b.stringList("roles"); ok {
		b.errs.Check("roles", rules.AsAPI.Roles(list))
		roles = uniqueRoles(list)
	}
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
	}
	if rep := c.mayGrant(roles); rep != nil {
		return *rep
	}
	u, known := e.userByName(username)
	if !known {
		return errorReply(http.StatusNotFound, "User not found")
	}
	if c.org.member(u.ID) != nil {
		return errorReply(http.StatusConflict, "User is already a member of this organization")
	}
	// The plan's users limit counts every member, the owner included; the refusal is the app
	// limit's uncoded 403 (api/README §5, §7.9, Assumed).
	if max := c.org.limits().Users; max >= 0 && len(c.org.members) >= max {
		return errorReply(http.StatusForbidden, fmt.Sprintf("Organization has reached the maximum user limit: the plan limit is %d users", max))
	}
	m := &member{userID: u.ID, username: u.Username, roles: roles, joinedAt: c.now}
	c.org.members = append(c.org.members, m)
	return jsonReply(http.StatusCreated, addedMemberJSON{
		UserID:    m.userID,
		Username:  m.username,
		Roles:     slices.Clone(m.roles),
		CreatedAt: formatTime(m.joinedAt),
	})
}

var _ = serves(api.RemoveMember, (*Emulator).removeMember)

func (e *Emulator) removeMember(c *call) reply {
	id, ok := parseID(c.path["memberId"])
	if !ok {
		return errorReply(http.StatusBadRequest, "Invalid member ID")
	}
	m := c.org.member(id)
	if m == nil {
		return errorReply(http.StatusNotFound, "Member not found")
	}
	if m.username == c.org.owner {
		return errorReply(http.StatusForbidden, "Cannot remove organization owner")
	}
	if c.role != roleOwner && privileged(m.roles) {
		return roleForbidden("Only an owner can remove an admin or owner")
	}
	c.org.members = slices.DeleteFunc(c.org.members, func(x *member) bool { return x == m })
	return noContent()
}

// mayGrant refuses roles the caller cannot hand out: only owners grant admin or owner
// (api/README §4, MemberRole in openapi.json).
func (c *call) mayGrant(roles []string) *reply {
	if c.role != roleOwner && privileged(roles) {
		rep := roleForbidden("Only an owner can grant the admin or owner role")
		return &rep
	}
	return nil
}

// uniqueRoles is roles as a set, in the order first sent: a repeated role adds nothing, so
// add and update both store it once (api/README §7.9, Assumed).
func uniqueRoles(roles []string) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// privileged reports whether roles hold admin or owner, which only owners grant, change or remove.
func privileged(roles []string) bool {
	return slices.Contains(roles, roleAdmin) || slices.Contains(roles, roleOwner)
}

func (c *call) memberByPath() (*member, *reply) {
	id, ok := parseID(c.path["memberId"])
	if !ok {
		return nil, errorReplyPtr(http.StatusBadRequest, "Invalid member ID")
	}
	m := c.org.member(id)
	if m == nil {
		return nil, errorReplyPtr(http.StatusNotFound, "Member not found")
	}
	return m, nil
}

var _ = serves(api.GetMember, (*Emulator).getMember)

func (e *Emulator) getMember(c *call) reply {
	m, rep := c.memberByPath()
	if rep != nil {
		return *rep
	}
	return jsonReply(http.StatusOK, memberJSON{
		UserID:    m.userID,
		Username:  m.username,
		Roles:     slices.Clone(m.roles),
		IsOwner:   m.username == c.org.owner,
		CreatedAt: formatTime(m.joinedAt),
	})
}

var _ = serves(api.UpdateMemberRoles, (*Emulator).updateMemberRoles)

// updateMemberRoles replaces a member's roles. The organization's owner cannot be modified;
// only owners change an admin's or owner's roles or grant admin or owner.
func (e *Emulator) updateMemberRoles(c *call) reply {
	m, rep := c.memberByPath()
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	roles, ok := b.stringList("roles")
	switch {
	case !b.has("roles"):
		b.errs.Check("roles", "Required")
	case ok:
		b.errs.Check("roles", rules.AsAPI.Roles(roles))
	}
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
	}
	if m.username == c.org.owner {
		// Like the documented remove refusal, and the spec's ownerImmutable example: no code
		// (the target, not the caller's role, is the reason).
		return errorReply(http.StatusForbidden, "Cannot modify organization owner")
	}
	if c.role != roleOwner && privileged(m.roles) {
		return roleForbidden("Only an owner can change the roles of an admin or owner")
	}
	if rep := c.mayGrant(roles); rep != nil {
		return *rep
	}
	m.roles = uniqueRoles(roles)
	return jsonReply(http.StatusOK, addedMemberJSON{
		UserID:    m.userID,
		Username:  m.username,
		Roles:     slices.Clone(m.roles),
		CreatedAt: formatTime(m.joinedAt),
	})
}
