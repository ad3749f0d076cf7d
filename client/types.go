package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Response types follow openapi.json. Decoding is tolerant: unknown fields are ignored and
// nullable strings decode to "" (omitted again when re-encoded), so structured results stay small.

// Health is GET /v1/health.
type Health struct {
	Status    string    `json:"status"`
	Timestamp Timestamp `json:"timestamp"`
}

// HealthOK is the one status a health answer documents (openapi.json Health: status const "ok").
const HealthOK = "ok"

// unusable: both fields are required, and status is always "ok" when the service answers; an
// answer without them, or with another status, is a *ResponseError, never "healthy".
func (h *Health) unusable() (missing []string, unexpected map[string]string) {
	if h.Status == "" {
		missing = append(missing, "status")
	} else if h.Status != HealthOK {
		unexpected = map[string]string{"status": h.Status}
	}
	if h.Timestamp.IsZero() {
		missing = append(missing, "timestamp")
	}
	return missing, unexpected
}

// Region is a placement target for apps. providerName and isDefault are camelCase in the API.
type Region struct {
	Name         string `json:"name"`
	Region       string `json:"region"`
	CName        string `json:"cname"`
	Provider     string `json:"provider"`
	ProviderName string `json:"providerName"`
	IsDefault    bool   `json:"isDefault,omitempty" jsonschema:"description=Absent when false"`
	Disabled     bool   `json:"disabled,omitempty" jsonschema:"description=Absent when false"`
}

// RegionList is the GET /v1/regions envelope.
type RegionList struct {
	Regions []Region `json:"regions"`
	Default string   `json:"default"`
}

// ContainerImage is a published Spice runtime image; Tag is what goes in image_tag.
type ContainerImage struct {
	Name    string `json:"name"`
	Tag     string `json:"tag"`
	Channel string `json:"channel"`
}

// ContainerImageList is the GET /v1/container-images envelope.
type ContainerImageList struct {
	Images  []ContainerImage `json:"images"`
	Default string           `json:"default"`
}

// AppURL is https://<app-name>.spice.ai, or "" when name is not an app name (rules.AppName):
// a name is the API's text, and "evil.example/login?x=" or "user@evil.example#" would make a
// link to another host.
func AppURL(name string) string {
	if rules.AppName(name) != "" {
		return ""
	}
	return "https://" + name + ".spice.ai"
}

