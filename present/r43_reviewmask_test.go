package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
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

// HIGH. One log entry over two lines (a token wrapped by the program): MaskLogLines reads the
// break as a line separator, and README (the line break inside one log line "is read so too,
// so its value is masked up to the next space after the break") promises the rest masked, as
// 06d6342 did. The Bearer/Basic pass masks only the part before the separator; pairBreakAt's
// new "a mask before a break ends there, whatever follows" (credentials.go, pairBreakAt) then
// stops maskPairs from reading on: the token's second half is shown.
func TestR43ReviewmaskLogWrappedBearerRestIsMasked(t *testing.T) {
	for _, in := range []string{
		"Authorization: Bearer Zq7xAbCdEf\nK9pwGhIjKl",
		"Authorization: Bearer Zq7xAbCdEf\r\nK9pwGhIjKl",
		"curl -H 'Authorization: Bearer Zq7xAbCdEf\nK9pwGhIjKl' https://api.spice.ai",
		"token: Bearer Zq7xAbCdEf\nK9pwGhIjKl",
		"Authorization: Basic dXNlcjpw\nK9pwYXNzd29yZA==",
		"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0\n.K9pwGhIjKlMnOpQrStUv",
	} {
		if got := strings.Join(present.MaskLogLines([]string{in}), "\n"); strings.Contains(got, "K9pw") {
			t.Errorf("MaskLogLines([%q]) = %q: shows the token's rest", in, got)
		}
		// The same text as MaskLogLines hands it to MaskText: a line separator for the break.
		sep := strings.NewReplacer("\r\n", "\u2028", "\n", "\u2028").Replace(in)
		if got := present.MaskText(sep); strings.Contains(got, "K9pw") {
			t.Errorf("MaskText(%q) = %q: shows the token's rest", sep, got)
		}
	}
}

// MEDIUM. proseParenBefore takes any "(" without "$" for prose, but "( … )" is a shell
// subshell: (cd /srv && mysql --password letmein) is a command line whose ")" ends it, and
// README's rule (a lone word before ")" "(a subshell's, not prose's … )" is the value) says
// the word is masked, as 06d6342 did.
func TestR43ReviewmaskSubshellParenFlagWordIsMasked(t *testing.T) {
	for _, in := range []string{
		"(cd /srv && mysql --password letmein)",
		"(cd /srv && ./deploy --token letmein)",
		"(set -e; spice login --api-key letmein)",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "letmein") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}

// LOW-MEDIUM. The acronym rule shows an all-capitals password when any word (or a comma)
// follows it: --password LETMEIN mydb (mysql's database argument), --token ABCDEFGH, ...
// Masked at 06d6342. (A lower-case word there was already shown: the readable-word rule.)
func TestR43ReviewmaskCapitalsPasswordBeforeArgumentIsMasked(t *testing.T) {
	for _, in := range []string{
		"mysql -u root --password LETMEIN mydb",
		"--password HUNTER two",
		"--token ABCDEFGH, retrying",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "LETMEIN") || strings.Contains(got, "HUNTER") || strings.Contains(got, "ABCDEFGH") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}

// LOW. breadcrumbAt reads any capitalised word before "Key ->" as a breadcrumb step, so a
// capitalised-word password after a capitalised user name and an arrow is shown (masked at
// 06d6342): login Alice -> Password -> Summer.
func TestR43ReviewmaskBreadcrumbShapedPasswordIsMasked(t *testing.T) {
	in := "login Alice -> Password -> Summer"
	for _, name := range []string{"MaskText", "MaskLogLines"} {
		if got := r43Maskers[name](in); strings.Contains(got, "Summer") {
			t.Errorf("%s(%q) = %q: shows the password", name, in, got)
		}
	}
}

// LOW (over-masking, inconsistency). README: a breadcrumb "is prose in every masker". With a
// CRLF after it (Windows text) MaskText masks its last step while MaskLogLines (one line per
// entry) and MaskAPIText keep it (breadcrumbAt's ends list "\n" but not "\r").
func TestR43ReviewmaskBreadcrumbBeforeCRLFStays(t *testing.T) {
	for _, in := range []string{"Settings -> Password -> Change\r\nnext"} {
		if got := present.MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q, want it unchanged", in, got)
		}
	}
}

// LOW (over-masking regression). Flag renames in changelogs and migration notes: a value after
// an arrow that starts with "--" is now masked whole unless it is a credential flag with a
// value, so "Renamed --token -> --api-key" loses the new flag's name (kept at 06d6342).
func TestR43ReviewmaskArrowFlagRenameStays(t *testing.T) {
	for _, in := range []string{
		"Renamed --token -> --api-key",
		"Deprecated: --password -> --password-stdin",
		"token -> --token-file",
	} {
		if got := present.MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q, want it unchanged", in, got)
		}
	}
}

// PRE-EXISTING (also at 06d6342, outside this round's change). An entry that ends with the
// scheme (Authorization: Bearer) and the next entry holding an opaque token: the key is
// masked in the first entry and the token itself is shown in the second.
func TestR43ReviewmaskLogBearerSchemeEndsEntry(t *testing.T) {
	in := []string{"Authorization: Bearer", "Zq7xAbCdEfK9pwGhIjKl"}
	if got := strings.Join(present.MaskLogLines(in), "\n"); strings.Contains(got, "Zq7x") {
		t.Errorf("MaskLogLines(%q) = %q: shows the token", in, got)
	}
}
