// Command bench-jsonschema-init is the trivial process floor plus one import: the JSON Schema
// validator mcp-go v1.2.1 links unconditionally, whose package initialisation compiles every
// JSON Schema meta-schema. The difference to the trivial binary is what that initialisation
// costs every mcp-go server at start-up, whether or not it validates anything.
package main

import (
	"bufio"
	"os"
	"strings"

	_ "github.com/santhosh-tekuri/jsonschema/v6"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		line := in.Text()
		switch {
		case strings.Contains(line, `"method":"initialize"`):
			os.Stdout.WriteString(`{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"jsonschemainit","version":"0"}}}` + "\n")
		case strings.Contains(line, `"method":"tools/list"`):
			os.Stdout.WriteString(`{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}` + "\n")
		}
	}
}
