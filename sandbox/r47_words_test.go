package sandbox

import "testing"

// TestR47WordsEmulatorQuotesValuesAsReceived: the emulator's 400 bodies quote a refused value as
// the real API's validator does (api/README.md), raw, invisible characters and all; only the
// server's own refusals escape them (rules.Echoed).
func TestR47WordsEmulatorQuotesValuesAsReceived(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	h.expectField(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "proj-zw", "region": "us-west-2\u200b"}),
		"region", "Invalid enum value. Expected 'us-east-1' | 'us-west-2', received 'us-west-2\u200b'")
	id := h.deployableApp("sandbox", "zw-app")
	h.expectField(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"resources": map[string]any{"limits": map[string]any{"cpu": "2\u202e"}}}),
		"resources", "limits.cpu: '2\u202e' is not a Kubernetes quantity (such as \"2\", \"500m\", \"8Gi\")")
}
