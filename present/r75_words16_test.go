package present

import (
	"errors"
	"go/ast"
	"go/token"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// r75Words16Imperative is a clause that says what to do after a rule: words15's verbs and the
// rules' own (keep, merge, shorten, refer, rename, drop, split, percent-encode), after "; ", ": ",
// ", or ", ", so " or a sentence's end.
var r75Words16Imperative = regexp.MustCompile(`(?:[;:]\s+|,\s+or\s+|,\s+so\s+|\.\s+)(?:send|use|give|leave|choose|omit|pass|correct|fix|call|try|remove|ask|pick|quote|write|set|keep|merge|shorten|refer|rename|drop|split|percent-encode)\s`)

// r75Words16Parenthesis is a parenthesis with none inside: it explains, so it is read out.
var r75Words16Parenthesis = regexp.MustCompile(`\s*\([^()]*\)`)

// r75Words16Refusal selects the refusal texts present's code writes whole: a JSON-RPC error's
// (Invalid params, Invalid Request, Method not found, Parse error), a refusal of arguments
// (NothingSent's), a reference that fits two, a confirm that does not match.
var r75Words16Refusal = regexp.MustCompile(`^(?:…: )?(?:Invalid (?:params|Request|arguments)|Method not found|Parse error|confirm must be)|\bis ambiguous\b`)

// r75Words16Inline reports a text that says what to do above its What to do line.
func r75Words16Inline(text string) bool {
	body, _, _ := strings.Cut(text, "What to do: ")
	body = r75Words16Parenthesis.ReplaceAllString(body, "")
	return r75Words16Imperative.MatchString(strings.ToLower(body))
}

// r75Words16RuleArguments folds the rule each call of rpcArgRemedy and WithFix in dir's code is
// given (its first argument: a literal, a concatenation, a fmt.Sprintf, a constant), what is not
// known at compile time as "…", each with where it is.
func r75Words16RuleArguments(t *testing.T, dir string) map[string]string {
	t.Helper()
	fset, files, values := testutil.ParsePackageValues(t, dir)
	var fold func(e ast.Expr, depth int) string
	fold = func(e ast.Expr, depth int) string {
		if depth > 20 {
			return "…"
		}
		switch e := e.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(e.Value); err == nil && e.Kind == token.STRING {
				return s
			}
		case *ast.ParenExpr:
			return fold(e.X, depth+1)
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				return fold(e.X, depth+1) + fold(e.Y, depth+1)
			}
		case *ast.Ident:
			if v, ok := values[e.Name]; ok {
				return fold(v, depth+1)
			}
		case *ast.CallExpr:
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(e.Args) > 0 {
				return regexp.MustCompile(`%[-+# 0-9.\[\]]*[a-zA-Z]`).ReplaceAllString(fold(e.Args[0], depth+1), "…")
			}
		}
		return "…"
	}
	rulesOf := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "rpcArgRemedy" || id.Name == "WithFix") {
				p := fset.Position(call.Args[0].Pos())
				rulesOf[filepath.Base(p.Filename)+":"+strconv.Itoa(p.Line)+":"+strconv.Itoa(p.Column)] = fold(call.Args[0], 0)
			}
			return true
		})
	}
	return rulesOf
}

// TestR75Words16EveryRefusalSaysItsFixOnItsOwnLine: the last refusals that said their fix
// inline — the -32602 and -32600 errors (ParamType's "…; send a string there, or leave the
// member out where it is optional", ParamsNotObject, ParamsMalformed, CompletionRefMissing,
// jsonrpc.go's), a reference that fits two ("Nothing was done; pass app …"), a confirm that
// does not match (no fix at all) — say it on a What to do line of their own. The check
// enumerates: every refusal text present's code writes whole (r75Words16Refusal), and every
// rule given to rpcArgRemedy or WithFix, says no fix above its What to do line; a new one that
// does is caught here, not by a case naming it.
func TestR75Words16EveryRefusalSaysItsFixOnItsOwnLine(t *testing.T) {
	n := 0
	for _, tx := range r70Words9Texts(t) {
		if !r75Words16Refusal.MatchString(tx.Text) {
			continue
		}
		n++
		if r75Words16Inline(tx.Text) {
			t.Errorf("%s (%s): says what to do above its What to do line:\n%s", tx.Where, tx.Func, tx.Text)
		}
	}
	ruled := 0
	for _, dir := range []string{".", "answerwords"} {
		for where, rule := range r75Words16RuleArguments(t, dir) {
			ruled++
			if r75Words16Inline(rule) {
				t.Errorf("%s: the rule given with its fix says what to do itself:\n%s", filepath.Join(dir, where), rule)
			}
		}
	}
	t.Logf("%d refusal texts, %d rules given with their fix", n, ruled)
	if n < 40 || ruled < 40 {
		t.Errorf("read %d refusal texts and %d rules, want their tens", n, ruled)
	}
}

