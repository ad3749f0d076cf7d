package mcpserver

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Remote authorization discovery (MCP authorization, RFC 9728). A server that acts only with
// each caller's own token answers a request without one with 401 and a challenge naming its
// protected-resource metadata, which names the authorization server that issues the tokens:
// an OAuth-capable MCP client signs its user in there and comes back with a bearer token.

// DefaultAuthorizationServer is the issuer the metadata names unless configured otherwise: the
// Spice.ai portal, which issues Spice.ai tokens (its token endpoint is /api/oauth/token).
const DefaultAuthorizationServer = "https://spice.ai"

// mcpPath is where the MCP endpoint is served.
const mcpPath = "/mcp"

// resourceMetadata describes the MCP endpoint as an OAuth protected resource.
type resourceMetadata struct {
	servers []string // authorization server issuers
	scopes  []string // what the exposed tools need
	public  *url.URL // the endpoint's public URL when configured; else derived per request
	// trustForwarded: X-Forwarded-Proto and X-Forwarded-Host come from a proxy in front
	// (HTTPOptions.TrustForwarded), not from whoever sent the request.
	trustForwarded bool
}

// metadataPaths are where the metadata is served: at the path of the MCP endpoint (which
// clients try first), at the root (their fallback), and at the path of a configured public URL.
func (m *resourceMetadata) metadataPaths() []string {
	paths := []string{server.WellKnownProtectedResourcePath + mcpPath, server.WellKnownProtectedResourcePath}
	if m.public != nil {
		if p := server.ProtectedResourceMetadataPath(m.public.String()); p != paths[0] && p != paths[1] {
			paths = append(paths, p)
		}
	}
	return paths
}

// resource is the endpoint's resource identifier: its public URL, or the URL the request was
// sent to: scheme from TLS, host from Host, each replaced by X-Forwarded-Proto and
// X-Forwarded-Host only when a proxy in front is trusted to set them. Untrusted, they would let
// any client have the server name another host, which a cache in front could serve to others.
// The standard Forwarded header (RFC 7239) is never read: a proxy configured for X-Forwarded-*
// passes a client's Forwarded on untouched.
func (m *resourceMetadata) resource(r *http.Request) *url.URL {
	if m.public != nil {
		return m.public
	}
	u := &url.URL{Scheme: "http", Host: r.Host, Path: mcpPath}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if !m.trustForwarded {
		return u
	}
	if proto := strings.ToLower(nearestValue(r.Header.Values("X-Forwarded-Proto"))); proto == "http" || proto == "https" {
		u.Scheme = proto
	}
	if host := nearestValue(r.Header.Values("X-Forwarded-Host")); validHost(host) {
		u.Host = host
	}
	return u
}

// metadataURL is where a client finds the metadata of the endpoint the request reached.
func (m *resourceMetadata) metadataURL(r *http.Request) string {
	res := m.resource(r)
	return res.Scheme + "://" + res.Host + server.ProtectedResourceMetadataPath(res.String())
}

// ServeHTTP answers the metadata document (RFC 9728 §3.2).
func (m *resourceMetadata) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	server.NewProtectedResourceMetadataHandler(server.ProtectedResourceMetadataConfig{
		Resource:               m.resource(r).String(),
		AuthorizationServers:   m.servers,
		ScopesSupported:        m.scopes,
		BearerMethodsSupported: []string{"header"},
		ResourceName:           "Spice.ai Cloud MCP server",
	}).ServeHTTP(w, r)
}

// challenge is the WWW-Authenticate value of a 401 (RFC 9728 §5.1, RFC 6750 §3: no error code
// when the request carried no credentials at all).
func (m *resourceMetadata) challenge(r *http.Request) string {
	c := `Bearer resource_metadata=` + quote(m.metadataURL(r))
	if len(m.scopes) > 0 {
		c += `, scope=` + quote(strings.Join(m.scopes, " "))
	}
	return c
}

