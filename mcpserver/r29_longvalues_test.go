package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// appAnswers rewrites the emulator's answers to single-app requests (GET and PUT
// /v1/projects/{id}) with edit, and keeps the last body it saw (after edit): what the API holds.
type appAnswers struct {
	mu   sync.Mutex
	last map[string]any
	edit func(app map[string]any)
}

var singleApp = regexp.MustCompile(`/v1/projects/[0-9]+$`)

func (a *appAnswers) modify(r *http.Response) error {
	if !singleApp.MatchString(r.Request.URL.Path) || r.StatusCode != http.StatusOK {
		return nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	var app map[string]any
	if err := json.Unmarshal(raw, &app); err != nil {
		return err
	}
	if a.edit != nil {
		a.edit(app)
	}
	if raw, err = json.Marshal(app); err != nil {
		return err
	}
	a.mu.Lock()
	a.last = app
	a.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(raw))
	r.ContentLength = int64(len(raw))
	r.Header.Set("Content-Length", strconv.Itoa(len(raw)))
	return nil
}

func (a *appAnswers) held() map[string]any {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.last
}

// longView is what these tests read of an app's structured content.
type longView struct {
	Cut     string            `json:"cut"`
	Tags    map[string]string `json:"tags"`
	Warning string            `json:"warning"`
	Config  struct {
		Image     string `json:"image"`
		NodeGroup string `json:"node_group"`
		Resources struct {
			Limits map[string]string `json:"limits"`
		} `json:"resources"`
	} `json:"config"`
	Shortened map[string]int `json:"shortened"`
}

// TestR29UpdateAppEchoesLongValuesShort: update_app quoted a 30,002-character resources
// quantity (one the API accepts) whole, twice in its text and once in structured content, and
// so an image or node group of thousands of characters, where every other echoed value is
// shortened with its length. They are shortened the same way; the API still gets them whole.
func TestR29UpdateAppEchoesLongValuesShort(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	api := &appAnswers{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, api.modify)})
	cpu := "1." + strings.Repeat("0", 30000)
	image := "registry.example/" + strings.Repeat("i", 5000)
	node := strings.Repeat("n", 3000)
	// fraud-scoring is in acme-labs, whose plan takes resources (private compute).
	res := h.call(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "image": image, "node_group": node,
		"resources": map[string]any{"limits": map[string]any{"cpu": cpu, "memory": "8Gi"}}})
	got := text(res)
	if res.IsError {
		t.Fatalf("update_app: %s", got)
	}
	if len(got) > present.ResultBytes/3 || strings.Contains(got, strings.Repeat("0", 500)) || strings.Contains(got, strings.Repeat("i", 500)) ||
		strings.Contains(got, strings.Repeat("n", 500)) {
		t.Errorf("update_app quotes a long value whole (%d bytes):\n%s", len(got), got[:min(len(got), 2000)])
	}
	mustContain(t, "update_app", got, "Resources now (keys not given were kept; null removes a key): limits cpu=1.000",
		"(shortened; 30,002 characters in all), memory=8Gi.", "(shortened; 5,017 characters in all)", "(shortened; 3,000 characters in all)")
	var v longView
	structured(t, res, &v)
	if v.Cut != "" || !strings.HasSuffix(v.Config.Resources.Limits["cpu"], "…") || len(v.Config.Resources.Limits["cpu"]) > 110 ||
		v.Config.Resources.Limits["memory"] != "8Gi" || v.Shortened["config.resources.limits.cpu"] != 30002 ||
		!strings.HasSuffix(v.Config.Image, "…") || v.Shortened["config.image"] != 5017 || v.Shortened["config.node_group"] != 3000 {
		t.Errorf("structured content: cut %q, cpu %d bytes, image %d bytes, shortened %v", v.Cut, len(v.Config.Resources.Limits["cpu"]), len(v.Config.Image), v.Shortened)
	}
	// Nothing the caller sent was altered: the API holds every value whole.
	held := api.held()
	cfg, _ := held["config"].(map[string]any)
	limits, _ := cfg["resources"].(map[string]any)["limits"].(map[string]any)
	if limits["cpu"] != cpu || cfg["image"] != image || cfg["node_group"] != node {
		t.Errorf("the API does not hold the values sent: cpu %d bytes, image %v", len(fmt.Sprint(limits["cpu"])), len(fmt.Sprint(cfg["image"])))
	}
}