// r75Words16RPCOnce checks a JSON-RPC error's message: one line, its rule named first, then
// one "What to do: " sentence, last, saying its fix.
func r75Words16RPCOnce(t *testing.T, where, msg string) {
	t.Helper()
	body, fix, ok := strings.Cut(msg, ". What to do: ")
	if !ok || strings.Count(msg, "What to do: ") != 1 || strings.Contains(msg, "\n") || !strings.HasSuffix(fix, ".") || fix == "" {
		t.Errorf("%s: want one line, its What to do sentence last: %q", where, msg)
	}
	if r75Words16Inline(body) {
		t.Errorf("%s: says what to do before its What to do: %q", where, msg)
	}
}

// TestR75Words16ProtocolRefusalsTakeTheForm: the named -32602/-32600 refusals, rendered: rule,
// then "What to do:" and the fix, on one line. Tokens: before -> after in the commit message.
func TestR75Words16ProtocolRefusalsTakeTheForm(t *testing.T) {
	for name, c := range map[string]struct {
		msg, rule, fix string
	}{
		"ParamType": {ParamType("prompts/get", "params.arguments.app", "a string", "a number"),
			"Invalid params: params.arguments.app must be a string (prompts/get), not a number.", "Send a string there, or omit it where it is optional."},
		"ParamsNotObject": {ParamsNotObject("tools/call", "an array", false),
			"Invalid params: params must be an object (tools/call), not an array.", "Send them as a JSON object, or omit params where the method takes none."},
		"ParamsNotObject, request": {ParamsNotObject("tools/list", "a string", true),
			"Invalid Request: params must be an object (tools/list), not a string.", "Send them as a JSON object"},
		"ParamsMalformed": {ParamsMalformed("tools/call"),
			"Invalid params: the params of tools/call do not have the members and JSON types MCP gives them.", "Send them as the MCP specification defines them."},
		"CompletionRefMissing": {CompletionRefMissing,
			"Invalid params: params.ref is required (completion/complete).", `Send {"type":"ref/prompt","name":…} for a prompt's argument`},
		"ParamTwice":       {ParamTwice("params.name"), "Invalid params: params.name is given twice in its object. JSON decoders", "Send each member once."},
		"BatchRefused":     {BatchRefused, "Invalid Request: JSON-RPC batches (a JSON array of messages) are not supported", "Send each request or notification"},
		"MethodEmpty":      {MethodEmpty, `Method not found: "method" is the empty string, which names no method.`, `Send an MCP method's name, such as "tools/list".`},
		"ParamNumberRange": {ParamNumberRange("params.arguments.limit", "1e400"), "Invalid params: params.arguments.limit: the number 1e400 is beyond", "Send a number within it."},
	} {
		r75Words16RPCOnce(t, name, c.msg)
		if !strings.HasPrefix(c.msg, c.rule) || !strings.Contains(c.msg, ". What to do: "+c.fix) {
			t.Errorf("%s: %q, want it to open %q and say %q", name, c.msg, c.rule, c.fix)
		}
		t.Logf("%s: %d tokens", name, tokens.Count(c.msg))
	}
}

