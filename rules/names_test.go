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
		"a..b":                         true, // not a dot-segment
		"Odd_App":                      true, // Instance.name is a plain string: any name the API lists
		"Edge_Node-01":                 true,
		"-a":                           true,
		"...a":                         true,
		".":                            false,
		"a/b":                          false,
		"a\\b":                         false,
		"a%2Fb":                        false,
		"a b":                          false,
		"a?b":                          false,
		"a#b":                          false,
		"a\x1bb":                       false,
		"a\u0085b":                     false,
	} {
		if got := InstanceName(name) == ""; got != ok {
			t.Errorf("InstanceName(%q) valid = %v, want %v (%s)", name, got, ok, InstanceName(name))
		}
	}
}
