package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r57HiddenRows reads whoami's table of hidden tools: each row's tools and its reason.
func r57HiddenRows(t *testing.T, who string) (rows [][2]string) {
	t.Helper()
	_, table, ok := strings.Cut(who, "tools are hidden:\n\n| Tools | Why hidden |\n|---|---|\n")
	if !ok {
		t.Fatalf("whoami has no table of hidden tools:\n%s", who)
	}
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| ") {
			break
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "| "), " |"), " | ")
		if len(cells) != 2 {
			t.Fatalf("row %q has %d cells", line, len(cells))
		}
		rows = append(rows, [2]string{cells[0], cells[1]})
	}
	return rows
}

// TestR57WordsWhoamiGroupsHiddenReasons: whoami names the tools that share a reason on one row
// and says the reason once (round 56: --read-only repeated one reason on 17 rows), in every
// mode that hides tools; every hidden tool is still named once with its own reason (the
// structured hidden_tools), and no listed tool is named as hidden.
func TestR57WordsWhoamiGroupsHiddenReasons(t *testing.T) {
	emu := sandbox.New(sandbox.Config{Demo: true})
	scoped := emu.IssueToken("sandbox", []string{"apps:read"}, time.Hour)
	for _, tc := range []struct {
		name string
		opts harnessOptions
		rows int // distinct reasons
	}{
		{"read-only", harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true}}, 1},
		{"read-only, --confirm agent", harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true},
			safety: tools.Safety{Confirm: tools.ConfirmAgent}}, 1},
		{"read-only, no credentials", harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-", policy: tools.Policy{ReadOnly: true}}, 1},
		{"toolsets", harnessOptions{cfg: sandbox.Config{Demo: true},
			policy: tools.Policy{Toolsets: []string{"secrets", "platform"}, ExcludeTools: []string{"delete_secret"}}}, 0},
		{"scope-limited key", harnessOptions{cfg: sandbox.Config{Demo: true,
			Tokens: []sandbox.Token{{Value: scoped, Org: "sandbox", Scopes: []string{"apps:read"}}}}, token: scoped}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.opts)
			res := h.call(t, "whoami", nil)
			who := text(res)
			var structured struct {
				Hidden map[string]string `json:"hidden_tools"`
			}
			raw, _ := json.Marshal(res.StructuredContent)
			if err := json.Unmarshal(raw, &structured); err != nil || len(structured.Hidden) == 0 {
				t.Fatalf("hidden_tools = %v (%v)", structured.Hidden, err)
			}
			rows := r57HiddenRows(t, who)
			if tc.rows > 0 && len(rows) != tc.rows {
				t.Errorf("%d rows, want %d:\n%s", len(rows), tc.rows, who)
			}
			named := map[string]string{}
			for _, row := range rows {
				if n := strings.Count(who, " "+row[1]+" |") + strings.Count(who, row[1]+"."); n != 1 {
					t.Errorf("reason %q said %d times:\n%s", row[1], n, who)
				}
				for _, tool := range strings.Split(row[0], ", ") {
					if _, twice := named[tool]; twice {
						t.Errorf("%s named on two rows", tool)
					}
					named[tool] = row[1]
				}
			}
			if !maps.Equal(named, structured.Hidden) {
				t.Errorf("the table names %v, hidden_tools holds %v", named, structured.Hidden)
			}
			for _, tool := range h.listTools(t) {
				if _, ok := named[tool.Name]; ok {
					t.Errorf("listed %s is named as hidden", tool.Name)
				}
			}
			// 554 text tokens under --read-only before, one row per tool; 346 grouped.
			if tt, _ := resultTokens(res); tc.name == "read-only" && tt > 360 {
				t.Errorf("read-only whoami: %d text tokens, over 360", tt)
			}
			if want := fmt.Sprintf("%d of %d tools are hidden:", len(named), len(tools.All())); !strings.Contains(who, want) {
				t.Errorf("whoami does not say %q:\n%s", want, who)
			}
		})
	}
}

// TestR57WordsUncodedRefusalsSayWhatToCheck: the API's 403 without a code or message names
// the scope and role the call needs (it said only "check its scopes"), and a 400 without a
// message says the API gave no reason (it said "for the reason its message gives", with none).
func TestR57WordsUncodedRefusalsSayWhatToCheck(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	h.emu.InjectFault(sandbox.Fault{Operation: "getMember", Status: 403})
	mustContain(t, "get_member 403", h.fail(t, "get_member", map[string]any{"member": "bob"}),
		"403 Forbidden\nWhat to do: The token is not allowed to do this: the call needs the scope members:read (or a scope that implies it, or *) and the role viewer or higher in the organization. Check its scopes and your role")
	h.emu.InjectFault(sandbox.Fault{Operation: "forkProject", Status: 403})
	mustContain(t, "fork_app 403", h.fail(t, "fork_app", map[string]any{"app": "analytics-app", "name": "forked-two"}),
		"needs the scope apps:write (or a scope that implies it, or *) and the role member or higher")
	h.emu.InjectFault(sandbox.Fault{Operation: "updateMemberRoles", Status: 400})
	got := h.fail(t, "update_member_roles", map[string]any{"member": "bob", "roles": []string{"viewer"}})
	mustContain(t, "update_member_roles 400", got, "400 Bad Request\nWhat to do: The API refused the request as invalid without saying why: check the arguments against the tool's description, then try again")
	if strings.Contains(got, "its message gives") {
		t.Errorf("a 400 without a message points to its message:\n%s", got)
	}
}

// TestR57WordsOrgForbiddenNamesListOrgs: an organization the caller is not in is answered with
// the tool that lists theirs (it said "list your organizations", naming no tool), and without
// it where it is hidden.
func TestR57WordsOrgForbiddenNamesListOrgs(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "list_clusters", h.fail(t, "list_clusters", map[string]any{"org": "nope-org"}),
		"What to do: You cannot act in that organization: check the org argument, or without one ask the user to check SPICE_ORG; list_orgs lists those you can pass as org.")
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_orgs"}}})
	got := hidden.fail(t, "list_clusters", map[string]any{"org": "nope-org"})
	mustContain(t, "list_clusters without list_orgs", got, "You cannot act in that organization", "list_orgs is not available")
}
