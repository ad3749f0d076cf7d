package testutil

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// R66Token is a credential of one family as it is issued (its prefix, length and alphabet),
// for the hostile tests that send one through every route a credential can take.
type R66Token struct {
	Family, Value string
}

// Leaked reports whether s shows the token, or a part of it: the marker its generated part
// holds, in any case, or the last 12 characters of one without it (hexadecimal bodies).
func (k R66Token) Leaked(s string) bool {
	return k.LeakedUpper(s, func() string { return strings.ToUpper(s) })
}

// LeakedUpper is Leaked with s's upper case from upper, so that a long text checked for many
// tokens is upper-cased once.
func (k R66Token) LeakedUpper(s string, upper func() string) bool {
	if strings.Contains(strings.ToUpper(k.Value), r66Marker) {
		return strings.Contains(upper(), r66Marker)
	}
	return strings.Contains(s, k.Value[len(k.Value)-12:])
}

const r66Marker = "R66HOSTILE10"

// r66Fill is n characters of alphabet's pattern, starting with the marker where it fits the
// alphabet, so that each token is told apart from the others and from ordinary text.
func r66Fill(pattern string, n int) string {
	return strings.Repeat(pattern, n/len(pattern)+1)[:n]
}

// r66Alnum is the pattern of the tokens' bodies of letters and digits, the marker first.
const r66Alnum = "R66hostile10AbCdEfGhIjKlMnOpQrStUvWxYz23456789"

// r66Hex is n lower-case hexadecimal digits of family's own (which cannot hold the marker:
// Leaked reads their tail), so that no two tokens share them.
func r66Hex(family string, n int) string {
	sum := sha256.Sum256([]byte(family))
	return r66Fill(hex.EncodeToString(sum[:]), n)
}

