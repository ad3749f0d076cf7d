package present

import "testing"

// A connection string's value ends at its ";" over spaces (ADO.NET's Password=S3cret Pw;)
// also when nothing marks the pair as a connection string's but the ";" that ends the line:
// round 57 showed Pw of Password=S3cret Pw; alone on a line. Where the words after the value's
// first read as prose (failed, is, to…), the value is its first word and the prose stays,
// after a connection string's key too: round 57 masked abc failed to connect whole in
// Server=db;Password=abc failed to connect.
func TestR58MaskingConnectionValueToLineEnd(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"Password=S3cret Pw;":                             "Password=" + m + ";",
		"log: Password=S3cret Pw;":                        "log: Password=" + m + ";",
		"Password=S3cret two words here;":                 "Password=" + m + ";",
		"Server=db;Password=abc failed to connect":        "Server=db;Password=" + m + " failed to connect",
		"Server=db;Password=abc is wrong":                 "Server=db;Password=" + m + " is wrong",
		"Server=db;User Id=bob;Password=S3cret Pw":        "Server=db;User Id=bob;Password=" + m,
		"Data Source=db;Password=S3cret Pw; login failed": "Data Source=db;Password=" + m + "; login failed",
		"password=abc failed to connect":                  "password=" + m + " failed to connect",
		"password=abc failed;":                            "password=" + m + " failed;",
		"PGPASSWORD=S3cretPg psql -h db;":                 "PGPASSWORD=" + m + " psql -h db;",
		"Password=abc was rejected;":                      "Password=" + m + " was rejected;",
	})
	for in, want := range map[string]string{
		"  Password=S3cret Pw;":          "  Password=" + m + ";",
		"Password=S3cret Pw;\nServer=db": "Password=" + m + ";\nServer=db",
		"Password=S3cret Pw;\r\nx=1":     "Password=" + m + ";\r\nx=1",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// A URL query's placeholder (?token=***, ?password=[REDACTED], ?token=None) holds no secret
// and reads as written, as a pair's does since round 57; a value that merely starts so is
// masked.
func TestR58MaskingURLQueryPlaceholdersKept(t *testing.T) {
	r52MaskingKept(t,
		"https://h/x?token=***",
		"https://h/x?token=***&y=1",
		"https://h/x?password=[REDACTED]&y=1",
		"https://h/x?token=None",
		"GET https://api.example.com/v1?api_key=<redacted> 401",
	)
	m := Masked
	r52MaskingWant(t, map[string]string{
		"https://h/x?token=***x":     "https://h/x?token=" + m,
		"https://h/x?token=Nonesuch": "https://h/x?token=" + m,
	})
}

// DigitalOcean's tokens (dop_v1_, doo_v1_, dor_v1_ and 64 hexadecimal digits) and Shopify's
// access tokens (shpat_, shpca_, shppa_, shpss_ and 32) are masked wherever they stand, as
// GitHub's are (round 57 showed them whole); the prefix alone, short or not hexadecimal, stays.
func TestR58MaskingDigitalOceanAndShopifyTokens(t *testing.T) {
	m := Masked
	do := "dop_v1_" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	shop := "shpat_" + "0123456789abcdef0123456789abcdef"
	r52MaskingWant(t, map[string]string{
		do:                                 m,
		"doctl auth init -t " + do:         "doctl auth init -t " + m,
		"DIGITALOCEAN_TOKEN=" + do:         "DIGITALOCEAN_TOKEN=" + m,
		"refresh dor_v1_" + do[7:] + " ok": "refresh " + m + " ok",
		"X-Shopify-Access-Token: " + shop:  "X-Shopify-Access-Token: " + m,
		"shopify " + shop + " revoked":     "shopify " + m + " revoked",
		"app secret shpss_" + shop[6:]:     "app secret " + m,
	})
	r52MaskingKept(t,
		"dop_v1_example",
		"dop_v1_0123456789abcdef",
		"shpat_example_token",
		"shpat_0123456789abcdef0123456789abcdeX",
		"the shop_v1_config file",
	)
}

// A pair in quotes whose value holds a space (systemd's Environment="PGPASSWORD=S3cret Pw", a
// compose list's "DB_PASSWORD=S3cret Pw", an XML attribute's connection string without its
// last ";") is masked to the closing quote: round 57 showed Pw. Prose in quotes after the
// value's first word stays, and so do other pairs and a quoted value's own quotes.
func TestR58MaskingQuotedPairSpacedValue(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`Environment="PGPASSWORD=S3cret Pw"`:                            `Environment="PGPASSWORD=` + m + `"`,
		`Environment="PGPASSWORD=S3cret Pw" "LOG=debug"`:                `Environment="PGPASSWORD=` + m + `" "LOG=debug"`,
		`environment: ["DB_PASSWORD=S3cret Pw", "X=1"]`:                 `environment: ["DB_PASSWORD=` + m + `", "X=1"]`,
		`- 'DB_PASSWORD=S3cret Pw'`:                                     `- 'DB_PASSWORD=` + m + `'`,
		`connectionString="Server=db;Password=S3cret Pw"`:               `connectionString="Server=db;Password=` + m + `"`,
		`<add connectionString="Server=db;User Id=bob;Password=a b" />`: `<add connectionString="Server=db;User Id=bob;Password=` + m + `" />`,
		`sh -c "PGPASSWORD=S3cretPg psql -h db"`:                        `sh -c "PGPASSWORD=` + m + ` psql -h db"`,
		`msg="password=abc failed to connect"`:                          `msg="password=` + m + ` failed to connect"`,
	})
	r52MaskingKept(t,
		`msg="user=bob logged in"`,
		`Environment="LOG=debug info"`,
	)
}

