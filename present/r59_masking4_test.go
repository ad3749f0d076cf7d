package present

import "testing"

// A .NET settings file (app.config's and web.config's applicationSettings and userSettings,
// Settings.settings) holds a setting's value in a <value> child of the element that names it:
// <setting name="Password" serializeAs="String"><value>…</value></setting>. Round 59 showed
// the value: the named element's own text is empty (or blank before the child on the next
// line). A setting whose name holds no credential, an empty <value/> and a reference stay.
func TestR59Masking4DotNetSettingValue(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`<setting name="Password" serializeAs="String"><value>s3cret</value></setting>`:                                    `<setting name="Password" serializeAs="String"><value>` + m + `</value></setting>`,
		`<setting name="ApiKey" serializeAs="String"><value>k3yR59abc</value></setting>`:                                   `<setting name="ApiKey" serializeAs="String"><value>` + m + `</value></setting>`,
		`<add name="ApiKey"><value>k3yR59abc</value></add>`:                                                                `<add name="ApiKey"><value>` + m + `</value></add>`,
		`<Setting Name="DbPassword" Type="System.String" Scope="User"><Value Profile="(Default)">s3cret</Value></Setting>`: `<Setting Name="DbPassword" Type="System.String" Scope="User"><Value Profile="(Default)">` + m + `</Value></Setting>`,
	})
	in := "<setting name=\"Password\" serializeAs=\"String\">\n  <value>s3cret</value>\n</setting>"
	want := "<setting name=\"Password\" serializeAs=\"String\">\n  <value>" + m + "</value>\n</setting>"
	for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
		if got != want {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
		}
	}
	r52MaskingKept(t,
		`<setting name="Timeout" serializeAs="String"><value>30</value></setting>`,
		`<setting name="Password" serializeAs="String"><value /></setting>`,
		`<setting name="Password" serializeAs="String"><value></value></setting>`,
		`<setting name="Password" serializeAs="String"><values>x</values></setting>`,
	)
}

// A YAML pair's plain scalar runs to its line's end: password: S3cret Pw is one value. Round
// 59 masked its first word only and showed Pw (the rule that prose follows a value's first
// word). The line reads as YAML's when its key is indented or a sequence's item, when the line
// before or after it is a pair too, or when the word after the value's first is no word of
// prose; a comment after the value stays. Prose after a value in a log's or an error's line
// (session: abc123 started, password: P4SSW0RD_2024 rejected), an Authorization header's
// words, a pair after the key's line start (error: password: x) and MaskAPIText's prose
// (Invalid password: signature verification failed) read as before.
func TestR59Masking4YAMLLineValueToItsEnd(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password: S3cret Pw":            "password: " + m,
		"- password: S3cret Pw":          "- password: " + m,
		`"password": S3cret Pw`:          `"password": ` + m,
		"DB_PASSWORD: S3cret Pw  # prod": "DB_PASSWORD: " + m + "  # prod",
		"api_key: a1b2 123 XYZ":          "api_key: " + m,
		"session: abc123 started":        "session: " + m + " started",
		"password: hunter2 Rejected":     "password: " + m + " Rejected",
		"token: a1b2 expires: 3600":      "token: " + m + " expires: 3600",
		"error: password: S3cret Pw":     "error: password: " + m + " Pw",
	})
	for in, want := range map[string]string{
		"  password: S3cret pw":                      "  password: " + m,
		"db:\n  password: S3cret pw\n  user: bob":    "db:\n  password: " + m + "\n  user: bob",
		"user: bob\npassword: s3cret pw":             "user: bob\npassword: " + m,
		"DB_PASSWORD: S3cret pw\r\nDB_USER: bob":     "DB_PASSWORD: " + m + "\r\nDB_USER: bob",
		"password: c0rrect horse battery\nuser: bob": "password: " + m + "\nuser: bob",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
	if in, got := "Invalid password: signature verification failed", MaskAPIText("Invalid password: signature verification failed"); got != in {
		t.Errorf("MaskAPIText(%q) = %q, want it kept", in, got)
	}
	if in, got := "password: must be at least 8 characters", MaskAPIText("password: must be at least 8 characters"); got != in {
		t.Errorf("MaskAPIText(%q) = %q, want it kept", in, got)
	}
}
