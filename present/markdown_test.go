package present

import (
	"bytes"
	"html"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// These tests render results with a real CommonMark renderer (goldmark, with GFM tables and
// strikethrough, raw HTML let through as a permissive client would) and check that free text
// from the API cannot become the result's structure — no HTML element, link or image of its
// own — while its raw text, which agents read, is the value as written but for the escapes
// text.go documents. Emphasis, code spans and strikethrough made by the value's own * _ ~ and
// backticks are cosmetics the escaping leaves alone.

var commonmark = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
)

func renderMarkdown(t *testing.T, md string) string {
	t.Helper()
	var out bytes.Buffer
	if err := commonmark.Convert([]byte(md), &out); err != nil {
		t.Fatalf("render %q: %v", md, err)
	}
	return out.String()
}

// literal are values that use every inline construct, and backslashes against each escape.
var literal = []string{
	`#tag`, `####### seven`, `--`, `-x`, `+`, `+x`, `= x`, `==`, `[x]:y`,
	`ok \<img src=x onerror=alert(1)>`,
	`x\<b>bold\</b>`,
	`a\|b`,
	`a|b`,
	`\\<b>x</b>`,
	`<img src=x onerror=alert(1)>`,
	`<http://evil.example>`,
	`<a@evil.example>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`&#60;b&#x3E; &amp; AT&T & co; &copy;`,
	`\&lt;b&gt;`,
	`[click](javascript:alert(1))`,
	`[click]\(javascript:alert(1))`,
	`[click]\\(javascript:alert(1))`,
	`![x](http://evil.example/p.png)`,
	`[x][1] [^1] [link]`,
	`[x]: http://evil.example`,
	`*em* _em_ **strong** __strong__ ***both***`,
	`a*b*c snake_case_name _lead trail_ x_ _y`,
	"`code` ``two``",
	"`<b>x</b>` [a](`b`)",
	`~~del~~ ~one~ ~/path`,
	`C:\Users\me\file.txt`,
	`trailing\`,
	`\*not em\*`,
	`a\\b \\\ \`,
	`foo\`,
	`# heading`,
	`- item`,
	`* item`,
	`*`,
	`***`,
	`_ _ _`,
	"```go",
	`~~~`,
	`1. one`,
	`> quote`,
	`===`,
	`| a | b |`,
	`\# x`,
	`_`,
	`\`,
	`text with "quotes" and 'apostrophes' {braces} (parens) $dollar ^caret %`,
	`Sales dashboards (EU) — ünïcödé ✅`,
}

// exact are the audit's values, which must read exactly as written, inline and in cells.
var exact = []string{
	`SELECT * FROM t`,
	`count(*)`,
	`[WIP] fix`,
	`__init__.py`,
	`a[0]`,
	`_LEAD_TOKEN`,
	`PG__PASS`,
	`TRAIL_`,
	`feature/_wip@abc123`,
	`https://example.com/~docs/_index.html`,
	`C:\Users\me`,
	"run `make`",
	`~/path and ~~x~~`,
	`a < b`, // escaped, below
}

// innerText returns the HTML between open and close, or fails.
func innerText(t *testing.T, out, open, close string) string {
	t.Helper()
	i := strings.Index(out, open)
	j := strings.LastIndex(out, close)
	if i < 0 || j < i {
		t.Fatalf("no %s…%s in %q", open, close, out)
	}
	return out[i+len(open) : j]
}

// cosmetic are the elements a value's own characters may make.
var (
	anyTag   = regexp.MustCompile(`</?([a-zA-Z][a-zA-Z0-9]*)`)
	cosmetic = map[string]bool{"em": true, "strong": true, "code": true, "del": true}
)

// checkRendered: inner is the HTML of a value rendered in a paragraph or cell; it must hold no
// element but the cosmetic ones (no HTML of the value's own, no link, no image), and, when the
// value uses none of the cosmetic characters, read as the value.
func checkRendered(t *testing.T, where, value, inner string, cell bool) {
	t.Helper()
	for _, m := range anyTag.FindAllStringSubmatch(inner, -1) {
		if !cosmetic[m[1]] {
			t.Errorf("%s: %q renders an element <%s>: %q", where, value, m[1], inner)
		}
	}
	if !looksCosmetic(value, cell) {
		if got := html.UnescapeString(inner); got != value {
			t.Errorf("%s: %q renders as %q", where, value, got)
		}
	}
}

