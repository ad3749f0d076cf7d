package gendocs

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
)

// r69Claims6Text is one text an agent or a user reads outside README, and where it comes from.
type r69Claims6Text struct{ source, text string }

// r69Claims6Texts are the texts the agent reads (the server's instructions in every --confirm
// mode, as a local and an HTTP caller reads them; tools/list's descriptions of tools, parameters
// and results, read from the golden TestToolsListGolden holds to the catalogue; every prompt's
// description, arguments and rendered text in every mode) and the user reads in manifest.json
// (the bundle's descriptions, its options', its prompts' texts). The resources' descriptions are
// held apart (TestR69Claims6ResourceDescriptionsPromiseNothing, in mcpserver).
func r69Claims6Texts(t *testing.T) []r69Claims6Text {
	t.Helper()
	var out []r69Claims6Text
	add := func(source, text string) { out = append(out, r69Claims6Text{source, text}) }
	for _, mode := range []string{"human", "agent", "off"} {
		for _, local := range []bool{false, true} {
			in := present.InstructionsFor(mode, nil, local)
			add("instructions", in)
			add("instructions", present.InstructionsToHTTPCaller(in))
		}
	}
	var list any
	if err := json.Unmarshal(readRepoFile(t, "mcpserver/testdata/tools.golden.json"), &list); err != nil {
		t.Fatal(err)
	}
	r69Claims6Descriptions(list, func(s string) { add("tools/list", s) })
	for _, name := range prompts.Names() {
		def, _ := prompts.Lookup(name)
		add("prompt "+name, def.Description)
		for _, a := range def.Arguments {
			add("prompt "+name, a.Description)
		}
	}
	for _, mode := range []string{"human", "agent", "off"} {
		for _, masked := range []bool{false, true} {
			for _, sandbox := range []bool{false, true} {
				for _, p := range r69Claims6Prompts(t, mode, masked, sandbox) {
					add("prompt", p)
				}
			}
		}
	}
	for _, method := range []string{"resources/list", "resources/templates/list"} {
		var list any
		r69Claims6Call(t, r69Claims6Server(), method, nil, &list)
		n := len(out)
		r69Claims6Descriptions(list, func(s string) { add("resources", s) })
		if len(out)-n < 3 {
			t.Fatalf("%s gave %d descriptions: the server listed none", method, len(out)-n)
		}
	}
	var manifest struct {
		Description     string `json:"description"`
		LongDescription string `json:"long_description"`
		UserConfig      map[string]struct {
			Description string `json:"description"`
		} `json:"user_config"`
		Tools []struct {
			Description string `json:"description"`
		} `json:"tools"`
		Prompts []struct {
			Description, Text string
		} `json:"prompts"`
	}
	if err := json.Unmarshal(readRepoFile(t, "manifest.json"), &manifest); err != nil {
		t.Fatal(err)
	}
	add("manifest.json", manifest.Description)
	add("manifest.json", manifest.LongDescription)
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range manifest.UserConfig {
			if !yield(k) {
				return
			}
		}
	}) {
		add("manifest.json", manifest.UserConfig[k].Description)
	}
	for _, tool := range manifest.Tools {
		add("manifest.json", tool.Description)
	}
	for _, p := range manifest.Prompts {
		add("manifest.json", p.Description)
		add("manifest.json", p.Text)
	}
	return out
}

// r69Claims6Descriptions calls add with every "description" string in v, a decoded JSON value.
func r69Claims6Descriptions(v any, add func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range v {
				if !yield(k) {
					return
				}
			}
		}) {
			if s, ok := v[k].(string); ok && k == "description" {
				add(s)
			} else {
				r69Claims6Descriptions(v[k], add)
			}
		}
	case []any:
		for _, e := range v {
			r69Claims6Descriptions(e, add)
		}
	}
}

