package client

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// rawLineServer answers every request with line and an empty line: not HTTP, so Go's
// transport quotes line in its error (%q: an invisible character, a tab or a byte that begins
// no character written as an escape, "hun\u200bter").
func rawLineServer(t *testing.T, line string) string {
	return rawServer(t, func(textproto.MIMEHeader, []byte) string { return line })
}

// shows reports whether text shows v: in any case, its invisible characters and Go's or JSON's
// escapes of them left out, any space read as a space.
func shows(text, v string) bool {
	seen := strings.ToLower(seenValue(text))
	for _, esc := range []string{`\u200b`, `\u00ad`, `\U000e0020`, `\x80`, `\u034f`, `\ufe0f`} {
		seen = strings.ReplaceAll(seen, strings.ToLower(esc), "")
	}
	for _, sp := range []string{`\t`, `\u00a0`, "&nbsp;", "&#160;"} {
		seen = strings.ReplaceAll(seen, sp, " ")
	}
	return strings.Contains(seen, strings.ToLower(v))
}

// TestGoQuotedTransportErrorsRedacted: a line the upstream sent that is not HTTP, holding a
// value split by an invisible character (or with tabs for its spaces), is quoted by Go's
// transport with that character as an escape ("hun\u200bter2…"); redaction reads the escape
// as the character it stands for, and the value is not shown, in the error and in the retry
// log lines, in any case: a secret value sent, the token, the OAuth client secret.
func TestGoQuotedTransportErrorsRedacted(t *testing.T) {
	const value, spaced, token = "hunter2Secret99xyz", "correct horse battery staple", "spat_Zq7TokenAbcDef123456"
	for _, tc := range []struct{ line, value string }{
		{"hun\u200bter2Secret99xyz", value},
		{"HUN\u200bTER2SECRET99XYZ", value},
		{"hunter2\u00adSecret99xyz", value},
		{"hun\U000e0020ter2Secret99xyz", value},
		{"hun\x80ter2Secret99xyz", value},
		{"hun\u034fter2Secret99xyz", value},
		{"correct\thorse\tbattery\tstaple", spaced},
		{"CORRECT\tHORSE\u00a0BATTERY\u3000STAPLE", spaced},
	} {
		c, err := New(Config{BaseURL: rawLineServer(t, tc.line), Tokens: StaticToken(token), Retry: RetryPolicy{MaxAttempts: 1}})
		if err != nil {
			t.Fatal(err)
		}
		ctx := WithCallValues(context.Background(), tc.value)
		_, err = c.UpsertProjectSecret(ctx, 5, "PG_PASS", tc.value)
		if err == nil || !strings.Contains(err.Error(), "malformed HTTP response") || shows(err.Error(), tc.value) {
			t.Errorf("%q: %v", tc.line, err)
		}
	}
	// The token, in the error and in each retry's log line.
	var logs testutil.SyncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	c, err := New(Config{BaseURL: rawLineServer(t, "spat_Zq7\u200bTokenAbcDef123456"), Tokens: StaticToken(token), Logger: logger,
		Retry: RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListOrgs(context.Background())
	logged := logs.String()
	if err == nil || !strings.Contains(logged, "retrying") || shows(err.Error(), token) || shows(logged, token) {
		t.Errorf("token: %v\n%s", err, logged)
	}
	// The OAuth client secret.
	const secret = "cS3cr3tValue_XyZ77"
	cc := NewClientCredentials("canary-client-id", secret, rawLineServer(t, "cS3cr3t\u200bVALUE_xyz77")+"/oauth/token")
	cc.Retry = RetryPolicy{MaxAttempts: 1}
	if _, err := cc.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "malformed HTTP response") || shows(err.Error(), secret) {
		t.Errorf("client secret: %v", err)
	}
}

// TestRedactSeen: a value split by an invisible character written as an escape (JSON's or
// Go's), or by a default-ignorable character that is not a format character (a combining
// grapheme joiner, a variation selector), and a value whose spaces an echo spells as other
// spaces (NBSP, thin, ideographic; &nbsp; &#160; in HTML), or as breaking characters written
// as escapes, are redacted from a text as it is shown (normalized, then redacted).
func TestRedactSeen(t *testing.T) {
	const value, spaced = "hunter2Secret99xyz", "correct horse battery staple"
	for _, tc := range []struct{ text, value string }{
		{`upstream said hun\u200bter2Secret99xyz`, value},
		{`bad value HUN\u200BTER2SECRET99XYZ`, value},
		{`"hun\U000e0020ter2Secret99xyz"`, value},
		{`hun\xadter2Secret99xyz`, value},
		{"hun\u034fter2Secret99xyz", value},
		{"hunter2\ufe0fSecret99xyz", value},
		{"HUNTER2\u034fSECRET99XYZ", value},
		{`hunter2\u034fSecret99xyz`, value},
		{"bad correct\u00a0horse\u00a0battery\u00a0staple", spaced},
		{"bad correct\u2009horse\u3000battery\u202fstaple", spaced},
		{"bad CORRECT\u00a0HORSE\u2009BATTERY\u3000STAPLE", spaced},
		{`bad correct\thorse\nbattery\u2028staple`, spaced},
		{`bad correct\u00a0horse\u00A0battery\u3000staple`, spaced},
		{"<p>bad correct&nbsp;horse&nbsp;battery&nbsp;staple</p>", spaced},
		{"<p>bad correct&#160;horse&#xa0;battery&#160;staple</p>", spaced},
		{"<p>bad CORRECT&nbsp;HORSE&#160;BATTERY&nbsp;STAPLE</p>", spaced},
		{"p=correct%C2%A0horse%C2%A0battery%C2%A0staple", spaced},
		// Up to maxSkipped characters seen as nothing inside a value.
		{"h" + strings.Repeat(`\u200b`, 8) + "unter2Secret99" + strings.Repeat("\u00ad", 8) + "xyz", value},
		// HTML's names of ASCII punctuation.
		{"<p>bad p&commat;ss&period;w0rd&excl;99</p>", "p@ss.w0rd!99"},
		{"<p>bad P&commat;SS&period;W0RD&excl;99</p>", "p@ss.w0rd!99"},
	} {
		r := newShownRedactor([]string{tc.value})
		got := r.redact(normalized(tc.text))
		if shows(got, tc.value) || !strings.Contains(got, redactedMark) {
			t.Errorf("%q: %q", tc.text, got)
		}
	}
	// Text that holds no value is shown as it is.
	for _, text := range []string{"Team \U0001F468\u200d\U0001F469 correct\u00a0horse", `a\tb \u200b c`} {
		if got := newShownRedactor([]string{value, spaced}).redact(text); got != text {
			t.Errorf("%q: %q", text, got)
		}
	}
}

// TestKeysReadJoinCallValues: the API keys a call reads (GetProjectAPIKeys, a regeneration)
// are redacted from the API's texts it shows after: a conflict that echoes them does not show
// them.
func TestKeysReadJoinCallValues(t *testing.T) {
	const key1, key2 = "ak_primary_7f3a9c2e41d8b6", "ak_secondary_0b5e8d1c93f7a2"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"api_key":"`+key1+`","api_key_2":"`+key2+`"}`)
			return
		}
		w.WriteHeader(http.StatusConflict)
		_, _ = io.WriteString(w, `{"error":"key `+key2+` still in use; primary `+strings.ToUpper(key1)+`"}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Tokens: StaticToken("tok-abcdefgh12345"), Retry: RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithCallValues(context.Background())
	if _, err := c.GetProjectAPIKeys(ctx, 5); err != nil {
		t.Fatal(err)
	}
	_, err = c.RegenerateProjectAPIKey(ctx, 5, KeySecondary)
	if err == nil || !strings.Contains(err.Error(), "still in use") || shows(err.Error(), key1) || shows(err.Error(), key2) {
		t.Errorf("%v", err)
	}
}

