package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// mainModule is the module path of the server under test (the parent of this module).
const mainModule = "github.com/spice-cloud-mcp/spice-cloud-mcp"

// binDir is a temporary directory for the server binary, removed by TestMain.
var binDir string

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "spice-cloud-mcp-e2e-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binDir = dir
	return m.Run()
}

// serverBinary returns the server binary under test, building it on first use (inside a
// test rather than in TestMain, so that a build failure is a test failure and go test's
// result cache sees SPICE_CLOUD_MCP_BIN).
func serverBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if bin := os.Getenv("SPICE_CLOUD_MCP_BIN"); bin != "" {
			builtBin, buildErr = filepath.Abs(bin)
			if buildErr == nil {
				_, buildErr = os.Stat(builtBin)
			}
			return
		}
		builtBin, buildErr = buildServer(binDir)
	})
	if buildErr != nil {
		t.Fatalf("server binary: %v", buildErr)
	}
	return builtBin
}

// buildServer runs `go build -o <dir>/spice-cloud-mcp .` at the repository root (this
// module's parent directory) and returns the binary's path.
func buildServer(dir string) (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("reading the server's go.mod: %w", err)
	}
	if !bytes.HasPrefix(gomod, []byte("module "+mainModule+"\n")) {
		return "", fmt.Errorf("%s is not the %s module", root, mainModule)
	}

	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "spice-cloud-mcp")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", bin, ".")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s in %s: %w\n%s", strings.Join(cmd.Args, " "), root, err, out)
	}
	return bin, nil
}
