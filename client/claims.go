package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Claims is what a JWT-shaped token says about itself. It is decoded, never verified: use it
// to explain and to hide tools a token cannot use, never to grant access — the API decides.
type Claims struct {
	Subject   string
	ClientID  string
	Org       string // organization slug or ID, whichever the token carries
	Role      string // the caller's role in Org (owner, admin, member, viewer, billing), if carried
	Username  string // the user the token acts as, if carried
	Scopes    []string
	ExpiresAt time.Time
}

// DecodeClaims reads the payload of a JWT-shaped token; ok is false for opaque tokens.
func DecodeClaims(token string) (Claims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Claims{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return Claims{}, false
	}
	var raw struct {
		Sub      string `json:"sub"`
		ClientID string `json:"client_id"`
		Org      any    `json:"org"`
		OrgID    any    `json:"org_id"`
		Scopes   any    `json:"scopes"`
		Scope    any    `json:"scope"`
		Exp      int64  `json:"exp"`
		Role     string `json:"role"`
		Username string `json:"username"`
	}
	if json.Unmarshal(payload, &raw) != nil {
		return Claims{}, false
	}
	c := Claims{Subject: raw.Sub, ClientID: raw.ClientID, Scopes: scopeList(raw.Scopes), Role: raw.Role, Username: raw.Username}
	if c.Scopes == nil {
		c.Scopes = scopeList(raw.Scope)
	}
	for _, org := range []any{raw.Org, raw.OrgID} {
		if org != nil && c.Org == "" {
			c.Org = strings.Trim(fmt.Sprint(org), `"`)
		}
	}
	if raw.Exp > 0 {
		c.ExpiresAt = time.Unix(raw.Exp, 0).UTC()
	}
	return c, true
}

// scopeList accepts ["a","b"] or "a b".
func scopeList(v any) []string {
	switch t := v.(type) {
	case string:
		return strings.Fields(t)
	case []any:
		out := make([]string, 0, len(t))
		for _, s := range t {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

// Identity describes the credentials a client uses, without revealing them.
type Identity struct {
	Kind   string  // "pat", "oauth", "none" or "custom"
	Claims *Claims // nil when the token is opaque or could not be obtained
	Err    error   // why the token could not be obtained, if it could not
}

// Identity reports the kind of credentials and, for JWT-shaped tokens, their claims.
func (c *Client) Identity(ctx context.Context) Identity {
	id := Identity{Kind: CredentialKind(c.tokens)}
	if c.tokens == nil {
		return id
	}
	token, err := c.tokens.Token(ctx)
	if err != nil {
		id.Err = lendTokenError(ctx, err)
		return id
	}
	if claims, ok := DecodeClaims(token); ok {
		id.Claims = &claims
	}
	return id
}
