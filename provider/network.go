package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// NetworkBaseArgs mirrors components.NetworkBaseArgs. Every argument is a
// plain value there (it decides the graph's shape), so here too.
type NetworkBaseArgs struct {
	CIDR                    string            `pulumi:"cidr"`
	AvailabilityZones       []string          `pulumi:"availabilityZones"`
	PublicSubnets           []SubnetSpec      `pulumi:"publicSubnets,optional"`
	PrivateSubnets          []SubnetSpec      `pulumi:"privateSubnets,optional"`
	SubnetPrefixLength      int               `pulumi:"subnetPrefixLength,optional"`
	NAT                     *NatMode          `pulumi:"nat,optional"`
	NATAddressing           *NatAddressMode   `pulumi:"natAddressing,optional"`
	AllowPublicAddressSpace bool              `pulumi:"allowPublicAddressSpace,optional"`
	DisableDNSHostnames     bool              `pulumi:"disableDnsHostnames,optional"`
	FlowLogs                bool              `pulumi:"flowLogs,optional"`
	FlowLogRetentionDays    int               `pulumi:"flowLogRetentionDays,optional"`
	PublicTags              *TierTags         `pulumi:"publicTags,optional"`
	PrivateTags             *TierTags         `pulumi:"privateTags,optional"`
	Tags                    map[string]string `pulumi:"tags,optional"`
	Exceptions              map[string]string `pulumi:"exceptions,optional"`
	GuardrailTags           bool              `pulumi:"guardrailTags,optional"`
}

// Annotate describes the inputs and states the defaults the component applies.
// natAddressing states none: its default (auto) applies to the regional NAT
// mode only, and the component refuses it with any other mode.
func (a *NetworkBaseArgs) Annotate(an infer.Annotator) {
	annotate(an, a)
	an.SetDefault(&a.NAT, string(components.NATNone))
	an.SetDefault(&a.FlowLogRetentionDays, 365)
}

// SubnetSpec mirrors components.SubnetSpec.
type SubnetSpec struct {
	CIDR    string            `pulumi:"cidr,optional"`
	AZIndex int               `pulumi:"azIndex,optional"`
	Name    string            `pulumi:"name,optional"`
	Tags    map[string]string `pulumi:"tags,optional"`
}

// Annotate describes the type.
func (s *SubnetSpec) Annotate(an infer.Annotator) {
	annotate(an, s)
	an.SetDefault(&s.AZIndex, 0)
}

// TierTags mirrors components.TierTags.
type TierTags struct {
	Subnets     map[string]string `pulumi:"subnets,optional"`
	RouteTables map[string]string `pulumi:"routeTables,optional"`
}

// Annotate describes the type.
func (t *TierTags) Annotate(an infer.Annotator) { annotate(an, t) }

// NetworkBase carries components.NetworkBase's outputs.
type NetworkBase struct {
	pulumi.ComponentResource
	VPCID                pulumi.StringOutput      `pulumi:"vpcId"`
	VPCCIDR              pulumi.StringOutput      `pulumi:"vpcCidr"`
	PublicSubnetIDs      pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	PrivateSubnetIDs     pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	PublicRouteTableIDs  pulumi.StringArrayOutput `pulumi:"publicRouteTableIds"`
	PrivateRouteTableIDs pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	NATGatewayIDs        pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	NATPublicIPs         pulumi.StringArrayOutput `pulumi:"natPublicIps"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *NetworkBase) Annotate(an infer.Annotator) { annotate(an, r) }

func (a NetworkBaseArgs) component() *components.NetworkBaseArgs {
	c := &components.NetworkBaseArgs{
		CIDR:                    a.CIDR,
		AvailabilityZones:       a.AvailabilityZones,
		PublicSubnets:           subnetSpecs(a.PublicSubnets),
		PrivateSubnets:          subnetSpecs(a.PrivateSubnets),
		SubnetPrefixLength:      a.SubnetPrefixLength,
		NAT:                     components.NATMode(str(a.NAT)),
		NATAddressing:           components.NATAddressMode(str(a.NATAddressing)),
		AllowPublicAddressSpace: a.AllowPublicAddressSpace,
		DisableDNSHostnames:     a.DisableDNSHostnames,
		FlowLogs:                a.FlowLogs,
		FlowLogRetentionDays:    a.FlowLogRetentionDays,
		Tags:                    a.Tags,
		Exceptions:              a.Exceptions,
		GuardrailTags:           a.GuardrailTags,
	}
	if t := a.PublicTags; t != nil {
		c.PublicTags = components.TierTags{Subnets: t.Subnets, RouteTables: t.RouteTables}
	}
	if t := a.PrivateTags; t != nil {
		c.PrivateTags = components.TierTags{Subnets: t.Subnets, RouteTables: t.RouteTables}
	}
	return c
}

func subnetSpecs(specs []SubnetSpec) []components.SubnetSpec {
	var out []components.SubnetSpec
	for _, s := range specs {
		out = append(out, components.SubnetSpec{CIDR: s.CIDR, AZIndex: s.AZIndex, Name: s.Name, Tags: s.Tags})
	}
	return out
}

func newNetworkBase(ctx *pulumi.Context, name string, args NetworkBaseArgs, opts ...pulumi.ResourceOption) (*NetworkBase, error) {
	nb, err := components.NewNetworkBase(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err)
	}
	return result(&NetworkBase{}, nb)
}
