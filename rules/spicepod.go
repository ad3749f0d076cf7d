package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// yamlLine pulls the line number out of a YAML parser error. Only the number is reported: the
// rest of the parser's text can quote the document, and a spicepod may hold credentials inline.
var yamlLine = lazyregexp.New(`line (\d+)`)

// ParseSpicepod accepts a spicepod as YAML (or JSON) text or as an already-decoded object and
// returns it as a JSON object, the form the API stores and returns; or a field message.
func ParseSpicepod(raw any) (map[string]any, string) {
	if msg := SpicepodSize(raw); msg != "" {
		return nil, msg
	}
	switch v := raw.(type) {
	case map[string]any:
		if what, at := unrepresentable(v, nil); what != "" {
			return nil, withFix(fmt.Sprintf("Spicepod contains a value that JSON cannot represent (%s at %s)", what, at), FixQuote)
		}
		return v, ""
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, "Spicepod is empty"
		}
		doc, msg := oneYAMLDocument(v)
		if msg != "" {
			return nil, msg
		}
		norm, ok := jsonCompatible(doc)
		if !ok {
			return nil, "Spicepod contains a value that JSON cannot represent"
		}
		obj, isObj := norm.(map[string]any)
		if !isObj {
			return nil, "Spicepod must be a YAML mapping or a JSON object"
		}
		return obj, ""
	case nil:
		return nil, "Required"
	}
	return nil, "Expected string or object, received " + JSONKind(raw)
}

// unrepresentable finds, in a spicepod given as an object, a number JSON cannot carry as a
// double: a literal beyond float64 (json.Number 1e400, which JSON.parse reads as Infinity and
// JSON.stringify writes as null) or a Go float's infinity or NaN. It returns what it is and
// where (keys in order), or "".
func unrepresentable(v any, at *yamlPath) (string, *yamlPath) {
	return findNumber(v, at, func(n any) string {
		switch x := n.(type) {
		case json.Number:
			if _, beyond, _ := ReadNumber([]byte(x)); beyond {
				return "a number beyond ±1.8e308"
			}
		case float64:
			switch {
			case math.IsNaN(x):
				return "NaN"
			case math.IsInf(x, 0):
				return "a number beyond ±1.8e308"
			}
		}
		return ""
	})
}

// findNumber walks v (keys in order) and returns what judge says of the first value it finds
// fault with, and where, or "".
func findNumber(v any, at *yamlPath, judge func(any) string) (string, *yamlPath) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if what, p := findNumber(x[k], &yamlPath{parent: at, key: k}, judge); what != "" {
				return what, p
			}
		}
	case []any:
		for i, item := range x {
			if what, p := findNumber(item, &yamlPath{parent: at, index: i}, judge); what != "" {
				return what, p
			}
		}
	default:
		if what := judge(v); what != "" {
			return what, at
		}
	}
	return "", nil
}

// SpicepodInexact names where a parsed spicepod holds a number that the API, which reads numbers
// as 64-bit floats (JSON.parse) and writes them back as JSON.stringify does, would store as
// another number (9007199254740993 as 9007199254740992, 12345678901234567890123 rounded), or
// "". Another spelling of the same number (1.50 as 1.5, 1E2 as 100) is no change. The number is
// not quoted: it may be a credential (api/README §10 "Spicepod numbers").
func SpicepodInexact(pod map[string]any) string {
	what, at := findNumber(pod, nil, func(n any) string {
		var lit string
		switch x := n.(type) {
		case json.Number:
			lit = string(x)
		case int:
			lit = strconv.Itoa(x)
		case int64:
			lit = strconv.FormatInt(x, 10)
		case uint64:
			lit = strconv.FormatUint(x, 10)
		default:
			return "" // a float64 is a double already; strings, booleans, null are not numbers
		}
		if KeepsValue([]byte(lit)) {
			return ""
		}
		// Fewer digits would not help a number out of a double's range: say which end.
		switch f, beyond, _ := ReadNumber([]byte(lit)); {
		case beyond:
			return withFix("is too large for a 64-bit float (at most about 1.8e308), so the API cannot store it", FixQuote)
		case f == 0:
			return withFix("is too small for a 64-bit float (at least about 4.9e-324 in size), so the API would store it rounded to 0", FixQuoteOrZero)
		}
		return withFix("the API would store rounded to a 64-bit float", FixQuoteOrDigits)
	})
	if at == nil {
		return ""
	}
	what, remedy := CutFix(what)
	return withFix(fmt.Sprintf("Spicepod holds a number that %s (at %s)", what, at), remedy)
}

