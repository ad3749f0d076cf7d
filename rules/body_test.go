package rules

import (
	"strings"
	"testing"
)

// TestBodySizeNamesTheLargestField: a body over BodyMaxBytes as sent is refused naming its
// largest field and the limit (the client checks it before sending), so a request the client
// considers valid, such as a spicepod at its own limit with a 70 KB description, never meets
// the emulator's body limit, "Request body too large", naming no field.
func TestBodySizeNamesTheLargestField(t *testing.T) {
	const head = "version: v1\nkind: Spicepod\nname: t\ns: "
	fits := head + strings.Repeat("y", SpicepodMaxBytes-len(head)-1-2-4) + "\n" // SpicepodMaxBytes as JSON
	for _, tc := range []struct {
		req   map[string]any
		field string
		want  []string
	}{
		{map[string]any{"spicepod": fits, "description": strings.Repeat("d", 70_000)}, "spicepod",
			[]string{"Request body too large: 1,118,606 bytes as sent (JSON); at most 1,114,112 (1 MiB + 64 KiB)", "spicepod 1,048,576 bytes, description 70,002 bytes"}},
		{map[string]any{"description": strings.Repeat("d", SpicepodMaxBytes+70_000), "name": "abcd"}, "description",
			[]string{"description 1,118,578 bytes, name 6 bytes"}},
		{map[string]any{"description": strings.Repeat("<", BodyMaxBytes)}, "description", []string{"description 1,114,114 bytes"}},
	} {
		body, err := EncodeJSON(tc.req)
		if err != nil {
			t.Fatal(err)
		}
		field, msg := BodySize(body)
		if field != tc.field {
			t.Errorf("field %q, want %q (%s)", field, tc.field, msg)
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q lacks %q", msg, w)
			}
		}
	}
	for _, req := range []map[string]any{
		{"spicepod": fits, "description": strings.Repeat("d", 65_000)},
		{"description": strings.Repeat("<", BodyMaxBytes-len(`{"description":""}`))}, // < is one byte as sent
	} {
		body, _ := EncodeJSON(req)
		if field, msg := BodySize(body); msg != "" || len(body) > BodyMaxBytes {
			t.Errorf("%d bytes: %s %q", len(body), field, msg)
		}
	}
}
