//go:build race

package present

// raceDetector: the race detector slows masking about tenfold, so timing and randomized tests
// use smaller inputs or fewer rounds under it.
const raceDetector = true
