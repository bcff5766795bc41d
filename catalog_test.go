package main

import (
	"os"
	"strings"
	"testing"

	"proclab/sim"
)

// TestParseErrorsHaveTemplates checks that the page can say every parse
// error the engine makes in both languages: each of sim.ParseErrorCodes has a
// template in web/js/i18n-parse.js, in the English catalog and in the
// Chinese one. (The Node tests check what the templates say.)
func TestParseErrorsHaveTemplates(t *testing.T) {
	src, err := os.ReadFile("web/js/i18n-parse.js")
	if err != nil {
		t.Fatal(err)
	}
	en, zh, ok := strings.Cut(string(src), "export const parseZh")
	if !ok {
		t.Fatal("web/js/i18n-parse.js has no parseZh catalog")
	}
	for _, code := range sim.ParseErrorCodes() {
		key := "'perr." + code + "':"
		if !strings.Contains(en, key) {
			t.Errorf("parse error %q has no English template (%s in parseEn)", code, key)
		}
		if !strings.Contains(zh, key) {
			t.Errorf("parse error %q has no Chinese template (%s in parseZh)", code, key)
		}
	}
}
