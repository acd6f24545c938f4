package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NATMode says how private subnets reach the internet.
type NATMode string

const (
	NATNone   NATMode = "none"   // no NAT gateway: private subnets reach only the VPC and its endpoints
	NATSingle NATMode = "single" // one NAT gateway in the first public subnet, shared by every AZ
	NATPerAZ  NATMode = "per-az" // one NAT gateway per AZ that has private subnets, in that AZ's public subnet
	// NATRegional is one regional NAT gateway (AWS, November 2025) for the
	// whole VPC: it needs no public subnet, serves every AZ, and every private
	// route table's default route goes to it.
	NATRegional NATMode = "regional"
)

// NATModes lists the accepted NAT modes, in the order they are documented.
var NATModes = []NATMode{NATNone, NATSingle, NATPerAZ, NATRegional}

// NATAddressMode says who picks a regional NAT gateway's public addresses.
type NATAddressMode string

const (
	// NATAddressAuto (the default): AWS allocates the addresses and expands
	// the gateway into every AZ where the VPC has network interfaces.
	NATAddressAuto NATAddressMode = "auto"
	// NATAddressManual: NetworkBase allocates one Elastic IP per AZ that has
	// private subnets and pins the gateway to those AZs (no auto-expansion),
	// so the egress addresses are known and stable, e.g. for allowlists.
	NATAddressManual NATAddressMode = "manual"
)

// NATAddressModes lists the accepted address modes of a regional NAT gateway.
var NATAddressModes = []NATAddressMode{NATAddressAuto, NATAddressManual}

// Tier names, used in child names and Name tags.
const (
	TierPublic  = "public"
	TierPrivate = "private"
)

// SubnetSpec places one subnet. CIDR is explicit, or empty to carve the next
// free block of SubnetPrefixLength from the VPC. AZIndex indexes
// NetworkBaseArgs.AvailabilityZones, as CloudFormation's !Select [i, !GetAZs ”]
// does in the guides.
type SubnetSpec struct {
	// CIDR is the subnet's block inside the VPC, or empty to carve the next
	// free block of SubnetPrefixLength.
	CIDR string
	// AZIndex picks the subnet's AZ from AvailabilityZones (default 0, the first).
	AZIndex int
	// Name is this subnet's Name tag, instead of the default <name>-<tier>-<az>
	// (and instead of what a naming function returns).
	Name string
	// Tags are added to this subnet's tags, over Tags and its tier's tags.
	Tags map[string]string
}

// TierTags are extra tags for one tier's subnets and route tables, on top of
// NetworkBaseArgs.Tags: for example kubernetes.io/role/elb = 1 on the public
// subnets, the tag EKS uses to find subnets for internet-facing load balancers.
type TierTags struct {
	Subnets     map[string]string // on every subnet of the tier
	RouteTables map[string]string // on the tier's route tables
}

