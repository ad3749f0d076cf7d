package present

import (
	"fmt"
	"slices"
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
	// Round 14: default-ignorable code points that are not Cf (a combining grapheme joiner, a
	// variation selector, a Hangul filler), a tag, and an invisible character's escape written
	// out in the text.
	{"ghp_\u034f" + strings.Repeat("B", 36), strings.Repeat("B", 36)},
	{"ghp_\ufe0f" + strings.Repeat("C", 36), strings.Repeat("C", 36)},
	{"ghp_\U000e0020" + strings.Repeat("B", 36), strings.Repeat("B", 36)},
	{"ghp_\u200b\u034f" + strings.Repeat("B", 36), strings.Repeat("B", 36)},
	{"pass\u034fword=hunter2XYZ", "hunter2XYZ"},
	{"pass\ufe0fword=hunter2XYZ", "hunter2XYZ"},
	{"pass\u3164word=hunter2XYZ", "hunter2XYZ"},
	{`x ghp_\u200b` + strings.Repeat("E", 36), strings.Repeat("E", 36)},
	{`x ghp_\u034F` + strings.Repeat("E", 36), strings.Repeat("E", 36)},
	{`{"msg":"pass\u034fword=hunter2XYZ"}`, "hunter2XYZ"},
	{`tok sk_live_\udb40\udc2051H8abcdefghijklmnopqrstuv`, "51H8abcdefghijklmnopqrstuv"},
	// Round 18 (FuzzMaskInvisible): a token right after a star, split, showed its last
	// character: the star and the mask ("*" and "********") were read back as the mask and a
	// star, the mask's place one character early.
	{"*ghp_" + strings.Repeat("A", 19) + "\u200bZ", "Z"},
	// An invisible character right after "token:" is read as nothing before a space only
	// (Invalid token:\u200b signature has expired reads as written); before a word it is
	// part of the value.
	{"token:\u200bsecretvalue", "secretvalue"},
	{`token:\u200bsecretvalue`, "secretvalue"},
	{"token:\u200b\u200dsecretvalue", "secretvalue"},
	{"*AKI\u200bA000000000000000Z", "Z"},
	{"x **ghp_" + strings.Repeat("A", 18) + "\u200bYZ **", "Z"},
	{"*password=hunter\u200b2XYZ", "Z"},
	{"pass\u200bword=** then *ghp_\u200b" + strings.Repeat("A", 19) + "Z", "Z"},
}

