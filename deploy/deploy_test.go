// Package deploy holds no code: its tests keep the packaging and deployment files at the
// repository root and under deploy/ honest — the Dockerfile and .dockerignore, the Kubernetes
// manifests in deploy/kubernetes, the MCP Bundle manifest.json and the registry's server.json.
// No Docker engine or cluster is needed: the files are parsed by the parsers of the tools that
// consume them (BuildKit, Kubernetes' own API types) and their invariants checked.
package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	digest "github.com/opencontainers/go-digest"
)

const root = ".." // tests run in deploy/

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// modulePath is the module line of go.mod.
func modulePath(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindStringSubmatch(readFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	return m[1]
}

// secretName matches variable names that must never get a value baked into an image.
var secretName = regexp.MustCompile(`(?i)(TOKEN|SECRET|PASSWORD|PASSWD|CONFIRM_KEY|API_KEY|CREDENTIAL)`)

// ---- Dockerfile --------------------------------------------------------------------------------

// parseDockerfile parses text with BuildKit's own Dockerfile parser into its build stages.
func parseDockerfile(text string) ([]instructions.Stage, error) {
	ast, err := parser.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("parsing the Dockerfile: %w", err)
	}
	stages, _, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		return nil, fmt.Errorf("parsing the Dockerfile: %w", err)
	}
	return stages, nil
}

// offlineImages answers BuildKit's base-image look-ups without a registry: every image is a
// one-layer image of the platform asked for, which is all the lint rules need.
type offlineImages struct{}

func (offlineImages) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	config := map[string]any{"rootfs": map[string]any{"type": "layers", "diff_ids": []string{digest.FromString(ref).String()}}}
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		config["os"], config["architecture"] = opt.ImageOpt.Platform.OS, opt.ImageOpt.Platform.Architecture
	}
	b, err := json.Marshal(config)
	return ref, "", b, err
}

// lintDockerfile runs every BuildKit build check (what `docker build --check` reports) on all
// stages, offline, and returns each warning, and the error if BuildKit cannot build the file.
func lintDockerfile(text string) []error {
	var errs []error
	_, err := dockerfile2llb.Dockerfile2LLB(context.Background(), []byte(text), dockerfile2llb.ConvertOpt{
		MetaResolver: offlineImages{},
		AllStages:    true,
		Warn: func(rule, _, url, msg string, location []parser.Range) {
			errs = append(errs, fmt.Errorf("line %d: BuildKit check %s: %s (%s)", line(location), rule, msg, url))
		},
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("BuildKit cannot build the Dockerfile: %w", err))
	}
	return errs
}

func line(location []parser.Range) int {
	if len(location) == 0 {
		return 0
	}
	return location[0].Start.Line
}

// literalVars leaves every $VAR of a shell line as it is written when the line is split into words.
type literalVars struct{}

func (literalVars) Get(name string) (string, bool) { return "${" + name + "}", true }
func (literalVars) Keys() []string                 { return nil }

// unquote is the value of an ENV or LABEL word as BuildKit sets it: quotes and escapes removed,
// variables left as written.
func unquote(word string) string {
	v, _, err := shell.NewLex('\\').ProcessWord(word, literalVars{})
	if err != nil {
		return word
	}
	return v
}

var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// goBuild is a `go build` in a RUN instruction: the variables assigned on the command line
// before it, and its arguments.
type goBuild struct {
	env  map[string]string
	args []string
	line int
}

