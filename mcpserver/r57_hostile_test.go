package mcpserver_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR57HostileListPagingFieldsOnEveryList: round 56 noted undocumented paging fields (a total
// other than the items listed, has_more, a next cursor) on list_apps only: every other list the
// API documents no paging for read "1 secret on …" as if that were all, with "total":9 or
// "has_more":true dropped. Each now says it, in the same words (one helper); lists that are
// paged or bounded (deployments, logs) are not so read.
func TestR57HostileListPagingFieldsOnEveryList(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	for _, c := range []struct {
		tool, path, body, want string
		args                   map[string]any
	}{
		{"list_secrets", `/secrets$`, `{"secrets":[{"name":"PG_PASS",` + at + `,"updated_at":"2026-01-01T00:00:00.000Z"}],"total":9}`,
			"besides the 1 secret listed, it gave total `9`: paging fields the API does not document for GET /v1/projects/101/secrets", map[string]any{"app": "analytics-app"}},
		{"list_forks", `^/v1/projects/101/forks$`, `{"forks":[{"id":105,"name":"analytics-fork","visibility":"private",` + at + `}],"has_more":true}`,
			"besides the 1 fork listed, it gave has_more `true`", map[string]any{"app": "analytics-app"}},
		{"list_members", `^/v1/members$`, `{"members":[{"user_id":1,"username":"alice","roles":["owner"],"is_owner":true,` + at + `}],"next_cursor":"c2"}`,
			"besides the 1 member listed, it gave next_cursor `\"c2\"`", map[string]any{}},
		{"list_orgs", `^/v1/orgs$`, `{"orgs":[{"id":1,"name":"acme","role":"owner",` + at + `}],"total_count":4}`,
			"besides the 1 organization listed, it gave total_count `4`", map[string]any{}},
		{"list_regions", `^/v1/regions$`, `{"regions":[{"name":"US East","region":"us-east-1","cname":"use1","provider":"aws","providerName":"AWS"}],"default":"us-east-1","count":3}`,
			"besides the 1 region listed, it gave count `3`", map[string]any{}},
		{"list_container_images", `^/v1/container-images$`, `{"images":[{"name":"spiceai/spiceai","tag":"2.3.2","channel":"stable"}],"next":"/v1/container-images?page=2"}`,
			"besides the 1 image listed, it gave next `\"/v1/container-images?page=2\"`", map[string]any{}},
		{"list_instances", `^/v1/projects/101/instances$`, `{"instances":[{"name":"analytics-app-1","status":"ready"}],"next_page_token":"t"}`,
			"besides the 1 instance listed, it gave next_page_token `\"t\"`", map[string]any{"app": "analytics-app"}},
		{"list_clusters", `^/v1/clusters$`, `{"clusters":[{"cluster_name":"c","infra_cluster_name":"h","endpoint":"e","region":"us-west-2","cloud_provider":"aws"}],"total":2}`,
			"besides the 1 cluster listed, it gave total `2`", map[string]any{}},
	} {
		h := r54HostileAnswering(t, "GET", c.path, 200, c.body)
		got := h.ok(t, c.tool, c.args)
		mustContain(t, c.tool, got, "Odd in the API's answer: "+c.want, "so this server does not follow them.")
		// The same list with fields that agree says nothing.
		agree := strings.NewReplacer(`"total":9`, `"total":1`, `"has_more":true`, `"has_more":false`, `"next_cursor":"c2"`, `"next_cursor":null`,
			`"total_count":4`, `"total_count":1`, `"count":3`, `"count":1`, `"next":"/v1/container-images?page=2"`, `"next":""`,
			`"next_page_token":"t"`, `"next_page_token":null`, `"total":2`, `"total":1`).Replace(c.body)
		h = r54HostileAnswering(t, "GET", c.path, 200, agree)
		if got := h.ok(t, c.tool, c.args); strings.Contains(got, "paging fields") {
			t.Errorf("%s: fields that agree said odd:\n%s", c.tool, got)
		}
	}
	// A deployment list is paged (limit): a total above its page is what paging is.
	h := r54HostileAnswering(t, "GET", `/deployments$`, 200, `{"deployments":[{"id":1003,"status":"succeeded",`+at+`}],"total":40}`)
	if got := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}); strings.Contains(got, "paging fields") {
		t.Errorf("list_deployments: a paged list's total said odd:\n%s", got)
	}
}

