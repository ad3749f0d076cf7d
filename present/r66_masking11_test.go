package present

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// r66Masking11Formats are the credential-bearing formats an operator pastes into a chat or a
// runtime writes into its logs, each as its tool writes it: the secret masked, the rest as
// written. log marks one-line rows a deployment's log holds, which MaskLogLines must mask so too.
var r66Masking11Formats = []struct {
	format, in, want string
	log              bool
}{
	{"libpq keyword DSN, quoted", "host=db.internal port=5432 dbname=app user=bob password='a b' sslmode=require",
		"host=db.internal port=5432 dbname=app user=bob password='" + Masked + "' sslmode=require", true},
	{"libpq keyword DSN, escaped quote", `host=db password='it\'s ok' sslmode=require`, `host=db password='` + Masked + `' sslmode=require`, true},
	{"libpq, spaces around =", "host=db password = 'a b' sslmode=require", "host=db password = '" + Masked + "' sslmode=require", false},
	{"libpq, socket host", "user=bob password=s3cr3t dbname=app host=/var/run/postgresql",
		"user=bob password=" + Masked + " dbname=app host=/var/run/postgresql", true},
	{"JDBC PostgreSQL query", "jdbc:postgresql://db.internal:5432/app?user=bob&password=s3cr3t&ssl=true",
		"jdbc:postgresql://db.internal:5432/app?user=bob&password=" + Masked + "&ssl=true", true},
	{"JDBC SQL Server properties", "jdbc:sqlserver://db.internal:1433;databaseName=app;user=bob;password=s3cr3t;encrypt=true",
		"jdbc:sqlserver://db.internal:1433;databaseName=app;user=bob;password=" + Masked + ";encrypt=true", true},
	{"JDBC MySQL userinfo", "jdbc:mysql://bob:s3cr3t@db.internal:3306/app", "jdbc:mysql://" + Masked + "@db.internal:3306/app", true},
	{"JDBC Oracle thin", "jdbc:oracle:thin:bob/s3cr3t@db.internal:1521/ORCL", "jdbc:oracle:thin:bob/" + Masked + "@db.internal:1521/ORCL", true},
	{"ODBC braced password", "Driver={ODBC Driver 18};Server=db;Uid=bob;Pwd={a;b};Encrypt=yes;",
		"Driver={ODBC Driver 18};Server=db;Uid=bob;Pwd=" + Masked + ";Encrypt=yes;", true},
	{"ODBC braced password, escaped brace", "Driver={ODBC Driver 18 for SQL Server};Server=tcp:db,1433;Uid=bob;Pwd={a;b}};c};Encrypt=yes;",
		"Driver={ODBC Driver 18 for SQL Server};Server=tcp:db,1433;Uid=bob;Pwd=" + Masked + ";Encrypt=yes;", true},
	{"ODBC braced password, escaped brace last", "Uid=bob;PWD={p}}w};Encrypt=yes", "Uid=bob;PWD=" + Masked + ";Encrypt=yes", true},
	{"SQL Server ADO.NET", "Server=tcp:db,1433;Initial Catalog=app;User ID=bob;Password=s3cr3t;Encrypt=True;",
		"Server=tcp:db,1433;Initial Catalog=app;User ID=bob;Password=" + Masked + ";Encrypt=True;", true},
	{"SQL Server ADO.NET, quoted", `Server=db;User Id=bob;Password="p;w";Trusted_Connection=False;`,
		`Server=db;User Id=bob;Password="` + Masked + `";Trusted_Connection=False;`, true},
	{"MongoDB SRV, percent-encoded", "mongodb+srv://bob:p%40ss%3Aw@cluster0.example.mongodb.net/app?retryWrites=true&w=majority",
		"mongodb+srv://" + Masked + "@cluster0.example.mongodb.net/app?retryWrites=true&w=majority", true},
	{"MongoDB replica set", "mongodb://bob:s3cr3t@h1:27017,h2:27017/app?replicaSet=rs0", "mongodb://" + Masked + "@h1:27017,h2:27017/app?replicaSet=rs0", true},
	{"Redis, password only", "redis://:s3cr3t@redis.internal:6379/0", "redis://" + Masked + "@redis.internal:6379/0", true},
	{"Redis TLS, ACL user", "rediss://default:s3cr3t@redis.internal:6380", "rediss://" + Masked + "@redis.internal:6380", true},
	{"AMQP, percent-encoded", "amqp://guest:gu%40st@rabbit.internal:5672/%2F", "amqp://" + Masked + "@rabbit.internal:5672/%2F", true},
	{"Snowflake connection string", "account=xy12345;user=bob;password=s3cr3t;warehouse=wh;db=app",
		"account=xy12345;user=bob;password=" + Masked + ";warehouse=wh;db=app", true},
	{"Snowflake URL", "snowflake://bob:s3cr3t@xy12345.us-east-1/app/public?warehouse=wh&role=r",
		"snowflake://" + Masked + "@xy12345.us-east-1/app/public?warehouse=wh&role=r", true},
	{"Snowflake Python connector", "snowflake.connector.connect(user='bob', password='s3cr3t', account='xy12345')",
		"snowflake.connector.connect(user='bob', password='" + Masked + "', account='xy12345')", true},
	{"Databricks JDBC", "jdbc:databricks://adb-1.azuredatabricks.net:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc;AuthMech=3;UID=token;PWD=dapi0123456789abcdef0123456789abcdef",
		"jdbc:databricks://adb-1.azuredatabricks.net:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc;AuthMech=3;UID=token;PWD=" + Masked, true},
	{"Databricks URL", "databricks://token:dapi0123456789abcdef0123456789abcdef@adb-1.azuredatabricks.net:443/default",
		"databricks://" + Masked + "@adb-1.azuredatabricks.net:443/default", true},
	{"Databricks token variable", "DATABRICKS_TOKEN=dapi0123456789abcdef0123456789abcdef", "DATABRICKS_TOKEN=" + Masked, true},
	{".netrc, one line", "machine api.example.com login bob password s3cr3t", "machine api.example.com login bob password " + Masked, true},
	{".netrc, one token a line", "machine api.example.com\n  login bob\n  password s3cr3t", "machine api.example.com\n  login bob\n  password " + Masked, false},
	{".netrc, quoted", `machine h login u password "s3 cr3t"`, `machine h login u password "` + Masked + `"`, true},
	{".pgpass", "db.internal:5432:app:bob:s3cr3t", "db.internal:5432:app:bob:" + Masked, true},
	{".pgpass, escaped colon", `*:*:*:bob:p\:w`, "*:*:*:bob:" + Masked, true},
	{"docker login -p", "docker login -u bob -p s3cr3t registry.example.com", "docker login -u bob -p " + Masked + " registry.example.com", true},
	{"docker login --password", "docker login --username bob --password s3cr3t registry.example.com",
		"docker login --username bob --password " + Masked + " registry.example.com", true},
	{"curl -u", "curl -u bob:s3cr3t https://api.example.com/v1", "curl -u bob:" + Masked + " https://api.example.com/v1", true},
	{"curl -u, quoted", "curl -u 'bob:s3 cr3t' https://x", "curl -u 'bob:" + Masked + "' https://x", true},
	{"curl --user=", "curl --user=bob:s3cr3t https://x", "curl --user=bob:" + Masked + " https://x", true},
	{"curl -H Basic", "curl -H 'Authorization: Basic Ym9iOnMzY3IzdA==' https://api.example.com/v1",
		"curl -H 'Authorization: Basic " + Masked + "' https://api.example.com/v1", true},
	{"curl -H Bearer", `curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig" https://api.example.com`,
		`curl -H "Authorization: Bearer ` + Masked + `" https://api.example.com`, true},
	{"Proxy-Authorization", "Proxy-Authorization: Basic Ym9iOnMzY3IzdA==", "Proxy-Authorization: Basic " + Masked, true},
	{"Cookie", "Cookie: _ga=GA1.2.3; csrftoken=abc123; sessionid=xyz789", "Cookie: _ga=GA1.2.3; csrftoken=" + Masked + "; sessionid=" + Masked, true},
	{"Cookie, express", "Cookie: connect.sid=s%3AxYz.sig", "Cookie: connect.sid=" + Masked, true},
	{"Set-Cookie", "Set-Cookie: sessionid=abc123def456; Path=/; HttpOnly; Secure", "Set-Cookie: sessionid=" + Masked + "; Path=/; HttpOnly; Secure", true},
	{"Set-Cookie, NextAuth", "Set-Cookie: __Secure-next-auth.session-token=eyJhbGciOiJkaXIifQ..abc; Path=/",
		"Set-Cookie: __Secure-next-auth.session-token=" + Masked + "; Path=/", true},
	{"aws configure prompts", "AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE\nAWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nDefault region name [None]: us-east-1\nDefault output format [None]: json",
		"AWS Access Key ID [None]: " + Masked + "\nAWS Secret Access Key [None]: " + Masked + "\nDefault region name [None]: us-east-1\nDefault output format [None]: json", false},
	{"aws configure prompt, key set before", "AWS Secret Access Key [****************EKEY]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS Secret Access Key [****************EKEY]: " + Masked, true},
	{"aws credentials file", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLE\nregion = us-east-1",
		"[default]\naws_access_key_id = " + Masked + "\naws_secret_access_key = " + Masked + "\naws_session_token = " + Masked + "\nregion = us-east-1", false},
	{".env with export and quotes", "export DB_PASSWORD=\"s3 cr3t\"\nexport API_KEY='abc def'\nDATABASE_URL=postgres://bob:s3cr3t@db.internal/app\nPORT=8080\nDB_TOKEN=s3cr3t # rotated monthly",
		"export DB_PASSWORD=\"" + Masked + "\"\nexport API_KEY='" + Masked + "'\nDATABASE_URL=postgres://" + Masked + "@db.internal/app\nPORT=8080\nDB_TOKEN=" + Masked + " # rotated monthly", false},
	{"kubectl get secret -o yaml", "apiVersion: v1\ndata:\n  DB_URL: cG9zdGdyZXM6Ly9ib2I6czNjcjN0QGRiL2FwcA==\n  password: czNjcjN0\n  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque",
		"apiVersion: v1\ndata:\n  DB_URL: " + Masked + "\n  password: " + Masked + "\n  tls.key: " + Masked + "\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque", false},
	{"kubectl get secret -o json", `{"apiVersion":"v1","data":{"api":"czNjcjN0"},"kind":"Secret"}`, `{"apiVersion":"v1","data":{"api":"` + Masked + `"},"kind":"Secret"}`, true},
	{"Terraform", "resource \"aws_db_instance\" \"db\" {\n  username = \"bob\"\n  password = \"s3cr3t\"  # prod\n  engine   = \"postgres\"\n}",
		"resource \"aws_db_instance\" \"db\" {\n  username = \"bob\"\n  password = \"" + Masked + "\"  # prod\n  engine   = \"postgres\"\n}", false},
	{"Terraform variable default", "variable \"db_password\" {\n  default = \"s3cr3t\"\n}", "variable \"db_password\" {\n  default = \"" + Masked + "\"\n}", false},
	{"TOML", "[database]\nuser = \"bob\"\npassword = \"s3cr3t\"\nport = 5432", "[database]\nuser = \"bob\"\npassword = \"" + Masked + "\"\nport = 5432", false},
	{"TOML literal and multi-line strings", "password = 's3cr3t'\ntoken = \"\"\"s3 cr3t\"\"\"", "password = '" + Masked + "'\ntoken = \"\"\"" + Masked + "\"\"\"", false},
	{"INI", "[db]\nuser=bob\npassword=s3cr3t\nhost=db.internal", "[db]\nuser=bob\npassword=" + Masked + "\nhost=db.internal", false},
	{"Java properties", "db.user=bob\ndb.password=s3cr3t\ndb.url=jdbc:postgresql://db/app", "db.user=bob\ndb.password=" + Masked + "\ndb.url=jdbc:postgresql://db/app", false},
	{"Java properties, escaped colon in the value", `db.password=a\:b`, "db.password=" + Masked, true},
	{"Java properties, colon separator", "db.password : s3cr3t\ndb.host : db", "db.password : " + Masked + "\ndb.host : db", false},
	{"Java properties, line continuation", "db.password=first\\\n    second\ndb.host=db", "db.password=" + Masked + "\ndb.host=db", false},
	{"Spark properties", "spark.hadoop.fs.s3a.secret.key=wJalrXUtnFEMI/K7MDENG", "spark.hadoop.fs.s3a.secret.key=" + Masked, true},
	{"logfmt", `time=2024-01-01T00:00:00Z level=info msg="connecting" user=bob password=s3cr3t host=db`,
		`time=2024-01-01T00:00:00Z level=info msg="connecting" user=bob password=` + Masked + ` host=db`, true},
	{"logfmt, quoted with escaped quote", `level=warn password="s3 \"cr3t" user=bob`, `level=warn password="` + Masked + `" user=bob`, true},
	{"JSON log, DSN with escaped quotes", `{"level":"error","msg":"connect failed: password=\"s3cr3t\" host=db","ts":1}`,
		`{"level":"error","msg":"connect failed: password=\"` + Masked + `\" host=db","ts":1}`, true},
	{"JSON log, URL in escaped quotes", `{"level":"error","msg":"dsn \"postgres://bob:s3cr3t@db/app\" refused"}`,
		`{"level":"error","msg":"dsn \"postgres://` + Masked + `@db/app\" refused"}`, true},
	{"JSON, escaped quote in the value", `{"password":"s3\"cr3t","user":"bob"}`, `{"password":"` + Masked + `","user":"bob"}`, true},
	{"JSON, Basic header", `{"headers":{"Authorization":"Basic Ym9iOnMzY3IzdA=="}}`, `{"headers":{"Authorization":"Basic ` + Masked + `"}}`, true},
	{"Python traceback", "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    conn = psycopg2.connect(\"host=db user=bob password=s3cr3t dbname=app\")\npsycopg2.OperationalError: connection to server failed",
		"Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    conn = psycopg2.connect(\"host=db user=bob password=" + Masked + " dbname=app\")\npsycopg2.OperationalError: connection to server failed", false},
	{"SQLAlchemy error", "[SQL: postgresql://bob:s3cr3t@db:5432/app]", "[SQL: postgresql://" + Masked + "@db:5432/app]", true},
	{"Go panic", "panic: dial failed: postgres://bob:s3cr3t@db.internal:5432/app?sslmode=disable\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d",
		"panic: dial failed: postgres://" + Masked + "@db.internal:5432/app?sslmode=disable\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d", false},
	{"MySQL client", "mysql -u bob -ps3cr3t -h db app", "mysql -u bob -p" + Masked + " -h db app", true},
	{"psql with PGPASSWORD", "PGPASSWORD=s3cr3t psql -h db -U bob app", "PGPASSWORD=" + Masked + " psql -h db -U bob app", true},
	{"redis-cli -a", "redis-cli -h redis -a s3cr3t ping", "redis-cli -h redis -a " + Masked + " ping", true},
	{"sqlcmd -P", `sqlcmd -S db -U sa -P s3cr3t -Q "select 1"`, `sqlcmd -S db -U sa -P ` + Masked + ` -Q "select 1"`, true},
	{"git remote with a token", "https://oauth2:glpat-AAAAAAAAAAAAAAAAAAAA@gitlab.com/org/repo.git", "https://" + Masked + "@gitlab.com/org/repo.git", true},
	{"spicepod params, secret references", "params:\n  pg_pass: ${secrets:PG_PASS}\n  pg_user: bob\n  pg_host: db.internal\n  pg_connection_string: postgres://bob:${secrets:PG_PASS}@db/app",
		"params:\n  pg_pass: ${secrets:PG_PASS}\n  pg_user: bob\n  pg_host: db.internal\n  pg_connection_string: postgres://bob:${secrets:PG_PASS}@db/app", false},
	{"spicepod params, spaced reference", "pg_pass: ${ secrets:PG_PASS }", "pg_pass: ${ secrets:PG_PASS }", true},
}

