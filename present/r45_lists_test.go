package present

import "testing"

// TestR45ListsWithoutListHints: a hint naming a list tool not listed goes, wherever it stands in
// a schema (a description that is only the hint goes with its key), and one naming a listed
// tool stays.
func TestR45ListsWithoutListHints(t *testing.T) {
	listed := []string{"list_apps"}
	for _, tc := range []struct{ in, want string }{
		{`{"a":{"type":"string","description":"See list_clusters"}}`, `{"a":{"type":"string"}}`},
		{`{"a":{"description":"See list_clusters","type":"string"}}`, `{"a":{"type":"string"}}`},
		{`{"a":{"minLength":1,"description":"See list_clusters","type":"string"}}`, `{"a":{"minLength":1,"type":"string"}}`},
		{`{"a":{"description":"See list_clusters"}}`, `{"a":{}}`},
		{`{"a":{"description":"See list_apps"}}`, `{"a":{"description":"See list_apps"}}`},
		{"Default: the newest instance (see list_instances)", "Default: the newest instance"},
		{"App name (see list_apps)", "App name (see list_apps)"},
	} {
		if got := WithoutListHints(tc.in, listed); got != tc.want {
			t.Errorf("WithoutListHints(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestR45ListsArgWithoutListHintsTouchesOnlyOwnTexts: a refusal's hint goes where its tool is
// hidden; the caller's own text that reads like one stays.
func TestR45ListsArgWithoutListHintsTouchesOnlyOwnTexts(t *testing.T) {
	hidden := func(tool string) bool { return tool != "list_apps" }
	for _, tc := range []struct{ in, want string }{
		{"org: " + ArgOrgName, "org: want an organization name"},
		{"Invalid arguments, nothing was sent: image_tag: " + ArgImageTag, `Invalid arguments, nothing was sent: image_tag: want a published runtime tag, or "" or null to unpin`},
		{"app: " + ArgAppRequired, "app: " + ArgAppRequired},
		{`got "x (see list_orgs)"`, `got "x (see list_orgs)"`},
	} {
		if got := ArgWithoutListHints(tc.in, hidden); got != tc.want {
			t.Errorf("ArgWithoutListHints(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
