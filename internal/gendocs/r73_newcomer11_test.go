package gendocs

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestR73Newcomer11CompiledPackagesHold: README's first screen says how many packages a fresh
// clone compiles, which with an empty build cache is what the build's minutes go to: the
// server's (go list -deps ., the standard library's among them, none of which Go ships
// compiled) and the test command's (go list -race -deps -test ./..., each test variant and
// test main its own compilation). Round 73 counted 250 and 808 and measured the time and the
// cache they took; this fails when either count moves a tenth away from README's, so that
// the figures measured with them are measured again.
func TestR73Newcomer11CompiledPackagesHold(t *testing.T) {
	intro := strings.Join(strings.Fields(string(readRepoFile(t, "README.md"))), " ")
	intro, _, _ = strings.Cut(intro, "## Install and configure")
	stated := func(re string) int {
		t.Helper()
		m := regexp.MustCompile(re).FindStringSubmatch(intro)
		if m == nil {
			t.Fatalf("README's first screen no longer says %s; update this test", re)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	count := func(args ...string) int {
		t.Helper()
		cmd := exec.Command("go", append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, args...)...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", args, err)
		}
		return strings.Count(strings.TrimSpace(string(out)), "\n") + 1 // a line each: a test variant's path has a space
	}
	server, tests := count("."), count("-race", "-test", "./...")
	t.Logf("the server compiles %d packages, the test command %d", server, tests)
	for _, c := range []struct {
		what      string
		got, said int
	}{
		{"go build .", server, stated(`compiles them with the standard library: (\d+) packages`)},
		{"the test command", tests, stated(`The test command compiles (\d+) packages`)},
	} {
		if c.got*10 > c.said*11 || c.got*10 < c.said*9 {
			t.Errorf("%s compiles %d packages; README says %d: measure its figures again", c.what, c.got, c.said)
		}
	}
}
