package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const sandboxAPIUsage = `Usage: spice-cloud-mcp sandbox-api [--listen ADDR] [--config FILE] [flags]

Serves the in-memory emulator of the Spice.ai Cloud Management API (routes under /v1 and the
OAuth client-credentials endpoint POST /api/oauth/token, client_secret_basic or client_secret_post).
Use the bearer token "` + sandbox.DefaultToken + `" unless --token or the config file names others.

Repeatable flags take KEY=VALUE pairs separated by commas; list values are joined with "+"
(scopes=apps:read+deployments:write) and a boolean key alone means true (enterprise). The config
file (YAML or JSON) uses the same keys; see the README section "The emulator".

Flags:
`

// runSandboxAPI serves the emulator alone over HTTP until ctx ends; getenv reads GOGC and
// GOMEMLIMIT (nil: the process's environment).
func runSandboxAPI(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sandbox-api", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8787", "`ADDR` to serve the emulated Management API on (loopback unless a host is given)")
	world := addSandboxFlags(fs)
	logLevel := fs.String("log-level", "info", "least `LEVEL` logged: debug, info, warn or error")
	logFormat := fs.String("log-format", "text", "`FORMAT` of log lines: text or json")
	fs.Usage = func() { printUsage(fs.Output(), sandboxAPIUsage, fs) }
	if wantsHelp(args) || slices.Equal(args, []string{"help"}) {
		printUsage(stdout, sandboxAPIUsage, fs)
		return 0
	}
	if err := parseFlags(fs, args, 2); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		refuse(stderr, "sandbox-api:", present.UnexpectedArgument(len(args)-fs.NArg()+2, flagBefore(args, len(args)-fs.NArg())))
		return 2
	}
	log, err := newLogger(stderr, *logLevel, *logFormat)
	if err != nil {
		refuse(stderr, "sandbox-api:", err)
		return 2
	}
	if err := checkListenAddr("--listen", "HOST:PORT", *listen); err != nil {
		refuse(stderr, "sandbox-api:", err)
		return 2
	}
	if g, ok := stderr.(*givenWriter); ok && world.config != "" {
		g.addFile(world.config) // the file's values are given too: a refusal quoting one masks it
	}
	cfg, file, err := world.build()
	if err != nil {
		refuse(stderr, "sandbox-api:", strings.ReplaceAll(err.Error(), "\n", "\nsandbox-api: "))
		return 2
	}
	emu := sandbox.New(cfg)
	if getenv == nil {
		getenv = os.Getenv
	}
	// As HTTP mode: at Go's default its small heap was collected every few hundred requests,
	// 14 to 24 % of its CPU per request.
	tuneGCForServing(getenv, log)
	for _, f := range file.faults() {
		emu.InjectFault(f)
	}
	ln, err := net.Listen("tcp", loopbackIfPortOnly(*listen))
	if addressInUse(err) {
		log.Error(present.AddressInUse("--listen", *listen))
		return 1
	}
	if err != nil {
		log.Error("cannot listen", "addr", *listen, "err", err)
		return 1
	}
	// Connections are counted and, at debug level, logged as they open: how well clients reuse
	// them is visible (the benchmarks count them to prove the server's client does).
	var connections atomic.Int64
	hosts := newHostGuard(ln.Addr(), file.hosts)
	srv := &http.Server{Handler: hosts.wrap(emu), ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(c net.Conn, state http.ConnState) {
			if state == http.StateNew {
				log.Debug("connection opened", "remote", c.RemoteAddr().String(), "connections", connections.Add(1))
			}
		}}
	log.Info("sandbox Management API listening", append(worldSummary("http://"+ln.Addr().String(), cfg, file), "hosts", hosts.summary())...)
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

// worldSummary is what the start-up log line tells about the world: where it listens, the
// bearer tokens (the documented default "sandbox" by name; configured ones only as who they
// act as, never their values), the OAuth clients (not their secrets), the organizations and the
// options.
func worldSummary(url string, cfg sandbox.Config, file sandboxFile) []any {
	orgs := cfg.Orgs
	if orgs == nil {
		orgs = sandbox.DefaultOrgs()
	}
	bearer := sandbox.DefaultToken
	if cfg.Tokens != nil {
		var as []string
		for _, t := range cfg.Tokens {
			user := t.User
			if user == "" { // the organization's owner, by name (carol@acme, not owner@acme)
				user = "owner"
				if i := slices.IndexFunc(orgs, func(o sandbox.Org) bool { return o.Slug == t.Org }); i >= 0 && orgs[i].Owner != "" {
					user = orgs[i].Owner
				}
			}
			as = append(as, user+"@"+t.Org)
		}
		bearer = fmt.Sprintf("%d configured, values not logged (acting as %s)", len(cfg.Tokens), strings.Join(as, " "))
	}
	var slugs, clients []string
	for _, o := range orgs {
		slugs = append(slugs, o.Slug)
	}
	for _, c := range cfg.OAuthClients {
		clients = append(clients, c.ID)
	}
	attrs := []any{"url", url, "bearer", bearer, "orgs", strings.Join(slugs, " "), "demo", cfg.Demo}
	if len(clients) > 0 {
		attrs = append(attrs, "oauth_endpoint", url+"/api/oauth/token", "oauth_clients", strings.Join(clients, " "))
	}
	if cfg.RateLimit > 0 {
		attrs = append(attrs, "rate_limit", cfg.RateLimit)
	}
	if n := len(file.Faults); n > 0 {
		attrs = append(attrs, "faults", n)
	}
	return attrs
}
