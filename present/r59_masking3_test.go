package present

import "testing"

// A Cookie header's value is a list of cookies, each read by its name: an analytics or
// preference cookie (_ga, _gid, _fbp, lang, theme) holds no credential and stays; a session's,
// a token's or an id's value is masked, and so is an opaque value under an unknown name. Round
// 58 masked _ga=GA1.2.3 as the header's value (the first cookie whole, its name too) and
// showed a session cookie after it whose name holds no credential's word (PHPSESSID,
// connect.sid, sid); curl's -b and --cookie showed every cookie.
func TestR59Masking3CookiesByName(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"Cookie: _ga=GA1.2.3; session=abc123def":                           "Cookie: _ga=GA1.2.3; session=" + m,
		"Cookie: _ga=GA1.2.3.4; _gid=GA1.2.5; _fbp=fb.1.2.3; sessionid=s3": "Cookie: _ga=GA1.2.3.4; _gid=GA1.2.5; _fbp=fb.1.2.3; sessionid=" + m,
		"Cookie: _ga=GA1.2.3; PHPSESSID=abc123def456":                      "Cookie: _ga=GA1.2.3; PHPSESSID=" + m,
		"Cookie: lang=en; connect.sid=s%3Aabc.def; sid=abc123def456":       "Cookie: lang=en; connect.sid=" + m + "; sid=" + m,
		"Cookie: theme=dark; id=a1b2c3d4e5f6":                              "Cookie: theme=dark; id=" + m,
		"Cookie: lang=en; SSESS0123abcd=abcdefgh":                          "Cookie: lang=en; SSESS0123abcd=" + m,
		"Set-Cookie: session=abc123; Path=/; HttpOnly":                     "Set-Cookie: session=" + m + "; Path=/; HttpOnly",
		"Set-Cookie: PHPSESSID=abc123; Path=/":                             "Set-Cookie: PHPSESSID=" + m + "; Path=/",
		`"Cookie": "_ga=GA1.2.3; session=abc123"`:                          `"Cookie": "_ga=GA1.2.3; session=` + m + `"`,
		"headers: {Cookie: _ga=GA1.2.3; session=abc123}":                   "headers: {Cookie: _ga=GA1.2.3; session=" + m + "}",
		"curl -b 'PHPSESSID=abc123; _ga=1' https://x":                      "curl -b 'PHPSESSID=" + m + "; _ga=1' https://x",
		`curl --cookie "lang=en; PHPSESSID=abc123" https://x`:              `curl --cookie "lang=en; PHPSESSID=` + m + `" https://x`,
		"Cookie: Zm9vYmFyYmF6cXV4":                                         "Cookie: " + m,
	})
	r52MaskingKept(t,
		"Cookie: _ga=GA1.2.3; _gid=GA1.2.5",
		"Set-Cookie: lang=en-US; Path=/; Max-Age=3600",
		"Cookie: theme=dark; seen=1",
		"curl -b cookies.txt https://x",
		"git checkout -b feature=x",
	)
}

// An empty value before the next pair is empty: logfmt's and an attribute's key= before
// another key=value (password= user=bob, <user password= host="db"/>), an .env line's before
// the next line's, Go's %+v empty field before the next field ({User:bob Password: Host:db}).
// Round 58 masked the next pair as the value (password= ********, {User:bob Password:
// ********}). A value after the blank is masked as before, one holding "=" too.
func TestR59Masking3EmptyValueBeforeNextPair(t *testing.T) {
	r52MaskingKept(t,
		"password= user=bob",
		"level=info password= user=bob msg=login",
		"token= host=db",
		`<user password= host="db"/>`,
		"{User:bob Password: Host:db}",
		"&{User:bob Password: Host:db Port:5432}",
		"{Token: Host:db}",
	)
	for _, in := range []string{"DB_PASSWORD=\nDB_USER=bob", "password=\r\nuser=bob"} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q, want it kept", in, got)
		}
	}
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password= hunter2 user=bob":    "password= " + m + " user=bob",
		"password= c2VjcmV0=":           "password= " + m,
		"{User:bob Password: hunter2}":  "{User:bob Password: " + m + "}",
		"{user:bob password: host:db}":  "{user:bob password: " + m + "}",
		"password= user=bob token= xyz": "password= user=bob token= " + m,
	})
}

// An unquoted value in markup ends at the quote that closes the attribute it stands in when a
// tag's end follows (Password=ab"/>, <a Password=ab">link</a>): round 58 took "/> and the
// rest of the line for a quote opened in the value, and read <add key="x" value="Password=ab"/>
// so that key="x" was masked too. An escaped quote there is the value's, as a quote opened
// in it and closed later is (password=ab"c&d").
func TestR59Masking3ValueEndsAtAttributeQuote(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`Password=ab"/>`:                        `Password=` + m + `"/>`,
		`<add key="x" value="Password=ab"/>`:    `<add key="x" value="Password=` + m + `"/>`,
		`<input name=pw value=x Password=ab"/>`: `<input name=pw value=x Password=` + m + `"/>`,
		`<a Password=ab">link</a>`:              `<a Password=` + m + `">link</a>`,
		`Password=ab"/> more text`:              `Password=` + m + `"/> more text`,
		`password=ab\">cdefg`:                   `password=` + m,
		`password=ab"c&d"`:                      `password=` + m,
		`{"password":"a\">bcdef"}`:              `{"password":"` + m + `"}`,
	})
}

// A flow mapping's plain value runs over spaces to its "," or closing bracket ({user: bob,
// password: S3cret Pw, host: db}: YAML's flow style, a JavaScript or Ruby object's print):
// round 58 showed Pw. Prose after the value's first word stays, and so do the other pairs.
func TestR59Masking3FlowMappingSpacedValue(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"{user: bob, password: S3cret Pw, host: db}": "{user: bob, password: " + m + ", host: db}",
		"{user: bob, password: S3cret Pw}":           "{user: bob, password: " + m + "}",
		"[user: bob, password: S3cret Pw]":           "[user: bob, password: " + m + "]",
		"{ user: 'bob', password: S3cret Pw }":       "{ user: 'bob', password: " + m + " }",
	})
	r52MaskingKept(t, "{user: bob, name: Alice Smith, role: admin}")
	if got, want := MaskText("{user: bob, password: abc failed to connect, host: db}"), "{user: bob, password: "+m+" failed to connect, host: db}"; got != want {
		t.Errorf("MaskText = %q, want %q", got, want)
	}
}
