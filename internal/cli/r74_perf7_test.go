package cli_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
)

// r74Perf7Profiling reports whether this process is writing a CPU profile: only one can run at
// a time, so starting one fails while the server's runs.
func r74Perf7Profiling() bool {
	if err := pprof.StartCPUProfile(io.Discard); err != nil {
		return true
	}
	pprof.StopCPUProfile()
	return false
}

// r74Perf7CheckProfile checks that path holds a CPU profile: gzip-compressed protobuf, not empty.
func r74Perf7CheckProfile(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no profile written: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s is not a gzip-compressed profile: %v", path, err)
	}
	if body, err := io.ReadAll(zr); err != nil || len(body) == 0 {
		t.Fatalf("%s: %d bytes of profile (%v)", path, len(body), err)
	}
}

// TestR74Perf7CPUProfileWrittenOnExit: SPICE_MCP_CPUPROFILE has both commands (the server, here
// in HTTP and in stdio mode, and sandbox-api) profile their run and write the profile when they
// return; the stdio server writes nothing of it to stdout, its JSON-RPC stream.
func TestR74Perf7CPUProfileWrittenOnExit(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--http", "127.0.0.1:0", "--log-format", "json", "--sandbox"},
		{"sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json"},
	} {
		path := filepath.Join(dir, args[0]+".pprof")
		s := startServer(t, map[string]string{"SPICE_MCP_CPUPROFILE": path}, args...)
		if !r74Perf7Profiling() {
			t.Errorf("%q with SPICE_MCP_CPUPROFILE: not profiling while it serves", args)
		}
		s.stop()
		if r74Perf7Profiling() {
			t.Errorf("%q: still profiling after it returned", args)
		}
		r74Perf7CheckProfile(t, path)
	}

	path := filepath.Join(dir, "stdio.pprof")
	got := run(t, map[string]string{"SPICE_MCP_CPUPROFILE": path}, "--sandbox")
	if got.code != 0 || got.stdout != "" {
		t.Errorf("stdio with SPICE_MCP_CPUPROFILE: exit %d, stdout %q, want 0 and nothing", got.code, got.stdout)
	}
	r74Perf7CheckProfile(t, path)
}

// TestR74Perf7CPUProfileOffByDefault: without SPICE_MCP_CPUPROFILE (or with it empty) nothing
// is profiled while the server serves.
func TestR74Perf7CPUProfileOffByDefault(t *testing.T) {
	for _, env := range []map[string]string{nil, {"SPICE_MCP_CPUPROFILE": ""}} {
		for _, args := range [][]string{
			{"--http", "127.0.0.1:0", "--log-format", "json", "--sandbox"},
			{"sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json"},
		} {
			s := startServer(t, env, args...)
			if r74Perf7Profiling() {
				t.Errorf("%q, environment %v: profiling", args, env)
			}
			s.stop()
		}
	}
}

// TestR74Perf7CPUProfileUnwritableIsRefused: a file that cannot be created is refused before
// anything starts (exit 2), naming the variable, on stderr only.
func TestR74Perf7CPUProfileUnwritableIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "cpu.pprof")
	for _, args := range [][]string{{"--sandbox"}, {"sandbox-api", "--listen", "127.0.0.1:0"}} {
		got := run(t, map[string]string{"SPICE_MCP_CPUPROFILE": path}, args...)
		if got.code != 2 || got.stdout != "" || !strings.Contains(got.stderr, "SPICE_MCP_CPUPROFILE") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, and the variable named", args, got.code, got.stdout, got.stderr)
		}
	}
}
