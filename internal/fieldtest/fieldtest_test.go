package fieldtest

import (
	"reflect"
	"testing"
)

type sample struct {
	N    int
	U    uint32
	S    string
	B    bool
	L    []int64
	P    *int
	Nil  *int
	Also int8
}

// TestEachChangedChangesOneFieldEach: each copy differs from base in the
// field named and in no other, and base is left as it was.
func TestEachChangedChangesOneFieldEach(t *testing.T) {
	three := 3
	base := sample{N: 1, U: 2, S: "s", L: []int64{7}, P: &three}
	keep := base
	keep.L = []int64{7}
	var names []string
	EachChanged(t, base, func(changed sample, field string) {
		names = append(names, field)
		a, b := reflect.ValueOf(base), reflect.ValueOf(changed)
		for i := range a.NumField() {
			differs := !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface())
			if differs != (a.Type().Field(i).Name == field) {
				t.Errorf("changing %s: field %s differs %v", field, a.Type().Field(i).Name, differs)
			}
		}
	})
	if want := []string{"N", "U", "S", "B", "L", "P", "Nil", "Also"}; !reflect.DeepEqual(names, want) {
		t.Errorf("fields changed %v; want %v", names, want)
	}
	if !reflect.DeepEqual(base, keep) || *base.P != 3 {
		t.Errorf("base changed: %+v", base)
	}
}
