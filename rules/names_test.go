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

func TestInstanceName(t *testing.T) {
	for name, ok := range map[string]bool{
		"analytics-app-1a2b3c4d-x7k2p": true,
		"web-0.analytics.svc":          true, // pod names are DNS-1123 subdomains: dots allowed
		"a":                            true,
		"":                             false,
		"..":                           false,
		"a..b":                         false,
		"Odd_App":                      false,
		"a/b":                          false,
		"-a":                           false,
	} {
		if got := InstanceName(name) == ""; got != ok {
			t.Errorf("InstanceName(%q) valid = %v, want %v (%s)", name, got, ok, InstanceName(name))
		}
	}
	if InstanceNameMax != 253 {
		t.Errorf("InstanceNameMax = %d", InstanceNameMax)
	}
}
