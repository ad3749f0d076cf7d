package present

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Masking is structural. A spicepod's credentials live in three places, and each is masked
// by where it is, not by what its key happens to be called:
//
//   - params: every component's params (datasets, models, embeddings, catalogs, views, tools,
//     workers…, and nested ones such as acceleration.params, snapshots.params and
//     runtime.params) hold connector settings, and which of them are secret differs per
//     connector (pg_pass, pg_connection_string, s3_key, azure_storage_account_key,
//     odbc_connection_string, http_headers, openai_api_key…). So every value under a key
//     named params is masked, at any depth, except a ${...} reference and the few keys of
//     nonSecretParams.
//   - text: every string outside params goes through MaskText (credentials.go), the rule
//     that also masks log lines: the userinfo of every URL anywhere (from:
//     postgres://user:pass@host/db) and the values of credential-named query parameters
//     (?sig=…, ?api_key=…, ?code=…), key=value pairs with a credential-named key, bearer
//     tokens and prefixed tokens; the rest stays readable.
//   - elsewhere, values under credential-named keys (credentialName: runtime.tls.key,
//     runtime.auth…).
//
// The top-level secrets stanza is configuration (which secret stores to read: from: env,
// name: env), not a secret, so it stays readable apart from the rules above. Empty strings,
// booleans and nulls carry nothing and are shown as they are. Keys, at any depth, go through
// MaskText too (maskMap).

// Masked replaces an inline credential in a spicepod.
const Masked = "********"

// nonSecretParams are the params shown as written. Each is, in Spice's connector reference and
// its runtime's parameter declarations (none of them declared secret there), a format, mode,
// protocol, scope, flag, count, timeout, path or location (host, port, database, region, TLS
// mode) whose value cannot authenticate anyone and which an agent needs to diagnose a failing
// dataset ("connection refused at pg_host:pg_port"). Deliberately absent: every param Spice
// declares secret, user names and account, warehouse or client IDs (half a login, and a user
// name is sometimes a token), endpoints and connection strings (they can carry credentials),
// queries, prompts and headers (free text), and any param Spice does not declare
// (graphql_auth_header: other tools put a header's value there). Even these are shown only as
// plain words (see plainParam): a value with spaces, "@", "=" or ";" looks like a misplaced
// connection string and is masked.
var nonSecretParams = []string{
	"file_format", "mode", "sql_dialect", "hive_partitioning_enabled", "allow_http",
	"client_timeout", "connect_timeout", "connection_timeout", "connection_pool_size",
	"pg_host", "pg_port", "pg_db", "pg_sslmode", "pg_sslrootcert",
	"mysql_host", "mysql_tcp_port", "mysql_db", "mysql_sslmode", "mysql_sslrootcert",
	"mssql_host", "mssql_port", "mssql_database",
	"clickhouse_host", "clickhouse_tcp_port", "clickhouse_db",
	"s3_region", "s3_auth", "dynamodb_aws_auth",
	"snowflake_auth_type",
	"iceberg_oauth2_scope", "iceberg_sigv4_enabled", "iceberg_signing_region", "iceberg_signing_name",
	"iceberg_s3_region", "iceberg_s3_connect_timeout", "metadata_path",
	"kafka_bootstrap_servers", "kafka_security_protocol", "kafka_sasl_mechanism",
	"kafka_enable_ssl_certificate_verification", "kafka_ssl_endpoint_identification_algorithm",
	"kafka_consumer_group_id", "schema_infer_max_records", "flatten_json", "batch_max_size", "batch_max_duration",
	"http_port", "http_max_retries", "http_post_content_type",
	"json_pointer", "unnest_depth",
}

