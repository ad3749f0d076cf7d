package present

import "testing"

// TestR74Claims11ArgRemedyWithAnEmptyFixSaysCorrectIt: a refusal whose rule carries no fix
// (an ArgumentError's empty Fix, a decoder's wrong JSON type) said "What to do: , then call
// list_container_images again." (its result golden); it says to correct it.
func TestR74Claims11ArgRemedyWithAnEmptyFixSaysCorrectIt(t *testing.T) {
	for _, c := range []struct {
		several bool
		fixes   []string
		want    string
	}{
		{false, []string{""}, "What to do: Correct it, then call x again."},
		{true, []string{"", ""}, "What to do: Correct them, then call x again."},
		{true, []string{"", "use y"}, "What to do: Correct them: use y; then call x again."},
		{false, []string{"use y"}, "What to do: Use y, then call x again."},
	} {
		if got := ArgRemedy("x", c.several, c.fixes...); got != c.want {
			t.Errorf("ArgRemedy(x, %v, %q) = %q, want %q", c.several, c.fixes, got, c.want)
		}
	}
}
