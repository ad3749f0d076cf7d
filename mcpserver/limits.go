package mcpserver

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// The limits of HTTP mode; a zero field of HTTPOptions means the default here.
const (
	// DefaultMaxBodyBytes is the largest request body read (1 MiB); MCP messages are a few KiB.
	DefaultMaxBodyBytes = 1 << 20
	// DefaultMaxSessions is how many 2025-era MCP sessions a replica keeps state for (about
	// 10 KiB of live heap each).
	DefaultMaxSessions = 1000
	// DefaultSessionIdleTTL is how long a session without requests is kept.
	DefaultSessionIdleTTL = 10 * time.Minute
	// DefaultReadTimeout bounds reading a request, headers and body.
	DefaultReadTimeout = 30 * time.Second
	// DefaultIdleTimeout bounds how long a keep-alive connection waits for its next request.
	// Above the 60 s after which AWS's load balancer and ingress-nginx drop an idle connection to
	// a backend: the balancer closes first, never sending a request on a connection the server is
	// closing (which it answers with a 502).
	DefaultIdleTimeout = 75 * time.Second
	// maxReadHeaderTimeout bounds reading the headers alone (less when the read timeout is).
	maxReadHeaderTimeout = 10 * time.Second
	// maxHeaderBytes bounds a request's line and headers (Go's default is 1 MiB, so a few hundred
	// connections that never finish their headers held over 128 MiB). 32 KiB carries the largest
	// legitimate set with room to spare: OAuth JWT bearer tokens are a few KiB, and Node's HTTP
	// server (the official TypeScript SDK's) takes at most 16 KiB. More gets 431 and the
	// connection closes.
	maxHeaderBytes = 32 << 10
	// DefaultMaxConnections bounds the connections open at once: each may hold up to
	// maxHeaderBytes while its headers arrive, and parsing them makes garbage faster than the
	// collector frees it under a soft limit. 600 connections sending headers in a loop peaked at
	// about 64 MB of resident memory with this cap (about 110 MB with 512), within the shipped
	// 128 Mi pod limit. At the cap a new connection replaces an idle or unfinished one
	// (connLimit) or, that failing and unless it is a stream itself, the oldest GET stream; it
	// gets 503 when every one has a request in progress.
	DefaultMaxConnections = 256
	// MaxMaxConnections is the largest --http-max-connections accepted: each connection holds a
	// file descriptor and up to about 36 KiB while its headers arrive, so 65,536 of them may
	// hold over 2 GiB; a larger cap bounds nothing.
	MaxMaxConnections = 1 << 16
	// MaxPageConnections bounds the connections open at once to the stdio page listener
	// (--human-listen): a person's browser needs a few, and a local process holding idle ones
	// would otherwise hold a file descriptor each (PageConns).
	MaxPageConnections = 64
	// sessionRetryAfter is the Retry-After of a refused session (503).
	sessionRetryAfter = 5 * time.Second
)

// DefaultSessionsPerClient is --http-max-sessions-per-client's default for a cap of
// maxSessions sessions: half of it (at least 1), as DefaultConnectionsPerAddress, and for the
// same reason: one client (an address, or a credential) that kept its sessions busy held the
// whole cap, and one that initialized in a loop ended everyone else's idle sessions.
func DefaultSessionsPerClient(maxSessions int) int { return max(maxSessions/2, 1) }

// DefaultConnectionsPerAddress is --http-max-connections-per-address's default for a cap of
// maxConns connections: half of it (at least 1). Requests in progress are never closed to make
// room, so one address that kept the whole cap busy (bodies sent a byte at a time, on any path,
// for up to the read timeout each) got every other client 503; with half, the other half stays
// for everyone else. An IPv6 address counts by its /64, which one host usually holds whole.
// Behind a proxy every client shares its address: the operator sets it to the cap there.
func DefaultConnectionsPerAddress(maxConns int) int { return max(maxConns/2, 1) }

// Response timeouts: none. A streamed (SSE) answer such as wait_for_deployment's progress may
// last as long as the tool runs, and the tools bound their own time; http.Server clears the
// read deadline once a request's body has been read, so ReadTimeout never cuts a response.

