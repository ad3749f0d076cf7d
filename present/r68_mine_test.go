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
