package present

import (
	"strings"
	"testing"
)

// Review 3: what b8c9aef masked and e328af8 shows.
func TestReview3KnownSchemeThenEscapedGapHidesTheCredentialInAPIText(t *testing.T) {
	for _, in := range []string{
		`Authorization: ApiKey\nletmeinplease`, // JSON's escaped line break between scheme and credential
		`Authorization: SSWS%20letmeinplease`,  // a URL-encoded space
		`authorization: Client-ID\nletmein`,
	} {
		for name, got := range map[string]string{"MaskAPIText": MaskAPIText(in), "MaskText": MaskText(in)} {
			if strings.Contains(got, "letmein") {
				t.Errorf("%s(%q) = %q: the credential shows (b8c9aef masked it)", name, in, got)
			}
		}
	}
}

func TestReview3SchemeThenEqualsSignMasksTheToken(t *testing.T) {
	for _, in := range []string{
		"Authorization: Hawk = R3vw9Qk2LmZp8Xc4Vb7N",
		"authorization=Negotiate = R3vw9Qk2LmZp8Xc4Vb7N",
		"Authorization: Foo = R3vw9Qk2LmZp8Xc4Vb7N",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskLogLines": MaskLogLines([]string{in})[0], "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "R3vw9Qk2LmZp8Xc4Vb7N") {
				t.Errorf("%s(%q) = %q: the token shows (b8c9aef masked it)", name, in, got)
			}
		}
	}
}

// README: a known scheme "followed ... by a credential: the scheme stays and the credential ...
// is masked (Authorization: ApiKey ********)"; MaskAPIText masks Bearer's the same way.
func TestReview3KnownSchemeLettersCredentialInAPIText(t *testing.T) {
	for _, in := range []string{"Authorization: ApiKey letmein!", "error: invalid Authorization: Key xyz rejected"} {
		if got := MaskAPIText(in); !strings.Contains(got, Masked) {
			t.Errorf("MaskAPIText(%q) = %q: the credential after a known scheme shows (Bearer's is masked)", in, got)
		}
	}
}
