package mcpserver

import (
	"container/list"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// sessions bounds the 2025-era MCP sessions this replica keeps state for.
//
// mcp-go keeps, per session, the registration made by initialize (about 10 KiB of live heap, nearly
// all of it its queue of 100 notifications: TestR65Httpmode9SessionHeapMatchesReadme) and the time of
// its last request, and on its own forgets them only after an idle TTL (which this server does
// not give it: ListenHTTP), so a client that initializes in a loop grows memory without bound.
// sessions mirrors that state. It learns a
// session's ID from the answer to initialize, or from any request that carries one (another
// replica may have issued it: session IDs are not tied to a replica), and keeps the IDs in
// least-recently-active order. To make room for a new session at the cap it ends the least
// recently active idle one; it also ends any idle for longer than the TTL. It ends a session
// through mcp-go's own DELETE handling, which drops all of that session's state.
//
// Why evict rather than refuse: refusing new sessions at the cap would let anyone who can reach
// the port lock every other client out for a whole TTL with a burst of initializations. An
// ended session costs its client little, because a session ID is checked against the caller
// that brings it, not against a list of live sessions (which is what lets replicas share
// clients; only IDs the client itself ended with DELETE are listed): the client's next request
// is served as before,
// without the per-session extras (a 2025-era client's declared capabilities are forgotten, but
// for the elicitation modes, which its session ID carries: a destructive tool still asks it
// directly, see sessionIDs). A session
// with a request in progress is never ended (an open GET stream does not count: ending the
// session ends it, and the client opens another); only when every session at the cap is busy
// is a new one refused, with 503 and Retry-After.
//
// One client holds at most perClient sessions, counted by its address (addressOf: IPv4, an
// IPv6 /64; a loopback address has no share of its own) and, separately, by its bearer
// credential: evicting others' idle sessions let one client that initialized in a loop end every
// other client's session (each then lost its declared capabilities, and its GET stream), and
// with its own sessions kept busy hold the whole cap so that others got 503. A client at its
// share makes room among its own sessions alone (its least recently active idle one ends), and
// when all of its own are busy it is refused with 429 and Retry-After; other clients are served.
// Both are counted because neither alone bounds a client: a bearer token is not checked before
// a tool call needs it (one address could make up a token per session), and an address is
// shared behind a proxy (one token could come from many addresses).
type sessions struct {
	max int
	// perClient bounds the sessions of one client address and of one credential (max: no bound
	// of their own).
	perClient int
	ttl       time.Duration
	end       func(id string) // terminates a session in mcp-go
	now       func() time.Time

	mu   sync.Mutex
	lru  list.List // of *tracked; front = most recently active
	byID map[string]*list.Element
	// byClient counts the sessions of each client key (clientKeys).
	byClient map[string]int
	// loopbackShares gives loopback addresses a share of their own too (tests, which play
	// several client addresses on 127/8).
	loopbackShares bool
}

// admission is why a session was not admitted (sessionAdmitted: it was).
type admission int

const (
	sessionAdmitted admission = iota
	refusedBusy
	refusedClientBusy
)

type tracked struct {
	id string // "" while its initialize is in progress
	// clients are the keys the session counts against perClient under (clientKeys).
	clients []string
	last    time.Time
	busy    int // requests in progress
	// streams end the session's open GET streams (mcp-go leaves them open when it ends a
	// session, and a stream nobody ends is a connection held for good).
	streams map[*context.CancelFunc]struct{}
}

func newSessions(max int, ttl time.Duration, end func(id string)) *sessions {
	return &sessions{max: max, perClient: max, ttl: ttl, end: end, now: time.Now, byID: map[string]*list.Element{},
		byClient: map[string]int{}}
}

// clientKeys are the keys a request's new session counts against perClient under: its client's
// address (unless loopback, see loopbackShares) and its bearer credential's hash, when it has
// them.
func (s *sessions) clientKeys(r *http.Request) []string {
	var keys []string
	if addr, loopback := addressOfRemote(r.RemoteAddr); addr != "" && (!loopback || s.loopbackShares) {
		keys = append(keys, "address "+addr)
	}
	if caller := callerOf(bearerToken(r)); caller != "" {
		keys = append(keys, "credential "+caller)
	}
	return keys
}

// push tracks a new session counted under clients. Callers hold mu.
func (s *sessions) push(t *tracked) *list.Element {
	for _, k := range t.clients {
		s.byClient[k]++
	}
	return s.lru.PushFront(t)
}

// remove stops tracking e. Callers hold mu.
func (s *sessions) remove(e *list.Element) {
	for _, k := range e.Value.(*tracked).clients {
		if s.byClient[k]--; s.byClient[k] <= 0 {
			delete(s.byClient, k)
		}
	}
	s.lru.Remove(e)
}

// endThrough ends sessions by sending mcp-go the DELETE a client would send.
func endThrough(h http.Handler) func(id string) {
	return func(id string) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(context.WithValue(ctx, internalEndKey{}, true), http.MethodDelete, "/mcp", http.NoBody)
		if err != nil {
			return
		}
		req.Header.Set(server.HeaderKeySessionID, id)
		h.ServeHTTP(discardResponse{header: http.Header{}}, req)
	}
}

