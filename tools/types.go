package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Argument types carry the API's rules into the tool schemas, taken from the rules package, so
// a schema can never drift from what the client and the emulator enforce.

// AppRef names an app by name or ID, after the rule in resolve.go (matchApp): "id:101" is
// always an ID; otherwise a name match wins, digits that name no app are an ID, and digits
// that are one app's name and another's ID are ambiguous. Numbers are accepted as JSON numbers.
// A reference is used exactly as sent: one with spaces around it is refused, never trimmed.
type AppRef string

// jsonSchema is the type's own schema (see schema.go).
func (AppRef) jsonSchema() *schema {
	return &schema{Type: "string", MinLength: uint64Ptr(1)}
}

// UnmarshalJSON accepts "analytics-app", "101" and 101 (101.0, 1.01e2: any spelling).
func (a *AppRef) UnmarshalJSON(b []byte) error {
	s, err := refString(b)
	if err != nil {
		return refError(err, present.ArgRefGot(present.ArgAppRef, b))
	}
	*a = AppRef(s)
	return nil
}

// explicitID returns the ID of an "id:101" reference.
func (a AppRef) explicitID() (int64, bool) { return explicitID(string(a)) }

// decimal returns the ID that digits in plain decimal spell: "101", not "0101" or "+101".
func (a AppRef) decimal() (int64, bool) { return plainDecimal(string(a)) }

// onlyID returns the ID when the reference can only be one: explicit, or digits too short or
// too long to be an app name. Anything else needs the app list.
func (a AppRef) onlyID() (int64, bool) {
	if id, ok := a.explicitID(); ok {
		return id, true
	}
	id, ok := a.decimal()
	return id, ok && rules.AppName(string(a)) != ""
}

// check refuses spaces around the reference, a character in it that does not show, an "id:"
// not followed by a plain positive ID, and a character beyond ASCII: app names are ASCII
// (rules.AppName), so such a reference names no app, and a look-alike (Cyrillic а) would be
// answered with the app it mimics as a close match.
func (a AppRef) check() string {
	if msg := checkRef(string(a), present.ArgAppIDForm, hiddenIn); msg != "" {
		return msg
	}
	if strings.ContainsFunc(string(a), func(r rune) bool { return r > unicode.MaxASCII }) {
		return present.ArgAppRefNotASCII(string(a))
	}
	return ""
}

// MemberRef names a member by username or user ID, after the app rule (resolveMember):
// "id:3" is always a user ID; otherwise a username match wins, digits in plain decimal that
// are no member's username are a user ID, and digits that are one member's username and
// another's user ID are ambiguous.
type MemberRef string

// jsonSchema is the type's own schema (see schema.go).
func (MemberRef) jsonSchema() *schema {
	return &schema{Type: "string", MinLength: uint64Ptr(1), Description: "Username or ID"}
}

// UnmarshalJSON accepts "jdoe", "3" and 3 (3.0, 3e0: any spelling).
func (m *MemberRef) UnmarshalJSON(b []byte) error {
	s, err := refString(b)
	if err != nil {
		return refError(err, present.ArgRefGot(present.ArgMemberRef, b))
	}
	*m = MemberRef(s)
	return nil
}

// check refuses a reference over rules.MemberRefMax characters, spaces around it and an "id:"
// not followed by a plain positive ID; a username has no ASCII rule, so a character is refused as in a username (strayHidden).
func (m MemberRef) check() string {
	if utf8.RuneCountInString(string(m)) > rules.MemberRefMax { // first: never quoted back
		return present.ArgMemberRefTooLong(rules.MemberRefMax)
	}
	return checkRef(string(m), present.ArgMemberIDForm, strayHidden)
}

