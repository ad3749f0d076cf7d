package present

import (
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// credentialNames name each kind of credentials (client.CredentialKind) for whoami.
var credentialNames = map[string]string{
	"pat":     "personal access token (SPICE_API_TOKEN)",
	"oauth":   "OAuth client credentials (SPICE_CLIENT_ID)",
	"request": "bearer token sent with this HTTP request",
	"none":    "none",
	"custom":  "custom token source",
}

// WhoamiCredentials names the credentials in use, never the token itself. In sandbox mode the
// server's own token is the emulator's built-in "sandbox" token, not a personal access token.
func WhoamiCredentials(kind string, sandbox bool) string {
	if sandbox {
		switch kind {
		case "pat":
			return `"sandbox" — the built-in emulator's token (no Spice.ai account; SPICE_API_TOKEN is not used)`
		case "request":
			return "bearer token sent with this HTTP request (checked by the emulator)"
		}
	}
	if name, ok := credentialNames[kind]; ok {
		return name
	}
	return kind
}

// WhoamiAPI names the API the server talks to: the sandbox, the production Spice.ai API, or
// another URL (SPICE_API_URL), which is never called the real or production API.
func WhoamiAPI(baseURL string, sandbox bool) string {
	switch {
	case sandbox:
		return "sandbox (emulated API with demo data)"
	case strings.EqualFold(strings.TrimRight(baseURL, "/"), client.DefaultBaseURL):
		return "real Spice.ai API at " + client.DefaultBaseURL
	default:
		return baseURL + " (set by SPICE_API_URL; not the production API at " + client.DefaultBaseURL + ")"
	}
}
