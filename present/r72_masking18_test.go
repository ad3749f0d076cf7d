package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
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
	"ghp_\n", "gh\n", "sk_live_aB3\n", "sk_live_" + strings.Repeat("aB3", 10) + "\n", "ABSK\n", "ABSKQmVk\n",
	"a1B2c3D4e5\n", "sk_l\n", "sk_live_" + strings.Repeat("aB3", 10) + " \n", "x sk_live_" + strings.Repeat("aB3", 10) + "\n  ",
	"pscale_tkn_\n", "ATATT3\n", "ghp_\u2028", "sk-\r\n", `ghp_\n`, "xoxb-1\n",
}

// TestR72Masking18IsLinear: masking those texts 8 times as long takes about 8 times as long
// (checkLinear), through each masker.
func TestR72Masking18IsLinear(t *testing.T) {
	r72Masking18Linear(t, r72Masking18Adversarial)
}

// r72Masking18Linear checks that masking each of texts 8 times as long takes about 8 times as
// long (checkLinear), through each masker and MaskLogLines of one entry a line; skipped with
// -short and under the race detector.
func r72Masking18Linear(t *testing.T, texts []string) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector")
	}
	entries := func(s string) { MaskLogLines(strings.Split(s, "\n")) } // one entry a line
	for _, m := range append(maskers[:3:3], struct {
		name string
		mask func(string)
	}{"MaskLogLinesEntries", entries}) {
		for _, tok := range texts {
			small, large := strings.Repeat(tok, (8<<10)/len(tok)), strings.Repeat(tok, (64<<10)/len(tok))
			t.Run(m.name+"/"+strings.ReplaceAll(tok, "/", "∕"), func(t *testing.T) { checkLinear(t, m.mask, small, large) })
		}
	}
}

// r72Masking18Tokens are the R66 families written as one word (the URL password and Azure's
// connection string are no token's prefix and body).
func r72Masking18Tokens() []testutil.R66Token {
	var out []testutil.R66Token
	for _, k := range testutil.R66HostileTokens() {
		if !strings.ContainsAny(k.Value, ":;") {
			out = append(out, k)
		}
	}
	return out
}

// r72Masking18Shows reports whether out shows the last 8 bytes of either piece of v cut at cut
// (a piece of 8 bytes or more).
func r72Masking18Shows(out, v string, cut int) bool {
	for _, part := range []string{v[:cut], v[cut:]} {
		if len(part) >= 8 && strings.Contains(out, part[len(part)-8:]) {
			return true
		}
	}
	return false
}

// r72Masking18Check fails when MaskText, MaskAPIText or MaskLogLines (the text's lines as log
// entries) shows a piece of v cut at cut in text.
func r72Masking18Check(t *testing.T, text, v string, cut int) {
	t.Helper()
	if got := MaskText(text); r72Masking18Shows(got, v, cut) {
		t.Errorf("MaskText(%q) = %q", text, got)
	}
	if got := MaskAPIText(text); r72Masking18Shows(got, v, cut) {
		t.Errorf("MaskAPIText(%q) = %q", text, got)
	}
	if got := strings.Join(MaskLogLines(strings.Split(text, "\n")), "⏎"); r72Masking18Shows(got, v, cut) {
		t.Errorf("MaskLogLines(%q) = %q", text, got)
	}
}

