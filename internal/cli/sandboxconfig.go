package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// sandboxFile is the world of `sandbox-api`: read from --config (YAML or JSON, same keys) and
// extended by the flags. The repeatable flags (--org, --token, --oauth-client, --fault) take
// the keys of one list entry as KEY=VALUE pairs separated by commas; list values are joined
// with "+" (scopes=apps:read+secrets:read) and a boolean key alone means true (enterprise).
type sandboxFile struct {
	Demo         *bool       `json:"demo,omitempty"`
	QueuedFor    duration    `json:"queued_for,omitempty"`
	RunsFor      duration    `json:"runs_for,omitempty"`
	TokenTTL     duration    `json:"token_ttl,omitempty"`
	RateLimit    int         `json:"rate_limit,omitempty"` // requests per minute per token
	Users        []string    `json:"users,omitempty"`      // known users besides the default ones
	Orgs         []orgSpec   `json:"orgs,omitempty"`
	Tokens       []tokenSpec `json:"tokens,omitempty"`
	OAuthClients []oauthSpec `json:"oauth_clients,omitempty"`
	Faults       []faultSpec `json:"faults,omitempty"`
	AllowedHosts []string    `json:"allowed_hosts,omitempty"` // Host headers served besides loopback ones

	hosts []allowedHost // AllowedHosts, read by build

	// fromFlags counts the entries at the end of each list that the repeatable flags added, so
	// that a mistake in one is named by the flag its user typed, not by the file's key.
	fromFlags map[string]int
}

// entryName names entry i of the list key (tokens, faults, …): tokens[1] in the config file,
// and as typed on the command line: --token, or --token #2 when the flag is given more than once.
func (file sandboxFile) entryName(key, flagName string, i, total int) string {
	n := file.fromFlags[key]
	if first := total - n; i >= first {
		if n == 1 {
			return "--" + flagName
		}
		return fmt.Sprintf("--%s #%d", flagName, i-first+1)
	}
	return fmt.Sprintf("%s[%d]", key, i)
}

type orgSpec struct {
	Slug               string   `json:"slug"`
	Name               string   `json:"name,omitempty"`
	Owner              string   `json:"owner,omitempty"`
	Admins             []string `json:"admins,omitempty"`
	Members            []string `json:"members,omitempty"`
	Viewers            []string `json:"viewers,omitempty"`
	Enterprise         bool     `json:"enterprise,omitempty"`
	MaxApps            int      `json:"max_apps,omitempty"`
	NotConfigured      bool     `json:"not_configured,omitempty"`
	AICreditsExhausted bool     `json:"ai_credits_exhausted,omitempty"`
	GitHubNotConnected bool     `json:"github_not_connected,omitempty"`
	// InitialConfigNotApplied: project creates answer with `warning` set (api/README §7.1).
	InitialConfigNotApplied bool `json:"initial_config_not_applied,omitempty"`
}

type tokenSpec struct {
	Value     string   `json:"value"`
	Org       string   `json:"org"`
	User      string   `json:"user,omitempty"`
	Scopes    []string `json:"scopes"` // absent or null = "*"; [] = no scope
	ExpiresIn duration `json:"expires_in,omitempty"`
}

type oauthSpec struct {
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	Org          string   `json:"org"`
	Scopes       []string `json:"scopes"` // absent or null = "*"; [] = no scope
}

type faultSpec struct {
	Operation  string   `json:"operation,omitempty"` // operationId; "" = every operation
	Status     int      `json:"status,omitempty"`
	Code       string   `json:"code,omitempty"`
	RetryAfter string   `json:"retry_after,omitempty"`
	Latency    duration `json:"latency,omitempty"`
	Times      int      `json:"times,omitempty"` // 0 = once, -1 = forever
	AfterApply bool     `json:"after_apply,omitempty"`
}

