package humanweb

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// maxBody bounds a POST that carries no secret value: a token and a decision (an approval, or
// a link this process does not know).
const maxBody = 64 << 10

// MaxValueBytes bounds one secret value entered on the page: the request that stores it is at
// most rules.BodyMaxBytes as sent (JSON), and a value is never longer than its JSON. A form's
// Check applies the exact rule; this bound sizes the body the page reads.
const MaxValueBytes = rules.BodyMaxBytes

// formBodyLimit bounds the POST of a secret form, whatever the number of names: one value at
// MaxValueBytes, URL-encoded, plus the names, the token and the decision (maxBody). A value's
// URL encoding is at most 3 times its JSON in the API request (a byte becomes at most %XX; a
// line break, which the browser sends as CR LF, %0D%0A, is \n there; a control character
// \u00XX), so the longest value Check accepts always fits; the values of one submission share
// it (the page says so when they together exceed it). The names are counted as sent (at most 3
// times their text, which the form already holds). One POST is read per link at a time, so a
// link costs at most this (about 3.4 MiB) plus what parsing it takes, never more per name.
func formBodyLimit(names []string) int64 {
	n := int64(maxBody) + 3*int64(MaxValueBytes)
	for _, name := range names {
		n += 3 * int64(len("&secret-="+name))
	}
	return n
}

// StoreTimeout bounds storing a form's values.
const StoreTimeout = time.Minute

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
	// SessionEnded: withdrawn because the agent's MCP session ended (Outcome withdrawn).
	SessionEnded bool
	// Missing names the secret fields left empty (the form is shown again).
	Missing []string
	Stored  []string
	Failed  string
	Reason  string
	// Unknown: whether Failed was stored is unknown; Why says why (FormResult.Why).
	Unknown bool
	Why     string
	// Refusal says why a request was refused (Outcome refused).
	Refusal string
	// Limit is the body limit in bytes and Fields the secret fields it was sized for
	// (Refusal "too large").
	Limit  int64
	Fields int
	// TooLong says, per secret field whose value cannot be stored, why (the form is shown
	// again); never the value.
	TooLong []string
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
	// same-origin: the page's own POST carries its real Origin (browsers send "Origin: null"
	// under no-referrer, and Sec-Fetch-Site only to https or localhost, so on plain http
	// beyond loopback nothing else would show it came from the page); a Referer, which holds
	// the link, is sent to this origin only, and the page links nowhere else.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")

	if s.loopbackOnly() && !s.hostAllowed(r.Host) {
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
		httpsafe.RefuseUnread(w, r)
		s.refuse(w, http.StatusMethodNotAllowed, "method", "")
	}
}

// show renders the link's page as it stands.
func (s *Surface) show(w http.ResponseWriter, id string) {
	// The browser has read the redirect file that led here (SystemBrowser): it goes now.
	handoffs.remove(id)
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
	if p.Outcome == "expired" || p.Outcome == "withdrawn" {
		status = http.StatusGone
	}
	s.render(w, status, p)
}

