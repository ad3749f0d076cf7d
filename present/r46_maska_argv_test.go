package present

import "testing"

func TestR46MaskAArgvCredentialFlags(t *testing.T) {
	m := Masked
	r46MaskAEach(t, r46MaskACases{
		"curl -u admin:hunter22 https://example.com/x":                  "curl -u admin:" + m + " https://example.com/x",
		"curl -u admin:pw https://example.com/x":                        "curl -u admin:" + m + " https://example.com/x",
		"curl --user admin:hunter22 https://example.com/x":              "curl --user admin:" + m + " https://example.com/x",
		"curl --user=admin:hunter22 https://example.com/x":              "curl --user=admin:" + m + " https://example.com/x",
		`curl -u "admin:hunter 22" https://example.com/x`:               `curl -u "admin:` + m + `" https://example.com/x`,
		"http --auth admin:hunter22 https://example.com/x":              "http --auth admin:" + m + " https://example.com/x",
		"http -a admin:hunter22 https://example.com/x":                  "http -a admin:" + m + " https://example.com/x",
		"curl --proxy-user bob:hunter22 -x http://proxy:3128 https://x": "curl --proxy-user bob:" + m + " -x http://proxy:3128 https://x",
		`["curl", "-u", "admin:hunter22", "https://example.com"]`:       `["curl", "-u", "admin:` + m + `", "https://example.com"]`,
		`["--password", "hunter22"]`:                                    `["--password", "` + m + `"]`,
		`['psql', '--password', 'hunter', '--host', 'db']`:              `['psql', '--password', '` + m + `', '--host', 'db']`,
		`{"args":[\"--token\", \"abc123xyz\"]}`:                         `{"args":[\"--token\", \"` + m + `\"]}`,
		"curl -uadmin:hunter22 https://example.com/x":                   "curl -uadmin:" + m + " https://example.com/x",
		"sudo curl -u admin:hunter22 https://x":                         "sudo curl -u admin:" + m + " https://x",
		"redis-cli -h db -a hunter22 ping":                              "redis-cli -h db -a " + m + " ping",
		// No password, or none to hide: a user alone, uid:gid, a host's path, another flag.
		"curl -u admin https://example.com/x":     "",
		"mysql -u root -h db":                     "",
		"docker run -u 1000:1000 img":             "",
		"docker run --user postgres:postgres img": "",
		"rsync -a bob@host:/srv/data /backup":     "",
		"rsync -a host:/srv/data /backup":         "",
		`["--password-file", "/run/secrets/pw"]`:  "",
		`["--host", "db", "--user", "bob"]`:       "",
	}.withSelf())
}

func TestR46MaskALogEntryBreakAfterFlagIsIdempotent(t *testing.T) {
	for _, in := range []string{"--pAss\n0=", "--password\nab=1", "run --token\nx=y --host db"} {
		out := MaskLogLines([]string{in})[0]
		if again := MaskLogLines([]string{out})[0]; again != out {
			t.Errorf("MaskLogLines not idempotent: %q -> %q -> %q", in, out, again)
		}
	}
}
