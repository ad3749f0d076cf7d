package present

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// The texts of the HTTP transport's refusals: plain-text bodies that an HTTP client's developer
// reads, each naming the limit and what the client can do instead. A limit's flag is its
// operator's, whom the caller need not be: the log line of each refusal names it (mcpserver),
// the body does not.

// BodyTooLarge refuses a request body over the limit (413).
func BodyTooLarge(limit int64) string {
	return fmt.Sprintf("Request body too large: this server accepts at most %s per request (a limit its operator sets). "+
		"MCP messages are small; send large spicepods or many secrets in separate calls.", Bytes(limit))
}

// BodyTimeout refuses a request whose body did not arrive in time (408).
func BodyTimeout(limit time.Duration) string {
	return fmt.Sprintf("Request timeout: the whole request must arrive within %s, and this one did not: send it again.", limit)
}

// BodyUnreadable refuses a request whose body broke off (400).
const BodyUnreadable = "Bad request: the request body could not be read."

// TooManySessions refuses a new MCP session when every session the server may keep is in use (503).
func TooManySessions(limit int, retryAfter time.Duration) string {
	return fmt.Sprintf("Service unavailable: this server keeps at most %s MCP sessions and each "+
		"has a request in progress. Retry in %s, or end sessions you no longer use with an HTTP DELETE.", number(limit), Duration(retryAfter))
}

// TooManySessionsForClient refuses a new MCP session of a client (an address, or a bearer
// credential) whose share of the sessions all have a request in progress (429).
func TooManySessionsForClient(limit int, retryAfter time.Duration) string {
	return fmt.Sprintf("Too many requests: this server keeps at most %s MCP sessions for one client address or credential, "+
		"and yours all have a request in progress. Retry in %s, or end sessions "+
		"you no longer use with an HTTP DELETE.", number(limit), Duration(retryAfter))
}

// CredentialInURL refuses a request that carries a credential-like query parameter (400). The
// parameter is not named, nor its value shown: a name can be a token itself ("?Bearer%20…=1").
func CredentialInURL() string {
	return "Bad request: a query parameter is named like a credential, and URLs end up in proxy and " +
		"access logs. Send tokens in the Authorization header (Bearer), never in the URL."
}

// CredentialValueInURL refuses a request whose query holds a value that reads as a credential
// (a bearer token, a JWT, a known key's shape) under any name (400); the value is not repeated.
func CredentialValueInURL() string {
	return "Bad request: a query parameter's value reads as a credential, and URLs end up in proxy and " +
		"access logs. Send tokens in the Authorization header (Bearer), never in the URL."
}

// SharedSecretRequired refuses a request without the shared secret of --http-auth-token-file (401).
func SharedSecretRequired(header string) string {
	return "Unauthorized: present the server's auth token in the " + header + " header."
}

// BearerRequired refuses an MCP request that brought no token to a server that acts only with
// each caller's own (401). metadataURL is the OAuth protected-resource metadata (RFC 9728).
func BearerRequired(metadataURL string) string {
	return "Unauthorized: this server acts with each caller's own Spice.ai token. Send it as \"Authorization: Bearer <token>\" " +
		"(create one at https://spice.ai/account), or sign in with OAuth: the protected-resource metadata at " +
		metadataURL + " names the authorization server."
}

// BearerStandIn refuses an MCP request whose bearer token stands in for one: an example's
// placeholder left in place ("Authorization: Bearer <your token>" as README's configurations write
// it, REPLACE-ME) or, variable, a variable's name the client sent unexpanded (${SPICE_API_TOKEN}).
// It would reach the API and come back refused, or, with a blank inside, read as no token at all.
// sandbox: the server runs --sandbox, whose emulator needs no token. The value is not repeated.
func BearerStandIn(variable, sandbox bool) string {
	what := standIn(variable)
	if sandbox {
		return "Unauthorized: the Authorization header holds " + what + ". This server runs --sandbox, whose emulator " +
			"needs no Spice.ai token (a real one never works there): remove the Authorization header from the client's " +
			"configuration for this server, so that the sandbox lends its own token."
	}
	fix := "put your token in its place in the client's configuration for this server"
	if variable {
		fix = "set that variable where the client runs (and restart the client), or write the token itself in its configuration for this server"
	}
	return "Unauthorized: the Authorization header holds " + what + " where your Spice.ai token goes: " + fix +
		" (create one at https://spice.ai/account), or sign in with OAuth where the client can. Nothing was sent to the API."
}

// standIn says what a credential's header holds in place of the credential: an example's
// placeholder or, variable, a variable's name the client sent unexpanded. The value is not repeated.
func standIn(variable bool) string {
	if variable {
		return "a variable's name ($NAME, ${NAME}) that the client sent as written, not its value"
	}
	return "the example's placeholder (such as <your token>)"
}

