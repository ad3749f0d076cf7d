package tools

// The tools' rules for the arguments prompts and completions share with them (app, org), for
// the prompts package to apply as they are, not a copy: "" when the value passes, else what is
// wrong. An empty value is the caller's "not given" there and is not checked here.

// AppRefRule is the rule of every tool's app argument (AppRef.check).
func AppRefRule(v string) string { return AppRef(v).check() }

// OrgNameRule is the rule of every tool's org argument (OrgName.check).
func OrgNameRule(v string) string { return OrgName(v).check() }
