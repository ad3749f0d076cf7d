package cli_test

import (
	"context"
	"encoding/json"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
)

// TestR48NewcomerREADMEDefaultsMatchHelp: every default README's "Command line" table gives a
// flag is the one --help prints (a row naming several flags gives their defaults in order;
// durations compare as durations, so `60s` is --help's 1m0s).
func TestR48NewcomerREADMEDefaultsMatchHelp(t *testing.T) {
	helpDefault := helpDefaults(t, "--help")
	section := r47NewcomerSection(t, "## Command line")
	flagName := regexp.MustCompile("`(--[a-z-]+)")
	// "(default `60s`", "(default 1000" and "`auto` (default: …" ("(default: from each
	// request's Host" gives no value).
	readmeDefault := regexp.MustCompile("(?:`([^`]+)` )?\\(default(?::? `?([^`,;)\\s]+)`?[,;)]|\\b)")
	checked := 0
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 2 || !strings.HasPrefix(cells[0], "| `--") {
			continue
		}
		var flags []string
		for _, m := range flagName.FindAllStringSubmatch(cells[0], -1) {
			flags = append(flags, m[1])
		}
		defaults := readmeDefault.FindAllStringSubmatch(strings.Join(cells[1:], " | "), -1)
		if len(defaults) == 0 {
			continue
		}
		if len(defaults) > len(flags) {
			t.Errorf("README row %v gives %d defaults", flags, len(defaults))
			continue
		}
		for i, d := range defaults {
			flag, want := flags[i], d[2]
			if want == "" {
				want = d[1]
			}
			if want == "" {
				continue
			}
			got, ok := helpDefault[flag]
			checked++
			switch {
			case !ok:
				t.Errorf("README gives %s the default %q; --help gives it none", flag, want)
			case got == want, got == want+":0": // --human-listen: the port is random
			case r48NewcomerSameDuration(got, want):
			default:
				t.Errorf("README gives %s the default %q; --help says %q", flag, want, got)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d defaults; the patterns lost them", checked)
	}
}

func r48NewcomerSameDuration(a, b string) bool {
	da, errA := time.ParseDuration(a)
	db, errB := time.ParseDuration(b)
	return errA == nil && errB == nil && da == db
}

// TestR48NewcomerSandboxWorldAsDescribed: README's --sandbox row names the demo world — the
// organization sandbox with analytics-app and docs-search, acme-labs on Enterprise with
// nightly-etl paused and fraud-scoring failed — and says every result comes from the sandbox.
// Checked over stdio with mcp-go's client against the built binary.
func TestR48NewcomerSandboxWorldAsDescribed(t *testing.T) {
	section := r47NewcomerSection(t, "## Command line")
	for _, claim := range []string{"`sandbox`: `analytics-app` and `docs-search`", "`acme-labs`, Enterprise: `nightly-etl` paused and `fraud-scoring` failed", "Every result says it comes from the sandbox"} {
		if !strings.Contains(section, claim) {
			t.Fatalf("README's --sandbox row no longer says %q; update this test", claim)
		}
	}
	call := r48NewcomerSandboxCaller(t)
	if got := call("list_orgs", nil); !strings.Contains(got, "| sandbox |") || !strings.Contains(got, "| acme-labs |") {
		t.Errorf("list_orgs: %s", got)
	}
	if got := call("list_apps", nil); !strings.Contains(got, "2 apps") || !strings.Contains(got, "analytics-app") || !strings.Contains(got, "docs-search") {
		t.Errorf("list_apps in sandbox: %s", got)
	}
	if got := call("list_apps", map[string]any{"org": "acme-labs"}); !strings.Contains(got, "2 apps") || !strings.Contains(got, "nightly-etl") || !strings.Contains(got, "fraud-scoring") {
		t.Errorf("list_apps in acme-labs: %s", got)
	}
	if got := call("describe_app", map[string]any{"org": "acme-labs", "app": "nightly-etl"}); !strings.Contains(got, "**Paused**") {
		t.Errorf("nightly-etl is not paused: %s", got)
	}
	if got := call("list_deployments", map[string]any{"org": "acme-labs", "app": "fraud-scoring"}); !strings.Contains(got, "failed") {
		t.Errorf("fraud-scoring has no failed deployment: %s", got)
	}
	// Dedicated clusters are an Enterprise feature: acme-labs has them, sandbox has none.
	if got := call("list_clusters", map[string]any{"org": "acme-labs"}); !strings.Contains(got, "dedicated clusters") || strings.Contains(got, "no dedicated clusters") {
		t.Errorf("acme-labs lists no cluster, as if not on Enterprise: %s", got)
	}
	if got := call("list_clusters", nil); !strings.Contains(got, "no dedicated clusters (an Enterprise feature)") {
		t.Errorf("sandbox lists clusters, as if on Enterprise: %s", got)
	}
}

// TestR48NewcomerStartFailureLogsAtTheLevelREADMESays: README's --log-level row gives each level
// its use; a server that cannot start (an address already in use, exit 1) logs at error, which
// README said was "for a bug" alone, so an operator filtering on it would not look there.
func TestR48NewcomerStartFailureLogsAtTheLevelREADMESays(t *testing.T) {
	row := ""
	for _, line := range strings.Split(r47NewcomerSection(t, "## Command line"), "\n") {
		if strings.HasPrefix(line, "| `--log-level") {
			row = line
		}
	}
	if !strings.Contains(row, "`error` for a bug and for what stops the server (an address already in use") {
		t.Errorf("README's --log-level row does not say an address already in use is logged at error: %q", row)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := run(t, nil, "--sandbox", "--log-format", "json", "--http", ln.Addr().String())
	if got.code != 1 || !strings.Contains(got.stderr, `"level":"ERROR"`) || !strings.Contains(got.stderr, "already in use") {
		t.Errorf("exit %d, stderr %q; want exit 1 and the address named at level ERROR", got.code, got.stderr)
	}
}

// TestR48NewcomerQuotedStartupErrorsAreWhatPrints: the error texts README's "Command line"
// quotes (up to their "…") are the first line the command prints, exit 2, and the argument
// that may be a credential appears nowhere.
func TestR48NewcomerQuotedStartupErrorsAreWhatPrints(t *testing.T) {
	section := strings.Join(strings.Fields(r47NewcomerSection(t, "## Command line")), " ")
	const secret = "spat_r48NewcomerNotShown"
	for _, c := range []struct {
		quote string
		args  []string
	}{
		{"`--allowed-origins applies only with --http: over stdio it would do nothing; …`", []string{"--allowed-origins", "https://a.example"}},
		{"`--exclude-tools is given more than once: …`", []string{"--exclude-tools", "delete_app", "--exclude-tools", "pause_app"}},
		{"`unexpected argument 2 (after --http-allow-server-token), not shown as it may be a credential: …`", []string{"--http-allow-server-token", secret}},
		{"`flag provided but not defined: argument 2 (after --sandbox), not shown …`", []string{"--sandbox", "-" + secret}},
		{"`bad flag syntax: argument 2 …`", []string{"--sandbox", "-=" + secret}},
		{"`invalid boolean value for --http-allow-server-token (not shown, …)`", []string{"--http-allow-server-token=" + secret}},
	} {
		if !strings.Contains(section, c.quote) {
			t.Errorf("README's Command line no longer quotes %s; update this test", c.quote)
			continue
		}
		want, _, _ := strings.Cut(strings.Trim(c.quote, "`"), "…")
		got := run(t, nil, c.args...)
		first, _, _ := strings.Cut(got.stderr, "\n")
		if got.code != 2 || !strings.HasPrefix(first, want) || strings.Contains(got.stderr+got.stdout, "r48NewcomerNotShown") {
			t.Errorf("%q: exit %d, first line %q; README quotes %q", c.args, got.code, first, want)
		}
	}
}

// r48NewcomerSandboxCaller starts the built binary with --sandbox over stdio (mcp-go's client)
// and returns a function that calls a tool, failing the test on an error result or a result
// without the sandbox note.
func r48NewcomerSandboxCaller(t *testing.T) func(name string, args map[string]any) string {
	c, ctx := r72DupsStdioClient(t, "--sandbox")
	return func(name string, args map[string]any) string {
		t.Helper()
		var req mcp.CallToolRequest
		req.Params.Name = name
		req.Params.Arguments = args
		res, err := c.CallTool(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		text := res.Content[0].(mcp.TextContent).Text
		if res.IsError {
			t.Errorf("%s %v failed: %s", name, args, text)
		}
		if !strings.Contains(text, "Sandbox: emulated Spice.ai Cloud") {
			t.Errorf("%s %v does not say it comes from the sandbox: %s", name, args, text)
		}
		return text
	}
}

// TestR48NewcomerListOrgsNamesTheActingOrgOnlyWhenKnown: README (Tools) said list_orgs names the
// organization calls without org act in, "else the token's own"; an opaque token — the sandbox's
// "sandbox", a newcomer's first try — does not say which that is, so list_orgs names none and
// whoami says the API does not tell. README now says when it is named.
func TestR48NewcomerListOrgsNamesTheActingOrgOnlyWhenKnown(t *testing.T) {
	tools := strings.Join(strings.Fields(r47NewcomerSection(t, "## Tools")), " ")
	if !strings.Contains(tools, "an opaque token, the sandbox's `sandbox` included, names none, and then neither does `list_orgs`") {
		t.Errorf("README's Tools does not say list_orgs names no acting organization for an opaque token")
	}
	call := r48NewcomerSandboxCaller(t)
	if got := call("list_orgs", nil); strings.Contains(got, "tools act in") {
		t.Errorf("list_orgs names an acting organization under --sandbox: %s", got)
	}
	if got := call("whoami", nil); !strings.Contains(got, "the API does not say which it is") {
		t.Errorf("whoami under --sandbox: %s", got)
	}
}

// r48NewcomerToolsList is the tools/list answer of the built binary started with args, as a
// client receives it (JSON), and its number of tools.
func r48NewcomerToolsList(t *testing.T, args ...string) (string, int) {
	t.Helper()
	c, err := mcpclient.NewStdioMCPClient(serverBinary(t), cleanEnv(), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	res, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw), len(res.Tools)
}

// TestR48NewcomerSchemaFlagsCostWhatREADMESays: README's Command line says --output-schemas
// "more than doubles tools/list, about 2.3×" and --strict-schemas "costs 5 tokens a tool" (o200k, as every
// token count README gives).
func TestR48NewcomerSchemaFlagsCostWhatREADMESays(t *testing.T) {
	section := strings.Join(strings.Fields(r47NewcomerSection(t, "## Command line")), " ")
	for _, claim := range []string{"it more than doubles `tools/list`, about 2.5×", "it costs 5 tokens a tool"} {
		if !strings.Contains(section, claim) {
			t.Fatalf("README's Command line no longer says %q; update this test", claim)
		}
	}
	plain, n := r48NewcomerToolsList(t, "--sandbox")
	strict, _ := r48NewcomerToolsList(t, "--sandbox", "--strict-schemas")
	output, _ := r48NewcomerToolsList(t, "--sandbox", "--output-schemas")
	base := tokens.Count(plain)
	perTool := float64(tokens.Count(strict)-base) / float64(n)
	ratio := float64(tokens.Count(output)) / float64(base)
	t.Logf("%d tools, %d tokens; --strict-schemas %.1f a tool more; --output-schemas %.2f×", n, base, perTool, ratio)
	if perTool < 4.5 || perTool > 5.5 {
		t.Errorf("--strict-schemas costs %.1f tokens a tool; README says 5", perTool)
	}
	if ratio < 2.3 || ratio > 2.7 {
		t.Errorf("--output-schemas makes tools/list %.2f× as long; README says it more than doubles, about 2.5×", ratio)
	}
}

// TestR48NewcomerSandboxAPIRepeatableFlagsAsListed: README's Command line says only sandbox-api's
// flags marked repeatable in its --help (--org, --token, --oauth-client, --fault, --user) add up;
// any other of its flags given twice is refused (exit 2), naming it.
func TestR48NewcomerSandboxAPIRepeatableFlagsAsListed(t *testing.T) {
	section := strings.Join(strings.Fields(r47NewcomerSection(t, "## Command line")), " ")
	listed := r48NewcomerFind(t, section, "marked repeatable in its `--help` \\(([^)]*)\\) add up")
	var want []string
	for _, m := range regexp.MustCompile("`(--[a-z-]+)`").FindAllStringSubmatch(listed, -1) {
		want = append(want, m[1])
	}
	help := run(t, nil, "sandbox-api", "--help")
	var marked, others []string
	for _, m := range regexp.MustCompile(`(?m)^  (--[a-z-]+) .*$`).FindAllStringSubmatch(help.stdout+help.stderr, -1) {
		if strings.Contains(m[0], "(repeatable)") {
			marked = append(marked, m[1])
		} else if m[1] != "--help" {
			others = append(others, m[1])
		}
	}
	slices.Sort(want)
	slices.Sort(marked)
	if !slices.Equal(want, marked) || len(others) < 5 {
		t.Fatalf("README lists %v as repeatable; sandbox-api --help marks %v (others %v)", want, marked, others)
	}
	values := map[string]string{"--allowed-hosts": "spice.test", "--config": "/nonexistent.yaml", "--demo": "", "--listen": "127.0.0.1:0", "--log-format": "text",
		"--log-level": "info", "--queued-for": "1s", "--runs-for": "1s", "--rate-limit": "0", "--token-ttl": "1h"}
	for _, flag := range others {
		value, ok := values[flag]
		if !ok {
			t.Errorf("no value known for sandbox-api's %s; add one to this test", flag)
			continue
		}
		arg := flag
		if value != "" {
			arg += "=" + value
		}
		got := run(t, nil, "sandbox-api", arg, arg)
		if got.code != 2 || !strings.Contains(got.stderr, flag+" is given more than once") {
			t.Errorf("sandbox-api %s twice: exit %d, stderr %q", flag, got.code, got.stderr)
		}
	}
}

func r48NewcomerFind(t *testing.T, text, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("README: no match for %s", pattern)
	}
	return m[1]
}

// TestR48NewcomerResourcesAsListed: the resources and templates README's "Prompts and
// resources" names (the default organization's and the per-organization app views) are exactly
// what resources/list and resources/templates/list give over stdio.
func TestR48NewcomerResourcesAsListed(t *testing.T) {
	section := r47NewcomerSection(t, "## Prompts and resources")
	_, paragraph, ok := strings.Cut(section, "\nResources (")
	if !ok {
		t.Fatal(`README's "Prompts and resources" has no paragraph starting "Resources ("`)
	}
	paragraph, _, _ = strings.Cut(paragraph, "`{app}` is a name or an ID")
	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`(spice://[^`]+)`").FindAllStringSubmatch(paragraph, -1) {
		named[m[1]] = true
	}
	c, err := mcpclient.NewStdioMCPClient(serverBinary(t), cleanEnv(), "--sandbox")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	resources, err := c.ListResources(ctx, mcp.ListResourcesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range resources.Resources {
		served[r.URI] = true
	}
	templates, err := c.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range templates.ResourceTemplates {
		served[r.URITemplate.Raw()] = true
	}
	for uri := range named {
		if !served[uri] {
			t.Errorf("README names %s; the server lists no such resource or template", uri)
		}
	}
	for uri := range served {
		if !named[uri] {
			t.Errorf("the server lists %s; README's Resources paragraph does not name it", uri)
		}
	}
	if len(served) < 8 {
		t.Errorf("the server lists %d resources and templates: %v", len(served), served)
	}
}

// TestR48NewcomerFlagGivenTwiceSpeaksOfListsOnlyForLists: a flag given twice is refused saying to
// give it once; the reminder that a list flag takes its items separated by commas belongs to
// the list flags (--tools, --toolsets, --exclude-tools, --allowed-origins), and read as noise
// after --sandbox or sandbox-api's --listen given twice.
func TestR48NewcomerFlagGivenTwiceSpeaksOfListsOnlyForLists(t *testing.T) {
	const reminder = "a list flag takes its items separated by commas"
	for _, c := range []struct {
		args []string
		flag string
		list bool
	}{
		{[]string{"--exclude-tools", "delete_app", "--exclude-tools", "pause_app"}, "--exclude-tools", true},
		{[]string{"--tools", "list_apps", "--tools", "get_app"}, "--tools", true},
		{[]string{"--sandbox", "--sandbox"}, "--sandbox", false},
		{[]string{"--confirm", "agent", "--confirm", "off"}, "--confirm", false},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:0", "--listen", "127.0.0.1:0"}, "--listen", false},
	} {
		got := run(t, nil, c.args...)
		first, _, _ := strings.Cut(got.stderr, "\n")
		if got.code != 2 || !strings.Contains(first, c.flag+" is given more than once: give it once") ||
			strings.Contains(first, reminder) != c.list {
			t.Errorf("%q: exit %d, %q; want the flag named, and the list reminder only for a list flag (%v)", c.args, got.code, first, c.list)
		}
	}
}

// TestR48NewcomerHumanListenPortAloneIsLoopback: README's --human-listen row says an address
// without a host is loopback (`:8788` is `127.0.0.1:8788`): the secret page's link names
// 127.0.0.1 and the port it listens on, and the page is not reachable there on the machine's other
// address.
func TestR48NewcomerHumanListenPortAloneIsLoopback(t *testing.T) {
	section := r47NewcomerSection(t, "## Command line")
	if !strings.Contains(section, "(`:8788` is `127.0.0.1:8788`)") {
		t.Fatal("README's --human-listen row no longer says :8788 is 127.0.0.1:8788; update this test")
	}
	// ":0", the port alone, which the kernel picks as the page listens: a port found free
	// beforehand could be another process's by the time the page listened.
	c, err := mcpclient.NewStdioMCPClient(serverBinary(t), cleanEnv(), "--sandbox", "--human-links", "show", "--human-listen", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	var req mcp.CallToolRequest
	req.Params.Name = "set_secret"
	req.Params.Arguments = map[string]any{"app": "analytics-app", "name": "R48_KEY"}
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	text := res.Content[0].(mcp.TextContent).Text
	_, after, _ := strings.Cut(text, "http://127.0.0.1:")
	port, _, ok := strings.Cut(after, "/human/")
	if n, err := strconv.Atoi(port); !ok || err != nil || n <= 0 || n > 65535 {
		t.Fatalf("set_secret's page link does not name 127.0.0.1 and a port: %s", text)
	}
	other := testutil.NonLoopbackIPv4(t)
	if conn, err := net.DialTimeout("tcp", net.JoinHostPort(other, port), 2*time.Second); err == nil {
		conn.Close()
		t.Errorf("the page answers on %s:%s, beyond loopback", other, port)
	}
}

// helpDefaults runs the binary with args (ending in --help) and returns each flag's default as
// its help prints it ("(default 1m0s)").
func helpDefaults(t *testing.T, args ...string) map[string]string {
	t.Helper()
	help := run(t, nil, args...)
	if help.code != 0 {
		t.Fatalf("%s: exit %d", strings.Join(args, " "), help.code)
	}
	defaults := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^  (--[a-z-]+)\b.*\(default ([^)]+)\)$`).FindAllStringSubmatch(help.stdout+help.stderr, -1) {
		defaults[m[1]] = m[2]
	}
	return defaults
}