// SharedSecretStandIn refuses (401) a request whose shared-secret header (--http-auth-token-file)
// holds, instead of the secret, an example's placeholder or, variable, a variable's name the client
// sent unexpanded ("X-MCP-Auth-Token: $SPICE_MCP_HTTP_AUTH_TOKEN" as README's example writes it, in
// a configuration that expands nothing). It says nothing of the secret the server holds, and does
// not repeat the header.
func SharedSecretStandIn(header string, variable bool) string {
	fix := "put the auth token this server's operator gave you in its place in the client's configuration for this server"
	if variable {
		fix = "set that variable where the client runs (and restart the client), or write the auth token itself in its configuration for this server"
	}
	return "Unauthorized: the " + header + " header, where this server's auth token goes, holds " + standIn(variable) + ": " + fix + "."
}

// AuthorizationUnusable refuses an MCP request whose Authorization header is not one bearer
// token (400). It never repeats the header, which may hold a token.
const AuthorizationUnusable = "Bad request: the Authorization header is not one bearer token. Send your Spice.ai token as " +
	"\"Authorization: Bearer <token>\", in one header. This server reads no other scheme, and a " +
	"request that brings a header it cannot read is refused rather than served with the server's own credentials."

// AuthorizationUnusableSandbox is AuthorizationUnusable in sandbox mode, whose emulator accepts
// only its own public token (RemedySandboxBearer): no Spice.ai token works there.
const AuthorizationUnusableSandbox = "Bad request: the Authorization header is not one bearer token. This server runs " +
	"--sandbox, whose emulator accepts only its own public token (a real token never works there, and none is needed). Remove the Authorization header from the " +
	"client's configuration for this server, so that the sandbox lends its own token, or send \"Authorization: Bearer " +
	"sandbox\", in one header. A request that brings a header this server cannot read is refused rather than served " +
	"with the sandbox's token."

// Bytes renders a byte count with a binary unit (1 MiB, 512 KiB, 1,500 bytes).
func Bytes(n int64) string { return plain.Bytes(n) }

// ResourceSegmentEmpty is why a resource URI whose {app} or {org} segment is empty names nothing.
func ResourceSegmentEmpty(segment string) string { return "the " + segment + " segment is empty" }

// ResourceNotFound answers a resources/read whose app does not exist (JSON-RPC -32002), the URI
// quoted (QuotedURI).
func ResourceNotFound(uri, reason string) string {
	return "Resource not found: " + QuotedURI(uri) + ": " + reason
}

// PromptArgumentUnknown answers a prompts/get or a completion with an argument the prompt does
// not take (-32602), its name quoted as a URI is (QuotedURI: short, escaped, a credential masked),
// so the list after it is never lost to a name of megabytes.
func PromptArgumentUnknown(prompt, argument string, valid []string) string {
	if len(valid) == 0 {
		return fmt.Sprintf("Invalid params: %s takes no arguments (got %s)", prompt, QuotedURI(argument)) + rpcArgRemedy("", ArgUnknownFix(nil))
	}
	return fmt.Sprintf("Invalid params: %s takes no argument %s", prompt, QuotedURI(argument)) + rpcArgRemedy("", ArgUnknownFix(valid))
}

// PromptArgumentMissing answers a prompts/get without a required argument (JSON-RPC -32602).
func PromptArgumentMissing(prompt, argument string) string {
	return fmt.Sprintf("Invalid params: %s needs argument %q", prompt, argument) + rpcArgRemedy("", "pass it in arguments")
}

// rpcArgRemedy ends a JSON-RPC error refusing a request or its argument (prompts/get,
// completion/complete, a member of params) as a tool's refusal ends (ArgRemedy): rule, the rule's own words after
// ": " ("" for none), then "What to do: " with its fix (WithFix in rule, else fix, else
// "correct it"), so the one message names the rule and says the fix last, once. It stays one
// line, as a JSON-RPC error's message is (TestR61Hostile5PromptArgumentNameQuotedShort). A rule
// that holds its What to do line already (an API error's) is kept as it is.
func rpcArgRemedy(rule, fix string) string {
	if strings.Contains(rule, "\n"+whatToDo("")) {
		return ": " + rule
	}
	rule, own := SplitFix(strings.TrimSuffix(rule, "."))
	if own != "" {
		fix = own
	}
	if fix == "" {
		fix = "correct it"
	}
	if rule != "" {
		rule = ": " + rule
	}
	return rule + ". " + whatToDo(fix+".")
}

// InvalidSessionID refuses a session ID this server cannot have issued (404, as mcp-go does).
const InvalidSessionID = "Invalid session ID"

// SessionTerminated refuses a session its client ended with DELETE (404: the client starts a new one).
const SessionTerminated = "Session terminated: it was ended with DELETE. Send initialize to start a new session."

// SessionIDMissing refuses a 2025-era request (other than initialize) or a DELETE that names no
// session (400).
const SessionIDMissing = "Bad request: this request needs the Mcp-Session-Id header of an initialized session " +
	"(send initialize first; protocol version 2026-07-28 has no sessions)."

// SessionIDMalformed refuses an Mcp-Session-Id header holding a byte no session ID may (400):
// MCP allows only visible ASCII. The value is not shown (a client may send a secret there).
const SessionIDMalformed = "Bad request: the Mcp-Session-Id header holds a character no session ID may: only visible " +
	"ASCII (0x21 to 0x7E) is allowed, so it names no session. Send the ID the server issued, as it came."

