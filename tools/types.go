package tools

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Argument types carry the API's rules into the tool schemas, taken from the rules package, so
// a schema can never drift from what the client and the emulator enforce.

// AppRef names an app by numeric ID or by name; numbers are accepted as JSON numbers too.
type AppRef string

// JSONSchema implements jsonschema's custom-schema hook.
func (AppRef) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", MinLength: uint64Ptr(1), Description: "App name or numeric ID"}
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

// ID returns the numeric ID when the reference is one.
func (a AppRef) ID() (int64, bool) {
	id, err := strconv.ParseInt(string(a), 10, 64)
	return id, err == nil && id > 0
}

// MemberRef names a member by user ID or username.
type MemberRef string

// JSONSchema implements jsonschema's custom-schema hook.
func (MemberRef) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", MinLength: uint64Ptr(1), Description: "Username or numeric user_id"}
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

// JSONSchema implements jsonschema's custom-schema hook.
func (AppName) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", MinLength: uint64Ptr(uint64(rules.AppNameMin)), MaxLength: uint64Ptr(uint64(rules.AppNameMax)),
		Pattern: rules.AppNamePattern, Description: "App name, unique in the organization; its URL is https://NAME.spice.ai"}
}

// SecretName is a secret's name.
type SecretName string

// JSONSchema implements jsonschema's custom-schema hook.
func (SecretName) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Pattern: rules.SecretNamePattern, Description: "Secret name, e.g. PG_PASS"}
}

// Replicas is a replica count.
type Replicas int

// JSONSchema implements jsonschema's custom-schema hook.
func (Replicas) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "integer", Minimum: json.Number(strconv.Itoa(rules.ReplicasMin)), Maximum: json.Number(strconv.Itoa(rules.ReplicasMax))}
}

// Limit is a list page size.
type Limit int

// JSONSchema implements jsonschema's custom-schema hook.
func (Limit) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "integer", Minimum: json.Number(strconv.Itoa(rules.LimitMin)), Maximum: json.Number(strconv.Itoa(rules.LimitMax)),
		Default: rules.LimitDefault}
}

// KeyNumber picks API keys to regenerate.
type KeyNumber int

// JSONSchema implements jsonschema's custom-schema hook.
func (KeyNumber) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "integer", Enum: []any{0, 1, 2}, Description: "1 primary, 2 secondary, 0 both"}
}

// Tags are string labels; the map replaces the app's tags.
type Tags map[string]string

// JSONSchema implements jsonschema's custom-schema hook.
func (Tags) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "object", AdditionalProperties: &jsonschema.Schema{Type: "string", Pattern: rules.TagValuePattern,
		MaxLength: uint64Ptr(rules.TagValueMax)}}
}

// Spicepod is a manifest as YAML text or as an object.
type Spicepod struct{ Value any }

// JSONSchema implements jsonschema's custom-schema hook: either form is accepted.
func (Spicepod) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Description: "Spicepod manifest: YAML text or an object"}
}

// UnmarshalJSON keeps whatever JSON value was sent; validation says what is wrong with it.
func (s *Spicepod) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &s.Value) }

// MarshalJSON writes the value back.
func (s Spicepod) MarshalJSON() ([]byte, error) { return json.Marshal(s.Value) }

// enum builds the schema of a string restricted to values.
func enum(values []string, description string) *jsonschema.Schema {
	list := make([]any, len(values))
	for i, v := range values {
		list[i] = v
	}
	return &jsonschema.Schema{Type: "string", Enum: list, Description: description}
}

// Visibility is public or private.
type Visibility string

// JSONSchema implements jsonschema's custom-schema hook.
func (Visibility) JSONSchema() *jsonschema.Schema { return enum(rules.Visibilities, "") }

// RegionCode is a region code.
type RegionCode string

// JSONSchema implements jsonschema's custom-schema hook.
func (RegionCode) JSONSchema() *jsonschema.Schema { return enum(rules.RegionCodes, "") }

// UpdateChannel is an app's runtime release channel.
type UpdateChannel string

// JSONSchema implements jsonschema's custom-schema hook.
func (UpdateChannel) JSONSchema() *jsonschema.Schema { return enum(rules.UpdateChannels, "") }

// DeploymentChannel picks the runtime image when no image_tag is given.
type DeploymentChannel string

// JSONSchema implements jsonschema's custom-schema hook.
func (DeploymentChannel) JSONSchema() *jsonschema.Schema { return enum(rules.DeploymentChannels, "") }

// DeploymentStatus filters deployments.
type DeploymentStatus string

// JSONSchema implements jsonschema's custom-schema hook.
func (DeploymentStatus) JSONSchema() *jsonschema.Schema { return enum(rules.DeploymentStatuses, "") }

// ImageChannel is a container-image channel.
type ImageChannel string

// JSONSchema implements jsonschema's custom-schema hook.
func (ImageChannel) JSONSchema() *jsonschema.Schema {
	return enum(rules.ImageChannels, "Default stable; enterprise needs a subscription")
}

// RegionEnv filters regions.
type RegionEnv string

// JSONSchema implements jsonschema's custom-schema hook.
func (RegionEnv) JSONSchema() *jsonschema.Schema { return enum(rules.RegionEnvs, "") }

// Role is a member role.
type Role string

// JSONSchema implements jsonschema's custom-schema hook.
func (Role) JSONSchema() *jsonschema.Schema { return enum(rules.MemberRoles, "") }

func uint64Ptr(n uint64) *uint64 { return &n }
