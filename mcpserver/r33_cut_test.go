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
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR33CutForkWarningInStructuredContent: fork_app's text shortened the API's warning (it has
// no bound) but its structured content carried all 210,000 characters, so the guard replaced
// it with a cut note. Structured content now carries the warning as the text shows it.
func TestR33CutForkWarningInStructuredContent(t *testing.T) {
	warning := strings.Repeat("configuration could not be applied ", 6000)
	forks := regexp.MustCompile(`/v1/projects/[0-9]+/forks$`)
	addWarning := func(r *http.Response) error {
		if r.Request.Method != http.MethodPost || !forks.MatchString(r.Request.URL.Path) || r.StatusCode != http.StatusCreated {
			return nil
		}
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		var fork map[string]any
		if err := json.Unmarshal(raw, &fork); err != nil {
			return err
		}
		fork["warning"] = warning
		if raw, err = json.Marshal(fork); err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		r.ContentLength = int64(len(raw))
		r.Header.Set("Content-Length", strconv.Itoa(len(raw)))
		return nil
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, addWarning)})
	res := h.call(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-warned"})
	got := text(res)
	if res.IsError {
		t.Fatalf("fork_app: %s", got)
	}
	withinBudget(t, "fork_app with a long warning", res)
	const note = "… (shortened; 210,000 characters in all; no tool shows it whole)"
	mustContain(t, "fork_app", got, "Warning from the API: configuration could not be applied", note)
	var v struct {
		Cut     string `json:"cut"`
		Warning string `json:"warning"`
		URL     string `json:"url"`
	}
	structured(t, res, &v)
	if v.Cut != "" || !strings.HasSuffix(v.Warning, note) || len(v.Warning) > 500 || v.URL == "" || !strings.Contains(got, v.Warning) {
		t.Errorf("structured content: cut %q, warning of %d bytes ending %q", v.Cut, len(v.Warning), v.Warning[max(0, len(v.Warning)-80):])
	}
}

// TestR33CutListAppsShortensDescriptionsAndTags: list_apps' structured content carried every
// description and tag whole (the text shows neither), so apps with 30,000-character
// descriptions and hundreds of tags made pages of one app, or a cut note instead of the page.
// Each description is shortened with its length, as a view's text shows one, and the tags to
// those a view's tag line shows; the text names what structured content shortened.
func TestR33CutListAppsShortensDescriptionsAndTags(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	description := strings.Repeat("Long notes on the forecasting pipeline. ", 750) // 30,000 characters
	tags := map[string]any{}
	for i := range 300 {
		tags[fmt.Sprintf("label-%03d", i)] = strings.Repeat("v", 60)
	}
	for i := range 8 {
		h.ok(t, "create_app", map[string]any{"name": fmt.Sprintf("long-%d", i), "description": description, "tags": tags})
	}
	res := h.call(t, "list_apps", nil)
	got := text(res)
	if res.IsError {
		t.Fatalf("list_apps: %s", got)
	}
	withinBudget(t, "list_apps with long descriptions", res)
	var page struct {
		Cut  string `json:"cut"`
		Apps []struct {
			Name        string            `json:"name"`
			Description string            `json:"description"`
			Tags        map[string]string `json:"tags"`
		} `json:"apps"`
		Total int `json:"total"`
	}
	structured(t, res, &page)
	if page.Cut != "" || len(page.Apps) < 6 || page.Total != 10 { // each long app ~1.7 KB of JSON: 7 fit
		t.Fatalf("list_apps: %d of %d apps on the first page, cut %q:\n%s", len(page.Apps), page.Total, page.Cut, got)
	}
	long := 0
	for _, a := range page.Apps {
		if !strings.HasPrefix(a.Name, "long-") {
			continue
		}
		long++
		if !strings.HasSuffix(a.Description, "… (shortened; 30,000 characters in all)") || len(a.Description) > 500 ||
			len(a.Tags) == 0 || len(a.Tags) >= 300 {
			t.Errorf("%s: structured description of %d bytes (%q…), %d tags", a.Name, len(a.Description), a.Description[:min(40, len(a.Description))], len(a.Tags))
		}
		mustContain(t, "list_apps", got, a.Name+"'s description (30,000 characters in all)", fmt.Sprintf("%s's tags (%d of 300 shown)", a.Name, len(a.Tags)))
	}
	if long < 4 {
		t.Errorf("list_apps shows %d of the 8 long apps on its first page", long)
	}
	mustContain(t, "list_apps", got, "Shortened in structured content (get_app shows more of an app's): ")
	// An app of a usual description is listed as it is, and so are forks.
	for _, a := range page.Apps {
		if a.Name == "analytics-app" && (strings.Contains(a.Description, "shortened") || len(a.Tags) == 0) {
			t.Errorf("analytics-app's description %q or tags %v changed", a.Description, a.Tags)
		}
	}
	h.ok(t, "update_app", map[string]any{"app": "long-0", "spicepod": "version: v1\nkind: Spicepod\nname: long-0\n"})
	h.ok(t, "fork_app", map[string]any{"app": "long-0", "name": "long-0-fork"})
	forks := h.call(t, "list_forks", map[string]any{"app": "long-0"})
	var fl struct {
		Forks []struct {
			Description string `json:"description"`
		} `json:"forks"`
	}
	structured(t, forks, &fl)
	if len(fl.Forks) != 1 || len(fl.Forks[0].Description) > 500 {
		t.Errorf("list_forks: %d forks, description %d bytes", len(fl.Forks), len(fl.Forks[0].Description))
	}
	mustContain(t, "list_forks", text(forks), "long-0-fork's description (30,000 characters in all)")
}

