//go:build !race

package present

const raceDetector = false
