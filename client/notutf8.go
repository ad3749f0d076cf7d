package client

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NotUTF8 is an answer whose texts were not all UTF-8: bytes that are not (or a \uD800–\uDFFF
// escape without its other half), which encoding/json reads as U+FFFD, so the text shown is not
// the one the API holds. Path is the request (method and path, as sent), Fields the JSON paths
// of the texts so read (projects[0].name; a name that is itself so read ends "(a name)"), at
// most maxNotUTF8Fields, More how many others.
type NotUTF8 struct {
	Path   string
	Fields []string
	More   int
}

// maxNotUTF8Fields is the most fields a NotUTF8 names.
const maxNotUTF8Fields = 3

// CallNotUTF8 lists the answers to the call ctx marks (WithCall) whose texts were not all UTF-8,
// in the order they came, one per request path; nil when there are none.
func CallNotUTF8(ctx context.Context) []NotUTF8 {
	call, ok := ctx.Value(callKey{}).(*callState)
	if !ok {
		return nil
	}
	call.mu.Lock()
	defer call.mu.Unlock()
	return slices.Clone(call.notUTF8)
}

// noteNotUTF8 records, in the call ctx marks, the texts of an answer (body: a 2xx read into
// cl.out, or a refusal the call ends with, whose words its error shows) that were not UTF-8, their paths redacted of the call's values and the token (sensitive) as
// any text of the answer's is.
func noteNotUTF8(ctx context.Context, cl call, body []byte, sensitive []string) {
	call, ok := ctx.Value(callKey{}).(*callState)
	if !ok || !mayHoldNotUTF8(body) {
		return
	}
	fields, more := notUTF8Fields(body)
	if len(fields) == 0 {
		return
	}
	r := newShownRedactor(sensitive)
	for i := range fields {
		fields[i] = r.shortened(shownAPIText(fields[i]), maxOtherText)
	}
	path := cl.op.Method + " " + cl.path
	call.mu.Lock()
	defer call.mu.Unlock()
	for _, n := range call.notUTF8 {
		if n.Path == path {
			return
		}
	}
	call.notUTF8 = append(call.notUTF8, NotUTF8{Path: path, Fields: fields, More: more})
}

// mayHoldNotUTF8: body holds bytes that are not UTF-8, or an escape of half a surrogate pair.
func mayHoldNotUTF8(body []byte) bool {
	return !utf8.Valid(body) || bytes.Contains(body, []byte(`\ud`)) || bytes.Contains(body, []byte(`\uD`))
}

// notUTF8Fields are the JSON paths of body's strings (values and names) that encoding/json reads
// with a U+FFFD the answer does not hold (as the character or its escape \ufffd), at most
// maxNotUTF8Fields, and how many more there are.
func notUTF8Fields(body []byte) (fields []string, more int) {
	type frame struct {
		object bool
		key    string
		index  int
		inKey  bool // an object awaiting a name
	}
	var stack []frame
	path := func(last string) string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		b.WriteString(last)
		return b.String()
	}
	// value ends a value in the innermost container: the next is a name, or the next element.
	value := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].inKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	found := func(p string) {
		if len(fields) < maxNotUTF8Fields {
			fields = append(fields, p)
		} else {
			more++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	from := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return fields, more
		}
		to := dec.InputOffset()
		raw := body[from:to]
		from = to
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, inKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				value()
			}
		case string:
			n := len(stack)
			isKey := n > 0 && stack[n-1].object && stack[n-1].inKey
			if isKey {
				// Masked alone, where its breaks begin its lines (a log's lines repeat a
				// prefix), not after the path before it.
				stack[n-1].key, stack[n-1].inKey = acrossBreaks(t), false
			}
			if replaced(t, raw) {
				if isKey {
					found(path(" (a name)"))
				} else {
					found(path(""))
				}
			}
			if !isKey {
				value()
			}
		default:
			value()
		}
	}
}

// replaced reports whether s, a string read from raw (its JSON text, with what came before it
// since the last token), holds more U+FFFD than raw writes, as the character or as \ufffd.
func replaced(s string, raw []byte) bool {
	got := strings.Count(s, "\uFFFD")
	if got == 0 {
		return false
	}
	written := bytes.Count(raw, []byte("\uFFFD")) + bytes.Count(bytes.ToLower(raw), []byte(`\ufffd`))
	return got > written
}
