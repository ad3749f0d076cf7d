package mcpserver

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestResourceCutNoticesNameOnlyWhatTheirCallTakes: a cut resource's notice named `offset` and
// `spicepod_offset` whatever tool it named (get_app, list_instances and list_regions take no
// offset; list_apps no spicepod_offset). For every resource, its cut notice names a call of a
// tool that exists, with arguments that tool takes, and as a way to ask for less only an
// argument of that tool: every inline-code span, and every paging argument (present.CutArgs) as
// a word.
func TestResourceCutNoticesNameOnlyWhatTheirCallTakes(t *testing.T) {
	long := strings.Repeat("a line of a long view\n", 2*present.ResultBytes/22)
	span := regexp.MustCompile("`([^`]*)`")
	offered := 0
	for _, v := range allViews() {
		args := map[string]any{}
		if strings.Contains(v.uri, "{app}") {
			args["app"] = "analytics-app"
		}
		if strings.Contains(v.uri, "{org}") {
			args["org"] = "acme-labs"
		}
		uri := strings.NewReplacer("{app}", "analytics-app", "{org}", "acme-labs").Replace(v.uri)
		got := tools.BoundView(long, 0, viewCutNotice(uri, v.tool, args))
		_, notice, ok := strings.Cut(got, "⚠️ Cut: the resource "+uri+" is ")
		if !ok || len(got) > present.ResultBytes {
			t.Fatalf("%s: not cut (%d bytes)", uri, len(got))
		}
		spans := span.FindAllStringSubmatch(notice, -1)
		if len(spans) == 0 {
			t.Fatalf("%s: its cut notice names no call: %s", uri, notice)
		}
		name, raw, _ := strings.Cut(spans[0][1], " ")
		tool, ok := tools.ByName(name)
		if !ok {
			t.Fatalf("%s: its cut notice names %q, no tool: %s", uri, spans[0][1], notice)
		}
		var s struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &s); err != nil {
			t.Fatal(err)
		}
		var callArgs map[string]any
		if err := json.Unmarshal([]byte(raw), &callArgs); err != nil {
			t.Fatalf("%s: the call %q in its cut notice is not a tool and JSON arguments: %v", uri, spans[0][1], err)
		}
		for k, want := range args {
			if callArgs[k] != want {
				t.Errorf("%s: the call %s does not name %s %v", uri, spans[0][1], k, want)
			}
		}
		for k := range callArgs {
			if _, ok := s.Properties[k]; !ok {
				t.Errorf("%s: the call %s names %s, which %s does not take", uri, spans[0][1], k, name)
			}
		}
		for _, m := range spans[1:] {
			if _, ok := s.Properties[m[1]]; !ok {
				t.Errorf("%s: its cut notice names `%s`, which %s does not take: %s", uri, m[1], name, notice)
			}
		}
		rest := notice[strings.Index(notice, spans[0][0])+len(spans[0][0]):]
		for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !(r == '_' || r >= 'a' && r <= 'z') }) {
			for _, arg := range present.CutArgs {
				if _, ok := s.Properties[arg]; w == arg && !ok {
					t.Errorf("%s: its cut notice names %s, which %s does not take: %s", uri, w, name, notice)
				}
			}
		}
		for _, arg := range present.CutArgs {
			if _, ok := s.Properties[arg]; ok {
				offered++
				if !strings.Contains(notice, "`"+arg+"`") {
					t.Errorf("%s: %s takes %s; its cut notice does not offer it: %s", uri, name, arg, notice)
				}
			}
		}
	}
	if offered < 3 {
		t.Errorf("only %d ways to ask for less offered in all", offered)
	}
}
