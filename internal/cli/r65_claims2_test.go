package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR65Claims2StdoutCarriesOnlyJSONRPCAgainstTheRealAPI: README's Command line says plain
// `spice-cloud-mcp` serves "MCP over stdio against the real API (stdout carries JSON-RPC only;
// logs go to stderr)". TestStdioStdoutCarriesOnlyJSONRPC holds it under --sandbox; here the
// binary talks to an API over HTTP with a token from the environment, at debug, and is fed
// what an agent or a broken client might send (a line that is no JSON, an unknown method, an
// unknown tool, a call refused for its arguments), and an approval is opened in the person's
// browser by a launcher that itself writes to its stdout and stderr. Every line of stdout, up to
// its end, is a JSON-RPC message; the launcher's words are on neither stream; the token is on
// neither.
func TestR65Claims2StdoutCarriesOnlyJSONRPCAgainstTheRealAPI(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the xdg-open path is Linux's")
	}
	const token = "sandbox" // the emulator's own token; a planted one would be refused
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	dir := t.TempDir()
	launched := filepath.Join(dir, "launched")
	script := "#!/bin/sh\necho r65-launcher-stdout\necho r65-launcher-stderr >&2\n: > " + launched + "\nexit 0\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := startRawStdioEnv(ctx, t, []string{"PATH=" + dir, "DISPLAY=:99", "SPICE_API_URL=" + api.URL, "SPICE_API_TOKEN=" + token},
		"--log-level", "debug", "--human-links", "open")
	requests := []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`this is no JSON`,
		`{"jsonrpc":"2.0","id":2,"method":"r65/no-such-method"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"r65_no_such_tool","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"a","App":"b"}}}`,
		`{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"pause_app","arguments":{"app":"analytics-app"}}}`,
	}
	for _, r := range requests {
		if _, err := io.WriteString(p.stdin, r+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	var all strings.Builder
	answered := map[float64]bool{}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(p.stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	check := func(line string) {
		all.WriteString(line + "\n")
		var msg struct {
			JSONRPC string   `json:"jsonrpc"`
			ID      *float64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil || msg.JSONRPC != "2.0" {
			t.Errorf("stdout carried a line that is no JSON-RPC message: %q", line)
		} else if msg.ID != nil {
			answered[*msg.ID] = true
		}
	}
	// The pause waits for the person; once its page was handed to the launcher and the other
	// requests are answered, closing stdin ends the server and, with it, stdout.
	for done := false; !done; {
		select {
		case line := <-lines:
			check(line)
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			t.Fatalf("answers to %v only, launcher ran: %v; stderr:\n%s", answered, fileExists(launched), p.stderr.String())
		}
		done = fileExists(launched) && answered[1] && answered[2] && answered[3] && answered[4] && answered[5]
	}
	_ = p.stdin.Close()
	for line := range lines {
		check(line)
	}
	_ = p.cmd.Wait()
	stderr := p.stderr.String()
	if !strings.Contains(stderr, "DBG") || !strings.Contains(all.String(), "analytics-app") {
		t.Errorf("no debug log on stderr, or list_apps not answered:\nstdout:\n%s\nstderr:\n%s", all.String(), stderr)
	}
	for _, leaked := range []string{"r65-launcher-stdout", "r65-launcher-stderr"} {
		if strings.Contains(all.String()+stderr, leaked) {
			t.Errorf("the browser launcher's output %q reached the server's streams", leaked)
		}
	}
	if strings.Contains(all.String(), "Bearer "+token) || strings.Contains(stderr, "Bearer "+token) {
		t.Error("the token reached stdout or stderr")
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestR65Claims2SharedSecretAHeaderCanCarry: README says the shared secret file "is read up to
// 64 KiB", and that a request's line and headers may take 32 KiB: a secret of 40 KiB was
// accepted at start-up, and then every request carrying it got 431, the server unusable with
// no word of why. A secret longer than mcpserver.MaxAuthTokenLength is refused at start-up
// (exit 2), from the file or the flag, naming where it was given and the rule, never the
// value; one of that length starts and a request carrying it is served.
func TestR65Claims2SharedSecretAHeaderCanCarry(t *testing.T) {
	long := strings.Repeat("r65-long-secret-", 40<<10/16)
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(long), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--sandbox", "--http", "127.0.0.1:0", "--http-auth-token-file", file},
		{"--sandbox", "--http", "127.0.0.1:0", "--http-auth-token", long},
	} {
		got := r63TesttimeRunUntilServing(t, args...)
		want := "more than " + plain.Number(mcpserver.MaxAuthTokenLength) + " characters"
		if got.code != 2 || !strings.Contains(got.stderr, args[3]) || !strings.Contains(got.stderr, want) || strings.Contains(got.stderr, long[:32]) {
			t.Errorf("a %d-character secret by %s: exit %d, want 2 naming the flag and %q, never the value:\n%.500s", len(long), args[3], got.code, want, got.stderr)
		}
	}
	// README's number is the one the server uses.
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`so is one of more than ([\d,]+) characters`).FindSubmatch(readme)
	if m == nil || strings.ReplaceAll(string(m[1]), ",", "") != strconv.Itoa(mcpserver.MaxAuthTokenLength) {
		t.Errorf("README gives the longest shared secret as %q, the server %d", m, mcpserver.MaxAuthTokenLength)
	}
	// The longest accepted reaches the server in a request's header and is served.
	longest := strings.Repeat("x", mcpserver.MaxAuthTokenLength)
	s := startHTTP(t, map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}, "--sandbox", "--http-auth-token", longest)
	if status := post(t, s.url, map[string]string{mcpserver.AuthTokenHeader: longest}); status != http.StatusOK {
		t.Errorf("a request carrying the longest secret accepted: status %d", status)
	}
	s.stop()
}

// TestR65Claims2TokenFileReadUpToREADMEsSize: README says the shared secret's file "is read up to
// 64 KiB, and a larger one … is refused at start-up (exit 2)": a file of exactly that size is
// read (and its secret then judged, too long for a header), one byte more is refused unread.
func TestR65Claims2TokenFileReadUpToREADMEsSize(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`it is read up to (\d+) KiB, and a larger one`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("README no longer gives the token file's size")
	}
	kib, _ := strconv.Atoi(string(m[1]))
	file := filepath.Join(t.TempDir(), "token")
	for size, want := range map[int]string{kib << 10: "more than " + plain.Number(mcpserver.MaxAuthTokenLength) + " characters", kib<<10 + 1: "holds more than " + string(m[1]) + " KiB"} {
		if err := os.WriteFile(file, []byte(strings.Repeat("s", size)), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := run(t, nil, "--sandbox", "--http", "127.0.0.1:0", "--http-auth-token-file", file); got.code != 2 || !strings.Contains(got.stderr, want) {
			t.Errorf("a token file of %d bytes: exit %d, want 2 saying %q:\n%.400s", size, got.code, want, got.stderr)
		}
	}
}
