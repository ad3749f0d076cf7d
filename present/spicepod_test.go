package present

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

const corpusDir = "testdata/spicepods"

func loadCorpus(t testing.TB) []testutil.SpicepodCase {
	t.Helper()
	corpus, err := testutil.SpicepodCorpus(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus) < 15 {
		t.Fatalf("the masking corpus has %d spicepods; it covers one per connector family (at least 15)", len(corpus))
	}
	return corpus
}

func parsePod(t testing.TB, text string) map[string]any {
	t.Helper()
	pod, msg := rules.ParseSpicepod(text)
	if msg != "" {
		t.Fatalf("spicepod does not parse: %s", msg)
	}
	return pod
}

// shown is everything a masked spicepod shows: its YAML (as results render it) and its JSON
// (as structured content carries it), without HTML escaping so values read as written.
func shown(t testing.TB, pod map[string]any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(pod); err != nil {
		t.Fatal(err)
	}
	return spicepodYAML(pod) + "\n" + b.String()
}

// TestMaskingCorpus: for every corpus spicepod, no planted credential (nor its first or last 8
// characters) is shown, hosts, paths and whole references stay readable, the secrets stanza is
// unchanged, the original is not modified, masking is idempotent, the rendered YAML reads back
// as the masked spicepod, and that spicepod sent back would be refused.
func TestMaskingCorpus(t *testing.T) {
	for _, c := range loadCorpus(t) {
		t.Run(c.Name, func(t *testing.T) {
			if len(c.Planted) == 0 {
				t.Fatal("no planted credentials")
			}
			pod := parsePod(t, c.YAML)
			before, _ := json.Marshal(pod)
			masked := MaskSpicepod(pod)
			if after, _ := json.Marshal(pod); !bytes.Equal(before, after) {
				t.Error("MaskSpicepod modified its argument")
			}
			out := shown(t, masked)
			for _, p := range c.Planted {
				if !strings.Contains(c.YAML, p) {
					t.Errorf("planted %q is not in the file", p)
				}
				for _, part := range fragments(c.YAML, p) {
					if strings.Contains(out, part) {
						t.Errorf("planted credential %q shown (%q):\n%s", p, part, out)
					}
				}
			}
			for _, r := range c.Readable {
				if !strings.Contains(out, r) {
					t.Errorf("%q should stay readable:\n%s", r, out)
				}
			}
			if !reflect.DeepEqual(masked["secrets"], pod["secrets"]) {
				t.Errorf("secrets stanza changed: %v -> %v", pod["secrets"], masked["secrets"])
			}
			if again := MaskSpicepod(masked); !reflect.DeepEqual(again, masked) {
				t.Error("masking a masked spicepod changed it")
			}
			back := parsePod(t, spicepodYAML(masked))
			if want, got := mustJSON(t, masked), mustJSON(t, back); want != got {
				t.Errorf("rendered YAML reads back differently:\nwant %s\ngot  %s", want, got)
			}
			if len(MaskedPaths(masked)) == 0 {
				t.Error("the masked spicepod would not be refused")
			}
			if paths := MaskedPaths(pod); len(paths) > 0 {
				t.Errorf("the original holds the placeholder at %v", paths)
			}
		})
	}
}

