package tools

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type secretList struct {
	ofApp
	Secrets    []client.Secret `json:"secrets"`
	Total      int             `json:"total"`
	Offset     int             `json:"offset,omitempty"`
	NextOffset int             `json:"next_offset,omitempty"`
}

// appPageArgs are the arguments of a list of an app's items that the server pages itself.
type appPageArgs struct {
	App    AppRef `json:"app"`
	Offset Offset `json:"offset,omitempty"`
	orgArg
}

func (a *appPageArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	checkOffset(fe, a.Offset)
	return fe
}

var listSecrets = register(define[appPageArgs, secretList](Tool{
	Name: "list_secrets", Title: "List secrets", Toolset: ToolsetSecrets,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectSecrets},
	When:       listedUnlessByID,
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Show the names of every secret on an app, when each was set: stored passwords, API keys, " +
		"credentials (creds), environment variables (env vars) configured for it; never values.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appPageArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	secrets, err := c.ListProjectSecrets(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	// A name the API lists again is shown and counted once, the repeat said (names are unique
	// in an app).
	secrets, repeated := withoutRepeats(secrets, func(s client.Secret) string { return s.Name })
	note := ""
	if len(repeated) > 0 {
		note = "\n\n" + present.SecretsRepeated(repeated)
	}
	dated := make([]present.Dated, len(secrets))
	for i, s := range secrets {
		dated[i] = present.Dated{One: "secret", Name: s.Name, Times: []present.NamedTime{{Field: "created_at", At: &s.CreatedAt}, {Field: "updated_at", At: &s.UpdatedAt}}}
	}
	note += futureNote(dated, env) + pagingNote(ctx, api.ListProjectSecrets, "secret", "secrets")
	// A secret's name is the user's (denseWeight): "A1A1…" is a token a byte.
	return resumedPage(ctx, env, "list_secrets\x00"+strconv.FormatInt(target.ID, 10), "secret", "secrets", secrets, a.Offset,
		func(s client.Secret) (string, string) { return s.Name, s.Name },
		func(s client.Secret) int { return len(s.Name) },
		func(s client.Secret, limit int) client.Secret { s.Name = present.ClipItem(s.Name, limit); return s }, func(page []client.Secret, p present.Page) *Result {
			return &Result{Text: present.Paged(present.Secrets(target.label(), page, p.Total, env.usable(ctx, "set_secret"))+note, present.PageNote("list_secrets", "secrets", deletable(p), appAgain(string(a.App), a.orgArg)...)),
				Structured: secretList{ofApp: target.of(), Secrets: page, Total: p.Total, Offset: p.Offset, NextOffset: p.Next}}
		}), nil
}))

type secretArgs struct {
	App  AppRef     `json:"app"`
	Name SecretName `json:"name"`
	orgArg
}

func (a *secretArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.Name == "" {
		fe.Check("name", present.ArgSecretNameRequired)
	}
	return fe
}

// secretView is get_secret's result: the secret and its app.
type secretView struct {
	ofApp
	client.Secret
}

var getSecret = register(define[secretArgs, secretView](Tool{
	Name: "get_secret", Title: "Get secret", Toolset: ToolsetSecrets,
	Operations: []*api.Operation{api.ListProjects, api.GetProjectSecret},
	When:       listedUnlessByID,
	// A name that looks like a credential: whether it is listed (credentialSecretUnlisted).
	MayCall:     []*api.Operation{api.ListProjectSecrets},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app", "name": "PG_PASS"}, Invalid: map[string]any{"app": "analytics-app", "name": ""}},
	Description: "Check whether a named secret exists on an app, when it last changed; never its value.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a secretArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	if r, err := credentialSecretUnlisted(ctx, c, target, a.Name); r != nil || err != nil {
		return r, err
	}
	s, err := c.GetProjectSecret(ctx, target.ID, string(a.Name))
	if err != nil {
		return nil, err
	}
	dated := []present.Dated{{One: "secret", Name: s.Name, Times: []present.NamedTime{{Field: "created_at", At: &s.CreatedAt}, {Field: "updated_at", At: &s.UpdatedAt}}}}
	return &Result{Text: present.Secret(target.label(), s) + futureNote(dated, env), Structured: secretView{target.of(), *s}}, nil
}))

