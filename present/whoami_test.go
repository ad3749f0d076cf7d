package present

import (
	"strings"
	"testing"
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
