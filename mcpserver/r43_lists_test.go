package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r43Items decodes the items under key of a result's structured content and its total.
func r43Items(t *testing.T, structured any, key string) (items []map[string]any, total int) {
	t.Helper()
	var p map[string]json.RawMessage
	_ = json.Unmarshal(r42bJSON(structured), &p)
	_ = json.Unmarshal(p[key], &items)
	_ = json.Unmarshal(p["total"], &total)
	return items, total
}

// TestR43ListsClustersFitWhole: 60 clusters of ordinary names (with their timestamps) are about
// 3,000 tokens in each form, well within the 8,000-token budget, yet list_clusters (no offset)
// showed 56 and said the other 4 were left out: the byte model weighed the structured
// content's field names as the densest text the server writes.
func TestR43ListsClustersFitWhole(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/clusters", func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				list[i] = map[string]any{"cluster_name": fmt.Sprintf("cl-%02d", i), "infra_cluster_name": fmt.Sprintf("hw-%02d", i),
					"endpoint": fmt.Sprintf("c%02d.internal", i), "region": "us-west-2", "cloud_provider": "aws"}
			}
			a["clusters"] = list
		}))})
	res := h.call(t, "list_clusters", nil)
	items, total := r43Items(t, res.StructuredContent, "clusters")
	tt, st := resultTokens(res)
	t.Logf("text %d bytes %d tokens, structured %d bytes %d tokens, shown %d of %d", len(text(res)), tt, len(r42bJSON(res.StructuredContent)), st, len(items), total)
	withinBudget(t, "list_clusters", res)
	if len(items) != 60 || strings.Contains(text(res), "left out") {
		t.Errorf("list_clusters shows %d of 60 clusters (about %d tokens): %s", len(items), max(tt, st), text(res)[max(0, strings.Index(text(res), "Showing")):])
	}
}

// TestR43ListsNoOffsetListsDenseWithinBudget: the lists that take no offset weigh their field
// names as such (keySlack); with many items whose texts are short and a token a byte, and
// timestamps, the most items the model lets in stay within the budget in real tokens.
func TestR43ListsNoOffsetListsDenseWithinBudget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	stamp := "2026-11-22T12:34:56.789Z"
	for _, c := range []struct {
		tool, suffix, key string
		args              map[string]any
		edit              func(map[string]any)
	}{
		{"list_clusters", "/clusters", "clusters", nil, func(a map[string]any) {
			list := make([]any, 300)
			for i := range list {
				list[i] = map[string]any{"cluster_name": fmt.Sprintf("%03d%s", i, r35Dense("a1", 3)), "infra_cluster_name": r35Dense("@-", 4),
					"endpoint": r35Dense("a1", 4), "region": r35Dense("@-", 3), "cloud_provider": "a1", "created_at": stamp, "updated_at": stamp}
			}
			a["clusters"] = list
		}},
		{"list_clusters", "/clusters", "clusters", nil, func(a map[string]any) {
			list := make([]any, 300)
			for i := range list {
				list[i] = map[string]any{"cluster_name": fmt.Sprintf("%03d", i), "created_at": stamp, "updated_at": stamp}
			}
			a["clusters"] = list
		}},
		{"list_regions", "/regions", "regions", nil, func(a map[string]any) {
			list := make([]any, 400)
			for i := range list {
				list[i] = map[string]any{"name": fmt.Sprintf("%03d", i), "region": r35Dense("a1", 2), "cname": r35Dense("@-", 2), "provider": "a", "providerName": "b", "isDefault": i == 0}
			}
			a["regions"] = list
		}},
		{"list_instances", "/instances", "instances", map[string]any{"app": "analytics-app"}, func(a map[string]any) {
			list := make([]any, 400)
			for i := range list {
				list[i] = map[string]any{"name": fmt.Sprintf("%03d%s", i, r35Dense("a1", 2)), "status": r35Dense("@-", 2), "started_at": stamp}
			}
			a["instances"] = list
		}},
	} {
		t.Run(c.tool, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
				upstream: cannedProxy(&[]canned{}, okGETAnswerEdited(c.suffix, c.edit))})
			res := h.call(t, c.tool, c.args)
			items, total := r43Items(t, res.StructuredContent, c.key)
			tt, st := resultTokens(res)
			t.Logf("text %d bytes %d tokens, structured %d bytes %d tokens, shown %d of %d", len(text(res)), tt, len(r42bJSON(res.StructuredContent)), st, len(items), total)
			withinBudget(t, c.tool, res)
			if strings.Contains(text(res), "Cut:") {
				t.Errorf("%s was cut", c.tool)
			}
		})
	}
}

