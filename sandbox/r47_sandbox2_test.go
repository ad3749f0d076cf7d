package sandbox

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// README's `--sandbox` row is prose naming the default world's organizations, their plans, their
// demo apps and the state of those that are not plainly there (paused, failed). --sandbox serves
// DemoWorld (internal/cli newAPIClient); asked over HTTP, that world must be exactly
// what the row says, so a seed renamed, added or dropped fails here until the row follows.
func TestR47Sandbox2ReadmeSandboxRowNamesTheDefaultWorld(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	said, err := r47Sandbox2RowWorld(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	served := r47Sandbox2ServedWorld(t, newHarness(t, DemoWorld()))
	if !slices.Equal(said, served) {
		t.Errorf("README's --sandbox row says the world is\n  %s\nbut --sandbox's emulator serves\n  %s",
			strings.Join(said, "\n  "), strings.Join(served, "\n  "))
	}
}

// The row reader reads what the row's wording gives, and refuses a name it cannot place.
func TestR47Sandbox2RowReader(t *testing.T) {
	row := "| `--sandbox` | Use the in-process emulator with two demo organizations (`sandbox`: `analytics-app` and `docs-search`; " +
		"`acme-labs`, Enterprise: `nightly-etl` paused and `fraud-scoring` failed; spicepods, secrets). More |"
	got, err := r47Sandbox2RowWorld("x\n" + row + "\ny")
	want := []string{"app acme-labs/fraud-scoring failed", "app acme-labs/nightly-etl paused", "app sandbox/analytics-app",
		"app sandbox/docs-search", "org acme-labs Enterprise", "org sandbox standard", "organizations: 2"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{
		strings.Replace(row, "(`sandbox`", "(`sandbox`, `extra`", 1),    // a name outside an organization's group
		strings.Replace(row, "failed;", "failed; `stray` app;", 1),      // a name the groups do not take
		strings.Replace(row, "two demo organizations", "demo data", 1),  // no count
		strings.Replace(row, "| `--sandbox` |", "| `--sandboxed` |", 1), // no row
	} {
		if got, err := r47Sandbox2RowWorld(bad); err == nil {
			t.Errorf("read %q as %q", bad, got)
		}
	}
}

var (
	r47Sandbox2OrgGroup = regexp.MustCompile("`([^`]+)`(, Enterprise)?: ([^;)]*)")
	r47Sandbox2App      = regexp.MustCompile("`([^`]+)`( paused| failed)?")
	r47Sandbox2Named    = regexp.MustCompile("`[^`]+`")
	r47Sandbox2Count    = regexp.MustCompile(`with (one|two|three|four|five) demo organizations`)
)

// r47Sandbox2RowWorld is the world README's `--sandbox` row describes, as sorted facts.
func r47Sandbox2RowWorld(readme string) ([]string, error) {
	var row string
	for line := range strings.SplitSeq(readme, "\n") {
		if strings.HasPrefix(line, "| `--sandbox` |") {
			row = strings.TrimPrefix(line, "| `--sandbox` |")
		}
	}
	if row == "" {
		return nil, fmt.Errorf("README has no row starting | `--sandbox` |")
	}
	count := r47Sandbox2Count.FindStringSubmatch(row)
	if count == nil {
		return nil, fmt.Errorf("the row does not say how many demo organizations there are: %s", row)
	}
	facts := []string{fmt.Sprintf("organizations: %d", slices.Index([]string{"one", "two", "three", "four", "five"}, count[1])+1)}
	placed := 0
	for _, group := range r47Sandbox2OrgGroup.FindAllStringSubmatch(row, -1) {
		org, plan := group[1], "standard"
		if group[2] != "" {
			plan = "Enterprise"
		}
		facts = append(facts, "org "+org+" "+plan)
		placed++
		for _, app := range r47Sandbox2App.FindAllStringSubmatch(group[3], -1) {
			facts = append(facts, strings.TrimSpace("app "+org+"/"+app[1]+app[2]))
			placed++
		}
	}
	// The world is the row's first sentence; what follows (how long deployments take, the flags
	// that change it) names other things in backquotes.
	world := row
	if end := strings.Index(row, "). "); end >= 0 {
		world = row[:end+1]
	}
	if named := len(r47Sandbox2Named.FindAllString(world, -1)); named != placed {
		return nil, fmt.Errorf("the row names %d things in backquotes, of which %d are organizations or their apps: %s", named, placed, row)
	}
	slices.Sort(facts)
	return facts, nil
}

// r47Sandbox2ServedWorld is the world h's emulator serves to its token `sandbox`, as the facts
// r47Sandbox2RowWorld reads: each organization with its plan (Enterprise: the plan allows private
// compute), each of its apps, and an app's state when it is paused (its instances answer
// project_paused) or its latest deployment failed.
func r47Sandbox2ServedWorld(t *testing.T, h *harness) []string {
	t.Helper()
	get := func(org, path string) *result {
		res := h.send("GET", path, nil, func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer sandbox")
			r.Header.Set("X-Org-Name", org)
		})
		return res
	}
	orgs := list(h.do("GET", "/v1/orgs", "sandbox", nil).obj()["orgs"])
	facts := []string{fmt.Sprintf("organizations: %d", len(orgs))}
	for _, o := range orgs {
		org := o.(map[string]any)["name"].(string)
		plan := "standard"
		if get(org, "/v1/limits").obj()["resources"] != nil {
			plan = "Enterprise"
		}
		facts = append(facts, "org "+org+" "+plan)
		for _, a := range list(get(org, "/v1/projects").obj()["projects"]) {
			app := a.(map[string]any)
			fact := "app " + org + "/" + app["name"].(string)
			id := fmt.Sprint(app["id"])
			deployments := list(get(org, "/v1/projects/"+id+"/deployments").obj()["deployments"])
			switch {
			case get(org, "/v1/projects/"+id+"/instances").obj()["code"] == "project_paused":
				fact += " paused"
			case len(deployments) > 0 && deployments[0].(map[string]any)["status"] == "failed":
				fact += " failed"
			}
			facts = append(facts, fact)
		}
	}
	slices.Sort(facts)
	return facts
}

// README's section "The emulator" says who is who in the default world: each organization's
// plan, owner, admins, members and viewers, the users that can be added, and whom the token
// acts as. Asked over HTTP, --sandbox's world must be so.
func TestR47Sandbox2ReadmeEmulatorSectionNamesTheDefaultRoles(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "\n## The emulator\n")
	section, _, _ = strings.Cut(section, "\n## ")
	section = strings.Join(strings.Fields(section), " ") // lines joined as the paragraph reads
	_, world, ok := strings.Cut(section, "The default world has ")
	world, _, _ = strings.Cut(world, " Demo data adds")
	if !ok || world == "" {
		t.Fatal(`README's section "The emulator" has no sentence "The default world has …"`)
	}
	var said []string
	for _, m := range regexp.MustCompile("`([^`]+)` \\((standard plan|Enterprise); owner `([^`]+)`((?:, (?:admin|member|viewer) `[^`]+`)*)").
		FindAllStringSubmatch(world, -1) {
		plan := map[string]string{"standard plan": "standard", "Enterprise": "Enterprise"}[m[2]]
		said = append(said, "org "+m[1]+" "+plan, "role "+m[1]+"/"+m[3]+" owner")
		for _, r := range regexp.MustCompile("(admin|member|viewer) `([^`]+)`").FindAllStringSubmatch(m[4], -1) {
			said = append(said, "role "+m[1]+"/"+r[2]+" "+r[1])
		}
	}
	if m := regexp.MustCompile("`([^`]+)` and `([^`]+)` can be added").FindStringSubmatch(world); m != nil {
		said = append(said, "addable "+m[1], "addable "+m[2])
	}
	if m := regexp.MustCompile("the token `([^`]+)` acts as ([a-z]+)").FindStringSubmatch(world); m != nil {
		said = append(said, "token "+m[1]+" acts as "+m[2])
	}
	slices.Sort(said)

	h := newHarness(t, DemoWorld())
	get := func(org, path string) *result {
		return h.send("GET", path, nil, func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer "+DefaultToken)
			r.Header.Set("X-Org-Name", org)
		})
	}
	var served []string
	members := map[string]bool{}
	for _, o := range list(h.do("GET", "/v1/orgs", DefaultToken, nil).obj()["orgs"]) {
		org := o.(map[string]any)["name"].(string)
		plan := "standard"
		if get(org, "/v1/limits").obj()["resources"] != nil {
			plan = "Enterprise"
		}
		served = append(served, "org "+org+" "+plan)
		for _, m := range list(get(org, "/v1/members").obj()["members"]) {
			name := m.(map[string]any)["username"].(string)
			members[name] = true
			for _, role := range list(m.(map[string]any)["roles"]) {
				served = append(served, "role "+org+"/"+name+" "+role.(string))
				if role == "owner" && o.(map[string]any)["role"] == "owner" {
					served = append(served, "token "+DefaultToken+" acts as "+name)
				}
			}
		}
	}
	// The users that can be added: known (add_member takes them), members nowhere.
	for _, u := range DefaultUsers() {
		if members[u.Username] {
			continue
		}
		res := h.do("POST", "/v1/members", DefaultToken, map[string]any{"username": u.Username})
		if res.status != http.StatusCreated && res.status != http.StatusOK {
			t.Errorf("add_member %s: %d %s", u.Username, res.status, res.raw)
		}
		served = append(served, "addable "+u.Username)
	}
	slices.Sort(served)
	if !slices.Equal(said, served) {
		t.Errorf("README's section \"The emulator\" says the default world is\n  %s\nbut --sandbox's emulator serves\n  %s",
			strings.Join(said, "\n  "), strings.Join(served, "\n  "))
	}
}