// Len is the number of sessions held (including initializations in progress).
func (s *sessions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lru.Len()
}

// admit makes room for a session of clients (clientKeys) being initialized and holds its place;
// why says why not: every session at the cap is busy, or every one of the client's at its
// share. bind or drop the returned element once initialize has answered.
func (s *sessions) admit(clients []string) (e *list.Element, why admission) {
	s.mu.Lock()
	ended, why := s.makeRoom(clients)
	if why == sessionAdmitted {
		e = s.push(&tracked{clients: clients, last: s.now(), busy: 1})
	}
	s.mu.Unlock()
	s.endAll(ended)
	return e, why
}

// bind gives an admitted session the ID initialize issued, or drops it when there is none
// (initialize failed).
func (s *sessions) bind(e *list.Element, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := e.Value.(*tracked)
	if _, taken := s.byID[id]; id == "" || taken {
		s.remove(e)
		return
	}
	t.id, t.last = id, s.now()
	t.busy--
	s.byID[id] = e
	s.lru.MoveToFront(e)
}

// adopt tracks session id, which mcp-go opened for a request that admit did not hold a place
// for, unless it is tracked already; with every session at the cap busy, it ends it at once.
// (endpoint admits every initialize mcp-go reads as one; this is the net under that.)
func (s *sessions) adopt(id string, clients []string) {
	s.mu.Lock()
	var ended []string
	if _, known := s.byID[id]; !known {
		var why admission
		if ended, why = s.makeRoom(clients); why == sessionAdmitted {
			s.byID[id] = s.push(&tracked{id: id, clients: clients, last: s.now()})
		} else {
			ended = append(ended, id)
		}
	}
	s.mu.Unlock()
	s.endAll(ended)
}

// enter marks a request of session id in progress, admitting the ID when it is new, counted
// under clients (clientKeys); why says why a new one was not admitted (see admit). Call leave
// when it is done. A
// stream (a GET that waits for the server's messages) keeps its session active but not busy:
// one open stream per session would otherwise let anyone who can open sessions hold every
// place at the cap for as long as they keep the connections open.
func (s *sessions) enter(id string, stream bool, clients []string) (e *list.Element, why admission) {
	busy := 1
	if stream {
		busy = 0
	}
	s.mu.Lock()
	var ended []string
	var known bool
	if e, known = s.byID[id]; known {
		t := e.Value.(*tracked)
		t.busy += busy
		t.last = s.now()
		s.lru.MoveToFront(e)
	} else if ended, why = s.makeRoom(clients); why == sessionAdmitted {
		e = s.push(&tracked{id: id, clients: clients, last: s.now(), busy: busy})
		s.byID[id] = e
	}
	s.mu.Unlock()
	s.endAll(ended)
	return e, why
}

// leave ends a request of a session (stream as given to enter); closed forgets the session
// (the client deleted it) and ends its open GET streams.
func (s *sessions) leave(e *list.Element, stream, closed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := e.Value.(*tracked)
	if !stream {
		t.busy--
	}
	t.last = s.now()
	if closed {
		for end := range t.streams {
			(*end)()
		}
	}
	if closed && t.busy == 0 {
		if s.byID[t.id] == e {
			delete(s.byID, t.id)
			s.remove(e)
		}
		return
	}
	if s.byID[t.id] == e {
		s.lru.MoveToFront(e)
	}
}

