package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunPrintsTrace(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.txt")
	os.WriteFile(file, []byte("process a\n  fork b\n  wait\nprogram b\n  exit 4\n"), 0o644)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"run", file}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "reaped           P3 by P2 code 4") {
		t.Errorf("trace lacks the reap:\n%s", out.String())
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("process a\n  comptue 1\n"), 0o644)
	tests := []struct {
		args  []string
		usage bool
		msg   string
	}{
		{[]string{"run"}, true, "usage"},
		{[]string{"run", bad}, false, "line 2, column 3"},
		{[]string{"run", filepath.Join(dir, "missing")}, false, "no such file"},
		{[]string{"frobnicate"}, true, "unknown command"},
		{[]string{"--addr"}, true, "flag needs an argument"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tt.args, &out, &errOut)
		var ue usageError
		if err == nil || errors.As(err, &ue) != tt.usage || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%v: got %v (usage %v); want an error containing %q (usage %v)", tt.args, err, errors.As(err, &ue), tt.msg, tt.usage)
		}
	}
}
