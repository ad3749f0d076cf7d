package present

import (
	"slices"
	"testing"
)

// Over-masked before round 56, kept readable now: a key's NAME (Azure Service Bus's
// SharedAccessKeyName=RootManageSharedAccessKey, secret_name: db-creds) is an identifier, no
// secret; the signature after AWS Signature Version 2's and Azure Storage's scheme and signer
// (Authorization: AWS <access key ID>:<sig>, SharedKey <account>:<sig>) is masked, the scheme
// and account kept (AKIA… is masked as a token wherever it stands); AWS4's SignedHeaders list
// stays whole; /etc/shadow's aging fields after a hash stay; a lone YAML block header
// (password: |) holds no value. What is a secret there is still masked.
func TestR56MaskingOverMaskedKeptReadable(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=AbCdEfGhIjKl0123456789abcdefg=":                                                                               "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + m,
		"Authorization: AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=":                                                                                                                                                "Authorization: AWS " + m + ":" + m,
		"Authorization: SharedKey myaccount:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=":                                                                                                                                     "Authorization: SharedKey myaccount:" + m,
		"Authorization: SharedKeyLite myaccount:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=":                                                                                                                                 "Authorization: SharedKeyLite myaccount:" + m,
		"Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024": "Authorization: AWS4-HMAC-SHA256 Credential=" + m + ", SignedHeaders=host;range;x-amz-date, Signature=" + m,
		"Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,SignedHeaders=content-type;host;x-amz-date,Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7":    "Authorization: AWS4-HMAC-SHA256 Credential=" + m + ",SignedHeaders=content-type;host;x-amz-date,Signature=" + m,
		"bob:$6$saltsalt$AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklm:19000:0:99999:7:::":                                                                                                                                "bob:$6$" + m + ":19000:0:99999:7:::",
		"bob:$6$rounds=5000$saltsalt$AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklm:19000:0:99999:7:::":                                                                                                                    "bob:$6$" + m + ":19000:0:99999:7:::",
		"secret_name: S3cr3t!x9Q":             "secret_name: " + m,
		"Authorization: AWS S3cretWholeToken": "Authorization: " + m + " " + m,
	})
	r52MaskingKept(t,
		"SharedAccessKeyName=RootManageSharedAccessKey",
		"secret_name=db-creds",
		"token_name: ci-deploy",
		"api_key_name = billing",
		"password: |",
		"password: >-",
		"token: | # the PEM follows",
		"root:!:19000:0:99999:7:::",
	)
	// The header kept, the block's lines masked, in one text and one entry a line.
	in := "password: |\n  Zq7xK9pW2m\nuser: bob"
	if got, want := MaskText(in), "password: "+m+"\nuser: bob"; got != want {
		t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
	}
	lines := []string{"password: |", "  Zq7xK9pW2m", "user: bob"}
	if got, want := MaskLogLines(lines), []string{"password: |", m, "user: bob"}; !slices.Equal(got, want) {
		t.Errorf("MaskLogLines(%q) = %q, want %q", lines, got, want)
	}
}

// Command lines that give a password or a token as a plain argument, which round 55 found
// shown: lftp's -u user,password (and its own open -u), Windows' net use \\host\share
// <password> (before or after /user:), vault login <token>, and Vault's legacy tokens (s. and
// 24 letters and digits) wherever they stand. The user, the share, the switches, a prompt's
// "*", vault login's method pairs (their password= masked as a pair) and stdin's "-" stay.
func TestR56MaskingCommandLinePositionalPasswords(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"lftp -u bob,S3cretLftp ftp.example.com":                                     "lftp -u bob," + m + " ftp.example.com",
		`lftp -e "open -u bob,S3cretLftp sftp://h; mirror"`:                          `lftp -e "open -u bob,` + m + ` sftp://h; mirror"`,
		"open -u bob,S3cretLftp ftp.example.com":                                     "open -u bob," + m + " ftp.example.com",
		`net use \\fileserver\share S3cretNet /user:bob`:                             `net use \\fileserver\share ` + m + ` /user:bob`,
		`net use \\fileserver\share /user:CORP\bob S3cretNet /persistent:yes`:        `net use \\fileserver\share /user:CORP\bob ` + m + ` /persistent:yes`,
		`NET USE Z: \\fileserver\share S3cretNet /user:bob`:                          `NET USE Z: \\fileserver\share ` + m + ` /user:bob`,
		"vault login s.Yqd5xYXx4o0XGhkQQVC5lrTT":                                     "vault login " + m,
		"vault login -no-print S3cretVaultTok":                                       "vault login -no-print " + m,
		"vault login -method=userpass username=bob password=S3cretVault":             "vault login -method=userpass username=bob password=" + m,
		"renewed s.Yqd5xYXx4o0XGhkQQVC5lrTT for 768h":                                "renewed " + m + " for 768h",
		"VAULT_TOKEN=hvs.CAESIAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefGh vault":    "VAULT_TOKEN=" + m + " vault",
		"token                hvs.CAESIAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefGh": "token                " + m,
	})
	r52MaskingKept(t,
		"lftp -u bob ftp.example.com",
		`NET USE Z: \\fileserver\share * /user:bob`,
		`net use \\fileserver\share /delete`,
		"the net use of the funds",
		"vault login -method userpass username=bob",
		"vault login -",
		"s.getConnectionPoolSizeX",
		"this.s.Yqd5xYXx4o0XGhkQQVC5lrTT.field",
		"rsync -u bob,alice host:dir",
	)
}

