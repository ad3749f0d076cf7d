package mcpserver_test

import (
	"strings"
	"testing"
)

// TestR59Hostile3NotUTF8Noted: an app named with bytes that are not UTF-8 ("bad\xff\xfename") was
// listed as "bad��name" with no word that the API's text was not that: encoding/json reads
// each such byte (and an escape of half a surrogate pair, \ud800) as U+FFFD, so the name shown
// is not the API's and given back names nothing. The result now says so once, naming the
// request and the field; a name that holds U+FFFD itself (written, or as \ufffd) is no oddity.
func TestR59Hostile3NotUTF8Noted(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	const note = " with bytes that are not UTF-8, shown as � (U+FFFD): such a text is not exactly the API's, so it may not name the same thing when given back."
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, "{\"projects\":[{\"id\":101,\"name\":\"bad\xff\xfename\",\"visibility\":\"private\","+at+"},"+
		"{\"id\":102,\"name\":\"edge-app\",\"visibility\":\"private\","+at+"}]}")
	got := h.ok(t, "list_apps", map[string]any{})
	mustContain(t, "list_apps", got, "| 101 | bad��name |", "Odd in the API's answer: GET /v1/projects gave `projects[0].name`"+note)
	if n := strings.Count(got, "not UTF-8"); n != 1 {
		t.Errorf("noted %d times, want once:\n%s", n, got)
	}
	h = r54HostileAnswering(t, "GET", `/secrets$`, 200, `{"secrets":[{"name":"PG\ud800PASS",`+at+`},{"name":"X\udc00",`+at+`}]}`)
	mustContain(t, "list_secrets", h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"}),
		"GET /v1/projects/101/secrets gave `secrets[0].name`, `secrets[1].name`"+note)
	h = r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200, "{\"id\":101,\"name\":\"analytics-app\",\"visibility\":\"private\","+at+",\"tags\":{\"te\xc3am\":\"data\"},\"config\":{}}")
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "101"}), "GET /v1/projects/101 gave `tags.te�am (a name)`"+note)
	// U+FFFD the API holds, as the character or its escape, is its text as written.
	h = r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[{"id":101,"name":"a\ufffdb","visibility":"private",`+at+`},`+
		`{"id":102,"name":"c�d","visibility":"private",`+at+`}]}`)
	if got := h.ok(t, "list_apps", map[string]any{}); strings.Contains(got, "UTF-8") {
		t.Errorf("U+FFFD the API holds noted as bytes that are not UTF-8:\n%s", got)
	}
}

// TestR59Hostile3TimeNotATimeNamed: an app listed with "created_at":"yesterday" (or 5) was
// refused as "a body that is not the response body it documents", naming nothing, though a
// value of another JSON type ("replicas":"2") is named with the type documented. The field is
// now named, and what it is, never its text: a time (RFC 3339) is what the API documents.
func TestR59Hostile3TimeNotATimeNamed(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, `{"projects":[{"id":101,"name":"a","visibility":"private","created_at":"yesterday"}]}`)
	got := h.fail(t, "list_apps", map[string]any{})
	mustContain(t, "list_apps", got, "The Spice.ai API answered GET /v1/projects with 200 OK and a body that is not the response body it documents "+
		"(its projects.created_at is a string, where a time (RFC 3339) is documented). Nothing was changed.")
	if strings.Contains(got, "yesterday") {
		t.Errorf("the API's text shown:\n%s", got)
	}
	h = r54HostileAnswering(t, "GET", `/deployments/5$`, 200, `{"id":5,"status":"succeeded","created_at":"2026-01-01T00:00:00Z","updated_at":5}`)
	mustContain(t, "get_deployment", h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 5}),
		"(its updated_at is a number, where a time (RFC 3339) is documented)")
}

// TestR59Hostile3ShortenedOwnerNotBeyondASCII: a member list whose one member, its owner, has a
// 10,000-character ASCII username said in its heading "its owner is xxx… (shortened; …) (\"xxx…
// \u2026 (shortened; …)\": it holds characters beyond ASCII, which may only look like others)":
// the … is this server's mark of a shortened text, not the name's, and the name came twice
// (3.4 KB). The look-alike check reads the name as the API gave it, the shortening aside.
func TestR59Hostile3ShortenedOwnerNotBeyondASCII(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	long := strings.Repeat("x", 10000)
	h := r54HostileAnswering(t, "GET", `^/v1/members$`, 200, `{"members":[{"user_id":1,"username":"`+long+`","roles":["owner"],"is_owner":true,`+at+`}]}`)
	got := h.ok(t, "list_members", map[string]any{})
	mustContain(t, "list_members", got, "… (shortened; 10,000 characters in all; no tool shows it whole) (user 1):")
	if strings.Contains(got, "beyond ASCII") || len(got) > 2600 {
		t.Errorf("a shortened ASCII name flagged, or shown twice (%d bytes):\n%s", len(got), got)
	}
	// A name beyond ASCII so shortened is still flagged, quoted by its start only.
	h = r54HostileAnswering(t, "GET", `^/v1/members$`, 200, `{"members":[{"user_id":1,"username":"bоb`+long+`","roles":["owner"],"is_owner":true,`+at+`}]}`)
	got = h.ok(t, "list_members", map[string]any{})
	mustContain(t, "list_members", got, `("b\u043eb`, "it holds characters beyond ASCII, which may only look like others) (user 1):")
	if len(got) > 2600 {
		t.Errorf("the name shown twice whole (%d bytes):\n%s", len(got), got)
	}
}
