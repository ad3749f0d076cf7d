package tools

import "github.com/spice-cloud-mcp/spice-cloud-mcp/rules"

// strayHidden is the rule of a name with no ASCII rule (an organization, a username, a tag key):
// rules.StrayHidden, which the client and the emulator apply to tag keys too.
func strayHidden(s string) bool { return rules.StrayHidden(s) }