// sweep ends the sessions idle for longer than the TTL.
func (s *sessions) sweep() {
	s.mu.Lock()
	ended := s.expire()
	s.mu.Unlock()
	s.endAll(ended)
}

// run sweeps every half TTL (at least every minute) until ctx ends.
func (s *sessions) run(ctx context.Context) {
	tick := time.NewTicker(min(max(s.ttl/2, time.Second), time.Minute))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.sweep()
		}
	}
}

// makeRoom drops expired sessions; then, for each of clients (clientKeys) at its share, that
// client's idle sessions from the least recently active end until one more fits its share;
// then anyone's idle ones until one more fits the cap. It returns the IDs to end, and why one
// more does not fit. Callers hold mu.
func (s *sessions) makeRoom(clients []string) (ended []string, why admission) {
	ended = s.expire()
	for _, k := range clients {
		for e := s.lru.Back(); e != nil && s.byClient[k] >= s.perClient; {
			prev := e.Prev()
			if t := e.Value.(*tracked); t.busy == 0 && slices.Contains(t.clients, k) {
				ended = append(ended, s.forget(e))
			}
			e = prev
		}
		if s.byClient[k] >= s.perClient {
			return ended, refusedClientBusy
		}
	}
	for e := s.lru.Back(); e != nil && s.lru.Len() >= s.max; {
		prev := e.Prev()
		if t := e.Value.(*tracked); t.busy == 0 {
			ended = append(ended, s.forget(e))
		}
		e = prev
	}
	if s.lru.Len() >= s.max {
		return ended, refusedBusy
	}
	return ended, sessionAdmitted
}

// expire drops the idle sessions last active before the TTL. Callers hold mu.
func (s *sessions) expire() (ended []string) {
	deadline := s.now().Add(-s.ttl)
	for e := s.lru.Back(); e != nil; {
		prev := e.Prev()
		t := e.Value.(*tracked)
		if t.last.After(deadline) {
			break // the list is in order of last activity: the rest are more recent
		}
		if t.busy == 0 {
			ended = append(ended, s.forget(e))
		}
		e = prev
	}
	return ended
}

// stream registers end as the way to close e's open GET stream, ending the one open before it;
// the returned func unregisters it (call it when the stream ends). A session has one stream:
// its streams all read one notification queue, so a second only splits the first's messages
// and holds one more connection of the cap. The newer wins, as the older's client may be gone
// without the server knowing yet (behind a proxy): refusing the newer (409) would keep the
// session from its stream until then.
func (s *sessions) stream(e *list.Element, end context.CancelFunc) (done func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := e.Value.(*tracked)
	for older := range t.streams {
		(*older)()
		delete(t.streams, older)
	}
	if t.streams == nil {
		t.streams = map[*context.CancelFunc]struct{}{}
	}
	key := &end
	t.streams[key] = struct{}{}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(t.streams, key)
	}
}

// endStreams ends every session's GET stream (the server stops): a handler stuck writing to a
// client that does not read never sees its session close, and would hold the shutdown for the
// whole grace period; its connection is cut off as when its session ends otherwise.
func (s *sessions) endStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for e := s.lru.Front(); e != nil; e = e.Next() {
		for end := range e.Value.(*tracked).streams {
			(*end)()
		}
	}
}

func (s *sessions) forget(e *list.Element) string {
	t := e.Value.(*tracked)
	for end := range t.streams {
		(*end)()
	}
	s.remove(e)
	delete(s.byID, t.id)
	return t.id
}

func (s *sessions) endAll(ids []string) {
	for _, id := range ids {
		if id != "" {
			s.end(id)
		}
	}
}

// Session IDs are bound to the caller that opened the session: "mcp-session-", a UUID, ".", the
// elicitation modes the client declared in its initialize (one digit, see sessionModes), ".",
// and a tag, an HMAC of the UUID, the caller (a hash of the request's bearer token, as approvals
// use) and the modes under the server's session key. The modes travel in the ID because the
// session's state may be gone when a tool asks: ended to make room at the cap or after the TTL,
// or never held here (another replica issued the ID). Without them such a client, which can
// ask its user, would be sent an approval link, which passes through the agent. IDs without
// the modes (issued by an earlier version: "mcp-session-", UUID, ".", tag of the UUID and the
// caller) stay valid. A request is served in a session only when its
// own caller yields the same tag, so a session ID that leaks (mcp-go logs it, a proxy may too)
// lets no other caller act in the session or answer its questions, and an ID made up without
// the key is no session at all. The key is derived from SPICE_MCP_CONFIRM_KEY when it is set, so
// replicas that share it (as they must for approvals) check each other's IDs; else it is random
// per process, and a session lives on the replica that issued it.
//
// A session the client ends with DELETE is remembered as ended (404 "Session terminated", as
// the MCP specification requires) by the replica that received the DELETE, for the session TTL
// and at most as many as the session cap (the oldest forgotten first): the memory stays bounded
// whatever the rate of DELETEs, and only the session's own caller could bring a forgotten ID
// back. Other replicas keep no list: there the ID stays valid (IDs are not state they share).

