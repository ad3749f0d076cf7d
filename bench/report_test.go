package bench

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The README's "Performance and cost" tables are the output of one benchmark run: each
// benchmark records its rows here, the run prints the tables at the end, and
//
//	go test ./bench -run '^$' -bench . -benchtime 20x -update-readme
//
// also writes them into README.md between the markers of each table. Nothing compares the
// README with a run (the figures are noisy); the markers name the command that made them.
var updateReadme = flag.Bool("update-readme", false, "write the tables of this run into README.md (needs every benchmark: -bench .)")

// table is one generated README table: its marker name, header and rows in order. A row is
// keyed by the text of its first cell; a benchmark that records a key missing here fails.
type table struct {
	name   string
	header string
	keys   []string
}

// Row keys. To add a figure (for instance a tool-selection score to the cost table), add its key
// to the table below and call record from the benchmark that measures it.
const (
	rowColdStart      = "Cold start: spawn → `tools/list` answered over stdio (median)"
	rowMemory         = "Resident memory after `tools/list` (median)"
	rowFloorHTTP      = "The same floor with an HTTPS client and streamable HTTP linked"
	rowFloorCatalogue = "That floor serving this server's tools/list (the same tools, schemas and annotations; no-op handlers)"
	rowJSONSchemaInit = "Of that floor: initialising `santhosh-tekuri/jsonschema/v6`, which mcp-go links unconditionally"
	rowBinarySize     = "Executable (static, `-trimpath -s -w`)"
	rowStdioCall      = "Tool call round trip over stdio, real process, p50"
	rowStdioPipelined = "1,000 `tools/call` pipelined over stdio without waiting"
	rowHTTPInProcess  = "HTTP, 64 sessions calling `list_apps`, in-process emulator (`--http --sandbox`)"
	rowHTTPUpstream   = "HTTP, 64 sessions calling `list_apps`, real HTTP upstream (`sandbox-api` process as `SPICE_API_URL`)"
	rowOverhead       = "Server overhead per tool call, p50, beyond the API calls it makes (in-process: JSON-RPC in, tool, JSON-RPC out)"
	rowOverheadClient = "Same, end to end through mcp-go's in-process client"
	rowMCPGoFloor     = "mcp-go's own in-process floor: a no-op tool"

	rowCatalogue       = "`tools/list` size"
	rowListApps        = "`list_apps` result vs raw API JSON, 100 apps"
	rowListDeployments = "`list_deployments` result vs raw API JSON, 100 deployments"
	rowComposite       = "Deploy with `create_and_deploy_app` (spicepod, 2 secrets): tool calls, result tokens"
	rowPerOperation    = "Deploy with per-operation tools (regions, create, spicepod, 2 secrets, deploy, status checks)"
	rowResultBudget    = "Largest result, paging through 1,000 apps and 500 deployments (text and structured content each)"
	rowToolSelection   = "Tool selection: intended tool ranked first / in the top 3 (BM25 over the tool texts, `bench/selection`)"
)

var tables = []table{
	{name: "performance", header: "| Measure | Result | Target |\n|---|---|---|", keys: []string{
		rowColdStart, rowMemory, rowFloorHTTP, rowFloorCatalogue, rowJSONSchemaInit, rowBinarySize, rowStdioCall, rowStdioPipelined, rowHTTPInProcess, rowHTTPUpstream,
		rowOverhead, rowOverheadClient, rowMCPGoFloor,
	}},
	{name: "cost", header: "| Measure | Result | Target |\n|---|---|---|", keys: []string{
		rowCatalogue, rowListApps, rowListDeployments, rowComposite, rowPerOperation, rowResultBudget, rowToolSelection,
	}},
}

var recorded = struct {
	sync.Mutex
	rows map[string]string // key -> whole Markdown row
}{rows: map[string]string{}}

// record sets a row of a README table: its key, result and target cells.
func record(tb testing.TB, key, result, target string) {
	tb.Helper()
	known := false
	for _, t := range tables {
		known = known || slices.Contains(t.keys, key)
	}
	if !known {
		tb.Fatalf("record: no table has a row %q (add it to tables in report_test.go)", key)
	}
	recorded.Lock()
	defer recorded.Unlock()
	recorded.rows[key] = "| " + key + " | " + result + " | " + target + " |"
}

func TestMain(m *testing.M) {
	flag.Parse()
	removeAbandonedBuilds()
	code := m.Run()
	if builds.dir != "" {
		_ = os.RemoveAll(builds.dir) // the binaries built for this run
	}
	recorded.Lock()
	defer recorded.Unlock()
	if len(recorded.rows) == 0 {
		os.Exit(code)
	}
	var missing []string
	for _, t := range tables {
		fmt.Printf("\n%s\n%s\n", t.name, t.header)
		for _, key := range t.keys {
			if row, ok := recorded.rows[key]; ok {
				fmt.Println(row)
			} else {
				missing = append(missing, key)
			}
		}
	}
	if *updateReadme {
		switch {
		case code != 0:
			fmt.Fprintln(os.Stderr, "README.md not updated: the run failed")
		case len(missing) > 0:
			fmt.Fprintf(os.Stderr, "README.md not updated: no figure for %q (run every benchmark: -bench .)\n", missing)
			code = 1
		default:
			if err := writeReadme("../README.md"); err != nil {
				fmt.Fprintln(os.Stderr, "README.md:", err)
				code = 1
			} else {
				fmt.Println("\nREADME.md updated")
			}
		}
	}
	os.Exit(code)
}

// readmeCommand is what the markers say made the tables.
const readmeCommand = "go test ./bench -run '^$' -bench . -benchtime 20x -update-readme"

// writeReadme replaces each table's region of the README with this run's rows.
func writeReadme(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, t := range tables {
		begin := fmt.Sprintf("<!-- BEGIN GENERATED: %s table (%s) -->\n", t.name, readmeCommand)
		end := fmt.Sprintf("<!-- END GENERATED: %s table -->", t.name)
		i := bytes.Index(raw, []byte(begin))
		j := bytes.Index(raw, []byte(end))
		if i < 0 || j < i {
			return fmt.Errorf("no region %q … %q", strings.TrimSpace(begin), end)
		}
		var b bytes.Buffer
		b.Write(raw[:i+len(begin)])
		b.WriteString("\n" + t.header + "\n")
		for _, key := range t.keys {
			b.WriteString(recorded.rows[key] + "\n")
		}
		b.WriteString("\n")
		b.Write(raw[j:])
		raw = b.Bytes()
	}
	return os.WriteFile(path, raw, 0o644)
}

// Number formatting for the tables.

func ms(v float64) string  { return fmt.Sprintf("%.1f ms", v) }
func mib(v float64) string { return fmt.Sprintf("%.1f MiB", v) }

// thousands writes n with thousands separators: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// removeAbandonedBuilds deletes the build folders of earlier runs that were killed before
// TestMain could remove them (a timeout, an interrupt): each holds about 40 MB of binaries.
// A folder untouched for an hour belongs to no run in progress (a whole run takes minutes).
func removeAbandonedBuilds() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), buildDirPrefix+"*"))
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() && time.Since(fi.ModTime()) > time.Hour {
			_ = os.RemoveAll(dir)
		}
	}
}
