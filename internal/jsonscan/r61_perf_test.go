package jsonscan

import "testing"

// TestR61PerfValueEnds: ValueEnd finds where each kind of value ends — strings with escaped
// quotes and backslashes, long strings (past the short-string loop), nested objects and arrays
// holding brackets inside strings, scalars ended by a comma, bracket or space — and -1 where a
// value never ends.
func TestR61PerfValueEnds(t *testing.T) {
	long := `"abcdefghijklmnopqrstuvwxyz0123456789\"\\"`
	for _, c := range []struct {
		in   string
		want int // index after the value; -1 for none
	}{
		{`"a"x`, 3},
		{`"a\"b"x`, 6},
		{`"a\\"x`, 5},
		{long + `,`, len(long)},
		{`{"a":["}",{"b":"]"}]},1`, 21},
		{`[1,[2,[3]]] `, 11},
		{`123,`, 3},
		{`true}`, 4},
		{`null ]`, 4},
		{`-1.5e3]`, 6},
		{`"never`, -1},
		{`{"a":1`, -1},
		{``, -1},
		{`,`, -1},
	} {
		if got := ValueEnd([]byte(c.in), 0); got != c.want {
			t.Errorf("ValueEnd(%q) = %d; want %d", c.in, got, c.want)
		}
	}
	if got := SkipSpace([]byte(" \t\r\n x"), 0); got != 5 {
		t.Errorf("SkipSpace: %d; want 5", got)
	}
}
