package present

import "testing"

// Placeholders that hold no secret (None, null, a redaction, a run of "*") read as written
// after a credential's name: round 56 masked token=None, password=null, secret=<redacted>
// and password=***, so a reader could not tell a value set from none. A value that merely
// starts so (nullx9, ****x) is still masked.
func TestR57MaskingPlaceholdersKept(t *testing.T) {
	r52MaskingKept(t,
		"token=None",
		"password=null",
		`password: ""`,
		"secret=<redacted>",
		"password=***",
		"password: null",
		"token: None",
		"api_key=<REDACTED>",
		"password=[REDACTED]",
		"password='None'",
		`"password": "[FILTERED]"`,
		`{"password": null, "user": "bob"}`,
		"Password=<hidden>;Server=x",
		"DB_PASSWORD=nil",
		"--password *** login",
	)
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password=nullx9":     "password=" + m,
		"password=****x":      "password=" + m,
		"token=<S3cretTok>x":  "token=" + m,
		"password=[S3cretPw]": "password=" + m,
	})
}
