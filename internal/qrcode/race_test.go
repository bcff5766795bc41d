//go:build race

package qrcode

// versionStep is the versions TestMatchesGoQRAllLevels steps by. Under the
// race detector (CI runs every package with -race) it checks every third
// version, 1 to 40: this package starts no goroutines, so the detector
// adds only time, about 35 s of a CI run. TestMatchesGoQR still checks
// both sides of every Medium capacity there, and `go test
// ./internal/qrcode` checks every version of every level.
const versionStep = 3
