package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Over stdio, mcp-go runs tool calls on a pool of workers fed by a queue (other requests each
// get a goroutine). Its defaults, 5 workers and 100 queued calls, let five slow calls (a
// wait_for_deployment, a slow API) hold up every other call, and a client that pipelines more
// than 100 calls gets each extra one served synchronously with an ERROR log line. 16 workers
// serve that many calls waiting on the API at once (each is a goroutine started with the
// server, so more cost start-up time); the queue holds 4,096 pipelined calls (32 KiB of
// pointers) before the read loop serves calls itself.
const (
	StdioWorkers = 16
	StdioQueue   = 4096
)

// ServeStdio serves JSON-RPC on in/out until in closes or ctx ends. Nothing else may write to out.
func ServeStdio(ctx context.Context, s *server.MCPServer, in io.Reader, out io.Writer, logger *slog.Logger) error {
	stdio := server.NewStdioServer(s)
	// Its lines are formatted by mcp-go (a recovered panic's value, an error): masked, messages too.
	stdio.SetErrorLogger(slog.NewLogLogger(logging.MaskMessages(logger.Handler()), slog.LevelError))
	server.WithWorkerPoolSize(StdioWorkers)(stdio)
	server.WithQueueSize(StdioQueue)(stdio)
	// Each call's progress is written before its result (progress.go).
	ledger := newProgressLedger()
	ledger.stdio = true
	// The server's questions are recorded as they go out, so that an answer holding text that
	// is not text fails its question and one answering none is dropped (ids.go).
	// They also count the requests still to be answered: at the end of input those are answered
	// before mcp-go is told (ids.go, holdEnd); a signal (ctx) ends the wait.
	questions := &serverRequests{changed: make(chan struct{}, 1)}
	// A subscriptions/listen result follows its acknowledgement (progress.go).
	w := &codeFixingWriter{w: out, progress: ledger, questions: questions, listens: newListenAcks()}
	// A call waiting for a person's page ends when the client closes stdin (tools.WithInputClosed).
	inputClosed := make(chan struct{})
	withProgress := withStdioProgress(ledger)
	// Once a signal ends serving, mcp-go no longer writes notifications: progress is written
	// directly (stdioStopping), so the step that stopped still comes before the result.
	stopping := &stdioStopping{done: ctx.Done(), w: w}
	// A call that ends before its question is answered withdraws it (questionwithdraw.go).
	w.tags = &stdioQuestions{ids: map[string]string{}, w: w, sent: questions}
	// Nothing is asked of the client before its notifications/initialized (clientInitialized).
	initialized := new(atomic.Bool)
	stdio.SetContextFunc(func(c context.Context) context.Context {
		c = tools.WithQuestionTagger(tools.WithInputClosed(withProgress(c), inputClosed), w.tags)
		c = context.WithValue(c, initializedKey{}, initialized)
		return context.WithValue(c, stdioStoppingKey{}, stopping)
	})
	r := newIDReader(in, w)
	r.sent, r.logger, r.hold, r.done, r.closed = questions, logger, true, ctx.Done(), inputClosed
	r.initialized = initialized
	err := stdio.Listen(ctx, r, w)
	w.releaseListens() // a listen result still waiting for its acknowledgement (progress.go)
	r.out.finish(ctx)  // the transport's own answers, written off the read loop (stdio.go)
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// HTTPOptions configures the streamable HTTP transport.
type HTTPOptions struct {
	Addr string // host:port; an empty host means loopback
	// LookupHost resolves a name in Addr (nil: the system resolver): a name is loopback only when
	// every address it resolves to is, and localhost resolving elsewhere is refused.
	LookupHost     humanweb.LookupHost
	AllowedOrigins []string // extra browser origins allowed besides loopback ones
	// AuthToken, when set, is a shared secret every request must present in X-MCP-Auth-Token.
	AuthToken string
	// ServerCredentials is true when a request without its own token acts with the operator's
	// real credentials (--http-allow-server-token). Binding beyond loopback then needs AuthToken.
	ServerCredentials bool
	Logger            *slog.Logger

	// RequireBearer makes /mcp answer a request without an Authorization bearer token with 401
	// and a WWW-Authenticate challenge naming the protected-resource metadata (RFC 9728): the
	// server has no credentials of its own to lend.
	RequireBearer bool
	// Sandbox: the server runs --sandbox, whose emulator accepts only its own token: a refusal
	// of the Authorization header names what works there, not a Spice.ai token.
	Sandbox bool
	// AuthorizationServers are the OAuth issuers the protected-resource metadata names, served at
	// /.well-known/oauth-protected-resource/mcp and /.well-known/oauth-protected-resource. Empty:
	// DefaultAuthorizationServer when RequireBearer is set, else no metadata is served.
	AuthorizationServers []string
	// Scopes are the API scopes the exposed tools need: the metadata's scopes_supported and the
	// challenge's scope.
	Scopes []string
	// PublicURL is the MCP endpoint's URL as clients reach it (the OAuth resource identifier),
	// when a proxy makes it differ from the request's; empty: derived from each request.
	PublicURL string
	// TrustForwarded: a reverse proxy in front sets X-Forwarded-Proto and X-Forwarded-Host, and
	// the resource URL (when PublicURL is empty) follows them. Without it they are ignored: any
	// client can send them.
	TrustForwarded bool
	// SessionKey signs 2025-era session IDs (SPICE_MCP_CONFIRM_KEY: replicas that share it accept
	// each other's IDs); empty: a random key of this process.
	SessionKey []byte
	// Human serves the human channel's pages (humanweb.Surface.Handler), mounted at
	// humanweb.Prefix outside the MCP endpoint's auth; nil serves none.
	Human http.Handler
	// HumanLinks is the surface behind Human: a session a client ends (DELETE) withdraws the
	// approvals bound to it (a caller without a bearer token is its session; no later call can
	// be it). nil withdraws none.
	HumanLinks interface{ WithdrawCaller(caller string) int }

	// Limits; zero means the Default* constant of the same name.
	MaxBodyBytes   int64         // largest request body; larger ones get 413 before they are read
	MaxSessions    int           // 2025-era MCP sessions kept; past it the least recently active idle one ends
	SessionIdleTTL time.Duration // a session without requests for this long ends
	// MaxSessionsPerClient bounds the sessions of one client address (an IPv6 address by its
	// /64; a loopback one has no share of its own) and, separately, of one bearer credential, at
	// most MaxSessions; past it a new session of that client ends an idle one of its own, and gets
	// 429 when all of its own are busy. Zero: no share of its own (the command line defaults it
	// to DefaultSessionsPerClient).
	MaxSessionsPerClient int
	ReadTimeout          time.Duration // to read a request's headers and body (never limits the response)
	IdleTimeout          time.Duration // a keep-alive connection waits this long for its next request
	// MaxConnections bounds the open connections; past it a new one closes an idle or unfinished
	// one, and gets 503 only when all have a request in progress.
	MaxConnections int
	// MaxConnectionsPerAddress bounds the open connections of one client address (an IPv6
	// address by its /64), at most MaxConnections; past it a new one of that address closes an
	// idle or unfinished one of its own, and gets 429 when all of its own are busy. Zero: no
	// share of its own (the command line defaults it to DefaultConnectionsPerAddress).
	MaxConnectionsPerAddress int
	// ShutdownGrace is how long calls in progress may finish once Serve's context ends before
	// they are cancelled (zero: DefaultShutdownGrace).
	ShutdownGrace time.Duration
}

// AuthTokenHeader carries the shared secret of --http-auth-token-file.
const AuthTokenHeader = "X-MCP-Auth-Token"

// MaxAuthTokenLength is the longest shared secret accepted: its header must fit beside a
// bearer token of several KiB in the request's headers (maxHeaderBytes), and in the 8 KiB a
// line that common proxies (nginx) allow.
const MaxAuthTokenLength = 4096

type bearerKey struct{}

// RequestBearer is the bearer token the current HTTP request carried ("" for none, and always
// in stdio mode). It lives in the request's context only and is never stored elsewhere.
func RequestBearer(ctx context.Context) string {
	token, _ := ctx.Value(bearerKey{}).(string)
	return token
}

// ErrRequestTokenRequired answers an HTTP call that brought no token when the server may not
// lend its own.
var ErrRequestTokenRequired = errors.New(present.RequestTokenRequired)

// RequestClients returns the client for each call: one that acts with the token the HTTP
// request brought (used for that request only), else base when serverToken allows it. In
// stdio mode no request brings a token, so base serves every call.
func RequestClients(base *client.Client, serverToken bool) func(context.Context) (*client.Client, error) {
	return func(ctx context.Context) (*client.Client, error) {
		if token := RequestBearer(ctx); token != "" {
			return base.WithTokens(client.RequestToken(token)), nil
		}
		if !serverToken {
			return nil, ErrRequestTokenRequired
		}
		return base, nil
	}
}

func bearerContext(ctx context.Context, r *http.Request) context.Context {
	ctx = client.WithHTTPCaller(ctx) // the caller does not start this server: its flags are the operator's
	if token := bearerToken(r); token != "" {
		return context.WithValue(ctx, bearerKey{}, token)
	}
	// Without one, a call acts with the server's own credentials where it lends them: their
	// refusal is the operator's to fix, and its remedy says so (client.WithLentCredentials).
	return client.WithLentCredentials(ctx)
}

// HTTPServer is the MCP endpoint (/mcp) and the health probe (/healthz) on one listener.
type HTTPServer struct {
	listener net.Listener
	http     *http.Server
	// conns bounds http's connections.
	conns    *connLimit
	mcp      *server.StreamableHTTPServer
	sessions *sessions
	// questions are the questions the sessions wait on: they fail when a shutdown begins.
	questions *questionEnder
	logger    *slog.Logger
	// drain tells calls in progress when the grace period of a shutdown is over (stopCalls).
	drain     *drain
	stopCalls context.CancelFunc
	grace     time.Duration
}

// Sessions is the number of 2025-era MCP sessions the server holds.
func (h *HTTPServer) Sessions() int { return h.sessions.Len() }

// CheckHTTP reports what ListenHTTP would refuse in opts before binding anything: a malformed
// address, localhost resolving beyond loopback, a bad URL, or the server's own credentials
// beyond loopback without an auth token (a configuration error, where a busy port is not).
func CheckHTTP(opts HTTPOptions) error {
	_, err := checkHTTP(opts)
	return err
}

// checkHTTP is CheckHTTP, also returning the address to bind: the host resolved once, so that
// what was judged loopback is what gets bound (humanweb.ResolveListenHost).
func checkHTTP(opts HTTPOptions) (string, error) {
	addr, err := loopbackByDefault(opts.Addr)
	if err != nil {
		return "", err
	}
	host, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	resolved := humanweb.ResolveListenHost(ctx, opts.LookupHost, host)
	if resolved.BrokenPromise(host) {
		return "", errors.New(present.ListenNameNotLoopback("--http", addr, host, net.JoinHostPort("127.0.0.1", port), resolved.Addrs, resolved.Err))
	}
	if _, err := newResourceMetadata(opts.withDefaults()); err != nil {
		return "", err
	}
	for i, origin := range opts.AllowedOrigins {
		if err := CheckOrigin(origin); err != nil {
			return "", fmt.Errorf("%s: %w", present.AllowedOriginsEntry(i+1, len(opts.AllowedOrigins)), err)
		}
	}
	if !resolved.Loopback && opts.ServerCredentials && opts.AuthToken == "" {
		return "", errors.New(present.ServerCredentialsBeyondLoopback(addr))
	}
	return net.JoinHostPort(resolved.Bind, port), nil
}

// lookupTimeout bounds the start-up lookup of a listen address's name.
const lookupTimeout = 10 * time.Second

// ListenHTTP binds the address (loopback unless a host is given) and prepares the server.
func ListenHTTP(s *server.MCPServer, opts HTTPOptions) (*HTTPServer, error) {
	addr, err := checkHTTP(opts)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	meta, _ := newResourceMetadata(opts)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	// connLimit tells a connection sending a request from a silent one; a refusal that left its
	// body unread closes lingering (httpsafe.LingerListener).
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	// Its connections also log what net/http refuses before any handler (connRefusals).
	ln = readMarkingListener{Listener: httpsafe.LingerListener(ln),
		refusals: &connRefusals{logger: refusalLogger(logger), headerTimeout: readHeaderTimeout(opts)}}
	callsCtx, stopCalls := context.WithCancel(context.Background())
	calls := &drain{ctx: callsCtx}
	ids := newSessionIDs(opts.SessionKey, opts.MaxSessions, opts.SessionIdleTTL)
	streamable := server.NewStreamableHTTPServer(s,
		server.WithEndpointPath(mcpPath),
		// No server.WithSessionIdleTTL: sessions (sessions.go) end idle sessions themselves,
		// through the DELETE that fails their questions (questionend.go), and never one with a
		// request in progress. mcp-go's sweeper counts only when requests began (an answer to a
		// question is not one): it forgot a session whose call waited on a question longer than
		// the TTL, refused the answer (404) and left the call waiting. Every session mcp-go keeps
		// is one sessions tracks: an initialize that answers (its ID in the header; ours send no
		// notification while initializing, which would answer it as SSE, without the header),
		// whatever precedes its method (endpoint reads it as mcp-go does, and tracks any ID an
		// answer carries), or a request naming the session.
		server.WithStreamableHTTPLogger(mcpGoLogger(logger)), // questionend.go
		server.WithHTTPContextFunc(withDrain(calls, withRequestBase(withRequestHeaders(bearerContext)))),
		server.WithSessionIdManagerResolver(ids),
		// guardHost, before every path, does mcp-go's Host check, and also lets the host of
		// --http-public-url through, which mcp-go's would refuse.
		server.WithDisableLocalhostProtection(true),
	)
	// A session that ends fails the questions it was asked and has not answered (questionend.go).
	questions := newQuestionEnder(streamable)
	sessions := newSessions(opts.MaxSessions, opts.SessionIdleTTL, endThrough(questions))
	sessions.perClient = opts.MaxSessionsPerClient
	// Every refusal answered to a caller is logged, once per burst, naming why and the flag that
	// governs it, where one does: the caller's answer leaves flags to the operator.
	refusals := refusalLogger(logger)
	// Refusals before MCP reads the request quote headers: redacted of the caller's remembered values.
	env := envs.of(s)
	known := func(r *http.Request) *client.Redactor { return knownForRequest(env, r) }
	var endpoint http.Handler = &endpoint{mcp: questions, questions: questions, tags: httpQuestions{ender: questions}, sessions: sessions, ids: ids, opts: opts,
		logger: logger, refusals: refusals, meta: meta, known: known}
	endpoint = refuseUnusableAuthorization(endpoint, opts.Sandbox, refusals)
	if opts.RequireBearer {
		endpoint = requireBearer(endpoint, meta, refusals)
	}
	endpoint = refuseStandInToken(endpoint, meta, opts.Sandbox, refusals)
	mux := http.NewServeMux()
	public := publicOrigin(opts.PublicURL)
	mux.Handle(mcpPath, rejectURLTokens(requireAuthToken(guardOrigin(endpoint, canonicalOrigins(append(opts.AllowedOrigins, public...)), refusals, known), opts.AuthToken, refusals), refusals))
	if meta != nil {
		for _, path := range meta.metadataPaths() {
			mux.Handle(path, meta)
		}
	}
	mountHuman(mux, opts.Human)
	mux.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"status":"ok"}`+"\n")
	}))
	mux.Handle("/healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The catch-all below would answer another method 404: it keeps the mux's 405.
		w.Header().Set("Allow", "GET, HEAD")
		httpsafe.RefuseUnread(w, r)
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
	}))
	mux.Handle("/", unknownPath(refusals, logger))
	// The Host check stands before every path, registered or not, and before bodies are read.
	handler := guardHost(limitBody(mux, opts.MaxBodyBytes, opts.ReadTimeout, refusals), httpsafe.LoopbackHost(ln.Addr().String()), public, refusals, known)
	bound := opts
	bound.Addr = ln.Addr().String() // what the warnings judge: the address, not its name
	bound.Logger = logger           // a refusal at the connection cap is logged (connLimit.logRefused)
	httpServer, conns := newHTTPServer(handler, bound)
	return &HTTPServer{
		listener:  ln,
		conns:     conns,
		mcp:       streamable,
		sessions:  sessions,
		questions: questions,
		logger:    logger,
		http:      httpServer,
		drain:     calls,
		stopCalls: stopCalls,
		grace:     opts.ShutdownGrace,
	}, nil
}

// URL is the MCP endpoint's address.
func (h *HTTPServer) URL() string { return "http://" + h.listener.Addr().String() + "/mcp" }

// Serve runs until ctx ends, then shuts down gracefully (shutdown): no new requests, the calls
// in progress finish within the grace period or are cancelled and answer so, and Serve returns
// nil. It returns an error only when serving fails.
func (h *HTTPServer) Serve(ctx context.Context) error {
	defer h.stopCalls()
	done := make(chan error, 1)
	go func() { done <- h.http.Serve(h.listener) }()
	sweep, stopSweep := context.WithCancel(ctx)
	defer stopSweep()
	go h.sessions.run(sweep)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	if err := h.shutdown(ctx); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}

// loopbackByDefault fills in 127.0.0.1 when addr names only a port.
func loopbackByDefault(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", errors.New(present.HTTPAddrSyntax(addr, err.Error()))
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// guardOrigin is the MCP endpoint's half of DNS-rebinding protection: a browser Origin, when
// present, must be a loopback origin or one explicitly allowed (guardHost, before every path,
// checks Host, in place of mcp-go's own check). This adds Origin and keeps the rule in our tests.
// Its log line is redacted of the values remembered for the request's caller (known).
func guardOrigin(next http.Handler, allowed []string, refusals *slog.Logger, known func(*http.Request) *client.Redactor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every value counts: browsers send one, and a request with a second that is not allowed
		// was served on the strength of its first.
		for _, origin := range r.Header.Values("Origin") {
			if origin != "" && !originAllowed(origin, allowed) {
				shown, err := canonicalOrigin(origin) // as written only when it parses as an origin: a header may hold anything
				switch {
				case strings.TrimSpace(origin) == "null":
					shown = "null" // a sandboxed frame's or a file: page's, which the operator can look for
				case err != nil, present.HoldsCredential(origin):
					// The canonical form is lower-cased, which the masking no longer
					// recognises: a credential as written is masked as written.
					shown = present.SentInLog(origin)
				}
				shown = known(r).Redact(shown)
				logRefusal(refusals, r, http.StatusForbidden, "request refused: its Origin is not allowed", "origin", shown, "flag", "--allowed-origins")
				httpsafe.RefuseUnread(w, r)
				use, dot := "", false
				if u, err := url.Parse(origin); err == nil {
					use, dot = withoutTrailingDot(u.Host)
					use = u.Scheme + "://" + use
				}
				http.Error(w, present.OriginRefused(use, dot), http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// guardHost refuses, on a loopback listener, a Host header that names anything but loopback or
// the host of --http-public-url (public: its origins, as publicOrigin gives them), which a
// reverse proxy on the same machine passes on: a page on another site that rebinds its name to
// 127.0.0.1 (DNS rebinding) reaches no path — not the MCP endpoint, the OAuth metadata (which
// builds its URLs from Host), the approval and secret-entry pages (/human/, whose own Origin
// check a rebound Host would satisfy), the health probe, nor an unknown path. It wraps the
// whole listener, so a path added later is covered too. What counts is the listener's address,
// not the connection's: a listener beyond loopback (0.0.0.0) cannot know its own names, so it
// checks no Host, also on a connection that arrives over 127.0.0.1 (a reverse proxy or sidecar
// on the same machine passing on the public name). Its answer quotes no Host as sent (only
// the loopback name withoutTrailingDot rebuilds), and its log line is redacted of the values
// remembered for the request's caller (known): a Host may hold one.
func guardHost(next http.Handler, loopbackListener bool, public []string, refusals *slog.Logger, known func(*http.Request) *client.Redactor) http.Handler {
	if !loopbackListener {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host == "" {
			// An HTTP/1.0 request without one (a health checker's): not rebinding, which a
			// browser does, always sending Host; still refused, as the rule is a Host that names us.
			logRefusal(refusals, r, http.StatusForbidden, "request refused: it has no Host header (an HTTP/1.0 client's)", "remedy", present.NoHostRemedy)
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.NoHostHeader, http.StatusForbidden)
			return
		}
		if !httpsafe.LoopbackHost(r.Host) && !hostIsPublic(r.Host, public) {
			shown := r.Host
			if !validHost(r.Host) {
				shown = present.SentInLog(r.Host)
			}
			shown = known(r).Redact(shown)
			logRefusal(refusals, r, http.StatusForbidden, "request refused: its Host is neither loopback nor the host of --http-public-url (DNS rebinding)",
				"host", shown, "flag", "--http-public-url")
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.HostRefused(withoutTrailingDot(r.Host)), http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withoutTrailingDot is hostPort with the dot that ends its host taken off, and whether that
// leaves a loopback host (localhost.:8080 is localhost:8080): the name to use instead. That name
// is rebuilt, not quoted: localhost or a loopback address without a zone, and a port of digits
// (a Host's port or zone may hold anything, a secret value too, and the answer would show it);
// any other is no loopback host, ("", false).
func withoutTrailingDot(hostPort string) (string, bool) {
	host, port, err := net.SplitHostPort(hostPort)
	if err != nil {
		host, port = hostPort, ""
	}
	if !strings.HasSuffix(host, ".") {
		return "", false
	}
	host = strings.TrimSuffix(host, ".")
	if len(port) > 5 || strings.Trim(port, "0123456789") != "" {
		return "", false
	}
	if strings.EqualFold(host, "localhost") {
		host = "localhost"
	} else if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil && ip.IsLoopback() && ip.Zone() == "" {
		host = ip.String()
	} else {
		return "", false
	}
	if port == "" {
		if strings.Contains(host, ":") {
			return "[" + host + "]", true
		}
		return host, true
	}
	return net.JoinHostPort(host, port), true
}

// otherTransportPaths are paths a client misconfigured for this server sends to: another
// transport's (HTTP+SSE's /sse and /messages), the server's root, /mcp with a trailing slash, or
// another server's prefix. Only these are named in a refusal's log line: any other path is the
// client's own text, which may hold anything.
var otherTransportPaths = []string{"/", "/sse", "/messages", "/message", "/mcp/", "/api/mcp", "/v1/mcp"}

// underPrefix reports whether path is one the server serves (/mcp, /healthz) under a prefix
// (/spice/mcp): what a reverse proxy that does not strip its own prefix passes on.
func underPrefix(path string) bool {
	for _, served := range []string{mcpPath, mcpPath + "/", "/healthz"} {
		if len(path) > len(served) && strings.HasSuffix(path, served) {
			return true
		}
	}
	return false
}

// unknownPath answers 404 to a path the server does not serve, saying where MCP is, and logs it
// (refusals: once per burst): a client pointed at the wrong URL otherwise fails with nothing in
// the operator's log. Discovery (/.well-known/, an OAuth client probing for metadata the server
// does not serve) and a browser's /favicon.ico are normal: logged at debug only.
func unknownPath(refusals, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/.well-known/"), r.URL.Path == "/favicon.ico":
			logger.Debug("not found: a discovery path this server does not serve", "remote", r.RemoteAddr)
		case slices.Contains(otherTransportPaths, r.URL.Path):
			logRefusal(refusals, r, http.StatusNotFound, "request refused: no such path", "path", r.URL.Path,
				"remedy", "point the client at "+mcpPath+" (streamable HTTP)")
		case underPrefix(r.URL.Path):
			logRefusal(refusals, r, http.StatusNotFound, "request refused: "+mcpPath+" or /healthz under a path prefix (not shown)",
				"remedy", present.PrefixNotStrippedRemedy(mcpPath))
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.PathNotFoundUnderPrefix(mcpPath), http.StatusNotFound)
			return
		default:
			logRefusal(refusals, r, http.StatusNotFound, "request refused: no such path (not shown)",
				"remedy", "point the client at "+mcpPath+" (streamable HTTP)")
		}
		httpsafe.RefuseUnread(w, r)
		http.Error(w, present.PathNotFound(mcpPath), http.StatusNotFound)
	})
}

// publicOrigin is the origin of --http-public-url (scheme://host[:port]) and, when its port is
// the scheme's default, the same origin with the port written out or left out; none without
// the URL.
func publicOrigin(publicURL string) []string {
	u, err := absoluteURL(publicURL)
	if publicURL == "" || err != nil {
		return nil
	}
	host := strings.ToLower(u.Host)
	defaultPort := map[string]string{"http": "80", "https": "443"}[u.Scheme]
	switch u.Port() {
	case "":
		return []string{u.Scheme + "://" + host, u.Scheme + "://" + host + ":" + defaultPort}
	case defaultPort:
		return []string{u.Scheme + "://" + host, u.Scheme + "://" + strings.TrimSuffix(host, ":"+defaultPort)}
	}
	return []string{u.Scheme + "://" + host}
}

// hostIsPublic reports whether a Host header names exactly the host (and port) of one of the
// public origins.
func hostIsPublic(host string, public []string) bool {
	for _, origin := range public {
		_, h, _ := strings.Cut(origin, "://")
		if host != "" && strings.EqualFold(host, h) {
			return true
		}
	}
	return false
}

// CheckOrigin accepts a browser origin as --allowed-origins lists it: http(s)://host[:port]
// (a trailing "/" allowed), nothing else: not "*" (every site), not "null" (any sandboxed page),
// not another scheme, not a URL with credentials, a path, a query or a fragment, not an empty
// port or one outside 1 to 65535. The error names the rule and shows at most the entry's
// scheme://host (when it parses as such), never anything else of it.
func CheckOrigin(origin string) error {
	_, err := canonicalOrigin(origin)
	return err
}

// canonicalOrigin is an origin CheckOrigin accepts as browsers send it: scheme and host in
// lower case, the scheme's default port (:443 for https, :80 for http) left out, any other port
// without leading zeros.
func canonicalOrigin(origin string) (string, error) {
	switch strings.TrimSpace(origin) {
	case "*":
		return "", errors.New(present.OriginAny)
	case "null":
		return "", errors.New(present.OriginNull)
	}
	u, err := url.Parse(strings.TrimSuffix(origin, "/"))
	if err != nil || u.Host == "" || u.Opaque != "" {
		// url.Parse's error quotes the value: it is not shown.
		return "", errors.New(present.OriginNotParse)
	}
	shown := present.OriginUnshown
	if validHost(u.Host) {
		shown = strconv.Quote((&url.URL{Scheme: u.Scheme, Host: u.Host}).String())
	}
	host, port := u.Hostname(), u.Port()
	defaultPort := ""
	switch u.Scheme {
	case "http":
		defaultPort = "80"
	case "https":
		defaultPort = "443"
	}
	switch {
	case defaultPort == "":
		return "", errors.New(present.OriginNotHTTP(shown))
	case u.Path != "" || client.HasUserQueryOrFragment(origin, u):
		return "", errors.New(present.OriginWithExtras(shown))
	case host == "" || !validHost(u.Host):
		return "", errors.New(present.OriginBadHost(shown))
	case strings.HasSuffix(u.Host, ":"):
		return "", errors.New(present.OriginEmptyPort(shown))
	}
	canonical := u.Scheme + "://" + strings.ToLower(u.Host)
	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil || n == 0 {
			return "", errors.New(present.OriginBadPort(shown))
		}
		canonical = u.Scheme + "://" + strings.ToLower(net.JoinHostPort(host, strconv.FormatUint(n, 10)))
		if strconv.FormatUint(n, 10) == defaultPort {
			// Browsers leave the default port out of Origin.
			canonical = u.Scheme + "://" + strings.ToLower(strings.TrimSuffix(u.Host, ":"+port))
		}
	}
	return canonical, nil
}

// canonicalOrigins is the allowed origins as canonicalOrigin writes them (those it refuses left
// out: ListenHTTP refused them already, and publicOrigin's come from a checked URL).
func canonicalOrigins(origins []string) []string {
	var out []string
	for _, o := range origins {
		if c, err := canonicalOrigin(o); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// originAllowed compares a request's Origin with the allowed ones as canonicalOrigin writes
// both (case-insensitive scheme and host, the default port left out); a loopback origin is
// always allowed.
func originAllowed(origin string, allowed []string) bool {
	if c, err := canonicalOrigin(origin); err == nil && slices.Contains(allowed, c) {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && httpsafe.LoopbackHost(u.Host)
}

// requireAuthToken demands the shared secret when one is configured.
func requireAuthToken(next http.Handler, token string, refusals *slog.Logger) http.Handler {
	if token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// One header, as with Authorization: of two, which counts would be a guess (and the same
		// values comma-joined in one header, the same request to HTTP, never matched).
		if values := r.Header.Values(AuthTokenHeader); len(values) > 1 {
			logRefusal(refusals, r, http.StatusBadRequest, "request refused: the shared secret's header came more than once", "header", AuthTokenHeader)
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.SharedSecretHeaderRepeated(AuthTokenHeader, len(values)), http.StatusBadRequest)
			return
		}
		if sent := r.Header.Get(AuthTokenHeader); !httpsafe.SameSecret(sent, token) {
			// A 401 names its scheme (RFC 9110 §11.6.1): here the header the secret goes in.
			w.Header().Set("WWW-Authenticate", AuthTokenHeader+` realm="spice-cloud-mcp"`)
			httpsafe.RefuseUnread(w, r)
			// What was sent, never the secret held, decides the text: a stand-in is named as one.
			text, why := present.SharedSecretRequired(AuthTokenHeader), "request refused: no shared secret, or not the one this server holds"
			if standIn, variable := standInCredential(sent); standIn {
				text, why = present.SharedSecretStandIn(AuthTokenHeader, variable), "request refused: the shared secret's header holds a stand-in (a placeholder, or a variable's name the client did not expand)"
			}
			logRefusal(refusals, r, http.StatusUnauthorized, why, "header", AuthTokenHeader, "flag", "--http-auth-token-file")
			http.Error(w, text, http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// rejectURLTokens refuses a request whose query string has a parameter named like a
// credential (present.CredentialParam, the rule masking applies to URLs: "X-Api-Key",
// "api_key", "token[]", "code", "sig") or a value masking hides under any name (credentialValue):
// URLs end up in proxy and access logs. The MCP endpoint
// takes no query parameters, so a false alarm costs nothing. Pairs are split by
// hand, so a malformed pair that url.ParseQuery would drop is still checked.
func rejectURLTokens(next http.Handler, refusals *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, found := credentialParam(r.URL.RawQuery); found { // not named: a name can be a token
			logRefusal(refusals, r, http.StatusBadRequest, "request refused: a query parameter is named like a credential")
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.CredentialInURL(), http.StatusBadRequest)
			return
		}
		if credentialValue(r.URL.RawQuery) { // under a name that says nothing: ?x=Bearer%20…
			logRefusal(refusals, r, http.StatusBadRequest, "request refused: a query parameter's value reads as a credential")
			httpsafe.RefuseUnread(w, r)
			http.Error(w, present.CredentialValueInURL(), http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// credentialValue reports whether a query parameter's value, decoded, is one masking hides (a
// bearer token, a JWT, a known key's shape: present.MaskText), whatever its name.
func credentialValue(rawQuery string) bool {
	for _, pair := range strings.FieldsFunc(rawQuery, func(r rune) bool { return r == '&' || r == ';' }) {
		_, value, _ := strings.Cut(pair, "=")
		if unescaped, err := url.QueryUnescape(value); err == nil {
			value = unescaped
		}
		if present.MaskText(value) != value {
			return true
		}
	}
	return false
}

// credentialParam returns the first query parameter named like a credential.
func credentialParam(rawQuery string) (string, bool) {
	for _, pair := range strings.FieldsFunc(rawQuery, func(r rune) bool { return r == '&' || r == ';' }) {
		name, _, _ := strings.Cut(pair, "=")
		if unescaped, err := url.QueryUnescape(name); err == nil {
			name = unescaped
		}
		if present.CredentialParam(name) {
			return name, true
		}
	}
	return "", false
}