// TestR43ListsSharedHardwareNamesOnlyShownClusters: when list_clusters leaves clusters out, its
// shared-hardware note (and structured shared_hardware) named every cluster on the hardware,
// those left out of the table included; now it names the shown ones and counts the others.
func TestR43ListsSharedHardwareNamesOnlyShownClusters(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/clusters", func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				list[i] = map[string]any{"cluster_name": fmt.Sprintf("%03d%s", i, r35Dense("a1", 150)), "infra_cluster_name": fmt.Sprintf("hw-%02d", i),
					"endpoint": r35Dense("a1", 100), "region": "us-west-2", "cloud_provider": "aws"}
			}
			list[0] = map[string]any{"cluster_name": "alpha-shown", "infra_cluster_name": "hw-shared", "region": "us-west-2", "cloud_provider": "aws"}
			list[59] = map[string]any{"cluster_name": "omega-left-out", "infra_cluster_name": "hw-shared", "region": "us-west-2", "cloud_provider": "aws"}
			a["clusters"] = list
		}))})
	res := h.call(t, "list_clusters", nil)
	tx, raw := text(res), string(r42bJSON(res.StructuredContent))
	items, total := r43Items(t, res.StructuredContent, "clusters")
	t.Logf("shown %d of %d\n%s\n%s", len(items), total, tx[max(0, strings.Index(tx, "share hardware")-200):], raw[max(0, strings.Index(raw, `"shared_hardware"`)):])
	if len(items) >= 60 {
		t.Fatalf("all 60 clusters shown: the test needs some left out")
	}
	if strings.Contains(tx, "omega-left-out") || strings.Contains(raw, "omega-left-out") {
		t.Errorf("list_clusters names omega-left-out, a cluster it leaves out of the table")
	}
	if !strings.Contains(tx, "alpha-shown and 1 cluster not shown share hardware (hw-shared).") {
		t.Errorf("the note does not say alpha-shown shares hardware with 1 cluster not shown")
	}
	if !strings.Contains(raw, `"shared_hardware":[{"clusters":["alpha-shown"],"infra_cluster_name":"hw-shared","not_shown":1}]`) {
		t.Errorf("structured shared_hardware does not name alpha-shown with 1 not shown")
	}
}

// TestR43ListsDefaultRegionAlwaysNamed: when list_regions leaves regions out and the default
// region (what create_app uses without one) is among them, the text did not name it; now it
// does, after the table, and structured default carries it, whether the API names it in
// default or marks it isDefault.
func TestR43ListsDefaultRegionAlwaysNamed(t *testing.T) {
	for _, byFlag := range []bool{false, true} {
		t.Run(fmt.Sprintf("isDefault=%v", byFlag), func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
				upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/regions", func(a map[string]any) {
					list := make([]any, 60)
					for i := range list {
						list[i] = map[string]any{"name": fmt.Sprintf("%03d%s", i, r35Dense("a1", 200)), "region": fmt.Sprintf("r-%03d", i), "cname": fmt.Sprintf("c-%03d", i),
							"provider": "aws", "providerName": "AWS"}
					}
					list[59] = map[string]any{"name": "Far away", "region": "zz-default-9", "cname": "zz", "provider": "aws", "providerName": "AWS", "isDefault": byFlag}
					a["regions"] = list
					if byFlag {
						delete(a, "default")
					} else {
						a["default"] = "zz-default-9"
					}
				}))})
			res := h.call(t, "list_regions", nil)
			tx := text(res)
			items, total := r43Items(t, res.StructuredContent, "regions")
			var p struct {
				Default string `json:"default"`
			}
			_ = json.Unmarshal(r42bJSON(res.StructuredContent), &p)
			t.Logf("shown %d of %d, default %q\n%s", len(items), total, p.Default, tx[max(0, strings.LastIndex(tx, "|")):])
			withinBudget(t, "list_regions", res)
			if len(items) >= 60 {
				t.Fatalf("all 60 regions shown: the test needs some left out")
			}
			if !strings.Contains(tx, "The default region, which create_app uses when given none, is zz-default-9") {
				t.Errorf("list_regions does not name the default region zz-default-9, left out of the table")
			}
			if p.Default != "zz-default-9" {
				t.Errorf("structured default is %q, want zz-default-9", p.Default)
			}
		})
	}
}

