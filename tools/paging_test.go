package tools

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

func TestCutTextStaysWithinTheBudgetAndSaysSo(t *testing.T) {
	long := "Result head\n\n```yaml\n" + strings.Repeat("datasets: ünïcode — 数据 line\n", 2000) + "```\nTail"
	for _, reserve := range []int{0, 100} {
		text, _ := bound("get_app", long, &Result{}, reserve)
		if len(text) > present.ResultBytes-reserve || !utf8.ValidString(text) {
			t.Fatalf("reserve %d: %d bytes, valid UTF-8 %v", reserve, len(text), utf8.ValidString(text))
		}
		if !strings.Contains(text, "⚠️ Cut: this get_app result is") || !strings.HasPrefix(text, "Result head") {
			t.Errorf("no cut notice:\n%s", text[len(text)-400:])
		}
		head, _, _ := strings.Cut(text, "\n\n⚠️ Cut")
		if openFence(head) != "" || !strings.HasSuffix(head, "line\n```") {
			t.Errorf("the cut leaves a code block open or a line half cut: …%s", head[len(head)-80:])
		}
	}
	if text, _ := bound("get_app", "short", &Result{}, 0); text != "short" {
		t.Errorf("a short result changed: %q", text)
	}
}

func TestBoundReplacesStructuredContentOverTheBudget(t *testing.T) {
	big := map[string]string{"message": strings.Repeat("x", present.ResultBytes)}
	_, raw := bound("get_deployment", "text", &Result{Structured: big}, 0)
	var out map[string]string
	if err := json.Unmarshal(raw, &out); err != nil || !strings.Contains(out["cut"], "left out") || len(out) != 1 {
		t.Errorf("structured content over the budget: %s", raw)
	}
	_, raw = bound("get_deployment", "text", &Result{Structured: map[string]int{"id": 7}}, 0)
	if string(raw) != `{"id":7}` {
		t.Errorf("small structured content changed: %s", raw)
	}
}

// TestCutFormMatchesEveryOutputSchema: the cut form bound puts in place of structured content
// over the budget validates against every tool's outputSchema (JSON Schema 2020-12), and so
// does an empty object only where the result type requires nothing.
func TestCutFormMatchesEveryOutputSchema(t *testing.T) {
	big := map[string]string{"message": strings.Repeat("x", present.ResultBytes)}
	for _, tool := range All() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(tool.OutputSchema()))
		if err != nil {
			t.Fatalf("%s: %v", tool.Name, err)
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if err := c.AddResource("mem://out.json", doc); err != nil {
			t.Fatal(err)
		}
		schema, err := c.Compile("mem://out.json")
		if err != nil {
			t.Fatalf("%s: %v", tool.Name, err)
		}
		var root map[string]json.RawMessage
		if err := json.Unmarshal(tool.OutputSchema(), &root); err != nil || string(root["type"]) != `"object"` || root["required"] != nil {
			t.Errorf("%s: the root of the outputSchema is not an object schema with the required fields in anyOf (%v)", tool.Name, err)
		}
		_, raw := bound(tool.Name, "text", &Result{Structured: big}, 0)
		for _, form := range []string{string(raw), `{}`, `{"cut":1}`} {
			value, err := jsonschema.UnmarshalJSON(strings.NewReader(form))
			if err != nil {
				t.Fatal(err)
			}
			err = schema.Validate(value)
			want := form == string(raw) || form == `{}` && root["anyOf"] == nil // {} only where nothing is required
			if (err == nil) != want {
				t.Errorf("%s: %.60s validates: %v, want %v (%v)", tool.Name, form, err == nil, want, err)
			}
		}
	}
}

func TestPagesShrinkToTheBudget(t *testing.T) {
	items := make([]string, 500)
	for i := range items {
		items[i] = strings.Repeat("y", 400)
	}
	renders := 0
	res := pageOf(items, 10, func(page []string, p present.Page) *Result {
		renders++
		return &Result{Text: strings.Join(page, "\n"), Structured: map[string]any{"items": page, "next_offset": p.Next}}
	})
	var out struct {
		Items []string `json:"items"`
		Next  int      `json:"next_offset"`
	}
	if err := json.Unmarshal(res.structuredJSON, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Items) == 0 || len(out.Items) >= pageSize || len(res.structuredJSON) > present.ResultBytes || out.Next != 10+len(out.Items) {
		t.Errorf("page of %d items (%d bytes), next %d", len(out.Items), len(res.structuredJSON), out.Next)
	}
	if renders > 3 {
		t.Errorf("%d renders to fit a page", renders)
	}
	// An offset past the end is an empty last page.
	res = pageOf(items, 900, func(page []string, p present.Page) *Result {
		return &Result{Text: present.PageNote("list_x", "items", p)}
	})
	if res.Text != "No items at offset 900." {
		t.Errorf("past the end: %q", res.Text)
	}
}

func TestKeyViewsPutTheWarningFirst(t *testing.T) {
	for _, v := range []any{
		keysView{Warning: present.KeyWarning, APIKeys: client.APIKeys{APIKey: "k1"}},
		regeneratedView{Warning: present.KeyWarning, RegeneratedAPIKeys: client.RegeneratedAPIKeys{APIKeys: client.APIKeys{APIKey: "k1"}}},
		rotation{Warning: present.KeyWarning, RegeneratedAPIKeys: client.RegeneratedAPIKeys{APIKeys: client.APIKeys{APIKey: "k1"}}},
	} {
		raw, _ := json.Marshal(v)
		if !strings.HasPrefix(string(raw), `{"warning":"⚠️`) || !strings.Contains(string(raw), `"api_key":"k1"`) {
			t.Errorf("%T: %s", v, raw)
		}
	}
}
