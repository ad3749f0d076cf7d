package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r42Check masks each in with MaskText, MaskAPIText and MaskLogLines (the text one entry):
// the result is want (MaskLogLines: want as it writes it, one line), no masker shows "Zq7x"
// (the credential of every case), and masking again changes nothing.
func r42Check(t *testing.T, cases []struct{ in, want string }) {
	t.Helper()
	for _, tc := range cases {
		for name, mask := range r36Maskers {
			got := mask(tc.in)
			want := tc.want
			if name == "MaskLogLines" {
				want = mask(want)
			}
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, want)
			}
			if strings.Contains(got, "Zq7x") || strings.Contains(got, "zqx") || strings.Contains(got, "Zqx") {
				t.Errorf("%s(%q) shows the credential: %q", name, tc.in, got)
			}
			if again := mask(got); again != got {
				t.Errorf("%s not idempotent: %q -> %q -> %q", name, tc.in, got, again)
			}
		}
	}
}

// r42LogCheck masks entries with MaskLogLines: each entry is want's, and none shows "Zq7x".
func r42LogCheck(t *testing.T, entries, want []string) {
	t.Helper()
	got := present.MaskLogLines(entries)
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("MaskLogLines(%q) = %q, want %q", entries, got, want)
	}
	for _, g := range got {
		if strings.Contains(g, "Zq7x") {
			t.Errorf("MaskLogLines(%q) shows the credential: %q", entries, got)
		}
	}
}

// TestR42YAMLBlockScalarIsMasked: a credential key whose value is a YAML block scalar (|, |-,
// |+, >, >-, |2) had its indicator masked and the value on the more-indented lines after it
// shown (round 42, item 1). The lines of the value are masked; the less-indented keys after
// them stay.
func TestR42YAMLBlockScalarIsMasked(t *testing.T) {
	m := present.Masked
	r42Check(t, []struct{ in, want string }{
		{"password: |\n  Zq7xK9pW2m\nuser: bob", "password: " + m + "\nuser: bob"},
		{"password: |-\n  Zq7xK9pW2m\n  Zq7xsecond\nuser: bob", "password: " + m + "\nuser: bob"},
		{"password: |+\n  Zq7xK9pW2m\n\n  Zq7x\nuser: bob", "password: " + m + "\nuser: bob"},
		{"password: >\n  Zq7xK9pW2m\nuser: bob", "password: " + m + "\nuser: bob"},
		{"password: >-\n  Zq7xK9pW2m\nuser: bob", "password: " + m + "\nuser: bob"},
		{"password: |2\n   Zq7xK9pW2m\nuser: bob", "password: " + m + "\nuser: bob"},
		{"password: |-2 # the pem\n  Zq7xK9pW2m\nuser: bob", "password: " + m + "\nuser: bob"},
		{"password: |\r\n  Zq7xK9pW2m\r\nuser: bob", "password: " + m + "\r\nuser: bob"},
		// Kubernetes' Secret: the value is indented more than its key, the next key as much.
		{"stringData:\n  password: |-\n    Zq7xK9pW2m\n  user: bob", "stringData:\n  password: " + m + "\n  user: bob"},
		{"items:\n  - password: |\n      Zq7xK9pW2m\n    user: bob", "items:\n  - password: " + m + "\n    user: bob"},
		// After a log's prefix, every line indented more than the key's line is the value.
		{"2026-12-03 INFO loaded password: |\n  Zq7xK9pW2m\nnext line", "2026-12-03 INFO loaded password: " + m + "\nnext line"},
		// At the end of the text.
		{"token: >-\n  Zq7xK9pW2m", "token: " + m},
		// A "|" that heads no block stays masked as a value.
		{"password: | user: bob", "password: " + m + " user: bob"},
	})
	// The text one log entry each line: the key's entry holds only the indicator, kept (round
	// 56: no line of the value is in it); the next entries hold the value.
	r42LogCheck(t, []string{"stringData:", "  password: |-", "    Zq7xK9pW2m", "    Zq7xmore", "  user: bob"},
		[]string{"stringData:", "password: |-", m, m, "user: bob"})
}

// TestR42FlagAfterCredentialKeyIsNoValue: a credential key whose value is a credential flag
// had the flag masked as its value and the flag's own value shown (round 42, item 2): the
// flag stays and its value is masked, as after an arrow.
func TestR42FlagAfterCredentialKeyIsNoValue(t *testing.T) {
	m := present.Masked
	r42Check(t, []struct{ in, want string }{
		{"password: --password Zq7xK9pW2m", "password: --password " + m},
		{"password=--password Zq7xK9pW2m", "password=--password " + m},
		{"args: {password: --api-key 'Zq7x K9'}", "args: {password: --api-key '" + m + "'}"},
		{"token = --token Zq7xK9pW2m --host db", "token = --token " + m + " --host db"},
		// A flag that takes no credential is masked as the value, as before.
		{"password: --verbose", "password: " + m},
	})
}

