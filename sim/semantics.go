package sim

// SemanticsVersion is a placeholder replaced by the links work.
const SemanticsVersion = 1

// Replays is a placeholder replaced by the links work.
func Replays(v int) bool { return v == SemanticsVersion }