// More shapes runtime logs, spicepods and errors carry secrets in (round 56): Oracle's JDBC
// URL user/password@ (thin and OCI, to //host, host:port or a TNS descriptor), a password
// named pw after another word (db_pw=, PG_PW:, dbPw, a Python repr's db_pw='…'; pw alone
// stays as round 41 keeps it: pw=5), a personal access token named PAT
// after a separator (GITHUB_PAT, SNOWFLAKE_PAT, githubPat; compat stays), a sentence that changes a
// password for someone to a value (changed password for bob to <pw>, resetting password of
// bob -> <pw>), and HTTP Basic's base64 in a URL's basic= parameter. Kept: Oracle's URL with
// no user, MongoDB's authSource and authMechanism, a JDBC driver's AuthMech=3 (they hold
// "auth" but name a database and a mode), a change's prose (to use SSO, to default).
func TestR56MaskingMoreRuntimeShapes(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"jdbc:oracle:thin:bob/S3cretJdbc@//db:1521/ORCL":                                                "jdbc:oracle:thin:bob/" + m + "@//db:1521/ORCL",
		"jdbc:oracle:thin:bob/S3cretJdbc@db:1521:ORCL":                                                  "jdbc:oracle:thin:bob/" + m + "@db:1521:ORCL",
		"url=jdbc:oracle:thin:bob/S3cretJdbc@(DESCRIPTION=(ADDRESS=(HOST=db)(PORT=1521)))":              "url=jdbc:oracle:thin:bob/" + m + "@(DESCRIPTION=(ADDRESS=(HOST=db)(PORT=1521)))",
		"JDBC:ORACLE:OCI:bob/S3cretJdbc@//db/ORCL":                                                      "JDBC:ORACLE:OCI:bob/" + m + "@//db/ORCL",
		"GITHUB_PAT=S3cretPatValue":                                                                     "GITHUB_PAT=" + m,
		"SNOWFLAKE_PAT=ver:1-hint:123-ETMsDgAAAZabcdefGHIJKLmnop":                                       "SNOWFLAKE_PAT=" + m,
		"githubPat: S3cretPatValue":                                                                     "githubPat: " + m,
		"db_pw=S3cretPw":                                                                                "db_pw=" + m,
		"PG_PW: S3cretPw":                                                                               "PG_PW: " + m,
		"ConnectionError: Config(user='bob', db_pw='S3cretPy', host='db')":                              "ConnectionError: Config(user='bob', db_pw='" + m + "', host='db')",
		"dbPw: S3cretPw":                                                                                "dbPw: " + m,
		"changed password for bob to S3cretNew":                                                         "changed password for bob to " + m,
		"set password of user bob to 'S3cretNew'":                                                       "set password of user bob to '" + m + "'",
		"resetting password of bob -> S3cretNew":                                                        "resetting password of bob -> " + m,
		"Changed the password to S3cretNew":                                                             "Changed the password to " + m,
		"https://api.example.com/v1?basic=Ym9iOlMzY3JldEJhc2lj&limit=5":                                 "https://api.example.com/v1?basic=" + m + "&limit=5",
		"mongodb://bob:S3cretMongo@h1:27017/?authSource=admin&authMechanism=SCRAM-SHA-256":              "mongodb://" + m + "@h1:27017/?authSource=admin&authMechanism=SCRAM-SHA-256",
		"jdbc:databricks://h:443/default;AuthMech=3;UID=token;PWD=dapi0123456789abcdef0123456789abcdef": "jdbc:databricks://h:443/default;AuthMech=3;UID=token;PWD=" + m,
	})
	r52MaskingKept(t,
		"jdbc:oracle:thin:@db:1521/ORCL",
		"jdbc:oracle:thin:@//db:1521/ORCL",
		"changed password for bob to use SSO",
		"reset password to default",
		"go to password to reset",
		"https://api.example.com/v1?mode=basic&x=1",
		"authSource=admin",
		"compat=1",
		"pw=5",
	)
	if !CredentialParam("basic") || CredentialParam("authSource") {
		t.Errorf("CredentialParam: basic %v, authSource %v; want true, false", CredentialParam("basic"), CredentialParam("authSource"))
	}
}