// TestRedactShortenedSeen: a beginning of a value (8 bytes of the text or more) that ends a
// shortened text is read as it is seen too — an invisible character in it (written, escaped
// by JSON or Go's quoting, or an escape of one cut in two at the end), its spaces other spaces
// (NBSP, &nbsp;, %C2%A0, an escaped tab), in any case — and redacted; the text shown is the
// one the whole text redacted and then cut would show.
func TestRedactShortenedSeen(t *testing.T) {
	const value, spaced = "hunter2SecretValue99", "correct horse battery staple 42"
	checkShortenedEndings(t, []shortenedEnding{
		{`hunter2\u200bSecre`, value, true},
		{"hunter2\u200bSecre", value, true},
		{`h\u200bunter2Secre`, value, true},
		{`HUNTER2\u200bSECRE`, value, true},
		{"HUNTER2\u00adSECRE", value, true},
		{`hunter2\xe2\x80\x8bSecre`, value, true},
		{`hunter2S\u200b`, value, true},
		{`hunter2Sec\u200`, value, true}, // an escape of U+200B cut in two
		{`hunter2Sec&#x20`, value, true}, // a reference to U+200B cut in two
		{`correct\u00a0horse\u00a0batt`, spaced, true},
		{"correct\u00a0horse\u00a0batt", spaced, true},
		{`correct&nbsp;horse&nbsp;batt`, spaced, true},
		{`correct&#160;horse&#xA0;batt`, spaced, true},
		{`correct%C2%A0horse%C2%A0batt`, spaced, true},
		{`correct\thorse batt`, spaced, true},
		{`CORRECT\u00a0HORSE\u3000BATT`, spaced, true},
		{`correct\u00a`, spaced, true}, // an escape of NBSP cut in two, where a space comes next
		{`hunter2\xc2\xa0Secre`, "hunter2\u00a0SecretValue", true},
		// Round 16: Go's \xXX, \UXXXXXXXX and percent escapes cut partway through a character
		// seen as nothing (or a space, where the value has one next).
		{`hunter2Sec\x`, value, true},
		{`hunter2Sec\xc`, value, true},
		{`hunter2Sec\xcd\x`, value, true},
		{`hunter2Sec\xcd\x8`, value, true},
		{`hunter2Sec\xe2\x`, value, true},
		{`hunter2Sec\xe2\x8`, value, true},
		{`hunter2Sec\xe2\x80\x8`, value, true},
		{`hunter2Sec\xc2\xa`, value, true},
		{`hunter2Sec\U`, value, true},
		{`hunter2Sec\U000e`, value, true},
		{`hunter2Sec\U000E002`, value, true},
		{`hunter2Sec\U000e00`, value, true},
		{`hunter2Sec%E2%8`, value, true},
		{`hunter2Sec%E2%80%8`, value, true},
		{`hunter2Sec%C2%A`, value, true},
		{`hunter2Sec\x7`, value, true}, // \x72 is the value's next, r
		{`hunter2Sec\U0000007`, value, true},
		{`correct\xc2\xa`, spaced, true},
		{`correct\U0000300`, spaced, true},
		{`correct hor\xe3\x80\x8`, spaced, true},
		// Fewer than 8 bytes of it, or an escape cut in two that begins no character seen as
		// nothing nor the value's next: shown.
		{"hunter2", value, false},
		{`hunter2Sec\u00e`, value, false},
		{`hunter2Sec&#x4`, value, false},
		{`correct\u00e`, spaced, false},
		{`hunter2Sec\x4`, value, false},
		{`hunter2Sec\U0000004`, value, false},
		{`correct\U0000004`, spaced, false},
	})
	// End to end: a proxy's page that echoes the value's beginning with NBSP for its spaces,
	// cut where the shown body is cut.
	// The cut falls in "battery": "correct horse" is kept, and redacted.
	body := "<html><body>" + strings.Repeat("X", 170) + " " + strings.ReplaceAll(spaced[:28], " ", "\u00a0") + " and the rest of the page</body></html>"
	e := answerTo(t, 502, "text/html", body, spaced)
	for _, shown := range shownLike(e) {
		if shows(shown, spaced[:8]) || !strings.Contains(shown, redactedMark) {
			t.Errorf("shown: %q", shown)
		}
	}
}

