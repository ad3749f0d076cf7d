package rules

import (
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
)

// secretRefPattern is a secret reference inside a spicepod string: ${ STORE:KEY }, with
// optional spaces, anywhere in the string (a connection string can hold several).
var secretRefPattern = lazyregexp.New(`\$\{\s*([A-Za-z0-9_.-]+)\s*:\s*([^}\s]+)\s*\}`)

// SpicepodSecretRefs lists, sorted and without repeats, the app secrets a spicepod refers to.
//
// Spice.ai Cloud passes an app's secrets to its runtime as environment secrets. A spicepod
// reads them through secret stores: ${secrets:KEY} searches every store, the env store is
// loaded by default (${env:KEY}), and its `secrets:` stanza may declare more stores; those
// declared `from: env` read the same environment under their own name (${NAME:KEY}). So a
// reference counts when its store is "secrets", "env", or the name of a stanza entry whose
// `from` is env; KEY must be a valid secret name. Other stores (kubernetes, aws_secrets_manager,
// keyring…) hold their values elsewhere and are not counted.
func SpicepodSecretRefs(pod map[string]any) []string { return secretRefs(pod, true) }

// secretRefs is SpicepodSecretRefs, ${secrets:KEY} references counted only when search.
func secretRefs(pod map[string]any, search bool) []string {
	stores := map[string]bool{"secrets": search, "env": true}
	if list, ok := pod["secrets"].([]any); ok {
		for _, entry := range list {
			m, ok := entry.(map[string]any)
			if !ok {
				continue
			}
			from, _ := m["from"].(string)
			name, _ := m["name"].(string)
			if strings.EqualFold(strings.TrimSpace(from), "env") && strings.TrimSpace(name) != "" {
				stores[strings.TrimSpace(name)] = true
			}
		}
	}
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, item := range t {
				walk(item)
			}
		case []any:
			for _, item := range t {
				walk(item)
			}
		case string:
			for _, m := range secretRefPattern.FindAllStringSubmatch(t, -1) {
				if stores[m[1]] && secretNameRE().MatchString(m[2]) {
					refs = append(refs, m[2])
				}
			}
		}
	}
	walk(pod)
	slices.Sort(refs)
	return slices.Compact(refs)
}

// SpicepodAppOnlySecretRefs is SpicepodSecretRefs without the references another store may
// satisfy: when the spicepod declares a store whose `from` is not env (kubernetes,
// aws_secrets_manager, keyring…), ${secrets:KEY} searches it too, so KEY need not be an app
// secret. ${env:KEY} and a `from: env` store's references stay: app secrets reach the runtime as
// its environment variables (docs.spice.ai: "passed to the Spice Runtime instance as environment
// secrets"). create_deployment warns of these when unset (unsetSecretRefs); the superset
// (SpicepodSecretRefs) is what may use a secret.
func SpicepodAppOnlySecretRefs(pod map[string]any) []string {
	return secretRefs(pod, !otherStore(pod))
}

// otherStore reports whether the spicepod's `secrets:` stanza declares a store whose `from` is
// not env.
func otherStore(pod map[string]any) bool {
	list, _ := pod["secrets"].([]any)
	for _, entry := range list {
		m, ok := entry.(map[string]any)
		if !ok {
			continue
		}
		if from, _ := m["from"].(string); !strings.EqualFold(strings.TrimSpace(from), "env") {
			return true
		}
	}
	return false
}
