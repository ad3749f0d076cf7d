package sandbox

import (
	"maps"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// resourceSpec reads a ResourceSpec (README §7.1 config.resources) checked by
// rules.ResourceSpec: the object, nil for null, and the first problem.
func resourceSpec(v any) (map[string]any, string) {
	if msg := rules.AsAPI.ResourceSpec(v); msg != "" {
		return nil, msg
	}
	spec, _ := v.(map[string]any)
	return spec, ""
}

// executorSpec reads an ExecutorSpec (README §7.1 config.executor): null, or an object with
// replicas (an integer, 0 or more), resources (a ResourceSpec) and storage_size_gb (a number,
// 0 or more); other keys are kept as sent. replicas is -1 when not sent. A value that is neither
// whole (or finite) nor 0 or more gets both messages, as zod 3 runs every check (-1e400).
func executorSpec(v any) (spec map[string]any, replicas int, resources map[string]any, msgs []string) {
	if v == nil {
		return nil, -1, nil, nil
	}
	spec, ok := v.(map[string]any)
	if !ok {
		return nil, -1, nil, []string{"Expected object, received " + rules.JSONKind(v)}
	}
	inner := &jsonBody{fields: spec, errs: rules.FieldErrors{}}
	replicas = -1
	var sentReplicas *int
	if n, ok := inner.integer("replicas", atLeast(0)); ok {
		replicas, sentReplicas = n, &n
	}
	var sentStorage *float64
	if n, ok := inner.number("storage_size_gb"); ok {
		sentStorage = &n
	}
	for _, key := range []string{"replicas", "storage_size_gb"} {
		for _, m := range inner.errs[key] { // not a number, or out of its bounds (every message)
			msgs = append(msgs, key+": "+m)
		}
		if len(msgs) > 0 {
			return nil, -1, nil, msgs
		}
	}
	if msg := rules.AsAPI.ExecutorSpec(sentReplicas, sentStorage, spec["resources"]); msg != "" {
		return nil, -1, nil, []string{msg}
	}
	// Stored as JSON.parse read them, so echoed as JSON.stringify writes them (1e-400 as 0).
	spec = maps.Clone(spec)
	if sentReplicas != nil {
		spec["replicas"] = *sentReplicas
	}
	if sentStorage != nil {
		spec["storage_size_gb"] = *sentStorage
	}
	resources, _ = resourceSpec(spec["resources"])
	return spec, replicas, resources, nil
}
