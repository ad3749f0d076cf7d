// Package rules holds the Management API's input rules in one place: the client checks them
// before sending anything, the emulator enforces them, and the MCP tool schemas are built from
// the same constants. Each check returns "" when the value is valid, else the API's own
// field message (documented texts where Spice publishes them).
package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// Limits and patterns from openapi.json, through the generated operation table.
var (
	AppNameMin     = api.CreateAppRequestName.MinLength
	AppNameMax     = api.CreateAppRequestName.MaxLength
	AppNamePattern = api.CreateAppRequestName.Pattern

	SecretNamePattern = api.UpsertSecretRequestName.Pattern

	ReplicasMin = int(api.CreateDeploymentRequestReplicas.Minimum)
	ReplicasMax = int(api.CreateDeploymentRequestReplicas.Maximum)

	LimitMin     = int(listLimit.Rule.Minimum)
	LimitMax     = int(listLimit.Rule.Maximum)
	LimitDefault = listLimit.Rule.DefaultInt()

	// TailDefault is the instance log lines the API answers when tail is not given.
	TailDefault = logTail.Rule.DefaultInt()
)

var (
	listLimit, _ = api.ListDeployments.Param("limit")
	logTail, _   = api.GetProjectInstanceLogs.Param("tail")
)

// TagValueMax and TagValuePattern follow what Spice's deploy Action enforces, because the API
// answers other characters with a generic 400 (observed, api/README.md §7.3); openapi.json
// leaves tag values open.
const (
	TagValueMax     = 256
	TagValuePattern = `^[a-zA-Z0-9_@-]*$`
)

// OrgNamePattern is the X-Org-Name handles Spice's CLI sends, OrgNameRule (api/README.md,
// Observed: the server's own rule is not published). Nothing else is sent: a handle outside it
// names no organization the CLI can reach. \w is [A-Za-z0-9_] in RE2 and ECMA-262 alike, and
// 5 tokens shorter on each of ~36 tool schemas.
const (
	OrgNamePattern = `^[\w.-]{1,64}$`
	OrgNameRule    = "[A-Za-z0-9._-]{1,64}"
)

// MemberRefMax caps a member reference (a username or user ID) and add_member's username, in
// characters: openapi.json gives usernames no maxLength, and a longer one names no Spice.ai
// (GitHub) user, so it is refused before it is sent or quoted back.
const MemberRefMax = 1024

// Enumerations from openapi.json.
var (
	Visibilities       = api.CreateAppRequestVisibility.Enum
	UpdateChannels     = api.UpdateAppRequestUpdateChannel.Enum
	DeploymentChannels = api.CreateDeploymentRequestChannel.Enum
	DeploymentStatuses = api.DeploymentStatus.Enum
	MemberRoles        = api.MemberRole.Enum
	ImageChannels      = api.ContainerImageChannel.Enum
	RegionEnvs         = regionEnv.Rule.Enum
	RegionCodes        = api.CreateAppRequestRegion.Enum
	KeyNumbers         = api.RegenerateAPIKeyRequestKeyNumber.EnumInts()
)

var regionEnv, _ = api.ListRegions.Param("env")

// appNameRE and the others are compiled on first use, not at start-up.
func appNameRE() *regexp.Regexp    { return api.Regexp(AppNamePattern) }
func secretNameRE() *regexp.Regexp { return api.Regexp(SecretNamePattern) }
func tagValueRE() *regexp.Regexp   { return api.Regexp(TagValuePattern) }
func orgNameRE() *regexp.Regexp    { return api.Regexp(OrgNamePattern) }

// OrgName checks an X-Org-Name handle ("" = none sent, nothing to check).
func OrgName(org string) string {
	if org == "" || orgNameRE().MatchString(org) {
		return ""
	}
	return "Must match " + OrgNameRule + ": 1 to 64 ASCII letters, digits, '.', '_' or '-'"
}

