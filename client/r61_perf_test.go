package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// r61PerfProjects is a list answer of n projects, as GET /v1/projects writes it.
func r61PerfProjects(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"projects":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"app-%d","visibility":"private","tags":{"team":"a\"b{"},"region":"us-east-1"}`, i+1, i)
	}
	b.WriteString(`],"total":` + fmt.Sprint(n) + `}`)
	return []byte(b.String())
}

// TestR61PerfMissingFieldsAllocatesNothing: checking that a list answer holds its list reads the
// top-level names and allocates nothing; decoding the whole answer again into a map copied
// every value, the list included (3 % of the server's CPU per list_apps call over HTTP).
func TestR61PerfMissingFieldsAllocatesNothing(t *testing.T) {
	body := r61PerfProjects(100)
	fields := []string{"projects"}
	var missing []string
	allocs := testing.AllocsPerRun(20, func() { missing = missingFields(body, fields) })
	if allocs != 0 || missing != nil {
		t.Errorf("missingFields of a %d-byte list answer: %.0f allocations, missing %q; want none", len(body), allocs, missing)
	}
}

// r61PerfMissingByMap is what missingFields answered when it decoded the body into a map: the
// oracle the scan is held to.
func r61PerfMissingByMap(body []byte, fields []string) []string {
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(body, &raw)
	var missing []string
	for _, f := range fields {
		v := string(bytes.TrimSpace(raw[f]))
		isID := f == "id" || strings.HasSuffix(f, "_id")
		if v == "" || v == "null" || v == `""` || (isID && v == "0") {
			missing = append(missing, f)
		}
	}
	return missing
}

// TestR61PerfMissingFieldsAsAMapReadsThem: the scan finds what decoding into a map found, for
// names written with escapes, given twice (the last counts), inside nested values or strings
// (which do not count), with odd spacing, and for answers that are not objects.
func TestR61PerfMissingFieldsAsAMapReadsThem(t *testing.T) {
	fields := []string{"id", "name", "app_id", "projects", "ns"}
	bodies := []string{
		`{"id":1,"name":"a","app_id":2,"projects":[],"ns":"x"}`,
		` { "id" : 0 , "name" : "" , "app_id" : null , "projects" : [ ] } `,
		"{\n\t\"id\"\r\n:\t7\n,\"name\":\"x\"}",
		`{"\u0069d":5,"n\u0061me":"a\"b","app_id":"0"}`,
		`{"id":1,"id":0,"name":"a","name":null}`,
		`{"id":0,"id":3}`,
		`{"x":{"id":1,"name":"n"},"y":["id","name",{"app_id":4}]}`,
		`{"x":"{\"id\":1}","y":"\\","id":"\\\"","name":"}"}`,
		`{"projects":[{"id":1}],"projects":null}`,
		`{"projects":{"a":[1,{"b":"]"}]},"id":-0,"name":"é"}`,
		`{"id":1e0,"name":true,"app_id":false,"ns":{}}`,
		`{}`, `[]`, `[{"id":1}]`, `"id"`, `12`, `true`,
		`{"id\\":1,"name\"":2}`,
		`{"` + "\xff" + `":1,"id":"\ud800"}`,
		string(r61PerfProjects(3)),
	}
	rng := rand.New(rand.NewPCG(61, 61))
	for range 2000 {
		bodies = append(bodies, r61PerfRandomObject(rng, fields, 0))
	}
	for _, body := range bodies {
		if !json.Valid([]byte(body)) {
			t.Fatalf("not JSON: %s", body)
		}
		got, want := missingFields([]byte(body), fields), r61PerfMissingByMap([]byte(body), fields)
		if !slices.Equal(got, want) {
			t.Errorf("missingFields(%s) = %q; decoding into a map: %q", body, got, want)
		}
	}
}

// r61PerfRandomObject is a JSON object of some of names (and others), spelled at times with
// escapes, with values of every kind, nested up to three levels.
func r61PerfRandomObject(rng *rand.Rand, names []string, depth int) string {
	space := func() string { return []string{"", " ", "\n\t", "\r\n "}[rng.IntN(4)] }
	value := func() string {
		switch k := rng.IntN(9); {
		case k == 0 && depth < 3:
			return r61PerfRandomObject(rng, names, depth+1)
		case k == 1 && depth < 3:
			return "[" + space() + r61PerfRandomObject(rng, names, depth+1) + "," + space() + `"x"` + space() + "]"
		default:
			return []string{`0`, `-0`, `1`, `1.5e3`, `null`, `""`, `"0"`, `"a\"}]"`, `"\\"`, `true`, `[]`, `{}`, `"\u0030"`}[rng.IntN(13)]
		}
	}
	var b strings.Builder
	b.WriteString("{" + space())
	for i := range rng.IntN(6) {
		if i > 0 {
			b.WriteString("," + space())
		}
		name := names[rng.IntN(len(names))]
		switch rng.IntN(5) {
		case 0:
			name = `\u00` + fmt.Sprintf("%x", name[0]) + name[1:]
		case 1:
			name = "other"
		}
		b.WriteString(`"` + name + `"` + space() + ":" + space() + value() + space())
	}
	b.WriteString("}")
	return b.String()
}
