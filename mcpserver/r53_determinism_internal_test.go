package mcpserver

import "time"

// r53DeterminismGuard only ends a test that went wrong (an answer that never came); nothing
// passes or fails by how long it took within it, so a loaded machine cannot fail it (as
// r52DeterminismGuard, for the tests inside the package).
const r53DeterminismGuard = 30 * time.Second