// A Kubernetes Secret's data (kubectl get secret -o yaml or -o json, a manifest) holds each
// value in base64 whatever its key is named: round 57 masked password: but showed DB_URL's
// base64 of postgres://bob:pw@db/app. Every value of a Secret's data is masked; its keys,
// its metadata, a ConfigMap's data and stringData's values that name no credential stay.
func TestR58MaskingKubernetesSecretData(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n  username: Ym9i\n  DB_URL: cG9zdGdyZXM6Ly9ib2I6cHdAZGIvYXBw\n": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n  username: " + m + "\n  DB_URL: " + m + "\n",
		"apiVersion: v1\ndata:\n  config.json: eyJhIjoxfQ==\nkind: Secret\nmetadata:\n  name: x":                                                         "apiVersion: v1\ndata:\n  config.json: " + m + "\nkind: Secret\nmetadata:\n  name: x",
		"items:\n- apiVersion: v1\n  data:\n    DB_URL: cG9zdGdyZXM6Ly9ib2I6cHdAZGIvYXBw\n  kind: Secret\n":                                              "items:\n- apiVersion: v1\n  data:\n    DB_URL: " + m + "\n  kind: Secret\n",
		`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"data":{"DB_URL":"cG9zdGdyZXM6Ly9ib2I6cHdAZGIvYXBw","username":"Ym9i"}}`:            `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"data":{"DB_URL":"` + m + `","username":"` + m + `"}}`,
		"{\n  \"data\": {\n    \"DB_URL\": \"cG9zdGdyZXM6Ly9ib2I6cHdAZGIvYXBw\"\n  },\n  \"kind\": \"Secret\"\n}":                                        "{\n  \"data\": {\n    \"DB_URL\": \"" + m + "\"\n  },\n  \"kind\": \"Secret\"\n}",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
	for _, in := range []string{
		"kind: ConfigMap\ndata:\n  LOG_LEVEL: debug\n  region: us-east-1\n  ttl_seconds: MzYwMA",
		"kind: Secret\nstringData:\n  region: us-east-1\n  username: bob",
		"kind: Secret\nmetadata:\n  name: db-creds\n  namespace: prod\ntype: Opaque",
		`{"kind":"ConfigMap","data":{"region":"dXMtZWFzdC0x"}}`,
		"the kind: Secret\ndata:\n  x: Ym9i",
	} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q, want it kept", in, got)
		}
	}
}

// Go's %+v prints a struct's strings unquoted (&{Host:db User:bob Password:S3cret Pw DB:app}):
// a field's value runs to the next field's " Name:" or the struct's "}", spaces and all; round
// 57 showed Pw. The other fields, and prose after a value's first word, stay.
func TestR58MaskingGoStructSpacedValue(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"config: &{Host:db Port:5432 User:bob Password:S3cret Pw DB:app}": "config: &{Host:db Port:5432 User:bob Password:" + m + " DB:app}",
		"{User:bob Password:S3cret two words}":                            "{User:bob Password:" + m + "}",
		"{User:bob Password:S3cretGo Host:db}":                            "{User:bob Password:" + m + " Host:db}",
		"{Password:S3cret Pw}":                                            "{Password:" + m + "}",
	})
	r52MaskingKept(t,
		"{User:bob Host:db Port:5432}",
		"{User:bob Name:Alice Smith Role:admin}",
	)
	if got, want := MaskText("{User:bob Password:abc failed to connect}"), "{User:bob Password:"+m+" failed to connect}"; got != want {
		t.Errorf("MaskText = %q, want %q", got, want)
	}
}
