package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// runSandboxAPI serves the emulator alone over HTTP until ctx ends.
func runSandboxAPI(ctx context.Context, args []string, stderr io.Writer, logger func(level, format string) (*slog.Logger, error)) int {
	fs := flag.NewFlagSet("sandbox-api", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8787", "address to serve the emulated Management API on")
	demo := fs.Bool("demo", true, "seed the demo organization (apps, a spicepod, secrets, deployments)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	logFormat := fs.String("log-format", "text", "text or json")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: spice-cloud-mcp sandbox-api [--listen ADDR] [--demo=false]\n\n"+
			"Serves the in-memory emulator of the Spice.ai Cloud Management API (routes under /v1 and the\n"+
			"OAuth token endpoint /api/oauth/token). Use the bearer token \"sandbox\".\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sandbox-api: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	log, err := logger(*logLevel, *logFormat)
	if err != nil {
		fmt.Fprintln(stderr, "sandbox-api:", err)
		return 2
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Error("cannot listen", "addr", *listen, "err", err)
		return 1
	}
	srv := &http.Server{Handler: sandbox.New(sandbox.Config{Demo: *demo}), ReadHeaderTimeout: 10 * time.Second}
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
	log.Info("sandbox Management API stopped")
	return 0
}
