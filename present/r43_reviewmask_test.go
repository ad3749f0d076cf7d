package present_test

import (
	"strings"
	"testing"
)

// HIGH. mysqlClientBefore (spacedvalues.go) takes "mysql" right after any word starting with
// "-" for another flag's value (docker run --name mysql). But the word before is often a flag
// of a wrapper that takes no value, or not a flag at all: sh -c '<cmd>', sudo -E, env -i,
// time -p, $(docker ps -q), a Markdown bullet "- ", an arrow "->" (isKeyByte reads its "-").
// At 06d6342 every one of these had the attached password masked.
func TestR43ReviewmaskMySQLAfterWrapperFlagIsAClient(t *testing.T) {
	for _, in := range []string{
		"bash -c 'mysql -u root -pZq7xsecret'",
		`sh -c "mysql -u root -pZq7xsecret db"`,
		"kubectl exec db-0 -- sh -c 'mysql -pZq7xsecret'",
		"sudo -E mysql -pZq7xsecret",
		"env -i mysql -pZq7xsecret",
		"time -p mysqldump -pZq7xsecret db",
		"docker exec -i $(docker ps -q) mysql -pZq7xsecret",
		"- mysql -u root -pZq7xsecret",
		"1. run -> mysql -u root -pZq7xsecret",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}
