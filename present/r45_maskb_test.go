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
