package tools

import (
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// The tools' rules for the arguments prompts and completions share with them (app, org), for
// the prompts package to apply as they are, not a copy: "" when the value passes, else what is
// wrong. An empty value is the caller's "not given" there and is not checked here.

// AppRefRule is the rule of every tool's app argument (AppRef.check).
func AppRefRule(v string) string { return AppRef(v).check() }

// AppNameRule is the rule of a new app's name: the API's (rules.AppName), and no credential in
// it (keptArg), as create_and_deploy_app applies them.
func AppNameRule(v string) string {
	if msg := rules.AppName(v); msg != "" {
		return msg
	}
	return keptCredential(AppName(v), v)
}

// OrgNameRule is the rule of every tool's org argument (OrgName.check).
func OrgNameRule(v string) string { return OrgName(v).check() }

// AppRefTakes reports whether the tools take name, given as an app reference, for the app of
// that name and ID in apps (the organization's list as read): the rule passes (AppRefRule), and
// the reference rule (resolveApp, matchApp) picks that app — not one whose ID it reads ("id:101",
// or digits too short to be a name, read as an ID without the list: AppRef.onlyID), not two
// (digits another app has as its ID: ambiguous), not an earlier app of a name the API compares
// alike. A completion offers only such names: another would be shown for one app and act on another.
func AppRefTakes(apps []client.ProjectSummary, id int64, name string) bool {
	ref := AppRef(name)
	if ref.check() != "" {
		return false
	}
	if only, ok := ref.onlyID(); ok && only != id {
		return false
	}
	got, err := matchApp(apps, ref)
	return err == nil && got.ID == id
}
