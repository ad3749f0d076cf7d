package rules

import (
	"regexp"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// Repository connection (connectProjectRepository). openapi.json states the rules in words —
// repository is "`name` or `owner/name`", root_directory has "no `..`" — and the API answers
// 400 invalid_repository / invalid_root_directory otherwise. The patterns spell them with
// GitHub's own limits: an owner is 1-39 letters, digits or hyphens, a repository name 1-100
// letters, digits, '.', '_' or '-'; a directory is a relative path of at most 255 such
// characters and '/', never starting with '/'. The client checks them before sending, the
// emulator answers with them, and connect_repository's schema carries the patterns.
const (
	RepositoryPattern    = `^(?:[A-Za-z0-9-]{1,39}/)?[A-Za-z0-9._-]{1,100}$`
	RootDirectoryPattern = `^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,254}$`
)

// The API's messages for the two codes.
const (
	RepositoryMessage    = "repository must be 'name' or 'owner/name'"
	RootDirectoryMessage = "root_directory must be a relative path inside the repository, without '..'"
)

func repositoryRE() *regexp.Regexp    { return api.Regexp(RepositoryPattern) }
func rootDirectoryRE() *regexp.Regexp { return api.Regexp(RootDirectoryPattern) }

// Repository checks a repository to connect: name or owner/name.
func Repository(repo string) string {
	switch {
	case repo == "":
		return "Required"
	case !repositoryRE().MatchString(repo):
		return RepositoryMessage
	}
	return ""
}

// RootDirectory checks the directory holding spicepod.yaml: relative, inside the repository
// (no "..", no leading "/").
func RootDirectory(dir string) string {
	if !rootDirectoryRE().MatchString(dir) || strings.Contains(dir, "..") {
		return RootDirectoryMessage
	}
	return ""
}

// BranchBlank is the message for a production_branch that names no branch.
const BranchBlank = "Must name a branch: leave production_branch out rather than send it blank"

// ProductionBranch checks a production_branch that is sent (connect or update): it must name a
// branch. openapi.json gives it no rule beyond string, but Git has no branch named "" (nor
// one of spaces only: ref names hold no spaces), and the spec's default (the repository's
// default branch) applies only when the field is left out. Sending "" is refused rather than
// read as that default or stored as a branch no deployment could read.
func ProductionBranch(branch string) string {
	if strings.TrimSpace(branch) == "" {
		return BranchBlank
	}
	return ""
}