// TestRedactGoByteEscapes: Go's quoting (%q of bytes, Python's b'…' repr, nginx's escaping)
// writes a character beyond ASCII as the \xXX escapes of its UTF-8 bytes: consecutive ones that
// make a character are read as it, so such a value, and one spaced with NBSP written so, is
// redacted; ones that make none are bytes that begin no character (seen as nothing).
func TestRedactGoByteEscapes(t *testing.T) {
	checkRedacts(t, []redactCase{
		{"p\u00e4ssw\u00f6rd-Secret-99", `x p\xc3\xa4ssw\xc3\xb6rd-Secret-99 y`, `x [REDACTED] y`},
		{"p\u00e4ssw\u00f6rd-Secret-99", `x b'p\xC3\xA4ssw\xc3\xB6rd-Secret-99' y`, `x b'[REDACTED]' y`},
		{"P\u00c4SSW\u00d6RD-SECRET-99", `x p\xc3\xa4ssw\xc3\xb6rd-Secret-99 y`, `x [REDACTED] y`},
		{"hunter2\u00a0Secret", `x hunter2\xc2\xa0Secret y`, `x [REDACTED] y`},
		{"hunter2 Secret", `x hunter2\xc2\xa0Secret y`, `x [REDACTED] y`},
		{"p\U0001F600ssword-42", `x p\xf0\x9f\x98\x80ssword-42 y`, `x [REDACTED] y`},
		// Bytes that make no character: nothing, as before; a lone one is also read as the
		// character U+0080–U+00FF Python writes so (TestRedactPythonAndRustEscapes).
		{"hunter2Secret99", `x hun\xe2\x80ter2Secret99 y`, `x [REDACTED] y`},
		{"p\u00e4ssword-42", `x p\xc3\xc3ssword-42 y`, `x p\xc3\xc3ssword-42 y`},
		{"p\u00e4ssword-42", `x p\xe4ssword-42 y`, `x [REDACTED] y`},
	})
}

