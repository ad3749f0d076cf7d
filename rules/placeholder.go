package rules

import "strings"

// placeholders mark example values that must be replaced (deploy/kubernetes/secret.yaml ships
// REPLACE-ME); a secret containing one, in any case, is refused.
var placeholders = []string{"REPLACE-ME", "REPLACE_ME", "REPLACEME", "CHANGE-ME", "CHANGE_ME", "CHANGEME"}

// HoldsPlaceholder reports a value holding, in any case, one of the placeholders the shipped
// files use.
func HoldsPlaceholder(value string) bool {
	upper := strings.ToUpper(value)
	for _, p := range placeholders {
		if strings.Contains(upper, p) {
			return true
		}
	}
	return false
}

// PlaceholderCredential reports an example's stand-in for a credential: "<your token>" as
// README's configurations write it, or one of the placeholders the shipped files use.
func PlaceholderCredential(value string) bool {
	return len(value) > 2 && strings.HasPrefix(value, "<") && strings.HasSuffix(value, ">") || HoldsPlaceholder(value)
}
