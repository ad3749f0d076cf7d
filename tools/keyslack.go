package tools

import (
	"encoding/json"
	"reflect"
	"sync"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/jsonfields"
)

// keySlack is how much less than their bytes the field names of a measured result's
// structured content weigh against the budget. The budget's byte model (present.ResultBytes)
// takes the server's own text at 1.5 bytes a token, the densest it writes (timestamps, hex
// IDs); a field name the server writes — the JSON name of a field of the Go types of the
// structured content, with its quotes and colon — measures 3 bytes a token or more in o200k
// (most cost 1 or 2 tokens after the `","` before them: TestR43ListsKeySlackHolds), so each
// weighs half its bytes. A key of the API's (a map's) that happens to be such a name is the
// same text, and weighs the same. Keys the API names otherwise are not counted.
func keySlack(res *Result) int {
	if res.Structured == nil || res.structuredJSON == nil {
		return 0
	}
	names := jsonNames(reflect.TypeOf(res.Structured))
	if len(names) == 0 {
		return 0
	}
	var v any
	if json.Unmarshal(res.structuredJSON, &v) != nil {
		return 0
	}
	return keyBytes(v, names) / 2
}

// keyBytes is the bytes of the object keys in v (decoded JSON) that are among names, each with
// its quotes and colon.
func keyBytes(v any, names map[string]bool) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if names[k] {
				n += len(k) + len(`"":`)
			}
			n += keyBytes(e, names)
		}
	case []any:
		for _, e := range v {
			n += keyBytes(e, names)
		}
	}
	return n
}

// namesOf caches jsonfields.Names by type.
var namesOf sync.Map // reflect.Type → map[string]bool

// jsonNames is the JSON names of the fields of the structs in t and in the types it holds
// (embedded structs' fields included), as encoding/json writes them.
func jsonNames(t reflect.Type) map[string]bool {
	if t == nil {
		return nil
	}
	if names, ok := namesOf.Load(t); ok {
		return names.(map[string]bool)
	}
	names := jsonfields.Names(t)
	namesOf.Store(t, names)
	return names
}