// goBuilds finds the `go build` commands of a RUN instruction in shell form, splitting its line
// into words with BuildKit's shell lexer.
func goBuilds(run *instructions.RunCommand) ([]goBuild, error) {
	if !run.PrependShell || len(run.CmdLine) == 0 {
		return nil, nil
	}
	words, err := shell.NewLex('\\').ProcessWords(strings.Join(run.CmdLine, " "), literalVars{})
	if err != nil {
		return nil, fmt.Errorf("line %d: %w", line(run.Location()), err)
	}
	var builds []goBuild
	// Each simple command: NAME=value assignments, then the command's words.
	for cmd := range splitSeq(words, func(w string) bool { return slices.Contains([]string{"&&", "||", ";", "|"}, w) }) {
		env := map[string]string{}
		i := 0
		for ; i < len(cmd); i++ {
			name, value, ok := strings.Cut(cmd[i], "=")
			if !ok || !shellName.MatchString(name) {
				break
			}
			env[name] = value
		}
		if len(cmd)-i >= 2 && cmd[i] == "go" && cmd[i+1] == "build" {
			builds = append(builds, goBuild{env: env, args: cmd[i+2:], line: line(run.Location())})
		}
	}
	return builds, nil
}

// splitSeq yields the runs of words between separators.
func splitSeq(words []string, sep func(string) bool) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		start := 0
		for i, w := range words {
			if sep(w) {
				if !yield(words[start:i]) {
					return
				}
				start = i + 1
			}
		}
		yield(words[start:])
	}
}

