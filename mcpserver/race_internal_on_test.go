//go:build race

package mcpserver

// raceDetector: the race detector slows parsing and writing about tenfold, so the internal tests
// that repeat a large input run fewer rounds or smaller inputs under it (as the package's
// external tests do, race_on_test.go).
const raceDetector = true
