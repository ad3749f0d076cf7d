package present

import (
	"strings"
	"testing"
)

// Review 4: b8c9aef masked the token after a scheme followed by an "=" that is not a lone
// separator ("==", "=,", `="`, "=>"); b2670cf masks that separator as the credential instead
// and shows the token.
func TestReview4SchemeThenEqualsRunMasksTheToken(t *testing.T) {
	const tok = "R3vw9Qk2LmZp8Xc4Vb7N"
	for _, in := range []string{
		"Authorization: ApiKey == " + tok,
		"Authorization: Hawk =, " + tok,
		"Authorization: Foo =\"" + tok + "\"",
		"Authorization: Foo =>" + tok,
		"authorization=Key == " + tok,
		"headers.authorization = Foo = = " + tok,
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskLogLines": MaskLogLines([]string{in})[0], "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, tok) {
				t.Errorf("%s(%q) = %q: the token shows (b8c9aef masked it)", name, in, got)
			}
		}
	}
}

// Review 4: b2670cf masks the word after any known scheme but Bearer in MaskAPIText, so the
// API's own diagnosis after "Authorization: <scheme>" is hidden from the agent: a grammar
// word ("is", "has", "or") or the whole reason ("failed", "invalid"). b8c9aef showed these.
func TestReview4AuthorizationSchemeProseStaysInAPIText(t *testing.T) {
	for _, in := range []string{
		"Authorization: Token is missing the scope secrets:write",
		"Authorization: Token has expired, request a new one",
		"Authorization: ApiKey is not supported, use Bearer",
		"Authorization: Token or Bearer required",
		"Authorization: Negotiate failed",
		"Authorization: Token invalid",
	} {
		if got := MaskAPIText(in); got != in {
			t.Errorf("MaskAPIText(%q) = %q: the API's prose is masked", in, got)
		}
	}
}

// Only schemeProse's words stay: any other token after a non-Bearer scheme is masked in
// MaskAPIText, and schemeProse's words are masked by MaskText and MaskLogLines as before.
func TestReview4SchemeProseIsAFixedList(t *testing.T) {
	for in, want := range map[string]string{
		"Authorization: Token expired":      "Authorization: Token expired",
		"Authorization: ApiKey letmein!":    "Authorization: ApiKey " + Masked,
		"Authorization: Key xyz rejected":   "Authorization: Key " + Masked + " rejected",
		"Authorization: Negotiate failedX9": "Authorization: Negotiate " + Masked,
	} {
		if got := MaskAPIText(in); got != want {
			t.Errorf("MaskAPIText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MaskText("Authorization: Token invalid"); got != "Authorization: Token "+Masked {
		t.Errorf("MaskText: %q", got)
	}
}
