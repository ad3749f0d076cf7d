package sandbox

import (
	"net/http"
	"testing"
)

// TestRevivedForkIsNotAFork: a project deleted after it was forked, then created again by
// name (POST /v1/projects revives the soft-deleted project, same ID), kept forked_from and
// stayed listed among the source's forks, though it was created, not forked.
func TestRevivedForkIsNotAFork(t *testing.T) {
	h := newHarness(t, Config{})
	src := h.deployableApp("sandbox", "source-app")
	res := h.do("POST", projectPath(src, "/forks"), "sandbox", map[string]any{"name": "revived-app"})
	h.expect(res, http.StatusCreated, "")
	forkID := num(res.obj()["id"])
	h.expect(h.do("DELETE", projectPath(forkID, ""), "sandbox", nil), http.StatusNoContent, "")

	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "revived-app"})
	h.expect(res, http.StatusCreated, "")
	if id := num(res.obj()["id"]); id != forkID {
		t.Fatalf("create did not revive the deleted fork %d: %s", forkID, res.raw)
	}
	if ff := res.obj()["forked_from"]; ff != nil {
		t.Errorf("the revived project still says it was forked from %v: %s", ff, res.raw)
	}
	if ff := h.do("GET", projectPath(forkID, ""), "sandbox", nil).obj()["forked_from"]; ff != nil {
		t.Errorf("GET of the revived project says forked_from %v", ff)
	}
	if forks := list(h.do("GET", projectPath(src, "/forks"), "sandbox", nil).obj()["forks"]); len(forks) != 0 {
		t.Errorf("the source still lists the revived project among its forks: %v", forks)
	}
}
