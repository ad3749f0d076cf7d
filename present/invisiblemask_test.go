package present

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// invisibleCredentials are the audit's lines (round 13): a credential, its key or its scheme
// split by an invisible formatting character, and what must not be shown of each.
var invisibleCredentials = []struct{ line, hidden string }{
	{"token ghp_\u200b" + strings.Repeat("A", 36), strings.Repeat("A", 36)},
	{"token ghp_" + strings.Repeat("A", 18) + "\u200b" + strings.Repeat("A", 18), strings.Repeat("A", 18)},
	{"key AKIA\u200bIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"},
	{"pass\u200bword=hunter2xyz", "hunter2xyz"},
	{"pg_pass\u200b=hunter2xyz", "hunter2xyz"},
	{"jwt eyJ\u200bhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"},
	{"-----BEGIN PRIVATE\u200b KEY-----\\nMIIEv\\n-----END PRIVATE KEY-----", "MIIEv"},
	{"postgres://u:p\u200bw@h/db", "u:p"},
	{"Authorization: Bearer\u200b abcdef123456", "abcdef123456"},
	{"sk_live_\u200b51H8abcdefghijklmnopqrstuv", "51H8abcdefghijklmnopqrstuv"},
	{"AIza\u200bSyA1234567890abcdefghijklmnopqrstuv", "SyA1234567890abcdefghijklmnopqrstuv"},
	{"xoxb-\u200b123456789012-abcdefghijkl", "abcdefghijkl"},
	{"\ufeffghp_" + strings.Repeat("B", 36), strings.Repeat("B", 36)},
	{"\ufeffpassword=hunter2xyz", "hunter2xyz"},
	{"conn postgres://user:pa\u00adss@db/x", "user:pa"},
	{"secret: \u2060hunter2xyz", "hunter2xyz"},
	{"Bearer \u200babcdef123456789", "abcdef123456789"},
	{"Bearer \u200babcdef123456789 and a ZWJ family \U0001F468\u200d\U0001F469\u200d\U0001F467", "abcdef123456789"},
}

// TestMaskAcrossInvisible: an invisible character inside a credential, its key or its scheme
// hides nothing from masking, in every masker (logs, error texts, spicepod strings); text that
// holds no credential keeps its invisible characters.
func TestMaskAcrossInvisible(t *testing.T) {
	for _, c := range invisibleCredentials {
		for name, got := range map[string]string{
			"MaskText":     MaskText(c.line),
			"MaskAPIText":  MaskAPIText(c.line),
			"MaskLogLines": MaskLogLines([]string{c.line})[0],
			"MaskSpicepod": MaskSpicepod(map[string]any{"datasets": []any{map[string]any{"from": c.line}}})["datasets"].([]any)[0].(map[string]any)["from"].(string),
		} {
			if strings.Contains(plain.Visible(got), c.hidden) || !strings.Contains(got, Masked) {
				t.Errorf("%s(%q) = %q: shows %q", name, c.line, got, c.hidden)
			}
		}
	}
	for _, s := range []string{
		"deploy done \U0001F468\u200d\U0001F469\u200d\U0001F467",
		"می\u200cخواهم",
		"soft\u00adhyphen and a \ufeffBOM",
		"user=bob\u200b host=db",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(s), "MaskAPIText": MaskAPIText(s), "MaskLogLines": MaskLogLines([]string{s})[0]} {
			if got != s {
				t.Errorf("%s(%q) = %q, want it as written", name, s, got)
			}
		}
	}
}

// invisibles are the invisible formatting characters FuzzMaskInvisible inserts.
var invisibles = []string{"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u200e"}

// FuzzMaskInvisible: masking a text with invisible characters inserted hides at least what
// masking it without them hides: every stretch of the former's output (read without them)
// between two masks is a stretch of the latter's.
func FuzzMaskInvisible(f *testing.F) {
	for _, c := range invisibleCredentials {
		f.Add(plain.Visible(c.line), uint8(3), uint8(0))
	}
	f.Add("password=hunter2 Authorization: Bearer abcdef123456 ghp_"+strings.Repeat("C", 36), uint8(1), uint8(4))
	f.Fuzz(func(t *testing.T, text string, every, which uint8) {
		text = plain.Visible(text)
		if !utf8.ValidString(text) || strings.IndexByte(text, '\x1b') >= 0 {
			return
		}
		var b strings.Builder
		n := int(every%8) + 1
		i := 0
		for _, r := range text {
			if i%n == 0 {
				b.WriteString(invisibles[(int(which)+i)%len(invisibles)])
			}
			b.WriteRune(r)
			i++
		}
		split := b.String()
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			want, got := m(text), plain.Visible(m(split))
			for _, piece := range strings.Split(got, Masked) {
				if !strings.Contains(want, piece) {
					t.Fatalf("%s shows more with invisible characters:\n%q -> %q\n%q -> %q (%q)", name, text, want, split, got, piece)
				}
			}
		}
	})
}
