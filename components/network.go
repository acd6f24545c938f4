package components

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NatMode says how private subnets reach the internet.
type NatMode string

const (
	NatNone   NatMode = "none"   // no NAT gateway: private subnets reach only the VPC and its endpoints
	NatSingle NatMode = "single" // one NAT gateway in the first public subnet, shared by every AZ
	NatPerAZ  NatMode = "per-az" // one NAT gateway per AZ that has private subnets, in that AZ's public subnet
	// NatRegional is one regional NAT gateway (AWS, November 2025) for the
	// whole VPC: it needs no public subnet, serves every AZ, and every private
	// route table's default route goes to it.
	NatRegional NatMode = "regional"
)

// NatModes lists the accepted NAT modes, in the order they are documented.
var NatModes = []NatMode{NatNone, NatSingle, NatPerAZ, NatRegional}

// NatAddressMode says who picks a regional NAT gateway's public addresses.
type NatAddressMode string

const (
	// NatAddressAuto (the default): AWS allocates the addresses and expands
	// the gateway into every AZ where the VPC has network interfaces.
	NatAddressAuto NatAddressMode = "auto"
	// NatAddressManual: NetworkBase allocates one Elastic IP per AZ that has
	// private subnets and pins the gateway to those AZs (no auto-expansion),
	// so the egress addresses are known and stable, e.g. for allowlists.
	NatAddressManual NatAddressMode = "manual"
)

// NatAddressModes lists the accepted address modes of a regional NAT gateway.
var NatAddressModes = []NatAddressMode{NatAddressAuto, NatAddressManual}

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
	// NAT is the NAT gateway strategy (default NatNone).
	NAT NatMode
	// NatAddressing picks auto or manual addresses for NatRegional (default
	// auto). Zonal NAT gateways always get one Elastic IP each, so any other
	// mode with NatAddressing set is refused.
	NatAddressing NatAddressMode
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
	// NamePrefix starts every Name tag: <prefix>-VPC, <prefix>-Public-SN,
	// <prefix>-Private-RT, … (default: the component name).
	NamePrefix string
	// Names override single Name tags, for guides that name things their own
	// way ("MyVPC", "insomenia-public-subnet").
	Names NetworkNames
	// Tags are merged into every child that takes tags.
	Tags map[string]string
	// Exceptions record guardrail findings the caller accepts for this VPC
	// (flow logs off in a lab, the guide's public address space), on the VPC.
	Exceptions Exceptions
}

// NetworkNames override the Name tags NetworkBase derives from NamePrefix.
// When a tier has several subnets, -1, -2, … is appended to its names.
type NetworkNames struct {
	VPC               string // the VPC's Name tag (default <prefix>-VPC)
	IGW               string // the internet gateway's (default <prefix>-IGW)
	PublicSubnet      string // the public subnets' (default <prefix>-Public-SN)
	PrivateSubnet     string // the private subnets' (default <prefix>-Private-SN)
	PublicRouteTable  string // the public route table's (default <prefix>-Public-RT)
	PrivateRouteTable string // the private route tables' (default <prefix>-Private-RT)
	NAT               string // the NAT gateways' (default <prefix>-NAT; their EIPs add -EIP)
}

// resolve fills every empty name from the prefix.
func (n NetworkNames) resolve(prefix string) NetworkNames {
	def := func(v, suffix string) string {
		if v == "" {
			return prefix + "-" + suffix
		}
		return v
	}
	return NetworkNames{
		VPC: def(n.VPC, "VPC"), IGW: def(n.IGW, "IGW"),
		PublicSubnet: def(n.PublicSubnet, "Public-SN"), PrivateSubnet: def(n.PrivateSubnet, "Private-SN"),
		PublicRouteTable: def(n.PublicRouteTable, "Public-RT"), PrivateRouteTable: def(n.PrivateRouteTable, "Private-RT"),
		NAT: def(n.NAT, "NAT"),
	}
}

// Subnet describes one created subnet for composition with other components.
type Subnet struct {
	Tier         string
	Index        int
	CIDR         string
	AZ           string
	ID           pulumi.StringOutput
	RouteTableID pulumi.StringOutput
}

