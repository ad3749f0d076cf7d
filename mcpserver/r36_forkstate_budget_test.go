package mcpserver_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// fork_app listed every shared_state item of the API's answer whole, in its text and its
// structured content: 2,000 items, or one with a value or setting of 50 KB, put both over the
// budget (the guard then cut the text, dropping the next steps, and replaced structured content
// with a cut note). Items are now shortened as the app's other API texts are, with their full
// length, and listed while they fit, the rest counted, with what to do about them.

// r36ForkAnswer is a proxy rewrite of the fork's 201 answer by edit and, with project, of every
// project read (the fork's answer too) by project.
func r36ForkAnswer(edit func(fork map[string]any), project func(p map[string]any)) func(*http.Response) error {
	read := regexp.MustCompile(`/v1/projects/\d+$`)
	isRead := func(r *http.Response) bool {
		return project != nil && r.Request.Method == http.MethodGet && read.MatchString(r.Request.URL.Path)
	}
	return editedAnswer(func(r *http.Response) bool { return forkCreated(r) || isRead(r) }, func(p map[string]any) {
		if project != nil {
			project(p)
		}
		if _, forked := p["shared_state"]; forked && edit != nil { // only the fork's answer carries it
			edit(p)
		}
	})
}

// r36ForkWith forks fraud-scoring with the API answering items as shared_state: the result's
// text and structured content, and everything it holds (everything).
func r36ForkWith(t *testing.T, items []any) (string, map[string]any, string) {
	t.Helper()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r36ForkAnswer(func(f map[string]any) { f["shared_state"] = items }, nil))})
	res := h.call(t, "fork_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "w2-fraud-fork"})
	if res.IsError {
		t.Fatalf("fork_app: %s", text(res))
	}
	withinBudget(t, "fork_app", res)
	var v map[string]any
	structured(t, res, &v)
	return text(res), v, everything(res)
}

// TestR36ForkStateWithinBudget: a fork_app answer with 2,000 shared_state items, one with a value
// of 50 KB, one with a setting of 50 KB and one item that is 50 KB of JSON: both forms within the
// budget and uncut, the next steps there, every item listed or counted, every text shortened with
// its full length, and values still masked.
func TestR36ForkStateWithinBudget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	dense := r35Dense("a1", 50000)
	many := make([]any, 2000)
	for i := range many {
		many[i] = map[string]any{"setting": fmt.Sprintf("datasets[%d].params.kafka_consumer_group", i), "value": fmt.Sprintf("orders-cg-%04d", i),
			"note": "shared with source"}
	}
	nested := map[string]any{}
	for i := range 2000 {
		nested[fmt.Sprintf("field_%04d", i)] = "x" + strconv.Itoa(i)
	}
	for _, tc := range []struct {
		name  string
		items []any
		// shown: items the text lists (-2: some, not all); want: texts the result holds; path: a
		// text structured content shortens, its full length in shortened.
		shown int
		want  []string
		path  string
	}{
		{"2,000 items", many, -2, []string{"of 2,000", "`datasets[0].params.kafka_consumer_group`", "Spice.ai portal", "do not fit one result"}, ""},
		{"50 KB value", []any{map[string]any{"setting": "datasets[0].description", "value": strings.Repeat("long words ", 5000)[:50000]}}, 1,
			[]string{"`datasets[0].description`", "(shortened; 50,000 characters in all)"}, "shared_state[0].value"},
		{"50 KB setting", []any{map[string]any{"setting": "datasets[0].params." + dense, "value": "orders-cg"}}, 1,
			[]string{"(shortened; 50,019 characters in all)"}, "shared_state[0].setting"},
		{"50 KB note name", []any{map[string]any{"setting": "datasets[0].params.group", "value": "g", dense: "n"}}, 1,
			[]string{"`datasets[0].params.group`", "name shortened; 50,000 characters in all"}, ""},
		{"2,000 fields", []any{map[string]any{"setting": "datasets[0].params.group", "value": "g", "extra": nested}}, 1,
			[]string{"`datasets[0].params.group`", "characters in all"}, "shared_state[0].extra"},
		{"50 KB item", []any{dense}, 1, []string{"(shortened; 50,000 characters in all)"}, "shared_state[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, v, all := r36ForkWith(t, tc.items)
			if v["cut"] != nil || strings.Contains(out, "⚠️ Cut") {
				t.Fatalf("cut: structured %v, text:\n%s", v["cut"], out)
			}
			mustContain(t, "fork_app", out, append(tc.want, "update_app", "create_deployment", " URL: ")...)
			listed := strings.Count(out[strings.Index(out, "(shared_state)"):], "\n- ")
			state, _ := v["shared_state"].([]any)
			shortened, _ := v["shortened"].(map[string]any)
			switch {
			case tc.shown > 0 && (listed != tc.shown || len(state) != tc.shown):
				t.Errorf("listed %d in the text, %d in structured content, want %d:\n%s", listed, len(state), tc.shown, out)
			case tc.shown == -2 && (listed < 20 || listed >= len(tc.items) || len(state) != listed ||
				shortened["shared_state"] != float64(len(tc.items))):
				t.Errorf("listed %d in the text, %d in structured content of %d, shortened %v", listed, len(state), len(tc.items), shortened["shared_state"])
			case tc.shown == -2 && !strings.Contains(out, fmt.Sprintf("the first %d of 2,000 are listed", listed)):
				t.Errorf("the text does not say how many are listed:\n%s", out)
			}
			if tc.path != "" && (shortened[tc.path] == nil || !strings.Contains(fmt.Sprint(state), "…")) {
				t.Errorf("structured content: %s not shortened with its length: %v", tc.path, shortened)
			}
			if strings.Contains(all, "orders-cg-0") {
				t.Errorf("a shared setting's value is not masked:\n%s", out)
			}
		})
	}
}

