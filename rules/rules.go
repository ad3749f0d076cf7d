// Package rules holds the Management API's input rules in one place: the client checks them
// before sending anything, the emulator enforces them, and the MCP tool schemas are built from
// the same constants. Each check returns "" when the value is valid, else the API's own
// field message (documented texts where Spice publishes them).
package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Limits and patterns from openapi.json.
const (
	AppNameMin     = 4
	AppNameMax     = 38
	AppNamePattern = `^[a-zA-Z0-9-]+$`

	SecretNamePattern = `^[a-zA-Z_][a-zA-Z0-9_]*$`

	ReplicasMin = 1
	ReplicasMax = 10

	LimitMin     = 1
	LimitMax     = 100
	LimitDefault = 20

	// TagValueMax and TagValuePattern follow what Spice's deploy Action enforces, because the API
	// answers other characters with a generic 400 (observed, spice-api/README.md §7.3).
	TagValueMax     = 256
	TagValuePattern = `^[a-zA-Z0-9_@-]*$`
)

// Enumerations from openapi.json.
var (
	Visibilities       = []string{"public", "private"}
	UpdateChannels     = []string{"stable", "preview", "nightly", "internal", "internal-sandbox"}
	DeploymentChannels = []string{"stable", "preview", "nightly", "internal"}
	DeploymentStatuses = []string{"queued", "in_progress", "succeeded", "failed", "created"}
	MemberRoles        = []string{"owner", "member", "billing"}
	ImageChannels      = []string{"stable", "enterprise"}
	RegionEnvs         = []string{"prod", "dev"}
	RegionCodes        = []string{"us-east-1", "us-west-2"}
	KeyNumbers         = []int{0, 1, 2}
)

var (
	appNameRE    = regexp.MustCompile(AppNamePattern)
	secretNameRE = regexp.MustCompile(SecretNamePattern)
	tagValueRE   = regexp.MustCompile(TagValuePattern)
)

// AppName checks an app name: 4-38 characters, ASCII letters, digits and hyphens.
func AppName(name string) string {
	switch {
	case name == "":
		return "Required"
	case len(name) < AppNameMin:
		return "App name must be at least 4 characters"
	case len(name) > AppNameMax:
		return "App name must be at most 38 characters"
	case !appNameRE.MatchString(name):
		return "App name can only contain letters, numbers, and hyphens"
	}
	return ""
}

// SecretName checks a secret name: a letter or underscore first, then letters, digits, underscores.
func SecretName(name string) string {
	switch {
	case name == "":
		return "Required"
	case secretNameRE.MatchString(name):
		return ""
	case !secretNameRE.MatchString(name[:1]):
		return "Secret name must start with a letter or underscore"
	}
	return "Secret name can only contain letters, numbers, and underscores"
}

// Replicas checks a replica count in a request (1-10).
func Replicas(n int) string {
	if n < ReplicasMin || n > ReplicasMax {
		return "Replicas must be between 1 and 10"
	}
	return ""
}

// Limit checks a list page size (1-100).
func Limit(n int) string {
	if n < LimitMin || n > LimitMax {
		return "Limit must be between 1 and 100"
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

// Enum checks that value is one of allowed, in the wording of the API's validator.
func Enum(value string, allowed []string) string {
	if slices.Contains(allowed, value) {
		return ""
	}
	return fmt.Sprintf("Invalid enum value. Expected %s, received '%s'", quoteAll(allowed), value)
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
		if k == "" {
			return "Tag keys must not be empty"
		}
		if len(v) > TagValueMax || !tagValueRE.MatchString(v) {
			return fmt.Sprintf("Tag %q: values may contain only letters, digits, '_', '@' and '-' (at most %d characters)", k, TagValueMax)
		}
	}
	return ""
}

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

// String renders "field: message; field: message" in field order.
func (fe FieldErrors) String() string {
	var b strings.Builder
	for i, f := range fe.Fields() {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f + ": " + strings.Join(fe[f], ", "))
	}
	return b.String()
}
