package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// InterfaceEndpointArgs mirrors components.InterfaceEndpointArgs.
type InterfaceEndpointArgs struct {
	VpcID               pulumi.StringInput `pulumi:"vpcId"`
	VpcCIDR             string             `pulumi:"vpcCidr,optional"`
	VpcDNSHostnames     bool               `pulumi:"vpcDnsHostnames,optional"`
	VpcDNSSupport       bool               `pulumi:"vpcDnsSupport,optional"`
	Service             string             `pulumi:"service,optional"`
	EndpointServiceName pulumi.StringInput `pulumi:"endpointServiceName,optional"`
	Subnets             []EndpointSubnet   `pulumi:"subnets"`
	PrivateDNS          *bool              `pulumi:"privateDns,optional"`
	// PrivateDNSOnlyForInboundResolverEndpoint mirrors the component's.
	PrivateDNSOnlyForInboundResolverEndpoint *bool                `pulumi:"privateDnsOnlyForInboundResolverEndpoint,optional"`
	AllowedCIDRs                             []string             `pulumi:"allowedCidrs,optional"`
	Port                                     int                  `pulumi:"port,optional"`
	Policy                                   *PolicyDocument      `pulumi:"policy,optional"`
	NameTag                                  string               `pulumi:"nameTag,optional"`
	Tags                                     map[string]string    `pulumi:"tags,optional"`
	Exceptions                               map[string]string    `pulumi:"exceptions,optional"`
	UnlistedService                          bool                 `pulumi:"unlistedService,optional"`
	SecurityGroupIDs                         []pulumi.StringInput `pulumi:"securityGroupIds,optional"`
	PolicyJSON                               pulumi.StringInput   `pulumi:"policyJson,optional"`
	ExtraStatements                          []Statement          `pulumi:"extraStatements,optional"`
	Description                              string               `pulumi:"description,optional"`
	GuardrailTags                            bool                 `pulumi:"guardrailTags,optional"`
}

// Annotate describes the inputs. Port's default (443) is the component's,
// not the schema's: with securityGroupIds a port is refused.
func (a *InterfaceEndpointArgs) Annotate(an infer.Annotator) { annotate(an, a) }

// EndpointSubnet mirrors components.EndpointSubnet.
type EndpointSubnet struct {
	ID pulumi.StringInput `pulumi:"id"`
	AZ string             `pulumi:"az"`
}

// Annotate describes the type.
func (s *EndpointSubnet) Annotate(an infer.Annotator) { annotate(an, s) }

// PolicyDocument mirrors components.PolicyDocument.
type PolicyDocument struct {
	Version   string      `pulumi:"version,optional"`
	ID        string      `pulumi:"id,optional"`
	Statement []Statement `pulumi:"statement"`
}

// Annotate describes the type.
func (d *PolicyDocument) Annotate(an infer.Annotator) {
	annotate(an, d)
	an.SetDefault(&d.Version, components.PolicyVersion)
}

// Statement mirrors components.Statement.
type Statement struct {
	Sid          string                         `pulumi:"sid,optional"`
	Effect       string                         `pulumi:"effect"`
	Principal    *Principal                     `pulumi:"principal,optional"`
	NotPrincipal *Principal                     `pulumi:"notPrincipal,optional"`
	Action       []string                       `pulumi:"action,optional"`
	NotAction    []string                       `pulumi:"notAction,optional"`
	Resource     []string                       `pulumi:"resource,optional"`
	NotResource  []string                       `pulumi:"notResource,optional"`
	Condition    map[string]map[string][]string `pulumi:"condition,optional"`
}

// Annotate describes the type.
func (s *Statement) Annotate(an infer.Annotator) { annotate(an, s) }

// Principal mirrors components.Principal.
type Principal struct {
	Any           bool     `pulumi:"any,optional"`
	AWS           []string `pulumi:"aws,optional"`
	Service       []string `pulumi:"service,optional"`
	Federated     []string `pulumi:"federated,optional"`
	CanonicalUser []string `pulumi:"canonicalUser,optional"`
}

