package sandbox

import (
	"encoding/json"
	"net/http"
	"reflect"
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

// TestR75Spec18BlankOrgHeaderAsTheSpecShowsIt: api/README §3, a present but blank X-Org-Name,
// on every operation that takes the header: the body is exactly openapi.json's blankOrgHeader
// example of the operation's 400 (`{"error":"Invalid X-Org-Name header"}`, no code, no
// details), but on createApp and addMember, whose 400 is the older reference's ValidationError
// (kept unchanged, api/CHANGES.md, and showing no such example): there the body names the
// header in details.fieldErrors, as that schema requires (the harness checks the schema).
func TestR75Spec18BlankOrgHeaderAsTheSpecShowsIt(t *testing.T) {
	doc := spec(t)
	h := newHarness(t, Config{Demo: true})
	checked := 0
	for _, op := range api.Operations {
		if len(op.Headers) == 0 {
			continue // no X-Org-Name: health, the token endpoint
		}
		var body any
		if op.Body != "" {
			body = r59SpecBody(op)
		}
		res := h.doOrg(op.Method, r59SpecPathWith(t, h, op, "", ""), "sandbox", "", body)
		if res.status != http.StatusBadRequest || res.errText() != blankOrgHeader {
			t.Errorf("%s: %d %s", op.ID, res.status, res.raw)
			continue
		}
		checked++
		resp := r55SpecResolve(doc, specOperation(t, op.Method, op.Path)["responses"].(map[string]any)["400"])
		examples, _ := resp["content"].(map[string]any)["application/json"].(map[string]any)["examples"].(map[string]any)
		example, shown := examples["blankOrgHeader"]
		if op == api.CreateApp || op == api.AddMember {
			if shown || len(res.fieldErrors(orgHeader)) != 1 || res.obj()["code"] != nil {
				t.Errorf("%s: the ValidationError 400 (example shown: %v) answered %s", op.ID, shown, res.raw)
			}
			continue
		}
		want := r55SpecResolve(doc, example)["value"]
		if !shown || !reflect.DeepEqual(res.body, want) {
			t.Errorf("%s: answered %s, openapi.json's blankOrgHeader example is %v", op.ID, res.raw, want)
		}
	}
	if checked < 45 {
		t.Errorf("only %d operations answered a blank X-Org-Name", checked)
	}
}