// TestR42TightArrowAndVarDumpTypeOnTheNextLine: an arrow with no space after it
// (password->Zq7x…) made no pair, and a var_dump type and length after an arrow
// (api_key -> string(40)) read as a call, its value on the next line (or the next log entry)
// shown (round 42, item 3). A member's name after an arrow stays.
func TestR42TightArrowAndVarDumpTypeOnTheNextLine(t *testing.T) {
	m := present.Masked
	r42Check(t, []struct{ in, want string }{
		{"password->Zq7xK9pW2m", "password->" + m},
		{"config: password->Zq7xK9pW2m, user->bob", "config: password->" + m + ", user->bob"},
		{"$user->password->Zq7xK9pW2m", "$user->password->" + m},
		{"api_key -> string(40)\nZq7xK9pW2mZq7xK9pW2m", "api_key -> " + m},
		{"api_key -> string(40)\n  Zq7xK9pW2mZq7xK9pW2m\nuser -> bob", "api_key -> " + m + "\nuser -> bob"},
		{"password: string(20)\nZq7xK9pW2mZq7xK9pW2m", "password: " + m},
		{`{"log":"api_key -> string(40)\nZq7xK9pW2mZq7xK9pW2m"}`, `{"log":"api_key -> ` + m + `"}`},
		// A member's name, a call, a word: no value.
		{"$this->password->hash()", "$this->password->hash()"},
		{"ctx->auth->mode", "ctx->auth->mode"},
		{"ptr->next->token_len", "ptr->next->token_len"},
		// The next line is the next pair: the type alone is the value.
		{"users.password: string(255)\nemail: string(255)", "users.password: " + m + "\nemail: string(255)"},
	})
	r42LogCheck(t, []string{"api_key -> string(40)", "Zq7xK9pW2mZq7xK9pW2m", "user -> bob"},
		[]string{"api_key -> " + m, m, "user -> bob"})
	r42LogCheck(t, []string{"[app] api_key -> string(40)", "Zq7xK9pW2mZq7xK9pW2m token=Zq7xabc user=bob"},
		[]string{"[app] api_key -> " + m, m + " token=" + m + " user=bob"})
}

// TestR42LoneWordAfterFlagIsMasked: a letters-only value after a credential flag was read as
// the usage's prose and shown even where the command line ends after it (round 42, item 4):
// before the end of the text or line, ";", "&&", "|" or another flag it is the value; with
// more words after it, or as a usage's word, it stays prose.
func TestR42LoneWordAfterFlagIsMasked(t *testing.T) {
	m := present.Masked
	r42Check(t, []struct{ in, want string }{
		{"run --password zqxhunter", "run --password " + m},
		{"run --password zqxhunter --host db", "run --password " + m + " --host db"},
		{"mysqlsh --password zqxhunter -u root", "mysqlsh --password " + m + " -u root"},
		{"run --password zqxhunter; ls", "run --password " + m + "; ls"},
		{"run --password zqxhunter && ls", "run --password " + m + " && ls"},
		{"run --api-key Zqxhunter | tee out", "run --api-key " + m + " | tee out"},
		{"run --password zqxhunter\nnext step", "run --password " + m + "\nnext step"},
		{"password: --password zqxhunter", "password: --password " + m},
		// Prose and usage stay.
		{"--password cannot be used with --token", "--password cannot be used with --token"},
		{"use --token to sign in", "use --token to sign in"},
		{"error: missing value for --password flag", "error: missing value for --password flag"},
		{"Usage: login --token string", "Usage: login --token string"},
		{"Sign in with --token instead.", "Sign in with --token instead."},
	})
}

// TestR42MySQLAttachedPasswordIsMasked: the MySQL and MariaDB clients take the password
// attached to -p (mysql -u root -p<pw>), which was shown (round 42, item 5). Only in their
// command line: the -p of other programs is no password.
func TestR42MySQLAttachedPasswordIsMasked(t *testing.T) {
	m := present.Masked
	r42Check(t, []struct{ in, want string }{
		{"mysql -pZq7xK9pW2m -u root", "mysql -p" + m + " -u root"},
		{"mysql -u root -pZq7xhunter2 db", "mysql -u root -p" + m + " db"},
		{"docker exec db /usr/bin/mysqldump -uroot -p'Zq7x K9' app > dump.sql", "docker exec db /usr/bin/mysqldump -uroot -p'" + m + "' app > dump.sql"},
		{"mysqladmin -pZq7x status", "mysqladmin -p" + m + " status"},
		{"mariadb -h db -pZq7x", "mariadb -h db -p" + m},
		{"mariadb-dump -pZq7x app; mkdir -p dir", "mariadb-dump -p" + m + " app; mkdir -p dir"},
		{`{"cmd":"cd /srv\nmysql -pZq7x app"}`, `{"cmd":"cd /srv\nmysql -p` + m + ` app"}`},
		// Other programs' -p, and mysql's -p alone (it asks for the password), stay.
		{"mkdir -p dir; ssh -p 22 host", "mkdir -p dir; ssh -p 22 host"},
		{"mkdir -pv /var/lib/mysql", "mkdir -pv /var/lib/mysql"},
		{"mysql -h db -P 3306 -p app", "mysql -h db -P 3306 -p app"},
		{"mysql -u root app\nmkdir -p dir", "mysql -u root app\nmkdir -p dir"},
	})
}