// withDefaults fills the zero limits of opts.
func (opts HTTPOptions) withDefaults() HTTPOptions {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxSessions <= 0 {
		opts.MaxSessions = DefaultMaxSessions
	}
	if opts.SessionIdleTTL <= 0 {
		opts.SessionIdleTTL = DefaultSessionIdleTTL
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = DefaultReadTimeout
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = DefaultMaxConnections
	}
	if opts.MaxSessionsPerClient <= 0 || opts.MaxSessionsPerClient > opts.MaxSessions {
		opts.MaxSessionsPerClient = opts.MaxSessions // no share of its own
	}
	if opts.MaxConnectionsPerAddress <= 0 || opts.MaxConnectionsPerAddress > opts.MaxConnections {
		opts.MaxConnectionsPerAddress = opts.MaxConnections // no share of its own
	}
	if opts.ShutdownGrace <= 0 {
		opts.ShutdownGrace = DefaultShutdownGrace
	}
	return opts
}

// readHeaderTimeout is how long a request's headers may take to arrive.
func readHeaderTimeout(opts HTTPOptions) time.Duration {
	return min(maxReadHeaderTimeout, opts.ReadTimeout)
}

// newHTTPServer is the listener's http.Server: bounded reads and connections (conns), no
// response deadline. It logs what the configuration risks and CheckHTTP lets through (warnHTTP).
func newHTTPServer(handler http.Handler, opts HTTPOptions) (srv *http.Server, conns *connLimit) {
	warnHTTP(opts)
	conns = newConnLimit(opts.MaxConnections)
	conns.perAddress, conns.logger = opts.MaxConnectionsPerAddress, refusalLogger(opts.Logger)
	return &http.Server{
		ConnState:         func(c net.Conn, state http.ConnState) { httpsafe.ConnState(c, state); conns.track(c, state) },
		ConnContext:       withConn,
		Handler:           httpsafe.Linger(conns.admitting(handler)), // a refusal's lingering close (httpsafe)
		ReadHeaderTimeout: readHeaderTimeout(opts),
		ReadTimeout:       opts.ReadTimeout,
		IdleTimeout:       opts.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(io.Discard, "", 0),
	}, conns
}

// PageConns bounds the stdio page listener's connections (humanweb.Options.Conns) as --http
// bounds its own, at MaxPageConnections: a new one over the cap replaces an idle or silent
// one (connLimit), and is refused only when every one has a request in progress, which logger
// logs once per burst (refusalLogger).
func PageConns(ln net.Listener, logger *slog.Logger) (net.Listener, func(net.Conn, http.ConnState)) {
	l := newConnLimit(MaxPageConnections)
	l.logger, l.page = refusalLogger(logger), true
	return readMarkingListener{Listener: ln}, l.track
}

// warnHTTP logs the risks of a configuration CheckHTTP accepts: the server's own credentials on
// loopback without a shared secret, which every local user of the host can reach (beyond
// loopback CheckHTTP refuses it; on loopback it is the documented single-user setup).
func warnHTTP(opts HTTPOptions) {
	if opts.Logger == nil || !opts.ServerCredentials || opts.AuthToken != "" {
		return
	}
	if addr, err := loopbackByDefault(opts.Addr); err == nil && httpsafe.LoopbackHost(addr) {
		opts.Logger.Warn(present.LoopbackServerTokenWarning, "addr", addr)
	}
}

// connLimit bounds the server's open connections without letting anyone lock others out: a new
// connection over the cap closes the least recently used idle keep-alive connection (its client
// only reconnects), else the oldest that has sent nothing, else the one that began sending its
// unfinished request's headers first (what a slowloris holds). When only GET streams could make
// room, the new connection waits, uncounted, for its request (at most waitingMax of them): a
// stream is refused (503), so streams never displace each other in a loop as their clients
// reopen them; any other request closes the stream open the longest (displaceStream: it only
// waits for the server's messages, and is told to reopen). Only when every counted connection
// has a request in progress is the new one refused (503). The listener's connections
// (readMarkingListener) tell sending from silent, and streams mark theirs (streamingConn).
//
// One client address (addressOf) but a loopback one holds at most perAddress counted
// connections: beyond it, its new connection makes room among its own connections alone, as
// above, and is refused (429) when all of its own are busy, so no address can hold the whole cap
// with requests in progress.
type connLimit struct {
	max int
	// logger logs the refusals (refusalLogger: once per burst) naming the flag of its limit,
	// which the refusal's body leaves to the operator (present.TooManyConnections); page: the
	// stdio page listener's, whose limit has no flag.
	logger *slog.Logger
	page   bool
	// perAddress bounds the counted connections of one address (max: no bound of its own).
	perAddress int
	mu         sync.Mutex
	seq        uint64
	conns      map[net.Conn]*connEntry
	// waiting is the number of connections in conns that wait for their request (connEntry.waiting).
	waiting int
	// byAddress is the number of counted connections of each address.
	byAddress map[string]int
	// loopbackShares gives loopback addresses a share of their own too (tests, which play
	// several client addresses on 127/8).
	loopbackShares bool
}

