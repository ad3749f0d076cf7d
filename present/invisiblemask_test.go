package present

import (
	"fmt"
	"math/rand/v2"
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
// for the space that ends a value it masks more, not the same. Nor are the Unicode spaces that
// break a line (lineSpaces: NEL, U+2028, U+2029) since round 19, for the same reason.
var unicodeSpaces = []string{"\u00a0", "\u2009", "\u3000", "\u202f", "\u2002", "\u1680"}

// lineSpaces are the Unicode spaces that break a line: written for ASCII spaces, masking hides
// at least as much (FuzzMaskInvisible), more where one is inside a value.
var lineSpaces = []string{"\u0085", "\u2028", "\u2029"}

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
	f.Add(`["password"]=> string(8) "R41pw9xy" <key>api_key</key> <string>R41k</string> password -> R41p IDENTIFIED BY R41s --pw R41f`, uint8(4), uint8(3))
	for _, s := range spacedProse {
		f.Add(readable(s), uint8(2), uint8(0))
	}
	// A prefixed token of exactly the shortest recognised length, split (round 18).
	for which := range uint8(len(invisibles)) {
		f.Add("t ghp_"+strings.Repeat("A", 19)+"B x", uint8(7), which)
	}
	for _, c := range round19Credentials {
		f.Add(readable(c.line), uint8(4), uint8(9))
	}
	for _, c := range round20Credentials {
		f.Add(readable(c.line), uint8(4), uint8(9))
	}
	for i, s := range r67TesttimeSeeds(f, r59Seeds(r59TextTemplates...)) { // round 59
		f.Add(s, uint8(i), uint8(i/8))
	}
	f.Fuzz(maskInvisibleViews)
}

// maskInvisibleViews is FuzzMaskInvisible's oracle: text read through each view (Unicode spaces,
// line separators, invisible characters) is masked as text is.
func maskInvisibleViews(t *testing.T, text string, every, which uint8) {
	t.Helper()
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
		for _, piece := range shownPieces(got) {
			if !strings.Contains(want, piece) {
				t.Fatalf("%s shows more with Unicode spaces:\n%q -> %q\n%q -> %q (%q)", name, text, want, spaced, got, piece)
			}
		}
		if got != want && !r70MineVarDumpCounted(text) {
			t.Fatalf("%s reads otherwise with Unicode spaces:\n%q -> %q\n%q -> %q", name, text, want, spaced, got)
		}
	}
	// A URL goes on over a line separator (its userinfo and query are read whole), so where
	// one stands for the space that ended a URL, what follows is read as the URL's: texts
	// with a URL are left out here.
	lined := text
	if !strings.Contains(text, "://") {
		lined = r69LinedSpaces(text, which)
	}
	for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
		want, got := readable(m(text)), readable(m(lined))
		for _, l := range lineSpaces {
			want, got = strings.ReplaceAll(want, l, " "), strings.ReplaceAll(got, l, " ")
		}
		for _, piece := range shownPieces(got) {
			if !strings.Contains(want, piece) && !r69MinePunctuationOnly(piece) && !r70MineCommaOnTheNextLine(lined, piece) {
				t.Fatalf("%s shows more with line separators:\n%q -> %q\n%q -> %q (%q)", name, text, want, lined, got, piece)
			}
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
		for _, piece := range shownPieces(got) {
			if !strings.Contains(want, piece) {
				t.Fatalf("%s shows more with invisible characters:\n%q -> %q\n%q -> %q (%q)", name, text, want, split, got, piece)
			}
		}
	}
}

