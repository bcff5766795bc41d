package server

import (
	"strings"
	"testing"

	"proclab/assets"
)

// TestSlowClientIsDropped checks that a full outgoing queue disconnects the
// client instead of blocking the session.
func TestSlowClientIsDropped(t *testing.T) {
	lessons, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan []byte, 2)
	dropped := 0
	s := &session{srv: &Server{lessons: lessons, limits: DefaultLimits}, out: out, drop: func() { dropped++ }}
	if err := s.handle([]byte(`{"v":1,"type":"load","lesson":"lifecycle"}`)); err != nil {
		t.Fatal(err)
	}
	if dropped != 0 || len(out) != 2 {
		t.Fatalf("after load: %d queued, %d drops; want 2 queued, 0 drops", len(out), dropped)
	}
	for range 3 {
		if err := s.handle([]byte(`{"v":1,"type":"step"}`)); err != nil {
			t.Fatal(err)
		}
	}
	if dropped != 3 {
		t.Errorf("%d drops; want 3 (every message that found the queue full)", dropped)
	}
	if s.src.Step() != 3 {
		t.Errorf("the session stopped at step %d; want 3: a slow client must not stall it", s.src.Step())
	}
}

func TestDecodeCommandLimits(t *testing.T) {
	choices := "[" + strings.Repeat("2,", MaxChoices) + "2]"
	for _, tc := range []struct{ raw, code string }{
		{`{"v":1,"type":"load","lesson":"x","choices":` + choices + `}`, "too_large"},
		{`{"v":1,"type":"load","lesson":"x","scenario":"process a"}`, "bad_field"},
		{`{"v":1,"type":"load","lesson":"x","step":-1}`, "bad_field"},
		{`{"v":1,"type":"play","speed":0}`, "bad_field"},
		{`{"v":1,"type":"play","speed":"fast"}`, "bad_json"},
		{`{"v":1}`, "unknown_type"},
		{`null`, "bad_version"},
	} {
		_, err := decodeCommand([]byte(tc.raw))
		if err == nil || asProtoError(err).Code != tc.code {
			t.Errorf("%.60s: got %v; want code %s", tc.raw, err, tc.code)
		}
	}
	if _, err := decodeCommand([]byte(`{"v":1,"type":"play","speed":3.5}`)); err != nil {
		t.Errorf("a good play command was refused: %v", err)
	}
}

// FuzzSessionCommands feeds arbitrary client messages to a session that
// has a lesson loaded: none may panic, and the session stays usable.
func FuzzSessionCommands(f *testing.F) {
	lessons, err := LoadLessons(assets.Files)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		`{"v":1,"type":"seek","step":3}`, `{"v":1,"type":"choose","pid":2}`, `{"v":1,"type":"explore"}`,
		`{"v":1,"type":"load","scenario":"var x\nthread a\n  x = x + 1\n","manual":true}`,
		`{"v":1,"type":"load","ostep":"process-run -l 3:50"}`, `{"v":1,"type":"play","speed":5}`, `{"v":1,"type":"back"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		out := make(chan []byte, 1<<16)
		s := &session{srv: &Server{lessons: lessons, limits: DefaultLimits}, out: out, drop: func() {}}
		defer s.stopTicker()
		if err := s.handle([]byte(`{"v":1,"type":"load","lesson":"lost-update"}`)); err != nil {
			t.Fatal(err)
		}
		_ = s.handle([]byte(msg))
		if err := s.handle([]byte(`{"v":1,"type":"seek","step":1}`)); err != nil {
			t.Fatalf("after %q the session is broken: %v", msg, err)
		}
	})
}