// NetworkBase is a VPC with public and private subnets, routes, optional NAT
// and flow logs, and its default security group stripped of all rules.
type NetworkBase struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// VpcID is the VPC's ID.
	VpcID pulumi.StringOutput `pulumi:"vpcId"`
	// VpcCIDR is the VPC's IPv4 block.
	VpcCIDR pulumi.StringOutput `pulumi:"vpcCidr"`
	// PublicSubnetIDs are the public subnets' IDs, in the order they were given.
	PublicSubnetIDs pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	// PrivateSubnetIDs are the private subnets' IDs, in the order they were given.
	PrivateSubnetIDs pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// PublicRouteTableIDs holds the one public route table's ID (empty without public subnets).
	PublicRouteTableIDs pulumi.StringArrayOutput `pulumi:"publicRouteTableIds"`
	// PrivateRouteTableIDs are the private subnets' route table IDs, one per subnet in the same order.
	PrivateRouteTableIDs pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	// NatGatewayIDs are the NAT gateways' IDs (empty without NAT).
	NatGatewayIDs pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	// NatPublicIPs are the NAT gateways' public addresses, for allowlists.
	NatPublicIPs pulumi.StringArrayOutput `pulumi:"natPublicIps"`

	// Plain values for composing other components.
	CIDR           string
	DNSHostnames   bool // DNS support is always on
	PublicSubnets  []Subnet
	PrivateSubnets []Subnet
}

const networkBase = "NetworkBase"

// flowLogRetentions are the values CloudWatch Logs accepts for retention.
var flowLogRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

type subnetPlan struct {
	tier    string
	index   int
	cidr    netip.Prefix
	azIndex int
	az      string
}

type networkPlan struct {
	args     NetworkBaseArgs // with defaults applied
	vpc      netip.Prefix
	public   []subnetPlan
	private  []subnetPlan
	natHosts []int // public subnet indexes that host a zonal NAT gateway
	natFor   []int // per private subnet: index into natHosts (0 for the regional gateway), or -1
	// natAZs are the AZ indexes a regional NAT gateway serves in manual mode:
	// those of the private subnets, in AZ order.
	natAZs []int
}

// Validate checks the arguments without registering anything. name is the
// component name the defaults derive from.
func (a NetworkBaseArgs) Validate(name string) error {
	if a.NamePrefix == "" {
		a.NamePrefix = name
	}
	_, err := planNetwork(a, name)
	return err
}

