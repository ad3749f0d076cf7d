package lazyregexp

import (
	"testing"
)

func TestCompilesOnFirstUse(t *testing.T) {
	inTest = false
	defer func() { inTest = true }()
	r := New(`line (\d+)`)
	if r.rx != nil {
		t.Fatal("compiled at New")
	}
	if m := r.FindStringSubmatch("yaml: line 12: bad"); len(m) != 2 || m[1] != "12" {
		t.Errorf("FindStringSubmatch = %q", m)
	}
	if r.rx == nil || !r.MatchString("line 3") || r.MatchString("lines") {
		t.Error("MatchString")
	}
	if got := r.ReplaceAllString("line 1, line 2", "L"); got != "L, L" {
		t.Errorf("ReplaceAllString = %q", got)
	}
	if got := r.FindAllStringSubmatch("line 1, line 2", -1); len(got) != 2 || got[1][1] != "2" {
		t.Errorf("FindAllStringSubmatch = %q", got)
	}
	if r.String() != `line (\d+)` {
		t.Errorf("String = %q", r.String())
	}
}

func TestCompilesAtOnceInTests(t *testing.T) {
	if !inTest {
		t.Fatal("not detected as a test binary")
	}
	if New(`a+`).rx == nil {
		t.Error("not compiled at New in a test binary")
	}
	defer func() {
		if recover() == nil {
			t.Error("a bad pattern did not panic at New in a test binary")
		}
	}()
	New(`(`)
}