// TestR72Masking18TokenCutPastItsLeast: a token of each family cut by a line break after its
// prefix and 30 or 50 bytes, or 13 before its end (most of them whole tokens before the break:
// a family of no fixed length), in prose and after a key, is masked on both lines by MaskText,
// MaskAPIText and MaskLogLines. Before, the part on the next line was shown (masking17's note):
// 1,186 of 2,850 placements showed a piece.
func TestR72Masking18TokenCutPastItsLeast(t *testing.T) {
	n := 0
	for _, k := range r72Masking18Tokens() {
		v, p := k.Value, tokenPrefixAt(k.Value, 0)
		for _, cut := range []int{p + 30, p + 50, len(v) - 13} {
			if cut <= p || cut >= len(v)-8 {
				continue
			}
			for _, br := range []string{"\n", "\r\n", "\u2028", "\n    ", "\n\t", "\u0085"} {
				for _, lead := range []string{"see ", "token: ", `{"msg":"`} {
					n++
					r72Masking18Check(t, lead+v[:cut]+br+v[cut:]+" end", v, cut)
				}
			}
		}
	}
	if n < 1500 {
		t.Fatalf("only %d placements", n)
	}
	t.Logf("%d placements", n)
}

// TestR72Masking18BreakInsidePrefix: a token cut inside its prefix (gh⏎p_…, pscale_t⏎kn_…,
// sk_l⏎ive_…, xoxb⏎-…) is masked on both lines: the word ending the first line and the run
// starting the next are read as one. Before, the next line's part was shown.
func TestR72Masking18BreakInsidePrefix(t *testing.T) {
	n := 0
	for _, k := range r72Masking18Tokens() {
		v, p := k.Value, tokenPrefixAt(k.Value, 0)
		for cut := 1; cut <= p && cut < 12; cut++ {
			for _, br := range []string{"\n", "\r\n", "\u2028", "\n  ", "\t\n"} {
				n++
				r72Masking18Check(t, "see "+v[:cut]+br+v[cut:]+" end", v, cut)
				if !strings.Contains(MaskText("see "+v[:cut]+br+v[cut:]+" end"), Masked) {
					t.Errorf("%s cut at %d: nothing masked", k.Family, cut)
				}
			}
		}
	}
	if n < 500 {
		t.Fatalf("only %d placements", n)
	}
	t.Logf("%d placements", n)
}

// TestR72Masking18BlanksBeforeTheBreak: spaces or a tab between a token's first piece and the
// break: the pieces are joined when the token is read only joined (its body short of its
// least: ghp_R66hostile⇥⏎10AbCd…), or when the next piece is a run of letters and digits alone
// of 8 or more that reads as no word. Before, the next line was shown.
func TestR72Masking18BlanksBeforeTheBreak(t *testing.T) {
	n := 0
	for _, k := range r72Masking18Tokens() {
		v, p := k.Value, tokenPrefixAt(k.Value, 0)
		for _, cut := range []int{p + 6, p + 10, p + 30} {
			if cut >= len(v)-8 || strings.ContainsAny(v[cut:], "-._/+") {
				continue // a separator after blanks ends the token (Held below)
			}
			for _, br := range []string{"\t\n", " \n", "  \r\n", "\t\u2028", `\u0009\n`, "%09%0A"} {
				n++
				r72Masking18Check(t, "see "+v[:cut]+br+v[cut:]+" end", v, cut)
			}
		}
	}
	if n < 300 {
		t.Fatalf("only %d placements", n)
	}
	t.Logf("%d placements", n)
}

