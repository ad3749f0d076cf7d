package mcpserver_test

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r71Masking17Shows is r71Hostile15Shows with the look-alikes read back as Latin letters,
// as written or as a quote escapes them (\u0430).
func r71Masking17Shows(k testutil.R66Token, s string) bool {
	return r71Masking17Views(s).show(k)
}

// r71Masking17Views is what r71Masking17Shows reads s as, for any token.
func r71Masking17Views(s string) r74Testtime15Views {
	s = r71Hostile15Escaped.ReplaceAllStringFunc(s, func(e string) string {
		n, err := strconv.ParseUint(e[len(e)-4:], 16, 32)
		if err != nil {
			return e
		}
		for a, r := range testutil.CyrillicLookalikes {
			if rune(n) == r {
				return string(a)
			}
		}
		return e
	})
	return r74Testtime15ViewsOf(testutil.Latin(s))
}

// TestR71Masking17HomoglyphTokenInEveryArgument: hostile15's sweep of every argument of the
// catalog, the token written with Cyrillic look-alikes inside it (in its prefix, or in its
// body), bare and inside beyond-ASCII quotes: no result, nor the debug log, shows it.
func TestR71Masking17HomoglyphTokenInEveryArgument(t *testing.T) {
	t.Parallel()
	// One subtest per family, each with its own server, run in parallel (as hostile15's sweep).
	r71Hostile15EachFamily(t, func(t *testing.T, k testutil.R66Token, h *harness, catalog []mcp.Tool, n *atomic.Int64) {
		for _, from := range []int{0, 6} {
			hv := testutil.Homoglyph(k.Value, from)
			if hv == k.Value {
				continue
			}
			for _, v := range []string{hv, "“" + hv + "”", "«" + hv + "»"} {
				for _, c := range r71Hostile15Calls(catalog, v) {
					n.Add(1)
					if got := r71Hostile15Everything(h.call(t, c.tool, c.args)); r71Masking17Shows(k, got) {
						t.Errorf("%s, %q, as %s's %s: the result shows it: %.500s", k.Family, v, c.tool, c.arg, got)
					}
				}
			}
		}
		logs := r71Masking17Views(h.logs.String()) // read once for every token
		for _, k := range testutil.R66HostileTokens() {
			if logs.show(k) {
				t.Errorf("%s: the debug log shows it", k.Family)
			}
		}
	})
}

// TestR71Masking17EncodedPasswordAndWrappedTokenInEveryArgument: every argument of the catalog
// given a percent-encoded URL whose password holds a raw "&", ";" or "," (as a URL and as a
// value after "dsn="), and a Doppler CLI token or a GitLab CI/CD job token a line break cuts
// short (a log's break, a line separator): no result, nor the debug log, shows the password
// or the token's parts. Before, both were quoted whole in the refusals that echo a value.
func TestR71Masking17EncodedPasswordAndWrappedTokenInEveryArgument(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	catalog := h.listTools(t)
	body := "R71masking17pw" + strings.Repeat("Zq9", 10) // 44 letters and digits
	values := map[string][]string{
		"postgres%3A%2F%2Fadmin%3Ap&" + body + "%40db.example.com%2Fapp":      {body[:12]},
		"dsn=mysql%3a%2f%2froot%3ap;" + body + "%40db%3a3306%2fapp":           {body[:12]},
		"https%3A%2F%2Fu%3Ap," + body + "%40h.example":                        {body[:12]},
		"dp.ct." + body[:14] + "\n    " + body[14:] + " end":                  {body[:12], body[14:26]},
		"glcbt-64_" + body[:9] + "\u2028" + body[9:20] + " end":               {body[:9], body[9:20]},
		"Authorization: dp.ct." + body[:20] + "\r\n" + body[20:] + " expired": {body[:12], body[20:32]},
	}
	n := 0
	for v, parts := range values {
		for _, c := range r71Hostile15Calls(catalog, v) {
			n++
			got := r71Hostile15Everything(h.call(t, c.tool, c.args))
			for _, p := range parts {
				if strings.Contains(got, p) || strings.Contains(strings.ReplaceAll(got, `\u0026`, "&"), p) {
					t.Errorf("%q as %s's %s: the result shows %q: %.500s", v, c.tool, c.arg, p, got)
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d calls", n)
	}
	if strings.Contains(h.logs.String(), body[:12]) {
		t.Errorf("the debug log shows it")
	}
}
