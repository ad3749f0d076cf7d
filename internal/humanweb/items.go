package humanweb

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"
)

// Decision is where an approval or secret form stands.
type Decision int

// The decisions.
const (
	Pending Decision = iota
	Approved
	Declined
	Stored // secret form: every value stored
	Failed // secret form: storing stopped at a refused value
	Expired
	// Withdrawn: secret form whose call ended (cancelled, out of time, input closed) before
	// values were entered; its page says so, and a later answer is refused and stores nothing.
	Withdrawn
)

// Approval is a destructive action awaiting a person's yes.
type Approval struct {
	// Key binds the approval to exactly one call: tool, hash of the arguments, target ID and
	// caller. Only a later call with the same key can use it.
	Key string
	// Caller names who asked (a hash of the HTTP bearer token; "" over stdio), for the
	// per-caller limit (Options.MaxOpenPerCaller). Never a token itself.
	Caller string
	// Tool is the tool that asked (shown on the page).
	Tool string
	// Action says what will happen, in plain words; Effects are further facts.
	Action  string
	Effects []string
}

// SecretForm asks a person for secret values.
type SecretForm struct {
	// Key identifies the form among open ones: the same key gets the same open form.
	Key string
	// Caller names who asked, as Approval.Caller.
	Caller string
	// Tool is the tool that asked; App labels the app the values are for.
	Tool string
	App  string
	// Names are the secrets to enter, in order; Notes are further facts (what was odd in the
	// API's answers: the app's name as shown may not be its own), in plain words.
	Names []string
	Notes []string
	// Store stores one value when the person submits; its error is shown on the page and must
	// not contain the value. It runs in the page request, after the form was checked.
	Store func(ctx context.Context, name, value string) error
	// Check says why a value cannot be stored ("" when it can), without the value: every
	// value is checked before any is stored, and a refused one re-shows the form with the
	// reason. Nil: a value of at most MaxValueBytes is accepted.
	Check func(name, value string) string
	// Memo is kept with the form and returned with its result (what the opener needs to
	// resume); the page never shows it.
	Memo any
}

// Link is where a person answers.
type Link struct {
	URL string
	// Ref names the link without granting anything (URL-mode elicitation ID, request state).
	Ref     string
	Expires time.Time
}

// FormResult is what became of a secret form.
type FormResult struct {
	Decision Decision // Stored, Failed, Declined, Expired or Withdrawn
	Stored   []string // names stored, in order
	Failed   string   // the name the API refused (Decision Failed)
	Reason   string   // why (Decision Failed), worded by Store's error (for the agent: Markdown)
	// PageReason is Reason as the page shows it: Store's error's page text (PageText), so the
	// page shows what the API said as it is, never the Markdown escapes of the agent's text;
	// Reason when Store's error has none.
	PageReason string
	// Unknown: the request for Failed was sent, and no answer came back or the answer did not
	// say whether it was applied (Store's error wraps ErrOutcomeUnknown), so whether it was
	// stored is unknown.
	Unknown bool
	// Why says which, worded by Store's error (OutcomeUnknown): "the request was sent but no
	// answer came back"; "" when Store gave no such words.
	Why  string
	Memo any // SecretForm.Memo
}

// ErrOutcomeUnknown marks a Store error after which the value may have been stored (the
// request was sent, and no answer came back or the answer did not say whether it was applied).
var ErrOutcomeUnknown = errors.New("outcome unknown")

// OutcomeUnknown is a Store error worded msg that wraps ErrOutcomeUnknown; why says why the
// outcome is unknown (FormResult.Why).
func OutcomeUnknown(why, msg string) error { return &unknownError{why: why, msg: msg} }

type unknownError struct{ why, msg string }