// CreateAppRequest is POST /v1/apps. Placement is Region or CName (Region wins when both are set).
type CreateAppRequest struct {
	Name        string            `json:"name"`
	CName       string            `json:"cname,omitempty"`
	Region      string            `json:"region,omitempty"`
	Description string            `json:"description,omitempty"`
	Visibility  string            `json:"visibility,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
}

// UpdateAppRequest is PUT /v1/apps/{appId}, a partial update: only non-nil fields are sent, so
// an explicit empty string (clearing a description) is kept. Spicepod is YAML text or a map.
// Tags, when non-nil, replaces the whole map.
type UpdateAppRequest struct {
	Description        *string           `json:"description,omitempty"`
	Visibility         *string           `json:"visibility,omitempty"`
	ProductionBranch   *string           `json:"production_branch,omitempty"`
	Tags               map[string]string `json:"tags,omitzero"` // an empty map clears every tag
	Spicepod           any               `json:"spicepod,omitempty"`
	ImageTag           *string           `json:"image_tag,omitempty"`
	Image              *string           `json:"image,omitempty"`
	Registry           *string           `json:"registry,omitempty"`
	UpdateChannel      *string           `json:"update_channel,omitempty"`
	Replicas           *int              `json:"replicas,omitempty"`
	Region             *string           `json:"region,omitempty"`
	NodeGroup          *string           `json:"node_group,omitempty"`
	StorageClaimSizeGB *float64          `json:"storage_claim_size_gb,omitempty"`
}

// Deployment is one rollout of an app.
type Deployment struct {
	ID            int64      `json:"id"`
	Status        string     `json:"status"`
	CreatedAt     Timestamp  `json:"created_at"`
	StartedAt     *Timestamp `json:"started_at,omitempty"`
	UpdatedAt     *Timestamp `json:"updated_at,omitempty"`
	FinishedAt    *Timestamp `json:"finished_at,omitempty"`
	ImageTag      string     `json:"image_tag,omitempty"`
	Replicas      int        `json:"replicas"`
	Branch        string     `json:"branch,omitempty"`
	CommitSHA     string     `json:"commit_sha,omitempty"`
	CommitMessage string     `json:"commit_message,omitempty"`
	ErrorMessage  string     `json:"error_message,omitempty"`
	// ErrorCode says why a deployment failed (current generation; see Retriable).
	ErrorCode      string `json:"error_code,omitempty"`
	Image          string `json:"image,omitempty"`
	CreationSource string `json:"creation_source,omitempty"`
	CreatedBy      Actor  `json:"created_by,omitzero"`
	// errorReceived is error_message as received, before the call's values were redacted from
	// it (keepReceived): what decisions read (ReceivedErrorMessage), never shown.
	errorReceived *string
}

// ReceivedErrorMessage is error_message as the API sent it, not redacted of the call's values:
// for decisions only (which remedy a failure gets), never shown, logged or put in a result.
func (d Deployment) ReceivedErrorMessage() string {
	if d.errorReceived != nil {
		return *d.errorReceived
	}
	return d.ErrorMessage
}

// Deployment status values (the API's words).
const (
	StatusCreated    = "created"
	StatusQueued     = "queued"
	StatusInProgress = "in_progress"
	StatusSucceeded  = "succeeded"
	StatusFailed     = "failed"
)

// StatusInFlight reports whether a deployment of status has not ended and still blocks a new
// one: queued or in_progress. created is not in flight: the current API documents it as a
// superseded historical record (api/README.md §7.6), older documents as a record not yet
// queued; every check of whether a deployment is under way uses this.
func StatusInFlight(status string) bool {
	return status == StatusQueued || status == StatusInProgress
}

// StatusEnded reports whether a deployment of status will not change any more: succeeded or
// failed. created is neither ended nor in flight (older documents have it move on to queued),
// nor is a status this client does not know.
func StatusEnded(status string) bool {
	return status == StatusSucceeded || status == StatusFailed
}

// InFlight reports whether the deployment still blocks a new one (StatusInFlight).
func (d Deployment) InFlight() bool { return StatusInFlight(d.Status) }

// Terminal reports whether the deployment will not change any more (StatusEnded).
func (d Deployment) Terminal() bool { return StatusEnded(d.Status) }

type deploymentList struct {
	Deployments []Deployment `json:"deployments"`
}

// ListDeploymentsOptions filters GET /v1/apps/{appId}/deployments. Zero values mean the API default.
type ListDeploymentsOptions struct {
	Limit  int    // 1-100; 0 = API default (20)
	Status string // one of the deployment statuses; "" = all
	Offset int    // items to skip; optional support on the server
}

// CreateDeploymentRequest is POST /v1/apps/{appId}/deployments; every field is optional.
type CreateDeploymentRequest struct {
	ImageTag      string `json:"image_tag,omitempty"`
	Channel       string `json:"channel,omitempty"`
	Replicas      *int   `json:"replicas,omitempty"`
	Branch        string `json:"branch,omitempty"`
	CommitSHA     string `json:"commit_sha,omitempty"`
	CommitMessage string `json:"commit_message,omitempty"`
	Debug         *bool  `json:"debug,omitempty"`
}

// Secret is a secret's metadata. The API sends only a mask in `value`; the client drops it so
// nothing downstream can mistake it for a value.
type Secret struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt Timestamp `json:"created_at"`
	UpdatedAt Timestamp `json:"updated_at"`
}

type secretList struct {
	Secrets []Secret `json:"secrets"`
}

// APIKeys are an app's runtime keys; both are valid at once. Treat as secrets.
type APIKeys struct {
	APIKey  string `json:"api_key,omitempty"`
	APIKey2 string `json:"api_key_2,omitempty"`
}

// RegeneratedAPIKeys is the result of a regeneration; RegeneratedKey is 0 (both), 1 or 2.
type RegeneratedAPIKeys struct {
	APIKeys
	RegeneratedKey int `json:"regenerated_key"`
}

// Key numbers for RegenerateAPIKey.
const (
	KeyBoth      = 0
	KeyPrimary   = 1
	KeySecondary = 2
)

// regenerateRequest has no omitempty on purpose: key_number 0 means "both" and must be sent.
type regenerateRequest struct {
	KeyNumber int `json:"key_number"`
}

// Member is an organization member. IsOwner is absent (false) in the add-member response.
type Member struct {
	UserID    int64     `json:"user_id"`
	Username  string    `json:"username"`
	Roles     []string  `json:"roles"`
	IsOwner   bool      `json:"is_owner,omitempty" jsonschema:"description=Absent when false"`
	CreatedAt Timestamp `json:"created_at"`
}

type memberList struct {
	Members []Member `json:"members"`
}

// AddMemberRequest is POST /v1/members. Nil Roles are left out, for the server's default
// (["member"]); an empty, non-nil list is refused before sending (rules.Roles).
type AddMemberRequest struct {
	Username string   `json:"username"`
	Roles    []string `json:"roles,omitempty"`
}

// Timestamp is an API time: UTC ISO-8601, with or without milliseconds, or null (zero).
type Timestamp struct{ time.Time }

// TimestampLayout is the API's own format.
const TimestampLayout = "2006-01-02T15:04:05.000Z"

var timestampLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"}

// UnmarshalJSON accepts RFC 3339 with or without fractional seconds (and with a lowercase t
// and z, which RFC 3339 §5.6 allows), a missing zone (UTC), and null.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Timestamp{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		// Of another JSON type than documented ("created_at":5): named, as such a value of
		// any other field's is (a *json.UnmarshalTypeError gets its field's path).
		return &json.UnmarshalTypeError{Value: jsonTypeOf(b), Type: timestampType}
	}
	if s == "" {
		*t = Timestamp{}
		return nil
	}
	upper := strings.Map(func(r rune) rune {
		switch r {
		case 't':
			return 'T'
		case 'z':
			return 'Z'
		}
		return r
	}, s)
	for _, layout := range timestampLayouts {
		if parsed, err := time.Parse(layout, upper); err == nil {
			t.Time = parsed.UTC()
			return nil
		}
	}
	// A text that is no time: its field named, never the text (the API's, maybe a secret).
	return &json.UnmarshalTypeError{Value: "string", Type: timestampType}
}

// timestampType is Timestamp's type, which jsonKind names "time (RFC 3339)".
var timestampType = reflect.TypeFor[Timestamp]()

// jsonTypeOf is the JSON type of the value b (well formed) as encoding/json names it in an
// *json.UnmarshalTypeError: "string", "number", "bool", "array", "object".
func jsonTypeOf(b []byte) string {
	switch b = bytes.TrimSpace(b); {
	case len(b) == 0:
		return ""
	case b[0] == '"':
		return "string"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	case b[0] == '[':
		return "array"
	case b[0] == '{':
		return "object"
	}
	return "number"
}

// MarshalJSON writes the API's format, or null for the zero time.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.UTC().Format(TimestampLayout) + `"`), nil
}

