package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// oauthError is an RFC 6749 §5.2 error body.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

type oauthTokenJSON struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
}

func oauthFailure(status int, code, description string) reply {
	return reply{status: status, body: oauthError{Error: code, Description: description}, header: noStore()}
}

// noStore marks token responses uncacheable (RFC 6749 §5.1).
func noStore() http.Header {
	return http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}
}

var _ = serves(oauthToken, (*Emulator).oauthToken)

// oauthToken is POST /api/oauth/token, the client-credentials grant (README §2). Official
// clients send form-encoded and JSON bodies, so both are read; HTTP Basic client
// authentication (RFC 6749 §2.3.1) works too.
func (e *Emulator) oauthToken(c *call) reply {
	params, ok := tokenRequestParams(c)
	if !ok {
		return oauthFailure(http.StatusBadRequest, "invalid_request", "The request body could not be parsed")
	}
	if name := repeatedParam(params); name != "" {
		return oauthFailure(http.StatusBadRequest, "invalid_request",
			name+" was sent more than once: send each parameter once (RFC 6749 §3.2)")
	}
	grantType := params.Get("grant_type")
	switch {
	case grantType == "":
		return oauthFailure(http.StatusBadRequest, "invalid_request", "grant_type is required")
	case grantType != "client_credentials":
		return oauthFailure(http.StatusBadRequest, "unsupported_grant_type", "Only client_credentials is supported")
	}
	clientID, clientSecret := params.Get("client_id"), params.Get("client_secret")
	id, secret, basic := c.r.BasicAuth()
	if basic {
		// RFC 6749 §2.3: a client uses one authentication method per request. A body client_id
		// naming the same client (some libraries add it) is not a second method.
		unescaped, _ := url.QueryUnescape(id)
		if bodyID := params.Get("client_id"); params.Has("client_secret") || (params.Has("client_id") && bodyID != id && bodyID != unescaped) {
			return oauthFailure(http.StatusBadRequest, "invalid_request",
				"Send the client credentials once: in the Authorization header or in the body, not both")
		}
		clientID, clientSecret = id, secret
	}
	if clientID == "" || clientSecret == "" {
		return oauthFailure(http.StatusBadRequest, "invalid_request", "client_id and client_secret are required")
	}
	client, known := e.clients[clientID]
	authenticated := known && httpsafe.SameSecret(clientSecret, client.Secret)
	if !authenticated && basic {
		// RFC 6749 §2.3.1 form-encodes both before Basic encoding (as golang.org/x/oauth2 does);
		// clients that skip it were accepted above.
		uid, errID := url.QueryUnescape(id)
		usecret, errSecret := url.QueryUnescape(secret)
		if errID == nil && errSecret == nil {
			client, known = e.clients[uid]
			authenticated = known && httpsafe.SameSecret(usecret, client.Secret)
		}
	}
	if !authenticated {
		rep := oauthFailure(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		if basic {
			// RFC 6749 §5.2: a failed Authorization-header authentication names its scheme.
			rep.header.Set("WWW-Authenticate", `Basic realm="oauth", charset="UTF-8"`)
		}
		return rep
	}
	scopes := client.Scopes
	if requested := strings.Fields(params.Get("scope")); len(requested) > 0 {
		// A requested scope may only narrow what the client holds.
		held := rules.GrantedScopes(client.Scopes)
		for _, s := range requested {
			if !held[s] {
				return oauthFailure(http.StatusBadRequest, "invalid_scope", "The client may not request scope "+s)
			}
		}
		scopes = requested
	}
	token := e.issueToken(e.orgs[client.Org], client.ID, "", true, scopes, e.tokenTTL)
	return reply{status: http.StatusOK, header: noStore(), body: oauthTokenJSON{
		AccessToken: token,
		TokenType:   "Bearer",
		ExpiresIn:   int64(e.tokenTTL.Seconds()),
		Scope:       strings.Join(scopes, " "),
	}}
}

// tokenParams are the token request's parameters the endpoint reads; others are ignored
// (RFC 6749 §3.2).
var tokenParams = []string{"grant_type", "client_id", "client_secret", "scope"}

// tokenRequestParams reads the token request as JSON when the content type says so, else as
// a form, keeping every value of each parameter read. A parameter sent without a value counts
// as omitted (RFC 6749 §3.2). A known JSON field that is not a string makes the request
// unreadable.
func tokenRequestParams(c *call) (url.Values, bool) {
	if c.tooLarge {
		return nil, false
	}
	var sent url.Values
	mediaType, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mediaType == "application/json" {
		var ok bool
		if sent, ok = jsonTokenParams(c.body); !ok {
			return nil, false
		}
	} else {
		var err error
		if sent, err = url.ParseQuery(string(c.body)); err != nil {
			return nil, false
		}
	}
	params := url.Values{}
	for _, k := range tokenParams {
		for _, v := range sent[k] {
			if v != "" {
				params.Add(k, v)
			}
		}
	}
	return params, true
}

// jsonTokenParams reads a JSON object's known string fields, a field given twice twice
// (encoding/json would keep only the last).
func jsonTokenParams(body []byte) (url.Values, bool) {
	params := url.Values{}
	if len(bytes.TrimSpace(body)) == 0 {
		return params, true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if open, err := dec.Token(); err != nil || open != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, false
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		name, _ := key.(string)
		if !slices.Contains(tokenParams, name) {
			continue
		}
		s, isString := v.(string)
		if !isString {
			return nil, false
		}
		params.Add(name, s)
	}
	if end, err := dec.Token(); err != nil || end != json.Delim('}') {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // anything after the object
	}
	return params, true
}

// repeatedParam names the first parameter sent more than once, "" when none was.
func repeatedParam(params url.Values) string {
	for _, k := range tokenParams {
		if len(params[k]) > 1 {
			return k
		}
	}
	return ""
}