// r69Claims6Prompts renders every prompt as prompts/get answers it, in --confirm=mode, with
// its arguments given (an app's name, a deployment, a region, a spicepod) and left out.
func r69Claims6Prompts(t *testing.T, mode string, masked, sandbox bool) []string {
	t.Helper()
	s := server.NewMCPServer("claims6", "0")
	prompts.Register(s, mode, masked, sandbox)
	var out []string
	for _, name := range prompts.Names() {
		def, _ := prompts.Lookup(name)
		for _, all := range []bool{false, true} {
			args := map[string]string{}
			for _, a := range def.Arguments {
				if !a.Required && !all {
					continue
				}
				args[a.Name] = map[string]string{"name": "sales", "app": "sales", "region": "us-east-1", "deployment_id": "7",
					"org": "acme", "spicepod": "version: v1\nkind: Spicepod\nname: sales\n"}[a.Name]
			}
			req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "prompts/get", "params": map[string]any{"name": name, "arguments": args}})
			raw, _ := json.Marshal(s.HandleMessage(context.Background(), req))
			var res struct {
				Result struct {
					Messages []struct {
						Content struct{ Text string }
					}
				}
			}
			if err := json.Unmarshal(raw, &res); err != nil || len(res.Result.Messages) == 0 {
				t.Fatalf("prompts/get %s %v: %s", name, args, raw)
			}
			for _, m := range res.Result.Messages {
				out = append(out, m.Content.Text)
			}
		}
	}
	return out
}

// r69Claims6Sentences are the texts' sentences holding an absolute word (README's splitter,
// r64ClaimsSentences, each text a paragraph of its own), each once, with the sources saying it.
func r69Claims6Sentences(texts []r69Claims6Text) (sentences []string, sources map[string][]string) {
	sources = map[string][]string{}
	for _, x := range texts {
		for _, s := range r64ClaimsSentences(x.text + "\n") {
			if _, ok := sources[s]; !ok {
				sentences = append(sentences, s)
			}
			if !slices.Contains(sources[s], x.source) {
				sources[s] = append(sources[s], x.source)
			}
		}
	}
	return sentences, sources
}

// TestR69Claims6AgentTextClaimsHeld: every sentence an agent or a user reads outside README
// (r69Claims6Texts) that holds an absolute word is held as README's are (TestR64ClaimsEveryClaimHeld):
// testdata/claims_agent.tsv names, for a phrase of it, tests go test ./... runs, or says why it
// promises nothing of the product's. A new or reworded sentence fails here with the line to add;
// so does a row whose phrase no text says any more, or whose tests are gone.
func TestR69Claims6AgentTextClaimsHeld(t *testing.T) {
	texts := r69Claims6Texts(t)
	var all []string
	for _, x := range texts {
		all = append(all, x.text)
	}
	flat := strings.Join(strings.Fields(strings.Join(all, "\n\n")), " ")
	const table = "internal/gendocs/testdata/claims_agent.tsv"
	rows := r64ClaimsTableOf(t, table)
	runs, skipped := r68Claims5GoTestRuns(t)
	for _, e := range r68Claims5RowErrors(rows, flat, definedTests(t), runs, skipped) {
		// The row checks are README's; here the phrase is the agent's texts'.
		e = strings.Replace(strings.Replace(e, "claims.tsv:", "claims_agent.tsv:", 1), "README no longer says", "no agent text says", 1)
		t.Error(e)
	}
	sentences, sources := r69Claims6Sentences(texts)
	if len(sentences) < 25 {
		t.Fatalf("the agent's texts have %d sentences with an absolute word; the split lost them", len(sentences))
	}
	used := make([]bool, len(rows))
	unheld := 0
	for _, s := range sentences {
		held := false
		for i := range rows {
			if strings.Contains(s, rows[i].key) {
				held, used[i] = true, true
			}
		}
		if !held {
			unheld++
			t.Errorf("a claim of %s no test holds: add to %s the line\n\t%s\t<the tests that hold it>\nfor the sentence\n\t%s",
				strings.Join(sources[s], ", "), table, r64ClaimsKey(flat, s), s)
		}
	}
	for i, r := range rows {
		if !used[i] && strings.Contains(flat, r.key) {
			t.Errorf("claims_agent.tsv:%d: %q is in no sentence with an absolute word any more: remove the row", r.line, r.key)
		}
	}
	t.Logf("%d sentences with an absolute word in the agent's texts, %d table rows, %d unheld", len(sentences), len(rows), unheld)
}

// r69Claims6Server is the server as the binary builds it, with no credentials: it lists every
// resource (nothing is known to hide), which is all the resources' test reads.
func r69Claims6Server() *server.MCPServer {
	return mcpserver.New(mcpserver.Options{Version: "claims6", Client: func(context.Context) (*client.Client, error) {
		return nil, errors.New("no credentials")
	}})
}

