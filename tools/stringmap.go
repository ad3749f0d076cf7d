package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// stringMap decodes a JSON object of strings (tags, secrets) without losing or changing
// anything the caller sent, where encoding/json would: it stores a null value as "", keeps only
// the last of a key given twice, and names the map, not the key, of a value that is not a string.
// Here a value that is not a string is refused naming its key (tags.team), as is a key given
// twice; a null value is refused too unless nullOK, when it comes back as nil for the caller
// to judge. The caller handles null for the whole map ("not given").
func stringMap(b []byte, nullOK bool) (map[string]*string, error) {
	return keyedStringMap(b, nullOK, nil)
}

// keyedStringMap is stringMap refusing each key checkKey refuses (a tag key), as it is read:
// before its value, whose own refusal would name the key unescaped (tags.KEY).
func keyedStringMap(b []byte, nullOK bool, checkKey func(string) string) (map[string]*string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		var m map[string]string // not an object: encoding/json says what it is
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		return nil, &json.UnmarshalTypeError{Value: "value", Type: reflect.TypeFor[map[string]string]()}
	}
	out := map[string]*string{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if checkKey != nil {
			if msg := checkKey(key); msg != "" {
				return nil, errors.New(msg)
			}
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if _, twice := out[key]; twice {
			return nil, errors.New(present.ArgKeyTwice(key))
		}
		if bytes.Equal(raw, []byte("null")) {
			if !nullOK {
				return nil, &json.UnmarshalTypeError{Value: "null", Type: reflect.TypeFor[string](), Field: key}
			}
			out[key] = nil
			continue
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				typeErr.Field = key
			}
			return nil, err
		}
		out[key] = &s
	}
	return out, nil
}
