package mcpserver_test

import (
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR67Claims4AllowedOriginsAddToTheLoopbackOnes: README's "`--allowed-origins` adds browser
// origins to the loopback ones (and the origin of `--http-public-url`...); a foreign `Origin` gets
// 403": with both set, a loopback origin (any port), each allowed one and the public URL's are
// served, and a look-alike of each (another scheme, port or a longer host) is refused.
func TestR67Claims4AllowedOriginsAddToTheLoopbackOnes(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{RequireBearer: true, AllowedOrigins: []string{"https://console.example.com"},
		PublicURL: "https://mcp.example.com/mcp"}, nil)
	for origin, want := range map[string]int{
		"http://localhost:3000":                    http.StatusOK,
		"http://127.0.0.1:9":                       http.StatusOK,
		"http://[::1]:8080":                        http.StatusOK,
		"https://console.example.com":              http.StatusOK,
		"https://mcp.example.com":                  http.StatusOK,
		"http://console.example.com":               http.StatusForbidden,
		"https://console.example.com:8443":         http.StatusForbidden,
		"https://console.example.com.evil.example": http.StatusForbidden,
		"https://evil.mcp.example.com":             http.StatusForbidden,
		"https://mcp.example.com:8443":             http.StatusForbidden,
		"null":                                     http.StatusForbidden,
	} {
		status, _, body := r48HttpsafetyInitialize(t, h.URL(), func(r *http.Request) { r.Header.Set("Origin", origin) })
		if status != want {
			t.Errorf("initialize from Origin %s: %d, want %d (%.200s)", origin, status, want, body)
		}
	}
}
