package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestErrorShowsTheClientsLayout: an API error answer is shown as the client lays it out
// (APIError.Shown, the layout its texts were redacted as): where no masking or escaping
// applies, Error's text begins with "Spice.ai API error " and the pieces, word for word, and
// each part of the answer's is masked and escaped whole. Were present to compose the answer's
// words itself, and either layout change, this fails.
func TestErrorShowsTheClientsLayout(t *testing.T) {
	decoded := func(status int, ctype, body string) *client.APIError {
		t.Helper()
		err := setSecretAgainst(t, status, ctype, body, "hunter2-secret")
		apiErr, ok := err.(*client.APIError)
		if !ok {
			t.Fatalf("%d %s: %v", status, body, err)
		}
		return apiErr
	}
	for _, tc := range []struct {
		name string
		err  *client.APIError
		want string // the pieces' text (checked against Shown too)
	}{
		{"message", decoded(400, "application/json", `{"error":"bad input"}`), "400 Bad Request: bad input"},
		{"no text", decoded(400, "application/json", `{}`), "400 Bad Request"},
		{"body not JSON", decoded(502, "text/html", "upstream down"), "502 Bad Gateway: upstream down"},
		{"code", decoded(409, "application/json", `{"error":"busy","code":"odd_code","activeDeploymentId":9}`),
			"409 Conflict (odd_code): busy"},
		{"documented code", decoded(400, "application/json", `{"error":"Upgrade","code":"image_tag_requires_enterprise"}`),
			"400 Bad Request (image_tag_requires_enterprise): Upgrade"},
		{"plan limit", decoded(400, "application/json", `{"error":"too many","code":"plan_limit","max_tail":500}`),
			"400 Bad Request (plan_limit): too many\nPlan limit: 500 log lines per request"},
		{"fields", decoded(400, "application/json", `{"error":"invalid","details":{"fieldErrors":{"b":["m1","m2"],"a":["x"]}}}`),
			"400 Bad Request: invalid\nField errors: a: x; b: m1, m2"},
		{"forms", decoded(422, "application/json", `{"error":"invalid","details":{"formErrors":["f1","f2"]}}`),
			"422 Unprocessable Entity: invalid\nErrors: f1; f2"},
		{"literal", &client.APIError{StatusCode: 500, Message: "m", Code: "c", MaxTail: 3,
			FieldErrors: map[string][]string{"n": {"v"}}, FormErrors: []string{"f"}, OutcomeUnknown: true},
			"500 Internal Server Error (c): m\nPlan limit: 3 log lines per request\nField errors: n: v\nErrors: f"},
		{"unknown status", &client.APIError{StatusCode: 599, Message: "m"}, "599 (a status HTTP defines no meaning for): m"},
	} {
		pieces := tc.err.Shown()
		var all strings.Builder
		for i, p := range pieces {
			all.WriteString(p.Text)
			if p.API && p.Part == 0 || (i > 0 && p.Part > 0 && pieces[i-1].Part > 0 && pieces[i-1].Part != p.Part) {
				t.Errorf("%s: piece %d %+v is outside the answer's parts", tc.name, i, p)
			}
		}
		if all.String() != tc.want {
			t.Errorf("%s: Shown reads %q, want %q", tc.name, all.String(), tc.want)
		}
		text := Error(tc.err)
		if !strings.HasPrefix(text, "Spice.ai API error "+all.String()) {
			t.Errorf("%s: Error = %q, the client lays it out as %q", tc.name, text, all.String())
		}
		if rest := strings.TrimPrefix(text, "Spice.ai API error "+all.String()); rest != "" && rest[0] != '\n' {
			t.Errorf("%s: after the answer %q", tc.name, rest)
		}
		// A table cell's: the status and the message.
		var brief strings.Builder
		for _, p := range tc.err.ShownMessage() {
			brief.WriteString(p.Text)
		}
		msg := tc.err.Message
		if tc.name == "body not JSON" { // the status's words said once
			msg = "upstream down"
		}
		if tc.name == "no text" { // a message that restates the status is said once (round 55)
			if brief.String() != "400 Bad Request" {
				t.Errorf("%s: ShownMessage reads %q", tc.name, brief.String())
			}
		} else if first, _, _ := strings.Cut(tc.want, " "); !strings.HasPrefix(brief.String(), first+" ") ||
			!strings.HasSuffix(brief.String(), ": "+msg) {
			t.Errorf("%s: ShownMessage reads %q", tc.name, brief.String())
		}
	}

	// Each part of the answer's is masked and escaped whole (errorStyle.api), our words as they are.
	e := &client.APIError{StatusCode: 400, Message: "<b>password: abc$123</b>", Code: "x|y",
		FieldErrors: map[string][]string{"password": {"abc$123"}, "a]": {"(b)"}},
		FormErrors:  []string{"token=abc$123", "# heading"}}
	// A part a credential was masked in says why (errorStyle.api).
	api := errorStyle{}.api
	want := "Spice.ai API error 400 Bad Request (" + api("x|y") + "): " + api(e.Message) +
		"\nField errors: " + api("a]: (b); password: abc$123") +
		"\nErrors: " + api("token=abc$123; # heading")
	if got := Error(e); !strings.HasPrefix(got, want) || strings.Contains(got, "abc$123") {
		t.Errorf("Error = %q, want it to begin %q", got, want)
	}
}