// oneYAMLDocument decodes text that must hold one YAML document. A second document (after a
// "---" line, even an empty one) is refused, not dropped: yaml.Unmarshal reads only the first,
// so the rest would be neither checked (for a copied-back mask, say) nor stored.
//
// Values are read as YAML 1.2 reads them (yaml12Value), as Spice does, not with the YAML 1.1
// habits of yaml.v3: `0755`, `1_000` and `2024-01-01` stay the strings they are to Spice.
func oneYAMLDocument(text string) (any, string) {
	text = yaml12Directive(text)
	dec := yaml.NewDecoder(strings.NewReader(text))
	var root yaml.Node
	err := dec.Decode(&root)
	syntax := err != nil // a failure to read the text, not one of the rules below
	var doc any
	if err == nil {
		// Bound the document as it will be sent (JSON, aliases expanded) before building it:
		// sizes of anchored nodes are computed once, so an alias bomb costs its text, not
		// its expansion (no "billion laughs", even of long strings).
		// A document is never refused for what it holds as written (the text bounds that), so
		// the limit is SpicepodMaxBytes or its written size, whichever is larger.
		// The size is an upper bound of the JSON the document is sent as (EncodeJSON); what
		// it holds without aliases is the same estimate with each alias counted as its name.
		z := yamlSizer{known: map[*yaml.Node]nodeSize{}, busy: map[*yaml.Node]bool{}}
		var size nodeSize
		size, err = z.node(&root, false)
		if limit := max(SpicepodMaxBytes, size.written); err == nil && size.json > limit {
			return nil, withFix(fmt.Sprintf("Spicepod is too large once its aliases are expanded (about %s bytes as JSON; at most %s)",
				plain.Number(int(size.json)), plain.Number(int(limit))), FixAliasesExpanded)
		}
		if err == nil {
			doc, err = yaml12Value(&root, nil)
		}
		if err == nil {
			var next yaml.Node
			err = dec.Decode(&next)
			syntax = err != nil
			if err == nil {
				return nil, withFix(fmt.Sprintf("Spicepod must be a single YAML document, but a second one starts at line %d", next.Line),
					FixSecondDocument)
			}
		}
	}
	if errors.Is(err, io.EOF) { // no (further) document
		return doc, ""
	}
	var pe podError
	if errors.As(err, &pe) {
		return nil, string(pe)
	}
	if syntax {
		line, exact := syntaxLine(text, dec, err)
		if !exact {
			return nil, "Spicepod is not valid YAML (near line " + strconv.Itoa(line) + ")"
		}
		return nil, "Spicepod is not valid YAML (line " + strconv.Itoa(line) + ")"
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return nil, "Spicepod is not valid YAML (line " + m[1] + ")"
	}
	return nil, "Spicepod is not valid YAML"
}

// syntaxLine is the line of text on which reading it as YAML with dec failed (err), and whether
// that line is known exactly. yaml.v3's message gives one number, not that line: a parser error's
// ("did not find expected key") counts from 0, a scanner error gives the line where the token it
// was scanning began (a plain scalar over several lines: the line before a misplaced tab), either
// gives the line where the enclosing construct began when that is not the first line (a flow
// mapping over several lines: its first line), and none at all on the first line.
//
// Its parser keeps where it failed (problem_mark, counted from 0, CR, LF and CRLF each one break,
// across documents) and what it was reading (context_mark), so the line is read from there, for
// nothing: no part of the text is read again. The line is where reading failed, except where it
// failed because something never ended: a quoted string or a flow collection ([ or {) still open
// at the end of the text, or a key with no ':' (the next line showed it), is on the line where it
// began. These fields are not yaml.v3's API: go.mod pins the version, TestSpicepodSyntaxErrorLines
// fails if another one moves them, and should they be gone the message's number is given as
// "near" that line (exact false).
func syntaxLine(text string, dec *yaml.Decoder, err error) (line int, exact bool) {
	f, ok := yamlFailureOf(dec)
	if !ok {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return max(n, 1), false
		}
		return 1, false
	}
	last := lastContentLine(text)
	at := f.problem
	switch {
	case f.kind == yamlReaderError: // a character YAML does not allow (a control character)
		at = lineAt(text, f.problemOffset)
	case f.kind == yamlScannerError && (f.context == "while scanning a quoted scalar" || f.context == "while scanning a simple key"):
		at = f.contextAt // a string that never closes; a key without ':'
	case f.kind == yamlParserError && f.problemIndex == f.scannedIndex && strings.Contains(f.context, "flow"):
		at = f.contextAt // at the end of the text: a [ or { never closed
	case f.kind == yamlParserError && strings.HasPrefix(f.context, "while parsing a flow ") && f.contextAt < f.problem:
		// No ',' or closing bracket where one was expected, seen on a later line than the
		// collection's first: what is missing is at the end of the line before (a scalar may
		// have run on into this line, up to a ':'), unless something stands before it here.
		lines := yamlLines(text)
		if f.problem <= len(lines) {
			here := []rune(lines[f.problem-1])
			col := min(f.problemColumn, len(here))
			before := strings.TrimSpace(string(here[:col]))
			if before == "" || col < len(here) && here[col] == ':' && !strings.ContainsAny(before, ":,[]{}'\"#") {
				at = f.contextAt
				for n := f.problem - 1; n > f.contextAt; n-- {
					if t := strings.TrimSpace(lines[n-1]); t != "" && !strings.HasPrefix(t, "#") {
						at = n
						break
					}
				}
			}
		}
	}
	return min(max(at, 1), last), true
}

// yaml.v3's error kinds (yaml_error_type_t), as its parser records them.
const (
	yamlReaderError  = 2
	yamlScannerError = 3
	yamlParserError  = 4
)

