package humanweb

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// maxBody bounds a POST: a token, a decision and a few secret values.
const maxBody = 64 << 10

// storeTimeout bounds storing a form's values.
const storeTimeout = time.Minute

// page is what render.go writes. Every sentence is there; the fields carry the facts (already
// worded by the tool that opened the link) and the state.
type page struct {
	Outcome string // data-outcome
	// Kind is "approval" or "secrets" when the link is known.
	Kind    string
	Tool    string
	Action  string
	Effects []string
	App     string
	Names   []string
	Token   string
	Expires string
	// Missing names the secret fields left empty (the form is shown again).
	Missing []string
	Stored  []string
	Failed  string
	Reason  string
	// Refusal says why a request was refused (Outcome refused).
	Refusal string
}

// Handler serves the pages under Prefix: GET shows, POST answers.
func (s *Surface) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

func (s *Surface) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp())
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")

	if s.loopbackOnly() && !isLoopbackHost(r.Host) {
		s.refuse(w, http.StatusMisdirectedRequest, "host", "")
		return
	}
	id, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok || id == "" || strings.Contains(id, "/") {
		s.render(w, http.StatusNotFound, page{Outcome: "unknown"})
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.show(w, id)
	case http.MethodPost:
		s.answer(w, r, id)
	default:
		h.Set("Allow", "GET, HEAD, POST")
		s.refuse(w, http.StatusMethodNotAllowed, "method", "")
	}
}

// show renders the link's page as it stands.
func (s *Surface) show(w http.ResponseWriter, id string) {
	s.mu.Lock()
	s.pruneLocked(s.opts.Now())
	it := s.items[id]
	if it == nil {
		s.mu.Unlock()
		s.render(w, http.StatusNotFound, page{Outcome: "unknown"})
		return
	}
	p := s.pageLocked(it)
	s.mu.Unlock()
	status := http.StatusOK
	if p.Outcome == "expired" {
		status = http.StatusGone
	}
	s.render(w, status, p)
}

// pageLocked is the page of a known link: its form while pending, else what became of it.
func (s *Surface) pageLocked(it *item) page {
	p := page{Expires: it.expires.UTC().Format("15:04 MST")}
	switch it.kind {
	case kindApproval:
		p.Kind, p.Tool, p.Action, p.Effects = "approval", it.approval.Tool, it.approval.Action, it.approval.Effects
	case kindSecrets:
		p.Kind, p.Tool, p.App, p.Names = "secrets", it.form.Tool, it.form.App, it.form.Names
		p.Stored, p.Failed, p.Reason = it.result.Stored, it.result.Failed, it.result.Reason
	}
	switch {
	case it.decision == Pending && it.busy:
		p.Outcome = "used"
	case it.decision == Pending:
		p.Outcome, p.Token = "pending", it.token
	default:
		p.Outcome = outcomes[it.decision]
	}
	return p
}

// outcomes name the decisions on the page (data-outcome).
var outcomes = map[Decision]string{Approved: "approved", Declined: "declined", Stored: "stored", Failed: "failed", Expired: "expired"}

// answer takes the person's answer.
func (s *Surface) answer(w http.ResponseWriter, r *http.Request, id string) {
	if reason := s.crossOrigin(r); reason != "" {
		s.refuse(w, http.StatusForbidden, "origin", reason)
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		s.refuse(w, http.StatusUnsupportedMediaType, "content type", "")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.refuse(w, http.StatusRequestEntityTooLarge, "too large", "")
			return
		}
		s.refuse(w, http.StatusBadRequest, "form", "")
		return
	}
	form := r.PostForm

	s.mu.Lock()
	s.pruneLocked(s.opts.Now())
	it := s.items[id]
	switch {
	case it == nil:
		s.mu.Unlock()
		s.render(w, http.StatusNotFound, page{Outcome: "unknown"})
		return
	case it.decision == Expired:
		p := s.pageLocked(it)
		s.mu.Unlock()
		s.render(w, http.StatusGone, p)
		return
	case it.decision != Pending || it.busy:
		p := s.pageLocked(it)
		p.Outcome = "used"
		s.mu.Unlock()
		s.opts.Logger.Warn("human page: answer refused", "reason", "already answered")
		s.render(w, http.StatusConflict, p)
		return
	}
	if subtle.ConstantTimeCompare([]byte(form.Get("token")), []byte(it.token)) != 1 {
		s.mu.Unlock()
		s.refuse(w, http.StatusForbidden, "token", "")
		return
	}
	if it.kind == kindApproval {
		s.decideLocked(w, it, form.Get("decision"))
		return
	}
	s.submitLocked(w, r.Context(), it, form)
}

