package mcpserver_test

import (
	"strings"
	"testing"
)

// TestR60ClaimsNotUTF8NotedInTheAPIsRefusal: README says "A text of the API's answer holding
// bytes that are not UTF-8 … is read … with U+FFFD in their place …: the result says so once,
// naming the request and the fields". An agent that meets a name only in the API's refusal (a
// 404 naming "bad\xffname") read "no project named bad�name" with no note, and would give the
// name back as shown. The refusal's text is the API's too: the note names its request and field,
// once, and a refusal whose text is UTF-8 has none.
func TestR60ClaimsNotUTF8NotedInTheAPIsRefusal(t *testing.T) {
	const note = " with bytes that are not UTF-8, shown as � (U+FFFD)"
	for _, status := range []int{404, 409, 400} {
		h := r54HostileAnswering(t, "GET", `^/v1/projects/101$`, status, "{\"error\":\"no project named bad\xffname\"}")
		got := h.fail(t, "get_app", map[string]any{"app": "101"})
		mustContain(t, "get_app", got, "no project named bad�name", "Odd in the API's answer: GET /v1/projects/101 gave `error`"+note)
		if n := strings.Count(got, "not UTF-8"); n != 1 {
			t.Errorf("%d: noted %d times, want once:\n%s", status, n, got)
		}
	}
	h := r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 404, `{"error":"no project named c�d"}`)
	if got := h.fail(t, "get_app", map[string]any{"app": "101"}); strings.Contains(got, "UTF-8") {
		t.Errorf("a refusal holding U+FFFD itself noted:\n%s", got)
	}
}