// String is the API format, or "" for the zero time.
func (t Timestamp) String() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimestampLayout)
}

// Actor is Deployment.created_by, which the API sends as a string, an integer user ID or null.
type Actor struct {
	Name   string // set when the API sent a string
	UserID int64  // set when the API sent an integer
}

// IsZero reports a null created_by.
func (a Actor) IsZero() bool { return a.Name == "" && a.UserID == 0 }

// String renders the actor for people: the name, "user <id>", or "".
func (a Actor) String() string {
	switch {
	case a.Name != "":
		return a.Name
	case a.UserID != 0:
		return "user " + strconv.FormatInt(a.UserID, 10)
	}
	return ""
}

// UnmarshalJSON accepts a string, a number or null.
func (a *Actor) UnmarshalJSON(b []byte) error {
	*a = Actor{}
	trimmed := strings.TrimSpace(string(b))
	switch {
	case trimmed == "null":
		return nil
	case strings.HasPrefix(trimmed, `"`):
		return json.Unmarshal(b, &a.Name)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New(answerwords.CreatedByType(trimmed))
	}
	id, err := n.Int64()
	if err != nil {
		return fmt.Errorf("created_by: %w", err)
	}
	a.UserID = id
	return nil
}

// MarshalJSON writes back the form the API used.
func (a Actor) MarshalJSON() ([]byte, error) {
	switch {
	case a.Name != "":
		return json.Marshal(a.Name)
	case a.UserID != 0:
		return json.Marshal(a.UserID)
	}
	return []byte("null"), nil
}

// The fields that identify a write's result (see identified): without them a 2xx is a
// *ResponseError, not a success shown with zero values.

func (Deployment) identifyingFields() []string { return []string{"id", "status"} }
func (Secret) identifyingFields() []string     { return []string{"name"} }
func (Project) identifyingFields() []string    { return []string{"id", "name"} }
func (Member) identifyingFields() []string     { return []string{"user_id", "username", "roles"} }
func (ResumeResult) identifyingFields() []string {
	return []string{"deployment_id"}
}

// identifyingFields of a regeneration: only regenerated_key is non-null in the schema (both
// keys are nullable); the key the request replaced is added per call (regeneratedFields).
func (RegeneratedAPIKeys) identifyingFields() []string { return []string{"regenerated_key"} }

// regeneratedFields are the fields a regeneration of keyNumber must answer with: which key it
// replaced, and that new key (both for KeyBoth). The other key may be null.
func regeneratedFields(keyNumber int) []string {
	switch keyNumber {
	case KeyPrimary:
		return []string{"api_key", "regenerated_key"}
	case KeySecondary:
		return []string{"api_key_2", "regenerated_key"}
	}
	return []string{"api_key", "api_key_2", "regenerated_key"}
}
