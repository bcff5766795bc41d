package server

import (
	"encoding/json"
	"maps"
	"reflect"
	"testing"
)

// applyPatch is the client's side of a patch (docs/protocol.md), written
// apart from the encoder: the whole task held, with the patch's fields
// over it and its unset fields taken out.
func applyPatch(t *testing.T, held map[string]any, patch []byte) map[string]any {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(patch, &p); err != nil {
		t.Fatalf("the patch %s is no JSON object: %v", patch, err)
	}
	out := maps.Clone(held)
	maps.Copy(out, p)
	delete(out, "unset")
	if u, ok := p["unset"].([]any); ok {
		for _, k := range u {
			delete(out, k.(string))
		}
	}
	return out
}

// asMap is what a client holds for w: its JSON as an object.
func asMap(t *testing.T, w *wireTask) map[string]any {
	t.Helper()
	data, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return m
}

// TestTaskPatchSeesEveryField changes each field of a task in turn, each
// way (an empty field made full, a full one made empty or changed), and
// checks that the patch turns what the client holds into the new task's
// JSON, and that it carries the pid and the changed field alone.
func TestTaskPatchSeesEveryField(t *testing.T) {
	code := 3
	full := wireTask{PID: 2, PPID: 1, TGID: 2, NLWP: 1, Name: "w", Program: 1, State: "running", CPU: 1, Line: 3, Mode: "user",
		ExitCode: &code, Signal: "SIGKILL", PGID: 2, SID: 2, UserTicks: 5, KernelTicks: 1, VCSW: 2, NVCSW: 1, Created: 4,
		Pending: []string{"SIGCHLD"}, PC: 7, Locals: []int64{1, 2}, WaitObj: 3, InCS: true, Wchan: "pipe_read"}
	empty := wireTask{PID: 2}
	typ := reflect.TypeOf(full)
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		if name == "PID" {
			continue
		}
		for _, from := range []wireTask{full, empty} {
			to := from
			f := reflect.ValueOf(&to).Elem().Field(i)
			switch f.Kind() {
			case reflect.Int, reflect.Int32, reflect.Int64:
				f.SetInt(f.Int() + 1)
			case reflect.String:
				if f.String() == "" {
					f.SetString("x")
				} else {
					f.SetString("")
				}
			case reflect.Bool:
				f.SetBool(!f.Bool())
			case reflect.Slice:
				if f.Len() == 0 {
					f.Set(reflect.Append(reflect.MakeSlice(f.Type(), 0, 1), reflect.Zero(f.Type().Elem())))
				} else {
					f.Set(reflect.Zero(f.Type()))
				}
			case reflect.Pointer:
				if f.IsNil() {
					f.Set(reflect.ValueOf(&code))
				} else {
					f.Set(reflect.Zero(f.Type()))
				}
			default:
				t.Fatalf("field %s has kind %s: teach this test and appendTaskPatchJSON about it", name, f.Kind())
			}
			patch := appendTaskPatchJSON(nil, &from, &to)
			if got, want := applyPatch(t, asMap(t, &from), patch), asMap(t, &to); !reflect.DeepEqual(got, want) {
				t.Errorf("%s changed: the patch %s makes %v; want %v", name, patch, got, want)
			}
			var p map[string]any
			_ = json.Unmarshal(patch, &p)
			if len(p) != 2 {
				t.Errorf("%s changed: the patch %s carries %d fields; want the pid and one", name, patch, len(p))
			}
		}
	}
	if got := string(appendTaskPatchJSON(nil, &full, &full)); got != `{"pid":2}` {
		t.Errorf("an unchanged task's patch is %s; want its pid alone", got)
	}
}

// TestPatchedFrameIsSmaller: a played step's events message with patches
// carries the same tables (TestPlayedDeltasMatchTheRecording folds them)
// in fewer bytes than with whole tasks.
func TestPatchedFrameIsSmaller(t *testing.T) {
	held := []wireTask{
		{PID: 1, Name: "init", State: "sleeping", CPU: -1, Mode: "user", Pending: []string{}, WaitObj: -1},
		{PID: 2, Name: "worker", State: "running", CPU: 0, Mode: "user", UserTicks: 10, Pending: []string{}, WaitObj: -1},
		{PID: 3, Name: "worker", State: "runnable", CPU: -1, Mode: "user", UserTicks: 9, Pending: []string{}, WaitObj: -1},
	}
	next := []wireTask{held[0], held[1], held[2]}
	next[1].State, next[1].CPU, next[1].NVCSW = "runnable", -1, 1
	next[2].State, next[2].CPU, next[2].UserTicks = "running", 0, 10
	var d taskDelta
	d.hold(held)
	changed, was, gone, ok := d.encodePatches(next)
	if !ok || len(changed) != 2 || len(gone) != 0 || was[0] != &held[1] || was[1] != &held[2] {
		t.Fatalf("encodePatches: %d changed, was %v, gone %v, ok %v; want tasks 2 and 3 against the ones held", len(changed), was, gone, ok)
	}
	patched, _ := json.Marshal(taskPatches{tasks: changed, was: was})
	whole, _ := json.Marshal(changed)
	if len(patched)*2 > len(whole) {
		t.Errorf("patches %d bytes (%s); whole tasks %d: want at most half", len(patched), patched, len(whole))
	}
}
