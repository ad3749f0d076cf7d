// Package jsonfields says which fields of a struct type encoding/json reads and writes, and by
// which names: the one place the client's answer scan and the tools' token budget learn them.
package jsonfields

import (
	"reflect"
	"strings"
	"sync"
)

// Field is a field encoding/json fills or writes: its JSON name and Go type.
type Field struct {
	Name string
	Type reflect.Type
}

var fieldsOf sync.Map // reflect.Type → []Field

// Of is the fields of struct type t (or a pointer to one) as encoding/json sees them: a field
// tagged "-" and an unexported one are left out, a tag's name wins over the Go name, and the
// fields of an embedded untagged struct are promoted after t's own (as they are shadowed by
// them). Nil for a type that is no struct.
func Of(t reflect.Type) []Field {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	if f, ok := fieldsOf.Load(t); ok {
		return f.([]Field)
	}
	var fields, promoted []Field
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if et := f.Type; et.Kind() == reflect.Struct || et.Kind() == reflect.Pointer && et.Elem().Kind() == reflect.Struct {
				promoted = append(promoted, Of(et)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields = append(fields, Field{Name: name, Type: f.Type})
	}
	fields = append(fields, promoted...)
	fieldsOf.Store(t, fields)
	return fields
}

// Names is the JSON names of the fields of every struct t holds — t itself, its fields' types,
// and the elements of its pointers, slices, arrays and maps, to any depth.
func Names(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	if t != nil {
		addNames(t, names, map[reflect.Type]bool{})
	}
	return names
}

func addNames(t reflect.Type, names map[string]bool, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if seen[t] {
		return
	}
	seen[t] = true
	for _, f := range Of(t) {
		names[f.Name] = true
		addNames(f.Type, names, seen)
	}
}