// refString reads a reference sent as a JSON string, unaltered, or as a whole number, in plain
// decimal whatever its spelling (3, 3.0 and 3e0 are "3": one number, so one ID); null is "".
// A number with a fractional part names nothing; one beyond int64 is no ID: in plain digits it is
// a name (an app named 12345678901234567890), in any other spelling refused (beyondIDError).
func refString(b []byte) (string, error) {
	lit := bytes.TrimSpace(b)
	if n, whole, beyond, ok := rules.ReadInteger(lit); ok {
		switch {
		case beyond && plainDigits(lit):
			return string(lit), nil // no ID has 20 digits: a name of digits (an app may be named so)
		case beyond:
			return "", &beyondIDError{literal: string(lit)}
		case !whole:
			return "", errors.New(present.NotWholeNumber)
		}
		return strconv.FormatInt(n, 10), nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// plainDigits reports whether lit is written in decimal digits alone (no sign, point or exponent).
func plainDigits(lit []byte) bool {
	return len(lit) > 0 && !bytes.ContainsFunc(lit, func(r rune) bool { return r < '0' || r > '9' })
}

// beyondIDError is a reference sent as a whole number no ID can be (beyond int64) and spelled as
// no name is (1e20, 12345678901234567890.0).
type beyondIDError struct{ literal string }

func (e *beyondIDError) Error() string {
	return present.ArgIntegerBeyondRange(e.literal, math.MinInt64, math.MaxInt64)
}

// refError is the refusal of a reference refString could not read: its range for a number
// beyond any ID, want (what the argument takes) for anything else.
func refError(err error, want string) error {
	if beyond := (*beyondIDError)(nil); errors.As(err, &beyond) {
		return beyond
	}
	return errors.New(want)
}

// explicitID returns the ID of an "id:101" reference.
func explicitID(ref string) (int64, bool) {
	digits, ok := strings.CutPrefix(ref, present.AppIDPrefix)
	if !ok {
		return 0, false
	}
	return plainDecimal(digits)
}

// plainDecimal returns the positive ID that s spells in plain decimal: "101", not "0101",
// "+101" or " 101".
func plainDecimal(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0 && strconv.FormatInt(id, 10) == s
}

// checkRef applies what every name-or-ID reference owes: no spaces around it (it is never
// trimmed), no character in it that does not show (stray, quoted escaped), and after "id:" a
// plain positive ID (idForm says so).
func checkRef(ref, idForm string, stray func(string) bool) string {
	if hasSpaces(ref) {
		return present.ArgSpaces
	}
	if stray(ref) {
		return present.ArgHiddenCharacter(ref)
	}
	if _, ok := explicitID(ref); !ok && strings.HasPrefix(ref, present.AppIDPrefix) {
		return idForm
	}
	return ""
}

// hasSpaces reports whitespace (spaces, tabs, line breaks) or another blank (rules.BlankAround)
// at the start or end of s: a value is sent as given, so such a value is refused rather than
// trimmed.
func hasSpaces(s string) bool { return rules.BlankAround(s) }

// Ident is an optional identifier argument (a runtime tag, branch, commit, region, cluster),
// sent exactly as given: "" is refused (it must not pass for "not given"; omit the argument
// instead), and so are spaces around it. null is "not given".
type Ident string

// jsonSchema is the type's own schema (see schema.go).
func (Ident) jsonSchema() *schema { return &schema{Type: "string", MinLength: uint64Ptr(1)} }

// check refuses "", spaces around the value, and a character in it that does not show
// (shape), and a credential (keptArg).
func (i Ident) check() string {
	if msg := i.shape(); msg != "" {
		return msg
	}
	return keptCredential(i, string(i))
}

// shape is check's rule but the credential's.
func (i Ident) shape() string {
	switch {
	case i == "":
		return present.ArgEmpty
	case hasSpaces(string(i)):
		return present.ArgSpaces
	case strings.ContainsFunc(string(i), hidden):
		return present.ArgHiddenCharacter(string(i))
	}
	return ""
}

// hidden reports a character that does not show where it stands (plain.Invisible: a zero-width
// space, a soft hyphen) or breaks the line it is in (plain.Breaking: a control character): in
// an identifier, the API's refusal would quote the value without it.
func hidden(r rune) bool { return plain.Invisible(r) || plain.Breaking(r) }

// hiddenIn reports a hidden character in s: the rule of an identifier with an ASCII rule.
func hiddenIn(s string) bool { return strings.ContainsFunc(s, hidden) }

// strayHidden (strayhidden.go) is the rule of a name with no ASCII rule.

// Setting is one of update_app's settings (version, image, registry, node group, production
// branch): an identifier held to Ident's rule but for "", which the API takes (openapi.json's
// UpdateProjectRequest: plain strings) and stores, clearing the setting; production_branch's
// "" the client refuses by the API's own rule (rules.ProductionBranch: it names no branch).
// Its schema stays a plain string (tools/list has no room for more); the rule lives in check()
// alone.
type Setting string

// check is Ident's, "" allowed (it clears the setting).
func (s Setting) check() string {
	if s == "" {
		return ""
	}
	return Ident(s).check()
}

// Gigabytes is a storage size. A non-zero number too small for a float64 (1e-400) is refused
// when decoded: encoding/json would read it as 0, and 0 would be sent. So is one too large
// (1e400), and a long one is read from its digits and exponent (rules.ReadNumber): encoding/json
// reads "1" and 1000 zeros "e-1000", which is 1, as 1e-201.
type Gigabytes float64

// UnmarshalJSON reads a number, refusing one that is not 0 as written but decodes to 0, and one
// beyond float64's range.
func (g *Gigabytes) UnmarshalJSON(b []byte) error {
	lit := bytes.TrimSpace(b)
	f, beyond, ok := rules.ReadNumber(lit)
	switch {
	case !ok: // not a number: encoding/json's refusal (null is left as it is)
		var v float64
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		return nil
	case beyond:
		return errors.New(present.ArgBeyondRange(string(lit)))
	case f == 0 && nonZeroLiteral(b):
		return errors.New(present.ArgTooSmall(string(lit)))
	}
	*g = Gigabytes(f)
	return nil
}

// nonZeroLiteral reports a JSON number whose digits before any exponent are not all 0.
func nonZeroLiteral(b []byte) bool {
	for _, c := range bytes.TrimSpace(b) {
		switch {
		case c == 'e' || c == 'E':
			return false
		case c >= '1' && c <= '9':
			return true
		}
	}
	return false
}

// Text is an optional free-text argument (a commit message), sent exactly as given; "" is
// refused (omit the argument instead), null is "not given".
type Text string

// jsonSchema is the type's own schema (see schema.go).
func (Text) jsonSchema() *schema { return &schema{Type: "string", MinLength: uint64Ptr(1)} }

// check refuses "".
func (t Text) check() string {
	if t == "" {
		return present.ArgEmpty
	}
	return ""
}

// FreeText is a new app's description (create_app, create_and_deploy_app), sent exactly as
// given: "" is refused as Text's is (omit the argument for no description), null is "not
// given". The rule lives in check() alone, so the schema stays a plain string and costs
// tools/list nothing. update_app's description is another matter: "" there clears it.
type FreeText string

// check refuses "".
func (t FreeText) check() string { return Text(t).check() }

// DeploymentID is a deployment's ID: a positive integer. 0 sent is refused (check), never
// read as "not given".
type DeploymentID int64

// jsonSchema is the type's own schema (see schema.go).
func (DeploymentID) jsonSchema() *schema { return &schema{Type: "integer", Minimum: "1"} }

// required is the refusal of a deployment ID not given.
func (DeploymentID) required() string { return present.ArgDeploymentIDRequired }

// check refuses IDs below 1.
func (d DeploymentID) check() string {
	if d < 1 {
		return present.ArgDeploymentIDPositive
	}
	return ""
}

// AppName is a new app's name.
type AppName string

// jsonSchema is the type's own schema (see schema.go).
func (AppName) jsonSchema() *schema {
	return &schema{Type: "string", MinLength: uint64Ptr(uint64(rules.AppNameMin)), MaxLength: uint64Ptr(uint64(rules.AppNameMax)),
		Pattern: rules.AppNamePattern, Description: "Unique; URL https://NAME.spice.ai"}
}

// required is the refusal of a name missing or null: what a name must be.
func (AppName) required() string { return present.ArgAppNameRequired }

// explainEmpty puts that refusal where the API's own rule (rules.AppName) says only "Required":
// a name sent as "".
func (n AppName) explainEmpty(fe rules.FieldErrors) rules.FieldErrors {
	if n == "" {
		if fe == nil {
			fe = rules.FieldErrors{}
		}
		fe["name"] = []string{n.required()}
	}
	return fe
}

// SecretName is a secret's name.
type SecretName string

// jsonSchema is the type's own schema (see schema.go).
func (SecretName) jsonSchema() *schema {
	return &schema{Type: "string", Pattern: rules.SecretNamePattern, Description: "e.g. PG_PASS or OPENAI_API_KEY (password, key, token or credential)"}
}

// required is the refusal of a name missing or null: what a name must be.
func (SecretName) required() string { return present.ArgSecretNameRequired }

// check applies the API's secret-name rule: a name also travels in request paths, where
// anything else could be a dot-segment or a separator.
func (s SecretName) check() string {
	if s == "" {
		return present.ArgSecretNameRequired
	}
	msg := rules.SecretName(string(s))
	if msg != "" && strings.IndexFunc(string(s), func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
		return present.ArgSecretNameNotASCII(string(s))
	}
	if c := string(s)[:min(len(s), 1)]; msg != "" && c != "" && c != "_" && strings.ToLower(c) == strings.ToUpper(c) {
		return present.ArgSecretNameStart // not a letter or underscore first
	}
	return msg
}

// Replicas is a replica count.
type Replicas int

// jsonSchema is the type's own schema (see schema.go).
func (Replicas) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: json.Number(strconv.Itoa(rules.ReplicasMin)), Maximum: json.Number(strconv.Itoa(rules.ReplicasMax))}
}

