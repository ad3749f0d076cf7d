package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

var (
	r75Spec18TriplesOnce sync.Once
	r75Spec18Triples     map[string]bool
)

// r75Spec18UndocumentedCode is the harness's check of error codes (api/README §5): a `code` the
// emulator answers must be one openapi.json shows for that operation and status (an example's
// `code`), or one §5's table alone adds (r55SpecReadmeOnly). "" when the body carries none or
// a documented one. Every response of every sandbox test passes through it (checkAgainstSpec),
// so a code drifting onto an operation that does not document it fails where it first appears.
func r75Spec18UndocumentedCode(t *testing.T, opID string, status int, raw []byte) string {
	var body struct {
		Code *string `json:"code"`
	}
	if json.Unmarshal(raw, &body) != nil || body.Code == nil {
		return ""
	}
	r75Spec18TriplesOnce.Do(func() {
		r75Spec18Triples = r55SpecDocumentedTriples(t)
		for _, tr := range r55SpecReadmeOnly {
			r75Spec18Triples[tr] = true
		}
	})
	code := *body.Code
	if status == http.StatusForbidden && slices.Contains(r75Spec18AnyOperation, code) {
		return ""
	}
	// A /v1/apps alias answers its twin's codes (api/README §2: only the list envelope
	// differs; the alias keeps the older document's examples, which show none).
	for _, op := range api.Operations {
		if op.ID == opID && op.AliasOf != "" && r75Spec18Triples[r55SpecTriple(op.AliasOf, status, code)] {
			return ""
		}
	}
	if tr := r55SpecTriple(opID, status, code); !r75Spec18Triples[tr] {
		return "code " + strconv.Quote(*body.Code) + " is not documented for " + opID + " " + strconv.Itoa(status)
	}
	return ""
}

// r75Spec18AnyOperation are the codes api/README §5 and §6 give every authenticated operation
// ("any operation"): the scope and organization refusals.
var r75Spec18AnyOperation = []string{"insufficient_scope", "org_forbidden", "org_assertion_mismatch"}