// TestR66Masking11Formats: each format masked by MaskText and MaskAPIText, and its one-line
// rows by MaskLogLines as a log's entries.
func TestR66Masking11Formats(t *testing.T) {
	for _, f := range r66Masking11Formats {
		t.Run(f.format, func(t *testing.T) {
			r65Masking10Check(t, map[string]string{f.in: f.want})
			if !f.log {
				return
			}
			in := []string{"starting", f.in, "done"}
			if got, want := MaskLogLines(in), []string{"starting", f.want, "done"}; !reflect.DeepEqual(got, want) {
				t.Errorf("MaskLogLines(%q)\n got  %q\n want %q", in, got, want)
			}
		})
	}
}

// TestR66Masking11SpicepodSecretReferences: in a spicepod's params a whole ${secrets:…} reference
// is shown (it names a secret, holds none), a literal credential masked.
func TestR66Masking11SpicepodSecretReferences(t *testing.T) {
	pod := map[string]any{"datasets": []any{map[string]any{"from": "postgres:public.orders", "name": "orders", "params": map[string]any{
		"pg_host": "db.internal", "pg_user": "bob", "pg_pass": "${secrets:PG_PASS}", "pg_sslmode": "require",
		"pg_connection_string": "postgres://bob:${ secrets:PG_PASS }@db/app", "pg_password": "s3cr3t",
	}}}}
	params := MaskSpicepod(pod)["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)
	// A user name and a connection string are masked whole by design (nonSecretParams).
	want := map[string]any{"pg_host": "db.internal", "pg_user": Masked, "pg_pass": "${secrets:PG_PASS}", "pg_sslmode": "require",
		"pg_connection_string": Masked, "pg_password": Masked}
	if !reflect.DeepEqual(params, want) {
		t.Errorf("MaskSpicepod params\n got  %v\n want %v", params, want)
	}
}

// TestR66Masking11TupleValueAfterLineSeparator: FuzzMaskInvisible (seed 509b0e95057b4f07) found
// a pair's tuple ("token", <v>) masked with a space after its comma and shown with a line
// separator there, which MaskLogLines shows as a space: the blank may be any.
func TestR66Masking11TupleValueAfterLineSeparator(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		`"token", 00A0000`:              `"token", ` + m,
		"\"token\",\u202900A0000":       "\"token\",\u2029" + m,
		"\"token\",\u00a000A0000":       "\"token\",\u00a0" + m,
		`("x-api-key", "abcd1234efgh")`: `("x-api-key", "` + m + `")`,
		`"token", expired`:              `"token", expired`,
	})
}

