package prompts

import (
	"context"
	"strings"
	"testing"
)

// TestR66Words5PromptsSayImmediately: rotate_keys under --confirm=off said the key is replaced
// "at once" where every result says "immediately" (round 65 kept that word: one o200k token).
// No prompt, in any mode, says "at once".
func TestR66Words5PromptsSayImmediately(t *testing.T) {
	args := map[string]string{"app": "analytics-app", "name": "new-app", "org": "acme"}
	for _, mode := range []string{"human", "agent", "off"} {
		for _, p := range all {
			text, err := p.render(context.WithValue(context.Background(), confirmModeKey{}, mode), args)
			if err != nil {
				t.Fatalf("%s: %v", p.def.Name, err)
			}
			if strings.Contains(text, "at once") {
				t.Errorf("--confirm=%s: %s says \"at once\":\n%s", mode, p.def.Name, text)
			}
			if p.def.Name == "rotate_keys" && mode == "off" && !strings.Contains(text, "replaces the secondary key immediately") {
				t.Errorf("--confirm=off: rotate_keys does not say when the key is replaced:\n%s", text)
			}
		}
	}
}