// yamlFailure is where yaml.v3's parser stopped, read from its state (lines counted from 1).
type yamlFailure struct {
	kind                       int64  // yamlReaderError, yamlScannerError, yamlParserError, or 0 (the decoder's)
	context                    string // "while scanning a quoted scalar"...
	contextAt, problem         int    // the lines of context_mark and problem_mark
	problemIndex, scannedIndex int64  // problem_mark and the scanner's position, in characters
	problemOffset              int    // a reader error's place, in bytes
	problemColumn              int    // problem_mark's column, in characters from 0
}

// yamlFailureOf reads where dec's parser stopped; ok is false when its fields are not there (or
// not of their kind): another yaml.v3 version.
func yamlFailureOf(dec *yaml.Decoder) (f yamlFailure, ok bool) {
	defer func() {
		if recover() != nil { // a field of another type
			ok = false
		}
	}()
	field := func(v reflect.Value, names ...string) reflect.Value {
		for _, name := range names {
			if v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return reflect.Value{}
				}
				v = v.Elem()
			}
			if v.Kind() != reflect.Struct {
				return reflect.Value{}
			}
			if v = v.FieldByName(name); !v.IsValid() {
				return v
			}
		}
		return v
	}
	p := field(reflect.ValueOf(dec), "parser") // yaml.v3's parser, holding its yaml_parser_t
	y := field(p, "parser")
	fields := []reflect.Value{field(y, "error"), field(y, "context"), field(y, "context_mark", "line"),
		field(y, "problem_mark", "line"), field(y, "problem_mark", "index"), field(y, "mark", "index"),
		field(p, "event", "typ"), field(p, "event", "start_mark", "line"), field(y, "problem_offset"), field(y, "problem_mark", "column")}
	for _, v := range fields {
		if !v.IsValid() {
			return f, false
		}
	}
	f = yamlFailure{kind: fields[0].Int(), context: fields[1].String(), contextAt: int(fields[2].Int()) + 1,
		problem: int(fields[3].Int()) + 1, problemIndex: fields[4].Int(), scannedIndex: fields[5].Int(),
		problemOffset: int(fields[8].Int()), problemColumn: int(fields[9].Int())}
	switch f.kind {
	case yamlReaderError, yamlScannerError, yamlParserError:
		return f, true
	case 0: // the decoder's own error: an alias to an unknown anchor is the event it was reading
		const aliasEvent = 5 // yaml_ALIAS_EVENT
		if fields[6].Int() == aliasEvent {
			f.problem = int(fields[7].Int()) + 1
			return f, true
		}
	}
	return f, false
}

// yamlLines is text's lines, ended as yaml.v3 ends them (lastContentLine).
func yamlLines(text string) []string {
	var lines []string
	start := 0
	text = strings.TrimPrefix(text, "\ufeff") // not a character of the line (yaml.v3's columns)
	for i, r := range text {
		switch r {
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				continue
			}
		case '\n', '\u0085', '\u2028', '\u2029':
		default:
			continue
		}
		lines = append(lines, strings.TrimSuffix(text[start:i], "\r"))
		start = i + utf8.RuneLen(r)
	}
	return append(lines, text[start:])
}

// lineAt is the line, counted as yaml.v3 counts them (lastContentLine), of text's byte at.
func lineAt(text string, at int) int {
	line := 1
	for i, r := range text[:min(max(at, 0), len(text))] {
		if endsLine(text, i, r) {
			line++
		}
	}
	return line
}

// endsLine tells whether r, at i in text, ends a line as yaml.v3 counts them: LF, CR not
// followed by LF, NEL, LS and PS.
func endsLine(text string, i int, r rune) bool {
	switch r {
	case '\n', '\u0085', '\u2028', '\u2029':
		return true
	case '\r':
		return i+1 == len(text) || text[i+1] != '\n'
	}
	return false
}

// lastContentLine is the line, counted as yaml.v3 counts them (LF, CR, CRLF, NEL, LS and PS end
// a line), of text's last character that is not a space or a break: where the text ends.
func lastContentLine(text string) int {
	line, last := 1, 1
	for i, r := range text {
		switch {
		case endsLine(text, i, r):
			line++
		case r == ' ', r == '\t', r == '\ufeff', r == '\r':
		default:
			last = line
		}
	}
	return last
}

// SpicepodMaxBytes bounds a spicepod twice: as sent (SpicepodSize: the request's spicepod
// field as JSON, YAML text or object) and, given as text, once read (its size as JSON with every
// alias expanded each time it is used). The API publishes no limit; this one is the emulator's,
// whose request-body limit leaves room beyond it for the request's other fields.
const SpicepodMaxBytes = 1 << 20

// SpicepodSize checks the size of a spicepod as sent: the spicepod field's value (YAML text or
// an object) as JSON (EncodeJSON, as the client encodes a request body: compact, <, > and & not
// escaped), at most SpicepodMaxBytes. The client checks it before sending, naming spicepod, and
// the emulator answers with it; a larger spicepod would otherwise meet only a body limit naming
// no field.
func SpicepodSize(raw any) string {
	if raw == nil {
		return ""
	}
	b, err := EncodeJSON(raw)
	if err != nil || len(b) <= SpicepodMaxBytes {
		return "" // a value JSON cannot carry is refused by what reads it
	}
	return withFix(fmt.Sprintf("Spicepod is too large: %s bytes as sent (JSON); at most %s (1 MiB)", plain.Number(len(b)), plain.Number(SpicepodMaxBytes)),
		FixSpicepodSize)
}

