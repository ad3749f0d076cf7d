package present

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// The command line's refusals of a flag's or a setting's value (exit 2), given the facts the
// detecting code has: the flag or variable, the value where it is safe to show, the limits.

// ConfirmBadMode refuses a --confirm value that is none of modes.
func ConfirmBadMode(mode string, modes []string) string {
	return fmt.Sprintf("--confirm %q: want %s", mode, strings.Join(modes, ", "))
}

// ConfirmContradicted refuses --no-confirm with an explicit --confirm=mode other than off.
func ConfirmContradicted(mode string) string {
	return fmt.Sprintf("--no-confirm means --confirm=off; it contradicts --confirm=%s", mode)
}

// HTTPMaxBodyTooSmall refuses an --http-max-body below 1 KiB.
func HTTPMaxBodyTooSmall(n int64) string {
	return fmt.Sprintf("--http-max-body %d: want at least 1KiB (an MCP message can be a few KiB)", n)
}

// HTTPCountBelowOne refuses a count flag (--http-max-sessions, --http-max-connections) below 1.
func HTTPCountBelowOne(flag string, n int) string {
	return fmt.Sprintf("%s %d: want at least 1", flag, n)
}

// HTTPCountBelowZero refuses a count flag whose 0 means its default
// (--http-max-connections-per-address) below 0.
func HTTPCountBelowZero(flag string, n int) string {
	return fmt.Sprintf("%s %d: want at least 1, or 0 for the default", flag, n)
}

// HTTPMaxConnectionsTooMany refuses an --http-max-connections above max.
func HTTPMaxConnectionsTooMany(n, max int) string {
	return fmt.Sprintf("--http-max-connections %d: want at most %s (each connection holds a file descriptor and up to "+
		"about 36 KiB while its headers arrive)", n, number(max))
}

// HTTPDurationBelowSecond refuses a duration flag (--http-session-ttl and the like) below 1s.
func HTTPDurationBelowSecond(flag string, d time.Duration) string {
	return fmt.Sprintf("%s %s: want at least 1s", flag, d)
}

// URLPortRule is the rule a URL flag's port breaks (after the flag and the URL as shown).
const URLPortRule = "want http(s)://host[:port]/path, a port from 1 to 65535 (or none, for the scheme's default)"

// ByteSizeRule is the rule a byte size flag's value breaks (the flag package names the flag).
const ByteSizeRule = "want a number of bytes, optionally with KiB, MiB or GiB (e.g. 1MiB)"

// HumanListenBeyondLoopback refuses a --human-listen address (addr) beyond loopback without
// --human-listen-beyond-loopback.
func HumanListenBeyondLoopback(addr string) string {
	return "--human-listen " + addr + " is not a loopback address: anyone who can reach it could open the pages; " +
		"use 127.0.0.1:PORT, or add --human-listen-beyond-loopback (e.g. 0.0.0.0 in a container publishing the port on the host's 127.0.0.1)"
}

// ListenAddrSpaces refuses a listen address (flag's value, addr) holding a space; want is its form.
func ListenAddrSpaces(flag, addr, want string) string {
	return fmt.Sprintf("%s %q: want %s, without spaces", flag, addr, want)
}

// ListenAddrSyntax refuses a listen address that is not HOST:PORT (want), with the parser's reason.
func ListenAddrSyntax(flag, addr, want, reason string) string {
	msg := fmt.Sprintf("%s %q: want %s (%s)", flag, addr, want, reason)
	if _, err := strconv.ParseUint(addr, 10, 16); err == nil {
		return msg + "; a port alone is written :" + addr
	}
	if _, rest, ok := strings.Cut(addr, "://"); ok {
		if hostPort, _, _ := strings.Cut(rest, "/"); hostPort != "" {
			return msg + "; give an address, not a URL: " + hostPort
		}
	}
	// An IPv6 address without brackets (::1:8080, ::1). Its last group of two digits or more
	// is read as the port meant: ::1:8080 is an address too, but not one a newcomer means.
	if i := strings.LastIndexByte(addr, ':'); i > 0 && len(addr)-i > 2 && validPort(addr[i+1:]) {
		if ip, err := netip.ParseAddr(addr[:i]); err == nil && ip.Is6() {
			return msg + "; an IPv6 address goes in brackets: " + flag + " [" + addr[:i] + "]" + addr[i:]
		}
	}
	if ip, err := netip.ParseAddr(addr); err == nil && ip.Is6() {
		return msg + "; an IPv6 address goes in brackets, with a port: " + flag + " [" + addr + "]:8080"
	}
	if host, _, _ := strings.Cut(addr, "/"); host != "" && (!strings.Contains(host, ":") || host[0] == '[' && strings.HasSuffix(host, "]")) {
		return msg + "; it has no port: give one, e.g. " + flag + " " + host + ":8080, or " + host + ":0 for any free port"
	}
	return msg
}

