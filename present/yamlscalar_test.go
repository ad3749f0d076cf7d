package present

import (
	"regexp"
	"testing"
)

// TestPlainScalarIsItsExpression checks the loops that replaced two regular expressions on the
// spicepod's path (plainScalar, yamlFloatDot) against those expressions.
func TestPlainScalarIsItsExpression(t *testing.T) {
	scalar := regexp.MustCompile(`^[A-Za-z_/.][A-Za-z0-9_./@+:-]*( [A-Za-z0-9_./@+:-]+)*$`)
	floatDot := regexp.MustCompile(`^\.[0-9]`)
	alphabet := []string{"a", "Z", "_", "/", ".", "0", "9", "@", "+", ":", "-", " ", "\n", "é", "\xff", "#", "'"}
	var all []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		all = append(all, prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			grow(prefix+c, n-1)
		}
	}
	grow("", 4)
	all = append(all, "s3://spiceai-demo-datasets/taxi_trips/2024/", "Production analytics app", "a  b", "a b ", " a", ".5e3", "v1")
	for _, s := range all {
		if got, want := plainScalar(s), scalar.MatchString(s); got != want {
			t.Errorf("plainScalar(%q) = %v, the expression says %v", s, got, want)
		}
		if got, want := yamlFloatDot(s), floatDot.MatchString(s); got != want {
			t.Errorf("yamlFloatDot(%q) = %v, the expression says %v", s, got, want)
		}
	}
}
