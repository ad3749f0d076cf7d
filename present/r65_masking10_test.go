package present

import (
	"strings"
	"testing"
	"time"
)

// r65Masking10Check holds MaskText and MaskAPIText to want for each input.
func r65Masking10Check(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		for name, mask := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := mask(in); got != want {
				t.Errorf("%s(%q)\n got  %q\n want %q", name, in, got, want)
			}
		}
	}
}

// TestR65Masking10CommaInsideValueAfterColon: after ":" a "," that a character other than a
// blank follows is the value's (YAML's plain scalar password: ab,cd is "ab,cd"; a generated
// password holds commas): "password: ab,cd" showed ",cd". A "," before a blank or the line's
// end ends the value (a log's password: ab, user: x), and so does one before the next pair
// (password:ab,user:bob). After "=" a "," ends the value as before (a list of pairs).
func TestR65Masking10CommaInsideValueAfterColon(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"password: ab,cd":           "password: " + m,
		"password: ab,cd\nuser: x":  "password: " + m + "\nuser: x",
		"token: a,b,c":              "token: " + m,
		"password: ab,,cd":          "password: " + m,
		"password: ab, user: x":     "password: " + m + ", user: x",
		"password: ab,":             "password: " + m + ",",
		"password: ab,\nuser: x":    "password: " + m + ",\nuser: x",
		"password:ab,user:bob":      "password:" + m + ",user:bob",
		"password: ab,user=bob":     "password: " + m + ",user=bob",
		"{password: ab, user: bob}": "{password: " + m + ", user: bob}",
		"password=ab,user=bob":      "password=" + m + ",user=bob",
		"(password: ab,cd)":         "(password: " + m + ")",
	})
}

// TestR65Masking10DelimiterAfterLineSeparatedValue: a value after ":" read over a line
// separator (which stands for a space: MaskLogLines writes an entry's line break as one) whose
// "&", ";" or "," a blank follows takes it, and what line separators join after it, as the
// space would have made them words of a YAML line's value: "pass: 0\u2028AAAA0& x" showed
// "& x" where "pass: 0 AAAA0& x" hides it all. Without a line separator in the value the
// delimiter ends it as before.
func TestR65Masking10DelimiterAfterLineSeparatedValue(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"pass: 0\u2028AAAA0& x":               "pass: " + m,
		"pass:\u20280\u2029AAAA0&\u0085x":     "pass:\u2028" + m,
		"Auth0:\u20290\u0085AAAAA0AA&\u2028x": "Auth0:\u2029" + m,
		"pass: 0\u2028AAAA0; x":               "pass: " + m,
		"pass: 0\u2028AAAA0, x":               "pass: " + m,
		"pass:\u20280\u2029AAAA0,\u0085x":     "pass:\u2028" + m,
		"pass: 0\u2028AAAA0;\nuser: bob":      "pass: " + m + "\nuser: bob",
		"pass: AAAA0& x":                      "pass: " + m + "& x",
		"pass: AAAA0; user: bob":              "pass: " + m + "; user: bob",
	})
}

// TestR65Masking10CommaBeforeQuotedKeyEnds: JSON's unquoted numbers end at a "," before the
// next quoted key, escaped or HTML-escaped too; only a measure's number shows, and a
// password's value is masked up to its comma.
func TestR65Masking10CommaBeforeQuotedKeyEnds(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		`{"password":12,"user":"bob"}`:                 `{"password":` + m + `,"user":"bob"}`,
		`{\"password\":12,\"user\":\"bob\"}`:           `{\"password\":` + m + `,\"user\":\"bob\"}`,
		`{&quot;password&quot;:12,&quot;user&quot;:1}`: `{&quot;password&quot;:` + m + `,&quot;user&quot;:1}`,
		`{"prompt_tokens":12,"completion_tokens":30}`:  `{"prompt_tokens":12,"completion_tokens":30}`,
	})
}

// TestR65Masking10SpicepodMaskedKeyJudgedAsShown: FuzzMaskSpicepod (seed 2ee8c3c2f8a355d0)
// found "pAt:AuthtYpe: A" not idempotent: the key masks to pAt:********, and its value "A",
// shown as a kind's word under a key ending in "type", was masked on a second pass, which
// reads the masked key. What either key hides is hidden at once.
func TestR65Masking10SpicepodMaskedKeyJudgedAsShown(t *testing.T) {
	pod := parsePod(t, "pAt:AuthtYpe: A\n")
	checkMasked(t, pod)
	if got := MaskSpicepod(pod)["pAt:"+Masked]; got != Masked {
		t.Errorf("pAt:AuthtYpe: A shows %v under pAt:%s", got, Masked)
	}
	// A key that masks to the same judgement keeps its value's reading: snowflake_auth_type's
	// mode shows under a key masking leaves alone.
	if got := MaskSpicepod(parsePod(t, "snowflake_auth_type: keypair\n"))["snowflake_auth_type"]; got != "keypair" {
		t.Errorf("snowflake_auth_type: keypair shows %v", got)
	}
}

