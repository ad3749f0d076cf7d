package mcpserver_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r71Words11Text is one text a client receives from a prompt or a resource, and where.
type r71Words11Text struct{ where, text string }

// r71Words11Example is an example value of each prompt argument.
var r71Words11Example = map[string]string{"app": "analytics-app", "name": "my-new-app", "region": "us-east-1",
	"org": "acme-labs", "deployment_id": "1002", "spicepod": "version: v1\nkind: Spicepod\nname: my-new-app"}

// r71Words11Texts are the texts clients receive from prompts/list, prompts/get (with the example
// arguments, then the required ones only), resources/list, resources/templates/list and
// resources/read, for each confirmation mode, with API keys masked or not, and with the fix
// tools hidden (the prompts then word their steps otherwise).
func r71Words11Texts(t *testing.T) []r71Words11Text {
	t.Helper()
	var out []r71Words11Text
	add := func(where, text string) { out = append(out, r71Words11Text{where, text}) }
	ctx := context.Background()
	for _, v := range []struct {
		name    string
		safety  tools.Safety
		policy  tools.Policy
		sandbox bool
	}{
		{"human", tools.Safety{}, tools.Policy{}, false},
		{"agent", tools.Safety{Confirm: tools.ConfirmAgent}, tools.Policy{}, false},
		{"off, masked keys", tools.Safety{NoConfirm: true, MaskAPIKeys: true}, tools.Policy{}, false},
		{"masked keys, --sandbox", tools.Safety{MaskAPIKeys: true}, tools.Policy{}, true},
		{"fix tools hidden", tools.Safety{}, tools.Policy{ExcludeTools: []string{"update_app", "create_deployment", "set_secret", "resume_app", "wait_for_deployment", "list_container_images"}}, false},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: v.safety, policy: v.policy, sandboxNote: v.sandbox})
		pl, err := h.mcp.ListPrompts(ctx, mcp.ListPromptsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pl.Prompts {
			add(v.name+": prompts/list "+p.Name, p.Description)
			for _, a := range p.Arguments {
				add(v.name+": prompts/list "+p.Name+"."+a.Name, a.Description)
			}
			for _, all := range []bool{true, false} {
				var req mcp.GetPromptRequest
				req.Params.Name, req.Params.Arguments = p.Name, map[string]string{}
				for _, a := range p.Arguments {
					if all || a.Required {
						req.Params.Arguments[a.Name] = r71Words11Example[a.Name]
					}
				}
				res, err := h.mcp.GetPrompt(ctx, req)
				if err != nil {
					t.Fatalf("%s: prompts/get %s %v: %v", v.name, p.Name, req.Params.Arguments, err)
				}
				add(v.name+": prompts/get "+p.Name, res.Description)
				for _, m := range res.Messages {
					add(v.name+": prompts/get "+p.Name, m.Content.(mcp.TextContent).Text)
				}
			}
		}
		rl, err := h.mcp.ListResources(ctx, mcp.ListResourcesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		uris := []string{}
		for _, r := range rl.Resources {
			add(v.name+": resources/list "+r.URI, r.Description)
			uris = append(uris, r.URI)
		}
		tl, err := h.mcp.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range tl.ResourceTemplates {
			add(v.name+": resources/templates/list "+r.URITemplate.Raw(), r.Description)
			uris = append(uris, strings.NewReplacer("{org}", "sandbox", "{app}", "analytics-app").Replace(r.URITemplate.Raw()))
		}
		for _, u := range uris {
			var req mcp.ReadResourceRequest
			req.Params.URI = u
			res, err := h.mcp.ReadResource(ctx, req)
			if err != nil {
				t.Fatalf("%s: resources/read %s: %v", v.name, u, err)
			}
			for _, c := range res.Contents {
				add(v.name+": resources/read "+u, c.(mcp.TextResourceContents).Text)
			}
		}
	}
	return out
}

// TestR71Words11PromptAndResourceSentencesRunAtMost35Words: the presentation rules every prompt
// ends with ran as one sentence of 70 words, deploy_app's credential sentence 49. Every sentence
// of every prompt's and resource's text, as clients receive it, runs at most 35 words (the rule
// TestR71Words10SentencesAgentsReadRunAtMost35Words holds the instructions and tools to).
func TestR71Words11PromptAndResourceSentencesRunAtMost35Words(t *testing.T) {
	texts := r71Words11Texts(t)
	if len(texts) < 100 {
		t.Fatalf("read %d texts, want the prompts' and resources' hundred and more", len(texts))
	}
	for _, tx := range texts {
		for _, s := range testutil.Sentences(tx.text) {
			if n := len(strings.Fields(s)); n > testutil.MaxSentenceWords {
				t.Errorf("%s: a sentence of %d words, more than %d:\n%s", tx.where, n, testutil.MaxSentenceWords, s)
			}
		}
	}
}

