package present

import (
	"strings"
	"testing"
)

// TestR72Masking18EncodedPasswordPastRawDelimiters: a percent-encoded URL whose user's ":" is
// a password's (not a port's digits) has its userinfo masked to the last %40 though the password
// holds a raw "=" after a raw "&" or ";" (read as a query's next parameter before: the whole
// user and password were shown), or a raw "?", "#", "/" or an encoded one (%2F, %3F, %23:
// read as the authority's end). Held: a port's ":" keeps a query's next parameter's address
// (…%3A8080&b=c&d=e%40f), a host without ":" its neighbour's (&email=bob%40…), and a plain
// URL's percent-encoded password (postgres://admin%3Ap&ss=w%40db@host) is masked to its "@".
func TestR72Masking18EncodedPasswordPastRawDelimiters(t *testing.T) {
	const masked = "postgres%3A%2F%2F********%40db.example.com%2Fx"
	for _, pw := range []string{"p&ss=wR72", "p&s=sR72word", "p;s=sR72word", "p?ssR72word", "p#ssR72word", "p/ssR72word",
		"p%2FssR72word", "p%3FssR72word", "p%23ssR72word", "p&ss=R72%3Dword", "&R72=x"} {
		in := "postgres%3A%2F%2Fadmin%3A" + pw + "%40db.example.com%2Fx"
		if got := MaskText(in); got != masked {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, masked)
		}
		if got := MaskLogLines([]string{"dsn " + in + " open"})[0]; got != "dsn "+masked+" open" {
			t.Errorf("MaskLogLines(%q) = %q", in, got)
		}
		q := "?url=" + in + "&next=1"
		if got := MaskText(q); got != "?url="+masked+"&next=1" {
			t.Errorf("MaskText(%q) = %q", q, got)
		}
	}
	for in, want := range map[string]string{ // held
		"postgres://admin%3Ap&ss=w%40db@host/db":                                     "postgres://********@host/db",
		"?a=https%3A%2F%2Fexample.com%3A8080&b=c&d=e%40f":                            "?a=https%3A%2F%2Fexample.com%3A8080&b=c&d=e%40f",
		"?a=https%3A%2F%2Fexample.com%3A8080%2Fp%3Femail%3Dbob%40example.com":        "?a=https%3A%2F%2Fexample.com%3A8080%2Fp%3Femail%3Dbob%40example.com",
		"?next=https%3A%2F%2Fexample.com&email=bob%40example.com":                    "?next=https%3A%2F%2Fexample.com&email=bob%40example.com",
		"?next=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc%40d":                            "?next=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc%40d",
		"https%3A%2F%2Fu%3Ap%40h.example%2Fx&y=1":                                    "https%3A%2F%2F********%40h.example%2Fx&y=1",
		"a https%3A%2F%2Fu%3Apw%40h.example%2Fx and https%3A%2F%2Fv%3Aq%40g.example": "a https%3A%2F%2F********%40h.example%2Fx and https%3A%2F%2F********%40g.example",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("held: MaskText(%q) = %q, want %q", in, got, want)
		}
	}
	// Two encoded URLs in one word, the first's password holding a raw "&": both masked, each
	// byte read once (the second is inside what the first's reading went over).
	in := "x=postgres%3A%2F%2Fa%3Ap&q%40h%2Fd&y=mysql%3A%2F%2Fb%3AR72pw%40g%2Fe"
	if got := MaskText(in); strings.Contains(got, "R72") || strings.Contains(got, "a%3Ap") {
		t.Errorf("MaskText(%q) = %q", in, got)
	}
}

// r72Masking18Adversarial are round 72's texts built to make masking slow: encoded URLs whose
// passwords read on over raw delimiters, tokens cut by line breaks, and prefixes cut by them.
var r72Masking18Adversarial = []string{
	"x%3A%2F%2Fa%3Ap&", "x%3A%2F%2Fa%3Ap/", "x%3A%2F%2Fa%3Ap%2F", "%3A%2F%2Fa%3Ap=&%40",
}

// TestR72Masking18IsLinear: masking those texts 8 times as long takes about 8 times as long
// (checkLinear), through each masker.
func TestR72Masking18IsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector")
	}
	for _, m := range maskers[:3] {
		for _, tok := range r72Masking18Adversarial {
			small, large := strings.Repeat(tok, (8<<10)/len(tok)), strings.Repeat(tok, (64<<10)/len(tok))
			t.Run(m.name+"/"+strings.ReplaceAll(tok, "/", "∕"), func(t *testing.T) { checkLinear(t, m.mask, small, large) })
		}
	}
}
