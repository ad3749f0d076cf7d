package present

import "testing"

// r74DupsEncodedPasswordsMasked checks that an encoded postgres URL with each password is
// masked to its "%40", through MaskText, MaskLogLines and in a query (masking19's and
// masking21's passwords).
func r74DupsEncodedPasswordsMasked(t *testing.T, passwords ...string) {
	t.Helper()
	const masked = "postgres%3A%2F%2F********%40db.example.com%2Fx"
	for _, pw := range passwords {
		in := "postgres%3A%2F%2Fadmin%3A" + pw + "%40db.example.com%2Fx"
		if got := MaskText(in); got != masked {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, masked)
		}
		if got := MaskLogLines([]string{"dsn " + in + " open"})[0]; got != "dsn "+masked+" open" {
			t.Errorf("MaskLogLines(%q) = %q", in, got)
		}
		if got := MaskText("?url=" + in + "&next=1"); got != "?url="+masked+"&next=1" {
			t.Errorf("MaskText(?url=%q) = %q", in, got)
		}
	}
}
