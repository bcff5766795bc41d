package ostep

import (
	"errors"
	"testing"
)

type testFlags struct {
	seed, n   int
	f         float64
	list      string
	c, p, v   bool
	remaining []string
}

func parseTestFlags(args ...string) (testFlags, error) {
	var tf testFlags
	fs := newFlagSet("t.py")
	fs.intVar(&tf.seed, "-s", "--seed", 0, "seed")
	fs.intVar(&tf.n, "-n", "--numQueues", 3, "queues")
	fs.floatVar(&tf.f, "-f", "--forks", 0.7, "fraction")
	fs.stringVar(&tf.list, "-l", "--jlist", "", "list")
	fs.boolVar(&tf.c, "-c", "", "solve")
	fs.boolVar(&tf.p, "-p", "--printstats", "stats")
	fs.boolVar(&tf.v, "-v", "--verbose", "verbose")
	return tf, fs.parse(args)
}

func TestFlagForms(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want testFlags
	}{
		{"separate value", []string{"-s", "5"}, testFlags{seed: 5, n: 3, f: 0.7}},
		{"attached value", []string{"-s5"}, testFlags{seed: 5, n: 3, f: 0.7}},
		{"long with =", []string{"--seed=5"}, testFlags{seed: 5, n: 3, f: 0.7}},
		{"long separate", []string{"--seed", "5"}, testFlags{seed: 5, n: 3, f: 0.7}},
		{"long prefix", []string{"--jl", "0,1,2", "--num=2"}, testFlags{n: 2, f: 0.7, list: "0,1,2"}},
		{"grouped booleans", []string{"-cp"}, testFlags{n: 3, f: 0.7, c: true, p: true}},
		{"group ending in a value", []string{"-cs7"}, testFlags{seed: 7, n: 3, f: 0.7, c: true}},
		{"group then separate value", []string{"-cps", "7"}, testFlags{seed: 7, n: 3, f: 0.7, c: true, p: true}},
		{"negative value", []string{"-s", "-1"}, testFlags{seed: -1, n: 3, f: 0.7}},
		{"value that looks like a flag", []string{"-l", "-c"}, testFlags{n: 3, f: 0.7, list: "-c"}},
		{"octal and hex like optparse", []string{"-s", "010", "-n", "0x1f"}, testFlags{seed: 8, n: 31, f: 0.7}},
		{"float", []string{"-f", "1"}, testFlags{n: 3, f: 1}},
		{"positional ignored", []string{"extra", "-c"}, testFlags{n: 3, f: 0.7, c: true}},
		{"double dash ends options", []string{"--", "-c"}, testFlags{n: 3, f: 0.7}},
		{"last wins", []string{"-s", "1", "-s", "2"}, testFlags{seed: 2, n: 3, f: 0.7}},
	}
	for _, tc := range tests {
		got, err := parseTestFlags(tc.args...)
		if err != nil {
			t.Errorf("%s %q: unexpected error %v", tc.name, tc.args, err)
			continue
		}
		got.remaining = nil
		if got.seed != tc.want.seed || got.n != tc.want.n || got.f != tc.want.f || got.list != tc.want.list ||
			got.c != tc.want.c || got.p != tc.want.p || got.v != tc.want.v {
			t.Errorf("%s %q: got %+v; want %+v", tc.name, tc.args, got, tc.want)
		}
	}
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-x"}, "t.py: error: no such option: -x"},
		{[]string{"-cx"}, "t.py: error: no such option: -x"},
		{[]string{"--seeds=1"}, "t.py: error: no such option: --seeds"},
		{[]string{"-s"}, "t.py: error: -s option requires 1 argument"},
		{[]string{"--seed"}, "t.py: error: --seed option requires 1 argument"},
		{[]string{"--se", "1.5"}, "t.py: error: option --seed: invalid integer value: '1.5'"},
		{[]string{"-s", "08"}, "t.py: error: option -s: invalid integer value: '08'"},
		{[]string{"-f", "0x1p-2"}, "t.py: error: option -f: invalid floating-point value: '0x1p-2'"},
		{[]string{"--verbose=yes"}, "t.py: error: --verbose option does not take a value"},
	}
	for _, tc := range tests {
		_, err := parseTestFlags(tc.args...)
		var ue *usageError
		if !errors.As(err, &ue) || err.Error() != tc.want {
			t.Errorf("%q: got error %v; want %q", tc.args, err, tc.want)
		}
	}
	if _, err := parseTestFlags("--he"); err == nil {
		t.Error(`"--he": got no error; want a help request`)
	} else if _, ok := err.(*helpRequest); !ok {
		t.Errorf(`"--he": got %v; want a help request`, err)
	}
}