// spacedCredentials are the audit's lines (round 14) with a Unicode space (no-break, thin,
// ideographic) where an ASCII space would be: masked as they are with one.
var spacedCredentials = []struct{ line, hidden string }{
	{"password\u00a0=\u00a0Hunter22222", "Hunter22222"},
	{"password\u2009=\u2009Hunter22222", "Hunter22222"},
	{"password=\u00a0Hunter22222", "Hunter22222"},
	{"api_key\u3000=\u3000zzzz9999zzzz", "zzzz9999zzzz"},
	{"Bearer\u00a0abcdefabcdef1234", "abcdefabcdef1234"},
	{"Authorization: Bearer\u00a0abcdefabcdef1234", "abcdefabcdef1234"},
	{"Authorization:\u202fBasic\u205fdXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
	{"\"client_secret\"\u00a0:\u00a0\"s3cr3t-value\"", "s3cr3t-value"},
	{"password:\u1680hunter2XYZ", "hunter2XYZ"},
	// Round 15: a Unicode space's escape written out, as an ASCII-only JSON encoder (Python's
	// json.dumps) writes instance log lines.
	{`password\u00a0=\u00a0hunter2XYZ`, "hunter2XYZ"},
	{`password\u00A0=\u00A0hunter2XYZ`, "hunter2XYZ"},
	{`{"msg":"auth header Bearer\u00a0abcDEF123456xyz"}`, "abcDEF123456xyz"},
	{`{"msg":"password\u00a0=\u00a0hunter2XYZ"}`, "hunter2XYZ"},
	{`api_key\u2009:\u202fzzzz9999zzzz`, "zzzz9999zzzz"},
	{`Authorization:\u3000Basic\U00003000dXNlcjpwYXNzd29yZA==`, "dXNlcjpwYXNzd29yZA=="},
	{"token=abc1234\u00a0def5678", "abc1234"},
	// Round 16: a tab's or line break's escape written out (\t, \n, \r as two characters)
	// next to a Unicode space, or its escape, reads as a space.
	{`{"msg":"password=\t\u00a0hunter2secret"}`, "hunter2secret"},
	{`password:\t\u00a0hunter2secret`, "hunter2secret"},
	{`password=\n\u00a0hunter2secret`, "hunter2secret"},
	{`password=\r\u00a0hunter2secret`, "hunter2secret"},
	{`token=\t\u3000hunter2secret`, "hunter2secret"},
	{`{"msg":"Authorization:\tBearer\u00a0TOKENabcdef123"}`, "TOKENabcdef123"},
	{"password=\\t hunter2secret", "hunter2secret"},
	{"Authorization:\\tBearer\u00a0TOKENabcdef123", "TOKENabcdef123"},
	{`upstream error: password=\t\u00a0hunter2secret; Authorization:\tBearer\u00a0abcdefghijklmnop123`, "abcdefghijklmnop123"},
	// A URL's query value after an escaped Unicode space: masked, every space kept as written.
	{`{"msg":"see https://example.com/docs?q=a\u00a0b&key=\u00a0abcdefgh1234 for details"}`, "abcdefgh1234"},
	{`https://example.com/?password=\u00a0hunter2secret&x=1`, "hunter2secret"},
	// Round 18: a no-break space spelled out as Go's byte escapes, as an HTML character
	// reference or percent-encoded, and NEL (U+0085, raw or spelled out), after Bearer and
	// Basic (they showed the token) and around = and :.
	{"Authorization: Bearer&nbsp;sk-live-abcdef0123456789", "abcdef0123456789"},
	{"Bearer&nbsp;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&#160;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&#xa0;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&#XA0;abcdefabcdef1234", "abcdefabcdef1234"},
	{`Bearer\xc2\xa0abcdefabcdef1234`, "abcdefabcdef1234"},
	{`Bearer\xa0abcdefabcdef1234`, "abcdefabcdef1234"},
	{"Bearer%C2%A0abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer%c2%a0abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer\u0085abcdefabcdef1234", "abcdefabcdef1234"},
	{`Bearer\u0085abcdefabcdef1234`, "abcdefabcdef1234"},
	{`Bearer\xc2\x85abcdefabcdef1234`, "abcdefabcdef1234"},
	{"Bearer%C2%85abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer\u2028abcdefabcdef1234", "abcdefabcdef1234"},
	{"sent Bearer\u3000abcdefabcdef1234", "abcdefabcdef1234"},
	{"sent Bearer&thinsp;abcdefabcdef1234", "abcdefabcdef1234"},
	{"x Basic&nbsp;dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
	{"x Basic%C2%A0dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
	{`x Basic\xc2\xa0dXNlcjpwYXNzd29yZA==`, "dXNlcjpwYXNzd29yZA=="},
	{"x Basic\u0085dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
	{"password=&nbsp;Hunter22222", "Hunter22222"},
	{"password&nbsp;=&nbsp;Hunter22222", "Hunter22222"},
	{"token:&#160;Hunter22222", "Hunter22222"},
	{`token\xc2\xa0=\xc2\xa0Hunter22222`, "Hunter22222"},
	{"token=abc1234\u0085def5678", "abc1234"},
	// A prefixed token right after a space spelled out ends in a digit (\u00a0, %C2%A0): the
	// token's word starts after it.
	{`x\u00a0ghp_` + strings.Repeat("A", 36), strings.Repeat("A", 36)},
	{"x%C2%A0ghp_" + strings.Repeat("A", 36), strings.Repeat("A", 36)},
	{`x\xc2\xa0AKIAIOSFODNN7EXAMPLE`, "IOSFODNN7EXAMPLE"},
	{"x\u0085AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"},
	{"x%C2%A0AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"},
}

// escapedBreaks are texts (round 16) with a tab's or line break's escape written out where a
// separator would be: skipped as a space is there, the rest as written.
var escapedBreaks = []struct{ line, want string }{
	{`password=\t hunter2secret`, `password=\t ` + Masked},
	{`Authorization:\tBearer TOKENabcdef123`, `Authorization:\tBearer ` + Masked},
	{`Bearer\tTOKENabcdef123`, `Bearer\t` + Masked},
	{`{"msg":"password=\t\u00a0hunter2secret x"}`, `{"msg":"password=\t\u00a0` + Masked + ` x"}`},
	{`{"msg":"token\tghp_` + strings.Repeat("A", 36) + `"}`, `{"msg":"token\t` + Masked + `"}`},
	{`{"msg":"x\nAKIAIOSFODNN7EXAMPLE"}`, `{"msg":"x\n` + Masked + `"}`},
	// Round 17: a query parameter's value is masked from its = on, an escaped space with it.
	{`{"msg":"see https://example.com/docs?q=a\u00a0b&key=\u00a0abcdefgh1234 for details"}`,
		`{"msg":"see https://example.com/docs?q=a\u00a0b&key=` + Masked + ` for details"}`},
	{`https://example.com/?password=\u00a0hunter2secret&x=1`, `https://example.com/?password=` + Masked + `&x=1`},
	// An escaped backslash before a t is no tab: the value runs on.
	{`password=a\\tb x`, `password=` + Masked + ` x`},
}

// escapedBreaksInValues (round 17): a tab's or line break's escape written out inside a value
// or a URL does not end it (round 16 ended both there and showed the rest): masked whole.
var escapedBreaksInValues = []struct{ line, want string }{
	{`password=abc\nxyz123`, `password=` + Masked},
	{`DB_PASSWORD=s3cr3t\tpart2secret`, `DB_PASSWORD=` + Masked},
	{`client_secret=abc\rdefghijklmnop`, `client_secret=` + Masked},
	{`Authorization: Basic dXNlcjpwYXNz\nZXh0cmE=`, `Authorization: Basic ` + Masked},
	{`key=AIza\tSyA` + strings.Repeat("b", 33), `key=` + Masked},
	{`AKIAIOSFODNN7EXAMPLE\nMORE`, Masked},
	{`DB_PASSWORD=Xk9\vQ7rT!pLm2`, `DB_PASSWORD=` + Masked},
	{`password=abc\u00a0xyz123`, `password=` + Masked},
	{`https://h/api\u00a0x?code=abcdef123`, `https://h/api\u00a0x?code=` + Masked},
	{`https://host/x?key=abc\tdef&sig=zz\nyy`, `https://host/x?key=` + Masked + `&sig=` + Masked},
	{`https://acct.blob.core.windows.net/c/dir\new.csv?sv=2022&code=AbCdefxyzQRS`, `https://acct.blob.core.windows.net/c/dir\new.csv?sv=2022&code=` + Masked},
	{`https://myfunc.azurewebsites.net/api\names?code=Zq8vN3kLm2PqRsTuVwXyZ01234`, `https://myfunc.azurewebsites.net/api\names?code=` + Masked},
	{`https://CORP\tom@host/x?token=abc123def`, `https://` + Masked + `@host/x?token=` + Masked},
	{`git clone https://ghp_short\tXYZ123tokenrest@github.com/org/repo`, `git clone https://` + Masked + `@github.com/org/repo`},
	// Skipped where separators are: before a value, after a scheme; prose after one stays.
	{`{"msg":"password=\t\u00a0hunter2secret"}`, `{"msg":"password=\t\u00a0` + Masked + `"}`},
	{`Authorization:\tBearer\u00a0TOKENabcdef123`, `Authorization:\tBearer\u00a0` + Masked},
	{`{"msg":"Auth:\tuses OAuth"}`, `{"msg":"Auth:\tuses OAuth"}`},
}

// TestMaskEscapedBreaksInValues: every pass masks escapedBreaksInValues whole.
func TestMaskEscapedBreaksInValues(t *testing.T) {
	for _, c := range escapedBreaksInValues {
		for name, got := range map[string]string{"MaskText": MaskText(c.line), "MaskAPIText": MaskAPIText(c.line), "MaskLogLines": MaskLogLines([]string{c.line})[0]} {
			if got != c.want {
				t.Errorf("%s(%q) = %q, want %q", name, c.line, got, c.want)
			}
		}
	}
	// A spicepod's from: a URL built from a Windows path keeps its query parameters masked.
	pod := MaskSpicepod(map[string]any{"datasets": []any{map[string]any{"from": `https://myfunc.azurewebsites.net/api\names?code=Zq8vN3kLm2PqRsTuVwXyZ01234`}}})
	if got := fmt.Sprint(pod); strings.Contains(got, "Zq8vN3kLm2") {
		t.Errorf("MaskSpicepod shows the code: %s", got)
	}
}

// TestMaskEscapedBreaks: \t, \n, \r written out are skipped as separators in every pass.
func TestMaskEscapedBreaks(t *testing.T) {
	for _, c := range escapedBreaks {
		for name, got := range map[string]string{"MaskText": MaskText(c.line), "MaskAPIText": MaskAPIText(c.line), "MaskLogLines": MaskLogLines([]string{c.line})[0]} {
			if got != c.want {
				t.Errorf("%s(%q) = %q, want %q", name, c.line, got, c.want)
			}
		}
	}
}

// spacedProse are error texts (round 15) with a Unicode space, or its escape, after the colon:
// MaskAPIText reads them as with an ASCII space, as written, the space kept.
var spacedProse = []string{
	"Invalid token:\u00a0signature verification failed",
	"{\"message\":\"Invalid token:\u00a0signature verification failed\"}",
	`{"message":"Invalid token:\u00a0signature verification failed"}`,
	"password:\u202fRequired",
	"password:\u2003Required",
	"token:\u00a0Token has been revoked",
	"secret:\u00a0PG_PASS",
	"Failed to get secret:\u3000PG_PASS",
	"password: correct\u00a0horse\u00a0battery",
	"Auth\u00a0: uses\u00a0OAuth",
	// Round 18: NEL reads as a space (it was read as part of the value: the word was masked),
	// and so does a space spelled out.
	"Invalid token:\u0085signature verification failed",
	"Invalid token:\u2028signature verification failed",
	`{"message":"Invalid token:\u0085signature verification failed"}`,
	"Invalid token:&nbsp;signature verification failed",
	"Invalid token:%C2%A0signature verification failed",
	`Invalid token:\xc2\xa0signature verification failed`,
	// An invisible character before the space is read as nothing (it was masked as the value).
	"Invalid token:\u200b signature has expired",
	`Invalid token:\u200b signature has expired`,
	"password:\u2060\u00a0Required",
}

// writtenSpaces lists the Unicode spaces of s, and their escapes, in order.
func writtenSpaces(s string) []string {
	var spaces []string
	for i := 0; i < len(s); i++ {
		if n := spaceAt(s, i); n > 0 && !isSpace(s[i]) {
			spaces = append(spaces, s[i:i+n])
			i += n - 1
		}
	}
	return spaces
}

// TestMaskAcrossUnicodeSpaces: every Unicode space reads as a space in the masking rules
// (around = and :, after Bearer and Basic); text that holds no credential keeps its spaces.
func TestMaskAcrossUnicodeSpaces(t *testing.T) {
	for _, c := range spacedCredentials {
		for name, got := range map[string]string{
			"MaskText":     MaskText(c.line),
			"MaskAPIText":  MaskAPIText(c.line),
			"MaskLogLines": MaskLogLines([]string{c.line})[0],
		} {
			if strings.Contains(got, c.hidden) || !strings.Contains(got, Masked) {
				t.Errorf("%s(%q) = %q: shows %q", name, c.line, got, c.hidden)
			}
			// Nothing but the credential is dropped: the text is shown as written, spaces kept
			// (but in a log line, where a line break such as NEL is a space: plain.Line).
			if !slices.Equal(writtenSpaces(got), writtenSpaces(c.line)) && !(name == "MaskLogLines" && strings.ContainsFunc(c.line, plain.Breaking)) {
				t.Errorf("%s(%q) = %q: not its spaces as written", name, c.line, got)
			}
		}
	}
	for _, s := range spacedProse {
		if got := MaskAPIText(s); got != s {
			t.Errorf("MaskAPIText(%q) = %q, want it as written", s, got)
		}
		if got, ascii := readable(MaskText(s)), MaskText(readable(s)); got != ascii {
			t.Errorf("MaskText(%q) reads %q, with ASCII spaces %q", s, got, ascii)
		}
	}
	for _, s := range []string{"10\u00a0000 rows", "a\u3000b: c", "price:\u00a0100\u202f€", "user\u00a0=\u00a0bob"} {
		for name, got := range map[string]string{"MaskText": MaskText(s), "MaskAPIText": MaskAPIText(s), "MaskLogLines": MaskLogLines([]string{s})[0]} {
			if got != s {
				t.Errorf("%s(%q) = %q, want it as written", name, s, got)
			}
		}
	}
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
		"like \u2764\ufe0f and \u8fba\U000e0101 and a\u034fb",
		`an escape \u200b written out, \u034f too`,
		"\u3164 Hangul filler",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(s), "MaskAPIText": MaskAPIText(s), "MaskLogLines": MaskLogLines([]string{s})[0]} {
			if got != s {
				t.Errorf("%s(%q) = %q, want it as written", name, s, got)
			}
		}
	}
}

// invisibles are the invisible formatting characters FuzzMaskInvisible inserts.
var invisibles = []string{"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u200e",
	"\u034f", "\ufe0f", "\u180b", "\u3164", "\U000e0020", `\u200b`, `\u034F`, `\udb40\udc20`}

// unicodeSpaces are the spaces FuzzMaskInvisible writes for ASCII ones. Their escapes written
// out (\u00a0) are not among them since round 17: like \t, one is skipped only where a
// separator is and does not end a value (password=abc\u00a0xyz is masked whole), so written
// for the space that ends a value it masks more, not the same.
var unicodeSpaces = []string{"\u00a0", "\u2009", "\u3000", "\u202f", "\u2002", "\u1680", "\u0085", "\u2028"}

// FuzzMaskInvisible: masking a text with invisible characters (or their escapes written out)
// inserted hides at least what masking it without them hides: every stretch of the former's
// output (read without them) between two masks is a stretch of the latter's. So does masking
// it with Unicode spaces (or their escapes) for its ASCII spaces, and it hides no more either:
// the two read the same (a Unicode space after "token:" leaves prose as written).
func FuzzMaskInvisible(f *testing.F) {
	for _, c := range invisibleCredentials {
		f.Add(readable(c.line), uint8(3), uint8(0))
	}
	for _, c := range spacedCredentials {
		f.Add(readable(c.line), uint8(2), uint8(11))
	}
	f.Add("password=hunter2 Authorization: Bearer abcdef123456 ghp_"+strings.Repeat("C", 36), uint8(1), uint8(4))
	f.Add("password = hunter2 api_key : zzzz9999 Bearer abcdef123456 pass=a b", uint8(5), uint8(12))
	for _, c := range escapedBreaks {
		f.Add(readable(c.line), uint8(2), uint8(6))
	}
	f.Add("see https://example.com/docs?q=a b&key= abcdefgh1234 for details password=\t hunter2", uint8(3), uint8(6))
	for _, s := range spacedProse {
		f.Add(readable(s), uint8(2), uint8(0))
	}
	// A prefixed token of exactly the shortest recognised length, split (round 18).
	for which := range uint8(len(invisibles)) {
		f.Add("t ghp_"+strings.Repeat("A", 19)+"B x", uint8(7), which)
	}
	f.Fuzz(func(t *testing.T, text string, every, which uint8) {
		text = plain.Visible(text)
		if !utf8.ValidString(text) || strings.IndexByte(text, '\x1b') >= 0 || plain.WithoutEscapedInvisible(text) != text {
			return
		}
		spaced := text
		for i := 0; strings.Contains(spaced, " "); i++ {
			spaced = strings.Replace(spaced, " ", unicodeSpaces[(int(which)+i)%len(unicodeSpaces)], 1)
		}
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			want, got := readable(m(text)), readable(m(spaced))
			for _, piece := range strings.Split(got, Masked) {
				if !strings.Contains(want, piece) {
					t.Fatalf("%s shows more with Unicode spaces:\n%q -> %q\n%q -> %q (%q)", name, text, want, spaced, got, piece)
				}
			}
			if got != want {
				t.Fatalf("%s reads otherwise with Unicode spaces:\n%q -> %q\n%q -> %q", name, text, want, spaced, got)
			}
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
			want, got := m(text), plain.Visible(plain.WithoutEscapedInvisible(m(split)))
			for _, piece := range strings.Split(got, Masked) {
				if !strings.Contains(want, piece) {
					t.Fatalf("%s shows more with invisible characters:\n%q -> %q\n%q -> %q (%q)", name, text, want, split, got, piece)
				}
			}
		}
	})
}