// TestR72Masking18HeldProseAfterAToken (Held): the rule joins a token's next line only when
// it goes on as its body would, so prose, dates, levels, versions and names after a token's
// line stay; so does every R66 ordinary value after a line of prose, and those with a "-",
// "." or "_" (UUIDs, Kubernetes names, versions, branches) after a token whose body holds no
// separator; and near misses cut inside a prefix. What goes: a run of letters and digits
// alone, 8 or more, holding both (a digest, a base64 name), right after a token's line with
// no blank before the break, is read as its tail, on the safe side.
func TestR72Masking18HeldProseAfterAToken(t *testing.T) {
	stripe := "sk_live_51" + strings.Repeat("Ab3", 20)
	for _, next := range []string{
		"Deployment started", "2026-12-07T06:00:00Z INFO runtime: ready", "ERROR failed to start",
		"v1.2.3 released", "550e8400-e29b-41d4-a716-446655440000 request", "2026-12-07 06:00:00 done",
		"  at main.go:12", "deadbeef cafe", "orders_2024_q4 loaded", "Q4 report",
	} {
		for _, br := range []string{"\n", " \n", "\n  "} {
			in := "key " + stripe + br + next
			want := "key " + Masked + br + next
			if got := MaskText(in); got != want {
				t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
			}
			if got := MaskLogLines(strings.Split(in, "\n")); got[1] != strings.TrimLeft(strings.Split(want, "\n")[1], " ") {
				t.Errorf("MaskLogLines(%q) = %q", in, got)
			}
		}
	}
	for _, in := range []string{
		"use gh\np_config here", "sk\n_live_mode_toggle", "xo\nxo-party", "see AK\nIA2024-release-notes", "pscale_t\nkn_rotation",
		"gh\np_" + strings.Repeat("A1b", 4), "AKIAIOSF\nODNN7EXAMPLEs", "the sk-\nlearnUpgradeToVersion15WithNewEstimators branch",
	} {
		if got := MaskText(in); got != in {
			t.Errorf("near miss: MaskText(%q) = %q", in, got)
		}
	}
	for _, k := range []string{stripe, "ghp_" + strings.Repeat("Zq9", 12), "gsk_" + strings.Repeat("Zq9x", 13), "AKIAR72MASKING18XYZ7"} {
		for _, o := range testutil.R66OrdinaryValues() {
			in := "see the docs\n" + o + " next"
			if got := MaskText(in); got != in {
				t.Errorf("MaskText(%q) = %q", in, got)
			}
			if !strings.ContainsAny(o, "-._/ ") {
				continue
			}
			in = "see " + k + "\n" + o + " next"
			if got := MaskText(in); !strings.HasSuffix(got, "\n"+o+" next") {
				t.Errorf("MaskText(%q) = %q", in, got)
			}
			if got := MaskLogLines([]string{"see " + k, o + " next"}); got[1] != o+" next" {
				t.Errorf("MaskLogLines(%q) = %q", in, got)
			}
		}
	}
}

// TestR72Masking18WrappedOverManyLines: a long token (Atlassian's 192, PyPI's, a JWT) wrapped
// at 40 columns over several lines is masked on each: a piece that fills its line carries the
// token on to the next.
func TestR72Masking18WrappedOverManyLines(t *testing.T) {
	for _, k := range r72Masking18Tokens() {
		v := k.Value
		if len(v) < 100 {
			continue
		}
		var lines []string
		for i := 0; i < len(v); i += 40 {
			lines = append(lines, v[i:min(len(v), i+40)])
		}
		in := strings.Join(lines, "\n") + " end"
		got, gotLines := MaskText(in), strings.Join(MaskLogLines(strings.Split(in, "\n")), "⏎")
		for _, l := range lines {
			if len(l) >= 8 && (strings.Contains(got, l[len(l)-8:]) || strings.Contains(gotLines, l[len(l)-8:])) {
				t.Errorf("%s: MaskText = %q, MaskLogLines = %q", k.Family, got, gotLines)
				break
			}
		}
	}
}

// TestR72Masking18CookieBlankBeforeValue (FuzzMaskLogLinesCoversOld's find): a Cookie header's
// credential-named cookie with blanks after its "=" (Cookie:token= 000) has the value after
// them masked, as token= 000 is outside a cookie list; before, the list read an empty value and
// showed it. A cookie not named as a credential keeps its plain value.
func TestR72Masking18CookieBlankBeforeValue(t *testing.T) {
	for in, want := range map[string]string{
		"Cookie:token= 000":              "Cookie:token= " + Masked,
		"Cookie: session_token=\tabc123": "Cookie: session_token=\t" + Masked,
		"Set-Cookie: token= abc; Path=/": "Set-Cookie: token= " + Masked + "; Path=/",
		"Cookie: theme= dark":            "Cookie: theme= dark",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}
