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

// scanFrame is an object or array being scanned. An object's keys are keys[from:] of the scan:
// the keys of every open object share one stack, an inner object's above its parent's.
type scanFrame struct {
	object  bool
	wantKey bool
	from    int
	index   map[string]int // the keys' positions (from 0), once an object has many (beyond 16)
}

// answerKeys scans a JSON answer (already decoded, so well formed) for names an object gives
// twice with different values (at most maxRepeated), and says whether its top-level object has
// a non-empty string "error" (the API's error envelope) besides. One pass, no decoding, and no
// allocation for an answer of up to 8 levels and 64 open names: cheap beside the decode.
func answerKeys(body []byte) (repeated []Repeated, topError bool) {
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
			if at, ok := f.index[string(k.name)]; ok {
				earlier = at
			} else {
				f.index[string(k.name)] = n - 1
			}
		} else {
			for j := range n - 1 {
				if bytes.Equal(own[j].name, k.name) {
					earlier = j
					break
				}
			}
			if n > 16 {
				f.index = make(map[string]int, n)
				for j := range n {
					if _, ok := f.index[string(own[j].name)]; !ok {
						f.index[string(own[j].name)] = j
					}
				}
			}
		}
		if earlier >= 0 && len(repeated) < maxRepeated {
			first := bytes.TrimSpace(body[own[earlier].valueFrom:own[earlier].until])
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
				name := body[start:min(i, len(body))]
				if escaped {
					var s string
					if json.Unmarshal(body[start-1:min(i+1, len(body))], &s) == nil {
						name = []byte(s)
					}
				}
				keys = append(keys, scannedKey{name: name})
				frames[n-1].wantKey = false
			}
		case ':':
			if n := len(frames); n > 0 && frames[n-1].object && len(keys) > frames[n-1].from {
				keys[len(keys)-1].valueFrom = i + 1
			}
		case '{', '[':
			frames = append(frames, scanFrame{object: c == '{', wantKey: c == '{', from: len(keys)})
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
