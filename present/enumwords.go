package present

import (
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// validatorWords is a field message in the API validator's (Zod's) words in ours, after the
// field's name (and a path inside it: "limits.cpu: "): an enum refusal (enumWords), a value of
// the wrong JSON type ("must be a string or an object; got a number"), a number, list or text
// out of bounds. Any other message is returned as it is.
func validatorWords(msg string) string {
	if w := enumWords(msg); w != msg {
		return w
	}
	path, rest := "", msg
	if i := strings.LastIndex(msg, ": "); i >= 0 && plainPath(msg[:i]) {
		path, rest = msg[:i+2], msg[i+2:]
	}
	if w := enumWords(rest); w != rest {
		return path + w
	}
	if w := typeWords(rest); w != "" {
		return path + w
	}
	for _, b := range []struct{ head, tail, words, after, one string }{
		{"Number must be greater than or equal to ", "", "must be ", " or more", ""},
		{"Number must be less than or equal to ", "", "must be ", " or less", ""},
		{"Array must contain at least ", " element(s)", "must list at least ", "", "must list at least one"},
		{"String must contain at least ", " character(s)", "must be at least ", " characters long", "must not be empty"},
	} {
		if n, ok := strings.CutPrefix(rest, b.head); ok {
			if n, ok = strings.CutSuffix(n, b.tail); ok && n != "" && strings.Trim(n, "0123456789.-") == "" {
				if n == "1" && b.one != "" {
					return path + b.one
				}
				return path + b.words + n + b.after
			}
		}
	}
	return msg
}

// typeWords is Zod's "Expected string or object, received number" in our words, "" for any
// other text.
func typeWords(msg string) string {
	rest, ok := strings.CutPrefix(msg, "Expected ")
	if !ok {
		return ""
	}
	want, got, ok := strings.Cut(rest, ", received ")
	if !ok || !jsonKind(got) {
		return ""
	}
	kinds := strings.Split(want, " or ")
	for i, k := range kinds {
		if !jsonKind(k) {
			return ""
		}
		kinds[i] = withArticle(k)
	}
	return "must be " + strings.Join(kinds, " or ") + "; got " + withArticle(got)
}

// jsonKind reports one of JSON's kinds as the validator names them.
func jsonKind(k string) bool {
	switch k {
	case "string", "number", "boolean", "object", "array", "null":
		return true
	}
	return false
}

// withArticle is a JSON kind after "a" or "an" (null as it is).
func withArticle(k string) string {
	switch k {
	case "null":
		return k
	case "object", "array":
		return "an " + k
	}
	return "a " + k
}

// plainPath reports a path inside a field as the rules write it before a message: "limits",
// "limits.cpu", "replicas".
func plainPath(p string) bool {
	return p != "" && strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == ""
}

// enumWords is a refusal of a value outside a field's allowed ones in our words, after the
// field's name: "must be public or private; got 'open'" for the API validator's (Zod's)
// "Invalid enum value. Expected 'public' | 'private', received 'open'", the value as it was
// quoted kept, masked when it looks like a credential. The rules' hint for a value that differs only in case follows as "(case
// matters: public)". Any other message, or one whose allowed values are not plain words (an
// answer that only looks like it), is returned as it is.
func enumWords(msg string) string {
	const head, mid = "Invalid enum value. Expected ", ", received "
	rest, ok := strings.CutPrefix(msg, head)
	if !ok {
		return msg
	}
	list, got, ok := strings.Cut(rest, mid)
	if !ok {
		return msg
	}
	var allowed []string
	for _, q := range strings.Split(list, " | ") {
		v, ok := strings.CutPrefix(q, "'")
		if v, ok = strings.CutSuffix(v, "'"); !ok || !plainEnumValue(v) {
			return msg
		}
		allowed = append(allowed, v)
	}
	hint := ""
	if i := strings.LastIndex(got, "; did you mean '"); i >= 0 && strings.HasSuffix(got, "'? (case matters)") {
		v := got[i+len("; did you mean '") : len(got)-len("'? (case matters)")]
		if plainEnumValue(v) {
			got, hint = got[:i], " (case matters: "+v+")"
		}
	}
	if got != "null" && (len(got) < 2 || got[0] != '\'' || got[len(got)-1] != '\'') {
		return msg
	}
	if sent := got[1 : len(got)-1]; got != "null" && MaskText(sent) != sent {
		// A credential given in the wrong argument is not echoed back.
		got = "'" + MaskText(sent) + "' (masked: it looks like a credential)"
	}
	switch len(allowed) {
	case 1:
		return "must be " + allowed[0] + "; got " + got + hint
	case 2:
		return "must be " + allowed[0] + " or " + allowed[1] + "; got " + got + hint
	}
	return "must be one of " + strings.Join(allowed, ", ") + "; got " + got + hint
}

// plainEnumValue reports a value as enums hold them: ASCII letters, digits, '.', '_', '-'.
func plainEnumValue(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// enumPieces is an API error answer's pieces (client.APIError.Shown) with each field error
// in the validator's words in ours (validatorWords); the pieces are still the answer's, masked and
// escaped as its texts are.
func enumPieces(pieces []client.ShownPiece) []client.ShownPiece {
	var out []client.ShownPiece
	for i, p := range pieces {
		if !p.API || p.Part != client.ShownFieldErrors {
			continue
		}
		if w := validatorWords(p.Text); w != p.Text {
			if out == nil {
				out = append([]client.ShownPiece(nil), pieces...)
			}
			out[i].Text = w
		}
	}
	if out == nil {
		return pieces
	}
	return out
}
