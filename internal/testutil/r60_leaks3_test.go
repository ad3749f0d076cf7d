package testutil

import (
	"strings"
	"testing"
)

// TestR60Leaks3OriginsNameTheTest: given goleak's report and the runtime's stacks with
// ancestors (GODEBUG=tracebackancestors), leakOrigins names the test that started each
// goroutine left, and prints its stack with its ancestors'.
func TestR60Leaks3OriginsNameTheTest(t *testing.T) {
	t.Setenv("GODEBUG", "tracebackancestors=50")
	report := `found unexpected goroutines:
[Goroutine 92778 in state select, 10 minutes, with net/http.(*persistConn).readLoop on top of the stack:
net/http.(*persistConn).readLoop(0x12f73e92b040)
	/usr/local/go/src/net/http/transport.go:2450 +0xc05
created by net/http.(*Transport).dialConn in goroutine 92777
	/usr/local/go/src/net/http/transport.go:1994 +0x16ac
]`
	stacks := `goroutine 1 [running]:
main.main()
	/x/main.go:1 +0x1

goroutine 92778 [select, 10 minutes]:
net/http.(*persistConn).readLoop(0x12f73e92b040)
	/usr/local/go/src/net/http/transport.go:2450 +0xc05
created by net/http.(*Transport).dialConn in goroutine 92777
	/usr/local/go/src/net/http/transport.go:1994 +0x16ac
[originating from goroutine 92777]:
net/http.(*Transport).dialConn(...)
	/usr/local/go/src/net/http/transport.go:1994 +0x16ac
[originating from goroutine 92700]:
net/http.(*Client).Do(...)
	/usr/local/go/src/net/http/client.go:1 +0x1
github.com/x/y/mcpserver_test.TestR59PageGet.func2(...)
	/x/mcpserver/r59_page_test.go:40 +0x1
github.com/x/y/mcpserver_test.TestR59PageGet(...)
	/x/mcpserver/r59_page_test.go:30 +0x1
testing.tRunner(...)
	/usr/local/go/src/testing/testing.go:1 +0x1

goroutine 5 [select]:
main.other()
	/x/main.go:2 +0x1
`
	got := leakOrigins(report, stacks)
	for _, want := range []string{"goroutine 92778 was started by test mcpserver_test.TestR59PageGet;", "[originating from goroutine 92700]:", "r59_page_test.go:40"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "main.other") || strings.Contains(got, "goroutine 1 ") {
		t.Errorf("goroutines not left are named:\n%s", got)
	}
	t.Setenv("GODEBUG", "")
	if got := leakOrigins(report, stacks); !strings.Contains(got, "GODEBUG=tracebackancestors=50") {
		t.Errorf("without ancestors, no hint how to get them: %q", got)
	}
}
