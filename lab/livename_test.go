package lab

import (
	"regexp"
	"strings"
	"testing"
)

// TestIsLiveNameMatchesItsPattern checks isLiveName against the regular
// expression it replaced.
func TestIsLiveNameMatchesItsPattern(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)
	for _, s := range []string{
		"", "a", "z", "A", "0", "-", "ab-c", "a9", "a_b", "a b", "é", "a\n",
		"worker-1", "Worker", "x" + strings.Repeat("y", 31), "x" + strings.Repeat("y", 32), "a-", "a--b",
	} {
		if got, want := isLiveName(s), re.MatchString(s); got != want {
			t.Errorf("isLiveName(%q): got %v; want %v", s, got, want)
		}
	}
}