// fragments are the parts of a planted value whose appearance counts as a leak: the value,
// and its first and last 8 characters where the file has them only inside the value.
func fragments(file, p string) []string {
	parts := []string{p}
	if len(p) >= 16 {
		for _, part := range []string{p[:8], p[len(p)-8:]} {
			if strings.Count(file, part) == strings.Count(file, p) {
				parts = append(parts, part)
			}
		}
	}
	return parts
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestMaskRules(t *testing.T) {
	params := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return map[string]any{"datasets": []any{map[string]any{"from": "x:y", "name": "d", "params": m}}}
	}
	paramsOf := func(pod map[string]any) map[string]any {
		return pod["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)
	}
	in := params(
		"pg_pass", "hunter2", "pg_host", "db.internal", "pg_port", 5432.0, "pg_db", "app",
		"numeric_pass", 12345678.0, "flag", true, "nothing", nil, "empty", "",
		"ref", "${secrets:PG_PASS}", "spaced", "${ secrets:PG_PASS }", "env", "${env:X}", "dotted", "${snowflake.password}",
		"not_a_ref", "${secrets:A} and more", "two_refs", "${a:b}${c:d}",
		"pg_connection_string", "postgres://u:${secrets:P}@db/app",
		"nested", map[string]any{"user": "u", "list": []any{"a", 1.0, false}},
		"file_format", "parquet", "pg_sslmode", "verify-full",
		"s3_region", "host=db password=x", // an allowlisted key holding something else
		"mode", "user@host",
		"custom", "anything",
	)
	got := paramsOf(MaskSpicepod(in))
	want := map[string]any{
		"pg_pass": Masked, "pg_host": "db.internal", "pg_port": 5432.0, "pg_db": "app",
		"numeric_pass": Masked, "flag": true, "nothing": nil, "empty": "",
		"ref": "${secrets:PG_PASS}", "spaced": "${ secrets:PG_PASS }", "env": "${env:X}", "dotted": "${snowflake.password}",
		"not_a_ref": Masked, "two_refs": Masked,
		"pg_connection_string": Masked,
		"nested":               map[string]any{"user": Masked, "list": []any{Masked, Masked, false}},
		"file_format":          "parquet", "pg_sslmode": "verify-full",
		"s3_region": Masked, "mode": Masked, "custom": Masked,
	}
	if !reflect.DeepEqual(got, want) {
		for k := range want {
			if !reflect.DeepEqual(got[k], want[k]) {
				t.Errorf("params.%s = %#v, want %#v", k, got[k], want[k])
			}
		}
	}

	pod := map[string]any{
		"version": "v1", "kind": "Spicepod", "name": "p",
		"secrets": []any{map[string]any{"from": "env", "name": "env"}, map[string]any{"from": "kubernetes:creds", "name": "k8s", "token": "abc"}},
		"runtime": map[string]any{
			"tls":    map[string]any{"enabled": true, "key": "PEMBODY", "certificate_file": "/etc/cert.pem"},
			"auth":   map[string]any{"api-key": map[string]any{"enabled": true, "keys": []any{"k1", "${secrets:K}"}}},
			"params": map[string]any{"http_max_concurrent_requests": 8.0},
		},
		"snapshots": map[string]any{"location": "s3://bucket/snap/", "params": map[string]any{"s3_auth": "iam_role", "s3_key": "AKIA"}},
		"datasets": []any{map[string]any{
			"from":         "postgres://admin:pw@db:5432/app?sslmode=require&password=pw2&api_key=k&ok=1#frag",
			"name":         "d",
			"description":  "see https://tok@github.com/o/r and https://u:${secrets:P}@h/x, https://a:b@c,https://d:e@f",
			"acceleration": map[string]any{"engine": "postgres", "params": map[string]any{"pg_pass": "accel"}},
		}},
		"catalogs": []any{map[string]any{"from": "abfss://container@account.dfs.core.windows.net/p", "name": "c"}},
		"views":    []any{map[string]any{"name": "v", "sql": "SELECT 'a=b' FROM t WHERE x = 1"}},
	}
	m := MaskSpicepod(pod)
	if !reflect.DeepEqual(m["secrets"], []any{map[string]any{"from": "env", "name": "env"}, map[string]any{"from": "kubernetes:creds", "name": "k8s", "token": Masked}}) {
		t.Errorf("secrets stanza: %#v", m["secrets"])
	}
	rt := m["runtime"].(map[string]any)
	if tls := rt["tls"].(map[string]any); tls["key"] != Masked || tls["certificate_file"] != "/etc/cert.pem" || tls["enabled"] != true {
		t.Errorf("runtime.tls: %#v", tls)
	}
	if keys := rt["auth"].(map[string]any)["api-key"].(map[string]any)["keys"]; !reflect.DeepEqual(keys, []any{Masked, "${secrets:K}"}) {
		t.Errorf("runtime.auth keys: %#v", keys)
	}
	if p := rt["params"].(map[string]any); p["http_max_concurrent_requests"] != Masked {
		t.Errorf("runtime.params: %#v", p)
	}
	if s := m["snapshots"].(map[string]any); s["location"] != "s3://bucket/snap/" || !reflect.DeepEqual(s["params"], map[string]any{"s3_auth": "iam_role", "s3_key": Masked}) {
		t.Errorf("snapshots: %#v", s)
	}
	ds := m["datasets"].([]any)[0].(map[string]any)
	if want := "postgres://" + Masked + "@db:5432/app?sslmode=require&password=" + Masked + "&api_key=" + Masked + "&ok=1#frag"; ds["from"] != want {
		t.Errorf("from = %q, want %q", ds["from"], want)
	}
	if want := "see https://" + Masked + "@github.com/o/r and https://u:${secrets:P}@h/x, https://" + Masked + "@c,https://" + Masked + "@f"; ds["description"] != want {
		t.Errorf("description = %q, want %q", ds["description"], want)
	}
	if p := ds["acceleration"].(map[string]any)["params"].(map[string]any); p["pg_pass"] != Masked {
		t.Errorf("acceleration.params: %#v", p)
	}
	if c := m["catalogs"].([]any)[0].(map[string]any); c["from"] != "abfss://container@account.dfs.core.windows.net/p" {
		t.Errorf("an Azure container is not a credential: %q", c["from"])
	}
	if v := m["views"].([]any)[0].(map[string]any); v["sql"] != "SELECT 'a=b' FROM t WHERE x = 1" {
		t.Errorf("view sql: %q", v["sql"])
	}
}

// TestMaskSpicepodKeys: keys are text like any other string, at any depth (under params
// too): a credential in a key is masked, keys that mask alike stay apart, and the masked
// spicepod is refused when sent back.
func TestMaskSpicepodKeys(t *testing.T) {
	pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "p",
		"datasets": []any{map[string]any{"from": "file:/y", "name": "d",
			"metadata": map[string]any{"postgres://bob:hunter2@db/app": "x", "password=hunter9": "y", "password=hunter8": "z", "plain": "w"},
			"params":   map[string]any{"https://u:hunter7@h/x": "v"},
		}}}
	m := MaskSpicepod(pod)
	ds := m["datasets"].([]any)[0].(map[string]any)
	want := map[string]any{"postgres://" + Masked + "@db/app": "x", "password=" + Masked: Masked, "password=" + Masked + " (2)": Masked, "plain": "w"}
	if !reflect.DeepEqual(ds["metadata"], want) {
		t.Errorf("metadata = %#v, want %#v", ds["metadata"], want)
	}
	if !reflect.DeepEqual(ds["params"], map[string]any{"https://" + Masked + "@h/x": Masked}) {
		t.Errorf("params = %#v", ds["params"])
	}
	out := shown(t, m)
	for _, leaked := range []string{"hunter2", "hunter9", "hunter8", "hunter7"} {
		if strings.Contains(out, leaked) {
			t.Errorf("%s shown:\n%s", leaked, out)
		}
	}
	if len(MaskedPaths(m)) == 0 {
		t.Error("the masked spicepod would not be refused")
	}
	checkMasked(t, pod)
}

