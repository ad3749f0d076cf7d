package present

import (
	"strings"
	"testing"
)

// Text that holds no secret stays as written in every masker: Terraform's "(sensitive value)"
// placeholder after a password, keytool's -storepass:env VAR and -storepass:file PATH (the
// variable's or file's name, no password), Hadoop's fs.azure.account.auth.type=OAuth (how the
// account authenticates, per account too) and a spicepod's secret stores written inline
// (secrets: [{from: env, name: env}]). A Go %+v print of a struct keeps its closing brace
// after a masked field ({User:bob Password:********}).
func TestR54MaskingKeepsWhatNamesNoSecret(t *testing.T) {
	m := Masked
	r52MaskingKept(t,
		"password = (sensitive value)",
		`~ password = (sensitive value)`,
		"keytool -storepass:env VAR",
		"keytool -list -storepass:env KS_PASS -keystore x.jks",
		"keytool -importkeystore -srcstorepass:file /run/secrets/ks -deststorepass:env DEST_PW",
		"fs.azure.account.auth.type=OAuth",
		"fs.azure.account.auth.type.myacct.dfs.core.windows.net=OAuth",
		"fs.azure.account.auth.type=SharedKey",
		"secrets: [{from: env, name: env}]",
		"secrets: [{from: env}]",
		"secrets: [{from: aws_secrets_manager:prod/spice, name: aws}]",
	)
	r52MaskingWant(t, map[string]string{
		"{User:bob Password:x}":                                 "{User:bob Password:" + m + "}",
		"{User:bob Password:S3cret}":                            "{User:bob Password:" + m + "}",
		"cfg={Host:db Port:5432 Password:S3cret}":               "cfg={Host:db Port:5432 Password:" + m + "}",
		"&{User:bob Password:S3cret Host:db}":                   "&{User:bob Password:" + m + " Host:db}",
		"{Name:pg Params:map[user:bob password:S3cret]}":        "{Name:pg Params:map[user:bob password:" + m + "]}",
		"password = (S3cret)":                                   "password = " + m,
		"keytool -storepass S3cretKt1":                          "keytool -storepass " + m,
		"fs.azure.account.oauth2.client.secret=S3cretAz1":       "fs.azure.account.oauth2.client.secret=" + m,
		"secrets: [{from: env, params: {password: S3cretPod}}]": "secrets: [{from: env, params: {password: " + m + "}}]",
	})
}

// A password of letters alone or digits alone right after its name and one blank (password
// hunterxyz, PIN 48213377, passcode 902114) is masked in every masker; a word of prose after
// the name (password reset, password manager, password authentication failed, Password
// Required), a number and its unit, or a short number stays.
func TestR54MaskingLettersOrDigitsOnlyAfterItsName(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password hunterxyz":                    "password " + m,
		"use password hunterxyz for the reader": "use password " + m + " for the reader",
		"login bob password letmein":            "login bob password " + m,
		"PG_PASSWORD sunshine":                  "PG_PASSWORD " + m,
		"passphrase correcthorsebatterystaple":  "passphrase " + m,
		"password hunterXyz":                    "password " + m,
		"PIN 48213377":                          "PIN " + m,
		"the PIN 48213377 was rejected":         "the PIN " + m + " was rejected",
		"SIM_PIN 4821":                          "SIM_PIN " + m,
		"passcode 902114":                       "passcode " + m,
		"password 48213377":                     "password " + m,
		"ERR invalid password 00112233 for bob": "ERR invalid password " + m + " for bob",
	})
	r52MaskingKept(t,
		"password reset for user bob",
		"password policy PCI-DSS4",
		"password manager unlocked",
		"password authentication failed for user bob",
		"password expired",
		"password required",
		"Password Required",
		"password must be at least 8 characters",
		"the password field is empty",
		"password hashing algorithm",
		"password protected",
		"password rotation scheduled",
		"password complexity rules",
		"password strength weak",
		"password changed",
		"password 8 characters",
		"password 12 chars",
		"password 2 times",
		"pin 3 versions",
		"pin the version",
		"PIN required",
		"token 1700000000",
		"pwd command not found",
		"password history",
		"password length",
		"password mismatch",
		"password incorrect",
		"password prompt",
		"password grant",
		"password credentials",
		"password attempts exceeded",
	)
}

// mongosh's db.auth("user", "pw") and db.changeUserPassword("user", "pw") mask the password
// argument, any length; a prompt (passwordPrompt()) or a variable stays.
func TestR54MaskingMongoShellAuthCall(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`db.auth("bob", "pw")`:                       `db.auth("bob", "` + m + `")`,
		`use admin; db.auth("admin", "S3cret!")`:     `use admin; db.auth("admin", "` + m + `")`,
		`db.auth('bob', 'hunter2')`:                  `db.auth('bob', '` + m + `')`,
		`db.getSiblingDB("admin").auth("bob", "pw")`: `db.getSiblingDB("admin").auth("bob", "` + m + `")`,
		`db.changeUserPassword("bob", "n3wpw")`:      `db.changeUserPassword("bob", "` + m + `")`,
	})
	r52MaskingKept(t,
		`db.auth("bob", passwordPrompt())`,
		`db.auth("bob", pw)`,
		`db.auth(creds)`,
		`db.auth("bob")`,
	)
}