// goFlag returns the value of the go flag -name (or --name) in args: "-name=value", or the word
// after "-name" (for a boolean flag, only the presence counts).
func goFlag(args []string, name string) (string, bool) {
	for i, a := range args {
		a, ok := strings.CutPrefix(a, "-")
		if !ok {
			continue
		}
		a = strings.TrimPrefix(a, "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
		if a == name {
			if i+1 < len(args) {
				return args[i+1], true
			}
			return "", true
		}
	}
	return "", false
}

// stampsVersion reports whether ldflags has -X target... (as "-X target=v" or "-X=target=v").
func stampsVersion(ldflags, target string) bool {
	fields := strings.Fields(ldflags)
	for i, f := range fields {
		if (f == "-X" && i+1 < len(fields) && strings.HasPrefix(fields[i+1], target)) || strings.HasPrefix(f, "-X="+target) {
			return true
		}
	}
	return false
}

// isCopyAll reports whether c copies the whole build context (COPY . .).
func isCopyAll(c *instructions.CopyCommand) bool {
	return c.From == "" && slices.Equal(c.SourcePaths, []string{"."}) && path.Clean(c.DestPath) == "."
}

// checkDockerfile returns every broken invariant, BuildKit's check warnings included. module is
// the Go module path.
func checkDockerfile(text, module string) []error {
	errs := lintDockerfile(text)
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	stages, err := parseDockerfile(text)
	if err != nil {
		return append(errs, err)
	}
	if len(stages) < 2 {
		return append(errs, fmt.Errorf("want a multi-stage build (>= 2 FROM), got %d", len(stages)))
	}
	final := stages[len(stages)-1]

	// The build: a RUN with go build, static, trimmed, with the version stamped.
	versionX := module + "/internal/cli.Version="
	outputs := map[string]string{} // stage name -> binary written by go build -o
	builds := 0
	for _, st := range stages[:len(stages)-1] {
		cgoEnv := ""
		for _, cmd := range st.Commands {
			switch c := cmd.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					if kv.Key == "CGO_ENABLED" {
						cgoEnv = unquote(kv.Value)
					}
				}
			case *instructions.RunCommand:
				found, err := goBuilds(c)
				if err != nil {
					bad("%v", err)
				}
				for _, b := range found {
					builds++
					cgo, ok := b.env["CGO_ENABLED"]
					if !ok {
						cgo = cgoEnv
					}
					if cgo != "0" {
						bad("line %d: go build without CGO_ENABLED=0 (the runtime image has no libc)", b.line)
					}
					if _, ok := goFlag(b.args, "trimpath"); !ok {
						bad("line %d: go build without -trimpath", b.line)
					}
					if ldflags, _ := goFlag(b.args, "ldflags"); !stampsVersion(ldflags, versionX) {
						bad("line %d: go build does not stamp the version with -ldflags \"-X %s...\"", b.line, versionX)
					}
					if out, ok := goFlag(b.args, "o"); ok && out != "" {
						outputs[st.Name] = path.Clean(out)
					}
				}
			}
		}
	}
	if builds == 0 {
		bad("no RUN ... go build in a build stage")
	}

	// Module download cached in its own layer: go.mod and go.sum copied, then go mod download,
	// then the sources.
	for _, st := range stages[:len(stages)-1] {
		modFiles, download, copyAll := -1, -1, -1
		for i, cmd := range st.Commands {
			switch c := cmd.(type) {
			case *instructions.CopyCommand:
				if modFiles < 0 && c.From == "" && slices.Contains(c.SourcePaths, "go.mod") && slices.Contains(c.SourcePaths, "go.sum") {
					modFiles = i
				}
				if copyAll < 0 && isCopyAll(c) {
					copyAll = i
				}
			case *instructions.RunCommand:
				if download < 0 && c.PrependShell && strings.Contains(strings.Join(strings.Fields(strings.Join(c.CmdLine, " ")), " "), "go mod download") {
					download = i
				}
			}
		}
		if copyAll >= 0 && (download < 0 || download > copyAll || modFiles < 0 || modFiles > download) {
			bad("stage %s: run `go mod download` after copying go.mod/go.sum and before `COPY . .`, so modules stay cached", st.Name)
		}
	}

	// The runtime image: distroless, non-root, the binary as the exec-form entrypoint, stdio the
	// default.
	if !strings.HasPrefix(final.BaseName, "gcr.io/distroless/") && final.BaseName != "scratch" {
		bad("final stage is %s: want a distroless or scratch image", final.BaseName)
	}
	var user string
	var entrypoint *instructions.EntrypointCommand
	var binary string // where the final stage puts the file a build stage's go build -o wrote
	for _, cmd := range final.Commands {
		switch c := cmd.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.EntrypointCommand:
			entrypoint = c
		case *instructions.CopyCommand:
			for _, src := range c.SourcePaths {
				if out, ok := outputs[c.From]; ok && c.From != "" && path.Clean(src) == out {
					binary = c.DestPath
					if strings.HasSuffix(binary, "/") || len(c.SourcePaths) > 1 {
						binary = path.Join(binary, path.Base(src))
					}
				}
			}
		case *instructions.CmdCommand:
			bad("line %d: the final stage has a CMD; stdio must be the default (pass --http at run time)", line(c.Location()))
		}
	}
	if binary == "" {
		var built []string
		for st, out := range outputs {
			built = append(built, fmt.Sprintf("%s in stage %q", out, st))
		}
		slices.Sort(built)
		bad("the final stage copies no binary that its go build -o writes (%s) from a build stage", strings.Join(built, ", "))
	}
	name, _, _ := strings.Cut(user, ":")
	if uid, err := strconv.Atoi(name); user == "" || (err == nil && uid == 0) || (err != nil && name != "nonroot") {
		bad("final stage USER is %q: want a non-root user (a non-zero UID or nonroot)", user)
	}
	switch {
	case entrypoint == nil:
		bad("the final stage has no ENTRYPOINT")
	case entrypoint.PrependShell || len(entrypoint.CmdLine) == 0:
		bad("line %d: ENTRYPOINT %q is not in exec form (a JSON array)", line(entrypoint.Location()), strings.Join(entrypoint.CmdLine, " "))
	default:
		if ep := entrypoint.CmdLine; binary != "" && ep[0] != binary {
			bad("ENTRYPOINT runs %q, but the binary copied into the final stage is %q", ep[0], binary)
		} else if len(ep) > 1 {
			bad("ENTRYPOINT has arguments %q: stdio must be the default", ep[1:])
		}
	}

	// No credential baked into any stage.
	for _, st := range stages {
		for _, cmd := range st.Commands {
			var names []string
			switch c := cmd.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					names = append(names, kv.Key)
				}
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					names = append(names, kv.Key)
				}
			}
			for _, key := range names {
				if secretName.MatchString(key) {
					bad("line %d: %s %s bakes a credential into the image; pass it at run time", line(cmd.Location()), strings.ToUpper(cmd.Name()), key)
				}
			}
		}
	}
	return errs
}