// sessionIDs issues and checks session IDs, and remembers the ones ended with DELETE. It is
// mcp-go's session-ID manager resolver: per request, a manager bound to the request's caller.
type sessionIDs struct {
	key []byte
	max int
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	ended map[string]*list.Element // of endedID, in order of ending (front = oldest)
	order list.List
}

type endedID struct {
	id string
	at time.Time
}

// sessionKeyLabel separates the session key from the other uses of SPICE_MCP_CONFIRM_KEY.
const sessionKeyLabel = "spice-cloud-mcp session IDs"

// newSessionIDs makes the IDs of one server: key (shared by replicas) or, when empty, a random
// one; max ended IDs remembered, each for ttl.
func newSessionIDs(key []byte, max int, ttl time.Duration) *sessionIDs {
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(sessionKeyLabel))
	return &sessionIDs{key: mac.Sum(nil), max: max, ttl: ttl, now: time.Now, ended: map[string]*list.Element{}}
}

// issue makes a session ID for caller, whose client declared no elicitation.
func (s *sessionIDs) issue(caller string) string { return s.issueModes(caller, noElicitation) }

// issueModes makes a session ID for caller whose client declared the elicitation modes m.
func (s *sessionIDs) issueModes(caller string, m sessionModes) string {
	u := uuid.NewString()
	return sessionPrefix + u + "." + string(m) + "." + s.modesTag(u, caller, m)
}

const sessionPrefix = "mcp-session-"

// tag is the tag of an ID without modes (issued by an earlier version).
func (s *sessionIDs) tag(uuid, caller string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(uuid + "\x00" + caller))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// modesTag is the tag of an ID with modes (no caller holds a NUL: the inputs of the two tags
// never coincide).
func (s *sessionIDs) modesTag(uuid, caller string, m sessionModes) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(uuid + "\x00" + caller + "\x00" + string(m)))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// valid reports whether id is a session this server (or a replica sharing its key) issued to
// caller.
func (s *sessionIDs) valid(id, caller string) bool {
	rest, ok := strings.CutPrefix(id, sessionPrefix)
	u, tag, dot := strings.Cut(rest, ".")
	if !ok || !dot || !canonicalUUID(u) {
		return false
	}
	want := ""
	if m, modesTag, withModes := strings.Cut(tag, "."); withModes {
		if !sessionModes(m).known() {
			return false
		}
		tag, want = modesTag, s.modesTag(u, caller, sessionModes(m))
	} else {
		want = s.tag(u, caller)
	}
	return httpsafe.SameSecret(tag, want)
}

// sessionModes is the elicitation a 2025-era client declared in its initialize, as it travels in
// its session ID: one digit, 1 for form mode plus 2 for URL mode.
type sessionModes string

const noElicitation sessionModes = "0"

func (m sessionModes) known() bool { return len(m) == 1 && '0' <= m[0] && m[0] <= '3' }

// modesOf encodes the elicitation capability c as clientElicitation reads it.
func modesOf(c *mcp.ElicitationCapability) sessionModes {
	form, url := elicitationModes(c)
	n := 0
	if form {
		n++
	}
	if url {
		n += 2
	}
	return sessionModes(string(rune('0' + n)))
}

// initializeModes reads the elicitation modes an initialize request declares, as mcp-go reads
// its capabilities; ok is false when they cannot be read.
func initializeModes(body []byte) (m sessionModes, ok bool) {
	var req struct {
		Params struct {
			Capabilities mcp.ClientCapabilities `json:"capabilities"`
		} `json:"params"`
	}
	if len(body) == 0 || json.Unmarshal(body, &req) != nil {
		return "", false
	}
	return modesOf(req.Params.Capabilities.Elicitation), true
}