// Limit is a list page size.
type Limit int

// jsonSchema is the type's own schema (see schema.go).
func (Limit) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: json.Number(strconv.Itoa(rules.LimitMin)), Maximum: json.Number(strconv.Itoa(rules.LimitMax)),
		Default: rules.LimitDefault}
}

// check refuses a size outside the range, 0 included (omit it for the default).
func (l Limit) check() string { return rules.Limit(int(l)) }

// KeyNumber picks API keys to regenerate.
type KeyNumber int

// jsonSchema is the type's own schema (see schema.go).
func (KeyNumber) jsonSchema() *schema {
	return &schema{Type: "integer", Enum: []any{0, 1, 2}, Description: "1 primary, 2 secondary, 0 both"}
}

// Tags are string labels; the map replaces the app's tags.
type Tags map[string]string

// jsonSchema is the type's own schema (see schema.go).
func (Tags) jsonSchema() *schema {
	return &schema{Type: "object", AdditionalProperties: &schema{Type: "string", Pattern: rules.TagValuePattern,
		MaxLength: uint64Ptr(rules.TagValueMax)}}
}

// UnmarshalJSON refuses a null tag value (encoding/json would send it as "") and a key given
// twice, naming the key (see stringMap), and a key rules.TagKey refuses, escaped (tagKey).
func (t *Tags) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	m, err := keyedStringMap(b, false, tagKey)
	if err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(m)) { // the first refused, the same every time
		if !rules.TagValueOK(*m[k]) {
			return &fieldRuleError{path: k, rule: present.ArgTagValue(*m[k])}
		}
		if msg := present.ArgCredential(*m[k], false, present.KeptWithApp); msg != "" {
			return &fieldRuleError{path: k, rule: msg}
		}
		if present.TagValueIsCredential(k, *m[k]) {
			return &fieldRuleError{path: k, rule: present.ArgTagCredential()}
		}
	}
	*t = make(Tags, len(m))
	for k, v := range m {
		(*t)[k] = *v
	}
	return nil
}

