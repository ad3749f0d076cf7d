package present

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// The command line's start-up words: refusals (exit 2) and warnings. None echoes a value that
// may be a credential typed in the wrong place.

// NoCredentialsStdio warns a stdio server without Spice.ai credentials, naming of
// check_health and whoami (the tools that work without them) those the tool selection exposes
// (working); with neither, no tool will work.
func NoCredentialsStdio(working []string) string {
	// The newcomer's way on: where a token comes from, and the sandbox that needs none.
	const getAToken = "Set SPICE_API_TOKEN to a personal access token (create one at https://spice.ai/account), " +
		"or run with --sandbox to try every tool without an account"
	if len(working) == 0 {
		return "no Spice.ai credentials: no tool will work until they are set (the tool selection exposes none that works without them). " + getAToken
	}
	return "no Spice.ai credentials: only " + strings.Join(working, " and ") + " will work. " + getAToken
}

// BearerPerRequest tells, at start-up, an operator of --http without --http-allow-server-token
// and without credentials of its own (ServerCredentialsUnused says it with them) that every
// request is refused without its caller's token: a client configured with none gets nothing but
// 401. sharedSecret: requests must also bring the shared secret.
func BearerPerRequest(sharedSecret bool) string {
	also := ""
	if sharedSecret {
		also = " and the shared secret in X-MCP-Auth-Token"
	}
	return "every request must bring its caller's own Spice.ai token (Authorization: Bearer …)" + also +
		"; one without gets 401. To serve such requests with the server's own credentials (SPICE_API_TOKEN), add --http-allow-server-token"
}

// NoCredentialsToLend warns an HTTP server told to lend credentials it does not have, naming
// as NoCredentialsStdio does the tools that work without them and are exposed (working).
func NoCredentialsToLend(working []string) string {
	get := "no tool that works (the tool selection exposes none that works without credentials)"
	if len(working) > 0 {
		get = "only " + strings.Join(working, " and ")
	}
	return "no Spice.ai credentials: --http-allow-server-token has none to lend, so requests that bring no token of their own get " +
		get + "; set SPICE_API_TOKEN to a personal access token (create one at https://spice.ai/account)"
}

// StdioOnTerminal tells a person who started the stdio server in a terminal what it waits for.
// program is the path the Inspector can start, as a shell word; "" under go run, whose program
// is gone when it stops (or, run again, a copy in the build cache, which trims it): then the
// hint says to build it first.
func StdioOnTerminal(program string) string {
	try := "try it with the MCP Inspector (npx @modelcontextprotocol/inspector " + program + " --sandbox)"
	if program == "" {
		try = "build it (go build ., in the clone) and try it with the MCP Inspector (npx @modelcontextprotocol/inspector ./spice-cloud-mcp --sandbox)"
	}
	return "stdin is a terminal: this server waits for an MCP client's JSON-RPC messages on stdin, which are not typed by hand. " +
		"Let a client start it (see README: Claude Desktop, Claude Code, Cursor, VS Code) or " + try + "; Ctrl-C or Ctrl-D stops it"
}

// UnknownCommand refuses a first word that reads as a command name (lower-case letters and
// "-", no digit: never a credential's shape) but is none, naming the commands there are.
func UnknownCommand(word string) string {
	return fmt.Sprintf("unknown command %q: the commands are sandbox-api, help and version; serving MCP takes only flags "+
		"(spice-cloud-mcp --sandbox, spice-cloud-mcp --http ADDR; see spice-cloud-mcp help)", word)
}

// CommandTakesNoArguments refuses words after the version command, or after help other than a
// command's name, without showing them.
func CommandTakesNoArguments(command, allowed string) string {
	if allowed != "" {
		return "spice-cloud-mcp " + command + " takes nothing after it but " + allowed + " (spice-cloud-mcp " + command + ", spice-cloud-mcp " + command + " " + allowed + ")"
	}
	return "spice-cloud-mcp " + command + " takes nothing after it (spice-cloud-mcp " + command + ", or --" + command + " with flags)"
}

// UnexpectedArgument refuses an argument that is no flag, by its position (1 for the first)
// and, when the argument before it is a flag, that flag's name (never its value); the argument
// itself is not shown: it may be a credential typed in the wrong place.
func UnexpectedArgument(position int, afterFlag string) string {
	return "unexpected " + argumentAt(position, afterFlag) + ", not shown as it may be a credential: every argument is a flag. A value goes with its flag " +
		"as --flag VALUE or --flag=VALUE, and an on/off flag takes none or only with = (--flag=false) (see --help)"
}

