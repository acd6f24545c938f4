package main

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// result fills a plugin result type from the component the Go constructor
// built: the component itself (whose URN the engine gets back) and every
// output, matched by its `pulumi` tag. The result types repeat the output
// fields because Construct returns only a struct's own fields and infer
// reads descriptions from the type's Annotate; TestResultsCarryEveryOutput
// keeps the two lists equal.
func result[R any](r *R, comp pulumi.ComponentResource) (*R, error) {
	rv := reflect.ValueOf(r).Elem()
	cv := reflect.ValueOf(comp).Elem()
	outputs := map[string]reflect.Value{}
	for _, f := range reflect.VisibleFields(cv.Type()) {
		if tag, ok := schemaName(f); ok && len(f.Index) == 1 {
			outputs[tag] = cv.FieldByIndex(f.Index)
		}
	}
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		if f.Type == reflect.TypeFor[pulumi.ComponentResource]() {
			rv.Field(i).Set(reflect.ValueOf(comp))
			continue
		}
		tag, ok := schemaName(f)
		if !ok || isResourceRef(f) {
			continue // resource references are filled by the component's adapter
		}
		out, ok := outputs[tag]
		if !ok || out.Type() != f.Type {
			return nil, fmt.Errorf("vpclab plugin: %T has no output %s of type %s", comp, tag, f.Type)
		}
		rv.Field(i).Set(out)
	}
	return r, nil
}

// isResourceRef says whether a result field is a reference to a pulumi-aws
// resource (a `provider:"type=…"` tag), which the component exposes as a Go
// value rather than an output.
func isResourceRef(f reflect.StructField) bool {
	return strings.Contains(f.Tag.Get("provider"), "type=")
}