// paramModes are the non-secret params whose value is one of a few modes, most with a name
// that reads as a credential's (s3_auth holds "auth"; Spice's S3 connector: public, key,
// iam_role; its Snowflake connector's snowflake_auth_type: snowflake, keypair; its Kafka
// connector's protocol, SASL mechanism and endpoint identification): only those are shown, in
// any case, in a spicepod's params and after the same key in text (valueNamesNoSecret);
// anything else there is a credential pasted into the wrong param.
var paramModes = map[string][]string{"s3_auth": {"public", "key", "iam_role"}, "dynamodb_aws_auth": {"key", "iam_role"},
	"snowflake_auth_type":                         {"snowflake", "keypair"},
	"kafka_security_protocol":                     {"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"},
	"kafka_sasl_mechanism":                        {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"},
	"kafka_ssl_endpoint_identification_algorithm": {"none", "https"},
}

// paramMode reports whether value is one of the modes of the param named key, in any case,
// the name in any case and spelling too (S3_AUTH, s3Auth).
func paramMode(key, value string) bool {
	var buf [64]byte
	folded := appendFolded(buf[:0], key)
	for name, modes := range paramModes {
		if string(appendFolded(nil, name)) == string(folded) {
			return slices.ContainsFunc(modes, func(m string) bool { return strings.EqualFold(m, value) })
		}
	}
	return false
}

// plainParam is the shape of a shown non-secret param: a word, host, number, duration or path
// (^[A-Za-z0-9_./:+-]{0,256}$). A loop, not a regular expression: the counted repetition
// compiles to 256 states, about half a millisecond and 240 KB on a process's first get_app.
var plainParam plainShape

type plainShape struct{}

func (plainShape) MatchString(s string) bool {
	if len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("_./:+-", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// secretReference is a value that names a secret instead of holding one: ${secrets:PG_PASS},
// ${ env:TOKEN }, ${keyring:name}, or the dotted form ${snowflake.password} that Spice's
// Kubernetes examples use.
var secretReference = lazyregexp.New(`^\$\{\s*[A-Za-z0-9_-]+(?:[:.][^{}\s]+)?\s*\}$`)

func isReference(s string) bool { return secretReference.MatchString(strings.TrimSpace(s)) }

// MaskApp returns a copy of the app whose spicepod is masked (MaskSpicepod); the original is
// not modified. Results and structured content only ever carry the masked copy.
func MaskApp(a *client.Project) *client.Project {
	masked := *a
	masked.ProjectSummary = MaskStoredSummary(a.ProjectSummary)
	masked.ProductionBranch = storedShown(a.ProductionBranch, false)
	for _, s := range runtimeSettings(&masked.Config) {
		*s = storedShown(*s, false) // a registry URL's password, a token in a tag
	}
	if a.Config.Spicepod != nil {
		masked.Config.Spicepod = MaskSpicepod(a.Config.Spicepod)
	}
	return &masked
}

// runtimeSettings are the runtime settings of cfg another client may have set to anything:
// shown as stored but for a credential in one (MaskApp), and shortened alike (shortenConfig).
func runtimeSettings(cfg *client.ProjectConfig) [6]*string {
	return [...]*string{&cfg.Version, &cfg.ImageTag, &cfg.Image, &cfg.Registry, &cfg.UpdateChannel, &cfg.NodeGroup}
}

// MaskSpicepod returns a masked copy of a spicepod (see the rules above).
func MaskSpicepod(pod map[string]any) map[string]any {
	masked := maskMap(pod, func(k string, v any) any {
		if k == "secrets" { // the stanza is configuration: only params and URLs inside are masked
			return maskPlain(v)
		}
		return maskEntry(k, v)
	})
	var copies map[string]bool
	for k, v := range pod {
		// the secrets stanza names stores (from: env), as maskPlain reads it: its key is no credential's
		copies = credentialValuesOf(k, v, k != "secrets" && credentialKey(k), copies)
	}
	if len(copies) > 0 {
		maskCopies(masked, copies)
	}
	return masked
}

// credentialValues adds to found every string of v held by a credential-named key (a param's
// too: params.pg_pass) that masking hides: a value a YAML alias (description: *pw for
// pg_pass: &pw …) or a merge key copies elsewhere is the same string there, where nothing
// else says it is one. Not references, nor what names no secret (valueNamesNoSecret:
// snowflake_auth_type: keypair). under is set below such a key.
func credentialValues(v any, under bool, found map[string]bool) map[string]bool {
	switch t := v.(type) {
	case map[string]any:
		for k, item := range t {
			if k == "params" {
				if params, ok := item.(map[string]any); ok {
					for pk, pv := range params {
						found = credentialValuesOf(pk, pv, under || credentialKey(pk), found)
					}
					continue
				}
			}
			found = credentialValuesOf(k, item, under || credentialKey(k), found)
		}
	case []any:
		for _, item := range t {
			found = credentialValues(item, under, found)
		}
	}
	return found
}

func credentialValuesOf(k string, v any, under bool, found map[string]bool) map[string]bool {
	t, ok := v.(string)
	if !ok {
		return credentialValues(v, under, found)
	}
	if under && strings.TrimSpace(t) != "" && !isReference(t) && !strings.Contains(t, Masked) && !valueNamesNoSecret(k, t) && !paramMode(k, t) {
		if found == nil {
			found = map[string]bool{}
		}
		found[t] = true
	}
	return found
}

// maskCopies masks, in place in the masked copy v, each string value that is one of copies.
func maskCopies(v any, copies map[string]bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, item := range t {
			if s, ok := item.(string); ok && copies[s] {
				t[k] = Masked
			} else {
				maskCopies(item, copies)
			}
		}
	case []any:
		for i, item := range t {
			if s, ok := item.(string); ok && copies[s] {
				t[i] = Masked
			} else {
				maskCopies(item, copies)
			}
		}
	}
}

// maskEntry masks the value of key k outside params.
func maskEntry(k string, v any) any {
	switch {
	case k == "params":
		return maskParams(v)
	case credentialKey(k):
		if shown, ok := sasShown(k, v); ok {
			return shown // sas_token: sv=…&se=…&sig=********, as in text
		}
		if t, ok := v.(string); ok && schemeKey(k) {
			if a := schemeCredentialStart(t, 0); a > 0 {
				return t[:a] + Masked // Authorization: Basic ********, as in text
			}
		}
		if t, ok := v.(string); ok && valueNamesNoSecret(k, t) {
			return maskPlain(t) // token_url: https://…, password_file: /etc/pw.txt, as in text
		}
		return maskAll(v)
	}
	return maskPlain(v)
}

// spicepodKeys are keys of Spice's spicepod reference, which nearly every spicepod repeats
// (name, from, params… in each component): what masking reads in them is worked out once
// (knownKeys), not again for each key of each spicepod shown.
var spicepodKeys = []string{
	"version", "kind", "name", "metadata", "secrets", "datasets", "models", "embeddings", "catalogs", "views",
	"tools", "workers", "runtime", "dependencies", "extensions", "snapshots", "evals", "management",
	"from", "description", "params", "acceleration", "enabled", "engine", "mode", "refresh_mode",
	"refresh_check_interval", "refresh_sql", "refresh_data_window", "refresh_append_overlap", "refresh_on_startup",
	"refresh_retry_enabled", "refresh_retry_max_attempts", "retention_check_enabled", "retention_check_interval",
	"retention_period", "retention_sql", "time_column", "time_format", "time_partition_column", "primary_key",
	"on_conflict", "indexes", "on_zero_results", "ready_state", "invalid_type_action", "unsupported_type_action",
	"columns", "sql", "sql_ref", "depends_on", "dependsOn", "include", "access", "type", "model", "files",
	"chunking", "vectors", "full_text_search", "tls", "results_cache", "task_history", "telemetry", "cors",
}

// knownKeys maps each of spicepodKeys and nonSecretParams that MaskText leaves as written to
// whether it names a credential (credentialName): both found by those functions themselves, on
// first use.
var knownKeys = sync.OnceValue(func() map[string]bool {
	known := make(map[string]bool, len(spicepodKeys)+len(nonSecretParams))
	for _, k := range slices.Concat(spicepodKeys, nonSecretParams) {
		if MaskText(k) == k {
			known[k] = credentialName(k, false)
		}
	}
	return known
})

// credentialKey is credentialName(k, false), known without working it out again for the keys
// of knownKeys.
func credentialKey(k string) bool {
	if cred, known := knownKeys()[k]; known {
		return cred
	}
	return credentialName(k, false)
}

// maskPlain masks a value outside params: URLs in strings, and below it params and
// credential-named keys.
func maskPlain(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return maskMap(t, maskEntry)
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = maskPlain(item)
		}
		return out
	case string:
		return MaskText(t)
	}
	return v
}

