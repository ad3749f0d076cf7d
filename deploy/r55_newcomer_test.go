package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
)

// TestR55NewcomerBundleDefaultsStartTheServer: README's "Claude Desktop, one click" installs the
// bundle and offers Sandbox, Read-only and Toolsets switches. With every option at its manifest
// default (Sandbox on, as a person trying it without an account sets it), the arguments Claude
// Desktop substitutes into mcp_config — as mcpb's getMcpConfigForManifest does, booleans as
// "true"/"false", strings as they are — must start the server. The toolsets default was "",
// which gave "--toolsets=", refused at start-up (exit 2) since --toolsets with no name stopped
// meaning every toolset: the bundle did not start with its own defaults.
func TestR55NewcomerBundleDefaultsStartTheServer(t *testing.T) {
	raw, err := os.ReadFile("../manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		UserConfig map[string]struct {
			Default any `json:"default"`
		} `json:"user_config"`
		Server struct {
			MCPConfig struct {
				Args []string `json:"args"`
			} `json:"mcp_config"`
		} `json:"server"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	for name, opt := range m.UserConfig {
		switch d := opt.Default.(type) {
		case bool:
			values[name] = fmt.Sprint(d)
		case nil:
		default:
			values[name] = fmt.Sprint(d)
		}
	}
	values["sandbox"] = "true"
	var args []string
	for _, a := range m.Server.MCPConfig.Args {
		for name, v := range values {
			a = strings.ReplaceAll(a, "${user_config."+name+"}", v)
		}
		args = append(args, a)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := cli.Run(ctx, cli.Env{Args: args, Getenv: func(string) string { return "" },
		LookupEnv: func(string) (string, bool) { return "", false },
		Stdin:     strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	if code != 0 {
		t.Errorf("the bundle's defaults %q: exit %d:\n%s", args, code, stderr.String())
	}
}
