package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"
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
	Logger         *slog.Logger
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
	)
	mux := http.NewServeMux()
	mux.Handle("/mcp", guardOrigin(streamable, opts.AllowedOrigins))
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
