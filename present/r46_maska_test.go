package present

import "testing"

// r46MaskAEach checks MaskText, MaskAPIText and MaskLogLines (one entry) on each input: the
// output is want, and masking it again changes nothing.
func r46MaskAEach(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		for name, mask := range map[string]func(string) string{
			"MaskText":     MaskText,
			"MaskAPIText":  MaskAPIText,
			"MaskLogLines": func(s string) string { return MaskLogLines([]string{s})[0] },
		} {
			got := mask(in)
			if got != want {
				t.Errorf("%s(%q)\n got  %q\n want %q", name, in, got, want)
			}
			if again := mask(got); again != got {
				t.Errorf("%s not idempotent on %q: %q", name, got, again)
			}
		}
	}
}

func TestR46MaskAMySQLUsingPasswordIsProse(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		"Access denied for user 'bob'@'h' (using password: YES)":                                   "",
		"Access denied for user 'bob'@'localhost' (using password: NO)":                            "",
		"ERROR 1045 (28000): Access denied for user 'root'@'10.0.0.1' (using password: YES)":       "",
		"ERROR 1045 (28000): Access denied for user 'root'@'%' (using password: YES) password: x9": "ERROR 1045 (28000): Access denied for user 'root'@'%' (using password: YES) password: " + m,
		// Not MySQL's phrase: the value is masked as before.
		"password: YES)":       "password: " + m,
		"password: YESSIR)":    "password: " + m,
		"(using password: Y7)": "(using password: " + m + ")",
	}.withSelf())
	for _, s := range []string{"Access denied for user 'bob'@'h' (using password: YES)", "(using password: NO)"} {
		coversOld(t, s)
	}
}

// withSelf fills an empty want with the input itself (nothing masked).
func (c r46MaskACases) withSelf() map[string]string {
	out := map[string]string{}
	for in, want := range c {
		if want == "" {
			want = in
		}
		out[in] = want
	}
	return out
}

type r46MaskACases map[string]string

func TestR46MaskAMySQLUsingPasswordExactly(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		// Other spacing or another key is a value as before: since round 64 its ")" stays
		// (TestR64Masking9ParenAfterMaskStays), and YES reads as after any credential's name,
		// a status word (password: YES), while another word is masked.
		"(using  password: YES)":    "",
		"(using password:  YES)":    "",
		"(using Password: YES)":     "",
		"(using db_password: YES)":  "",
		"(using  password: YESSIR)": "(using  password: " + m + ")",
		"(using db_password: Y7)":   "(using db_password: " + m + ")",
	}.withSelf())
	// A Unicode space reads as a space, as everywhere in masking.
	for _, in := range []string{"(using\u00a0password:\u00a0YES)", "(using\u2009password: NO)"} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q", in, got)
		}
		coversOld(t, in)
	}
}
