package jsonfields

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

type Inner struct {
	Shared string `json:"shared"`
	Deep   string `json:"deep"`
}

type Named string

type node struct {
	Next *node `json:"next"`
}

type outer struct {
	ID       string `json:"id"`
	Skipped  string `json:"-"`
	hidden   string
	Plain    int
	Opt      string `json:"opt,omitempty"`
	Shared   string `json:"shared"` // shadows Inner's
	Kids     []Inner
	ByName   map[string]*node `json:"by_name"`
	Tagged   Inner            `json:"tagged"`
	Inner                     // promoted: deep (shared is shadowed)
	*Pointed                  // promoted through a pointer
	Named                     // an embedded non-struct: a field named Named
}

type Pointed struct {
	Far string `json:"far"`
}

func names(fs []Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

// TestOfIsWhatEncodingJSONWrites: Of's names, own fields first, are the keys encoding/json writes
// for the type (a promoted name shadowed by an own one is listed after it, and written once).
func TestOfIsWhatEncodingJSONWrites(t *testing.T) {
	got := names(Of(reflect.TypeFor[*outer]()))
	want := []string{"id", "Plain", "opt", "shared", "Kids", "by_name", "tagged", "Named", "shared", "deep", "far"}
	if !slices.Equal(got, want) {
		t.Fatalf("Of(outer) = %q, want %q", got, want)
	}
	b, err := json.Marshal(outer{Opt: "x", Pointed: &Pointed{}})
	if err != nil {
		t.Fatal(err)
	}
	var written map[string]any
	if err := json.Unmarshal(b, &written); err != nil {
		t.Fatal(err)
	}
	for _, n := range got {
		if _, ok := written[n]; !ok {
			t.Errorf("Of names %q, which encoding/json does not write: %s", n, b)
		}
	}
	for n := range written {
		if !slices.Contains(got, n) {
			t.Errorf("encoding/json writes %q, which Of leaves out", n)
		}
	}
	if Of(reflect.TypeFor[string]()) != nil || Of(nil) != nil {
		t.Error("Of of a type that is no struct must be nil")
	}
}

// TestNamesReachEveryHeldStruct: Names goes through slices, maps, pointers and embedded structs,
// and ends on a type that holds itself.
func TestNamesReachEveryHeldStruct(t *testing.T) {
	got := Names(reflect.TypeFor[[]outer]())
	for _, n := range []string{"id", "Plain", "opt", "shared", "deep", "far", "next", "by_name", "tagged", "Kids", "Named"} {
		if !got[n] {
			t.Errorf("Names misses %q: %v", n, got)
		}
	}
	for _, n := range []string{"Skipped", "-", "hidden", "Inner", "Pointed"} {
		if got[n] {
			t.Errorf("Names holds %q, which encoding/json never writes", n)
		}
	}
	if len(Names(nil)) != 0 {
		t.Error("Names(nil) must be empty")
	}
}
