package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// tokenGrant is what a bearer token stands for.
type tokenGrant struct {
	org       *orgState
	scopes    []string
	expiresAt time.Time // zero = never
}

func (g *tokenGrant) allows(scope string) bool {
	return rules.GrantedScopes(g.scopes)[scope]
}

// authenticate checks the Authorization header in the documented order (README §2): missing,
// then unreadable or unknown, then expired by the emulator clock. Tokens are looked up in the
// emulator's own table, never decoded.
func (e *Emulator) authenticate(c *call) (string, *tokenGrant, *reply) {
	header := c.r.Header.Get("Authorization")
	if header == "" {
		return "", nil, errorReplyPtr(http.StatusUnauthorized, "Missing Authorization header")
	}
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", nil, errorReplyPtr(http.StatusUnauthorized, "Invalid token format")
	}
	grant, known := e.tokens[token]
	if !known {
		return "", nil, errorReplyPtr(http.StatusUnauthorized, "Invalid token format")
	}
	if !grant.expiresAt.IsZero() && !c.now.Before(grant.expiresAt) {
		return "", nil, errorReplyPtr(http.StatusUnauthorized, "Token expired")
	}
	return token, grant, nil
}

// IssueToken mints a JWT-shaped bearer token for the organization (by slug) with the given
// scopes and registers it. ttl 0 means the token never expires (and carries no exp claim).
// It panics when the organization is unknown.
func (e *Emulator) IssueToken(org string, scopes []string, ttl time.Duration) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.issueToken(e.mustOrg(org), "sandbox", scopes, ttl)
}

func (e *Emulator) issueToken(o *orgState, clientID string, scopes []string, ttl time.Duration) string {
	now := e.clock.Now()
	var expiresAt time.Time
	if ttl > 0 {
		expiresAt = now.Add(ttl)
	}
	for {
		token := e.mintJWT(o, clientID, scopes, now, expiresAt)
		if _, taken := e.tokens[token]; !taken {
			e.tokens[token] = &tokenGrant{org: o, scopes: slices.Clone(scopes), expiresAt: expiresAt}
			return token
		}
	}
}

// mintJWT builds base64url(header).base64url(claims).base64url(random signature). The MCP
// server reads the claims to hide tools the token cannot use; nothing verifies the signature.
func (e *Emulator) mintJWT(o *orgState, clientID string, scopes []string, now, expiresAt time.Time) string {
	if scopes == nil {
		scopes = []string{}
	}
	claims := map[string]any{
		"iss":       "sandbox",
		"sub":       clientID,
		"client_id": clientID,
		"org_id":    o.id,
		"org":       o.slug,
		"scopes":    scopes,
		"scope":     strings.Join(scopes, " "),
		"jti":       e.randomHex(16),
		"iat":       now.Unix(),
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
