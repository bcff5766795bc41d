// Package fieldtest is for tests that check that a comparison reads every
// field of a struct: a field added later and left out of the comparison
// then fails them.
package fieldtest

import (
	"reflect"
	"testing"
)

// EachChanged calls check once for each field of base, a struct of
// exported fields, with a copy of base in which that field alone differs,
// and the field's name: a number one more, a string one character longer,
// a boolean flipped, a slice one element longer, a pointer to a new
// integer one more than the one base points to (1 when base's is nil).
// The copy shares no array or target it changed with base. A field of
// another kind fails the test: teach this function and the comparison.
func EachChanged[T any](t testing.TB, base T, check func(changed T, field string)) {
	t.Helper()
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		changed := base
		f := reflect.ValueOf(&changed).Elem().Field(i)
		name := typ.Field(i).Name
		switch f.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			f.SetInt(f.Int() + 1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			f.SetUint(f.Uint() + 1)
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			grown := reflect.MakeSlice(f.Type(), f.Len(), f.Len()+1)
			reflect.Copy(grown, f)
			f.Set(reflect.Append(grown, reflect.Zero(f.Type().Elem())))
		case reflect.Pointer:
			p := reflect.New(f.Type().Elem())
			switch p.Elem().Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				if !f.IsNil() {
					p.Elem().SetInt(f.Elem().Int())
				}
				p.Elem().SetInt(p.Elem().Int() + 1)
			default:
				t.Fatalf("field %s points to a %s: teach fieldtest and the comparison about it", name, p.Elem().Kind())
			}
			f.Set(p)
		default:
			t.Fatalf("field %s has kind %s: teach fieldtest and the comparison about it", name, f.Kind())
		}
		check(changed, name)
	}
}
