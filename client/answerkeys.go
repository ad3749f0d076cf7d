package client

import (
	"bytes"
	"encoding/json"
)

// Repeated is a name an object of an answer gives twice with different values ({"status":
// "failed", …, "status":"succeeded"}). JSON leaves such an object's meaning open (RFC 8259 §4:
// parsers differ; Go's keeps the last), so which value the API meant is not known. First and
// Then are the two values as written (the API's text: redacted and shortened when shown).
type Repeated struct {
	Field, First, Then string
}

// maxRepeated bounds the repeats an answer reports.
const maxRepeated = 3

// scannedKey is a name of an object being scanned, by its span in the body (or, written with
// escapes, its decoded text) and its value's span.
type scannedKey struct {
	name             []byte
	valueFrom, until int // the value's span; until 0 while it is being read
}

// scanFrame is an object or array being scanned.
type scanFrame struct {
	object  bool
	wantKey bool
	keys    []scannedKey
	index   map[string]int // the keys' positions, once an object has many (keys beyond 16)
	depth   int
}

// answerKeys scans a JSON answer (already decoded, so well formed) for names an object gives
// twice with different values (at most maxRepeated), and says whether its top-level object has
// a non-empty string "error" (the API's error envelope) besides. One pass, no decoding: cheap
// beside the decode.
func answerKeys(body []byte) (repeated []Repeated, topError bool) {
	var frames []scanFrame
	var pool [][]scannedKey // keys slices of popped frames, reused
	push := func(object bool) {
		f := scanFrame{object: object, wantKey: object, depth: len(frames) + 1}
		if n := len(pool); object && n > 0 {
			f.keys, pool = pool[n-1][:0], pool[:n-1]
		}
		frames = append(frames, f)
	}
	// settle ends the value of the object's last key at i and compares it with an earlier one
	// of the same name.
	settle := func(f *scanFrame, i int) {
		n := len(f.keys)
		if n == 0 || f.keys[n-1].until != 0 {
			return
		}
		k := &f.keys[n-1]
		k.until = i
		value := bytes.TrimSpace(body[k.valueFrom:k.until])
		if f.depth == 1 && string(k.name) == "error" && len(value) > 2 && value[0] == '"' {
			topError = true
		}
		earlier := -1
		if f.index != nil {
			if at, ok := f.index[string(k.name)]; ok {
				earlier = at
			} else {
				f.index[string(k.name)] = n - 1
			}
		} else {
			for j := range n - 1 {
				if bytes.Equal(f.keys[j].name, k.name) {
					earlier = j
					break
				}
			}
			if n > 16 {
				f.index = make(map[string]int, n)
				for j := range n {
					if _, ok := f.index[string(f.keys[j].name)]; !ok {
						f.index[string(f.keys[j].name)] = j
					}
				}
			}
		}
		if earlier >= 0 && len(repeated) < maxRepeated {
			first := bytes.TrimSpace(body[f.keys[earlier].valueFrom:f.keys[earlier].until])
			if !bytes.Equal(first, value) {
				repeated = append(repeated, Repeated{Field: string(k.name), First: string(first), Then: string(value)})
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
				f := &frames[n-1]
				name := body[start:min(i, len(body))]
				if escaped {
					var s string
					if json.Unmarshal(body[start-1:min(i+1, len(body))], &s) == nil {
						name = []byte(s)
					}
				}
				f.keys = append(f.keys, scannedKey{name: name})
				f.wantKey = false
			}
		case ':':
			if n := len(frames); n > 0 && frames[n-1].object && len(frames[n-1].keys) > 0 {
				frames[n-1].keys[len(frames[n-1].keys)-1].valueFrom = i + 1
			}
		case '{', '[':
			push(c == '{')
		case ',':
			if n := len(frames); n > 0 && frames[n-1].object {
				settle(&frames[n-1], i)
				frames[n-1].wantKey = true
			}
		case '}', ']':
			if n := len(frames); n > 0 {
				if frames[n-1].object {
					settle(&frames[n-1], i)
					pool = append(pool, frames[n-1].keys)
				}
				frames = frames[:n-1]
			}
		}
	}
	return repeated, topError
}
