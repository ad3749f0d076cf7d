// Package cli parses the command line and runs the chosen mode; main only hands it the process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
	"golang.org/x/term"
)

// Version is stamped at build time with
// -ldflags "-X github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli.Version=v1.2.3";
// `go install module@version` builds report the module version instead.
var Version = "dev"

// CurrentVersion is Version, or the module version recorded by `go install`.
func CurrentVersion() string {
	if Version != "dev" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return Version
}

const usage = `spice-cloud-mcp — an MCP server for the Spice.ai Cloud Management API.

Usage:
  spice-cloud-mcp [flags]                       serve MCP over stdio (the default)
  spice-cloud-mcp --http 127.0.0.1:8080 [flags] serve MCP over streamable HTTP on /mcp
  spice-cloud-mcp sandbox-api [--listen ADDR]   serve only the Management API emulator over HTTP
  spice-cloud-mcp version                       print the version (also --version)
  spice-cloud-mcp help [sandbox-api]            print this help, or sandbox-api's (also --help, -h)

Credentials (environment): SPICE_API_TOKEN, or SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (with
SPICE_OAUTH_SCOPES); SPICE_API_URL and SPICE_OAUTH_TOKEN_URL override the endpoints. Without
credentials the server still starts: check_health and whoami work and every other tool explains
how to configure a token. Also read: SPICE_ORG (the default organization), SPICE_API_MAX_IDLE_CONNS,
SPICE_MCP_HTTP_AUTH_TOKEN, SPICE_MCP_CONFIRM_KEY and, for developers, SPICE_MCP_CPUPROFILE (a file
to write a CPU profile to on exit; see README).

Flags:
`

// Env is what the process gives Run.
type Env struct {
	Args   []string // without the program name
	Getenv func(string) string
	// LookupEnv tells a variable set to "" from one not set (os.LookupEnv); nil counts a
	// variable as set when Getenv returns a value.
	LookupEnv func(string) (string, bool)
	Stdin     io.Reader
	Stdout    io.Writer // JSON-RPC only, in stdio mode
	Stderr    io.Writer // logs and messages
	// LookupHost resolves the names of --http and --human-listen at start-up (nil: the system
	// resolver); tests give names addresses without the network.
	LookupHost humanweb.LookupHost
	// StdinIsTerminal tells whether Stdin is a terminal (nil: asks the operating system about
	// Stdin when it is a file); tests stand in for a terminal with it.
	StdinIsTerminal func() bool
	// Executable is this program's path (nil: os.Executable), named in the hint a person
	// who started the stdio server in a terminal gets.
	Executable func() (string, error)
	// SandboxWorld is what --sandbox emulates (nil: sandbox.DemoWorld()); tests shorten its
	// deployments with it rather than wait 5 s of real time on each.
	SandboxWorld *sandbox.Config
	// Retry is the API client's retry policy (zero: the client's defaults, a first backoff of
	// 500 ms); tests shorten its waits with it, one Run each, rather than wait seconds on them.
	Retry client.RetryPolicy
}

// stdinIsTerminal is StdinIsTerminal, else whether Stdin is a file that is a terminal.
func (env Env) stdinIsTerminal() bool {
	if env.StdinIsTerminal != nil {
		return env.StdinIsTerminal()
	}
	f, ok := env.Stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// goRunProgram matches the path of a program go run built: $WORK/b001/exe/NAME, where $WORK
// is a go-build directory it removes when the program stops, or, since Go 1.24, which caches
// go run's programs, GOCACHE/xx/HASH-d/NAME (xx HASH's first two digits; cmd/go's
// DiskCache.OutputFile), which the cache trims when unused.
var goRunProgram = lazyregexp.New(`/go-build\d+/b\d+/exe/[^/]+$|/([0-9a-f]{2})/([0-9a-f]{64})-d/[^/]+$`)

// builtByGoRun reports whether exe is a program go run built (goRunProgram).
func builtByGoRun(exe string) bool {
	m := goRunProgram.FindStringSubmatch(filepath.ToSlash(exe))
	return m != nil && (m[1] == "" || strings.HasPrefix(m[2], m[1]))
}

// inspectorProgram is this program's path as one POSIX shell word, for the Inspector to start;
// "" under go run (or when unknown), whose program does not outlive it.
func (env Env) inspectorProgram() string {
	executable := env.Executable
	if executable == nil {
		executable = os.Executable
	}
	exe, err := executable()
	if err != nil || exe == "" || builtByGoRun(exe) {
		return ""
	}
	if strings.ContainsFunc(exe, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@,=", r))
	}) {
		return "'" + strings.ReplaceAll(exe, "'", `'\''`) + "'"
	}
	return exe
}

