package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const sandboxAPIUsage = `Usage: spice-cloud-mcp sandbox-api [--listen ADDR] [--demo=false]

Serves the in-memory emulator of the Spice.ai Cloud Management API (routes under /v1 and the
OAuth token endpoint /api/oauth/token). Use the bearer token "sandbox".

Flags:
`

// runSandboxAPI serves the emulator alone over HTTP until ctx ends.
func runSandboxAPI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sandbox-api", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8787", "address to serve the emulated Management API on")
	demo := fs.Bool("demo", true, "seed the demo organization (apps, a spicepod, secrets, deployments)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	logFormat := fs.String("log-format", "text", "text or json")
	fs.Usage = func() { printUsage(fs.Output(), sandboxAPIUsage, fs) }
	if wantsHelp(args) {
		printUsage(stdout, sandboxAPIUsage, fs)
		return 0
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sandbox-api: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	log, err := newLogger(stderr, *logLevel, *logFormat)
	if err != nil {
		fmt.Fprintln(stderr, "sandbox-api:", err)
		return 2
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Error("cannot listen", "addr", *listen, "err", err)
		return 1
	}
	// Connections are counted and, at debug level, logged as they open: how well clients reuse
	// them is visible (the benchmarks count them to prove the server's client does).
	var connections atomic.Int64
	srv := &http.Server{Handler: sandbox.New(sandbox.Config{Demo: *demo}), ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(c net.Conn, state http.ConnState) {
			if state == http.StateNew {
				log.Debug("connection opened", "remote", c.RemoteAddr().String(), "connections", connections.Add(1))
			}
		}}
	log.Info("sandbox Management API listening", "url", "http://"+ln.Addr().String(), "bearer", "sandbox", "demo", *demo)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		log.Error("server stopped", "err", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		log.Warn("shutdown", "err", err)
	}
	log.Info("sandbox Management API stopped", "connections", connections.Load())
	return 0
}
