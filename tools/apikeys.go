package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// shownKeys is what results may carry: the keys, or with --mask-api-keys their last 4 characters.
func (env *Env) shownKeys(k client.APIKeys) client.APIKeys {
	if env.Safety.MaskAPIKeys {
		return client.APIKeys{APIKey: present.MaskKey(k.APIKey), APIKey2: present.MaskKey(k.APIKey2)}
	}
	return k
}

// keysView is structured content that carries API keys: the storage warning comes with them
// (first), since some clients show structured content instead of the text.
type keysView struct {
	Warning string `json:"warning"`
	// Masked says where the full keys are when only their last 4 characters are shown.
	Masked string `json:"masked,omitempty"`
	ofApp
	client.APIKeys
	// Usage says how clients present a key (the text's line after the keys).
	Usage string `json:"usage,omitempty"`
}

type regeneratedView struct {
	Warning string `json:"warning"`
	Masked  string `json:"masked,omitempty"` // as keysView's
	ofApp
	client.RegeneratedAPIKeys
	// Unchanged names the key a regeneration of one key left alone, which it does not repeat.
	Unchanged string `json:"unchanged,omitempty"`
	// Note warns of a rotate_api_keys step whose answer was lost and which may still land.
	Note string `json:"note,omitempty"`
}

// maskedNote is the structured content's note on masked keys; "" when keys are shown in full.
// Over HTTP masking is the operator's setting, named as theirs (client.HTTPCaller).
func (env *Env) maskedNote(ctx context.Context) string {
	operator := client.HTTPCaller(ctx)
	switch {
	case env.Safety.MaskAPIKeys && env.Sandbox && operator:
		return present.MaskedKeysNoteSandboxOperator
	case env.Safety.MaskAPIKeys && env.Sandbox: // the emulator's keys are in no portal
		return present.MaskedKeysNoteSandbox
	case env.Safety.MaskAPIKeys && operator:
		return present.MaskedKeysNoteOperator
	case env.Safety.MaskAPIKeys:
		return present.MaskedKeysNote
	}
	return ""
}

var getAPIKeys = register(define[appArgs, keysView](Tool{
	Name: "get_api_keys", Title: "Get API keys", Toolset: ToolsetAPIKeys,
	Operations: []*api.Operation{api.ListProjects, api.GetProjectAPIKeys},
	When:       listedUnlessByID,
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{}},
	Description: "Show an app's API keys (primary and secondary): the access keys clients query its SQL " +
		"endpoint with. Sensitive.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	keys, err := c.GetProjectAPIKeys(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	shown := env.shownKeys(*keys)
	return &Result{Text: present.APIKeysRead(target.label(), target.Endpoint, shown, env.maskedNote(ctx)),
		Structured: keysView{Warning: present.KeyWarning, Masked: env.maskedNote(ctx), ofApp: target.of(), APIKeys: shown, Usage: present.KeyUsePlain(target.Endpoint)}}, nil
}))

type regenerateArgs struct {
	App AppRef `json:"app"`
	// KeyNumber is a pointer so that a missing value is an error, not a silent 0 ("both").
	KeyNumber *KeyNumber `json:"key_number"`
	Confirm   ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *regenerateArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.KeyNumber == nil {
		fe.Check("key_number", present.ArgKeyNumberRequired)
	} else if rules.KeyNumber(int(*a.KeyNumber)) != "" {
		fe.Check("key_number", present.ArgKeyNumber(int64(*a.KeyNumber)))
	}
	return fe
}