// maskMap returns a copy of m with each value v of key k replaced by value(k, v) and each key
// masked as text (MaskText: metadata: {"postgres://bob:pw@db/app": x} shows
// postgres://********@db/app). Keys that mask to the same text are told apart by " (2)",
// " (3)"…, in the order of the original keys.
func maskMap(m map[string]any, value func(k string, v any) any) map[string]any {
	out := make(map[string]any, len(m))
	type changedKey struct{ k, masked string }
	var changed []changedKey // keys whose text masking changes, each masked once (a long key
	// was masked three times over)
	for k, item := range m {
		masked := k
		if _, known := knownKeys()[k]; !known {
			masked = MaskText(k)
		}
		if masked != k {
			changed = append(changed, changedKey{k, masked})
			continue
		}
		out[k] = value(k, item)
	}
	slices.SortFunc(changed, func(a, b changedKey) int { return strings.Compare(a.k, b.k) })
	for _, c := range changed {
		masked := c.masked
		for n := 2; ; n++ {
			if _, taken := out[masked]; !taken {
				break
			}
			masked = c.masked + " (" + strconv.Itoa(n) + ")"
		}
		key := c.k
		if !credentialKey(c.k) && credentialKey(c.masked) {
			// Masked, the key names a credential (keY:0 reads keY:********): its value is
			// hidden now, as masking the masked spicepod again would hide it.
			key = c.masked
		}
		item := value(key, m[c.k])
		if _, str := m[c.k].(string); str && key == c.k && credentialKey(c.k) && credentialKey(c.masked) {
			// Both name a credential, and the masked key may read a string otherwise
			// (pAt:AuthtYpe names a kind, whose word shows; pAt:******** does not): what either
			// would hide is hidden, as masking the masked spicepod again would hide it. A
			// string's only: read twice at each level, nested maps would cost 2^depth.
			if again := value(c.masked, m[c.k]); !reflect.DeepEqual(again, item) {
				item = maskAll(m[c.k])
			}
		}
		out[masked] = item
	}
	return out
}

// maskParams masks a params map: every value but references and plain non-secret params.
func maskParams(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return maskAll(v)
	}
	return maskMap(m, func(k string, item any) any {
		if shown, ok := sasShown(k, item); ok {
			return shown // abfs_sas_string: sv=…&se=…&sig=********, as in text
		}
		if slices.Contains(nonSecretParams, k) {
			switch t := item.(type) {
			case string:
				if _, mode := paramModes[k]; plainParam.MatchString(t) && (!mode || paramMode(k, t)) {
					return t
				}
			case bool, nil, float64, int, int64, json.Number:
				return t
			}
		}
		return maskAll(item)
	})
}

// sasShown returns what text shows of v, a credential-named key's value that is one line and
// an Azure SAS query (sasQueryAt: its sv, SAS fields alone, a sig): its params and the sig
// masked (sas_token: sv=2024-01-01&se=2026-01-01&sig=********), in params too; ok is false
// for any other value.
func sasShown(k string, v any) (string, bool) {
	t, ok := v.(string)
	if !ok || strings.ContainsAny(t, "\n\r") || !credentialKey(k) {
		return "", false
	}
	if sas, _, _ := sasQueryAt(t, 0); !sas {
		return "", false
	}
	shown, ok := strings.CutPrefix(MaskText(k+": "+t), k+": ")
	return shown, ok && strings.Contains(shown, Masked) && shown != Masked
}

// maskAll masks every value in v that could carry a credential: strings other than ${...}
// references and "", and numbers (a numeric password is a number in YAML).
func maskAll(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return maskMap(t, func(_ string, item any) any { return maskAll(item) })
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = maskAll(item)
		}
		return out
	case string:
		if t == "" || isReference(t) {
			return t
		}
		return Masked
	case bool, nil:
		return t
	}
	return Masked // numbers, and anything else a decoder may produce
}