// TestRedactPythonAndRustEscapes (round 25): Python's repr() and ascii() write U+0080–U+00FF as
// a lone \xXX ('p\xe4ssw\xf6rd12', '\xa0' an NBSP, '\x85'), Rust's {:?} (the Spice runtime's)
// and JavaScript write \u{200b}: a value echoed so is redacted, as a whole and as a beginning
// that ends a shortened text, while a \xXX is still read as Go's quoting's byte too.
func TestRedactPythonAndRustEscapes(t *testing.T) {
	checkRedacts(t, []redactCase{
		{"secret\u00a0value9", `ValueError: invalid value 'secret\xa0value9'`, `ValueError: invalid value '[REDACTED]'`},
		{"secret\u0085value9", `ValueError: invalid value 'secret\x85value9'`, `ValueError: invalid value '[REDACTED]'`},
		{"secret value9", `ValueError: invalid value 'secret\xA0value9'`, `ValueError: invalid value '[REDACTED]'`},
		{"p\u00e4ssw\u00f6rd12", `bad 'p\xe4ssw\xf6rd12'`, `bad '[REDACTED]'`},
		{"P\u00c4SSW\u00d6RD12", `bad 'p\xe4ssw\xf6rd12'`, `bad '[REDACTED]'`},
		{"p\u00e4ssw\u00f6rd\u200b12", `bad 'p\xe4ssw\xf6rd\u200b12'`, `bad '[REDACTED]'`}, // ascii() mixes them
		{"p\u00e4ssw\u00f6rd12", `bad p\xc3\xa4ssw\xf6rd12`, `bad [REDACTED]`},
		// Round 26: two adjacent ones that Go's quoting would join into one character (C2–DF
		// then 80–BF) are two characters of Python's: ascii('CAFÉ\xa0Creme-99').
		{"CAF\u00c9\u00a0Creme-99", `ValueError: 'CAF\xc9\xa0Creme-99'`, `ValueError: '[REDACTED]'`},
		{"Stra\u00df\u00b0Secret99", `ValueError: 'Stra\xdf\xb0Secret99'`, `ValueError: '[REDACTED]'`},
		{"p\u00c3\u00a4ssword-42", `bad 'p\xc3\xa4ssword-42'`, `bad '[REDACTED]'`},
		{"p\u00e4ssword-42", `bad 'p\xc3\xa4ssword-42'`, `bad '[REDACTED]'`}, // Go's, as before
		{"hunter2\u200bSecret", `invalid "hunter2\u{200b}Secret"`, `invalid "[REDACTED]"`},
		{"hunter2\u200bSecret", `invalid "hunter2\u{200B}Secret"`, `invalid "[REDACTED]"`},
		{"hunter2Secret", `invalid "hunter2\u{200b}Secret"`, `invalid "[REDACTED]"`},
		{"hunter2\u00a0Secret", `invalid "hunter2\u{a0}Secret"`, `invalid "[REDACTED]"`},
		{"hunter2\u00a0Secret", `invalid "hunter2\u{0000a0}Secret"`, `invalid "[REDACTED]"`},
		{"p\U0001F600ssword-42", `invalid "p\u{1f600}ssword-42"`, `invalid "[REDACTED]"`},
		// Go's quoting of a byte that begins no character: still read as such.
		{"hunter2Secret99", `x hun\x80ter2Secret99 y`, `x [REDACTED] y`},
		{"hunter2Secret99", `x hun\xe2\x80ter2Secret99 y`, `x [REDACTED] y`},
		// Not a character: a surrogate, beyond U+10FFFF, no digits, 7 digits.
		{"hunter2Secret", `x hunter2\u{d800}Secret y`, `x hunter2\u{d800}Secret y`},
		{"hunter2Secret", `x hunter2\u{110000}Secret y`, `x hunter2\u{110000}Secret y`},
		{"hunter2Secret", `x hunter2\u{}Secret y`, `x hunter2\u{}Secret y`},
		{"hunter2\u200bSecret", `x hunter2\u{000200b}Secret y`, `x hunter2\u{000200b}Secret y`},
		// Python's escaped again in JSON text (round 26; Go's \\xc3\\xa4 was read so before).
		{"p\u00e4ssword-42", `x p\\xe4ssword-42 y`, `x [REDACTED] y`},
		{"p\u00e4ssword-42", `{"error":{"detail":"ValueError: 'p\\xe4ssword-42'"}}`, `{"error":{"detail":"ValueError: '[REDACTED]'"}}`},
		{"p\u00e4ssword-42", `{"error":{"detail":"ValueError: 'p\\xc3\\xa4ssword-42'"}}`, `{"error":{"detail":"ValueError: '[REDACTED]'"}}`},
		{"CAF\u00c9\u00a0Creme-99", `{"detail":"'CAF\\xc9\\xa0Creme-99'"}`, `{"detail":"'[REDACTED]'"}`},
	})
	// A beginning of one that ends a shortened text, an escape cut in two included.
	const value = "p\u00e4ssw\u00f6rd-Secret-99"
	checkShortenedEndings(t, []shortenedEnding{
		{`p\xe4ssw\xf6rd-Se`, value, true},
		{`p\xe4ssw\xf`, value, true},
		{`p\xe4ssw\x`, value, true},
		{`p\xe4ssw\xf6`, value, true},
		{`p\xe4ssw\u{f`, value, true},
		{`p\u{e4}ssw\u{f6}rd`, value, true},
		{`hunter2\u{200b}Secre`, "hunter2SecretValue", true},
		{`hunter2Sec\u{20`, "hunter2SecretValue", true}, // an escape of U+200B cut in two
		{`correct\u{a`, "correct horse battery", true},  // of NBSP, where a space comes next
		{`hunter2Sec\u{4`, "hunter2SecretValue", false},
		{`p\xe4ssw\u{5`, value, false},
		{`CAF\xc9\xa0Cr`, "CAF\u00c9\u00a0Creme-99", true},
		{`CAF\xc9\xa`, "CAF\u00c9\u00a0Creme-99", true},
		{`Stra\xdf\xb0Sec`, "Stra\u00df\u00b0Secret99", true},
	})
}

