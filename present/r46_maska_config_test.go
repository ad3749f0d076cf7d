package present

import (
	"strings"
	"testing"
)

func TestR46MaskARedisConfig(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		"requirepass hunter22":                           "requirepass " + m,
		"masterauth hunter22":                            "masterauth " + m,
		`requirepass "hunter 22"`:                        `requirepass "` + m + `"`,
		"CONFIG SET requirepass hunter22":                "CONFIG SET requirepass " + m,
		"redis-server --masterauth hunter22 --port 6380": "redis-server --masterauth " + m + " --port 6380",
		`echo "requirepass hunter22" >> /etc/redis.conf`: `echo "requirepass ` + m + `" >> /etc/redis.conf`,
		// Prose about the directive keeps its words.
		"requirepass is not set":                       "",
		"set requirepass in redis.conf to enable auth": "",
	}.withSelf())
	text := "port 6379\nrequirepass hunter22\n  masterauth s3cr3t\nappendonly yes\n"
	want := "port 6379\nrequirepass " + m + "\n  masterauth " + m + "\nappendonly yes\n"
	if got := MaskText(text); got != want {
		t.Errorf("MaskText(%q) = %q, want %q", text, got, want)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if got, want := strings.Join(MaskLogLines(lines), "\n"), strings.ReplaceAll(strings.TrimSuffix(want, "\n"), "\n  ", "\n"); got != want {
		t.Errorf("MaskLogLines(%q) = %q, want %q", lines, got, want)
	}
}

func TestR46MaskANetrcAndPgpass(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		"machine h login u password p":                        "machine h login u password " + m,
		"machine api.example.com login bob password hunter22": "machine api.example.com login bob password " + m,
		"default login anonymous password guest@example.com":  "default login anonymous password " + m,
		"machine h password p login u":                        "machine h password " + m + " login u",
		"db.example.com:5432:app:bob:hunter22":                "db.example.com:5432:app:bob:" + m,
		"*:*:*:bob:hunter22":                                  "*:*:*:bob:" + m,
		"localhost:*:*:postgres:pa\\:ss":                      "localhost:*:*:postgres:" + m,
		// Not those shapes: prose, a timestamp, an address, more or fewer fields.
		"the default password is admin":         "",
		"machine learning login password reset": "",
		"at 12:30:45 the job ran":               "",
		"fe80::1:2:3":                           "",
		"a:1:b:c:d:e":                           "",
		"host:5432:app:bob":                     "",
		"see db.example.com:5432:app:bob:hunter22 for details": "",
	}.withSelf())
	text := "machine api.example.com\n  login bob\n  password hunter22\nmachine other\n  login al\n  password s3cr3t\n"
	want := "machine api.example.com\n  login bob\n  password " + m + "\nmachine other\n  login al\n  password " + m + "\n"
	if got := MaskText(text); got != want {
		t.Errorf("MaskText(%q) = %q, want %q", text, got, want)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	// MaskLogLines trims each entry's indentation.
	if got, want := strings.Join(MaskLogLines(lines), "\n"), strings.ReplaceAll(strings.TrimSuffix(want, "\n"), "\n  ", "\n"); got != want {
		t.Errorf("MaskLogLines(%q)\n got  %q\n want %q", lines, got, want)
	}
	pg := "# ~/.pgpass\nlocalhost:5432:app:bob:hunter22\n*:*:*:replica:s3cr3t\n"
	pgWant := "# ~/.pgpass\nlocalhost:5432:app:bob:" + m + "\n*:*:*:replica:" + m + "\n"
	if got := MaskText(pg); got != pgWant {
		t.Errorf("MaskText(%q) = %q, want %q", pg, got, pgWant)
	}
}

func TestR46MaskAConfigInStrings(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		`{"conf": "port 6379\nrequirepass hunter22\n"}`:     `{"conf": "port 6379\nrequirepass ` + m + `\n"}`,
		`{"netrc": "machine h\nlogin u\npassword p4ss\n"}`:  `{"netrc": "machine h\nlogin u\npassword ` + m + `\n"}`,
		"echo 'machine h login u password p4ss' > ~/.netrc": "echo 'machine h login u password " + m + "' > ~/.netrc",
	})
}