// UnknownFlagNotShown refuses an argument that begins with "-" like a flag but names none and
// does not read as a flag name (a credential beginning with "-", typed after an on/off flag):
// by its position and the flag before it, as UnexpectedArgument, never shown.
func UnknownFlagNotShown(position int, afterFlag string) string {
	return "flag provided but not defined: " + argumentAt(position, afterFlag) + ", not shown as it may be a credential: " +
		"every flag is --name as --help lists it. A value goes with its flag as --flag VALUE or --flag=VALUE, and an on/off flag takes none or only with = (--flag=false)"
}

// BadFlagSyntax refuses an argument that begins with "-" but cannot be a flag ("-=…", "---…"),
// by its position and the flag before it, never shown.
func BadFlagSyntax(position int, afterFlag string) string {
	return "bad flag syntax: " + argumentAt(position, afterFlag) + ", not shown as it may be a credential: " +
		"a flag is --name, --name VALUE or --name=VALUE (see --help)"
}

// argumentAt names an argument by its position (1 for the first) and the flag before it, if any.
func argumentAt(position int, afterFlag string) string {
	where := fmt.Sprintf("argument %d", position)
	switch afterFlag {
	case "":
	case "--":
		where += " (after --, which ends the flags)"
	default:
		where += " (after " + afterFlag + ")"
	}
	return where
}

// PlainHTTPBeyondLoopback warns that variable (SPICE_API_URL, SPICE_OAUTH_TOKEN_URL) sends
// carried, a credential, over plain http to host, which is not this machine. Never the
// credential, nor more of the URL than its host.
func PlainHTTPBeyondLoopback(variable, host, carried string) string {
	return variable + " is plain http to " + host + ", which is not this machine: this sends " + carried +
		" over the network unencrypted; use https (plain http is meant for sandbox-api on loopback, or a test machine you trust)"
}

// BadBoolean refuses a malformed value of an on/off flag, without the value.
func BadBoolean(flag string) string {
	return "invalid boolean value for " + flag + " (not shown, as it may be a credential): write " + flag +
		" alone, or " + flag + "=true or " + flag + "=false"
}

// FlagGivenTwice refuses a flag given more than once, where the last would silently win; a list
// flag's refusal says how one occurrence takes several items.
func FlagGivenTwice(flag string, list bool) string {
	if list {
		return "--" + flag + " is given more than once: give it once (a list flag takes its items separated by commas), " +
			"as only the last would count"
	}
	return "--" + flag + " is given more than once: give it once, as only the last would count"
}

// HTTPAddrEmpty refuses --http given an empty address (an unset variable in a script).
const HTTPAddrEmpty = "--http is empty: give the address to serve HTTP on (HOST:PORT, or :PORT for loopback), or leave the flag out to serve over stdio"

// OrgSettingHidden refuses a SPICE_ORG holding a character that does not show, as the org
// argument's rule does: every call would ask for an organization no name shown can tell apart.
const OrgSettingHidden = "SPICE_ORG holds a character that does not show (such as a zero-width space, a byte order mark, a bidirectional control or a line separator), " +
	"which no tool's org argument may hold either. Set it to the organization's name exactly, without it (list_orgs shows them), or leave it unset for the credential's own organization"

// AuthTokenTwice refuses the HTTP auth token given both by flag and by file.
const AuthTokenTwice = "--http-auth-token and --http-auth-token-file both give the HTTP auth token: give one (prefer the file: the flag's value is visible in process lists)"

// AuthTokenFileUnreadable: the file named by --http-auth-token-file cannot be read, and why
// (the system's reason, without the path: it may be the token itself, given in its place).
func AuthTokenFileUnreadable(reason string) string {
	return "--http-auth-token-file: the file it names cannot be read (" + reason + "; the path is not shown, as it may be the token itself): " +
		"give the path of a file holding the token"
}

// AuthTokenFileTooLarge: the file named by --http-auth-token-file holds more than any token
// (limit bytes), so it is not read further; neither its path nor its content is shown.
func AuthTokenFileTooLarge(limit int) string {
	return fmt.Sprintf("--http-auth-token-file: the file it names holds more than %d KiB, far more than a token "+
		"(the path is not shown, as it may be the token itself). Give the path of a file holding only the token", limit>>10)
}

// AuthTokenPipeNoWriter: --http-auth-token-file names a named pipe no writer opened within wait.
func AuthTokenPipeNoWriter(wait time.Duration) string {
	return fmt.Sprintf("--http-auth-token-file: the file it names is a named pipe (FIFO) that nothing opened to write to within %s "+
		"(the path is not shown, as it may be the token itself). Start the command that writes the token into it first, "+
		"or give the path of a file holding the token", wait)
}

