package present

import "testing"

// TestR69Masking14QueryEndsAtUnicodeSpace: FuzzMaskInvisible's first finding of this round
// (seed a5f74959b9e49342): "0?000\u00a00&keY0=0" masked keY0's 0, where "0?000 0&keY0=0" kept
// it. A path's query (pathQueryKeyAt: a name after "&" read as a query's) is a word: a Unicode
// space ends it as an ASCII one does, so keY0 after it is no query parameter's name either way.
func TestR69Masking14QueryEndsAtUnicodeSpace(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"0?000\u00a00&keY0=0":        "0?000\u00a00&keY0=0",
		"0?000\u20030&keY0=0":        "0?000\u20030&keY0=0",
		"0?000 0&keY0=0":             "0?000 0&keY0=0",
		"GET /x?a=1&keY0=0 done":     "GET /x?a=1&keY0=" + m + " done", // a query's key: its value masked
		"GET /x?a=1\u00a0&key=abcd9": "GET /x?a=1\u00a0&key=" + m,
	})
	for _, in := range []string{"0?000\u00a00&keY0=0", "GET /x?a=1&keY0=0 done"} {
		if MaskText(unicodeSpacesAsASCII(in)) != unicodeSpacesAsASCII(MaskText(in)) {
			t.Errorf("MaskText reads %q otherwise with ASCII spaces", in)
		}
	}
}

// TestR69Masking14SASWithEmptySigQuoted: FuzzMaskLogLinesCoversOld's first finding of this
// round (seed c74407a6fe906388) was the oracle's: token:"sv=&sig=" is a SAS's params with an
// empty sig, which names no secret (principle: names no credential), and MaskLogLines keeps it as
// it keeps token:sv=&sig=; the oracle read the SAS only where no quote stood after the key. A
// sig there is masked, quoted or not.
func TestR69Masking14SASWithEmptySigQuoted(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		`token:"sv=&sig="`:        `token:"sv=&sig="`,
		`token:sv=&sig=`:          `token:sv=&sig=`,
		`token:"sv=&sig=abc123"`:  `token:"sv=&sig=` + m + `"`,
		`token:'sv=x&sig=q9w8e7'`: `token:'sv=x&sig=` + m + `'`,
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		coversOld(t, in)
	}
}

// TestR69Masking14CookieNamedForACredential: FuzzMaskLogLinesCoversOld's second finding of this
// round (seed 60593045208375c7), a masker's: "Cookie: gAtoken=0000" kept the cookie's value, as
// Google Analytics' (analyticsCookies' "ga*" matched every name starting "ga": gatoken,
// gateway_token, gauth_secret). A cookie whose name names a credential is never an analytics
// one; _ga, _ga_<container> and _gid stay shown.
func TestR69Masking14CookieNamedForACredential(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"Cookie: gAtoken=0000":                                   "Cookie: gAtoken=" + m,
		"Cookie: gateway_token=abc123xyz; _ga=GA1.2.3":           "Cookie: gateway_token=" + m + "; _ga=GA1.2.3",
		"Cookie: gauth_secret=hunter22":                          "Cookie: gauth_secret=" + m,
		"Cookie: _ga=GA1.2.3; _ga_ABC123=GS1.1.17; _gid=GA1.2.9": "Cookie: _ga=GA1.2.3; _ga_ABC123=GS1.1.17; _gid=GA1.2.9",
	})
	coversOld(t, "Cookie: gAtoken=0000")
}