// AppName checks an app name: 4-38 characters, ASCII letters, digits and hyphens.
func AppName(name string) string {
	switch {
	case name == "":
		return "Required"
	case len(name) < AppNameMin:
		return "App name must be at least " + plain.Number(AppNameMin) + " characters"
	case len(name) > AppNameMax:
		return "App name must be at most " + plain.Number(AppNameMax) + " characters"
	case !appNameRE().MatchString(name):
		return "App name can only contain letters, numbers, and hyphens"
	}
	return ""
}

// SecretName checks a secret name: a letter or underscore first, then letters, digits, underscores.
func SecretName(name string) string {
	switch {
	case name == "":
		return "Required"
	case secretNameRE().MatchString(name):
		return ""
	case !secretNameRE().MatchString(name[:1]):
		return "Secret name must start with a letter or underscore"
	}
	return "Secret name can only contain letters, numbers, and underscores"
}

// Replicas checks a replica count in a request (1-10).
func Replicas(n int) string {
	if n < ReplicasMin || n > ReplicasMax {
		return "Replicas must be between " + plain.Number(ReplicasMin) + " and " + plain.Number(ReplicasMax)
	}
	return ""
}

// Limit checks a list page size (1-100).
func Limit(n int) string {
	if n < LimitMin || n > LimitMax {
		return "Limit must be between " + plain.Number(LimitMin) + " and " + plain.Number(LimitMax)
	}
	return ""
}

// KeyNumber checks which API key to regenerate: 0 both, 1 primary, 2 secondary.
func KeyNumber(n int) string {
	if !slices.Contains(KeyNumbers, n) {
		return "Must be 0, 1, or 2"
	}
	return ""
}

// Username checks the username of a member to add.
func Username(name string) string {
	if strings.TrimSpace(name) == "" {
		return "Username is required"
	}
	return ""
}

// Roles checks a list of member roles that is sent (add member, change roles): at least one,
// each a MemberRole. openapi.json gives neither body's roles a minItems, but a member holds at
// least one role and the add's default (["member"]) applies only when roles is left out, so an
// empty list is refused on both routes rather than read as the default or as no role.
func Roles(roles []string) string { return Wording{}.Roles(roles) }

// Roles is the package's Roles in w.
func (w Wording) Roles(roles []string) string {
	if len(roles) == 0 {
		return "Array must contain at least 1 element(s)"
	}
	for _, r := range roles {
		if msg := w.Enum(r, MemberRoles); msg != "" {
			return msg
		}
	}
	return ""
}

// Wording is how a refusal quotes the value it refuses: the package's functions write a
// character that does not show escaped (Echoed), so the reader sees why "us-west-2" was refused;
// AsAPI quotes it as received.
type Wording struct{ asReceived bool }

// AsAPI is the API validator's own wording, the value as received: the emulator's 400 bodies,
// which say what the real API's say (api/README.md).
var AsAPI = Wording{asReceived: true}

func (w Wording) echo(value string) string {
	if w.asReceived {
		return value
	}
	return Echoed(value)
}

