package present

import "testing"

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
