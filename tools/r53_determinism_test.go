package tools

import "time"

// r53DeterminismGuard only ends a test that went wrong (a context that never ended); nothing
// passes or fails by how long it took within it, so a loaded machine cannot fail it.
const r53DeterminismGuard = 30 * time.Second
