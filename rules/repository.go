package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// Repository connection (connectProjectRepository). openapi.json states the rules in words —
// repository is "`name` or `owner/name`", root_directory has "no `..`" — and the API answers
// 400 invalid_repository / invalid_root_directory otherwise. The patterns spell them with
// GitHub's own limits: an owner is 1-39 letters, digits or hyphens, a repository name 1-100
// letters, digits, '.', '_' or '-'; a directory is a relative path of at most 255 such
// characters and '/', never starting with '/'. GitHub also refuses the names "." and "..",
// which Repository checks apart (RE2 has no lookahead to put it in the pattern). The client
// checks them before sending, the emulator answers with them, and connect_repository's schema
// carries the patterns.
const (
	RepositoryPattern    = `^(?:[A-Za-z0-9-]{1,39}/)?[A-Za-z0-9._-]{1,100}$`
	RootDirectoryPattern = `^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,254}$`
)

// The API's messages for the two codes.
const (
	RepositoryMessage    = "repository must be 'name' or 'owner/name'"
	RootDirectoryMessage = "root_directory must be a relative path inside the repository, without '..'"
	// RootDirectoryBlank and RootDirectoryCharacters name the other rules a root_directory can
	// break: "" names no directory (openapi.json: "omit for the root"), and the pattern's
	// characters and length.
	RootDirectoryBlank      = "root_directory must not be empty: " + RootDirectoryBlankFix
	RootDirectoryCharacters = "root_directory may hold only letters, digits, '.', '_', '-' and '/', at most 255 characters"
)

// RepositoryDots, also invalid_repository: "." and ".." fit the pattern, but GitHub names no
// repository so, and in a URL built from one they are dot-segments (…/repos/acme/.. is
// …/repos). The wording is ours (api/README.md §7.3, Assumed).
const RepositoryDots = "repository name must not be '.' or '..'"

func repositoryRE() *regexp.Regexp    { return api.Regexp(RepositoryPattern) }
func rootDirectoryRE() *regexp.Regexp { return api.Regexp(RootDirectoryPattern) }

// Repository checks a repository to connect: name or owner/name, the name not "." or "..".
func Repository(repo string) string {
	switch {
	case repo == "":
		return "Required"
	case !repositoryRE().MatchString(repo):
		return RepositoryMessage
	}
	if name := repo[strings.LastIndexByte(repo, '/')+1:]; name == "." || name == ".." { // after the owner, if any
		return RepositoryDots
	}
	return ""
}

// RootDirectory checks the directory holding spicepod.yaml: relative, inside the repository
// (no "..", no leading "/").
func RootDirectory(dir string) string {
	switch {
	case dir == "":
		return RootDirectoryBlank
	case strings.HasPrefix(dir, "/") || strings.Contains(dir, ".."):
		return RootDirectoryMessage
	case !rootDirectoryRE().MatchString(dir):
		return RootDirectoryCharacters
	}
	return ""
}

// BranchBlank is the message for a production_branch that names no branch.
const BranchBlank = "must name a branch: " + BranchBlankFix

// ProductionBranch checks a production_branch that is sent (connect or update): it must name a
// branch. openapi.json gives it no rule beyond string; the rule is Git's for ref names
// (git check-ref-format), which no branch breaks, so a name that breaks it names no branch any
// deployment could read (Assumed, api/README.md §7.3). Sending "" or spaces is refused rather
// than read as the default (the repository's default branch applies only when the field is
// left out).
func ProductionBranch(branch string) string {
	// Only ASCII whitespace counts as blank (Git refuses it anyway); a Unicode space such as
	// NBSP is a name Git accepts.
	if strings.Trim(branch, " \t\n\v\f\r") == "" {
		return BranchBlank
	}
	if why := refNameProblem(branch); why != "" {
		return BranchNamePrefix + why
	}
	return ""
}

// BranchNamePrefix begins the message for a production_branch that Git's ref-name rules refuse.
const BranchNamePrefix = "must be a Git branch name: "

// refNameProblem says which of Git's ref-name rules (git check-ref-format, and git branch's
// own: not "-" first, not HEAD) name breaks, or "".
func refNameProblem(name string) string {
	if i := strings.IndexFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f }); i >= 0 {
		return "no spaces or control characters"
	}
	if i := strings.IndexAny(name, "~^:?*[\\"); i >= 0 {
		return fmt.Sprintf("no %q (Git does not allow any of ~ ^ : ? * [ \\ in a branch name)", name[i:i+1])
	}
	switch {
	case strings.Contains(name, ".."):
		return `no ".."`
	case strings.Contains(name, "@{"):
		return `no "@{"`
	case name == "HEAD": // "@" alone is a name git branch creates
		return fmt.Sprintf("%q is not a branch name", name)
	case strings.HasPrefix(name, "-"):
		return `not starting with "-"`
	case strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/") || strings.Contains(name, "//"):
		return `not starting or ending with "/", and no "//"`
	case strings.HasSuffix(name, "."):
		return `not ending with "."`
	}
	for part := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(part, ".") {
			return `no part (between "/") starting with "."`
		}
		if strings.HasSuffix(part, ".lock") {
			return `no part (between "/") ending with ".lock"`
		}
	}
	return ""
}
