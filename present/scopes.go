package present

import (
	"fmt"
	"strings"
)

// MissingScopes is the refusal of a call whose token visibly lacks scopes it needs; nothing has
// been sent to the API. Its fix is a line of its own, as every
// refusal's (whatToDo).
func MissingScopes(tool string, missing []string) string {
	noun := "scope"
	if len(missing) > 1 {
		noun = "scopes"
	}
	return fmt.Sprintf("%s was not run: the token lacks the %s %s (read from the token). Nothing was changed.\n%s", tool, noun,
		strings.Join(missing, " and "), whatToDo("use a token with "+strings.Join(missing, ", ")+" (or a scope that implies it), then call again."))
}
