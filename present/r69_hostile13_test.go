package present

import (
	"strings"
	"testing"
)

// r69Hostile13Family is a token family checked against its source: the rule the source gives,
// the rule we read it with, and what was decided (masked: a token of the source's shape is
// masked; narrower: ours is narrower, a real token can escape; note says why it is kept).
type r69Hostile13Family struct {
	family, source, theirs, ours, verdict string
	// tokens of the source's shape, each masked whole; near are ordinary values kept
	tokens, near []string
}

var (
	r69H13Alnum = strings.Repeat("R69hostile13AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", 6)
	r69H13Hex   = strings.Repeat("0123456789abcdef", 20)
)

func r69H13A(n int) string { return r69H13Alnum[:n] }
func r69H13H(n int) string { return r69H13Hex[:n] }

// r69Hostile13Families is the table of round 69's task: every family of tokenPrefixAt's table
// and moreTokens, with its source's rule (gitleaks' cmd/generate/config/rules/*.go unless said).
var r69Hostile13Families = []r69Hostile13Family{
	{"GitHub classic, OAuth, user, server, refresh", "gitleaks github.go", `gh[pousr]_[0-9a-zA-Z]{36}`, "gh[pousr]_ and 20 or more letters and digits (36 stuck to a word)", "wider",
		[]string{"ghp_" + r69H13A(36), "gho_" + r69H13A(36), "ghu_" + r69H13A(36), "ghs_" + r69H13A(36), "ghr_" + r69H13A(36)}, []string{"ghp_", "ghp-runner-abc12"}},
	{"GitHub fine-grained", "gitleaks github.go", `github_pat_\w{82}`, "github_pat_ and 20 or more of \\w", "wider",
		[]string{"github_pat_11" + r69H13A(20) + "_" + r69H13A(59)}, []string{"github_pat_scanner"}},
	{"GitLab personal", "gitleaks gitlab.go", `glpat-[\w-]{20}`, "glpat- and 20 or more URL-safe", "wider (a routable token's .01.crc after its body is no secret and shows)",
		[]string{"glpat-" + r69H13A(20), "glpat-" + r69H13A(40)}, []string{"wip/glpat-expiry-warnings"}},
	{"GitLab deploy, runner", "gitleaks gitlab.go", `gldt-[\w-]{20}`, "gldt-, glrt- and exactly 20 of [\\w-]", "added",
		[]string{"gldt-" + r69H13A(20), "glrt-" + r69H13A(20)}, []string{"gldt-docs", "glrt-runner-config", "gldt-" + r69H13A(19)}},
	{"GitLab pipeline trigger", "gitleaks gitlab.go", `glptt-[0-9a-f]{40}`, "glptt- and exactly 40 lower-case hexadecimal digits", "added",
		[]string{"glptt-" + r69H13H(40)}, []string{"glptt-docs", "glptt-" + r69H13H(39)}},
	{"GitLab runner registration", "gitleaks gitlab.go", `GR1348941[\w-]{20}`, "GR1348941 and exactly 20 of [\\w-]", "added",
		[]string{"GR1348941" + r69H13A(20)}, []string{"GR1348941", "GR1348941" + r69H13A(21)}},
	{"Slack bot, user, legacy", "gitleaks slack.go", `xox[bpaors]-…`, "xox[abposr]- and 10 or more of [\\w-] with a digit", "wider",
		[]string{"xoxb-1234567890-1234567890-" + r69H13A(24), "xoxp-1234567890-1234567890-1234567890-" + r69H13H(32), "xoxa-2-" + r69H13A(30), "xoxr-" + r69H13A(40)}, []string{"xoxb-not-a-token", "xoxo-party"}},
	{"Slack refresh", "gitleaks slack.go", `xoxe-\d-[A-Z0-9]{146}`, "xoxe- as its kin", "narrower, fixed: xoxe- was read as no token",
		[]string{"xoxe-1-" + strings.ToUpper(r69H13A(146))}, []string{"xoxe-party"}},
	{"Slack configuration", "gitleaks slack.go", `xoxe.xox[bp]-\d-[A-Z0-9]{163,166}`, "the xoxb-/xoxp- after xoxe. is masked", "wider (xoxe. shows)",
		[]string{"xoxe.xoxp-1-" + strings.ToUpper(r69H13A(164))}, nil},
	{"Slack app-level", "gitleaks slack.go", `xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+`, "xapp- and 20 or more, a digit and three dashes", "as theirs",
		[]string{"xapp-1-A0123456789-1234567890123-" + r69H13H(64)}, nil},
	{"AWS access key IDs", "gitleaks aws.go", `(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}`, "AKIA, ASIA, ABIA, ACCA, A3T? and exactly 16 capitals or digits", "narrower, fixed: ABIA, ACCA and A3T were read as no token",
		[]string{"AKIAR69HOSTILE13XYZ7", "ASIAR69HOSTILE13XYZ7", "ABIAR69HOSTILE13XYZ7", "ACCAR69HOSTILE13XYZ7", "A3TXR69HOSTILE13XYZ7"}, []string{"ABIA-docs", "ACCA2024-release-notes", "A3TX", "ACCA2024RELEASENOTESX"}},
	{"AWS Bedrock", "gitleaks aws.go", `ABSK[A-Za-z0-9+/]{109,269}={0,2}`, "ABSK and 109 or more of base64", "added",
		[]string{"ABSKQmVkcm9ja0FQSUtleS1" + r69H13A(110), "ABSK" + r69H13A(268) + "=="}, []string{"ABSK", "ABSK" + r69H13A(108)}},
	{"Stripe", "gitleaks stripe.go", `(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}`, "sk_/rk_, live_, test_ or prod_, 16 or more", "narrower, prod_ fixed; 10 to 15 kept narrower: Stripe issues 24 or more, and sk_test_integration (a test's name) is 11",
		[]string{"sk_live_" + r69H13A(24), "rk_test_" + r69H13A(99), "sk_prod_" + r69H13A(24), "rk_prod_" + r69H13A(16)}, []string{"sk_prod_mode", "sk_test_integration", "feature/sk_live_mode_toggle"}},
	{"Google API key", "gitleaks gcp.go", `AIza[\w-]{35}`, "AIza and 35 or more URL-safe", "wider",
		[]string{"AIza" + r69H13A(35)}, nil},
	{"OpenAI", "gitleaks openai.go", `sk-(?:proj|svcacct|admin)-…T3BlbkFJ…`, "sk- and 20 or more, both cases and a digit", "wider",
		[]string{"sk-proj-" + r69H13A(74) + "T3BlbkFJ" + r69H13A(74), "sk-svcacct-" + r69H13A(58) + "T3BlbkFJ" + r69H13A(58), "sk-" + r69H13A(20) + "T3BlbkFJ" + r69H13A(20)}, []string{"sk-learn"}},
	{"Anthropic", "gitleaks anthropic.go", `sk-ant-(?:api03|admin01)-[\w-]{93}AA`, "as OpenAI's", "wider",
		[]string{"sk-ant-api03-" + r69H13A(93) + "AA", "sk-ant-admin01-" + r69H13A(93) + "AA"}, []string{"feature/sk-ant-api-client"}},
	{"npm", "gitleaks npm.go", `(?i)npm_[a-z0-9]{36}`, "npm_ and exactly 36, both cases", "narrower, kept: one issued in one case is one in 10^8 (base62)",
		[]string{"npm_" + r69H13A(36)}, []string{"npm_lifecycle_event"}},
	{"PyPI", "gitleaks pypi.go", `pypi-AgEIcHlwaS5vcmc[\w-]{50,1000}`, "pypi-AgE and 50 or more URL-safe", "wider (Test PyPI's too)",
		[]string{"pypi-AgEIcHlwaS5vcmc" + r69H13A(60), "pypi-AgENdGVzdC5weXBpLm9yZw" + r69H13A(60)}, []string{"pypi-simple"}},
	{"Hugging Face", "gitleaks huggingface.go", `hf_(?i:[a-z]{34})`, "hf_ and 30 or more letters and digits", "wider",
		[]string{"hf_" + strings.Repeat("rAbCdEfGhIjKlMnOpQ", 2)[:34]}, []string{"hf_transfer"}},
	{"Hugging Face organisation", "gitleaks huggingface.go", `api_org_(?i:[a-z]{34})`, "api_org_ and exactly 34 letters", "added",
		[]string{"api_org_" + strings.Repeat("rAbCdEfGhIjKlMnOpQ", 2)[:34]}, []string{"api_org_settings"}},
	{"JWT", "gitleaks jwt.go", `ey[\w]{17,}\.ey[\w/\\-]{17,}\.(?:[\w/\\-]{10,}={0,2})?`, "eyJ, 8 or more, ., 8 or more, ., any", "wider",
		[]string{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJSNjkifQ." + r69H13A(30), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJSNjkifQ."}, []string{"eyJ-not-a-jwt"}},
	{"Databricks", "gitleaks databricks.go", `dapi[a-f0-9]{32}(?:-\d)?`, "as theirs", "as theirs",
		[]string{"dapi" + r69H13H(32), "dapi" + r69H13H(32) + "-2"}, []string{"dapi-client"}},
	{"DigitalOcean", "gitleaks digitalocean.go", `do[por]_v1_[a-f0-9]{64}`, "as theirs", "as theirs",
		[]string{"dop_v1_" + r69H13H(64), "doo_v1_" + r69H13H(64), "dor_v1_" + r69H13H(64)}, []string{"feature/dop_v1-migration"}},
	{"Shopify", "gitleaks shopify.go", `shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`, "exactly 32 lower-case hexadecimal digits", "narrower, kept: Shopify issues lower case; capitals are no token of theirs",
		[]string{"shpat_" + r69H13H(32), "shpss_" + r69H13H(32)}, []string{"shpat-cli"}},
	{"Twilio API key", "gitleaks twilio.go", `SK[0-9a-fA-F]{32}`, "SK and exactly 32 lower-case hexadecimal digits", "narrower, kept as Shopify's",
		[]string{"SK" + r69H13H(32)}, []string{"SKU-12345"}},
	{"SendGrid", "gitleaks sendgrid.go", `SG\.(?i)[a-z0-9=_\-\.]{66}`, "SG., 22, ., 43 or more", "as issued",
		[]string{"SG." + r69H13A(22) + "." + r69H13A(43)}, []string{"SGDClassifier"}},
	{"Vault", "gitleaks hashicorp.go", `hvs\.[\w-]{90,120}`, "hv[sbr]. and 20 or more, not all lower case", "wider",
		[]string{"hvs." + r69H13A(100), "hvb." + r69H13A(150)}, []string{"hvs-tools"}},
	{"Groq, xAI, Perplexity, Replicate", "gitleaks; trufflehog", `gsk_…{52}, xai-…{80}, pplx-…{48}, r8_[\w-]{37}`, "exactly those (Groq's 48 too: round 68)", "as theirs",
		[]string{"gsk_" + r69H13A(52), "xai-" + r69H13A(80), "pplx-" + r69H13A(48), "r8_" + r69H13A(37)}, []string{"pplx-client", "r8_cache"}},
	{"OpenRouter, DeepSeek", "trufflehog", `sk-or-v1-[0-9a-f]{64}, sk-[a-f0-9]{32}`, "as theirs", "as theirs",
		[]string{"sk-or-v1-" + r69H13H(64), "sk-" + r69H13H(32)}, []string{"sk-or-tools"}},
	{"Doppler", "gitleaks doppler.go", `dp\.pt\.(?i)[a-z0-9]{43}`, "dp.pt. and exactly 43 letters and digits", "added",
		[]string{"dp.pt." + r69H13A(43)}, []string{"dp.pt.example"}},
	{"Pulumi", "gitleaks pulumi.go", `pul-[a-f0-9]{40}`, "as theirs", "added",
		[]string{"pul-" + r69H13H(40)}, []string{"pul-request"}},
	{"Sentry user", "gitleaks sentry.go", `sntryu_[a-f0-9]{64}`, "as theirs", "added",
		[]string{"sntryu_" + r69H13H(64)}, []string{"sntryu_docs"}},
	{"Sentry organisation", "gitleaks sentry.go", `sntrys_eyJpYXQiO[\w+/]{10,200}…={0,2}_[\w+/]{43}`, "sntrys_eyJ and 60 or more of base64 and _", "added",
		[]string{"sntrys_eyJpYXQiOjE3MzM0NDY0MDAuMCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8ifQ==_" + r69H13A(43)}, []string{"sntrys_config"}},
	{"Linear", "gitleaks linear.go", `lin_api_(?i)[a-z0-9]{40}`, "as theirs", "added",
		[]string{"lin_api_" + r69H13A(40)}, []string{"lin_api_client"}},
	{"Supabase", "trufflehog supabasetoken", `sbp_[a-z0-9]{40}`, "as theirs", "added",
		[]string{"sbp_" + r69H13H(40)}, []string{"sbp_cache"}},
	{"Heroku", "gitleaks heroku.go", `HRKU-AA[0-9a-zA-Z_-]{58}`, "as theirs", "added",
		[]string{"HRKU-AA" + r69H13A(58)}, []string{"HRKU-AA-docs"}},
	{"Grafana service account", "gitleaks grafana.go", `glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}`, "glsa_, 32 and 8 letters and digits", "added",
		[]string{"glsa_" + r69H13A(32) + "_" + r69H13H(8)}, []string{"glsa_rotation_job"}},
	{"Grafana Cloud", "gitleaks grafana.go", `glc_[A-Za-z0-9+/]{32,400}={0,2}`, "glc_eyJ and 29 or more of base64: Grafana issues base64 JSON, and a path glc_… stays", "added",
		[]string{"glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrIn0" + r69H13A(40), "glc_eyJ" + r69H13A(29)}, []string{"glc_init", "glc_library/src/renderer/opengl/context.c", "glc_eyJ" + r69H13A(28)}},
	{"Notion", "gitleaks notion.go", `ntn_[0-9]{11}[A-Za-z0-9]{32}[A-Za-z0-9]{3}`, "ntn_ and exactly 46 letters and digits", "added",
		[]string{"ntn_12345678901" + r69H13A(35)}, []string{"ntn_sync"}},
	{"Atlassian", "gitleaks atlassian.go", `ATATT3[A-Za-z0-9_\-=]{186}`, "as theirs", "added",
		[]string{"ATATT3" + r69H13A(186)}, []string{"ATATT3-migration"}},
	{"Fly.io", "gitleaks flyio.go", `fo1_[\w-]{43}`, "as theirs", "added",
		[]string{"fo1_" + r69H13A(43)}, []string{"fo1_cache"}},
	{"PlanetScale", "gitleaks planetscale.go", `pscale_(?:tkn|pw|oauth)_(?i)[\w=\.-]{32,64}`, "32 or more of [\\w=-]: a dot ends it (a sentence's period)", "added",
		[]string{"pscale_tkn_" + r69H13A(43), "pscale_pw_" + r69H13A(43), "pscale_oauth_" + r69H13A(43)}, []string{"pscale_tkn_rotation"}},
	{"Postman", "gitleaks postman.go", `PMAK-(?i)[a-f0-9]{24}\-[a-f0-9]{34}`, "as theirs", "added",
		[]string{"PMAK-" + r69H13H(24) + "-" + r69H13H(34)}, []string{"PMAK-docs"}},
	{"Dynatrace", "gitleaks dynatrace.go", `dt0c01\.(?i)[a-z0-9]{24}\.(?i)[a-z0-9]{64}`, "as theirs", "added",
		[]string{"dt0c01." + strings.ToUpper(r69H13A(24)) + "." + strings.ToUpper(r69H13A(64))}, []string{"dt0c01.example"}},
}

