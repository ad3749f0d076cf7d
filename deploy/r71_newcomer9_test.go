package deploy

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// r71Newcomer9SecretFiles are files a newcomer may keep in a clone that hold credentials: an
// .env beside the code, a token file for --http-auth-token-file or SPICE_API_TOKEN, keys.
var r71Newcomer9SecretFiles = []string{
	".env", ".env.local", ".env.production", "deploy/.env", "internal/cli/.env.test", ".envrc",
	"server.pem", "tls/server.key", "cert.p12", "cert.pfx", "id_rsa", "id_rsa.pub", "keys/id_ed25519", "id_ecdsa",
	".netrc", ".npmrc", ".pypirc",
	"spice-token", "spice-token.txt", "tmp/spice-token-prod", "token.txt", "auth-token.txt", "mcp-token.txt",
	"secret.txt", "client-secret.txt", "api.token", "credentials.json", ".docker/config.json",
}

// TestR71Newcomer9DockerignoreKeepsCredentialsOut: `COPY . .` copies the whole build context
// into the build stage, so a credential file kept in the clone must be excluded, as BuildKit
// reads .dockerignore (moby/patternmatcher: filepath.Match per segment, plus `**`).
func TestR71Newcomer9DockerignoreKeepsCredentialsOut(t *testing.T) {
	pm := dockerignore(t)
	for _, name := range r71Newcomer9SecretFiles {
		if !dockerignored(t, pm, name) {
			t.Errorf(".dockerignore lets %s into the build context", name)
		}
	}
}

