package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"mime"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Form-level messages for bodies that are not a JSON object at all.
const (
	malformedJSON   = "Malformed JSON body"
	bodyTooLarge    = "Request body too large"
	expectedInteger = "Expected integer, received float"
)

// jsonBody is a request body decoded as a JSON object. Its getters check each field's type
// and record validator-style messages ("Expected string, received number") in errs, so a
// handler collects every problem of a request before answering, as Spice's validator does.
type jsonBody struct {
	fields map[string]any
	errs   rules.FieldErrors
}

// jsonBody decodes the request body. An empty body counts as an empty object (what Express'
// JSON parser hands the validator); otherwise the second result is a form-level error.
func (c *call) jsonBody() (*jsonBody, string) {
	b := &jsonBody{fields: map[string]any{}, errs: rules.FieldErrors{}}
	if c.tooLarge {
		return b, bodyTooLarge
	}
	// Express' decoder drops a leading byte order mark, as JSON allows a parser to (RFC 8259
	// §8.1): a body of a mark alone is empty.
	body := bytes.TrimPrefix(c.body, []byte("\ufeff"))
	if len(bytes.TrimSpace(body)) == 0 {
		return b, ""
	}
	// Express' JSON parser reads only application/json bodies and leaves any other unread, so
	// the request would go on without its fields; refuse it instead, naming what was sent.
	mediaType, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return b, notJSONContentType(c.r.Header.Get("Content-Type"))
	}
	// It decodes the text in the charset named (UTF-8 when none) and refuses one not spelled
	// utf-… (415, which no operation lists; "utf8" too); the emulator reads UTF-8 only and
	// refuses any other charset named, 400 (api/README §10 "Odd request bodies").
	if charset, named := params["charset"]; named && !strings.EqualFold(charset, "utf-8") {
		return b, notUTF8Charset(charset)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // keep integers exact, e.g. inside a spicepod object
	var v any
	if err := dec.Decode(&v); err != nil {
		return b, malformedJSON
	}
	// Anything after the first value but whitespace is malformed (dec.More reports false
	// before a stray ']' or '}', so ask the decoder for one more token instead).
	if _, err := dec.Token(); err != io.EOF {
		return b, malformedJSON
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return b, "Expected object, received " + rules.JSONKind(v)
	}
	b.fields = obj
	return b, ""
}

// notJSONContentType is the form-level error of a body sent as something other than JSON.
func notJSONContentType(sent string) string {
	if strings.TrimSpace(sent) == "" {
		return "Expected Content-Type application/json, received none: send the body as JSON with Content-Type: application/json"
	}
	if len(sent) > 100 { // quoted, not echoed whole
		sent = sent[:100] + "…"
	}
	return fmt.Sprintf("Expected Content-Type application/json, received %q: send the body as JSON with Content-Type: application/json", sent)
}

// notUTF8Charset is the form-level error of a JSON body sent in a charset other than UTF-8.
func notUTF8Charset(charset string) string {
	if len(charset) > 40 { // quoted, not echoed whole
		charset = charset[:40] + "…"
	}
	return fmt.Sprintf("Expected charset utf-8, received %q: send the body as UTF-8 JSON", charset)
}

func (b *jsonBody) has(key string) bool {
	_, ok := b.fields[key]
	return ok
}

func (b *jsonBody) typeError(key, want string, got any) {
	b.errs.Check(key, fmt.Sprintf("Expected %s, received %s", want, rules.JSONKind(got)))
}

// str returns the field when it is present and a string.
func (b *jsonBody) str(key string) (string, bool) {
	v, ok := b.fields[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		b.typeError(key, "string", v)
	}
	return s, ok
}

// boolean returns the field when it is present and a boolean.
func (b *jsonBody) boolean(key string) (bool, bool) {
	v, ok := b.fields[key]
	if !ok {
		return false, false
	}
	x, ok := v.(bool)
	if !ok {
		b.typeError(key, "boolean", v)
	}
	return x, ok
}