// r69Claims6Call sends one request to s in process and decodes its result into out.
func r69Claims6Call(t *testing.T, s *server.MCPServer, method string, params, out any) {
	t.Helper()
	req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	raw, _ := json.Marshal(s.HandleMessage(context.Background(), req))
	var res struct{ Result json.RawMessage }
	if err := json.Unmarshal(raw, &res); err != nil || len(res.Result) == 0 || json.Unmarshal(res.Result, out) != nil {
		t.Fatalf("%s %v: %s", method, params, raw)
	}
}

// TestR69Claims6McpGoNeitherVendoredNorPatched: README's Performance note says of mcp-go "Nothing
// here vendors or patches it" (claims.tsv mapped it as no promise): go.mod requires a released
// version (no pseudo-version of a fork's commit), replaces no module, the repository has no
// vendor directory, and go.sum holds the released module's hash.
func TestR69Claims6McpGoNeitherVendoredNorPatched(t *testing.T) {
	mod := string(readRepoFile(t, "go.mod"))
	version := regexp.MustCompile(`(?m)^\s*github\.com/mark3labs/mcp-go (v\S+)`).FindStringSubmatch(mod)
	if version == nil || !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(version[1]) {
		t.Fatalf("go.mod requires mcp-go at %q, want a released version", version)
	}
	if regexp.MustCompile(`(?m)^\s*replace\b`).MatchString(mod) {
		t.Error("go.mod replaces a module")
	}
	if _, err := os.Stat(filepath.Join(root, "vendor")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("vendor/: %v, want none", err)
	}
	if sum := string(readRepoFile(t, "go.sum")); !strings.Contains(sum, "github.com/mark3labs/mcp-go "+version[1]+" h1:") {
		t.Errorf("go.sum holds no hash of mcp-go %s", version[1])
	}
}

// r69Claims6APISentences are api/README.md's sentences holding an absolute word, but §10's (each
// row of which TestR64Spec6EveryAssumedRowIsHeld holds).
func r69Claims6APISentences(src string) []string {
	var out []string
	for _, part := range strings.Split(src, "\n## ") {
		if !strings.HasPrefix(part, "10.") {
			out = append(out, r64ClaimsSentences("\n"+part)...)
		}
	}
	return out
}

// TestR69Claims6APIReferenceClaimsHeld: every absolute sentence of api/README.md outside §10 (the
// reference client and emulator follow) is held as README's are: by a test it cites after its
// claim, or a row of testdata/claims_api.tsv naming tests, or saying why it promises nothing of
// the client's or the emulator's ("- unheld: …" rows list the claims no test holds yet). A new
// or reworded sentence fails here with the line to add.
func TestR69Claims6APIReferenceClaimsHeld(t *testing.T) {
	src := string(readRepoFile(t, "api/README.md"))
	flat := strings.Join(strings.Fields(src), " ")
	const table = "internal/gendocs/testdata/claims_api.tsv"
	rows := r64ClaimsTableOf(t, table)
	runs, skipped := r68Claims5GoTestRuns(t)
	for _, e := range r68Claims5RowErrors(rows, flat, definedTests(t), runs, skipped) {
		t.Error(strings.Replace(strings.Replace(e, "claims.tsv:", "claims_api.tsv:", 1), "README no longer says", "api/README.md no longer says", 1))
	}
	sentences := r69Claims6APISentences(src)
	if len(sentences) < 50 {
		t.Fatalf("api/README.md has %d sentences with an absolute word; the split lost them", len(sentences))
	}
	used := make([]bool, len(rows))
	unheld := 0
	for _, s := range sentences {
		held := r68Claims5HeldByCite(s, runs)
		for i := range rows {
			if strings.Contains(s, rows[i].key) {
				held, used[i] = true, true
				if strings.HasPrefix(rows[i].reason, "unheld") {
					unheld++
				}
			}
		}
		if !held {
			t.Errorf("a claim of api/README.md no test holds: cite the test there, or add to %s the line\n\t%s\t<the tests that hold it>\nfor the sentence\n\t%s", table, r64ClaimsKey(flat, s), s)
		}
	}
	for i, r := range rows {
		if !used[i] && strings.Contains(flat, r.key) {
			t.Errorf("claims_api.tsv:%d: %q is in no sentence with an absolute word any more: remove the row", r.line, r.key)
		}
	}
	t.Logf("%d api/README.md sentences with an absolute word (§10 aside), %d table rows, %d listed as unheld", len(sentences), len(rows), unheld)
}