// connEntry is a counted connection: its state and when it entered it (a sequence number).
type connEntry struct {
	state http.ConnState
	since uint64
	// waiting: it came over the cap when only streams could make room, and is not counted
	// against it until its request shows whether it is a stream (settle).
	waiting bool
	// addr is its client's address (addressOf); ownOnly: it waits because its address is at
	// perAddress, so only its address's streams may make room.
	addr    string
	ownOnly bool
}

func newConnLimit(max int) *connLimit {
	// The map grows with the connections actually open: a size hint of a large cap reserved its
	// memory at start-up (hundreds of MB for 10,000,000).
	return &connLimit{max: max, perAddress: max, conns: make(map[net.Conn]*connEntry, min(max, 1024)+1),
		byAddress: map[string]int{}}
}

// addressOf is the client address c counts against perAddress under: its IP, and for IPv6 its
// /64 (a host, or a home network, usually holds a whole /64, so counting full addresses would
// bound nothing).
func addressOf(c net.Conn) string {
	a, ok := c.RemoteAddr().(*net.TCPAddr)
	if !ok {
		return c.RemoteAddr().String()
	}
	return addressOfIP(a.IP)
}

func addressOfIP(ip net.IP) string {
	if ip4 := ip.To4(); ip4 != nil {
		return ip4.String()
	}
	if ip.IsLoopback() {
		return ip.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// addressOfRemote is addressOf for a request's RemoteAddr ("" when it names no IP address), and
// whether it is a loopback address.
func addressOfRemote(remote string) (addr string, loopback bool) {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return "", false
	}
	return addressOfIP(ip), ip.IsLoopback()
}

// waitingMax is how many connections may wait beyond the cap for their request (a sixteenth of
// it, 1 to 64): each holds up to maxHeaderBytes until its headers arrive or time out.
func (l *connLimit) waitingMax() int { return min(max(l.max/16, 1), 64) }

// readMarkingListener hands http.Server connections that note when bytes arrive (markedConn):
// http.Server reports a keep-alive connection idle until the next request's headers are all
// read, so connLimit tells one part-way through sending it from one that sends nothing.
type readMarkingListener struct {
	net.Listener
	// refusals logs what net/http refuses before a handler runs (nil: nothing).
	refusals *connRefusals
}

func (l readMarkingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &markedConn{Conn: c, refusals: l.refusals}, nil
}

// markedConn is an accepted connection that notes when bytes first arrived since connLimit last
// cleared the mark (when the connection went idle): an atomic load per Read, a store only on
// the first Read that returns bytes.
type markedConn struct {
	net.Conn
	// sending is when the connection began sending what has not yet made a request (a
	// monotonic stamp, sinceStart), 0 when nothing has arrived.
	sending atomic.Int64
	// streaming is set while the connection serves a GET stream.
	streaming atomic.Bool
	// refusal is connLimit's answer to it (refuseUnread), written by Read once the client's
	// request has begun to arrive; net/http's reads then end, so it closes the connection,
	// lingering.
	refusal atomic.Pointer[string]
	// stopStream ends the GET stream it serves (streamingConn); displaced is set when connLimit
	// closes the stream for another request.
	stopStream atomic.Pointer[context.CancelFunc]
	displaced  atomic.Bool
	// refusals logs net/http's own refusals on it (connRefusals), nil for none; phase is where
	// its current request is (phaseReading…), served whether a handler ever ran on it, opened
	// whether its first bytes arrived, stalled whether its headers did not arrive in time.
	refusals *connRefusals
	phase    atomic.Int32
	served   atomic.Bool
	opened   atomic.Bool
	stalled  atomic.Bool
}

// connKey is the context key of the connection a request arrived on (withConn).
type connKey struct{}

// withConn is http.Server's ConnContext: a request's context carries its connection, so a GET
// stream can mark it (streamingConn).
func withConn(ctx context.Context, c net.Conn) context.Context {
	return httpsafe.WithConn(context.WithValue(ctx, connKey{}, c), c)
}

// streamingConn marks the connection of ctx's request as serving a GET stream, which stop ends,
// until done is called: at the cap, connLimit may close it for another request. Then done tells
// the client, on w, when to open the stream again (an SSE retry field) and why (a comment), and
// closes the connection.
func streamingConn(ctx context.Context, w http.ResponseWriter, stop context.CancelFunc) (done func()) {
	m, ok := ctx.Value(connKey{}).(*markedConn)
	if !ok {
		return func() {}
	}
	m.stopStream.Store(&stop)
	m.streaming.Store(true)
	return func() {
		m.streaming.Store(false)
		m.stopStream.Store(nil)
		if !m.displaced.Load() {
			return
		}
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = io.WriteString(w, ": "+present.StreamDisplaced(sessionRetryAfter)+"\nretry: "+
			strconv.FormatInt(sessionRetryAfter.Milliseconds(), 10)+"\n\n")
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		_ = m.Conn.Close()
	}
}

// streamCutOff is how long a GET stream that was ended (its session ended, or a newer stream of
// the session replaced it) has to return before its connection is closed.
const streamCutOff = time.Second

// cutOffStuck wraps stop, which ends the GET stream of ctx's request: end stops it and, should
// its handler not have returned (served) within streamCutOff, closes the connection. A handler
// stuck writing to a client that does not read never sees its context end, and would hold its
// connection, counted against the cap, until the client left.
func cutOffStuck(ctx context.Context, stop context.CancelFunc) (end context.CancelFunc, served func()) {
	c, _ := ctx.Value(connKey{}).(net.Conn)
	var mu sync.Mutex
	var timer *time.Timer
	returned := false
	end = func() {
		stop()
		mu.Lock()
		defer mu.Unlock()
		if c != nil && !returned && timer == nil {
			timer = time.AfterFunc(streamCutOff, func() { _ = c.Close() })
		}
	}
	served = func() {
		mu.Lock()
		defer mu.Unlock()
		returned = true
		if timer != nil {
			timer.Stop()
		}
	}
	return end, served
}

// isStreaming reports whether c serves a GET stream.
func isStreaming(c net.Conn) bool {
	m, ok := c.(*markedConn)
	return ok && m.streaming.Load()
}

// displaceStream ends the GET stream c serves, whose handler then tells its client to reopen it
// and closes the connection (streamingConn); a handler stuck writing to a client that does not
// read is cut off a second later.
func displaceStream(c net.Conn) {
	m, ok := c.(*markedConn)
	if !ok {
		_ = c.Close()
		return
	}
	m.displaced.Store(true)
	if stop := m.stopStream.Load(); stop != nil {
		(*stop)()
	} else {
		_ = c.Close()
		return
	}
	time.AfterFunc(time.Second, func() { _ = c.Close() })
}

func (c *markedConn) Read(p []byte) (int, error) {
	if answer := c.refusal.Load(); answer != nil {
		if answer != &refusalWritten {
			c.refusal.Store(&refusalWritten)
			c.answerRefusal(*answer)
		}
		return 0, io.EOF // answered unread (connLimit.refuseUnread): closed lingering
	}
	n, err := c.Conn.Read(p)
	if n > 0 && c.sending.Load() == 0 {
		c.sending.Store(sinceStart())
	}
	if c.refusals != nil {
		if n > 0 && !c.opened.Swap(true) && c.refusals.foreignOpening(c, p[:n]) {
			return 0, io.EOF // answered: net/http closes it, having read nothing
		}
		if err != nil {
			c.refusals.readFailed(c, err)
		}
	}
	return n, err
}

// refusalWritten marks a refusal already written (markedConn.refusal).
var refusalWritten string

// refusalWait bounds how long a refused connection waits for its request to begin before it is
// answered anyway.
const refusalWait = time.Second

// answerRefusal writes connLimit's refusal once the client's request has begun to arrive (or
// refusalWait passed): an answer written before the request would reach a client that has not
// sent it yet, and Go's client, for one, drops such an answer as unsolicited and reports its
// own failed write instead.
func (c *markedConn) answerRefusal(answer string) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(refusalWait))
	var first [1]byte
	_, _ = c.Conn.Read(first[:])
	_ = c.Conn.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = io.WriteString(c.Conn, answer)
}

