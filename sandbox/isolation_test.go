package sandbox

import (
	"net/http"
	"testing"
)

func TestOrganizationsAreIsolated(t *testing.T) {
	h := newHarness(t, Config{
		Orgs: []Org{
			{ID: 1, Slug: "red", Owner: "alice", Members: []string{"bob"}},
			{ID: 2, Slug: "blue", Owner: "jdoe"},
		},
		Tokens: []Token{
			{Value: "red-token", Org: "red", Scopes: []string{"*"}},
			{Value: "blue-token", Org: "blue", Scopes: []string{"*"}},
		},
	})
	redApp := h.deployableApp("red-token", "shared-name")
	blueApp := h.deployableApp("blue-token", "shared-name") // names are unique per organization only
	h.expect(h.do("POST", appPath(redApp, "/secrets"), "red-token", map[string]any{"name": "RED", "value": "r"}), http.StatusOK, "")
	redDep := num(h.do("POST", appPath(redApp, "/deployments"), "red-token", nil).obj()["id"])

	for token, want := range map[string]int64{"red-token": redApp, "blue-token": blueApp} {
		apps := list(h.do("GET", "/v1/apps", token, nil).obj()["apps"])
		if len(apps) != 1 || num(apps[0].(map[string]any)["id"]) != want {
			t.Errorf("%s sees %v", token, apps)
		}
	}
	notFound := "App with ID " + itoa(redApp) + " not found"
	h.expect(h.do("GET", appPath(redApp, ""), "blue-token", nil), http.StatusNotFound, notFound)
	h.expect(h.do("PUT", appPath(redApp, ""), "blue-token", map[string]any{"description": "x"}), http.StatusNotFound, notFound)
	h.expect(h.do("DELETE", appPath(redApp, ""), "blue-token", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(redApp, "/deployments"), "blue-token", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(redApp, "/deployments/"+itoa(redDep)), "blue-token", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(blueApp, "/deployments/"+itoa(redDep)), "blue-token", nil), http.StatusNotFound, "Deployment not found")
	h.expect(h.do("POST", appPath(redApp, "/deployments"), "blue-token", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(redApp, "/secrets"), "blue-token", nil), http.StatusNotFound, "App not found")
	h.expect(h.do("GET", appPath(redApp, "/secrets/RED"), "blue-token", nil), http.StatusNotFound, "App not found")
	h.expect(h.do("GET", appPath(redApp, "/api-keys"), "blue-token", nil), http.StatusNotFound, notFound)
	h.expect(h.do("POST", appPath(redApp, "/api-keys"), "blue-token", nil), http.StatusNotFound, notFound)

	blueMembers := list(h.do("GET", "/v1/members", "blue-token", nil).obj()["members"])
	if len(blueMembers) != 1 || blueMembers[0].(map[string]any)["username"] != "jdoe" {
		t.Errorf("blue members: %v", blueMembers)
	}
	h.expect(h.do("DELETE", "/v1/members/2", "blue-token", nil), http.StatusNotFound, "Member not found")
	h.expect(h.do("POST", "/v1/members", "blue-token", map[string]any{"username": "bob"}), http.StatusCreated, "") // bob may join both
	if h.e.AppCount("red") != 1 || h.e.AppCount("blue") != 1 {
		t.Errorf("app counts changed")
	}
}
