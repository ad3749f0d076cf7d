package mcpserver_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r68Words7Tokens is the full-access "sandbox" token until narrow is set, then a JWT-shaped
// token that shows only the scopes it was made with: a case's setup runs with every tool, its
// call with the narrowest token that still shows the tool.
type r68Words7Tokens struct {
	narrow atomic.Bool
	jwt    string
}

func (s *r68Words7Tokens) Token(context.Context) (string, error) {
	if s.narrow.Load() {
		return s.jwt, nil
	}
	return "sandbox", nil
}

// r68Words7NamedHidden lists the tools text names, other than self, as if the caller could use
// them though hidden says it cannot: a name neither marked "(not available here)" nor said to
// be "not available here".
func r68Words7NamedHidden(text, self string, hidden func(tools.Tool) bool) []string {
	// "a and b (not available here (…))", the sandbox's way instead of the portal
	text = r68Words7NamedThenUnavailable.ReplaceAllString(text, "")
	text = r68Words7SaidUnavailable.ReplaceAllString(text, "")
	text = r68Words7Reasons.ReplaceAllString(text, "") // "(a: the token lacks …; b: …)"
	if strings.Contains(text, "| Why hidden |") {      // whoami's table of hidden tools
		text = regexp.MustCompile(`(?m)^\|.*$`).ReplaceAllString(text, "")
	}
	var bad []string
	for _, tool := range tools.All() {
		if tool.Name == self || !hidden(tool) {
			continue
		}
		for rest := text; ; {
			i := strings.Index(rest, tool.Name)
			if i < 0 {
				break
			}
			before, after := rest[:i], rest[i+len(tool.Name):]
			rest = after
			if r68Words7NamePart(before, true) || r68Words7NamePart(after, false) {
				continue // part of a longer name (list_apps in list_apps_x)
			}
			if strings.HasPrefix(after, " (not available here)") || strings.HasPrefix(after, " is not available here") {
				continue
			}
			bad = append(bad, tool.Name)
			break
		}
	}
	return bad
}

// r68Words7SaidUnavailable is a list of tools said to be not available ("a, b and c are not
// available here").
var r68Words7SaidUnavailable = regexp.MustCompile(`(?:[a-z_]+, )*(?:[a-z_]+ and )?[a-z_]+ (?:are|is) not available here`)

var (
	r68Words7NamedThenUnavailable = regexp.MustCompile(`(?:[a-z_]+, )*(?:[a-z_]+ and )?[a-z_]+ \(not available here`)
	r68Words7Reasons              = regexp.MustCompile(`(?:\(|; )(?:[a-z_]+, )*(?:[a-z_]+ and )?[a-z_]+: `)
)

// r68Words7NamePart reports whether s's end (or start) continues a tool name.
func r68Words7NamePart(s string, end bool) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if end {
		c = s[len(s)-1]
	}
	return c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// TestR68Words7NextStepsNameOnlyVisibleTools: every golden case of every tool, run where the
// tool is visible but as little else as can be (a JWT-shaped token with only the tool's own
// scopes, under each --confirm mode; --read-only for a read-only tool), names another tool only
// where the caller has it, or marks it not available. A case with its own token or policy is
// about that token or policy and is left as it is.
func TestR68Words7NextStepsNameOnlyVisibleTools(t *testing.T) {
	t.Parallel()
	for _, tool := range tools.All() {
		cases := goldenCases(tool)
		t.Run(tool.Name, func(t *testing.T) {
			t.Parallel()
			scopes := tool.Scopes()
			granted := rules.GrantedScopes(scopes)
			byScope := func(other tools.Tool) bool {
				return slices.ContainsFunc(other.Scopes(), func(s string) bool { return !granted[s] })
			}
			jwt := jwtShaped(map[string]any{"sub": "r68-words7", "org": "sandbox", "scopes": scopes})
			for _, c := range cases {
				if c.token != "" || c.tokens != nil || len(c.policy.Tools)+len(c.policy.Toolsets)+len(c.policy.ExcludeTools) > 0 || c.policy.ReadOnly {
					continue
				}
				modes := []tools.ConfirmMode{c.confirm}
				if c.confirm == "" && c.setup == nil { // a setup may approve on the page: human's
					modes = []tools.ConfirmMode{"", tools.ConfirmAgent, tools.ConfirmOff}
				}
				for _, mode := range modes {
					narrow := c
					narrow.confirm = mode
					source := &r68Words7Tokens{jwt: jwt}
					narrow.tokens = func(string) client.TokenSource { return source }
					world := c.world
					narrow.world = func(cfg *sandbox.Config) {
						cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: jwt, Org: "sandbox", Scopes: scopes})
						if world != nil {
							world(cfg)
						}
					}
					setup := c.setup
					narrow.setup = func(t *testing.T, h *harness) {
						if setup != nil {
							setup(t, h)
						}
						source.narrow.Store(true)
					}
					got := runResultCase(t, tool.Name, narrow).text
					if bad := r68Words7NamedHidden(got, tool.Name, byScope); len(bad) > 0 {
						t.Errorf("%s, token with %v, --confirm=%q: names %v, which that token hides, as usable:\n%s", c.name, scopes, mode, bad, got)
					}
				}
				if tool.ReadOnly && c.setup == nil {
					ro := c
					ro.policy = tools.Policy{ReadOnly: true}
					got := runResultCase(t, tool.Name, ro).text
					if bad := r68Words7NamedHidden(got, tool.Name, func(other tools.Tool) bool { return !other.ReadOnly }); len(bad) > 0 {
						t.Errorf("%s, --read-only: names %v, which --read-only hides, as usable:\n%s", c.name, bad, got)
					}
				}
			}
		})
	}
}

// r68Words7MaxWords bounds a sentence of a result: past it a reader reads it twice. The
// presentation aims at some 35; a longer one must still fit this.
const r68Words7MaxWords = 50

// TestR68Words7NoSentenceTooLong: no sentence of any tool's golden result (what every tool
// returns, case by case, TestResultGoldens keeps them current) runs past r68Words7MaxWords
// words; tables, fenced log lines and links are not prose and are left out.
func TestR68Words7NoSentenceTooLong(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "results", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	result := regexp.MustCompile("(?s)````markdown\n(.*?)\n````")
	sentenceEnd := regexp.MustCompile(`[.!?]\s+`)
	seen := map[string]bool{}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range result.FindAllStringSubmatch(string(raw), -1) {
			fenced := false
			for line := range strings.Lines(m[1]) {
				if strings.HasPrefix(line, "```") {
					fenced = !fenced
					continue
				}
				if fenced || strings.HasPrefix(line, "|") || strings.HasPrefix(line, "http") {
					continue
				}
				for _, sentence := range sentenceEnd.Split(strings.ReplaceAll(line, "e.g. ", "e.g."), -1) {
					if n := len(strings.Fields(sentence)); n > r68Words7MaxWords && !seen[sentence] {
						seen[sentence] = true
						t.Errorf("%s: a sentence of %d words, want at most %d:\n%s", filepath.Base(file), n, r68Words7MaxWords, sentence)
					}
				}
			}
		}
	}
}