// validPort reports whether port is a listen address's port: a number from 0 to 65535.
func validPort(port string) bool {
	_, err := strconv.ParseUint(port, 10, 16)
	return err == nil
}

// FlagValueForm is what a numeric flag's value must look like, for the flag package's bare
// "parse error": duration says whether the flag takes a duration, else a whole number.
func FlagValueForm(duration bool) string {
	if duration {
		return durationForm
	}
	return "want a whole number"
}

// ListenAddrPort refuses a listen address whose port is not a number from 0 to 65535.
func ListenAddrPort(flag, addr string) string {
	// A path after the port (127.0.0.1:8080/mcp, the URL a client is given): the server picks
	// its own paths.
	if hostPort, _, ok := strings.Cut(addr, "/"); ok {
		if i := strings.LastIndexByte(hostPort, ':'); i >= 0 && validPort(hostPort[i+1:]) {
			where := ""
			if flag == "--http" {
				where = " (the server serves MCP at /mcp on it)"
			}
			return fmt.Sprintf("%s %q: an address to listen on has no path: give %s %s%s", flag, addr, flag, hostPort, where)
		}
	}
	return fmt.Sprintf("%s %q: the port must be a number from 0 (any free port) to 65535", flag, addr)
}

// HumanLinksOpenNeedsStdio refuses --human-links=open over --http.
const HumanLinksOpenNeedsStdio = "--human-links=open needs stdio: over --http the person's browser is on another machine"

// HumanLinksNoBrowser refuses --human-links=open where no graphical browser can be started.
const HumanLinksNoBrowser = "--human-links=open: no graphical browser to start on this machine (no DISPLAY/WAYLAND_DISPLAY or no xdg-open); use show"

// HumanLinksBadMode refuses a --human-links value other than open, show or auto.
func HumanLinksBadMode(mode string) string {
	return fmt.Sprintf("--human-links %q: want open, show or auto", mode)
}

// AuthTokenControl refuses an HTTP auth token (from source: a flag, a file, a variable) holding
// a control character, which the header (its name) cannot carry.
func AuthTokenControl(source, header string) string {
	return fmt.Sprintf("%s: the HTTP auth token contains a control character (a line break or the like), "+
		"which no %s header can carry", source, header)
}

// AuthTokenTooLong refuses an HTTP auth token (from source) longer than max characters, which
// no request could carry in its header (named) within the size its headers may take.
func AuthTokenTooLong(source, header string, max int) string {
	return fmt.Sprintf("%s: the HTTP auth token has more than %s characters, too long to count on a request's %s header "+
		"carrying it. Proxies take 8 KiB a line; this server 32 KiB of headers, a bearer token of several KiB among them. Set a random value of 16 to %s characters "+
		"(e.g. openssl rand -hex 32)", source, number(max), header, number(max))
}

// AuthTokenBOM refuses an HTTP auth token (from source) holding a byte order mark, named as it is invisible.
func AuthTokenBOM(source string) string {
	return fmt.Sprintf("%s: the HTTP auth token contains a byte order mark (U+FEFF, invisible in most editors), "+
		"which is not ASCII and which HTTP clients do not send as set. Remove it (save the file as UTF-8 without "+
		"BOM, or as ASCII); a byte order mark at the start of a token file is ignored", source)
}

// AuthTokenNotASCII refuses an HTTP auth token (from source) holding a character beyond ASCII,
// which clients put in the header (its name) in different encodings.
func AuthTokenNotASCII(source, header string) string {
	return fmt.Sprintf("%s: the HTTP auth token contains a character that is not ASCII (such as é), which HTTP "+
		"clients send in a %s header in different encodings, or not at all, so it might never match. Use ASCII "+
		"letters, digits and punctuation (e.g. openssl rand -hex 32)", source, header)
}

