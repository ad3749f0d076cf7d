package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// tokenGrant is what a bearer token stands for.
type tokenGrant struct {
	org       *orgState // the organization the token was minted for
	user      string    // the username it acts as; "" = the organization itself (owner rights there)
	pinned    bool      // OAuth client-credentials tokens act in their own organization only
	scopes    []string
	expiresAt time.Time // zero = never
}

// tokenKey is a bearer token's SHA-256 digest. The emulator's tables are keyed by it, never by
// the token: a map lookup compares keys byte by byte, and on digests how far a guessed token
// gets says nothing about how much of a real one it matches.
type tokenKey [sha256.Size]byte

func keyOf(token string) tokenKey { return sha256.Sum256([]byte(token)) }

func (g *tokenGrant) allows(scope string) bool {
	return rules.Grants(g.scopes, scope)
}

// authenticate checks the Authorization header in the documented order (README §2): missing,
// then unreadable or unknown, then expired by the emulator clock. Tokens are looked up in the
// emulator's own table, never decoded. Every 401 names the Bearer scheme (RFC 6750 §3).
func (e *Emulator) authenticate(c *call) (tokenKey, *tokenGrant, *reply) {
	header := c.r.Header.Get("Authorization")
	if header == "" {
		return tokenKey{}, nil, unauthorized("Missing Authorization header", "")
	}
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return tokenKey{}, nil, unauthorized("Invalid token format", "")
	}
	key := keyOf(token)
	grant, known := e.tokens[key]
	if !known {
		return tokenKey{}, nil, unauthorized("Invalid token format", "The access token is not recognized")
	}
	if !grant.expiresAt.IsZero() && !c.now.Before(grant.expiresAt) {
		return tokenKey{}, nil, unauthorized("Token expired", "The access token expired")
	}
	return key, grant, nil
}

// unauthorized is a 401 with its RFC 6750 challenge: a bare "Bearer" when no bearer token
// came (§3: no error code then), error="invalid_token" when the one sent is not good
// (tokenProblem describes why, never quoting the token).
func unauthorized(msg, tokenProblem string) *reply {
	challenge := "Bearer"
	if tokenProblem != "" {
		challenge = fmt.Sprintf(`Bearer error="invalid_token", error_description=%q`, tokenProblem)
	}
	rep := errorReply(http.StatusUnauthorized, msg)
	rep.header = http.Header{"Www-Authenticate": {challenge}}
	return &rep
}

// IssueToken mints a JWT-shaped bearer token for the organization (by slug) with the given
// scopes and registers it. ttl 0 means the token never expires (and carries no exp claim).
// It panics when the organization is unknown.
func (e *Emulator) IssueToken(org string, scopes []string, ttl time.Duration) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	o := e.mustOrg(org)
	return e.issueToken(o, "sandbox", o.owner, false, scopes, ttl)
}

// IssueUserToken is IssueToken for a token acting as user (by username), whose role in each
// organization decides what it may change there. It panics when the organization is unknown.
func (e *Emulator) IssueUserToken(org, user string, scopes []string, ttl time.Duration) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.issueToken(e.mustOrg(org), "sandbox", user, false, scopes, ttl)
}

func (e *Emulator) issueToken(o *orgState, clientID, user string, pinned bool, scopes []string, ttl time.Duration) string {
	now := e.clock.Now()
	var expiresAt time.Time
	if ttl > 0 {
		expiresAt = now.Add(ttl)
	}
	for {
		token := e.mintJWT(o, clientID, user, scopes, now, expiresAt)
		if _, taken := e.tokens[keyOf(token)]; !taken {
			e.tokens[keyOf(token)] = &tokenGrant{org: o, user: user, pinned: pinned, scopes: slices.Clone(scopes), expiresAt: expiresAt}
			return token
		}
	}
}

// mintJWT builds base64url(header).base64url(claims).base64url(random signature). The MCP
// server reads the claims to hide tools the token cannot use; nothing verifies the signature.
func (e *Emulator) mintJWT(o *orgState, clientID, user string, scopes []string, now, expiresAt time.Time) string {
	if scopes == nil {
		scopes = []string{}
	}
	claims := map[string]any{
		"iss":       "sandbox",
		"sub":       clientID,
		"client_id": clientID,
		"org_id":    o.id,
		"org":       o.slug,
		"role":      o.roleOf(user),
		"scopes":    scopes,
		"scope":     strings.Join(scopes, " "),
		"jti":       e.randomHex(16),
		"iat":       now.Unix(),
	}
	if user != "" {
		claims["username"] = user
	}
	if !expiresAt.IsZero() {
		claims["exp"] = expiresAt.Unix()
	}
	enc := base64.RawURLEncoding
	return fmt.Sprintf("%s.%s.%s",
		enc.EncodeToString(mustJSON(map[string]string{"alg": "HS256", "typ": "JWT"})),
		enc.EncodeToString(mustJSON(claims)),
		enc.EncodeToString([]byte(e.randomHex(32))))
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and numbers always encode
	}
	return b
}

