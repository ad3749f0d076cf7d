package client

// R51DeterminismSleep is the client's own backoff wait, for a sleep hook (SetSleep) that
// watches it while it waits.
var R51DeterminismSleep = sleepContext