// duration is a time.Duration written as Go spells it ("1.5s", "2m").
type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	// configShape and decodePairs check the value first, naming its key; this is the fallback.
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New(present.DurationRefused("", "a value of another kind"))
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return errors.New(present.DurationRefused("", s))
	}
	*d = duration(v) // a negative one is refused by toConfig, which knows its key
	return nil
}

func (d duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// loadSandboxFile reads a YAML or JSON config file; unknown keys are errors.
func loadSandboxFile(path string) (sandboxFile, error) {
	var f sandboxFile
	data, err := os.ReadFile(path)
	if err != nil {
		reason := err.Error()
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			reason = pe.Err.Error()
		}
		abs, _ := filepath.Abs(path)
		return f, errors.New(present.SandboxConfigUnreadable(path, abs, reason))
	}
	// YAML (a superset of JSON) → generic value → JSON, decoded strictly with the JSON keys:
	// one set of key names for flags and file, and yaml.v3, which the server already links.
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	// Checked before decoding, as json's own errors echo an unknown key (a secret file given by
	// mistake is all "keys") and speak of Go types.
	if msg := configShape(doc, reflect.TypeOf(f), ""); msg != "" {
		return f, fmt.Errorf("%s: %s", path, msg)
	}
	asJSON, err := json.Marshal(doc)
	if err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(asJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	durationType    = reflect.TypeFor[duration]()
)

// configShape checks a config document against the type it decodes into: keys known, values of
// the right kind. It returns the first refusal, "" when the shape holds; null is always taken.
func configShape(doc any, t reflect.Type, where string) string {
	if doc == nil {
		return ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == durationType {
		// Checked here, where its key is known: json's error would name neither key nor form.
		if s, ok := doc.(string); ok {
			if _, err := time.ParseDuration(s); err == nil {
				return "" // a negative one is refused by toConfig
			}
		}
		return present.DurationRefused(where, doc)
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return "" // its own decoder says what it takes
	}
	want, got := kindWords(t.Kind()), docKindWords(doc)
	switch t.Kind() {
	case reflect.Struct:
		m, ok := doc.(map[string]any)
		if !ok {
			if _, other := doc.(map[any]any); !other {
				return present.SandboxConfigWrongKind(where, want, got)
			}
			return present.SandboxConfigUnknownKeyHidden(where, configKeys(t)) // a key that is no text
		}
		keys := configKeys(t)
		names := slices.Sorted(maps.Keys(m))
		for _, name := range names {
			field, ok := configField(t, name)
			switch {
			case !ok && keyLike(name):
				return present.SandboxConfigUnknownKey(where, name, keys)
			case !ok:
				return present.SandboxConfigUnknownKeyHidden(where, keys)
			}
			inner := name
			if where != "" {
				inner = where + "." + name
			}
			if msg := configShape(m[name], field.Type, inner); msg != "" {
				return msg
			}
		}
	case reflect.Slice:
		list, ok := doc.([]any)
		if !ok {
			return present.SandboxConfigWrongKind(where, want, got)
		}
		for i, item := range list {
			if msg := configShape(item, t.Elem(), fmt.Sprintf("%s[%d]", where, i)); msg != "" {
				return msg
			}
		}
	default:
		if want != got && (want != "a number" || got != "a whole number") {
			return present.SandboxConfigWrongKind(where, want, got)
		}
	}
	return ""
}

// configKeys are the JSON keys of a config struct, in declaration order.
func configKeys(t reflect.Type) []string {
	var keys []string
	for field := range t.Fields() {
		if name, _, _ := strings.Cut(field.Tag.Get("json"), ","); name != "" && name != "-" && field.IsExported() {
			keys = append(keys, name)
		}
	}
	return keys
}

// configField finds the field whose JSON key is name, exactly: a key in another case would
// pass json's folding unnoticed.
func configField(t reflect.Type, name string) (reflect.StructField, bool) {
	for field := range t.Fields() {
		if key, _, _ := strings.Cut(field.Tag.Get("json"), ","); key == name && field.IsExported() {
			return field, true
		}
	}
	return reflect.StructField{}, false
}

// kindWords says what a Go kind takes, in a config author's words.
func kindWords(k reflect.Kind) string {
	switch k {
	case reflect.Struct, reflect.Map:
		return "a mapping of keys"
	case reflect.Slice:
		return "a list"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	default:
		return "a number"
	}
}

// docKindWords says what a YAML value is, never the value itself.
func docKindWords(v any) string {
	switch v := v.(type) {
	case map[string]any, map[any]any:
		return "a mapping of keys"
	case []any:
		return "a list"
	case string:
		return "text"
	case bool:
		return "true or false"
	case int, int64, uint64:
		return "a whole number"
	case float64:
		if v == float64(int64(v)) {
			return "a whole number"
		}
		return "a number"
	case time.Time:
		return "a date"
	default:
		return "a value of another kind"
	}
}

// listFlag is a repeatable flag whose values decode, one list entry each, into *[]T.
type listFlag[T any] struct{ entries *[]T }

func (l listFlag[T]) String() string { return "" }

// holdsSecrets is true for the flags whose values carry credentials (--token, --oauth-client):
// parseFlags never echoes their values in an error.
func (l listFlag[T]) holdsSecrets() bool {
	switch any(*new(T)).(type) {
	case tokenSpec, oauthSpec:
		return true
	}
	return false
}

func (l listFlag[T]) Set(s string) error {
	var v T
	if err := decodePairs(s, &v); err != nil {
		return err
	}
	if c, ok := any(v).(interface{ controlFree() error }); ok {
		if err := c.controlFree(); err != nil {
			return err
		}
	}
	*l.entries = append(*l.entries, v)
	return nil
}

// decodePairs decodes "key=value,key=a+b,flag" into the struct out points to, by its JSON
// keys, so that flags and config files share one vocabulary and one decoder.
// keyLike is what a mistyped key looks like (colour, client-id), unlike a secret given without
// its key: short, lower-case letters, '_' and '-'.
func keyLike(s string) bool {
	return len(s) > 0 && len(s) <= 24 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_-") == ""
}

func decodePairs(s string, out any) error {
	t := reflect.TypeOf(out).Elem()
	kinds := map[string]reflect.Type{}
	var keys []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		kinds[name] = t.Field(i).Type
		keys = append(keys, name)
	}
	fields := map[string]any{}
	for pair := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		key, value, hasValue := strings.Cut(pair, "=")
		key = strings.TrimSpace(key)
		typ, ok := kinds[key]
		switch {
		case !ok && !hasValue:
			// Not echoed: it may be the end of a value cut at a comma (a client secret).
			return errors.New(present.SandboxSpecNotKeyValue(keys))
		case !ok && !keyLike(key):
			// Not echoed: a secret given without its key (base64 ends in "=") reads as a key.
			return errors.New(present.SandboxSpecUnknownKeyHidden(keys))
		case !ok:
			return errors.New(present.SandboxSpecUnknownKey(key, keys))
		}
		if _, dup := fields[key]; dup {
			return errors.New(present.SandboxSpecKeyTwice(key))
		}
		switch {
		case typ.Kind() == reflect.Bool:
			b := true
			if hasValue {
				var err error
				if b, err = strconv.ParseBool(value); err != nil {
					return errors.New(present.SandboxSpecNotBool(key, value))
				}
			}
			fields[key] = b
		case !hasValue:
			return errors.New(present.SandboxSpecNeedsValue(key))
		case typ.Kind() == reflect.Int:
			n, err := strconv.Atoi(value)
			if err != nil {
				return errors.New(present.SandboxSpecNotWholeNumber(key, value))
			}
			fields[key] = n
		case typ.Kind() == reflect.Slice:
			fields[key] = strings.FieldsFunc(value, func(r rune) bool { return r == '+' })
		case typ == durationType:
			if _, err := time.ParseDuration(value); err != nil {
				return errors.New(present.DurationRefused(key, value))
			}
			fields[key] = value
		default:
			fields[key] = value
		}
	}
	data, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(out)
}

