package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// r67Claims4Between is the text of s from the line starting with from up to the line starting
// with to (excluded), or fails naming the marker it lost.
func r67Claims4Between(t *testing.T, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, "\n"+from)
	if i < 0 {
		t.Fatalf("scripts/mcpb.sh has no line starting %q", from)
	}
	j := strings.Index(s[i+1:], "\n"+to)
	if j < 0 {
		t.Fatalf("scripts/mcpb.sh has no line starting %q after %q", to, from)
	}
	return s[i+1 : i+1+j+1]
}

// TestR67Claims4PackRemovesADevBuildsServerJSON: README's "A dev build ... writes none and
// removes one an earlier pack left there" for pack, which TestR62Newcomer3DevBuildWritesNoServerJSON
// reads as text only (pack needs the mcpb CLI from npm and a cross-build). Pack's own closing
// block (server.json, then its last line) runs in bash with the script's own functions, the
// writer replaced by a stand-in: for each dev version a server.json an earlier pack left in the
// folder is gone and the last line says why; for a release the writer is called and nothing removed.
func TestR67Claims4PackRemovesADevBuildsServerJSON(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script := readFile(t, "scripts/mcpb.sh")
	funcs := r67Claims4Between(t, script, "sha256_of() {", "# write_server_json BUNDLE OUTDIR")
	tail := r67Claims4Between(t, script, "# ---- server.json for the MCP registry", "echo \"mcpb: packed")
	if !strings.Contains(tail, "release_version \"$version\"") {
		t.Fatalf("pack's server.json block no longer asks release_version:\n%s", tail)
	}
	for version, release := range map[string]bool{
		"079fb58": false, "v0.1.0-3-g079fb58": false, "v0.1.0-dirty": false, "v0.1.0-3-g079fb58-dirty": false, "dev": false,
		"v1.2.3": true, "v1.2.3-rc.1": true,
	} {
		dir := t.TempDir()
		left := filepath.Join(dir, "server.json")
		bundle := filepath.Join(dir, "spice-cloud-mcp-"+version+".mcpb")
		for _, f := range []string{left, bundle} {
			if err := os.WriteFile(f, []byte("an earlier pack's"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		prog := "set -euo pipefail\n" + funcs +
			"write_server_json() { echo \"wrote for $1\" >\"$2/written\"; }\n" +
			"repo_root=/nowhere bundle=\"$1\" outdir=\"$2\" version=\"$3\"\n" + tail + "echo \"$registry\"\n"
		out, err := exec.Command("bash", "-c", prog, "pack-tail", bundle, dir, version).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: pack's closing block: %v\n%s", version, err, out)
		}
		_, leftErr := os.Stat(left)
		_, writtenErr := os.Stat(filepath.Join(dir, "written"))
		switch {
		case release && (leftErr != nil || writtenErr != nil):
			t.Errorf("%s (a release): server.json written %v, the earlier one kept %v; want written and nothing removed (%s)", version, writtenErr == nil, leftErr == nil, out)
		case !release && (leftErr == nil || writtenErr == nil):
			t.Errorf("%s (a dev build): the earlier pack's server.json still there %v, written %v; want it removed, none written (%s)", version, leftErr == nil, writtenErr == nil, out)
		case !release && !strings.Contains(string(out), "server.json not written: '"+version+"' is a dev build"):
			t.Errorf("%s (a dev build): pack's last line %q does not say why no server.json", version, out)
		}
	}
}

// TestR67Claims4ServerJSONRefusesADevBuildWithoutNode: server-json refuses a dev build's bundle
// before it runs node, so the refusal (and no server.json) holds on a clone with no Node.js
// beside it, where TestR62Newcomer3DevBuildWritesNoServerJSON skips: a node on PATH that records
// being run is never run for a dev build.
func TestR67Claims4ServerJSONRefusesADevBuildWithoutNode(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	stub := t.TempDir()
	ran := filepath.Join(stub, "node-ran")
	if err := os.WriteFile(filepath.Join(stub, "node"), []byte("#!/bin/sh\ntouch '"+ran+"'\nexit 97\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dev := range []string{"079fb58", "v0.1.0-3-g079fb58", "v0.1.0-dirty", "dev"} {
		dir := t.TempDir()
		bundle := filepath.Join(dir, "spice-cloud-mcp-"+dev+".mcpb")
		if err := os.WriteFile(bundle, []byte("r67 bundle"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", filepath.Join(root, "scripts/mcpb.sh"), "server-json", bundle)
		cmd.Env = append(os.Environ(), "PATH="+stub+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "is a dev build") {
			t.Errorf("server-json for a %s bundle: %v, %q; want it refused as a dev build", dev, err, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "server.json")); err == nil {
			t.Errorf("server-json for a %s bundle wrote server.json", dev)
		}
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("server-json ran node for a dev build's bundle: the refusal needs Node.js")
	}
}