// TestMaskSpicepodStrings: the audit's strings outside params, and prose that stays readable.
func TestMaskSpicepodStrings(t *testing.T) {
	for in, want := range map[string]string{
		"file:/y Password:hunter5 db_password =hunter6": "file:/y Password:" + Masked + " db_password =" + Masked,
		"postgres://bob:pa/ss@db:5432/app":              "postgres://" + Masked + "@db:5432/app",
		"Auth: uses OAuth; session: per user":           "Auth: uses OAuth; session: per user",
	} {
		pod := map[string]any{"datasets": []any{map[string]any{"from": "file:/y", "description": in}}}
		if got := MaskSpicepod(pod)["datasets"].([]any)[0].(map[string]any)["description"]; got != want {
			t.Errorf("description %q = %q, want %q", in, got, want)
		}
	}
}

func TestMaskedPathsAndRefusal(t *testing.T) {
	pod := map[string]any{
		"version": "v1",
		"datasets": []any{
			map[string]any{"from": "postgres://" + Masked + "@db/app", "params": map[string]any{"pg_pass": Masked, "pg_host": "db"}},
			map[string]any{"params": map[string]any{"odd key": Masked, Masked: "x"}},
		},
	}
	got := MaskedPaths(pod)
	want := []string{"datasets[0].from", "datasets[0].params.pg_pass", `datasets[1].params["********"]`, `datasets[1].params["odd key"]`}
	if !slices.Equal(got, want) {
		t.Errorf("paths = %q, want %q", got, want)
	}
	msg := SpicepodMasked(got)
	for _, part := range []string{`"********"`, "datasets[0].params.pg_pass", "an app secret", "${secrets:"} {
		if !strings.Contains(msg, part) {
			t.Errorf("refusal %q lacks %q", msg, part)
		}
	}
	many := SpicepodMasked([]string{"a", "b", "c", "d", "e", "f", "g"})
	if !strings.Contains(many, "a, b, c, d, e and 2 more") {
		t.Errorf("long refusal: %q", many)
	}
}

