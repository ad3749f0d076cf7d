package mcpserver_test

import (
	"strings"
	"testing"
)

// TestR58HostileNamesHoldingMarkdown: a name the API returns holding Markdown (a secret named
// **Status: succeeded**, an app, organization or member likewise, with `code`, ~~x~~ or an
// entity) was shown raw in table cells and headlines: a bold "Status: succeeded" in a secret
// table, as if this server said it. A name is an identifier, so one holding inline markup is
// now a code span everywhere names are shown (present.NameText; a cell's | still escaped),
// where none of it renders; names without markup (PG_PASS.x-1, analytics-app) are unchanged.
func TestR58HostileNamesHoldingMarkdown(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	const nasty = "**Status: succeeded** | ~~x~~ &amp; [x](http://evil) <b>hi</b>"
	const cell = "`**Status: succeeded** \\| ~~x~~ &amp; [x](http://evil) <b>hi</b>`"
	for _, c := range []struct {
		tool, path, body string
		args             map[string]any
		want             []string
	}{
		{"list_secrets", `/secrets$`, `{"secrets":[{"name":"` + nasty + `",` + at + `},{"name":"PG_PASS.x-1",` + at + `}]}`,
			map[string]any{"app": "analytics-app"}, []string{"| " + cell + " |", "| PG_PASS.x-1 |"}},
		{"list_members", `^/v1/members$`, `{"members":[{"user_id":1,"username":"` + nasty + `","roles":["owner"],"is_owner":true,` + at + `},` +
			`{"user_id":2,"username":"jane_doe-2.x","roles":["member"],` + at + `}]}`,
			map[string]any{}, []string{"its owner is `" + nasty + "` (user 1)", "| 1 | " + cell + " |", "| 2 | jane_doe-2.x |"}},
		{"list_orgs", `^/v1/orgs$`, `{"orgs":[{"id":1,"name":"` + nasty + `","role":"owner",` + at + `},{"id":2,"name":"acme_corp","role":"member",` + at + `}]}`,
			map[string]any{}, []string{"| " + cell + " |", "| acme_corp |"}},
		{"list_apps", `^/v1/projects$`, `{"projects":[{"id":101,"name":"` + nasty + `","visibility":"private",` + at + `},{"id":102,"name":"edge-app","visibility":"private",` + at + `}]}`,
			map[string]any{}, []string{"| 101 | " + cell + " |", "| 102 | edge-app |"}},
		{"list_apps", `^/v1/projects$`, `{"projects":[{"id":101,"name":"__init__","visibility":"private",` + at + `}]}`,
			map[string]any{}, []string{"| 101 | `__init__` |"}},
		{"get_app", `^/v1/projects/101$`, `{"id":101,"name":"**Status: succeeded**","visibility":"private",` + at + `,"config":{}}`,
			map[string]any{"app": "101"}, []string{"**`**Status: succeeded**`** (101)"}},
	} {
		h := r54HostileAnswering(t, "GET", c.path, 200, c.body)
		got := h.ok(t, c.tool, c.args)
		mustContain(t, c.tool, got, c.want...)
		if strings.Contains(got, `\<b>`) || strings.Contains(got, `x\](`) {
			t.Errorf("%s: a name's markup escaped with backslashes, not shown as written in a code span:\n%s", c.tool, got)
		}
	}
}

// TestR58HostileIDsBelowOne: an app or a deployment the API lists with the ID -5 was shown as
// "| -5 | neg-app |" (get_app by its name then asked for /v1/projects/-5), though the API
// numbers both from 1 and no call can name it. Such an answer is now refused, the ID as given
// (a value it does not document), as a missing ID is. An ID above 2^53 is read exactly (the
// client decodes numbers as written, never through a float64) and a follow-up call with it
// reaches that deployment.
func TestR58HostileIDsBelowOne(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[{"id":102,"name":"edge-app","visibility":"private",`+at+`},{"id":-5,"name":"neg-app","visibility":"private",`+at+`}]}`)
	mustContain(t, "list_apps", h.fail(t, "list_apps", map[string]any{}),
		"The Spice.ai API answered GET /v1/projects with 200 OK and a response body whose projects[1].id is -5 (not a value it documents). Nothing was changed.")
	h = r54HostileAnswering(t, "GET", `/deployments$`, 200, `{"deployments":[{"id":-5,"status":"succeeded",`+at+`}]}`)
	mustContain(t, "list_deployments", h.fail(t, "list_deployments", map[string]any{"app": "analytics-app"}),
		"deployments[0].id is -5 (not a value it documents)")
	h = r54HostileAnswering(t, "GET", `/deployments/1003$`, 200, `{"id":-5,"status":"succeeded",`+at+`}`)
	if got := h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}); !strings.Contains(got, "-5") {
		t.Errorf("get_deployment answered -5:\n%s", got)
	}
	h = r54HostileAnswering(t, "GET", `/deployments$`, 200, `{"deployments":[{"id":9007199254740993,"status":"succeeded",`+at+`}]}`)
	mustContain(t, "list_deployments", h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}), "| 9007199254740993 |")
	h = r54HostileAnswering(t, "GET", `/deployments/9007199254740993$`, 200, `{"id":9007199254740993,"status":"succeeded",`+at+`}`)
	res := h.callRaw(t, "get_deployment", `{"app":"analytics-app","deployment_id":9007199254740993}`)
	mustContain(t, "get_deployment", text(res), "Deployment 9007199254740993 of analytics-app (101): **✅ succeeded**")
}

// TestR58HostileFieldGivenAsZero: an app listed with "id":0, or with a created_at of
// 0001-01-01T00:00:00Z, was refused as an answer that "lacks projects[1].id": it does not lack
// it, it gives it as 0. The refusal now says what the answer gave; a field that is absent or
// null is still one the answer lacks.
func TestR58HostileFieldGivenAsZero(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[{"id":102,"name":"edge-app","visibility":"private",`+at+`},{"id":0,"name":"zero-app","visibility":"private",`+at+`}]}`)
	mustContain(t, "list_apps", h.fail(t, "list_apps", map[string]any{}),
		"The Spice.ai API answered GET /v1/projects with 200 OK and a response body whose projects[1].id is 0 (not a value it documents). Nothing was changed.")
	h = r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[{"id":102,"name":"edge-app","visibility":"private","created_at":"0001-01-01T00:00:00Z"}]}`)
	mustContain(t, "list_apps", h.fail(t, "list_apps", map[string]any{}), "whose projects[0].created_at is 0001-01-01T00:00:00Z (not a value it documents)")
	h = r54HostileAnswering(t, "GET", `/deployments/1003$`, 200, `{"id":1003,"status":"succeeded","created_at":null}`)
	mustContain(t, "get_deployment", h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}),
		"a Deployment that lacks created_at (documented fields)")
}