// NetConn is the connection it wraps (httpsafe.WithConn finds its lingering close there).
func (c *markedConn) NetConn() net.Conn { return c.Conn }

var processStart = time.Now()

// sinceStart is a monotonic stamp, never 0.
func sinceStart() int64 { return int64(time.Since(processStart)) + 1 }

// sendingSince is when c began sending an unfinished request, 0 when it sends nothing.
func sendingSince(c net.Conn) int64 {
	if m, ok := c.(*markedConn); ok {
		return m.sending.Load()
	}
	return 0
}

// counted is how many connections count against the cap.
func (l *connLimit) counted() int { return len(l.conns) - l.waiting }

// forgetLocked stops counting c.
func (l *connLimit) forgetLocked(c net.Conn) {
	if e, ok := l.conns[c]; ok {
		if e.waiting {
			l.waiting--
		} else {
			l.uncountAddressLocked(e.addr)
		}
		delete(l.conns, c)
	}
}

// countLocked counts c, whose entry is e, against the cap and its address's share.
func (l *connLimit) countLocked(c net.Conn, e *connEntry) {
	l.conns[c] = e
	e.waiting, e.ownOnly = false, false
	l.byAddress[e.addr]++
}

// overShareLocked reports whether addr holds more counted connections than its share (never
// when the share is the whole cap, nor for this machine's own addresses).
func (l *connLimit) overShareLocked(addr string) bool {
	return l.perAddress < l.max && l.byAddress[addr] > l.perAddress && (l.loopbackShares || !loopbackAddress(addr))
}

