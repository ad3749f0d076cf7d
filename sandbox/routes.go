package sandbox

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// route is one operation of the API. The table below is the single source of truth for
// methods, paths, operationIds and scopes; a test checks it against openapi.json.
type route struct {
	method      string
	pattern     string // path with {name} wildcards, each matching one escaped segment
	operationID string
	scope       string // required scope; "" = no bearer token needed
	handle      func(*Emulator, *call) reply
}

// oauthTokenPath is the OAuth token endpoint. On Spice it lives on the portal host
// (spice.ai), not on api.spice.ai; the emulator serves both from one handler.
const oauthTokenPath = "/api/oauth/token"

var routes = []route{
	{"GET", "/v1/health", "getHealth", "", (*Emulator).getHealth},
	{"GET", "/v1/regions", "listRegions", "apps:read", (*Emulator).listRegions},
	{"GET", "/v1/container-images", "listContainerImages", "apps:read", (*Emulator).listContainerImages},
	{"GET", "/v1/apps", "listApps", "apps:read", (*Emulator).listApps},
	{"POST", "/v1/apps", "createApp", "apps:write", (*Emulator).createApp},
	{"GET", "/v1/apps/{appId}", "getApp", "apps:read", (*Emulator).getApp},
	{"PUT", "/v1/apps/{appId}", "updateApp", "apps:write", (*Emulator).updateApp},
	{"DELETE", "/v1/apps/{appId}", "deleteApp", "apps:delete", (*Emulator).deleteApp},
	{"GET", "/v1/apps/{appId}/deployments", "listDeployments", "deployments:read", (*Emulator).listDeployments},
	{"POST", "/v1/apps/{appId}/deployments", "createDeployment", "deployments:write", (*Emulator).createDeployment},
	{"GET", "/v1/apps/{appId}/deployments/{deploymentId}", "getDeployment", "deployments:read", (*Emulator).getDeployment},
	{"GET", "/v1/apps/{appId}/secrets", "listSecrets", "secrets:read", (*Emulator).listSecrets},
	{"POST", "/v1/apps/{appId}/secrets", "upsertSecret", "secrets:write", (*Emulator).upsertSecret},
	{"GET", "/v1/apps/{appId}/secrets/{secretName}", "getSecret", "secrets:read", (*Emulator).getSecret},
	{"DELETE", "/v1/apps/{appId}/secrets/{secretName}", "deleteSecret", "secrets:write", (*Emulator).deleteSecret},
	{"GET", "/v1/apps/{appId}/api-keys", "getApiKeys", "apps:read", (*Emulator).getAPIKeys},
	{"POST", "/v1/apps/{appId}/api-keys", "regenerateApiKey", "apps:write", (*Emulator).regenerateAPIKey},
	{"GET", "/v1/members", "listMembers", "members:read", (*Emulator).listMembers},
	{"POST", "/v1/members", "addMember", "members:write", (*Emulator).addMember},
	{"DELETE", "/v1/members/{memberId}", "removeMember", "members:delete", (*Emulator).removeMember},
	{"POST", oauthTokenPath, "oauthToken", "", (*Emulator).oauthToken},
}

// match returns the route for the request's method and path with its wildcard values, or,
// when no route matches, the methods the path does support (empty for an unknown path).
func match(method, escapedPath string) (*route, map[string]string, []string) {
	segments := strings.Split(escapedPath, "/")
	var allowed []string
	for i := range routes {
		rt := &routes[i]
		values, ok := matchPattern(rt.pattern, segments)
		if !ok {
			continue
		}
		if rt.method == method {
			return rt, values, nil
		}
		allowed = append(allowed, rt.method)
	}
	slices.Sort(allowed)
	return nil, nil, slices.Compact(allowed)
}

// matchPattern matches escaped path segments against a pattern; wildcard values are unescaped,
// so a secret name sent as %2F-escaped text arrives as the caller meant it.
func matchPattern(pattern string, segments []string) (map[string]string, bool) {
	parts := strings.Split(pattern, "/")
	if len(parts) != len(segments) {
		return nil, false
	}
	var values map[string]string
	for i, p := range parts {
		if name, ok := strings.CutPrefix(p, "{"); ok {
			v, err := url.PathUnescape(segments[i])
			if err != nil || v == "" {
				return nil, false
			}
			if values == nil {
				values = map[string]string{}
			}
			values[strings.TrimSuffix(name, "}")] = v
			continue
		}
		if p != segments[i] {
			return nil, false
		}
	}
	return values, true
}

// notFoundRoute and methodNotAllowed answer requests that match no operation.
func notFoundRoute() reply {
	return errorReply(http.StatusNotFound, "Not found")
}

func methodNotAllowed(allowed []string) reply {
	rep := errorReply(http.StatusMethodNotAllowed, "Method not allowed")
	rep.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
	return rep
}
