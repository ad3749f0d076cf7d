package present

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// r71Words10Failure selects the texts that tell of a refusal or an error: nothing was changed or
// sent, invalid params or arguments, a request refused or forbidden, no such app.
var r71Words10Failure = regexp.MustCompile(`(?i)nothing was (changed|sent|done)|invalid (params|request|arguments)|forbidden:|bad request:|\brefused\b|is not available|^no app`)

// r71Words10Remedy is a remedy's mark: what to do next, as a call (a tool's name), an argument's
// rule (must, want, expected), a step (an imperative), or what to ask of the user.
var r71Words10Remedy = regexp.MustCompile(`(?i)what to do|` + askUser + `|tell the user|try again|retry|\b[a-z]+_[a-z_]+\b|--[a-z]|` +
	`\b(must|want|expected|takes|pass|send|set|use|check|call|run|create|give|list|lists|wait|leave|choose|correct|start|restart|` +
	`remove|drop|add|reach|configure|turn|make|speak|fix|see|read|follow|deploy|resume|change|enter|type|reply|answer|open|percent-encode|ask for)\b`)

// r71Words10Remedied are the functions whose texts R70TextsOf reads in parts: the remedy is another
// part the function writes (whatToDo, a remedy of the table, a call of fixTools).
func r71Words10Remedied(t *testing.T, dir string) map[string]bool {
	t.Helper()
	writes := map[string]bool{}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// A package-level variable built with one (InvalidRequestID: "Invalid Request" +
		// rpcArgRemedy(…)) writes its remedy beside its text too (words16).
		inspect := func(body ast.Node, decl string) {
			ast.Inspect(body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				switch name {
				case "whatToDo", "rpcArgRemedy", "Remedy", "remedyNaming", "remedyWith", "fill", "fillNaming", "call", "with", "fix", "Follow", "pickOne":
					writes[decl] = true
				}
				return true
			})
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					inspect(d.Body, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok && d.Tok == token.VAR && len(vs.Names) == 1 {
						inspect(vs, vs.Names[0].Name)
					}
				}
			}
		}
	}
	return writes
}

// r71Words10Parts are the refusal texts whose remedy is a part the code fills in ("…"), not
// written beside them: each with that part.
var r71Words10Parts = map[string]string{
	"NothingSent":                   "the argument's rule that follows (ArgField, ArgInvalid)",
	"invalidArguments":              "the argument's rule",
	"ArgField":                      "the argument's rule (must be …)",
	"ArgInvalid":                    "the argument's rule",
	"DeployRefused":                 "the arguments' rules",
	"Invalid":                       "the client's rule of the request (answerwords)",
	"ProtocolVersionUnknown":        "the fix: the version to send",
	"RotationFinishMayStillLand":    "mayStillLand's settle: when to finish, with which call",
	"PromptUnavailable":             "ToolUnavailable's: whoami lists what is available",
	"SecretEntryClosedWhileStoring": "the API's error as Error writes it, with its remedy",
	"SecretEntryFailed":             "the API's error as Error writes it, with its remedy",
	"NoAppWithID":                   "AppNotFound's list of the apps to pass",
	"NoAppNamed":                    "AppNotFound's list of the apps to pass",
	"NoAppNamedOrID":                "AppNotFound's list of the apps to pass",
	"RefusedNothingChanged":         "apiErrorTextIn's What to do line after it",
	"DeployFailed":                  "Error's What to do line before it",
	"ArgUnknown":                    "ArgUnknownFix, in the What to do line ArgRemedy writes (words14)",
	"ArgTwice":                      "ArgTwiceFix, in the What to do line ArgRemedy writes (words14)",
	"forbiddenInSandbox":            "none needed: the sandbox's emulator's message says why, and scopes are ruled out",
	"Redirect":                      "present's redirectText, which writes the What to do line",
	"String":                        "present's API error text, with the remedy of the table",
	"valueProse":                    "a masked value's word, no refusal",
	"Limits":                        "a get_limits cell, no refusal",
	"WhoamiConfirmation":            "a whoami line; ApprovalUnavailable, the refusal, says what an operator can do",
	"WhoamiNotMember":               "its fix: pass another org (or SPICE_ORG, asked of the user)",
	"whoamiOrg":                     "a whoami line; WhoamiNotMember says what to do",
}