// TestR66Masking11SecondEqualsApart: FuzzMaskLogLinesCoversOld (seed 3fc700d354e5f25e) found
// "pAsswd= =\u00a0000" masking the second "=" as the value and showing 000, which the old log
// masker hid: a second "=" apart is the separator's, as in password == x.
func TestR66Masking11SecondEqualsApart(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"pAsswd= =\u00a0000":  "pAsswd= =\u00a0" + m,
		"pAsswd= = 000":       "pAsswd= = " + m,
		"password = = s3cr3t": "password = = " + m,
		"pAsswd= =000":        "pAsswd= " + m,
		"password = =":        "password = " + m,
		"pAsswd=:\u3000000":   "pAsswd=:\u3000" + m,
		"password=: s3cr3t":   "password=: " + m,
	})
	if got := MaskLogLines([]string{"pAsswd= =\u00a0000"})[0]; got != "pAsswd= =\u00a0"+m {
		t.Errorf("MaskLogLines: %q", got)
	}
}

// TestR66Masking11FormatsAnySecret: each format's secret (s3cr3t in the table) replaced by
// other secrets, of letters, digits, "-" and "_", short and long, is masked as s3cr3t is: the
// table holds for the shapes a real secret takes, not only for one word.
func TestR66Masking11FormatsAnySecret(t *testing.T) {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
	r := rand.New(rand.NewPCG(66, 11))
	for _, f := range r66Masking11Formats {
		if !strings.Contains(f.in, "s3cr3t") {
			continue
		}
		for range 100 {
			b := make([]byte, 6+r.IntN(40))
			for i := range b {
				b[i] = chars[r.IntN(len(chars))]
			}
			b[0], b[len(b)-1] = chars[r.IntN(52)], chars[52+r.IntN(10)] // a letter first, a digit last
			in := strings.ReplaceAll(f.in, "s3cr3t", string(b))
			if got := MaskText(in); got != f.want {
				t.Fatalf("%s: MaskText(%q)\n got  %q\n want %q", f.format, in, got, f.want)
			}
		}
	}
}