// NetworkBaseArgs configures a NetworkBase.
type NetworkBaseArgs struct {
	// CIDR is the VPC's IPv4 block, /16 to /28, canonical form.
	CIDR string
	// AvailabilityZones are the region's AZ names in order (see AvailableZones).
	AvailabilityZones []string
	// PublicSubnets are the public tier: it brings an internet gateway and one
	// public route table with 0.0.0.0/0 → IGW.
	PublicSubnets []SubnetSpec
	// PrivateSubnets are the private tier: each private subnet gets its own
	// route table (with 0.0.0.0/0 → NAT when NAT is on).
	PrivateSubnets []SubnetSpec
	// SubnetPrefixLength is the size of carved subnets (default /24, or two
	// bits smaller than the VPC when the VPC is /23 or smaller).
	SubnetPrefixLength int
	// NAT is the NAT gateway strategy (default NATNone).
	NAT NATMode
	// NATAddressing picks auto or manual addresses for NATRegional (default
	// auto). Zonal NAT gateways always get one Elastic IP each, so any other
	// mode with NATAddressing set is refused.
	NATAddressing NATAddressMode
	// AllowPublicAddressSpace accepts a VPC CIDR outside RFC 1918 / RFC 6598,
	// such as the guide's 20.0.0.0/16. Addresses inside it become unreachable
	// on the internet from this VPC, because the local route wins.
	AllowPublicAddressSpace bool
	// DisableDNSHostnames turns the VPC's DNS hostnames off, as non-default
	// VPCs start (lab 9-1's "before" state). Private DNS on interface
	// endpoints needs them on.
	DisableDNSHostnames bool
	// FlowLogs sends ALL traffic records of the VPC to a CloudWatch log group.
	FlowLogs bool
	// FlowLogRetentionDays is the log group retention (default 365).
	FlowLogRetentionDays int
	// NameTag decides each child's Name tag: it gets the child (kind, tier,
	// AZ, position and the default name) and returns the Name tag, or "" to
	// keep the default. Without it the defaults are the component name, the
	// tier and the AZ: <name> (VPC), <name>-public-<az> and
	// <name>-private-<az> (subnets and private route tables), <name>-public
	// (the public route table), <name>-igw, <name>-nat-<az> (NAT gateways and
	// their Elastic IPs; <name>-nat for a regional one), <name>-default (the
	// default security group), <name>-flow-logs.
	NameTag func(NetworkChild) string
	// PublicTags and PrivateTags add tags to one tier's subnets and route tables.
	PublicTags, PrivateTags TierTags
	// Tags are merged into every child that takes tags.
	Tags map[string]string
	// Exceptions record guardrail findings the caller accepts for this VPC
	// (flow logs off in a lab, the guide's public address space), on the VPC.
	Exceptions Exceptions
	// GuardrailTags also tags the finding the network accepts by design (the
	// public route table's default route to the internet gateway) as
	// vpclab:exception:<ID>, for vpclab's guard. Off by default.
	GuardrailTags bool
}

// NetworkChildKind is the kind of a NetworkBase child that has a Name tag.
type NetworkChildKind string

const (
	ChildVPC                  NetworkChildKind = "vpc"
	ChildInternetGateway      NetworkChildKind = "internet-gateway"
	ChildSubnet               NetworkChildKind = "subnet"
	ChildRouteTable           NetworkChildKind = "route-table"
	ChildNATGateway           NetworkChildKind = "nat-gateway"
	ChildNATAddress           NetworkChildKind = "nat-eip" // a NAT gateway's Elastic IP
	ChildDefaultSecurityGroup NetworkChildKind = "default-security-group"
	ChildFlowLog              NetworkChildKind = "flow-log"
	ChildFlowLogGroup         NetworkChildKind = "flow-log-group"
	ChildFlowLogRole          NetworkChildKind = "flow-log-role"
)

// NetworkChild describes one child to NetworkBaseArgs.NameTag.
type NetworkChild struct {
	Kind NetworkChildKind
	// Tier is TierPublic or TierPrivate for subnets and route tables.
	Tier string
	// AZ is the child's AZ: subnets, private route tables, zonal NAT
	// gateways and the Elastic IPs of NAT gateways; empty for the rest.
	AZ string
	// Index is the child's position among those of its kind (and tier),
	// 0-based as in its resource name; Count is how many there are.
	Index, Count int
	// SharesAZ is true for a subnet (or its route table) whose tier has
	// another subnet in the same AZ, so a name needs more than tier and AZ.
	SharesAZ bool
	// Default is the Name tag NetworkBase gives it when NameTag returns "".
	Default string
}

// String names the child in error messages: "subnet public 1 (ap-northeast-2b)".
func (c NetworkChild) String() string {
	s := string(c.Kind)
	if c.Tier != "" {
		s += " " + c.Tier
	}
	if c.Count > 1 {
		s += fmt.Sprintf(" %d", c.Index)
	}
	if c.AZ != "" {
		s += " (" + c.AZ + ")"
	}
	return s
}

// Subnet is one created subnet and what routes it.
type Subnet struct {
	// Subnet is the subnet resource (its ARN is Subnet.Arn).
	Subnet *ec2.Subnet
	Tier   string // TierPublic or TierPrivate
	Index  int    // position in its tier, as in the resource name <name>-<tier>-<index>
	AZ     string
	CIDR   string
	ID     pulumi.StringOutput // Subnet.ID()
	ARN    pulumi.StringOutput // Subnet.Arn
	// RouteTable is the subnet's route table: the tier's one for public
	// subnets, its own for private ones.
	RouteTable   *ec2.RouteTable
	RouteTableID pulumi.StringOutput
	// NATGateway is the gateway a private subnet's default route goes to
	// (nil without NAT, and for public subnets).
	NATGateway *NATGateway
}

