package mcpserver_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Result goldens: for every tool of the catalogue, what the model and the user read — its
// success and its main failures — is checked in under testdata/results/<tool>.md and compared
// byte for byte, so a change of wording is always deliberate. After such a change run
//
//	go test ./mcpserver -run TestResultGoldens -update
//
// and review the diff. Every case runs on a fresh demo sandbox reached as --sandbox reaches it
// (in-process, fixed address), on the emulator's manual clock, with seeded randomness (API
// keys), so the outputs are the same on every run.

// Tokens of the golden world besides "sandbox" (all scopes). The first two are opaque, so the
// API, not the server, refuses what they may not do; the deployer's is JWT-shaped, so the server
// reads its scopes, hides the tools it cannot use and refuses calls before any request.
const (
	tokenAppsRead    = "apps-read-only"
	tokenMembersRead = "members-read-only"
)

var tokenDeployer = jwtShaped(map[string]any{"sub": "deployer", "org": "sandbox", "scopes": []string{"apps:write", "deployments:write"}})

// tokenNotes describe the tokens in the goldens.
var tokenNotes = map[string]string{
	tokenAppsRead:    "an opaque token with the scope apps:read",
	tokenMembersRead: "an opaque token with the scope members:read",
	"deployer":       "a JWT-shaped token with the scopes apps:write and deployments:write",
	"revoked-token":  "a token the API rejects (401: revoked or unknown)",
}

func jwtShaped(claims map[string]any) string {
	payload, err := json.Marshal(claims)
	if err != nil {
		panic(err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + ".golden"
}

// resultCase is one call of a tool, in a fresh sandbox.
type resultCase struct {
	name string
	args map[string]any
	// given says in words what setup (or world) changes in the demo sandbox.
	given string
	setup func(t *testing.T, h *harness)
	world func(cfg *sandbox.Config)
	token string // "" = "sandbox" (all scopes); "-" = no credentials
	// policy restricts the exposed tools.
	policy tools.Policy
	// answer makes the client able to answer a confirmation question, and answer it so.
	answer *elicitAnswer
	// confirm is the confirmation mode (--confirm); "" is the default, human.
	confirm tools.ConfirmMode
	// sandbox: the API client is marked as --sandbox marks its own (client.Config.Sandbox), so
	// errors are headed and remedied as the emulator's; otherwise they read as the real API's.
	sandbox bool
	// tokens, when set, is the API client's token source (given the emulator's URL), in place
	// of token.
	tokens func(emulatorURL string) client.TokenSource
}

type elicitAnswer struct {
	action mcp.ElicitationResponseAction
	typed  string
}

var declines = &elicitAnswer{action: mcp.ElicitationResponseActionDecline}

func fault(f sandbox.Fault) func(*testing.T, *harness) {
	return func(_ *testing.T, h *harness) { h.emu.InjectFault(f) }
}

// queueDeployment starts a deployment of analytics-app (it stays queued until the clock moves).
func queueDeployment(t *testing.T, h *harness) {
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
}

// queueRollback queues a rollback of analytics-app to deployment 1001 (it stays queued until
// the clock moves).
func queueRollback(t *testing.T, h *harness) {
	h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
}

// missingBranch connects analytics-app to its repository and points its production branch at
// one that does not exist (the emulated GitHub's -missing suffix).
func missingBranch(t *testing.T, h *harness) {
	h.ok(t, "connect_repository", map[string]any{"app": "analytics-app", "repository": "analytics"})
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "production_branch": "x-missing"})
}

const analyticsID = 101 // the demo's first app

// refsPodYAML refers to three secrets: PG_USER (given as an argument), PG_PASS and API_TOKEN.
const refsPodYAML = "version: v1\nkind: Spicepod\nname: combo\ndatasets:\n  - from: postgres:orders\n    name: orders\n" +
	"    params:\n      pg_user: ${secrets:PG_USER}\n      pg_pass: ${secrets:PG_PASS}\n" +
	"models:\n  - from: openai:gpt-4o\n    name: gpt\n    params:\n      openai_api_key: ${ env:API_TOKEN }\n"

