package present

import (
	"fmt"
	"strings"
)

// The refusals of sandbox-api's --config FILE whose shape is wrong (exit 2). where is the place
// in the file ("orgs[0]", "tokens[1].value"; "" for the file itself). A key is shown only when
// it reads as one: a secret file given by mistake, or a token written as a key, is not echoed.

func sandboxConfigPlace(where string) string {
	if where == "" {
		return ""
	}
	return where + ": "
}

// SandboxConfigUnknownKey refuses a mistyped key, with the keys taken there.
func SandboxConfigUnknownKey(where, key string, keys []string) string {
	return fmt.Sprintf("%sunknown key %q (the keys here: %s)", sandboxConfigPlace(where), key, strings.Join(keys, ", "))
}

// SandboxConfigUnknownKeyHidden refuses a key that does not read as one, not shown.
func SandboxConfigUnknownKeyHidden(where string, keys []string) string {
	return fmt.Sprintf("%san unknown key, not shown: it does not read as a key name and may be a secret (the keys here: %s)",
		sandboxConfigPlace(where), strings.Join(keys, ", "))
}

// SandboxConfigWrongKind refuses a value of the wrong kind (want and got in words: "a list",
// "text"), never the value itself.
func SandboxConfigWrongKind(where, want, got string) string {
	if where == "" {
		return fmt.Sprintf("the file holds %s, not a mapping of keys (YAML key: value lines, or a JSON object; README, \"The emulator\")", got)
	}
	return fmt.Sprintf("%s: want %s, not %s", where, want, got)
}
