package tools

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// The human channel on the tools' side: secret values a person enters out of band (URL-mode
// elicitation, or a one-time page link the agent shows), and values the server reads itself
// (value_from_env, value_from_file). A value never appears in a result, a notification, a log
// line or an error.

// LocalSources reads secret values where the server runs. Over HTTP there are none: a remote
// caller must not read the server's environment or files.
type LocalSources struct {
	// Getenv reads the server's environment.
	Getenv func(string) string
	// Forbidden are variables that are never read: the server's own credentials.
	Forbidden []string
}

// ServerCredentialVariables are the environment variables holding this server's own
// credentials; value_from_env refuses them.
var ServerCredentialVariables = []string{"SPICE_API_TOKEN", "SPICE_CLIENT_ID", "SPICE_CLIENT_SECRET",
	"SPICE_MCP_HTTP_AUTH_TOKEN", "SPICE_MCP_CONFIRM_KEY"}

// maxLocalValue bounds a value read from a file.
const maxLocalValue = 64 << 10

// localValue is a value the server read, and what to say about where it came from.
type localValue struct {
	value  string
	kind   string        // present.SourceEnv or present.SourceFile
	source present.Shown // the variable's name or the file's path (and the file a link leads to)
	size   int
	names  int // a file's link count (hard links), 0 for a variable
}

// readEnv reads value_from_env.
func (l *LocalSources) readEnv(name string) (*localValue, string) {
	if l == nil {
		return nil, present.LocalSourcesOff
	}
	for _, f := range l.Forbidden {
		if strings.EqualFold(f, name) {
			return nil, present.EnvForbidden(name)
		}
	}
	v := l.Getenv(name)
	if v == "" {
		return nil, present.EnvUnset(name)
	}
	if !utf8.ValidString(v) { // as a file's: JSON would carry U+FFFD in its place, altering it
		return nil, present.EnvNotText(name)
	}
	if own := l.ownCredentialIn(v); own != "" {
		return nil, present.HoldsServerCredential(name, own)
	}
	if proxy := l.proxyCredentialIn(v); proxy != "" {
		return nil, present.HoldsProxyCredential(name, proxy)
	}
	return &localValue{value: v, kind: present.SourceEnv, source: present.LocalName(name), size: len(v)}, ""
}

// ownCredentialIn names the server credential variable whose value v is (surrounding
// whitespace aside) or, for a value of minCredentialLen bytes or more, contains, if any: a copy
// of the token in another variable or a file (an .env file, /proc/self/environ) must not
// become a secret any spicepod can read.
func (l *LocalSources) ownCredentialIn(v string) string {
	for _, name := range l.Forbidden {
		own := credentialAsUsed(name, l.Getenv(name))
		if own == "" {
			continue
		}
		// A shorter value (the sandbox's token) would match ordinary text inside a longer one:
		// it is refused only as the whole value.
		if strings.TrimSpace(v) == own || (len(own) >= minCredentialLen && strings.Contains(v, own)) {
			return name
		}
	}
	return ""
}

// credentialAsUsed is a credential variable's value as the server uses it: without the
// surrounding whitespace (client.ConfigFromEnv and the CLI trim every one of them), and for
// SPICE_API_TOKEN without a "Bearer " prefix. Each is part of the raw value, so a text that
// holds the raw value holds this one too.
func credentialAsUsed(name, raw string) string {
	v := strings.TrimSpace(raw)
	if name == client.EnvAPIToken {
		v = strings.TrimPrefix(v, "Bearer ")
	}
	return v
}

// proxyVariables are where net/http reads the proxy the server's requests go through
// (client: http.ProxyFromEnvironment, upper case first); a proxy's user and password are the
// server's own credential, sent with each request through it.
var proxyVariables = []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}