// Run executes the command line and returns the exit code.
func Run(ctx context.Context, env Env) int {
	env = env.givenMasked()
	stopProfile, ok := startCPUProfile(env)
	if !ok {
		return 2
	}
	defer stopProfile()
	if len(env.Args) > 0 {
		// The commands: sandbox-api, and help and version as words, as most command-line
		// tools take them besides --help and --version.
		switch args := env.Args[1:]; env.Args[0] {
		case "sandbox-api":
			return runSandboxAPI(ctx, args, env.Getenv, env.Stdout, env.Stderr)
		case "help":
			switch {
			case len(args) == 0:
				env.Args = []string{"--help"}
			case len(args) == 1 && args[0] == "sandbox-api":
				return runSandboxAPI(ctx, []string{"--help"}, env.Getenv, env.Stdout, env.Stderr)
			default:
				refuse(env.Stderr, present.CommandTakesNoArguments("help", "sandbox-api"))
				return 2
			}
		case "version":
			if len(args) > 0 {
				refuse(env.Stderr, present.CommandTakesNoArguments("version", ""))
				return 2
			}
			env.Args = []string{"--version"}
		}
	}
	fs := flag.NewFlagSet("spice-cloud-mcp", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	sandboxMode := fs.Bool("sandbox", false, "use the built-in emulator with demo data instead of the real API (no account needed)")
	sandboxQueued := fs.Duration("sandbox-queued-for", time.Second, "sandbox: how long (`DURATION`) a new deployment stays queued (0 means the default)")
	sandboxRuns := fs.Duration("sandbox-runs-for", 4*time.Second, "sandbox: how long (`DURATION`) a deployment then runs before it succeeds or fails (0 means the default)")
	httpAddr := fs.String("http", "", "serve streamable HTTP on `ADDR` (/mcp, /healthz) instead of stdio; loopback unless a host is given")
	outputSchemas := fs.Bool("output-schemas", false, "declare each tool's outputSchema in tools/list (more than doubles its size)")
	strictSchemas := fs.Bool("strict-schemas", false, "declare \"additionalProperties\": false on every tool's input schema, for clients that validate schemas strictly")
	logLevel := fs.String("log-level", "info", "least `LEVEL` logged: debug, info, warn or error (logs go to stderr)")
	logFormat := fs.String("log-format", "text", "`FORMAT` of log lines: text or json")
	showVersion := fs.Bool("version", false, "print the version and exit")
	readOnly := fs.Bool("read-only", false, "expose only read-only tools; wins over every other tool setting")
	toolsets := fs.String("toolsets", "", "comma-separated `LIST` of toolsets to expose: "+strings.Join(tools.Toolsets, ", ")+" (default all)")
	onlyTools := fs.String("tools", "", "comma-separated `LIST`: expose only these tools")
	excludeTools := fs.String("exclude-tools", "", "comma-separated `LIST` of tools never to expose")
	confirmMode := fs.String("confirm", string(tools.ConfirmHuman), "who approves "+present.ApprovedActions+": `MODE` human (only a person: their client asks them, or they answer on an approval link), "+
		"agent (the agent passes the target's name in confirm where a tool takes one; unattended automation) or off")
	noConfirm := fs.Bool("no-confirm", false, "same as --confirm=off: do not ask before them (unattended automation only)")
	humanLinks := fs.String("human-links", "auto", "how a person gets approval and secret pages: `MODE` open (this server opens them in the person's browser, so the link never reaches the agent), "+
		"show (the link is in the tool result for the agent to show) or auto (open over stdio when this machine has a graphical browser, else show)")
	humanListen := fs.String("human-listen", "127.0.0.1:0", "stdio: `ADDR` of the page where a person approves actions and enters secret values (started on first need; loopback unless a host is given)")
	humanListenBeyond := fs.Bool("human-listen-beyond-loopback", false, "stdio: allow a --human-listen address that is not loopback (0.0.0.0 inside a container whose port is published on the host's loopback)")
	maskKeys := fs.Bool("mask-api-keys", false, "show only the last 4 characters of API keys in results")
	toolTimeout := fs.Duration("tool-timeout", tools.DefaultCallTimeout, "time limit of one tool call across all its API requests, retries and waits (`DURATION`; create_and_deploy_app and resume_app with wait add their timeout_seconds; wait_for_deployment's limit is its timeout_seconds plus 1s)")
	allowServerToken := fs.Bool("http-allow-server-token", false, "HTTP: use the server's own credentials for requests that bring no Authorization bearer token")
	authTokenFile := fs.String("http-auth-token-file", "", "HTTP: `FILE` holding a shared secret callers must send in the "+mcpserver.AuthTokenHeader+" header (or set SPICE_MCP_HTTP_AUTH_TOKEN)")
	authToken := fs.String("http-auth-token", "", "HTTP: the shared secret `TOKEN` itself (visible in process lists; prefer --http-auth-token-file)")
	allowedOrigins := fs.String("allowed-origins", "", "HTTP: comma-separated browser `ORIGINS` allowed besides loopback ones")
	maxBody := byteSize(mcpserver.DefaultMaxBodyBytes)
	fs.Var(&maxBody, "http-max-body", "HTTP: largest request body accepted, `SIZE` in bytes or with KiB, MiB or GiB (larger ones get 413 before they are read)")
	maxSessions := fs.Int("http-max-sessions", mcpserver.DefaultMaxSessions, "HTTP: at most `N` 2025-era MCP sessions kept; a new one ends the least recently active idle one")
	maxSessionsPerClient := fs.Int("http-max-sessions-per-client", 0, "HTTP: at most `N` sessions for one client address (an IPv6 one by its /64; loopback ones, this machine's, have no share of their own) and for one bearer credential, each counted; a new one beyond it ends an idle one of that client's, and gets 429 when all of its own are busy (0: half of --http-max-sessions; behind a proxy on another machine every client shares its address: set it to --http-max-sessions)")
	maxConns := fs.Int("http-max-connections", mcpserver.DefaultMaxConnections, "HTTP: at most `N` connections open, up to 65536; a new one closes an idle one, else the oldest GET stream unless it opens one itself (503 then, and when all are busy)")
	maxConnsPerAddr := fs.Int("http-max-connections-per-address", 0, "HTTP: at most `N` connections open for one client address (an IPv6 one by its /64; loopback ones, this machine's, have no share of their own); a new one beyond it closes an idle one of its own, and gets 429 when all of its own are busy (0: half of --http-max-connections; behind a proxy on another machine every client shares its address: set it to --http-max-connections)")
	sessionTTL := fs.Duration("http-session-ttl", mcpserver.DefaultSessionIdleTTL, "HTTP: a session without requests for this `DURATION` ends")
	readTimeout := fs.Duration("http-read-timeout", mcpserver.DefaultReadTimeout, "HTTP: time to receive a request's headers and body, a `DURATION` (never limits a streamed answer)")
	idleTimeout := fs.Duration("http-idle-timeout", mcpserver.DefaultIdleTimeout, "HTTP: an idle keep-alive connection is closed after this `DURATION`")
	shutdownGrace := fs.Duration("http-shutdown-grace", mcpserver.DefaultShutdownGrace, "HTTP: on SIGINT or SIGTERM, how long calls in progress may finish before they are cancelled (`DURATION`; a second signal exits at once)")
	authServer := fs.String("oauth-authorization-server", mcpserver.DefaultAuthorizationServer, "HTTP: OAuth issuer `URL` named in /.well-known/oauth-protected-resource, where clients get tokens")
	publicURL := fs.String("http-public-url", "", "HTTP: the `URL` clients reach /mcp at, when a proxy changes it (the OAuth resource identifier; default: from each request)")
	trustForwarded := fs.Bool("http-trust-forwarded", false, "HTTP: a reverse proxy in front sets X-Forwarded-Proto and X-Forwarded-Host (the last value of each is read); the OAuth resource URL follows them (default: ignored, as any client can send them)")
	fs.Usage = func() { printUsage(fs.Output(), usage, fs) }
	if wantsHelp(env.Args) {
		printUsage(env.Stdout, usage, fs)
		return 0
	}
	if err := parseFlags(fs, env.Args, 1); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		// Never the argument itself: a credential typed where a flag's value was expected
		// (--http-allow-server-token spat_…, --http-auth-token= spat_…) lands here. A first
		// word shaped as a command name (serve, sandbox) is none, and is shown.
		if fs.NArg() == len(env.Args) && flagNameLike(env.Args[0]) {
			refuse(env.Stderr, present.UnknownCommand(env.Args[0]))
			return 2
		}
		refuse(env.Stderr, present.UnexpectedArgument(len(env.Args)-fs.NArg()+1, flagBefore(env.Args, len(env.Args)-fs.NArg())))
		return 2
	}
	if *showVersion {
		fmt.Fprintln(env.Stdout, "spice-cloud-mcp", CurrentVersion())
		return 0
	}
	logger, err := newLogger(env.Stderr, *logLevel, *logFormat)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	if *toolTimeout <= 0 {
		fmt.Fprintf(env.Stderr, "--tool-timeout must be positive, got %s\n", *toolTimeout)
		return 2
	}
	confirm, err := confirmSetting(fs, *confirmMode, *noConfirm)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	opener, err := humanLinkOpener(*humanLinks, *httpAddr != "", env.Getenv)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if *maxSessionsPerClient == 0 {
		*maxSessionsPerClient = mcpserver.DefaultSessionsPerClient(*maxSessions)
	}
	if *maxConnsPerAddr == 0 {
		*maxConnsPerAddr = mcpserver.DefaultConnectionsPerAddress(*maxConns)
	}
	if given["http"] && strings.TrimSpace(*httpAddr) == "" {
		// --http "$ADDR" with ADDR unset would otherwise serve stdio and exit at once.
		refuse(env.Stderr, present.HTTPAddrEmpty)
		return 2
	}
	if *httpAddr == "" {
		// A flag whose usage says "HTTP:" would do nothing over stdio: the operator would
		// believe a setting is in force that is not. The variables (SPICE_MCP_HTTP_AUTH_TOKEN)
		// are often set for every launch and stay ignored.
		refused := false
		fs.Visit(func(f *flag.Flag) {
			if httpOnly(f) {
				fmt.Fprintf(env.Stderr, "--%s applies only with --http: over stdio it would do nothing; serve HTTP with --http ADDR, or leave the flag out\n", f.Name)
				refused = true
			}
		})
		if refused {
			return 2
		}
	}
	if *httpAddr != "" {
		// Over HTTP the pages are served under the server's own address: a page address would be
		// ignored without a word.
		for _, name := range []string{"human-listen", "human-listen-beyond-loopback"} {
			if given[name] {
				fmt.Fprintf(env.Stderr, "--%s needs stdio: over --http the approval and secret pages are served under the server's own address, at /human/\n", name)
				return 2
			}
		}
	}
	listenAddr, err := humanListenAddr(ctx, *humanListen, *humanListenBeyond, env.LookupHost)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	if *httpAddr != "" {
		// A port the listener would refuse is a bad command line (exit 2), not a failure to start.
		if err := checkListenAddr("--http", "HOST:PORT or :PORT", *httpAddr); err != nil {
			refuse(env.Stderr, err)
			return 2
		}
	}
	// --tools or --toolsets given with no name (an unset variable, a lone comma) would expose
	// every tool: the opposite of "only these"; --exclude-tools so would hide none.
	if given["tools"] && len(list(*onlyTools)) == 0 {
		refuse(env.Stderr, present.ToolsFlagEmpty)
		return 2
	}
	if given["toolsets"] && len(list(*toolsets)) == 0 {
		refuse(env.Stderr, present.ToolsetsFlagEmpty)
		return 2
	}
	if given["exclude-tools"] && len(list(*excludeTools)) == 0 {
		refuse(env.Stderr, present.ExcludeToolsFlagEmpty)
		return 2
	}
	policy := tools.Policy{ReadOnly: *readOnly, Toolsets: list(*toolsets), Tools: list(*onlyTools), ExcludeTools: list(*excludeTools)}
	if err := policy.Validate(); err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	if len(policy.Offered()) == 0 {
		// An empty tools/list would look like a broken server, not a bad command line.
		var chosen []string
		for _, name := range []string{"read-only", "toolsets", "tools", "exclude-tools"} {
			if given[name] && (name != "read-only" || *readOnly) {
				chosen = append(chosen, "--"+name)
			}
		}
		refuse(env.Stderr, present.NoToolsLeft(chosen))
		return 2
	}
	if err := httpLimits(mcpserver.HTTPOptions{AuthorizationServers: []string{*authServer}, PublicURL: *publicURL,
		MaxBodyBytes: int64(maxBody), MaxSessions: *maxSessions, MaxSessionsPerClient: *maxSessionsPerClient, MaxConnections: *maxConns, MaxConnectionsPerAddress: *maxConnsPerAddr, SessionIdleTTL: *sessionTTL,
		ReadTimeout: *readTimeout, IdleTimeout: *idleTimeout, ShutdownGrace: *shutdownGrace}); err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	if *trustForwarded && *publicURL != "" {
		// The public URL names the resource: the headers would be read for nothing.
		refuse(env.Stderr, present.TrustForwardedWithPublicURL)
		return 2
	}
	world, err := sandboxWorld(*sandboxMode, env.SandboxWorld, given, *sandboxQueued, *sandboxRuns)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	if *sandboxMode && *httpAddr != "" {
		// No setting may look in force that is not: the sandbox lends its own token and
		// serves no OAuth metadata.
		for _, name := range []string{"http-allow-server-token", "oauth-authorization-server", "http-trust-forwarded"} {
			if given[name] {
				refuse(env.Stderr, present.SandboxIgnores(name))
				return 2
			}
		}
	}
	lookup := env.lookup()
	if err := checkOrgSetting(lookup); err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	secretLookup := lookup
	if *httpAddr == "" {
		// SPICE_MCP_HTTP_AUTH_TOKEN is HTTP's: a stdio launch whose environment lists it empty starts.
		secretLookup = func(string) (string, bool) { return "", false }
	}
	sharedSecret, err := httpAuthToken(*authToken, given["http-auth-token"], *authTokenFile, given["http-auth-token-file"], secretLookup)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	if given["http-auth-token-file"] && runtime.GOOS != "windows" {
		// Served all the same (a warning, as ssh's refusal would stop a working deployment), but
		// said: a plain `echo … > file` leaves the secret readable by every local user.
		if info, err := os.Stat(*authTokenFile); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o004 != 0 {
			logger.Warn(present.AuthTokenFileWorldReadable(fmt.Sprintf("%04o", info.Mode().Perm())))
		}
	}
	confirmKey, err := confirmKeySetting(lookup)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	api, err := newAPIClient(*sandboxMode, world, env.Retry, env.Getenv, logger)
	if err != nil {
		refuse(env.Stderr, err)
		return 2
	}
	if !*sandboxMode {
		for _, w := range plainHTTPWarnings(ctx, env.Getenv, env.LookupHost) {
			logger.Warn(w)
		}
	}
	// What ListenHTTP would refuse is a configuration error (exit 2), refused before anything
	// starts; only binding the port is left to fail later (exit 1).
	if *httpAddr != "" {
		check := mcpserver.HTTPOptions{Addr: *httpAddr, LookupHost: env.LookupHost, AuthToken: sharedSecret, PublicURL: *publicURL, AllowedOrigins: list(*allowedOrigins),
			ServerCredentials: *allowServerToken && !*sandboxMode, RequireBearer: !*allowServerToken && !*sandboxMode}
		if !*sandboxMode {
			check.AuthorizationServers = []string{*authServer}
		}
		if err := mcpserver.CheckHTTP(check); err != nil {
			refuse(env.Stderr, err)
			return 2
		}
	}
	// Over HTTP each request acts with the token it brings; the server's own credentials
	// stand in only when the operator allows it (or in the sandbox, whose token is not real).
	clientFor := mcpserver.RequestClients(api, *httpAddr == "" || *allowServerToken || *sandboxMode)
	safety := tools.Safety{Confirm: confirm, NoConfirm: *noConfirm, MaskAPIKeys: *maskKeys}
	if confirmKey != "" {
		safety.ConfirmKey = []byte(confirmKey)
	} else if !*sandboxMode {
		// A re-run of create_and_deploy_app in a new process (over stdio, a new session) then
		// recognises the deployment an earlier one started (the emulator of --sandbox lives
		// only as long as its process).
		safety.MarkKey = tools.MarkKeyFrom(serverCredential(env.Getenv))
	}
	// The pages where a person approves and enters secret values: over stdio on a loopback
	// port started on first need, over HTTP under this server's own address. Only over stdio
	// may set_secret read the server's own environment and files.
	human := humanweb.New(humanweb.Options{Mounted: *httpAddr != "", Listen: listenAddr,
		PublicURL: mcpserver.HumanBase(*publicURL), Logger: logger, Open: opener, Conns: mcpserver.PageConns})
	// Values a person submitted are stored on, and the page answered, before it closes; a
	// signal (ctx) cuts that short.
	defer func() { _ = human.CloseAfterStores(ctx) }()
	var local *tools.LocalSources
	if *httpAddr == "" {
		local = &tools.LocalSources{Getenv: env.Getenv, Forbidden: tools.ServerCredentialVariables}
	}
	srv := mcpserver.New(mcpserver.Options{
		Human:         human,
		Local:         local,
		Version:       CurrentVersion(),
		Client:        clientFor,
		Policy:        policy,
		Safety:        safety,
		Sandbox:       *sandboxMode,
		OutputSchemas: *outputSchemas,
		StrictSchemas: *strictSchemas,
		Logger:        logger,
		Poll:          pollPolicy(*sandboxMode),
		CallTimeout:   *toolTimeout,
	})
	mode := present.WhoamiAPI(api.BaseURL(), false)
	if *sandboxMode {
		mode = "sandbox (emulated API with demo data)"
		if set := serverCredentialsSet(env.Getenv); len(set) > 0 {
			logger.Info(present.SandboxCredentialsUnused(set))
		}
	} else if !api.HasCredentials() {
		// A variable set empty is named where the server's own credentials are wanted: a client's
		// configuration passed the name without the value.
		for _, name := range []string{client.EnvAPIToken, client.EnvClientID, client.EnvClientSecret} {
			if value, set := env.lookup()(name); set && strings.TrimSpace(value) == "" && (*httpAddr == "" || *allowServerToken) {
				logger.Warn(present.CredentialVariableEmpty(name))
			}
		}
		// check_health and whoami work without credentials, where the tool selection exposes them.
		working := slices.DeleteFunc(policy.Offered(), func(name string) bool { return name != "check_health" && name != "whoami" })
		switch {
		case *httpAddr == "":
			logger.Warn(present.NoCredentialsStdio(working))
		case *allowServerToken:
			logger.Warn(present.NoCredentialsToLend(working))
		}
		// Over HTTP without --http-allow-server-token every request brings its own token:
		// the server needs none of its own.
	}

	if *httpAddr == "" {
		logger.Info("serving MCP over stdio", "version", CurrentVersion(), "mode", mode)
		if env.stdinIsTerminal() {
			// A person ran it by hand (README's go run . --sandbox): it would otherwise sit
			// silent, waiting for JSON-RPC nobody types.
			logger.Info(present.StdioOnTerminal(env.inspectorProgram()))
		}
		if err := mcpserver.ServeStdio(ctx, srv, env.Stdin, env.Stdout, logger); err != nil {
			logger.Error("stdio server failed", "err", err)
			return 1
		}
		logger.Info("stopped", "reason", stopReason(ctx, "input closed"))
		return 0
	}
	if set := serverCredentialsSet(env.Getenv); len(set) > 0 && (!*allowServerToken || *sandboxMode) {
		logger.Info(present.ServerCredentialsUnused(set, *sandboxMode))
	} else if !*allowServerToken && !*sandboxMode {
		// Said once: a client configured without a token otherwise meets only 401s.
		logger.Info(present.BearerPerRequest(sharedSecret != ""))
	}
	httpOpts := mcpserver.HTTPOptions{
		Addr: *httpAddr, LookupHost: env.LookupHost, AllowedOrigins: list(*allowedOrigins), AuthToken: sharedSecret,
		// With no credentials to lend (warned above), no request acts with the server's own:
		// the loopback warning that local users could would contradict that warning.
		ServerCredentials: *allowServerToken && !*sandboxMode && api.HasCredentials(), Logger: logger,
		// Without credentials of its own to lend, the server turns a request without a token
		// away with the standard challenge, so OAuth clients can sign their user in. The
		// sandbox accepts only its own token: it names no authorization server.
		RequireBearer:  !*allowServerToken && !*sandboxMode,
		Sandbox:        *sandboxMode,
		Scopes:         policy.Scopes(),
		PublicURL:      *publicURL,
		TrustForwarded: *trustForwarded,
		Human:          human.Handler(),
		HumanLinks:     human, // a session its client ends withdraws the approvals bound to it
		MaxBodyBytes:   int64(maxBody), MaxSessions: *maxSessions, MaxSessionsPerClient: *maxSessionsPerClient, MaxConnections: *maxConns, MaxConnectionsPerAddress: *maxConnsPerAddr, SessionIdleTTL: *sessionTTL,
		ReadTimeout: *readTimeout, IdleTimeout: *idleTimeout, ShutdownGrace: *shutdownGrace,
		// Replicas that share the approval key accept each other's session IDs.
		SessionKey: []byte(confirmKey),
	}
	if !*sandboxMode {
		httpOpts.AuthorizationServers = []string{*authServer}
	}
	tuneGCForServing(env.Getenv, logger)
	httpSrv, err := mcpserver.ListenHTTP(srv, httpOpts)
	if addressInUse(err) {
		logger.Error(present.AddressInUse("--http", *httpAddr))
		return 1
	}
	if err != nil {
		logger.Error("cannot serve HTTP", "err", err)
		return 1
	}
	logger.Info("serving MCP over streamable HTTP", "url", httpSrv.URL(), "version", CurrentVersion(), "mode", mode)
	if err := httpSrv.Serve(ctx); err != nil {
		logger.Error("HTTP server failed", "err", err)
		return 1
	}
	logger.Info("stopped", "reason", stopReason(ctx, ""))
	return 0
}

