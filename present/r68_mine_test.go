package present

import "testing"

// TestR68MineCredentialNamedValueThenSpacedColon: masking13's last FuzzMaskLogLinesCoversOld
// finding (seed c78f7677abc68ec5) "keY:0token :000" showed ":000" as HTTPie's shorthand after
// a masked password, where the old log masker hid it. A masked value that is itself a
// credential's name (0token) is a key when a separator follows it, as it is with ": 000";
// HTTPie's password before its :8080/api is a password, not a name, and keeps the URL.
func TestR68MineCredentialNamedValueThenSpacedColon(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"keY:0token :000":                  "keY:" + m + " :" + m,
		"keY:0token : 000":                 "keY:" + m + " : " + m,
		"user=bob api_key :s3cr3tv4lue":    "user=bob api_key :" + m,
		"http -a admin:hunter22 :8080/api": "http -a admin:" + m + " :8080/api",
	})
	if got := MaskLogLines([]string{"keY:0token :000"})[0]; got != "keY:"+m+" :"+m {
		t.Errorf("MaskLogLines: %q", got)
	}
}

// TestR68MineSandboxToolsNamedOnce: in sandbox mode a text that names hidden tools where it would
// name the portal (toolsInstead) named them twice, the second time as the subject inside its own
// brackets ("list_deployments and get_deployment (list_deployments and get_deployment are not
// available here (each: …): …)"), which words7 found reading the goldens. The names lead once;
// the brackets say why, naming a tool again only to give its own reason.
func TestR68MineSandboxToolsNamedOnce(t *testing.T) {
	reason := "your token lacks the deployments:read scope"
	for _, tc := range []struct {
		missing []UnavailableTool
		want    string
	}{
		{[]UnavailableTool{{Name: "list_deployments", Reason: reason, Sandbox: true}},
			"list_deployments (not available here (" + reason + "): the sandbox has no portal that shows the app's deployments instead; an operator can make it available)"},
		{[]UnavailableTool{{Name: "list_deployments", Reason: reason, Sandbox: true}, {Name: "get_deployment", Reason: reason, Sandbox: true}},
			"list_deployments and get_deployment (not available here (each: " + reason + "): the sandbox has no portal that shows the app's deployments instead; an operator can make them available)"},
		{[]UnavailableTool{{Name: "list_deployments", Reason: reason, Sandbox: true}, {Name: "get_deployment", Reason: HiddenExcluded, Sandbox: true}},
			"list_deployments and get_deployment (not available here (list_deployments: " + reason + "; get_deployment: " + HiddenExcluded + "): the sandbox has no portal that shows the app's deployments instead; an operator can make them available)"},
	} {
		if got := toolsInstead(tc.missing, "the app's deployments"); got != tc.want {
			t.Errorf("toolsInstead\n got  %q\n want %q", got, tc.want)
		}
	}
}