// NATGateway is one NAT gateway and its Elastic IPs.
type NATGateway struct {
	Gateway *ec2.NatGateway
	ID      pulumi.StringOutput
	// AZ is a zonal gateway's AZ; empty for the regional gateway.
	AZ string
	// Subnet is the public subnet that hosts a zonal gateway; nil for the
	// regional one.
	Subnet *Subnet
	// EIPs are its Elastic IPs: one for a zonal gateway, one per served AZ
	// for a regional gateway with manual addresses, none with auto addresses.
	EIPs []*ec2.Eip
}

// FlowLog is the VPC's flow log and what it writes through.
type FlowLog struct {
	FlowLog    *ec2.FlowLog
	LogGroup   *cloudwatch.LogGroup
	Role       *iam.Role
	RolePolicy *iam.RolePolicy
}

// NetworkBase is a VPC with public and private subnets, routes, optional NAT
// and flow logs, and its default security group stripped of all rules.
type NetworkBase struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// VPCID is the VPC's ID.
	VPCID pulumi.StringOutput `pulumi:"vpcId"`
	// VPCCIDR is the VPC's IPv4 block.
	VPCCIDR pulumi.StringOutput `pulumi:"vpcCidr"`
	// PublicSubnetIDs are the public subnets' IDs, in the order they were given.
	PublicSubnetIDs pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	// PrivateSubnetIDs are the private subnets' IDs, in the order they were given.
	PrivateSubnetIDs pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// PublicRouteTableIDs holds the one public route table's ID (empty without public subnets).
	PublicRouteTableIDs pulumi.StringArrayOutput `pulumi:"publicRouteTableIds"`
	// PrivateRouteTableIDs are the private subnets' route table IDs, one per subnet in the same order.
	PrivateRouteTableIDs pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	// NATGatewayIDs are the NAT gateways' IDs (empty without NAT).
	NATGatewayIDs pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	// NATPublicIPs are the NAT gateways' public addresses, for allowlists.
	NATPublicIPs pulumi.StringArrayOutput `pulumi:"natPublicIps"`

	// The resources themselves.

	// VPC is the VPC.
	VPC *ec2.Vpc
	// InternetGateway is the VPC's internet gateway: nil without public
	// subnets and without regional NAT.
	InternetGateway *ec2.InternetGateway
	// PublicRouteTable is the public tier's one route table (nil without
	// public subnets).
	PublicRouteTable *ec2.RouteTable
	// PublicSubnets and PrivateSubnets are the subnets in the order given.
	PublicSubnets, PrivateSubnets []*Subnet
	// PublicSubnetsByAZ and PrivateSubnetsByAZ are the same subnets by AZ name.
	PublicSubnetsByAZ, PrivateSubnetsByAZ map[string][]*Subnet
	// NATGateways are the NAT gateways: one per AZ with NATPerAZ, one for
	// NATSingle and NATRegional, none for NATNone.
	NATGateways []*NATGateway
	// NATGatewaysByAZ are the zonal NAT gateways by AZ name (the regional
	// gateway has no AZ).
	NATGatewaysByAZ map[string]*NATGateway
	// DefaultSecurityGroup is the VPC's default security group, adopted with
	// no rules.
	DefaultSecurityGroup *ec2.DefaultSecurityGroup
	// FlowLog is the flow log and its log group and role (nil without FlowLogs).
	FlowLog *FlowLog

	// Plain values for composing other components.
	CIDR         string
	DNSHostnames bool // DNS support is always on
}

const networkBase = "NetworkBase"

// flowLogRetentions are the values CloudWatch Logs accepts for retention.
var flowLogRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Validate checks the arguments without registering anything. name is the
// component name the defaults derive from.
func (a NetworkBaseArgs) Validate(name string) error {
	_, err := planNetwork(name, a)
	return err
}