// SecretPlaceholder refuses a shared secret (what names it, never its value) still holding the
// example's placeholder.
func SecretPlaceholder(what string) string {
	return fmt.Sprintf("%s is still the placeholder from the example: set a random value of at least 16 characters (e.g. openssl rand -hex 32)", what)
}

// CredentialPlaceholder refuses a Spice.ai credential variable still holding an example's
// placeholder ("<your token>", REPLACE-ME), naming the variable only.
func CredentialPlaceholder(variable string) string {
	what := "your personal access token from https://spice.ai/account"
	if variable != "SPICE_API_TOKEN" {
		what = "your OAuth client's ID and secret (SPICE_CLIENT_ID and SPICE_CLIENT_SECRET)"
	}
	return fmt.Sprintf("%s is still the placeholder from the example: set it to %s, or leave the credentials unset and run with --sandbox to try the server without an account", variable, what)
}

// CredentialQuoted refuses a Spice.ai credential variable wrapped in quotes, naming the
// variable only: every call would send the quotes as part of it and fail with 401.
func CredentialQuoted(variable string) string {
	return variable + " is wrapped in quotes, which are not part of it (the env files of docker run and some .env readers keep the quotes of KEY=\"value\" lines). " +
		"Set it without the quotes (KEY=value in an env file)"
}

// CredentialUnexpanded refuses a Spice.ai credential variable holding a variable's name
// ($SPICE_API_TOKEN, ${SPICE_API_TOKEN}) that the program starting the server passed unexpanded,
// naming the variable only.
func CredentialUnexpanded(variable string) string {
	return SecretUnexpanded(variable) + ", or leave the credentials unset and run with --sandbox to try the server without an account"
}

// SecretUnexpanded refuses a shared secret (what names it) holding a variable's name
// ($SPICE_MCP_HTTP_AUTH_TOKEN) that the program starting the server passed unexpanded.
func SecretUnexpanded(what string) string {
	return fmt.Sprintf("%s holds a variable's name ($NAME, ${NAME}), not its value: the program that starts this server passed it as written, "+
		"without expanding it. Write the value itself in its configuration (or set the variable where that program runs)", what)
}

// SecretTooShort refuses a shared secret (what names it) shorter than 16 characters.
func SecretTooShort(what string) string {
	return fmt.Sprintf("%s must be at least 16 characters: set a random value (e.g. openssl rand -hex 32)", what)
}

// OrgSettingBlankAround refuses an org variable (SPICE_ORG) with spaces around the name.
func OrgSettingBlankAround(variable string) string {
	return fmt.Sprintf("%s has spaces or line breaks at the start or end: set it to the organization's name exactly, without them (or leave it unset for the credential's own organization)", variable)
}

// OrgSettingNotUTF8 refuses an org variable holding bytes that are not UTF-8.
func OrgSettingNotUTF8(variable string) string {
	return fmt.Sprintf("%s holds bytes that are not UTF-8 text, which no tool argument may hold either (the name would reach the API altered): set it to an organization's name in UTF-8 (list_orgs shows them)", variable)
}

// OrgSettingControl refuses an org variable holding a control character, which the header
// (its name) cannot carry.
func OrgSettingControl(variable, header string) string {
	return fmt.Sprintf("%s contains a control character (a tab, line break or the like), which the %s header cannot carry: set it to an organization's name (list_orgs shows them)", variable, header)
}

// OrgSettingRule refuses an org variable outside the handle rule Spice's CLI sends as header.
func OrgSettingRule(variable, header, rule string) string {
	return fmt.Sprintf("%s must match %s (1 to 64 ASCII letters, digits, '.', '_' or '-'), the only %s values Spice sends: set it to an organization's handle (list_orgs shows them)", variable, rule, header)
}

// APITokenControl refuses an API token variable (SPICE_API_TOKEN) holding a control character:
// no Authorization header can carry it, and every call would fail.
func APITokenControl(variable string) string {
	return fmt.Sprintf("%s contains a control character (a line break or the like), so it cannot be sent in the "+
		"Authorization header: set it to the token alone", variable)
}

// UnknownToolset refuses a --toolsets name that is none of valid.
func UnknownToolset(name string, valid []string) string {
	return fmt.Sprintf("unknown toolset %q in --toolsets; valid: %s", name, strings.Join(valid, ", "))
}

