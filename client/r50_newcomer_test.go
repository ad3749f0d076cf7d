package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r50NewcomerClientVariables are the variables ConfigFromEnv reads.
var r50NewcomerClientVariables = []string{client.EnvAPIToken, client.EnvClientID, client.EnvClientSecret,
	client.EnvOAuthTokenURL, client.EnvOAuthScopes, client.EnvAPIURL, client.EnvMaxIdleConns, client.EnvOrg}

// r50NewcomerSetenv sets the client's variables to values (unset when absent) and returns what
// puts them back.
func r50NewcomerSetenv(values map[string]string) (restore func()) {
	var undo []func()
	for _, name := range r50NewcomerClientVariables {
		old, had := os.LookupEnv(name)
		if v, ok := values[name]; ok {
			os.Setenv(name, v)
		} else {
			os.Unsetenv(name)
		}
		undo = append(undo, func() {
			if had {
				os.Setenv(name, old)
			} else {
				os.Unsetenv(name)
			}
		})
	}
	return func() {
		for _, f := range undo {
			f()
		}
	}
}

// README's "The client" opens with the lines between the markers, as written; here they run
// against the emulator with SPICE_API_URL and SPICE_API_TOKEN set.
func ExampleConfigFromEnv() {
	srv := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer srv.Close()
	defer r50NewcomerSetenv(map[string]string{"SPICE_API_URL": srv.URL, "SPICE_API_TOKEN": "sandbox"})()

	// README begins
	ctx, version := context.Background(), "dev"
	cfg, err := client.ConfigFromEnv(os.Getenv, version) // reads the variables below
	if err != nil {
		log.Fatal(err)
	}
	c, err := client.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	apps, err := c.ListApps(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range apps {
		fmt.Println(a.ID, a.Name)
	}
	// README ends

	// Output:
	// 101 analytics-app
	// 102 docs-search
}

// r50NewcomerReadme is README.md.
func r50NewcomerReadme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// r50NewcomerSection is README's section that starts with heading, up to the next "## ".
func r50NewcomerSection(t *testing.T, heading string) string {
	t.Helper()
	_, section, ok := strings.Cut(r50NewcomerReadme(t), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README has no %q", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}

// TestR50NewcomerREADMESnippetIsTheExample: the code README's "The client" opens with is
// ExampleConfigFromEnv's, line for line, so it compiles and runs as shown (its output checked).
func TestR50NewcomerREADMESnippetIsTheExample(t *testing.T) {
	section := r50NewcomerSection(t, "## The client")
	_, block, ok := strings.Cut(section, "```go\n")
	if !ok {
		t.Fatal("README's The client has no Go block")
	}
	block, _, _ = strings.Cut(block, "```")
	src, err := os.ReadFile("r50_newcomer_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, example, _ := strings.Cut(string(src), "\t// README begins\n")
	example, _, _ = strings.Cut(example, "\t// README ends\n")
	var lines []string
	for _, line := range strings.SplitAfter(example, "\n") {
		lines = append(lines, strings.TrimPrefix(line, "\t"))
	}
	if want := strings.Join(lines, ""); block != want {
		t.Errorf("README's client code:\n%s\nExampleConfigFromEnv runs:\n%s", block, want)
	}
}

// r50NewcomerReads is every variable name the repository's Go code reads by name: a string
// literal passed to Getenv, LookupEnv or a getenv, lookup or get of its own, and the client's
// Env constants. test says whether it was found in test code only (a _test.go file, the test
// support of internal/browsertest, bench or e2e).
func r50NewcomerReads(t *testing.T) (server, test []string) {
	t.Helper()
	readers := map[string]bool{"Getenv": true, "LookupEnv": true, "getenv": true, "lookup": true}
	seenServer, seenTest := map[string]bool{}, map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name != ".." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		slashed := filepath.ToSlash(path)
		testOnly := strings.HasSuffix(path, "_test.go") || strings.HasPrefix(slashed, "../bench/") ||
			strings.HasPrefix(slashed, "../e2e/") || strings.HasPrefix(slashed, "../internal/browsertest/")
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !readers[name] || !ok || lit.Kind != token.STRING {
				return true
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil || !regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`).MatchString(v) {
				return true
			}
			if testOnly {
				seenTest[v] = true
			} else {
				seenServer[v] = true
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r50NewcomerClientVariables {
		seenServer[v] = true
	}
	for v := range seenServer {
		server = append(server, v)
		delete(seenTest, v)
	}
	for v := range seenTest {
		test = append(test, v)
	}
	slices.Sort(server)
	slices.Sort(test)
	return server, test
}

// r50NewcomerTableRows are the variables README's "Environment variables" table has a row for.
func r50NewcomerTableRows(t *testing.T) []string {
	t.Helper()
	_, table, ok := strings.Cut(r50NewcomerSection(t, "## The client"), "\n### Environment variables\n")
	if !ok {
		t.Fatal(`README's "The client" has no "### Environment variables"`)
	}
	table, _, _ = strings.Cut(strings.TrimLeft(table, "\n"), "\n\n")
	var rows []string
	for _, line := range strings.Split(table, "\n") {
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " | ")
		for _, m := range regexp.MustCompile("`([A-Z][A-Z0-9_]+)`").FindAllStringSubmatch(first, -1) {
			rows = append(rows, m[1])
		}
	}
	if len(rows) < 8 {
		t.Fatalf("found %d variables in the table: %v", len(rows), rows)
	}
	return rows
}

// TestR50NewcomerEveryVariableReadIsDocumented: every SPICE_ variable the server reads has a row
// in README's "Environment variables" table, every row is one it reads, and every other
// variable the code reads — the server's and the tests' — is named in README (in backquotes),
// so a newcomer can learn what each does.
func TestR50NewcomerEveryVariableReadIsDocumented(t *testing.T) {
	server, test := r50NewcomerReads(t)
	rows := r50NewcomerTableRows(t)
	for _, v := range server {
		if strings.HasPrefix(v, "SPICE_") && !slices.Contains(rows, v) {
			t.Errorf("the server reads %s; README's Environment variables table has no row for it", v)
		}
	}
	for _, v := range rows {
		if !slices.Contains(server, v) {
			t.Errorf("README's Environment variables table lists %s; no code reads it", v)
		}
	}
	readme := r50NewcomerReadme(t)
	for _, v := range append(server, test...) {
		if slices.Contains(rows, v) {
			continue
		}
		if !strings.Contains(readme, "`"+v+"`") && !strings.Contains(readme, "`"+v+"=") {
			t.Errorf("the code reads %s; README never names it", v)
		}
	}
	if len(server) < 12 || len(test) < 3 {
		t.Fatalf("found %v read by the server and %v by tests; the search lost some", server, test)
	}
}

// TestR50NewcomerDefaultRetryPolicy: README ("Retries") gives a client its defaults: 4 attempts
// and a 30 s budget, a Retry-After that would end past the budget stopping the call at once.
func TestR50NewcomerDefaultRetryPolicy(t *testing.T) {
	newDefault := func(t *testing.T) (*testEnv, *[]time.Duration) {
		env := newEnv(t, sandbox.Config{Demo: true}, func(c *client.Config) { c.Retry = client.RetryPolicy{} })
		waits := &[]time.Duration{}
		client.SetSleep(env.client, func(ctx context.Context, d time.Duration) error {
			*waits = append(*waits, d)
			return ctx.Err()
		})
		return env, waits
	}
	env, waits := newDefault(t)
	env.emu.InjectFault(sandbox.Fault{Operation: "listProjects", Status: http.StatusServiceUnavailable, Times: -1})
	_, err := env.client.ListProjects(context.Background())
	if n := env.emu.Calls("listProjects"); n != 4 || err == nil {
		t.Errorf("a 503 that lasts: %d attempts (%v), want 4; error: %v", n, *waits, err)
	}
	for _, tc := range []struct {
		retryAfter string
		attempts   int
	}{{"29", 2}, {"31", 1}} {
		env, waits := newDefault(t)
		env.emu.InjectFault(sandbox.Fault{Operation: "listProjects", Status: http.StatusTooManyRequests, RetryAfter: tc.retryAfter})
		_, err := env.client.ListProjects(context.Background())
		if n := env.emu.Calls("listProjects"); n != tc.attempts {
			t.Errorf("Retry-After %s: %d attempts (waits %v), want %d; error: %v", tc.retryAfter, n, *waits, tc.attempts, err)
		}
	}
}

// TestR50NewcomerTokenRenewedSixtySecondsBeforeExpiry: README ("Auth"): the OAuth token is
// cached and renewed 60 s before it expires — not at 61 s left, at 59 s.
func TestR50NewcomerTokenRenewedSixtySecondsBeforeExpiry(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	advance := fakeTokenClock(cc)
	ctx := context.Background()
	first, err := cc.Token(ctx)
	mustNoErr(t, err)
	advance(time.Hour - 61*time.Second)
	if tok, _ := cc.Token(ctx); tok != first {
		t.Error("renewed with 61 s left")
	}
	advance(2 * time.Second)
	if tok, _ := cc.Token(ctx); tok == first {
		t.Error("not renewed with 59 s left")
	}
	if n := env.emu.Calls("oauthToken"); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

// TestR50NewcomerConnectTimeout: README ("Timeouts") says 10 s to connect.
func TestR50NewcomerConnectTimeout(t *testing.T) {
	if client.R50NewcomerConnectTimeout != 10*time.Second {
		t.Errorf("connect timeout %v; README says 10 s", client.R50NewcomerConnectTimeout)
	}
}

// TestR50NewcomerDebugLogNamesTheCallNotTheBody: README ("Errors"): logs (debug level:
// operation, method, path, status, duration) never contain bodies.
func TestR50NewcomerDebugLogNamesTheCallNotTheBody(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := newEnv(t, sandbox.Config{Demo: true}, func(c *client.Config) { c.Logger = logger })
	description := "r50-newcomer-description-canary"
	_, err := env.client.UpdateProject(context.Background(), 101, client.UpdateProjectRequest{Description: &description})
	mustNoErr(t, err)
	if strings.Contains(buf.String(), description) || strings.Contains(buf.String(), "analytics-app") {
		t.Errorf("a log line holds a body:\n%s", buf.String())
	}
	var line map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(buf.Bytes()), &line); err != nil {
		t.Fatalf("want one log line: %v\n%s", err, buf.String())
	}
	var keys []string
	for k := range line {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"duration", "level", "method", "msg", "op", "path", "status", "time"}; !slices.Equal(keys, want) ||
		line["level"] != "DEBUG" || line["op"] != "updateProject" || line["method"] != "PUT" || line["path"] != "/v1/projects/101" || line["status"] != 200.0 {
		t.Errorf("log line %v; want the keys %v of the call updateProject PUT /v1/projects/101 200 at DEBUG", line, want)
	}
}

// r50NewcomerNoRetryAfter passes the emulator's answers on without their Retry-After header,
// recording the X-RateLimit-Reset of each 429.
type r50NewcomerNoRetryAfter struct {
	http.ResponseWriter
	reset *string
}

func (w r50NewcomerNoRetryAfter) WriteHeader(status int) {
	w.Header().Del("Retry-After")
	if status == http.StatusTooManyRequests {
		*w.reset = w.Header().Get("X-RateLimit-Reset")
	}
	w.ResponseWriter.WriteHeader(status)
}

// TestR50NewcomerRateLimitResetIsWaitedFor: README ("Retries"): a 429 without Retry-After is
// retried when its X-RateLimit-Reset says the window ends, not after the backoff.
func TestR50NewcomerRateLimitResetIsWaitedFor(t *testing.T) {
	// The emulator's clock stands still, so its two requests fall in one rate-limit window
	// wherever in the minute the test runs (on the wall clock, a minute ending between them
	// served the second: no 429, no wait). It stands 30 to 90 s before its window's reset,
	// on the wall clock the client measures the wait with.
	clock := sandbox.NewManualClock(time.Now().Add(30 * time.Second).Truncate(time.Minute))
	emu := sandbox.New(sandbox.Config{Demo: true, RateLimit: 1, Clock: clock})
	var reset string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		emu.ServeHTTP(r50NewcomerNoRetryAfter{w, &reset}, r)
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox"),
		Retry: client.RetryPolicy{MaxAttempts: 2, MaxElapsed: 2 * time.Minute, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	mustNoErr(t, err)
	var waits []time.Duration
	client.SetSleep(c, func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil })
	ctx := context.Background()
	_, err = c.ListProjects(ctx)
	mustNoErr(t, err)
	before := time.Now()
	_, _ = c.ListProjects(ctx) // the window's second request: 429, X-RateLimit-Reset alone
	after := time.Now()
	at, err := strconv.ParseInt(reset, 10, 64)
	if err != nil || len(waits) != 1 {
		t.Fatalf("reset %q, waits %v: want one 429 and one wait", reset, waits)
	}
	// The wait is the time to the reset from when the 429 was read: between the clock read
	// before and after the call, not within a second of the test's own later reading (which a
	// loaded machine's delay after the 429 moved).
	if reset := time.Unix(at, 0); waits[0] < reset.Sub(after) || waits[0] > reset.Sub(before) {
		t.Errorf("waited %v before retrying; X-RateLimit-Reset was %v to %v away", waits[0], reset.Sub(after), reset.Sub(before))
	}
}

// TestR50NewcomerAnswerBoundIs32MiB: README ("Answer size"): at most 32 MiB of one answer is read.
func TestR50NewcomerAnswerBoundIs32MiB(t *testing.T) {
	if client.MaxResponseBytes != 32<<20 {
		t.Errorf("MaxResponseBytes = %d; README says 32 MiB", client.MaxResponseBytes)
	}
}

// TestR50NewcomerInstanceNameAtMost1024: README ("Path values"): an instance name of at most
// 1,024 characters is sent; a longer one is refused before any request, naming the argument.
func TestR50NewcomerInstanceNameAtMost1024(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	ctx := context.Background()
	_, err := env.client.GetProjectInstanceLogs(ctx, 101, strings.Repeat("é", 1025), 0)
	var ve *client.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "instance") {
		t.Errorf("1,025 characters: %v (%T), want a *ValidationError naming the instance", err, err)
	}
	if n := env.emu.Calls("getProjectInstanceLogs"); n != 0 {
		t.Errorf("%d requests sent for a refused name", n)
	}
	_, err = env.client.GetProjectInstanceLogs(ctx, 101, strings.Repeat("é", 1024), 0)
	if errors.As(err, &ve) || env.emu.Calls("getProjectInstanceLogs") != 1 {
		t.Errorf("1,024 characters: %v; want it sent", err)
	}
}

// TestR50NewcomerTokenFailureHeldAMinuteAtMost: README ("Auth"): a failed token exchange answers
// later calls until its Retry-After has passed, a minute at most — still at 59 s of a day's
// Retry-After, no longer at 61 s.
func TestR50NewcomerTokenFailureHeldAMinuteAtMost(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	advance := fakeTokenClock(cc)
	client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: http.StatusServiceUnavailable, RetryAfter: "86400", Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := env.client.ListApps(ctx); err == nil {
		t.Fatal("want the endpoint's 503")
	}
	asked := env.emu.Calls("oauthToken")
	advance(59 * time.Second)
	var te *client.TokenError
	if _, err := env.client.ListApps(context.Background()); !errors.As(err, &te) || !te.Reused || env.emu.Calls("oauthToken") != asked {
		t.Errorf("59 s later: %v; want the failure reused, the endpoint not asked", err)
	}
	advance(2 * time.Second)
	if _, err := env.client.ListApps(context.Background()); err != nil {
		t.Errorf("61 s later the endpoint is asked again: %v", err)
	}
}

// TestR50NewcomerBothSpellingsDecodeAlike: README ("Current and deprecated routes"): ListApps,
// GetApp, … decode into the same ProjectSummary/Project types as their /v1/projects twins.
func TestR50NewcomerBothSpellingsDecodeAlike(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	ctx := context.Background()
	var apps, projects []client.ProjectSummary
	apps, err := env.client.ListApps(ctx)
	mustNoErr(t, err)
	projects, err = env.client.ListProjects(ctx)
	mustNoErr(t, err)
	var app, project *client.Project
	app, err = env.client.GetApp(ctx, 101)
	mustNoErr(t, err)
	project, err = env.client.GetProject(ctx, 101)
	mustNoErr(t, err)
	if !reflect.DeepEqual(apps, projects) || !reflect.DeepEqual(app, project) {
		t.Errorf("the two spellings differ:\n%+v\n%+v\n%+v\n%+v", apps, projects, *app, *project)
	}
}

// TestR50NewcomerEveryIdempotentMethodIsRetried: README ("Retries"): GET, PUT, PATCH and DELETE
// are retried on 429, 502, 503 and 504; a POST only on 429.
func TestR50NewcomerEveryIdempotentMethodIsRetried(t *testing.T) {
	ctx := context.Background()
	for _, status := range []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		env := newEnv(t, sandbox.Config{Demo: true})
		_, err := env.client.UpsertProjectSecret(ctx, 101, "R50_NEWCOMER", "value-r50")
		mustNoErr(t, err)
		for _, tc := range []struct {
			op   string
			call func() error
			want int
		}{
			{"getProject", func() error { return errOf(env.client.GetProject(ctx, 101)) }, 2},
			{"updateProject", func() error {
				return errOf(env.client.UpdateProject(ctx, 101, client.UpdateProjectRequest{Description: ptr("retried")}))
			}, 2},
			{"updateMemberRoles", func() error { return errOf(env.client.UpdateMemberRoles(ctx, 2, []string{"member"})) }, 2},
			{"deleteProjectSecret", func() error { return errOf(env.client.DeleteProjectSecret(ctx, 101, "R50_NEWCOMER")) }, 2},
			{"createProjectDeployment", func() error {
				return errOf(env.client.CreateProjectDeployment(ctx, 101, client.CreateProjectDeploymentRequest{}))
			}, map[bool]int{true: 2, false: 1}[status == http.StatusTooManyRequests]},
		} {
			before := env.emu.Calls(tc.op)
			env.emu.InjectFault(sandbox.Fault{Operation: tc.op, Status: status, RetryAfter: "0"})
			err := tc.call()
			if n := env.emu.Calls(tc.op) - before; n != tc.want || (tc.want == 2) != (err == nil) {
				t.Errorf("%s after one %d: %d attempts, error %v; want %d attempts", tc.op, status, n, err, tc.want)
			}
		}
	}
}