type setSecretArgs struct {
	App           AppRef     `json:"app"`
	Name          SecretName `json:"name"`
	Value         *string    `json:"value,omitempty" jsonschema:"description=Avoid: it passes through the conversation"`
	ValueFromEnv  LocalName  `json:"value_from_env,omitempty" jsonschema:"description=Server's environment variable holding it"`
	ValueFromFile LocalName  `json:"value_from_file,omitempty" jsonschema:"description=Server's file holding it"`
	orgArg
}

func (a *setSecretArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	fe.Check("name", a.Name.check())
	if len(fe["name"]) == 0 {
		fe.Check("name", present.ArgCredential(string(a.Name), false, present.KeptSecretName))
	}
	sources := 0
	for _, set := range []bool{a.Value != nil, a.ValueFromEnv != "", a.ValueFromFile != ""} {
		if set {
			sources++
		}
	}
	if sources > 1 {
		fe.Check("value", present.ArgOneValueSource)
	}
	if a.Value != nil && *a.Value == "" {
		fe.Check("value", present.ArgValueEmpty)
	}
	if a.Value != nil {
		fe.Check("value", secretValueRefused(*a.Value))
	}
	return fe
}

// secretValueRefused says why a secret's value, however it came (an argument, a file, the
// person's page), is not sent: one holding U+0000 would reach the runtime cut short or not at all.
func secretValueRefused(v string) string {
	if strings.IndexByte(v, 0) >= 0 {
		return present.ArgValueHoldsNUL
	}
	return ""
}

type secretChange struct {
	ofApp
	Name   string         `json:"name"`
	Action string         `json:"action" jsonschema:"enum=created,enum=updated,enum=deleted,enum=stored,enum=pending"`
	Secret *client.Secret `json:"secret,omitempty"`
	// Note and Warning are what a deletion's text says beside the confirmation (some clients
	// show only structured content): what keeps the value until when, and, when the app's
	// spicepod references the secret, that the next deployment fails without it.
	Note    string `json:"note,omitempty"`
	Warning string `json:"warning,omitempty"`
}