// sessionElicitation reads the elicitation modes a session ID carries (checked by the endpoint
// before any request reaches a tool); known is false for an ID without them.
func sessionElicitation(id string) (form, url, known bool) {
	rest, ok := strings.CutPrefix(id, sessionPrefix)
	parts := strings.Split(rest, ".")
	if !ok || len(parts) != 3 || !sessionModes(parts[1]).known() {
		return false, false, false
	}
	n := parts[1][0] - '0'
	return n&1 != 0, n&2 != 0, true
}

// isEnded reports whether id was ended with DELETE here (and is still remembered).
func (s *sessionIDs) isEnded(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	_, ok := s.ended[id]
	return ok
}

// end remembers id as ended, forgetting the oldest ended IDs beyond the bound.
func (s *sessionIDs) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	if _, ok := s.ended[id]; ok || id == "" {
		return
	}
	for s.order.Len() >= s.max {
		s.forget(s.order.Front())
	}
	s.ended[id] = s.order.PushBack(endedID{id: id, at: s.now()})
}

// endedCount is the number of ended IDs remembered.
func (s *sessionIDs) endedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}

// expire forgets the IDs ended longer than the TTL ago. Callers hold mu.
func (s *sessionIDs) expire() {
	deadline := s.now().Add(-s.ttl)
	for e := s.order.Front(); e != nil && !e.Value.(endedID).at.After(deadline); e = s.order.Front() {
		s.forget(e)
	}
}

func (s *sessionIDs) forget(e *list.Element) {
	delete(s.ended, e.Value.(endedID).id)
	s.order.Remove(e)
}

// canonicalUUID reports whether u is a UUID in its canonical 36-character text.
func canonicalUUID(u string) bool {
	if len(u) != 36 {
		return false
	}
	for i := range len(u) {
		c := u[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// ResolveSessionIdManager is mcp-go's session-ID manager for a request: it issues IDs bound to
// the request's caller and accepts only those (see sessionIDs).
func (s *sessionIDs) ResolveSessionIdManager(r *http.Request) server.SessionIdManager {
	if r == nil {
		return boundSessionIDs{ids: s, internal: true}
	}
	_, internal := r.Context().Value(internalEndKey{}).(bool)
	held, _ := r.Context().Value(heldBodyKey{}).(*heldBody)
	return boundSessionIDs{ids: s, caller: callerOf(bearerToken(r)), internal: internal, body: held}
}

// internalEndKey marks the DELETE this server sends itself to end a session (endThrough).
type internalEndKey struct{}

// boundSessionIDs is a request's session-ID manager. internal is the server's own ending of a
// session (at the cap, after the TTL, at shutdown): that frees the session's state here but
// does not end the ID, whose client is served as before; only a client's DELETE does.
type boundSessionIDs struct {
	ids      *sessionIDs
	caller   string
	internal bool
	body     *heldBody // the request's body as read (limits.go); nil: not read
}

// Generate issues the ID of the session an initialize opens, with the elicitation modes its
// client declared; when they cannot be read, an ID without them (the session's own record of
// the capabilities then counts, while it is held).
func (b boundSessionIDs) Generate() string {
	if b.body != nil {
		if m, ok := initializeModes(b.body.body); ok {
			return b.ids.issueModes(b.caller, m)
		}
	}
	u := uuid.NewString()
	return sessionPrefix + u + "." + b.ids.tag(u, b.caller)
}

func (b boundSessionIDs) Validate(id string) (isTerminated bool, err error) {
	if b.internal {
		return false, nil
	}
	if !b.ids.valid(id, b.caller) {
		return false, errForeignSession
	}
	return b.ids.isEnded(id), nil
}

func (b boundSessionIDs) Terminate(id string) (isNotAllowed bool, err error) {
	if !b.internal && b.ids.valid(id, b.caller) {
		b.ids.end(id)
	}
	return false, nil
}

var errForeignSession = errors.New(present.InvalidSessionID)

// discardResponse is the ResponseWriter of a DELETE sent on the server's own behalf.
type discardResponse struct{ header http.Header }

func (d discardResponse) Header() http.Header         { return d.header }
func (d discardResponse) Write(p []byte) (int, error) { return len(p), nil }
func (d discardResponse) WriteHeader(int)             {}
