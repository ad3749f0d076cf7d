package rules

import (
	"slices"
	"testing"
)

// TestSpicepodSecretRefs: references to app secrets are found in any string of the spicepod
// (several per string, spaces allowed), through the secrets store, the default env store and
// stores the stanza declares from env; other stores, invalid names and keys are not counted.
func TestSpicepodSecretRefs(t *testing.T) {
	pod, msg := ParseSpicepod(`version: v1
kind: Spicepod
name: refs
secrets:
  - from: env
    name: myenv
  - from: kubernetes:my-secret
    name: k8s
datasets:
  - from: postgres:orders
    name: orders
    params:
      pg_user: ${ myenv:PG_USER }
      pg_pass: ${secrets:PG_PASS}
      conn: postgres://${env:DB_USER}:${secrets:PG_PASS}@db/x
      from_k8s: ${k8s:K8S_ONLY}
      bad_name: ${secrets:1BAD}
      not_a_ref: $secrets:PLAIN
  - from: s3://bucket/${secrets:IN_FROM}/
    name: s3
models:
  - from: openai:gpt-4o
    name: gpt
    params:
      openai_api_key: ${secrets:OPENAI_API_KEY}
`)
	if msg != "" {
		t.Fatal(msg)
	}
	want := []string{"DB_USER", "IN_FROM", "OPENAI_API_KEY", "PG_PASS", "PG_USER"}
	if got := SpicepodSecretRefs(pod); !slices.Equal(got, want) {
		t.Errorf("refs = %v, want %v", got, want)
	}
	if got := SpicepodSecretRefs(map[string]any{"version": "v1"}); len(got) != 0 {
		t.Errorf("no references: %v", got)
	}
}

// TestSpicepodAppOnlySecretRefs: with a store other than env declared, ${secrets:KEY} may be
// found there, so it is not among the references only the app's secrets satisfy; env
// references stay (app secrets are the runtime's environment variables).
func TestSpicepodAppOnlySecretRefs(t *testing.T) {
	params := map[string]any{"pg_pass": "${secrets:DB_TOKEN}", "u": "${aws:DB_USER}", "k": "${ env:API_KEY }"}
	for _, tc := range []struct {
		stores []any
		want   []string
	}{
		{nil, []string{"API_KEY", "DB_TOKEN"}},
		{[]any{map[string]any{"from": "env", "name": "env"}}, []string{"API_KEY", "DB_TOKEN"}},
		{[]any{map[string]any{"from": "aws_secrets_manager", "name": "aws"}}, []string{"API_KEY"}},
		{[]any{map[string]any{"from": "env", "name": "env"}, map[string]any{"from": "kubernetes:my-secrets", "name": "k8s"}}, []string{"API_KEY"}},
	} {
		pod := map[string]any{"datasets": []any{map[string]any{"from": "postgres:t", "name": "t", "params": params}}}
		if tc.stores != nil {
			pod["secrets"] = tc.stores
		}
		if got := SpicepodAppOnlySecretRefs(pod); !slices.Equal(got, tc.want) {
			t.Errorf("stores %v: got %v, want %v", tc.stores, got, tc.want)
		}
		if got := SpicepodSecretRefs(pod); !slices.Equal(got, []string{"API_KEY", "DB_TOKEN"}) {
			t.Errorf("stores %v: may use %v", tc.stores, got)
		}
	}
}