// tagKey refuses a tag key as rules.TagKey does, in the words of a refused identifier: spaces
// around it, or a character that does not show where it stands (strayHidden: a tag key has no
// ASCII rule). "" is left to rules.TagKey, which names it.
func tagKey(key string) string {
	switch {
	case hasSpaces(key):
		return present.ArgKeySpaces(key)
	case strayHidden(key):
		return present.ArgKeyHidden(key)
	}
	if msg := present.ArgCredential(key, false, present.KeptWithApp); msg != "" {
		return "key " + msg
	}
	return ""
}

// Resources is update_app's resources, openapi.json's ResourceSpec: limits and requests, each
// of cpu, memory and ephemeral-storage (rules.ResourceKeys) as strings, read as a JSON Merge
// Patch (RFC 7396) of the app's resources: a key set to null is removed (limits.cpu), a group
// set to null is removed whole (limits), and resources: null removes them all, as image_tag:
// null unpins. Decoding keeps every key as sent or refuses it, naming its path
// (resources.limits.cpu): a key besides those, a key given twice, a value neither a string nor
// null, and an empty object (which would change nothing). Whether each value is a Kubernetes
// quantity is the client's check (rules.ResourceSpec), before any request.
type Resources struct {
	Given  bool                // the argument was sent
	Spec   client.ResourceSpec // the keys to set
	Remove []string            // the paths to remove, sorted: a group (limits) or a key (limits.cpu)
}