// stopReason is why serving stopped: the signal (main cancels ctx with it as the cause), or
// otherwise when ctx is still live (stdio's input closed).
func stopReason(ctx context.Context, otherwise string) string {
	if ctx.Err() != nil {
		return context.Cause(ctx).Error()
	}
	return otherwise
}

// confirmSetting reads --confirm and --no-confirm (its alias for off); they must agree.
func confirmSetting(fs *flag.FlagSet, mode string, noConfirm bool) (tools.ConfirmMode, error) {
	if !slices.Contains(tools.ConfirmModes, mode) {
		return "", errors.New(present.ConfirmBadMode(mode, tools.ConfirmModes))
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "confirm" })
	if noConfirm && explicit && mode != string(tools.ConfirmOff) {
		return "", errors.New(present.ConfirmContradicted(mode))
	}
	if noConfirm {
		return tools.ConfirmOff, nil
	}
	return tools.ConfirmMode(mode), nil
}

// tuneGCForServing trades a little memory for throughput in HTTP mode and sandbox-api, where
// many requests allocate short-lived state: the live heap is a few MiB, so collecting at 4× instead
// of 2× keeps the heap small while halving GC work (p99 latency under load drops by a third).
// A soft memory limit keeps the trade bounded: 85 % of the container's memory limit when there
// is one, else 256 MiB (softMemoryLimit). GOGC or GOMEMLIMIT in the environment win.
func tuneGCForServing(getenv func(string) string, logger *slog.Logger) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		limit, source := softMemoryLimit(os.DirFS("/"))
		debug.SetMemoryLimit(limit)
		logger.Info("soft memory limit", "bytes", limit, "from", source)
	}
}