// TestR69Hostile13FamiliesAsSourcesSay: each family of tokenPrefixAt's table, moreTokens' and
// round 69's additions read against its source (the table above says which and the verdict).
// Before, a real token of a shape the source gives escaped: Slack's refresh token (xoxe-1-…),
// Stripe's sk_prod_ and rk_prod_, AWS's ABIA, ACCA and A3T access key IDs, and every family
// added (Bedrock's ABSK, Doppler, Pulumi, Sentry, Linear, Supabase, Heroku, Grafana, Notion,
// Atlassian, Fly.io, PlanetScale, Postman, Dynatrace, GitLab's other tokens, Hugging Face's
// organisation tokens). Each is masked whole, in prose and after a key; each near miss stays.
func TestR69Hostile13FamiliesAsSourcesSay(t *testing.T) {
	r69Hostile13CheckFamilies(t, r69Hostile13Families)
}

// r69Hostile13CheckFamilies checks a table of families: each token masked whole where it
// stands, each near miss kept.
func r69Hostile13CheckFamilies(t *testing.T, families []r69Hostile13Family) {
	t.Helper()
	for _, f := range families {
		for _, v := range f.tokens {
			for _, s := range []string{"key " + v + " end", "token: " + v, "(" + v + ")"} {
				got := MaskText(s)
				if strings.Contains(got, v[len(v)-12:]) || !strings.Contains(got, Masked) {
					t.Errorf("%s (%s: %s; ours: %s; %s): MaskText(%.80q) = %.120q", f.family, f.source, f.theirs, f.ours, f.verdict, s, got)
				}
			}
		}
		for _, v := range f.near {
			if got := MaskText("see " + v + " here"); got != "see "+v+" here" {
				t.Errorf("%s: near miss %q masked: %q", f.family, v, got)
			}
		}
	}
}

