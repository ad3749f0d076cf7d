//go:build race

package mcpserver_test

// raceDetector: the race detector slows request handling about tenfold, so load tests run fewer
// rounds under it.
const raceDetector = true
