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
	children children // every resource registered under it (children.go)

	// EndpointIDs maps each service to its endpoint's ID.
	EndpointIDs pulumi.StringMapOutput `pulumi:"endpointIds"`
	// SecurityGroupIDs maps each service to its endpoint's security group ID.
	SecurityGroupIDs pulumi.StringMapOutput `pulumi:"securityGroupIds"`
	// DNSNames maps each service to its endpoint's DNS names.
	DNSNames pulumi.StringArrayMapOutput `pulumi:"dnsNames"`

	// Endpoints are the bundle's endpoints by service.
	Endpoints map[string]*InterfaceEndpoint
}

// InterfaceEndpointsArgs configures an InterfaceEndpoints bundle.
type InterfaceEndpointsArgs struct {
	// Services are the bundle's services, one endpoint each: short names such
	// as ssm or ecr.api, or full names (SSMServices is the Session Manager trio).
	Services []string
	// Endpoint is the configuration every endpoint shares. Its Service and
	// EndpointServiceName stay empty: the services come from Services. A
	// NameTag becomes <NameTag>-<service> (default <name>-<service>).
	Endpoint InterfaceEndpointArgs
}

const interfaceEndpoints = "InterfaceEndpoints"

// ForService is the arguments of the bundle's endpoint of one service: the
// shared configuration with that service, a NameTag of <NameTag>-<service>
// when one is given, and the inbound-resolver DNS option only where the
// service has a gateway endpoint service too.
func (a InterfaceEndpointsArgs) ForService(service string) *InterfaceEndpointArgs {
	args := a.Endpoint.ForService(service)
	if a.Endpoint.NameTag != "" {
		args.NameTag = a.Endpoint.NameTag + "-" + service
	}
	return &args
}

// Validate checks the services and the shared configuration without
// registering anything. name is the bundle's name.
func (a InterfaceEndpointsArgs) Validate(name string) error {
	c := interfaceEndpoints
	if err := validateName(c, name); err != nil {
		return err
	}
	if len(a.Services) == 0 {
		return argErr(c, "Services", a.Services, "a bundle needs at least one service, such as ssm")
	}
	if a.Endpoint.Service != "" {
		return argErr(c, "Endpoint.Service", a.Endpoint.Service, "a bundle takes its services from Services")
	}
	if a.Endpoint.EndpointServiceName != nil {
		return argErr(c, "Endpoint.EndpointServiceName", nil, "a bundle takes its services from Services")
	}
	err := validateBundle(name, a.Services, a.Endpoint)
	ae, ok := AsArgError(err)
	if !ok {
		return err
	}
	// The same rule, reported for the argument of the bundle the caller built.
	arg := "Endpoint." + ae.Arg
	if ae.Arg == "services" || ae.Arg == "Service" {
		arg = "Services"
	}
	return &ArgError{Component: c, Arg: arg, Value: ae.Value, Rule: ae.Rule}
}

// NewInterfaceEndpointBundle is NewInterfaceEndpoints.
//
// Deprecated: use NewInterfaceEndpoints, the one constructor of the
// InterfaceEndpoints component.
func NewInterfaceEndpointBundle(ctx *pulumi.Context, name string, args *InterfaceEndpointsArgs, opts ...pulumi.ResourceOption) (*InterfaceEndpoints, error) {
	return NewInterfaceEndpoints(ctx, name, args, opts...)
}

// NewInterfaceEndpoints validates every service, then registers the bundle
// and builds one InterfaceEndpoint per service under it, named
// EndpointName(name, service). A bad argument returns an *ArgError and
// registers nothing.
func NewInterfaceEndpoints(ctx *pulumi.Context, name string, args *InterfaceEndpointsArgs, opts ...pulumi.ResourceOption) (*InterfaceEndpoints, error) {
	if args == nil {
		args = &InterfaceEndpointsArgs{}
	}
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	if args.Endpoint.VpcID == nil {
		return nil, argErr(interfaceEndpoints, "Endpoint.VpcID", nil, "is required")
	}
	b := &InterfaceEndpoints{}
	if err := ctx.RegisterComponentResource("vpclab:index:InterfaceEndpoints", name, b, b.children.track(opts)...); err != nil {
		return nil, err
	}
	eps := map[string]*InterfaceEndpoint{}
	for _, svc := range args.Services {
		ep, err := NewInterfaceEndpoint(ctx, EndpointName(name, svc), args.ForService(svc), pulumi.Parent(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		eps[svc] = ep
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