// TestRedactUnicodeEscapesEscapedAgain (round 27): Python's ascii(), Go's %q and Rust's {:?}
// of a character beyond Latin-1, or of one Go's quoting does not print, escaped again in JSON
// text (an API's error object re-encoded) are redacted without a \\xXX anywhere in the text,
// as a whole and as a beginning that ends a shortened text (an escape cut in two included).
func TestRedactUnicodeEscapesEscapedAgain(t *testing.T) {
	checkRedacts(t, []redactCase{
		{"Pass\u20acword", `{"d":"'Pass\\u20acword'"}`, `{"d":"'[REDACTED]'"}`},
		{"Pass\u20acword", `{"d":"'Pass\\u20ACword'"}`, `{"d":"'[REDACTED]'"}`},
		{"Pass\U0001F600word", `{"d":"'Pass\\U0001f600word'"}`, `{"d":"'[REDACTED]'"}`},
		{"Pass\U0001F600word", `{"d":"'Pass\\ud83d\\ude00word'"}`, `{"d":"'[REDACTED]'"}`},
		{"Pass\u00a0word", `{"d":"\"Pass\\u00a0word\""}`, `{"d":"\"[REDACTED]\""}`},
		{"Pass\u00a0word", `{"d":"Pass\\u{a0}word"}`, `{"d":"[REDACTED]"}`},
		{"Pass\u200bword", `{"d":"Pass\\u{200b}word"}`, `{"d":"[REDACTED]"}`},
		// Not an escape: an escaped backslash and a "u" that begins none stay as they are.
		{"Pass\u20acword", `{"d":"Pass\\u20zzword"}`, `{"d":"Pass\\u20zzword"}`},
		{"Pass\U0001F600word", `{"d":"Pass\\ud83dword"}`, `{"d":"Pass\\ud83dword"}`},
	})
	const value = "Pass\u20acword-Secret-99"
	checkShortenedEndings(t, []shortenedEnding{
		{`Pass\\u20acword-Se`, value, true},
		{`Pass\\u20acwo`, value, true},
		{`Pass\\u20a`, value, true},
		{`Pass\\u2`, value, true},
		{`Pass\\u{20ac}wo`, value, true},
		{`Pass\\U0001f600wo`, "Pass\U0001F600word-Secret", true},
		{`Pass\\ud83d\\ude`, "Pass\U0001F600word-Secret", true},
		{`Pass\\ud83d\\u`, "Pass\U0001F600word-Secret", true},
		{`P\\xe4ssw\\xf`, "P\u00e4ssw\u00f6rd-Secret-99", true}, // Python's \xXX so, cut short
		{`Pass\\u20acword\\`, "Pass\u20acword\u00a0Secret", true},
		{`Pass\\u21`, value, false},
		{`Pass\\ud83d\\udf`, "Pass\U0001F600word-Secret", false},
	})
}

