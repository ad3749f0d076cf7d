package client_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR36ShortenedURLWithEscapedAtShowsNoSite: a shortened API text whose URL's password
// holds "/" before an "@" written in any escape (HTML, percent, backslash, full-width…) shows
// no site: the user name and the password's digits would read as host and port.
func TestR36ShortenedURLWithEscapedAtShowsNoSite(t *testing.T) {
	long := strings.Repeat("x", 3000)
	for _, at := range []string{"&#064;", "&#0064;", "&#x0040;", "&#X40;", "&#x00040;", "&commat;", "&amp;#64;",
		`\u{40}`, `\u0040`, `\x40`, `\100`, "%40", "%2540", "%252540", "%u0040", "=40", "+AEA-", "＠", "﹫"} {
		t.Run(at, func(t *testing.T) {
			code := "postgres://admin:2024/" + long + at + "db.internal/app"
			apiErr, err := r33APIError(t, map[string]any{"error": "bad", "code": code})
			shown := present.ToolError("list_apps", []string{"apps:read"}, err)
			for _, hidden := range []string{"admin", "2024"} {
				if strings.Contains(apiErr.Code, hidden) || strings.Contains(shown, hidden) || strings.Contains(err.Error(), hidden) {
					t.Errorf("%q is shown: code %q", hidden, apiErr.Code)
				}
			}
			if !strings.Contains(apiErr.Code, "one word, not shown in part") {
				t.Errorf("Code = %q, want the note of a word not shown", apiErr.Code)
			}
		})
	}
}

// TestR36ShortenedURLStillShowsItsSite: a long URL without anything @-like keeps its site,
// with a port too; a host with a port loses it when the text holds an escape introducer.
func TestR36ShortenedURLStillShowsItsSite(t *testing.T) {
	long := strings.Repeat("x", 3000)
	for _, tc := range []struct{ code, want string }{
		{"https://api.example.com:8443/" + long, "https://api.example.com:8443/… (shortened; 3,029 characters in all)"},
		{"https://errors.spice.example/" + long + "?a=1&b=2", "https://errors.spice.example/… (shortened; 3,037 characters in all)"},
		{"https://api.example.com:8443/" + long + "?a=1&b=2", "… (shortened; 3,037 characters in all; one word, not shown in part)"},
	} {
		apiErr, _ := r33APIError(t, map[string]any{"error": "bad", "code": tc.code})
		if apiErr.Code != tc.want {
			t.Errorf("Code = %q, want %q", apiErr.Code, tc.want)
		}
	}
}
