package present

import "testing"

// TestR41VarDumpTypeAtTheEndDoesNotPanic: a credential key whose value is var_dump's type and
// length at the very end of a text ("users.password: string(255)", a log line cut after the
// type) made every masker read past the end (index out of range), so get_instance_logs failed
// while that line was in the tail. Every prefix of such texts masks without a panic.
func TestR41VarDumpTypeAtTheEndDoesNotPanic(t *testing.T) {
	for _, text := range []string{
		"users.password: string(255)",
		"password=string(8)",
		`["password"]=> string(8) "hunter22"`,
		`["password"]=>` + "\n  " + `string(8) "hunter22"`,
		"api_key -> string(40) ",
		"token=string(0)",
	} {
		for n := 1; n <= len(text); n++ {
			in := text[:n]
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("masking %q panics: %v", in, r)
					}
				}()
				MaskText(in)
				MaskAPIText(in)
				MaskLogLines([]string{in, in})
			}()
		}
	}
	if got := MaskText("users.password: string(255)"); got != "users.password: ********" {
		t.Errorf("MaskText = %q", got)
	}
}
