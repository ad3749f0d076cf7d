package sandbox

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// r63Spec5Twin is one world of a pair built alike (same clock, same random source, same calls),
// so that an operation sent to each under its two spellings can be compared answer for answer.
type r63Spec5Twin struct {
	*harness
	viewer              string // bob, a viewer of acme-labs
	project, deployment int64  // a deployed project of sandbox with secret PG_PASSWORD
	acme                int64  // a project of acme-labs
}

// r63Spec5States are the states of the project a case finds, by name: as built (deployed,
// running), paused, with a deployment in flight, connected to a repository.
var r63Spec5States = map[string]func(w r63Spec5Twin){
	"": func(r63Spec5Twin) {},
	"paused": func(w r63Spec5Twin) {
		w.expect(w.do("POST", projectPath(w.project, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
	},
	"in flight": func(w r63Spec5Twin) {
		w.expect(w.do("POST", projectPath(w.project, "/deployments"), DefaultToken, map[string]any{}), http.StatusAccepted, "")
	},
	"connected": func(w r63Spec5Twin) {
		w.expect(w.do("PUT", projectPath(w.project, "/repository"), DefaultToken, map[string]any{"repository": "twin-app"}), http.StatusOK, "")
	},
}

func r63Spec5NewTwin(t *testing.T) r63Spec5Twin {
	h := newHarness(t, Config{Random: rand.NewChaCha8([32]byte{63})})
	w := r63Spec5Twin{harness: h, viewer: h.e.IssueUserToken("acme-labs", "bob", []string{"*"}, 0)}
	w.project = h.deployableApp(DefaultToken, "twin-app")
	h.expect(h.do("POST", projectPath(w.project, "/secrets"), DefaultToken, map[string]any{"name": "PG_PASSWORD", "value": "pw-1"}), http.StatusOK, "")
	w.deployment = h.deployAndSettle(w.project)
	res := h.doOrg("POST", "/v1/projects", DefaultToken, "acme-labs", map[string]any{"name": "acme-twin"})
	h.expect(res, http.StatusCreated, "")
	w.acme = num(res.obj()["id"])
	return w
}

// r63Spec5Case is one request sent under both spellings: the path values by parameter name
// ("" = the twin's own), a body (nil = none) and who sends it.
type r63Spec5Case struct {
	name   string
	state  string // a key of r63Spec5States
	values map[string]string
	body   any
	token  func(w r63Spec5Twin) string
	org    string
}

// r63Spec5Examples are the request body examples openapi.json gives an operation.
func r63Spec5Examples(t *testing.T, op *api.Operation) map[string]any {
	out := map[string]any{}
	rb, _ := specOperation(t, op.Method, op.Path)["requestBody"].(map[string]any)
	content, _ := rb["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	examples, _ := media["examples"].(map[string]any)
	for name, ex := range examples {
		if value, ok := ex.(map[string]any)["value"]; ok {
			out[op.ID+"/"+name] = value
		}
	}
	if ex, ok := media["example"]; ok {
		out[op.ID] = ex
	}
	return out
}

// r63Spec5AppTexts and r63Spec5ProjectTexts are the texts api/README §5 and §10 give /v1/apps
// and /v1/projects for a missing or malformed project ID, each folded to one word: a
// /v1/projects answer that says "App" is a divergence, and so is the reverse.
var (
	r63Spec5AppTexts     = regexp.MustCompile(`^(App with ID \d+ not found|App not found|Invalid app ID)$`)
	r63Spec5ProjectTexts = regexp.MustCompile(`^(Project not found|Invalid project ID)$`)
)

// r63Spec5Fold is an answer with what api/README lets differ between the spellings taken out:
// the list envelope key (apps/projects), the deprecated api_key /v1/apps keeps, and the texts
// of a missing or malformed project ID. Everything else must be byte for byte the same.
func r63Spec5Fold(raw []byte, project bool) string {
	texts := r63Spec5AppTexts
	if project {
		texts = r63Spec5ProjectTexts
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	var fold func(any) any
	fold = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, item := range x {
				switch {
				case k == "api_key":
					continue
				case k == "apps":
					k = "projects"
				case k == "error":
					if s, ok := item.(string); ok && texts.MatchString(s) {
						item = "<not found>"
						if strings.HasPrefix(s, "Invalid") {
							item = "<invalid id>"
						}
					}
				}
				out[k] = fold(item)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, item := range x {
				out[i] = fold(item)
			}
			return out
		}
		return v
	}
	b, _ := json.Marshal(fold(v))
	return string(b)
}

// TestR63Spec5AliasesAnswerAlike: api/README §2, `/v1/apps/...` and `/v1/projects/...` are the
// same resources under two names, and only the list envelope key differs (with the deprecated
// api_key and the not-found and invalid-ID texts of §5 and §10). Every operation openapi.json
// marks x-alias-of is sent, with its twin, to two worlds built alike: each request body example
// of either, an unknown and a malformed ID of each path parameter, an empty object and an
// unknown field as the body, a token without scopes, a viewer. Status, headers that matter and
// body must agree once those differences are folded.
func TestR63Spec5AliasesAnswerAlike(t *testing.T) {
	byID := map[string]*api.Operation{}
	for _, op := range api.Operations {
		byID[op.ID] = op
	}
	noScope := func(w r63Spec5Twin) string { return w.e.IssueToken("sandbox", nil, 0) }
	viewer := func(w r63Spec5Twin) string { return w.viewer }
	for _, alias := range api.Operations {
		if alias.AliasOf == "" {
			if strings.HasPrefix(alias.Path, "/v1/apps") {
				t.Errorf("%s %s: no x-alias-of", alias.ID, alias.Path)
			}
			continue
		}
		twin := byID[alias.AliasOf]
		if twin == nil || twin.Method != alias.Method || len(twin.PathParams()) != len(alias.PathParams()) {
			t.Errorf("%s: x-alias-of %s is not its twin", alias.ID, alias.AliasOf)
			continue
		}
		cases := []r63Spec5Case{{name: "as given"}, {name: "without scopes", token: noScope}, {name: "a viewer", token: viewer, org: "acme-labs"}}
		if twin.Body != "" {
			examples := r63Spec5Examples(t, alias)
			for k, v := range r63Spec5Examples(t, twin) {
				examples[k] = v
			}
			cases = cases[1:] // a body is sent in each case below
			for name, body := range examples {
				cases = append(cases, r63Spec5Case{name: "example " + name, body: body})
			}
			cases = append(cases, r63Spec5Case{name: "empty body", body: map[string]any{}},
				r63Spec5Case{name: "unknown field", body: map[string]any{"zz_unknown": 1}},
				r63Spec5Case{name: "not an object", body: []any{1}},
				r63Spec5Case{name: "without scopes", token: noScope, body: map[string]any{}},
				r63Spec5Case{name: "a viewer", token: viewer, org: "acme-labs", body: map[string]any{}})
		}
		for _, base := range slices.Clone(cases) {
			for state := range r63Spec5States {
				if c := base; state != "" && c.token == nil {
					c.name, c.state = state+", "+c.name, state
					cases = append(cases, c)
				}
			}
		}
		for _, p := range twin.PathParams() {
			for _, v := range []string{"999999", "abc"} {
				cases = append(cases, r63Spec5Case{name: fmt.Sprintf("{%s} %s", p, v), values: map[string]string{p: v}})
			}
		}
		for _, c := range cases {
			t.Run(alias.ID+"/"+c.name, func(t *testing.T) {
				var answers [2]*result
				var folded [2]string
				for i, op := range []*api.Operation{alias, twin} {
					w := r63Spec5NewTwin(t)
					r63Spec5States[c.state](w)
					id := w.project
					if c.org == "acme-labs" {
						id = w.acme
					}
					sample := map[string]string{"appId": itoa(id), "projectId": itoa(id), "deploymentId": itoa(w.deployment), "secretName": "PG_PASSWORD"}
					var values []string
					for j, p := range op.PathParams() {
						v := sample[p]
						if given, ok := c.values[twin.PathParams()[j]]; ok {
							v = given
						}
						values = append(values, v)
					}
					token := DefaultToken
					if c.token != nil {
						token = c.token(w)
					}
					w.offSpec = true // the comparison is the point; each spelling's own contract is checked elsewhere
					answers[i] = w.send(op.Method, op.Expand(values...), c.body, func(req *http.Request) {
						req.Header.Set("Authorization", "Bearer "+token)
						if c.org != "" {
							req.Header.Set("X-Org-Name", c.org)
						}
					})
					folded[i] = r63Spec5Fold(answers[i].raw, op == twin)
					w.clock.Advance(5 * time.Second) // a deployment either queued finishes alike
				}
				if answers[0].status != answers[1].status || folded[0] != folded[1] {
					t.Errorf("%s %d %s\n%s %d %s", alias.ID, answers[0].status, answers[0].raw, twin.ID, answers[1].status, answers[1].raw)
				}
				for _, hdr := range []string{"Content-Type", "Location", "Www-Authenticate", "Retry-After"} {
					if a, b := answers[0].header.Get(hdr), answers[1].header.Get(hdr); a != b && !strings.Contains(a+b, "/v1/") {
						t.Errorf("%s: %s %q, %s %q", hdr, alias.ID, a, twin.ID, b)
					}
				}
			})
		}
	}
}
