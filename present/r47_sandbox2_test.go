package present

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r47Sandbox2Texts are the sandbox remedies that name the emulator's world, as w words them.
func r47Sandbox2Texts(w sandboxWorld) map[string]string {
	return map[string]string{
		"owners only":  w.ownersOnly(),
		"plan limits":  w.exceedsPlan(),
		"image_tag":    w.imageTag(),
		"repositories": w.repositories(),
		"owners":       w.owners(),
		"unknown user": w.unknownUser(),
		"plans":        w.plans(sandbox.PlanLimits(false), sandbox.PlanLimits(true)),
	}
}

// The sandbox's remedies name its organizations, owners and users from the emulator's default
// world (sandbox.DefaultOrgs, sandbox.DefaultUsers), not from copies: the table's texts are the
// default world's, and a world with other names gives texts with those names and none of the
// default ones, in the same wording.
func TestR47Sandbox2SandboxTextsNameTheWorldsNames(t *testing.T) {
	def := sandboxWorldOf(sandbox.DefaultOrgs(), sandbox.DefaultUsers())
	texts := r47Sandbox2Texts(def)
	inTable := map[string]bool{}
	for _, r := range remedies {
		inTable[r.Sandbox] = true
	}
	for _, name := range []string{"owners only", "plan limits", "image_tag"} {
		if !inTable[texts[name]] {
			t.Errorf("%s: the table has no row with the default world's text %q", name, texts[name])
		}
	}
	if RemedySandboxUnknownUser != texts["unknown user"] || sandboxPlans != texts["plans"] {
		t.Errorf("unknown user or plans: not the default world's:\n%q\n%q", RemedySandboxUnknownUser, sandboxPlans)
	}
	for _, r := range remedies {
		if strings.Contains(r.Sandbox, "ownership (") && !strings.Contains(r.Sandbox, texts["owners"]) ||
			strings.Contains(r.Sandbox, "owner/name with") && !strings.Contains(r.Sandbox, texts["repositories"]) {
			t.Errorf("row's text does not take the default world's owners or repositories: %q", r.Sandbox)
		}
	}
	// The wording, as it was when the names were spelled by hand.
	for name, want := range map[string]string{
		"owners only": "Only an owner can grant, change or remove the admin or owner role, and the sandbox acts only as `alice`, an " +
			"admin of `acme-labs`, whose owner `carol` no caller can act as: there change only members' and viewers' roles, or " +
			"try the admin and owner roles in `sandbox`, which `alice` owns (org: sandbox)",
		"plan limits":  "The request exceeds the organization's plan limits, which the sandbox cannot raise: " + sandboxPlans + "; ask for less ({{get_limits}} shows the organization's limits), or act in `acme-labs` (org: acme-labs)",
		"owners":       "`alice` owns `sandbox`, `carol` owns `acme-labs`",
		"repositories": "(e.g. sandbox/analytics, or analytics alone)",
		"image_tag":    "its organization `acme-labs` is on the Enterprise plan (org: acme-labs)",
		"unknown user": "`jdoe` and `asmith` belong to no organization and can be added",
		"plans":        "its standard plan (organization `sandbox`) allows ",
	} {
		if !strings.Contains(texts[name], want) {
			t.Errorf("%s: wording changed:\n got %q\nwant %q", name, texts[name], want)
		}
	}

	other := sandboxWorldOf([]sandbox.Org{
		{Slug: "play", Owner: "ann", Members: []string{"ben"}},
		{Slug: "globex", Owner: "cora", Admins: []string{"ann"}, Viewers: []string{"ben"}, Enterprise: true},
	}, []sandbox.User{{Username: "ann"}, {Username: "ben"}, {Username: "zed"}, {Username: "yan"}, {Username: "xia"}})
	for name, text := range r47Sandbox2Texts(other) {
		for _, old := range []string{"alice", "carol", "acme-labs", "`sandbox`", "sandbox/", "org: sandbox", "jdoe", "asmith"} {
			if strings.Contains(text, old) {
				t.Errorf("%s: another world's text names the default world's %q: %q", name, old, text)
			}
		}
	}
	o := r47Sandbox2Texts(other)
	for name, want := range map[string]string{
		"owners only":  "acts only as `ann`, an admin of `globex`, whose owner `cora` no caller can act as: there change only members' and viewers' roles, or try the admin and owner roles in `play`, which `ann` owns (org: play)",
		"plan limits":  "or act in `globex` (org: globex)",
		"owners":       "`ann` owns `play`, `cora` owns `globex`",
		"repositories": "(e.g. play/analytics, or analytics alone)",
		"image_tag":    "its organization `globex` is on the Enterprise plan (org: globex)",
		"unknown user": "`zed`, `yan` and `xia` belong to no organization and can be added",
		"plans":        "its standard plan (organization `play`) allows 5 replicas and no custom resources (CPU, memory), its Enterprise plan (`globex`) ",
	} {
		if !strings.Contains(o[name], want) {
			t.Errorf("%s in another world:\n got %q\nwant %q", name, o[name], want)
		}
	}
}

// What the default world's texts say of it holds in the world --sandbox serves, asked over HTTP:
// the token acts as the organizations' first owner, an admin of the Enterprise organization;
// each owner named owns the organization named; the users said to belong to none are known
// (add_member takes them) and are members nowhere.
func TestR47Sandbox2DefaultWorldIsAsTheTextsSay(t *testing.T) {
	ctx := context.Background()
	w := sandboxWorldOf(sandbox.DefaultOrgs(), sandbox.DefaultUsers())
	if w.standard.Slug == "" || w.enterprise.Slug == "" || w.adminOf == "" || len(w.unaffiliated) == 0 {
		t.Fatalf("the default world lacks what the texts name: %+v", w)
	}
	c, _ := r45SandboxClient(t, sandbox.DemoWorld(), "")
	orgs, err := c.ListOrgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, o := range orgs {
		roles[o.Name] = o.Role
	}
	if roles[w.standard.Slug] != "owner" || roles[w.adminOf] != "admin" || w.adminOf != w.enterprise.Slug {
		t.Errorf("the token's roles %v; the texts say owner of %s, admin of %s", roles, w.standard.Slug, w.adminOf)
	}
	owned := regexp.MustCompile("`([^`]+)` owns `([^`]+)`").FindAllStringSubmatch(w.owners(), -1)
	if len(owned) != len(orgs) {
		t.Errorf("%q names %d owners for %d organizations", w.owners(), len(owned), len(orgs))
	}
	for _, pair := range owned {
		oc, _ := r45SandboxClient(t, sandbox.DemoWorld(), pair[2])
		members, err := oc.ListMembers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(members, func(m client.Member) bool { return m.Username == pair[1] })
		if i < 0 || !slices.Contains(members[i].Roles, "owner") {
			t.Errorf("%s does not own %s: %+v", pair[1], pair[2], members)
		}
		for _, m := range members {
			if slices.Contains(w.unaffiliated, m.Username) {
				t.Errorf("%s is said to belong to no organization but is a member of %s", m.Username, pair[2])
			}
		}
	}
	for _, user := range w.unaffiliated {
		if _, err := c.AddMember(ctx, client.AddMemberRequest{Username: user}); err != nil {
			t.Errorf("add_member %s, said addable: %v", user, err)
		}
	}
}