func TestDockerfile(t *testing.T) {
	module := modulePath(t)
	text := readFile(t, "Dockerfile")
	for _, err := range checkDockerfile(text, module) {
		t.Error(err)
	}

	// The -X target must exist, or the linker silently stamps nothing.
	cli, err := filepath.Glob(filepath.Join(root, "internal", "cli", "*.go"))
	if err != nil || len(cli) == 0 {
		t.Fatalf("internal/cli sources: %v", err)
	}
	found := false
	for _, f := range cli {
		b, _ := os.ReadFile(f)
		found = found || regexp.MustCompile(`(?m)^var Version = "`).Match(b)
	}
	if !found {
		t.Error(`internal/cli has no string variable "Version" for -ldflags -X`)
	}

	// The registry verifies OCI images by this label, on the image: the final stage.
	var server struct{ Name string }
	if err := json.Unmarshal([]byte(readFile(t, "server.json")), &server); err != nil {
		t.Fatal(err)
	}
	stages, err := parseDockerfile(text)
	if err != nil {
		t.Fatal(err)
	}
	const label = "io.modelcontextprotocol.server.name"
	value, labelled := "", false
	for _, cmd := range stages[len(stages)-1].Commands {
		if c, ok := cmd.(*instructions.LabelCommand); ok {
			for _, kv := range c.Labels {
				if unquote(kv.Key) == label {
					value, labelled = unquote(kv.Value), true
				}
			}
		}
	}
	if !labelled || value != server.Name {
		t.Errorf("the final stage of the Dockerfile has LABEL %s=%q, want %q as in server.json (the MCP registry checks it)", label, value, server.Name)
	}
}

// TestDockerfileChecksCatchMistakes feeds the checker broken variants of the real Dockerfile, so
// a check that silently stops matching fails here.
func TestDockerfileChecksCatchMistakes(t *testing.T) {
	module := modulePath(t)
	good := readFile(t, "Dockerfile")
	cases := []struct {
		name, old, new, want string
	}{
		{"single stage", "FROM gcr.io/distroless/static-debian12:nonroot", "", "multi-stage"},
		{"cgo", "CGO_ENABLED=0", "CGO_ENABLED=1", "CGO_ENABLED=0"},
		{"cgo elsewhere", "CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\\n    go build", "GOOS=$TARGETOS GOARCH=$TARGETARCH \\\n    go build", "CGO_ENABLED=0"},
		{"trimpath", "-trimpath", "", "-trimpath"},
		{"version", "internal/cli.Version=", "internal/cli.Revision=", "stamp the version"},
		{"root", "USER 65532:65532", "USER 0", "non-root"},
		{"no user", "USER 65532:65532", "", "non-root"},
		{"shell form", `ENTRYPOINT ["/spice-cloud-mcp"]`, "ENTRYPOINT /spice-cloud-mcp", "exec form"},
		{"no entrypoint", `ENTRYPOINT ["/spice-cloud-mcp"]`, "", "no ENTRYPOINT"},
		{"args", `ENTRYPOINT ["/spice-cloud-mcp"]`, `ENTRYPOINT ["/spice-cloud-mcp", "--http", "0.0.0.0:8080"]`, "stdio must be the default"},
		{"cmd", `ENTRYPOINT ["/spice-cloud-mcp"]`, "ENTRYPOINT [\"/spice-cloud-mcp\"]\nCMD [\"--http\", \"0.0.0.0:8080\"]", "has a CMD"},
		{"wrong binary", `ENTRYPOINT ["/spice-cloud-mcp"]`, `ENTRYPOINT ["/bin/spice-cloud-mcp"]`, "the binary copied"},
		{"not the built file", "COPY --from=build /out/spice-cloud-mcp /spice-cloud-mcp", "COPY --from=build /src/spice-cloud-mcp /spice-cloud-mcp", "its go build -o writes"},
		{"fat base", "FROM gcr.io/distroless/static-debian12:nonroot", "FROM debian:12", "distroless or scratch"},
		{"env token", "USER 65532:65532", "ENV SPICE_API_TOKEN=abc\nUSER 65532:65532", "SPICE_API_TOKEN"},
		{"legacy env", "USER 65532:65532", "ENV SPICE_CLIENT_SECRET abc\nUSER 65532:65532", "SPICE_CLIENT_SECRET"},
		{"arg secret", "ARG VERSION=dev\nARG TARGETOS", "ARG VERSION=dev\nARG SPICE_MCP_HTTP_AUTH_TOKEN\nARG TARGETOS", "SPICE_MCP_HTTP_AUTH_TOKEN"},
		{"download order", "RUN go mod download\n", "", "go mod download"},
		{"download before go.mod", "COPY go.mod go.sum ./\nRUN go mod download", "RUN go mod download\nCOPY go.mod go.sum ./", "go mod download"},
		// BuildKit's own checks run too.
		{"buildkit check", "golang:1.26-alpine AS build", "golang:1.26-alpine as build", "FromAsCasing"},
		{"buildkit error", "WORKDIR /src", "WORKDIRR /src", "BuildKit cannot build"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("the Dockerfile no longer contains %q; update this case", c.old)
			}
			errs := checkDockerfile(strings.Replace(good, c.old, c.new, 1), module)
			if !strings.Contains(fmt.Sprint(errs), c.want) {
				t.Errorf("want an error mentioning %q, got %v", c.want, errs)
			}
		})
	}
}

