package deploy

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r68Newcomer6GitCopy copies the repository's files (its tracked ones where it is a git work
// tree, else all but .git, as CI's fresh copy has) into a new git repository of one commit, as
// a newcomer's clone is, and returns its directory and the commit.
func r68Newcomer6GitCopy(t *testing.T) (string, string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	var files []string
	if out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output(); err == nil && len(out) > 0 {
		files = strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	} else if err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".git":
			return filepath.SkipDir
		case d.Type().IsRegular():
			rel, err := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
			return err
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet committed
		}
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=r68", "-c", "user.email=r68@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "clone")
	return dir, git("rev-parse", "HEAD")
}

// TestR68Newcomer6CloneBuildVersionNamesItsCommit: `go build .` in a git clone, as README's
// first lines have a newcomer do, prints the pseudo-version Go records from the commit
// (v0.0.0-DATE-COMMIT, "+dirty" with local changes), not `dev`, which README's Command line row
// promised for "a `go build` in a clone": this machine's GOFLAGS=-buildvcs=false, and a git
// worktree (its .git a file, which Go does not read), had hidden it. A fresh clone printed
// "spice-cloud-mcp v0.0.0-20261206195113-485924446e85". README now says so, and `dev` for a
// build without git's information.
func TestR68Newcomer6CloneBuildVersionNamesItsCommit(t *testing.T) {
	row := ""
	for _, line := range strings.Split(readFile(t, "README.md"), "\n") {
		if strings.HasPrefix(line, "| `--version`") {
			row = line
		}
	}
	for _, want := range []string{"`v0.0.0-DATE-COMMIT`", "`+dirty`", "a `go build` in a git clone", "`-buildvcs=false`"} {
		if !strings.Contains(row, want) {
			t.Errorf("README's --version row lacks %q: %q", want, row)
		}
	}

	dir, commit := r68Newcomer6GitCopy(t)
	version := func() string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "spice-cloud-mcp")
		// -trimpath: the copy's packages share the build cache with the bench's builds.
		build := exec.Command("go", "build", "-trimpath", "-buildvcs=true", "-o", bin, ".")
		build.Dir = dir
		testutil.R69TesttimeDiesWithTest(build)
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build in the clone: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "version").Output()
		if err != nil {
			t.Fatalf("version: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	pseudo := `^spice-cloud-mcp v0\.0\.0-\d{14}-` + commit[:12]
	if got := version(); !regexp.MustCompile(pseudo + `$`).MatchString(got) {
		t.Errorf("a clean clone's build prints %q; want %s", got, pseudo)
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := version(); !regexp.MustCompile(pseudo + `\+dirty$`).MatchString(got) {
		t.Errorf("with a local change the build prints %q; want %s+dirty", got, pseudo)
	}
}

// TestR68Newcomer6EveryScriptAnswersHelp: each script in scripts/ (lib.sh, sourced, aside)
// prints what it does on --help, exit 0, without running anything; and fuzz-seeds.sh refuses a
// target that is not one of present's fuzz targets, naming them. Before, `scripts/fuzz-seeds.sh
// --help` printed nothing and exited 1: it took --help for a fuzz target's name.
func TestR68Newcomer6EveryScriptAnswersHelp(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Glob(filepath.Join(abs, "scripts", "*.sh"))
	if err != nil || len(scripts) < 5 {
		t.Fatalf("scripts/*.sh: %v, %d found", err, len(scripts))
	}
	for _, script := range scripts {
		if filepath.Base(script) == "lib.sh" {
			continue
		}
		cmd := exec.Command("bash", script, "--help")
		cmd.Dir = t.TempDir() // from another directory, as a newcomer may
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "scripts/"+filepath.Base(script)) {
			t.Errorf("%s --help: %v, printed %q; want exit 0 and what it does, under its name", filepath.Base(script), err, out)
		}
	}
	cmd := exec.Command("bash", filepath.Join(abs, "scripts", "fuzz-seeds.sh"), "FuzzNoSuchTarget")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "FuzzNoSuchTarget") || !strings.Contains(string(out), "FuzzMaskText") {
		t.Errorf("fuzz-seeds.sh FuzzNoSuchTarget: %v, printed %q; want a refusal naming it and the targets", err, out)
	}
}