var (
	// r71Words11Snake is a name in snake_case: a tool's, an argument's or an API word.
	r71Words11Snake = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b`)
	// r71Words11ArgList is a tool named with its arguments in brackets: "create_and_deploy_app (name, region, …)".
	r71Words11ArgList = regexp.MustCompile(`\b([a-z]+(?:_[a-z]+)+) \(([a-z_]+(?: [a-z]+)?(?:, [a-z_]+(?: [a-z]+)?)+)\)`)
	// r71Words11ArgWith is a tool called with an argument's value: `rotate_api_keys with step "start"`.
	r71Words11ArgWith = regexp.MustCompile(`\b([a-z]+(?:_[a-z]+)+) with ([a-z_]+) "`)
	// r71Words11CallJSON is a call written out: `get_deployment {"app":…}`.
	r71Words11CallJSON = regexp.MustCompile("`([a-z]+(?:_[a-z]+)+) (\\{[^`]*\\})`")
	// r71Words11Region is a region code written into a text.
	r71Words11Region = regexp.MustCompile(`\b[a-z]{2}-[a-z]+-\d\b`)
)

// TestR71Words11PromptsAndResourcesNameWhatExists: every snake_case name a prompt or a resource
// mentions is a tool of the catalog, an argument of one, or a word of the API's specification
// (a status, an error code, a field); every argument it names for a tool (in brackets after it,
// "with step \"start\"", a call written out) is that tool's; every region code it writes is one
// the specification lists. deploy_app's region argument hard-coded "us-east-1 or us-west-2".
func TestR71Words11PromptsAndResourcesNameWhatExists(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	args := map[string]map[string]bool{}
	known := map[string]bool{}
	listed, err := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}}).mcp.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range listed.Tools {
		args[tool.Name] = map[string]bool{}
		known[tool.Name] = true
		for name := range tool.InputSchema.Properties {
			args[tool.Name][name] = true
			known[name] = true
		}
	}
	spec := string(api.Spec)
	texts := r71Words11Texts(t)
	checked := 0
	for _, tx := range texts {
		// A fenced block is data the prompt quotes (the spicepod given, an app's), not its words.
		for _, w := range r71Words11Snake.FindAllString(testutil.WithoutFencedBlocks(tx.text), -1) {
			if !known[w] && !strings.Contains(spec, `"`+w+`"`) {
				t.Errorf("%s: %q is no tool, no tool's argument and no word of the API's specification", tx.where, w)
			}
		}
		for _, m := range r71Words11ArgList.FindAllStringSubmatch(tx.text, -1) {
			if args[m[1]] == nil {
				continue // brackets after an API word, not a tool
			}
			for _, a := range strings.Split(m[2], ", ") {
				checked++
				if a = strings.Fields(a)[0]; !args[m[1]][a] {
					t.Errorf("%s: %s takes no argument %q", tx.where, m[1], a)
				}
			}
		}
		for _, m := range r71Words11ArgWith.FindAllStringSubmatch(tx.text, -1) {
			checked++
			if !args[m[1]][m[2]] {
				t.Errorf("%s: %s takes no argument %q", tx.where, m[1], m[2])
			}
		}
		for _, m := range r71Words11CallJSON.FindAllStringSubmatch(tx.text, -1) {
			var call map[string]any
			if err := json.Unmarshal([]byte(m[2]), &call); err != nil {
				t.Errorf("%s: %s's call is not JSON: %s", tx.where, m[1], m[2])
			}
			for a := range call {
				checked++
				if !args[m[1]][a] {
					t.Errorf("%s: %s takes no argument %q", tx.where, m[1], a)
				}
			}
		}
		if strings.Contains(tx.where, "prompts/list") {
			for _, r := range r71Words11Region.FindAllString(tx.text, -1) {
				t.Errorf("%s: region %s hard-coded in a prompt's description (list_regions gives them)", tx.where, r)
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked %d arguments named beside their tools, want their tens", checked)
	}
}
