package rules

import (
	"maps"
	"slices"
	"testing"
)

// TestR72Perf3GrantsAsGrantedScopes: Grants answers as GrantedScopes' set does, for every
// known scope and an unknown one, held alone, in pairs and not at all, and allocates nothing.
func TestR72Perf3GrantsAsGrantedScopes(t *testing.T) {
	known := slices.Sorted(maps.Keys(ScopeImplications))
	for _, implied := range ScopeImplications {
		known = append(known, implied...)
	}
	slices.Sort(known)
	known = append(slices.Compact(known), "no:such")
	sets := [][]string{nil}
	for i, a := range known {
		sets = append(sets, []string{a})
		for _, b := range known[i+1:] {
			sets = append(sets, []string{a, b})
		}
	}
	for _, held := range sets {
		granted := GrantedScopes(held)
		for _, scope := range known {
			if got := Grants(held, scope); got != granted[scope] {
				t.Errorf("Grants(%q, %q) = %v, GrantedScopes says %v", held, scope, got, granted[scope])
			}
		}
	}
	if n := testing.AllocsPerRun(100, func() { Grants([]string{known[0], known[1]}, "no:such") }); n != 0 {
		t.Errorf("Grants made %.0f allocations, want none", n)
	}
}

// TestR72Perf3GrantsEndsOnACycle: a table whose implications run in a circle (none does
// today) still gets an answer.
func TestR72Perf3GrantsEndsOnACycle(t *testing.T) {
	saved := ScopeImplications
	defer func() { ScopeImplications = saved }()
	ScopeImplications = map[string][]string{"a": {"b"}, "b": {"c"}, "c": {"a"}}
	if !Grants([]string{"a"}, "c") || Grants([]string{"a"}, "d") {
		t.Error("Grants on a cyclic table: a should grant c and not d")
	}
}