var setSecret = register(define[setSecretArgs, secretChange](Tool{
	Name: "set_secret", Title: "Set secret", Toolset: ToolsetSecrets,
	Operations: []*api.Operation{api.ListProjects, api.GetProjectSecret, api.UpsertProjectSecret},
	// A local value a person approves reading is named with the app's name: the list is read then.
	When:     map[*api.Operation]string{api.ListProjects: whenNotOnlyID + " and no person approves reading `value_from_env` or `value_from_file`"},
	MayCall:  roleOps, // the caller's role, before a person is asked (refuseByRole)
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "name": "NEW_SECRET", "value": "example-value"}, Invalid: map[string]any{"app": "analytics-app", "name": "PG-PASS", "value": "v"}},
	Description: "Add, store, save, put, update, change or replace (rotate) a secret's value (env var) on an app: a " +
		"database password, API key or token. Leave value out: the user enters it privately, never " +
		"in the chat.",
	// Destructive: it replaces what was there (a spicepod, a setting, a value), not only adds.
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a setSecretArgs) (*Result, error) {
	if a.Value == nil && a.ValueFromEnv == "" && a.ValueFromFile == "" {
		return setSecretFromPerson(ctx, env, c, a)
	}
	var local *localValue
	switch {
	case a.ValueFromEnv != "":
		var msg string
		if local, msg = env.Local.readEnv(string(a.ValueFromEnv)); msg != "" {
			return nil, &client.ValidationError{Operation: "set_secret", Fields: rules.FieldErrors{"value_from_env": {msg}}}
		}
	case a.ValueFromFile != "":
		var msg string
		if local, msg = env.Local.readFile(string(a.ValueFromFile)); msg != "" {
			return nil, &client.ValidationError{Operation: "set_secret", Fields: rules.FieldErrors{"value_from_file": {msg}}}
		}
	}
	if local != nil {
		ctx = client.WithCallValues(ctx, local.value) // redacted from what this call shows
		env.remember(ctx, local.value)                // and from what the caller's later calls show
	}
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	value, note := "", ""
	if a.Value != nil {
		value = *a.Value
	} else {
		// The agent chose both the variable or file and the secret: a person approves reading
		// it, unless the operator chose unattended use (--confirm=agent or off).
		if env.Safety.Mode() == ConfirmHuman {
			if target, err = resolveAppNamed(ctx, c, a.App); err != nil {
				return nil, err
			}
			action := present.StoreFromEnvAction(local.source, string(a.Name), target.shown())
			if local.kind == present.SourceFile {
				action = present.StoreFromFileAction(local.source, local.size, local.names, string(a.Name), target.shown())
			}
			// Bound to the value read and to where it was read from (the file a link leads
			// to, and how many names it has): a file changed, a link turned elsewhere or a
			// hard link added after the approval needs a new one. Within one call
			// (elicitation) the value approved is the one read, read once.
			from := fmt.Sprintf("%s\x00%d\x00%s", local.source.Plain(), local.names, local.value)
			if r := env.confirm(ctx, confirmation{tool: "set_secret", args: a, targetID: fmt.Sprintf("app:%d", target.ID),
				read:   &readValue{digest: fmt.Sprintf("%x", sha256.Sum256([]byte(from))), kind: local.kind, source: local.source},
				action: action, effects: []string{present.EffectLocalValue}, target: string(a.Name)}); r != nil {
				return r, nil
			}
		}
		value, note = local.value, local.note()
	}
	// The upsert answers 200 either way; look first so the result can say which it was. Another
	// set_secret call of this server for the same secret waits for this one's write, so that
	// both do not read "not found" and both say they created it.
	release, err := env.secretWrites.take(ctx, fmt.Sprintf("%d/%s", target.ID, a.Name))
	if err != nil {
		return nil, err // cancelled or out of time: nothing was sent
	}
	defer release()
	_, err = c.GetProjectSecret(ctx, target.ID, string(a.Name))
	var apiErr *client.APIError
	created := errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && apiErr.Received().Message == "Secret not found"
	if err != nil && !created {
		return nil, err
	}
	s, err := c.UpsertProjectSecret(ctx, target.ID, string(a.Name), value)
	if err != nil {
		return nil, err
	}
	// Another process may have created it between the read and the upsert: the answer's
	// updated_at after its created_at says the upsert replaced a value (equal or unknown: the
	// read's word stands).
	if created && !s.CreatedAt.IsZero() && !s.UpdatedAt.IsZero() && s.UpdatedAt.Time.After(s.CreatedAt.Time) {
		created = false
	}
	action := "updated"
	if created {
		action = "created"
	}
	text := present.SecretSet(target.named(), s.Name, created)
	if note != "" {
		text += "\n\n" + note
	}
	return &Result{Text: text, Structured: secretChange{ofApp: target.of(), Name: s.Name, Action: action, Secret: s}}, nil
}))

// setSecretFromPerson lets the person enter the value out of band (URL elicitation or a page
// link): the value goes from their browser to this server and on to the API only.
func setSecretFromPerson(ctx context.Context, env *Env, c *client.Client, a setSecretArgs) (*Result, error) {
	if env.Human == nil {
		return nil, &client.ValidationError{Operation: "set_secret", Fields: rules.FieldErrors{"value": {present.SecretEntryUnavailable}}}
	}
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	entry, _ := env.secretsFromPerson(ctx, c, "set_secret", a, target, []string{string(a.Name)}, present.SecretEntryThenSet, nil)
	if r := entry.result; r != nil {
		if r.Raw == nil && !r.IsError {
			r.Structured = secretChange{ofApp: target.of(), Name: string(a.Name), Action: "pending"}
		}
		return r, nil
	}
	return &Result{Text: present.SecretsStoredOnPage(target.named(), entry.stored),
		Structured: secretChange{ofApp: target.of(), Name: string(a.Name), Action: "stored"}}, nil
}

