package present

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestRefusalsEscapeCallerText: every refusal in refusals.go that takes a string renders a
// caller's hostile text (a map key of tags or secrets, an argument name, a typed answer, an app
// or member reference, a token's role) with no HTML element, link or image of its own. The
// list is checked against the file, so a new refusal taking text needs a case here.
func TestRefusalsEscapeCallerText(t *testing.T) {
	members := func(v string) []client.Member { return []client.Member{{UserID: 3, Username: v}} }
	refusals := map[string]func(v string) string{
		"ActionInOrg": func(v string) string {
			return ActionInOrg(Words{"Pause app demo (101)", "Pause app demo (101)"}, v).Markdown
		},
		"ConfirmQuestion":             nil, // the action and target are the server's words and the API's names
		"ConfirmFieldTitle":           nil, // the target: a name the API returned
		"ConfirmRequired":             nil, // likewise
		"ConfirmArgMismatch":          func(v string) string { return ConfirmArgMismatch("demo", "Pause app demo (101)", v, true) },
		"ConfirmDeclined":             func(v string) string { return ConfirmDeclined(v) },
		"ConfirmQuestionFailed":       func(v string) string { return ConfirmQuestionFailed(v, false) },
		"SecretQuestionFailed":        func(v string) string { return SecretQuestionFailed(v) },
		"SecretQuestionEndedAnswered": func(v string) string { return SecretQuestionEndedAnswered(v, nil) },
		"SecretQuestionEndedLeftOpen": func(v string) string { return SecretQuestionEndedLeftOpen(v) },
		"ConfirmTypedWrong":           func(v string) string { return ConfirmTypedWrong(v, "demo") },
		"ConfirmValueChanged":         func(v string) string { return ConfirmValueChanged(SourceFile, LocalName(v)) },
		"ConfirmNoTypedName":          nil, // the target: a name the API returned; the answer's name is not shown
		"ArgType":                     func(v string) string { return ArgType("tags."+v, "string", "null") },
		"ArgUnknown":                  func(v string) string { return ArgUnknown(v) },
		"ArgTwice":                    func(v string) string { return ArgTwice(v) },
		"quotedMaskedShort":           func(v string) string { return quotedMaskedShort(v) },
		"quotedRef":                   func(v string) string { return quotedRef(v) },
		"quotedSent":                  func(v string) string { return quotedSent(v, wordBytes, quoted) },
		"ArgKeyTwice":                 func(v string) string { return ArgKeyTwice(v) },
		"ArgKeySpaces":                func(v string) string { return ArgKeySpaces(v) },
		"ArgKeyHidden":                func(v string) string { return ArgKeyHidden(v) },
		"ArgTagValue":                 func(v string) string { return ArgField("tags.env", ArgTagValue(v)) },
		"ArgMapKey":                   nil, // a field error's key, escaped with the field errors where rendered (errorIn)
		"ArgSecretKey":                nil, // likewise: a field path's key (MaskText), escaped where rendered
		"ArgResourceKey":              func(v string) string { return ArgField("resources.limits."+v, ArgResourceKey([]string{"cpu"})) },
		"ArgResourcesEmpty":           func(v string) string { return ArgResourcesEmpty(v, []string{"cpu"}) },
		"ArgManagedTag":               nil, // the tool's own value
		"ArgField":                    func(v string) string { return ArgField("secrets."+v, ArgSecretNull) },
		"ArgInvalid":                  nil, // encoding/json's words
		"ArgHiddenCharacter":          func(v string) string { return ArgHiddenCharacter(v) },
		"quotedVisible":               func(v string) string { return quotedVisible(v) },
		"visibleQuote":                func(v string) string { return visibleQuote(v) },
		"ArgSecretNameNotASCII":       func(v string) string { return ArgSecretNameNotASCII(v) },
		"ArgAppRefNotASCII":           func(v string) string { return ArgAppRefNotASCII(v) },
		"quotedASCIIMasked":           func(v string) string { return quotedASCIIMasked(v) },
		"quotedLookAlike":             func(v string) string { return quotedLookAlike(v) },
		"listedLookAlike":             func(v string) string { return listedLookAlike(v, wordBytes) },
		"clippedLookAlike":            func(v string) string { return clippedLookAlike(v, wordBytes) },
		"ArgTooSmall":                 nil, // a JSON number as sent: digits, sign, point, exponent
		"ArgBeyondRange":              nil, // likewise
		"ArgIntegerBeyondRange":       nil, // likewise
		"NoAppNamed":                  func(v string) string { return NoAppNamed(v) },
		"NoAppNamedOrID":              func(v string) string { return NoAppNamedOrID(v, 7) },
		"AppAmbiguous":                func(v string) string { return AppAmbiguous(v, 1, "a", 2, "b") },
		"AppNotFound":                 nil, // labels rendered by AppLabel, and the caller's text already quoted
		"MemberAmbiguous":             func(v string) string { return MemberAmbiguous(v, 1, 2, v) },
		"AppNameListedTwice":          func(v string) string { return AppNameListedTwice(v, 1, v, 2, v) },
		"MemberNameListedTwice":       func(v string) string { return MemberNameListedTwice(v, 1, v, 2, v) },
		"DeployNameListedTwice":       func(v string) string { return DeployNameListedTwice(v, 1, v, 2, v) },
		"DeployNameListedAsAnother":   func(v string) string { return DeployNameListedAsAnother(v, 1, v) },
		"NoMemberWithID":              func(v string) string { return NoMemberWithID(7, members(v)) },
		"MemberNotFound":              func(v string) string { return MemberNotFound(v, members(v)) },
		"HiddenToolset":               nil, // the server's toolset names
		"HiddenExcludedVia":           nil, // a tool name the server validated against its catalogue
		"HiddenToHTTPCaller":          nil, // a Hidden* reason of the server's own (toolset and tool names it validated)
		"HiddenScopes":                nil, // scope names the server matched against its own
		"HiddenRole":                  func(v string) string { return HiddenRole(v, "member") },
		"HiddenRoleUnknown":           nil, // the role needed: an x-required-role of api/openapi.json
		"RoleTooLow": func(v string) string {
			return RoleTooLow("delete_app", v, v, RoleAsk{Needed: "admin", Do: []string{"admin", "owner"}, Grant: []string{"owner"}}, true)
		},
		"ToolUnavailable":       nil, // the server's tool names and reasons
		"PromptArgumentInvalid": nil, // a JSON-RPC error message, not Markdown
		"AppIDRef":              nil, // digits
		"ArgTimeout":            nil,
		"NoAppWithID":           nil,
		"lowerFirst":            nil,
		"questionError":         nil, // ConfirmQuestionFailed's
		"argName":               nil, // ArgType's and ArgField's
		"ArgListHint":           nil, // a lookup of the refusals' own texts
		"ArgWithoutListHint":    nil, // likewise
		"moreListed":            nil, // a count and the server's tool name
		"MissListHidden": func(v string) string {
			return MissListHidden(MemberNotFound(v, slices.Repeat(members(v), 11)), 1, UnavailableTool{Name: "list_members", Reason: HiddenExcluded}, false)
		},
		"AppListedAsAnother": func(v string) string { return AppListedAsAnother(v, 1, v) },
		"ChoicesLister":      nil, // the tool a refusal's own text names
		"ChoicesListHidden": func(v string) string {
			return ChoicesListHidden(RegionUnavailable(v, slices.Repeat([]string{v}, 11)), UnavailableTool{Name: "list_regions", Reason: HiddenExcluded}, false)
		},
		"cutNoted":        nil, // clippedLookAlike's and listedLookAlike's
		"beyondASCII":     nil, // a test, no text
		"NothingToUpdate": nil, // the server's tool and argument names
		"ArgRefGot":       nil, // the server's own refusals and a JSON kind
	}
	// Every function of refusals.go with a string parameter has a case (nil: why not).
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "refusals.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil {
			continue
		}
		takesText := false
		for _, p := range fn.Type.Params.List {
			if id, ok := p.Type.(*ast.Ident); ok && id.Name == "string" {
				takesText = true
			}
		}
		if _, listed := refusals[fn.Name.Name]; takesText && !listed {
			t.Errorf("%s takes text: add a case to TestRefusalsEscapeCallerText", fn.Name.Name)
		}
	}

	elements := regexp.MustCompile(`<[a-z0-9]+|<a href`)
	for _, hostile := range []string{"<b>x</b>", "<img src=x>[a](http://e.x)", "![i](http://e.x/p.png) <http://e.x>"} {
		for name, render := range refusals {
			if render == nil {
				continue
			}
			plain := elements.FindAllString(renderMarkdown(t, render("plain")), -1)
			out := renderMarkdown(t, render(hostile))
			// A name shown whole in a code span (NameText) is no element of the text's own.
			inert := strings.ReplaceAll(out, "<code>"+html.EscapeString(hostile)+"</code>", html.EscapeString(hostile))
			if got := elements.FindAllString(inert, -1); strings.Join(got, "") != strings.Join(plain, "") {
				t.Errorf("%s with %q renders elements %v, the template %v:\n%s", name, hostile, got, plain, out)
			}
		}
	}
}

