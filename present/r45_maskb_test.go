package present

import (
	"strings"
	"testing"
)

func TestR45MaskBDigestParamsWithoutHeader(t *testing.T) {
	for _, s := range []string{
		`digest auth failed: username="bob", nonce="dcd98b7102dd2f0e", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b"`,
		`digest auth failed: username=bob, nonce=dcd98b7102dd2f0e, response=6629fae49393a05397450978507c4ef1, cnonce=0a4f113b`,
	} {
		for _, got := range []string{MaskText(s), MaskLogLines([]string{s})[0]} {
			for _, secret := range []string{"dcd98b7102dd2f0e", "6629fae49393a05397450978507c4ef1", "0a4f113b"} {
				if strings.Contains(got, secret) {
					t.Errorf("%q: %q shows %s", s, got, secret)
				}
			}
			if !strings.Contains(got, "bob") {
				t.Errorf("%q: %q lost the username", s, got)
			}
			if MaskText(got) != got {
				t.Errorf("%q: masking again changed it", got)
			}
		}
	}
	if got := MaskText("response=200, status=ok"); got != "response=200, status=ok" {
		t.Errorf("lone response param masked: %q", got)
	}
}

func TestR45MaskBTightArrowValueBeforePunctuation(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"token->abc123;":        "token->" + m + ";",
		"password->HUNTER2)":    "password->" + m + ")", // the ")" closes what the value stands in
		"secret->x9Y,":          "secret->" + m + ",",
		"token->field;":         "token->field;",
		"f(token->TOK_EOF)":     "f(token->TOK_EOF)",
		"auth_token->len2 = 0;": "auth_token->len2 = 0;",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestR45MaskBContinuationAfterScheme(t *testing.T) {
	for _, in := range []string{
		"curl -H \"Authorization: Bearer \\\n  tok3nvalue99\" https://api",
		"curl -H \"Authorization: Bearer\\\n  tok3nvalue99\" https://api",
		`{"cmd":"curl -H \"Authorization: Bearer \\\n  tok3nvalue99\" https://api"}`,
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskLogLines": strings.Join(MaskLogLines([]string{in}), "\n")} {
			if strings.Contains(got, "tok3nvalue99") || !strings.Contains(got, "Bearer") {
				t.Errorf("%s(%q) = %q", name, in, got)
			}
		}
	}
}

func TestR45MaskBBareConnectionString(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"connect bob:hunter22@db.internal:5432/app": "connect bob:" + m + "@db.internal:5432/app",
		"sqlplus user/pass@host:1521/ORCL":          "sqlplus user/" + m + "@host:1521/ORCL",
		"listening on db.internal:5432":             "listening on db.internal:5432",
		"mail bob@example.com":                      "mail bob@example.com",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
	}
}
