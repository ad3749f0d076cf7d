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

// An unquoted value ends where the text around it delimits values (round 56 ended every one
// at "&" and ";", and showed their rest: password: Tr0ub4dor&3 as "&3"): "&" and ";" are the
// value's but before the next pair, a space or the end, or after a key that follows "?", "&"
// or ";" (a query, a connection string); a connection string's value runs to its ";" over
// spaces (ADO.NET's Password=S3cret Pw;). Query pairs, lists and prose after the value stay.
func TestR57MaskingValueEndsWhereItsContextDelimits(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password: Tr0ub4dor&3":                                  "password: " + m,
		"password: Tr0ub4dor;3":                                  "password: " + m,
		"password=Tr0ub4dor&3":                                   "password=" + m,
		"password = Tr0ub4dor&3 end":                             "password = " + m + " end",
		"password: Tr0ub&amp;3 rejected":                         "password: " + m + " rejected",
		"password: a;b;c;d":                                      "password: " + m,
		"Server=db;User Id=bob;Password=S3cret Pw;Database=x":    "Server=db;User Id=bob;Password=" + m + ";Database=x",
		"Server=db;User Id=bob;Password=S3cret Pw":               "Server=db;User Id=bob;Password=" + m,
		"Server=db; User Id=bob; Password=S3cret Pw; Database=x": "Server=db; User Id=bob; Password=" + m + "; Database=x",
		"Password=S3cret Pw;Server=db":                           "Password=" + m + ";Server=db",
		"Server=db;Password=S3cret;Database=x":                   "Server=db;Password=" + m + ";Database=x",
		"https://h/x?password=abc&y=1":                           "https://h/x?password=" + m + "&y=1",
		"https://h/x?password=abc&y":                             "https://h/x?password=" + m + "&y",
		"/x?token=abc&flag":                                      "/x?token=" + m + "&flag",
		"password=abc&user=bob":                                  "password=" + m + "&user=bob",
		"password=abc; user=bob":                                 "password=" + m + "; user=bob",
		"password=abc;":                                          "password=" + m + ";",
		"password=abc & more":                                    "password=" + m + " & more",
		"token=abc&amp;user=bob":                                 "token=" + m + "&amp;user=bob",
		"password=abc failed to connect":                         "password=" + m + " failed to connect",
		"GET /v1/items?token=S3cretTok HTTP/1.1":                 "GET /v1/items?token=" + m + " HTTP/1.1",
		"password: ab&cd; user: bob":                             "password: " + m + "; user: bob",
		"password: ab&amp; rejected":                             "password: " + m + " rejected",
		"password: ab&#38;cd rejected":                           "password: " + m + " rejected",
		"User ID=bob;Password=S3cret Pw&x;Encrypt=true":          "User ID=bob;Password=" + m + ";Encrypt=true",
	})
}

// Round 56 showed a Python exception's args tuple after a credential's word (ValueError:
// invalid credentials ('bob','pw')) and HTTP Basic's base64 in a query after a path with no
// scheme (/path?basic=…, as an access log writes the request). The tuple's first string of
// several (the user) stays; so does a call's tuple, one after another word, prose in
// parentheses, and a query's other names (status code=503 outside a query).
func TestR57MaskingTupleArgsAndPathQueries(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"ValueError: invalid credentials ('bob','pw')":          "ValueError: invalid credentials ('bob','" + m + "')",
		"ValueError: invalid credentials ('bob', 'S3cretPy')":   "ValueError: invalid credentials ('bob', '" + m + "')",
		"AuthenticationError: bad password ('bob', 'S3cretPy')": "AuthenticationError: bad password ('bob', '" + m + "')",
		"AuthenticationError: bad password ('S3cretPy',)":       "AuthenticationError: bad password ('" + m + "',)",
		`LoginError: login: ("bob", "S3cretPy")`:                `LoginError: login: ("bob", "` + m + `")`,
		"/path?basic=Ym9iOnB3":                                  "/path?basic=" + m,
		"GET /path?basic=Ym9iOnB3&x=1":                          "GET /path?basic=" + m + "&x=1",
		"GET /path?x=1&code=abc123 HTTP/1.1":                    "GET /path?x=1&code=" + m + " HTTP/1.1",
		"GET /v1/items?key=S3cretKey HTTP/1.1":                  "GET /v1/items?key=" + m + " HTTP/1.1",
	})
	r52MaskingKept(t,
		"f('bob', 'pw')",
		"see credentials (optional)",
		"the credentials ('bob', None)",
		"print(password) ('a')",
		"Tuple of names ('bob', 'alice')",
		"status code=503",
		"what? code=1",
		"error code=42&x=1",
		"GET /path?mode=basic&x=1",
	)
}

// More shapes real logs and configuration carry secrets in, which round 56 showed: Google
// OAuth client secrets (GOCSPX-) and PyPI API tokens (pypi-AgE…) wherever they stand, Azure's
// --account-key (a name ending in key is weak elsewhere), rabbitmqadmin's -p and Mosquitto's
// -P, and a Terraform variable's default when its name names a credential. Kept: a prefix
// alone or short, --sort-key's column, a key file's flag, rabbitmqadmin's -P port, another
// variable's default and the block's other attributes.
func TestR57MaskingMoreRuntimeShapes(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12":                                             m,
		"oauth client GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12 rejected":                       "oauth client " + m + " rejected",
		"token pypi-AgEIcHlwaS5vcmcCJGFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5 revoked": "token " + m + " revoked",
		"az storage blob list --account-key AbCdEf0123456789AbCdEf0123456789==":           "az storage blob list --account-key " + m,
		"az storage blob list --account-key S3cretKey --account-name acct":                "az storage blob list --account-key " + m + " --account-name acct",
		"rabbitmqadmin -u bob -p S3cretRabbit list queues":                                "rabbitmqadmin -u bob -p " + m + " list queues",
		"mosquitto_pub -h broker -u bob -P S3cretMqtt -t x -m hi":                         "mosquitto_pub -h broker -u bob -P " + m + " -t x -m hi",
		`variable "db_password" { default = "S3cretTf" }`:                                 `variable "db_password" { default = "` + m + `" }`,
	})
	in := "variable \"db_password\" {\n  type      = string\n  default   = \"S3cretTf\"\n  sensitive = true\n}"
	want := "variable \"db_password\" {\n  type      = string\n  default   = \"" + m + "\"\n  sensitive = true\n}"
	if got := MaskText(in); got != want {
		t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
	}
	r52MaskingKept(t,
		"GOCSPX-short",
		"pip install pypi-AgE",
		"the pypi-AgEnt file",
		"--sort-key id",
		"--account-key-file keys.txt",
		"rabbitmqadmin -H host -P 15672 list queues",
		`variable "region" { default = "us-east-1" }`,
		`variable "db_password" { sensitive = true }`,
		`variable "db_password" { default = null }`,
	)
}
