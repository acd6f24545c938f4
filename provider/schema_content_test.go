package main

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blang/semver"
	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/provider/internal/docgen"
)

// boundSchema is the served schema as Pulumi's code generators bind it:
// binding fails on a schema an SDK could not be generated from.
func boundSchema(t *testing.T) (pschema.PackageSpec, *pschema.Package) {
	t.Helper()
	var spec pschema.PackageSpec
	if err := json.Unmarshal(schemaJSON(t), &spec); err != nil {
		t.Fatal(err)
	}
	pkg, diags, err := pschema.BindSpec(spec, noPackages{}, pschema.ValidationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() || len(diags) > 0 {
		t.Fatalf("schema diagnostics: %v", diags)
	}
	return spec, pkg
}

// noPackages loads no other package: the schema refers to none.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*pschema.Package, error) {
	return nil, fmt.Errorf("the vpclab schema refers to package %s", name)
}

func (n noPackages) LoadPackageV2(_ context.Context, d *pschema.PackageDescriptor) (*pschema.Package, error) {
	return n.LoadPackage(d.Name, d.Version)
}

// TestSchemaTokensAreTheGoComponents: the schema's resources are exactly
// the component types the Go constructors register.
func TestSchemaTokensAreTheGoComponents(t *testing.T) {
	res, err := goRun(goLab)
	if err != nil {
		t.Fatal(err)
	}
	var goTypes []string
	for _, r := range res.Graph.Resources {
		if !r.Custom && !slices.Contains(goTypes, r.Type) {
			goTypes = append(goTypes, r.Type)
		}
	}
	spec, _ := boundSchema(t)
	var tokens []string
	for tok := range spec.Resources {
		tokens = append(tokens, tok)
	}
	slices.Sort(goTypes)
	slices.Sort(tokens)
	if !slices.Equal(goTypes, tokens) {
		t.Errorf("schema resources %v, Go components %v", tokens, goTypes)
	}
	if len(tokens) != 8 {
		t.Errorf("%d components in the schema, want 8", len(tokens))
	}
}

// TestSchemaDocumentsEveryInputAndOutput: every resource, property, type and
// mode value is described, from the components' doc comments.
func TestSchemaDocumentsEveryInputAndOutput(t *testing.T) {
	spec, _ := boundSchema(t)
	for tok, r := range spec.Resources {
		if r.Description == "" {
			t.Errorf("%s has no description", tok)
		}
		if !r.IsComponent {
			t.Errorf("%s is not a component", tok)
		}
		for name, p := range r.InputProperties {
			if p.Description == "" {
				t.Errorf("%s input %s has no description", tok, name)
			}
		}
		for name, p := range r.Properties {
			if p.Description == "" {
				t.Errorf("%s output %s has no description", tok, name)
			}
		}
		if len(r.Properties) == 0 || len(r.InputProperties) == 0 {
			t.Errorf("%s has %d inputs and %d outputs", tok, len(r.InputProperties), len(r.Properties))
		}
	}
	for tok, typ := range spec.Types {
		if len(typ.Enum) > 0 {
			continue
		}
		if typ.Description == "" {
			t.Errorf("type %s has no description", tok)
		}
		for name, p := range typ.Properties {
			if p.Description == "" {
				t.Errorf("type %s property %s has no description", tok, name)
			}
		}
	}
	// The description is the doc comment, in the schema's spelling.
	got := spec.Resources["vpclab:index:NetworkBase"].InputProperties["allowPublicAddressSpace"].Description
	if want := consumerText(goDocs["NetworkBaseArgs.AllowPublicAddressSpace"]); got != want || !strings.HasPrefix(got, "allowPublicAddressSpace accepts a VPC CIDR") {
		t.Errorf("allowPublicAddressSpace: %q", got)
	}
}

// TestSchemaModesAreEnums: the modes are enums with the components' values,
// each value described, and the mode inputs refer to them.
func TestSchemaModesAreEnums(t *testing.T) {
	spec, _ := boundSchema(t)
	for _, tc := range []struct {
		enum      string
		values    []string
		described bool
		uses      []string // resource.input that takes the enum
	}{
		{"NatMode", strs(components.NATModes), true, []string{"NetworkBase.nat"}},
		{"NatAddressMode", strs(components.NATAddressModes), true, []string{"NetworkBase.natAddressing"}},
		{"AccessMode", strs(components.AccessModes), true, []string{"BastionPair.access"}},
		{"PolicyMode", strs(components.PolicyModes), true, []string{"GatewayEndpoint.policy"}},
		{"SourceCondition", strs(components.SourceConditions), true, []string{"PrivateBucket.condition"}},
		{"PlacementStrategy", slices.DeleteFunc(slices.Clone(components.PlacementStrategies), func(s string) bool { return s == "" }), false,
			[]string{"BastionPair.placementStrategy"}},
	} {
		typ, ok := spec.Types["vpclab:index:"+tc.enum]
		if !ok {
			t.Errorf("no enum %s", tc.enum)
			continue
		}
		var values []string
		for _, v := range typ.Enum {
			values = append(values, fmt.Sprint(v.Value))
			if tc.described && v.Description == "" {
				t.Errorf("%s value %v has no description", tc.enum, v.Value)
			}
		}
		if !slices.Equal(values, tc.values) {
			t.Errorf("%s values %v, components %v", tc.enum, values, tc.values)
		}
		for _, use := range tc.uses {
			res, prop, _ := strings.Cut(use, ".")
			if ref := spec.Resources["vpclab:index:"+res].InputProperties[prop].Ref; ref != "#/types/vpclab:index:"+tc.enum {
				t.Errorf("%s refers to %q, want %s", use, ref, tc.enum)
			}
		}
	}
}

