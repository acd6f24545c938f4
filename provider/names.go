package main

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/vpclab/vpclab/components"
)

// The one place where Go spellings become the consumer's: the components
// name their arguments as Go fields (PublicSubnets[1].CIDR, VpcCIDR), the
// schema as the `pulumi` tags of the mirroring types here (publicSubnets[1].cidr,
// vpcCidr). Both error messages and descriptions go through it.

// mirrors are the plugin's types, each with the Go name of the components
// type it mirrors: argument and nested types field for field, result types
// output for output.
var mirrors = []any{
	NetworkBaseArgs{}, SubnetSpec{}, TierTags{}, NetworkBase{},
	BastionPairArgs{}, BastionPair{},
	GatewayEndpointArgs{}, GatewayEndpoint{},
	InterfaceEndpointArgs{}, EndpointSubnet{}, PolicyDocument{}, Statement{}, Principal{}, InterfaceEndpoint{},
	InterfaceEndpointsArgs{}, InterfaceEndpoints{},
	PrivateLinkServiceArgs{}, PrivateLinkConsumer{}, Target{}, PrivateLinkService{},
	WebServersArgs{}, WebServer{}, WebServers{},
	PrivateBucketArgs{}, PrivateBucket{},
}

// spelling maps "Type.Field" (Go) to the schema property name, and
// unqualified Go field names to theirs when every type spells them alike.
var spelling, fieldSpelling = func() (map[string]string, map[string]string) {
	qualified, unqualified, ambiguous := map[string]string{}, map[string]string{}, map[string]bool{}
	for _, m := range mirrors {
		t := reflect.TypeOf(m)
		for _, f := range reflect.VisibleFields(t) {
			tag, ok := schemaName(f)
			if !ok {
				continue
			}
			qualified[t.Name()+"."+f.Name] = tag
			if s, seen := unqualified[f.Name]; seen && s != tag {
				ambiguous[f.Name] = true
			}
			unqualified[f.Name] = tag
		}
	}
	for name := range ambiguous {
		delete(unqualified, name)
	}
	return qualified, unqualified
}()

// schemaName is a field's property name, or false for untagged fields.
func schemaName(f reflect.StructField) (string, bool) {
	tag, ok := f.Tag.Lookup("pulumi")
	if !ok || !f.IsExported() {
		return "", false
	}
	return strings.Split(tag, ",")[0], true
}

