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
