package tools

import "github.com/spice-cloud-mcp/spice-cloud-mcp/present"

// keptArg is implemented by argument types whose value Spice.ai keeps as sent and shows to
// others (a description, a branch, a commit message, a new app's name, a setting): one holding
// what looks like a credential is refused before any request (present.ArgCredential), never
// masked and sent, which would alter it, nor sent as it is, which would keep the credential where
// everyone who can see the app reads it. prose: free text, read with MaskAPIText's rules.
type keptArg interface{ keptProse() bool }

func (Ident) keptProse() bool                  { return false }
func (Setting) keptProse() bool                { return false }
func (Text) keptProse() bool                   { return true }
func (FreeText) keptProse() bool               { return true }
func (AppName) keptProse() bool                { return false }
func (ForkName) keptProse() bool               { return false }
func (Repository) keptProse() bool             { return false }
func (RootDirectory) keptProse() bool          { return false }
func (SchedulerStateLocation) keptProse() bool { return false }

// keptCredential is the refusal of a kept argument's value v holding a credential, "" else.
func keptCredential(k keptArg, v string) string {
	return present.ArgCredential(v, k.keptProse(), present.KeptWithApp)
}

// LocalName is set_secret's value_from_env or value_from_file: Ident's rule, but read on this
// machine and never sent, so not a kept argument.
type LocalName string

// jsonSchema is Ident's.
func (LocalName) jsonSchema() *schema { return Ident("").jsonSchema() }

// check is Ident's.
func (n LocalName) check() string { return Ident(n).shape() }