// ---- organizations and roles (README §3, §4) ----

// Roles from most to least privileged; billing is the legacy role, treated like member.
const (
	roleOwner  = "owner"
	roleAdmin  = "admin"
	roleMember = "member"
	roleViewer = "viewer"
)

var roleRank = map[string]int{roleViewer: 1, "billing": 2, roleMember: 2, roleAdmin: 3, roleOwner: 4}

// roleOf is user's effective role in the organization: the highest of its roles, "" when the
// user is not a member. The organization's own tokens (no user) act with owner rights.
func (o *orgState) roleOf(user string) string {
	if user == "" || rules.SameName(user, o.owner) {
		return roleOwner
	}
	for _, m := range o.members {
		if rules.SameName(m.username, user) {
			return highestRole(m.roles)
		}
	}
	return ""
}

func highestRole(roles []string) string {
	best := ""
	for _, r := range roles {
		if roleRank[r] > roleRank[best] {
			best = r
		}
	}
	if best == "billing" {
		return roleMember
	}
	return best
}

// requiredRole is the least role an operation needs (x-required-role in openapi.json): reads
// need viewer, member management admin, every other mutation member.
func requiredRole(op *api.Operation) string {
	switch {
	case op.Method == http.MethodGet:
		return roleViewer
	case strings.HasPrefix(op.Path, "/v1/members"):
		return roleAdmin
	}
	return roleMember
}

// selectOrg applies X-Org-Name: absent means the token's organization; empty is 400; an
// organization the token's user cannot act in is 403 org_forbidden, and any other one for an
// OAuth client-credentials token 403 org_assertion_mismatch.
func (e *Emulator) selectOrg(op *api.Operation, c *call, grant *tokenGrant) (*orgState, *reply) {
	// A user removed from the organization can no longer reach it, even the token's own
	// (README §3: org_forbidden, before the scope and role checks).
	// Made only when refused: most requests are not.
	forbidden := func() *reply {
		return codedErrorPtr(http.StatusForbidden, "org_forbidden", "You do not have access to this organization")
	}
	values, named := c.r.Header[http.CanonicalHeaderKey(orgHeader)]
	if !named {
		if grant.org.roleOf(grant.user) == "" {
			return nil, forbidden()
		}
		return grant.org, nil
	}
	// Repeated header lines are one field value joined with commas, as RFC 9110 §5.3 reads
	// them ("acme" and "-labs" are "acme, -labs", never "acme-labs"). X-Org-Name names one
	// handle, so such a value names no organization: 403 org_forbidden, as any unknown handle
	// (api/README §3). Only lines that are all blank are the empty header (400).
	blank := true
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			blank = false
		}
	}
	handle := strings.TrimSpace(strings.Join(values, ", "))
	if blank {
		// openapi.json's blankOrgHeader body, exactly; createApp's and addMember's 400 is the
		// older reference's ValidationError, kept unchanged (api/CHANGES.md), whose schema
		// requires details: there they name the header (api/README §3, Assumed).
		if op == api.CreateApp || op == api.AddMember {
			rep := invalid(blankOrgHeader, rules.FieldErrors{orgHeader: {"Must not be blank"}})
			return nil, &rep
		}
		return nil, errorReplyPtr(http.StatusBadRequest, blankOrgHeader)
	}
	var target *orgState
	for _, o := range e.orgs {
		if rules.SameName(o.slug, handle) {
			target = o
		}
	}
	if target == grant.org && target.roleOf(grant.user) != "" {
		return target, nil
	}
	if grant.pinned && target != nil {
		return nil, codedErrorPtr(http.StatusForbidden, "org_assertion_mismatch", "OAuth client is bound to a different organization")
	}
	if target == nil || grant.user == "" || target.roleOf(grant.user) == "" {
		return nil, forbidden()
	}
	return target, nil
}

// userWide reports a request that is about the token's user rather than its organization:
// GET /v1/orgs without X-Org-Name, from a personal token, answers every organization the user
// still has a role in, so a user removed from the token's own organization can still list the
// others (selectOrg refuses the token's organization itself).
func (e *Emulator) userWide(op *api.Operation, c *call, grant *tokenGrant) bool {
	_, named := c.r.Header[http.CanonicalHeaderKey(orgHeader)]
	return op == api.ListOrgs && !named && grant.user != "" && !grant.pinned
}

// orgHeader selects the organization of one request.
const orgHeader = "X-Org-Name"

// blankOrgHeader is the text of the 400 for a present but blank X-Org-Name.
const blankOrgHeader = "Invalid X-Org-Name header"

func roleForbidden(msg string) reply {
	return codedError(http.StatusForbidden, "forbidden", msg)
}
