package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// A program in a dynamically typed language (JavaScript, or TypeScript
// through any) can pass a value of the wrong shape: a string where the
// schema wants a list, an object where it wants a string. The SDK's decoder
// then fails in Go's words ("copying input "consumer": expected a
// main.EndpointSubnet, got a string", without the path inside the
// property). checkInputShapes refuses such inputs first, naming the
// property by its full path as the program spells it.

// inputShapes are the element shapes of the pulumi.Input types the args use.
var inputShapes = map[reflect.Type]reflect.Type{
	reflect.TypeFor[pulumi.StringInput]():      reflect.TypeFor[string](),
	reflect.TypeFor[pulumi.StringArrayInput](): reflect.TypeFor[[]string](),
	reflect.TypeFor[pulumi.StringMapInput]():   reflect.TypeFor[map[string]string](),
	reflect.TypeFor[pulumi.IntInput]():         reflect.TypeFor[int](),
	reflect.TypeFor[pulumi.BoolInput]():        reflect.TypeFor[bool](),
}

// shownValue renders a bad value as the program wrote it (JSON).
type shownValue string

func (v shownValue) String() string { return string(v) }

// checkInputShapes checks the inputs of a component against its args type.
func checkInputShapes(component string, args reflect.Type, inputs property.Map) error {
	for k, v := range inputs.AllStable {
		f, ok := fieldByTag(args, k)
		if !ok {
			continue // the SDK's and engine's own keys; unknown names are the schema's business
		}
		if err := shapeOf(component, f.Type, v, k); err != nil {
			return err
		}
	}
	return nil
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(t) {
		if tag, ok := schemaName(f); ok && tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func shapeOf(component string, t reflect.Type, v property.Value, path string) error {
	if v.IsNull() || v.IsComputed() {
		return nil // absent, or unknown until deployment: nothing to check yet
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Interface {
		elem, ok := inputShapes[t]
		if !ok {
			return nil // an input of a type not listed: its own decoder checks it
		}
		t = elem
	}
	wrong := func(want string) error {
		return &components.ArgError{Component: component, Arg: path, Value: show(v), Rule: fmt.Sprintf("must be %s, not %s", want, shapeName(v))}
	}
	switch t.Kind() {
	case reflect.String:
		if !v.IsString() {
			return wrong("a string")
		}
	case reflect.Bool:
		if !v.IsBool() {
			return wrong("true or false")
		}
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
		if !v.IsNumber() {
			return wrong("a number")
		}
	case reflect.Slice:
		if !v.IsArray() {
			return wrong("a list")
		}
		for i, e := range v.AsArray().All {
			if err := shapeOf(component, t.Elem(), e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if !v.IsMap() {
			return wrong("an object (a map of names to values)")
		}
		for k, e := range v.AsMap().AllStable {
			if err := shapeOf(component, t.Elem(), e, fmt.Sprintf("%s[%s]", path, k)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		if !v.IsMap() {
			return wrong("an object")
		}
		for k, e := range v.AsMap().AllStable {
			if f, ok := fieldByTag(t, k); ok {
				if err := shapeOf(component, f.Type, e, path+"."+k); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// shapeName says what a value is, in the program's words.
func shapeName(v property.Value) string {
	switch {
	case v.IsString():
		return "a string"
	case v.IsNumber():
		return "a number"
	case v.IsBool():
		return "a boolean"
	case v.IsArray():
		return "a list"
	case v.IsMap():
		return "an object"
	case v.IsResourceReference():
		return "a resource"
	}
	return "an asset or archive"
}

// show renders a value as JSON, without secrets.
func show(v property.Value) shownValue {
	if v.Secret() || v.HasSecrets() {
		return "[secret]"
	}
	b, err := json.Marshal(plain(v))
	if err != nil {
		return shownValue(strings.TrimSpace(fmt.Sprint(v)))
	}
	return shownValue(b)
}

func plain(v property.Value) any {
	switch {
	case v.IsArray():
		out := []any{}
		for _, e := range v.AsArray().All {
			out = append(out, plain(e))
		}
		return out
	case v.IsMap():
		out := map[string]any{}
		for k, e := range v.AsMap().All {
			out[k] = plain(e)
		}
		return out
	case v.IsString():
		return v.AsString()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsBool():
		return v.AsBool()
	}
	return nil
}