// httpOnly reports a flag that only HTTP mode reads: its usage starts with "HTTP:", the one
// place that says so (--help shows it too).
func httpOnly(f *flag.Flag) bool { return strings.HasPrefix(f.Usage, "HTTP:") }

// httpLimits checks the limit flags' ranges.
func httpLimits(o mcpserver.HTTPOptions) error {
	switch {
	case o.MaxBodyBytes < 1<<10:
		return errors.New(present.HTTPMaxBodyTooSmall(o.MaxBodyBytes))
	case o.MaxSessions < 1:
		return errors.New(present.HTTPCountBelowOne("--http-max-sessions", o.MaxSessions))
	case o.MaxSessionsPerClient < 0:
		return errors.New(present.HTTPCountBelowZero("--http-max-sessions-per-client", o.MaxSessionsPerClient))
	case o.MaxConnections < 1:
		return errors.New(present.HTTPCountBelowOne("--http-max-connections", o.MaxConnections))
	case o.MaxConnections > mcpserver.MaxMaxConnections:
		return errors.New(present.HTTPMaxConnectionsTooMany(o.MaxConnections, mcpserver.MaxMaxConnections))
	case o.MaxConnectionsPerAddress < 0:
		return errors.New(present.HTTPCountBelowZero("--http-max-connections-per-address", o.MaxConnectionsPerAddress))
	case o.SessionIdleTTL < time.Second:
		return errors.New(present.HTTPDurationBelowSecond("--http-session-ttl", o.SessionIdleTTL))
	case o.ReadTimeout < time.Second:
		return errors.New(present.HTTPDurationBelowSecond("--http-read-timeout", o.ReadTimeout))
	case o.IdleTimeout < time.Second:
		return errors.New(present.HTTPDurationBelowSecond("--http-idle-timeout", o.IdleTimeout))
	case o.ShutdownGrace < time.Second:
		return errors.New(present.HTTPDurationBelowSecond("--http-shutdown-grace", o.ShutdownGrace))
	}
	// In this order, so both wrong are refused alike every time (a map's order is not).
	for _, f := range [...]struct{ flag, value string }{
		{"--oauth-authorization-server", strings.Join(o.AuthorizationServers, "")}, {"--http-public-url", o.PublicURL}} {
		flag, value := f.flag, f.value
		if value == "" {
			continue
		}
		err := mcpserver.CheckURL(value)
		if err == nil {
			err = checkURLPort(value)
		}
		if err != nil {
			// Never the whole value: userinfo and a query can carry credentials.
			return fmt.Errorf("%s %s: %w", flag, mcpserver.DisplayURL(value), err)
		}
	}
	return nil
}