// sandboxFlags are the world-describing flags of sandbox-api, merged over the config file.
type sandboxFlags struct {
	config       string
	demo         bool
	queued, runs time.Duration
	tokenTTL     time.Duration
	rateLimit    int
	users        []string
	extra        sandboxFile // the repeatable flags' entries
	fs           *flag.FlagSet
}

func addSandboxFlags(fs *flag.FlagSet) *sandboxFlags {
	f := &sandboxFlags{fs: fs}
	fs.StringVar(&f.config, "config", "", "read organizations, tokens, OAuth clients, faults, timings and allowed hosts from a YAML or JSON `FILE` (flags add to it)")
	fs.BoolVar(&f.demo, "demo", true, "seed demo projects (a spicepod, secrets, deployments, a paused and a failed project)")
	fs.DurationVar(&f.queued, "queued-for", time.Second, "how long (`DURATION`) a new deployment stays queued")
	fs.DurationVar(&f.runs, "runs-for", 4*time.Second, "how long (`DURATION`) a deployment then runs before it succeeds or fails")
	fs.DurationVar(&f.tokenTTL, "token-ttl", time.Hour, "lifetime (`DURATION`, expires_in) of OAuth access tokens")
	fs.IntVar(&f.rateLimit, "rate-limit", 0, "`N` requests per minute allowed per token, with X-RateLimit-* headers and 429 beyond; 0 turns limiting off")
	fs.Func("user", "a known Spice.ai `USERNAME` that members can be added as (repeatable)", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(present.SandboxUserEmpty) // checked as read, so the message names --user
		}
		f.users = append(f.users, s)
		return nil
	})
	fs.Var(listFlag[orgSpec]{&f.extra.Orgs}, "org", "an organization, replacing the defaults (repeatable); `SPEC` is slug=S,owner=U[,name=N][,admins=U+U][,members=U+U][,viewers=U+U][,enterprise][,max_apps=N][,not_configured][,ai_credits_exhausted][,github_not_connected][,initial_config_not_applied]")
	fs.Var(listFlag[tokenSpec]{&f.extra.Tokens}, "token", "a bearer token, replacing "+strconv.Quote(sandbox.DefaultToken)+" (repeatable); `SPEC` is value=T,org=S[,user=U][,scopes=S+S][,expires_in=D]")
	fs.Var(listFlag[oauthSpec]{&f.extra.OAuthClients}, "oauth-client", "a client-credentials client for POST /api/oauth/token (repeatable); `SPEC` is client_id=I,client_secret=S,org=S[,scopes=S+S]")
	fs.Func("allowed-hosts", "hosts (`LIST`, comma-separated, of host or host:port) that requests may name in Host besides localhost, 127.0.0.1 and [::1] (DNS-rebinding protection); beyond loopback, where no Host is checked otherwise, only these and loopback", func(s string) error {
		for entry := range strings.SplitSeq(s, ",") {
			a, err := parseAllowedHost(entry)
			if err != nil { // checked as read, so the message names --allowed-hosts
				return err
			}
			f.extra.AllowedHosts = append(f.extra.AllowedHosts, a.String())
		}
		return nil
	})
	fs.Var(listFlag[faultSpec]{&f.extra.Faults}, "fault", "an injected fault (repeatable); `SPEC` is [operation=ID][,status=N][,code=C][,retry_after=S][,latency=D][,times=N][,after_apply]")
	return f
}

