package client

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/jsonfields"
)

// Repeated is a name an object of an answer gives twice with different values ({"status":
// "failed", …, "status":"succeeded"}). JSON leaves such an object's meaning open (RFC 8259 §4:
// parsers differ; Go's keeps the last), so which value the API meant is not known. First and
// Then are the two values as written (the API's text: redacted and shortened when shown).
// Also is the second name as written when it is spelled otherwise than Field ("status" and
// "STATUS"): Go's decoder reads a name into a field whatever its case (and folds ſ to s, K to
// k), so two such names fill one field, the last winning, where a case-sensitive reader sees
// two names and the documented one only once.
type Repeated struct {
	Field, First, Then string
	Also               string
}

// maxRepeated bounds the repeats an answer reports.
const maxRepeated = 3

// scannedKey is a name of an object being scanned, by its span in the body (or, written with
// escapes, its decoded text) and its value's span.
type scannedKey struct {
	name             []byte
	valueFrom, until int // the value's span; until 0 while it is being read
	field            int // the Go field of its object's struct it decodes into; -1 for none
	typ              reflect.Type
}

// scanFrame is an object or array being scanned. An object's keys are keys[from:] of the scan:
// the keys of every open object share one stack, an inner object's above its parent's.
type scanFrame struct {
	object  bool
	wantKey bool
	from    int
	index   map[string]int // the keys' positions (from 0), once an object has many (beyond 16)
	typ     reflect.Type   // the Go type it decodes into: a struct, map, slice or array; nil if not known
}

// answerKeys scans a JSON answer (already decoded into a value of type shape, so well formed)
// for names an object gives twice with different values (at most maxRepeated) — or, in an
// object decoded into a struct, two names that fill one field (Repeated.Also) — and says
// whether its top-level object has a non-empty string "error" (the API's error envelope)
// besides. One pass, no decoding, and no allocation for an answer of up to 8 levels and 64
// open names: cheap beside the decode.
func answerKeys(body []byte, shape reflect.Type) (repeated []Repeated, topError bool) {
	var frameBuf [8]scanFrame
	var keyBuf [64]scannedKey
	frames, keys := frameBuf[:0], keyBuf[:0]
	// settle ends the value of the innermost object's last key at i and compares it with an
	// earlier one of the same name.
	settle := func(i int) {
		f := &frames[len(frames)-1]
		own := keys[f.from:]
		n := len(own)
		if n == 0 || own[n-1].until != 0 {
			return
		}
		k := &own[n-1]
		k.until = i
		value := bytes.TrimSpace(body[k.valueFrom:k.until])
		if len(frames) == 1 && string(k.name) == "error" && len(value) > 2 && value[0] == '"' {
			topError = true
		}
		earlier := -1
		if f.index != nil {
			if at, ok := f.index[indexKey(k)]; ok {
				earlier = at
			} else {
				f.index[indexKey(k)] = n - 1
			}
		} else {
			for j := range n - 1 {
				if k.field >= 0 && own[j].field == k.field || bytes.Equal(own[j].name, k.name) {
					earlier = j
					break
				}
			}
			if n > 16 {
				f.index = make(map[string]int, n)
				for j := range n {
					if _, ok := f.index[indexKey(&own[j])]; !ok {
						f.index[indexKey(&own[j])] = j
					}
				}
			}
		}
		if earlier >= 0 && len(repeated) < maxRepeated {
			first := bytes.TrimSpace(body[own[earlier].valueFrom:own[earlier].until])
			if !bytes.Equal(first, value) {
				r := Repeated{Field: string(own[earlier].name), First: string(first), Then: string(value)}
				if !bytes.Equal(own[earlier].name, k.name) {
					r.Also = string(k.name)
				}
				repeated = append(repeated, r)
			}
		}
	}
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '"':
			start := i + 1
			escaped := false
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' {
					escaped = true
					i++
				}
			}
			if n := len(frames); n > 0 && frames[n-1].object && frames[n-1].wantKey {
				name := body[start:min(i, len(body))]
				if escaped {
					var s string
					if json.Unmarshal(body[start-1:min(i+1, len(body))], &s) == nil {
						name = []byte(s)
					}
				}
				key := scannedKey{name: name, field: -1}
				if t := frames[n-1].typ; t != nil {
					if t.Kind() == reflect.Map {
						key.typ = t.Elem()
					} else if fields := jsonfields.Of(t); len(fields) > 0 {
						key.field = fieldOf(fields, name)
						if key.field >= 0 {
							key.typ = fields[key.field].Type
						}
					}
				}
				keys = append(keys, key)
				frames[n-1].wantKey = false
			}
		case ':':
			if n := len(frames); n > 0 && frames[n-1].object && len(keys) > frames[n-1].from {
				keys[len(keys)-1].valueFrom = i + 1
			}
		case '{', '[':
			t := shape
			if n := len(frames); n > 0 {
				if t = nil; frames[n-1].object && len(keys) > frames[n-1].from {
					t = keys[len(keys)-1].typ
				} else if !frames[n-1].object && frames[n-1].typ != nil {
					t = frames[n-1].typ.Elem()
				}
			}
			frames = append(frames, scanFrame{object: c == '{', wantKey: c == '{', from: len(keys), typ: framed(t, c == '{')})
		case ',':
			if n := len(frames); n > 0 && frames[n-1].object {
				settle(i)
				frames[n-1].wantKey = true
			}
		case '}', ']':
			if n := len(frames); n > 0 {
				if frames[n-1].object {
					settle(i)
				}
				keys = keys[:frames[n-1].from]
				frames = frames[:n-1]
			}
		}
	}
	return repeated, topError
}

// indexKey is k's key in its object's index: the Go field it fills, else its name.
func indexKey(k *scannedKey) string {
	if k.field >= 0 {
		return "\x00" + strconv.Itoa(k.field)
	}
	return string(k.name)
}

// orgListShape is what a bare array read as an orgList holds (orgList.UnmarshalJSON).
var orgListShape, orgsShape = reflect.TypeFor[orgList](), reflect.TypeFor[[]Org]()

// framed is the type an object (or array) decoded into t is scanned as: a struct or map for an
// object, a slice or array for an array; nil when not known (any, or a custom decoding).
func framed(t reflect.Type, object bool) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == nil:
		return nil
	case object && (t.Kind() == reflect.Struct || t.Kind() == reflect.Map && t.Key().Kind() == reflect.String):
		return t
	case !object && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		return t
	case !object && t == orgListShape:
		return orgsShape
	}
	return nil
}

// fieldOf is the index in fields of the one encoding/json fills with a value named name: the
// field of that name, else the first whose name folds as name does (-1 for none).
func fieldOf(fields []jsonfields.Field, name []byte) int {
	for i := range fields {
		if fields[i].Name == string(name) {
			return i
		}
	}
	for i := range fields {
		if foldEqual(fields[i].Name, name) {
			return i
		}
	}
	return -1
}

// foldEqual says whether a and b are one name to encoding/json's matching of names to fields:
// ASCII letters of either case alike, any other rune as unicode.ToUpper(unicode.ToLower(r)).
func foldEqual(a string, b []byte) bool {
	for len(a) > 0 && len(b) > 0 {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRune(b)
		if foldedRune(ra) != foldedRune(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) == 0 && len(b) == 0
}

func foldedRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	return unicode.ToUpper(unicode.ToLower(r))
}