// jsonSchema is the type's own schema (see schema.go).
func (Resources) jsonSchema() *schema {
	// Only the type: tools/list has no tokens to spare for its shape (TestToolsTokenBudget,
	// TestDescriptionsFollowTheConfirmMode); a refusal names the keys and the value type, and
	// the result says that null removes a key (present.ResourcesNow).
	return &schema{Type: "object"}
}

// typeRuleError is a value of the wrong JSON type at field (a path inside the argument, "" for
// the argument itself), with
// what the argument takes there in words (want), where a Go kind would say too little.
type typeRuleError struct{ field, want, got string }

func (e *typeRuleError) Error() string { return e.field + ": expected " + e.want + ", got " + e.got }

// fieldRuleError is a value at path inside an argument (a map's key: tags.KEY) that breaks
// rule, in present's words.
type fieldRuleError struct{ path, rule string }

func (e *fieldRuleError) Error() string { return e.path + ": " + e.rule }

// unknownKeyError is a key an object argument does not take, at path inside the argument (as
// the caller wrote it: limits.cpus), with the keys taken there.
type unknownKeyError struct {
	path  string
	valid []string
}

func (e *unknownKeyError) Error() string { return e.path + ": " + present.ArgResourceKey(e.valid) }

// resourceGroups are the groups of a ResourceSpec.
var resourceGroups = []string{"limits", "requests"}

