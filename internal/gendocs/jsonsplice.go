package gendocs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// The JSON files are edited by splicing: only the bytes of the generated values are replaced, so
// every other key, the key order and the hand-chosen layout (one-line objects, inline arrays)
// stay exactly as they are.

// jsonPath addresses a value: object keys (string) and array indexes (int).
type jsonPath []any

func (p jsonPath) String() string {
	var b strings.Builder
	for _, e := range p {
		switch e := e.(type) {
		case string:
			b.WriteString("." + e)
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		}
	}
	return b.String()
}

// valueSpan returns the byte range of the value at path in src.
func valueSpan(src []byte, path jsonPath) (start, end int, err error) {
	if len(path) == 0 {
		return 0, 0, errors.New("empty path")
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	for depth, want := range path {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", path[:depth], err)
		}
		open, _ := tok.(json.Delim)
		found := false
		for i := 0; dec.More(); i++ {
			switch open {
			case '{':
				key, err := dec.Token()
				if err != nil {
					return 0, 0, fmt.Errorf("%s: %w", path[:depth], err)
				}
				found = key == want
			case '[':
				found = i == want
			default:
				return 0, 0, fmt.Errorf("%s is not an object or array", path[:depth])
			}
			if found {
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0, 0, fmt.Errorf("%s: %w", path[:depth], err)
			}
		}
		if !found {
			return 0, 0, fmt.Errorf("%s not found", path[:depth+1])
		}
	}
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	end = int(dec.InputOffset())
	start = end - len(raw)
	if start < 0 || !bytes.Equal(src[start:end], raw) {
		return 0, 0, fmt.Errorf("%s: cannot locate the value's bytes", path)
	}
	return start, end, nil
}

// splice replaces the value at path with the output of value, which gets the indentation of the
// line the value starts on (for multi-line values). The result must still be valid JSON, and
// nothing but the value at path may differ.
func splice(src []byte, path jsonPath, value func(indent string) string) ([]byte, error) {
	start, end, err := valueSpan(src, path)
	if err != nil {
		return nil, err
	}
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	indent := src[lineStart:start]
	indent = indent[:len(indent)-len(bytes.TrimLeft(indent, " \t"))]

	out := make([]byte, 0, len(src))
	out = append(out, src[:start]...)
	out = append(out, value(string(indent))...)
	out = append(out, src[end:]...)
	if err := sameOutside(src, out, path); err != nil {
		return nil, err
	}
	return out, nil
}

// sameOutside checks that after is valid JSON equal to before except at path.
func sameOutside(before, after []byte, path jsonPath) error {
	a, err := decodeAny(before)
	if err != nil {
		return err
	}
	b, err := decodeAny(after)
	if err != nil {
		return fmt.Errorf("generated %s makes invalid JSON: %w", path, err)
	}
	a, b = clearAt(a, path), clearAt(b, path)
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("replacing %s changed more than that value", path)
	}
	return nil
}

// decodeAny decodes exactly one JSON document (numbers kept as written).
func decodeAny(src []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the top-level value")
	}
	return v, nil
}

// clearAt returns v with the value at path set to nil (v is modified).
func clearAt(v any, path jsonPath) any {
	if len(path) == 0 {
		return nil
	}
	switch c := v.(type) {
	case map[string]any:
		if k, ok := path[0].(string); ok {
			if _, exists := c[k]; exists {
				c[k] = clearAt(c[k], path[1:])
			}
		}
	case []any:
		if i, ok := path[0].(int); ok && i < len(c) {
			c[i] = clearAt(c[i], path[1:])
		}
	}
	return v
}

// jsonString encodes s as a JSON string, leaving <, > and & readable.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a string always encodes
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonStrings encodes ss as a one-line JSON array: ["a", "b"].
func jsonStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsonString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