// TestR43ListsPageNoteClipsTheLastItemsName: the page-memory note ("… this page continues after
// <item>") named the item the last page ended with at full length: a 3,004-character username
// filled the note (and a quarter of the page's budget) with it. Now it is shortened as other names in notes.
func TestR43ListsPageNoteClipsTheLastItemsName(t *testing.T) {
	members := make([]string, 30)
	for i := range members { // 3,004 characters each: a page holds a few
		members[i] = fmt.Sprintf("m%02d-%s", i, strings.Repeat("longname-", 334)[:3000])
	}

	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: members}}}})
	api := r42API(t, h)
	type page struct {
		Members []struct {
			UserID   int64  `json:"user_id"`
			Username string `json:"username"`
		} `json:"members"`
		Next int `json:"next_offset"`
	}
	var first page
	structured(t, h.call(t, "list_members", nil), &first)
	if first.Next == 0 || len(first.Members) < 2 || len(first.Members[len(first.Members)-1].Username) < 3000 {
		t.Fatalf("want a first page of 2 or more members ending with the long name, not all: %d shown, next %d", len(first.Members), first.Next)
	}
	if _, err := api.RemoveMember(context.Background(), first.Members[1].UserID); err != nil {
		t.Fatal(err)
	}
	res := h.call(t, "list_members", map[string]any{"offset": first.Next})
	tx := text(res)
	head, _, _ := strings.Cut(tx, "\n\n")
	t.Logf("first page %d members, next %d; second page's note (%d bytes): %.400s", len(first.Members), first.Next, len(head), head)
	if !strings.Contains(head, "this page continues after") {
		t.Fatalf("the second page does not say where it continues: %.400s", head)
	}
	if len(head) > 400 {
		t.Errorf("the page note is %d bytes: it names the last item at full length", len(head))
	}
	if !strings.Contains(head, "characters in all") {
		t.Errorf("the page note does not say the name was shortened: %.400s", head)
	}
}

// TestR43ListsDeletionNotesInStructuredContent: delete_app's note on what creating the name
// again brings back (the API soft-deletes) and delete_secret's on what keeps the value, and its
// warning when the spicepod references the secret, were in the text only; some clients show
// only structured content. Now structured content carries them too.
func TestR43ListsDeletionNotesInStructuredContent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: Spicepod\nname: analytics-app\n" +
		"datasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"})
	var secret struct {
		Action  string `json:"action"`
		Note    string `json:"note"`
		Warning string `json:"warning"`
	}
	res := h.call(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})
	structured(t, res, &secret)
	t.Logf("%s\n%+v", text(res), secret)
	if secret.Note == "" || !strings.Contains(text(res), secret.Note) {
		t.Errorf("delete_secret's structured note is %q; the text says: %s", secret.Note, text(res))
	}
	if !strings.Contains(secret.Warning, "references it") || !strings.Contains(text(res), secret.Warning) {
		t.Errorf("delete_secret's structured warning is %q; the text says: %s", secret.Warning, text(res))
	}
	var app struct {
		Deleted bool   `json:"deleted"`
		Note    string `json:"note"`
	}
	res = h.call(t, "delete_app", map[string]any{"app": "docs-search"})
	structured(t, res, &app)
	t.Logf("%s\n%+v", text(res), app)
	if !app.Deleted || !strings.Contains(app.Note, "reactivates it") || !strings.Contains(text(res), app.Note) {
		t.Errorf("delete_app's structured note is %q; the text says: %s", app.Note, text(res))
	}
}