// TestR29LongAppWarningIsShortened: an app's warning (the API's text) was shown whole by
// get_app, describe_app and update_app: a 200,000-character one filled the result and cut the
// view. It is shortened like the API's other texts, with its length and that no tool shows more.
func TestR29LongAppWarningIsShortened(t *testing.T) {
	warning := strings.Repeat("configuration could not be applied ", 6000)
	api := &appAnswers{edit: func(app map[string]any) { app["warning"] = warning }}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, api.modify)})
	args := map[string]any{"app": "analytics-app"}
	for _, call := range []struct {
		tool string
		args map[string]any
	}{{"get_app", args}, {"describe_app", args}, {"update_app", map[string]any{"app": "analytics-app", "description": "d"}}} {
		res := h.call(t, call.tool, call.args)
		got := text(res)
		if res.IsError {
			t.Fatalf("%s: %s", call.tool, got)
		}
		if len(got) > present.ResultBytes/2 || strings.Contains(got, "⚠️ Cut") {
			t.Errorf("%s: %d bytes or cut:\n%s", call.tool, len(got), got[max(0, len(got)-1500):])
		}
		mustContain(t, call.tool, got, "⚠️ Warning from the API: configuration could not be applied", // r49: first, was "- Warning: …"
			"(shortened; 210,000 characters in all; no tool shows it whole)", "- Spicepod:")
		var v struct {
			longView
			App *longView `json:"app"`
		}
		structured(t, res, &v)
		w, short := v.Warning, v.Shortened
		if v.App != nil { // describe_app
			w = v.App.Warning
		}
		if v.Cut != "" || !strings.HasSuffix(w, "…") || len(w) > 404 || short["warning"] != len(warning) {
			t.Errorf("%s: structured warning %d bytes, shortened %v, cut %q", call.tool, len(w), short, v.Cut)
		}
	}
}

// TestR29GetAppShowsEveryTagWhole: tags past the view's 1,000-byte list (30 tags of 200
// characters, or one tag whose key alone is 3,000 characters) could be read by no call: every
// view showed the first ones. get_app shows them all whole, in its text and its structured
// content, whenever they fit one result; the other views point to it.
func TestR29GetAppShowsEveryTagWhole(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	many := map[string]any{}
	for i := range 20 { // all fit whole, weighed as the densest text (TestR34bDenseTagsWithinBudget)
		many[fmt.Sprintf("k%03d", i)] = strings.Repeat("v", 200)
	}
	longKey := strings.Repeat("K", 3000)
	for _, tc := range []struct {
		name string
		tags map[string]any
	}{{"20 tags", many}, {"a long key", map[string]any{longKey: "x", "team": "data"}}} {
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": tc.tags})
		res := h.call(t, "get_app", map[string]any{"app": "analytics-app"})
		got := text(res)
		if res.IsError || len(got) > present.ResultBytes || strings.Contains(got, "⚠️ Cut") {
			t.Fatalf("get_app with %s: error or cut (%d bytes):\n%s", tc.name, len(got), got)
		}
		mustContain(t, "get_app with "+tc.name, got, fmt.Sprintf("All %d tags, whole (by key):", len(tc.tags)), "- Spicepod:")
		for k, val := range tc.tags {
			mustContain(t, "get_app with "+tc.name, got+"\n", "\n- "+present.Inline(k+"="+val.(string))+"\n")
		}
		var v longView
		structured(t, res, &v)
		if v.Cut != "" || len(v.Tags) != len(tc.tags) || v.Shortened["tags"] != 0 {
			t.Errorf("get_app with %s: structured tags %d of %d, shortened %v, cut %q", tc.name, len(v.Tags), len(tc.tags), v.Shortened, v.Cut)
		}
		for k, val := range tc.tags {
			if v.Tags[k] != val {
				t.Errorf("get_app with %s: structured tag %.20q is %d bytes", tc.name, k, len(v.Tags[k]))
			}
		}
		// describe_app keeps its short list, and says where the rest is.
		mustContain(t, "describe_app with "+tc.name, h.ok(t, "describe_app", map[string]any{"app": "analytics-app"}), "- Tags (shortened; get_app lists every one that fits, cutting long ones if need be): ")
	}

	// More than one result holds whole: all of them, each value shortened alike (r33: before,
	// the first ones whole and the rest shown by no tool; TestR33CutEveryTagListed).
	for i := range 80 {
		many[fmt.Sprintf("k%03d", i)] = strings.Repeat("v", 200)
	}
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": many})
	res := h.call(t, "get_app", map[string]any{"app": "analytics-app"})
	got := text(res)
	var v longView
	structured(t, res, &v)
	shown := len(v.Tags)
	if res.IsError || len(got) > present.ResultBytes || strings.Contains(got, "⚠️ Cut") || v.Cut != "" || shown != 80 ||
		v.Shortened["tags"] != 80 || !strings.HasSuffix(v.Tags["k079"], "…") {
		t.Fatalf("get_app with 80 tags: %d tags in structured content, shortened %v, cut %q (%d bytes)", shown, v.Shortened, v.Cut, len(got))
	}
	mustContain(t, "get_app with 80 tags", got, "All 80 tags (by key), 80 of them shortened to fit one result (a value to its first ",
		"\n- k079="+v.Tags["k079"], "- Spicepod:")
}
