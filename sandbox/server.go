package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// maxBodyBytes bounds request bodies (rules.BodyMaxBytes): a spicepod at its own limit
// (rules.SpicepodMaxBytes, refused naming spicepod) fits, with 64 KiB for the other fields. The
// client refuses a larger body before sending it, naming its largest field (rules.BodySize).
const maxBodyBytes = rules.BodyMaxBytes

// call is one request on its way through an operation handler.
type call struct {
	r        *http.Request
	body     []byte
	tooLarge bool
	path     map[string]string
	now      time.Time
	org      *orgState   // the organization acted in (token's or X-Org-Name's); nil on unauthenticated routes
	role     string      // the caller's role in org
	grant    *tokenGrant // the caller's token
	project  bool        // the route is a /v1/projects spelling (texts and envelopes differ)
}

// reply is a handler's answer; body nil means no body at all (204).
type reply struct {
	status int
	body   any
	header http.Header
}

// ServeHTTP routes the request, lets an injected fault answer first (as a gateway would,
// before authentication), then authenticates, rate-limits and runs the operation.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet // answered as GET; net/http sends no body for HEAD
	}
	rt, values, allowed := match(method, r.URL.EscapedPath())
	if rt == nil {
		if len(allowed) > 0 {
			writeReply(w, methodNotAllowed(allowed))
		} else {
			writeReply(w, notFoundRoute())
		}
		return
	}
	c := &call{r: r, path: values, project: strings.HasPrefix(rt.op.Path, "/v1/projects")}
	if r.Body != http.NoBody { // a request without a body (most GETs) reads nothing and allocates nothing
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			c.tooLarge = true
		case err != nil:
			return // the client went away mid-body; nobody is left to answer
		}
		c.body = body
	}

	fault := e.arrive(rt.op.ID)
	if fault == nil {
		writeReply(w, e.serve(rt, c))
		return
	}
	var applied reply
	if fault.AfterApply {
		applied = e.serve(rt, c)
	}
	if !sleep(r.Context(), fault.Latency) || !held(r.Context(), fault.Hold) {
		return
	}
	switch {
	case fault.Status != 0:
		writeReply(w, faultReply(*fault))
	case fault.AfterApply:
		writeReply(w, applied)
	default:
		writeReply(w, e.serve(rt, c))
	}
}

// serve runs one operation under the lock, in the API's check order (README §3): token
// (401), rate limit (429), X-Org-Name (400 empty, 403 org_forbidden/org_assertion_mismatch),
// scope (403 insufficient_scope), role (403 forbidden), then the handler's own path,
// existence, body and conflict checks.
func (e *Emulator) serve(rt *route, c *call) reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	c.now = e.clock.Now()
	if rt.op.Scope == "" {
		return rt.handle(e, c)
	}
	token, grant, rep := e.authenticate(c)
	if rep != nil {
		return *rep
	}
	limitHeader, limited := e.consumeRate(token, c.now)
	org, orgRefusal := e.selectOrg(rt.op, c, grant)
	userWide := orgRefusal != nil && e.userWide(rt.op, c, grant)
	if userWide { // about the user, not the token's organization (listOrgs checks each role)
		org, orgRefusal = grant.org, nil
	}
	var out reply
	switch {
	case limited != nil:
		out = *limited
	case orgRefusal != nil:
		out = *orgRefusal
	case !grant.allows(rt.op.Scope):
		out = codedError(http.StatusForbidden, "insufficient_scope", "Insufficient scope. Required: "+rt.op.Scope)
	case !userWide && roleRank[org.roleOf(grant.user)] < roleRank[requiredRole(rt.op)]:
		out = roleForbidden("Your role does not allow this action")
	default:
		c.org = org
		org.settle(c.now)
		c.role = org.roleOf(grant.user)
		c.grant = grant
		out = rt.handle(e, c)
	}
	if limitHeader != nil {
		if out.header == nil {
			out.header = http.Header{}
		}
		for k, v := range limitHeader {
			out.header[k] = v
		}
	}
	return out
}

// sleep waits d, returning false early when ctx is done.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// held waits until hold is closed (at once when it is nil); false when ctx ends first.
func held(ctx context.Context, hold <-chan struct{}) bool {
	if hold == nil {
		return ctx.Err() == nil
	}
	select {
	case <-hold:
		return true
	case <-ctx.Done():
		return false
	}
}

func writeReply(w http.ResponseWriter, rep reply) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep.body); err != nil {
		// Only emulator bugs get here (every body is built from JSON-safe values).
		buf.Reset()
		buf.WriteString(`{"error":"Internal server error"}` + "\n")
		rep.status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(rep.status)
	_, _ = w.Write(buf.Bytes())
}