// looksCosmetic: the value has a character the renderer may show differently (emphasis, code,
// strikethrough, an entity, or a backslash before punctuation it escapes).
func looksCosmetic(v string, cell bool) bool {
	if strings.ContainsAny(v, "*_~&`") {
		return true
	}
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' {
			continue
		}
		j := i
		for j < len(v) && v[j] == '\\' {
			j++
		}
		switch {
		case j == len(v) && (!cell || j-i == 1):
		case j < len(v) && (v[j] == '<' || cell && v[j] == '|' || v[j] == ']' && j+1 < len(v) && v[j+1] == '('):
		case j-i > 1 || j < len(v) && strings.ContainsRune("!\"#$%&'()*+,-./:;=>?@[]^_`{|}~", rune(v[j])):
			return true // a backslash escapes the next backslash or punctuation
		}
		i = j
	}
	return false
}

// checkRaw: the raw text is the value but for backslashes text.go documents: before <, before
// ] when ( follows, before | in a cell, doubling a backslash run before one of those or at the
// end, and one before the first character (or a list number's . or )) that could open a block.
func checkRaw(t *testing.T, where, value, raw string, cell bool) {
	t.Helper()
	i, j := 0, 0
	for i < len(raw) {
		if j < len(value) && raw[i] == value[j] {
			i++
			j++
			continue
		}
		ok := raw[i] == '\\'
		if ok {
			next := byte(0)
			if i+1 < len(raw) {
				next = raw[i+1]
			}
			switch {
			case next == 0 || next == '\\' || next == '<':
			case next == ']' && i+2 < len(raw) && raw[i+2] == '(':
			case next == '|' && cell:
			case i == 0 && !cell && strings.IndexByte("#>-+=|[*_`~", next) >= 0:
			case !cell && (next == '.' || next == ')') && i > 0 && strings.Trim(raw[:i], "0123456789") == "":
			default:
				ok = false
			}
		}
		if !ok {
			t.Errorf("%s: %q reads %q: more than the documented escapes", where, value, raw)
			return
		}
		i++
	}
	if j != len(value) {
		t.Errorf("%s: %q reads %q: characters lost", where, value, raw)
	}
}

// check renders v inline (mid-line and at a line start) and in a cell.
func check(t *testing.T, v string) {
	t.Helper()
	raw := Inline(v)
	checkRaw(t, "Inline", v, raw, false)
	out := renderMarkdown(t, "Before "+raw+" after")
	checkRendered(t, "Inline", v, innerText(t, out, "<p>Before ", " after</p>"), false)
	// At the start of a line, a block marker stays text.
	out = renderMarkdown(t, raw)
	checkRendered(t, "Inline at line start", v, innerText(t, out, "<p>", "</p>"), false)

	cell := escapeCell(v)
	checkRaw(t, "Table cell", v, cell, true)
	out = renderMarkdown(t, Table([]string{"A", "B"}, [][]string{{v, "end"}}))
	checkRendered(t, "Table cell", v, innerText(t, out, "<td>", "</td>\n<td>end</td>"), true)
}

func TestInlineAndCellsRenderSafely(t *testing.T) {
	for _, v := range append(append([]string{}, literal...), exact...) {
		check(t, v)
	}
}