// checkMasked holds for any spicepod: masking never panics, leaves its argument alone, is
// idempotent, renders YAML that reads back as the masked spicepod, keeps the secrets stanza's
// plain entries, and whatever it hid is found again by MaskedPaths (so the masked spicepod
// cannot be written back).
func checkMasked(t *testing.T, pod map[string]any) {
	before := mustJSON(t, pod)
	masked := MaskSpicepod(pod)
	if mustJSON(t, pod) != before {
		t.Fatal("MaskSpicepod modified its argument")
	}
	if again := MaskSpicepod(masked); mustJSON(t, again) != mustJSON(t, masked) {
		t.Fatalf("not idempotent:\n%s\n%s", mustJSON(t, masked), mustJSON(t, again))
	}
	back, msg := rules.ParseSpicepod(spicepodYAML(masked))
	if msg != "" {
		t.Fatalf("rendered YAML does not parse (%s):\n%s", msg, spicepodYAML(masked))
	}
	if mustJSON(t, back) != mustJSON(t, masked) {
		t.Fatalf("rendered YAML reads back differently:\n%s\n%s", mustJSON(t, masked), mustJSON(t, back))
	}
	if len(MaskedPaths(pod)) == 0 && mustJSON(t, masked) != before && len(MaskedPaths(masked)) == 0 {
		t.Fatalf("masking changed the spicepod but MaskedPaths finds nothing:\n%s", mustJSON(t, masked))
	}
	walkStrings(masked, func(s string) { checkUserinfo(t, s) })
}

// checkUserinfo fails when a URL in s shows its userinfo, other than a user with a ${...}
// password reference or an Azure storage container.
func checkUserinfo(t *testing.T, s string) {
	t.Helper()
	for rest := s; ; {
		i := strings.Index(rest, "://")
		if i < 0 {
			return
		}
		scheme := strings.ToLower(rest[strings.LastIndexFunc(rest[:i], notSchemeRune)+1 : i])
		rest = rest[i+3:]
		authority := rest
		if end := strings.IndexFunc(rest, func(r rune) bool { return strings.ContainsRune("/?#\"'<>", r) || unicode.IsSpace(r) }); end >= 0 {
			authority = rest[:end]
		}
		at := strings.LastIndex(authority, "@")
		if at < 0 {
			continue
		}
		userinfo := authority[:at]
		_, password, hasPassword := strings.Cut(userinfo, ":")
		if userinfo != Masked && !(hasPassword && isReference(password)) && !(!hasPassword && slices.Contains(containerSchemes, scheme)) {
			t.Fatalf("userinfo %q shown in %q", userinfo, s)
		}
	}
}

// walkStrings calls fn with every string of a decoded JSON value, keys included.
func walkStrings(v any, fn func(string)) {
	switch t := v.(type) {
	case map[string]any:
		for k, item := range t {
			fn(k)
			walkStrings(item, fn)
		}
	case []any:
		for _, item := range t {
			walkStrings(item, fn)
		}
	case string:
		fn(t)
	}
}

// r67TesttimeSpicepodTemplates, r67TesttimeParamKeyTemplates and r67TesttimeParamValueTemplates
// are the r59Seeds templates of FuzzMaskSpicepod and FuzzMaskParam (named for
// TestR67TesttimeFuzzSeedListsCurrent).
var (
	r67TesttimeSpicepodTemplates = []string{
		"version: v1\nkind: Spicepod\nname: p\ndatasets:\n- from: postgres:t\n  name: t\n  params:\n    |pg_|pass|: |hun|ter2|\n",
		"{\"version\":\"v1\",\"kind\":\"Spicepod\",\"name\":\"p\",\"datasets\":[{\"from\":\"postgres:t\",\"name\":\"t\",\"params\":{\"|pg_|host|\":\"|db|.internal|\"}}]}",
	}
	r67TesttimeParamKeyTemplates   = []string{"|pg|_|host|", "|pg_|pass|"}
	r67TesttimeParamValueTemplates = []string{"|db|.|internal|", "|${|secrets|:|PG|}|", "|true|"}
)