// podError is a complete field message (it names where in the spicepod), returned as is.
type podError string

func (e podError) Error() string { return string(e) }

// yamlSizer bounds a document's size as JSON before it is built. Every node is sized once
// (anchored nodes, and merge sources, are remembered), so an alias bomb costs its text, not its
// expansion, and a cycle is found rather than followed.
type yamlSizer struct {
	known map[*yaml.Node]nodeSize // anchored nodes and merge sources already sized
	busy  map[*yaml.Node]bool     // anchored nodes being sized: an alias back to one is a cycle
	work  int                     // merged entries looked at so far (mergeWork)
}

// nodeSize is what yamlSizer knows of a node.
type nodeSize struct {
	json    int64 // an upper bound of its size as JSON (EncodeJSON), aliases expanded
	written int64 // the same with each alias counted as its name: what the text itself holds
	// entries are a mapping's entries as JSON (`"key":value`) by key, explicit and merged, when
	// wanted (it is a merge source or holds a merge key) and within mergeWork; nil otherwise.
	entries    map[string]int64
	hasEntries bool // entries were wanted (nil then means past mergeWork)
}

const (
	sizeCeiling = int64(1) << 60 // sizes saturate here rather than overflow
	// mergeWork bounds the merged entries compared by key (merged keys collapse: a key given
	// twice counts once). Past it, merge sources are counted in full: still an upper bound.
	mergeWork = 1 << 21
)

func addSize(a, b int64) int64 { return min(a+b, sizeCeiling) }

// node sizes n; want asks for a mapping's entries (it is a merge source).
func (z *yamlSizer) node(n *yaml.Node, want bool) (nodeSize, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nodeSize{json: 4, written: 4}, nil
		}
		return z.node(n.Content[0], false)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nodeSize{json: int64(len(n.Value)) + 1, written: int64(len(n.Value)) + 1}, nil
		}
		s, err := z.node(n.Alias, want)
		s.written = int64(len(n.Value)) + 1
		return s, err
	}
	remember := n.Anchor != "" || want
	if remember {
		if s, ok := z.known[n]; ok && (s.hasEntries || !want || n.Kind != yaml.MappingNode) {
			return s, nil
		}
	}
	if n.Anchor != "" {
		if z.busy[n] {
			return nodeSize{}, z.cycle(n)
		}
		z.busy[n] = true
		defer delete(z.busy, n)
	}
	var s nodeSize
	var err error
	switch n.Kind {
	case yaml.ScalarNode:
		s.json = scalarSize(n)
		s.written = s.json
	case yaml.SequenceNode:
		s.json, s.written = 2, 2
		for i, item := range n.Content {
			c, err := z.node(item, false)
			if err != nil {
				return nodeSize{}, err
			}
			comma := int64(1)
			if i == 0 {
				comma = 0
			}
			s.json = addSize(s.json, c.json+comma)
			s.written = addSize(s.written, c.written+comma)
		}
	case yaml.MappingNode:
		if s, err = z.mapping(n, want); err != nil {
			return nodeSize{}, err
		}
	}
	if remember {
		z.known[n] = s
	}
	return s, nil
}

func (z *yamlSizer) cycle(n *yaml.Node) error {
	return podError(withFix(fmt.Sprintf("Spicepod anchor &%s (line %d) contains an alias to itself, which would never end", n.Anchor, n.Line),
		FixAnchorCycle))
}

// mapping sizes a mapping as yaml12Value builds it: explicit keys, then the entries of each merge
// source whose keys are not there yet. Sizes are the smaller of two upper bounds: every entry of
// every source counted, and (with entries known) each distinct key once.
func (z *yamlSizer) mapping(n *yaml.Node, want bool) (nodeSize, error) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, n.Content[i+1])
		}
	}
	s := nodeSize{json: 2, written: 2, hasEntries: want || len(merges) > 0}
	if s.hasEntries {
		s.entries = make(map[string]int64, len(n.Content)/2)
	}
	count := int64(0) // entries so far: a comma before each but the first
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
			continue
		}
		var key string
		var k nodeSize
		if r := resolveAlias(kn); r.Kind == yaml.ScalarNode {
			key = keyText(r)
			k.json = jsonStringSize(key)
			k.written = k.json
			if kn.Kind == yaml.AliasNode {
				k.written = int64(len(kn.Value)) + 1
			}
		} else { // refused when read (JSON keys are text); sized so that reading stays bounded
			var err error
			if k, err = z.node(kn, false); err != nil {
				return nodeSize{}, err
			}
			key = fmt.Sprintf("\x00%d", i)
		}
		v, err := z.node(vn, false)
		if err != nil {
			return nodeSize{}, err
		}
		comma := min(count, 1)
		count++
		s.json = addSize(s.json, comma+k.json+1+v.json)
		s.written = addSize(s.written, comma+k.written+1+v.written)
		if s.entries != nil {
			s.entries[key] = max(s.entries[key], addSize(k.json+1, v.json))
		}
	}
	seen := map[*yaml.Node]bool{}
	for _, mv := range merges {
		items := []*yaml.Node{mv}
		r := resolveAlias(mv)
		if r.Kind == yaml.SequenceNode {
			if z.busy[r] { // a list holding this mapping: merging it would never end
				return nodeSize{}, z.cycle(r)
			}
			items = r.Content
		}
		if mv.Kind == yaml.AliasNode {
			s.written = addSize(s.written, int64(len(mv.Value))+2) // as written: the name
		}
		for _, src := range items {
			if seen[resolveAlias(src)] {
				continue // the same mapping merged again adds nothing: its keys are there
			}
			seen[resolveAlias(src)] = true
			c, err := z.node(src, true)
			if err != nil {
				return nodeSize{}, err
			}
			s.json = addSize(s.json, max(c.json-1, 0)) // its entries and a comma
			if mv.Kind != yaml.AliasNode {
				s.written = addSize(s.written, max(c.written-1, 0))
			}
			if s.entries == nil {
				continue
			}
			if c.entries == nil || z.work+len(c.entries) > mergeWork {
				s.entries = nil // past the budget (or not a mapping, refused when read)
				continue
			}
			z.work += len(c.entries)
			for key, size := range c.entries {
				if _, ok := s.entries[key]; !ok {
					s.entries[key] = size
				}
			}
		}
	}
	if s.entries != nil && len(merges) > 0 {
		exact := int64(2) + max(int64(len(s.entries))-1, 0) // braces and commas
		for _, size := range s.entries {
			exact = addSize(exact, size)
		}
		s.json = min(s.json, exact)
	}
	return s, nil
}

