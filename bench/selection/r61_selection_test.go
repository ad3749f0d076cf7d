package selection

import (
	"slices"
	"testing"
)

// TestR61SelectionFigures logs the figures of round 61's part, round 60's part, the corpus as
// round 59 left it and the whole corpus (no misses):
//
//	go test ./bench/selection -v -run TestR61SelectionFigures
func TestR61SelectionFigures(t *testing.T) {
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	parts := corpusParts(t, corpus)
	for _, p := range []struct {
		name     string
		requests []Request
	}{
		{"round 61's part", parts[61]},
		{"round 60's part", parts[60]},
		{"through round 59", corpusAsOf(t, corpus, 59)},
		{"whole corpus", corpus},
	} {
		rep, err := Evaluate(listed, p.requests)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-16s %4d requests, top-1 %.1f %% (%d), top-3 %.2f %% (%d), MRR %.3f", p.name, rep.Scored, rep.Rate(rep.Top1), rep.Top1, rep.Rate(rep.Top3), rep.Top3, rep.MRR)
	}
}

// TestR61SelectionCode: code is read by its words, as a model reads it (splitCode). Before round
// 61 the bench read "Get-SpiceRegion" as "get" and "spiceregion", a word no tool has:
// "Test-SpiceConnection", "Get-SpiceCluster" ranked check_health and list_clusters 39th
// (unreached), "Invoke-SpiceKeyRotation -App feature-store" rotate_api_keys 21st,
// "Get-SpiceOrgLimit" get_limits 8th, "Test-SpiceSecret -App orders-api -Name STRIPE_KEY"
// get_secret 2nd (fork_app first).
func TestR61SelectionCode(t *testing.T) {
	for text, want := range map[string][]string{
		"Get-SpiceRegion": {"get", "reg"},
		"Remove-SpiceSecret -Name STALE_KEY -WhatIf":    {"remov", "secret", "nam", "stal", "key", "whatif"},
		"client.APIKeys.Regenerate(ctx)":                {"client", "api", "key", "regener", "ctx"},
		"sc.Members.SetRoles(ctx, prevDeploymentID)":    {"sc", "member", "set", "rol", "ctx", "prev", "deploy", "id"},
		"Get-ChildItem | Where-Object Name":             {"get", "child", "item", "object", "nam"},
		"GitHub, OpenAI and CrashLoopBackOff in prose.": {"github", "openai", "crashloopbackoff", "pros"},
		"--dry-run -TimeoutSec 600 and the URLs, IDs.":  {"dry", "run", "timeoutsec", "600", "url", "ids"},
	} {
		if got := Terms(text); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", text, got, want)
		}
	}
	for word, want := range map[string]string{"APIKeys": "API Keys", "URLs": "URLs", "prevDeploymentID": "prev Deployment ID", "Http2Server": "Http2 Server"} {
		if got := splitCamel(word); got != want {
			t.Errorf("splitCamel(%q) = %q, want %q", word, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string]string{
		"Test-SpiceConnection":                              "check_health",
		"Get-SpiceCluster":                                  "list_clusters",
		"Invoke-SpiceKeyRotation -App feature-store":        "rotate_api_keys",
		"Get-SpiceOrgLimit":                                 "get_limits",
		"Test-SpiceSecret -App orders-api -Name STRIPE_KEY": "get_secret",
	} {
		if got := ix.Rank(query)[0].Name; got != want {
			t.Errorf("%q ranks %s first, want %s", query, got, want)
		}
	}
}