// checkURLPort applies to a URL that mcpserver.CheckURL accepts the rule SPICE_API_URL follows:
// a port, when one is written, is a number from 1 to 65535 (":" with nothing after it is none).
func checkURLPort(value string) error {
	u, err := url.Parse(value)
	if err != nil {
		return err
	}
	if port := u.Port(); strings.HasSuffix(u.Host, ":") || port != "" {
		if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
			return errors.New(present.URLPortRule)
		}
	}
	return nil
}

// byteSize is a flag holding a byte count, written as a number of bytes or with a binary unit
// (512KiB, 1MiB, 2 GiB).
type byteSize int64

func (b *byteSize) String() string { return strings.ReplaceAll(present.Bytes(int64(*b)), " ", "") }

func (b *byteSize) Set(s string) error {
	text := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(text, u.suffix) {
			text, mult = strings.TrimSpace(strings.TrimSuffix(text, u.suffix)), u.size
			break
		}
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 0 || n > (1<<40)/mult {
		return errors.New(present.ByteSizeRule)
	}
	*b = byteSize(n * mult)
	return nil
}

// lookup is LookupEnv, or Getenv counting a variable with a value as set.
func (env Env) lookup() func(string) (string, bool) {
	if env.LookupEnv != nil {
		return env.LookupEnv
	}
	return func(key string) (string, bool) {
		v := env.Getenv(key)
		return v, v != ""
	}
}

// tokenFileMax bounds what --http-auth-token-file reads: a token is a header value, and a file
// far larger (a log, /dev/zero given by mistake) would otherwise be read whole into memory.
const tokenFileMax = 64 << 10

var errTokenFileTooLarge = errors.New("token file too large")

// tokenFileWait bounds how long --http-auth-token-file waits for a named pipe's writer to open
// it; tokenPipeReadWait, how long then for the writer to finish, long enough for a passphrase
// typed at pass's or gpg's prompt.
var (
	tokenFileWait     = 10 * time.Second
	tokenPipeReadWait = 2 * time.Minute
)

var (
	errTokenFileNoWriter = errors.New("token pipe has no writer")
	errTokenFileSilent   = errors.New("token pipe's writer sent nothing")
)

// readTokenFile reads file up to tokenFileMax bytes; a pipe (--http-auth-token-file <(pass …))
// is read as a file is, but not waited for longer than tokenPipeReadWait.
func readTokenFile(file string) ([]byte, error) {
	f, err := openTokenFile(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode()&fs.ModeNamedPipe != 0 { // pipes only: a terminal (/dev/stdin) waits for its typist
		_ = f.SetReadDeadline(time.Now().Add(tokenPipeReadWait))
	}
	raw, err := io.ReadAll(io.LimitReader(f, tokenFileMax+1))
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, errTokenFileSilent
	case err != nil:
		return nil, err
	case len(raw) > tokenFileMax:
		return nil, errTokenFileTooLarge
	}
	return raw, nil
}

// openTokenFile opens file; a named pipe's open waits for a writer, for tokenFileWait at most
// (start-up would otherwise hang on a FIFO nothing writes to).
func openTokenFile(file string) (*os.File, error) {
	info, err := os.Stat(file)
	if err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		return os.Open(file)
	}
	type opening struct {
		f   *os.File
		err error
	}
	opened, abandoned, ended := make(chan opening), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		f, err := os.Open(file)
		select {
		case opened <- opening{f, err}:
		case <-abandoned:
			if f != nil {
				_ = f.Close()
			}
		}
	}()
	timer := time.NewTimer(tokenFileWait)
	defer timer.Stop()
	select {
	case o := <-opened:
		return o.f, o.err
	case <-timer.C:
		close(abandoned)
		releasePipeOpen(file, ended)
		return nil, errTokenFileNoWriter
	}
}

