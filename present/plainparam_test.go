package present

import (
	"regexp"
	"strings"
	"testing"
)

// TestPlainParamIsItsPattern: plainParam accepts exactly what ^[A-Za-z0-9_./:+-]{0,256}$
// matches.
func TestPlainParamIsItsPattern(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9_./:+-]{0,256}$`)
	cases := []string{"", "a", "db.example.com:5432", "s3://bucket/path", "10s", "require", "a b", "user@host", "k=v", "x;y",
		"é", "ſ", "K", "\x00", "a\n", "\n", "${secrets:x}", strings.Repeat("a", 256), strings.Repeat("a", 257), strings.Repeat("é", 100)}
	for c := 0; c < 256; c++ {
		cases = append(cases, string(rune(c)), "a"+string(byte(c))+"b")
	}
	for _, s := range cases {
		if got, want := plainParam.MatchString(s), re.MatchString(s); got != want {
			t.Errorf("plainParam(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

func FuzzPlainParam(f *testing.F) {
	re := regexp.MustCompile(`^[A-Za-z0-9_./:+-]{0,256}$`)
	f.Add("db.example.com:5432")
	f.Add(strings.Repeat("a", 257))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainParam.MatchString(s), re.MatchString(s); got != want {
			t.Errorf("plainParam(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}