// goOnly are Go identifiers the docs mention that have no schema property:
// functions and values of the Go package, said as a consumer reads them.
var goOnly = map[string]string{
	"AvailableZones":        "aws.getAvailabilityZones",
	"SSMServices":           quoteList(components.SSMServices),
	"DefaultGatewayActions": defaultActions(),
	"ArgError":              "error",
	"NameTag":               "NameTag (a Go function, Go programs only)",
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func defaultActions() string {
	var parts []string
	for _, svc := range components.GatewayServices {
		parts = append(parts, svc+": "+strings.Join(components.DefaultGatewayActions[svc], ", "))
	}
	return "the service's defaults (" + strings.Join(parts, "; ") + ")"
}

var (
	// identRe finds identifiers, qualified (Type.Field) or not, and whether
	// an index follows (Subnets[0]).
	identRe = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)?\b\[?`)
	// compoundRe tells a Go identifier (VpcCIDR, AZIndex, NamePrefix) from a
	// word of prose (NAT, CIDR, Service): only the former, and fields that are
	// indexed, are translated unqualified, so "a NAT gateway" keeps its meaning.
	compoundRe = regexp.MustCompile(`[a-z][A-Z]|[A-Z]{2}[a-z]`)
)

// consumerText rewrites the Go identifiers in a doc comment or an error rule
// as a consumer of the schema spells them: fields as properties, mode
// constants as their quoted values, Go-only names as goOnly says. Fields of
// the context types (the ones the text documents) are looked up first.
func consumerText(text string, context ...string) string {
	return identRe.ReplaceAllStringFunc(text, func(match string) string {
		id, indexed := strings.CutSuffix(match, "[")
		bracket := map[bool]string{true: "[", false: ""}[indexed]
		if s, ok := spelling[id]; ok {
			return s + bracket
		}
		for _, c := range context {
			if s, ok := spelling[c+"."+id]; ok && (indexed || compoundRe.MatchString(id)) {
				return s + bracket
			}
		}
		if c, ok := goConsts[id]; ok {
			return fmt.Sprintf("%q", c.Value) + bracket
		}
		if s, ok := goOnly[id]; ok {
			return s + bracket
		}
		if s, ok := fieldSpelling[id]; ok && (indexed || compoundRe.MatchString(id)) {
			return s + bracket
		}
		return match
	})
}

// pathSegmentRe splits an argument path: PublicSubnets[1].CIDR, Tags[Name].
var pathSegmentRe = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*)((?:\[[^\]]*\])*)\.?`)

// consumerPath spells a component's argument path (ArgError.Arg) the way
// the schema of args type t does: PublicSubnets[1].CIDR → publicSubnets[1].cidr.
// Indexes and map keys are kept; a segment the args do not have (the
// component's name) is kept as it is.
func consumerPath(t reflect.Type, path string) string {
	var out []string
	for path != "" {
		m := pathSegmentRe.FindStringSubmatch(path)
		if m == nil {
			out = append(out, path)
			break
		}
		path = path[len(m[0]):]
		name, index := m[1], m[2]
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		var f reflect.StructField
		found := false
		if t != nil && t.Kind() == reflect.Struct {
			f, found = t.FieldByName(name)
		}
		if !found {
			out = append(out, name+index)
			t = nil
			continue
		}
		tag, _ := schemaName(f)
		out = append(out, tag+index)
		t = f.Type
		for i := strings.Count(index, "["); i > 0 && t != nil; i-- {
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t.Kind() != reflect.Slice && t.Kind() != reflect.Map {
				break
			}
			t = t.Elem()
		}
	}
	return strings.Join(out, ".")
}

// consumerError turns a component's *ArgError into the same error naming
// the input as the consumer of args (a plugin args struct) spells it.
// rewrites map a Go path prefix to the args' own (a bundle's Endpoint. → "").
// Already translated errors pass unchanged: schema names are lowerCamel,
// Go fields UpperCamel.
func consumerError(args any, err error, rewrites ...string) error {
	ae, ok := components.AsArgError(err)
	if !ok {
		return err
	}
	arg := ae.Arg
	for r := range slices.Chunk(rewrites, 2) {
		if strings.HasPrefix(arg, r[0]) {
			arg = r[1] + strings.TrimPrefix(arg, r[0])
		}
	}
	t := reflect.TypeOf(args)
	rule := pathInTextRe.ReplaceAllStringFunc(ae.Rule, func(path string) string { return consumerPath(t, path) })
	return &components.ArgError{
		Component: ae.Component,
		Arg:       consumerPath(t, arg),
		Value:     ae.Value,
		Rule:      consumerText(rule, t.Name()),
	}
}

// pathInTextRe finds the argument paths a rule names (overlaps
// PrivateSubnets[0].CIDR): consumerText alone would keep the field after
// the index (CIDR reads as prose), so they are spelled as paths first.
var pathInTextRe = regexp.MustCompile(`\b[A-Z][A-Za-z0-9]*(?:\[[^\]\s]*\])+(?:\.[A-Z][A-Za-z0-9]*(?:\[[^\]\s]*\])*)+`)

// withConsumerErrors translates the errors that surface only when Construct
// awaits the component's outputs: rules the components check on resolved
// values (a bucket ARN, the service's AZs), after registration. The error
// is the component's own, without the SDK's "awaiting input property"
// wrapping; errors a constructor returned before registering anything were
// translated by it (they reach here as text).
func withConsumerErrors(prov p.Provider) p.Provider {
	construct := prov.Construct
	prov.Construct = func(ctx context.Context, req p.ConstructRequest) (p.ConstructResponse, error) {
		name := string(req.Urn.Type().Name())
		if args := argsTypes[name]; args != nil {
			if err := checkInputShapes(name, args, req.Inputs); err != nil {
				return p.ConstructResponse{}, err
			}
		}
		resp, err := construct(ctx, req)
		if _, ok := components.AsArgError(err); ok {
			args := argsTypes[string(req.Urn.Type().Name())]
			if args == nil {
				return resp, err
			}
			var rewrites []string
			if args == reflect.TypeFor[InterfaceEndpointsArgs]() {
				rewrites = bundleRewrites
			}
			return resp, consumerError(reflect.New(args).Elem().Interface(), err, rewrites...)
		}
		return resp, err
	}
	return prov
}

// argsTypes maps a resource's name (NetworkBase) to its args type.
var argsTypes = func() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, m := range mirrors {
		if name, ok := strings.CutSuffix(reflect.TypeOf(m).Name(), "Args"); ok {
			out[name] = reflect.TypeOf(m)
		}
	}
	return out
}()