// config merges the file (if any) and the flags into the emulator's configuration.
func (f *sandboxFlags) build() (sandbox.Config, sandboxFile, error) {
	var file sandboxFile
	if f.config != "" {
		var err error
		if file, err = loadSandboxFile(f.config); err != nil {
			return sandbox.Config{}, file, err
		}
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["demo"] || file.Demo == nil {
		file.Demo = &f.demo
	}
	// A flag's value is checked here, so that the message names the flag as typed; the file's
	// are checked by toConfig, under their keys.
	var errs []error
	for _, d := range []struct {
		name string
		v    time.Duration
		to   *duration
	}{{"queued-for", f.queued, &file.QueuedFor}, {"runs-for", f.runs, &file.RunsFor}, {"token-ttl", f.tokenTTL, &file.TokenTTL}} {
		switch {
		case !set[d.name]:
		case d.v < 0:
			errs = append(errs, errors.New(present.SandboxFlagNegativeDuration("--"+d.name, d.v)))
		default:
			*d.to = duration(d.v)
		}
	}
	switch {
	case !set["rate-limit"]:
	case f.rateLimit < 0:
		errs = append(errs, errors.New(present.SandboxFlagRateLimitNegative(f.rateLimit)))
	default:
		file.RateLimit = f.rateLimit
	}
	file.Users = append(file.Users, f.users...)
	file.fromFlags = map[string]int{"orgs": len(f.extra.Orgs), "tokens": len(f.extra.Tokens),
		"oauth_clients": len(f.extra.OAuthClients), "faults": len(f.extra.Faults)}
	file.Orgs = append(file.Orgs, f.extra.Orgs...)
	file.Tokens = append(file.Tokens, f.extra.Tokens...)
	file.OAuthClients = append(file.OAuthClients, f.extra.OAuthClients...)
	file.Faults = append(file.Faults, f.extra.Faults...)
	file.AllowedHosts = append(file.AllowedHosts, f.extra.AllowedHosts...)
	for i, entry := range file.AllowedHosts {
		a, err := parseAllowedHost(entry) // the flag's were checked as read: these are the file's
		if err != nil {
			errs = append(errs, fmt.Errorf("allowed_hosts[%d]: %w", i, err))
			continue
		}
		file.hosts = append(file.hosts, a)
	}
	cfg, err := file.toConfig(time.Now())
	return cfg, file, errors.Join(append(errs, err)...)
}

// toConfig checks the world and maps it onto sandbox.Config, so that every mistake is a
// message rather than the emulator's panic.
func (file sandboxFile) toConfig(now time.Time) (sandbox.Config, error) {
	cfg := sandbox.Config{
		Demo:      file.Demo == nil || *file.Demo,
		QueuedFor: time.Duration(file.QueuedFor),
		RunsFor:   time.Duration(file.RunsFor),
		TokenTTL:  time.Duration(file.TokenTTL),
		RateLimit: file.RateLimit,
	}
	var errs []error
	for _, d := range []struct {
		key string
		v   duration
	}{{"queued_for", file.QueuedFor}, {"runs_for", file.RunsFor}, {"token_ttl", file.TokenTTL}} {
		if d.v < 0 {
			errs = append(errs, errors.New(present.SandboxKeyNegativeDuration(d.key, time.Duration(d.v))))
		}
	}
	if file.RateLimit < 0 {
		errs = append(errs, errors.New(present.SandboxRateLimitNegative))
	}
	if len(file.Users) > 0 {
		cfg.Users = sandbox.DefaultUsers()
		for _, u := range file.Users {
			if strings.TrimSpace(u) == "" {
				errs = append(errs, errors.New(present.SandboxUsersEmpty))
				continue
			}
			cfg.Users = append(cfg.Users, sandbox.User{Username: u})
		}
	}
	orgs := sandbox.DefaultOrgs()
	if len(file.Orgs) > 0 {
		orgs = nil
		for i, o := range file.Orgs {
			where := file.entryName("orgs", "org", i, len(file.Orgs))
			switch {
			case o.Slug == "":
				errs = append(errs, errors.New(present.SandboxSlugRequired(where)))
				continue
			case rules.OrgName(o.Slug) != "":
				errs = append(errs, errors.New(present.SandboxSlugRule(where, o.Slug, rules.OrgNameRule)))
				continue
			case slices.ContainsFunc(orgs, func(x sandbox.Org) bool { return x.Slug == o.Slug }):
				errs = append(errs, errors.New(present.SandboxOrgTwice(where, o.Slug, false)))
				continue
			case slices.ContainsFunc(orgs, func(x sandbox.Org) bool { return rules.SameName(x.Slug, o.Slug) }):
				// X-Org-Name names an organization without case: one header would name either.
				errs = append(errs, errors.New(present.SandboxOrgTwice(where, o.Slug, true)))
				continue
			case o.Owner == "":
				errs = append(errs, errors.New(present.SandboxOwnerRequired(where)))
			case o.MaxApps < 0:
				errs = append(errs, errors.New(present.SandboxMaxAppsNegative(where)))
			}
			org := sandbox.Org{Slug: o.Slug, Name: o.Name, Owner: o.Owner, Admins: o.Admins,
				Members: o.Members, Viewers: o.Viewers, Enterprise: o.Enterprise, MaxApps: o.MaxApps,
				NotConfigured: o.NotConfigured, AICreditsExhausted: o.AICreditsExhausted,
				GitHubNotConnected: o.GitHubNotConnected, InitialConfigNotApplied: o.InitialConfigNotApplied}
			if err := org.RoleConflict(); err != nil {
				errs = append(errs, fmt.Errorf("%s (%s): %w", where, o.Slug, err))
			}
			orgs = append(orgs, org)
		}
		cfg.Orgs = orgs
	}
	knownOrg := func(slug string) bool {
		return slices.ContainsFunc(orgs, func(o sandbox.Org) bool { return o.Slug == slug })
	}
	// Scopes left out (or null) mean "*"; an empty list is a token or client without scopes.
	checkScopes := func(where string, scopes []string) []string {
		if scopes == nil {
			return []string{"*"}
		}
		for _, s := range scopes {
			if _, ok := rules.ScopeImplications[s]; !ok {
				errs = append(errs, errors.New(present.SandboxUnknownScope(where, s)))
			}
		}
		return scopes
	}
	seenTokens := map[string]bool{}
	for i, t := range file.Tokens {
		where := file.entryName("tokens", "token", i, len(file.Tokens))
		switch {
		case t.Value == "":
			errs = append(errs, errors.New(present.SandboxValueRequired(where)))
		case strings.ContainsFunc(t.Value, isControlOrTab):
			// Not echoed: it is a credential.
			errs = append(errs, errors.New(where+": "+present.SandboxTokenControl))
		case seenTokens[t.Value]:
			errs = append(errs, errors.New(present.SandboxTokenTwice(where)))
		case t.Org == "":
			errs = append(errs, errors.New(present.SandboxOrgRequired(where, orgSlugs(orgs))))
		case !knownOrg(t.Org):
			errs = append(errs, errors.New(present.SandboxUnknownOrg(where, t.Org)))
		case t.User != "" && !isMember(orgs, t.Org, t.User):
			errs = append(errs, errors.New(present.SandboxNotMember(where, t.User, t.Org)))
		case t.ExpiresIn < 0:
			errs = append(errs, errors.New(present.SandboxExpiresInNegative(where, time.Duration(t.ExpiresIn))))
		}
		seenTokens[t.Value] = true
		tok := sandbox.Token{Value: t.Value, Org: t.Org, User: t.User, Scopes: checkScopes(where, t.Scopes)}
		if t.ExpiresIn > 0 {
			tok.ExpiresAt = now.Add(time.Duration(t.ExpiresIn))
		}
		cfg.Tokens = append(cfg.Tokens, tok)
	}
	seenClients := map[string]bool{}
	for i, c := range file.OAuthClients {
		where := file.entryName("oauth_clients", "oauth-client", i, len(file.OAuthClients))
		switch {
		case c.ClientID == "" || c.ClientSecret == "":
			errs = append(errs, errors.New(present.SandboxClientRequired(where)))
		case strings.ContainsFunc(c.ClientID+c.ClientSecret, isControlOrTab):
			// Not echoed: they are credentials.
			errs = append(errs, errors.New(where+": "+present.SandboxClientControl))
		case seenClients[c.ClientID]:
			errs = append(errs, errors.New(present.SandboxClientTwice(where, c.ClientID)))
		case c.Org == "":
			errs = append(errs, errors.New(present.SandboxOrgRequired(where, orgSlugs(orgs))))
		case !knownOrg(c.Org):
			errs = append(errs, errors.New(present.SandboxUnknownOrg(where, c.Org)))
		}
		seenClients[c.ClientID] = true
		cfg.OAuthClients = append(cfg.OAuthClients, sandbox.OAuthClient{ID: c.ClientID, Secret: c.ClientSecret, Org: c.Org, Scopes: checkScopes(where, c.Scopes)})
	}
	for i, f := range file.Faults {
		where := file.entryName("faults", "fault", i, len(file.Faults))
		switch {
		case f.Operation != "" && f.Operation != "oauthToken" && api.ByID(f.Operation) == nil:
			errs = append(errs, errors.New(present.SandboxUnknownOperation(where, f.Operation)))
		case f.Status != 0 && (f.Status < 100 || f.Status > 599):
			errs = append(errs, errors.New(present.SandboxNotHTTPStatus(where, f.Status)))
		case f.Latency < 0:
			errs = append(errs, errors.New(present.SandboxLatencyNegative(where, time.Duration(f.Latency))))
		case f.Status == 0 && f.Latency == 0:
			errs = append(errs, errors.New(present.SandboxFaultEmpty(where)))
		case f.Times < -1:
			errs = append(errs, errors.New(present.SandboxTimesRule(where)))
		}
	}
	return cfg, errors.Join(errs...)
}

// controlFree refuses a token no Authorization header can carry (checked as the flag is read,
// so the message names --token; toConfig checks the config file's too). Not echoed.
func (t tokenSpec) controlFree() error {
	if strings.ContainsFunc(t.Value, isControlOrTab) {
		return errors.New(present.SandboxTokenControl)
	}
	return nil
}

// controlFree refuses client credentials with a control character. Not echoed.
func (c oauthSpec) controlFree() error {
	if strings.ContainsFunc(c.ClientID+c.ClientSecret, isControlOrTab) {
		return errors.New(present.SandboxClientControl)
	}
	return nil
}

// orgSlugs lists the organizations a token or client may name.
func orgSlugs(orgs []sandbox.Org) []string {
	var slugs []string
	for _, o := range orgs {
		slugs = append(slugs, o.Slug)
	}
	return slugs
}

// isControlOrTab reports a character no credential holds: an ASCII control character, tab
// included.
func isControlOrTab(r rune) bool { return r < 0x20 || r == 0x7f }

// isMember reports whether user has a role in the organization slug.
func isMember(orgs []sandbox.Org, slug, user string) bool {
	for _, o := range orgs {
		if o.Slug != slug {
			continue
		}
		for _, name := range slices.Concat([]string{o.Owner}, o.Admins, o.Members, o.Viewers) {
			if strings.EqualFold(name, user) {
				return true
			}
		}
	}
	return false
}

// faults maps the configured faults onto the emulator's.
func (file sandboxFile) faults() []sandbox.Fault {
	var out []sandbox.Fault
	for _, f := range file.Faults {
		out = append(out, sandbox.Fault{Operation: f.Operation, Status: f.Status, Code: f.Code, RetryAfter: f.RetryAfter,
			Latency: time.Duration(f.Latency), Times: f.Times, AfterApply: f.AfterApply})
	}
	return out
}