// releasePipeOpen lets a reader's open(2) left waiting on the named pipe file return, by
// opening it to write without waiting, and returns once the reader has ended (ended closed).
// That open fails (ENXIO) while the reader has not reached its open yet, so it is tried for a
// second; if it never succeeds (no write permission) the reader stays waiting until the process
// ends. It is done before the refusal, not after: a pipe removed once start-up was refused could
// no longer be opened, and the reader would wait for good.
func releasePipeOpen(file string, ended <-chan struct{}) {
	for range 100 {
		if w, err := os.OpenFile(file, os.O_WRONLY|openNoWait, 0); err == nil {
			_ = w.Close()
		}
		select {
		case <-ended:
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// httpAuthToken reads the shared secret from --http-auth-token-file or --http-auth-token (not
// both), else SPICE_MCP_HTTP_AUTH_TOKEN. None given means no secret; one given must hold a
// real secret: an empty or blank file, flag or variable is refused, naming it, never read as
// "no secret" (that would serve without the check the operator asked for).
func httpAuthToken(value string, valueGiven bool, file string, fileGiven bool, lookup func(string) (string, bool)) (string, error) {
	var source string
	switch {
	case fileGiven && valueGiven:
		return "", errors.New(present.AuthTokenTwice)
	case fileGiven:
		raw, err := readTokenFile(file)
		switch {
		case errors.Is(err, errTokenFileTooLarge):
			return "", errors.New(present.AuthTokenFileTooLarge(tokenFileMax))
		case errors.Is(err, errTokenFileNoWriter):
			return "", errors.New(present.AuthTokenPipeNoWriter(tokenFileWait))
		case errors.Is(err, errTokenFileSilent):
			return "", errors.New(present.AuthTokenPipeSilent(tokenPipeReadWait))
		}
		if err != nil {
			// Not the path: a token given in its place would be echoed.
			reason := "unreadable"
			if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
				reason = pe.Err.Error()
			}
			return "", errors.New(present.AuthTokenFileUnreadable(reason))
		}
		// A leading byte order mark is the file's encoding (Notepad's "UTF-8 with BOM",
		// PowerShell 5's Set-Content -Encoding UTF8), not part of the secret: clients send the
		// secret without it.
		source, value = fmt.Sprintf("--http-auth-token-file %q", file), strings.TrimPrefix(string(raw), "\ufeff")
	case valueGiven:
		source = "--http-auth-token"
	default:
		env, ok := lookup("SPICE_MCP_HTTP_AUTH_TOKEN")
		if !ok {
			return "", nil
		}
		source, value = "SPICE_MCP_HTTP_AUTH_TOKEN", env
	}
	value = strings.TrimSpace(value)
	if err := checkSecret("the HTTP auth token", value); err != nil {
		return "", fmt.Errorf("%s: %w", source, err)
	}
	if strings.ContainsFunc(value, isControl) {
		// A request's header cannot carry it: every request would be refused.
		return "", errors.New(present.AuthTokenControl(source, mcpserver.AuthTokenHeader))
	}
	if strings.ContainsRune(value, '\ufeff') { // invisible: named, so the operator can find it
		return "", errors.New(present.AuthTokenBOM(source))
	}
	if strings.ContainsFunc(value, func(r rune) bool { return r > 0x7e }) {
		// Clients put header values on the wire in different encodings (Latin-1, UTF-8) or
		// refuse them: the secret the server compares bytes with might never arrive as set.
		return "", errors.New(present.AuthTokenNotASCII(source, mcpserver.AuthTokenHeader))
	}
	if len(value) > mcpserver.MaxAuthTokenLength {
		// Every request carrying it would be refused (431) for its headers' size.
		return "", errors.New(present.AuthTokenTooLong(source, mcpserver.AuthTokenHeader, mcpserver.MaxAuthTokenLength))
	}
	return value, nil
}

// checkSecret is the rule for the shared secrets an operator sets: at least 16 characters, not
// an example's placeholder, not a variable's name left unexpanded. The message names what and
// never echoes the value.
func checkSecret(what, value string) error {
	if rules.PlaceholderCredential(value) {
		return errors.New(present.SecretPlaceholder(what))
	}
	if rules.UnexpandedVariable(value) { // $SPICE_MCP_HTTP_AUTH_TOKEN passes the length rule
		return errors.New(present.SecretUnexpanded(what))
	}
	if utf8.RuneCountInString(value) < 16 { // characters, as it says, not bytes
		return errors.New(present.SecretTooShort(what))
	}
	return nil
}

// checkOrgSetting applies to SPICE_ORG the rule tools apply to their org argument: a name
// exactly as the organization has it, in UTF-8 text (as every argument), without spaces around
// it (blank included) or control characters, which the X-Org-Name header cannot carry, nor a
// character that does not show, each refused in its own words; then the handle rule Spice's CLI
// follows (rules.OrgName). Empty means unset (the credential's own organization). The value is
// not echoed.
func checkOrgSetting(lookup func(string) (string, bool)) error {
	org, _ := lookup(client.EnvOrg)
	switch {
	case org == "":
		return nil
	case rules.BlankAround(org):
		return errors.New(present.OrgSettingBlankAround(client.EnvOrg))
	case !utf8.ValidString(org):
		return errors.New(present.OrgSettingNotUTF8(client.EnvOrg))
	case strings.ContainsFunc(org, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return errors.New(present.OrgSettingControl(client.EnvOrg, client.OrgHeader))
	case rules.StrayHidden(org):
		return errors.New(present.OrgSettingHidden)
	case rules.OrgName(org) != "":
		return errors.New(present.OrgSettingRule(client.EnvOrg, client.OrgHeader, rules.OrgNameRule))
	}
	return nil
}

// confirmKeySetting reads SPICE_MCP_CONFIRM_KEY, the key that signs approval state shared by
// replicas: unset, each process makes its own; set, even to "", it must be a real secret (an
// empty Secret key would otherwise give each replica its own key without a word).
func confirmKeySetting(lookup func(string) (string, bool)) (string, error) {
	key, ok := lookup("SPICE_MCP_CONFIRM_KEY")
	if !ok {
		return "", nil
	}
	if err := checkSecret("SPICE_MCP_CONFIRM_KEY", strings.TrimSpace(key)); err != nil {
		return "", err
	}
	return key, nil
}

// humanListenAddr is the page listener's address: a port alone binds loopback, and an address
// beyond loopback (0.0.0.0 in a container) needs --human-listen-beyond-loopback. A name is
// resolved now (humanweb.ResolveListenHost): loopback only when every address is, and then
// the address it resolved to is what the page binds, on first need; localhost resolving
// elsewhere is refused.
func humanListenAddr(ctx context.Context, addr string, beyondLoopback bool, lookup humanweb.LookupHost) (string, error) {
	if err := checkListenAddr("--human-listen", "HOST:PORT", addr); err != nil {
		return "", err
	}
	addr = loopbackIfPortOnly(addr)
	host, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	resolved := humanweb.ResolveListenHost(ctx, lookup, host)
	switch {
	case resolved.BrokenPromise(host):
		return "", errors.New(present.ListenNameNotLoopback("--human-listen", addr, host, net.JoinHostPort("127.0.0.1", port), resolved.Addrs, resolved.Err))
	case !resolved.Loopback && !beyondLoopback:
		return "", errors.New(present.HumanListenBeyondLoopback(addr))
	}
	return net.JoinHostPort(resolved.Bind, port), nil
}

// loopbackIfPortOnly makes a checked listen address that names only a port (":8080") loopback,
// as every listen flag documents: binding every interface takes a host, such as 0.0.0.0.
func loopbackIfPortOnly(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// checkListenAddr is the rule for an address to listen on: HOST:PORT (or :PORT) with a port
// from 0 (any free port) to 65535, so a typo is a bad command line at start-up rather than a
// listener failing later, when a person needs the page.
func checkListenAddr(flagName, want, addr string) error {
	if strings.ContainsFunc(addr, unicode.IsSpace) {
		// A host with a space would fail the listener's name lookup (exit 1).
		return errors.New(present.ListenAddrSpaces(flagName, addr, want))
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New(present.ListenAddrSyntax(flagName, addr, want, err.Error()))
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return errors.New(present.ListenAddrPort(flagName, addr))
	}
	return nil
}

// parseFlags parses args; on an error it says what is wrong, naming the flag with two dashes
// as the usage spells it (the flag package writes one), then prints the usage. first is the
// position of args[0] on the command line (2 after a subcommand), for an argument named by its
// position.
func parseFlags(fs *flag.FlagSet, args []string, first int) error {
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	twice := onlyOnce(fs)
	err := fs.Parse(args)
	fs.VisitAll(func(f *flag.Flag) {
		if o, ok := f.Value.(*onceValue); ok {
			f.Value = o.Value
		}
	})
	fs.SetOutput(out)
	fs.Usage = usage
	if err != nil {
		msg := withValueForm(fs, withoutBooleanValue(withoutSecretValue(fs, twoDashes(err.Error()))))
		msg = withoutUnknownArgument(msg, args, len(args)-fs.NArg(), first)
		if *twice != "" {
			f := fs.Lookup(*twice)
			msg = present.FlagGivenTwice(*twice, f != nil && strings.Contains(f.Usage, "comma-separated"))
		}
		refuse(out, msg) // the flag package quotes the value
		usage()
	}
	return err
}

// onlyOnce makes every flag of fs refuse a second occurrence while parsing, but those whose
// usage says "(repeatable)": with the flag package the last one would silently win, so
// "--exclude-tools delete_app --exclude-tools pause_app" would expose delete_app. The
// flag refused is named in the returned string once Parse has stopped.
func onlyOnce(fs *flag.FlagSet) *string {
	twice := new(string)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(f.Usage, "(repeatable)") {
			f.Value = &onceValue{Value: f.Value, name: f.Name, twice: twice}
		}
	})
	return twice
}

// onceValue is a flag value that accepts one Set.
type onceValue struct {
	flag.Value
	name  string
	set   bool
	twice *string
}

var errFlagTwice = errors.New("given twice")

func (o *onceValue) Set(s string) error {
	if o.set {
		*o.twice = o.name
		return errFlagTwice
	}
	o.set = true
	return o.Value.Set(s)
}

// IsBoolFlag keeps on/off flags usable without a value.
func (o *onceValue) IsBoolFlag() bool {
	b, ok := o.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// withoutBooleanValue drops the value from "invalid boolean value "…" for --name: …": a value
// after an on/off flag is often a credential typed in the wrong place.
func withoutBooleanValue(msg string) string {
	rest, ok := strings.CutPrefix(msg, "invalid boolean value ")
	if !ok {
		return msg
	}
	quoted, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return msg
	}
	name, ok := strings.CutPrefix(rest[len(quoted):], " for ")
	if !ok {
		return msg
	}
	name, _, _ = strings.Cut(name, ":")
	return present.BadBoolean(name)
}

// withoutUnknownArgument rewrites the flag package's messages that quote an argument it could
// not take for a flag: "flag provided but not defined: --NAME" keeps NAME only when it reads as
// a flag name (flagNameLike), and "bad flag syntax: -=…" never shows the argument. Else the
// argument is named by its position and the flag before it, as an unexpected argument is: a
// credential beginning with "-" typed after an on/off flag lands here. consumed is how many of
// args the flag package had taken when it stopped (an undefined flag is the last of them, a
// bad one the next), first the position of args[0] on the command line.
func withoutUnknownArgument(msg string, args []string, consumed, first int) string {
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: --"); ok {
		if flagNameLike(name) || consumed < 1 || consumed > len(args) {
			return msg
		}
		return present.UnknownFlagNotShown(consumed-1+first, flagBefore(args, consumed-1))
	}
	if strings.HasPrefix(msg, "bad flag syntax: ") {
		if consumed >= len(args) {
			return "bad flag syntax (the argument is not shown, as it may be a credential): a flag is --name, --name VALUE or --name=VALUE (see --help)"
		}
		return present.BadFlagSyntax(consumed+first, flagBefore(args, consumed))
	}
	return msg
}

// flagNameLike is what a mistyped flag name looks like (--bogus, --tool-timout), unlike a
// credential beginning with "-": short, lower-case letters and "-", no digit (no flag has one,
// and a hex or base64 secret nearly always does).
func flagNameLike(s string) bool {
	return len(s) > 0 && len(s) <= 32 && s[0] >= 'a' && s[0] <= 'z' && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz-") == ""
}

// flagBefore is the name (never the value) of the flag args[i-1] when it is one ("--" too),
// else "".
func flagBefore(args []string, i int) string {
	if i < 1 || i > len(args) || !strings.HasPrefix(args[i-1], "-") {
		return ""
	}
	name, _, _ := strings.Cut(args[i-1], "=")
	if name == "--" {
		return name
	}
	return "--" + strings.TrimLeft(name, "-")
}

// secretFlag is a flag value that can carry a credential (sandbox-api's --oauth-client).
type secretFlag interface{ holdsSecrets() bool }

// withoutSecretValue drops the value the flag package quotes in "invalid value "…" for flag
// --name: problem" when the flag's value can carry a credential: the message names the flag and
// the problem only.
func withoutSecretValue(fs *flag.FlagSet, msg string) string {
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		return msg
	}
	quoted, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return msg
	}
	tail, ok := strings.CutPrefix(rest[len(quoted):], " for flag --")
	if !ok {
		return msg
	}
	name, problem, _ := strings.Cut(tail, ": ")
	if f := fs.Lookup(name); f != nil {
		if v, ok := f.Value.(secretFlag); ok && v.holdsSecrets() {
			return "invalid value for flag --" + name + ": " + problem
		}
	}
	return msg
}

