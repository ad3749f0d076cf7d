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

// QuotedValue reports a value wrapped in a pair of the same quotes ("…" or '…'), which a
// program that reads KEY="value" lines without a shell's rules passes on with the value
// (docker run --env-file keeps them).
func QuotedValue(value string) bool {
	return len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0]
}

// UnexpandedVariable reports a value that is a variable's name in a shell's or a client
// configuration's syntax ($NAME, ${NAME}, ${env:NAME}, %NAME%): a program that does not expand
// variables where it was written passes it on as it stands, in place of the value.
func UnexpandedVariable(value string) bool {
	switch {
	case strings.HasPrefix(value, "${") && strings.HasSuffix(value, "}"):
		return variableName(strings.TrimPrefix(value[2:len(value)-1], "env:"))
	case strings.HasPrefix(value, "$"):
		return variableName(value[1:])
	case len(value) > 2 && value[0] == '%' && value[len(value)-1] == '%':
		return variableName(value[1 : len(value)-1])
	}
	return false
}

// variableName reports an environment variable's name as shells write one: a letter or an
// underscore, then letters, digits and underscores.
func variableName(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}
