package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// InterfaceEndpoints is a bundle of interface endpoints that share one
// configuration, one per service (such as the Session Manager trio
// SSMServices). Each is an InterfaceEndpoint named <name>-<service> under the
// bundle, so other Pulumi languages get the bundle as one resource.
type InterfaceEndpoints struct {
	pulumi.ResourceState

	// EndpointIDs maps each service to its endpoint's ID.
	EndpointIDs pulumi.StringMapOutput `pulumi:"endpointIds"`
	// SecurityGroupIDs maps each service to its endpoint's security group ID.
	SecurityGroupIDs pulumi.StringMapOutput `pulumi:"securityGroupIds"`
	// DNSNames maps each service to its endpoint's DNS names.
	DNSNames pulumi.StringArrayMapOutput `pulumi:"dnsNames"`

	// Endpoints are the bundle's endpoints by service.
	Endpoints map[string]*InterfaceEndpoint
}

const interfaceEndpoints = "InterfaceEndpoints"

// ValidateInterfaceEndpoints checks a bundle's services and shared
// configuration without registering anything.
func ValidateInterfaceEndpoints(name string, services []string, base InterfaceEndpointArgs) error {
	if len(services) == 0 {
		return argErr(interfaceEndpoints, "services", services, "a bundle needs at least one service, such as ssm")
	}
	if base.Service != "" || base.EndpointServiceName != nil {
		return argErr(interfaceEndpoints, "Service", base.Service, "a bundle takes its services from services, not from the shared endpoint configuration")
	}
	if err := validateBundle(name, services, base); err != nil {
		if ae, ok := AsArgError(err); ok {
			// The same rule, reported by the component the caller built.
			return &ArgError{Component: interfaceEndpoints, Arg: ae.Arg, Value: ae.Value, Rule: ae.Rule}
		}
		return err
	}
	return nil
}

// NewInterfaceEndpointBundle validates every service, then registers the
// bundle and builds one InterfaceEndpoint per service under it, as
// NewInterfaceEndpoints does at the top level. A bad argument returns an
// *ArgError and registers nothing.
func NewInterfaceEndpointBundle(ctx *pulumi.Context, name string, services []string, base InterfaceEndpointArgs, opts ...pulumi.ResourceOption) (*InterfaceEndpoints, error) {
	if err := ValidateInterfaceEndpoints(name, services, base); err != nil {
		return nil, err
	}
	if base.VpcID == nil {
		return nil, argErr(interfaceEndpoints, "VpcID", nil, "is required")
	}
	b := &InterfaceEndpoints{}
	if err := ctx.RegisterComponentResource("vpclab:index:InterfaceEndpoints", name, b, opts...); err != nil {
		return nil, err
	}
	eps, err := NewInterfaceEndpoints(ctx, name, services, base, pulumi.Parent(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	ids, sgs, dns := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringArrayMap{}
	for svc, ep := range eps {
		ids[svc], sgs[svc], dns[svc] = ep.EndpointID, ep.SecurityGroupID, ep.DNSNames
	}
	b.Endpoints = eps
	b.EndpointIDs = ids.ToStringMapOutput()
	b.SecurityGroupIDs = sgs.ToStringMapOutput()
	b.DNSNames = dns.ToStringArrayMapOutput()
	if err := ctx.RegisterResourceOutputs(b, pulumi.Map{
		"endpointIds":      b.EndpointIDs,
		"securityGroupIds": b.SecurityGroupIDs,
		"dnsNames":         b.DNSNames,
	}); err != nil {
		return nil, err
	}
	return b, nil
}