// numeric returns the field when it is present and a number, as JSON.parse reads it: a literal
// beyond float64 is ±Infinity and one nearer 0 than its least subnormal is 0; -0 is 0, as
// JSON.stringify writes it back (api/README §10 "Numbers a double cannot hold").
func (b *jsonBody) numeric(key string) (float64, bool) {
	v, ok := b.fields[key]
	if !ok {
		return 0, false
	}
	n, isNum := v.(json.Number)
	if !isNum {
		b.typeError(key, "number", v)
		return 0, false
	}
	// From its digits and exponent: strconv.ParseFloat misreads long literals ("1" and 1000
	// zeros "e-500", 1e500, as 1e299), where JSON.parse does not. A zero is 0, never -0.
	f, beyond, _ := rules.ReadNumber([]byte(n))
	if beyond {
		f = math.Inf(1)
		if n[0] == '-' {
			f = math.Inf(-1)
		}
	}
	return f, true
}

// number returns the field when it is present and a finite number. z.number() would take an
// infinite one, which JSON cannot write back: the service's schemas are assumed to refuse it
// as .finite() does, before their bounds: -1e400 on a size is refused by both, in that order,
// as zod 3 runs every check of a number (api/README §10).
func (b *jsonBody) number(key string) (float64, bool) {
	f, ok := b.numeric(key)
	if ok && math.IsInf(f, 0) {
		b.errs.Check(key, rules.NotFinite)
		if f < 0 {
			b.errs.Check(key, rules.MinZero) // every number field has minimum 0
		}
		return 0, false
	}
	return f, ok
}

// integer returns the field when it is present and a whole number; an infinite one is not
// whole (Number.isInteger, z.number().int()), as a fraction is not. rule (nil: none) is the
// field's bounds, checked as well whether it is whole or not (wholeIn).
func (b *jsonBody) integer(key string, rule func(int) string) (int, bool) {
	f, ok := b.numeric(key)
	if !ok {
		return 0, false
	}
	return wholeIn(b.errs, key, f, rule)
}

// wholeIn checks f as zod 3 checks z.number().int() with bounds: every check runs, in order,
// each adding its message, so a fraction or ±Infinity outside the bounds (-1e400 on replicas,
// 0.5, limit=1e400) gets "Expected integer, received float" and then the bounds' message,
// never one of them alone (api/README §10). Whole numbers beyond the int range are clamped, so
// rule still reports them; ok is false when f is not whole.
func wholeIn(fe rules.FieldErrors, key string, f float64, rule func(int) string) (int, bool) {
	whole := f == math.Trunc(f) && !math.IsInf(f, 0)
	if !whole {
		fe.Check(key, expectedInteger)
	}
	if rule != nil {
		// A fraction is below an integer bound when its floor is, above one when its ceiling is.
		msg := rule(clampInt(math.Floor(f)))
		if msg == "" {
			msg = rule(clampInt(math.Ceil(f)))
		}
		fe.Check(key, msg)
	}
	return clampInt(f), whole
}

func clampInt(f float64) int { return int(math.Max(math.Min(f, math.MaxInt32), math.MinInt32)) }

// stringMap returns the field when it is an object whose values are all strings.
func (b *jsonBody) stringMap(key string) (map[string]string, bool) {
	v, ok := b.fields[key]
	if !ok {
		return nil, false
	}
	obj, isObj := v.(map[string]any)
	if !isObj {
		b.typeError(key, "object", v)
		return nil, false
	}
	out := make(map[string]string, len(obj))
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		s, isStr := obj[k].(string)
		if !isStr {
			b.typeError(key, "string", obj[k]) // first offender only, in key order: stable text
			return nil, false
		}
		out[k] = s
	}
	return out, true
}

// stringList returns the field when it is an array of strings.
func (b *jsonBody) stringList(key string) ([]string, bool) {
	v, ok := b.fields[key]
	if !ok {
		return nil, false
	}
	list, isList := v.([]any)
	if !isList {
		b.typeError(key, "array", v)
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		s, isStr := item.(string)
		if !isStr {
			b.typeError(key, "string", item)
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
