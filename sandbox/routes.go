package sandbox

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// route is one operation of the API and its handler. Method, path, operationId and scope come
// from the generated operation table (package api).
type route struct {
	op     *api.Operation
	handle func(*Emulator, *call) reply
}

// oauthTokenPath is the OAuth token endpoint. On Spice it lives on the portal host
// (spice.ai), not on api.spice.ai; the emulator serves both from one handler. It is not part of
// the Management API document, so it is described here.
const oauthTokenPath = "/api/oauth/token"

var oauthToken = &api.Operation{ID: "oauthToken", Method: http.MethodPost, Path: oauthTokenPath}

// routes is filled by serves, called next to each handler: adding an operation to the emulator
// is writing its handler.
var routes []route

// serves registers h as the handler of op.
func serves(op *api.Operation, h func(*Emulator, *call) reply) bool {
	routes = append(routes, route{op, h})
	return true
}

// match returns the route for the request's method and path with its wildcard values, or,
// when no route matches, the methods the path does support (empty for an unknown path).
// Paths are matched as Express' router matches them by default (api/README §10 "Route
// spelling"): literal segments without regard to ASCII case, and one trailing slash is the
// same path. The token endpoint lives on the portal, not the Express app: one spelling.
func match(method, escapedPath string) (*route, map[string]string, []string) {
	segments := strings.Split(escapedPath, "/")
	loose := segments
	if n := len(loose); n > 2 && loose[n-1] == "" {
		loose = loose[:n-1]
	}
	var allowed []string
	for i := range routes {
		rt := &routes[i]
		values, ok := matchPattern(rt.op.Path, loose, true)
		if rt.op == oauthToken {
			values, ok = matchPattern(rt.op.Path, segments, false)
		}
		if !ok {
			continue
		}
		if rt.op.Method == method {
			return rt, values, nil
		}
		allowed = append(allowed, rt.op.Method)
	}
	if slices.Contains(allowed, http.MethodGet) {
		allowed = append(allowed, http.MethodHead)
	}
	slices.Sort(allowed)
	return nil, nil, slices.Compact(allowed)
}

// matchPattern matches escaped path segments against a pattern; wildcard values are unescaped,
// so a secret name sent as %2F-escaped text arrives as the caller meant it, and keep their case.
// A literal segment is compared as sent (an escaped letter or %2F is not the letter or a
// slash, as Express matches the raw path), in any ASCII case when anyCase is set.
func matchPattern(pattern string, segments []string, anyCase bool) (map[string]string, bool) {
	// Walked segment by segment, not split: every request tries every route's pattern.
	if strings.Count(pattern, "/")+1 != len(segments) {
		return nil, false
	}
	var values map[string]string
	rest := pattern
	for i := range segments {
		var p string
		p, rest, _ = strings.Cut(rest, "/")
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
		// An escaped path is ASCII (any other byte is %XX), so EqualFold folds ASCII letters
		// only, as a JavaScript RegExp's "i" flag does: no Kelvin sign for "k".
		if p != segments[i] && !(anyCase && strings.EqualFold(p, segments[i])) {
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
