package client

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestDeploymentDecodingIsTolerant(t *testing.T) {
	for _, tc := range []struct {
		createdBy string
		want      Actor
		text      string
	}{
		{`"jdoe@example.com"`, Actor{Name: "jdoe@example.com"}, "jdoe@example.com"},
		{`42`, Actor{UserID: 42}, "user 42"},
		{`null`, Actor{}, ""},
	} {
		raw := `{"id":456,"status":"succeeded","created_at":"2024-01-15T10:30:00.000Z","started_at":"2024-01-15T10:30:05Z",
			"updated_at":null,"image_tag":null,"replicas":2,"error_message":null,"created_by":` + tc.createdBy + `,"brand_new_field":{"x":1}}`
		var d Deployment
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			t.Fatalf("created_by %s: %v", tc.createdBy, err)
		}
		if d.CreatedBy != tc.want || d.CreatedBy.String() != tc.text {
			t.Errorf("created_by %s decoded as %+v", tc.createdBy, d.CreatedBy)
		}
		if d.CreatedAt.Time != time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC) || d.StartedAt == nil ||
			d.StartedAt.Time != time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC) || d.UpdatedAt != nil {
			t.Errorf("timestamps: %+v", d)
		}
		// Re-encoding keeps the API's form for created_by.
		out, _ := json.Marshal(d)
		if !strings.Contains(string(out), `"created_by":`+tc.createdBy) && tc.createdBy != "null" {
			t.Errorf("re-encoded: %s", out)
		}
	}
	var bad Deployment
	if err := json.Unmarshal([]byte(`{"id":1,"status":"queued","created_at":"yesterday"}`), &bad); err == nil {
		t.Error("an unparseable timestamp must be an error")
	}
}

func TestTimestampForms(t *testing.T) {
	for _, in := range []string{`"2024-01-15T10:30:00.000Z"`, `"2024-01-15T10:30:00Z"`, `"2024-01-15T10:30:00"`, `"2024-01-15T12:30:00+02:00"`,
		`"2024-01-15t10:30:00z"`, `"2024-01-15t10:30:00.000z"`, `"2024-01-15t12:30:00+02:00"`} { // RFC 3339 §5.6: t and z may be lowercase
		var ts Timestamp
		if err := json.Unmarshal([]byte(in), &ts); err != nil || !ts.Equal(time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)) {
			t.Errorf("%s → %v, %v", in, ts, err)
		}
		if out, _ := json.Marshal(ts); string(out) != `"2024-01-15T10:30:00.000Z"` {
			t.Errorf("%s re-encoded as %s", in, out)
		}
	}
	var zero Timestamp
	if err := json.Unmarshal([]byte(`null`), &zero); err != nil || !zero.IsZero() {
		t.Errorf("null: %v %v", zero, err)
	}
}

func TestSensitiveFieldsAreNotDecoded(t *testing.T) {
	var app Project
	raw := `{"id":1,"name":"my-app","visibility":"private","created_at":"2024-01-15T10:30:00.000Z","api_key":"deprecated-key-copy",
		"config":{"spicepod":null,"registry":"ghcr.io","image":null,"image_tag":null,"update_channel":"stable","replicas":1,
		"region":"us-west-2","node_group":null,"storage_claim_size_gb":null}}`
	if err := json.Unmarshal([]byte(raw), &app); err != nil {
		t.Fatal(err)
	}
	var secret Secret
	if err := json.Unmarshal([]byte(`{"id":1,"name":"A","value":"********","created_at":"2024-01-15T10:30:00.000Z","updated_at":"2024-01-15T10:30:00.000Z"}`), &secret); err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{app, secret} {
		out, _ := json.Marshal(v)
		if strings.Contains(string(out), "deprecated-key-copy") || strings.Contains(string(out), "api_key") || strings.Contains(string(out), `"value"`) {
			t.Errorf("re-encoded object carries a sensitive field: %s", out)
		}
	}
}

func TestKeyNumberZeroIsSent(t *testing.T) {
	out, err := json.Marshal(regenerateRequest{KeyNumber: KeyBoth})
	if err != nil || string(out) != `{"key_number":0}` {
		t.Errorf("key_number 0 encoded as %s (%v)", out, err)
	}
}

func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{"3": 3 * time.Second, "0.5": 500 * time.Millisecond,
		"Thu, 01 Jan 2026 00:00:10 GMT": 10 * time.Second, "-4": 0} {
		if got, ok := parseRetryAfter(in, now); !ok || got != want {
			t.Errorf("%q → %v %v, want %v", in, got, ok, want)
		}
	}
	if _, ok := parseRetryAfter("soon", now); ok {
		t.Error("garbage accepted")
	}
}

func TestDecodeClaims(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	token := enc(`{"alg":"none"}`) + "." + enc(`{"sub":"ci","client_id":"abc","org_id":7,"scopes":["apps:read"],"exp":1700000000}`) + ".sig"
	c, ok := DecodeClaims(token)
	if !ok || c.ClientID != "abc" || c.Org != "7" || len(c.Scopes) != 1 || c.Scopes[0] != "apps:read" || c.ExpiresAt.Unix() != 1700000000 {
		t.Errorf("claims = %+v %v", c, ok)
	}
	spaced := enc(`{}`) + "." + enc(`{"scope":"apps:read secrets:read","org":"acme"}`) + "."
	if c, ok := DecodeClaims(spaced); !ok || len(c.Scopes) != 2 || c.Org != "acme" {
		t.Errorf("space-separated scope: %+v", c)
	}
	withRole := enc(`{}`) + "." + enc(`{"org":"acme-labs","username":"alice","role":"admin"}`) + "."
	if c, ok := DecodeClaims(withRole); !ok || c.Role != "admin" || c.Username != "alice" {
		t.Errorf("role and username: %+v", c)
	}
	for _, opaque := range []string{"sandbox", "a.b", "a.!!!.c", enc("x") + "." + enc("not json") + ".c"} {
		if _, ok := DecodeClaims(opaque); ok {
			t.Errorf("%q decoded as a JWT", opaque)
		}
	}
}
