package mcpserver_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r54HostileAnswering is a harness whose proxy answers method and path (a pattern) with status
// and body itself.
func r54HostileAnswering(t *testing.T, method, path string, status int, body string) *harness {
	answers := []canned{{method: method, path: regexp.MustCompile(path), status: status, body: body}}
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
}

// TestR54HostileFieldGivenTwice: a deployment read giving "status" twice ("failed", then
// "succeeded") said "**✅ succeeded** … The app is live": Go keeps the last of two names, another
// reader the first, and JSON does not say which holds. An app's "visibility" likewise. Such an
// answer is now refused, both values shown; a name repeated with the same value is harmless.
func TestR54HostileFieldGivenTwice(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `/deployments/1003$`, 200,
		`{"id":1003,"status":"failed","created_at":"2026-11-22T12:00:00.000Z","replicas":1,"status":"succeeded"}`)
	got := h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "get_deployment", got, `with 200 OK and a Deployment that gives status twice, as "failed" and as "succeeded": which the API meant is not known. Nothing was changed.`)
	if strings.Contains(got, "live") {
		t.Errorf("shows one of the two as the answer:\n%s", got)
	}
	h = r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200,
		`{"id":101,"name":"analytics-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","config":{},"visibility":"public"}`)
	mustContain(t, "get_app", h.fail(t, "get_app", map[string]any{"app": "analytics-app"}), `a Project that gives visibility twice, as "private" and as "public"`)
	h = r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200,
		`{"id":101,"name":"analytics-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","config":{},"visibility":"private"}`)
	mustContain(t, "same value", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "**analytics-app** (101)", "Visibility: private")
}

// TestR54HostileResultAndErrorAtOnce: a 200 whose body is a whole Deployment with "error":
// "Deployment failed" besides said "**✅ succeeded** … The app is live" without a word of the
// error. Success and failure at once: neither is shown as the answer, the API's words are.
func TestR54HostileResultAndErrorAtOnce(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `/deployments/1003$`, 200,
		`{"id":1003,"status":"succeeded","created_at":"2026-11-22T12:00:00.000Z","replicas":1,"error":"Deployment failed"}`)
	got := h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "get_deployment", got, "with 200 OK and a Deployment that also carries an error (its error: Deployment failed): which of the two holds is not known. Nothing was changed.")
	h = r54HostileAnswering(t, "POST", `/deployments$`, 201,
		`{"id":1009,"status":"queued","created_at":"2026-11-22T12:00:00.000Z","replicas":1,"error":"Quota exceeded","code":"quota_exceeded"}`)
	mustContain(t, "create_deployment", h.fail(t, "create_deployment", map[string]any{"app": "analytics-app"}),
		"with 201 Created and a Deployment that also carries an error (its error (quota_exceeded): Quota exceeded): which of the two holds is not known, so what it did is not known.")
}

// TestR54HostileByteOrderMark: an app read whose JSON follows a UTF-8 byte order mark, which a
// JSON reader may ignore (RFC 8259 §8.1), said "a body that is not the Project it documents".
func TestR54HostileByteOrderMark(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200,
		"\ufeff"+`{"id":101,"name":"analytics-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","config":{}}`)
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "**analytics-app** (101)")
}

// TestR54HostileSecretListedTwice: a secrets list naming PG_PASS twice said "2 secrets on
// analytics-app" with two rows of it (names are unique in an app). It is shown and counted
// once, the repeat said, as a member, instance or image listed twice is.
func TestR54HostileSecretListedTwice(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `/secrets$`, 200, `{"secrets":[`+
		`{"name":"PG_PASS","created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"},`+
		`{"name":"PG_PASS","created_at":"2026-01-02T00:00:00.000Z","updated_at":"2026-01-02T00:00:00.000Z"},`+
		`{"name":"S3_KEY","created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}]}`)
	got := h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"})
	mustContain(t, "list_secrets", got, "2 secrets on analytics-app (101)", "The Spice.ai API listed secret PG_PASS twice; shown once, as first listed.")
	if n := strings.Count(got, "| PG_PASS |"); n != 1 {
		t.Errorf("PG_PASS in %d rows:\n%s", n, got)
	}
}

// TestR54HostileAppListedTwice: an apps list naming app 101 twice said "2 apps" with two rows
// of it, and a forks list likewise. Each is shown and counted once, the repeat said.
func TestR54HostileAppListedTwice(t *testing.T) {
	const app = `{"id":101,"name":"analytics-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z"}`
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[`+app+`,`+app+`]}`)
	got := h.ok(t, "list_apps", map[string]any{})
	mustContain(t, "list_apps", got, "1 app:", "The Spice.ai API listed app 101 twice; shown once, as first listed.")
	if n := strings.Count(got, "| 101 |"); n != 1 {
		t.Errorf("app 101 in %d rows:\n%s", n, got)
	}
}

// TestR54HostileRegionAndClusterListedTwice: a regions list naming us-east-1 twice said "2
// regions" with two rows of it; a clusters list naming cluster c twice showed two rows and "c
// and c share hardware (h)". Each is shown and counted once, the repeat said.
func TestR54HostileRegionAndClusterListedTwice(t *testing.T) {
	const region = `{"name":"US East","region":"us-east-1","cname":"use1","provider":"aws","providerName":"AWS"}`
	h := r54HostileAnswering(t, "GET", `^/v1/regions$`, 200, `{"regions":[`+region+`,`+region+`],"default":"us-east-1"}`)
	got := h.ok(t, "list_regions", map[string]any{})
	mustContain(t, "list_regions", got, "1 region", "The Spice.ai API listed region us-east-1 twice; shown once, as first listed.")
	if n := strings.Count(got, "| us-east-1 |"); n != 1 {
		t.Errorf("us-east-1 in %d rows:\n%s", n, got)
	}
	const cluster = `{"cluster_name":"c","infra_cluster_name":"h","endpoint":"e","region":"us-west-2","cloud_provider":"aws"}`
	h = r54HostileAnswering(t, "GET", `^/v1/clusters$`, 200, `{"clusters":[`+cluster+`,`+cluster+`]}`)
	got = h.ok(t, "list_clusters", map[string]any{})
	mustContain(t, "list_clusters", got, "The Spice.ai API listed cluster c twice; shown once, as first listed.")
	if n := strings.Count(got, "| c |"); n != 1 || strings.Contains(got, "c and c share") {
		t.Errorf("cluster c in %d rows:\n%s", n, got)
	}
}

// TestR54HostileValueOfAnotherType: a deployment read with "replicas":"2" (a number as a
// string) said only "a body that is not the Deployment it documents": which field, and what it
// held, was left to guess. The field and the two types are named now.
func TestR54HostileValueOfAnotherType(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `/deployments/1003$`, 200,
		`{"id":1003,"status":"succeeded","created_at":"2026-11-22T12:00:00.000Z","replicas":"2"}`)
	mustContain(t, "get_deployment", h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}),
		"with 200 OK and a body that is not the Deployment it documents (its replicas is a string, where a number is documented). Nothing was changed.")
}