// keyText is a scalar key's text as a JSON key (yaml12Value): a string as read, another scalar
// (true, 1.0, null) as written.
func keyText(r *yaml.Node) string {
	if v, err := yaml12Scalar(r); err == nil {
		if s, isStr := v.(string); isStr {
			return s
		}
	}
	return r.Value
}

// scalarSize is the size as JSON of the value a scalar is read as (yaml12Scalar): 9e20 is
// written 900000000000000000000, !!binary as its decoded bytes.
func scalarSize(n *yaml.Node) int64 {
	v, err := yaml12Scalar(n)
	if err != nil {
		return jsonStringSize(n.Value) // refused when read
	}
	var buf [32]byte
	switch x := v.(type) {
	case nil:
		return 4
	case bool:
		if x {
			return 4
		}
		return 5
	case string:
		return jsonStringSize(x)
	case []byte:
		return jsonStringSize(string(x))
	case int:
		return int64(len(strconv.AppendInt(buf[:0], int64(x), 10)))
	case uint64:
		return int64(len(strconv.AppendUint(buf[:0], x, 10)))
	case json.Number:
		return int64(len(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 4 // refused when read
		}
		return int64(len(appendJSONFloat(buf[:0], x)))
	}
	if b, err := json.Marshal(v); err == nil { // a !!timestamp
		return int64(len(b))
	}
	return jsonStringSize(n.Value)
}

// appendJSONFloat writes a finite float64 as encoding/json does.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-07 is written e-7
		b = b[:n-1]
	}
	return b
}

// jsonStringSize is the size of s as a JSON string, as the client sends it (EncodeJSON):
// quotes; \" \\ \n \r \t; other control characters as \u00XX (\b and \f counted so too, an
// upper bound); <, > and & as themselves; U+2028 and U+2029 as \u2028; each byte that is not
// UTF-8 as \ufffd.
func jsonStringSize(s string) int64 {
	size := int64(2)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
				size += 2
			case c < 0x20:
				size += 6
			default:
				size++
			}
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && width == 1 || r == '\u2028' || r == '\u2029' {
			size += 6
		} else {
			size += int64(width)
		}
		i += width
	}
	return size
}

// yamlPath is where a node sits in the spicepod, for messages: the key or index under parent.
type yamlPath struct {
	parent *yamlPath
	key    string
	index  int // with key "": a list index
}

func (p *yamlPath) String() string {
	if p == nil {
		return "the top level"
	}
	var parts []string
	for ; p != nil; p = p.parent {
		if p.key == "" {
			parts = append(parts, fmt.Sprintf("[%d]", p.index))
		} else {
			parts = append(parts, p.key)
		}
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		if b.Len() > 0 && !strings.HasPrefix(parts[i], "[") {
			b.WriteByte('.')
		}
		b.WriteString(parts[i])
	}
	return b.String()
}

// kindWord names a node's kind in a message.
func kindWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return "a scalar"
}

