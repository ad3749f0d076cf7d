package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// TestR39TagKeysRefuseSpacesAndHiddenCharacters: the emulator answers a tag key with spaces or a
// line break around it, or holding a character that does not show where it stands, 400 naming
// tags, on create and update, as the client refuses it (rules.TagKey), and stores nothing. It
// stored them as sent.
func TestR39TagKeysRefuseSpacesAndHiddenCharacters(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "tag-keys")
	for _, key := range []string{" team", "team\n", "te\u200bam", "note\U000E0049\U000E0047"} {
		tags := map[string]any{key: "x"}
		for _, res := range []*result{
			h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"tags": tags}),
			h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "tag-keys-new", "tags": tags}),
			h.do("PUT", appPath(id, ""), "sandbox", map[string]any{"tags": tags}),
		} {
			h.expect(res, http.StatusBadRequest, "Validation error")
			if got := res.fieldErrors("tags"); len(got) != 1 || !strings.HasPrefix(got[0], "Tag key ") {
				t.Errorf("%+q: fieldErrors.tags = %q", key, got)
			}
		}
	}
	if tags, _ := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["tags"].(map[string]any); len(tags) != 0 {
		t.Errorf("tags stored: %v", tags)
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"tags": map[string]any{"team-\u2764\ufe0f": "x"}}), http.StatusOK, "")
}

// TestR39RepositoryDotSegmentsAreRefused: connecting "." or ".." (alone or after the owner) is
// 400 invalid_repository, as the client refuses it; ".github" is a repository name. They were
// connected (sandbox/..).
func TestR39RepositoryDotSegmentsAreRefused(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "repo-dots")
	for _, repo := range []string{".", "..", "sandbox/.", "sandbox/.."} {
		h.expectCode(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": repo}), http.StatusBadRequest, "invalid_repository")
	}
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "sandbox/.github"}), http.StatusOK, "")
}
