package tools

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR70MineShortSummariesAreShortenSummary: the memo list_apps and list_forks fit their pages
// with gives what present.ShortenSummary gives (credentials masked, long texts shortened), for an
// app met first whole and then with its other texts clipped (summaryPage's one app over the
// budget), whose description and tags the memo already holds.
func TestR70MineShortSummariesAreShortenSummary(t *testing.T) {
	apps := []client.ProjectSummary{
		{ID: 1, Name: "plain", Description: "sales dashboards", Tags: map[string]string{"team": "bi"}},
		{ID: 2, Name: "leaky", Description: "connects with password=hunter2hunter2 to the warehouse",
			Tags: map[string]string{"api_key": "sk-proj-abcdefghijklmnopqrstuvwxyz012345", "token=ghp_abcdefghijklmnopqrstuvwxyz0123456789": "x"}},
		{ID: 3, Name: strings.Repeat("n", 300), Description: strings.Repeat("long words ", 400), Tags: map[string]string{"a": strings.Repeat("v", 500)}},
	}
	short := shortSummaries{}
	for _, a := range apps {
		for _, view := range []client.ProjectSummary{a, shortSummary(a, itemClips[len(itemClips)-1])} {
			if got, want := short.of(view), present.ShortenSummary(view); !reflect.DeepEqual(got, want) {
				t.Errorf("app %d: the memo gives %+v; present.ShortenSummary %+v", a.ID, got, want)
			}
		}
	}
	if len(short) != len(apps) {
		t.Errorf("the memo holds %d apps; want %d, one each", len(short), len(apps))
	}
}

// TestR70MineListsMaskEachAppOncePerCall: present.ShortenSummary (which masks an app's
// description and tags) is called in tools only through the memo of one call, so fitting a page
// renders and measures it again without masking the same texts again. Before, summaries and
// summariesDense called it for every app on every render: in a list of dense apps (1,000 apps with
// 600-byte descriptions and four tags each, TestR35BudgetDenseAppLists) masking was 7.3 of 11 s
// of CPU.
func TestR70MineListsMaskEachAppOncePerCall(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			code, _, _ := strings.Cut(line, "//")
			if strings.Contains(code, "present.ShortenSummary(") && !strings.Contains(code, "short = present.ShortenSummary(a)") {
				t.Errorf("%s:%d calls present.ShortenSummary outside shortSummaries.of: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