// JSONKind names a decoded JSON value's type in the API validator's words.
func JSONKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number, float64, int, int64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// SpicepodProblem names what keeps a parsed spicepod from deploying: `version`, `kind` and
// `name` must be non-empty scalars (`version: 1` is a number in YAML) and kind must be Spicepod.
func SpicepodProblem(pod map[string]any) string {
	var missing []string
	for _, key := range []string{"version", "kind", "name"} {
		switch v := pod[key].(type) {
		case string:
			if strings.TrimSpace(v) == "" {
				missing = append(missing, key)
			}
		case json.Number, int, int64, uint64, float64:
		default:
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		return "Spicepod must have " + strings.Join(missing, ", ")
	}
	if kind, isText := pod["kind"].(string); !strings.EqualFold(kind, "Spicepod") {
		if isText {
			return "Spicepod kind must be Spicepod, got " + Echoed(kind)
		}
		return fmt.Sprintf("Spicepod kind must be Spicepod, got %v", pod["kind"])
	}
	return ""
}

// RemovedSpicepodVersion is the spicepod version runtime v2.0.0 removed (api/README §1,
// Documented): a runtime of v2 or later fails to start on it.
const RemovedSpicepodVersion = "v1beta1"

// SpicepodVersionRemoved reports a spicepod of version v1beta1 (RemovedSpicepodVersion), which
// no runtime of v2.0.0 or later reads. Every published runtime image is v2.x (api/README §7.14)
// and a pinned image_tag must be a published one, so no deployment can run it: the emulator
// fails it unable_to_start, and update_app and create_and_deploy_app refuse it up front.
func SpicepodVersionRemoved(pod map[string]any) bool {
	version, _ := pod["version"].(string)
	return strings.TrimSpace(version) == RemovedSpicepodVersion
}

// jsonCompatible turns what yaml.v3 decodes into values encoding/json can write: mappings with
// non-string keys become string-keyed maps, !!binary becomes a string, NaN and infinities fail.
func jsonCompatible(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			n, ok := jsonCompatible(item)
			if !ok {
				return nil, false
			}
			out[k] = n
		}
		return out, true
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			n, ok := jsonCompatible(item)
			if !ok {
				return nil, false
			}
			out[fmt.Sprint(k)] = n
		}
		return out, true
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			n, ok := jsonCompatible(item)
			if !ok {
				return nil, false
			}
			out[i] = n
		}
		return out, true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case []byte:
		return string(x), true
	}
	return v, true
}

// yaml12Directive turns a "%YAML 1.2" directive line, which yaml.v3 refuses (it reads 1.1
// documents), into a comment of the same line, so that line numbers stay true.
func yaml12Directive(text string) string {
	rest := text
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		if f := strings.Fields(line); strings.HasPrefix(line, "%") && len(f) >= 2 && f[0] == "%YAML" && f[1] == "1.2" {
			i := len(text) - len(rest)
			return text[:i] + "#" + text[i+1:]
		}
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(line, "%") && !strings.HasPrefix(t, "#") {
			return text // directives (at column 0) come before the document
		}
		rest = after
	}
	return text
}

// yaml12Value is the value of a decoded YAML node as YAML 1.2's core schema reads it, as Spice's
// parser (serde_yaml) does: a plain scalar is null (~, null, empty), a boolean (true, false in
// three casings), an integer (decimal; 0x hex, 0o octal, 0b binary, signed as serde_yaml
// allows), a finite float (1.5, 1e3; 1e400 stays text, as serde_yaml keeps it) or else a string;
// quoted scalars are strings and an explicit tag (!!str, !!int...) is obeyed. Unlike YAML 1.1, a
// number with leading zeros (0755), underscores (1_000) or a date (2024-01-01) is a string, so it
// is stored as written. Refused, naming where (at): a repeated key (1 and "1" too: JSON keys are
// text), a key that is a list or a mapping, a merge key (<<) whose value is not a mapping or a
// list of them, .inf and .nan (JSON has neither; !!float nan and 1e400 neither), a value its tag
// does not fit (!!bool maybe). Merge keys are applied as yaml.v3 did. The caller bounds the
// expanded size first (yamlSizer) and refuses cycles, so aliases are expanded here without a budget.
func yaml12Value(n *yaml.Node, at *yamlPath) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yaml12Value(n.Content[0], at)
	case yaml.AliasNode:
		return yaml12Value(n.Alias, at)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			v, err := yaml12Value(item, &yamlPath{parent: at, index: i})
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out, _, err := yaml12Mapping(n, at)
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	v, err := yaml12Scalar(n)
	if errors.Is(err, errTag) {
		return nil, podError(withFix(fmt.Sprintf("Spicepod value at %s (line %d) is not a valid %s", at, n.Line, n.Tag), FixTag))
	}
	if f, isFloat := v.(float64); err == nil && isFloat && (math.IsNaN(f) || math.IsInf(f, 0)) {
		what, remedy := n.Value, FixQuote
		if n.Style&yaml.TaggedStyle != 0 {
			what, remedy = n.Tag+" "+n.Value, FixDropTag
		}
		return nil, podError(withFix(fmt.Sprintf("Spicepod contains a value that JSON cannot represent (%s at %s, line %d)",
			what, at, n.Line), remedy))
	}
	return v, err
}

