package gendocs

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Sentences that name the toolsets; the list itself comes from tools.Toolsets.
const (
	manifestToolsetsText = "Comma-separated subset of %s. All by default; an empty list is refused."
	serverToolsetsText   = "Comma-separated subset of %s (default all)"
)

// manifest rewrites manifest.json's tools, prompts and the toolsets option's description.
func manifest(src []byte, all []tools.Tool, defs []mcp.Prompt) ([]byte, error) {
	// A prompt's text (what Claude Desktop sends, with ${arguments.x} placeholders) has no
	// source in the prompts package, which renders its text in Go: keep the file's, by name.
	var current struct {
		Prompts []struct {
			Name string `json:"name"`
			Text string `json:"text"`
		} `json:"prompts"`
	}
	if err := json.Unmarshal(src, &current); err != nil {
		return nil, err
	}
	texts := map[string]string{}
	for _, p := range current.Prompts {
		texts[p.Name] = p.Text
	}
	for _, p := range defs {
		if texts[p.Name] == "" {
			return nil, fmt.Errorf(`prompt %s has no "text" in manifest.json (the MCP Bundle requires one and the prompts package has none to give): `+
				`add {"name": %q, "text": "..."} to its prompts array by hand, using ${arguments.NAME} for arguments, then run %s again`, p.Name, p.Name, Command)
		}
	}

	out, err := splice(src, jsonPath{"tools"}, func(indent string) string {
		var b strings.Builder
		b.WriteString("[\n")
		for i, t := range all {
			fmt.Fprintf(&b, "%s  { \"name\": %s, \"description\": %s }%s\n", indent, jsonString(t.Name), jsonString(t.Description), comma(i, len(all)))
		}
		b.WriteString(indent + "]")
		return b.String()
	})
	if err != nil {
		return nil, fmt.Errorf("tools: %w", err)
	}

	out, err = splice(out, jsonPath{"prompts"}, func(indent string) string {
		var b strings.Builder
		b.WriteString("[\n")
		for i, p := range defs {
			fields := []string{"\"name\": " + jsonString(p.Name)}
			if p.Description != "" {
				fields = append(fields, "\"description\": "+jsonString(p.Description))
			}
			if len(p.Arguments) > 0 {
				args := make([]string, len(p.Arguments))
				for k, a := range p.Arguments {
					args[k] = a.Name
				}
				fields = append(fields, "\"arguments\": "+jsonStrings(args))
			}
			fields = append(fields, "\"text\": "+jsonString(texts[p.Name]))
			in := indent + "    "
			fmt.Fprintf(&b, "%s  {\n%s%s\n%s  }%s\n", indent, in, strings.Join(fields, ",\n"+in), indent, comma(i, len(defs)))
		}
		b.WriteString(indent + "]")
		return b.String()
	})
	if err != nil {
		return nil, fmt.Errorf("prompts: %w", err)
	}

	out, err = splice(out, jsonPath{"user_config", "toolsets", "description"}, func(string) string {
		return jsonString(fmt.Sprintf(manifestToolsetsText, strings.Join(tools.Toolsets, ", ")))
	})
	if err != nil {
		return nil, fmt.Errorf("user_config: %w", err)
	}
	// The default names every toolset: the host substitutes it into --toolsets=…, and an empty
	// --toolsets is refused at start-up (it used to mean all), so "" kept the bundle from starting.
	out, err = splice(out, jsonPath{"user_config", "toolsets", "default"}, func(string) string {
		return jsonString(strings.Join(tools.Toolsets, ","))
	})
	if err != nil {
		return nil, fmt.Errorf("user_config: %w", err)
	}
	return out, nil
}

// serverJSON rewrites the description of every package's --toolsets argument.
func serverJSON(src []byte) ([]byte, error) {
	doc, err := decodeAny(src)
	if err != nil {
		return nil, err
	}
	var paths []jsonPath
	root, _ := doc.(map[string]any)
	pkgs, _ := root["packages"].([]any)
	for i, p := range pkgs {
		pkg, _ := p.(map[string]any)
		for _, key := range []string{"packageArguments", "runtimeArguments"} {
			args, _ := pkg[key].([]any)
			for j, a := range args {
				if arg, _ := a.(map[string]any); arg["name"] == "--toolsets" {
					paths = append(paths, jsonPath{"packages", i, key, j, "description"})
				}
			}
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no package argument named --toolsets (packages[].packageArguments or runtimeArguments)")
	}
	text := jsonString(fmt.Sprintf(serverToolsetsText, strings.Join(tools.Toolsets, ", ")))
	for _, path := range paths {
		if src, err = splice(src, path, func(string) string { return text }); err != nil {
			return nil, err
		}
	}
	return src, nil
}

func comma(i, n int) string {
	if i < n-1 {
		return ","
	}
	return ""
}
