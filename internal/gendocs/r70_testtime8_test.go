package gendocs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// r70Testtime8GoStub stands in for go in a run of .ci/run: each call makes a directory in
// TMPDIR, as go's $WORK, a test's t.TempDir or a browser's profile do, and removes it when it
// ends by itself; one killed (the race step's and the fuzz lane's, which sleep) leaves it, as a
// go process or a browser ended by Ctrl-C or a timeout does.
const r70Testtime8GoStub = `#!/bin/sh
d=$(mktemp -d "${TMPDIR:-/tmp}/go-build.XXXXXX") || exit 1
echo $$ >> "$R70_PIDS"
echo "$*" >> "$R70_PIDS.args"
case "$1 $2" in
"env CC") rm -rf "$d"; echo true; exit 0 ;;
"env "*) rm -rf "$d"; echo "$R70_GOCACHE"; exit 0 ;;
"test -race") touch "$R70_READY.race"; [ "$R70_MODE" = fail ] && exit 1; exec sleep 120 ;;
"test -count=1") touch "$R70_READY.beside"; exec sleep 120 ;;
esac
rm -rf "$d"
`

// TestR70Testtime8CILeavesNothingBehind: a run of .ci/run that fails, or is interrupted (Ctrl-C),
// while the race step and the fuzz lane beside it run leaves nothing in TMPDIR but its lock, and
// no process of its own running; one short of disk empties Go's build cache (go clean -cache)
// and stops before its first step, naming what it needs. .ci/run runs here in a repository of its own, with go standing
// in (r70Testtime8GoStub), so the steps around it are .ci/run's own.
func TestR70Testtime8CILeavesNothingBehind(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is needed to make the repository .ci/run copies")
	}
	for _, mode := range []string{"fail", "interrupt", "full disk"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			repo, tmp, bin := filepath.Join(dir, "repo"), filepath.Join(dir, "tmp"), filepath.Join(dir, "bin")
			for _, d := range []string{filepath.Join(repo, ".ci"), filepath.Join(repo, "present"), filepath.Join(repo, "e2e"), tmp, bin} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			files := map[string]string{
				filepath.Join(repo, ".ci", "run"):        string(readRepoFile(t, ".ci/run")),
				filepath.Join(repo, "present", "doc.go"): "package present\n",
				filepath.Join(repo, "e2e", "doc.go"):     "package e2e\n",
				filepath.Join(bin, "go"):                 r70Testtime8GoStub,
				filepath.Join(bin, "gofmt"):              "#!/bin/sh\n",
				filepath.Join(bin, "npm"):                "#!/bin/sh\necho 10.0.0\n",
			}
			if mode == "full disk" {
				// 1 MiB free wherever .ci/run looks.
				files[filepath.Join(bin, "df")] = "#!/bin/sh\necho 'Filesystem 1048576-blocks Used Available Capacity Mounted on'\necho '/dev/r70 100 99 1 99% /'\n"
			}
			for name, body := range files {
				if err := os.WriteFile(name, []byte(body), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			git := exec.Command("sh", "-c", "git init -q . && git add -A && git -c user.name=t -c user.email=t@t commit -qm t")
			git.Dir = repo
			if out, err := git.CombinedOutput(); err != nil {
				t.Fatalf("git: %v\n%s", err, out)
			}

			ready, pids := filepath.Join(dir, "ready"), filepath.Join(dir, "pids")
			cmd := exec.Command("bash", filepath.Join(repo, ".ci", "run"))
			cmd.Dir = repo
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				"TMPDIR="+tmp, "CHROME_PATH=true", "GOFLAGS=", "R70_GOCACHE="+filepath.Join(dir, "gocache"),
				"R70_READY="+ready, "R70_PIDS="+pids, "R70_MODE="+mode)
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			if mode == "interrupt" {
				// Ctrl-C once the race step and the lane beside it both run.
				for _, f := range []string{ready + ".race", ready + ".beside"} {
					for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
						if _, err := os.Stat(f); err == nil {
							break
						}
						select {
						case err := <-done:
							t.Fatalf(".ci/run ended (%v) before %s:\n%s", err, filepath.Base(f), out.String())
						default:
						}
						if time.Now().After(deadline) {
							_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
							<-done
							t.Fatalf(".ci/run never reached %s:\n%s", filepath.Base(f), out.String())
						}
					}
				}
				if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case err := <-done:
				if err == nil {
					t.Fatalf(".ci/run passed; it should have ended when go test -race %s:\n%s", mode, out.String())
				}
			case <-time.After(2 * time.Minute):
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-done
				t.Fatalf(".ci/run still ran 2 minutes on:\n%s", out.String())
			}
			if mode == "full disk" {
				// It empties Go's build cache, then stops before any step, naming what it lacks.
				args, _ := os.ReadFile(pids + ".args")
				if !strings.Contains(string(args), "clean -cache\n") || !strings.Contains(out.String(), "MiB free; a run needs") || !strings.Contains(out.String(), "point TMPDIR and GOCACHE at a disk with room") {
					t.Errorf("with 1 MiB free, .ci/run ran go %q and said:\n%s", args, out.String())
				}
				if _, err := os.Stat(ready + ".race"); err == nil || strings.Contains(out.String(), "== gofmt") {
					t.Errorf("with 1 MiB free, .ci/run went on:\n%s", out.String())
				}
			} else if _, err := os.Stat(ready + ".race"); err != nil {
				t.Fatalf(".ci/run ended before its race step:\n%s", out.String())
			}

			// Left in TMPDIR: nothing but the lock beside the run's directory.
			var left []string
			_ = filepath.WalkDir(tmp, func(p string, d os.DirEntry, err error) error {
				rel, _ := filepath.Rel(tmp, p)
				if err == nil && !d.IsDir() && !strings.HasSuffix(rel, ".lock") {
					left = append(left, rel)
				}
				if err == nil && d.IsDir() && rel != "." && strings.Count(rel, string(filepath.Separator)) >= 1 {
					left = append(left, rel+"/")
					return filepath.SkipDir
				}
				if err == nil && d.IsDir() && rel != "." && !strings.HasPrefix(rel, "spice-cloud-mcp-ci-") {
					left = append(left, rel+"/")
					return filepath.SkipDir
				}
				return nil
			})
			if len(left) > 0 {
				t.Errorf("after .ci/run ended (%s), TMPDIR still holds %v:\n%s", mode, left, out.String())
			}

			// Running on: none of the go processes it started.
			b, err := os.ReadFile(pids)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range strings.Fields(string(b)) {
				pid, _ := strconv.Atoi(f)
				for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
					if r70Testtime8Ended(pid) {
						break
					}
					if time.Now().After(deadline) {
						_ = syscall.Kill(pid, syscall.SIGKILL)
						t.Errorf("after .ci/run ended (%s), go (pid %d) still runs", mode, pid)
						break
					}
				}
			}
		})
	}
}

// r70Testtime8Ended reports whether process pid has ended: gone, or a zombie its parent has
// not reaped yet.
func r70Testtime8Ended(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command's name, which is in parentheses.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && strings.HasPrefix(s[i+1:], " Z")
}
