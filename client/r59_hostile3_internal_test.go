package client

import (
	"slices"
	"testing"
)

// TestR59Hostile3NotUTF8Paths: the paths noteNotUTF8 names for texts read with U+FFFD the
// answer does not hold: nested objects and arrays, a name so read, at most three and how many
// more; U+FFFD written (or escaped) is the API's own, an escaped surrogate pair is whole.
func TestR59Hostile3NotUTF8Paths(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
		more int
	}{
		{"{\"a\":[{\"b\":\"x\"},{\"b\":\"y\xff\",\"c\":[1,\"\xfe\"]}],\"d\":{\"e\xc3\":true}}", []string{"a[1].b", "a[1].c[1]", "d.e\uFFFD (a name)"}, 0},
		{"[\"\xff\",\"\xff\",\"ok\",\"\xff\",\"\xff\",\"\xff\"]", []string{"[0]", "[1]", "[3]"}, 2},
		{`{"a":"\ud800x","b":"\ud83d\ude00","c":"\ufffd","d":"` + "\uFFFD" + `","e":"\\ufffd"}`, []string{"a"}, 0},
		{`{"a":"\uFFFD\udc00"}`, []string{"a"}, 0},
	} {
		if !mayHoldNotUTF8([]byte(c.body)) {
			t.Errorf("%q: not looked at", c.body)
		}
		got, more := notUTF8Fields([]byte(c.body))
		if !slices.Equal(got, c.want) || more != c.more {
			t.Errorf("%q: got %q and %d more, want %q and %d", c.body, got, more, c.want, c.more)
		}
	}
	if mayHoldNotUTF8([]byte(`{"name":"analytics-app","note":"é ✓"}`)) {
		t.Error("a UTF-8 answer without surrogate escapes is looked at again")
	}
}