// A user's password given to a call as a string literal is masked: Go's req.SetBasicAuth and
// smtp.PlainAuth (its third argument), Python's HTTPBasicAuth, .NET's NetworkCredential,
// Java's UsernamePasswordCredentials; the user, the host and a variable stay.
func TestR54MaskingPasswordCallArguments(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`req.SetBasicAuth("bob", "S3cretGo")`:                         `req.SetBasicAuth("bob", "` + m + `")`,
		`smtp.PlainAuth("", "bob@x.com", "S3cretSmtp", "smtp.x.com")`: `smtp.PlainAuth("", "bob@x.com", "` + m + `", "smtp.x.com")`,
		`HTTPBasicAuth("bob", "S3cretPy")`:                            `HTTPBasicAuth("bob", "` + m + `")`,
		`new NetworkCredential("bob", "S3cretNet")`:                   `new NetworkCredential("bob", "` + m + `")`,
		`[System.Net.NetworkCredential]::new("bob", "S3cretNet")`:     `[System.Net.NetworkCredential]::new("bob", "` + m + `")`,
		`new UsernamePasswordCredentials("bob", "S3cretJava")`:        `new UsernamePasswordCredentials("bob", "` + m + `")`,
	})
	r52MaskingKept(t,
		`req.SetBasicAuth(user, pass)`,
		`smtp.PlainAuth("", user, pw, host)`,
		`req.SetBasicAuth("bob", "${secrets:pw}")`,
	)
}

// More shapes that carry a password in runtime logs and scripts: a YAML value after a core
// tag (password: !!binary <base64>, !!str; the tag stays, as a reference's tag and name do:
// !secret db_password, !Ref DbPassword), PowerShell's ConvertTo-SecureString "<pw>",
// chpasswd's user:password piped in, smbclient's -U user%password, rabbitmqctl's add_user and
// change_password, Oracle's user/password[@db] after sqlplus, expdp, CONNECT, and LDAP's
// -w<pw> written attached.
func TestR54MaskingMoreRuntimeShapes(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password: !!binary UzNjcmV0UGFzcw==":                                  "password: !!binary " + m,
		"db_password: !!str S3cretTag":                                         "db_password: !!str " + m,
		`$pw = ConvertTo-SecureString "S3cretPs" -AsPlainText -Force`:          `$pw = ConvertTo-SecureString "` + m + `" -AsPlainText -Force`,
		`ConvertTo-SecureString -String 'S3cretPs' -AsPlainText -Force`:        `ConvertTo-SecureString -String '` + m + `' -AsPlainText -Force`,
		`echo "bob:S3cretHt" | chpasswd`:                                       `echo "bob:` + m + `" | chpasswd`,
		`echo 'root:S3cretHt' | sudo chpasswd`:                                 `echo 'root:` + m + `' | sudo chpasswd`,
		"smbclient //srv/share -U bob%S3cretSmb":                               "smbclient //srv/share -U bob%" + m,
		"rpcclient -U 'DOMAIN\\bob%S3cretSmb' srv":                             "rpcclient -U 'DOMAIN\\bob%" + m + "' srv",
		"rabbitmqctl add_user bob S3cretRabbit":                                "rabbitmqctl add_user bob " + m,
		"rabbitmqctl change_password bob hunterxyz":                            "rabbitmqctl change_password bob " + m,
		"sqlplus bob/S3cretOra@db":                                             "sqlplus bob/" + m + "@db",
		"sqlplus -s system/S3cretOra@//db:1521/ORCL @run.sql":                  "sqlplus -s system/" + m + "@//db:1521/ORCL @run.sql",
		"expdp system/S3cretOra directory=dp":                                  "expdp system/" + m + " directory=dp",
		"SQL> CONNECT scott/tiger@orcl":                                        "SQL> CONNECT scott/" + m + "@orcl",
		"SQL> connect scott/tiger":                                             "SQL> connect scott/" + m,
		"ldapsearch -D cn=admin -wS3cretLdap -b dc=x":                          "ldapsearch -D cn=admin -w" + m + " -b dc=x",
		"spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net=abc123==": "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net=" + m,
	})
	r52MaskingKept(t,
		"password: !secret db_password",
		"MasterUserPassword: !Ref DbPassword",
		"ConvertTo-SecureString $plain -AsPlainText -Force",
		"chpasswd < users.txt",
		"smbclient -L //srv -U bob",
		"smbclient //srv/share -N",
		"rabbitmqctl add_user bob",
		"rabbitmqctl list_users",
		"sqlplus / as sysdba",
		"sqlplus /nolog",
		"CONNECT / AS SYSDBA",
		"ldapsearch -x -W -b dc=x",
		"spark.hadoop.fs.azure.account.oauth2.client.id=abc",
		"fs.azure.account.oauth.provider.type=org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider",
	)
}

// Oracle's userid=user/<pw> (expdp's parameter) is masked; a URL's query userid=42/x stays.
func TestR54MaskingOracleUserid(t *testing.T) {
	r52MaskingWant(t, map[string]string{"expdp userid=system/S3cretOra@db directory=dp": "expdp userid=system/" + Masked + "@db directory=dp"})
	r52MaskingKept(t, "GET /profile?userid=42/x", "exp bob/alice", "connect api/v1 first")
}

// FuzzMaskInvisible seed 434a6bc55b2dc091: a YAML tag is read after ":" alone, and a Unicode
// space after it reads as a space: "pAss0000=!A 0…" is masked as with U+2009 for the space.
func TestR54MaskingYAMLTagOnlyAfterColon(t *testing.T) {
	r51MaskingLinedAlike(t, "pAss0000=!A 0000000000000")
	for _, in := range []string{"pAss0000=!A 0000000000000", "pAss0000=!A\u20090000000000000", "password: !secret\u2009db_password"} {
		want := MaskText(strings.Replace(in, "\u2009", " ", 1))
		if got := MaskText(in); strings.Replace(got, "\u2009", " ", 1) != want {
			t.Errorf("MaskText(%q) = %q, want %q as with a space", in, got, want)
		}
	}
}
