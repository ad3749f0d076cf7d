package present

import "fmt"

// InvalidRequestMember answers (JSON-RPC -32600, with the request's id) a request whose
// "jsonrpc" or "method" member is not a string; member is the member's name.
func InvalidRequestMember(member string) string {
	if member == "jsonrpc" {
		return `Invalid Request: "jsonrpc" must be the string "2.0".`
	}
	return fmt.Sprintf("Invalid Request: %q must be a string naming the method.", member)
}
