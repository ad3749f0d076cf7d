package api

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestR71Spec13EndpointTableAgreesWithTheSpec: api/README §6's table of current routes says, per
// route, the scope, the lowest role, the success status and the route-specific error statuses;
// each row agrees with the operation table generated from openapi.json (x-scope,
// x-required-role, its one 2xx, its declared statuses), which the emulator serves and the
// client sends by. A row naming no operation, or an operation whose current route has no row,
// fails too.
func TestR71Spec13EndpointTableAgreesWithTheSpec(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	start := strings.Index(text, "## 6. Endpoints")
	end := strings.Index(text[start:], "\n## 7.")
	if start < 0 || end < 0 {
		t.Fatal("api/README.md has no §6")
	}
	statusRE := regexp.MustCompile(`\b[1-5][0-9][0-9]\b`)
	rowRE := regexp.MustCompile("^\\| `([A-Z/]+) ([^`]+)`[^|]*\\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$")
	seen := map[string]bool{}
	for _, line := range strings.Split(text[start:start+end], "\n") {
		m := rowRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		methods := strings.Split(m[1], "/")
		path, _, _ := strings.Cut(m[2], "?")
		path = strings.Replace(path, "...", "/v1/projects/{projectId}", 1)
		part := func(col string, i int) string { // "a / b" pairs with "GET/POST"
			parts := strings.Split(col, " / ")
			if len(parts) == len(methods) {
				return strings.TrimSpace(parts[i])
			}
			return strings.TrimSpace(col)
		}
		for i, method := range methods {
			var op *Operation
			for _, o := range Operations {
				if o.Method == method && o.Path == path {
					op = o
				}
			}
			if op == nil {
				t.Errorf("§6 row %s %s: no operation has that route", method, path)
				continue
			}
			seen[op.ID] = true
			scope := strings.TrimSpace(strings.NewReplacer("(scope assumed)", "", "(assumed)", "").Replace(part(m[3], i)))
			if scope != op.Scope {
				t.Errorf("§6 %s %s: scope %q, openapi.json %q", method, path, scope, op.Scope)
			}
			if role := part(m[4], i); role != op.Role {
				t.Errorf("§6 %s %s: role %q, openapi.json %q", method, path, role, op.Role)
			}
			var success []int
			for _, s := range op.Statuses {
				if s >= 200 && s < 300 {
					success = append(success, s)
				}
			}
			if got := statusRE.FindString(part(m[5], i)); len(success) != 1 || got != strconv.Itoa(success[0]) {
				t.Errorf("§6 %s %s: success %q, openapi.json %v", method, path, got, success)
			}
			for _, s := range statusRE.FindAllString(m[6], -1) {
				if n, _ := strconv.Atoi(s); !slices.Contains(op.Statuses, n) {
					t.Errorf("§6 %s %s: error status %d, which openapi.json does not declare (%v)", method, path, n, op.Statuses)
				}
			}
		}
	}
	for _, op := range Operations {
		if op.AliasOf == "" && op.Scope != "" && !seen[op.ID] && !slices.Contains(r71Spec13SharedRoutes, op.ID) {
			t.Errorf("%s %s (%s): a current route with no row in §6's table", op.Method, op.Path, op.ID)
		}
	}
	if len(seen) < 29 {
		t.Errorf("§6's table read as %d operations; the row pattern no longer matches it", len(seen))
	}
}

// r71Spec13SharedRoutes are the routes §6 lists as "Unchanged shared routes" below its table.
var r71Spec13SharedRoutes = []string{"listRegions", "listContainerImages", "listMembers", "addMember", "removeMember"}