// loopbackAddress reports whether addr (addressOf) is this machine's: its users, or a proxy on
// it (a sidecar) passing on every client, whom a share of their own would only hold back.
func loopbackAddress(addr string) bool {
	ip := net.ParseIP(addr)
	return ip != nil && ip.IsLoopback()
}

func (l *connLimit) uncountAddressLocked(addr string) {
	if l.byAddress[addr] <= 1 {
		delete(l.byAddress, addr)
	} else {
		l.byAddress[addr]--
	}
}

// waitLocked makes e, counted, wait for its request uncounted (ownOnly: for its address's
// share); it returns the waiting connection to close when more than waitingMax wait: the one
// waiting the longest, of its own address for ownOnly, else nil, and for ownOnly e's own
// connection when no other of its address waits.
func (l *connLimit) waitLocked(c net.Conn, e *connEntry, ownOnly bool) net.Conn {
	l.uncountAddressLocked(e.addr)
	e.waiting, e.ownOnly = true, ownOnly
	l.waiting++
	if l.waiting <= l.waitingMax() {
		return nil
	}
	if !ownOnly {
		return l.oldestWaitingLocked(c, "")
	}
	if older := l.oldestWaitingLocked(c, e.addr); older != nil {
		return older
	}
	return c
}

// track is the server's ConnState hook. http.Server reports a connection new from its accept
// loop, before the connection's goroutine reads anything, and active only once a request's
// headers are read (so new and idle cover a client still sending them). A closed connection
// leaves the count at once; it reports closed (or hijacked) later, which is then a no-op.
func (l *connLimit) track(c net.Conn, state http.ConnState) {
	l.mu.Lock()
	var victim net.Conn
	refused, refusedOwn := false, false
	switch state {
	case http.StateNew:
		l.seq++
		e := &connEntry{state: state, since: l.seq, addr: addressOf(c)}
		l.countLocked(c, e)
		// Its address's share first: it makes room among its own connections alone.
		own := ""
		if l.overShareLocked(e.addr) {
			own = e.addr
		}
		if own != "" || l.counted() > l.max {
			switch victim = l.victimLocked(c, own); {
			case victim != nil:
			case l.oldestStreamLocked(own) != nil:
				// Only a stream could make room: the request decides (settle).
				victim = l.waitLocked(c, e, own != "")
				refusedOwn = victim == c
				refused = refusedOwn
			default:
				refused, refusedOwn = true, own != ""
				victim = c
			}
			l.forgetLocked(victim)
		}
	case http.StateActive, http.StateIdle:
		if state == http.StateActive {
			requestRead(c)
		} else {
			connectionIdle(c)
		}
		// A connection already closed here is not counted again.
		if e, ok := l.conns[c]; ok {
			l.seq++
			e.state, e.since = state, l.seq
		}
		if m, ok := c.(*markedConn); ok && state == http.StateIdle {
			// What arrives from now on is the next request (the server reads nothing of it
			// before reporting idle, unless the client pipelined it).
			m.sending.Store(0)
		}
	case http.StateClosed, http.StateHijacked:
		l.forgetLocked(c)
	}
	l.mu.Unlock()
	if refused {
		l.refuseUnread(c, refusedOwn)
	} else if victim != nil {
		_ = victim.Close()
	}
}

