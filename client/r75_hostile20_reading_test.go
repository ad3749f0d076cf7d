package client_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR75Hostile20CutReadsFullwidthPercentAndUnfinishedEscapes: the cut rule reads a fullwidth
// or mathematical letter as its ASCII one (NFKC's reading), a percent escape as its byte, and leaves aside an
// escape the cut left unfinished before its mark ("…\u00…", "…%6…"): a beginning of a remembered
// value cut so is redacted. Before, each of them showed 17 bytes or more of it.
func TestR75Hostile20CutReadsFullwidthPercentAndUnfinishedEscapes(t *testing.T) {
	const v = "hunter2-correct-horse-r74h19"
	r := client.NewRedactor(v)
	full := strings.Map(func(r rune) rune { return r - '!' + 0xff01 }, v[:18])
	bold := strings.Map(func(r rune) rune { // mathematical sans-serif bold, digits too
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 0x1d5ee
		case '0' <= r && r <= '9':
			return r - '0' + 0x1d7ec
		}
		return r
	}, v[:18])
	var pct strings.Builder
	for i := 0; i < 18; i++ {
		pct.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[v[i]>>4])+string("0123456789abcdef"[v[i]&15])))
	}
	for in, want := range map[string]string{
		"cut " + full + "…":           "cut [REDACTED]…",
		"cut " + bold + "…":           "cut [REDACTED]…",
		"cut " + pct.String() + "…":   "cut [REDACTED]…",
		"cut " + pct.String() + "%6…": "cut [REDACTED]%6…",
		"cut " + v[:18] + `\u00…`:     "cut [REDACTED]" + `\u00…`,
		"cut " + v[:18] + `\\u0…`:     "cut [REDACTED]" + `\\u0…`,
		"cut " + v[:18] + `\…`:        "cut [REDACTED]" + `\…`,
		"100% sure, 50%… done":        "100% sure, 50%… done",
		"ｆｕｌｌｗｉｄｔｈ words… are shown":  "ｆｕｌｌｗｉｄｔｈ words… are shown",
		"cut " + v[:18] + "abc…":      "cut " + v[:18] + "abc…",
	} {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
