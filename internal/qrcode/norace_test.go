//go:build !race

package qrcode

// versionStep is the versions TestMatchesGoQRAllLevels steps by: every
// one (race_test.go has the step under the race detector).
const versionStep = 1
