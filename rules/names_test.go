package rules

import "testing"

func TestSameName(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"docs-search", "docs-search", true},
		{"docs-search", "DOCS-Search", true},
		{"docs-search", "docſ-ſearch", false}, // U+017F long s folds to s in Unicode
		{"kafka-app", "\u212Afka-app", false}, // U+212A Kelvin sign folds to k
		{"docs-search", "docs-searc", false},
		{"", "", true},
		{"a-b", "a_b", false},
	} {
		if got := SameName(tc.a, tc.b); got != tc.same {
			t.Errorf("SameName(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