// Echoed is a value as a refusal quotes it: as it is, unless it holds a character that does not
// show (Hidden: a zero-width space, a bidirectional override, a control character) or a
// backslash; then each hidden one is written as its escape (\u200b, \U000e0020) and a backslash
// as \\, so a typed "\u200b" and an invisible U+200B read apart.
func Echoed(value string) string {
	if !strings.ContainsFunc(value, func(r rune) bool { return r == '\\' || Hidden(r) }) {
		return value
	}
	var b strings.Builder
	for _, r := range value {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case Hidden(r):
			writeEscape(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeEscape writes r as Echoed escapes a hidden character: \u200b, \U000e0020.
func writeEscape(b *strings.Builder, r rune) {
	if r > 0xffff {
		fmt.Fprintf(b, `\U%08x`, r)
		return
	}
	fmt.Fprintf(b, `\u%04x`, r)
}

// Enum checks that value is one of allowed, in the wording of the API's validator.
func Enum(value string, allowed []string) string { return Wording{}.Enum(value, allowed) }

// Enum is the package's Enum in w.
func (w Wording) Enum(value string, allowed []string) string {
	if slices.Contains(allowed, value) {
		return ""
	}
	msg := fmt.Sprintf("Invalid enum value. Expected %s, received '%s'", quoteAll(allowed), w.echo(value))
	if i := slices.IndexFunc(allowed, func(a string) bool { return strings.EqualFold(a, value) }); i >= 0 && !w.asReceived {
		// Only the case differs: say which value to send (the API's own words stay as they are).
		msg += fmt.Sprintf("; did you mean '%s'? (case matters)", allowed[i])
	}
	return msg
}

// EnumNull refuses null where one of allowed is expected, in Enum's words.
func EnumNull(allowed []string) string {
	return fmt.Sprintf("Invalid enum value. Expected %s, received null", quoteAll(allowed))
}

// TagKey checks a tag key. openapi.json leaves keys free-form, but a key with spaces or a line
// break around it, or holding a character that does not show where it stands, would be stored
// and shown as another key reads (Assumed, api/README.md §7.1): such a key is refused as a name
// with no ASCII rule is (StrayHidden: an emoji's joiner or a Persian non-joiner is the key's).
func TagKey(key string) string {
	switch {
	case key == "":
		return "Tag keys must not be empty"
	case BlankAround(key):
		return fmt.Sprintf("Tag key %s must not start or end with spaces or line breaks", strconv.QuoteToASCII(key))
	case StrayHidden(key):
		return fmt.Sprintf("Tag key %s must not hold a character that does not show", strconv.QuoteToASCII(key))
	}
	return ""
}

// Tags checks tag keys and values; it returns the first problem found.
func Tags(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := tags[k]
		if msg := TagKey(k); msg != "" {
			return msg
		}
		if !TagValueOK(v) {
			return fmt.Sprintf("Tag %q: values may contain only letters, digits, '_', '@' and '-' (at most %s characters)", k, plain.Number(TagValueMax))
		}
	}
	return ""
}

// TagValueOK reports whether v is a tag value Spice accepts (TagValueMax, TagValuePattern).
func TagValueOK(v string) bool { return len(v) <= TagValueMax && tagValueRE().MatchString(v) }

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + v + "'"
	}
	return strings.Join(quoted, " | ")
}

// FieldErrors maps a request field to its messages, as in the API's `details.fieldErrors`.
type FieldErrors map[string][]string

// Check records msg under field when msg is not empty.
func (fe FieldErrors) Check(field, msg string) {
	if msg != "" {
		fe[field] = append(fe[field], msg)
	}
}

// Fields returns the field names in sorted order, for stable messages.
func (fe FieldErrors) Fields() []string {
	fields := make([]string, 0, len(fe))
	for f := range fe {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	return fields
}

// String renders "field: message; field: message" in field order; field "" (a refusal of the
// request as a whole) is its message alone.
func (fe FieldErrors) String() string {
	var b strings.Builder
	for i, f := range fe.Fields() {
		if i > 0 {
			b.WriteString("; ")
		}
		msgs := fe[f]
		if f != "" { // "": the request as a whole
			b.WriteString(f + ": ")
			msgs = make([]string, len(fe[f]))
			for i, m := range fe[f] {
				msgs[i] = WithoutFieldName(f, m)
			}
		}
		b.WriteString(strings.Join(msgs, ", "))
	}
	return b.String()
}

// WithoutFieldName is message without a leading restatement of field, which a rendering
// "field: message" names already: "Replicas must be between 1 and 10" under replicas, "Image
// tag …" or "image_tag …" under image_tag, "App name …" or "Secret name …" under name (and
// under a secrets map's key, "BAD-NAME: Secret name …").
func WithoutFieldName(field, message string) string {
	for _, name := range []string{strings.ReplaceAll(field, "_", " "), field} { // "root_directory must be …" too
		if len(message) > len(name)+1 && message[len(name)] == ' ' && strings.EqualFold(message[:len(name)], name) {
			return message[len(name)+1:]
		}
	}
	if field == "name" || field == "secrets" {
		path, rest := "", message
		if i := strings.Index(message, ": "); field == "secrets" && i > 0 {
			path, rest = message[:i+2], message[i+2:]
		}
		for _, kind := range []string{"App name ", "Secret name "} {
			if strings.HasPrefix(rest, kind) {
				return path + rest[len(kind):]
			}
		}
	}
	return message
}
