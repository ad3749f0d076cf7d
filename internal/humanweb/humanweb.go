// Package humanweb is the human channel's web surface: one-time pages on which a person
// approves or declines a destructive action, or types secret values, outside the conversation
// with the model. Tools ask for a page (Surface.Approval, Surface.Secrets); the link goes to the
// person (in a tool result the agent shows, or in a URL-mode elicitation the client opens); the
// person's answer comes back to this process only.
//
// Where it is served: over stdio, on a loopback listener on a random port, started on first
// need (so cold start is unchanged); over --http, under the MCP server's own listener at
// Prefix (mcpserver mounts Handler), reached by the browser without the MCP bearer token or
// the shared secret: the unguessable one-time URL is the capability.
//
// # Contract of the pages (for tests that drive them, e.g. in a browser)
//
// URLs: BASE + Prefix + ID, where ID is 43 characters of unpadded base64url (256 random
// bits). A tool result that needs the person shows the URL on a line of its own; URLPattern
// finds it. Nothing but GET (and HEAD) and POST on such a URL is served; no query parameters are needed.
//
// GET shows the page. Every page has a p#outcome whose data-outcome attribute says where the
// link stands:
//
//	pending   an approval or secret form waiting for the person
//	approved  the person approved; the agent's next identical call performs the action once
//	declined  the person declined (approval) or chose to store nothing (secrets)
//	stored    every secret value was stored
//	failed    storing stopped at a secret the API refused (p#outcome names it; earlier ones are stored)
//	used      the link was already answered
//	expired   the link expired before anyone answered; nothing was changed
//	withdrawn a secret form whose call ended (cancelled, out of time, input closed) before values
//	          were entered (Surface.Withdraw); nothing was stored, and an answer is refused (410);
//	          or an approval or secret form whose caller's MCP session ended (Surface.WithdrawCaller)
//	unknown   no such link in this process (never issued, used and forgotten, or issued by another replica)
//	refused   the request was refused (foreign origin, wrong token, bad form)
//
// An approval page has h1#title, p#action (what will happen), ul#effects (li per further
// fact: app, secrets, keys), p#expires, and form#approval (method POST, action the same URL)
// with a hidden input[name=token], button#approve (name=decision value=approve) and
// button#decline (name=decision value=decline).
//
// A secret page has h1#title, p#action, ul#names (li per secret name), ul#effects (li per further
// fact, only when there is one: what was odd in the API's answers), p#expires and
// form#secrets with a hidden input[name=token], one textarea#secret-NAME (name=secret-NAME,
// masked by -webkit-text-security, so a multi-line value such as a PEM key keeps its line
// breaks) per secret, button#store (name=decision value=store) and button#cancel
// (name=decision value=cancel). Every field is required; a missing one re-shows the form
// (status 400, data-outcome pending) without any value the person typed, and so does a value
// SecretForm.Check refuses (status 413, p#toolong naming the field and the rule). A value is
// stored as the field holds it: the CR LF line breaks a browser sends are stored as LF.
//
// POST takes application/x-www-form-urlencoded with the page's token and answers 200 with the
// outcome page. Refusals: 403 foreign Origin (without Origin, a foreign Referer) or
// Sec-Fetch-Site cross-site, Origin null without
// Sec-Fetch-Site same-origin (each Origin and Sec-Fetch-Site header counts), or a wrong token;
// 404 unknown link; 409 already answered; 410 expired or withdrawn; 405 another method; 413 a body over
// what the link's form carries (64 KiB for an approval or an unknown link; for a secret form
// 64 KiB plus, per field, three times MaxValueBytes: every value at its limit, URL-encoded),
// refused before it is read when Content-Length says so; 415 another content type; 421 (own
// listener only) a Host that is neither loopback nor the one IP address the listener binds
// (never a name: DNS rebinding).
//
// Every response carries Content-Security-Policy (default-src 'none'; the page's one inline
// style by hash; form-action 'self'; frame-ancestors 'none'; base-uri 'none'),
// Cache-Control: no-store, X-Frame-Options: DENY, Referrer-Policy: same-origin,
// X-Content-Type-Options: nosniff and Cross-Origin-Opener-Policy/Resource-Policy same-origin;
// never a cookie or an Access-Control-* header. No page loads anything else and none uses
// JavaScript. No response ever contains a value typed into a secret field.
//
// Expiry: Options.TTL (default 10 minutes); Options.Now replaces the clock, so a test can let
// a link expire without waiting. Options.Random makes IDs and tokens deterministic (goldens).
//
// Limits: each caller (Approval.Caller, SecretForm.Caller: a hash of the HTTP bearer token,
// "" over stdio) may have Options.MaxOpenPerCaller links waiting for an answer (default 32);
// beyond that its requests fail with ErrTooMany, and no other caller's. The process keeps at
// most Options.MaxOpen links in all (default 256); at that bound a new link replaces one of
// the caller holding the most, whose page then says the link is unknown (the agent's next call
// opens a new one). A link being stored, or a secret form a call is waiting on, is never
// replaced.
package humanweb

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
)