// round19Credentials are the audit's lines of round 19 and what must not be shown of each:
// a token after a percent-encoded (or otherwise escaped) character, a value that starts with
// "&", ";" or ",", two masks separated only by stars, HTML's spellings of spaces inside a
// value, NEL and the line and paragraph separators inside a value or a userinfo, and PEM
// blocks with spelled-out spaces.
var round19Credentials = []struct{ line, hidden string }{
	{"redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Faccess_token%3Dghp_" + strings.Repeat("A", 36), strings.Repeat("A", 20)},
	{"GET /search?q=key%20AKIAIOSFODNN7EXAMPLE HTTP/1.1", "IOSFODNN7EXAMPLE"},
	{"x%0Aghp_" + strings.Repeat("A", 36), strings.Repeat("A", 20)},
	{`x\x0aghp_` + strings.Repeat("A", 36), strings.Repeat("A", 20)},
	{`x\u000aghp_` + strings.Repeat("A", 36), strings.Repeat("A", 20)},
	{"https://h/x?q=Bearer%20abcdefabcdef1234", "abcdefabcdef1234"},
	{"https://h/x?q=Bearer+abcdefabcdef1234", "abcdefabcdef1234"},
	{"cb?access_token%3Dhunter2xyz9%26state%3Dx", "hunter2xyz9"},
	{"Server=db;User Id=sa;Password=&x7Kq9!zQ;", "x7Kq9"},
	{"pg_password=&x7Kq9!zQ", "x7Kq9"},
	{"password: &x7Kq9!zQ", "x7Kq9"},
	{"PWD=,x7Kq9zQ;", "x7Kq9"},
	{"password=&nbspHunter22222", "Hunter22222"},
	{"password=;x7Kq9zQ", "x7Kq9"},
	{"Bearer abcdefabcdef1234*ghp_" + strings.Repeat("A", 19) + "\u200bQ", "Q"},
	{"AKIAIOSFODNN7EXAMPL\u200bE*ghp_" + strings.Repeat("A", 19) + "\u200bQ", "Q"},
	{"*ghp_" + strings.Repeat("A", 19) + "\u200bZ*ghp_" + strings.Repeat("A", 19) + "\u200bY", "Y"},
	{"password=abc&nbsp;xyz789", "xyz789"},
	{"https://host/x?token=abc&nbsp;def2QZ", "def2QZ"},
	{"password=abc&ThickSpace;xyz789", "xyz789"},
	{"Bearer&nbspabcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&#160abcdefabcdef1234", "abcdefabcdef1234"},
	{"password=abc\u2028def2QZ", "def2QZ"},
	{"password=abc\u2029def2QZ", "def2QZ"},
	{"password=abc\u0085def2QZ", "def2QZ"},
	{"postgres://app:pa\u2028ss@db:5432/app", "app:pa"},
	{"postgres://app:pa\u0085ss@db:5432/app", "app:pa"},
	{"Authorization: Digest username=\"bob\",\u0085response=\"6629fae49393a05397450978507c4ef1\"", "6629fae4"},
	{"Authorization: Digest username=\"bob\",\u2028response=\"6629fae49393a05397450978507c4ef1\"", "6629fae4"},
	{`-----BEGIN\u00a0PRIVATE\u00a0KEY-----\u00a0MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\u00a0-----END\u00a0PRIVATE\u00a0KEY-----`, "MIIEvQ"},
	{"-----BEGIN&nbsp;PRIVATE&nbsp;KEY-----&nbsp;MIIEvQIBADANBgkqhkiG9w0BAQEFAASC&nbsp;-----END&nbsp;PRIVATE&nbsp;KEY-----", "MIIEvQ"},
	{"-----BEGIN%C2%A0PRIVATE%C2%A0KEY-----%C2%A0MIIEvQIBADANBgkqhkiG9w0BAQEFAASC%C2%A0-----END%C2%A0PRIVATE%C2%A0KEY-----", "MIIEvQ"},
	{`-----BEGIN\xc2\xa0PRIVATE\xc2\xa0KEY-----\xc2\xa0MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\xc2\xa0-----END\xc2\xa0PRIVATE\xc2\xa0KEY-----`, "MIIEvQ"},
	{"-----BEGIN&#160;RSA&#160;PRIVATE&#160;KEY-----&#160;MIIEvQIBADANBgkqhkiG9w0BAQEFAASC&#160;-----END&#160;RSA&#160;PRIVATE&#160;KEY-----", "MIIEvQ"},
}

// TestMaskRound19: every masker hides the round-19 audit's credentials, and prose near the
// spellings they use stays as written.
func TestMaskRound19(t *testing.T) {
	checkMaskRound(t, round19Credentials, []string{
		"GET /search?q=hello%20world HTTP/1.1",
		"https://example.com/a%2Fb?x=1&amp;y=2",
		"password=&user=bob",
		"password=",
		"password=; user=bob",
		"see caf&eacute; &amp; bar",
		"Bearer%20token%20required",
		"a\u2028b\u2029c\u0085d",
		"<p>user:&nbsp;bob</p> 100%25 done &amp; caf&eacute;",
	}, []string{
		"Invalid token: signature&nbsp;verification failed",
		`Invalid token: signature\u00a0verification failed`,
		"Invalid token: signature%C2%A0verification failed",
	})
}

