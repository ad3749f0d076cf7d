package present

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// sensitiveKeyParts mark spicepod parameters that usually hold credentials (matched as
// substrings of the lower-cased key: pg_pass, api_key, aws_secret_access_key, auth_token…).
var sensitiveKeyParts = []string{"pass", "secret", "token", "apikey", "api_key", "api-key", "access_key",
	"access-key", "credential", "private_key", "private-key", "auth"}

func sensitiveKey(key string) bool {
	lower := strings.ToLower(key)
	return slices.ContainsFunc(sensitiveKeyParts, func(part string) bool { return strings.Contains(lower, part) })
}

// secretReference is a spicepod value that names a secret instead of holding one.
var secretReference = regexp.MustCompile(`^\$\{\s*[a-zA-Z_]+:[^}]+\}$`)

// Masked replaces an inline credential in a spicepod.
const Masked = "********"

// MaskApp returns a copy of the app whose spicepod has inline credentials masked; references
// such as ${secrets:PG_PASS} are kept. Results only ever carry the masked copy.
func MaskApp(a *client.AppWithConfig) *client.AppWithConfig {
	masked := *a
	if a.Config.Spicepod != nil {
		masked.Config.Spicepod = maskValue(a.Config.Spicepod, false).(map[string]any)
	}
	return &masked
}

func maskValue(v any, sensitive bool) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, item := range t {
			out[k] = maskValue(item, sensitive || sensitiveKey(k))
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = maskValue(item, sensitive)
		}
		return out
	case string:
		if sensitive && t != "" && !secretReference.MatchString(strings.TrimSpace(t)) {
			return Masked
		}
	}
	return v
}

// spicepodYAML renders a spicepod as block YAML with version, kind and name first, as people
// write it, and other keys sorted. A spicepod is JSON-shaped (maps, lists, scalars), so a
// small emitter suffices; it is several times cheaper than a general YAML encoder.
func spicepodYAML(pod map[string]any) string {
	head := []string{"version", "kind", "name"}
	keys := slices.DeleteFunc(slices.Clone(head), func(k string) bool { _, ok := pod[k]; return !ok })
	for _, k := range slices.Sorted(maps.Keys(pod)) {
		if !slices.Contains(head, k) {
			keys = append(keys, k)
		}
	}
	var b strings.Builder
	emitMap(&b, pod, keys, 0, false)
	return b.String()
}

// emitMap writes m's keys at indent; with dashLine the first key continues a list item's
// "- " line and the others align under it.
func emitMap(b *strings.Builder, m map[string]any, keys []string, indent int, dashLine bool) {
	for i, k := range keys {
		if i > 0 || !dashLine {
			b.WriteString(strings.Repeat(" ", indent))
		}
		b.WriteString(yamlScalar(k) + ":")
		emitValue(b, m[k], indent)
	}
}

// emitValue writes what follows "key:" or "-" at the given indent.
func emitValue(b *strings.Builder, v any, indent int) {
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteString("\n")
		emitMap(b, t, slices.Sorted(maps.Keys(t)), indent+2, false)
	case []any:
		if len(t) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteString("\n")
		for _, item := range t {
			b.WriteString(strings.Repeat(" ", indent+2) + "-")
			if m, ok := item.(map[string]any); ok && len(m) > 0 {
				b.WriteString(" ")
				emitMap(b, m, slices.Sorted(maps.Keys(m)), indent+4, true)
				continue
			}
			emitValue(b, item, indent+2)
		}
	default:
		b.WriteString(" " + yamlScalar(v) + "\n")
	}
}

// plainScalar is text YAML reads back as the same string without quotes.
var plainScalar = regexp.MustCompile(`^[A-Za-z_/.][A-Za-z0-9_./@+:-]*( [A-Za-z0-9_./@+:-]+)*$`)

// yamlKeywords would read as booleans or null if left unquoted.
var yamlKeywords = []string{"true", "false", "yes", "no", "on", "off", "null", "y", "n"}

// yamlScalar renders a JSON value as a YAML scalar; strings are JSON-quoted (valid YAML)
// unless they are unambiguous plain text.
func yamlScalar(v any) string {
	switch t := v.(type) {
	case string:
		if plainScalar.MatchString(t) && !strings.Contains(t, ": ") && !strings.HasSuffix(t, ":") &&
			!slices.Contains(yamlKeywords, strings.ToLower(t)) {
			return t
		}
		quoted, _ := json.Marshal(t)
		return string(quoted)
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case json.Number:
		return t.String()
	case int:
		return strconv.Itoa(t)
	case int64:
		return strconv.FormatInt(t, 10)
	}
	quoted, _ := json.Marshal(v)
	return string(quoted)
}
