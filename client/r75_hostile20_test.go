package client_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR75Hostile20CutPiecesCountedTogether: the pieces of one remembered value a text shows
// around its cuts — a beginning before a mark, an end after one, a middle held whole between two
// marks — each of 4 bytes or more, are counted together, and 12 bytes of the value shown so are
// all redacted: two pieces of 11 bytes (a middle cut, or two middles of "…x…[truncated]…y…"),
// or 8 and 6, show nothing. Pieces that together show fewer than 12 bytes, shorter than 4, or
// not at a mark are shown. Before, each piece was judged alone (12 bytes or more), and a middle
// piece between marks not at all: 22 bytes of the value came through in two pieces.
func TestR75Hostile20CutPiecesCountedTogether(t *testing.T) {
	const v = "hunter2-correct-horse-r74h19"
	r := client.NewRedactor(v)
	for in, want := range map[string]string{
		"cut " + v[:11] + "…[truncated]…" + v[17:]:                 "cut [REDACTED]…[truncated]…[REDACTED]",
		"…" + v[2:13] + "…[truncated]…" + v[14:25] + "…":           "…[REDACTED]…[truncated]…[REDACTED]…",
		"a " + v[:8] + "… and …" + v[22:]:                          "a [REDACTED]… and …[REDACTED]",
		"…" + v[3:15] + "…":                                        "…[REDACTED]…",
		"…" + strings.ToUpper(v[2:13]) + "…" + v[14:25] + "… more": "…[REDACTED]…[REDACTED]… more",
		// Shown: fewer than 12 bytes together, pieces under 4 bytes, a middle not between marks.
		"a " + v[:5] + "… and …" + v[23:]:                       "a " + v[:5] + "… and …" + v[23:],
		"…" + v[2:13] + "… and …xyz":                            "…" + v[2:13] + "… and …xyz",
		"a " + v[:9] + "…" + v[25:]:                             "a " + v[:9] + "…" + v[25:],
		"we use " + v[8:21] + " here":                           "we use " + v[8:21] + " here",
		"the same piece twice: …" + v[2:9] + "…" + v[2:9] + "…": "the same piece twice: …" + v[2:9] + "…" + v[2:9] + "…",
	} {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestR75Hostile20CutKeepsOwnWords: a remembered value that begins (or ends) with one of the
// server's own words — create_deployment-7f3k9q2 — does not make the cut rule redact that word
// where a text ends (or begins) with it: a stretch made only of own words counts for nothing.
// One more byte of the value than the word, and the stretch is redacted as before.
func TestR75Hostile20CutKeepsOwnWords(t *testing.T) {
	const v = "create_deployment-7f3k9q2"
	own := func(w string) bool {
		return strings.EqualFold(w, "create_deployment") || strings.EqualFold(w, "deployment_id_value")
	}
	for _, c := range []struct {
		r        *client.Redactor
		in, want string
	}{
		{client.NewRedactorKeeping(own, v), "then create_deployment…", "then create_deployment…"},
		{client.NewRedactorKeeping(own, v), "then create_deployment", "then create_deployment"},
		{client.NewRedactorKeeping(own, v), "call create_deployment-… next", "call create_deployment-… next"},
		{client.NewRedactorKeeping(own, v), "then create_deployment-7f…", "then [REDACTED]…"},
		{client.NewRedactorKeeping(own, v), v + " as a whole", "[REDACTED] as a whole"},
		{client.NewRedactor(v), "then create_deployment…", "then [REDACTED]…"},
		{client.NewRedactorKeeping(own, "x9-deployment_id_value"), "…deployment_id_value set", "…deployment_id_value set"},
	} {
		if got := c.r.Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
