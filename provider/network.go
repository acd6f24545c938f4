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
	NatAddressing           *NatAddressMode   `pulumi:"natAddressing,optional"`
	AllowPublicAddressSpace bool              `pulumi:"allowPublicAddressSpace,optional"`
	DisableDNSHostnames     bool              `pulumi:"disableDnsHostnames,optional"`
	FlowLogs                bool              `pulumi:"flowLogs,optional"`
	FlowLogRetentionDays    int               `pulumi:"flowLogRetentionDays,optional"`
	NamePrefix              string            `pulumi:"namePrefix,optional"`
	Names                   *NetworkNames     `pulumi:"names,optional"`
	Tags                    map[string]string `pulumi:"tags,optional"`
	Exceptions              map[string]string `pulumi:"exceptions,optional"`
}

// Annotate describes the inputs and states the defaults the component applies.
// natAddressing states none: its default (auto) applies to the regional NAT
// mode only, and the component refuses it with any other mode.
func (a *NetworkBaseArgs) Annotate(an infer.Annotator) {
	annotate(an, a)
	an.SetDefault(&a.NAT, string(components.NatNone))
	an.SetDefault(&a.FlowLogRetentionDays, 365)
}

// SubnetSpec mirrors components.SubnetSpec.
type SubnetSpec struct {
	CIDR    string `pulumi:"cidr,optional"`
	AZIndex int    `pulumi:"azIndex,optional"`
}

// Annotate describes the type.
func (s *SubnetSpec) Annotate(an infer.Annotator) {
	annotate(an, s)
	an.SetDefault(&s.AZIndex, 0)
}

// NetworkNames mirrors components.NetworkNames.
type NetworkNames struct {
	VPC               string `pulumi:"vpc,optional"`
	IGW               string `pulumi:"igw,optional"`
	PublicSubnet      string `pulumi:"publicSubnet,optional"`
	PrivateSubnet     string `pulumi:"privateSubnet,optional"`
	PublicRouteTable  string `pulumi:"publicRouteTable,optional"`
	PrivateRouteTable string `pulumi:"privateRouteTable,optional"`
	NAT               string `pulumi:"nat,optional"`
}

// Annotate describes the type.
func (n *NetworkNames) Annotate(an infer.Annotator) { annotate(an, n) }

// NetworkBase carries components.NetworkBase's outputs.
type NetworkBase struct {
	pulumi.ComponentResource
	VpcID                pulumi.StringOutput      `pulumi:"vpcId"`
	VpcCIDR              pulumi.StringOutput      `pulumi:"vpcCidr"`
	PublicSubnetIDs      pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	PrivateSubnetIDs     pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	PublicRouteTableIDs  pulumi.StringArrayOutput `pulumi:"publicRouteTableIds"`
	PrivateRouteTableIDs pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	NatGatewayIDs        pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	NatPublicIPs         pulumi.StringArrayOutput `pulumi:"natPublicIps"`
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
		NAT:                     components.NatMode(str(a.NAT)),
		NatAddressing:           components.NatAddressMode(str(a.NatAddressing)),
		AllowPublicAddressSpace: a.AllowPublicAddressSpace,
		DisableDNSHostnames:     a.DisableDNSHostnames,
		FlowLogs:                a.FlowLogs,
		FlowLogRetentionDays:    a.FlowLogRetentionDays,
		NamePrefix:              a.NamePrefix,
		Tags:                    a.Tags,
		Exceptions:              a.Exceptions,
	}
	if n := a.Names; n != nil {
		c.Names = components.NetworkNames{VPC: n.VPC, IGW: n.IGW, PublicSubnet: n.PublicSubnet, PrivateSubnet: n.PrivateSubnet,
			PublicRouteTable: n.PublicRouteTable, PrivateRouteTable: n.PrivateRouteTable, NAT: n.NAT}
	}
	return c
}

func subnetSpecs(specs []SubnetSpec) []components.SubnetSpec {
	var out []components.SubnetSpec
	for _, s := range specs {
		out = append(out, components.SubnetSpec{CIDR: s.CIDR, AZIndex: s.AZIndex})
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