// ---- .dockerignore -----------------------------------------------------------------------------

// dockerignore is the build context's exclusion matcher, read and matched as Docker and BuildKit do.
func dockerignore(t *testing.T) *patternmatcher.PatternMatcher {
	t.Helper()
	patterns, err := ignorefile.ReadAll(bytes.NewReader([]byte(readFile(t, ".dockerignore"))))
	if err != nil {
		t.Fatalf(".dockerignore: %v", err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatalf(".dockerignore: %v", err)
	}
	return pm
}

// dockerignored reports whether the build context drops rel (slash-separated, relative to the
// root): a path is dropped when it or one of its parent directories is excluded.
func dockerignored(t *testing.T, pm *patternmatcher.PatternMatcher, rel string) bool {
	t.Helper()
	excluded, err := pm.MatchesOrParentMatches(filepath.FromSlash(rel))
	if err != nil {
		t.Fatalf(".dockerignore: matching %s: %v", rel, err)
	}
	return excluded
}

func TestDockerignore(t *testing.T) {
	pm := dockerignore(t)
	for _, must := range []string{".git", "dist", "node_modules", "node_modules/x", "web/node_modules", "e2e/go.mod"} {
		if !dockerignored(t, pm, must) {
			t.Errorf(".dockerignore must exclude %s", must)
		}
	}

	// Nothing the image build needs may be excluded: go.mod, go.sum and every package the
	// binary is built from.
	if testing.Short() {
		t.Skip("-short: skipping go list")
	}
	module := modulePath(t)
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", root).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list -deps: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list -deps: %v", err)
	}
	needed := []string{"go.mod", "go.sum", "main.go"}
	for _, pkg := range strings.Fields(string(out)) {
		if rel, ok := strings.CutPrefix(pkg, module+"/"); ok {
			needed = append(needed, rel+"/x.go")
		}
	}
	if len(needed) < 5 {
		t.Fatalf("go list found too few packages of %s: %q", module, out)
	}
	for _, n := range needed {
		if dockerignored(t, pm, n) {
			t.Errorf(".dockerignore excludes %s, which the image build needs", strings.TrimSuffix(n, "/x.go"))
		}
	}
}
