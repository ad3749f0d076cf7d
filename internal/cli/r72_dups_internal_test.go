package cli

import (
	"flag"
	"reflect"
)

// r72DupsSpecEntries calls each with the name of every repeatable SPEC flag of sandbox-api
// (a struct holding one *[]T) and T, the type of its config entry, in the flag set's order.
func r72DupsSpecEntries(each func(name string, entry reflect.Type)) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	addSandboxFlags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		v := reflect.ValueOf(f.Value)
		if v.Kind() != reflect.Struct || v.Type().NumField() != 1 || v.Field(0).Type().Kind() != reflect.Pointer {
			return
		}
		entry := v.Field(0).Type().Elem().Elem() // *[]T → T
		if entry.Kind() != reflect.Struct {
			return
		}
		each(f.Name, entry)
	})
}