// TestR71Words10EveryRefusalCarriesARemedy: manifest.json promises "every error carries a remedy";
// OwnerNotModifiable ended "Nothing was changed." with none. Every text present's code writes that
// tells of a refusal or an error (nothing changed or sent, invalid params, refused) says what to do
// next, or its function writes that remedy beside it.
func TestR71Words10EveryRefusalCarriesARemedy(t *testing.T) {
	remedied := map[string]bool{}
	for _, dir := range []string{".", "answerwords"} {
		for name := range r71Words10Remedied(t, dir) {
			remedied[name] = true
		}
	}
	used := map[string]bool{}
	n := 0
	for _, tx := range r70Words9Texts(t) {
		if !r71Words10Failure.MatchString(tx.Text) {
			continue
		}
		n++
		if r71Words10Remedy.MatchString(tx.Text) || remedied[tx.Func] {
			continue
		}
		if r71Words10Parts[tx.Func] != "" {
			used[tx.Func] = true
			continue
		}
		t.Errorf("%s (%s): a refusal without a remedy:\n%s", tx.Where, tx.Func, tx.Text)
	}
	if n < 100 {
		t.Errorf("read %d refusal texts, want their hundreds", n)
	}
	t.Logf("%d refusal texts, %d exempted for a part filled in elsewhere", n, len(used))
	for name := range r71Words10Parts {
		if !used[name] {
			t.Errorf("%s needs no exemption: drop it from r71Words10Parts", name)
		}
	}
}

// TestR71Words10EveryAPIStatusCarriesARemedy: an API error of a status the remedy table had no
// row for (402 but a fork's, 405, 406, 410, 413, 415, …) was shown with no What to do line at
// all. Every 4xx and 5xx of every operation, whoever's credentials (the server's, the caller's,
// lent, the sandbox's), and every code the table knows, carries one.
func TestR71Words10EveryAPIStatusCarriesARemedy(t *testing.T) {
	variants := []client.APIError{{}, {Sandbox: true}, {CallerToken: true}, {Lent: true}}
	for _, op := range api.Operations {
		for st := 400; st < 600; st++ {
			for _, v := range variants {
				e := v
				e.Operation, e.StatusCode, e.Message = op.ID, st, http.StatusText(st)
				e.OutcomeUnknown = st >= 500 && op.Method != http.MethodGet
				if text := Error(&e); !strings.Contains(text, "\nWhat to do: ") {
					t.Fatalf("%s %d (%+v): no remedy:\n%s", op.ID, st, v, text)
				}
			}
		}
	}
	codes := 0
	for _, r := range remedies {
		if r.Code == "" {
			continue
		}
		codes++
		for _, st := range []int{400, 403, 404, 409, 422, 503} {
			for _, v := range variants {
				e := v
				e.Operation, e.StatusCode, e.Code = api.CreateProjectDeployment.ID, st, r.Code
				if text := Error(&e); !strings.Contains(text, "\nWhat to do: ") {
					t.Errorf("code %s, %d (%+v): no remedy:\n%s", r.Code, st, v, text)
				}
			}
		}
	}
	if codes < 20 {
		t.Errorf("the table knows %d codes, want its tens", codes)
	}
}

