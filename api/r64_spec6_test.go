package api

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// r64Spec6Held names, for each row of api/README §10 (the choices we made where Spice's sources
// disagree or are silent: our Assumed facts), the tests that hold it over real HTTP or on the
// client side. A row no test can hold says why in r64Spec6NothingToHold instead.
var r64Spec6Held = map[string][]string{
	"Canonical routes":                                         {"TestR63Spec5AliasesAnswerAlike", "TestR48SpecauditAliasesAgree"},
	"`/v1/apps` schemas on a current server":                   {"TestR63Spec5AliasesAnswerAlike", "TestR60Spec2NullsFollowTheSchema"},
	"Paging on `/v1/projects`":                                 {"TestR62Spec4ProjectListsAndObjectsAsChosen"},
	"Empty `X-Org-Name`":                                       {"TestOrgHeader", "TestR40RepeatedBlankOrgHeaderIsEmpty", "TestR75Spec18BlankOrgHeaderAsTheSpecShowsIt"},
	"Unknown organization in `X-Org-Name`":                     {"TestR63Spec5OrganizationFacts", "TestOrgHeader"},
	"Check order":                                              {"TestR63Spec5CheckOrderPerOperation", "TestR48SpecauditCheckOrder"},
	"Error texts for coded errors":                             {"TestEveryCodeHasARemedy"},
	"404 text on project routes":                               {"TestProjectsAreApps", "TestR63Spec5AliasesAnswerAlike"},
	"Non-numeric `projectId` text":                             {"TestProjectsAreApps", "TestR62Spec4PathIDsOneSpelling"},
	"`created` deployment status":                              {"TestR62Spec4ProjectListsAndObjectsAsChosen"},
	"Request `update_channel` values":                          {"TestR48SpecauditChannels"},
	"Create-deployment `channel`":                              {"TestR48SpecauditChannels"},
	"Member roles":                                             {"TestR48SpecauditMemberRoles", "TestR63Spec5RoleFacts", "TestR68Spec10MemberRulesByRole"},
	"An admin changing or removing the owner":                  {"TestR68Spec10MemberRulesByRole", "TestR68Spec10MemberToolsAgreeWithTheAPI"},
	"`default_alerts` on create":                               {"TestProjectsAreApps"},
	"Cluster `endpoint`":                                       {"TestR48SpecauditPlacementMessages", "TestProjectPlacementOnClusters"},
	"Private (VPC peering) Flight endpoint":                    {"TestR73Spec16NoPrivateFlightEndpoint"},
	"Message for passing an infra cluster name":                {"TestInfraClusterNameIsNotADeploymentTarget"},
	"`version` range syntax":                                   {"TestUnpinnedDeploymentsResolveVersionAndChannel"},
	"Images of `preview`, `nightly`, `internal` channels":      {"TestUnpinnedDeploymentsResolveVersionAndChannel"},
	"Spicepod YAML reading":                                    {"TestSpicepodKeepsYAML12Values"},
	"Route spelling (`/v1/projects/101/`, `/V1/Projects/101`)": {"TestR61Spec3RoutesAsExpressReadsThem"},
	"`/v1/apps` spelling of the projects-era routes":           {"TestR74Spec17ProjectsEraRoutesHaveNoAppsSpelling"},
	"`HEAD`":                               {"TestHeadIsGetWithoutBody"},
	"Query parameter sent empty (`tail=`)": {"TestEmptyQueryValuesAreRefused"},
	"Query parameter sent more than once (`status=failed&status=queued`)": {"TestR62Spec4QueryAsExpressReadsIt"},
	"Numbers in query parameters (`limit`, `offset`, `tail`)":             {"TestR60Spec2QueryNumbersAsNumberReadsThem", "TestR60Spec2ClientSendsNoOddForms"},
	"Numbers a double cannot hold, in bodies (`{\"replicas\": 1e400}`)":   {"TestR61Spec3NumbersBeyondDoubles", "TestR62Spec4ZodRunsEveryNumberCheck"},
	"Spicepod numbers": {"TestR62Spec4SpicepodNumbersAsStored", "TestR63Spec5YAMLFloatsKeptOrRefused"},
	"Numbers in path IDs (`{projectId}`, `{appId}`, `{deploymentId}`, `{memberId}`)": {"TestR62Spec4PathIDsOneSpelling"},
	"`org` on project objects":                                        {"TestR62Spec4ProjectListsAndObjectsAsChosen"},
	"`version` in responses":                                          {"TestImageTagGateAndLimits"},
	"`api_key` on project objects":                                    {"TestR61Spec3ListsHoldIdenticalItems"},
	"Fork list body":                                                  {"TestForksAndRepository"},
	"Instance list body":                                              {"TestR63Spec5InstancesAndLogsFacts"},
	"Instance log line type":                                          {"TestR63Spec5InstancesAndLogsFacts"},
	"Pause route and status":                                          {"TestR63Spec5PauseResumeFacts"},
	"Resume / connect status codes":                                   {"TestR63Spec5PauseResumeFacts", "TestForksAndRepository"},
	"`image_tag` gate on create deployment":                           {"TestImageTagGateAndLimits"},
	"Scope of `/v1/limits`, metrics":                                  {"TestR62Spec4AssumedScopesPinned"},
	"Scope of deployment logs / rollback":                             {"TestR62Spec4AssumedScopesPinned"},
	"Empty secret `value`":                                            {"TestR69Spec11EmptySecretValue"},
	"Secret `value` holding U+0000":                                   {"TestR71MineSecretValueWithNULRefused"},
	"Delete semantics for projects":                                   {"TestDeleteAndReactivateApp"},
	"Storage sizes below 0":                                           {"TestR48SpecauditStorageSizeNotNegative"},
	"Replicas above the plan":                                         {"TestImageTagGateAndLimits", "TestRollbackChecksThePlan"},
	"Deployment stopped by pause or delete":                           {"TestR63Spec5PauseResumeFacts", "TestR71Spec13StoppedMessageNamesItsCause", "TestR72Spec14StopMessageSaysItsGeneration", "TestR72Spec14StoppedByEitherGenerationsDelete"},
	"Polling interval":                                                {"TestR72Spec14PollsFiveThenEveryTen", "TestR72Spec14UserPollSettingsKept"},
	"How long a deployment stays in each state":                       {"TestDeploymentLifecycle", "TestR70Spec12DeploymentStatesOverTime"},
	"Standalone project fields":                                       {"TestProjectsAreApps"},
	"Granting the `owner` role":                                       {"TestOwnersGrantTheOwnerRole", "TestR74Spec17SecondOwnerAsTheTextsSayIt"},
	"`region` on update":                                              {"TestRegionUpdateMovesWithTheNextDeployment", "TestPlacementFieldsAreTyped"},
	"Query parameter the operation does not define":                   {"TestR62Spec4QueryAsExpressReadsIt"},
	"Odd request bodies":                                              {"TestR60Spec2RequestBodies"},
	"A field that another field overrides (`cname` next to `region`)": {"TestPlacementFieldsAreTyped"},
	"`shared_state` items":                                            {"TestR64Spec6SharedStateItems"},
	"Runtime tag spelling":                                            {"TestR64Spec6RuntimeTagSpelling"},
	"`{instanceName}` rule":                                           {"TestPathAndRootDirectoryRulesAreNamed", "TestR50NewcomerInstanceNameAtMost1024"},
	"`{secretName}` rule":                                             {"TestPathValuesAreConfined"},
	"`X-Org-Name` in the operation table":                             {"TestOrgHeader"},
	"Rate limits":                                                     {"TestRateLimit", "TestRateLimitOffByDefault", "TestRetryAfterForms", "TestR50NewcomerRateLimitResetIsWaitedFor", "TestR71Spec13RateLimitRefusesFirstAndChangesNothing"},
}