// UnmarshalJSON decodes {"limits": {...}, "requests": {...}} or null (see Resources).
func (r *Resources) UnmarshalJSON(b []byte) error {
	*r = Resources{Given: true}
	if path, twice := repeatedKey(b); twice { // encoding/json would keep one and drop the other
		return errors.New(present.ArgKeyTwice(path))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
			r.Remove = slices.Clone(resourceGroups)
			return nil
		}
		var m map[string]any // not an object: encoding/json says what it is
		err := json.Unmarshal(b, &m)
		var typeErr *json.UnmarshalTypeError
		if err == nil || errors.As(err, &typeErr) { // said in words, null included, not as Go's map
			got := "value"
			if typeErr != nil {
				got = typeErr.Value
			}
			return &typeRuleError{want: present.ArgResourcesWant, got: got}
		}
		return err
	}
	groups := map[string]*map[string]any{"limits": &r.Spec.Limits, "requests": &r.Spec.Requests}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		group, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		into, known := groups[group]
		if !known {
			return &unknownKeyError{path: group, valid: resourceGroups}
		}
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			r.Remove = append(r.Remove, group)
			continue
		}
		quantities, err := stringMap(raw, true)
		if err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) { // the refusal says what is taken there, null included
				if typeErr.Field == "" {
					return &typeRuleError{field: group, want: present.ArgResourceGroupWant, got: typeErr.Value}
				}
				if !slices.Contains(rules.ResourceKeys, typeErr.Field) { // an unknown key is named first, whatever its value
					return &unknownKeyError{path: group + "." + typeErr.Field, valid: rules.ResourceKeys}
				}
				return &typeRuleError{field: group + "." + typeErr.Field, want: present.ArgResourceValueWant, got: typeErr.Value}
			}
			return err
		}
		if len(quantities) == 0 {
			return errors.New(present.ArgResourcesEmpty(group, rules.ResourceKeys))
		}
		for _, key := range slices.Sorted(maps.Keys(quantities)) { // two unknown keys: the same one named every time
			v := quantities[key]
			if !slices.Contains(rules.ResourceKeys, key) {
				return &unknownKeyError{path: group + "." + key, valid: rules.ResourceKeys}
			}
			if v == nil {
				r.Remove = append(r.Remove, group+"."+key)
				continue
			}
			if *into == nil {
				*into = map[string]any{}
			}
			(*into)[key] = *v
		}
	}
	if r.Spec.Limits == nil && r.Spec.Requests == nil && r.Remove == nil {
		return errors.New(present.ArgResourcesEmpty("", resourceGroups))
	}
	slices.Sort(r.Remove)
	return nil
}

// ImageTagChange is update_app's image_tag: a published tag pins the runtime version; "" or
// null unpins it (null is how the API itself says so, and must not read as "not given").
type ImageTagChange struct {
	Given bool   // the argument was sent
	Tag   string // "" unpins
}

// jsonSchema is the type's own schema (see schema.go).
func (ImageTagChange) jsonSchema() *schema { return &schema{Type: "string"} }

// check holds a tag to Ident's rule; "" and null unpin.
func (c ImageTagChange) check() string {
	if c.Tag == "" {
		return ""
	}
	return Ident(c.Tag).check()
}

// UnmarshalJSON accepts a tag, "" and null.
func (c *ImageTagChange) UnmarshalJSON(b []byte) error {
	*c = ImageTagChange{Given: true}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(b, &c.Tag); err != nil {
		return errors.New(present.ArgImageTag)
	}
	return nil
}

// Spicepod is a manifest as YAML text or as an object.
type Spicepod struct{ Value any }

// jsonSchema is the type's own schema (see schema.go): either form is accepted.
func (Spicepod) jsonSchema() *schema {
	return &schema{Description: "YAML text or object"}
}

// UnmarshalJSON keeps whatever JSON value was sent, numbers as written (json.Number: a float64
// would turn 9007199254740993 into ...992 and 1.0 into 1); validation says what is wrong with it.
func (s *Spicepod) UnmarshalJSON(b []byte) error {
	if path, twice := repeatedKey(b); twice {
		// encoding/json would keep the last value and drop the other without a word.
		return errors.New(present.ArgKeyTwice(path))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(&s.Value)
}

// repeatedKey finds a key given twice in one object anywhere in the JSON value b, and returns
// its path (datasets[0].params.pg_user).
func repeatedKey(b []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var walk func(path string) (string, bool)
	walk = func(path string) (string, bool) {
		tok, err := dec.Token()
		if err != nil {
			return "", false // malformed: decoding says so
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return "", false
				}
				key, _ := kt.(string)
				at := key
				if path != "" {
					at = path + "." + key
				}
				if seen[key] {
					return at, true
				}
				seen[key] = true
				if p, twice := walk(at); twice {
					return p, true
				}
			}
			_, _ = dec.Token() // }
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if p, twice := walk(fmt.Sprintf("%s[%d]", path, i)); twice {
					return p, true
				}
			}
			_, _ = dec.Token() // ]
		}
		return "", false
	}
	return walk("")
}