// decideLocked records an approval's decision (s.mu held; released here).
func (s *Surface) decideLocked(w http.ResponseWriter, it *item, decision string) {
	switch decision {
	case "approve":
		it.decision = Approved
	case "decline":
		it.decision = Declined
	default:
		s.mu.Unlock()
		s.refuse(w, http.StatusBadRequest, "decision", "")
		return
	}
	// The decision lives a TTL from now, so a late approval still leaves the agent time.
	it.decidedAt = s.opts.Now()
	it.expires = it.decidedAt.Add(s.opts.TTL)
	it.finish()
	p := s.pageLocked(it)
	tool := it.approval.Tool
	s.mu.Unlock()
	s.opts.Logger.Info("approval answered on the page", "tool", tool, "decision", p.Outcome)
	s.render(w, http.StatusOK, p)
}

// submitLocked stores a secret form's values (s.mu held; released here). The values are
// checked first, then stored in order; the page says which were stored and never shows one.
func (s *Surface) submitLocked(w http.ResponseWriter, ctx context.Context, it *item, form url.Values) {
	switch form.Get("decision") {
	case "cancel":
		it.decision, it.decidedAt = Declined, s.opts.Now()
		it.result = FormResult{Decision: Declined}
		it.expires = it.decidedAt.Add(s.opts.TTL)
		it.finish()
		p := s.pageLocked(it)
		s.mu.Unlock()
		s.opts.Logger.Info("secret entry declined on the page", "tool", p.Tool)
		s.render(w, http.StatusOK, p)
		return
	case "store":
	default:
		s.mu.Unlock()
		s.refuse(w, http.StatusBadRequest, "decision", "")
		return
	}
	values := make([]string, len(it.form.Names))
	var missing []string
	for i, name := range it.form.Names {
		values[i] = form.Get("secret-" + name)
		if values[i] == "" || !utf8.ValidString(values[i]) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		p := s.pageLocked(it)
		p.Missing = missing
		s.mu.Unlock()
		s.render(w, http.StatusBadRequest, p)
		return
	}
	it.busy = true
	f := it.form
	s.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	result := FormResult{Decision: Stored}
	for i, name := range f.Names {
		if err := f.Store(ctx, name, values[i]); err != nil {
			result = FormResult{Decision: Failed, Stored: result.Stored, Failed: name, Reason: err.Error()}
			break
		}
		result.Stored = append(result.Stored, name)
	}
	clear(values)

	s.mu.Lock()
	it.busy = false
	it.decision, it.decidedAt, it.result = result.Decision, s.opts.Now(), result
	it.expires = it.decidedAt.Add(s.opts.TTL)
	it.finish()
	p := s.pageLocked(it)
	s.mu.Unlock()
	s.opts.Logger.Info("secret values entered on the page", "tool", f.Tool, "stored", len(result.Stored), "failed", result.Failed != "")
	s.render(w, http.StatusOK, p)
}

// crossOrigin says why a POST is not from the page itself ("" when it is): a browser marks a
// cross-site request in Sec-Fetch-Site, or sends an Origin other than this host (or the
// PublicURL's). The page's Referrer-Policy makes some browsers send "Origin: null" from the
// page itself; that passes only with Sec-Fetch-Site: same-origin.
func (s *Surface) crossOrigin(r *http.Request) string {
	origin := r.Header.Get("Origin")
	if s.opts.PublicURL != "" && origin != "" && strings.EqualFold(origin, publicOrigin(s.opts.PublicURL)) &&
		r.Header.Get("Sec-Fetch-Site") != "cross-site" {
		return ""
	}
	if err := http.NewCrossOriginProtection().Check(r); err != nil {
		return err.Error()
	}
	if origin == "" || (origin == "null" && r.Header.Get("Sec-Fetch-Site") == "same-origin") {
		return ""
	}
	u, err := url.Parse(origin)
	if err != nil || !strings.EqualFold(u.Host, r.Host) {
		return "foreign Origin header"
	}
	return ""
}

// publicOrigin is the scheme and host of a base URL.
func publicOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// refuse answers a refused request with a page that says so.
func (s *Surface) refuse(w http.ResponseWriter, status int, what, detail string) {
	s.opts.Logger.Warn("human page: request refused", "reason", what, "detail", detail, "status", status)
	s.render(w, status, page{Outcome: "refused", Refusal: what})
}

func (s *Surface) render(w http.ResponseWriter, status int, p page) {
	body := p.html()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