// TestR36ForkStateResourceKeysWithinBudget: the API's config.resources and the executor's
// resources are maps of any keys: 5,000 of them, or one of 50 KB, in get_app's and fork_app's
// answers kept neither form within the budget. Keys are shortened (a key shortened to another's
// ends in "…#2") and listed while they fit, the rest counted, as tags are.
func TestR36ForkStateResourceKeysWithinBudget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	many := map[string]any{}
	for i := range 5000 {
		many[fmt.Sprintf("%s%04d", r35Dense("a1", 20), i)] = "1"
	}
	long := map[string]any{r35Dense("a1", 50000) + "x": "2", r35Dense("a1", 50000) + "y": "3", "cpu": "1"}
	for _, tc := range []struct {
		name   string
		limits map[string]any
		says   map[string][]string // what each tool's text says of the limits
	}{
		{"5,000 keys", many, map[string][]string{"get_app": {"… (shortened; 17 of 5,000 keys shown); requests cpu=1"},
			"fork_app": {"`config.resources.limits` (17 of 5,000 keys shown)", "`config.executor.resources.limits` (17 of 5,000 keys shown)"}}},
		{"50 KB keys", long, map[string][]string{"get_app": {"a1a1… (key shortened; 50,001 characters in all)=2", "a1a1…#2 (key shortened; 50,001 characters in all)=3, cpu=1"},
			"fork_app": {"`config.resources.limits` (3 of 3 keys shown, a key longer than 100 bytes shortened"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resources := map[string]any{"limits": tc.limits, "requests": map[string]any{"cpu": "1"}}
			withResources := func(p map[string]any) {
				cfg, _ := p["config"].(map[string]any)
				if cfg == nil {
					return
				}
				cfg["resources"] = resources
				cfg["executor"] = map[string]any{"replicas": 1, "resources": resources}
			}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, r36ForkAnswer(nil, withResources))})
			for _, call := range []struct {
				tool string
				args map[string]any
			}{{"get_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs"}},
				{"fork_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "w2-fraud-fork"}}} {
				res := h.call(t, call.tool, call.args)
				out := text(res)
				if res.IsError {
					t.Fatalf("%s: %s", call.tool, out)
				}
				withinBudget(t, call.tool, res)
				mustContain(t, call.tool, out, tc.says[call.tool]...)
				var v struct {
					Cut    string `json:"cut"`
					Config struct {
						Resources struct {
							Limits map[string]any `json:"limits"`
						} `json:"resources"`
						Executor struct {
							Resources struct {
								Limits map[string]any `json:"limits"`
							} `json:"resources"`
						} `json:"executor"`
					} `json:"config"`
					Shortened map[string]int `json:"shortened"`
				}
				structured(t, res, &v)
				if v.Cut != "" || strings.Contains(out, "⚠️ Cut") {
					t.Fatalf("%s: cut: %q\n%.3000s", call.tool, v.Cut, out)
				}
				for _, limits := range []map[string]any{v.Config.Resources.Limits, v.Config.Executor.Resources.Limits} {
					if len(limits) == 0 || (len(limits) != len(tc.limits) && v.Shortened["config.resources.limits"] != len(tc.limits)) {
						t.Errorf("%s: %d of %d limits in structured content, shortened %v", call.tool, len(limits), len(tc.limits), v.Shortened["config.resources.limits"])
					}
				}
				if tc.name == "50 KB keys" {
					if len(v.Config.Resources.Limits) != 3 || v.Config.Resources.Limits["cpu"] != "1" {
						t.Errorf("%s: limits %d, want the 3 distinct", call.tool, len(v.Config.Resources.Limits))
					}
					for k := range v.Config.Resources.Limits {
						if len(k) > 200 {
							t.Errorf("%s: a key of %d bytes in structured content", call.tool, len(k))
						}
					}
				}
			}
		})
	}
}

