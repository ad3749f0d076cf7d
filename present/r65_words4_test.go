package present

import (
	"go/ast"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r65Words4Opens is a remedy's first word as every result writes it: a capital, or a tool's or
// an argument's name as it is called (update_app), or a call or placeholder ({{list_apps}}, `…`).
var r65Words4Opens = regexp.MustCompile("^What to do: (?:[A-Z0-9]|[a-z0-9]+_[a-z0-9_]*\\b|`|\\{\\{)")

// TestR65Words4WhatToDoOneWay: remedies opened with a capital in the API's errors ("What to do:
// Issue a token with apps:read …") and in lower case in a deployment's ("What to do: the runtime
// failed to start …") and the token endpoint's ("What to do: try again later."). One function,
// whatToDo, opens every one, and it is the only text of present/ that writes "What to do".
func TestR65Words4WhatToDoOneWay(t *testing.T) {
	testutil.InspectGoCode(t, ".", func(fset *token.FileSet, n ast.Node) bool {
		if fn, ok := n.(*ast.FuncDecl); ok && fn.Name.Name == "whatToDo" && fn.Recv == nil {
			return false // the one place
		}
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		if s, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(strings.ToLower(s), "what to do:") {
			t.Errorf("%s: writes %q itself, not through whatToDo", fset.Position(lit.Pos()), s)
		}
		return true
	})

	// Every remedy text present/ has, opened by whatToDo.
	var texts []string
	for _, r := range remedies {
		texts = append(texts, r.Text, r.Sandbox)
	}
	for _, unavailable := range [][]UnavailableTool{nil, {{Name: "update_app", Reason: "read only"}, {Name: "create_deployment", Reason: "read only"}}} {
		for code, fix := range deploymentFixes {
			f := &fixTools{unavailable: unavailable}
			texts = append(texts, fix(f), rerunRemedy(&client.Deployment{ErrorCode: code, ErrorMessage: "boom"}, f))
		}
		f := &fixTools{unavailable: unavailable}
		for _, msg := range []string{"Failed to pull container image", "invalid spicepod", "app deleted", "other", ""} {
			texts = append(texts, deploymentRemedy(msg, f), rerunRemedy(&client.Deployment{ErrorMessage: msg}, f))
		}
		texts = append(texts, stoppedStep(&client.Deployment{ErrorMessage: "stopped by pause"}, Standing{Paused: true}, f))
	}
	for _, text := range texts {
		if text == "" {
			continue
		}
		if got := whatToDo(text); !r65Words4Opens.MatchString(got) {
			t.Errorf("opens in lower case: %q", got)
		}
	}
	for in, want := range map[string]string{
		"the runtime failed to start":  "What to do: The runtime failed to start",
		"update_app sets it":           "What to do: update_app sets it",
		"`list_deployments {}` shows":  "What to do: `list_deployments {}` shows",
		"Issue a token with apps:read": "What to do: Issue a token with apps:read",
		"élan":                         "What to do: Élan",
		"":                             "What to do: ",
	} {
		if got := whatToDo(in); got != want {
			t.Errorf("whatToDo(%q) = %q, want %q", in, got, want)
		}
	}
}
