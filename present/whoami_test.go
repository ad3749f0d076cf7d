package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

func TestWhoamiCredentials(t *testing.T) {
	for _, tc := range []struct {
		kind    string
		sandbox bool
		want    string
		not     string
	}{
		{"pat", false, "personal access token (SPICE_API_TOKEN)", "sandbox"},
		{"pat", true, `"sandbox" — the built-in emulator's token`, "personal access token"},
		{"request", false, "bearer token sent with this HTTP request", "emulator"},
		{"request", true, "bearer token sent with this HTTP request (checked by the emulator)", "SPICE_API_TOKEN"},
		{"oauth", false, "OAuth client credentials (SPICE_CLIENT_ID)", "sandbox"},
		{"none", false, "none", "sandbox"},
		{"custom", true, "custom token source", "personal"},
		{"unheard-of", false, "unheard-of", "personal"},
	} {
		got := WhoamiCredentials(tc.kind, tc.sandbox)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("WhoamiCredentials(%q, %v) = %q; want %q and not %q", tc.kind, tc.sandbox, got, tc.want, tc.not)
		}
	}
}

func TestWhoamiAPI(t *testing.T) {
	for _, tc := range []struct {
		base    string
		sandbox bool
		want    string
		not     []string
	}{
		{"https://api.spice.ai", false, "real Spice.ai API at https://api.spice.ai", nil},
		{"https://API.spice.ai/", false, "real Spice.ai API at https://api.spice.ai", nil},
		{"http://sandbox.spice-cloud-mcp.invalid", true, "sandbox (emulated API with demo data)", []string{"real", "invalid"}},
		{"http://127.0.0.1:8787", false, "http://127.0.0.1:8787 (set by SPICE_API_URL; not the production API", []string{"real"}},
		{"https://staging.example.com", false, "https://staging.example.com", []string{"real", "production API at https://staging"}},
	} {
		got := WhoamiAPI(tc.base, tc.sandbox)
		if !strings.Contains(got, tc.want) {
			t.Errorf("WhoamiAPI(%q, %v) = %q; want %q", tc.base, tc.sandbox, got, tc.want)
		}
		for _, not := range tc.not {
			if strings.Contains(got, not) {
				t.Errorf("WhoamiAPI(%q, %v) = %q; must not say %q", tc.base, tc.sandbox, got, not)
			}
		}
	}
}

// TestWhoamiRejectedIsConsistent: with credentials the API rejects (401), whoami says the
// tools are listed but will not work, that the scopes are unknown, and a remedy naming the
// credentials the credentials line names.
func TestWhoamiRejectedIsConsistent(t *testing.T) {
	rejected := &client.APIError{Operation: "listOrgs", StatusCode: 401, Message: "Invalid token format"}
	for _, tc := range []struct {
		kind      string
		sandbox   bool
		hidden    map[string]string
		want, not []string
	}{
		{"pat", true, nil, []string{"SPICE_API_TOKEN is not used", `built-in "sandbox" token`},
			[]string{"Check SPICE_API_TOKEN"}},
		{"pat", false, nil, []string{"personal access token (SPICE_API_TOKEN)", "What to do: Check SPICE_API_TOKEN:"},
			[]string{"SPICE_CLIENT_ID"}},
		{"oauth", false, nil, []string{"OAuth client credentials (SPICE_CLIENT_ID)", "What to do: Check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET"},
			[]string{"Check SPICE_API_TOKEN"}},
		{"pat", false, map[string]string{"delete_app": "read-only"}, []string{"1 of 38 tools are hidden",
			"The others are listed, but those that call the Spice.ai API will not work until the credentials are fixed."}, nil},
	} {
		got := Whoami(WhoamiView{Credentials: WhoamiCredentials(tc.kind, tc.sandbox), Kind: tc.kind, Sandbox: tc.sandbox,
			Rejected: rejected, HasCredentials: true, Total: 38, Hidden: tc.hidden})
		want := append([]string{"no tool that calls it will work until they are fixed", "- Scopes: unknown"}, tc.want...)
		if tc.hidden == nil {
			want = append(want, "All 38 tools are listed, but those that call the Spice.ai API will not work until the credentials are fixed.")
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s (sandbox %v): no %q in\n%s", tc.kind, tc.sandbox, w, got)
			}
		}
		for _, n := range append([]string{"are available", "Scopes: none"}, tc.not...) {
			if strings.Contains(got, n) {
				t.Errorf("%s (sandbox %v): %q in\n%s", tc.kind, tc.sandbox, n, got)
			}
		}
	}
}
