package present

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestR65Claims2MaskedKeyShowsOnlyItsLast4Characters: README's `--mask-api-keys` row says
// "Show only the last 4 characters of API keys". The API's answer is not ours to trust: a key
// whose last characters take more than a byte each keeps its last 4 characters whole (not its
// last 4 bytes, which cut a character and show fewer), and no mask shows more of any key than
// those 4 characters; a key of 4 characters or fewer shows none of them.
func TestR65Claims2MaskedKeyShowsOnlyItsLast4Characters(t *testing.T) {
	for _, key := range []string{"sk_live_0123456789abcdefWXYZ", "clé-été-ça-ñö", "key-日本語キー", "abc€", "ab", "a😀b😀c😀d😀", "12345"} {
		got := MaskKey(key)
		runes := []rune(key)
		if !utf8.ValidString(got) {
			t.Errorf("MaskKey(%q) = %q: not UTF-8, a character cut", key, got)
		}
		if len(runes) > 4 && !strings.HasSuffix(got, string(runes[len(runes)-4:])) {
			t.Errorf("MaskKey(%q) = %q, want its last 4 characters %q", key, got, string(runes[len(runes)-4:]))
		}
		// No 5 characters of the key in a row, nor any of a short key's.
		n := min(5, len(runes))
		for i := 0; i+n <= len(runes); i++ {
			if strings.Contains(got, string(runes[i:i+n])) {
				t.Errorf("MaskKey(%q) = %q shows %q, more than the last 4 characters", key, got, string(runes[i:i+n]))
			}
		}
	}
}