func planNetwork(a NetworkBaseArgs, name string) (*networkPlan, error) {
	c := networkBase
	if a.NAT == "" {
		a.NAT = NatNone
	}
	if a.FlowLogRetentionDays == 0 {
		a.FlowLogRetentionDays = 365
	}
	vpc, why := parseBlock(a.CIDR)
	if why != "" {
		return nil, argErr(c, "CIDR", a.CIDR, "%s", why)
	}
	if linkLocal.Overlaps(vpc) {
		return nil, argErr(c, "CIDR", a.CIDR, "169.254.0.0/16 is link-local and cannot be used in a VPC")
	}
	if !isPrivate(vpc) && !a.AllowPublicAddressSpace {
		return nil, argErr(c, "CIDR", a.CIDR, "not in private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); "+
			"public space shadows real internet addresses, so it needs AllowPublicAddressSpace")
	}
	if a.SubnetPrefixLength == 0 {
		a.SubnetPrefixLength = 24
		if vpc.Bits() >= 23 {
			a.SubnetPrefixLength = min(vpc.Bits()+2, MaxPrefixLen)
		}
	}
	if a.SubnetPrefixLength < vpc.Bits() || a.SubnetPrefixLength > MaxPrefixLen {
		return nil, argErr(c, "SubnetPrefixLength", a.SubnetPrefixLength, "must be between the VPC's /%d and /%d", vpc.Bits(), MaxPrefixLen)
	}
	if len(a.AvailabilityZones) == 0 {
		return nil, argErr(c, "AvailabilityZones", a.AvailabilityZones, "at least one availability zone name is required (see AvailableZones)")
	}
	if len(a.PublicSubnets)+len(a.PrivateSubnets) == 0 {
		return nil, argErr(c, "PrivateSubnets", a.PrivateSubnets, "a network needs at least one public or private subnet")
	}
	if n := len(a.PublicSubnets) + len(a.PrivateSubnets); n > 200 {
		return nil, argErr(c, "PrivateSubnets", n, "AWS allows at most 200 subnets per VPC")
	}
	if !slices.Contains(NatModes, a.NAT) {
		return nil, argErr(c, "NAT", string(a.NAT), "must be one of none, single, per-az, regional")
	}
	switch {
	case a.NatAddressing != "" && !slices.Contains(NatAddressModes, a.NatAddressing):
		return nil, argErr(c, "NatAddressing", string(a.NatAddressing), "must be auto or manual")
	case a.NatAddressing != "" && a.NAT == NatNone:
		return nil, argErr(c, "NatAddressing", string(a.NatAddressing), "applies only to NAT regional, and NAT is none")
	case a.NatAddressing != "" && a.NAT != NatRegional:
		return nil, argErr(c, "NatAddressing", string(a.NatAddressing), "applies only to NAT regional; a zonal NAT gateway (NAT %s) always gets one Elastic IP of its own", a.NAT)
	case a.NatAddressing == "" && a.NAT == NatRegional:
		a.NatAddressing = NatAddressAuto
	}
	if a.FlowLogs && !slices.Contains(flowLogRetentions, a.FlowLogRetentionDays) {
		return nil, argErr(c, "FlowLogRetentionDays", a.FlowLogRetentionDays, "CloudWatch Logs accepts only %v", flowLogRetentions)
	}
	if a.NamePrefix == "" {
		return nil, argErr(c, "NamePrefix", a.NamePrefix, "must not be empty")
	}
	if err := validateNameTag(c, "NamePrefix", a.NamePrefix+"-Private-SN-200"); err != nil {
		return nil, err
	}
	n := a.Names
	for _, f := range []struct{ arg, v string }{{"Names.VPC", n.VPC}, {"Names.IGW", n.IGW}, {"Names.PublicSubnet", n.PublicSubnet},
		{"Names.PrivateSubnet", n.PrivateSubnet}, {"Names.PublicRouteTable", n.PublicRouteTable}, {"Names.PrivateRouteTable", n.PrivateRouteTable}, {"Names.NAT", n.NAT}} {
		if f.v != "" {
			if err := validateNameTag(c, f.arg, f.v+"-EIP-200"); err != nil {
				return nil, err
			}
		}
	}
	if err := validateTags(c, a.Tags); err != nil {
		return nil, err
	}
	if err := a.Exceptions.validate(c, "Exceptions"); err != nil {
		return nil, err
	}
	if a.FlowLogs {
		if err := validateRoleName(c, name, name+"-flow-logs-role"); err != nil {
			return nil, err
		}
	}

	p := &networkPlan{args: a, vpc: vpc}
	var taken []netip.Prefix
	var explicit []struct {
		arg string
		p   netip.Prefix
	}
	var toCarve []*subnetPlan
	tiers := []struct {
		name  string
		arg   string
		specs []SubnetSpec
		out   *[]subnetPlan
	}{
		{TierPublic, "PublicSubnets", a.PublicSubnets, &p.public},
		{TierPrivate, "PrivateSubnets", a.PrivateSubnets, &p.private},
	}
	for _, t := range tiers {
		*t.out = make([]subnetPlan, len(t.specs))
		for i, s := range t.specs {
			sp := &(*t.out)[i]
			*sp = subnetPlan{tier: t.name, index: i, azIndex: s.AZIndex}
			arg := fmt.Sprintf("%s[%d]", t.arg, i)
			if s.AZIndex < 0 || s.AZIndex >= len(a.AvailabilityZones) {
				return nil, argErr(c, arg+".AZIndex", s.AZIndex, "the region has %s (%q), so the index must be 0 to %d",
					plural(len(a.AvailabilityZones), "1 availability zone", "%d availability zones"), a.AvailabilityZones, len(a.AvailabilityZones)-1)
			}
			sp.az = a.AvailabilityZones[s.AZIndex]
			if s.CIDR == "" {
				toCarve = append(toCarve, sp)
				continue
			}
			sn, why := parseBlock(s.CIDR)
			if why != "" {
				return nil, argErr(c, arg+".CIDR", s.CIDR, "%s", why)
			}
			if !contains(vpc, sn) {
				return nil, argErr(c, arg+".CIDR", s.CIDR, "not inside the VPC block %s", vpc)
			}
			for _, e := range explicit {
				if e.p.Overlaps(sn) {
					return nil, argErr(c, arg+".CIDR", s.CIDR, "overlaps %s (%s)", e.arg, e.p)
				}
			}
			explicit = append(explicit, struct {
				arg string
				p   netip.Prefix
			}{arg + ".CIDR", sn})
			taken = append(taken, sn)
			sp.cidr = sn
		}
	}
	blocks, ok := carve(vpc, a.SubnetPrefixLength, len(toCarve), taken)
	if !ok {
		return nil, argErr(c, "SubnetPrefixLength", a.SubnetPrefixLength, "the VPC %s has no room left for %d more /%d subnets", vpc, len(toCarve), a.SubnetPrefixLength)
	}
	for i, sp := range toCarve {
		sp.cidr = blocks[i]
	}

	// NAT placement.
	p.natFor = make([]int, len(p.private))
	for i := range p.natFor {
		p.natFor[i] = -1
	}
	switch a.NAT {
	case NatSingle, NatPerAZ, NatRegional:
		if len(p.private) == 0 {
			return nil, argErr(c, "NAT", string(a.NAT), "there are no private subnets to route through a NAT gateway")
		}
		// A regional NAT gateway is created at the VPC level and needs no public subnet.
		if len(p.public) == 0 && a.NAT != NatRegional {
			return nil, argErr(c, "NAT", string(a.NAT), "a NAT gateway sits in a public subnet, and there is none (NAT regional needs none)")
		}
	}
	switch a.NAT {
	case NatRegional:
		for i, sp := range p.private {
			p.natFor[i] = 0
			if !slices.Contains(p.natAZs, sp.azIndex) {
				p.natAZs = append(p.natAZs, sp.azIndex)
			}
		}
		slices.Sort(p.natAZs)
	case NatSingle:
		p.natHosts = []int{0}
		for i := range p.natFor {
			p.natFor[i] = 0
		}
	case NatPerAZ:
		hostOfAZ := map[string]int{}
		for i, sp := range p.private {
			h, ok := hostOfAZ[sp.az]
			if !ok {
				pub := slices.IndexFunc(p.public, func(q subnetPlan) bool { return q.az == sp.az })
				if pub < 0 {
					return nil, argErr(c, "NAT", string(a.NAT), "PrivateSubnets[%d] is in %s (AZ index %d) and no public subnet there can host its NAT gateway",
						i, sp.az, sp.azIndex)
				}
				h = len(p.natHosts)
				p.natHosts = append(p.natHosts, pub)
				hostOfAZ[sp.az] = h
			}
			p.natFor[i] = h
		}
	}
	return p, nil
}