// AuthTokenPipeSilent: --http-auth-token-file names a pipe whose writer did not finish within wait.
func AuthTokenPipeSilent(wait time.Duration) string {
	return fmt.Sprintf("--http-auth-token-file: the pipe it names sent no complete token within %s (its writer kept it open "+
		"without finishing, e.g. a passphrase prompt left unanswered). The path is not shown, as it may be the token itself. "+
		"Answer the prompt sooner, or give the path of a file holding the token", wait)
}

// SandboxIgnores refuses an HTTP flag the sandbox would ignore, saying why.
func SandboxIgnores(flag string) string {
	why := map[string]string{
		"http-allow-server-token":    "every request that brings no token already uses the sandbox's own",
		"oauth-authorization-server": "the sandbox accepts only its own token and names no authorization server",
		"http-trust-forwarded":       "the sandbox serves no OAuth metadata, the only place the forwarded headers are read",
	}[flag]
	return "--" + flag + " does nothing with --sandbox (" + why + "): leave it out, or drop --sandbox to serve the real API"
}

// SandboxOnlyFlag refuses a flag that sets the emulator of --sandbox given without it.
func SandboxOnlyFlag(flag string) string {
	return "--" + flag + " applies only with --sandbox: against the real API it would do nothing; add --sandbox, or leave the flag out"
}

// TrustForwardedWithPublicURL refuses --http-trust-forwarded with --http-public-url, which names
// the resource itself.
const TrustForwardedWithPublicURL = "--http-trust-forwarded does nothing with --http-public-url: the public URL names the OAuth resource " +
	"and the forwarded headers are not read. Leave one out (the public URL is the safer: it does not depend on the proxy replacing what clients send)"

// NoToolsLeft refuses a tool selection that exposes no tool, naming the flags that made it.
func NoToolsLeft(flags []string) string {
	return "the tool selection leaves no tool to expose (" + strings.Join(flags, " with ") +
		"): the server would start with an empty tools/list; widen the selection (--help lists the toolsets, README the tools and which are read-only)"
}

// AddressInUse refuses a listening address (flag's value, addr) that another process holds,
// suggesting the next port, or port 0 for any free one (the start-up line names it).
func AddressInUse(flag, addr string) string {
	another := "another port"
	if host, port, err := net.SplitHostPort(addr); err == nil {
		if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65535 {
			another += ", e.g. " + flag + " " + net.JoinHostPort(host, strconv.Itoa(n+1))
		}
	}
	return flag + " " + addr + ": that address is already in use (another process, perhaps another copy of this server, " +
		"listens on it). Stop that process, or give " + another + ", or port 0 for any free one (the start-up line names it)"
}

// ServerCredentialsUnused notes, at an HTTP server's start, that the server credentials set in
// the environment (vars, by name only) act for no request: each brings its own bearer token,
// or, in the sandbox, the emulator's own token is used.
func ServerCredentialsUnused(vars []string, inSandbox bool) string {
	set := listed(vars) + plural(len(vars), " is", " are") + " set but not used: "
	if inSandbox {
		return set + "with --sandbox every request acts in the emulator, with its own token " + backquoted(sandbox.DefaultToken) + " when it brings none, " +
			"never with Spice.ai credentials"
	}
	return set + "over --http each request acts with the bearer token its MCP client sends; add --http-allow-server-token " +
		"to lend these credentials to requests that bring none, or unset " + plural(len(vars), "it", "them") + " to keep them out of this process"
}

// CredentialVariableEmpty warns of a credential variable set to an empty or blank value: the
// client's configuration or the shell passed the name without the value.
func CredentialVariableEmpty(name string) string {
	return name + " is set but empty: no credential reaches the server; check the value in the MCP client's \"env\" " +
		"(or the extension's settings), or the shell command that sets it"
}

// SandboxCredentialsUnused tells an operator of --sandbox that the server's credential
// variables (names) are not used, every call going to the emulator.
func SandboxCredentialsUnused(names []string) string {
	verb := " is"
	if len(names) > 1 {
		verb = " are"
	}
	return strings.Join(names, " and ") + verb + " set and not used: --sandbox sends every call to the built-in emulator; " +
		"drop --sandbox to manage Spice.ai Cloud with them"
}

// AuthTokenFileWorldReadable warns that the --http-auth-token-file holding the shared secret can
// be read by every user of the machine (mode perm); neither the path nor the secret is shown.
func AuthTokenFileWorldReadable(perm string) string {
	return "--http-auth-token-file: every user of this machine can read the file (mode " + perm + "), and so the shared secret: " +
		"chmod 600 it (640 for a group the server runs in)"
}
