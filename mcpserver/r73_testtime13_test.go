package mcpserver_test

import "strings"

// r73Testtime13TransportWords are the literals of TestR69Hostile13OnlyStdioAndHTTPServeUsers's
// transports pattern: a file it matches holds one of them.
var r73Testtime13TransportWords = []string{"server.NewStdioServer(", "server.ServeStdio(", "server.NewStreamableHTTPServer(",
	"server.NewSSEServer(", "server.NewTestServer(", "server.NewTestStreamableHTTPServer(", ".HandleMessage(",
	"NewInProcessClient", "NewInProcessTransport", "client.NewClient("}

func r73Testtime13Holds(src string, words []string) bool {
	for _, w := range words {
		if strings.Contains(src, w) {
			return true
		}
	}
	return false
}