// TestR71Newcomer9DockerignoreExcludesNothingTheDockerfileCopies: every source a COPY of the
// Dockerfile names from the context is kept, and for `COPY . .` every tracked file of a package
// the binary is built from (its Go files and the files it embeds, such as api/openapi.json).
func TestR71Newcomer9DockerignoreExcludesNothingTheDockerfileCopies(t *testing.T) {
	pm := dockerignore(t)
	stages, err := parseDockerfile(readFile(t, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, st := range stages {
		for _, cmd := range st.Commands {
			if c, ok := cmd.(*instructions.CopyCommand); ok && c.From == "" {
				sources = append(sources, c.SourcePaths...)
			}
		}
	}
	if len(sources) < 3 {
		t.Fatalf("found too few COPY sources from the context: %q", sources)
	}
	wholeContext := false
	for _, src := range sources {
		src = path.Clean(strings.TrimPrefix(src, "./"))
		if src == "." {
			wholeContext = true
			continue
		}
		if dockerignored(t, pm, src) {
			t.Errorf(".dockerignore excludes %s, which the Dockerfile COPYs", src)
		}
	}
	if !wholeContext || testing.Short() {
		return
	}
	out, err := exec.Command("go", "list", "-deps", "-f",
		`{{if not .Standard}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{end}}`, root).Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	top, err := exec.Command("go", "list", "-f", "{{.Dir}}", root).Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := strings.TrimSpace(string(top)) + "/"
	n := 0
	for _, file := range strings.Fields(string(out)) {
		rel, ok := strings.CutPrefix(file, dir)
		if !ok {
			continue // a module's file, not the context's
		}
		n++
		if dockerignored(t, pm, rel) {
			t.Errorf(".dockerignore excludes %s, which `COPY . .` must bring to go build", rel)
		}
	}
	if n < 50 {
		t.Fatalf("go list found only %d files of the module", n)
	}
	// And the credential patterns hit no file the repository tracks.
	tracked, err := exec.Command("git", "-C", root, "ls-files").Output()
	if err != nil {
		t.Skipf("git ls-files: %v", err)
	}
	for _, f := range strings.Fields(string(tracked)) {
		for _, name := range r71Newcomer9SecretFiles {
			if path.Base(f) == path.Base(name) {
				t.Errorf("the repository tracks %s, a name .dockerignore treats as a credential", f)
			}
		}
	}
}

// TestR71Newcomer9GitignoreKeepsBuildOutputAndCredentialsOut: README's first screen has a
// newcomer run `go build .`, which writes ./spice-cloud-mcp, or ./spice-cloud-mcp.exe on Windows,
// where .gitignore named only the first, so `git status` showed the .exe and `git add -A` took
// it; and a credential file kept in the clone (the names .dockerignore keeps out of an image)
// was one `git add -A` from a commit. Matched by git itself (check-ignore --no-index).
func TestR71Newcomer9GitignoreKeepsBuildOutputAndCredentialsOut(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	// In a repository of its own holding only .gitignore: the tree under test may be a copy
	// without .git (.ci/run's fresh copy).
	repo := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(repo, ".gitignore"), []byte(readFile(t, ".gitignore")), 0o644); err != nil {
		t.Fatal(err)
	}
	pm := dockerignore(t)
	for _, name := range append([]string{"spice-cloud-mcp", "spice-cloud-mcp.exe"}, r71Newcomer9SecretFiles...) {
		cmd := exec.Command("git", "-C", repo, "check-ignore", "--no-index", "-q", name)
		if err := cmd.Run(); err != nil {
			t.Errorf(".gitignore does not ignore %s (git check-ignore: %v)", name, err)
		}
		if !dockerignored(t, pm, name) {
			t.Errorf(".dockerignore lets %s into the build context", name)
		}
	}
	// A test's fixtures keep their names (a fake token file, an .env a test reads).
	for _, name := range []string{"present/testdata/token_cases.txt", "internal/cli/testdata/.env", "client/testdata/server.key"} {
		if err := exec.Command("git", "-C", repo, "check-ignore", "--no-index", "-q", name).Run(); err == nil {
			t.Errorf(".gitignore ignores %s, a test's fixture", name)
		}
	}
	// Nothing tracked is ignored: the new patterns took no file of the repository.
	out, err := exec.Command("git", "-C", root, "ls-files", "-ci", "--exclude-standard").Output()
	if err != nil {
		return // not a git work tree
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Errorf(".gitignore ignores tracked files:\n%s", s)
	}
}

// TestR71Newcomer9GoVersionIsOneEverywhere: README's first screen says which Go builds the
// server, "the `go` line of `go.mod`"; the Dockerfile's build image and e2e's module name the
// same major.minor, so a newcomer with that Go builds all of it.
func TestR71Newcomer9GoVersionIsOneEverywhere(t *testing.T) {
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)(\.\d+)?$`)
	m := goLine.FindStringSubmatch(readFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	want := m[1]
	readme := readFile(t, "README.md")
	first, _, _ := strings.Cut(readme, "\n## ")
	if r := regexp.MustCompile(`\*\*Go (\d+\.\d+) or newer\*\* \(the ` + "`go`" + ` line of ` + "`go.mod`" + `\)`).FindStringSubmatch(first); r == nil || r[1] != want {
		t.Errorf("README's first screen says Go %v; go.mod's go line is %s", r, want)
	}
	if e := goLine.FindStringSubmatch(readFile(t, "e2e/go.mod")); e == nil || e[1] != want {
		t.Errorf("e2e/go.mod's go line is %v; go.mod's is %s", e, want)
	}
	stages, err := parseDockerfile(readFile(t, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, st := range stages {
		if image, ok := strings.CutPrefix(st.BaseName, "golang:"); ok {
			found = true
			if tag, _, _ := strings.Cut(image, "-"); tag != want {
				t.Errorf("Dockerfile builds with %s; go.mod's go line is %s", st.BaseName, want)
			}
		}
	}
	if !found {
		t.Error("the Dockerfile has no golang build stage")
	}
}

// TestR71Newcomer9RaceWithoutACompilerSaysWhatREADMEQuotes: README's first screen says that
// without a C compiler Go turns cgo off and the test command stops with a message it quotes;
// run with only Go's own directory in PATH (no gcc, no clang), go says exactly that.
func TestR71Newcomer9RaceWithoutACompilerSaysWhatREADMEQuotes(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go")
	}
	if goBin, err = filepath.EvalSymlinks(goBin); err != nil {
		t.Fatal(err)
	}
	readme := readFile(t, "README.md")
	first, _, _ := strings.Cut(readme, "\n## ")
	m := regexp.MustCompile("Go turns cgo off and stops with `([^`]+)`").FindStringSubmatch(first)
	if m == nil {
		t.Fatal("README's first screen no longer quotes what -race says without a C compiler")
	}
	cmd := exec.Command(goBin, "test", "-race", "-run", "^$", "./internal/plain")
	cmd.Dir = root
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "PATH" && k != "CC" && k != "CGO_ENABLED" && k != "GOFLAGS" {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "PATH="+filepath.Dir(goBin))
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Skipf("go test -race ran without a C compiler in PATH (a toolchain that finds one elsewhere): %s", out)
	}
	if !strings.Contains(string(out), m[1]) {
		t.Errorf("README quotes %q; go test -race without a C compiler says:\n%s", m[1], out)
	}
}