// redactCase is a text holding value, and want, the text redacted.
type redactCase struct{ value, text, want string }

// checkRedacts checks that redact turns each case's text into its want.
func checkRedacts(t *testing.T, cases []redactCase) {
	t.Helper()
	for _, tc := range cases {
		if got := redact(tc.text, tc.value); got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.text, tc.value, got, tc.want)
		}
	}
}

// shortenedEnding is how a shortened text ends (end), the value it may begin, and whether
// that beginning is redacted.
type shortenedEnding struct {
	end, value string
	redacted   bool
}

// checkShortenedEndings checks each ending at the end of a text shortened there, a space
// after it (a cut never ends within a word): it is shown as the whole text redacted and then
// cut would show it, redacted exactly when it should be. Cut in the middle of its last word
// instead, that word is not shown at all.
func checkShortenedEndings(t *testing.T, cases []shortenedEnding) {
	t.Helper()
	fill := strings.Repeat("f ", 140)
	for _, tc := range cases {
		for _, after := range []string{" ", ""} {
			text := fill + "x: " + tc.end
			n := len(text)
			text += after + strings.Repeat("Z", 80)
			got := redactShortened(text, n, tc.value)
			if whole := truncateRedacted(redact(text, tc.value), n, tc.value); got != whole {
				t.Errorf("%q: %q, whole text redacted %q", tc.end, got, whole)
			}
			if after == "" {
				cutWord := tc.end[strings.LastIndexByte(tc.end, ' ')+1:]
				if !strings.HasSuffix(got, "…") || strings.Contains(got[len(fill):], cutWord) {
					t.Errorf("%q cut within its last word: %q shows it", tc.end, got[len(fill):])
				}
				continue
			}
			if want := fill + "x: [REDACTED]…"; tc.redacted != (got == want) {
				t.Errorf("%q: %q (redacted: want %v)", tc.end, got[len(fill):], tc.redacted)
			}
		}
	}
}
