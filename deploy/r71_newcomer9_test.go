package deploy

import (
	"os/exec"
	"path"
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