// AvailableZones returns the names of the region's available AZs in order,
// for NetworkBaseArgs.AvailabilityZones. It calls the invoke
// aws:index/getAvailabilityZones:getAvailabilityZones.
func AvailableZones(ctx *pulumi.Context, opts ...pulumi.InvokeOption) ([]string, error) {
	res, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{State: pulumi.StringRef("available")}, opts...)
	if err != nil {
		return nil, fmt.Errorf("looking up availability zones: %w", err)
	}
	return res.Names, nil
}

// NewNetworkBase plans the network from args, then builds the plan. A bad
// argument returns an *ArgError and registers nothing.
func NewNetworkBase(ctx *pulumi.Context, name string, args *NetworkBaseArgs, opts ...pulumi.ResourceOption) (*NetworkBase, error) {
	if args == nil {
		args = &NetworkBaseArgs{}
	}
	plan, err := planNetwork(name, *args)
	if err != nil {
		return nil, err
	}
	a := plan.args
	nb := &NetworkBase{CIDR: plan.vpc.String(), DNSHostnames: !a.DisableDNSHostnames,
		PublicSubnetsByAZ: map[string][]*Subnet{}, PrivateSubnetsByAZ: map[string][]*Subnet{}, NATGatewaysByAZ: map[string]*NATGateway{}}
	if err := ctx.RegisterComponentResource("vpclab:index:NetworkBase", name, nb, nb.children.track(opts)...); err != nil {
		return nil, err
	}
	b := &networkBuilder{ctx: ctx, plan: plan, nb: nb, parent: pulumi.Parent(nb)}
	for _, step := range []func() error{b.vpc, b.public, b.nat, b.private, b.flowLog} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return nb, b.outputs()
}

// networkBuilder walks a plan, filling the component's fields as it goes.
type networkBuilder struct {
	ctx    *pulumi.Context
	plan   *networkPlan
	nb     *NetworkBase
	parent pulumi.ResourceOrInvokeOption
}

// vpc builds the VPC, its default security group and internet gateway.
func (b *networkBuilder) vpc() error {
	p, a, name := b.plan, b.plan.args, b.plan.name
	vpc, err := ec2.NewVpc(b.ctx, name+"-vpc", &ec2.VpcArgs{
		CidrBlock: pulumi.String(p.vpc.String()),
		// Private DNS on interface endpoints needs both; hostnames default to off.
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(!a.DisableDNSHostnames),
		Tags:               withName(a.Exceptions.with(a.Tags), p.names.vpc),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("%s: vpc: %w", name, err)
	}
	b.nb.VPC = vpc
	// Adopting the default SG with no rules removes its allow-all rules (EC2.2).
	if b.nb.DefaultSecurityGroup, err = ec2.NewDefaultSecurityGroup(b.ctx, name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  withName(a.Tags, p.names.defaultSG),
	}, b.parent); err != nil {
		return fmt.Errorf("%s: default security group: %w", name, err)
	}
	// A public NAT gateway, regional ones included, needs the VPC's internet gateway.
	if len(p.public) > 0 || p.nat.regional {
		if b.nb.InternetGateway, err = ec2.NewInternetGateway(b.ctx, name+"-igw", &ec2.InternetGatewayArgs{
			VpcId: vpc.ID(),
			Tags:  withName(a.Tags, p.names.igw),
		}, b.parent); err != nil {
			return fmt.Errorf("%s: internet gateway: %w", name, err)
		}
	}
	return nil
}

