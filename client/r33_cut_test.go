package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r33APIError is the *APIError of ListApps against an upstream answering 400 with answer.
func r33APIError(t *testing.T, answer map[string]any) (*client.APIError, error) {
	t.Helper()
	encoded, err := json.Marshal(answer)
	mustNoErr(t, err)
	body := string(encoded)
	c := r30Upstream(t, http.StatusBadRequest, "application/json", &body)
	_, err = c.ListApps(context.Background())
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want an *APIError, got %T %v", err, err)
	}
	return apiErr, err
}

// TestR33LongWordShowsSiteOrWhyNothing: a text whose first word is longer than its bound (a
// code, a field name or a message of one unbroken word) shows no part of that word, nor any word
// after it (a value whose key the dropped word ended with would show unmasked), but says why;
// a URL shows its scheme and host alone, never its userinfo, path or query.
func TestR33LongWordShowsSiteOrWhyNothing(t *testing.T) {
	const password, token = "Sup3rS3cretPassw0rdXYZ", "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"
	long := strings.Repeat("x", 3000)
	for _, tc := range []struct {
		name, code, want string
		hidden           []string
	}{
		{"URL", "https://errors.spice.example/" + long + "?token=" + token,
			"https://errors.spice.example/… (shortened; 3,076 characters in all)", []string{"xxx", token[4:10]}},
		{"URL with a password", "postgres://admin:" + password + "@db.internal:5432/" + long,
			"… (shortened; 3,057 characters in all; one word, not shown in part)", []string{"admin", password[:6], "xxx"}},
		// A password holding / ? or # unencoded: where the userinfo ends cannot be told, so no
		// site is shown (the user name and the password's digits read as host and port).
		{"password with a slash", "postgres://admin:20240917/Spring@db.internal:5432/" + long,
			"… (shortened; 3,050 characters in all; one word, not shown in part)", []string{"admin", "20240917", "Spring"}},
		{"password with a hash", "redis://default:884213#prod@cache.internal:6379/" + long,
			"… (shortened; 3,048 characters in all; one word, not shown in part)", []string{"default", "884213", "prod"}},
		{"password with a question mark", "mysql://root:731905?x@db.internal/" + long,
			"… (shortened; 3,034 characters in all; one word, not shown in part)", []string{"root", "731905"}},
		{"IPv6 brackets holding letters", "https://[admin:hunter2pass]/" + long,
			"… (shortened; 3,028 characters in all; one word, not shown in part)", []string{"admin", "hunter2"}},
		{"IPv6 address", "https://[2001:db8::1]:8443/" + long,
			"https://[2001:db8::1]:8443/… (shortened; 3,027 characters in all)", []string{"xxx"}},
		// A password holding a space (or the @ escaped) puts the @ past the first word.
		{"password with a space", "postgres://admin:2024/" + long + " pw@db.internal:5432/app",
			"… (shortened; 3,046 characters in all; its first word, 3,022 characters, is not shown in part)", []string{"admin", "2024"}},
		{"escaped @", "postgres://admin:2024/" + long + `\u0040db.internal/app`,
			"… (shortened; 3,043 characters in all; one word, not shown in part)", []string{"admin", "2024"}},
		{"port out of range", "https://db.internal:99999/" + long,
			"… (shortened; 3,026 characters in all; one word, not shown in part)", []string{"99999"}},
		{"no host, no @", "redis://admin:" + password + "/" + long,
			"… (shortened; 3,037 characters in all; one word, not shown in part)", []string{"admin", password[:6]}},
		{"token", token + long,
			"… (shortened; 3,040 characters in all; one word, not shown in part)", []string{"ghp", "aB3dE5"}},
		{"first word, then a value", "x" + long + "password: hunter2",
			"… (shortened; 3,018 characters in all; its first word, 3,010 characters, is not shown in part)", []string{"hunter2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apiErr, err := r33APIError(t, map[string]any{"error": "bad", "code": tc.code,
				"details": map[string]any{"fieldErrors": map[string][]string{tc.code: {"bad"}}}})
			if apiErr.Code != tc.want {
				t.Errorf("Code = %q, want %q", apiErr.Code, tc.want)
			}
			if apiErr.Received().Code != tc.code {
				t.Errorf("decisions do not read the code whole")
			}
			shown := present.ToolError("list_apps", []string{"apps:read"}, err)
			for _, h := range tc.hidden {
				if strings.Contains(shown, h) || strings.Contains(err.Error(), h) {
					t.Errorf("%q is shown: %s", h, shown)
				}
			}
			if !strings.Contains(shown, "not shown in part") && !strings.Contains(shown, "/…") {
				t.Errorf("the field name's note is not shown: %s", shown)
			}
		})
	}
}

// TestR33ManyFieldErrorsAreBounded: a hostile upstream answering 100,000 field errors, a field
// with 100,000 messages and 100,000 form errors: the error keeps the first 20 fields (by
// name), 20 messages of a field and 20 form errors, and says how many more there were; the
// result shows those counts; decisions still read every field's name (Received).
func TestR33ManyFieldErrorsAreBounded(t *testing.T) {
	const n = 100000
	fields := make(map[string][]string, n+1)
	for i := range n {
		fields[fmt.Sprintf("f%06d", i)] = []string{"must be set"}
	}
	many := make([]string, n)
	for i := range many {
		many[i] = fmt.Sprintf("bad %d", i)
	}
	fields["a"] = many // first by name: 20 of its messages are kept
	fields["name"] = []string{"taken"}
	forms := make([]string, n)
	for i := range forms {
		forms[i] = fmt.Sprintf("form %d", i)
	}
	apiErr, err := r33APIError(t, map[string]any{"error": "Validation error",
		"details": map[string]any{"fieldErrors": fields, "formErrors": forms}})
	if len(apiErr.FieldErrors) != 20 || len(apiErr.FieldErrors["a"]) != 20 || apiErr.FieldErrors["a"][19] != "bad 19" {
		t.Errorf("%d fields kept, %d messages of a: want 20 and 20", len(apiErr.FieldErrors), len(apiErr.FieldErrors["a"]))
	}
	// left out: 99,980 messages of a, and the fields after f000018 (99,982 with name), one message each
	if want := (n - 20) + (n + 2 - 20); apiErr.FieldErrorsLeftOut != want {
		t.Errorf("FieldErrorsLeftOut = %d, want %d", apiErr.FieldErrorsLeftOut, want)
	}
	if len(apiErr.FormErrors) != 20 || apiErr.FormErrors[19] != "form 19" || apiErr.FormErrorsLeftOut != n-20 {
		t.Errorf("%d form errors kept, %d left out: want 20 and %d", len(apiErr.FormErrors), apiErr.FormErrorsLeftOut, n-20)
	}
	if said := apiErr.Received(); len(said.Fields) != n+2 {
		t.Errorf("decisions read %d field names, want all %d", len(said.Fields), n+2)
	}
	text := err.Error()
	if len(text) > 4000 || !strings.Contains(text, "; and 199,962 more field errors)") ||
		!strings.Contains(text, "form 19; and 99,980 more form errors)") {
		t.Errorf("Error() (%d bytes) does not end its lists with the counts: %.300s … %s", len(text), text, text[max(len(text)-300, 0):])
	}
	shown := present.ToolError("list_apps", []string{"apps:read"}, err)
	if !strings.Contains(shown, "and 199,962 more field errors") || !strings.Contains(shown, "and 99,980 more form errors") ||
		!strings.Contains(shown, "What to do:") {
		t.Errorf("result: %s", shown)
	}
}