// TestR69Hostile13LeastFamiliesNotJoined: a family of no fixed length (ABSK, glc_, sntrys_,
// pscale_) is followed over a line break only while its body is short of its least length
// (round 71, masking17: joinedLeast; round 69 kept ABSK…\n… and pscale_tkn_x\n…, which showed a
// wrapped token's rest): a short part after a prefix then a line too short to complete it
// stays, and a break after a whole token ends it.
func TestR69Hostile13LeastFamiliesNotJoined(t *testing.T) {
	for _, s := range []string{"ABSK" + r69H13A(20) + "\n" + r69H13A(100), "pscale_tkn_x\n" + r69H13A(40)} {
		if got := MaskText(s); got != Masked {
			t.Errorf("MaskText(%q) = %q, want it masked", s, got)
		}
	}
	for _, s := range []string{"ABSK" + r69H13A(20) + "\n" + r69H13A(40) + " words", "glc_abc\ndef", "pscale_tkn_x\nrotation notes"} {
		if got := MaskText(s); got != s {
			t.Errorf("MaskText(%q) = %q, want it kept", s, got)
		}
	}
	s := "ABSK" + r69H13A(120) + "\nnext line"
	if got, want := MaskText(s), Masked+"\nnext line"; got != want {
		t.Errorf("MaskText(%.40q) = %q, want %q", s, got, want)
	}
}