// requireBearer answers 401 with the challenge to a request without a bearer token.
func requireBearer(next http.Handler, m *resourceMetadata, refusals *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if bearerToken(r) == "" {
			logRefusal(refusals, r, http.StatusUnauthorized, "request refused: no bearer token, and this server lends no credentials of its own",
				"flag", "--http-allow-server-token")
			w.Header().Set("WWW-Authenticate", m.challenge(r))
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.BearerRequired(m.metadataURL(r)), http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuseStandInToken answers 401 (RFC 6750 §3.1 invalid_token) to a request whose bearer token
// stands in for one, before any other check: an example's placeholder left in place ("Bearer <your
// token>", REPLACE-ME), which with its blank read as no token (the challenge's text, or the
// server's own credentials) and without one went to the API and came back refused, or a
// variable's name the client did not expand ("Bearer ${SPICE_API_TOKEN}"). The header is not
// repeated.
func refuseStandInToken(next http.Handler, m *resourceMetadata, sandbox bool, refusals *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if values := r.Header.Values("Authorization"); len(values) == 1 {
			scheme, token, _ := strings.Cut(values[0], " ")
			if standIn, variable := standInCredential(token); strings.EqualFold(scheme, "Bearer") && standIn {
				logRefusal(refusals, r, http.StatusUnauthorized, "request refused: its bearer token is a stand-in (a placeholder, or a variable's name the client did not expand)")
				w.Header().Set("WWW-Authenticate", invalidTokenChallenge(m, r))
				httpsafe.RefuseUnread(w, r)
				http.Error(w, present.BearerStandIn(variable, sandbox), http.StatusUnauthorized)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// standInCredential reports a credential a client sent that stands in for one (the spaces around
// it ignored): an example's placeholder, or (variable) a variable's name it did not expand.
func standInCredential(value string) (standIn, variable bool) {
	value = strings.TrimSpace(value)
	variable = rules.UnexpandedVariable(value)
	return variable || rules.PlaceholderCredential(value), variable
}

// refuseUnusableAuthorization answers 400 (RFC 6750 §3.1 invalid_request) to a request whose
// Authorization header is not one bearer token: another scheme (`Token …`), a tab after Bearer, no
// token, more than one token after it (bearerToken), two headers. Read as absent, it would act
// with the server's own credentials under --http-allow-server-token (or --sandbox) for a caller
// who brought a token of its own. sandbox: the server runs --sandbox, and the text says what
// works there.
func refuseUnusableAuthorization(next http.Handler, sandbox bool, refusals *slog.Logger) http.Handler {
	text := present.AuthorizationUnusable
	if sandbox { // its emulator takes no Spice.ai token
		text = present.AuthorizationUnusableSandbox
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if values := r.Header.Values("Authorization"); len(values) > 1 || len(values) == 1 && bearerToken(r) == "" {
			logRefusal(refusals, r, http.StatusBadRequest, "request refused: its Authorization header is not one bearer token")
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_request"`)
			httpsafe.RefuseUnread(w, r)
			http.Error(w, text, http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken is the request's Authorization bearer token, or "": also when what follows the
// scheme is not one token (RFC 6750 §2.1's b64token has no space, tab or comma): "Bearer a b",
// an auth-param after the token, or two credentials a proxy joined into one line ("Bearer a,
// Bearer b"), which was passed on whole to the API as the caller's token.
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	token = strings.TrimSpace(token)
	if strings.ContainsAny(token, " \t,") {
		return ""
	}
	return token
}

// nearestValue is the last of a header's comma-separated values across its lines: the one the
// nearest proxy wrote, the only one trusted (one that appends keeps what the client sent first).
func nearestValue(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	last := lines[len(lines)-1]
	return strings.TrimSpace(last[strings.LastIndex(last, ",")+1:])
}

// validHost accepts a host[:port] made of the characters a host name or IP literal can have.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]", c)) {
			return false
		}
	}
	return true
}

// quote makes s an RFC 9110 quoted-string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
