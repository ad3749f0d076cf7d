package rules

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// EncodeJSON is v as JSON the way the client sends a request body and the rules measure one
// "as sent": compact, without HTML escaping (<, > and & as themselves, not \u003c, so a
// spicepod full of them weighs what any other client's JSON of it weighs), no trailing newline.
func EncodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// BodyMaxBytes bounds a request body as sent (EncodeJSON): the emulator's request-body limit,
// a spicepod at its own limit (SpicepodMaxBytes) and 64 KiB for the other fields. The API
// publishes none (api/README.md: Assumed).
const BodyMaxBytes = SpicepodMaxBytes + 64<<10

// bodyFieldsNamed is how many of the largest fields BodySize's message names.
const bodyFieldsNamed = 3

// BodySize checks a request body as sent (EncodeJSON of the request) against BodyMaxBytes.
// Over it, field is the body's largest field and msg names the limit and the largest fields
// with their sizes. The client refuses such a request before sending it (naming field), so a
// request it considers valid never meets the emulator's body limit, which names no field. The
// result is empty when body fits.
func BodySize(body []byte) (field, msg string) {
	if len(body) <= BodyMaxBytes {
		return "", ""
	}
	type part struct {
		name string
		size int
	}
	var fields map[string]json.RawMessage
	var parts []part
	if json.Unmarshal(body, &fields) == nil {
		for name, raw := range fields {
			parts = append(parts, part{name, len(raw)})
		}
	}
	if len(parts) == 0 {
		parts = []part{{"body", len(body)}}
	}
	slices.SortFunc(parts, func(a, b part) int { return cmp.Or(cmp.Compare(b.size, a.size), strings.Compare(a.name, b.name)) })
	named := make([]string, 0, bodyFieldsNamed)
	for _, p := range parts[:min(len(parts), bodyFieldsNamed)] {
		named = append(named, fmt.Sprintf("%s %s bytes", p.name, plain.Number(p.size)))
	}
	which := "Largest fields: %s: " + FixShortenThem
	if len(named) == 1 {
		which = "Its field: %s: " + FixShortenIt
	}
	return parts[0].name, fmt.Sprintf("Request body too large: %s bytes as sent (JSON); at most %s (1 MiB + 64 KiB) for all fields together. "+
		which, plain.Number(len(body)), plain.Number(BodyMaxBytes), strings.Join(named, ", "))
}
