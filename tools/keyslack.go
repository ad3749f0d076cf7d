package tools

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
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

// fieldNamesOf caches jsonNames by type.
var fieldNamesOf sync.Map // reflect.Type → map[string]bool

// jsonNames is the JSON names of the fields of the structs in t and in the types it holds
// (embedded structs' fields included), as encoding/json writes them.
func jsonNames(t reflect.Type) map[string]bool {
	if t == nil {
		return nil
	}
	if names, ok := fieldNamesOf.Load(t); ok {
		return names.(map[string]bool)
	}
	names := map[string]bool{}
	addFieldNames(t, names, map[reflect.Type]bool{})
	fieldNamesOf.Store(t, names)
	return names
}

func addFieldNames(t reflect.Type, names map[string]bool, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			addFieldNames(f.Type, names, seen)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
		addFieldNames(f.Type, names, seen)
	}
}