// maskURLs masks, in every URL inside s (wherever "://" occurs, so also in lists and in
// strings such as mcp:https://…), the userinfo and the values of credential-named query
// parameters (credentialName, credentials.go); the rest stays readable. A URL ends at a space or
// a quote, or where the next URL's scheme begins, less trailing punctuation (a full stop, a
// comma, an unmatched closing parenthesis); its authority ends at the first "/", "?" or "#", and its userinfo at the
// last "@" before that, or, when a password holds "/", "?" or "#" (passwordPastAuthority), at
// the URL's last "@"; maskLooseUserinfo then masks any ://user:password@ left. The whole userinfo is masked, user name
// included (a token is often given as the user: https://TOKEN@github.com/…), unless its
// password is a ${...} reference, which makes the user a plain user name, or it names an Azure
// storage container.
func maskURLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	pos := 0 // s[:pos] is written
	// stop is the first space or quote at or after the last URL's start (len(s) if none):
	// the URLs' starts only grow, so it is looked for again only once a URL starts past it,
	// and s is scanned for them once in all (text of many "://" and no space was scanned to
	// its end for each).
	stop := -1
	for {
		i := strings.Index(s[pos:], "://")
		if i < 0 {
			break
		}
		i += pos
		scheme := strings.ToLower(s[strings.LastIndexFunc(s[:i], notSchemeRune)+1 : i])
		start := i + 3
		// The URL ends at a space or a quote, or where the next URL's scheme begins.
		if stop < start {
			stop = len(s)
			if e := urlEnd(s[start:]); e >= 0 {
				stop = start + e
			}
		}
		end := stop
		if j := strings.Index(s[start:end], "://"); j >= 0 {
			end = start + strings.LastIndexFunc(s[start:start+j], notSchemeRune) + 1
		}
		// A password holding "@" and a space (admin:p@ss word@db): what seemed the host ends
		// at the space, and the userinfo's last "@" follows soon after on the line.
		userinfoAt := -1 // the "@" past a space that ends the userinfo, if any
		for end == stop && end < len(s) && spaceAt(s, end) > 0 && userinfoGoesOn(s[max(start, userinfoAt):end], userinfoAt >= 0) {
			at := passwordAtPastBreak(s, end)
			if at < 0 {
				break
			}
			userinfoAt, stop = at, len(s)
			if e := urlEnd(s[at:]); e >= 0 {
				stop = at + e
			}
			end = stop
			if j := strings.Index(s[at:end], "://"); j >= 0 {
				end = at + strings.LastIndexFunc(s[at:at+j], notSchemeRune) + 1
			}
		}
		// Trailing punctuation is the sentence's, not the URL's: a full stop, a comma, a closing
		// parenthesis or bracket without its opening one in the URL.
		parens := strings.Count(s[start:end], ")") - strings.Count(s[start:end], "(")
		brackets := strings.Count(s[start:end], "]") - strings.Count(s[start:end], "[")
	trim:
		for end > start {
			switch c := s[end-1]; {
			case strings.IndexByte(".,;!?", c) >= 0:
			case c == ')' && parens > 0:
				parens--
			case c == ']' && brackets > 0:
				brackets--
			default:
				break trim
			}
			end--
		}
		url := s[start:end]
		authEnd := strings.IndexAny(url, "/?#")
		if authEnd < 0 {
			authEnd = len(url)
		}
		if userinfoAt >= 0 {
			authEnd = len(url)
			if e := strings.IndexAny(s[userinfoAt:end], "/?#"); e >= 0 {
				authEnd = userinfoAt - start + e
			}
		} else if passwordPastAuthority(url, authEnd) {
			// A password may hold "/", "?" or "#" (postgres://bob:pa/ss@db/app): the userinfo
			// runs to the URL's last "@".
			at := strings.LastIndexByte(url, '@')
			authEnd = len(url)
			if e := strings.IndexAny(url[at:], "/?#"); e >= 0 {
				authEnd = at + e
			}
		}
		authority, tail := url[:authEnd], url[authEnd:]
		if at := strings.LastIndex(authority, "@"); at >= 0 {
			userinfo := authority[:at]
			_, password, hasPassword := strings.Cut(userinfo, ":")
			container := !hasPassword && slices.Contains(containerSchemes, scheme)
			if !container && (!hasPassword || !isReference(password)) {
				userinfo = Masked
			}
			authority = userinfo + authority[at:]
		}
		if q := strings.IndexByte(tail, '?'); q >= 0 {
			tail = tail[:q+1] + maskQuery(tail[q+1:])
		}
		b.WriteString(s[pos:start])
		b.WriteString(authority)
		b.WriteString(tail)
		pos = end
	}
	b.WriteString(s[pos:])
	return maskLooseUserinfo(b.String())
}

// passwordPastAuthority reports whether url (after "://"), whose authority seems to end at
// authEnd without an "@", has a user and password that run past it: the authority has a colon
// not followed by a port (1 to 5 digits), and an "@" comes later.
func passwordPastAuthority(url string, authEnd int) bool {
	return strings.LastIndexByte(url, '@') >= authEnd && hostHasPassword(url[:authEnd])
}

// hostHasPassword reports whether what follows an authority's last "@" (all of it without
// one; a user name may hold "@": myadmin@server:pa/ss@host) has a colon not followed by a
// port (1 to 5 digits): the start of a password.
func hostHasPassword(authority string) bool {
	host := authority[strings.LastIndexByte(authority, '@')+1:]
	colon := strings.IndexByte(host, ':')
	if colon < 0 || strings.HasPrefix(host, "[") { // [::1]:8080
		return false
	}
	port := host[colon+1:]
	return len(port) == 0 || len(port) > 5 || !allDigits(port)
}

// passwordReach bounds how far past a space or "/" a password's "@" is looked for.
const passwordReach = 64

