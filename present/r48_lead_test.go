package present

import (
	"strings"
	"testing"
)

// TestR48SandboxHostRefusedShortensALongHost: sandbox-api's refusal quotes the Host it refused,
// but a header far longer than any host name is shortened with a note, not repeated whole.
func TestR48SandboxHostRefusedShortensALongHost(t *testing.T) {
	if got := SandboxHostRefused("evil.example:8787"); !strings.HasPrefix(got, `Host "evil.example:8787" is not allowed`) {
		t.Errorf("short host: %s", got)
	}
	long := strings.Repeat("a", 10000) + ".example"
	got := SandboxHostRefused(long)
	if len(got) > 800 {
		t.Errorf("a 10,008-character Host gives a %d-byte refusal", len(got))
	}
	if !strings.Contains(got, "(shortened; 10,008 characters in all)") {
		t.Errorf("no shortening note: %s", got)
	}
}

// TestR48LeadBearerTokenThenLineSeparatorKeyValue (FuzzMaskInvisible seed b7b4fbc7febb5ff7): a
// bearer token's walk over a line separator that reaches a key's "=" masks the value after it
// too, as the same text with spaces masks it.
func TestR48LeadBearerTokenThenLineSeparatorKeyValue(t *testing.T) {
	for _, in := range []string{"BeArer 0\u2028=\u20290!0", "Bearer abc\u2028=\u2028x!y", "Bearer abc\u0085=\u0085x!y"} {
		got := MaskText(in)
		if strings.Contains(got, "!") {
			t.Errorf("MaskText(%q) = %q: the value after the key's = shows", in, got)
		}
	}
}

// TestR48LeadVarDumpTypeThenLineSeparatorThenQuote (FuzzMaskInvisible seed acece91cbf69aec8,
// failing at de8f681 too): var_dump's type, a line separator and a quote is the value going on,
// as after a space, not the value's end.
func TestR48LeadVarDumpTypeThenLineSeparatorThenQuote(t *testing.T) {
	for _, in := range []string{"[0pAss00000=string(0)\u0085\"0->", "00pAss=\u2028\u2028string(0)\u2029\"0->", "password=string(3)\u2028\"abc-def"} {
		spaced := strings.NewReplacer("\u0085", " ", "\u2028", " ", "\u2029", " ").Replace(in)
		if strings.Contains(MaskText(spaced), "->") || strings.Contains(MaskText(spaced), "-def") {
			t.Fatalf("with spaces the value shows: %q", MaskText(spaced))
		}
		if got := MaskText(in); strings.Contains(got, "->") || strings.Contains(got, "-def") {
			t.Errorf("MaskText(%q) = %q: the quoted rest of the value shows", in, got)
		}
	}
}
