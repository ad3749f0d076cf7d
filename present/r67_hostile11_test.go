package present

import (
	"strings"
	"testing"
)

// TestR67Hostile11HexKeysAfterSk: DeepSeek's sk- and 32 lower-case hexadecimal digits is
// masked wherever it stands, a digest after a word's sk- too (task-<md5>: the safe side, README
// says so), and OpenRouter's sk-or-v1- and 64; one digit fewer or more, or a letter beyond f,
// is no such key and is kept.
func TestR67Hostile11HexKeysAfterSk(t *testing.T) {
	md5 := "d41d8cd98f00b204e9800998ecf8427e"
	for _, s := range []string{"task-" + md5, "sk-" + md5, "key sk-or-v1-" + md5 + md5 + " here"} {
		if got := MaskText(s); strings.Contains(got, md5[20:]) {
			t.Errorf("MaskText(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"sk-" + md5[1:], "sk-" + md5 + "0", "sk-" + md5[1:] + "g", "sk-or-v1-" + md5} {
		if got := MaskText(s); got != s {
			t.Errorf("MaskText(%q) = %q, want it kept", s, got)
		}
	}
}