// pageLocked is the page of a known link: its form while pending, else what became of it.
func (s *Surface) pageLocked(it *item) page {
	p := page{Expires: it.expires.UTC().Format("15:04 MST"), SessionEnded: it.sessionEnded}
	switch it.kind {
	case kindApproval:
		p.Kind, p.Tool, p.Action, p.Effects = "approval", it.approval.Tool, it.approval.Action, it.approval.Effects
	case kindSecrets:
		p.Kind, p.Tool, p.App, p.Names, p.Effects = "secrets", it.form.Tool, it.form.App, it.form.Names, it.form.Notes
		p.Stored, p.Failed, p.Reason, p.Unknown, p.Why = it.result.Stored, it.result.Failed, it.result.PageReason, it.result.Unknown, it.result.Why
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
var outcomes = map[Decision]string{Approved: "approved", Declined: "declined", Stored: "stored", Failed: "failed", Expired: "expired", Withdrawn: "withdrawn"}

// answer takes the person's answer.
func (s *Surface) answer(w http.ResponseWriter, r *http.Request, id string) {
	if kind, reason := s.crossOrigin(r); kind != "" {
		httpsafe.RefuseUnread(w, r)
		s.refuse(w, http.StatusForbidden, kind, reason)
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		httpsafe.RefuseUnread(w, r)
		s.refuse(w, http.StatusUnsupportedMediaType, "content type", "")
		return
	}
	// The body is bounded by what the link's form can carry: a secret form's values, else a
	// token and a decision. Only the link's URL raises it, and one POST per link is read at a
	// time: another is refused before a byte of its body is read. A link already answered,
	// being stored or expired answers so at once, whatever the body (none of it is read): a
	// resubmission of a secret form gets its true 409 or 410, never a 413.
	limit, names := int64(maxBody), 0
	s.mu.Lock()
	s.pruneLocked(s.opts.Now())
	it := s.items[id]
	if it != nil && (it.decision != Pending || it.busy) {
		status, p := s.settledLocked(it)
		s.mu.Unlock()
		s.render(w, status, p)
		return
	}
	if it != nil {
		if it.posting {
			s.mu.Unlock()
			w.Header().Set("Connection", "close")
			s.refuse(w, http.StatusConflict, "in flight", "")
			return
		}
		it.posting = true
		held := it
		defer func() { s.mu.Lock(); held.posting = false; s.mu.Unlock() }()
		if it.kind == kindSecrets {
			limit, names = formBodyLimit(it.form.Names), len(it.form.Names)
		}
	}
	s.mu.Unlock()
	tooLarge := func() {
		w.Header().Set("Connection", "close")
		s.opts.Logger.Warn("human page: request refused", "reason", "too large", "limit", limit, "status", http.StatusRequestEntityTooLarge)
		s.render(w, http.StatusRequestEntityTooLarge, page{Outcome: "refused", Refusal: "too large", Limit: limit, Fields: names})
	}
	if r.ContentLength > limit {
		tooLarge()
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			tooLarge()
			return
		}
		s.refuse(w, http.StatusBadRequest, "form", "")
		return
	}
	form := r.PostForm

	s.mu.Lock()
	s.pruneLocked(s.opts.Now())
	it = s.items[id]
	switch {
	case it == nil:
		s.mu.Unlock()
		s.render(w, http.StatusNotFound, page{Outcome: "unknown"})
		return
	case it.decision != Pending || it.busy:
		status, p := s.settledLocked(it)
		s.mu.Unlock()
		s.render(w, status, p)
		return
	}
	if !httpsafe.SameSecret(form.Get("token"), it.token) {
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

// settledLocked is the answer to a POST for a link that is no longer pending (s.mu held):
// 410 when it expired, else 409 (already answered, or its values being stored).
func (s *Surface) settledLocked(it *item) (int, page) {
	p := s.pageLocked(it)
	if it.decision == Expired || it.decision == Withdrawn {
		return http.StatusGone, p
	}
	p.Outcome = "used"
	s.opts.Logger.Warn("human page: answer refused", "reason", "already answered")
	return http.StatusConflict, p
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
	var missing, tooLong []string
	for i, name := range it.form.Names {
		// A textarea's line breaks arrive as CR LF whatever was typed or pasted (the browser
		// shows and holds them as LF): they are stored as LF, as the page showed them.
		values[i] = strings.ReplaceAll(form.Get("secret-"+name), "\r\n", "\n")
		switch {
		// No one types U+0000 on a page (a crafted request can send it): it is no text to store,
		// as bytes that are not UTF-8 are none.
		case values[i] == "" || !utf8.ValidString(values[i]) || strings.IndexByte(values[i], 0) >= 0:
			missing = append(missing, name)
		case it.form.Check != nil:
			if why := it.form.Check(name, values[i]); why != "" {
				tooLong = append(tooLong, name+": "+why)
			}
		case len(values[i]) > MaxValueBytes:
			tooLong = append(tooLong, name+": "+strconv.Itoa(len(values[i]))+" bytes; at most "+strconv.Itoa(MaxValueBytes))
		}
	}
	if len(missing) > 0 || len(tooLong) > 0 {
		clear(values)
		p := s.pageLocked(it)
		p.Missing, p.TooLong = missing, tooLong
		s.mu.Unlock()
		status := http.StatusBadRequest
		if len(missing) == 0 {
			status = http.StatusRequestEntityTooLarge
		}
		s.render(w, status, p)
		return
	}
	it.busy = true
	f := it.form
	s.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), StoreTimeout)
	defer cancel()
	result := FormResult{Decision: Stored}
	for i, name := range f.Names {
		if err := f.Store(ctx, name, values[i]); err != nil {
			result = FormResult{Decision: Failed, Stored: result.Stored, Failed: name, Reason: err.Error(), PageReason: pageReason(err),
				Unknown: errors.Is(err, ErrOutcomeUnknown), Why: unknownWhy(err)}
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

// crossOrigin says why a POST is not from the page itself (kind "" when it is): "origin" when
// the browser marks it cross-site in Sec-Fetch-Site or sends an Origin other than this host
// (or the PublicURL's); "no origin" when it sends "Origin: null" without Sec-Fetch-Site:
// same-origin, which leaves where it came from unknown. The page's Referrer-Policy
// (same-origin) has browsers send the page's real Origin; null comes from a page that hides
// its origin (an opaque origin such as a sandboxed frame, or its own no-referrer policy).
//
// Every Origin and Sec-Fetch-Site value counts, as at the MCP endpoint: a browser sends one
// of each, and a request with several is judged by each pair as if it came alone (a foreign
// Origin after the page's own was taken on the strength of the first).
//
// Without Origin, a Referer stands for it, judged as its origin would be: every current
// browser sends Origin on a form POST, and an older one that does not sends the page it came
// from. A request with neither (not a browser's) needs the token alone.
func (s *Surface) crossOrigin(r *http.Request) (kind, detail string) {
	origins, sites := r.Header.Values("Origin"), r.Header.Values("Sec-Fetch-Site")
	if len(origins) == 0 {
		for _, referer := range r.Header.Values("Referer") {
			origins = append(origins, refererOrigin(referer))
		}
	} else if len(origins) <= 1 && len(sites) <= 1 {
		return s.crossOriginOne(r)
	}
	absent := []string{"\x00"} // a header not sent at all
	if len(origins) == 0 {
		origins = absent
	}
	if len(sites) == 0 {
		sites = absent
	}
	for _, origin := range origins {
		for _, site := range sites {
			one := *r
			one.Header = r.Header.Clone()
			for name, v := range map[string]string{"Origin": origin, "Sec-Fetch-Site": site} {
				if v == absent[0] {
					one.Header.Del(name)
				} else {
					one.Header.Set(name, v)
				}
			}
			if kind, detail := s.crossOriginOne(&one); kind != "" {
				return kind, detail
			}
		}
	}
	return "", ""
}

// refererOrigin is the origin of a Referer URL, or one no page has when it names none.
func refererOrigin(referer string) string {
	u, err := url.Parse(referer)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "invalid://"
	}
	return u.Scheme + "://" + u.Host
}

// crossOriginOne is crossOrigin for a request with at most one Origin and one Sec-Fetch-Site.
func (s *Surface) crossOriginOne(r *http.Request) (kind, detail string) {
	origin := r.Header.Get("Origin")
	if s.opts.PublicURL != "" && origin != "" && sameOrigin(origin, publicOrigin(s.opts.PublicURL)) &&
		r.Header.Get("Sec-Fetch-Site") != "cross-site" {
		return "", ""
	}
	if origin == "null" && r.Header.Get("Sec-Fetch-Site") != "same-origin" {
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			return "origin", "cross-site Sec-Fetch-Site"
		}
		return "no origin", "Origin null"
	}
	if err := http.NewCrossOriginProtection().Check(r); err != nil {
		return "origin", err.Error()
	}
	if origin == "" || origin == "null" {
		return "", ""
	}
	u, err := url.Parse(origin)
	// The own listener serves plain http only: an https page at the same host and port is
	// another origin. Mounted (--http), a TLS proxy in front makes the browser's scheme unknown.
	if err != nil || !strings.EqualFold(u.Host, r.Host) || !s.opts.Mounted && !strings.EqualFold(u.Scheme, "http") {
		return "origin", "foreign Origin header"
	}
	return "", ""
}

// publicOrigin is the scheme and host of a base URL.
func publicOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// sameOrigin reports whether two http(s) origins are the same as a browser compares them:
// scheme and host in any letter case, and a default port written out (:443 for https, :80
// for http) the same as none, so a PublicURL of https://a.example:443 matches the browser's
// Origin: https://a.example.
func sameOrigin(a, b string) bool {
	ca, cb := canonicalOrigin(a), canonicalOrigin(b)
	return ca != "" && ca == cb
}

// canonicalOrigin is an http(s) origin with its scheme and host lowercased and a default
// port left out ("" when it is not one).
func canonicalOrigin(origin string) string {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	defaultPort := map[string]string{"http": "80", "https": "443"}[scheme]
	if defaultPort == "" {
		return ""
	}
	host := strings.ToLower(u.Host)
	if u.Port() == defaultPort {
		host = strings.TrimSuffix(host, ":"+defaultPort)
	}
	return scheme + "://" + strings.TrimSuffix(host, ":")
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
