package sandbox

import (
	"net/http"
	"testing"
)

// TestR40ForkOfInvalidSourceSpicepodIsRefused: a source whose stored spicepod the emulator
// itself refuses to deploy ("Invalid spicepod configuration": no version, kind or name) is
// forked with 201 and the invalid spicepod copied. api README §5 / FORKS-REF: "422
// fork_source_has_no_spicepod / fork_source_spicepod_invalid — The source has no spicepod or an
// invalid one; fix the source's spicepod, then fork again".
func TestR40ForkOfInvalidSourceSpicepodIsRefused(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "bad-pod-source")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{
		"spicepod": map[string]any{"datasets": []any{map[string]any{"name": "t", "from": "postgres:t"}}},
	}), http.StatusOK, "")
	// The emulator's own deployment path calls this spicepod invalid.
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusBadRequest, "Invalid spicepod configuration")
	h.expectCode(h.do("POST", projectPath(id, "/forks"), "sandbox", map[string]any{"name": "bad-pod-fork"}),
		http.StatusUnprocessableEntity, "fork_source_spicepod_invalid")
}

// TestR40ForkOfConnectedSourceWithSQLRefIsRefused: FORKS-REF: a GitHub-connected source that
// "loads other files from the repository — component `ref`s, view `sql_ref`s, model or
// embedding `files`, or relative `file:` sources" is refused with 422
// fork_source_loads_repository_files (api README §7.2 "A GitHub source whose spicepod loads
// other repository files → 422"). The emulator only looks at `from: file:`.
func TestR40ForkOfConnectedSourceWithSQLRefIsRefused(t *testing.T) {
	for name, pod := range map[string]map[string]any{
		"view-sql-ref": {"version": "v1", "kind": "Spicepod", "name": "p",
			"views": []any{map[string]any{"name": "top", "sql_ref": "views/top.sql"}}},
		"model-files": {"version": "v1", "kind": "Spicepod", "name": "p",
			"models": []any{map[string]any{"name": "m", "from": "huggingface:org/m", "files": []any{map[string]any{"path": "prompts/system.txt"}}}}},
		"embedding-files": {"version": "v1", "kind": "Spicepod", "name": "p",
			"embeddings": []any{map[string]any{"name": "e", "from": "huggingface:org/e", "files": []any{map[string]any{"path": "tok/tokenizer.json"}}}}},
		"component-ref": {"version": "v1", "kind": "Spicepod", "name": "p",
			"datasets": []any{map[string]any{"ref": "datasets/taxi"}}},
		"relative-file": {"version": "v1", "kind": "Spicepod", "name": "p",
			"datasets": []any{map[string]any{"name": "t", "from": "file:data/t.csv"}}},
		"dot-relative-file": {"version": "v1", "kind": "Spicepod", "name": "p",
			"datasets": []any{map[string]any{"name": "t", "from": "file:./data/t.csv"}}},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, Config{})
			id := h.createApp("sandbox", "repo-src")
			h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": pod}), http.StatusOK, "")
			h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "analytics"}), http.StatusOK, "")
			h.expectCode(h.do("POST", projectPath(id, "/forks"), "sandbox", map[string]any{"name": "repo-src-copy"}),
				http.StatusUnprocessableEntity, "fork_source_loads_repository_files")
		})
	}
}

// TestR40ConnectRepositoryCopiesItsDescription: api README §7.3 (Documented): "Connecting
// copies the repository description onto the project and replaces any previous connection."
// The emulator leaves the project's description as it was, so nothing in the sandbox shows
// that connecting overwrites a description the user wrote.
func TestR40ConnectRepositoryCopiesItsDescription(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "desc-src")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"description": "written by the user"}), http.StatusOK, "")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "analytics"}), http.StatusOK, "")
	if got, _ := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["description"].(string); got == "written by the user" {
		t.Fatalf("description after connect = %q: the repository's description was not copied onto the project", got)
	}
}

// TestR40RepeatedOrgHeaderIsNotConcatenated: two X-Org-Name header lines "acme" and "-labs" are
// glued into "acme-labs" (strings.Join(values, "")), so the request acts in acme-labs. HTTP
// (RFC 9110 §5.3) reads repeated field lines as one comma-separated value ("acme, -labs"), which
// names no organization: 403 org_forbidden (api README §3: "Naming an organization the caller
// cannot reach gives 403 org_forbidden"; unknown handle: org_forbidden, Assumed).
func TestR40RepeatedOrgHeaderIsNotConcatenated(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.send("GET", "/v1/projects", nil, func(req *http.Request) {
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Add("X-Org-Name", "acme")
		req.Header.Add("X-Org-Name", "-labs")
	})
	h.expectCode(res, http.StatusForbidden, "org_forbidden")
}

// TestR40ForkLoadsOnlyRepositoryFiles: FORKS-REF limits the refusal to relative `file:`
// sources of a GitHub-connected source: an absolute path reads no repository file, and a source
// with no repository has none to load.
func TestR40ForkLoadsOnlyRepositoryFiles(t *testing.T) {
	for name, tc := range map[string]struct {
		pod     map[string]any
		connect bool
	}{
		"absolute-file": {connect: true, pod: map[string]any{"version": "v1", "kind": "Spicepod", "name": "p",
			"datasets": []any{map[string]any{"name": "t", "from": "file:/data/t.csv"}}}},
		"absolute-file-url": {connect: true, pod: map[string]any{"version": "v1", "kind": "Spicepod", "name": "p",
			"datasets": []any{map[string]any{"name": "t", "from": "file:///data/t.csv"}}}},
		"unconnected-sql-ref": {pod: map[string]any{"version": "v1", "kind": "Spicepod", "name": "p",
			"views": []any{map[string]any{"name": "top", "sql_ref": "views/top.sql"}}}},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, Config{})
			id := h.createApp("sandbox", "file-src")
			h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": tc.pod}), http.StatusOK, "")
			if tc.connect {
				h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "analytics"}), http.StatusOK, "")
			}
			h.expect(h.do("POST", projectPath(id, "/forks"), "sandbox", map[string]any{"name": "src-copy"}), http.StatusCreated, "")
		})
	}
}

// TestR40ConnectUndescribedRepositoryClearsDescription: the repository's description replaces
// the project's, and a repository without one leaves the project without one (api/README
// §7.3, Assumed).
func TestR40ConnectUndescribedRepositoryClearsDescription(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "desc-src")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"description": "written by the user"}), http.StatusOK, "")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "analytics"}), http.StatusOK, "")
	if got := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["description"]; got != "Spicepod for analytics" {
		t.Fatalf("description after connecting analytics = %v, want the repository's", got)
	}
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "notes-undescribed"}), http.StatusOK, "")
	if got := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["description"]; got != nil {
		t.Fatalf("description after connecting a repository without one = %v, want null", got)
	}
}

// TestR40RepeatedBlankOrgHeaderIsEmpty: repeated blank lines are still the empty header (400).
func TestR40RepeatedBlankOrgHeaderIsEmpty(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.send("GET", "/v1/projects", nil, func(req *http.Request) {
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Add("X-Org-Name", "")
		req.Header.Add("X-Org-Name", " ")
	})
	h.expect(res, http.StatusBadRequest, "Invalid X-Org-Name header")
}