// passwordAtPastBreak is where a password that a space or "/" seemed to end (at stop) ends:
// an "@" followed by a host's first character, on the same line, within passwordReach bytes
// and before another URL or a character that ends a URL in text; -1 when there is none.
func passwordAtPastBreak(s string, stop int) int {
	for j := stop; j < min(len(s), stop+passwordReach); j++ {
		switch c := s[j]; {
		case c == '\n' || c == '\r' || c == '"' || c == '<' || c == '>' || c == '`':
			return -1
		case c == ':' && strings.HasPrefix(s[j:], "://"):
			return -1
		case c == '@':
			if j+1 < len(s) && (isASCIILetterOrDigit(s[j+1]) || s[j+1] == '[') {
				return j
			}
			// Otherwise the "@" is the password's (rain fall@@db, my pass@!2024@db): go on.
		}
	}
	return -1
}

// userinfoGoesOn reports whether piece, a URL's text up to a space (from its start, or from
// the "@" it was followed to when extended), may end in a userinfo whose password goes on past
// the space. From the start, only when it has a user and password: an "@" in its authority
// after a ":" ("/", "?" or "#" may follow, in the password: admin:p@ss/x word@db), or one that
// runs past the authority (passwordPastAuthority); an "@" in the path or query after a host and
// port is not one (http://host:8080/x?to=bob@corp … alice@corp). When extended: no "/", "?" or
// "#" after its last "@".
func userinfoGoesOn(piece string, extended bool) bool {
	at := strings.LastIndexByte(piece, '@')
	if at < 0 {
		return false
	}
	if extended {
		return !strings.ContainsAny(piece[at:], "/?#")
	}
	authEnd := strings.IndexAny(piece, "/?#")
	if authEnd < 0 {
		authEnd = len(piece)
	}
	if authorityAt := strings.LastIndexByte(piece[:authEnd], '@'); authorityAt >= 0 && strings.Contains(piece[:authorityAt], ":") {
		return true
	}
	// A user name holding "@" (myadmin@server:rain fall@host), its password cut at a space.
	if authEnd == len(piece) && hostHasPassword(piece) {
		return true
	}
	return passwordPastAuthority(piece, authEnd)
}

// lastUserinfoAt is where a userinfo whose "@" is at at ends: its last "@" before a "/", as
// a URL's userinfo ends, followed past a space to an "@" soon after on the line
// (passwordAtPastBreak), as a password may hold "@", "/" and spaces (admin:p@ss/x word@db).
func lastUserinfoAt(s string, at int) int {
	for {
		j := at + 1
		slash := false // past a "/": a path's "@" ends no userinfo, nor does text past a URL's end
		for ; j < len(s) && spaceAt(s, j) == 0; j++ {
			switch c := s[j]; {
			case c == '/':
				slash = true
			case c == '@' && !slash:
				at = j
			case slash && (strings.IndexByte("\"<>`", c) >= 0 || strings.HasPrefix(s[j:], "://")):
				return at
			}
		}
		if j >= len(s) {
			return at
		}
		next := passwordAtPastBreak(s, j)
		if next < 0 {
			return at
		}
		at = next
	}
}

// userColonPastSpace is where the colon of a user name holding a space (ad min:pw@db) is,
// the name having seemed to end at the space at stop: on the same line, within passwordReach
// bytes and before a "/", "@", another URL or a character that ends a URL in text; -1 when
// there is none.
func userColonPastSpace(s string, stop int) int {
	for j := stop; j < min(len(s), stop+passwordReach); j++ {
		switch c := s[j]; {
		case c == '\n' || c == '\r' || c == '"' || c == '<' || c == '>' || c == '`' || c == '/' || c == '@':
			return -1
		case c == ':':
			if strings.HasPrefix(s[j:], "://") {
				return -1
			}
			return j
		}
	}
	return -1
}

// blanksThenAt returns where the "@" is when spaces (spaceAt), and nothing else, stand at s[i]
// before one; else i.
func blanksThenAt(s string, i int) int {
	k := i
	for k < len(s) && spaceAt(s, k) > 0 {
		k += spaceAt(s, k)
	}
	if k > i && k < len(s) && s[k] == '@' {
		return k
	}
	return i
}

