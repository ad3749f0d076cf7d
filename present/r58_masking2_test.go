package present

import "testing"

// A pair whose "=" is percent-encoded twice (password%253DS3cret, a query encoded again) is
// masked as password%3D… is: round 58 showed its value.
func TestR58Masking2DoubleEncodedSeparator(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password%253DS3cret":            "password%253D" + m,
		"password%253dS3cret":            "password%253d" + m,
		"x?password%253DS3cret&y=1":      "x?password%253D" + m + "&y=1",
		"next=%2Flogin%3Ftoken%253DAbc9": "next=%2Flogin%3Ftoken%253D" + m,
	})
	r52MaskingKept(t, "color%253Dred", "a%253Db")
}

// A Hadoop Azure setting that names a credential, written as spark-defaults.conf writes it (the
// name, spaces or a tab, the value: no "=") shows no value: round 58 showed the account key.
// Prose after the name, or a setting that names no credential, stays.
func TestR58Masking2SparkDefaultsAzureKey(t *testing.T) {
	m := Masked
	key := "Xk3v9QpL2mN8rT5wY7zA1bC4dE6fG0hJ2kL4mN6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hJ6kL8mN0pQ2rS4tU6vW8x=="
	sas := "sv=2021-06-08&ss=b&srt=co&sp=rl&sig=Ab1Cd2Ef3%2FGh4="
	r52MaskingWant(t, map[string]string{
		"spark.hadoop.fs.azure.account.key.myacct.dfs.core.windows.net " + key:   "spark.hadoop.fs.azure.account.key.myacct.dfs.core.windows.net " + m,
		"fs.azure.account.key.myacct.blob.core.windows.net   " + key + " # prod": "fs.azure.account.key.myacct.blob.core.windows.net   " + m + " # prod",
		"spark.hadoop.fs.azure.sas.c.myacct.blob.core.windows.net " + sas:        "spark.hadoop.fs.azure.sas.c.myacct.blob.core.windows.net " + m + "&ss=b&srt=co&sp=rl&sig=" + m,
		"spark.hadoop.fs.azure.account.oauth2.client.secret \"Sec ret\"":         "spark.hadoop.fs.azure.account.oauth2.client.secret \"" + m + "\"",
	})
	tab := "spark.hadoop.fs.azure.account.key.myacct.dfs.core.windows.net\t"
	if got := MaskText(tab + key); got != tab+m {
		t.Errorf("MaskText(%q) = %q, want %q", tab+key, got, tab+m)
	}
	r52MaskingKept(t,
		"fs.azure.account.key.myacct.dfs.core.windows.net is not set",
		"spark.hadoop.fs.azure.account.auth.type OAuth",
		"spark.hadoop.fs.azure.account.oauth2.client.id 0123456789abcdef0123456789abcdef",
		"spark.hadoop.fs.azure.account.key.myacct.dfs.core.windows.net ${AZURE_KEY}",
	)
}

// A connection string's value that holds a space and an "&", HTML-escaped (Password=S3cret
// Pw&amp;x;Server=db, as a web page shows it), is masked to its ";" as written unescaped:
// round 58 showed " Pw&amp;x", the reference's ";" read as the string's.
func TestR58Masking2HTMLEscapedConnectionValue(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"Password=S3cret Pw&amp;x;Server=db":            "Password=" + m + ";Server=db",
		"Password=S3cret Pw&x;Server=db":                "Password=" + m + ";Server=db",
		"Server=db;Password=S3cret Pw&amp;x;Database=a": "Server=db;Password=" + m + ";Database=a",
		"Server=db;Password=S3cret Pw&#38;x;Database=a": "Server=db;Password=" + m + ";Database=a",
		"Password=S3cret Pw&amp;;":                      "Password=" + m + ";",
	})
}

// A Slack-prefixed word without a digit (xoxb-not-a-token, xoxp-your-token-here) is no token:
// Slack's hold their workspace's and user's numbers. Round 58 masked it; a token still is.
func TestR58Masking2SlackPrefixWithoutDigitKept(t *testing.T) {
	r52MaskingKept(t, "xoxb-not-a-token", "set SLACK_BOT to xoxp-your-token-here first")
	r52MaskingWant(t, map[string]string{
		"bot xoxb-1234567890-abcdefGHIJ ok": "bot " + Masked + " ok",
	})
}