// MarshalJSON writes the value back.
func (s Spicepod) MarshalJSON() ([]byte, error) { return json.Marshal(s.Value) }

// enum builds the schema of a string restricted to values. Each enum type also has a check()
// with the same rule, so that "" sent is refused rather than read as "not given" (checkArgs
// checks a zero value only when it was sent; null stays "not given").
func enum(values []string, description string) *schema {
	list := make([]any, len(values))
	for i, v := range values {
		list[i] = v
	}
	return &schema{Type: "string", Enum: list, Description: description}
}

// Visibility is public or private.
type Visibility string

// jsonSchema is the type's own schema (see schema.go).
func (Visibility) jsonSchema() *schema { return enum(rules.Visibilities, "") }

// check is the enum rule, "" sent included.
func (v Visibility) check() string { return rules.Enum(string(v), rules.Visibilities) }

// RegionCode is a region code.
type RegionCode string

// jsonSchema is the type's own schema (see schema.go).
func (RegionCode) jsonSchema() *schema { return enum(rules.RegionCodes, "") }

// check is the enum rule, "" sent included.
func (v RegionCode) check() string { return rules.Enum(string(v), rules.RegionCodes) }

// UpdateChannel is an app's runtime release channel.
type UpdateChannel string

// jsonSchema is the type's own schema (see schema.go).
func (UpdateChannel) jsonSchema() *schema { return enum(rules.UpdateChannels, "") }

// check is the enum rule, "" sent included.
func (v UpdateChannel) check() string { return rules.Enum(string(v), rules.UpdateChannels) }

// DeploymentChannel picks the runtime image when no image_tag is given.
type DeploymentChannel string

// jsonSchema is the type's own schema (see schema.go).
func (DeploymentChannel) jsonSchema() *schema { return enum(rules.DeploymentChannels, "") }

// check is the enum rule, "" sent included.
func (v DeploymentChannel) check() string { return rules.Enum(string(v), rules.DeploymentChannels) }

// DeploymentStatus filters deployments.
type DeploymentStatus string

// jsonSchema is the type's own schema (see schema.go).
func (DeploymentStatus) jsonSchema() *schema { return enum(rules.DeploymentStatuses, "") }

// check is the enum rule, "" sent included.
func (v DeploymentStatus) check() string { return rules.Enum(string(v), rules.DeploymentStatuses) }

// ImageChannel is a container-image channel.
type ImageChannel string

// jsonSchema is the type's own schema (see schema.go).
func (ImageChannel) jsonSchema() *schema {
	return enum(rules.ImageChannels, "Default stable; enterprise if subscribed")
}

// check is the enum rule, "" sent included.
func (v ImageChannel) check() string { return rules.Enum(string(v), rules.ImageChannels) }

// RegionEnv filters regions.
type RegionEnv string

// jsonSchema is the type's own schema (see schema.go).
func (RegionEnv) jsonSchema() *schema {
	s := enum(rules.RegionEnvs, "")
	s.Default = "prod" // the API's production servers default to prod
	return s
}

// check is the enum rule, "" sent included.
func (v RegionEnv) check() string { return rules.Enum(string(v), rules.RegionEnvs) }

// Role is a member role.
type Role string

// jsonSchema is the type's own schema (see schema.go).
func (Role) jsonSchema() *schema { return enum(rules.MemberRoles, "") }

// check is the enum rule, "" sent included.
func (v Role) check() string { return rules.Enum(string(v), rules.MemberRoles) }

// UnmarshalJSON refuses null (in a list of roles, encoding/json would read it as ""), saying null.
func (v *Role) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return errors.New(rules.EnumNull(rules.MemberRoles))
	}
	return json.Unmarshal(b, (*string)(v))
}

func uint64Ptr(n uint64) *uint64 { return &n }
