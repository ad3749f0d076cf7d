package present

import (
	"bytes"
	"html"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// These tests render results with a real CommonMark renderer (goldmark, with GFM tables and
// strikethrough, raw HTML let through as a permissive client would) and check that free text
// from the API comes out as the text it is: no element of its own, every character shown.

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
	`ok \<img src=x onerror=alert(1)>`,
	`x\<b>bold\</b>`,
	`a\|b`,
	`a|b`,
	`\\<b>x</b>`,
	`<img src=x onerror=alert(1)>`,
	`<http://evil.example>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`&#60;b&#x3E; &amp; AT&T & co; &copy;`,
	`\&lt;b&gt;`,
	`[click](javascript:alert(1))`,
	`![x](http://evil.example/p.png)`,
	`[x][1] [^1] [link]`,
	`*em* _em_ **strong** __strong__ ***both***`,
	`a*b*c snake_case_name _lead trail_ x_ _y`,
	"`code` ``two``",
	`~~del~~ ~one~ ~/path`,
	`C:\Users\me\file.txt`,
	`trailing\`,
	`\*not em\*`,
	`a\\b \\\ \`,
	`foo\`,
	`# heading`,
	`- item`,
	`1. one`,
	`> quote`,
	`===`,
	`| a | b |`,
	`\# x`,
	`*`,
	`_`,
	`\`,
	`text with "quotes" and 'apostrophes' {braces} (parens) $dollar ^caret %`,
	`Sales dashboards (EU) — ünïcödé ✅`,
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

// checkLiteral: inner is the HTML of a value rendered in a paragraph or cell; it must hold no
// element, and read as want.
func checkLiteral(t *testing.T, where, value, inner, want string) {
	t.Helper()
	if strings.ContainsAny(inner, "<>") {
		t.Errorf("%s: %q renders markup: %q", where, value, inner)
	}
	if got := html.UnescapeString(inner); got != want {
		t.Errorf("%s: %q renders as %q, want %q", where, value, got, want)
	}
}

func TestInlineRendersLiterally(t *testing.T) {
	for _, v := range literal {
		out := renderMarkdown(t, "Before "+Inline(v)+" after")
		checkLiteral(t, "Inline", v, innerText(t, out, "<p>Before ", " after</p>"), v)

		// At the start of a line, a block marker stays text.
		out = renderMarkdown(t, Inline(v))
		checkLiteral(t, "Inline at line start", v, innerText(t, out, "<p>", "</p>"), v)
	}
}

func TestCellsRenderLiterally(t *testing.T) {
	for _, v := range literal {
		out := renderMarkdown(t, Table([]string{"A", "B"}, [][]string{{v, "end"}}))
		checkLiteral(t, "Table cell", v, innerText(t, out, "<td>", "</td>\n<td>end</td>"), v)
	}
}

// TestEscapingHoldsForAnyText: random strings of Markdown's special characters render as
// themselves, inline and in cells.
func TestEscapingHoldsForAnyText(t *testing.T) {
	const alphabet = "\\<>[]()!`*_~&#;|x1 :/=-+.\"'a"
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
		out := renderMarkdown(t, "Before "+Inline(v)+" after")
		checkLiteral(t, "Inline", v, innerText(t, out, "<p>Before ", " after</p>"), v)
		out = renderMarkdown(t, Table([]string{"A", "B"}, [][]string{{v, "end"}}))
		checkLiteral(t, "Table cell", v, innerText(t, out, "<td>", "</td>\n<td>end</td>"), v)
		if t.Failed() {
			return
		}
	}
}

// TestResultsShowHostileTextLiterally: the auditors' values, in the results that show them
// (an app's tags and description, a deployment's branch in the history table, an API error),
// render with the elements of the template alone and read as written.
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
		}
	}
	elements := regexp.MustCompile(`<[a-z0-9]+`)
	plain := results("plain")
	for _, h := range []string{`ok \<img src=x onerror=alert(1)>`, `x\<b>bold\</b>`, `[a](http://e.example) *b* ` + "`c` &amp; a\\|b"} {
		for name, text := range results(h) {
			out := renderMarkdown(t, text)
			want := elements.FindAllString(renderMarkdown(t, plain[name]), -1)
			if got := elements.FindAllString(out, -1); strings.Join(got, "") != strings.Join(want, "") {
				t.Errorf("%s with %q renders elements %v, the template %v:\n%s", name, h, got, want, out)
			}
			if !strings.Contains(html.UnescapeString(out), h) {
				t.Errorf("%s with %q does not show the value as written:\n%s", name, h, out)
			}
		}
	}
}