// ipv6Host reports whether s begins with a bracketed IPv6 address ([::1], [fe80::1%25eth0]).
func ipv6Host(s string) bool {
	end := strings.IndexByte(s, ']')
	if !strings.HasPrefix(s, "[") || end < 0 {
		return false
	}
	address, _, _ := strings.Cut(s[1:end], "%")
	return strings.Contains(address, ":") && !strings.ContainsFunc(address, func(r rune) bool {
		return !(r == ':' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F')
	})
}

// portThenQuery reports whether text after a host's colon is a port (1 to 5 digits) followed
// by a query or fragment with a parameter (8080?to=bob); a password as 1234?x stays one.
func portThenQuery(s string) bool {
	end := strings.IndexAny(s, "?#")
	return end >= 1 && end <= 5 && allDigits(s[:end]) && strings.Contains(s[end:], "=")
}

func isASCIILetterOrDigit(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func allDigits(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// maskLooseUserinfo masks what remains of a user and password after "://" wherever it stands,
// whatever the URL around it: ://USER:PASSWORD@, the user without "/", ":", "@" or spaces, the
// password up to its "@", spaces and "/" included when that "@" comes soon after on the line
// (passwordAtPastBreak) and the password is not a port's digits, unless it is a ${...} reference.
func maskLooseUserinfo(s string) string {
	var b strings.Builder
	pos := 0 // s[:pos] is written
	for from := 0; ; {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			break
		}
		u := from + i + 3
		from = u
		// An empty user name is one too (redis://:password@cache), and one may hold "@"
		// (myadmin@server:password@host).
		// A user name may start with spaces (://\u00a0:pw@, ://\u00a0bob:pw@: a no-break space a
		// log's reader keeps as a character): read past them; of spaces alone it is an empty one.
		lead := u
		for lead < len(s) && spaceAt(s, lead) > 0 {
			lead += spaceAt(s, lead)
		}
		colon := lead
		for colon < len(s) && spaceAt(s, colon) == 0 && strings.IndexByte("/:", s[colon]) < 0 {
			colon++
		}
		// A user name holding a space; not after a dot or "@", as a URL's host and the prose
		// after it read ("http://api.example at 10:30 by bob@corp").
		spacedUser := colon > lead && colon < len(s) && spaceAt(s, colon) > 0 && strings.IndexAny(s[lead:colon], ".@") < 0
		if spacedUser {
			if colon = userColonPastSpace(s, colon); colon < 0 {
				continue
			}
		}
		spacedUser = spacedUser || lead > u
		if colon >= len(s) || s[colon] != ':' || ipv6Host(s[u:]) {
			continue
		}
		// A password may start and end with spaces (://bob:\u00a0pw\u00a0@, as a user name may:
		// a log's reader keeps a no-break space as a character); one that starts with them runs
		// to its "@" without a space inside (http://localhost: connection refused … bob@corp is
		// prose), after a user name without one (http:// and then: x@y is prose too).
		pw := colon + 1
		for !spacedUser && pw < len(s) && spaceAt(s, pw) > 0 {
			pw += spaceAt(s, pw)
		}
		at := pw
		for at < len(s) && spaceAt(s, at) == 0 && s[at] != '@' && s[at] != '/' {
			at++
		}
		if portThenQuery(s[pw:at]) {
			continue // host:8080?to=bob@corp: a port, then a query or fragment
		}
		if k := blanksThenAt(s, at); at > pw && k > at {
			at = k
		} else if !spacedUser && pw == colon+1 && at > pw && at < len(s) && s[at] != '@' && !allDigits(s[pw:at]) {
			// A password holding a space or "/": its "@" comes later (a port's digits, as in
			// "localhost:8080/x … bob@corp", are left as they are).
			if j := passwordAtPastBreak(s, at); j >= 0 {
				at = j
			}
		}
		if at == pw || at >= len(s) || s[at] != '@' || isReference(s[pw:at]) {
			continue
		}
		at = lastUserinfoAt(s, at)
		b.WriteString(s[pos:u])
		b.WriteString(Masked)
		pos, from = at, at
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

func urlEndRune(r rune) bool { return strings.ContainsRune("\"'<>", r) || unicode.IsSpace(r) }

// containerSchemes are Azure storage schemes whose "userinfo" names a container, not a user
// (abfss://container@account.dfs.core.windows.net/path): shown unless it has a password.
var containerSchemes = []string{"abfs", "abfss", "wasb", "wasbs"}

func notSchemeRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '.' || r == '-')
}

// maskQuery masks the values of credential-named parameters in a query (and fragment).
func maskQuery(q string) string {
	query, fragment, hasFragment := strings.Cut(q, "#")
	var b strings.Builder
	for query != "" {
		// Pairs are split at "&", and at "\u0026", the ampersand of a URL inside JSON text.
		pair, sep := query, ""
		if i, n := querySeparator(query); i >= 0 {
			pair, sep = query[:i], query[i:i+n]
		}
		query = query[len(pair)+len(sep):]
		name, value, ok := strings.Cut(pair, "=")
		// A placeholder (?token=***, ?password=[REDACTED], ?token=None) holds no secret.
		if ok && value != "" && !isReference(value) && !placeholderValue(value) {
			from := -1 // where in value the masked part begins
			if queryCredential(name) || queryCredential(name[strings.LastIndexByte(name, ';')+1:]) {
				from = 0
			} else {
				from = credentialSubPair(value)
			}
			// Padding stays ("=" ends base64, and may end a key= the text goes on with).
			if from >= 0 {
				padding := value[from+len(strings.TrimRight(value[from:], "=")):]
				if len(padding) < len(value)-from {
					pair = name + "=" + value[:from] + Masked + padding
				}
			}
		}
		b.WriteString(pair + sep)
	}
	if hasFragment {
		b.WriteString("#" + fragment)
	}
	return b.String()
}

// queryCredential reports whether a query parameter's name names a credential as the HTTP
// transport reads it (mcpserver/transport.go): percent-decoded, so ?%74oken= and ?p%61ss= are
// the credentials ?token= and ?pass= are.
func queryCredential(name string) bool {
	if credentialName(name, true) {
		return true
	}
	if strings.ContainsAny(name, "%+") {
		if decoded, err := url.QueryUnescape(name); err == nil {
			return credentialName(decoded, true)
		}
	}
	return false
}

// credentialSubPair is where, in a query pair's value, the value of a credential-named pair
// after a ";" begins (a=1;code=…: the transport splits pairs at ";" too); -1 if none.
func credentialSubPair(value string) int {
	for i := strings.IndexByte(value, ';'); i >= 0; {
		seg := value[i+1:]
		next := strings.IndexByte(seg, ';')
		if next >= 0 {
			seg = seg[:next]
		}
		if name, v, ok := strings.Cut(seg, "="); ok && v != "" && !isReference(v) && queryCredential(name) {
			return i + 1 + len(name) + 1
		}
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return -1
}

// querySeparator is where the first "&" or "\u0026" (any case of hex) in q begins, and its
// length; -1 if there is none. It reads q only up to there, so splitting a query into its
// pairs is linear.
func querySeparator(q string) (int, int) {
	for i := 0; i < len(q); i++ {
		switch {
		case q[i] == '&':
			return i, 1
		case q[i] == '\\' && hasPrefixFold(q[i:], `\u0026`):
			return i, 6
		}
	}
	return -1, 0
}

// MaskedPaths lists where a spicepod (as sent by a caller) still holds the mask placeholder,
// e.g. datasets[0].params.pg_pass: a spicepod copied from a result. Writing it would replace
// real configuration with asterisks, so update_app and create_and_deploy_app refuse it.
func MaskedPaths(pod map[string]any) []string {
	var paths []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(t)) {
				child := pathKey(path, k)
				if strings.Contains(k, Masked) {
					paths = append(paths, child)
				}
				walk(child, t[k])
			}
		case []any:
			for i, item := range t {
				walk(path+"["+strconv.Itoa(i)+"]", item)
			}
		case string:
			if strings.Contains(t, Masked) {
				paths = append(paths, path)
			}
		}
	}
	walk("", pod)
	return paths
}

