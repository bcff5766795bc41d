//go:build race

package live

// raceEnabled says whether the binary was built with -race. The race
// runtime reserves terabytes of shadow memory, so RLIMIT_DATA is not set.
const raceEnabled = true