type deleteSecretArgs struct {
	App     AppRef     `json:"app"`
	Name    SecretName `json:"name"`
	Confirm ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *deleteSecretArgs) validate() rules.FieldErrors {
	args := secretArgs{App: a.App, Name: a.Name}
	return args.validate()
}

var deleteSecret = register(define[deleteSecretArgs, secretChange](Tool{
	Name: "delete_secret", Title: "Delete secret", Toolset: ToolsetSecrets,
	Operations: []*api.Operation{api.ListProjects, api.GetProjectSecret, api.DeleteProjectSecret},
	When:       listedUnlessByID,
	// The app's spicepod: whether it references the secret (the next deployment then fails);
	// a name that looks like a credential: whether it is listed (credentialSecretUnlisted).
	MayCall:  []*api.Operation{api.GetProject, api.ListOrgs, api.ListProjectSecrets},
	Optional: []*api.Operation{api.GetProject},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "name": "PG_PASS"}, Invalid: map[string]any{"app": "analytics-app", "name": ""}},
	Description: "Delete (remove, unset, drop, wipe, erase, scrap, revoke) a secret (env var), e.g. a stale credential no " +
		"longer used; later deployments no longer get it. A person approves first.",
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a deleteSecretArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	if r, err := credentialSecretUnlisted(ctx, c, target, a.Name); r != nil || err != nil {
		return r, err
	}
	// Ask only about a secret that exists; the approval binds to its ID.
	secret, err := c.GetProjectSecret(ctx, target.ID, string(a.Name))
	if err != nil {
		return nil, err
	}
	// Whether the app's spicepod references it (${secrets:NAME}): then the next deployment fails
	// to start without it. One read of the app; optional: when it fails, nothing is said.
	used := false
	if app, err := c.GetProject(ctx, target.ID); err == nil {
		used = slices.Contains(rules.SpicepodSecretRefs(app.Config.Spicepod), string(a.Name))
	} else if ctx.Err() != nil {
		return nil, err // cancelled or out of time: nothing was sent
	}
	effects := []string{present.EffectSecretGone}
	if used {
		effects = append(effects, present.EffectSecretReferenced(string(a.Name)))
	}
	if r := env.confirm(ctx, confirmation{tool: "delete_secret", args: a, targetID: fmt.Sprintf("app:%d/secret:%d", target.ID, secret.ID),
		target: string(a.Name), typed: string(a.Confirm), effects: effects,
		action: present.DeleteSecretAction(string(a.Name), target.shown())}); r != nil {
		return r, nil
	}
	done, err := c.DeleteProjectSecret(ctx, target.ID, string(a.Name))
	if err != nil {
		return nil, err
	}
	text := present.SecretDeleted(target.named(), string(a.Name), done)
	view := secretChange{ofApp: target.of(), Name: string(a.Name), Action: "deleted", Note: present.SecretDeletedKept}
	if used {
		hidden := unusableTools(ctx, env, "set_secret", "update_app", "create_deployment", "resume_app")
		view.Warning = present.DeletedSecretReferenced(string(a.Name), hidden, append(appAgain(string(a.App), a.orgArg),
			present.Arg{Name: "name", Value: string(a.Name)})...)
		text += " " + view.Warning
	}
	return &Result{Text: text, Structured: view}, nil
}))

// credentialSecretUnlisted refuses a secret name holding what looks like a credential that the
// app's secrets do not include (present.CredentialNotListed), before it is put in a request's
// path; one another client stored is listed, and is read or deleted as any other.
func credentialSecretUnlisted(ctx context.Context, c *client.Client, target appTarget, name SecretName) (*Result, error) {
	if !present.HoldsCredential(string(name)) {
		return nil, nil
	}
	secrets, err := c.ListProjectSecrets(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(secrets, func(s client.Secret) bool { return s.Name == string(name) }) {
		return nil, nil
	}
	return refusal(present.CredentialNotListed("secret", string(name), target.label(), "list_secrets")), nil
}
