package tools

import (
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// deployableSpicepod names what keeps a spicepod as sent from deploying: it does not parse
// (rules.ParseSpicepod), or it lacks version, kind or name, or its kind is not Spicepod
// (rules.SpicepodProblem), which the API stores but the deployment refuses, or its version is
// v1beta1, which the API stores but no published runtime (all v2.x) starts on
// (rules.SpicepodVersionRemoved: the deployment fails unable_to_start). Every tool that stores
// a spicepod (update_app, create_and_deploy_app) refuses with it before any request, in the
// same words.
func deployableSpicepod(raw any) string {
	pod, msg := rules.ParseSpicepod(raw)
	if s, ok := raw.(string); ok && strings.TrimSpace(s) == "" {
		return present.ArgSpicepodEmpty
	}
	if msg == "" {
		msg = rules.SpicepodInexact(pod) // the API would store it rounded
	}
	if msg == "" {
		msg = rules.SpicepodProblem(pod)
	}
	if msg == "" && rules.SpicepodVersionRemoved(pod) {
		msg = present.SpicepodVersionRemoved(rules.RemovedSpicepodVersion)
	}
	return msg
}

// maskedSpicepod refuses a spicepod that still holds the placeholder results show in place of
// a credential (present.Masked), naming where: it was copied from get_app or describe_app, and
// writing it would replace real configuration with asterisks. update_app and
// create_and_deploy_app check it before any request. YAML that does not parse (an unquoted
// ******** is a YAML alias) is located by line.
func maskedSpicepod(raw any) string {
	pod, msg := rules.ParseSpicepod(raw)
	if msg == "" {
		if paths := present.MaskedPaths(pod); len(paths) > 0 {
			return present.SpicepodMasked(paths)
		}
		return ""
	}
	text, ok := raw.(string)
	if !ok || !strings.Contains(text, present.Masked) {
		return ""
	}
	var lines []string
	n := 0
	for line := range strings.Lines(text) {
		n++
		if strings.Contains(line, present.Masked) {
			lines = append(lines, "line "+strconv.Itoa(n))
		}
	}
	return present.SpicepodMasked(lines)
}