// TestValuesReadExactly: identifiers, SQL, branches and URLs read exactly as written in raw
// text, inline and in cells (the audit: SELECT \*, \_LEAD_TOKEN, feature/\_wip, and \~ and \_
// in a URL, which cut a GFM autolink short); only <, ] before (, | in a cell and a block
// marker at a line start get a backslash.
func TestValuesReadExactly(t *testing.T) {
	for _, v := range exact {
		want := strings.ReplaceAll(v, "<", `\<`)
		if got := Inline(v); got != want {
			t.Errorf("Inline(%q) = %q, want %q", v, got, want)
		}
		if got := escapeCell(v); got != want {
			t.Errorf("cell %q = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[string]string{
		`\<img>`:        `\\\<img>`,
		`[a](u)`:        `[a\](u)`,
		`[x]: http://e`: `\[x]: http://e`, // at a line start: a link reference definition
		`x [a](u)`:      `x [a\](u)`,
		`![i](u)`:       `![i\](u)`,
		`-edge-app-`:    `-edge-app-`,
		`- item`:        `\- item`,
		`--`:            `\--`,
		`#tag`:          `#tag`,
		`## h`:          `\## h`,
		`==`:            `\==`,
		`=x`:            `=x`,
		`* item`:        `\* item`,
		`*bold* word`:   `*bold* word`,
		`___`:           `\___`,
		"```sh":         "\\```sh",
		`1. one`:        `1\. one`,
		`trailing\`:     `trailing\\`,
		`a\|b`:          `a\|b`,
		`_private_name`: `_private_name`,
	} {
		if got := Inline(v); got != want {
			t.Errorf("Inline(%q) = %q, want %q", v, got, want)
		}
	}
	// A GFM client's autolink takes the whole URL.
	gfm := goldmark.New(goldmark.WithExtensions(extension.GFM))
	var out bytes.Buffer
	if err := gfm.Convert([]byte("See "+Inline("https://example.com/~docs/_index.html")+" now"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `href="https://example.com/~docs/_index.html"`) {
		t.Errorf("a GFM autolink does not take the whole URL: %s", out.String())
	}
	for v, want := range map[string]string{`a|b`: `a\|b`, `a\|b`: `a\\\|b`, `-edge-app- (7)`: `-edge-app- (7)`, `trailing\`: `trailing\`} {
		if got := escapeCell(v); got != want {
			t.Errorf("cell %q = %q, want %q", v, got, want)
		}
	}
}

// TestEscapingHoldsForAnyText: random strings of Markdown's special characters render with no
// element of their own but the cosmetic ones, and read as written but for the documented
// escapes, inline and in cells.
func TestEscapingHoldsForAnyText(t *testing.T) {
	const alphabet = "\\<>[]()!`*_~&#;|x1 :/=-+.\"'a@"
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		n := 1 + rng.IntN(12)
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		v := strings.TrimSpace(b.String())
		if v == "" {
			continue
		}
		check(t, v)
		if t.Failed() {
			return
		}
	}
}

// TestResultsShowHostileTextLiterally: the auditors' values, in the results that show them
// (an app's tags and description, a deployment's branch in the history table, an API error),
// render with the elements of the template alone and read as written. (The values hold no
// character that makes emphasis, code or strikethrough: cosmetics the escaping leaves alone.)
// quotedResults are the results of TestResultsShowHostileTextLiterally that quote the value.
var quotedResults = map[string]bool{"NoAppNamed": true, "MemberNotFound": true, "ArgUnknown": true, "RegionUnavailable": true, "Invalid": true}

func TestResultsShowHostileTextLiterally(t *testing.T) {
	ts := client.Timestamp{Time: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)}
	results := func(v string) map[string]string {
		app := &client.Project{ProjectSummary: client.ProjectSummary{ID: 101, Name: "demo", Description: v,
			Tags: map[string]string{v: v}, CreatedAt: ts}}
		dep := client.Deployment{ID: 7, Status: client.StatusFailed, ErrorMessage: v, Branch: v, CommitMessage: v, CreatedAt: ts}
		return map[string]string{
			"App":         App(app),
			"Deployments": Deployments("demo (101)", []client.Deployment{dep}),
			"Deployment":  Deployment("demo (101)", &dep),
			"Error":       Error(&client.APIError{Operation: "getProject", StatusCode: 404, Message: v}),
			// What a caller sent, echoed in a refusal (an app or member reference taken from
			// injected text, an argument name, a rejected value quoted by the rules).
			"NoAppNamed":        NoAppNamed(v),
			"MemberNotFound":    MemberNotFound(v, nil),
			"ArgUnknown":        ArgUnknown(v),
			"RegionUnavailable": RegionUnavailable(v, []string{"us-east-1"}),
			"Invalid":           Error(&client.ValidationError{Fields: rules.FieldErrors{"region": {"received " + strconv.Quote(v)}}}),
		}
	}
	elements := regexp.MustCompile(`<[a-z0-9]+`)
	plain := results("plain")
	for _, h := range []string{`ok \<img src=x onerror=alert(1)>`, `x\<b>bold\</b>`,
		`[a](http://e.example) ![i](http://e.example/p.png) <http://e.example> C:\Users\x`} {
		for name, text := range results(h) {
			out := renderMarkdown(t, text)
			want := elements.FindAllString(renderMarkdown(t, plain[name]), -1)
			got := elements.FindAllString(out, -1)
			if name == "Deployment" || name == "Deployments" {
				// The branch is a name: one holding markup is a code span (NameText), read as written.
				got = slices.DeleteFunc(got, func(e string) bool { return e == "<code" })
			}
			if strings.Join(got, "") != strings.Join(want, "") {
				t.Errorf("%s with %q renders elements %v, the template %v:\n%s", name, h, got, want, out)
			}
			if quotedResults[name] {
				continue // quoted as Go quotes it (backslashes doubled): only its elements count
			}
			if !strings.Contains(html.UnescapeString(out), h) {
				t.Errorf("%s with %q does not show the value as written:\n%s", name, h, out)
			}
		}
	}
}