// TestArgNamesPlainOrQuoted: a plain argument name or path reads as it is; a map key with
// anything else is quoted, as ArgUnknown quotes an unknown name.
func TestArgNamesPlainOrQuoted(t *testing.T) {
	for field, want := range map[string]string{
		"replicas":         "Invalid arguments, nothing was sent: replicas: expected int, got string",
		"tags.team-1":      "Invalid arguments, nothing was sent: tags.team-1: expected int, got string",
		"tags.<b>x</b>":    `Invalid arguments, nothing was sent: "tags.\<b>x\</b>": expected int, got string`,
		"secrets.a b":      `Invalid arguments, nothing was sent: "secrets.a b": expected int, got string`,
		"tags.[a](http:x)": `Invalid arguments, nothing was sent: "tags.[a\](http:x)": expected int, got string`,
	} {
		if got := ArgType(field, "int", "string"); got != want {
			t.Errorf("ArgType(%q) = %s, want %s", field, got, want)
		}
	}
}

// TestActionInOrgAttachesToTheAction: the organization leads the action, so it qualifies the
// whole of it — never the last words (pause_app's "until it is resumed") — and every text that
// quotes an action reads as a sentence.
func TestActionInOrgAttachesToTheAction(t *testing.T) {
	action := ActionInOrg(PauseAppAction(AppShown(101, "analytics-app"), "https://analytics-app.spice.ai"), "acme-labs").Markdown
	if want := "In organization acme-labs, pause app analytics-app (101): stop its runtime"; !strings.HasPrefix(action, want) {
		t.Errorf("action = %q, want it to start %q", action, want)
	}
	if strings.HasSuffix(action, "acme-labs") {
		t.Errorf("the organization trails the action: %q", action)
	}
	for name, text := range map[string]string{
		"ConfirmQuestion":    ConfirmQuestion(action, nil, "analytics-app"),
		"ConfirmRequired":    ConfirmRequired(action, "pause_app", "analytics-app"),
		"ConfirmArgMismatch": ConfirmArgMismatch("analytics-app", action, "x", true),
	} {
		if strings.Contains(text, "to in organization") || strings.Contains(text, "resumed in organization") {
			t.Errorf("%s misplaces the organization: %s", name, text)
		}
		if !strings.Contains(strings.ToLower(text), "in organization acme-labs, pause app analytics-app (101)") {
			t.Errorf("%s does not name the organization with the action: %s", name, text)
		}
	}
}