// SessionIDRepeated refuses a request whose Mcp-Session-Id header comes more than once with
// different values (400): which session it means is not for the server to guess.
const SessionIDRepeated = "Bad request: the Mcp-Session-Id header came more than once with different values. Send it once."

// SessionIDRequired refuses a GET stream without the session it belongs to (400).
const SessionIDRequired = "Bad request: a GET stream needs the Mcp-Session-Id header of an initialized session: send initialize first, then the header its answer gave."

// BrowserOpenedEndpoint answers a GET of the MCP endpoint that accepts no event stream: a person
// who opened the URL in a browser (400).
const BrowserOpenedEndpoint = "Bad request: this is spice-cloud-mcp's MCP endpoint (streamable HTTP), for an MCP client, not a " +
	"browser: clients POST JSON-RPC messages to it. Give this URL to your MCP client (README: Streamable HTTP)."

// AnswerEmpty is why the client's answer to a question the server asked over HTTP was not used:
// its result and its error are both empty, which the transport would drop unread.
const AnswerEmpty = `the answer was not used: its "result" and its "error" are each missing, null, {} or [], so it answers nothing`

// AnswerRefused is why the client's answer to a question the server asked over HTTP was not used:
// the POST that carried it was refused (400), as every such POST would be.
const AnswerRefused = "the answer was not used: the POST that carried it was refused (it must be JSON-RPC " +
	"sent alone, with Content-Type application/json and a supported MCP-Protocol-Version)"

// AnswerNoQuestion refuses (400) a client's response, posted over HTTP, that answers no question
// its session waits on (none of that id was asked, or its call has ended).
const AnswerNoQuestion = "Bad request: this response answers no question the session waits on (none of that id was asked, or its call has ended)."

// QuestionServerStopping is why a question the server asked over HTTP went unanswered: the server
// began shutting down (SIGINT or SIGTERM) and takes no new request, so no answer can arrive.
const QuestionServerStopping = "the server is shutting down and can no longer receive the answer"

// ProtocolVersionUnknown refuses (400) a request whose MCP-Protocol-Version header holds no
// protocol version this server knows; value is the header as received (quoted, every character
// beyond ASCII or that does not show escaped, and bounded), supported the versions it serves;
// initialize: the request is an initialize (one with a 2026-07-28 _meta: a 2025-era one is served);
// modern: the request is a 2026-07-28 one (its params._meta says so); metaServed: the version its
// params._meta names is one served, so sending that one in the header too is the fix (a client
// whose _meta names a newer version than any served, as the header does, is told to pick one of
// the versions served instead).
func ProtocolVersionUnknown(value string, supported []string, initialize, modern, metaServed bool) string {
	fix := "send the one initialize agreed on, or with 2026-07-28 the one in the request's params._meta."
	switch {
	case modern && !metaServed:
		fix = "its params._meta names no version served either: send one of these, the same in the header and in params._meta."
		if initialize {
			fix = "an initialize needs none, and " + fix
		}
	case initialize:
		fix = "an initialize needs none, and with 2026-07-28 it is the one in the request's params._meta."
	case modern:
		fix = "a 2026-07-28 request sends the one in its params._meta."
	}
	return "Bad request: the MCP-Protocol-Version header holds " + startAndEnd(strconv.QuoteToASCII(MaskText(value))) +
		", which is no protocol version this server supports (" + strings.Join(supported, ", ") + "); " + fix
}

// ProtocolVersionRequested is the data.requested of the -32022 answer to such a header: the value
// as ProtocolVersionUnknown's message shows it, without the quotes (escaped as Go does, so bytes
// that are not UTF-8, a line break or U+202E show as escapes, and a long one is its start, end and
// length): any version this server could serve reads as sent, and a 30 KB header is not echoed whole.
func ProtocolVersionRequested(value string) string {
	q := strconv.QuoteToASCII(MaskText(value))
	return startAndEnd(q[1 : len(q)-1])
}

// SharedSecretHeaderRepeated refuses a request that sends the shared secret's header more than
// once (400): which one counts would be a guess. Neither value is repeated.
func SharedSecretHeaderRepeated(header string, n int) string {
	return fmt.Sprintf("Bad request: the %s header came %d times; send the server's auth token in it once.", header, n)
}

// CallerTokenRefused answers (401, with WWW-Authenticate: Bearer error="invalid_token") an MCP
// request whose call the Spice.ai API refused the caller's bearer token for: invalid, expired or
// revoked. It never repeats the token. metadataURL is the protected-resource metadata, "" when
// the server serves none.
func CallerTokenRefused(metadataURL string) string {
	text := "Unauthorized: the Spice.ai API refused the bearer token this request brought (invalid, expired or revoked). " +
		"Refresh it or sign in again, and send the new one as \"Authorization: Bearer <token>\" (an MCP session, " +
		"Mcp-Session-Id, belongs to the token that opened it: initialize again with the new one)"
	if metadataURL != "" {
		return text + "; the protected-resource metadata at " + metadataURL + " names the authorization server."
	}
	return text + "; create one at https://spice.ai/account."
}