// Prefix is the path under which the pages are served.
const Prefix = "/human/"

// DefaultTTL is how long a link stays valid when Options.TTL is zero.
const DefaultTTL = 10 * time.Minute

// URLPattern matches a page's URL in a tool result (compiled on first use: the server itself
// never needs it).
var URLPattern = lazyregexp.New(`https?://[^\s<>()"'` + "`" + `]+` + Prefix + `[A-Za-z0-9_-]{43}`)

// DefaultMaxOpen and DefaultMaxOpenPerCaller are Options.MaxOpen and MaxOpenPerCaller when zero.
const (
	DefaultMaxOpen          = 256
	DefaultMaxOpenPerCaller = 32
)

// Options configures a Surface. The zero value serves on a loopback listener on a random port,
// started on first need.
type Options struct {
	// Mounted: the caller serves Handler under Prefix on its own listener (--http); no
	// listener is started here.
	Mounted bool
	// Listen is the loopback listener's address (default 127.0.0.1:0, a random port).
	Listen string
	// PublicURL is the base of every link ("http://127.0.0.1:8788"). Default: the loopback
	// listener's address; mounted, the scheme and Host of the MCP request (WithRequestBase).
	PublicURL string
	// TTL is how long a link stays valid (default DefaultTTL).
	TTL time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Random is the source of IDs and tokens (default crypto/rand).
	Random io.Reader
	// Logger receives one line per answer or refusal; never an ID, a token or a value.
	Logger *slog.Logger
	// MaxOpen bounds the links kept at once (default 256): those waiting for an answer, and
	// answered or expired ones kept until the agent's next call or their page's expiry. At the
	// bound a new link replaces one of the caller holding the most links (its oldest expired,
	// then answered, then waiting one), so no caller can lock the others out.
	MaxOpen int
	// MaxOpenPerCaller bounds the links one caller (Approval.Caller, SecretForm.Caller) has
	// waiting for an answer (default 32, at most MaxOpen); a request beyond it fails with
	// ErrTooMany for that caller only.
	MaxOpenPerCaller int
	// Open shows a link to the person directly (their browser, started by this process), so
	// the link never passes through the agent; nil means tools show it in their result
	// instead. An error never does: the link is withdrawn and the call refused (Surface.Open).
	// See SystemBrowser.
	Open func(url string) error
	// Conns bounds the loopback listener's open connections: it wraps the listener and gives
	// the server's ConnState hook (mcpserver.PageConns, as --http bounds its own), logging its
	// refusals to the logger; nil bounds none. Mounted, the caller's listener bounds them.
	Conns func(net.Listener, *slog.Logger) (net.Listener, func(net.Conn, http.ConnState))
}

// Surface holds the open links and serves their pages.
type Surface struct {
	opts Options

	mu    sync.Mutex
	items map[string]*item // by ID (the capability)
	seq   uint64           // links opened so far (orders them, oldest first)
	refs  map[string]*item // by public reference (elicitation ID, request state)
	keys  map[string]*item // by binding key

	listenOnce sync.Once
	listener   net.Listener
	server     *http.Server
	base       string
	listenErr  error
	closed     bool
}

