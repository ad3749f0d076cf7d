package present

import "testing"

func TestR46MaskASQLPasswords(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		"CREATE USER bob WITH PASSWORD 'hunter22'":                                       "CREATE USER bob WITH PASSWORD '" + m + "'",
		"create user bob with password 'hunter22';":                                      "create user bob with password '" + m + "';",
		"ALTER ROLE x PASSWORD 'p'":                                                      "ALTER ROLE x PASSWORD '" + m + "'",
		"ALTER ROLE app WITH LOGIN ENCRYPTED PASSWORD 'md5abc' VALID UNTIL '2030-01-01'": "ALTER ROLE app WITH LOGIN ENCRYPTED PASSWORD '" + m + "' VALID UNTIL '2030-01-01'",
		"CREATE ROLE app LOGIN PASSWORD NULL":                                            "",
		"CREATE USER 'bob'@'%' IDENTIFIED BY 'p'":                                        "CREATE USER 'bob'@'%' IDENTIFIED BY '" + m + "'",
		"SET PASSWORD FOR 'bob'@'%' = 'p'":                                               "SET PASSWORD FOR 'bob'@'%' = '" + m + "'",
		"set password for bob@localhost = 'hunter22';":                                   "set password for bob@localhost = '" + m + "';",
		"SET PASSWORD FOR 'bob'@'%' = PASSWORD('hunter22')":                              "SET PASSWORD FOR 'bob'@'%' = PASSWORD('" + m + "')",
		"SET PASSWORD FOR `bob`@`%` = 'new1' REPLACE 'old1'":                             "SET PASSWORD FOR `bob`@`%` = '" + m + "' REPLACE '" + m + "'",
		"SET PASSWORD = 'hunter22'":                                                      "SET PASSWORD = '" + m + "'",
		// A password quoted right after its name in prose is masked since round 53
		// (maskAdjacentValues: password hunter2xyz); prose and other SQL keep their words.
		"the password 'hunter22' was rejected":            "the password '" + m + "' was rejected",
		"SELECT password 'x' FROM users":                  "",
		"Please set password for your account = required": "",
	}.withSelf())
}

func TestR46MaskASQLDoubledQuote(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		"ALTER ROLE x PASSWORD 'it''s9'":               "ALTER ROLE x PASSWORD '" + m + "'",
		"SET PASSWORD FOR bob = 'a''b' REPLACE 'c''d'": "SET PASSWORD FOR bob = '" + m + "' REPLACE '" + m + "'",
	})
}