// yaml12Mapping is yaml12Value of the mapping n, and for each of its JSON keys the YAML key it
// came from (written in n, or in a mapping merged into it). A merged key is overridden only by
// the same YAML key (explicit keys win, then earlier merge sources); one that is a different
// YAML key with the same JSON text (1 and "1") is refused, as two such keys written side by
// side are: one value would be silently lost.
func yaml12Mapping(n *yaml.Node, at *yamlPath) (map[string]any, map[string]*yaml.Node, error) {
	out := make(map[string]any, len(n.Content)/2)
	keys := make(map[string]*yaml.Node, len(n.Content)/2)
	var merged []mergeSource
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
			sources, err := mergeSources(kn, vn, at)
			if err != nil {
				return nil, nil, err
			}
			merged = append(merged, sources...)
			continue
		}
		if k := resolveAlias(kn); k.Kind != yaml.ScalarNode {
			return nil, nil, podError(withFix(fmt.Sprintf("Spicepod key at %s (line %d) is %s, but JSON object keys must be text",
				at, kn.Line, kindWord(k)), FixTextKey))
		}
		k, err := yaml12Value(kn, at)
		if err != nil {
			// A key its own tag cannot hold (!!bool maybe: 1) is named as a key, not a value.
			if r := resolveAlias(kn); errors.Is(yaml12ScalarErr(r), errTag) {
				return nil, nil, podError(withFix(fmt.Sprintf("Spicepod key at %s (line %d) is not a valid %s", at, kn.Line, r.Tag), FixTag))
			}
			return nil, nil, err
		}
		key, isStr := k.(string)
		if !isStr {
			key = resolveAlias(kn).Value // true, 1.0, null: the key as written
		}
		if _, dup := out[key]; dup {
			prev := earlierKey(n, i, key)
			if prev != nil && !sameScalar(prev, kn) {
				return nil, nil, sameJSONKey(at, prev, kn, key)
			}
			if prev != nil { // named as a JSON object's key given twice is (ArgKeyTwice)
				return nil, nil, podError(withFix(fmt.Sprintf("Spicepod key %q at %s is given twice (line %d, first at line %d)",
					key, at, kn.Line, prev.Line), FixKeyTwice))
			}
			return nil, nil, fmt.Errorf("line %d: mapping key already defined", kn.Line)
		}
		v, err := yaml12Value(vn, &yamlPath{parent: at, key: key})
		if err != nil {
			return nil, nil, err
		}
		out[key], keys[key] = v, kn
	}
	for _, m := range merged { // explicit keys win, then earlier merge sources
		clash := "" // the first, in order, so which is named does not depend on map order
		for k, v := range m.values {
			kn := m.keys[k]
			if prev, ok := keys[k]; !ok {
				out[k], keys[k] = v, kn
			} else if prev != kn && !sameScalar(prev, kn) && (clash == "" || k < clash) {
				clash = k
			}
		}
		if clash != "" {
			return nil, nil, sameJSONKey(at, keys[clash], m.keys[clash], clash)
		}
	}
	return out, keys, nil
}

// sameJSONKey refuses two keys of the mapping at at, a and b, that are different YAML keys
// with the same JSON text key (1 and "1").
func sameJSONKey(at *yamlPath, a, b *yaml.Node, key string) error {
	lines := fmt.Sprintf("lines %d and %d", min(a.Line, b.Line), max(a.Line, b.Line))
	if a.Line == b.Line {
		lines = fmt.Sprintf("line %d", a.Line)
	}
	return podError(withFix(fmt.Sprintf("Spicepod keys at %s (%s) are different in YAML but the same "+
		"JSON key %q (JSON keys are text)", at, lines, key), FixSameJSONKey))
}

// mergeSource is a mapping a merge key names: its values and, for each JSON key, the YAML key.
type mergeSource struct {
	values map[string]any
	keys   map[string]*yaml.Node
}

// earlierKey is the key before Content[i] of mapping n with the same text as a JSON key.
func earlierKey(n *yaml.Node, i int, key string) *yaml.Node {
	for j := 0; j < i; j += 2 {
		if k := n.Content[j]; !(k.Kind == yaml.ScalarNode && k.Tag == "!!merge") &&
			resolveAlias(k).Kind == yaml.ScalarNode && keyText(resolveAlias(k)) == key {
			return k
		}
	}
	return nil
}

// sameScalar says whether two scalar keys are the same YAML value (a repeated key), not only the
// same text (1 and "1").
func sameScalar(a, b *yaml.Node) bool {
	va, errA := yaml12Scalar(resolveAlias(a))
	vb, errB := yaml12Scalar(resolveAlias(b))
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

// yaml12ScalarErr is yaml12Scalar's error for n.
func yaml12ScalarErr(n *yaml.Node) error {
	_, err := yaml12Scalar(n)
	return err
}

// resolveAlias is the node an alias names (n itself if it is not an alias).
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// mergeSources are the mappings a merge key's value names: one mapping, or a list of them, as
// YAML's merge key requires; anything else is refused rather than dropped.
func mergeSources(kn, vn *yaml.Node, at *yamlPath) ([]mergeSource, error) {
	items := []*yaml.Node{vn}
	if r := resolveAlias(vn); r.Kind == yaml.SequenceNode {
		items = r.Content
	}
	var out []mergeSource
	for _, item := range items {
		r := resolveAlias(item)
		if r.Kind != yaml.MappingNode {
			return nil, podError(withFix(fmt.Sprintf("Spicepod merge key (<<) at %s (line %d) must name a mapping or a list of mappings, "+
				"not %s", at, kn.Line, kindWord(r)), FixMergeNotMapping))
		}
		values, keys, err := yaml12Mapping(r, at)
		if err != nil {
			return nil, err
		}
		out = append(out, mergeSource{values, keys})
	}
	return out, nil
}

var (
	yaml12Int   = lazyregexp.New(`^[-+]?[0-9]+$`)
	yaml12Float = lazyregexp.New(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// yaml12Scalar resolves one scalar (yaml12Value).
func yaml12Scalar(n *yaml.Node) (any, error) {
	explicit := n.Style&yaml.TaggedStyle != 0
	if explicit && n.Tag == "!!float" && yaml12Float.MatchString(n.Value) {
		if v, beyond := yaml12FloatValue(n.Value); !beyond {
			return v, nil
		} // !!float 1e400: read below as ±Inf, which yaml12Value refuses by name
	}
	if explicit && n.Tag != "!!str" {
		var v any // another explicit tag (!!int, !!binary...): yaml.v3 reads it
		if err := n.Decode(&v); err != nil {
			return tagged(n)
		}
		return v, nil
	}
	if explicit || n.Style != 0 { // !!str, or quoted, literal (|) or folded (>)
		return n.Value, nil
	}
	s := n.Value
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil, nil
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1), nil
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1), nil
	case ".nan", ".NaN", ".NAN":
		return math.NaN(), nil
	}
	if v, ok := radixInt(s); ok {
		return v, nil
	}
	if yaml12Int.MatchString(s) {
		if digits := strings.TrimLeft(s, "+-"); len(digits) > 1 && digits[0] == '0' {
			return s, nil // leading zeros: a string in YAML 1.2 (serde_yaml), not 1.1's octal
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return int(i), nil
		}
		if u, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
			return u, nil
		}
		return json.Number(strings.TrimPrefix(s, "+")), nil // beyond 64 bits: every digit kept
	}
	if yaml12Float.MatchString(s) {
		// Out of range: 1e400 is a string to serde_yaml (it keeps finite floats only).
		if v, beyond := yaml12FloatValue(s); !beyond {
			return v, nil
		}
	}
	return s, nil
}