// UnknownTool refuses a tool name in flag (--tools, --exclude-tools) that is none of valid; near,
// when not "", is the closest tool to a near miss (list-apps: list_apps), named first.
func UnknownTool(name, flag, near string, valid []string) string {
	if near != "" {
		return fmt.Sprintf("unknown tool %q in %s; did you mean %s? valid: %s", name, flag, near, strings.Join(valid, ", "))
	}
	return fmt.Sprintf("unknown tool %q in %s; valid: %s", name, flag, strings.Join(valid, ", "))
}

// URLNotAbsolute and URLWithExtras are the rules a URL flag (--oauth-authorization-server,
// --http-public-url) breaks, after the flag and the URL as shown.
const (
	URLNotAbsolute = "want an absolute http or https URL"
	URLWithExtras  = "want a URL without credentials, query or fragment"
)

// AllowedOriginsEntry names the --allowed-origins entry i (1 for the first) of n a refusal is about.
func AllowedOriginsEntry(i, n int) string {
	return fmt.Sprintf("--allowed-origins, entry %d of %d", i, n)
}

// ServerCredentialsBeyondLoopback refuses serving addr beyond loopback lending the server's own
// credentials without an auth token.
func ServerCredentialsBeyondLoopback(addr string) string {
	return fmt.Sprintf("refusing to serve %s beyond loopback with the server's own Spice credentials and no "+
		"--http-auth-token-file: anyone who can reach the port would act as you. Set an auth token, or drop "+
		"--http-allow-server-token so every request must bring its own token", addr)
}

// ListenNameNotLoopback refuses a listen address (flag's value, addr) whose host is spelled
// localhost (host) but resolved to addrs, not all loopback, or not at all (lookupErr); loopback
// is the same address with 127.0.0.1, to give instead.
func ListenNameNotLoopback(flag, addr, host, loopback string, addrs []string, lookupErr error) string {
	what := "resolves to " + strings.Join(addrs, ", ") + ", not only to loopback addresses"
	if lookupErr != nil || len(addrs) == 0 {
		what = "could not be resolved"
		if lookupErr != nil {
			what += " (" + lookupErr.Error() + ")"
		}
	}
	return fmt.Sprintf("%s %s: the name %s %s, so listening there is not known to be loopback (this machine alone). "+
		"Give the loopback address itself, %s %s (or [::1] for IPv6), or correct the name's entry in /etc/hosts or DNS", flag, addr, host, what, flag, loopback)
}

// HTTPAddrSyntax refuses an --http address (addr) that is not HOST:PORT, with the parser's reason.
func HTTPAddrSyntax(addr, reason string) string {
	return fmt.Sprintf("--http %q: want HOST:PORT or :PORT (%s)", addr, reason)
}

// The refusals of an --allowed-origins entry. shown is the entry's scheme and host quoted, or
// OriginUnshown when even its host cannot be shown; OriginWant is the form every origin takes.
const (
	OriginAny      = `"*" would let every site's pages call the server: list the origins themselves (http(s)://host[:port])`
	OriginNull     = `"null" is the origin of any sandboxed or local page: list real origins (http(s)://host[:port])`
	OriginWant     = "want http://host[:port] or https://host[:port] alone, such as https://console.example.com"
	OriginUnshown  = "the entry"
	OriginNotParse = OriginUnshown + " is not an origin: " + OriginWant
)

// OriginNotHTTP refuses an origin whose scheme no browser page sends.
func OriginNotHTTP(shown string) string {
	return fmt.Sprintf("%s is not an origin: only http and https origins can come from a browser page; %s", shown, OriginWant)
}

// OriginWithExtras refuses an origin with credentials, a path, a query or a fragment.
func OriginWithExtras(shown string) string {
	return fmt.Sprintf("%s is not an origin: it has credentials, a path, a query or a fragment; %s", shown, OriginWant)
}

// OriginBadHost refuses an origin whose host is neither a host name nor an IP address.
func OriginBadHost(shown string) string {
	return fmt.Sprintf("%s is not an origin: the host must be a host name or an IP address (an international name in its xn-- form); %s", shown, OriginWant)
}

// OriginEmptyPort refuses an origin with ":" and no port after it.
func OriginEmptyPort(shown string) string {
	return fmt.Sprintf("%s is not an origin: the port after \":\" is empty: give a port from 1 to 65535, or leave out the \":\" for the scheme's default", shown)
}

// OriginBadPort refuses an origin whose port is not a number from 1 to 65535.
func OriginBadPort(shown string) string {
	return fmt.Sprintf("%s is not an origin: the port must be a number from 1 to 65535", shown)
}
