package mcpserver

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestR58Determinism2FoldedMemberIsTheOneDecoded: typeErrorAt names the type of the member
// encoding/json failed on where several match a field whatever their case ("Name" and "NAME"
// for name, neither exact): the decoder takes them all in the order given and reports the
// first that does not decode. memberFolded picked one in a map's random order ("number" or
// "array" by turns), and preferred the exact match even when it decoded and a folded one
// before it did not. (The refusal of names given twice leaves one match in requests today:
// this holds the function to the decoder's rule on its own.)
func TestR58Determinism2FoldedMemberIsTheOneDecoded(t *testing.T) {
	cases := []struct{ params, where, got string }{
		{`{"Name":5,"NAME":[5]}`, ".name", "number"},
		{`{"NAME":[5],"Name":5}`, ".name", "array"},
		{`{"Name":"whoami","NAME":true}`, ".name", "boolean"},
		{`{"NAME":5,"name":"whoami"}`, ".name", "number"},
		{`{"name":"whoami","NAME":5}`, ".name", "number"},
		{`{"name":"whoami","_META":{},"_Meta":[5]}`, "._meta", "array"},
	}
	root := reflect.TypeFor[mcp.CallToolRequest]()
	for _, tc := range cases {
		msg := json.RawMessage(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":` + tc.params + `}`)
		var typeErr *json.UnmarshalTypeError
		if !errors.As(json.Unmarshal(msg, reflect.New(root).Interface()), &typeErr) {
			t.Fatalf("%s: encoding/json took it", tc.params)
		}
		// a map's order picked either member: 64 rounds agreeing by chance is 1 in 2^63
		for round := range 64 {
			where, got := typeErrorAt(msg, root, typeErr)
			if where != ".params"+tc.where || got != tc.got {
				t.Fatalf("round %d: %s: got %q, %q; want %q, %q (encoding/json: %v)", round, tc.params, where, got, ".params"+tc.where, tc.got, typeErr)
			}
		}
	}
}