func strs[S ~string](ss []S) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// TestSchemaPlainAndInputsAsTheComponentsChoose: as Pulumi's code
// generators bind the schema, every input is plain or an Input exactly as
// the component's Go field is, down to list elements and nested fields.
func TestSchemaPlainAndInputsAsTheComponentsChoose(t *testing.T) {
	_, pkg := boundSchema(t)
	checked := 0
	check := func(where string, props []*pschema.Property, goType reflect.Type) {
		fields := map[string]reflect.Type{}
		for _, f := range reflect.VisibleFields(goType) {
			if name, ok := schemaName(f); ok {
				fields[name] = f.Type
			}
		}
		for _, p := range props {
			ft, ok := fields[p.Name]
			if !ok {
				t.Errorf("%s.%s has no Go field", where, p.Name)
				continue
			}
			if got, want := boundShape(p.Type), goShape(ft); got != want {
				t.Errorf("%s.%s binds as %s, the component takes %s", where, p.Name, got, want)
			}
			checked++
		}
	}
	for _, r := range pkg.Resources {
		check(r.Token, r.InputProperties, argsTypes[strings.TrimPrefix(r.Token, "vpclab:index:")])
	}
	for _, typ := range pkg.Types {
		if obj, ok := typ.(*pschema.ObjectType); ok && obj.IsInputShape() {
			name := strings.TrimPrefix(obj.Token, "vpclab:index:")
			for _, m := range mirrors {
				if reflect.TypeOf(m).Name() == name {
					check(obj.Token, obj.Properties, reflect.TypeOf(m))
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d properties checked", checked)
	}
	// Spot checks of what a TypeScript user then writes.
	for _, tc := range []struct{ res, prop, want string }{
		{"NetworkBase", "availabilityZones", "[]string"},
		{"GatewayEndpoint", "vpcId", "Input<string>"},
		{"GatewayEndpoint", "routeTableIds", "[]Input<string>"},
		{"InterfaceEndpoints", "subnets", "[]EndpointSubnet"},
	} {
		for _, r := range pkg.Resources {
			for _, p := range r.InputProperties {
				if r.Token == "vpclab:index:"+tc.res && p.Name == tc.prop && boundShape(p.Type) != tc.want {
					t.Errorf("%s.%s binds as %s, want %s", tc.res, tc.prop, boundShape(p.Type), tc.want)
				}
			}
		}
	}
}

// boundShape renders a bound schema type: Input<…> for eventual values.
func boundShape(t pschema.Type) string {
	switch t := t.(type) {
	case *pschema.OptionalType:
		return boundShape(t.ElementType)
	case *pschema.InputType:
		return "Input<" + boundShape(t.ElementType) + ">"
	case *pschema.ArrayType:
		return "[]" + boundShape(t.ElementType)
	case *pschema.MapType:
		return "map[string]" + boundShape(t.ElementType)
	case *pschema.ObjectType:
		return strings.TrimPrefix(t.Token, "vpclab:index:")
	case *pschema.EnumType:
		return strings.TrimPrefix(t.Token, "vpclab:index:")
	}
	return t.String()
}

// goShape renders a Go field type the same way.
func goShape(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[pulumi.StringInput]():
		return "Input<string>"
	case t.Kind() == reflect.Slice:
		return "[]" + goShape(t.Elem())
	case t.Kind() == reflect.Map:
		return "map[string]" + goShape(t.Elem())
	case t.Kind() == reflect.Struct, t.PkgPath() != "":
		return t.Name()
	case t.Kind() == reflect.Int:
		return "integer"
	case t.Kind() == reflect.Bool:
		return "boolean"
	}
	return t.String()
}

// TestDescriptionsSpeakTheSchema: no description names a Go identifier a
// consumer cannot use (VpcCIDR, NatNone, AvailableZones): they are respelled.
func TestDescriptionsSpeakTheSchema(t *testing.T) {
	docs, err := docgen.Read("../components", "../policy")
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := boundSchema(t)
	schemaNames := map[string]bool{}
	for tok := range spec.Resources {
		schemaNames[strings.TrimPrefix(tok, "vpclab:index:")] = true
	}
	for tok := range spec.Types {
		schemaNames[strings.TrimPrefix(tok, "vpclab:index:")] = true
	}
	var descriptions []string
	add := func(where, d string) { descriptions = append(descriptions, where+": "+d) }
	for tok, r := range spec.Resources {
		add(tok, r.Description)
		for n, p := range r.InputProperties {
			add(tok+"."+n, p.Description)
		}
		for n, p := range r.Properties {
			add(tok+"."+n, p.Description)
		}
	}
	for tok, typ := range spec.Types {
		add(tok, typ.Description)
		for n, p := range typ.Properties {
			add(tok+"."+n, p.Description)
		}
		for _, v := range typ.Enum {
			add(fmt.Sprintf("%s.%v", tok, v.Value), v.Description)
		}
	}
	for _, d := range descriptions {
		where, text, _ := strings.Cut(d, ": ")
		for _, id := range identRe.FindAllString(text, -1) {
			id = strings.TrimSuffix(id, "[")
			for _, part := range strings.Split(id, ".") {
				if docs.Exported[part] && compoundRe.MatchString(part) && !schemaNames[part] {
					t.Errorf("%s names the Go identifier %s: %s", where, part, text)
				}
			}
		}
	}
}
