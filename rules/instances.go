package rules

import (
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// The instance-name rule is the {instanceName} path rule of openapi.json. The contract's
// Instance.name is a plain string, so the rule takes any name list_instances can show
// ("Edge_Node-01" as well as a Kubernetes pod name) of at most InstanceNameMax characters but
// what would not stay one harmless path segment: all dots ("." and ".."), or a name holding '/',
// '\', '%', '?', '#', white space (Unicode's: the pattern spells out what ECMA-262's \s matches
// beyond ASCII, as RE2's \s is ASCII only) or a control character. It is our assumption
// (api/README.md §10).
var InstanceNamePattern = instanceNameParam.Rule.Pattern

// InstanceNameMax is the rule's length cap, in characters.
var InstanceNameMax = instanceNameParam.Rule.MaxLength

var instanceNameParam, _ = api.GetProjectInstanceLogs.Param("instanceName")

// ecmaSpaces is the white space ECMA-262's \s matches beyond ASCII (WhiteSpace and
// LineTerminator: Unicode's Zs, U+FEFF, U+2028, U+2029), as InstanceNamePattern spells it.
const ecmaSpaces = " \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

// InstanceNameSchemaPattern is InstanceNamePattern as tools/list shows it: the spelled-out white
// space written \s. JSON Schema reads a pattern as ECMA-262, where \s is exactly that white space
// (and the ASCII one), so a client's validator reads the rule; RE2, whose \s is ASCII, reads a
// looser one the server's check completes. It costs 28 fewer tokens, which tools/list lacks.
var InstanceNameSchemaPattern = strings.ReplaceAll(InstanceNamePattern, ecmaSpaces, `\s`)

// InstanceName checks a runtime instance (pod) name, in the words the client's path check
// uses for it.
func InstanceName(name string) string { return instanceNameParam.Rule.Check(name) }