// checkMaskRound: every masker hides each credential line; prose stays as written in MaskText
// and MaskAPIText, and apiProse (prose after a key such as "token:") in MaskAPIText.
func checkMaskRound(t *testing.T, creds []struct{ line, hidden string }, prose, apiProse []string) {
	t.Helper()
	for _, c := range creds {
		for name, got := range map[string]string{
			"MaskText":     MaskText(c.line),
			"MaskAPIText":  MaskAPIText(c.line),
			"MaskLogLines": MaskLogLines([]string{c.line})[0],
		} {
			if strings.Contains(plain.Visible(got), c.hidden) || !strings.Contains(got, Masked) {
				t.Errorf("%s(%q) = %q: shows %q", name, c.line, got, c.hidden)
			}
		}
	}
	for _, s := range prose {
		for name, got := range map[string]string{"MaskText": MaskText(s), "MaskAPIText": MaskAPIText(s)} {
			if got != s {
				t.Errorf("%s(%q) = %q, want it as written", name, s, got)
			}
		}
	}
	for _, s := range apiProse {
		if got := MaskAPIText(s); got != s {
			t.Errorf("MaskAPIText(%q) = %q, want it as written", s, got)
		}
	}
}

// round20Credentials are the round-20 lines and what must not be shown of each: an ASCII
// space spelled out (&#32;, &#x20;, \x20, \u0020, %20) after Bearer and Basic and around = and
// :, HTML5's &Tab; and &NewLine; (and &NBSP;), spaces encoded twice (%2520, %25C2%25A0,
// &amp;nbsp;, &amp;#160;), \u{a0} and octal byte escapes (\302\240, \240), each also before
// a prefixed token and in a PEM block.
var round20Credentials = []struct{ line, hidden string }{
	{"password%20=%20hunter2xyz", "hunter2xyz"},
	{"password%20:%20hunter2xyz", "hunter2xyz"},
	{`Bearer\u0020abcdefabcdef1234`, "abcdefabcdef1234"},
	{`Bearer\x20abcdefabcdef1234`, "abcdefabcdef1234"},
	{"Bearer&#32;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&#x20;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&#32abcdefabcdef1234", "abcdefabcdef1234"},
	{"password&#32;=&#32;hunter2xyz", "hunter2xyz"},
	{`password\u0020=\u0020hunter2xyz`, "hunter2xyz"},
	{`token\x20:\x20hunter2xyz`, "hunter2xyz"},
	{"x Basic&#32;dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
	{"Bearer&NBSP;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&NewLine;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&Tab;abcdefabcdef1234", "abcdefabcdef1234"},
	{"password=&Tab;hunter2xyz", "hunter2xyz"},
	{"password&NewLine;=&NewLine;hunter2xyz", "hunter2xyz"},
	{"password=abc&Tab;def2QZ", "def2QZ"},
	{"Bearer%25C2%25A0abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer%2520abcdefabcdef1234", "abcdefabcdef1234"},
	{"password%2520=%2520hunter2xyz", "hunter2xyz"},
	{"Bearer&amp;nbsp;abcdefabcdef1234", "abcdefabcdef1234"},
	{"Bearer&amp;#160;abcdefabcdef1234", "abcdefabcdef1234"},
	{"password&amp;nbsp;=&amp;nbsp;hunter2xyz", "hunter2xyz"},
	{"password=abc&amp;nbsp;def2QZ", "def2QZ"},
	{`Bearer\u{a0}abcdefabcdef1234`, "abcdefabcdef1234"},
	{`Bearer\u{20}abcdefabcdef1234`, "abcdefabcdef1234"},
	{`password\u{a0}=\u{a0}hunter2xyz`, "hunter2xyz"},
	{`Bearer\302\240abcdefabcdef1234`, "abcdefabcdef1234"},
	{`Bearer\240abcdefabcdef1234`, "abcdefabcdef1234"},
	{`Bearer\012abcdefabcdef1234`, "abcdefabcdef1234"},
	{`password\302\240=\302\240hunter2xyz`, "hunter2xyz"},
	{`x\302\240ghp_` + strings.Repeat("A", 36), strings.Repeat("A", 20)},
	{`x\240AKIAIOSFODNN7EXAMPLE`, "IOSFODNN7EXAMPLE"},
	{"x%2520AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"},
	{"x%25C2%25A0AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"},
	{`x\302\240Bearer abcdefabcdef1234`, "abcdefabcdef1234"},
	{"-----BEGIN%2520PRIVATE%2520KEY-----%2520MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "MIIEvQ"},
	{`-----BEGIN\302\240PRIVATE\302\240KEY-----\302\240MIIEvQIBADANBgkqhkiG9w0BAQEFAASC`, "MIIEvQ"},
	{"-----BEGIN&amp;nbsp;PRIVATE&amp;nbsp;KEY-----&amp;nbsp;MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "MIIEvQ"},
	{`-----BEGIN\u{a0}PRIVATE\u{a0}KEY-----\u{a0}MIIEvQIBADANBgkqhkiG9w0BAQEFAASC`, "MIIEvQ"},
	// Hidden before round 20 too (%20 after Bearer and Basic was read as a URL query's space),
	// kept with the rest.
	{"Authorization: Bearer%20sk-live-abcdef0123456789", "abcdef0123456789"},
	{"x Bearer%20abcdefabcdef1234", "abcdefabcdef1234"},
	{"x Basic%20dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
}

// TestMaskRound20: every masker hides the round-20 credentials, and prose and URL queries near
// the spellings they use stay as written.
func TestMaskRound20(t *testing.T) {
	checkMaskRound(t, round20Credentials, []string{
		"see ?q=a%20b&x=1",
		"GET /search?q=password%20reset HTTP/1.1",
		"https://example.com/a%2520b?x=1&amp;y=2",
		"Bearer%20token%20required",
		"Bearer&#32;token&#32;required",
		"caf&eacute;&Tab;&amp;&NewLine;bar",
		`C:\302files and \u{1F600}`,
		"x &#32; y %2520 z",
	}, []string{
		"Invalid token:%20signature%20verification%20failed",
		"Invalid token:&#32;signature&#32;verification failed",
		`Invalid token:\u0020signature verification failed`,
		"Invalid token: signature&amp;nbsp;verification failed",
	})
}

// TestMaskLogLinesBreakInsideValue (round 20): a line break inside one log line (an entry
// written on several lines: \n, \r\n, NEL, U+2028, U+2029) does not end a value, as it does
// not in MaskText: what follows it up to the next space is masked with it; the line after
// that is shown, and the line is one line.
func TestMaskLogLinesBreakInsideValue(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"password=abc\u2028def2QZ more", "password=" + Masked + " more"},
		{"password=abc\u2029def2QZ more", "password=" + Masked + " more"},
		{"password=abc\u0085def2QZ more", "password=" + Masked + " more"},
		{"password=abc\ndef2QZ more", "password=" + Masked + " more"},
		{"password=abc\r\ndef2QZ more", "password=" + Masked + " more"},
		{"password=\nhunter2xyz more", "password= " + Masked + " more"},
		{"https://app:pa\nss@db/x", "https://" + Masked + "@db/x"},
		{"Authorization: Bearer\nabcdef123456", "Authorization: Bearer " + Masked},
		// Not a whole log: the next words and lines are shown.
		{"INFO a=b\nnext line x", "INFO a=b next line x"},
		{"password=abc def\nINFO next line", "password=" + Masked + " def INFO next line"},
		{"x\t\ty\u2028\u2028z", "x y z"},
	} {
		if got := MaskLogLines([]string{c.line})[0]; got != c.want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}

// applySpans is text with spans (sorted, apart) replaced by Masked, and collapsed: every run of
// len(Masked) stars or more (a mask, with the text's own stars beside it) written as one NUL.
func applySpans(text string, spans [][2]int) (masked, collapsed string) {
	var b strings.Builder
	pos := 0
	for _, sp := range spans {
		b.WriteString(text[pos:sp[0]])
		b.WriteString(Masked)
		pos = sp[1]
	}
	b.WriteString(text[pos:])
	masked = b.String()
	var c strings.Builder
	for i := 0; i < len(masked); {
		j := i
		for j < len(masked) && masked[j] == '*' {
			j++
		}
		switch {
		case j-i >= len(Masked):
			c.WriteByte(0)
			i = j
		case j > i:
			c.WriteString(masked[i:j])
			i = j
		default:
			c.WriteByte(masked[i])
			i++
		}
	}
	return masked, c.String()
}

// checkMaskedSpans: the spans maskedSpans finds are in order, apart and inside text, and text
// masked there reads as masked does (the same stretches between masks, so nothing masked hid
// is shown), whatever stars the text holds beside its masks.
func checkMaskedSpans(t *testing.T, text string, spans [][2]int) {
	t.Helper()
	masked, want := applySpans(text, spans)
	got := maskedSpans(text, masked)
	at := 0
	for _, sp := range got {
		if sp[0] < at || sp[1] < sp[0] || sp[1] > len(text) {
			t.Fatalf("maskedSpans(%q, %q) = %v: not in order inside the text", text, masked, got)
		}
		at = sp[1]
	}
	if _, back := applySpans(text, got); back != want {
		t.Fatalf("maskedSpans(%q, %q) = %v: masked there reads %q, want %q", text, masked, got, back, want)
	}
}

// TestMaskedSpansBruteForce: maskedSpans on every text of up to 6 characters of "*", "a", "b"
// and every way to mask it in up to three spans (round 19: two masks with only stars between
// them showed a token's last character), and on random longer ones.
func TestMaskedSpansBruteForce(t *testing.T) {
	const alphabet = "*ab"
	var rec func(text string, from int, spans [][2]int)
	rec = func(text string, from int, spans [][2]int) {
		checkMaskedSpans(t, text, spans)
		if len(spans) == 3 {
			return
		}
		for s := from; s < len(text); s++ {
			for e := s + 1; e <= len(text); e++ {
				rec(text, e, append(slices.Clip(spans), [2]int{s, e}))
			}
		}
	}
	for n := 0; n <= 6; n++ {
		b := make([]byte, n)
		for k := 0; k < pow(len(alphabet), n); k++ {
			for i, x := 0, k; i < n; i, x = i+1, x/len(alphabet) {
				b[i] = alphabet[x%len(alphabet)]
			}
			rec(string(b), 0, nil)
		}
	}
	rng := rand.New(rand.NewPCG(19, 19))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = "***ab*Q"[rng.IntN(7)]
		}
		var spans [][2]int
		for at := 0; at < len(b); {
			s := at + rng.IntN(len(b)-at)
			e := s + 1 + rng.IntN(len(b)-s)
			if rng.IntN(3) == 0 {
				break
			}
			spans = append(spans, [2]int{s, e})
			at = e
		}
		checkMaskedSpans(t, string(b), spans)
	}
}

func pow(b, n int) int {
	r := 1
	for range n {
		r *= b
	}
	return r
}

// FuzzMaskedSpans: maskedSpans keeps its invariant (checkMaskedSpans) for any text and spans.
func FuzzMaskedSpans(f *testing.F) {
	f.Add("Bearer abcdefabcdef1234*ghp_AAAAAAAAAAAAAAAAAAAQ", uint64(0x0717_1830))
	f.Add("*ghp_AAAAAAAAAAAAAAAAAAAZ*ghp_AAAAAAAAAAAAAAAAAAAY", uint64(0x0119_1a33))
	f.Add("x **ghp_AAAAAAAAAAAAAAAAAAYZ ** ********", uint64(0x0418_1a1b))
	for i, s := range r67TesttimeSeeds(f, r59Seeds(r59TextTemplates...)) { // round 59
		f.Add(s, uint64(i)*0x9e3779b97f4a7c15)
	}
	f.Fuzz(func(t *testing.T, text string, cuts uint64) {
		var spans [][2]int
		for at := 0; cuts != 0 && at < len(text); cuts >>= 16 {
			s := at + int(cuts&0xff)%(len(text)-at)
			e := s + 1 + int(cuts>>8&0xff)%(len(text)-s)
			spans = append(spans, [2]int{s, e})
			at = e
		}
		checkMaskedSpans(t, text, spans)
	})
}

// shownPieces are the stretches masked shows outside its masks. A text's own stars beside a
// mask cannot be told from the mask's ("*" then Masked reads "*********"), so every run of at
// least len(Masked) stars is one mask, as maskedSpans takes it.
func shownPieces(masked string) []string {
	var pieces []string
	from := 0
	for i := 0; i < len(masked); {
		if masked[i] != '*' {
			i++
			continue
		}
		j := i
		for j < len(masked) && masked[j] == '*' {
			j++
		}
		if j-i >= len(Masked) {
			pieces = append(pieces, masked[from:i])
			from = j
		}
		i = j
	}
	return append(pieces, masked[from:])
}