// R66HostileTokens are real-shaped credentials of every family README's Credentials in text
// names, and of common ones it does not (Anthropic, OpenAI's project keys, Twilio's API key
// SIDs, an Azure storage connection string's AccountKey).
func R66HostileTokens() []R66Token {
	return []R66Token{
		{"GitHub classic", "ghp_" + r66Fill(r66Alnum, 36)},
		{"GitHub OAuth", "gho_" + r66Fill(r66Alnum, 36)},
		{"GitHub fine-grained", "github_pat_11" + r66Fill(r66Alnum, 20) + "_" + r66Fill(r66Alnum, 59)},
		{"OpenAI project", "sk-proj-" + r66Fill(r66Alnum, 58) + "-" + r66Fill(r66Alnum, 30) + "_" + r66Fill(r66Alnum, 40)},
		{"OpenAI legacy", "sk-" + r66Fill(r66Alnum, 20) + "T3BlbkFJ" + r66Fill(r66Alnum, 20)},
		{"Anthropic", "sk-ant-api03-" + r66Fill(r66Alnum, 40) + "-" + r66Fill(r66Alnum, 30) + "_" + r66Fill(r66Alnum, 21) + "AA"},
		{"Stripe secret", "sk_live_51" + r66Fill(r66Alnum, 97)},
		{"Stripe restricted", "rk_live_" + r66Fill(r66Alnum, 24)},
		{"Stripe test", "sk_test_" + r66Fill(r66Alnum, 24)},
		{"Stripe webhook", "whsec_" + r66Fill(r66Alnum, 32)},
		{"GitLab", "glpat-" + r66Fill(r66Alnum, 20)},
		{"Slack bot", "xoxb-1234567890123-1234567890123-" + r66Fill(r66Alnum, 24)},
		{"Slack user", "xoxp-1234567890123-1234567890123-1234567890123-" + r66Hex("Slack user", 32)},
		{"Slack app", "xapp-1-A0123456789-1234567890123-" + r66Hex("Slack app", 64)},
		{"AWS access key ID", "AKIAR66HOSTILE10XYZ7"},
		{"AWS temporary key ID", "ASIAR66HOSTILE10XYZ7"},
		{"Google API key", "AIza" + r66Fill(r66Alnum, 35)},
		{"Google OAuth", "ya29.a0" + r66Fill(r66Alnum, 120)},
		{"Google OAuth client secret", "GOCSPX-" + r66Fill(r66Alnum, 28)},
		{"Databricks", "dapi" + r66Hex("Databricks", 32)},
		{"Hugging Face", "hf_" + r66Fill("RhostileAbCdEfGhIjKlMnOpQrStUvWxYz", 34)},
		{"Vault", "hvs.CAESI" + r66Fill(r66Alnum, 90)},
		{"npm", "npm_" + r66Fill(r66Alnum, 36)},
		{"SendGrid", "SG." + r66Fill(r66Alnum, 22) + "." + r66Fill(r66Alnum, 43)},
		{"PyPI", "pypi-AgEIcHlwaS5vcmc" + r66Fill(r66Alnum, 150)},
		{"DigitalOcean", "dop_v1_" + r66Hex("DigitalOcean", 64)},
		{"Shopify", "shpat_" + r66Hex("Shopify", 32)},
		{"Twilio API key", "SK" + r66Hex("Twilio API key", 32)},
		{"JWT", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJSNjZob3N0aWxlMTAifQ.R66hostile10sigAbCdEfGhIjKlMnOp"},
		{"Azure storage", "DefaultEndpointsProtocol=https;AccountName=r66acct;AccountKey=" + r66Fill("R66hostile10AbCd+/", 86) + "==;EndpointSuffix=core.windows.net"},
		{"URL password", "postgres://admin:R66hostile10pw@db.example.com/x"},
		// Round 67: LLM providers a spicepod's models use, and observability.
		{"OpenRouter", "sk-or-v1-" + r66Hex("OpenRouter", 64)},
		{"DeepSeek", "sk-" + r66Hex("DeepSeek", 32)},
		{"Groq", "gsk_" + r66Fill(r66Alnum, 52)},
		{"xAI", "xai-" + r66Fill(r66Alnum, 80)},
		{"Perplexity", "pplx-" + r66Fill(r66Alnum, 48)},
		{"Replicate", "r8_" + r66Fill(r66Alnum, 37)},
		{"LangSmith", "lsv2_pt_" + r66Hex("LangSmith", 32) + "_" + r66Hex("LangSmith key", 10)},
		{"New Relic", "NRAK-" + r66Fill("R66HOSTILE10ABCDEFGHJKLMNPQ", 27)},
		// Round 69: gitleaks' families an agent on a data platform plausibly pastes.
		{"AWS ABIA", "ABIAR66HOSTILE10XYZ7"},
		{"AWS ACCA", "ACCAR66HOSTILE10XYZ7"},
		{"AWS A3T", "A3TAR66HOSTILE10XYZ7"},
		{"AWS Bedrock", "ABSKQmVkcm9ja0FQSUtleS1" + r66Fill(r66Alnum, 110)},
		{"Slack refresh", "xoxe-1-" + strings.ToUpper(r66Fill(r66Alnum, 146))},
		{"Stripe prod", "sk_prod_" + r66Fill(r66Alnum, 24)},
		{"Hugging Face org", "api_org_" + r66Fill("RhostileAbCdEfGhIjKlMnOpQrStUvWxYz", 34)},
		{"Doppler", "dp.pt." + r66Fill(r66Alnum, 43)},
		{"Pulumi", "pul-" + r66Hex("Pulumi", 40)},
		{"Sentry user", "sntryu_" + r66Hex("Sentry user", 64)},
		{"Sentry org", "sntrys_eyJpYXQiOjE3MzM0NDY0MDAuMCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8iLCJvcmciOiJyNjYifQ==_" + r66Fill(r66Alnum, 43)},
		{"Linear", "lin_api_" + r66Fill(r66Alnum, 40)},
		{"Supabase", "sbp_" + r66Hex("Supabase", 40)},
		{"Heroku", "HRKU-AA" + r66Fill(r66Alnum, 58)},
		{"Grafana service account", "glsa_" + r66Fill(r66Alnum, 32) + "_" + r66Hex("Grafana", 8)},
		{"Grafana Cloud", "glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrIn0" + r66Fill(r66Alnum, 40)},
		{"Notion", "ntn_12345678901" + r66Fill(r66Alnum, 35)},
		{"Atlassian", "ATATT3xFfGF0" + r66Fill(r66Alnum, 180)},
		{"Fly.io", "fo1_" + r66Fill(r66Alnum, 43)},
		{"PlanetScale", "pscale_tkn_" + r66Fill(r66Alnum, 43)},
		{"PlanetScale password", "pscale_pw_" + r66Fill(r66Alnum, 43)},
		{"Postman", "PMAK-" + r66Hex("Postman", 24) + "-" + r66Hex("Postman key", 34)},
		{"Dynatrace", "dt0c01." + strings.ToUpper(r66Fill(r66Alnum, 24)) + "." + strings.ToUpper(r66Fill(r66Alnum, 64))},
		{"GitLab deploy", "gldt-" + r66Fill(r66Alnum, 20)},
		{"GitLab runner", "glrt-" + r66Fill(r66Alnum, 20)},
		{"GitLab trigger", "glptt-" + r66Hex("GitLab trigger", 40)},
		{"GitLab runner registration", "GR1348941" + r66Fill(r66Alnum, 20)},
		// Round 71: the families round 70 left.
		{"Doppler service", "dp.st.prd." + r66Fill(r66Alnum, 43)},
		{"Doppler CLI", "dp.ct." + r66Fill(r66Alnum, 43)},
		{"GitLab CI/CD job", "glcbt-64_" + r66Fill(r66Alnum, 20)},
		{"Brevo SMTP", "xsmtpsib-" + r66Hex("Brevo SMTP", 64) + "-" + r66Fill(r66Alnum, 16)},
	}
}

// R66OrdinaryValues are values people send that hold no credential (branch names, package
// names, commit messages, UUIDs, digests, image tags, Kubernetes names, versions), many of them
// looking like one at a glance: none may be refused or masked.
func R66OrdinaryValues() []string {
	return []string{
		// branches
		"main", "develop", "feature/sk-learnUpgradeToVersion15WithNewEstimators", "feature/sk-learn-upgrade",
		"feature/api-key-rotation", "fix/token-refresh", "fix/AuthTokenRefreshOnExpiry2024", "feature/ghp-pages-Redesign2024",
		"release/2026-12-06", "release/v2.3.2", "hotfix/CVE-2024-12345", "hotfix/npm_audit_fixes",
		"dependabot/npm_and_yarn/lodash-4.17.21", "dependabot/pip/scikit-learn-1.5.2", "renovate/huggingface_hub-0.26.x",
		"users/alice/SG.ListViewRefactor", "feature/AKIA-docs", "feature/rotate-hf_tokens", "chore/bump-dapi-client",
		"feature/xoxb-scope-migration", "feature/sk_live_mode_toggle", "feature/sk-ant-api-client", "feature/sk-projSettingsPage",
		"bugfix/JIRA-4521-PasswordResetEmail", "feat/OAuth2ClientCredentialsFlow", "feat/SupportAzureSASTokens",
		"feature/AddSnowflakeKeyPairAuth", "exp/LargeLanguageModelEval2025Q1", "wip/glpat-expiry-warnings",
		"feature/UpgradeSklearnToVersion15AndPandas22", "refs/heads/feature/sk-learnPipelineV2Refactor",
		"sk-learnUpgradeToVersion15WithNewEstimators", "feature/shpat-docs", "feature/dop_v1-migration",
		"release/v1.0-rc1", "v1.0-beta", "feature/glft-feature-flags", "chore/xkeysib-rotation", // round 70's prefixes
		// Python, npm and other package names
		"scikit-learn", "sk-learn", "sklearn", "huggingface_hub", "hf_transfer", "hf_xet", "python-dateutil",
		"typing_extensions", "google-auth", "google-auth-oauthlib", "pypi-simple", "pypi-attestations", "npm_lifecycle_event",
		"npm-check-updates", "sk-video", "sk-image", "xoxo-party", "dapi-client", "ya29-parser", "hvs-tools",
		"@sendgrid/mail", "stripe-python", "slack_sdk", "boto3", "azure-storage-blob", "databricks-sdk",
		"github_pat_scanner", "shpat-cli", "SGDClassifier", "SGDRegressor", "sklearn.linear_model.SGDClassifier",
		// commit-style messages
		"Fix token refresh race in the OAuth client", "Bump scikit-learn from 1.4.2 to 1.5.2",
		"Rotate the API key every 90 days; see the runbook", "Merge pull request #4521 from alice/sk-learnUpgradeToVersion15",
		"Add support for sk-learn pipelines", "Remove hard-coded AKIA prefix check", "Update npm_config_cache path in CI",
		"Use SG.ListView for the dashboard", "Migrate from hf_hub_download to snapshot_download",
		"Refactor PasswordResetService into its own module", "docs: explain how ghp_ tokens are scoped",
		"chore(deps): bump huggingface_hub to 0.26.2", "feat(auth): support JWT bearer tokens from Okta",
		"fix: handle 401 Unauthorized from the token endpoint", "Revert \"Add xoxb- token validation\"",
		"ci: cache ~/.npm between runs", "Pin image sha256:3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f",
		"Track request 550e8400-e29b-41d4-a716-446655440000", "Merge 9fceb02d0ae598e95dc970b74767f19372d61af8 into main",
		"Upgrade sk-learnUpgradeToVersion15WithNewEstimators branch", "Squash: SecretManagerClientV2 cleanup",
		"token rotation: weekly", "Bump sk-learn to 1.5 in the models image", "Authorization header parsing",
		// UUIDs
		"550e8400-e29b-41d4-a716-446655440000", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "f47ac10b-58cc-4372-a567-0e02b2c3d479",
		"00000000-0000-0000-0000-000000000000", "123e4567-e89b-12d3-a456-426614174000", "0190b6c0-4f3c-7d2e-9a8b-1c2d3e4f5a6b",
		"C73BCDCC-2669-4BF6-81D3-E4AE73FB11FD", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
		// digests and hashes
		"9fceb02d0ae598e95dc970b74767f19372d61af8", "9fceb02", "e83c5163316f89bfbde7d9ab23ca2e25604af290",
		"sha256:3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f",
		"sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
		"d41d8cd98f00b204e9800998ecf8427e", "md5-d41d8cd98f00b204e9800998ecf8427e",
		"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC",
		"build-3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f", "abc123def456abc123def456abc123def456abc123def456",
		// image tags, base64 names
		"v1.2.3", "v1.2.3-rc.1", "1.0.0-rc.1+build.5", "2.3.2-enterprise", "latest", "nightly-20261206",
		"ghcr.io/spiceai/spiceai:1.0.0-models", "docker.io/library/postgres:16-alpine",
		"spiceai/spiceai@sha256:3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f",
		"img-iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB.png", "dGhpcyBpcyBhIGxvbmcgYmFzZTY0IHN0cmluZyB1c2VkIGFzIGFuIGltYWdlIG5hbWU=",
		"v2-dGhpcyBpcyBiYXNlNjQ", "aW1hZ2UtdGFnLXYx", "eyJ-not-a-jwt", "QmFzZTY0SW1hZ2VUYWcyMDI0",
		// Kubernetes and cloud names
		"spice-runtime-7d9f8b6c5d-x2x7q", "analytics-app-70bb4d78-r2g64", "kube-system", "coredns-5d78c9869d-8lqzt",
		"ip-10-0-1-23.ec2.internal", "gke-cluster-default-pool-3f2a9c8e-xk2p", "aks-nodepool1-12345678-vmss000000",
		"spice-secrets", "db-credentials", "tls-cert-2024", "sk-runner-6f7c9d8b4-zq5xw", "ghp-runner-abc12",
		"npm-cache-pvc", "hf-model-cache", "dapi-proxy-7b9c", "arn:aws:iam::123456789012:role/SpiceRuntime",
		"projects/my-project/secrets/db-password/versions/3", "us-west-2-prod-aws-data", "prod-eu-central-1",
		// identifiers and names
		"analytics-app", "Sales dashboard", "OPENAI_API_KEY", "PG_PASS", "SNOWFLAKE_PRIVATE_KEY", "alice", "bob-smith",
		"deploy-bot", "team-data", "cost-center-1234", "environment", "production", "staging-2",
		"AKIA", "sk-", "ghp_", "npm_", "SG.", "pypi-", "hf_", "xoxb-", "glpat-", "dapi", "shpat_", "dop_v1_",
		"AKIA2024-release-notes", "AKIA is a prefix", "SKU-12345", "SK-2024-Q4-report", "SKLearnPipelineConfig",
		"SomeVeryLongIdentifierNameWithDigits123AndMoreWords", "ThisIsNotASecretButFortyCharsLong12345",
		"x-api-key", "auth-service", "token-bucket", "secret-santa-2026", "passwordless-login", "compass",
		"1234567890", "2026-12-06T15:35:00Z", "https://docs.spice.ai/api", "https://github.com/spiceai/spiceai/pull/4521",
		"s3://bucket/sk-learn-models-2024/model.pkl", "postgres:public.orders", "file:///data/orders.parquet",
		"my-app.spice.ai", "feature/Add2FASupportForAdminUsers", "feature/LLMTokenCounterV2",
		"release/2025.03-SKLearnCompat", "data-pipeline-v3-backfill", "orders_2024_q4", "sk_learn_models",
		// near misses of round 67's families
		"feature/sk-or-v1-migration", "sk-or-tools", "openrouter/sk-or-v1", "disk-9fceb02d0ae598e95dc970b74767f19372d61af8",
		"gsk_config", "xai-sdk", "pplx-client", "r8_cache", "lsv2_pt_docs",
		"NRAK-docs", "feature/groq-gsk_rotation", "sk-or-v1-example",
		// near misses of round 69's families
		"ABSK", "ABIA-docs", "ACCA2024-release-notes", "A3TX", "xoxe-party", "sk_prod_mode", "api_org_settings",
		"dp.pt.example", "pul-request", "sntryu_docs", "sntrys_config", "lin_api_client", "sbp_cache", "HRKU-AA-docs",
		"glsa_rotation_job", "glc_init", "ntn_sync", "ATATT3-migration", "fo1_cache", "pscale_tkn_rotation",
		"PMAK-docs", "dt0c01.example", "gldt-docs", "glrt-runner-config", "glptt-docs", "GR1348941",
		// near misses of round 71's families
		"dp.st.example", "dp.st.prd.docs", "dp.ct.docs", "glcbt-docs", "glcbt-64_short", "chore/xsmtpsib-rotation", "xsmtpsib-docs",
	}
}

// R66SafeSide are ordinary values shaped exactly as a credential is, masked and refused as one
// (README says so: the safe side): AKIA and 16 capitals or digits, SK and 32 lower-case
// hexadecimal digits (a Twilio API key's SID; an MD5 digest after SK), sk- and 20 or more of
// both cases and a digit that read as no words; round 67: sk- and exactly 32 lower-case
// hexadecimal digits (a DeepSeek key; an MD5 digest after sk-).
func R66SafeSide() []string {
	return []string{"AKIA2024RELEASENOTES", "SKd41d8cd98f00b204e9800998ecf8427e", "sk-Xq7Tz9LmNp2Rv4Wy8Bc6D", "sk-d41d8cd98f00b204e9800998ecf8427e"}
}