// TestR33CutExecutorResources: get_app showed the executor's resources nowhere in its text
// and carried them whole in structured content (a 30,002-character quantity, accepted by the
// API). The text shows them as config.resources, each quantity shortened with its length, and
// structured content shortens them with their length in shortened.
func TestR33CutExecutorResources(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var app struct {
		ID int64 `json:"id"`
	}
	structured(t, h.call(t, "get_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs"}), &app)
	cpu := "1." + strings.Repeat("0", 30000)
	body, _ := json.Marshal(map[string]any{"executor": map[string]any{"replicas": 1,
		"resources": map[string]any{"limits": map[string]any{"cpu": cpu, "memory": "8Gi"}}}})
	req, _ := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/v1/projects/%d", h.api.URL, app.ID), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("X-Org-Name", "acme-labs")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the API refused the executor: %d %s", resp.StatusCode, answer)
	}
	res := h.call(t, "get_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	got := text(res)
	if res.IsError || strings.Contains(got, strings.Repeat("0", 500)) {
		t.Fatalf("get_app: error or the quantity whole (%d bytes):\n%s", len(got), got[:min(len(got), 2000)])
	}
	withinBudget(t, "get_app with a long executor quantity", res)
	mustContain(t, "get_app", got, "- Executor resources: limits cpu=1.000", "(shortened; 30,002 characters in all), memory=8Gi")
	var v struct {
		Cut    string `json:"cut"`
		Config struct {
			Executor struct {
				Resources struct {
					Limits map[string]string `json:"limits"`
				} `json:"resources"`
			} `json:"executor"`
		} `json:"config"`
		Shortened map[string]int `json:"shortened"`
	}
	structured(t, res, &v)
	limits := v.Config.Executor.Resources.Limits
	if v.Cut != "" || !strings.HasSuffix(limits["cpu"], "…") || len(limits["cpu"]) > 110 || limits["memory"] != "8Gi" ||
		v.Shortened["config.executor.resources.limits.cpu"] != 30002 {
		t.Errorf("structured content: cut %q, cpu %d bytes, memory %q, shortened %v", v.Cut, len(limits["cpu"]), limits["memory"], v.Shortened)
	}
}

// TestR33CutEveryTagListed: get_app listed tags whole, and past about 37 tags of 256
// characters said the rest fit no result and no tool showed them. Every tag is listed now:
// whole when all fit, else each value cut to the longest length with which all fit, saying how
// many were shortened; structured content holds the same tags, and shortened their number.
func TestR33CutEveryTagListed(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	tags := map[string]any{}
	for i := range 150 {
		tags[fmt.Sprintf("k%03d", i)] = fmt.Sprintf("%03d", i) + strings.Repeat("v", 253)
	}
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": tags})
	res := h.call(t, "get_app", map[string]any{"app": "analytics-app"})
	got := text(res)
	if res.IsError || strings.Contains(got, "⚠️ Cut") {
		t.Fatalf("get_app: error or cut:\n%s", got)
	}
	withinBudget(t, "get_app with 150 tags of 256 characters", res)
	heading := regexp.MustCompile(`All 150 tags \(by key\), 150 of them shortened to fit one result \(a value to its first ([0-9]+) bytes; ending in …\); no tool shows more of them:`)
	m := heading.FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("get_app does not say how its tags are shortened:\n%s", got)
	}
	limit, _ := strconv.Atoi(m[1])
	if limit < 16 || limit >= 256 {
		t.Errorf("values cut to %d characters", limit)
	}
	mustContain(t, "get_app", got, "- Spicepod:")
	var v struct {
		Cut       string            `json:"cut"`
		Tags      map[string]string `json:"tags"`
		Shortened map[string]int    `json:"shortened"`
	}
	structured(t, res, &v)
	if v.Cut != "" || len(v.Tags) != 150 || v.Shortened["tags"] != 150 {
		t.Fatalf("structured content: %d tags, shortened[tags] %d, cut %q", len(v.Tags), v.Shortened["tags"], v.Cut)
	}
	for k, val := range tags {
		shown := val.(string)[:limit] + "…"
		mustContain(t, "get_app", got+"\n", "\n- "+k+"="+shown+"\n")
		if v.Tags[k] != shown {
			t.Errorf("structured tag %s: %q", k, v.Tags[k])
		}
	}
}