// r64Spec6NothingToHold: §10 rows that choose nothing the client or emulator does, with why.
var r64Spec6NothingToHold = map[string]string{
	"Monitor update":         "monitors are not specified in openapi.json (§8): neither client nor emulator serves them",
	"Management MCP sign-in": "Spice's own MCP server, out of scope for this REST reference",
}

// r64Spec6Rows is the first column of each row of api/README §10's table.
func r64Spec6Rows(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## 10. ")
	if !ok {
		t.Fatal("api/README.md has no section 10")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var rows []string
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) < 3 || strings.HasPrefix(line, "|---") || line == "| Question | Sources say | Choice |" {
			continue
		}
		rows = append(rows, strings.TrimPrefix(cells[0], "| "))
	}
	if len(rows) < 50 {
		t.Fatalf("read %d rows of §10, want its whole table", len(rows))
	}
	return rows
}

// r64Spec6TestFuncs is every Test function of the module's test files.
func r64Spec6TestFuncs(t *testing.T) map[string]bool {
	t.Helper()
	funcs := map[string]bool{}
	re := regexp.MustCompile(`(?m)^func (Test\w+)\(t \*testing\.T\)`)
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			funcs[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return funcs
}

// TestR64Spec6EveryAssumedRowIsHeld: every row of api/README §10 names the tests that hold it
// (or why none can), each of them exists, and no entry names a row §10 no longer has.
func TestR64Spec6EveryAssumedRowIsHeld(t *testing.T) {
	rows := r64Spec6Rows(t)
	funcs := r64Spec6TestFuncs(t)
	for _, row := range rows {
		tests, held := r64Spec6Held[row]
		_, exempt := r64Spec6NothingToHold[row]
		switch {
		case held && exempt:
			t.Errorf("§10 row %q is both held and exempt", row)
		case !held && !exempt:
			t.Errorf("§10 row %q names no test that holds it: add one to r64Spec6Held", row)
		}
		for _, name := range tests {
			if !funcs[name] {
				t.Errorf("§10 row %q: no test function %s", row, name)
			}
		}
	}
	for row := range r64Spec6Held {
		if !slices.Contains(rows, row) {
			t.Errorf("r64Spec6Held names %q, which §10 no longer has", row)
		}
	}
	for row := range r64Spec6NothingToHold {
		if !slices.Contains(rows, row) {
			t.Errorf("r64Spec6NothingToHold names %q, which §10 no longer has", row)
		}
	}
}
