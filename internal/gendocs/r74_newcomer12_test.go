package gendocs

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// r74Newcomer12Intro is README's first screen, whitespace flattened.
func r74Newcomer12Intro(t *testing.T) string {
	t.Helper()
	intro, _, _ := strings.Cut(string(readRepoFile(t, "README.md")), "## Install and configure")
	return intro
}

// r74Newcomer12GoRun runs go with args in dir and returns its stdout and stderr.
func r74Newcomer12GoRun(t *testing.T, dir string, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, errb.String())
	}
	return out.String(), errb.String()
}

// TestR74Newcomer12GoRunVNamesWhatItCompiles: on empty caches README's first command prints
// nothing for minutes while Go compiles, and a newcomer takes it for hung. README says so
// beside it and offers the same command with -v, which names each package on stderr as it is
// compiled and nothing once it is cached. This holds that the command README offers is its
// first command with -v, and what go run prints with and without -v, on a small module whose
// own packages are not in the build cache (a new directory).
func TestR74Newcomer12GoRunVNamesWhatItCompiles(t *testing.T) {
	intro := r74Newcomer12Intro(t)
	block := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(intro)
	if block == nil {
		t.Fatal("README's first screen has no sh block")
	}
	first, _, _ := strings.Cut(strings.TrimSpace(block[1]), "#")
	first = strings.TrimSpace(first)
	if first != "go run . --sandbox" {
		t.Fatalf("README's first command is %q; update this test and the sentence offering -v", first)
	}
	verbose := strings.Replace(first, "go run ", "go run -v ", 1)
	if !strings.Contains(intro, "`"+verbose+"`") {
		t.Errorf("README's first screen does not offer %q", verbose)
	}
	if !strings.Contains(intro, "TestR74Newcomer12GoRunVNamesWhatItCompiles") {
		t.Error("README's sentence offering -v no longer cites this test")
	}

	if testing.Short() {
		t.Skip("runs go run")
	}
	module := func() string {
		dir := t.TempDir()
		for name, text := range map[string]string{
			"go.mod":         "module example.com/r74newcomer12\n\ngo 1.24\n",
			"inner/inner.go": "package inner\n\nconst Word = \"compiled\"\n",
			"main.go":        "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/r74newcomer12/inner\"\n)\n\nfunc main() { fmt.Println(inner.Word) }\n",
		} {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}

	// Without -v, go compiles the module's two packages and says nothing.
	stdout, stderr := r74Newcomer12GoRun(t, module(), "run", ".")
	if stdout != "compiled\n" || stderr != "" {
		t.Errorf("go run .: stdout %q, stderr %q; want the program's word and nothing on stderr", stdout, stderr)
	}
	// With -v, it names each package it compiles on stderr, the program's output apart on stdout.
	dir := module()
	stdout, stderr = r74Newcomer12GoRun(t, dir, "run", "-v", ".")
	if want := "example.com/r74newcomer12/inner\nexample.com/r74newcomer12\n"; stdout != "compiled\n" || stderr != want {
		t.Errorf("go run -v . (compiling): stdout %q, stderr %q; want %q on stderr", stdout, stderr, want)
	}
	// Run again, everything is cached: -v names nothing.
	stdout, stderr = r74Newcomer12GoRun(t, dir, "run", "-v", ".")
	if stdout != "compiled\n" || stderr != "" {
		t.Errorf("go run -v . (cached): stdout %q, stderr %q; want nothing on stderr", stdout, stderr)
	}
}

// TestR74Newcomer12NetworkCloneSizeHolds: README gives the size of a fresh clone, which a
// newcomer makes over the network, where git sends the history packed. A clone of a local
// path hard-links the repository's loose objects instead (75 MB of .git in round 74, against
// 8 MB packed), so the test clones with --no-local, as a network clone is made, and fails
// when the size moves a tenth away from README's, so that it is measured again.
func TestR74Newcomer12NetworkCloneSizeHolds(t *testing.T) {
	intro := strings.Join(strings.Fields(r74Newcomer12Intro(t)), " ")
	m := regexp.MustCompile(`the clone \((\d+) MB as a network clone`).FindStringSubmatch(intro)
	if m == nil {
		t.Fatal("README's first screen no longer says the clone's size as a network clone; update this test")
	}
	said, _ := strconv.Atoi(m[1])
	if testing.Short() {
		t.Skip("clones the repository")
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("not a git clone: ", err)
	}
	dir := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--no-local", root, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone --no-local: %v\n%s", err, out)
	}
	// As du counts it: each file's size rounded up to 4 KiB blocks.
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size += (info.Size() + 4095) / 4096 * 4096
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := float64(size) / (1 << 20)
	t.Logf("a network clone takes %.1f MB; README says %d MB", got, said)
	if got > float64(said)*1.1 || got < float64(said)*0.9 {
		t.Errorf("a network clone takes %.1f MB; README says %d MB: measure it again", got, said)
	}
}
