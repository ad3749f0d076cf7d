// Command bench-trivial is the process floor for the cold-start benchmark: it answers the same three
// JSON-RPC lines a client sends (initialize, initialized, tools/list) with canned responses, so
// what remains is starting a Go process and a pipe round trip.
package main

import (
	"bufio"
	"os"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		line := in.Text()
		switch {
		case strings.Contains(line, `"method":"initialize"`):
			os.Stdout.WriteString(`{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"trivial","version":"0"}}}` + "\n")
		case strings.Contains(line, `"method":"tools/list"`):
			os.Stdout.WriteString(`{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}` + "\n")
		}
	}
}