// withValueForm replaces the flag package's bare "parse error" for a duration or number flag
// ("invalid value "60" for flag --tool-timeout: parse error") with the form it wants.
func withValueForm(fs *flag.FlagSet, msg string) string {
	head, ok := strings.CutSuffix(msg, ": parse error")
	if !ok || !strings.HasPrefix(head, "invalid value ") {
		return msg
	}
	_, name, ok := strings.Cut(head, " for flag --")
	f := fs.Lookup(name)
	if !ok || f == nil {
		return msg
	}
	getter, ok := f.Value.(flag.Getter)
	if !ok {
		return msg
	}
	switch getter.Get().(type) {
	case time.Duration:
		return head + ": " + present.FlagValueForm(true)
	case int, int64, uint, uint64:
		return head + ": " + present.FlagValueForm(false)
	}
	return msg
}

// twoDashes rewrites the flag package's messages, which name a flag as -name, to --name. A
// value quoted in the message is left as it is.
func twoDashes(msg string) string {
	for _, prefix := range []string{"flag provided but not defined: -", "flag needs an argument: -", "invalid boolean flag "} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			return strings.TrimSuffix(prefix, "-") + "--" + rest
		}
	}
	for _, prefix := range []string{"invalid value ", "invalid boolean value "} {
		rest, ok := strings.CutPrefix(msg, prefix)
		if !ok {
			continue
		}
		quoted, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return msg
		}
		for _, middle := range []string{" for flag -", " for -"} {
			if tail, ok := strings.CutPrefix(rest[len(quoted):], middle); ok {
				return prefix + quoted + strings.TrimSuffix(middle, "-") + "--" + tail
			}
		}
	}
	return msg
}

// list splits a comma-separated flag value.
func list(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// wantsHelp reports -h, -help or --help among args (help goes to stdout, errors to stderr).
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// printUsage writes the text and the flags, spelled with two dashes as users type them.
func printUsage(w io.Writer, text string, fs *flag.FlagSet) {
	fmt.Fprint(w, text)
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		flagText := "--" + f.Name
		if name != "" {
			flagText += " " + name
		}
		fmt.Fprintf(w, "  %-22s %s", flagText, help)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// pollPolicy waits on the sandbox's few-second deployments far more often than on real ones.
func pollPolicy(sandboxMode bool) tools.PollPolicy {
	if sandboxMode {
		return tools.SandboxPolling
	}
	return tools.RealAPIPolling
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	lvl, err := logging.ParseLevel(level)
	if err != nil {
		return nil, err
	}
	return logging.New(w, lvl, format)
}

// sandboxWorld is the world --sandbox emulates: given (tests) or the demo world, with the
// deployment timings of --sandbox-queued-for and --sandbox-runs-for when set. Those flags are
// refused without --sandbox, where they would do nothing, and when negative.
func sandboxWorld(sandboxMode bool, given *sandbox.Config, set map[string]bool, queued, runs time.Duration) (*sandbox.Config, error) {
	var errs []error
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"sandbox-queued-for", queued}, {"sandbox-runs-for", runs}} {
		switch {
		case !set[d.name]:
		case !sandboxMode:
			errs = append(errs, errors.New(present.SandboxOnlyFlag(d.name)))
		case d.v < 0:
			errs = append(errs, errors.New(present.SandboxFlagNegativeDuration("--"+d.name, d.v)))
		}
	}
	if len(errs) > 0 || !sandboxMode {
		return given, errors.Join(errs...)
	}
	world := sandbox.DemoWorld()
	if given != nil {
		world = *given
	}
	if set["sandbox-queued-for"] {
		world.QueuedFor = queued
	}
	if set["sandbox-runs-for"] {
		world.RunsFor = runs
	}
	return &world, nil
}