// Annotate describes the type.
func (p *Principal) Annotate(an infer.Annotator) { annotate(an, p) }

// InterfaceEndpoint carries components.InterfaceEndpoint's outputs.
type InterfaceEndpoint struct {
	pulumi.ComponentResource
	EndpointID      pulumi.StringOutput      `pulumi:"endpointId"`
	ServiceName     pulumi.StringOutput      `pulumi:"serviceName"`
	DNSNames        pulumi.StringArrayOutput `pulumi:"dnsNames"`
	SecurityGroupID pulumi.StringOutput      `pulumi:"securityGroupId"`
	SubnetIDs       pulumi.StringArrayOutput `pulumi:"subnetIds"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *InterfaceEndpoint) Annotate(an infer.Annotator) { annotate(an, r) }

func (a InterfaceEndpointArgs) component() *components.InterfaceEndpointArgs {
	return &components.InterfaceEndpointArgs{
		VpcID:                                    a.VpcID,
		VpcCIDR:                                  a.VpcCIDR,
		VpcDNSHostnames:                          a.VpcDNSHostnames,
		VpcDNSSupport:                            a.VpcDNSSupport,
		Service:                                  a.Service,
		EndpointServiceName:                      a.EndpointServiceName,
		Subnets:                                  endpointSubnets(a.Subnets),
		PrivateDNS:                               a.PrivateDNS,
		PrivateDNSOnlyForInboundResolverEndpoint: a.PrivateDNSOnlyForInboundResolverEndpoint,
		AllowedCIDRs:                             a.AllowedCIDRs,
		Port:                                     a.Port,
		Policy:                                   a.Policy.component(),
		NameTag:                                  a.NameTag,
		Tags:                                     a.Tags,
		Exceptions:                               a.Exceptions,
		UnlistedService:                          a.UnlistedService,
		SecurityGroupIDs:                         stringArray(a.SecurityGroupIDs),
		PolicyJSON:                               a.PolicyJSON,
		ExtraStatements:                          statements(a.ExtraStatements),
		Description:                              a.Description,
		GuardrailTags:                            a.GuardrailTags,
	}
}

// stringArray keeps nil as nil: no list means the component's own groups.
func stringArray(in []pulumi.StringInput) pulumi.StringArrayInput {
	if in == nil {
		return nil
	}
	return pulumi.StringArray(in)
}

func endpointSubnets(subnets []EndpointSubnet) []components.EndpointSubnet {
	var out []components.EndpointSubnet
	for _, s := range subnets {
		out = append(out, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
	}
	return out
}

func (d *PolicyDocument) component() *components.PolicyDocument {
	if d == nil {
		return nil
	}
	return &components.PolicyDocument{Version: d.Version, ID: d.ID, Statement: statements(d.Statement)}
}

func statements(in []Statement) []components.Statement {
	var out []components.Statement
	for _, s := range in {
		out = append(out, components.Statement{Sid: s.Sid, Effect: s.Effect, Principal: s.Principal.component(), NotPrincipal: s.NotPrincipal.component(),
			Action: s.Action, NotAction: s.NotAction, Resource: s.Resource, NotResource: s.NotResource, Condition: s.Condition})
	}
	return out
}

func (p *Principal) component() *components.Principal {
	if p == nil {
		return nil
	}
	return &components.Principal{Any: p.Any, AWS: p.AWS, Service: p.Service, Federated: p.Federated, CanonicalUser: p.CanonicalUser}
}

func newInterfaceEndpoint(ctx *pulumi.Context, name string, args InterfaceEndpointArgs, opts ...pulumi.ResourceOption) (*InterfaceEndpoint, error) {
	ie, err := components.NewInterfaceEndpoint(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err)
	}
	return result(&InterfaceEndpoint{}, ie)
}

// InterfaceEndpointsArgs mirrors components.InterfaceEndpointsArgs, with
// the shared endpoint configuration (Endpoint) flattened into the bundle's
// own properties: everything InterfaceEndpointArgs has but the service.
type InterfaceEndpointsArgs struct {
	Services        []string           `pulumi:"services"`
	VpcID           pulumi.StringInput `pulumi:"vpcId"`
	VpcCIDR         string             `pulumi:"vpcCidr,optional"`
	VpcDNSHostnames bool               `pulumi:"vpcDnsHostnames,optional"`
	VpcDNSSupport   bool               `pulumi:"vpcDnsSupport,optional"`
	Subnets         []EndpointSubnet   `pulumi:"subnets"`
	PrivateDNS      *bool              `pulumi:"privateDns,optional"`
	// PrivateDNSOnlyForInboundResolverEndpoint mirrors the component's.
	PrivateDNSOnlyForInboundResolverEndpoint *bool                `pulumi:"privateDnsOnlyForInboundResolverEndpoint,optional"`
	AllowedCIDRs                             []string             `pulumi:"allowedCidrs,optional"`
	Port                                     int                  `pulumi:"port,optional"`
	Policy                                   *PolicyDocument      `pulumi:"policy,optional"`
	NameTag                                  string               `pulumi:"nameTag,optional"`
	Tags                                     map[string]string    `pulumi:"tags,optional"`
	Exceptions                               map[string]string    `pulumi:"exceptions,optional"`
	UnlistedService                          bool                 `pulumi:"unlistedService,optional"`
	SecurityGroupIDs                         []pulumi.StringInput `pulumi:"securityGroupIds,optional"`
	PolicyJSON                               pulumi.StringInput   `pulumi:"policyJson,optional"`
	ExtraStatements                          []Statement          `pulumi:"extraStatements,optional"`
	Description                              string               `pulumi:"description,optional"`
	GuardrailTags                            bool                 `pulumi:"guardrailTags,optional"`
}

// Annotate describes the inputs (the endpoint's own docs for the shared
// configuration).
func (a *InterfaceEndpointsArgs) Annotate(an infer.Annotator) {
	annotate(an, a, "InterfaceEndpointsArgs", "InterfaceEndpointArgs")
}

// InterfaceEndpoints carries components.InterfaceEndpoints' outputs.
type InterfaceEndpoints struct {
	pulumi.ComponentResource
	EndpointIDs      pulumi.StringMapOutput      `pulumi:"endpointIds"`
	SecurityGroupIDs pulumi.StringMapOutput      `pulumi:"securityGroupIds"`
	DNSNames         pulumi.StringArrayMapOutput `pulumi:"dnsNames"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *InterfaceEndpoints) Annotate(an infer.Annotator) { annotate(an, r) }