// plainKey is a key a path can show bare.
var plainKey = lazyregexp.New(`^[A-Za-z0-9_-]+$`)

func pathKey(path, k string) string {
	if !plainKey.MatchString(k) {
		quoted, _ := json.Marshal(k)
		return path + "[" + string(quoted) + "]"
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

// maxMaskedPaths bounds the paths a refusal names.
const maxMaskedPaths = 5

// SpicepodMasked refuses a spicepod that still holds the mask placeholder at paths. It names no
// tool: arguments are checked before anyone knows which tools the caller has (set_secret needs
// secrets:write, which update_app's token may lack).
func SpicepodMasked(paths []string) string {
	shown := paths
	more := ""
	if len(paths) > maxMaskedPaths {
		shown, more = paths[:maxMaskedPaths], fmt.Sprintf(" and %d more", len(paths)-maxMaskedPaths)
	}
	return fmt.Sprintf("contains %q (the mask results show in place of a credential) at %s%s: sending it would "+
		"overwrite the real values with asterisks. Put the real value there, or better a reference to an app secret "+
		"such as ${secrets:PG_PASS}", Masked, strings.Join(shown, ", "), more)
}

// SpicepodVersionRemoved refuses a spicepod of a version runtime v2.0.0 removed (v1beta1): every
// published runtime is v2.x, so pinning image_tag cannot help; version: v1 is the way.
func SpicepodVersionRemoved(version string) string {
	return fmt.Sprintf("Spicepod version %s is not supported by runtime v2 (removed in v2.0.0), "+
		"and every published runtime is v2.x: change the spicepod to version: v1", version)
}

// spicepodYAML renders a spicepod as block YAML with version, kind and name first, as people
// write it, and other keys sorted. A spicepod is JSON-shaped (maps, lists, scalars), so a
// small emitter suffices; it is several times cheaper than a general YAML encoder.
func spicepodYAML(pod map[string]any) string {
	head := []string{"version", "kind", "name"}
	keys := slices.DeleteFunc(slices.Clone(head), func(k string) bool { _, ok := pod[k]; return !ok })
	for _, k := range sortedKeys(pod) {
		if !slices.Contains(head, k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "{}\n"
	}
	var b strings.Builder
	emitMap(&b, pod, keys, 0, false)
	return b.String()
}

// emitMap writes m's keys at indent; with dashLine the first key continues a list item's
// "- " line and the others align under it.
func emitMap(b *strings.Builder, m map[string]any, keys []string, indent int, dashLine bool) {
	for i, k := range keys {
		if i > 0 || !dashLine {
			writeIndent(b, indent)
		}
		key := yamlScalar(k)
		if len(key) > maxImplicitKey {
			// YAML limits implicit keys to 1024 characters; a longer one is written explicitly.
			b.WriteString("? ")
			b.WriteString(key)
			b.WriteByte('\n')
			writeIndent(b, indent)
			key = ""
		}
		b.WriteString(key)
		b.WriteByte(':')
		emitValue(b, m[k], indent)
	}
}

// sortedKeys is slices.Sorted(maps.Keys(m)) in one allocation.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// indentSpaces is written in pieces by writeIndent (strings.Repeat would allocate each line's).
const indentSpaces = "                                "

func writeIndent(b *strings.Builder, n int) {
	for ; n > len(indentSpaces); n -= len(indentSpaces) {
		b.WriteString(indentSpaces)
	}
	b.WriteString(indentSpaces[:n])
}

// maxImplicitKey is the longest key written as "key:" (YAML allows 1024 characters).
const maxImplicitKey = 1000

// maxBlockIndent is the deepest column a block collection starts at; deeper ones are written in
// flow style on their line. Block YAML indents every level, so a spicepod nested n deep took
// n² bytes (8,000 deep, 48 KB of JSON, rendered 64 MB); a real one nests a handful deep.
const maxBlockIndent = 64

// emitValue writes what follows "key:" or "-" at the given indent.
func emitValue(b *strings.Builder, v any, indent int) {
	switch v.(type) {
	case map[string]any, []any:
		if indent >= maxBlockIndent {
			b.WriteByte(' ')
			emitFlow(b, v)
			b.WriteByte('\n')
			return
		}
	}
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteByte('\n')
		emitMap(b, t, sortedKeys(t), indent+2, false)
	case []any:
		if len(t) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteByte('\n')
		for _, item := range t {
			writeIndent(b, indent+2)
			b.WriteByte('-')
			if m, ok := item.(map[string]any); ok && len(m) > 0 {
				b.WriteByte(' ')
				emitMap(b, m, sortedKeys(m), indent+4, true)
				continue
			}
			emitValue(b, item, indent+2)
		}
	default:
		b.WriteByte(' ')
		b.WriteString(yamlScalar(v))
		b.WriteByte('\n')
	}
}

// emitFlow writes v in flow style ({k: v, …} and […]), strings double-quoted (a plain scalar's
// rules differ inside flow collections), keys too long for an implicit key written explicitly.
func emitFlow(b *strings.Builder, v any) {
	switch t := v.(type) {
	case map[string]any:
		b.WriteByte('{')
		for i, k := range sortedKeys(t) {
			if i > 0 {
				b.WriteString(", ")
			}
			key := yamlQuote(k)
			if len(key) > maxImplicitKey {
				b.WriteString("? ")
			}
			b.WriteString(key)
			b.WriteString(": ")
			emitFlow(b, t[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, item := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			emitFlow(b, item)
		}
		b.WriteByte(']')
	case string:
		b.WriteString(yamlQuote(t))
	default:
		b.WriteString(yamlScalar(v))
	}
}

// plainScalar reports text YAML reads back as the same string without quotes: a word of
// letters, digits and _./@+:- (not starting with a digit or one of @+:-), or words of them
// joined by single spaces (the regular expression ^[A-Za-z_/.][A-Za-z0-9_./@+:-]*( [A-Za-z0-9_./@+:-]+)*$
// as a loop: it runs on every key and string of a spicepod).
func plainScalar(s string) bool {
	if s == "" || !scalarStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case scalarByte(c):
		case c == ' ' && s[i-1] != ' ' && i+1 < len(s): // one space between words
		default:
			return false
		}
	}
	return true
}

func scalarStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '/' || c == '.'
}

func scalarByte(c byte) bool {
	return scalarStart(c) || '0' <= c && c <= '9' || c == '@' || c == '+' || c == ':' || c == '-'
}

// yamlKeywords would read as booleans or null if left unquoted.
var yamlKeywords = []string{"true", "false", "yes", "no", "on", "off", "null", "y", "n", ".inf", ".nan"}

// yamlFloatDot reports plain text YAML would read as a number (.5, .0e3).
func yamlFloatDot(s string) bool { return len(s) > 1 && s[0] == '.' && '0' <= s[1] && s[1] <= '9' }

// yamlScalar renders a JSON value as a YAML scalar; strings are JSON-quoted (valid YAML)
// unless they are unambiguous plain text.
func yamlScalar(v any) string {
	switch t := v.(type) {
	case string:
		if plainScalar(t) && !strings.Contains(t, ": ") && !strings.HasSuffix(t, ":") &&
			!slices.Contains(yamlKeywords, strings.ToLower(t)) && !yamlFloatDot(t) {
			return t
		}
		return yamlQuote(t)
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case json.Number:
		return t.String()
	case int:
		return strconv.Itoa(t)
	case int64:
		return strconv.FormatInt(t, 10)
	}
	quoted, _ := json.Marshal(v)
	return string(quoted)
}

// yamlQuote double-quotes s for YAML: JSON's quoting (a subset of YAML's escapes), without
// HTML escaping so SQL reads as written, and with every character YAML may not show raw
// (DEL, C1 controls including NEL, U+FEFF, U+FFFE, U+FFFF) escaped.
func yamlQuote(s string) string {
	quoted := jsonQuote(s)
	if spans := rules.StrayHiddenSpans(s); len(spans) > 0 {
		quoted = strayEscaped(s, spans)
	}
	if !strings.ContainsFunc(quoted, yamlUnprintable) {
		return quoted
	}
	var out strings.Builder
	for _, r := range quoted {
		if yamlUnprintable(r) {
			fmt.Fprintf(&out, "\\u%04X", r)
			continue
		}
		out.WriteRune(r)
	}
	return out.String()
}

// jsonQuote is s in JSON's double quotes, without HTML escaping.
func jsonQuote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonInner is jsonQuote(s) without its quotes.
func jsonInner(s string) string { q := jsonQuote(s); return q[1 : len(q)-1] }

// strayEscaped is jsonQuote(s) with each character of spans (rules.StrayHiddenSpans: a bidi
// override, a zero-width space, which the API can return in a spicepod) written as its YAML
// escape (\u202E) rather than raw, as the text around it shows an API text's; the YAML still
// reads back as s. A control character and U+2028 keep JSON's escape.
func strayEscaped(s string, spans [][2]int) string {
	var b strings.Builder
	b.WriteByte('"')
	at := 0
	for _, sp := range spans {
		r, _ := utf8.DecodeRuneInString(s[sp[0]:sp[1]])
		if r < 0x20 || r == '\u2028' || r == '\u2029' {
			continue // JSON escapes these already
		}
		b.WriteString(jsonInner(s[at:sp[0]]))
		if r > 0xffff {
			fmt.Fprintf(&b, "\\U%08X", r)
		} else {
			fmt.Fprintf(&b, "\\u%04X", r)
		}
		at = sp[1]
	}
	b.WriteString(jsonInner(s[at:]))
	b.WriteByte('"')
	return b.String()
}

// yamlUnprintable is a character YAML's printable set excludes, or reads as a line break
// (NEL, U+0085), or a byte-order mark; JSON already escapes C0, U+2028 and U+2029.
func yamlUnprintable(r rune) bool {
	return r == 0x7F || r >= 0x80 && r <= 0x9F || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF
}