// refuseUnread answers c's request, unread, with 503 and closes it; with 429 when its address
// holds its whole share (own).
func (l *connLimit) refuseUnread(c net.Conn, own bool) {
	status, text := "503 Service Unavailable", present.TooManyConnections(l.max, sessionRetryAfter)
	if own {
		status, text = "429 Too Many Requests", present.TooManyConnectionsFromAddress(l.perAddress, sessionRetryAfter)
	}
	l.logRefused(c.RemoteAddr().String(), own, false)
	answer := "HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\n" +
		"Connection: close\r\nRetry-After: " + strconv.Itoa(int(sessionRetryAfter.Seconds())) +
		"\r\nContent-Length: " + strconv.Itoa(len(text)) + "\r\n\r\n" + text
	if m, ok := c.(*markedConn); ok && httpsafe.Lingers(c) {
		// Answered and closed lingering by net/http's own goroutine (its first Read writes the
		// answer once the request begins, then reads end): a client still sending a body reads
		// the refusal, not a reset (httpsafe), and the accept loop this runs in does not wait.
		m.refusal.Store(&answer)
		httpsafe.MarkUnread(c)
		return
	}
	_ = c.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = io.WriteString(c, answer)
	_ = c.Close()
}

// logRefused logs a refusal at the cap of a client at remote (own: at its address's share;
// stream: a GET stream the streams and busy requests left no room for) naming the flag of the
// limit: the operator's to raise, so the log says it where the caller's answer does not. A share
// is the caller's own doing (info); the whole cap busy may be the operator's to act on (warn).
// The page listener's cap has no flag: a flood there is someone else's, and it says so.
func (l *connLimit) logRefused(remote string, own, stream bool) {
	switch {
	case l.logger == nil:
	case l.page:
		l.logger.Warn("human page server: connection refused: every connection has a request in progress (a flood, or a stuck client)",
			"status", http.StatusServiceUnavailable, "remote", remote, "max_connections", l.max)
	case own:
		l.logger.Info("connection refused: every connection of its client address's share has a request in progress",
			"status", http.StatusTooManyRequests, "remote", remote, "max_connections_per_address", l.perAddress, "flag", "--http-max-connections-per-address")
	case stream:
		l.logger.Warn("GET stream refused: streams and requests in progress hold every connection",
			"status", http.StatusServiceUnavailable, "remote", remote, "max_connections", l.max, "flag", "--http-max-connections")
	default:
		l.logger.Warn("connection refused: every connection has a request in progress",
			"status", http.StatusServiceUnavailable, "remote", remote, "max_connections", l.max, "flag", "--http-max-connections")
	}
}

// settle decides for a connection that waited beyond the cap or its address's share (track),
// once its request r is read: ok when r may be served (c counts from now on, having displaced
// the stream open the longest, of its own address for its share, if there is still no room),
// false when r is a GET stream, or nothing can make room.
func (l *connLimit) settle(c net.Conn, r *http.Request) bool {
	ok, _ := l.settleWhy(c, r)
	return ok
}