// sandboxBaseURL is what the in-process emulator is addressed as; no request leaves the process.
const sandboxBaseURL = "http://sandbox.spice-cloud-mcp.invalid"

// newAPIClient builds the client for the real API from the environment, or one wired to an
// in-process emulator seeded with the demo organizations.
func newAPIClient(sandboxMode bool, world *sandbox.Config, retry client.RetryPolicy, getenv func(string) string, logger *slog.Logger) (*client.Client, error) {
	if sandboxMode {
		cfg := sandbox.DemoWorld()
		if world != nil {
			cfg = *world
		}
		// The emulator and its demo data are built on the first API call: start-up and
		// tools/list never need them.
		emu := lazyTransport(sync.OnceValue(func() http.RoundTripper { return sandbox.New(cfg).Transport() }))
		return client.New(client.Config{
			Org:        strings.TrimSpace(getenv(client.EnvOrg)),
			BaseURL:    sandboxBaseURL,
			Tokens:     client.StaticToken(sandbox.DefaultToken),
			Sandbox:    true,
			HTTPClient: sandboxHTTPClient(emu),
			Version:    CurrentVersion(),
			Logger:     logger,
			Retry:      retry,
		})
	}
	// An example's placeholder left in place (README's "<your token>", secret.yaml's REPLACE-ME),
	// a variable's name a client's configuration did not expand ("${SPICE_API_TOKEN}"), or a
	// value in the quotes of an env file that kept them, would start as if configured and fail
	// every call with 401.
	for _, name := range []string{client.EnvAPIToken, client.EnvClientID, client.EnvClientSecret} {
		value := strings.TrimSpace(getenv(name))
		if rules.PlaceholderCredential(value) {
			return nil, errors.New(present.CredentialPlaceholder(name))
		}
		if rules.UnexpandedVariable(value) {
			return nil, errors.New(present.CredentialUnexpanded(name))
		}
		if rules.QuotedValue(value) {
			return nil, errors.New(present.CredentialQuoted(name))
		}
	}
	// A token that cannot be a header value would fail every call, each after three attempts.
	if strings.ContainsFunc(strings.TrimSpace(getenv(client.EnvAPIToken)), isControl) {
		return nil, errors.New(present.APITokenControl(client.EnvAPIToken))
	}
	cfg, err := client.ConfigFromEnv(getenv, CurrentVersion())
	if err != nil {
		return nil, err // it may quote the value refused (SPICE_API_MAX_IDLE_CONNS's): refuse masks it
	}
	cfg.Logger, cfg.Retry = logger, retry
	return client.New(cfg)
}

// serverCredentialsSet names the server's own credential variables set in the environment.
func serverCredentialsSet(getenv func(string) string) []string {
	var set []string
	for _, name := range []string{client.EnvAPIToken, client.EnvClientID, client.EnvClientSecret} {
		if strings.TrimSpace(getenv(name)) != "" {
			set = append(set, name)
		}
	}
	return set
}

// serverCredential is the server's own credential as the client uses it: the API token, which
// wins, else the OAuth client's ID and secret; "" when there is none.
func serverCredential(getenv func(string) string) string {
	get := func(key string) string { return strings.TrimSpace(getenv(key)) }
	if token := get(client.EnvAPIToken); token != "" {
		return token
	}
	if id, secret := get(client.EnvClientID), get(client.EnvClientSecret); id != "" && secret != "" {
		return id + "\x00" + secret
	}
	return ""
}

// plainHTTPWarnings are the start-up warnings for credentials sent unencrypted beyond this
// machine: SPICE_API_URL (every request's bearer token, the server's or an HTTP caller's) or,
// when OAuth client credentials are in use, SPICE_OAUTH_TOKEN_URL (the client secret and the
// tokens it gets) with plain http to a host that is not loopback. Not refused: sandbox-api on
// a test machine of the LAN is a legitimate target. Only the variable and the host are named.
// localhost is this machine only when it resolves to loopback addresses only (lookup).
func plainHTTPWarnings(ctx context.Context, getenv func(string) string, lookup humanweb.LookupHost) []string {
	get := func(key string) string { return strings.TrimSpace(getenv(key)) }
	var out []string
	remote := func(raw string) (string, bool) {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "http" || u.Host == "" {
			return "", false
		}
		host := u.Hostname()
		if !strings.EqualFold(host, "localhost") {
			return host, !humanweb.IsLoopbackHost(host)
		}
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		resolved := humanweb.ResolveListenHost(ctx, lookup, host)
		if resolved.Loopback || resolved.Err != nil { // unresolved, nothing is sent
			return "", false
		}
		return host + " (" + strings.Join(resolved.Addrs, ", ") + ")", true
	}
	if host, ok := remote(get(client.EnvAPIURL)); ok {
		out = append(out, present.PlainHTTPBeyondLoopback(client.EnvAPIURL, host, "every request's API token (the server's, or the one each HTTP caller brings)"))
	}
	if get(client.EnvAPIToken) == "" && get(client.EnvClientID) != "" && get(client.EnvClientSecret) != "" {
		if host, ok := remote(get(client.EnvOAuthTokenURL)); ok {
			out = append(out, present.PlainHTTPBeyondLoopback(client.EnvOAuthTokenURL, host, "the OAuth client secret and the access tokens it gets"))
		}
	}
	return out
}

// isControl reports an ASCII control character other than a tab: one that no header value can
// hold (RFC 9110, field-value).
func isControl(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }

// lazyTransport is a RoundTripper made on first use.
type lazyTransport func() http.RoundTripper

// RoundTrip bounds r by sandboxRequestLimit as its context, not as http.Client.Timeout:
// net/http bounds a RoundTripper of its own by a context too, but any other by a goroutine, a
// timer and two channels per request. The emulator answers in memory, its body read with it.
func (l lazyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if end, ok := r.Context().Deadline(); !ok || time.Until(end) > sandboxRequestLimit {
		ctx, cancel := context.WithTimeout(r.Context(), sandboxRequestLimit)
		defer cancel()
		r = r.WithContext(ctx)
	}
	return l().RoundTrip(r)
}

// sandboxRequestLimit bounds each request to the in-process emulator.
const sandboxRequestLimit = time.Minute

// sandboxHTTPClient is the --sandbox client's, its requests bounded by emu (RoundTrip).
func sandboxHTTPClient(emu lazyTransport) *http.Client { return &http.Client{Transport: emu} }

// humanLinkOpener chooses how approval and secret pages reach the person: opened by this
// process in their browser (the link never reaches the agent), or shown in tool results.
func humanLinkOpener(mode string, overHTTP bool, getenv func(string) string) (func(string) error, error) {
	switch mode {
	case "show":
		return nil, nil
	case "open", "auto":
		if overHTTP {
			if mode == "open" {
				return nil, errors.New(present.HumanLinksOpenNeedsStdio)
			}
			return nil, nil
		}
		open, ok := humanweb.SystemBrowser(getenv)
		if !ok && mode == "open" {
			return nil, errors.New(present.HumanLinksNoBrowser)
		}
		return open, nil
	}
	return nil, errors.New(present.HumanLinksBadMode(mode))
}