func (a InterfaceEndpointsArgs) component() *components.InterfaceEndpointsArgs {
	return &components.InterfaceEndpointsArgs{
		Services: a.Services,
		Endpoint: *InterfaceEndpointArgs{
			VpcID: a.VpcID, VpcCIDR: a.VpcCIDR, VpcDNSHostnames: a.VpcDNSHostnames, VpcDNSSupport: a.VpcDNSSupport,
			Subnets: a.Subnets, PrivateDNS: a.PrivateDNS, PrivateDNSOnlyForInboundResolverEndpoint: a.PrivateDNSOnlyForInboundResolverEndpoint,
			AllowedCIDRs: a.AllowedCIDRs, Port: a.Port, Policy: a.Policy,
			NameTag: a.NameTag, Tags: a.Tags, Exceptions: a.Exceptions,
			UnlistedService: a.UnlistedService, SecurityGroupIDs: a.SecurityGroupIDs, PolicyJSON: a.PolicyJSON,
			ExtraStatements: a.ExtraStatements, Description: a.Description, GuardrailTags: a.GuardrailTags,
		}.component(),
	}
}

// bundleRewrites: the bundle's shared configuration is the plugin's own properties.
var bundleRewrites = []string{"Endpoint.", ""}

func newInterfaceEndpoints(ctx *pulumi.Context, name string, args InterfaceEndpointsArgs, opts ...pulumi.ResourceOption) (*InterfaceEndpoints, error) {
	b, err := components.NewInterfaceEndpoints(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err, bundleRewrites...)
	}
	return result(&InterfaceEndpoints{}, b)
}