// TestR69Hostile13UnprefixedFamiliesMaskedByName (held): the families left unmasked by prefix
// (README) are masked where a credential's name or a URL's userinfo stands before them, and
// Azure's storage key, a SAS URL's signature and a service account's private key by theirs.
func TestR69Hostile13UnprefixedFamiliesMaskedByName(t *testing.T) {
	secret := "R69hostile13" + r69H13A(30)
	for _, s := range []string{
		"snowflake://analyst:" + secret + "@acme-xy12345/db",
		"DD_API_KEY=" + secret,
		"CLOUDFLARE_API_TOKEN: " + secret,
		"TWILIO_AUTH_TOKEN=" + secret,
		"MAILGUN_API_KEY=key-" + secret,
		"TF_TOKEN_app_terraform_io=abcdefghijklmn.atlasv1." + secret,
		"AZURE_CLIENT_SECRET=abc8Q~" + secret,
		"DefaultEndpointsProtocol=https;AccountName=r69;AccountKey=" + secret + "==;EndpointSuffix=core.windows.net",
		"https://r69.blob.core.windows.net/c?sv=2022-11-02&sp=r&se=2026-12-31&sig=" + secret + "%3D",
		`{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\n` + secret + `\n-----END PRIVATE KEY-----\n"}`,
	} {
		if got := MaskText(s); strings.Contains(got, secret[12:]) || !strings.Contains(got, Masked) {
			t.Errorf("MaskText(%.60q) = %.160q", s, got)
		}
	}
}
