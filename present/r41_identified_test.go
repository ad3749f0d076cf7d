package present_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR41IdentifiedByUnquotedPasswordIsMasked: Oracle's IDENTIFIED BY takes a password
// unquoted (IDENTIFIED BY hunter22); the masker masked only a quoted one. A token that does
// not read as a word of prose (a digit, mixed case, a symbol) is masked now (round 41, item 4).
func TestR41IdentifiedByUnquotedPasswordIsMasked(t *testing.T) {
	m := present.Masked
	r41Check(t, []struct{ in, want string }{
		{"CREATE USER bob IDENTIFIED BY R41unter22;", "CREATE USER bob IDENTIFIED BY " + m + ";"},
		{"ALTER USER app IDENTIFIED BY hunteR41 ACCOUNT UNLOCK", "ALTER USER app IDENTIFIED BY " + m + " ACCOUNT UNLOCK"},
		{"create user x identified by R41#pw!x default tablespace users", "create user x identified by " + m + " default tablespace users"},
		{"ALTER USER app IDENTIFIED BY\n  R41pw9x", "ALTER USER app IDENTIFIED BY\n  " + m},
		{"ALTER USER app IDENTIFIED BY VALUES 'S:R41ABCDEF0123'", "ALTER USER app IDENTIFIED BY VALUES '" + m + "'"},
		{"CREATE USER bob IDENTIFIED WITH mysql_native_password BY R41pw9;", "CREATE USER bob IDENTIFIED WITH mysql_native_password BY " + m + ";"},
		// Quoted as before; prose stays.
		{"ALTER USER 'app'@'%' IDENTIFIED BY 'R41S3cret!pw';", "ALTER USER 'app'@'%' IDENTIFIED BY '" + m + "';"},
		{"the user is identified by their email", "the user is identified by their email"},
		{"Users are identified by name.", "Users are identified by name."},
		{"ALTER USER app IDENTIFIED BY :pw", "ALTER USER app IDENTIFIED BY " + m},
		{"ALTER USER app IDENTIFIED BY ${secrets:PW}", "ALTER USER app IDENTIFIED BY ${secrets:PW}"},
	}, true)
}
