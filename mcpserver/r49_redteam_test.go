package mcpserver_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR49RedteamRequestStateIsNoOracleForALocalValue: README says a value read with
// value_from_env or value_from_file "appears in no MCP message". With --confirm=human the
// approval is bound to the value read, and a 2026-07-28 client gets the question's state in the
// result, where the agent may read it. An agent that knows the server's code recomputes that
// binding for each guess of a short value (a PIN here): the state must not let it confirm one.
func TestR49RedteamRequestStateIsNoOracleForALocalValue(t *testing.T) {
	const pin = "4711"
	local := &tools.LocalSources{Getenv: func(k string) string {
		if k == "DB_PIN" {
			return pin
		}
		return ""
	}, Forbidden: tools.ServerCredentialVariables}
	conn := serveStdio(t, mcpserver.Options{Local: local})
	args := `{"app":"analytics-app","name":"DB_PIN","value_from_env":"DB_PIN"}`
	_, _, asked := r47SafetyCall(t, conn, 10, "set_secret", args, r47SafetyModernMeta(`{"elicitation":{}}`))
	var q struct {
		Result struct {
			RequestState string `json:"requestState"`
		} `json:"result"`
	}
	if json.Unmarshal([]byte(asked), &q) != nil || q.Result.RequestState == "" {
		t.Fatalf("no question: %s", asked)
	}
	body, _, _ := strings.Cut(q.Result.RequestState, ".")
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	_ = json.Unmarshal(raw, &state)
	seen, _ := json.Marshal(state)
	// What the agent knows: the tool, its own arguments, the app's ID (get_app), the variable's
	// name, and over stdio there is one caller ("").
	for guess := range 10000 {
		candidate := fmt.Sprintf("%04d", guess)
		from := sha256.Sum256([]byte("DB_PIN\x000\x00" + candidate))
		binding := sha256.Sum256(fmt.Appendf(nil, "set_secret\n%s\napp:101/value:%x\n", args, from))
		if strings.Contains(string(seen), hex.EncodeToString(binding[:])) {
			t.Fatalf("the request state sent to the client confirms the guess %q of the value read (state %s)", candidate, raw)
		}
	}
}
