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

// TestR68MineTokenEndingInASchemeOfItsOwn: my closing fuzz run's FuzzMaskLogLinesCoversOld
// finding (seed 0aae09c83765b136) "BeArer έBeArer 000": the token after the first Bearer,
// "έBeArer", ends in a scheme of its own (a letter beyond ASCII ends no word for the old
// masker), whose credential 000 was shown where the old log masker hid it. A token that ends in
// a scheme after a character that ends a word is read as ending in that scheme, and the word
// after it is its credential; a scheme glued to a word (xBearer) is none.
func TestR68MineTokenEndingInASchemeOfItsOwn(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"BeArer έBeArer 000":                 "BeArer " + m + " " + m,
		"Bearer abc-bearer xyz9":             "Bearer " + m + " " + m,
		"Bearer €Basic dXNlcjpwYXNzd29yZA==": "Bearer " + m + " " + m,
		"Bearer xBearer 000":                 "Bearer " + m + " 000",
	})
	if got := MaskLogLines([]string{"BeArer έBeArer 000"})[0]; got != "BeArer "+m+" "+m {
		t.Errorf("MaskLogLines: %q", got)
	}
}

// TestR68MineBracketedValueBesideAPair: my closing fuzz run's second FuzzMaskLogLinesCoversOld
// finding (seed cf039490825403aa) "pAssWd=000 [pAsswd=0]000", masking13's empty bracketed value
// ([pAsswd=]000) with a value: the old masker hid "0]000" after the second key, and the oracle
// counted the 000 after the bracket, which closes the one before the key, against the first
// pair's 000. What follows that bracket is no value of the key (valueAfterCloser); the value
// inside it stays masked, and a bracket opened inside the value closes nothing.
func TestR68MineBracketedValueBesideAPair(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"pAssWd=000 [pAsswd=0]000":         "pAssWd=" + m + " [pAsswd=" + m + "]000",
		"password=x9y8z7 {Password:ab}x9y": "password=" + m + " {Password:" + m + "}x9y",
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		coversOld(t, in)
	}
	for core, want := range map[string]string{"0]000": "000", "a[b]c": "", "]000": "", "0]": ""} {
		if got := valueAfterCloser("x [pAsswd="+core, "pAsswd=", core); got != want {
			t.Errorf("valueAfterCloser(%q) = %q, want %q", core, got, want)
		}
	}
}

// TestR68MineURLPortBeforeAUnicodeSpace: my closing fuzz run's third FuzzMaskLogLinesCoversOld
// finding (seed be7e650a468c8835) "://0:000\u00a00@" was the oracle's: the old log masker hid
// "000\u00a00" as a password only because a no-break space was no space to it; with an ASCII
// space it hid nothing, and FuzzMaskInvisible holds MaskText to reading both alike (masking the
// no-break space's form failed it: "://0000:0 00@000" shown, "://0000:0\u00a000@000" masked).
// Digits after a host's colon stay a port before either space; a password between them is masked.
// The fifth finding, "Api_keY:==\u00a0000", is the same for any value: where MaskLogLines reads a
// line as with ASCII spaces and with them the old masker hid nothing of a value, it is not asked.
func TestR68MineURLPortBeforeAUnicodeSpace(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"://0:000\u00a00@":                 "://0:000\u00a00@",
		"://0:000 0@":                      "://0:000 0@",
		"dsn postgres://bob:pw9x\u00a0@db": "dsn postgres://" + m + "@db",
		// the fifth finding (seed afd5830d652ce804): a value of separators, then a Unicode space
		"Api_keY:==\u00a0000": "Api_keY:" + m + "\u00a0000",
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		if unicodeSpacesAsASCII(MaskText(in)) != MaskText(unicodeSpacesAsASCII(in)) {
			t.Errorf("MaskText reads %q otherwise with ASCII spaces", in)
		}
		coversOld(t, in)
	}
}

// TestR68MineFlagInParenthesesThenMore: my closing fuzz run's fourth FuzzMaskLogLinesCoversOld
// finding (seed d5e3dccedf21b924) "0(pAsswd:YES)0", masking13's (pAsswd:YES) with a character
// after the bracket, was the oracle's: it read the bracket that closes the value only as the
// old value's last character. The first bracket nothing in the value opened closes it; the
// value before it is the flag, and a secret there stays masked.
func TestR68MineFlagInParenthesesThenMore(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"0(pAsswd:YES)0":      "0(pAsswd:YES)0",
		"(password:s3cr3t9)x": "(password:" + m,
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		coversOld(t, in)
	}
}
