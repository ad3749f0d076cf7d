package cli_test

import (
	"strings"
	"testing"
	"time"
)

// TestR46ClaimsOrgSettingFollowsTheOrgArgumentRule: README (Command line, exit codes) says
// "SPICE_ORG with spaces around it, a control character or bytes that are not UTF-8 is refused
// by the rule tools apply to their org argument". That rule also refuses a character that does
// not show (a zero-width space, a bidirectional control, a line separator) and the braille blank
// at an end; an org argument holding one is refused, so SPICE_ORG holding one must be too, not
// sent on every call as an X-Org-Name no organization has.
func TestR46ClaimsOrgSettingFollowsTheOrgArgumentRule(t *testing.T) {
	for _, org := range []string{
		"acme-labs\u200b",     // zero-width space at the end
		"acme\u200b-labs",     // and inside
		"acme-labs\u2800",     // braille pattern blank: reads as a trailing space
		"acme\u202e-labs",     // right-to-left override
		"acme\u2028labs",      // line separator
		"ac\u0085me",          // NEL, a C1 control character
		"\u3164",              // Hangul filler alone: a blank name
		"acme\u2060labs",      // word joiner
		"\ufeffacme-labs",     // byte order mark
		"acme-labs\U000e0041", // tag character
		"acme\u00adlabs",      // soft hyphen
	} {
		for _, args := range [][]string{{"--sandbox"}, nil} {
			env := map[string]string{"SPICE_ORG": org}
			if args == nil {
				env["SPICE_API_TOKEN"] = "tok"
			}
			got := run(t, env, args...)
			if got.code != 2 || !strings.Contains(got.stderr, "SPICE_ORG") {
				t.Errorf("SPICE_ORG=%+q %v: exit %d, want 2 naming SPICE_ORG; stderr:\n%s", org, args, got.code, got.stderr)
			}
		}
	}
	// What the org argument accepts starts: since r49 a handle of [A-Za-z0-9._-]{1,64} (names
	// with a joiner that is part of their text, "acmé-labs", are refused as the argument's are).
	for _, org := range []string{"acme-labs", "Acme.Labs_2"} {
		if got := run(t, map[string]string{"SPICE_ORG": org}, "--sandbox"); got.code != 0 {
			t.Errorf("SPICE_ORG=%+q: exit %d, want 0; stderr:\n%s", org, got.code, got.stderr)
		}
	}
}

// TestR46ClaimsHugeToolTimeoutStillLetsWaitingCallsRun: README (Command line) says
// --tool-timeout is one call's time limit and "create_and_deploy_app and resume_app with wait
// add their timeout_seconds". The largest duration the flag accepts (2562047h47m16s, about 292
// years: "never time out") plus any timeout_seconds overflowed into a negative limit, so a
// waiting resume_app failed at once for a time limit that had not run out. (Its deployment
// ends in 0.4 s, before the first poll, not the demo world's 5 s: the call still sleeps under
// its limit, and an overflowed limit fails it at once whatever the deployment's length.)
func TestR46ClaimsHugeToolTimeoutStillLetsWaitingCallsRun(t *testing.T) {
	s := startStdioWorld(t, nil, r71Testtime10World(100*time.Millisecond, 300*time.Millisecond), nil, "--sandbox", "--tool-timeout", "2562047h47m16s")
	s.handshake()
	out, isErr := s.call(3, "resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true, "timeout_seconds": 30})
	if isErr || strings.Contains(out, "time limit") {
		t.Errorf("resume_app with wait under --tool-timeout 2562047h47m16s: isError=%v\n%s", isErr, out)
	}
	s.stop()
}

// TestR46ClaimsEverySandboxResultSaysSo: README (Command line, --sandbox) says "Every result
// says it comes from the sandbox". Not only successes: an unknown argument, a missing one, an
// app that matches nothing, a hidden tool, an organization the token cannot act in and an
// out-of-range timeout each end with the sandbox note, so no error reads as the real API's.
func TestR46ClaimsEverySandboxResultSaysSo(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--exclude-tools", "delete_app")
	s.handshake()
	for i, c := range []struct {
		tool string
		args map[string]any
	}{
		{"get_app", map[string]any{"app": "analytics-app", "bogus": 1}},
		{"get_app", map[string]any{"app": "zz"}},
		{"get_app", map[string]any{}},
		{"delete_app", map[string]any{"app": "analytics-app"}},
		{"get_app", map[string]any{"app": "nope-nope"}},
		{"list_apps", map[string]any{"org": "nope-org"}},
		{"check_health", map[string]any{}},
		{"whoami", map[string]any{}},
		{"wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": -1}},
	} {
		out, _ := s.call(float64(10+i), c.tool, c.args)
		if !strings.HasSuffix(strings.TrimSpace(out), "_Sandbox: emulated Spice.ai Cloud — no real account or app is touched._") {
			t.Errorf("%s %v: the result does not end with the sandbox note:\n%s", c.tool, c.args, out)
		}
	}
	s.stop()
}