// yaml12FloatValue reads a float scalar s (yaml12Float: 1.5, .5, +1., 00.5e3) as the float64 it
// is, or, when a float64 would change it (0.10000000000000000001, 9007199254740993.0, 1e-400), as
// the same number written as JSON (json.Number), every digit kept: read to a float it would be
// checked already rounded and sent altered, where SpicepodInexact refuses it by where it is
// (api/README §10 "Spicepod numbers"). beyond reports a magnitude no float64 holds (1e400).
func yaml12FloatValue(s string) (v any, beyond bool) {
	lit := yamlFloatJSON(s)
	if _, beyond, _ := ReadNumber(lit); beyond {
		return nil, true
	}
	if !KeepsValue(lit) {
		return json.Number(lit), false
	}
	f, _ := strconv.ParseFloat(s, 64) // kept: at most 17 significant digits, read right
	return f, false
}

// yamlFloatJSON writes a YAML 1.2 float literal (yaml12Float) as a JSON number literal: no +
// sign, no leading zeros, a digit on each side of the point or no point (.5 is 0.5, 1. is 1).
func yamlFloatJSON(s string) []byte {
	out := make([]byte, 0, len(s)+1)
	if strings.HasPrefix(s, "-") {
		out = append(out, '-')
	}
	s = strings.TrimLeft(s, "+-")
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	ip, frac, _ := strings.Cut(mant, ".")
	if ip = strings.TrimLeft(ip, "0"); ip == "" {
		ip = "0"
	}
	out = append(out, ip...)
	if frac != "" {
		out = append(append(out, '.'), frac...)
	}
	if hasExp {
		out = append(append(out, 'e'), exp...)
	}
	return out
}

// errTag: a tagged scalar that is not what its tag says (!!bool maybe); yaml12Value names where.
var errTag = errors.New("value does not match its tag")

// tagged reads what yaml.v3 refuses under an explicit tag as the same value untagged would be:
// !!int beyond 64 bits keeps every digit (json.Number), !!float nan, inf or 1e400 is the float
// (which yaml12Value refuses by name, as .nan); anything else is errTag. (!!float 1e-400 is read
// before, by yaml12FloatValue.)
func tagged(n *yaml.Node) (any, error) {
	s := n.Value
	switch n.Tag {
	case "!!int":
		if yaml12Int.MatchString(s) {
			if digits := strings.TrimLeft(s, "+-"); len(digits) > 1 && digits[0] != '0' {
				return json.Number(strings.TrimPrefix(s, "+")), nil
			}
		}
	case "!!float":
		if f, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return f, nil
			}
		}
	}
	return nil, errTag
}

// radixInt reads 0x, 0o and 0b integers as serde_yaml 0.9 does (visit_untagged_str): an optional
// sign, the prefix, then digits that fit 64 bits (unsigned for 0x1F and +0x1F, signed for
// -0x1F); anything else (0x, 0o-1, 0x_1F) is not one.
func radixInt(s string) (any, bool) {
	for _, r := range [...]struct {
		prefix string
		base   int
	}{{"0x", 16}, {"0o", 8}, {"0b", 2}} {
		if rest, ok := strings.CutPrefix(strings.TrimPrefix(s, "+"), r.prefix); ok {
			rest = strings.TrimPrefix(rest, "+") // Rust's u64::from_str_radix takes one +
			if u, err := strconv.ParseUint(rest, r.base, 64); err == nil {
				if u <= math.MaxInt64 {
					return int(u), true
				}
				return u, true
			}
		}
		if rest, ok := strings.CutPrefix(s, "-"+r.prefix); ok {
			if i, err := strconv.ParseInt("-"+rest, r.base, 64); err == nil {
				return int(i), true
			}
		}
	}
	return nil, false
}