// secretPodYAML holds credentials inline (a password, a connection string, URL userinfo, an
// API key) beside a secrets stanza and references; maskedPodYAML is what get_app shows of it.
const (
	secretPodYAML = "version: v1\nkind: Spicepod\nname: docs-search\nsecrets:\n  - from: env\n    name: env\n" +
		"datasets:\n  - from: postgres:public.docs\n    name: docs\n    params:\n      pg_host: db.internal\n      pg_port: 5432\n" +
		"      pg_user: reader\n      pg_pass: inline-pw-1\n" +
		"  - from: https://reports:inline-pw-2@files.example.com/docs.csv\n    name: files\n" +
		"    params:\n      file_format: csv\n      http_headers: \"Authorization: Bearer inline-token-3\"\n" +
		"models:\n  - from: openai:gpt-4o\n    name: gpt\n    params:\n      openai_api_key: ${secrets:OPENAI_API_KEY}\n"
	maskedPodYAML = "version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n  - from: postgres:orders\n    name: orders\n" +
		"    params:\n      pg_host: db.internal\n      pg_pass: \"********\"\n      pg_user: \"********\"\n"
)

var resultCases = map[string][]resultCase{
	"check_health": {
		{name: "healthy", args: map[string]any{}},
		{name: "healthy, no credentials", token: "-", args: map[string]any{}},
		{name: "unknown argument", args: map[string]any{"verbose": true}},
		{name: "server error", given: "getHealth answers 500", setup: fault(sandbox.Fault{Operation: api.GetHealth.ID, Status: 500}), args: map[string]any{}},
	},
	"list_regions": {
		{name: "regions", args: map[string]any{}},
		{name: "invalid env", args: map[string]any{"env": "staging"}},
		{name: "scope missing", token: tokenMembersRead, args: map[string]any{}},
		{name: "rate limited", given: "listRegions answers 429 with Retry-After: 3600",
			setup: fault(sandbox.Fault{Operation: api.ListRegions.ID, Status: 429, RetryAfter: "3600"}), args: map[string]any{}},
	},
	"list_container_images": {
		{name: "stable images", args: map[string]any{"channel": "stable"}},
		{name: "wrong type", args: map[string]any{"channel": 3}},
		{name: "scope missing", token: tokenMembersRead, args: map[string]any{}},
	},
	"list_apps": {
		{name: "apps", args: map[string]any{}},
		{name: "unknown argument", args: map[string]any{"limit": 5}},
		{name: "scope missing", token: tokenMembersRead, args: map[string]any{}},
		{name: "server error", given: "listApps answers 500", setup: fault(sandbox.Fault{Operation: api.ListProjects.ID, Status: 500}), args: map[string]any{}},
	},
	"get_app": {
		{name: "by name", args: map[string]any{"app": "analytics-app"}},
		{name: "without spicepod, by ID", args: map[string]any{"app": analyticsID + 1}},
		{name: "app missing", args: map[string]any{}},
		{name: "name with a typo", args: map[string]any{"app": "analytcs-app"}},
		{name: "unknown ID", args: map[string]any{"app": 999}},
		{name: "explicit ID", args: map[string]any{"app": "id:102"}},
		{name: "digits that are a name", given: "an app is named 0101",
			setup: func(t *testing.T, h *harness) { h.ok(t, "create_app", map[string]any{"name": "0101"}) },
			args:  map[string]any{"app": "0101"}},
		{name: "scope missing", token: tokenMembersRead, args: map[string]any{"app": "analytics-app"}},
		{name: "inline credentials masked", given: "docs-search's spicepod holds credentials inline (see secretPodYAML)",
			setup: func(t *testing.T, h *harness) {
				h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": secretPodYAML})
			}, args: map[string]any{"app": "docs-search"}},
	},
	"create_app": {
		{name: "created", args: map[string]any{"name": "sales-app", "description": "Sales", "tags": map[string]any{"team": "sales"}}},
		{name: "reactivates a deleted app", given: "analytics-app was deleted an hour ago (approved on the page)",
			setup: func(t *testing.T, h *harness) {
				earlierCallAnswered("delete_app", map[string]any{"app": "analytics-app"}, approved)(t, h)
				h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
				h.clock.Advance(time.Hour)
			}, args: map[string]any{"name": "analytics-app"}},
		{name: "name too short", args: map[string]any{"name": "ab"}},
		{name: "name taken", args: map[string]any{"name": "ANALYTICS-APP"}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"name": "sales-app"}},
		{name: "app limit", given: "the organization may have 2 apps",
			world: func(cfg *sandbox.Config) {
				cfg.Orgs = []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: []string{"bob"}, MaxApps: 2}}
			}, args: map[string]any{"name": "sales-app"}},
		{name: "outcome unknown", given: "createApp answers 500", setup: fault(sandbox.Fault{Operation: api.CreateProject.ID, Status: 500}),
			args: map[string]any{"name": "sales-app"}},
		{name: "app limit, sandbox mode", given: "the organization may have 2 apps", sandbox: true,
			world: func(cfg *sandbox.Config) {
				cfg.Orgs = []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: []string{"bob"}, MaxApps: 2}}
			}, args: map[string]any{"name": "sales-app"}},
	},
	"update_app": {
		{name: "spicepod and replicas", args: map[string]any{"app": "docs-search", "spicepod": podYAML, "replicas": 2}},
		{name: "nothing to update", args: map[string]any{"app": "docs-search"}},
		{name: "replicas out of range", args: map[string]any{"app": "docs-search", "replicas": 11}},
		{name: "invalid spicepod", args: map[string]any{"app": "docs-search", "spicepod": "version: [oops"}},
		{name: "blank production branch", args: map[string]any{"app": "docs-search", "production_branch": ""}},
		{name: "unknown app", args: map[string]any{"app": "zzzzzzzzzzzz", "replicas": 2}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "docs-search", "replicas": 2}},
		{name: "masked spicepod copied back", args: map[string]any{"app": "analytics-app", "spicepod": maskedPodYAML}},
		{name: "replicas above the plan", args: map[string]any{"app": "docs-search", "replicas": 6}},
		{name: "replicas above the plan, sandbox mode", sandbox: true, args: map[string]any{"app": "docs-search", "replicas": 6}},
		{name: "image_tag on the standard plan, sandbox mode", sandbox: true, args: map[string]any{"app": "docs-search", "image_tag": "1.0.0"}},
	},
	"delete_app": {
		{name: "approved on the page", given: "the user approved the link of the same call on the page",
			setup: earlierCallAnswered("delete_app", map[string]any{"app": "docs-search"}, approved), args: map[string]any{"app": "docs-search"}},
		{name: "declined on the page", given: "the user declined the link of the same call on the page",
			setup: earlierCallAnswered("delete_app", map[string]any{"app": "docs-search"}, declined), args: map[string]any{"app": "docs-search"}},
		{name: "the agent's confirm is ignored", args: map[string]any{"app": "docs-search", "confirm": "docs-search"}},
		{name: "question declined", answer: declines, args: map[string]any{"app": "docs-search", "confirm": "docs-search"}},
		{name: "question answered with another name", answer: &elicitAnswer{mcp.ElicitationResponseActionAccept, "analytics-app"}, args: map[string]any{"app": "docs-search"}},
		{name: "question answered", answer: &elicitAnswer{mcp.ElicitationResponseActionAccept, "docs-search"}, args: map[string]any{"app": "docs-search"}},
		{name: "agent: confirmation required", confirm: tools.ConfirmAgent, args: map[string]any{"app": "docs-search"}},
		{name: "agent: confirm argument mismatch", confirm: tools.ConfirmAgent, args: map[string]any{"app": "docs-search", "confirm": "analytics-app"}},
		{name: "agent: deleted", confirm: tools.ConfirmAgent, args: map[string]any{"app": "docs-search", "confirm": "docs-search"}},
		{name: "unknown app", args: map[string]any{"app": "nope-app"}},
		{name: "scope missing", confirm: tools.ConfirmAgent, token: tokenAppsRead, args: map[string]any{"app": "docs-search", "confirm": "docs-search"}},
		{name: "hidden by --read-only", policy: tools.Policy{ReadOnly: true}, args: map[string]any{"app": "docs-search"}},
		{name: "hidden: the token shows it lacks the scope", token: "deployer", args: map[string]any{"app": "docs-search"}},
	},
	"list_deployments": {
		{name: "history", args: map[string]any{"app": "analytics-app", "limit": 5}},
		{name: "a page of a filtered list in another organization", args: map[string]any{"org": "acme-labs", "app": "nightly-etl", "status": "succeeded", "limit": 1}},
		{name: "none yet", args: map[string]any{"app": "docs-search"}},
		{name: "none with that status", args: map[string]any{"app": "analytics-app", "status": "queued"}},
		{name: "limit out of range", args: map[string]any{"app": "analytics-app", "limit": 500}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "analytics-app"}},
	},
	"get_deployment": {
		{name: "succeeded", args: map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{name: "failed", args: map[string]any{"app": "analytics-app", "deployment_id": 1002}},
		{name: "failed, with the failing instance's logs", args: map[string]any{"org": "acme-labs", "app": "fraud-scoring", "deployment_id": 1007}},
		{name: "queued", given: "a deployment of analytics-app was just queued", setup: queueDeployment,
			args: map[string]any{"app": "analytics-app", "deployment_id": 1008}},
		{name: "deployment_id missing", args: map[string]any{"app": "analytics-app"}},
		{name: "unknown deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 999999}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "analytics-app", "deployment_id": 1003}},
	},
	"create_deployment": {
		{name: "queued", args: map[string]any{"app": "analytics-app", "branch": "main", "commit_sha": "abc123"}},
		{name: "already in progress", given: "a deployment of analytics-app was just queued", setup: queueDeployment,
			args: map[string]any{"app": "analytics-app"}},
		{name: "a rollback in progress", given: "a rollback of analytics-app to deployment 1001 was just queued", setup: queueRollback,
			args: map[string]any{"app": "analytics-app"}},
		{name: "secrets not set", given: "docs-search's spicepod references PG_USER, PG_PASS and API_TOKEN (refsPodYAML); none is set",
			setup: func(t *testing.T, h *harness) {
				h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": refsPodYAML})
			}, args: map[string]any{"app": "docs-search"}},
		{name: "no spicepod", args: map[string]any{"app": "docs-search"}},
		{name: "production branch missing", given: "analytics-app is connected to its repository and its production_branch set to x-missing",
			setup: missingBranch, args: map[string]any{"app": "analytics-app"}},
		{name: "spicepod paused", given: "analytics-app's spicepod is paused",
			setup: func(t *testing.T, h *harness) {
				if err := h.emu.PauseSpicepod("sandbox", analyticsID, true); err != nil {
					t.Fatal(err)
				}
			}, args: map[string]any{"app": "analytics-app"}},
		{name: "organization not configured", given: "the organization is not fully configured",
			world: func(cfg *sandbox.Config) {
				cfg.Orgs = []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: []string{"bob"}, NotConfigured: true}}
			}, args: map[string]any{"app": "analytics-app"}},
		{name: "organization not configured, sandbox mode", given: "the organization is not fully configured", sandbox: true,
			world: func(cfg *sandbox.Config) {
				cfg.Orgs = []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: []string{"bob"}, NotConfigured: true}}
			}, args: map[string]any{"app": "analytics-app"}},
		{name: "invalid channel", args: map[string]any{"app": "analytics-app", "channel": "edge"}},
		{name: "outcome unknown", given: "createDeployment queues the deployment, then answers 502",
			setup: fault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 502, AfterApply: true}), args: map[string]any{"app": "analytics-app"}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "analytics-app"}},
	},
	"list_secrets": {
		{name: "secrets", args: map[string]any{"app": "analytics-app"}},
		{name: "none", args: map[string]any{"app": "docs-search"}},
		{name: "unknown app ID", args: map[string]any{"app": 999999}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "analytics-app"}},
	},
	"get_secret": {
		{name: "exists", args: map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
		{name: "unknown secret", args: map[string]any{"app": "analytics-app", "name": "NOPE"}},
		{name: "name missing", args: map[string]any{"app": "analytics-app"}},
		{name: "a path in the name", args: map[string]any{"app": "analytics-app", "name": "../../102"}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
	},
	"set_secret": {
		{name: "no value: the user enters it on a page", args: map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
		{name: "entered on the page", given: "the user entered the value on the page of the same call",
			setup: earlierCallAnswered("set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}, url.Values{"decision": {"store"}, "secret-PG_PASS": {"typed-on-the-page"}}),
			args:  map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
		{name: "empty value", args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": ""}},
		{name: "two sources", args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "x", "value_from_env": "PG_PASS"}},
		{name: "value_from_env over HTTP", given: "the server runs over HTTP, where it never reads its own environment or files", args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_env": "PG_PASS"}},
		{name: "created", args: map[string]any{"app": "docs-search", "name": "PG_PASS", "value": "first"}},
		{name: "updated", args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "second"}},
		{name: "invalid name", args: map[string]any{"app": "analytics-app", "name": "1PG", "value": "x"}},
		{name: "outcome unknown", given: "upsertSecret answers 500", setup: fault(sandbox.Fault{Operation: api.UpsertProjectSecret.ID, Status: 500}),
			args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "second"}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "second"}},
	},
	"delete_secret": {
		{name: "approved on the page", given: "the user approved the link of the same call on the page",
			setup: earlierCallAnswered("delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}, approved),
			args:  map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
		{name: "question declined", answer: declines, args: map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
		{name: "agent: confirm argument mismatch", confirm: tools.ConfirmAgent, args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": "pg_pass"}},
		{name: "agent: deleted", confirm: tools.ConfirmAgent, args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": "PG_PASS"}},
		{name: "agent: deleted, the answer lost", given: "deleteSecret is applied but answered 502; the retry gets 404", confirm: tools.ConfirmAgent,
			setup: fault(sandbox.Fault{Operation: api.DeleteProjectSecret.ID, Status: 502, AfterApply: true}),
			args:  map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": "PG_PASS"}},
		{name: "unknown secret", args: map[string]any{"app": "analytics-app", "name": "NOPE"}},
	},
	"get_api_keys": {
		{name: "keys", args: map[string]any{"app": "analytics-app"}},
		{name: "unknown app", args: map[string]any{"app": "nothing-here"}},
		{name: "scope missing", token: tokenMembersRead, args: map[string]any{"app": "analytics-app"}},
	},
	"regenerate_api_key": {
		{name: "both keys: approval link", args: map[string]any{"app": "analytics-app", "key_number": 0}},
		{name: "question declined", answer: declines, args: map[string]any{"app": "analytics-app", "key_number": 1}},
		{name: "secondary regenerated after approval on the page", given: "the user approved the link of the same call on the page",
			setup: earlierCallAnswered("regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}, approved),
			args:  map[string]any{"app": "analytics-app", "key_number": 2}},
		{name: "an approval for the secondary key does not serve both", given: "the user approved replacing the secondary key on the page",
			setup: earlierCallAnswered("regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}, approved),
			args:  map[string]any{"app": "analytics-app", "key_number": 0}},
		{name: "agent: both regenerated", confirm: tools.ConfirmAgent, args: map[string]any{"app": "analytics-app", "key_number": 0, "confirm": "analytics-app"}},
		{name: "key_number missing", args: map[string]any{"app": "analytics-app"}},
		{name: "key_number out of range", args: map[string]any{"app": "analytics-app", "key_number": 5}},
		{name: "scope missing", confirm: tools.ConfirmAgent, token: tokenAppsRead, args: map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "analytics-app"}},
	},
	"list_members": {
		{name: "members", args: map[string]any{}},
		{name: "rate limited", given: "listMembers answers 429 with Retry-After: 3600",
			setup: fault(sandbox.Fault{Operation: api.ListMembers.ID, Status: 429, RetryAfter: "3600"}), args: map[string]any{}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{}},
	},
	"add_member": {
		{name: "added", args: map[string]any{"username": "jdoe", "roles": []any{"member"}}},
		{name: "unknown user", args: map[string]any{"username": "ghost"}},
		{name: "unknown user, sandbox mode", sandbox: true, args: map[string]any{"username": "ghost"}},
		{name: "already a member", args: map[string]any{"username": "bob"}},
		{name: "invalid role", args: map[string]any{"username": "asmith", "roles": []any{"superuser"}}},
		{name: "scope missing", token: tokenMembersRead, args: map[string]any{"username": "jdoe"}},
	},
	"remove_member": {
		{name: "question declined", answer: declines, args: map[string]any{"member": "bob"}},
		{name: "removed after approval on the page", given: "the user approved the link of the same call on the page",
			setup: earlierCallAnswered("remove_member", map[string]any{"member": "bob"}, approved), args: map[string]any{"member": "bob"}},
		{name: "agent: removed", confirm: tools.ConfirmAgent, args: map[string]any{"member": "bob", "confirm": "BOB"}},
		{name: "owner: refused before anyone is asked", answer: declines, args: map[string]any{"member": "alice"}},
		{name: "not a member", args: map[string]any{"member": "jdoe"}},
		{name: "member missing", args: map[string]any{}},
	},
	"create_and_deploy_app": {
		{name: "deployed", args: map[string]any{"name": "combo-app", "spicepod": podYAML, "secrets": map[string]any{"K": "v"}, "replicas": 2}},
		{name: "spicepod needs secrets: one page", args: map[string]any{"name": "combo-app", "spicepod": refsPodYAML, "secrets": map[string]any{"PG_USER": "reader"}}},
		{name: "deployed after the user entered the secrets", given: "the user entered PG_PASS and API_TOKEN on the page of the same call",
			setup: earlierCallAnswered("create_and_deploy_app", map[string]any{"name": "combo-app", "spicepod": refsPodYAML, "secrets": map[string]any{"PG_USER": "reader"}},
				url.Values{"decision": {"store"}, "secret-PG_PASS": {"typed-1"}, "secret-API_TOKEN": {"typed-2"}}),
			args: map[string]any{"name": "combo-app", "spicepod": refsPodYAML, "secrets": map[string]any{"PG_USER": "reader"}}},
		{name: "without waiting", args: map[string]any{"name": "combo-app", "spicepod": podYAML, "wait": false}},
		{name: "timed out", args: map[string]any{"name": "combo-app", "spicepod": podYAML, "timeout_seconds": 1}},
		{name: "out of time behind another call's deployment", given: "an earlier call deployed combo-app with another spicepod, without waiting",
			setup: func(t *testing.T, h *harness) {
				h.ok(t, "create_and_deploy_app", map[string]any{"name": "combo-app", "spicepod": podA, "wait": false})
			}, args: map[string]any{"name": "combo-app", "spicepod": podYAML, "timeout_seconds": 1}},
		{name: "invalid secret name", args: map[string]any{"name": "combo-app", "spicepod": podYAML, "secrets": map[string]any{"BAD-NAME": "x"}}},
		{name: "image not published", args: map[string]any{"name": "combo-app", "spicepod": podYAML, "image_tag": "nope"}},
		{name: "name taken by another app", args: map[string]any{"name": "analytics-app", "spicepod": podYAML}},
		{name: "deploy outcome unknown", given: "createDeployment queues the deployment, then answers 502",
			setup: fault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 502, AfterApply: true}),
			args:  map[string]any{"name": "combo-app", "spicepod": podYAML}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"name": "combo-app", "spicepod": podYAML}},
		{name: "secrets need a scope the token shows it lacks", token: "deployer",
			args: map[string]any{"name": "combo-app", "spicepod": podYAML, "secrets": map[string]any{"K": "v"}}},
		{name: "masked spicepod", args: map[string]any{"name": "combo-app", "spicepod": maskedPodYAML}},
	},
	"wait_for_deployment": {
		{name: "succeeded", given: "a deployment of analytics-app was just queued", setup: queueDeployment, args: map[string]any{"app": "analytics-app"}},
		{name: "a rollback succeeded", given: "a rollback of analytics-app to deployment 1001 was just queued", setup: queueRollback,
			args: map[string]any{"app": "analytics-app"}},
		{name: "failed", args: map[string]any{"app": "analytics-app", "deployment_id": 1002}},
		{name: "failed, with the failing instance's logs", args: map[string]any{"org": "acme-labs", "app": "fraud-scoring"}},
		{name: "timed out", given: "a deployment of analytics-app was just queued", setup: queueDeployment,
			args: map[string]any{"app": "analytics-app", "timeout_seconds": 1}},
		{name: "no deployments", args: map[string]any{"app": "docs-search"}},
		{name: "unknown deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 5}},
		{name: "timeout out of range", args: map[string]any{"app": "analytics-app", "timeout_seconds": 5000}},
	},
	"rotate_api_keys": {
		{name: "start: question declined", answer: declines, args: map[string]any{"app": "analytics-app", "step": "start"}},
		{name: "start after approval on the page", given: "the user approved the link of the same call on the page",
			setup: earlierCallAnswered("rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}, approved),
			args:  map[string]any{"app": "analytics-app", "step": "start"}},
		{name: "start again before finishing", given: "a start step ran through this server", setup: rotationStarted,
			args: map[string]any{"app": "analytics-app", "step": "start"}},
		{name: "finish: approval link", given: "a start step ran through this server", setup: rotationStarted,
			args: map[string]any{"app": "analytics-app", "step": "finish"}},
		{name: "finish without a start step", args: map[string]any{"app": "analytics-app", "step": "finish"}},
		{name: "finish without a start step, forced: question declined", answer: declines,
			args: map[string]any{"app": "analytics-app", "step": "finish", "force": true}},
		{name: "agent: finish", confirm: tools.ConfirmAgent, given: "a start step ran through this server", setup: rotationStarted,
			args: map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"}},
		{name: "agent: finish without a start step, forced", confirm: tools.ConfirmAgent,
			args: map[string]any{"app": "analytics-app", "step": "finish", "force": true, "confirm": "analytics-app"}},
		{name: "agent: finish after the secondary was replaced", confirm: tools.ConfirmAgent,
			given: "a start step ran through this server, then regenerate_api_key replaced the secondary key",
			setup: func(t *testing.T, h *harness) {
				rotationStarted(t, h)
				approvedCall("regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "analytics-app"})(t, h)
			},
			args: map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"}},
		{name: "invalid step", args: map[string]any{"app": "analytics-app", "step": "middle"}},
		{name: "scope missing", token: tokenAppsRead, args: map[string]any{"app": "analytics-app", "step": "start"}},
	},
	"describe_app": {
		{name: "everything", args: map[string]any{"app": "analytics-app"}},
		{name: "new app", args: map[string]any{"app": "docs-search"}},
		{name: "older deployments than the 3 shown", given: "two more deployments of analytics-app ran, a minute apart",
			setup: func(t *testing.T, h *harness) {
				for range 2 {
					queueDeployment(t, h)
					h.clock.Advance(time.Minute)
				}
			}, args: map[string]any{"app": "analytics-app"}},
		{name: "sections the token may not read", token: tokenAppsRead, args: map[string]any{"app": "analytics-app"}},
		{name: "unknown app ID", args: map[string]any{"app": 424242}},
	},
	"whoami": {
		{name: "sandbox", args: map[string]any{}},
		{name: "read-only", policy: tools.Policy{ReadOnly: true}, args: map[string]any{}},
		{name: "unknown argument", args: map[string]any{"verbose": true}},
		{name: "org chosen", args: map[string]any{"org": "acme-labs"}},
		{name: "token rejected", token: "revoked-token", args: map[string]any{}},
		{name: "organizations not readable", given: "listOrgs answers 403 (the token works but may not list organizations)",
			setup: fault(sandbox.Fault{Operation: api.ListOrgs.ID, Status: 403}), args: map[string]any{}},
	},
}

// goldenWorld is the demo sandbox with seeded randomness and the golden tokens.
func goldenWorld() sandbox.Config {
	return sandbox.Config{
		Demo:   true,
		Random: rand.NewChaCha8([32]byte{}),
		Tokens: []sandbox.Token{
			{Value: "sandbox", Org: "sandbox", Scopes: []string{"*"}},
			{Value: tokenAppsRead, Org: "sandbox", Scopes: []string{"apps:read"}},
			{Value: tokenMembersRead, Org: "sandbox", Scopes: []string{"members:read"}},
			{Value: tokenDeployer, Org: "sandbox", Scopes: []string{"apps:write", "deployments:write"}},
		},
	}
}

// caseOutcome is what one case shows.
type caseOutcome struct {
	text      string
	isError   bool
	questions []string
}

func runResultCase(t *testing.T, tool string, c resultCase) caseOutcome {
	t.Helper()
	var mu sync.Mutex
	var out caseOutcome
	res := callResultCase(t, tool, c, false, func(question string) {
		mu.Lock()
		out.questions = append(out.questions, question)
		mu.Unlock()
	})
	mu.Lock()
	defer mu.Unlock()
	out.text, out.isError = text(res), res.IsError
	return out
}

// callResultCase runs one case in the golden world (with output schemas declared, or not) and
// returns the whole result; asked sees each question the case's person answers.
func callResultCase(t *testing.T, tool string, c resultCase, outputSchemas bool, asked func(question string)) *mcp.CallToolResult {
	t.Helper()
	human := goldenHuman()
	t.Cleanup(func() { _ = human.Close() })
	opts := harnessOptions{cfg: goldenWorld(), token: c.token, sandboxNote: true, inProcess: true, policy: c.policy,
		safety: tools.Safety{Confirm: c.confirm, ConfirmKey: []byte("golden")}, human: human, outputSchemas: outputSchemas, apiSandbox: c.sandbox}
	if c.token == "deployer" {
		opts.token = tokenDeployer
	}
	opts.tokens = c.tokens
	if c.world != nil {
		c.world(&opts.cfg)
	}
	if c.answer != nil {
		opts.elicit = func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			if asked != nil {
				asked(req.Params.Message)
			}
			res := &mcp.ElicitationResult{}
			res.Action = c.answer.action
			if c.answer.action == mcp.ElicitationResponseActionAccept {
				res.Content = map[string]any{"name": c.answer.typed}
			}
			return res, nil
		}
	}
	h := newHarness(t, opts)
	if c.setup != nil {
		c.setup(t, h)
	}
	return h.call(t, tool, c.args)
}

const fence = "````"

// renderGolden writes a tool's cases as Markdown: one section per case, outputs fenced.
func renderGolden(t *testing.T, tool string, cases []resultCase, outcomes []caseOutcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\nWhat `%s` returns, case by case, on a fresh demo sandbox (`--sandbox`) at %s.\n"+
		"Generated: after a deliberate change of wording run `go test ./mcpserver -run TestResultGoldens -update` and review the diff.\n",
		tool, tool, epoch.Format(time.RFC3339))
	for i, c := range cases {
		o := outcomes[i]
		args, err := json.Marshal(c.args)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "\n## %s\n\n", c.name)
		var given []string
		if c.given != "" {
			given = append(given, c.given)
		}
		switch c.token {
		case "":
		case "-":
			given = append(given, "no credentials")
		default:
			given = append(given, tokenNotes[c.token])
		}
		if c.policy.ReadOnly {
			given = append(given, "--read-only")
		}
		if c.sandbox {
			given = append(given, "the API client is --sandbox's, so errors are the emulator's")
		}
		if c.confirm != "" {
			given = append(given, "--confirm="+string(c.confirm))
		}
		if c.answer != nil {
			given = append(given, fmt.Sprintf("the client can be asked and answers %s", c.answer.action))
			if c.answer.typed != "" {
				given[len(given)-1] += fmt.Sprintf(" with %q", c.answer.typed)
			}
		}
		if len(given) > 0 {
			fmt.Fprintf(&b, "Given: %s.\n\n", strings.Join(given, "; "))
		}
		fmt.Fprintf(&b, "Call: `%s %s`\n\n", tool, args)
		for _, q := range o.questions {
			fmt.Fprintf(&b, "Question to the user:\n\n%s\n%s\n%s\n\n", fence, q, fence)
		}
		if strings.Contains(o.text, fence) {
			t.Fatalf("%s/%s: the output contains %s, which would end its fence", tool, c.name, fence)
		}
		fmt.Fprintf(&b, "Result (isError: %v):\n\n%smarkdown\n%s\n%s\n", o.isError, fence, o.text, fence)
	}
	return b.String()
}

// TestResultGoldens runs every tool's cases and compares what they show with the goldens.
func TestResultGoldens(t *testing.T) {
	t.Parallel() // its cases already run in parallel, on harnesses of their own
	dir := filepath.Join("testdata", "results")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	catalogue := map[string]bool{}
	for _, tool := range tools.All() {
		catalogue[tool.Name] = true
		cases := goldenCases(tool)
		t.Run(tool.Name, func(t *testing.T) {
			t.Parallel()
			outcomes := make([]caseOutcome, len(cases))
			names := map[string]bool{}
			var succeeded, failed bool
			for i, c := range cases {
				if names[c.name] {
					t.Fatalf("two cases named %q", c.name)
				}
				names[c.name] = true
				outcomes[i] = runResultCase(t, tool.Name, c)
				succeeded = succeeded || !outcomes[i].isError
				failed = failed || outcomes[i].isError
			}
			if !succeeded || !failed {
				t.Errorf("%s needs a success and a failure case (success: %v, failure: %v)", tool.Name, succeeded, failed)
			}
			got := renderGolden(t, tool.Name, cases, outcomes)
			path := filepath.Join(dir, tool.Name+".md")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./mcpserver -run TestResultGoldens -update to create it)", err)
			}
			if diff := firstDifference(string(want), got); diff != "" {
				t.Errorf("%s's results changed; if deliberate, run go test ./mcpserver -run TestResultGoldens -update and review the diff.\n%s", tool.Name, diff)
			}
		})
	}
	for name := range resultCases {
		if !catalogue[name] {
			t.Errorf("resultCases has cases for %s, which is not in the catalogue", name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) { // a missing directory: each tool reports its golden missing
		t.Fatal(err)
	}
	for _, e := range entries {
		if name := strings.TrimSuffix(e.Name(), ".md"); !catalogue[name] {
			if *update {
				_ = os.Remove(filepath.Join(dir, e.Name()))
				continue
			}
			t.Errorf("%s is the golden of no tool in the catalogue; -update removes it", filepath.Join(dir, e.Name()))
		}
	}
}

// firstDifference shows where got departs from want ("" when they are equal).
func firstDifference(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	line := func(lines []string) string {
		if i < len(lines) {
			return lines[i]
		}
		return "(end of file)"
	}
	from := max(i-3, 0)
	return fmt.Sprintf("first difference at line %d, after:\n%s\nwant: %s\ngot:  %s", i+1,
		strings.Join(g[from:min(i, len(g))], "\n"), line(w), line(g))
}

// goldenCases are tool's golden cases: its own examples first, so a new tool has goldens before
// anyone writes cases for it, then resultCases' main failures and special worlds.
func goldenCases(tool tools.Tool) []resultCase {
	return append([]resultCase{
		{name: "example: valid arguments", args: tool.Examples.Valid},
		{name: "example: invalid arguments", args: tool.Examples.Invalid},
	}, resultCases[tool.Name]...)
}
