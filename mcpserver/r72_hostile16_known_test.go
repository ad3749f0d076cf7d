package mcpserver_test

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r72Hostile16Known is a secret's value no rule of Credentials in text recognises, set by an
// earlier call of the session: only the server's memory of it knows it is one.
var r72Hostile16Known = testutil.R66Token{Family: "a value set earlier", Value: "hunter2-correct-horse-R66hostile10"}

// r72Hostile16Encodings are the copies of a known value an agent would write to have it shown
// (README, Secret hygiene: base64 in either alphabet, hexadecimal in either case, every byte
// percent-encoded, another case, reversed), besides round 71's forms.
var r72Hostile16Encodings = []r71Hostile15Form{
	{"base64", func(v string) string { return base64.StdEncoding.EncodeToString([]byte(v)) }},
	{"base64url", func(v string) string { return base64.RawURLEncoding.EncodeToString([]byte(v)) }},
	{"hex", func(v string) string { return hex.EncodeToString([]byte(v)) }},
	{"HEX", func(v string) string { return strings.ToUpper(hex.EncodeToString([]byte(v))) }},
	{"percent-encoded bytes", func(v string) string {
		var b strings.Builder
		for i := range len(v) {
			fmt.Fprintf(&b, "%%%02X", v[i])
		}
		return b.String()
	}},
	{"upper case", strings.ToUpper},
	{"case swapped", func(v string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z':
				return r - 32
			case r >= 'A' && r <= 'Z':
				return r + 32
			}
			return r
		}, v)
	}},
	{"reversed", func(v string) string { r := []rune(v); slices.Reverse(r); return string(r) }},
}

// r72Hostile16Shows reports whether s shows the known value: as round 71 reads it (whole,
// invisible characters out, percent-decoded, in any case: its marker) or as the copy sent.
func r72Hostile16Shows(s, sent string) bool {
	return r71Hostile15Shows(r72Hostile16Known, s) || strings.Contains(s, sent)
}

// TestR72Hostile16KnownValueOfAnEarlierCall: once set_secret has set a value, every argument of
// every tool (round 71's sweep, from tools/list) given that value — in round 71's forms and as
// each encoded copy (r72Hostile16Encodings) — shows none of it in a later call's result, text
// or structured content, nor in the debug log.
func TestR72Hostile16KnownValueOfAnEarlierCall(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	catalog := h.listTools(t)
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DB_PASSWORD", "value": r72Hostile16Known.Value})
	n := 0
	for _, f := range append(slices.Clone(r71Hostile15Forms), r72Hostile16Encodings...) {
		sent := f.of(r72Hostile16Known.Value)
		for _, c := range r71Hostile15Calls(catalog, sent) {
			n++
			if got := r71Hostile15Everything(h.call(t, c.tool, c.args)); r72Hostile16Shows(got, strings.TrimSpace(sent)) {
				t.Errorf("%s as %s's %s: a later call shows the value set: %.500s", f.name, c.tool, c.arg, got)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d calls", n)
	}
	if r71Hostile15Shows(r72Hostile16Known, h.logs.String()) {
		t.Errorf("the debug log shows it: %s", r66H10Around(h.logs.String(), "R66hostile10"))
	}
}

// TestR72Hostile16KnownValueKeptOutOfStoredEchoes: a value set earlier, then written by the
// agent as an app's description and a tag (kept by the API as sent: it looks like no
// credential), in base64 and as hex, is shown by neither update_app's result nor a later
// get_app's, text or structured content; the rest of the app is shown as before.
func TestR72Hostile16KnownValueKeptOutOfStoredEchoes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	v := r72Hostile16Known.Value
	b64, hx := base64.StdEncoding.EncodeToString([]byte(v)), hex.EncodeToString([]byte(v))
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "r72-known", "wait": false, "secrets": map[string]any{"DB_PASSWORD": v},
		"spicepod": "version: v1\nkind: Spicepod\nname: r72-known\n"})
	res := h.call(t, "update_app", map[string]any{"app": "r72-known", "description": "copy " + b64, "tags": map[string]any{"k": hx}})
	for _, got := range []string{r71Hostile15Everything(res), r71Hostile15Everything(h.call(t, "get_app", map[string]any{"app": "r72-known"}))} {
		if strings.Contains(got, b64) || strings.Contains(got, hx) || !strings.Contains(got, "r72-known") {
			t.Errorf("shown: %.800s", got)
		}
	}
}

// TestR72Hostile16ShortOrPiecesNotKnown (held; README, Secret hygiene): a value shorter than 12
// bytes is not remembered past its call ("postgres12" set as a value does not hide every later
// "postgres12"), and a value sent in pieces — two arguments of one call, or two calls — is
// shown piece by piece: a piece is no value the server had, and a rule hiding every piece of 8
// bytes would be beaten by pieces of 7.
func TestR72Hostile16ShortOrPiecesNotKnown(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "SHORT", "value": "postgres12"})
	if got := h.fail(t, "get_app", map[string]any{"app": "postgres12"}); !strings.Contains(got, "postgres12") {
		t.Errorf("a later call's refusal: %s", got)
	}
	v := r72Hostile16Known.Value
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DB_PASSWORD", "value": v})
	first, second := v[:7], v[7:14]
	got := r71Hostile15Everything(h.call(t, "update_app", map[string]any{"app": "analytics-app", "description": "a " + first, "tags": map[string]any{"k": second}}))
	if !strings.Contains(got, first) || !strings.Contains(got, second) {
		t.Errorf("one call, two pieces: %.600s", got)
	}
	if got := h.fail(t, "get_app", map[string]any{"app": first}); !strings.Contains(got, first) {
		t.Errorf("a piece in a later call: %s", got)
	}
}