// proxyCredentialIn names the proxy variable whose credentials v holds, if any: the whole
// variable, or its password (its user when it has none: a token given as the user) as
// ownCredentialIn looks for a credential.
func (l *LocalSources) proxyCredentialIn(v string) string {
	for _, name := range proxyVariables {
		raw := strings.TrimSpace(l.Getenv(name))
		u, err := url.Parse(raw)
		if err != nil || u.User == nil || !strings.Contains(raw, "://") {
			if u, err = url.Parse("http://" + raw); err != nil || u.User == nil { // as net/http reads "user:pw@host:3128"
				continue
			}
		}
		secret, ok := u.User.Password()
		if !ok {
			secret = u.User.Username()
		}
		if secret == "" {
			continue
		}
		trimmed := strings.TrimSpace(v)
		if trimmed == raw || trimmed == secret || (len(secret) >= minCredentialLen && strings.Contains(v, secret)) {
			return name
		}
	}
	return ""
}

// minCredentialLen is the shortest credential value ownCredentialIn looks for inside a longer
// text.
const minCredentialLen = 8

// systemFolders hold files the kernel makes up (a process's environment and memory, devices),
// never a user's value.
var systemFolders = []string{"/proc", "/sys", "/dev"}

// inSystemFolder reports whether path, its links followed, is in one of systemFolders.
func inSystemFolder(path string) bool {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return true
	}
	return underSystemFolder(abs)
}

