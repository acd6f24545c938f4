package main

import (
	"reflect"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// goConst is a typed string constant of the components package (NatNone).
type goConst struct{ Type, Value string }

// annotate pins a plugin type's token to vpclab:index:<Name> and describes
// the type and each of its properties with the doc comment of the
// components identifier it mirrors (Type, Type.Field), in the consumer's
// spelling. docTypes name the components types to look fields up in, in
// order (default: the type's own name).
func annotate(a infer.Annotator, v any, docTypes ...string) {
	rv := reflect.ValueOf(v).Elem()
	t := rv.Type()
	if len(docTypes) == 0 {
		docTypes = []string{t.Name()}
	}
	a.SetToken("index", tokens.TypeName(t.Name()))
	if doc := goDocs[docTypes[0]]; doc != "" {
		a.Describe(v, consumerText(doc, t.Name()))
	}
	for _, f := range reflect.VisibleFields(t) {
		name, ok := schemaName(f)
		if !ok || len(f.Index) != 1 {
			continue
		}
		for _, dt := range docTypes {
			if doc := goDocs[dt+"."+f.Name]; doc != "" {
				// "CIDR is the VPC's block" documents the property cidr.
				if rest, ok := strings.CutPrefix(doc, f.Name+" "); ok {
					doc = name + " " + rest
				}
				a.Describe(rv.FieldByIndex(f.Index).Addr().Interface(), consumerText(doc, t.Name()))
				break
			}
		}
	}
}

// enumValues lists a mode's values in the components' order, each described
// by the doc comment of its constant.
func enumValues[E ~string, C ~string](goType string, values []C) []infer.EnumValue[E] {
	var out []infer.EnumValue[E]
	for _, v := range values {
		if v == "" {
			continue // "no mode" is the property left unset
		}
		desc := ""
		for name, c := range goConsts {
			if c.Type == goType && c.Value == string(v) {
				desc = consumerText(goDocs[name])
			}
		}
		out = append(out, infer.EnumValue[E]{Name: enumName(string(v)), Value: E(v), Description: desc})
	}
	return out
}

// enumName makes an SDK member name from a value: per-az → PerAz, sourceVpce → SourceVpce.
func enumName(v string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}
