package mcpserver

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// ServeStdio serves JSON-RPC on in/out until in closes or ctx ends. Nothing else may write to out.
func ServeStdio(ctx context.Context, s *server.MCPServer, in io.Reader, out io.Writer, logger *slog.Logger) error {
	stdio := server.NewStdioServer(s)
	stdio.SetErrorLogger(slog.NewLogLogger(logger.Handler(), slog.LevelError))
	err := stdio.Listen(ctx, in, out)
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// HTTPOptions configures the streamable HTTP transport.
type HTTPOptions struct {
	Addr           string   // host:port; an empty host means loopback
	AllowedOrigins []string // extra browser origins allowed besides loopback ones
	// AuthToken, when set, is a shared secret every request must present in X-MCP-Auth-Token.
	AuthToken string
	// ServerCredentials is true when a request without its own token acts with the operator's
	// real credentials (--http-allow-server-token). Binding beyond loopback then needs AuthToken.
	ServerCredentials bool
	Logger            *slog.Logger
}

// AuthTokenHeader carries the shared secret of --http-auth-token-file.
const AuthTokenHeader = "X-MCP-Auth-Token"

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
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return ctx
	}
	return context.WithValue(ctx, bearerKey{}, strings.TrimSpace(token))
}

// HTTPServer is the MCP endpoint (/mcp) and the health probe (/healthz) on one listener.
type HTTPServer struct {
	listener net.Listener
	http     *http.Server
	mcp      *server.StreamableHTTPServer
	logger   *slog.Logger
}

// ListenHTTP binds the address (loopback unless a host is given) and prepares the server.
func ListenHTTP(s *server.MCPServer, opts HTTPOptions) (*HTTPServer, error) {
	addr, err := loopbackByDefault(opts.Addr)
	if err != nil {
		return nil, err
	}
	if !isLoopback(addr) && opts.ServerCredentials && opts.AuthToken == "" {
		return nil, fmt.Errorf("refusing to serve %s beyond loopback with the server's own Spice credentials and no "+
			"--http-auth-token-file: anyone who can reach the port would act as you. Set an auth token, or drop "+
			"--http-allow-server-token so every request must bring its own token", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	streamable := server.NewStreamableHTTPServer(s,
		server.WithEndpointPath("/mcp"),
		server.WithSessionIdleTTL(30*time.Minute),
		server.WithStreamableHTTPLogger(logger),
		server.WithHTTPContextFunc(bearerContext),
	)
	mux := http.NewServeMux()
	mux.Handle("/mcp", rejectURLTokens(requireAuthToken(guardOrigin(streamable, opts.AllowedOrigins), opts.AuthToken)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"status":"ok"}`+"\n")
	})
	return &HTTPServer{
		listener: ln,
		mcp:      streamable,
		logger:   logger,
		http: &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          log.New(io.Discard, "", 0),
		},
	}, nil
}

// URL is the MCP endpoint's address.
func (h *HTTPServer) URL() string { return "http://" + h.listener.Addr().String() + "/mcp" }

// Serve runs until ctx ends, then shuts down gracefully: MCP sessions first, then HTTP.
func (h *HTTPServer) Serve(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- h.http.Serve(h.listener) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.mcp.Shutdown(shutdown); err != nil {
		h.logger.Warn("closing MCP sessions", "err", err)
	}
	if err := h.http.Shutdown(shutdown); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}

// loopbackByDefault fills in 127.0.0.1 when addr names only a port.
func loopbackByDefault(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--http %q: want HOST:PORT or :PORT (%v)", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// guardOrigin is DNS-rebinding protection: on a loopback listener the Host header must name
// a loopback host, and a browser Origin, when present, must be a loopback origin or one
// explicitly allowed. mcp-go checks Host too; this adds Origin and keeps the rule in our tests.
func guardOrigin(next http.Handler, allowed []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
		if local != nil && isLoopback(local.String()) && !isLoopback(r.Host) {
			http.Error(w, "Forbidden: invalid Host header", http.StatusForbidden)
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !originAllowed(origin, allowed) {
			http.Error(w, "Forbidden: invalid Origin header", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func originAllowed(origin string, allowed []string) bool {
	for _, a := range allowed {
		if strings.EqualFold(strings.TrimRight(a, "/"), origin) {
			return true
		}
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && isLoopback(u.Host)
}

// requireAuthToken demands the shared secret when one is configured.
func requireAuthToken(next http.Handler, token string) http.Handler {
	if token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(AuthTokenHeader)), []byte(token)) != 1 {
			http.Error(w, "Unauthorized: present the server's auth token in the "+AuthTokenHeader+" header", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// credentialParams are query parameters that would put a credential in URLs, and so in
// proxy and access logs.
var credentialParams = []string{"token", "access_token", "api_key", "apikey", "key", "auth", "authorization", "bearer", "secret"}

// rejectURLTokens refuses requests that carry a credential in the query string.
func rejectURLTokens(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for name := range r.URL.Query() {
			if slices.Contains(credentialParams, strings.ToLower(name)) {
				http.Error(w, "Bad request: credentials must not be sent in the URL; use the Authorization header", http.StatusBadRequest)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// isLoopback reports whether host[:port] names localhost or a loopback IP.
func isLoopback(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.Trim(hostport, "[]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
