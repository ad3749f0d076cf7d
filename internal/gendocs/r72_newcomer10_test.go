package gendocs

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// r72Newcomer10Modules returns the modules, other than this one, the packages need
// (go list -deps, with -test for their tests too).
func r72Newcomer10Modules(t *testing.T, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}"}, args...)...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	var mods []string
	for m := range strings.FieldsSeq(string(out)) {
		if !slices.Contains(mods, m) {
			mods = append(mods, m)
		}
	}
	return mods
}

// r72Newcomer10Sizes sums the modules' zips (what is downloaded) and their unpacked trees, in
// bytes, as the module cache holds them; offline (GOPROXY=off): a module not in the cache skips.
func r72Newcomer10Sizes(t *testing.T, mods []string) (zips, unpacked int64) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"mod", "download", "-json"}, mods...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m struct{ Path, Version, Zip, Dir, Error string }
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if m.Error != "" {
			t.Skipf("%s@%s is not in the module cache (offline): %s", m.Path, m.Version, m.Error)
		}
		st, err := os.Stat(m.Zip)
		if err != nil {
			t.Fatal(err)
		}
		zips += st.Size()
		err = filepath.WalkDir(m.Dir, func(_ string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			info, err := d.Info()
			unpacked += info.Size()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Skipf("go mod download (offline): %s", exit.Stderr)
		}
		t.Fatal(err)
	}
	return zips, zips + unpacked
}

// TestR72Newcomer10ModuleFiguresHold: README's first screen says what a fresh clone fetches:
// the server's modules about 11 MB of downloads and 64 MB in the module cache, the tests' about 90 MB of downloads and
// 406 MB unpacked. Round 72 measured them with an empty GOMODCACHE (du -sh: 64M after go build,
// 11.3 MB of cache/download, 406M after go mod download, 92 MB of cache/download); this sums
// the zips and trees of the modules go list names, as the cache holds them (server 61 MB,
// tests 91 MB of zips and 358 MB in all: du counts whole blocks, and .mod files besides),
// and fails when the module set outgrows a figure.
func TestR72Newcomer10ModuleFiguresHold(t *testing.T) {
	intro := strings.Join(strings.Fields(string(readRepoFile(t, "README.md"))), " ")
	intro, _, _ = strings.Cut(intro, "## Install and configure")
	figure := func(re string) int64 {
		t.Helper()
		m := regexp.MustCompile(re).FindStringSubmatch(intro)
		if m == nil {
			t.Fatalf("README's first screen no longer says %s; update this test", re)
		}
		n, _ := strconv.ParseInt(m[1], 10, 64)
		return n * 1_000_000
	}
	serverDownloadStated := figure(`about (\d+) MB of downloads, and the server's`)
	serverStated := figure(`(\d+) MB in Go's module cache`)
	downloadStated := figure(`tests' modules too \(about (\d+) MB of downloads`)
	unpackedStated := figure(`(\d+) MB in the module cache once unpacked`)

	server := r72Newcomer10Modules(t, ".")
	all := r72Newcomer10Modules(t, "-test", "./...")
	if len(server) < 5 || len(all) < len(server) {
		t.Fatalf("go list found %d modules for the server, %d with the tests", len(server), len(all))
	}
	serverZips, serverSize := r72Newcomer10Sizes(t, server)
	zips, unpacked := r72Newcomer10Sizes(t, all)
	t.Logf("server: %d modules, %.1f MB of zips, %.1f MB unpacked; with the tests: %d modules, %.1f MB of zips, %.1f MB unpacked",
		len(server), float64(serverZips)/1e6, float64(serverSize)/1e6, len(all), float64(zips)/1e6, float64(unpacked)/1e6)
	about := func(what string, got, stated int64) { // within a tenth either way
		if got*10 > stated*11 || got*10 < stated*9 {
			t.Errorf("%s download %.1f MB; README says about %d MB", what, float64(got)/1e6, stated/1_000_000)
		}
	}
	about("the server's modules", serverZips, serverDownloadStated)
	about("the tests' modules", zips, downloadStated)
	if serverSize > serverStated {
		t.Errorf("the server's modules take %.1f MB; README says %d MB", float64(serverSize)/1e6, serverStated/1_000_000)
	}
	if unpacked > unpackedStated {
		t.Errorf("the tests' modules take %.1f MB unpacked; README says %d MB", float64(unpacked)/1e6, unpackedStated/1_000_000)
	}
}
