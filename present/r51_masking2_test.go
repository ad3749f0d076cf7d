package present

import "testing"

// r51Masking2Every is in each masker: MaskText, MaskAPIText and MaskLogLines.
func r51Masking2Every(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// r51Masking2Want checks every masker turns each input into its want.
func r51Masking2Want(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		for name, got := range r51Masking2Every(in) {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// r51Masking2Kept checks every masker keeps each input as written.
func r51Masking2Kept(t *testing.T, ins ...string) {
	t.Helper()
	for _, in := range ins {
		for name, got := range r51Masking2Every(in) {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// A key named Auth (any case, X-Auth too) followed by an authorization scheme is read as an
// Authorization header is: the scheme stays and the credential after it is masked, ApiKey
// as Bearer. A phrase after it stays.
func TestR51Masking2AuthKeyKeepsSchemeMasksCredential(t *testing.T) {
	r51Masking2Want(t, map[string]string{
		"Auth: ApiKey R51kEXAMPLEkey0123456789abcdef":         "Auth: ApiKey " + Masked,
		"auth: apikey R51kEXAMPLEkey0123456789abcdef":         "auth: apikey " + Masked,
		"AUTH=SSWS R51kEXAMPLEkey0123456789abcdef":            "AUTH=SSWS " + Masked,
		"X-Auth: ApiKey R51kEXAMPLEkey0123456789abcdef":       "X-Auth: ApiKey " + Masked,
		`{"auth":"ApiKey R51kEXAMPLEkey0123456789abcdef"}`:    `{"auth":"` + Masked + `"}`, // quoted whole, as Authorization's
		"auth: Bearer R51kEXAMPLEkey0123456789abcdef":         "auth: Bearer " + Masked,
		"Auth: Token R51kEXAMPLEkey0123456789abcdef rejected": "Auth: Token " + Masked + " rejected",
		"Auth: Key R51kEXAMPLEkey0123456789abcdef":            "Auth: Key " + Masked,
	})
	r51Masking2Kept(t,
		"Auth: uses OAuth",
		"Auth: uses OAuth; session: per user",
		"INFO runtime::auth: API key authentication: enabled",
	)
}
