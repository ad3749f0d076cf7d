//go:build race

package client

// raceDetector: the race detector slows redaction about tenfold, so randomized tests take
// fewer cases under it.
const raceDetector = true
