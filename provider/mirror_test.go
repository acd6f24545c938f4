package main

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/vpclab/vpclab/components"
)

// notExposed are the components' arguments the plugin leaves out, and why.
var notExposed = map[string]string{
	// A list of arbitrary resources is no schema type; other languages order
	// the component after those resources with the dependsOn resource option.
	"BastionPairArgs.BootAfter": "Go-only: a list of arbitrary Go resources",
	"WebServersArgs.BootAfter":  "Go-only: a list of arbitrary Go resources",
	// Gateway endpoint resources by service: other languages order the
	// interface endpoint with dependsOn, or set the inbound-resolver option.
	"InterfaceEndpointArgs.GatewayEndpoints": "Go-only: a map of Go resources",
	// The bundle's shared configuration is flattened into its own properties.
	"InterfaceEndpointsArgs.Endpoint": "flattened into the bundle's properties",
	// A function cannot cross the plugin boundary: other languages name
	// subnets with SubnetSpec.name and keep the other defaults.
	"NetworkBaseArgs.NameTag": "Go-only: a Go function",
}

// TestMirrorsCarryEveryArgument: each plugin type has a field for every
// field of the components type it mirrors (and no other), so an argument
// added to a component cannot be missing from the schema unnoticed.
func TestMirrorsCarryEveryArgument(t *testing.T) {
	for _, pair := range []struct{ plugin, comp any }{
		{NetworkBaseArgs{}, components.NetworkBaseArgs{}}, {SubnetSpec{}, components.SubnetSpec{}}, {TierTags{}, components.TierTags{}},
		{BastionPairArgs{}, components.BastionPairArgs{}},
		{GatewayEndpointArgs{}, components.GatewayEndpointArgs{}},
		{InterfaceEndpointArgs{}, components.InterfaceEndpointArgs{}}, {EndpointSubnet{}, components.EndpointSubnet{}},
		{PolicyDocument{}, components.PolicyDocument{}}, {Statement{}, components.Statement{}}, {Principal{}, components.Principal{}},
		{PrivateLinkServiceArgs{}, components.PrivateLinkServiceArgs{}}, {PrivateLinkConsumer{}, components.PrivateLinkConsumer{}},
		{Target{}, components.Target{}},
		{WebServersArgs{}, components.WebServersArgs{}}, {WebServer{}, components.WebServer{}},
		{PrivateBucketArgs{}, components.PrivateBucketArgs{}},
	} {
		pt, ct := reflect.TypeOf(pair.plugin), reflect.TypeOf(pair.comp)
		// components.PolicyDocument is an alias of policy.Document.
		if name := map[string]string{"Document": "PolicyDocument"}[ct.Name()]; pt.Name() != ct.Name() && pt.Name() != name {
			t.Errorf("%s mirrors %s: names differ", pt, ct)
		}
		for f := range exportedFields(ct) {
			if _, ok := pt.FieldByName(f); !ok && notExposed[ct.Name()+"."+f] == "" {
				t.Errorf("%s.%s is not in the plugin's %s", ct.Name(), f, pt.Name())
			}
		}
		for f := range exportedFields(pt) {
			if _, ok := ct.FieldByName(f); !ok {
				t.Errorf("the plugin's %s.%s is not a field of %s", pt.Name(), f, ct)
			}
		}
	}
	// The bundle: its services, and the shared endpoint configuration but
	// the service.
	bundle := reflect.TypeFor[InterfaceEndpointsArgs]()
	want := []string{"Services"}
	for f := range exportedFields(reflect.TypeFor[components.InterfaceEndpointArgs]()) {
		if f != "Service" && f != "EndpointServiceName" && notExposed["InterfaceEndpointArgs."+f] == "" {
			want = append(want, f)
		}
	}
	if got := slices.Sorted(maps.Keys(exportedFields(bundle))); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("InterfaceEndpointsArgs has %v, want %v", got, want)
	}
}

func exportedFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			out[f.Name] = true
		}
	}
	return out
}

// TestResultsCarryEveryOutput: each result type has exactly the component's
// outputs, same names and types, and the Construct response carries them.
func TestResultsCarryEveryOutput(t *testing.T) {
	for _, pair := range []struct{ result, comp any }{
		{NetworkBase{}, components.NetworkBase{}}, {BastionPair{}, components.BastionPair{}},
		{GatewayEndpoint{}, components.GatewayEndpoint{}}, {InterfaceEndpoint{}, components.InterfaceEndpoint{}},
		{InterfaceEndpoints{}, components.InterfaceEndpoints{}}, {PrivateLinkService{}, components.PrivateLinkService{}},
		{WebServers{}, components.WebServers{}}, {PrivateBucket{}, components.PrivateBucket{}},
	} {
		rt, ct := reflect.TypeOf(pair.result), reflect.TypeOf(pair.comp)
		if got, want := outputs(rt), outputs(ct); !maps.Equal(got, want) {
			t.Errorf("%s outputs %v, component %v", rt.Name(), got, want)
		}
	}
	s, mon := simServer(t)
	state, err := construct(s, mon, "NetworkBase", "core", props(goodNetwork))
	if err != nil {
		t.Fatal(err)
	}
	for name := range outputs(reflect.TypeFor[components.NetworkBase]()) {
		if _, ok := state.GetOk(name); !ok {
			t.Errorf("the Construct response has no %s", name)
		}
	}
	vpc := mon.Graph().Find("aws:ec2/vpc:Vpc", "core-vpc")
	if got := state.Get("vpcId"); vpc == nil || !got.Equals(property.New(vpc.ID)) {
		t.Errorf("vpcId = %v, the VPC's ID is %v", got, vpc)
	}
}

func outputs(t reflect.Type) map[string]string {
	out := map[string]string{}
	for i := range t.NumField() {
		if name, ok := schemaName(t.Field(i)); ok && !isResourceRef(t.Field(i)) {
			out[name] = t.Field(i).Type.String()
		}
	}
	return out
}
