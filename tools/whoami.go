package tools

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

type whoamiReport struct {
	Credentials  string            `json:"credentials"`
	Organization string            `json:"organization,omitempty"`
	Scopes       []string          `json:"scopes,omitempty"`
	API          string            `json:"api"`
	Sandbox      bool              `json:"sandbox"`
	ReadOnly     bool              `json:"read_only"`
	NoConfirm    bool              `json:"no_confirm"`
	MaskAPIKeys  bool              `json:"mask_api_keys"`
	Toolsets     []string          `json:"toolsets"`
	Hidden       map[string]string `json:"hidden_tools,omitempty"`
}

var whoami = register(define[noArgs, whoamiReport](Tool{
	Name: "whoami", Title: "Who am I", Toolset: ToolsetPlatform,
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"verbose": true}},
	Description: "Show the credentials in use (never the token), organization, scopes, safety mode and every hidden tool with the reason.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ noArgs) (*Result, error) {
	id := c.Identity(ctx)
	r := whoamiReport{
		Credentials: present.WhoamiCredentials(id.Kind, env.Sandbox), API: c.BaseURL(), Sandbox: env.Sandbox, ReadOnly: env.Policy.ReadOnly,
		NoConfirm: env.Safety.NoConfirm, MaskAPIKeys: env.Safety.MaskAPIKeys, Toolsets: env.Policy.Toolsets,
		Hidden: env.Hidden(ctx),
	}
	if len(r.Toolsets) == 0 {
		r.Toolsets = Toolsets
	}
	if id.Claims != nil {
		r.Organization, r.Scopes = id.Claims.Org, id.Claims.Scopes
	}
	var b strings.Builder
	fmt.Fprintf(&b, "- Credentials: %s", r.Credentials)
	if id.Err != nil {
		fmt.Fprintf(&b, " (could not obtain a token: %s)", present.Error(id.Err))
	}
	switch {
	case id.Claims != nil:
		fmt.Fprintf(&b, "\n- Organization: %s\n- Scopes: %s (read from the token; the API still decides)", orUnknown(r.Organization), orUnknown(strings.Join(r.Scopes, ", ")))
	case id.Kind != "none":
		b.WriteString("\n- Organization and scopes: not readable from this token; the API decides per call")
	}
	api := present.WhoamiAPI(r.API, r.Sandbox)
	fmt.Fprintf(&b, "\n- API: %s\n- Read-only: %s\n- Confirmation of destructive tools: %s\n- API keys in results: %s\n- Toolsets: %s",
		api, yesNo(r.ReadOnly), onOff(!r.NoConfirm, "required", "off (--no-confirm)"), onOff(r.MaskAPIKeys, "masked to the last 4 characters", "shown in full, with a warning"),
		strings.Join(r.Toolsets, ", "))
	if len(r.Hidden) == 0 {
		fmt.Fprintf(&b, "\n\nAll %d tools are available.", len(catalog))
	} else {
		rows := [][]string{}
		for _, name := range slices.Sorted(maps.Keys(r.Hidden)) {
			rows = append(rows, []string{name, r.Hidden[name]})
		}
		fmt.Fprintf(&b, "\n\n%d of %d tools are hidden:\n\n%s", len(rows), len(catalog), present.Table([]string{"Tool", "Why hidden"}, rows))
	}
	return &Result{Text: b.String(), Structured: r}, nil
}))

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func yesNo(b bool) string { return onOff(b, "yes", "no") }

func onOff(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