// r71Words10ClientVia is a client of base whose requests go through transport (nil: Go's own, no
// proxy), trying once.
func r71Words10ClientVia(t *testing.T, base string, transport http.RoundTripper) *client.Client {
	t.Helper()
	cfg := client.Config{BaseURL: base, Tokens: client.StaticToken("r71-words10"), Version: "test", Retry: client.RetryPolicy{MaxAttempts: 1}}
	if transport != nil {
		cfg.HTTPClient = &http.Client{Transport: transport, Timeout: 10 * time.Second}
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestR71Words10NetworkFailuresAskTheUserToCheck: when the API is unreachable the remedy said
// "Check the network and that HOST is reachable", "start the server that should listen there",
// "correct SPICE_API_URL": the network, a server on this machine and the setting are the person's,
// out of the agent's reach. Each network failure, driven for real (a name that does not resolve,
// nothing listening, a server that stops answering, a certificate not trusted, plain HTTP to
// https://, a proxy that refuses the tunnel or is not there), asks the user to check what they can,
// or, over HTTP, to tell the server's operator.
func TestR71Words10NetworkFailuresAskTheUserToCheck(t *testing.T) {
	mute := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
	}))
	defer mute.Close()
	tlsServer := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer tlsServer.Close()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "tunnels are not allowed", http.StatusForbidden)
	}))
	defer proxy.Close()
	proxyURL, _ := url.Parse(proxy.URL)
	closedProxy, _ := url.Parse("http://" + testutil.RefusedAddr(t))
	noDNS := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}}
	for _, tc := range []struct {
		name      string
		base      string
		transport http.RoundTripper
	}{
		{"the name does not resolve", "https://api.r71-words10.example", noDNS},
		{"nothing listens on this machine", "http://" + testutil.RefusedAddr(t), nil},
		{"no answer on this machine", mute.URL, nil},
		{"certificate not trusted", tlsServer.URL, nil},
		{"plain HTTP to https://", strings.Replace(plain.URL, "http://", "https://", 1), nil},
		{"the proxy refuses the tunnel", "https://api.r71-words10.example", &http.Transport{Proxy: http.ProxyURL(proxyURL)}},
		{"the proxy is not there", "https://api.r71-words10.example", &http.Transport{Proxy: http.ProxyURL(closedProxy)}},
	} {
		for _, overHTTP := range []bool{false, true} {
			ctx := context.Background()
			if overHTTP {
				ctx = client.WithHTTPCaller(ctx)
			}
			_, err := r71Words10ClientVia(t, tc.base, tc.transport).ListProjects(ctx)
			var reqErr *client.RequestError
			if !errors.As(err, &reqErr) {
				t.Errorf("%s: not a request error: %v", tc.name, err)
				continue
			}
			text, remedy := Error(err), Remedy(err)
			if remedy == "" || !strings.Contains(text, remedy) {
				t.Errorf("%s (over HTTP: %v): no remedy:\n%s", tc.name, overHTTP, text)
				continue
			}
			if !strings.Contains(strings.ToLower(remedy), askUser) {
				t.Errorf("%s (over HTTP: %v): the remedy does not ask the user to check anything:\n%s", tc.name, overHTTP, text)
			}
			if overHTTP && !strings.Contains(remedy, "operator") {
				t.Errorf("%s, over HTTP: the remedy does not say the server's operator looks into it:\n%s", tc.name, text)
			}
			if bare := testutil.R69UnaddressedUserActions(text); len(bare) > 0 {
				t.Errorf("%s (over HTTP: %v): asks the agent to %q:\n%s", tc.name, overHTTP, bare, text)
			}
		}
	}
}

// TestR71Words10SentencesAgentsReadRunAtMost35Words: the instructions' approval line ran 49 words
// (with --confirm=agent 39), pause_app's description a sentence of 36. Every sentence of the
// instructions (each confirmation mode, with and without set_secret's local sources, as an HTTP
// caller gets them) and of tools/list's descriptions (each tool's and each argument's, as the
// golden records them) runs at most 35 words.
func TestR71Words10SentencesAgentsReadRunAtMost35Words(t *testing.T) {
	var texts []struct{ where, text string }
	add := func(where, text string) { texts = append(texts, struct{ where, text string }{where, text}) }
	for _, mode := range []string{"human", "agent", "off"} {
		for _, local := range []bool{false, true} {
			add("instructions --confirm="+mode, InstructionsFor(mode, nil, local))
		}
		add("instructions over HTTP --confirm="+mode, InstructionsToHTTPCaller(InstructionsFor(mode, nil, false)))
	}
	golden, err := os.ReadFile(filepath.Join("..", "mcpserver", "testdata", "tools.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var listed any
	if err := json.Unmarshal(golden, &listed); err != nil {
		t.Fatal(err)
	}
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "description" {
					add(where, s)
				} else {
					walk(where+"/"+k, x)
				}
			}
		case []any:
			for _, x := range v {
				name := where
				if m, ok := x.(map[string]any); ok && m["name"] != nil {
					name = where + "/" + m["name"].(string)
				}
				walk(name, x)
			}
		}
	}
	walk("tools/list", listed)
	if len(texts) < 80 {
		t.Fatalf("read %d texts, want the tens of tools/list's descriptions", len(texts))
	}
	for _, tx := range texts {
		for _, s := range testutil.Sentences(tx.text) {
			if n := len(strings.Fields(s)); n > testutil.MaxSentenceWords {
				t.Errorf("%s: a sentence of %d words, more than %d:\n%s", tx.where, n, testutil.MaxSentenceWords, s)
			}
		}
	}
}