// New returns a Surface; nothing is started until a link is first needed.
func New(opts Options) *Surface {
	if opts.TTL <= 0 {
		opts.TTL = DefaultTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Random == nil {
		opts.Random = rand.Reader
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxOpen <= 0 {
		opts.MaxOpen = DefaultMaxOpen
	}
	if opts.MaxOpenPerCaller <= 0 {
		opts.MaxOpenPerCaller = DefaultMaxOpenPerCaller
	}
	opts.MaxOpenPerCaller = min(opts.MaxOpenPerCaller, opts.MaxOpen)
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	return &Surface{opts: opts, items: map[string]*item{}, refs: map[string]*item{}, keys: map[string]*item{}}
}

// TTL is how long a link stays valid.
func (s *Surface) TTL() time.Duration { return s.opts.TTL }

// Mounted reports whether the pages are served by the MCP server's own HTTP listener.
func (s *Surface) Mounted() bool { return s.opts.Mounted }

// Listening returns the loopback listener's base URL once it has started.
func (s *Surface) Listening() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base, s.listener != nil
}

// Close stops the loopback listener, if it was started, and forgets every open link; requests
// in progress get 2 s.
func (s *Surface) Close() error { return s.CloseAfterStores(nil) }

// CloseAfterStores is Close, except that values being stored are stored on (at most
// StoreTimeout) and their page answered before the listener's connections close, unless stop
// ends first (a signal): requests in progress then get 2 s from then.
func (s *Surface) CloseAfterStores(stop context.Context) error {
	s.mu.Lock()
	s.closed = true
	srv := s.server
	grace := 2 * time.Second
	for _, it := range s.items {
		if it.busy && stop != nil && stop.Err() == nil {
			grace = StoreTimeout + 2*time.Second
		}
		it.finish()
	}
	s.items, s.refs, s.keys = map[string]*item{}, map[string]*item{}, map[string]*item{}
	s.mu.Unlock()
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		if grace > 2*time.Second {
			// Why the process goes on after its input closed (and what tests wait for).
			s.opts.Logger.Info("page server closing: it waits for values entered on a page that are being stored", "at_most", StoreTimeout.String())
			defer context.AfterFunc(stop, func() { time.AfterFunc(2*time.Second, cancel) })()
		}
		return srv.Shutdown(ctx)
	}
	return nil
}

type baseKey struct{}

// WithRequestBase records the base URL an MCP request reached the server at, for links in
// mounted mode without a PublicURL.
func WithRequestBase(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, baseKey{}, strings.TrimRight(base, "/"))
}

// RequestBase is the scheme and Host a request reached the server at.
func RequestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// ErrNoBase: a mounted surface got a request without a base URL (no PublicURL, and the call did
// not come over HTTP).
var ErrNoBase = errors.New("no address for the page is known: set --http-public-url")

// ErrClosed: the surface was closed.
var ErrClosed = errors.New("the page server has stopped")

// ErrTooMany: the caller already has Options.MaxOpenPerCaller links waiting for an answer
// (the error returned says how many and what to do; errors.Is matches it).
var ErrTooMany = errors.New("too many approval and secret links of this caller are waiting for an answer")

// tooManyError is ErrTooMany with the limit.
type tooManyError struct{ limit int }

func (e tooManyError) Error() string {
	return fmt.Sprintf("you already have %d approval and secret links waiting for an answer, the most one caller may have; "+
		"answer some of yours or let them expire first", e.limit)
}

func (e tooManyError) Is(target error) bool { return target == ErrTooMany }

// ErrFull: every link the server may keep is storing values or awaited by a call
// (Options.MaxOpen), so none can make room for a new one.
var ErrFull = errors.New("the page server is waiting on or storing values from too many pages at once; try again in a minute")