var regenerateAPIKey = register(define[regenerateArgs, regeneratedView](Tool{
	Name: "regenerate_api_key", Title: "Regenerate API key", Toolset: ToolsetAPIKeys,
	Operations: []*api.Operation{api.ListProjects, api.RegenerateProjectAPIKey},
	MayCall:    roleOps, // the caller's role, before a person is asked (refuseByRole)
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app", "key_number": 2}, Invalid: map[string]any{"app": "analytics-app", "key_number": 3}},
	Description: "Replace (reset, issue new) an app's API keys at once, e.g. after a leak (exposed), " +
		"invalidating the old ones. For zero downtime use rotate_api_keys.",
	Destructive: true,
}, func(ctx context.Context, env *Env, c *client.Client, a regenerateArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	if r := env.confirm(ctx, confirmation{tool: "regenerate_api_key", args: a, targetID: fmt.Sprintf("app:%d", target.ID),
		target: target.Name, fold: true, typed: string(a.Confirm),
		action: present.RegenerateKeyAction(int(*a.KeyNumber), target.shown())}); r != nil {
		return r, nil
	}
	// Read before the taints below rewrite it: a lost step that may still land replaces a key later.
	held, now := env.rotations.get(target.ID), env.Poll.withDefaults().Now()
	// A rotate_api_keys step in flight for this app can no longer take its key changed as its own.
	env.rotations.regenerating(target.ID, int(*a.KeyNumber))
	keys, err := c.RegenerateProjectAPIKey(ctx, target.ID, int(*a.KeyNumber))
	if *a.KeyNumber != 1 && (err == nil || client.MayHaveApplied(err)) {
		// A start step of rotate_api_keys whose outcome is unknown can no longer be settled by a
		// changed secondary: this call may have changed it (key 2, or 0: both).
		env.rotations.taintUnsure(target.ID)
	}
	if *a.KeyNumber != 2 && (err == nil || client.MayHaveApplied(err)) {
		// A finish step of rotate_api_keys whose outcome is unknown can no longer be settled by a
		// changed primary: this call may have changed it (key 1, or 0: both).
		env.rotations.taintFinish(target.ID)
	}
	if err != nil {
		// Refused (a token revoked or stripped of its scope): which keys stand, and the call again.
		if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.Refused {
			again := append(appAgain(string(a.App), a.orgArg), present.Arg{Name: "key_number", Value: json.Number(strconv.Itoa(int(*a.KeyNumber)))}) // 0 (both) too
			return failedBy(present.RegenerateRefused(err, target.named(), int(*a.KeyNumber), again...), err), nil
		}
		return nil, err
	}
	var notes []string
	if held.mayStillLand(now) {
		notes = append(notes, present.RegenerateLostStepNote("start", held.started, held.started.Add(rotationLateWindow)))
	}
	if held.finishMayStillLand(now) {
		notes = append(notes, present.RegenerateLostStepNote("finish", held.finishAt, held.finishAt.Add(rotationLateWindow)))
	}
	note := strings.Join(notes, " ")
	keys.APIKeys = env.shownKeys(keys.APIKeys)
	text := present.APIKeys(target.named(), keys.APIKeys, &keys.RegeneratedKey, env.maskedNote(ctx), unusableTools(ctx, env, "get_api_keys"))
	if note != "" {
		text += "\n\n" + note
	}
	if *a.KeyNumber == client.KeySecondary { // the skill's rotation: clients to the new secondary, then the primary
		maskedSandbox := env.Safety.MaskAPIKeys && env.Sandbox // the note says no client uses these keys
		text += "\n\n" + present.RegeneratedSecondaryNext(maskedSandbox, appAgain(string(a.App), a.orgArg)...)
	}
	unavailable := unusableTools(ctx, env, "get_api_keys")
	return &Result{Text: text, Structured: regeneratedView{Warning: present.KeyWarning, Masked: env.maskedNote(ctx), ofApp: target.of(),
		RegeneratedAPIKeys: withoutKeptKey(*keys), Unchanged: present.KeptKey(keys.RegeneratedKey, unavailable), Note: note}}, nil
}))

// withoutKeptKey leaves out of a regeneration's structured content the key it did not replace,
// as the text does: clients have it, and a second copy of a credential is one more to leak.
func withoutKeptKey(keys client.RegeneratedAPIKeys) client.RegeneratedAPIKeys {
	switch keys.RegeneratedKey {
	case client.KeyPrimary:
		keys.APIKey2 = ""
	case client.KeySecondary:
		keys.APIKey = ""
	}
	return keys
}