// r65Masking10ShownAsWritten fails unless out is text with stretches of it replaced by masks:
// what out shows between its masks (shownPieces) is found in text in order, the first at its
// start and the last at its end, so nothing outside a mask is altered, moved or made up.
func r65Masking10ShownAsWritten(t *testing.T, name, text, out string) {
	t.Helper()
	if strings.IndexByte(text, '\x1b') >= 0 {
		return // text that terminal escapes split is shown without them (maskOnce)
	}
	pieces := shownPieces(out)
	if len(pieces) == 1 {
		if out != text {
			t.Fatalf("%s changed %q without a mask: %q", name, text, out)
		}
		return
	}
	fail := func(p string) {
		t.Helper()
		t.Fatalf("%s shows %q not as written:\n%q ->\n%q", name, p, text, out)
	}
	if !strings.HasPrefix(text, pieces[0]) {
		fail(pieces[0])
	}
	at := len(pieces[0])
	for _, p := range pieces[1 : len(pieces)-1] {
		i := strings.Index(text[at:], p)
		if i < 0 {
			fail(p)
		}
		at += i + len(p)
	}
	if last := pieces[len(pieces)-1]; !strings.HasSuffix(text[at:], last) {
		fail(last)
	}
}

// TestR65Masking10ShownAsWrittenOracle: the oracle FuzzMaskText holds MaskText and MaskAPIText
// to rejects an output that alters, moves or invents text outside its masks.
func TestR65Masking10ShownAsWrittenOracle(t *testing.T) {
	m := Masked
	for _, c := range [][2]string{
		{"password=abc x", "password=" + m + " x"},
		{"a password=abc b token: d c", "a password=" + m + " b token: " + m + " c"},
		{"x ***", "x ***"},
	} {
		r65Masking10ShownAsWritten(t, "mask", c[0], c[1])
	}
	for _, c := range [][2]string{
		{"password=abc x", "password=" + m + " y"},
		{"password=abc x", "passwd=" + m + " x"},
		{"a b c", "a " + m + " d"},
		{"ab cd", "cd " + m + " ab"},
	} {
		ft := &testing.T{}
		done := make(chan struct{})
		go func() { // Fatalf ends the goroutine it runs on
			defer close(done)
			r65Masking10ShownAsWritten(ft, "mask", c[0], c[1])
		}()
		<-done
		if !ft.Failed() {
			t.Errorf("%q -> %q passed the oracle", c[0], c[1])
		}
	}
}

// TestR65Masking10DelimiterRunsAreLinear: values read over commas and over line separators to
// a delimiter a blank follows are read once each, and a spicepod's masked keys nested deep
// cost no more than once each.
func TestR65Masking10DelimiterRunsAreLinear(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("timing")
	}
	for _, tok := range []string{"password: a,", "password: a,b ", "pass: 0\u2028a& ", "token: a\u2028b, ", "x: a,b:", ",", "pass: a\u2028;"} {
		small, large := strings.Repeat(tok, (8<<10)/len(tok)), strings.Repeat(tok, (64<<10)/len(tok))
		for _, m := range maskers[:3] {
			t.Run(m.name+"/"+tok, func(t *testing.T) { checkLinear(t, m.mask, small, large) })
		}
	}
	nested := func(depth int) map[string]any {
		pod := map[string]any{"pAt:AuthtYpe": "A"}
		for range depth {
			pod = map[string]any{"pAt:AuthtYpe": pod}
		}
		return pod
	}
	small, large := nested(8), nested(64)
	tSmall := timeOnThisThread(func() { MaskSpicepod(small) })
	tLarge := timeOnThisThread(func() { MaskSpicepod(large) })
	if tLarge > 20*time.Millisecond && tLarge > 64*tSmall {
		t.Errorf("64 nested masked keys took %v, 8 took %v", tLarge, tSmall)
	}
}

// TestR65Masking10SchemeAfterPercent: FuzzMaskLogLinesCoversOld (seed 33bfe08ca4f9fe20) found
// "%BeArer 000" showing its token, which the old log masker hid: "%Be" reads as a byte's
// escape, so the hint that a scheme's word is there (wordHints) saw none. "%" ends no word:
// the scheme is read as written, as after any other punctuation.
func TestR65Masking10SchemeAfterPercent(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"%BeArer 000":          "%BeArer " + m,
		"%Bearer abcdef123456": "%Bearer " + m,
		"%basic dXNlcjpwYXNz":  "%basic " + m,
		"%20Bearer 000":        "%20Bearer " + m,
	})
	coversOld(t, "%BeArer 000")
}
