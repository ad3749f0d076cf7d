// Package gendocs writes the parts of the repository's documents that restate the tool catalogue
// (package tools) and the prompts (package prompts), so each fact is typed once, in Go:
//
//   - README.md: the tool tables between the "BEGIN GENERATED: tools" and "END GENERATED: tools"
//     markers (name, toolset, description, annotation hints), and the table of operations between
//     the "operations" markers (every operation of api/openapi.json, the tools calling it, or
//     tools.NotOffered's reason).
//   - manifest.json (MCP Bundle): the "tools" array (name and description, catalogue order), the
//     "prompts" array (name, description, argument names; each prompt's "text" is kept from the
//     file, as the prompts package has none) and user_config.toolsets.description.
//   - server.json (MCP Registry): the description of every package's --toolsets argument.
//
// Only those values change: the JSON files are spliced, not re-encoded, so other keys, their
// order and the files' layout stay as written. Regenerate with
//
//	go generate ./internal/gendocs
//
// and a test fails while a checked-in file differs from what would be generated.
package gendocs

//go:generate go run ./gen-docs -root ../..

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Command regenerates the files; error messages and the README markers name it.
const Command = "go generate ./internal/gendocs"

// File is one generated file: its path relative to the repository root (slash-separated) and
// its content as generated.
type File struct {
	Path    string
	Content []byte
}

// Generate reads the generated files under root and returns them as they should be.
func Generate(root string) ([]File, error) {
	defs, err := promptDefs()
	if err != nil {
		return nil, err
	}
	all := tools.All()
	steps := []struct {
		path string
		gen  func([]byte) ([]byte, error)
	}{
		{"README.md", func(b []byte) ([]byte, error) { return readme(b, all) }},
		{"manifest.json", func(b []byte) ([]byte, error) { return manifest(b, all, defs) }},
		{"server.json", serverJSON},
	}
	files := make([]File, 0, len(steps))
	for _, s := range steps {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(s.path)))
		if err != nil {
			return nil, err
		}
		out, err := s.gen(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.path, err)
		}
		files = append(files, File{Path: s.path, Content: out})
	}
	return files, nil
}

// Write regenerates the files under root and returns the paths of those it changed.
func Write(root string) ([]string, error) {
	files, err := Generate(root)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, f := range files {
		name := filepath.Join(root, filepath.FromSlash(f.Path))
		info, err := os.Stat(name)
		if err != nil {
			return changed, err
		}
		old, err := os.ReadFile(name)
		if err != nil {
			return changed, err
		}
		if bytes.Equal(old, f.Content) {
			continue
		}
		if err := os.WriteFile(name, f.Content, info.Mode().Perm()); err != nil {
			return changed, err
		}
		changed = append(changed, f.Path)
	}
	return changed, nil
}
