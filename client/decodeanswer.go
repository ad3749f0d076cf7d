package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"sync"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
)

// decodeAnswer reads a whole answer into out as a json.Decoder with UseNumber does, refusing
// data after the value (answerwords.TrailingData). UseNumber only changes what an interface
// value receives, so an out without one anywhere is read by json.Unmarshal straight from the
// bytes already read: a Decoder copies them into its own buffer, grown from 512 bytes, per
// answer. Any syntax error (trailing data included) is read again by the Decoder, so the
// error, and a mistyped field found before it, stay what they were.
func decodeAnswer(body []byte, out any) error {
	if !holdsInterface(reflect.TypeOf(out)) {
		err := json.Unmarshal(body, out)
		if _, syntax := err.(*json.SyntaxError); !syntax { // Unmarshal's own, never wrapped
			return err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(out)
	if _, trailing := dec.Token(); err == nil && !errors.Is(trailing, io.EOF) {
		err = errors.New(answerwords.TrailingData)
	}
	return err
}

// interfaceHeld remembers holdsInterface per type.
var interfaceHeld sync.Map // reflect.Type → bool

// holdsInterface reports whether a value of t can hold an interface value anywhere (where
// UseNumber would make a number a json.Number); true for nil.
func holdsInterface(t reflect.Type) bool {
	if t == nil {
		return true
	}
	if v, ok := interfaceHeld.Load(t); ok {
		return v.(bool)
	}
	held := holdsInterfaceIn(t, map[reflect.Type]bool{})
	interfaceHeld.Store(t, held)
	return held
}

func holdsInterfaceIn(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsInterfaceIn(t.Elem(), seen)
	case reflect.Map:
		return holdsInterfaceIn(t.Key(), seen) || holdsInterfaceIn(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsInterfaceIn(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