func (e *unknownError) Error() string        { return e.msg }
func (e *unknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// PageText is a Store error worded err (for the agent) whose words on the page are page: the
// same text with no Markdown (HTML-escaped only, as the page shows every value). err's marks
// (ErrOutcomeUnknown, OutcomeUnknown's why) stay.
func PageText(err error, page string) error { return &pageTextError{err: err, page: page} }

type pageTextError struct {
	err  error
	page string
}

func (e *pageTextError) Error() string { return e.err.Error() }
func (e *pageTextError) Unwrap() error { return e.err }

// pageReason is err's text as the page shows it (PageText), or err's own.
func pageReason(err error) string {
	var p *pageTextError
	if errors.As(err, &p) {
		return p.page
	}
	return err.Error()
}

// unknownWhy is the why of err's OutcomeUnknown ("" when there is none).
func unknownWhy(err error) string {
	var u *unknownError
	if errors.As(err, &u) {
		return u.why
	}
	return ""
}

type itemKind int

const (
	kindApproval itemKind = iota
	kindSecrets
)

// item is one open link.
type item struct {
	kind    itemKind
	id      string // the capability in the URL
	ref     string // the public reference
	token   string // the page's one-time form token
	key     string
	caller  string // who asked (Approval.Caller, SecretForm.Caller)
	seq     uint64 // the order it was opened in
	url     string
	expires time.Time

	approval Approval
	form     SecretForm

	decision  Decision
	decidedAt time.Time
	busy      bool // a POST is storing values
	posting   bool // a POST is being read or answered: another is refused unread
	opened    bool // handed to the person's browser by Surface.Open
	awaited   int  // calls waiting on it now (Await): it is not dropped to make room
	waiters   int  // calls that joined its wait (Join): Withdraw leaves it open for them
	// sessionEnded: withdrawn because its caller's MCP session ended (WithdrawCaller).
	sessionEnded bool
	result       FormResult
	done         chan struct{} // closed once decided (or forgotten)
	closed       bool
}

func (it *item) finish() {
	// A redirect file handed to the browser (handoffs) is not needed once the link is
	// answered, expired or forgotten.
	handoffs.remove(it.id)
	if !it.closed {
		it.closed = true
		close(it.done)
	}
}

func (it *item) link() Link { return Link{URL: it.url, Ref: it.ref, Expires: it.expires} }

// pruneLocked forgets links expired for longer than a TTL (a page can still say "expired"
// meanwhile) and marks newly expired ones.
func (s *Surface) pruneLocked(now time.Time) {
	for id, it := range s.items {
		if it.decision == Pending && !it.busy && !now.Before(it.expires) {
			it.decision, it.decidedAt = Expired, it.expires
			if it.kind == kindSecrets {
				it.result = FormResult{Decision: Expired}
			}
			it.finish()
		}
		if now.After(it.expires.Add(s.opts.TTL)) {
			s.forgetLocked(id, it)
		}
	}
}

func (s *Surface) forgetLocked(id string, it *item) {
	delete(s.items, id)
	delete(s.refs, it.ref)
	if s.keys[it.key] == it {
		delete(s.keys, it.key)
	}
	it.finish()
}

// openLocked creates a link for key, asked for by caller: refused when caller already has its
// most links waiting for an answer; at the bound of links kept, one of the caller holding the
// most is dropped to make room.
func (s *Surface) openLocked(ctx context.Context, kind itemKind, key, caller string) (*item, error) {
	if s.closed {
		return nil, ErrClosed
	}
	waiting := 0
	for _, it := range s.items {
		if it.caller == caller && it.decision == Pending {
			waiting++
		}
	}
	if waiting >= s.opts.MaxOpenPerCaller {
		s.opts.Logger.Warn("human link refused: the caller has its most links waiting", "limit", s.opts.MaxOpenPerCaller)
		return nil, tooManyError{s.opts.MaxOpenPerCaller}
	}
	for len(s.items) >= s.opts.MaxOpen {
		victim := s.victimLocked()
		if victim == nil {
			return nil, ErrFull
		}
		s.opts.Logger.Warn("human link dropped to make room: the server keeps its most links",
			"kind", kindNames[victim.kind], "outcome", outcomeOf(victim))
		s.forgetLocked(victim.id, victim)
	}
	base, err := s.baseURL(ctx)
	if err != nil {
		return nil, err
	}
	id, err := s.randomID(32)
	if err != nil {
		return nil, err
	}
	token, err := s.randomID(32)
	if err != nil {
		return nil, err
	}
	ref, err := s.randomID(16)
	if err != nil {
		return nil, err
	}
	s.seq++
	it := &item{kind: kind, id: id, ref: ref, token: token, key: key, caller: caller, seq: s.seq, url: base + Prefix + id,
		expires: s.opts.Now().Add(s.opts.TTL), done: make(chan struct{})}
	s.items[id], s.refs[ref], s.keys[key] = it, it, it
	return it, nil
}

// victimLocked is the link to drop for room: of the caller holding the most links, the oldest
// expired one, else the oldest answered, else the oldest waiting; never one being stored (nil
// when every link is).
func (s *Surface) victimLocked() *item {
	held := map[string]int{}
	for _, it := range s.items {
		held[it.caller]++
	}
	// worth orders what a link is still good for: an expired one only shows its page, an
	// answered one awaits the agent's next call, a waiting one awaits the person.
	worth := func(it *item) int {
		switch it.decision {
		case Expired, Withdrawn:
			return 0
		case Pending:
			return 2
		}
		return 1
	}
	var victim *item
	for _, it := range s.items {
		if it.busy || (it.awaited > 0 && it.decision == Pending) {
			continue
		}
		if victim == nil {
			victim = it
			continue
		}
		a, b := held[it.caller], held[victim.caller]
		if a > b || (a == b && (worth(it) < worth(victim) || (worth(it) == worth(victim) && it.seq < victim.seq))) {
			victim = it
		}
	}
	return victim
}

// kindNames name the kinds of link in log lines.
var kindNames = map[itemKind]string{kindApproval: "approval", kindSecrets: "secrets"}

// outcomeOf is where a link stands, as its page's data-outcome says.
func outcomeOf(it *item) string {
	if it.decision == Pending {
		return "pending"
	}
	return outcomes[it.decision]
}

// Approval returns the person's decision on the action bound to a.Key. Approved consumes the
// approval (a later call needs a new one); Declined and Expired are reported once, and the
// next call opens a new link; Pending comes with the link to show: the open one for this key,
// or a new one.
func (s *Surface) Approval(ctx context.Context, a Approval) (Decision, Link, error) {
	// The loopback listener may need starting; do it outside the lock.
	if _, err := s.baseURL(ctx); err != nil {
		return Pending, Link{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	s.pruneLocked(now)
	if it := s.keys[a.Key]; it != nil && it.kind == kindApproval {
		switch {
		case it.decision == Pending:
			return Pending, it.link(), nil
		case it.decision == Expired || !now.Before(it.expires):
			// A decision is good for a TTL after it was given; the item itself is kept a TTL
			// longer only so its page can still say what became of it.
			s.forgetLocked(it.id, it)
		default: // Approved or Declined, in time
			s.forgetLocked(it.id, it)
			return it.decision, it.link(), nil
		}
	}
	it, err := s.openLocked(ctx, kindApproval, a.Key, a.Caller)
	if err != nil {
		return Pending, Link{}, err
	}
	it.approval = a
	s.opts.Logger.Info("approval link opened", "tool", a.Tool)
	return Pending, it.link(), nil
}

// Decided returns the person's decision on the approval bound to key, as Approval does
// (Approved consumes it; Declined is reported once), without opening a link: Pending when
// there is none, it is still open, or it expired.
func (s *Surface) Decided(key string) Decision {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	s.pruneLocked(now)
	it := s.keys[key]
	if it == nil || it.kind != kindApproval || it.decision == Pending {
		return Pending
	}
	s.forgetLocked(it.id, it)
	if it.decision == Expired || !now.Before(it.expires) {
		return Pending
	}
	return it.decision
}

// Secrets opens a form for f (or returns the open one for f.Key). A form answered since the
// last call with this key is reported instead (Stored, Failed or Declined) and forgotten.
func (s *Surface) Secrets(ctx context.Context, f SecretForm) (FormResult, Link, error) {
	if _, err := s.baseURL(ctx); err != nil {
		return FormResult{}, Link{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(s.opts.Now())
	if it := s.keys[f.Key]; it != nil && it.kind == kindSecrets {
		switch it.decision {
		case Pending:
			if slices.Equal(it.form.Names, f.Names) {
				return FormResult{Decision: Pending}, it.link(), nil
			}
			s.forgetLocked(it.id, it) // other names now: a new form
		case Expired, Withdrawn:
			s.forgetLocked(it.id, it)
		default:
			s.forgetLocked(it.id, it)
			res := it.result
			res.Memo = it.form.Memo
			return res, it.link(), nil
		}
	}
	it, err := s.openLocked(ctx, kindSecrets, f.Key, f.Caller)
	if err != nil {
		return FormResult{}, Link{}, err
	}
	it.form = f
	s.opts.Logger.Info("secret entry link opened", "tool", f.Tool, "entries", len(f.Names))
	return FormResult{Decision: Pending}, it.link(), nil
}

// ErrUnknownLink: no open link has that reference in this process.
var ErrUnknownLink = errors.New("this server process has no such link: it expired, was answered, or another replica issued it")

// Await waits until the secret form with reference ref is answered or expires, or ctx ends,
// and forgets it once answered.
func (s *Surface) Await(ctx context.Context, ref string) (FormResult, error) {
	s.mu.Lock()
	it := s.refs[ref]
	if it == nil || it.kind != kindSecrets {
		s.mu.Unlock()
		return FormResult{}, ErrUnknownLink
	}
	wait := it.expires.Sub(s.opts.Now())
	it.awaited++
	s.mu.Unlock()
	defer func() { s.mu.Lock(); it.awaited--; s.mu.Unlock() }()

	timer := time.NewTimer(max(wait, 0))
	defer timer.Stop()
	select {
	case <-it.done:
	case <-timer.C:
	case <-ctx.Done():
		return FormResult{}, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(s.opts.Now())
	if it.busy {
		// The expiry fired while the values were being stored: wait for that to finish.
		s.mu.Unlock()
		select {
		case <-it.done:
		case <-ctx.Done():
			s.mu.Lock()
			return FormResult{}, ctx.Err()
		}
		s.mu.Lock()
	}
	if it.decision == Pending {
		it.decision, it.decidedAt, it.result = Expired, it.expires, FormResult{Decision: Expired}
		it.finish()
	}
	if it.decision != Withdrawn { // a withdrawn page keeps saying so
		s.forgetLocked(it.id, it)
	}
	res := it.result
	res.Memo = it.form.Memo
	return res, nil
}

// Withdrawal is what Withdraw did.
type Withdrawal int

// The withdrawals.
const (
	// WithdrawnNow: the form is withdrawn (or was no longer there); Await returns at once.
	WithdrawnNow Withdrawal = iota
	// AnsweredAlready: its values are being stored now, or the form was answered; Await returns
	// what became of them once the store ends (within StoreTimeout). Nothing was withdrawn.
	AnsweredAlready
	// LeftOpen: another call still waits on it (Join): it stays open for that one.
	LeftOpen
)

// Withdraw withdraws the open secret form with reference ref, the call waiting on it having
// ended, unless its values are being stored now or were (AnsweredAlready), or another call
// still waits on it (LeftOpen: two identical calls share one open form; a call that joined
// leaves first). Checked and done under the lock a POST takes to begin storing, so either the
// values are stored and said so, or the form is withdrawn: its page says so (Withdrawn) and a
// later answer stores nothing.
func (s *Surface) Withdraw(ref string) Withdrawal {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.refs[ref]
	switch {
	case it == nil:
		return WithdrawnNow
	case it.busy || (it.decision != Pending && it.decision != Expired && it.decision != Withdrawn):
		return AnsweredAlready
	case it.kind != kindSecrets || it.decision != Pending:
		s.forgetLocked(it.id, it)
		return WithdrawnNow
	case it.waiters > 0:
		return LeftOpen
	}
	now := s.opts.Now()
	it.decision, it.decidedAt, it.result = Withdrawn, now, FormResult{Decision: Withdrawn}
	it.expires = now // the page says so for a TTL more, then is forgotten
	delete(s.refs, it.ref)
	if s.keys[it.key] == it {
		delete(s.keys, it.key) // the next identical call opens a new form
	}
	it.finish()
	return WithdrawnNow
}

// WithdrawCaller withdraws the approvals and secret forms of caller waiting for an answer:
// its MCP session ended, and no later call can be that caller to act on them. Their pages say
// so (410, Withdrawn) and an answer changes nothing; the next identical call of another caller
// opens a new link. A secret form goes too, though the page would store its values itself: the
// person entering them is helping an agent that is gone, which would never learn they were
// stored, so a submission is refused unread and nothing is stored (a form whose values are being
// stored finishes). It returns how many it withdrew.
func (s *Surface) WithdrawCaller(caller string) int {
	if caller == "" {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now, n := s.opts.Now(), 0
	for _, it := range s.items {
		if it.caller != caller || it.decision != Pending || it.busy {
			continue
		}
		it.decision, it.decidedAt, it.sessionEnded = Withdrawn, now, true
		if it.kind == kindSecrets {
			it.result = FormResult{Decision: Withdrawn}
		}
		it.expires = now // the page says so for a TTL more, then is forgotten
		delete(s.refs, it.ref)
		if s.keys[it.key] == it {
			delete(s.keys, it.key)
		}
		it.finish()
		n++
	}
	return n
}

// Join counts a call as waiting on the secret form ref until it calls leave (once or more):
// Withdraw by another call leaves the form open while it does.
func (s *Surface) Join(ref string) (leave func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.refs[ref]
	if it == nil {
		return func() {}
	}
	it.waiters++
	var once sync.Once
	return func() { once.Do(func() { s.mu.Lock(); it.waiters--; s.mu.Unlock() }) }
}

// Cancel closes the open link with reference ref (the person declined to open it), unless its
// values are being stored or another call still waits on it (Join).
func (s *Surface) Cancel(ref string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if it := s.refs[ref]; it != nil && !it.busy && it.waiters == 0 {
		s.forgetLocked(it.id, it)
	}
}
