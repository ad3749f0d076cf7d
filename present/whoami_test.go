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
			[]string{"check SPICE_API_TOKEN", "Spice.ai API rejected", "spice.ai/account"}},
		// An HTTP caller's own token in sandbox mode: the emulator, not Spice.ai, refused it.
		{"request", true, nil, []string{"The sandbox's emulator rejected these credentials", "What to do: " + RemedySandboxBearer},
			[]string{"Spice.ai API rejected", "spice.ai/account"}},
		{"pat", false, nil, []string{"personal access token (SPICE_API_TOKEN)", "What to do: The token is missing, malformed, revoked or expired: ask the user to check SPICE_API_TOKEN"},
			[]string{"SPICE_CLIENT_ID"}},
		{"oauth", false, nil, []string{"OAuth client credentials (SPICE_CLIENT_ID)", "What to do: The API rejected the token obtained with SPICE_CLIENT_ID and SPICE_CLIENT_SECRET"},
			[]string{"check SPICE_API_TOKEN"}},
		{"pat", false, map[string]string{"delete_app": "read-only"}, []string{"1 of 38 tools are hidden",
			"The others are listed, but those that call the Spice.ai API will not work until the credentials are fixed."}, nil},
	} {
		got := Whoami(WhoamiView{Credentials: WhoamiCredentials(tc.kind, tc.sandbox), Kind: tc.kind, Sandbox: tc.sandbox,
			Rejected: rejected, HasCredentials: true, Total: 38, Hidden: tc.hidden})
		want := append([]string{"no tool that calls it will work until they are fixed", "- Scopes: unknown"}, tc.want...)
		if tc.hidden == nil {
			want = append(want, "All 38 tools are listed, but those that call the "+apiNamed(tc.sandbox)+" will not work until the credentials are fixed.")
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

// TestWhoamiWithoutCredentials: without credentials whoami does not call the tools available:
// only check_health and whoami work, and it says how to configure credentials (the text every
// other tool answers with).
func TestWhoamiWithoutCredentials(t *testing.T) {
	for _, hidden := range []map[string]string{nil, {"delete_app": HiddenReadOnly}} {
		got := Whoami(WhoamiView{Credentials: WhoamiCredentials("none", false), Kind: "none", Total: 38, Hidden: hidden})
		for _, want := range []string{"only check_health and whoami work", noCredentials} {
			if !strings.Contains(got, want) {
				t.Errorf("hidden %v: want %q in:\n%s", hidden, want, got)
			}
		}
		if strings.Contains(got, "tools are available") {
			t.Errorf("hidden %v: claims the tools are available:\n%s", hidden, got)
		}
	}
	// check_health hidden (--exclude-tools check_health): whoami, which answered, alone works.
	got := Whoami(WhoamiView{Credentials: WhoamiCredentials("none", false), Kind: "none", Total: 38, Hidden: map[string]string{"check_health": HiddenExcluded}})
	if !strings.Contains(got, "without credentials only whoami works;") || strings.Contains(got, "check_health and whoami") {
		t.Errorf("check_health hidden:\n%s", got)
	}
	if got := Whoami(WhoamiView{Credentials: "personal access token (SPICE_API_TOKEN)", Kind: "pat", HasCredentials: true, Total: 38}); strings.Contains(got, "only check_health") {
		t.Errorf("with credentials:\n%s", got)
	}
}

// TestWhoamiOrganization: an organization the caller's organizations do not include is said
// plainly, first, with theirs; with none chosen, the org line says calls act in the
// credentials' default organization and that the API does not say which.
func TestWhoamiOrganization(t *testing.T) {
	orgs := []client.Org{{Name: "sandbox", Role: "owner"}, {Name: "acme-labs", Role: "admin"}}
	got := Whoami(WhoamiView{Credentials: "x", Kind: "pat", HasCredentials: true, Organization: "nonexistent",
		OrgSource: OrgFromArgument, Memberships: orgs, NotMember: true, Total: 38})
	for _, want := range []string{"These credentials are not a member of organization nonexistent",
		"sandbox (owner), acme-labs (admin)", "- Organization: nonexistent (org argument), not a member"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "role: unknown") || !strings.HasPrefix(got, "These credentials are not a member") {
		t.Errorf("not a member, yet:\n%s", got)
	}
	got = Whoami(WhoamiView{Credentials: "x", Kind: "pat", HasCredentials: true, Memberships: orgs, Total: 38})
	if want := "- Organization: the credentials' own default organization. Calls without org act there"; !strings.Contains(got, want) {
		t.Errorf("want %q in:\n%s", want, got)
	}
}
