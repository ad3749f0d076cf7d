//go:build race

package client_test

// raceDetector: the race detector slows redaction about tenfold, so tests of long texts take
// shorter ones under it (the package client's tests have their own).
const raceDetector = true