// r57HostileBrokenOffStatus is a harness whose proxy answers method and path (a pattern) with
// status and a chunked JSON body that breaks off mid-way (the connection closed after its first
// chunk), and passes the rest to the emulator.
func r57HostileBrokenOffStatus(t *testing.T, method, path string, status int) *harness {
	re := regexp.MustCompile(path)
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, emulatorURL string) string {
			return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
				if r.Method != method || !re.MatchString(r.URL.Path) {
					proxy.ServeHTTP(w, r)
					return
				}
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"error\":\"forbi\r\n", status, http.StatusText(status))
				_ = buf.Flush()
				_ = conn.Close()
			})(t, emulatorURL)
		}})
}

// TestR57HostileErrorBodyBrokenOff: a 403 (or 500) whose chunked body broke off mid-way said
// the server "did not answer": it answered, with a status. The status is now said, and that its
// body broke off; a read changed nothing.
func TestR57HostileErrorBodyBrokenOff(t *testing.T) {
	for _, status := range []int{403, 500} {
		h := r57HostileBrokenOffStatus(t, "GET", `^/v1/projects/101$`, status)
		got := h.fail(t, "get_app", map[string]any{"app": "id:101"})
		mustContain(t, "get_app", got, fmt.Sprintf("%d %s", status, http.StatusText(status)),
			"The status came, but the answer's body broke off after 16 bytes (the connection closed before its end), so what the API said with it could not be read.")
		if strings.Contains(got, "did not answer") {
			t.Errorf("%d: says it did not answer:\n%s", status, got)
		}
	}
	// A change so answered is that status, its outcome as the status says (a 500 may have applied).
	h := r57HostileBrokenOffStatus(t, "POST", `/pause$`, 500)
	got := h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "pause_app", got, "500 Internal Server Error", "the answer's body broke off after 16 bytes")
	for _, bad := range []string{"did not answer", "Paused"} {
		if strings.Contains(got, bad) {
			t.Errorf("pause_app says %q:\n%s", bad, got)
		}
	}
}

// TestR57HostileWriteRefusedSaysWhatStands: regenerate_api_key answered 401 (a token revoked)
// or 403 (its scope taken away) gave the bare error ("Spice.ai API error 401 Unauthorized /
// What to do: Check SPICE_API_TOKEN…"): whether a key was replaced, which works, and how to go
// on were left to guess; every other write so refused (set_secret, delete_secret, pause_app,
// update_app, delete_app, create_app, add_member, remove_member) likewise never said it changed
// nothing. Each now says so; regenerate_api_key says which keys stand and the call again.
func TestR57HostileWriteRefusedSaysWhatStands(t *testing.T) {
	for _, c := range []struct {
		status int
		key    int
		which  string
	}{{401, 2, "The secondary key of analytics-app (101) was not replaced"}, {403, 1, "The primary key of analytics-app (101) was not replaced"},
		{401, 0, "Neither key of analytics-app (101) was replaced"}} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		p0, s0 := emulatorKeys(t, h)
		h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: c.status})
		got := h.fail(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": c.key})
		wantKeys(t, h, "refused", p0, s0)
		mustContain(t, "regenerate_api_key", got, fmt.Sprint(c.status), "The API refused it: nothing was changed.",
			c.which+": both keys are as they were, both still valid, so clients need no change.",
			fmt.Sprintf("Once the cause is dealt with, run it again: `regenerate_api_key {\"app\":\"analytics-app\",\"key_number\":%d}`.", c.key))
	}
	for _, c := range []struct {
		op, tool string
		args     map[string]any
	}{
		{api.UpsertProjectSecret.ID, "set_secret", map[string]any{"app": "analytics-app", "name": "NEW_ONE", "value": "s3cr3t-value"}},
		{api.DeleteProjectSecret.ID, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
		{api.PauseProject.ID, "pause_app", map[string]any{"app": "analytics-app"}},
		{api.UpdateProject.ID, "update_app", map[string]any{"app": "analytics-app", "description": "x"}},
		{api.DeleteProject.ID, "delete_app", map[string]any{"app": "analytics-app"}},
		{api.CreateProject.ID, "create_app", map[string]any{"name": "new-app"}},
		{api.AddMember.ID, "add_member", map[string]any{"username": "carol"}},
		{api.RemoveMember.ID, "remove_member", map[string]any{"member": "id:2"}},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		h.emu.InjectFault(sandbox.Fault{Operation: c.op, Status: 403})
		mustContain(t, c.tool, h.fail(t, c.tool, c.args), "403 Forbidden", "The API refused it: nothing was changed.")
	}
}