// numbered numbers a Name tag only when there are several of its kind, so a
// one-subnet lab reads exactly like the guide (CloudNeta-Public-SN).
func numbered(name string, i, n int) string {
	if n == 1 {
		return name
	}
	return fmt.Sprintf("%s-%d", name, i+1)
}

// AvailableZones returns the names of the region's available AZs in order,
// for NetworkBaseArgs.AvailabilityZones.
func AvailableZones(ctx *pulumi.Context, opts ...pulumi.InvokeOption) ([]string, error) {
	res, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{State: pulumi.StringRef("available")}, opts...)
	if err != nil {
		return nil, fmt.Errorf("looking up availability zones: %w", err)
	}
	return res.Names, nil
}

// NewNetworkBase validates args, then builds the network. A bad argument
// returns an *ArgError and registers nothing.
func NewNetworkBase(ctx *pulumi.Context, name string, args *NetworkBaseArgs, opts ...pulumi.ResourceOption) (*NetworkBase, error) {
	if args == nil {
		args = &NetworkBaseArgs{}
	}
	a := *args
	if a.NamePrefix == "" {
		a.NamePrefix = name
	}
	plan, err := planNetwork(a, name)
	if err != nil {
		return nil, err
	}
	a = plan.args

	nb := &NetworkBase{CIDR: plan.vpc.String(), DNSHostnames: !a.DisableDNSHostnames}
	if err := ctx.RegisterComponentResource("vpclab:index:NetworkBase", name, nb, nb.children.track(opts)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(nb)
	tags := func(n string) pulumi.StringMap { return withName(a.Tags, n) }
	names := a.Names.resolve(a.NamePrefix)

	vpc, err := ec2.NewVpc(ctx, name+"-vpc", &ec2.VpcArgs{
		CidrBlock: pulumi.String(plan.vpc.String()),
		// Private DNS on interface endpoints needs both; hostnames default to off.
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(!a.DisableDNSHostnames),
		Tags:               withName(a.Exceptions.with(a.Tags), names.VPC),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: vpc: %w", name, err)
	}

	// Adopting the default SG with no rules removes its allow-all rules (EC2.2).
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  tags(a.NamePrefix + "-Default-SG"),
	}, parent); err != nil {
		return nil, fmt.Errorf("%s: default security group: %w", name, err)
	}

	var igw *ec2.InternetGateway
	var publicRT *ec2.RouteTable
	// A public NAT gateway, regional ones included, needs the VPC's internet gateway.
	if len(plan.public) > 0 || a.NAT == NatRegional {
		igw, err = ec2.NewInternetGateway(ctx, name+"-igw", &ec2.InternetGatewayArgs{
			VpcId: vpc.ID(),
			Tags:  tags(names.IGW),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: internet gateway: %w", name, err)
		}
	}
	if len(plan.public) > 0 {
		publicRT, err = ec2.NewRouteTable(ctx, name+"-public-rt", &ec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Tags:  withName(except("LAB-VPC-04", "public subnets reach the internet through the internet gateway by design").with(a.Tags), names.PublicRouteTable),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: public route table: %w", name, err)
		}
		_, err := ec2.NewRoute(ctx, name+"-public-default-route", &ec2.RouteArgs{
			RouteTableId:         publicRT.ID(),
			DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
			GatewayId:            igw.ID(),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: public default route: %w", name, err)
		}
	}

	var publicIDs, privateIDs, publicRTs, privateRTs, natIDs, natIPs pulumi.StringArray
	var natIPsOut pulumi.StringArrayOutput // when AWS picks the addresses
	publicSubnets := make([]*ec2.Subnet, len(plan.public))
	for i, sp := range plan.public {
		sn, err := newSubnet(ctx, name, sp, vpc, tags(numbered(names.PublicSubnet, i, len(plan.public))), parent)
		if err != nil {
			return nil, err
		}
		_, err = ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-public-%d-rta", name, i), &ec2.RouteTableAssociationArgs{
			SubnetId:     sn.ID(),
			RouteTableId: publicRT.ID(),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: public subnet %d route table association: %w", name, i, err)
		}
		publicSubnets[i] = sn
		publicIDs = append(publicIDs, sn.ID())
		nb.PublicSubnets = append(nb.PublicSubnets, Subnet{Tier: TierPublic, Index: i, CIDR: sp.cidr.String(), AZ: sp.az,
			ID: sn.ID().ToStringOutput(), RouteTableID: publicRT.ID().ToStringOutput()})
	}
	if publicRT != nil {
		publicRTs = append(publicRTs, publicRT.ID())
	}

	nats := make([]*ec2.NatGateway, len(plan.natHosts))
	for h, pub := range plan.natHosts {
		// Named after the public subnet that hosts it, so single → per-az keeps the first NAT.
		base := fmt.Sprintf("%s-public-%d-nat", name, pub)
		tag := numbered(names.NAT, h, len(plan.natHosts))
		eip, err := ec2.NewEip(ctx, base+"-eip", &ec2.EipArgs{
			Domain: pulumi.String("vpc"),
			Tags:   tags(tag + "-EIP"),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: NAT EIP: %w", name, err)
		}
		nat, err := ec2.NewNatGateway(ctx, base, &ec2.NatGatewayArgs{
			AllocationId: eip.AllocationId,
			SubnetId:     publicSubnets[pub].ID(),
			Tags:         tags(tag),
		}, parent, pulumi.DependsOn([]pulumi.Resource{igw})) // a NAT gateway needs the IGW attached
		if err != nil {
			return nil, fmt.Errorf("%s: NAT gateway: %w", name, err)
		}
		nats[h] = nat
		natIDs = append(natIDs, nat.ID())
		natIPs = append(natIPs, eip.PublicIp)
	}
	if a.NAT == NatRegional {
		nat, ips, err := newRegionalNat(ctx, name, plan, vpc, igw, names.NAT, parent)
		if err != nil {
			return nil, err
		}
		nats = []*ec2.NatGateway{nat}
		natIDs = append(natIDs, nat.ID())
		natIPsOut = ips
	}

	for i, sp := range plan.private {
		sn, err := newSubnet(ctx, name, sp, vpc, tags(numbered(names.PrivateSubnet, i, len(plan.private))), parent)
		if err != nil {
			return nil, err
		}
		// One route table per private subnet: a NAT mode change then adds or
		// removes a route instead of re-associating subnets.
		rt, err := ec2.NewRouteTable(ctx, fmt.Sprintf("%s-private-%d-rt", name, i), &ec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Tags:  tags(numbered(names.PrivateRouteTable, i, len(plan.private))),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: private route table %d: %w", name, i, err)
		}
		_, err = ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-private-%d-rta", name, i), &ec2.RouteTableAssociationArgs{
			SubnetId:     sn.ID(),
			RouteTableId: rt.ID(),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: private subnet %d route table association: %w", name, i, err)
		}
		if h := plan.natFor[i]; h >= 0 {
			_, err := ec2.NewRoute(ctx, fmt.Sprintf("%s-private-%d-default-route", name, i), &ec2.RouteArgs{
				RouteTableId:         rt.ID(),
				DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
				NatGatewayId:         nats[h].ID(),
			}, parent)
			if err != nil {
				return nil, fmt.Errorf("%s: private default route %d: %w", name, i, err)
			}
		}
		privateIDs = append(privateIDs, sn.ID())
		privateRTs = append(privateRTs, rt.ID())
		nb.PrivateSubnets = append(nb.PrivateSubnets, Subnet{Tier: TierPrivate, Index: i, CIDR: sp.cidr.String(), AZ: sp.az,
			ID: sn.ID().ToStringOutput(), RouteTableID: rt.ID().ToStringOutput()})
	}

	if a.FlowLogs {
		if err := newFlowLog(ctx, name, a, vpc, tags, parent); err != nil {
			return nil, err
		}
	}

	nb.VpcID = vpc.ID().ToStringOutput()
	nb.VpcCIDR = vpc.CidrBlock
	nb.PublicSubnetIDs = publicIDs.ToStringArrayOutput()
	nb.PrivateSubnetIDs = privateIDs.ToStringArrayOutput()
	nb.PublicRouteTableIDs = publicRTs.ToStringArrayOutput()
	nb.PrivateRouteTableIDs = privateRTs.ToStringArrayOutput()
	nb.NatGatewayIDs = natIDs.ToStringArrayOutput()
	nb.NatPublicIPs = natIPs.ToStringArrayOutput()
	if a.NAT == NatRegional {
		nb.NatPublicIPs = natIPsOut
	}
	if err := ctx.RegisterResourceOutputs(nb, pulumi.Map{
		"vpcId":                nb.VpcID,
		"vpcCidr":              nb.VpcCIDR,
		"publicSubnetIds":      nb.PublicSubnetIDs,
		"privateSubnetIds":     nb.PrivateSubnetIDs,
		"publicRouteTableIds":  nb.PublicRouteTableIDs,
		"privateRouteTableIds": nb.PrivateRouteTableIDs,
		"natGatewayIds":        nb.NatGatewayIDs,
		"natPublicIps":         nb.NatPublicIPs,
	}); err != nil {
		return nil, err
	}
	return nb, nil
}

// newRegionalNat creates the VPC's regional NAT gateway. In auto mode AWS
// allocates its addresses and its public IPs are those AWS reports; in manual
// mode each AZ with private subnets gets an Elastic IP of its own, named by
// AZ index so adding a subnet in another AZ leaves the others in place.
// The rules (no subnet or allocation ID, public connectivity only, the VPC
// ID, one address block per AZ) are the EC2 API's, checked by sim's rule table.
func newRegionalNat(ctx *pulumi.Context, name string, plan *networkPlan, vpc *ec2.Vpc, igw *ec2.InternetGateway, natName string,
	parent pulumi.ResourceOrInvokeOption) (*ec2.NatGateway, pulumi.StringArrayOutput, error) {
	args := &ec2.NatGatewayArgs{
		VpcId:            vpc.ID(),
		AvailabilityMode: pulumi.String("regional"),
		ConnectivityType: pulumi.String("public"),
		Tags:             withName(plan.args.Tags, natName),
	}
	var eipIPs pulumi.StringArray
	if plan.args.NatAddressing == NatAddressManual {
		var blocks ec2.NatGatewayAvailabilityZoneAddressArray
		for i, azi := range plan.natAZs {
			az := plan.args.AvailabilityZones[azi]
			eip, err := ec2.NewEip(ctx, fmt.Sprintf("%s-nat-az%d-eip", name, azi), &ec2.EipArgs{
				Domain: pulumi.String("vpc"),
				Tags:   withName(plan.args.Tags, numbered(natName+"-EIP", i, len(plan.natAZs))),
			}, parent)
			if err != nil {
				return nil, pulumi.StringArrayOutput{}, fmt.Errorf("%s: regional NAT EIP in %s: %w", name, az, err)
			}
			blocks = append(blocks, &ec2.NatGatewayAvailabilityZoneAddressArgs{
				AvailabilityZone: pulumi.String(az),
				AllocationIds:    pulumi.StringArray{eip.AllocationId},
			})
			eipIPs = append(eipIPs, eip.PublicIp)
		}
		args.AvailabilityZoneAddresses = blocks
	}
	nat, err := ec2.NewNatGateway(ctx, name+"-nat", args, parent, pulumi.DependsOn([]pulumi.Resource{igw}))
	if err != nil {
		return nil, pulumi.StringArrayOutput{}, fmt.Errorf("%s: regional NAT gateway: %w", name, err)
	}
	if plan.args.NatAddressing == NatAddressManual {
		return nat, eipIPs.ToStringArrayOutput(), nil
	}
	// Auto mode: the addresses AWS has associated so far (it adds one as it
	// expands into an AZ); `pulumi refresh` picks up later ones.
	ips := nat.RegionalNatGatewayAddresses.ApplyT(func(addrs []ec2.NatGatewayRegionalNatGatewayAddress) []string {
		out := []string{}
		for _, a := range addrs {
			if a.PublicIp != nil {
				out = append(out, *a.PublicIp)
			}
		}
		return out
	}).(pulumi.StringArrayOutput)
	return nat, ips, nil
}

func newSubnet(ctx *pulumi.Context, name string, sp subnetPlan, vpc *ec2.Vpc, tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) (*ec2.Subnet, error) {
	sn, err := ec2.NewSubnet(ctx, fmt.Sprintf("%s-%s-%d", name, sp.tier, sp.index), &ec2.SubnetArgs{
		VpcId:            vpc.ID(),
		CidrBlock:        pulumi.String(sp.cidr.String()),
		AvailabilityZone: pulumi.String(sp.az),
		// Public IPs are asked for per instance (the bastion), never by subnet (EC2.15).
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: %s subnet %d: %w", name, sp.tier, sp.index, err)
	}
	return sn, nil
}

// newFlowLog sends the VPC's flow logs to CloudWatch Logs through a role that
// only the flow-logs service of this account can assume.
func newFlowLog(ctx *pulumi.Context, name string, a NetworkBaseArgs, vpc *ec2.Vpc, tags func(string) pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) error {
	group, err := cloudwatch.NewLogGroup(ctx, name+"-flow-logs", &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.FlowLogRetentionDays),
		Tags:            tags(a.NamePrefix + "-Flow-Logs"),
	}, parent)
	if err != nil {
		return fmt.Errorf("%s: flow log group: %w", name, err)
	}
	caller := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent)
	trust := caller.AccountId().ApplyT(func(account string) (string, error) {
		doc := AssumeRoleForService("vpc-flow-logs.amazonaws.com")
		doc.Statement[0].Condition = map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {account}}, // confused-deputy guard
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name+"-flow-logs-role", &iam.RoleArgs{
		AssumeRolePolicy: trust,
		Tags:             tags(a.NamePrefix + "-Flow-Logs-Role"),
	}, parent)
	if err != nil {
		return fmt.Errorf("%s: flow log role: %w", name, err)
	}
	policy := group.Arn.ApplyT(func(arn string) (string, error) {
		return PolicyDocument{Version: PolicyVersion, Statement: []Statement{{
			Effect:   "Allow",
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			Resource: []string{arn, arn + ":*"},
		}}}.JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(ctx, name+"-flow-logs-policy", &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: policy,
	}, parent); err != nil {
		return fmt.Errorf("%s: flow log role policy: %w", name, err)
	}
	if _, err := ec2.NewFlowLog(ctx, name+"-flow-log", &ec2.FlowLogArgs{
		VpcId:                  vpc.ID(),
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(60),
		Tags:                   tags(a.NamePrefix + "-Flow-Log"),
	}, parent); err != nil {
		return fmt.Errorf("%s: flow log: %w", name, err)
	}
	return nil
}