// TestR36ForkStateWithALongSpicepod: 2,000 shared_state items and a dense spicepod of 1,600
// lines: the items listed as they fit, with room left for the spicepod's first lines and the
// get_app call that shows the next.
func TestR36ForkStateWithALongSpicepod(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	many := make([]any, 2000)
	for i := range many {
		many[i] = map[string]any{"setting": fmt.Sprintf("datasets[%d].params.kafka_consumer_group", i), "value": "orders-cg"}
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r36ForkAnswer(func(f map[string]any) { f["shared_state"] = many }, nil))})
	h.ok(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "spicepod": r35DensePod()})
	res := h.call(t, "fork_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "w2-fraud-fork"})
	out := text(res)
	if res.IsError {
		t.Fatalf("fork_app: %s", out)
	}
	withinBudget(t, "fork_app", res)
	var v struct {
		Cut         string `json:"cut"`
		SharedState []any  `json:"shared_state"`
		Lines       *struct {
			YAML string `json:"yaml"`
		} `json:"spicepod_lines"`
		Shortened map[string]int `json:"shortened"`
	}
	structured(t, res, &v)
	listed := strings.Count(out, "\n- `datasets[")
	if v.Cut != "" || strings.Contains(out, "⚠️ Cut") || v.Lines == nil || !strings.Contains(v.Lines.YAML, "name: orders_000") {
		t.Fatalf("cut (%q) or without spicepod lines:\n%.2000s", v.Cut, out)
	}
	if listed < 10 || len(v.SharedState) != listed || v.Shortened["shared_state"] != 2000 {
		t.Errorf("%d items listed, %d in structured content, shortened %v", listed, len(v.SharedState), v.Shortened["shared_state"])
	}
	mustContain(t, "fork_app", out, fmt.Sprintf("the first %d of 2,000 are listed", listed), "Spice.ai portal",
		"Structured content holds the fork's spicepod by lines (spicepod_lines)", "spicepod_offset")
}