// TestR43ListsThreeThousandMembersPage: list_members with 3,000 members (1,000 under the race
// detector: each page reads every member from the API, and the 61 pages took 162 s of a loaded
// race run) is a page of 50 with the call for the next (no cut), and following the calls
// reaches every member once.
func TestR43ListsThreeThousandMembersPage(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	n := 3000
	if raceDetector {
		n = 1000
	}
	members := make([]string, n)
	for i := range members {
		members[i] = fmt.Sprintf("member-%04d", i)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: members}}}})
	seen := map[string]bool{}
	var args map[string]any
	for page := 0; page < 200; page++ {
		res := h.call(t, "list_members", args)
		tx := text(res)
		if page == 0 {
			t.Logf("first page: %d bytes\n%s", len(tx), tx[max(0, strings.LastIndex(tx, "|")):])
		}
		withinBudget(t, fmt.Sprintf("list_members page %d", page), res)
		if strings.Contains(tx, "Cut:") {
			t.Fatalf("page %d was cut: %s", page, tx[max(0, strings.Index(tx, "Cut:")):])
		}
		items, total := r43Items(t, res.StructuredContent, "members")
		if total != n+1 {
			t.Errorf("page %d: total %d, want %d", page, total, n+1)
		}
		for _, m := range items {
			name, _ := m["username"].(string)
			if seen[name] {
				t.Errorf("page %d repeats %s", page, name)
			}
			seen[name] = true
		}
		named, ok := noteCall(t, tx, "list_members")
		if !ok {
			break
		}
		args = named
	}
	if len(seen) != n+1 {
		t.Errorf("paging reached %d of %d members", len(seen), n+1)
	}
}

// TestR43ListsMemberNotFoundAmongThousands: a member reference that matches none of 3,000
// members listed every member in the error, cut at the budget (about 11 KB) with a notice that
// the rest cannot be shown in parts. Now it lists at most ten (those that read like the name
// asked first) and says how many more list_members shows.
func TestR43ListsMemberNotFoundAmongThousands(t *testing.T) {
	members := make([]string, 3000)
	for i := range members {
		members[i] = fmt.Sprintf("member-%04d", i)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/members", func(a map[string]any) {
			list := make([]any, len(members))
			for i, m := range members {
				list[i] = map[string]any{"user_id": 1000 + i, "username": m, "roles": []string{"member"}}
			}
			a["members"] = list
		}))})
	res := h.call(t, "get_member", map[string]any{"member": "nobody-here"})
	tx := text(res)
	t.Logf("error=%v %d bytes: %.600s", res.IsError, len(tx), tx)
	if strings.Contains(tx, "Cut:") || len(tx) > 2000 {
		t.Errorf("the not-found error is %d bytes, cut: %s", len(tx), tx[max(0, len(tx)-400):])
	}
	if !strings.Contains(tx, "2,990 more") || !strings.Contains(tx, "list_members") {
		t.Errorf("the error does not say how many more members list_members shows: %.600s", tx)
	}
}

// TestR43ListsMemberNotFoundFlagsASCIILookAlikes: the not-found error flagged a listed username
// only when it held characters beyond ASCII; an ASCII one that reads like the name asked
// ("rnallory" for "mallory", "b0b" for "bob") was listed plain, or not at all past the first
// ones. Now such names are listed first and flagged.
func TestR43ListsMemberNotFoundFlagsASCIILookAlikes(t *testing.T) {
	members := make([]string, 300)
	for i := range members {
		members[i] = fmt.Sprintf("member-%04d", i)
	}
	members[250], members[299] = "rnallory", "Ma11ory"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: members}}}})
	res := h.call(t, "remove_member", map[string]any{"member": "mallory"})
	tx := text(res)
	t.Logf("%s", tx)
	for _, name := range []string{"rnallory", "Ma11ory"} {
		if !strings.Contains(tx, name+` (`) || !regexp.MustCompile(regexp.QuoteMeta(name)+` \(user \d+\) \(reads like "mallory" but is another name\)`).MatchString(tx) {
			t.Errorf("the error does not list %s flagged as reading like mallory", name)
		}
	}
	if strings.Contains(tx, "member-0001 (") && strings.Index(tx, "member-0001") < strings.Index(tx, "rnallory") {
		t.Errorf("the look-alikes are not listed first")
	}
}