// TestR75Words16AmbiguousAndConfirmSayTheirFixApart: a reference that fits two said "Nothing
// was done; pass app …" inline, and a confirm that does not match the target said no fix at
// all. Each now states what is wrong, then a What to do line of its own, last.
func TestR75Words16AmbiguousAndConfirmSayTheirFixApart(t *testing.T) {
	for name, c := range map[string]struct{ text, rule, fix string }{
		"AppAmbiguous": {AppAmbiguous("101", 5, "101", 101, "analytics-app"),
			`"101" is ambiguous: it is the name of 101 (5) and the ID of analytics-app (101). Nothing was done.`, `Pass app "id:5" for the first or "id:101" for the second.`},
		"AppNameListedTwice": {AppNameListedTwice("analytics-app", 5, "analytics-app", 6, "Analytics-App"),
			"though names are unique in an organization. Nothing was done.", `Pass app "id:5" for the first or "id:6" for the second.`},
		"MemberAmbiguous": {MemberAmbiguous("2", 5, 2, "bob"),
			`"2" is ambiguous: it is the username of user 5 and the user ID of bob (user 2). Nothing was done.`, `Pass member "id:5" for the first or "id:2" for the second.`},
		"MemberNameListedTwice": {MemberNameListedTwice("bob", 2, "bob", 3, "BOB"), "though usernames are unique. Nothing was done.", `Pass member "id:2" for the first or "id:3" for the second.`},
		"DeployNameListedTwice": {DeployNameListedTwice("new-app", 2, "new-app", 3, "New-App"), "so which one an earlier run made is not known.",
			`Deploy the one meant with create_deployment and app "id:2" or "id:3", or give another name.`},
		"ConfirmArgMismatch": {ConfirmArgMismatch("analytics-app", "Delete app analytics-app (101)", "analytics", true),
			`confirm must be "analytics-app" (letter case may differ; nothing else, not even spaces). Got "analytics", so this was not done: delete app analytics-app (101). Nothing was changed.`,
			`Ask the user, and only if they agree call again with confirm "analytics-app".`},
		"ConfirmArgMismatch, exact": {ConfirmArgMismatch("PG_PASS", "Delete secret PG_PASS", "pg_pass", false),
			`confirm must be exactly "PG_PASS". Got "pg_pass", so this was not done: delete secret PG_PASS. Nothing was changed.`,
			`Ask the user, and only if they agree call again with confirm "PG_PASS".`},
		"ConfirmArgMismatch, look-alike": {ConfirmArgMismatch("PG_PASS", "Delete secret PG_PASS", "PG_PАSS", false),
			"a look-alike is never taken as approval; the name must be typed in plain ASCII. Nothing was changed.", `Ask the user, and only if they agree call again with confirm "PG_PASS".`},
	} {
		body, fix, ok := strings.Cut(c.text, "\nWhat to do: ")
		if !ok || strings.Contains(fix, "\n") || strings.Count(c.text, "What to do: ") != 1 {
			t.Errorf("%s: want a What to do line of its own, last:\n%s", name, c.text)
			continue
		}
		if !strings.Contains(body, c.rule) || fix != c.fix {
			t.Errorf("%s:\n%s\nwant %q above and the fix %q", name, c.text, c.rule, c.fix)
		}
		if r75Words16Inline(body) {
			t.Errorf("%s: says what to do above its What to do line:\n%s", name, c.text)
		}
		t.Logf("%s: %d tokens", name, tokens.Count(c.text))
	}
}

// TestR75Words16OrgsUnreadSaysOrganizationsOnce: whoami's line read "Your organizations and your
// role in each are not known here: GET /v1/orgs, the list of your organizations, answered 503";
// the reason names the route alone, and no whoami line says "organizations" twice.
func TestR75Words16OrgsUnreadSaysOrganizationsOnce(t *testing.T) {
	for _, err := range []error{&client.APIError{StatusCode: http.StatusNotFound}, &client.APIError{StatusCode: 503}, errors.New("reset")} {
		reason := OrgsUnread(err)
		if strings.Contains(reason, "organization") || !strings.Contains(reason, "GET /v1/orgs") {
			t.Errorf("%q: want the route named, and no organizations", reason)
		}
		for _, v := range []WhoamiView{{RoleUnknown: reason}, {Organization: "acme", OrgSource: OrgFromArgument, RoleUnknown: reason}} {
			for line := range strings.Lines(Whoami(v)) {
				if strings.Count(strings.ToLower(line), "organizations") > 1 {
					t.Errorf("a whoami line says organizations twice: %s", line)
				}
			}
		}
		t.Logf("%q: %d tokens", reason, tokens.Count(reason))
	}
}

// TestR75Words16RulesFixOnTheWhatToDoLine: a rule the emulator shares (rules.RootDirectoryBlank,
// which no tool call reaches: root_directory "" is refused as empty first) is shown without its
// fix, and its fix is the What to do line.
func TestR75Words16RulesFixOnTheWhatToDoLine(t *testing.T) {
	fe := rules.FieldErrors{}
	fe.Check("root_directory", rules.RootDirectoryBlank)
	out := invalidArguments(FieldErrorsText(fe)) + "\n" + ArgRemedy("connect_repository", false, FieldFixes(fe)...)
	want := "Invalid arguments, nothing was sent: root_directory: must not be empty\n" +
		`What to do: Leave it out (or send ".") for the repository root, then call connect_repository again.`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
