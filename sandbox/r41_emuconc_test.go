package sandbox

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// r41run runs n goroutines of f and waits.
func r41run(n int, f func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() { <-start; f(i) })
	}
	close(start)
	wg.Wait()
}

// TestR41EmuconcDeploymentsOneInFlight: concurrent create deployment, rollback and resume on
// one project: exactly one is accepted, every other one is 409 naming the winner.
func TestR41EmuconcDeploymentsOneInFlight(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "race-deploy")
	res := h.do("POST", appPath(id, "/deployments"), "sandbox", nil)
	h.expect(res, http.StatusAccepted, "")
	first := num(res.obj()["id"])
	h.clock.Advance(time.Minute)
	for round := range 5 {
		var mu sync.Mutex
		var accepted []int64
		var conflicts []int64
		other := map[int]int{}
		r41run(24, func(i int) {
			var r *result
			switch i % 3 {
			case 0:
				r = h.do("POST", appPath(id, "/deployments"), "sandbox", map[string]any{})
			case 1:
				r = h.do("POST", appPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": first})
			default:
				r = h.do("POST", fmt.Sprintf("/v1/projects/%d/deployments", id), "sandbox", map[string]any{})
			}
			mu.Lock()
			defer mu.Unlock()
			switch r.status {
			case http.StatusAccepted:
				accepted = append(accepted, num(r.obj()["id"]))
			case http.StatusConflict:
				conflicts = append(conflicts, num(r.obj()["activeDeploymentId"]))
			default:
				other[r.status]++
			}
		})
		if len(accepted) != 1 || len(other) > 0 {
			t.Fatalf("round %d: accepted %v, other %v", round, accepted, other)
		}
		for _, c := range conflicts {
			if c != accepted[0] {
				t.Errorf("round %d: 409 names %d, winner %d", round, c, accepted[0])
			}
		}
		h.clock.Advance(time.Minute)
	}
	// pause vs resume vs deploy
	for round := range 5 {
		h.do("POST", fmt.Sprintf("/v1/projects/%d/deployments", id), "sandbox", map[string]any{})
		h.expect(h.do("POST", fmt.Sprintf("/v1/projects/%d/pause", id), "sandbox", nil), http.StatusNoContent, "")
		var mu sync.Mutex
		oks := 0
		statuses := map[int]int{}
		r41run(12, func(i int) {
			r := h.do("POST", fmt.Sprintf("/v1/projects/%d/resume", id), "sandbox", nil)
			mu.Lock()
			statuses[r.status]++
			if r.status == http.StatusOK {
				oks++
			}
			mu.Unlock()
		})
		if oks != 1 {
			t.Errorf("round %d: resume statuses %v", round, statuses)
		}
		h.clock.Advance(time.Minute)
	}
}

// TestR41EmuconcUniqueNames: create, fork and revive race for one name.
func TestR41EmuconcUniqueNames(t *testing.T) {
	h := newHarness(t, Config{})
	src := h.deployableApp("sandbox", "fork-src")
	// revive race: a deleted name, recreated concurrently on both route spellings
	dead := h.createApp("sandbox", "phoenix")
	h.expect(h.do("DELETE", appPath(dead, ""), "sandbox", nil), http.StatusNoContent, "")
	var mu sync.Mutex
	ids := map[int64]int{}
	statuses := map[int]int{}
	r41run(20, func(i int) {
		var r *result
		switch i % 3 {
		case 0:
			r = h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "Phoenix", "region": "us-west-2"})
		case 1:
			r = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "phoenix", "region": "us-west-2"})
		default:
			r = h.do("POST", fmt.Sprintf("/v1/projects/%d/forks", src), "sandbox", map[string]any{"name": "PHOENIX"})
		}
		mu.Lock()
		defer mu.Unlock()
		statuses[r.status]++
		if r.status == http.StatusCreated {
			ids[num(r.obj()["id"])]++
		}
	})
	if len(ids) != 1 || statuses[http.StatusCreated] != 1 {
		t.Errorf("one name, created %v, statuses %v", ids, statuses)
	}
	// unnamed forks: each gets a distinct default name
	names := map[string]int{}
	r41run(10, func(i int) {
		r := h.do("POST", fmt.Sprintf("/v1/projects/%d/forks", src), "sandbox", map[string]any{})
		if r.status != http.StatusCreated {
			t.Errorf("fork: %d %s", r.status, r.raw)
			return
		}
		mu.Lock()
		names[r.obj()["name"].(string)]++
		mu.Unlock()
	})
	for n, c := range names {
		if c != 1 {
			t.Errorf("fork name %q given %d times", n, c)
		}
	}
	// members: the same user added concurrently
	added := 0
	conflict := 0
	r41run(10, func(i int) {
		r := h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe"})
		mu.Lock()
		defer mu.Unlock()
		switch r.status {
		case http.StatusCreated:
			added++
		case http.StatusConflict:
			conflict++
		default:
			t.Errorf("add member: %d %s", r.status, r.raw)
		}
	})
	if added != 1 || conflict != 9 {
		t.Errorf("add member: %d added, %d conflicts", added, conflict)
	}
	r := h.do("GET", "/v1/members", "sandbox", nil)
	n := 0
	for _, m := range list(r.obj()["members"]) {
		if m.(map[string]any)["username"] == "jdoe" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("jdoe listed %d times", n)
	}
}