// underSystemFolder reports whether the absolute path abs, as it is, is in one of
// systemFolders.
func underSystemFolder(abs string) bool {
	for _, dir := range systemFolders {
		if abs == dir || strings.HasPrefix(abs, dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// readFile reads value_from_file: a regular UTF-8 file of at most maxLocalValue bytes, used
// exactly as it is (a trailing newline included, and said so).
func (l *LocalSources) readFile(path string) (*localValue, string) {
	if l == nil {
		return nil, present.LocalSourcesOff
	}
	// A file refused is named by its absolute path too (the server's working folder is shown
	// nowhere), even one that cannot be opened.
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = ""
	}
	if inSystemFolder(path) {
		return nil, present.FileUnreadable(path, abs, present.FileOfTheSystem)
	}
	// Links are followed. Anything but a regular file is refused before it is opened: opening
	// a FIFO waits for a writer, for as long as it takes.
	if checked, err := os.Stat(path); err != nil {
		why := pathError(err)
		if strings.HasPrefix(path, "~") { // ~, ~/x and ~user/x alike: a shell's, expanded by none here
			why += present.FileTildeNotExpanded
		}
		return nil, present.FileUnreadable(path, abs, why)
	} else if !checked.Mode().IsRegular() {
		return nil, present.FileUnreadable(path, abs, present.FileNotRegular)
	}
	// Opened once, without waiting (openNoWait), and everything after is about that open
	// file: a FIFO or another file put in its place since is refused at once, and the file
	// named (and checked against systemFolders) is the one read, whatever link is swapped
	// into a folder on the way meanwhile.
	f, err := os.OpenFile(path, os.O_RDONLY|openNoWait, 0)
	if err != nil {
		return nil, present.FileUnreadable(path, abs, pathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, present.FileUnreadable(path, abs, pathError(err))
	}
	if !info.Mode().IsRegular() {
		return nil, present.FileUnreadable(path, abs, present.FileNotRegular)
	}
	real, ok := openedName(f, info, path)
	if !ok {
		return nil, present.FileUnreadable(path, abs, present.FileMoved)
	}
	if underSystemFolder(real) { // a link changed since the first check
		return nil, present.FileUnreadable(path, abs, present.FileOfTheSystem)
	}
	// The file read is named by its absolute path, and the path given as well when it is not
	// that (relative: the server's working folder is shown nowhere; or a link, or a folder on
	// the way that is one): the person approves the file read, not a name the agent chose.
	source := present.LocalName(real)
	if abs == "" || abs != real {
		source = present.FileThroughLink(path, real)
	} else if path != real {
		source = present.FileGivenAs(path, real)
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxLocalValue+1))
	switch {
	case err != nil:
		return nil, present.FileUnreadable(path, abs, pathError(err))
	case len(raw) > maxLocalValue:
		return nil, present.FileUnreadable(path, abs, present.FileTooLarge(maxLocalValue))
	case len(raw) == 0:
		return nil, present.FileUnreadable(path, abs, present.FileEmpty)
	case !utf8.Valid(raw):
		return nil, present.FileUnreadable(path, abs, present.FileNotText)
	case secretValueRefused(string(raw)) != "":
		return nil, present.FileUnreadable(path, abs, present.FileHoldsNUL)
	}
	if own := l.ownCredentialIn(string(raw)); own != "" {
		return nil, present.FileUnreadable(path, abs, present.HoldsServerCredential("it", own))
	}
	if proxy := l.proxyCredentialIn(string(raw)); proxy != "" {
		return nil, present.FileUnreadable(path, abs, present.HoldsProxyCredential("it", proxy))
	}
	return &localValue{value: string(raw), kind: present.SourceFile, source: source, size: len(raw), names: linkCount(info)}, ""
}

// openedName is the absolute path of f, the regular file opened from path (info: its fstat),
// or false when it cannot be told. On Linux it is the name the kernel gives the open file
// (/proc/self/fd), so the name is that of the file read by construction; elsewhere, or when
// that name no longer leads to the file (renamed or deleted since), path's links resolved
// now, used only when they lead to that same file.
func openedName(f *os.File, info os.FileInfo, path string) (string, bool) {
	var name string
	if conn, err := f.SyscallConn(); err == nil {
		_ = conn.Control(func(fd uintptr) {
			name, _ = os.Readlink("/proc/self/fd/" + strconv.FormatUint(uint64(fd), 10))
		})
	}
	if filepath.IsAbs(name) && sameFile(name, info) {
		return name, true
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", false
	}
	if real, err = filepath.Abs(real); err != nil || !sameFile(real, info) {
		return "", false
	}
	return real, true
}

// sameFile reports whether name, its links followed, is the file info describes.
func sameFile(name string, info os.FileInfo) bool {
	st, err := os.Stat(name)
	return err == nil && os.SameFile(st, info)
}

// pathError is an OS error without the path (the caller names it once).
func pathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (v *localValue) note() string {
	return present.ValueFrom(v.kind, v.source, v.names, strings.HasSuffix(v.value, "\n"))
}

const secretsField = "secrets"

// personEntry is what came of asking a person for secret values: stored (names), or a result
// to return now (a link, a question, a refusal).
type personEntry struct {
	stored []string
	result *Result
	opened bool // the page was opened in the user's browser (--human-links open): no link shown
}

// secretsFromPerson asks the person for the values of names of app, out of band: by URL-mode
// elicitation when the client declares it (the call waits, bounded by the page's expiry, with
// progress), else with a one-time link in the result, matched to the next identical call. The
// page stores each value with this call's client as soon as the person submits it. then is
// what the link result tells the agent to do next; memo is returned with the answer.
func (env *Env) secretsFromPerson(ctx context.Context, c *client.Client, tool string, args any, app appTarget, names []string, then string, memo any) (personEntry, any) {
	info := callInfo(ctx)
	if server.ElicitationResponse(info.InputResponses, secretsField) != nil {
		return env.personAnswered(ctx, tool, args)
	}
	if env.Human == nil {
		return personEntry{result: &Result{Text: present.SecretEntryUnavailable, IsError: true}}, nil
	}
	if r := env.refuseByRole(ctx, c, tool); r != nil { // before the person is asked for a value
		return personEntry{result: r}, nil
	}
	org := client.OrgFrom(ctx) // the page stores the values later, in the call's organization
	// The same app name may be in several organizations: the page and the question say which,
	// as approvals do.
	label := present.AppInOrg(app.shown(), c.OrgFor(ctx))
	res, link, err := env.Human.Secrets(ctx, humanweb.SecretForm{
		Key: secretFormKey(tool, args, app.ID, names, info.Caller), Caller: info.Caller, Tool: tool, App: label.Plain, Names: names, Memo: memo,
		Notes: withNote(nil, present.NotUTF8Words(client.CallNotUTF8(ctx)).Plain),
		Store: func(ctx context.Context, name, value string) error {
			// The call that picks this up redacts the value from what it shows (callvalues.go).
			env.entered.add(info.Token, value, time.Now().Add(env.Human.TTL()+time.Minute))
			if _, err := c.UpsertProjectSecret(client.WithOrg(ctx, org), app.ID, name, value); err != nil {
				// The agent reads the Markdown text, the page the same words as they are.
				w := present.ErrorWords(err)
				if client.MayHaveApplied(err) {
					return humanweb.PageText(humanweb.OutcomeUnknown(present.OutcomeUnknownWhy(err), w.Markdown), w.Plain)
				}
				return humanweb.PageText(errors.New(w.Markdown), w.Plain)
			}
			return nil
		},
		Check: secretFitsRequest})
	if err != nil {
		return personEntry{result: failedBy(present.SecretPageFailed(err), err)}, nil
	}
	if res.Decision != humanweb.Pending {
		return entryOutcome(ctx, env, res), res.Memo // answered on the page since the last identical call
	}
	if info.CanElicitURL {
		binding := callBinding(tool, args, info.Caller)
		question := server.NewInputRequestBuilder(env.signStateNonce(binding, "", link.Ref)).Elicit(secretsField, mcp.ElicitationParams{
			Mode:          mcp.ElicitationModeURL,
			Message:       present.SecretEntryQuestion(label.Markdown, names),
			ElicitationID: link.Ref,
			URL:           link.URL,
		}).ToolResult()
		return personEntry{result: &Result{Raw: question}}, nil
	}
	switch opened, err := env.Human.Open(link); {
	case err != nil: // never shown instead: under --human-links open the link must not reach the agent
		return personEntry{result: failedBy(present.SecretEntryNotOpened(label.Markdown, names, env.usable(ctx, "list_secrets")), err)}, nil
	case opened:
		return personEntry{result: &Result{Text: present.SecretEntryOpened(label.Markdown, names, link.Expires, then)}, opened: true}, nil
	}
	return personEntry{result: &Result{Text: present.SecretEntryLink(label.Markdown, names, link.URL, link.Expires, then)}}, nil
}

// secretFitsRequest says why the set-secret request for name and value would be over the
// request-body limit ("" when it fits), as create_and_deploy_app's secrets are checked, without
// the value: the page refuses it before anything is stored.
func secretFitsRequest(name, value string) string {
	body, err := rules.EncodeJSON(client.SecretRequestBody(name, value))
	if _, msg := rules.BodySize(body); err == nil && msg != "" {
		return present.ArgSecretTooLarge(len(body), rules.BodyMaxBytes)
	}
	return ""
}

// personAnswered is the second round of a URL-mode elicitation: the client says whether the
// person opened the page; the call then waits for what they entered there. The request state
// is signed, bound to this exact call, and accepted once.
func (env *Env) personAnswered(ctx context.Context, tool string, args any) (personEntry, any) {
	info := callInfo(ctx)
	answer := server.ElicitationResponse(info.InputResponses, secretsField)
	ref, refused := env.redeemAnswer(info.RequestState, callBinding(tool, args, info.Caller), "")
	if answer == nil || env.Human == nil {
		refused = present.ConfirmStateInvalid
	}
	if refused != "" {
		return personEntry{result: refusal(refused)}, nil
	}
	if answer.Action != mcp.ElicitationResponseActionAccept {
		env.Human.Cancel(ref)
		return personEntry{result: refusal(present.SecretEntryDeclined)}, nil
	}
	res, err := env.awaitPerson(ctx, ref)
	if errors.Is(err, ErrInputClosed) {
		return personEntry{result: failedBy(present.SecretEntryInputClosed, err)}, nil
	}
	if errors.Is(err, ErrStoreUnknown) {
		return personEntry{result: failedBy(present.SecretEntryStoreUnknown(unusableTools(ctx, env, "list_secrets")), err)}, nil
	}
	if errors.Is(err, ErrClosedWhileStoring) {
		return personEntry{result: failedBy(present.SecretEntryClosedWhileStoring(res.Stored, res.Failed, res.Reason, res.Unknown, res.Why,
			unusableTools(ctx, env, "list_secrets")), err)}, nil
	}
	if ended := (*callEndedError)(nil); errors.As(err, &ended) {
		outOfTime := errors.Is(err, context.DeadlineExceeded)
		if ended.storing {
			return personEntry{result: failedBy(present.SecretEntryEndedWhileStoring(outOfTime, unusableTools(ctx, env, "list_secrets")), err)}, res.Memo
		}
		if ended.leftOpen {
			return personEntry{result: failedBy(present.SecretEntryLeftOpen(outOfTime), err)}, res.Memo
		}
		return personEntry{result: failedBy(present.SecretEntryWithdrawn(outOfTime), err)}, res.Memo
	}
	if err != nil {
		return personEntry{result: refusal(present.SecretEntryLost(err))}, nil
	}
	// Entered while this call waited: redacted from what it shows next (callvalues.go).
	client.AddCallValues(ctx, env.entered.values(info.Token, time.Now())...)
	return entryOutcome(ctx, env, res), res.Memo
}

// callBinding binds a question's state to one call: tool, arguments and caller.
func callBinding(tool string, args any, caller string) string {
	h := sha256.New()
	fmt.Fprintf(h, "call\n%s\n%s\n%s", tool, canonicalArgs(args), caller)
	return hex.EncodeToString(h.Sum(nil))
}

// awaitPerson waits for the page, reporting progress every 20 seconds.
func (env *Env) awaitPerson(ctx context.Context, ref string) (humanweb.FormResult, error) {
	defer pauseTimeLimit(ctx)() // a person's time does not count against the call's time limit
	type outcome struct {
		res humanweb.FormResult
		err error
	}
	done := make(chan outcome, 1)
	// When the client closes the server's input (stdio), no answer can reach it: the page is
	// withdrawn and the wait ends at once, as a question pending then fails at once. When the
	// call itself ends (cancelled; its time limit, paused above, never ends it during the wait,
	// though one already spent before the wait began ends it at once) the page is withdrawn too,
	// under the lock a store takes: so the wait does not end with ctx, but once the page is
	// withdrawn or the values being stored are (humanweb.Surface.Withdraw).
	// Identical calls share one open form: a call that ends leaves it open for one still
	// waiting on it (humanweb.Surface.Join).
	awaitCtx, stop := context.WithCancelCause(context.WithoutCancel(ctx))
	defer stop(nil)
	leave := env.Human.Join(ref)
	defer leave()
	go func() {
		res, err := env.Human.Await(awaitCtx, ref)
		done <- outcome{res, err}
	}()
	report(ctx, present.SecretEntryWaiting)
	tick := time.NewTicker(20 * time.Second)
	defer tick.Stop()
	closed, ended := inputClosed(ctx), ctx.Done()
	var storing <-chan time.Time
	var callEnded error // why the call ended while it waited (ctx's error), once it did
	leftOpen := false   // another call still waits on the page: it was not withdrawn
	for {
		select {
		case o := <-done:
			unanswered := o.err != nil || o.res.Decision == humanweb.Expired || o.res.Decision == humanweb.Withdrawn
			if errors.Is(context.Cause(awaitCtx), ErrInputClosed) && unanswered {
				if !leftOpen {
					env.Human.Cancel(ref) // withdrawn: nobody enters values no call waits for
				}
				return humanweb.FormResult{}, ErrInputClosed
			}
			if callEnded != nil && unanswered {
				return humanweb.FormResult{Memo: o.res.Memo}, &callEndedError{err: callEnded, leftOpen: leftOpen}
			}
			if storing != nil && callEnded == nil && o.err == nil && (o.res.Decision == humanweb.Stored || o.res.Decision == humanweb.Failed) {
				return o.res, ErrClosedWhileStoring
			}
			// Stored (or refused) before or while the call ended: said as it is.
			return o.res, o.err
		case <-closed:
			closed = nil
			leave()
			switch env.Human.Withdraw(ref) {
			case humanweb.AnsweredAlready:
				// The person's values are being stored now: that ends within StoreTimeout,
				// and the result says what became of them. The log says why serving goes on
				// after the input closed (and tests wait for it, not for time to pass).
				storing = time.After(humanweb.StoreTimeout + 5*time.Second)
				if env.Logger != nil {
					env.Logger.Info(present.LogInputClosedWhileStoring)
				}
				continue
			case humanweb.LeftOpen:
				leftOpen = true
			}
			stop(ErrInputClosed)
		case <-ended:
			ended, callEnded = nil, ctx.Err()
			leave()
			switch env.Human.Withdraw(ref) {
			case humanweb.AnsweredAlready:
				storing = time.After(humanweb.StoreTimeout + 5*time.Second) // as above
			case humanweb.LeftOpen:
				// Open for the other call, which reports what is stored through it: this
				// one's wait ends now.
				leftOpen = true
				stop(callEnded)
			}
			// Withdrawn (or no longer there): Await returns at once.
		case <-storing:
			if callEnded != nil {
				return humanweb.FormResult{}, &callEndedError{err: callEnded, storing: true}
			}
			return humanweb.FormResult{}, ErrStoreUnknown
		case <-tick.C:
			report(ctx, present.SecretEntryWaiting)
		}
	}
}

// callEndedError: the call ended (err: cancelled; or out of time, only when its time limit was
// spent before the wait, which pauses it, began) while it waited for the person's page. The page was withdrawn and nothing was stored through it, unless storing:
// the values were being stored and that had not ended when the call had to; or leftOpen:
// another identical call still waits on the page, which stays open for it.
type callEndedError struct {
	err      error
	storing  bool
	leftOpen bool
}

func (e *callEndedError) Error() string {
	return present.SecretEntryCallEnded(e.storing, e.leftOpen, e.err.Error())
}

func (e *callEndedError) Unwrap() error { return e.err }

// ErrClosedWhileStoring: the input closed while the person's values were being stored; the
// call waited for the store and ends with what became of them (the FormResult).
var ErrClosedWhileStoring = errors.New("the client closed the server's input (stdin) while the values were being stored")

// ErrStoreUnknown: the input closed while the person's values were being stored, and the store
// did not end in time to say what became of them.
var ErrStoreUnknown = errors.New("the values were still being stored when the call had to end")

// ErrInputClosed ends a wait for a person when the client closed the server's input (stdio).
var ErrInputClosed = errors.New("the client closed the server's input (stdin)")

type inputClosedKey struct{}

// WithInputClosed gives ctx the channel the stdio transport closes when the client closes the
// server's input: a call waiting for a person's page then ends at once (awaitPerson).
func WithInputClosed(ctx context.Context, closed <-chan struct{}) context.Context {
	return context.WithValue(ctx, inputClosedKey{}, closed)
}

// inputClosed is ctx's WithInputClosed channel; nil (never ready) where there is none.
func inputClosed(ctx context.Context) <-chan struct{} {
	c, _ := ctx.Value(inputClosedKey{}).(<-chan struct{})
	return c
}

func entryOutcome(ctx context.Context, env *Env, res humanweb.FormResult) personEntry {
	switch res.Decision {
	case humanweb.Stored:
		return personEntry{stored: res.Stored}
	case humanweb.Declined:
		return personEntry{result: refusal(present.SecretEntryDeclined)}
	case humanweb.Failed:
		return personEntry{result: refusal(present.SecretEntryFailed(res.Stored, res.Failed, res.Reason, res.Unknown, res.Why,
			unusableTools(ctx, env, "list_secrets")))}
	}
	return personEntry{result: refusal(present.SecretEntryExpired)}
}

// secretFormKey binds a secret form to the call that opened it: tool, arguments, app ID, the
// names asked for and the caller.
func secretFormKey(tool string, args any, appID int64, names []string, caller string) string {
	h := sha256.New()
	fmt.Fprintf(h, "secrets\n%s\n%s\n%d\n%s\n%s", tool, canonicalArgs(args), appID, strings.Join(names, ","), caller)
	return hex.EncodeToString(h.Sum(nil))
}

// personTime is how long a call may wait for a person on a page (URL-mode elicitation).
const personTime = humanweb.DefaultTTL

// timeLimit: without a value, set_secret may wait for the person to enter it.
func (a *setSecretArgs) timeLimit(base time.Duration) time.Duration {
	if a.Value == nil && a.ValueFromEnv == "" && a.ValueFromFile == "" {
		return base + personTime
	}
	return base
}

// personTime is the time create_and_deploy_app may wait for the person to enter the values
// its spicepod needs: a page's lifetime when it gives a spicepod that references secrets it
// does not carry (an existing app's spicepod is only read later: it gets the same).
func (a *createAndDeployArgs) personTime() time.Duration {
	if a.Spicepod == nil {
		return personTime
	}
	for _, name := range a.spicepodRefs() {
		if _, given := a.Secrets[name]; !given {
			return personTime
		}
	}
	return 0
}

// spicepodRefs are the app secrets the given spicepod refers to.
func (a *createAndDeployArgs) spicepodRefs() []string {
	if a.Spicepod == nil {
		return nil
	}
	pod, msg := rules.ParseSpicepod(a.Spicepod.Value)
	if msg != "" {
		return nil
	}
	return rules.SpicepodSecretRefs(pod)
}

// missingSecrets are the names in refs neither given nor already set on the app.
func missingSecrets(refs []string, given SecretValues, set []client.Secret) []string {
	var missing []string
	for _, name := range refs {
		if _, ok := given[name]; ok {
			continue
		}
		if slices.ContainsFunc(set, func(s client.Secret) bool { return s.Name == name }) {
			continue
		}
		missing = append(missing, name)
	}
	return missing
}

// channels says how the calling client's user approves actions and enters secret values.
func (env *Env) channels(info CallInfo) (approval, secrets string) {
	approval, secrets = present.ChannelNone, present.ChannelArgs
	switch {
	case info.CanElicit:
		approval = present.ChannelElicit
	case env.Human != nil && env.Human.Opens():
		approval = present.ChannelOpened
	case env.Human != nil:
		approval = present.ChannelPage
	}
	switch {
	case info.CanElicitURL && env.Human != nil:
		secrets = present.ChannelURL
	case env.Human != nil && env.Human.Opens():
		secrets = present.ChannelOpened
	case env.Human != nil:
		secrets = present.ChannelPage
	}
	return approval, secrets
}

// pageWhere says where the page is served, for whoami.
func (env *Env) pageWhere() string {
	switch {
	case env.Human == nil:
		return ""
	case env.Human.Mounted():
		return present.PageMounted
	}
	if base, ok := env.Human.Listening(); ok {
		return present.PageListening(base)
	}
	if !env.Human.OnLoopback() {
		return present.PageNotStartedBeyondLoopback
	}
	return present.PageNotStarted
}
