package mcpserver_test

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74Testtime15OnePerTool keeps the first call of each tool of script, and every resource read and prompt.
func r74Testtime15OnePerTool(script []r37SweepStep) []r37SweepStep {
	var out []r37SweepStep
	seen := map[string]bool{}
	for _, step := range script {
		if step.tool != "" {
			if seen[step.tool] {
				continue
			}
			seen[step.tool] = true
		}
		out = append(out, step)
	}
	return out
}

// TestR74Testtime15CredentiallessAnswerIgnoresArguments holds what lets the R37 sweep call each
// tool once without credentials: under a policy that hides tools, every call of one tool answers
// the same text whatever its arguments.
func TestR74Testtime15CredentiallessAnswerIgnoresArguments(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	for _, policy := range []tools.Policy{{ReadOnly: true}, {ExcludeTools: []string{"check_health"}}, {ExcludeTools: []string{"whoami"}}} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-", policy: policy, safety: tools.Safety{NoConfirm: true}, inProcess: true})
		first := map[string]string{}
		for _, step := range r37SweepScript(1) {
			if step.tool == "" || !slices.Contains(policy.Offered(), step.tool) {
				continue
			}
			out := step.run(t, h)
			if prev, ok := first[step.tool]; !ok {
				first[step.tool] = out
			} else if out != prev {
				t.Errorf("%+v: %s answers without credentials\n%s\nbut its first call answered\n%s", policy, step, out, prev)
			}
		}
	}
}

// r74Testtime15Views are the readings of a text r71Hostile15Shows checks a token against: as
// written, with invisible characters taken out (as they are or spelled as a quote escapes them,
// \u2060), and percent-decoded (an encoded form the server decoded and quoted is still the
// value). Computed once, they serve every token: the debug log is checked for 40.
type r74Testtime15Views []r74Testtime15View

type r74Testtime15View struct {
	text  string
	upper func() string
}

func r74Testtime15ViewsOf(s string) r74Testtime15Views {
	s = r71Hostile15Escaped.ReplaceAllStringFunc(s, func(e string) string {
		n, err := strconv.ParseUint(e[len(e)-4:], 16, 32)
		if err == nil && unicode.Is(unicode.Cf, rune(n)) {
			return ""
		}
		return e
	})
	plain := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	texts := []string{s, plain}
	if dec, err := url.QueryUnescape(plain); err == nil {
		texts = append(texts, dec)
	}
	var views r74Testtime15Views
	for _, text := range texts {
		views = append(views, r74Testtime15View{text, sync.OnceValue(func() string { return strings.ToUpper(text) })})
	}
	return views
}

func (v r74Testtime15Views) show(k testutil.R66Token) bool {
	for _, view := range v {
		if k.LeakedUpper(view.text, view.upper) {
			return true
		}
	}
	return false
}

// TestR74Testtime15ViewsShowEveryForm: a log read once (r74Testtime15ViewsOf) still shows each
// token in every form of hostile15's sweep, and shows no token in a text without one.
func TestR74Testtime15ViewsShowEveryForm(t *testing.T) {
	for _, k := range testutil.R66HostileTokens() {
		for _, f := range r71Hostile15Forms[:4] { // whole, base64 (not read), URL-encoded, zero-width split
			log := `{"msg":"call","args":"` + f.of(k.Value) + `"}`
			if got := r74Testtime15ViewsOf(log).show(k); got != (f.name != "base64") {
				t.Errorf("%s %s: show = %v", k.Family, f.name, got)
			}
		}
		if r74Testtime15ViewsOf(`{"msg":"call","args":"[REDACTED]"}`).show(k) {
			t.Errorf("%s: shown in a text without it", k.Family)
		}
	}
}