// baseURL is where links point: the fixed PublicURL, the request's base (mounted), or the
// loopback listener, started now if it was not yet.
func (s *Surface) baseURL(ctx context.Context) (string, error) {
	if s.opts.PublicURL != "" && s.opts.Mounted {
		return s.opts.PublicURL, nil
	}
	if s.opts.Mounted {
		if base, _ := ctx.Value(baseKey{}).(string); base != "" {
			return base, nil
		}
		return "", ErrNoBase
	}
	s.listenOnce.Do(s.listen)
	if s.listenErr != nil {
		return "", s.listenErr
	}
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL, nil
	}
	return s.base, nil
}

// listen starts the loopback listener (once).
func (s *Surface) listen() {
	ln, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		s.listenErr = fmt.Errorf("cannot start the page server on %s: %w", s.opts.Listen, err)
		return
	}
	ln = httpsafe.LingerListener(ln) // a refusal that left its body unread closes lingering
	srv := &http.Server{
		Handler:           httpsafe.Linger(s.Handler()),
		ConnContext:       httpsafe.WithConn,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // storing secrets waits for the API
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	var served net.Listener = ln
	srv.ConnState = httpsafe.ConnState
	if s.opts.Conns != nil {
		var track func(net.Conn, http.ConnState)
		served, track = s.opts.Conns(ln, s.opts.Logger)
		srv.ConnState = func(c net.Conn, state http.ConnState) { httpsafe.ConnState(c, state); track(c, state) }
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ln.Close()
		s.listenErr = ErrClosed
		return
	}
	s.listener, s.server, s.base = ln, srv, "http://"+linkHost(ln.Addr())
	s.mu.Unlock()
	go func() { _ = srv.Serve(served) }()
	if IsLoopbackHost(ln.Addr().String()) {
		s.opts.Logger.Info("human page server started on loopback", "address", ln.Addr().String())
	} else {
		s.opts.Logger.Warn("human page server started beyond loopback: every interface or address it names can reach it",
			"address", ln.Addr().String())
	}
}

// OnLoopback reports whether the page listener is (or will be) on a loopback address.
func (s *Surface) OnLoopback() bool { return IsLoopbackHost(s.opts.Listen) }

// linkHost is the listener's address as links show it: an unspecified host (0.0.0.0, ::)
// becomes 127.0.0.1, where a container's published port is usually reached; any other address
// is shown as bound, and its page answers requests naming it (hostAllowed).
func linkHost(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// loopbackOnly reports whether Host headers must name a loopback host (or the listener's own
// address, hostAllowed): the listener is ours (DNS-rebinding protection). It holds on every
// address the listener binds: beyond loopback on every interface (0.0.0.0 in a container) the
// person still reaches it through a loopback address, the published port on the host's
// 127.0.0.1, which is what links show.
func (s *Surface) loopbackOnly() bool {
	return !s.opts.Mounted
}

// hostAllowed reports whether a Host header may reach the page listener: a loopback host, or
// the IP address the listener binds when that is one address beyond loopback (--human-listen
// 192.0.2.2:8788), which links then show. Never a name: a page that rebinds its own name to
// the listener's address (DNS rebinding) still sends that name.
func (s *Surface) hostAllowed(hostport string) bool {
	if httpsafe.LoopbackHost(hostport) {
		return true
	}
	s.mu.Lock()
	ln := s.listener
	s.mu.Unlock()
	if ln == nil {
		return false
	}
	bound, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return false
	}
	own, ok := netip.AddrFromSlice(bound.IP)
	if !ok || own.IsUnspecified() {
		return false
	}
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.Unmap() == own.Unmap()
}

// IsLoopbackHost reports whether a host or host:port names loopback (localhost, 127.0.0.0/8, ::1).
func IsLoopbackHost(hostport string) bool { return httpsafe.LoopbackHost(hostport) }

// randomID returns n random bytes as unpadded base64url.
func (s *Surface) randomID(n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.opts.Random, b); err != nil {
		return "", fmt.Errorf("no randomness for a link: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
