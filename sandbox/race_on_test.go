//go:build race

package sandbox

// raceDetector: the race detector allocates on its own, so allocation counts are held without it.
const raceDetector = true