// TestR66Masking11EmptyQuotesThenPair: FuzzMaskLogLinesCoversOld (seed 4a4bf01593d8e78d) found
// "0tokeY:\"\"token :000" read as one value, "\"\"token", whose mask then made ":000" read as
// HTTPie's shorthand after a masked password and shown, where the old log masker hid it: an
// empty quoted value right before a credential-named key and its separator is empty, and the
// next pair is read as its own.
func TestR66Masking11EmptyQuotesThenPair(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		`0tokeY:""token :000`:       `0tokeY:""token :` + m,
		`token:""password=s3cr3t x`: `token:""password=` + m + ` x`,
		`password:""x`:              `password:` + m,
		`token:""abc def`:           `token:` + m + ` def`,
	})
	if got := MaskLogLines([]string{`0tokeY:""token :000`})[0]; got != `0tokeY:""token :`+m {
		t.Errorf("MaskLogLines: %q", got)
	}
}

// TestR66Masking11ProseWordsOverLineSeparators: FuzzMaskInvisible (seed 3a9348024b514574)
// found MaskAPIText showing "0:" in "tokeY:Tokey\u0085has\u2028been\u20290:", which it masks with
// spaces there: a value's words apart by line separators read as prose as apart by spaces.
func TestR66Masking11ProseWordsOverLineSeparators(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"token:Token has\u2028been 0:":  "token:Token has\u2028been " + m,
		"token:Token has been 0:":       "token:Token has been " + m,
		"token: Token has been revoked": "token: Token has been revoked",
	} {
		if got := MaskAPIText(in); got != want {
			t.Errorf("MaskAPIText(%q)\n got  %q\n want %q", in, got, want)
		}
	}
	if in, got := "tokeY:Tokey\u0085has\u2028been\u20290:", MaskAPIText("tokeY:Tokey\u0085has\u2028been\u20290:"); strings.Contains(got, "0:") {
		t.Errorf("MaskAPIText(%q) = %q shows 0:", in, got)
	}
}
