package present

import (
	"strings"
	"testing"
)

// A Unicode space (U+202F, U+00A0, U+3000) or line separator ends what is read as a bare
// connection string's user as a space does: the text masks as it reads. Before, the bytes of
// U+202F were read as the user's and "0⏎00" before the "@" was masked as a password only then.
func TestR46LeadBareConnStringUnicodeSpaceEndsTheUser(t *testing.T) {
	for _, sp := range []string{" ", "\u202f", "\u00a0", "\u3000", "\u2028"} {
		in := "00000000:" + sp + "0\u008500@00:0000000"
		want := MaskText(strings.ReplaceAll(in, sp, " "))
		if got := strings.ReplaceAll(MaskText(in), sp, " "); got != want {
			t.Errorf("with %U: %q, with a space: %q", []rune(sp)[0], got, want)
		}
	}
	if got := MaskText("bob:hunter22@db.internal:5432/app"); strings.Contains(got, "hunter22") {
		t.Errorf("the bare connection string's password shows: %q", got)
	}
	if got := MaskText("x\u202fbob:hunter22@db.internal:5432/app"); strings.Contains(got, "hunter22") {
		t.Errorf("after a Unicode space, the password shows: %q", got)
	}
}

// A pair's value read on over line separators must not take a SQL statement's PASSWORD and half
// its quoted password: the statement is read first, so with U+0085/U+2028 between the words
// nothing of '0&0' shows (before, "&0" did, where spaces masked it whole).
func TestR46LeadSQLPasswordAfterPairOverLineSeparators(t *testing.T) {
	for _, in := range []string{
		"pAss:0\u0085CREATE\u2028USER\u2029PASSWORD\u0085\"0&0",
		"pass: x\u2028CREATE USER bob WITH PASSWORD\u2028'hunter&22'",
	} {
		got := MaskText(in)
		for _, leak := range []string{"&0", "&22", "hunter"} {
			if strings.Contains(got, leak) {
				t.Errorf("%q -> %q shows %q", in, got, leak)
			}
		}
	}
}

// After an Authorization value whose first word names no scheme (masked as the credential), a
// lone "=" (base64 padding alone) is no second token: nothing to hide, and it read otherwise
// after spaces than after line separators (FuzzMaskInvisible seed 37f46b5cf9dffce7).
func TestR46LeadLonePaddingAfterUnknownSchemeStays(t *testing.T) {
	for _, sep := range []string{"  ", "\u0085\u2028", " ", "\u2028"} {
		in := "Authorization:0" + sep + "="
		if got := MaskText(in); !strings.HasSuffix(got, "=") || strings.HasSuffix(got, Masked) || !strings.Contains(got, Masked) {
			t.Errorf("%q -> %q, want the credential masked and the lone = kept", in, got)
		}
	}
}