// settleWhy is settle, also saying whether a refusal is of the address's share (own).
func (l *connLimit) settleWhy(c net.Conn, r *http.Request) (ok, own bool) {
	l.mu.Lock()
	e, found := l.conns[c]
	if !found || !e.waiting {
		l.mu.Unlock()
		return true, false
	}
	own = e.ownOnly
	l.forgetLocked(c)
	if r.Method == http.MethodGet && r.URL.Path == mcpPath {
		l.mu.Unlock()
		return false, own
	}
	l.countLocked(c, e)
	var victim net.Conn
	stream := false
	of := ""
	if own = l.overShareLocked(e.addr); own {
		of = e.addr
	}
	if own || l.counted() > l.max {
		if victim = l.victimLocked(c, of); victim == nil {
			victim, stream = l.oldestStreamLocked(of), true
		}
		if victim == nil {
			l.forgetLocked(c)
			l.mu.Unlock()
			return false, own
		}
		l.forgetLocked(victim)
	}
	l.mu.Unlock()
	if stream {
		displaceStream(victim)
	} else if victim != nil {
		_ = victim.Close()
	}
	return true, false
}

// admitting serves next the requests of connections that settle admits, and refuses the others
// with 503 and Retry-After, closing the connection.
func (l *connLimit) admitting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := r.Context().Value(connKey{}).(net.Conn)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		handlerRuns(c)
		if admitted, own := l.settleWhy(c, r); !admitted {
			w.Header().Set("Retry-After", strconv.Itoa(int(sessionRetryAfter.Seconds())))
			l.logRefused(r.RemoteAddr, own, true)
			if own {
				refuse(w, http.StatusTooManyRequests, present.TooManyConnectionsFromAddress(l.perAddress, sessionRetryAfter))
				return
			}
			refuse(w, http.StatusServiceUnavailable, present.StreamsFillConnections(l.max, sessionRetryAfter))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// victimLocked is the connection a new one (except) replaces at the cap: the idle one idle the
// longest, else the oldest that has sent nothing since it opened, else the one that began
// sending its unfinished request first (a new connection still sending its first request's
// headers, or a keep-alive one part-way through its next, which http.Server still reports idle);
// nil when all have a request in progress or serve a GET stream. Connections waiting beyond the
// cap are not counted, so not replaced. A non-empty addr takes only connections of that address.
func (l *connLimit) victimLocked(except net.Conn, addr string) net.Conn {
	var idle, silent, sending net.Conn
	var idleSince, silentSince uint64
	var firstSending int64
	for c, e := range l.conns {
		if c == except || e.waiting || e.state != http.StateIdle && e.state != http.StateNew || addr != "" && e.addr != addr {
			continue
		}
		started := sendingSince(c)
		switch {
		case started != 0:
			if sending == nil || started < firstSending {
				sending, firstSending = c, started
			}
		case e.state == http.StateIdle:
			if idle == nil || e.since < idleSince {
				idle, idleSince = c, e.since
			}
		default:
			if silent == nil || e.since < silentSince {
				silent, silentSince = c, e.since
			}
		}
	}
	switch {
	case idle != nil:
		return idle
	case silent != nil:
		return silent
	}
	return sending
}

// oldestStreamLocked is the GET stream open the longest (of address addr, when not empty), nil
// when none is.
func (l *connLimit) oldestStreamLocked(addr string) net.Conn {
	var stream net.Conn
	var streamSince uint64
	for c, e := range l.conns {
		if e.waiting || addr != "" && e.addr != addr {
			continue
		}
		if e.state == http.StateActive && isStreaming(c) && (stream == nil || e.since < streamSince) {
			stream, streamSince = c, e.since
		}
	}
	return stream
}

// oldestWaitingLocked is the connection waiting beyond the cap the longest but except (of
// address addr, when not empty).
func (l *connLimit) oldestWaitingLocked(except net.Conn, addr string) net.Conn {
	var oldest net.Conn
	var oldestSince uint64
	for c, e := range l.conns {
		if c != except && e.waiting && (addr == "" || e.addr == addr) && (oldest == nil || e.since < oldestSince) {
			oldest, oldestSince = c, e.since
		}
	}
	return oldest
}

// limitBody bounds every request body of the listener. A Content-Length over max is refused
// with 413 before a byte of the body is read; a body without one (chunked) is read only up to
// max, and one more byte gets 413. Either way the connection is closed after the answer rather
// than drained. Bodies are read here, before the handler, on every path but /mcp, whose
// endpoint reads its own once the headers passed its checks. The human pages (humanweb.Prefix)
// bound their own bodies the same way, by what the link's form carries (one secret value as
// much as the API request that stores it, about 3.4 MiB however many names the form has), and
// read one POST per link at a time: a link's URL raises the limit, nothing else does.
func limitBody(next http.Handler, max int64, timeout time.Duration, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == mcpPath && r.Method == http.MethodPost {
			// The endpoint's readBody keeps the body here, where the session-ID manager reads an
			// initialize's capabilities (sessions.go).
			r = r.WithContext(context.WithValue(r.Context(), heldBodyKey{}, &heldBody{}))
		}
		if strings.HasPrefix(r.URL.Path, humanweb.Prefix) {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > max {
			refuseBody(w, r, logger, max, 0)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, max)
			if r.URL.Path != mcpPath {
				if _, ok := readBody(w, r, max, timeout, logger); !ok {
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// readBody reads the (already bounded) body into memory, so what follows never holds a
// half-read connection, and answers 413, 408 or 400 when it cannot. It returns the body, or
// ok false when it has answered.
func readBody(w http.ResponseWriter, r *http.Request, max int64, timeout time.Duration, logger *slog.Logger) (body []byte, ok bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, true
	}
	body, err := readAll(r.Body, r.ContentLength)
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		if held, ok := r.Context().Value(heldBodyKey{}).(*heldBody); ok {
			held.body = body
		}
		return body, true
	case errors.As(err, &tooLarge):
		refuseBody(w, r, logger, max, 0)
	case isTimeout(err):
		refuseBody(w, r, logger, 0, timeout)
	default:
		logRefusal(logger, r, http.StatusBadRequest, "request refused: its body broke off")
		refuse(w, http.StatusBadRequest, present.BodyUnreadable)
	}
	return nil, false
}

// refuseBody refuses a body over max (413), or one that did not arrive within timeout (408),
// and logs it naming the flag of the limit, which the body leaves to the operator
// (present.BodyTooLarge). The caller's doing: info.
func refuseBody(w http.ResponseWriter, r *http.Request, logger *slog.Logger, max int64, timeout time.Duration) {
	if timeout > 0 {
		logRefusal(logger, r, http.StatusRequestTimeout, "request refused: its body did not arrive in time",
			"read_timeout", timeout.String(), "flag", "--http-read-timeout")
		refuse(w, http.StatusRequestTimeout, present.BodyTimeout(timeout))
		return
	}
	logRefusal(logger, r, http.StatusRequestEntityTooLarge, "request refused: its body is over the limit",
		"max_body_bytes", max, "flag", "--http-max-body")
	refuse(w, http.StatusRequestEntityTooLarge, present.BodyTooLarge(max))
}

// heldBody is a POST to /mcp's body once read (readBody), for what reads it after mcp-go has
// (the session-ID manager, sessions.go).
type heldBody struct{ body []byte }

type heldBodyKey struct{}

// bodyChunk is the unit bodies of unknown length are read in. The chunks come from a pool and
// go back to it, so a body that turns out too large leaves no garbage behind (and a refused
// 100 MB upload costs at most one limit's worth of pooled chunks while it is read), and a body
// that fits is copied once into a slice of its exact size.
const bodyChunk = 32 << 10

var bodyChunks = sync.Pool{New: func() any { b := make([]byte, bodyChunk); return &b }}

// readAll reads r to its end; size is the Content-Length, or -1.
func readAll(r io.Reader, size int64) ([]byte, error) {
	if size >= 0 && size <= bodyChunk {
		body := make([]byte, size, size+1)
		if _, err := io.ReadFull(r, body); err != nil {
			return nil, err
		}
		// Read on to the end: MaxBytesReader reports a longer body only then.
		if n, err := r.Read(body[size : size+1]); n > 0 || (err != nil && err != io.EOF) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		return body, nil
	}
	var chunks []*[]byte
	defer func() {
		for _, c := range chunks {
			clear(*c) // a body may hold a secret value: none lingers in the pool
			bodyChunks.Put(c)
		}
	}()
	total := 0
	for {
		c := bodyChunks.Get().(*[]byte)
		chunks = append(chunks, c)
		n, err := io.ReadFull(r, *c)
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	body := make([]byte, 0, total)
	for _, c := range chunks {
		body = append(body, (*c)[:min(bodyChunk, total-len(body))]...)
	}
	return body, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// refuse answers a plain-text error and closes the connection: what the client sent next
// (the rest of a body) is not read.
func refuse(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Connection", "close")
	http.Error(w, text, status)
}
