package mcpserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// An invalid or expired caller token (MCP authorization; RFC 6750 §3.1): a tool call (or a
// resources/read, or a completion/complete of app names) made with the bearer token the HTTP
// request brought, which the API refused with 401, is answered with
// HTTP 401 and `WWW-Authenticate: Bearer error="invalid_token", resource_metadata="…"`, not with
// 200 and the tool's isError result: that challenge is what has an OAuth client refresh its
// token or sign its user in again. The token is not checked ahead of use (no extra call, no
// cache): the API's own answer to the call is the check.
//
// Only the caller's own token counts: a 401 to the server's own credentials
// (--http-allow-server-token, a request without a token) is the operator's to fix, not the
// caller's, and stays the tool's result; so is everything under --sandbox, whose emulator takes
// only its own token (its result says what works). A 403 (a valid token without the scope) stays
// the tool's result, which names the scope and where to grant it: the token is not invalid, and
// Spice.ai tokens get their scopes when created, not by a step-up sign-in.
//
// A call that may have changed something before the refusal (client.Changes: a workflow's
// earlier step) keeps its result too: it says what was done, which the challenge would lose.
//
// The status can change only while the answer is not yet under way: a JSON answer. A call whose
// answer became an SSE stream (it sent progress, or the server asked a question, before the API
// refused the token) already answered 200: its result stays the tool's isError text.

type tokenRefusalKey struct{}

// tokenRefusal notes, for one HTTP request, that the API refused the caller's token, and
// whether the call changed something before (changes): then its result, which says what was
// done, is the answer, not the challenge.
type tokenRefusal struct {
	refused atomic.Bool
	changes *client.Changes
}

// withTokenRefusal returns ctx with a place a call notes its refused token and its changes in.
func withTokenRefusal(ctx context.Context) (context.Context, *tokenRefusal) {
	t := &tokenRefusal{}
	ctx, t.changes = client.WithChanges(ctx)
	return context.WithValue(ctx, tokenRefusalKey{}, t), t
}

// noteRefusedToken notes in ctx's tokenRefusal (HTTP only) that cause is the API's 401 to the
// caller's own token, outside the sandbox, in a call that changed nothing before it.
func noteRefusedToken(ctx context.Context, cause error) {
	t, _ := ctx.Value(tokenRefusalKey{}).(*tokenRefusal)
	var apiErr *client.APIError
	if t == nil || t.changes.MayHaveChanged() || !errors.As(cause, &apiErr) {
		return
	}
	if apiErr.StatusCode == http.StatusUnauthorized && apiErr.CallerToken && !apiErr.Sandbox && RequestBearer(ctx) != "" {
		t.refused.Store(true)
	}
}

// invalidTokenChallenge is the WWW-Authenticate value for a refused token (RFC 6750 §3.1,
// RFC 9728 §5.1): error="invalid_token", and the metadata's URL (and scopes) when the server
// serves the metadata.
func invalidTokenChallenge(m *resourceMetadata, r *http.Request) string {
	if m == nil {
		return `Bearer error="invalid_token"`
	}
	return `Bearer error="invalid_token", ` + strings.TrimPrefix(m.challenge(r), "Bearer ")
}

// tokenRefusalResponse turns the JSON answer of a request whose call noted a refused token into
// 401 with the challenge (and present.CallerTokenRefused as its text); every other answer passes
// as it is. The JSON body mcp-go writes after its header is dropped.
type tokenRefusalResponse struct {
	http.ResponseWriter
	refusal   *tokenRefusal
	challenge func() string
	metaURL   string
	log       func() // logs the refusal (the token never)
	started   bool   // the status went out (or was replaced)
	replaced  bool   // the answer is the 401: what mcp-go writes is dropped
}

func (w *tokenRefusalResponse) WriteHeader(code int) {
	if w.started {
		return
	}
	w.started = true
	mediaType, _, _ := strings.Cut(w.Header().Get("Content-Type"), ";")
	if code != http.StatusOK || !w.refusal.refused.Load() || strings.TrimSpace(mediaType) != "application/json" {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.replaced = true
	w.log()
	h := w.Header()
	h.Del("Content-Length")
	h.Set("WWW-Authenticate", w.challenge())
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.ResponseWriter.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w.ResponseWriter, present.CallerTokenRefused(w.metaURL)+"\n")
}

func (w *tokenRefusalResponse) Write(b []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	if w.replaced {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *tokenRefusalResponse) Flush() {
	if w.replaced {
		return
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *tokenRefusalResponse) Unwrap() http.ResponseWriter { return w.ResponseWriter }
