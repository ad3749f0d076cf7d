package tools

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Argument types carry the API's rules into the tool schemas, taken from the rules package, so
// a schema can never drift from what the client and the emulator enforce.

// AppRef names an app by name or ID, after the rule in resolve.go (matchApp): "id:101" is
// always an ID; otherwise a name match wins, digits that name no app are an ID, and digits
// that are one app's name and another's ID are ambiguous. Numbers are accepted as JSON numbers.
type AppRef string

// jsonSchema is the type's own schema (see schema.go).
func (AppRef) jsonSchema() *schema {
	return &schema{Type: "string", MinLength: uint64Ptr(1), Description: "App name or ID (id:101 forces an ID)"}
}

// UnmarshalJSON accepts "analytics-app", "101" and 101.
func (a *AppRef) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*a = AppRef(n.String())
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New(present.ArgAppRef)
	}
	*a = AppRef(strings.TrimSpace(s))
	return nil
}

// explicitID returns the ID of an "id:101" reference.
func (a AppRef) explicitID() (int64, bool) {
	digits, ok := strings.CutPrefix(string(a), present.AppIDPrefix)
	if !ok {
		return 0, false
	}
	return AppRef(strings.TrimSpace(digits)).decimal()
}

// decimal returns the ID that digits in plain decimal spell: "101", not "0101" or "+101".
func (a AppRef) decimal() (int64, bool) {
	id, err := strconv.ParseInt(string(a), 10, 64)
	return id, err == nil && id > 0 && strconv.FormatInt(id, 10) == string(a)
}

// onlyID returns the ID when the reference can only be one: explicit, or digits too short or
// too long to be an app name. Anything else needs the app list.
func (a AppRef) onlyID() (int64, bool) {
	if id, ok := a.explicitID(); ok {
		return id, true
	}
	id, ok := a.decimal()
	return id, ok && rules.AppName(string(a)) != ""
}

// check refuses an "id:" reference that is not followed by a plain positive ID.
func (a AppRef) check() string {
	if _, ok := a.explicitID(); !ok && strings.HasPrefix(string(a), present.AppIDPrefix) {
		return present.ArgAppIDForm
	}
	return ""
}

// MemberRef names a member by user ID or username.
type MemberRef string

// jsonSchema is the type's own schema (see schema.go).
func (MemberRef) jsonSchema() *schema {
	return &schema{Type: "string", MinLength: uint64Ptr(1), Description: "Username or numeric user_id"}
}

// UnmarshalJSON accepts "jdoe", "3" and 3.
func (m *MemberRef) UnmarshalJSON(b []byte) error {
	var ref AppRef
	if err := ref.UnmarshalJSON(b); err != nil {
		return errors.New(present.ArgMemberRef)
	}
	*m = MemberRef(ref)
	return nil
}

// AppName is a new app's name.
type AppName string

// jsonSchema is the type's own schema (see schema.go).
func (AppName) jsonSchema() *schema {
	return &schema{Type: "string", MinLength: uint64Ptr(uint64(rules.AppNameMin)), MaxLength: uint64Ptr(uint64(rules.AppNameMax)),
		Pattern: rules.AppNamePattern, Description: "App name, unique in the organization; its URL is https://NAME.spice.ai"}
}

// SecretName is a secret's name.
type SecretName string

// jsonSchema is the type's own schema (see schema.go).
func (SecretName) jsonSchema() *schema {
	return &schema{Type: "string", Pattern: rules.SecretNamePattern, Description: "e.g. PG_PASS (a password, token or other credential)"}
}

// check applies the API's secret-name rule: a name also travels in request paths, where
// anything else could be a dot-segment or a separator.
func (s SecretName) check() string { return rules.SecretName(string(s)) }

// Replicas is a replica count.
type Replicas int

// jsonSchema is the type's own schema (see schema.go).
func (Replicas) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: json.Number(strconv.Itoa(rules.ReplicasMin)), Maximum: json.Number(strconv.Itoa(rules.ReplicasMax))}
}

// Limit is a list page size.
type Limit int

// jsonSchema is the type's own schema (see schema.go).
func (Limit) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: json.Number(strconv.Itoa(rules.LimitMin)), Maximum: json.Number(strconv.Itoa(rules.LimitMax)),
		Default: rules.LimitDefault}
}

// KeyNumber picks API keys to regenerate.
type KeyNumber int

// jsonSchema is the type's own schema (see schema.go).
func (KeyNumber) jsonSchema() *schema {
	return &schema{Type: "integer", Enum: []any{0, 1, 2}, Description: "1 primary, 2 secondary, 0 both"}
}

// Tags are string labels; the map replaces the app's tags.
type Tags map[string]string

// jsonSchema is the type's own schema (see schema.go).
func (Tags) jsonSchema() *schema {
	return &schema{Type: "object", AdditionalProperties: &schema{Type: "string", Pattern: rules.TagValuePattern,
		MaxLength: uint64Ptr(rules.TagValueMax)}}
}

// Spicepod is a manifest as YAML text or as an object.
type Spicepod struct{ Value any }

// jsonSchema is the type's own schema (see schema.go): either form is accepted.
func (Spicepod) jsonSchema() *schema {
	return &schema{Description: "Spicepod manifest: YAML text or an object"}
}

// UnmarshalJSON keeps whatever JSON value was sent; validation says what is wrong with it.
func (s *Spicepod) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &s.Value) }

// MarshalJSON writes the value back.
func (s Spicepod) MarshalJSON() ([]byte, error) { return json.Marshal(s.Value) }

// enum builds the schema of a string restricted to values.
func enum(values []string, description string) *schema {
	list := make([]any, len(values))
	for i, v := range values {
		list[i] = v
	}
	return &schema{Type: "string", Enum: list, Description: description}
}

// Visibility is public or private.
type Visibility string

// jsonSchema is the type's own schema (see schema.go).
func (Visibility) jsonSchema() *schema { return enum(rules.Visibilities, "") }

// RegionCode is a region code.
type RegionCode string

// jsonSchema is the type's own schema (see schema.go).
func (RegionCode) jsonSchema() *schema { return enum(rules.RegionCodes, "") }

// UpdateChannel is an app's runtime release channel.
type UpdateChannel string

// jsonSchema is the type's own schema (see schema.go).
func (UpdateChannel) jsonSchema() *schema { return enum(rules.UpdateChannels, "") }

// DeploymentChannel picks the runtime image when no image_tag is given.
type DeploymentChannel string

// jsonSchema is the type's own schema (see schema.go).
func (DeploymentChannel) jsonSchema() *schema { return enum(rules.DeploymentChannels, "") }

// DeploymentStatus filters deployments.
type DeploymentStatus string

// jsonSchema is the type's own schema (see schema.go).
func (DeploymentStatus) jsonSchema() *schema { return enum(rules.DeploymentStatuses, "") }

// ImageChannel is a container-image channel.
type ImageChannel string

// jsonSchema is the type's own schema (see schema.go).
func (ImageChannel) jsonSchema() *schema {
	return enum(rules.ImageChannels, "Default stable; enterprise needs a subscription")
}

// RegionEnv filters regions.
type RegionEnv string

// jsonSchema is the type's own schema (see schema.go).
func (RegionEnv) jsonSchema() *schema { return enum(rules.RegionEnvs, "") }

// Role is a member role.
type Role string

// jsonSchema is the type's own schema (see schema.go).
func (Role) jsonSchema() *schema { return enum(rules.MemberRoles, "") }

func uint64Ptr(n uint64) *uint64 { return &n }
