package present

import "testing"

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
