package present

import (
	"strings"
	"testing"
)

// r71Hostile15Families are the families round 70 left (task item 4): Doppler's service and CLI
// tokens, GitLab's CI/CD job tokens, Brevo's SMTP keys, with their sources' rules and near
// misses kept.
var r71Hostile15Families = []r69Hostile13Family{
	{"Doppler service token", "Nosey Parker np.doppler.3", `dp\.st\.(?:[a-z0-9\-_]{2,35}\.)?[a-zA-Z0-9]{40,44}`, "dp.st., an optional slug and \".\", 40 or more letters and digits", "wider (no upper bound)",
		[]string{"dp.st." + r69H13A(43), "dp.st.prd." + r69H13A(43), "dp.st.dev_eu-1." + r69H13A(40), "dp.st." + r69H13A(44)},
		[]string{"dp.st.example", "dp.st.prd.docs", "dp.st." + r69H13A(39), "dp.st.prd." + r69H13A(39)}},
	{"Doppler CLI token", "Kingfisher kingfisher.doppler.1", `dp\.ct\.[a-zA-Z0-9]{40,44}`, "dp.ct. and 40 or more letters and digits", "wider (no upper bound)",
		[]string{"dp.ct." + r69H13A(43)}, []string{"dp.ct.docs", "dp.ct." + r69H13A(39)}},
	{"GitLab CI/CD job token", "gitleaks gitlab.go", `glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}`, "as theirs, not running on", "as theirs",
		[]string{"glcbt-64_" + r69H13A(20), "glcbt-a_" + r69H13A(20), "glcbt-12345_" + r69H13A(20)},
		[]string{"glcbt-docs", "glcbt-64_short", "glcbt-123456_" + r69H13A(20), "glcbt-_" + r69H13A(20), "glcbt-64_" + r69H13A(19), "glcbt-64_" + r69H13A(21)}},
	{"Brevo SMTP key", "Brevo's keys as issued (xkeysib-'s shape)", `xsmtpsib-[a-f0-9]{64}-[a-zA-Z0-9]{16}`, "xsmtpsib-, 64 letters and digits, -, 16 letters and digits", "added (wider: letters for hex)",
		[]string{"xsmtpsib-" + r69H13H(64) + "-" + r69H13A(16)}, []string{"xsmtpsib-rotation", "xsmtpsib-" + r69H13H(64), "chore/xsmtpsib-rotation"}},
}

// TestR71Hostile15FamiliesAsSourcesSay: round 71's families masked whole where they stand, and
// their near misses kept.
func TestR71Hostile15FamiliesAsSourcesSay(t *testing.T) {
	r69Hostile13CheckFamilies(t, r71Hostile15Families)
}

// TestR71Hostile15ArgumentKeysMasked: a key of an object argument an agent wrote a token in
// (update_app's resources.limits.ghp_…, which the unknown-key refusal names as the field) is
// named masked, with why; a plain path stays as it is.
func TestR71Hostile15ArgumentKeysMasked(t *testing.T) {
	tok := "ghp_" + r69H13A(36)
	for _, key := range []string{tok, "Bearer " + tok, "API_KEY=" + tok, "ghp_R69h\u200bostile13" + r69H13A(36)[12:]} {
		got := ArgField("resources.limits."+key, ArgResourceKey([]string{"cpus"}))
		if strings.Contains(got, r69H13A(36)[8:20]) || !strings.Contains(got, maskedWhy) {
			t.Errorf("key %q: %s", key, got)
		}
	}
	if got := ArgField("resources.limits.gpus", "x"); !strings.Contains(got, ": resources.limits.gpus: x") {
		t.Errorf("a plain path: %s", got)
	}
}

// TestR71Hostile15NotASCIIQuotesMasked: a secret name or app reference refused for a character
// beyond ASCII is quoted with it escaped (\u2060), which MaskText cannot read through: one that
// holds a token once its invisible characters are gone is quoted masked, with why; a
// look-alike stays quoted with its escape.
func TestR71Hostile15NotASCIIQuotesMasked(t *testing.T) {
	tok := "ghp_\u2060" + r69H13A(36)
	for _, got := range []string{ArgSecretNameNotASCII(tok), ArgAppRefNotASCII(tok), ArgSecretNameNotASCII("sk-a\u200bnt-api03-" + r69H13A(90) + "AA")} {
		if strings.Contains(got, r69H13A(36)[8:20]) || !strings.Contains(got, maskedWhy) {
			t.Errorf("shown: %s", got)
		}
	}
	if got := ArgSecretNameNotASCII("\u0410PI_KEY"); !strings.Contains(got, `\\u0410PI_KEY`) && !strings.Contains(got, `\u0410PI_KEY`) {
		t.Errorf("a look-alike: %s", got)
	}
}

// TestR71Hostile15EncodedURLUserinfoMasked: a percent-encoded URL's userinfo (a URL passed as a
// query parameter's value, or an agent's URL-encoded copy of one) is masked as a plain URL's is;
// an encoded URL without userinfo, and an "@" past its authority, stay.
func TestR71Hostile15EncodedURLUserinfoMasked(t *testing.T) {
	for in, want := range map[string]string{
		"postgres%3A%2F%2Fadmin%3AR71pw%40db.example.com%2Fx":    "postgres%3A%2F%2F********%40db.example.com%2Fx",
		"?next=https%3a%2f%2fuser%3As3cret%40example.com%2fp":    "?next=https%3a%2f%2f********%40example.com%2fp",
		"go to https%3A%2F%2FTOKEN123%40host.example and back":   "go to https%3A%2F%2F********%40host.example and back",
		"https%3A%2F%2Fexample.com%2Fa%40b":                      "https%3A%2F%2Fexample.com%2Fa%40b",
		"https%3A%2F%2Fdocs.spice.ai%2Fapi":                      "https%3A%2F%2Fdocs.spice.ai%2Fapi",
		"mailto%3A%2F%2F%3F":                                     "mailto%3A%2F%2F%3F",
		"a%3A%2F%2Fb%40c d%3A%2F%2Fe%3Af%40g":                    "a%3A%2F%2F********%40c d%3A%2F%2F********%40g",
		"release notes: 100%3A%2F%2F and 50%40 off, see docs%2F": "release notes: 100%3A%2F%2F and 50%40 off, see docs%2F",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}