// FuzzMaskSpicepod feeds arbitrary YAML or JSON (seeded with the corpus in both forms) through
// the masking, checking checkMasked's invariants.
func FuzzMaskSpicepod(f *testing.F) {
	for _, c := range loadCorpus(f) {
		f.Add(c.YAML)
		f.Add(mustJSON(f, parsePod(f, c.YAML))) // spicepods also arrive as JSON objects
	}
	// Round 59: each class of r59Classes in a param's key and value, quoted and not.
	for _, s := range r67TesttimeSeeds(f, r59Seeds(r67TesttimeSpicepodTemplates...)) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		pod, msg := rules.ParseSpicepod(text)
		if msg != "" {
			return
		}
		checkMasked(t, pod)
	})
}

// FuzzMaskParam plants one value under a dataset's params: it is shown only when it is a whole
// ${...} reference, empty or boolean, or a plain value of a non-secret param (one of its modes
// for s3_auth).
func FuzzMaskParam(f *testing.F) {
	f.Add("pg_pass", "hunter2-secret")
	f.Add("pg_host", "db.internal")
	f.Add("pg_host", "db password=x")
	f.Add("s3_key", "${secrets:S3_KEY}")
	f.Add("pg_connection_string", "postgres://u:p@db/app")
	f.Add("file_format", "parquet")
	// Round 59: each class of r59Classes in a key, a plain value and a reference.
	for _, key := range r67TesttimeSeeds(f, r59Seeds(r67TesttimeParamKeyTemplates...)) {
		f.Add(key, "db.internal")
		f.Add(key, "${secrets:PG}")
	}
	for _, value := range r67TesttimeSeeds(f, r59Seeds(r67TesttimeParamValueTemplates...)) {
		f.Add("pg_host", value)
		f.Add("pg_pass", value)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		if !utf8.ValidString(key) || !utf8.ValidString(value) {
			return // spicepods arrive as JSON or YAML, both UTF-8
		}
		pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "p",
			"datasets": []any{map[string]any{"from": "postgres:t", "name": "t", "params": map[string]any{key: value}}}}
		masked := MaskSpicepod(pod)
		// A key that itself carries a credential shape is masked as text (maskMap); its value sits there.
		got := masked["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)[MaskText(key)]
		if shown, ok := sasShown(key, value); ok {
			// an Azure SAS under a credential-named param shows as text shows it (round 63)
			if got != shown {
				t.Fatalf("params.%s = %q: %q should show as %q", key, got, value, shown)
			}
			checkMasked(t, pod)
			return
		}
		visible := value == "" || isReference(value) || slices.Contains(nonSecretParams, key) && plainParam.MatchString(value)
		if modes, ok := paramModes[key]; ok && value != "" && !isReference(value) {
			// a mode's param (s3_auth) shows only its modes, in any case (round 61)
			visible = slices.ContainsFunc(modes, func(m string) bool { return strings.EqualFold(m, value) })
		}
		switch {
		case visible && got != value:
			t.Fatalf("params.%s = %q: %q should be shown", key, got, value)
		case !visible && got != Masked:
			t.Fatalf("params.%s = %q: %q should be masked", key, got, value)
		}
		checkMasked(t, pod)
	})
}

// BenchmarkMaskAndRender masks and renders the corpus's largest spicepod, as get_app does.
func BenchmarkMaskAndRender(b *testing.B) {
	var largest testutil.SpicepodCase
	for _, c := range loadCorpus(b) {
		if len(c.YAML) > len(largest.YAML) {
			largest = c
		}
	}
	pod := parsePod(b, largest.YAML)
	b.ReportAllocs()
	var out string
	for b.Loop() {
		out = spicepodYAML(MaskSpicepod(pod))
	}
	if len(largest.Planted) == 0 || !strings.Contains(out, Masked) {
		b.Fatalf("%s: %d planted credentials, shown as\n%s", largest.Name, len(largest.Planted), out)
	}
	for _, planted := range largest.Planted {
		if strings.Contains(out, planted) {
			b.Fatalf("%s: %q shown:\n%s", largest.Name, planted, out)
		}
	}
}