// TestR41EmuconcIDsAndSecrets: IDs unique and increasing under concurrency; concurrent
// upserts of one secret keep one id; key rotation keeps keys unique and only current ones valid.
func TestR41EmuconcIDsAndSecrets(t *testing.T) {
	h := newHarness(t, Config{})
	var mu sync.Mutex
	var appIDs []int64
	r41run(30, func(i int) {
		r := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": fmt.Sprintf("ids-%02d", i), "region": "us-west-2"})
		if r.status != http.StatusCreated {
			t.Errorf("create: %d %s", r.status, r.raw)
			return
		}
		mu.Lock()
		appIDs = append(appIDs, num(r.obj()["id"]))
		mu.Unlock()
	})
	slices.Sort(appIDs)
	if len(slices.Compact(slices.Clone(appIDs))) != len(appIDs) {
		t.Errorf("duplicate app ids %v", appIDs)
	}
	id := appIDs[0]
	secretIDs := map[int64]int{}
	r41run(20, func(i int) {
		r := h.do("POST", fmt.Sprintf("/v1/projects/%d/secrets", id), "sandbox", map[string]any{"name": "SAME", "value": fmt.Sprintf("v%d", i)})
		if r.status != http.StatusOK {
			t.Errorf("upsert: %d %s", r.status, r.raw)
			return
		}
		mu.Lock()
		secretIDs[num(r.obj()["id"])]++
		mu.Unlock()
	})
	if len(secretIDs) != 1 {
		t.Errorf("one secret got ids %v", secretIDs)
	}
	// delete vs set secret: after the race either the app is gone (404) or the secret stored
	other := appIDs[1]
	r41run(10, func(i int) {
		if i == 5 {
			h.do("DELETE", fmt.Sprintf("/v1/projects/%d", other), "sandbox", nil)
			return
		}
		r := h.do("POST", fmt.Sprintf("/v1/projects/%d/secrets", other), "sandbox", map[string]any{"name": fmt.Sprintf("S%d", i), "value": "x"})
		if r.status != http.StatusOK && r.status != http.StatusNotFound {
			t.Errorf("set secret vs delete: %d %s", r.status, r.raw)
		}
	})
	// key rotation vs get keys
	keysSeen := map[string]bool{}
	r41run(20, func(i int) {
		var r *result
		if i%2 == 0 {
			r = h.do("POST", fmt.Sprintf("/v1/projects/%d/api-keys", id), "sandbox", map[string]any{"key_number": i % 3})
		} else {
			r = h.do("GET", fmt.Sprintf("/v1/projects/%d/api-keys", id), "sandbox", nil)
		}
		if r.status != http.StatusOK {
			t.Errorf("keys: %d %s", r.status, r.raw)
			return
		}
		mu.Lock()
		for _, k := range []string{"api_key", "api_key_2"} {
			if s, ok := r.obj()[k].(string); ok {
				keysSeen[s] = true
			}
		}
		mu.Unlock()
	})
	r := h.do("GET", fmt.Sprintf("/v1/projects/%d/api-keys", id), "sandbox", nil)
	cur := []string{r.obj()["api_key"].(string), r.obj()["api_key_2"].(string)}
	for k := range keysSeen {
		if h.e.ValidAPIKey(k) != slices.Contains(cur, k) {
			t.Errorf("key validity wrong for a key seen")
		}
	}
	// deployments ids across apps: unique
	depIDs := map[int64]int{}
	r41run(20, func(i int) {
		app := appIDs[2+i%10]
		h.do("PUT", fmt.Sprintf("/v1/projects/%d", app), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: x\n"})
		r := h.do("POST", fmt.Sprintf("/v1/projects/%d/deployments", app), "sandbox", map[string]any{})
		if r.status == http.StatusAccepted {
			mu.Lock()
			depIDs[num(r.obj()["id"])]++
			mu.Unlock()
		}
	})
	for d, c := range depIDs {
		if c != 1 {
			t.Errorf("deployment id %d given %d times", d, c)
		}
	}
}

// TestR41EmuconcFaultsAndRateLimit: a fault with Times N answers exactly N concurrent requests;
// the rate limit admits exactly RateLimit requests in a window.
func TestR41EmuconcFaultsAndRateLimit(t *testing.T) {
	h := newHarness(t, Config{RateLimit: 25})
	h.offSpec = true
	h.e.InjectFault(Fault{Operation: "listProjects", Status: http.StatusServiceUnavailable, Times: 7})
	var mu sync.Mutex
	statuses := map[int]int{}
	r41run(40, func(i int) {
		r := h.do("GET", "/v1/projects", "sandbox", nil)
		mu.Lock()
		statuses[r.status]++
		mu.Unlock()
	})
	// 7 faults (not counted against the limit), 25 admitted, 8 limited
	if statuses[503] != 7 || statuses[200] != 25 || statuses[429] != 8 {
		t.Errorf("statuses %v", statuses)
	}
	if h.e.Calls("listProjects") != 40 {
		t.Errorf("calls %d", h.e.Calls("listProjects"))
	}
	// AfterApply faults under concurrency: the state changes exactly once per request
	h.clock.Advance(time.Minute)
	h.e.InjectFault(Fault{Operation: "createProject", Status: http.StatusBadGateway, AfterApply: true, Times: 3})
	r41run(6, func(i int) {
		h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": fmt.Sprintf("aa-%d", i), "region": "us-west-2"})
	})
	if n := h.e.AppCount("sandbox"); n != 6 {
		t.Errorf("AppCount %d, want 6", n)
	}
}

// TestR41EmuconcForkSecretIDsRepeatable: with a ManualClock and a seeded Config.Random the
// emulator promises repeatable output (emulator.go:8, :42), but a fork's secrets get their IDs
// in Go's random map order (forks.go:128 ranges over src.secrets), so the same requests give
// the fork's secrets different IDs from run to run.
func TestR41EmuconcForkSecretIDsRepeatable(t *testing.T) {
	var first map[string]int64
	for run := range 12 {
		h := newHarness(t, Config{Random: rand.NewChaCha8([32]byte{1})})
		src := h.deployableApp("sandbox", "fork-src")
		for _, n := range []string{"A_ONE", "B_TWO", "C_THREE", "D_FOUR", "E_FIVE", "F_SIX"} {
			h.expect(h.do("POST", fmt.Sprintf("/v1/projects/%d/secrets", src), "sandbox", map[string]any{"name": n, "value": "v"}), http.StatusOK, "")
		}
		r := h.do("POST", fmt.Sprintf("/v1/projects/%d/forks", src), "sandbox", map[string]any{"name": "the-fork"})
		h.expect(r, http.StatusCreated, "")
		fork := num(r.obj()["id"])
		r = h.do("GET", fmt.Sprintf("/v1/projects/%d/secrets", fork), "sandbox", nil)
		ids := map[string]int64{}
		for _, s := range list(r.obj()["secrets"]) {
			m := s.(map[string]any)
			ids[m["name"].(string)] = num(m["id"])
		}
		if run == 0 {
			first = ids
			continue
		}
		if !maps.Equal(first, ids) {
			t.Fatalf("run %d: fork secret ids %v, first run %v", run, ids, first)
		}
	}
}

// TestR41EmuconcOrgSlugsDifferingInCase: New (and sandbox-api's config, sandboxconfig.go)
// refused a slug given twice only when spelled the same, but X-Org-Name compares slugs without
// case (auth.go ranges over the e.orgs map and keeps the last match), so with "acme" and "ACME"
// one header named either organization at random: the same request, repeated, acted in one
// organization or the other. New refuses such slugs, as it does a slug given twice.
func TestR41EmuconcOrgSlugsDifferingInCase(t *testing.T) {
	for _, orgs := range [][]Org{
		{{Slug: "acme", Owner: "alice"}, {Slug: "ACME", Owner: "alice"}},
		{{Slug: "Acme-Labs", Owner: "alice"}, {Slug: "other", Owner: "alice"}, {Slug: "acme-labs", Owner: "bob"}},
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), "duplicate organization") {
					t.Errorf("New with organizations %v: got %v, want a panic naming the duplicate organization", orgs, r)
				}
			}()
			New(Config{Orgs: orgs, Tokens: []Token{{Value: "t", Org: orgs[0].Slug, Scopes: []string{"*"}}}})
		}()
	}
	// Slugs that differ otherwise still make two organizations.
	h := newHarness(t, Config{
		Orgs:   []Org{{Slug: "acme", Owner: "alice"}, {Slug: "acme-2", Owner: "alice"}},
		Tokens: []Token{{Value: "t", Org: "acme", Scopes: []string{"*"}}},
	})
	h.expect(h.do("POST", "/v1/projects", "t", map[string]any{"name": "only-in-acme", "region": "us-west-2"}), http.StatusCreated, "")
	for range 10 {
		r := h.send("GET", "/v1/projects", nil, func(req *http.Request) {
			req.Header.Set("Authorization", "Bearer t")
			req.Header.Set("X-Org-Name", "ACME")
		})
		h.expect(r, http.StatusOK, "")
		if !strings.Contains(string(r.raw), "only-in-acme") {
			t.Fatalf("X-Org-Name ACME did not name acme: %s", r.raw)
		}
	}
}