// public builds the public route table, its default route and the public
// subnets.
func (b *networkBuilder) public() error {
	p, name := b.plan, b.plan.name
	if len(p.public) == 0 {
		return nil
	}
	rt, err := ec2.NewRouteTable(b.ctx, name+"-public-rt", &ec2.RouteTableArgs{
		VpcId: b.nb.VPC.ID(),
		Tags:  withName(p.routeTableTags(TierPublic), p.names.publicRT),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("%s: public route table: %w", name, err)
	}
	b.nb.PublicRouteTable = rt
	if _, err := ec2.NewRoute(b.ctx, name+"-public-default-route", &ec2.RouteArgs{
		RouteTableId:         rt.ID(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
		GatewayId:            b.nb.InternetGateway.ID(),
	}, b.parent); err != nil {
		return fmt.Errorf("%s: public default route: %w", name, err)
	}
	for _, sp := range p.public {
		s, err := b.subnet(sp, rt)
		if err != nil {
			return err
		}
		b.nb.PublicSubnets = append(b.nb.PublicSubnets, s)
		b.nb.PublicSubnetsByAZ[s.AZ] = append(b.nb.PublicSubnetsByAZ[s.AZ], s)
	}
	return nil
}

// subnet builds one subnet and associates it with its route table.
func (b *networkBuilder) subnet(sp subnetPlan, rt *ec2.RouteTable) (*Subnet, error) {
	name := b.plan.name
	sn, err := ec2.NewSubnet(b.ctx, fmt.Sprintf("%s-%s-%d", name, sp.tier, sp.index), &ec2.SubnetArgs{
		VpcId:            b.nb.VPC.ID(),
		CidrBlock:        pulumi.String(sp.cidr.String()),
		AvailabilityZone: pulumi.String(sp.az),
		// Public IPs are asked for per instance (the bastion), never by subnet (EC2.15).
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                withName(b.plan.subnetTags(sp), sp.name),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("%s: %s subnet %d: %w", name, sp.tier, sp.index, err)
	}
	if rt == nil { // a private subnet's own route table, so a NAT mode change adds or removes a route instead of re-associating
		if rt, err = ec2.NewRouteTable(b.ctx, fmt.Sprintf("%s-private-%d-rt", name, sp.index), &ec2.RouteTableArgs{
			VpcId: b.nb.VPC.ID(),
			Tags:  withName(b.plan.routeTableTags(TierPrivate), sp.rtName),
		}, b.parent); err != nil {
			return nil, fmt.Errorf("%s: private route table %d: %w", name, sp.index, err)
		}
	}
	_, err = ec2.NewRouteTableAssociation(b.ctx, fmt.Sprintf("%s-%s-%d-rta", name, sp.tier, sp.index), &ec2.RouteTableAssociationArgs{
		SubnetId:     sn.ID(),
		RouteTableId: rt.ID(),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("%s: %s subnet %d route table association: %w", name, sp.tier, sp.index, err)
	}
	return &Subnet{Subnet: sn, Tier: sp.tier, Index: sp.index, AZ: sp.az, CIDR: sp.cidr.String(),
		ID: sn.ID().ToStringOutput(), ARN: sn.Arn, RouteTable: rt, RouteTableID: rt.ID().ToStringOutput()}, nil
}

// nat builds the zonal NAT gateways with their Elastic IPs, or the
// regional one.
func (b *networkBuilder) nat() error {
	p, a, name := b.plan, b.plan.args, b.plan.name
	for h, pub := range p.nat.hosts {
		host := b.nb.PublicSubnets[pub]
		// Named after the public subnet that hosts it, so single → per-az keeps the first NAT.
		base := fmt.Sprintf("%s-public-%d-nat", name, pub)
		eip, err := ec2.NewEip(b.ctx, base+"-eip", &ec2.EipArgs{
			Domain: pulumi.String("vpc"),
			Tags:   withName(a.Tags, p.names.natEIPs[h]),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("%s: NAT EIP: %w", name, err)
		}
		gw, err := ec2.NewNatGateway(b.ctx, base, &ec2.NatGatewayArgs{
			AllocationId: eip.AllocationId,
			SubnetId:     host.Subnet.ID(),
			Tags:         withName(a.Tags, p.names.nats[h]),
		}, b.parent, pulumi.DependsOn([]pulumi.Resource{b.nb.InternetGateway})) // a NAT gateway needs the IGW attached
		if err != nil {
			return fmt.Errorf("%s: NAT gateway: %w", name, err)
		}
		nat := &NATGateway{Gateway: gw, ID: gw.ID().ToStringOutput(), AZ: host.AZ, Subnet: host, EIPs: []*ec2.Eip{eip}}
		b.nb.NATGateways = append(b.nb.NATGateways, nat)
		b.nb.NATGatewaysByAZ[nat.AZ] = nat
	}
	if p.nat.regional {
		nat, err := b.regionalNAT()
		if err != nil {
			return err
		}
		b.nb.NATGateways = []*NATGateway{nat}
	}
	return nil
}

// regionalNAT creates the VPC's regional NAT gateway. In manual mode each
// AZ with private subnets gets an Elastic IP of its own, named by AZ index
// so adding a subnet in another AZ leaves the others in place. The rules
// (no subnet or allocation ID, public connectivity only, the VPC ID, one
// address block per AZ) are the EC2 API's, checked by sim's rule table.
func (b *networkBuilder) regionalNAT() (*NATGateway, error) {
	p, a, name := b.plan, b.plan.args, b.plan.name
	args := &ec2.NatGatewayArgs{
		VpcId:            b.nb.VPC.ID(),
		AvailabilityMode: pulumi.String("regional"),
		ConnectivityType: pulumi.String("public"),
		Tags:             withName(a.Tags, p.names.regionalNAT),
	}
	var eips []*ec2.Eip
	if len(p.nat.regionalAZs) > 0 {
		var blocks ec2.NatGatewayAvailabilityZoneAddressArray
		for i, azi := range p.nat.regionalAZs {
			az := a.AvailabilityZones[azi]
			eip, err := ec2.NewEip(b.ctx, fmt.Sprintf("%s-nat-az%d-eip", name, azi), &ec2.EipArgs{
				Domain: pulumi.String("vpc"),
				Tags:   withName(a.Tags, p.names.regionalEIPs[i]),
			}, b.parent)
			if err != nil {
				return nil, fmt.Errorf("%s: regional NAT EIP in %s: %w", name, az, err)
			}
			blocks = append(blocks, &ec2.NatGatewayAvailabilityZoneAddressArgs{
				AvailabilityZone: pulumi.String(az),
				AllocationIds:    pulumi.StringArray{eip.AllocationId},
			})
			eips = append(eips, eip)
		}
		args.AvailabilityZoneAddresses = blocks
	}
	gw, err := ec2.NewNatGateway(b.ctx, name+"-nat", args, b.parent, pulumi.DependsOn([]pulumi.Resource{b.nb.InternetGateway}))
	if err != nil {
		return nil, fmt.Errorf("%s: regional NAT gateway: %w", name, err)
	}
	return &NATGateway{Gateway: gw, ID: gw.ID().ToStringOutput(), EIPs: eips}, nil
}

// private builds the private subnets, each with its own route table and,
// with NAT, a default route to its gateway.
func (b *networkBuilder) private() error {
	p, name := b.plan, b.plan.name
	for i, sp := range p.private {
		s, err := b.subnet(sp, nil)
		if err != nil {
			return err
		}
		if h := p.nat.routeTo[i]; h >= 0 {
			s.NATGateway = b.nb.NATGateways[h]
			_, err := ec2.NewRoute(b.ctx, fmt.Sprintf("%s-private-%d-default-route", name, i), &ec2.RouteArgs{
				RouteTableId:         s.RouteTable.ID(),
				DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
				NatGatewayId:         s.NATGateway.Gateway.ID(),
			}, b.parent)
			if err != nil {
				return fmt.Errorf("%s: private default route %d: %w", name, i, err)
			}
		}
		b.nb.PrivateSubnets = append(b.nb.PrivateSubnets, s)
		b.nb.PrivateSubnetsByAZ[s.AZ] = append(b.nb.PrivateSubnetsByAZ[s.AZ], s)
	}
	return nil
}

// flowLog sends the VPC's flow logs to CloudWatch Logs through a role that
// only the flow-logs service of this account can assume.
func (b *networkBuilder) flowLog() error {
	p, a, name := b.plan, b.plan.args, b.plan.name
	if !a.FlowLogs {
		return nil
	}
	fl := &FlowLog{}
	var err error
	if fl.LogGroup, err = cloudwatch.NewLogGroup(b.ctx, name+"-flow-logs", &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.FlowLogRetentionDays),
		Tags:            withName(a.Tags, p.names.flowLogGroup),
	}, b.parent); err != nil {
		return fmt.Errorf("%s: flow log group: %w", name, err)
	}
	caller := aws.GetCallerIdentityOutput(b.ctx, aws.GetCallerIdentityOutputArgs{}, b.parent)
	trust := caller.AccountId().ApplyT(func(account string) (string, error) {
		doc := AssumeRoleForService("vpc-flow-logs.amazonaws.com")
		doc.Statement[0].Condition = map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {account}}, // confused-deputy guard
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	if fl.Role, err = iam.NewRole(b.ctx, name+"-flow-logs-role", &iam.RoleArgs{
		AssumeRolePolicy: trust,
		Tags:             withName(a.Tags, p.names.flowLogRole),
	}, b.parent); err != nil {
		return fmt.Errorf("%s: flow log role: %w", name, err)
	}
	policy := fl.LogGroup.Arn.ApplyT(func(arn string) (string, error) {
		return PolicyDocument{Version: PolicyVersion, Statement: []Statement{{
			Effect:   "Allow",
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			Resource: []string{arn, arn + ":*"},
		}}}.JSON()
	}).(pulumi.StringOutput)
	if fl.RolePolicy, err = iam.NewRolePolicy(b.ctx, name+"-flow-logs-policy", &iam.RolePolicyArgs{
		Role:   fl.Role.Name,
		Policy: policy,
	}, b.parent); err != nil {
		return fmt.Errorf("%s: flow log role policy: %w", name, err)
	}
	if fl.FlowLog, err = ec2.NewFlowLog(b.ctx, name+"-flow-log", &ec2.FlowLogArgs{
		VpcId:                  b.nb.VPC.ID(),
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         fl.LogGroup.Arn,
		IamRoleArn:             fl.Role.Arn,
		MaxAggregationInterval: pulumi.Int(60),
		Tags:                   withName(a.Tags, p.names.flowLog),
	}, b.parent); err != nil {
		return fmt.Errorf("%s: flow log: %w", name, err)
	}
	b.nb.FlowLog = fl
	return nil
}

// outputs fills the ID outputs from the resources and registers them.
func (b *networkBuilder) outputs() error {
	nb := b.nb
	var publicIDs, privateIDs, publicRTs, privateRTs, natIDs, natIPs pulumi.StringArray
	for _, s := range nb.PublicSubnets {
		publicIDs = append(publicIDs, s.ID)
	}
	if nb.PublicRouteTable != nil {
		publicRTs = append(publicRTs, nb.PublicRouteTable.ID())
	}
	for _, s := range nb.PrivateSubnets {
		privateIDs = append(privateIDs, s.ID)
		privateRTs = append(privateRTs, s.RouteTableID)
	}
	for _, n := range nb.NATGateways {
		natIDs = append(natIDs, n.ID)
		for _, e := range n.EIPs {
			natIPs = append(natIPs, e.PublicIp)
		}
	}
	nb.VPCID = nb.VPC.ID().ToStringOutput()
	nb.VPCCIDR = nb.VPC.CidrBlock
	nb.PublicSubnetIDs = publicIDs.ToStringArrayOutput()
	nb.PrivateSubnetIDs = privateIDs.ToStringArrayOutput()
	nb.PublicRouteTableIDs = publicRTs.ToStringArrayOutput()
	nb.PrivateRouteTableIDs = privateRTs.ToStringArrayOutput()
	nb.NATGatewayIDs = natIDs.ToStringArrayOutput()
	nb.NATPublicIPs = natIPs.ToStringArrayOutput()
	if b.plan.nat.regional && b.plan.args.NATAddressing == NATAddressAuto {
		// AWS allocates the addresses: those it has associated so far (it
		// adds one as it expands into an AZ); `pulumi refresh` picks up later ones.
		nb.NATPublicIPs = nb.NATGateways[0].Gateway.RegionalNatGatewayAddresses.ApplyT(func(addrs []ec2.NatGatewayRegionalNatGatewayAddress) []string {
			out := []string{}
			for _, a := range addrs {
				if a.PublicIp != nil {
					out = append(out, *a.PublicIp)
				}
			}
			return out
		}).(pulumi.StringArrayOutput)
	}
	return b.ctx.RegisterResourceOutputs(nb, pulumi.Map{
		"vpcId":                nb.VPCID,
		"vpcCidr":              nb.VPCCIDR,
		"publicSubnetIds":      nb.PublicSubnetIDs,
		"privateSubnetIds":     nb.PrivateSubnetIDs,
		"publicRouteTableIds":  nb.PublicRouteTableIDs,
		"privateRouteTableIds": nb.PrivateRouteTableIDs,
		"natGatewayIds":        nb.NATGatewayIDs,
		"natPublicIps":         nb.NATPublicIPs,
	})
}
