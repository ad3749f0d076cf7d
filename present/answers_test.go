package present

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestUnusableAnswers: a redirect (never followed) and a success without its documented result
// render as what the server answered, whether anything changed and what to do — through Error,
// also when wrapped (a token request fails inside an API call).
func TestUnusableAnswers(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want []string
		not  []string
	}{
		{&client.RedirectError{Operation: "listProjects", Method: "GET", Path: "/v1/projects", StatusCode: 302, Target: "https://elsewhere.example:8443", Setting: client.EnvAPIURL},
			[]string{"answered GET /v1/projects with 302 Found, a redirect to https://elsewhere.example:8443", "Nothing was changed.",
				"Ask the user to set SPICE_API_URL to the API's final https URL"}, []string{"did not carry"}},
		{&client.RedirectError{Operation: "upsertProjectSecret", Method: "POST", Path: "/v1/projects/5/secrets", StatusCode: 307, Setting: client.EnvAPIURL},
			[]string{"307 Temporary Redirect, a redirect without a usable address", "A redirect means the API did not carry the request out"}, nil},
		{fmt.Errorf("listProjects: getting an access token: %w", &client.RedirectError{Operation: "oauthToken", Method: "POST", Path: "/api/oauth/token",
			StatusCode: 308, Target: "https://login.example", Setting: client.EnvOAuthTokenURL}),
			[]string{"The OAuth token endpoint answered 308 Permanent Redirect, a redirect to https://login.example", "client secret",
				"Ask the user to set SPICE_OAUTH_TOKEN_URL to the token endpoint's final https URL"}, []string{"SPICE_API_URL"}},
		{&client.ResponseError{Operation: "resumeProject", Method: "POST", Path: "/v1/projects/5/resume", StatusCode: 204, Schema: "ResumeResult"},
			[]string{"with 204 No Content but without the ResumeResult it documents, so what it did is not known", "the resume went through, so follow that deployment until it ends"}, nil},
		{&client.ResponseError{Operation: "addMember", Method: "POST", Path: "/v1/members", StatusCode: 201, Schema: "Member", Missing: []string{"user_id"}},
			[]string{"a Member that lacks user_id", "List members to see whether the user was added"}, nil},
		{&client.ResponseError{Operation: "listProjects", Method: "GET", Path: "/v1/projects", StatusCode: 200},
			[]string{"without the response body it documents. Nothing was changed.", "SPICE_API_URL"}, nil},
	} {
		got := Error(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%v: missing %q in:\n%s", tc.err, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%v: %q in:\n%s", tc.err, n, got)
			}
		}
	}
}
