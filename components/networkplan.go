package components

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
)

// A NetworkBase is planned before anything is registered, in four steps
// that each take the previous one's result: defaults, validation, subnet
// placement, NAT placement, then naming. The constructor only walks the
// plan, so every refusal happens here and registers nothing.

// networkPlan is everything NewNetworkBase builds, decided.
type networkPlan struct {
	name    string
	args    NetworkBaseArgs // with defaults applied
	vpc     netip.Prefix
	public  []subnetPlan
	private []subnetPlan
	nat     natPlan
	names   networkNames
}

// subnetPlan places one subnet.
type subnetPlan struct {
	tier    string
	index   int // position in its tier, as in the resource name <name>-<tier>-<index>
	cidr    netip.Prefix
	azIndex int
	az      string
	name    string // its Name tag
	rtName  string // private subnets: the Name tag of its own route table
	tags    map[string]string
}

// natPlan places the NAT gateways.
type natPlan struct {
	// hosts are the public subnet indexes that host a zonal NAT gateway, one
	// per gateway.
	hosts []int
	// routeTo is, per private subnet, the gateway its default route goes to:
	// an index into hosts (0 for the regional gateway), or -1 for none.
	routeTo []int
	// regional is true for one regional gateway for the whole VPC.
	regional bool
	// regionalAZs are the AZ indexes a regional gateway serves with its own
	// Elastic IP (manual addresses): those of the private subnets, in order.
	regionalAZs []int
}

// networkNames are the Name tags of the children that are not subnets.
type networkNames struct {
	vpc, igw, publicRT, defaultSG      string
	flowLog, flowLogGroup, flowLogRole string
	nats, natEIPs                      []string // per zonal gateway
	regionalNAT                        string
	regionalEIPs                       []string // per entry of natPlan.regionalAZs
}

// networkNameHint says where NetworkBase's Name tags come from.
const networkNameHint = "name the children with NameTag, or a subnet's own Name"

// planNetwork runs the steps in order.
func planNetwork(name string, args NetworkBaseArgs) (*networkPlan, error) {
	a := networkDefaults(args)
	vpc, err := checkNetworkArgs(name, a)
	if err != nil {
		return nil, err
	}
	p := &networkPlan{name: name, vpc: vpc}
	if a.SubnetPrefixLength == 0 {
		a.SubnetPrefixLength = defaultSubnetPrefixLength(vpc)
	}
	p.args = a
	if p.public, p.private, err = placeSubnets(a, vpc); err != nil {
		return nil, err
	}
	if p.nat, err = placeNAT(a.NAT, a.NATAddressing, p.public, p.private); err != nil {
		return nil, err
	}
	if err := nameNetwork(p); err != nil {
		return nil, err
	}
	return p, nil
}

// networkDefaults fills the defaults that do not depend on the VPC block.
func networkDefaults(a NetworkBaseArgs) NetworkBaseArgs {
	if a.NAT == "" {
		a.NAT = NATNone
	}
	if a.NAT == NATRegional && a.NATAddressing == "" {
		a.NATAddressing = NATAddressAuto
	}
	if a.FlowLogRetentionDays == 0 {
		a.FlowLogRetentionDays = 365
	}
	return a
}

// defaultSubnetPrefixLength is /24, or two bits smaller than the VPC when
// the VPC is /23 or smaller.
func defaultSubnetPrefixLength(vpc netip.Prefix) int {
	if vpc.Bits() >= 23 {
		return min(vpc.Bits()+2, MaxPrefixLen)
	}
	return 24
}

// checkNetworkArgs checks every argument that does not need a placement.
func checkNetworkArgs(name string, a NetworkBaseArgs) (netip.Prefix, error) {
	c := networkBase
	if strings.TrimSpace(name) == "" {
		return netip.Prefix{}, argErr(c, "name", name, "must not be empty or blank: every child's resource name starts with it")
	}
	vpc, why := parseBlock(a.CIDR)
	if why != "" {
		return vpc, argErr(c, "CIDR", a.CIDR, "%s", why)
	}
	if linkLocal.Overlaps(vpc) {
		return vpc, argErr(c, "CIDR", a.CIDR, "169.254.0.0/16 is link-local and cannot be used in a VPC")
	}
	if !isPrivate(vpc) && !a.AllowPublicAddressSpace {
		return vpc, argErr(c, "CIDR", a.CIDR, "not in private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); "+
			"public space shadows real internet addresses, so it needs AllowPublicAddressSpace")
	}
	if n := a.SubnetPrefixLength; n != 0 && (n < vpc.Bits() || n > MaxPrefixLen) {
		return vpc, argErr(c, "SubnetPrefixLength", n, "must be between the VPC's /%d and /%d", vpc.Bits(), MaxPrefixLen)
	}
	if len(a.AvailabilityZones) == 0 {
		return vpc, argErr(c, "AvailabilityZones", a.AvailabilityZones, "at least one availability zone name is required (see AvailableZones)")
	}
	for i, az := range a.AvailabilityZones {
		if strings.TrimSpace(az) == "" {
			return vpc, argErr(c, fmt.Sprintf("AvailabilityZones[%d]", i), az, "must not be empty or blank")
		}
		if j := slices.Index(a.AvailabilityZones[:i], az); j >= 0 {
			return vpc, argErr(c, fmt.Sprintf("AvailabilityZones[%d]", i), az, "repeats AvailabilityZones[%d]", j)
		}
	}
	if len(a.PublicSubnets)+len(a.PrivateSubnets) == 0 {
		return vpc, argErr(c, "PrivateSubnets", a.PrivateSubnets, "a network needs at least one public or private subnet")
	}
	if n := len(a.PublicSubnets) + len(a.PrivateSubnets); n > 200 {
		return vpc, argErr(c, "PrivateSubnets", n, "AWS allows at most 200 subnets per VPC")
	}
	if !slices.Contains(NATModes, a.NAT) {
		return vpc, argErr(c, "NAT", string(a.NAT), "must be one of none, single, per-az, regional")
	}
	switch {
	case a.NATAddressing != "" && !slices.Contains(NATAddressModes, a.NATAddressing):
		return vpc, argErr(c, "NATAddressing", string(a.NATAddressing), "must be auto or manual")
	case a.NATAddressing != "" && a.NAT == NATNone:
		return vpc, argErr(c, "NATAddressing", string(a.NATAddressing), "applies only to NAT regional, and NAT is none")
	case a.NATAddressing != "" && a.NAT != NATRegional:
		return vpc, argErr(c, "NATAddressing", string(a.NATAddressing), "applies only to NAT regional; a zonal NAT gateway (NAT %s) always gets one Elastic IP of its own", a.NAT)
	}
	if a.FlowLogs && !slices.Contains(flowLogRetentions, a.FlowLogRetentionDays) {
		return vpc, argErr(c, "FlowLogRetentionDays", a.FlowLogRetentionDays, "CloudWatch Logs accepts only %v", flowLogRetentions)
	}
	if err := validateTagsAt(c, "Tags", a.Tags, 0, networkNameHint); err != nil {
		return vpc, err
	}
	for _, t := range []struct {
		arg  string
		tags TierTags
	}{{"PublicTags", a.PublicTags}, {"PrivateTags", a.PrivateTags}} {
		if err := validateTagsAt(c, t.arg+".Subnets", t.tags.Subnets, len(a.Tags), networkNameHint); err != nil {
			return vpc, err
		}
		if err := validateTagsAt(c, t.arg+".RouteTables", t.tags.RouteTables, len(a.Tags), networkNameHint); err != nil {
			return vpc, err
		}
	}
	if err := a.Exceptions.validate(c, "Exceptions"); err != nil {
		return vpc, err
	}
	if a.FlowLogs {
		if err := validateRoleName(c, name, name+"-flow-logs-role"); err != nil {
			return vpc, err
		}
	}
	return vpc, nil
}

// placeSubnets gives every subnet its AZ and block: explicit blocks are
// kept, the others carved in order (public tier first) from what is left.
func placeSubnets(a NetworkBaseArgs, vpc netip.Prefix) (public, private []subnetPlan, err error) {
	c := networkBase
	type claimed struct {
		arg string
		p   netip.Prefix
	}
	var explicit []claimed
	var toCarve []*subnetPlan
	tiers := []struct {
		name, arg string
		specs     []SubnetSpec
		tierTags  map[string]string
		out       *[]subnetPlan
	}{
		{TierPublic, "PublicSubnets", a.PublicSubnets, a.PublicTags.Subnets, &public},
		{TierPrivate, "PrivateSubnets", a.PrivateSubnets, a.PrivateTags.Subnets, &private},
	}
	for _, t := range tiers {
		*t.out = make([]subnetPlan, len(t.specs))
		for i, s := range t.specs {
			arg := fmt.Sprintf("%s[%d]", t.arg, i)
			sp := &(*t.out)[i]
			*sp = subnetPlan{tier: t.name, index: i, azIndex: s.AZIndex}
			if s.AZIndex < 0 || s.AZIndex >= len(a.AvailabilityZones) {
				return nil, nil, argErr(c, arg+".AZIndex", s.AZIndex, "the region has %s (%q), so the index must be 0 to %d",
					plural(len(a.AvailabilityZones), "1 availability zone", "%d availability zones"), a.AvailabilityZones, len(a.AvailabilityZones)-1)
			}
			sp.az = a.AvailabilityZones[s.AZIndex]
			if err := validateTagsAt(c, arg+".Tags", s.Tags, len(a.Tags)+len(t.tierTags), networkNameHint); err != nil {
				return nil, nil, err
			}
			sp.tags = s.Tags
			if s.CIDR == "" {
				toCarve = append(toCarve, sp)
				continue
			}
			block, why := parseBlock(s.CIDR)
			if why != "" {
				return nil, nil, argErr(c, arg+".CIDR", s.CIDR, "%s", why)
			}
			if !contains(vpc, block) {
				return nil, nil, argErr(c, arg+".CIDR", s.CIDR, "not inside the VPC block %s", vpc)
			}
			for _, e := range explicit {
				if e.p.Overlaps(block) {
					return nil, nil, argErr(c, arg+".CIDR", s.CIDR, "overlaps %s (%s)", e.arg, e.p)
				}
			}
			explicit = append(explicit, claimed{arg + ".CIDR", block})
			sp.cidr = block
		}
	}
	taken := make([]netip.Prefix, len(explicit))
	for i, e := range explicit {
		taken[i] = e.p
	}
	blocks, ok := carve(vpc, a.SubnetPrefixLength, len(toCarve), taken)
	if !ok {
		return nil, nil, argErr(c, "SubnetPrefixLength", a.SubnetPrefixLength, "the VPC %s has no room left for %d more /%d subnets", vpc, len(toCarve), a.SubnetPrefixLength)
	}
	for i, sp := range toCarve {
		sp.cidr = blocks[i]
	}
	return public, private, nil
}

// placeNAT decides which gateway each private subnet's default route goes
// to, and which public subnet hosts each zonal gateway.
func placeNAT(mode NATMode, addressing NATAddressMode, public, private []subnetPlan) (natPlan, error) {
	c := networkBase
	p := natPlan{routeTo: make([]int, len(private))}
	for i := range p.routeTo {
		p.routeTo[i] = -1
	}
	if mode == NATNone {
		return p, nil
	}
	if len(private) == 0 {
		return p, argErr(c, "NAT", string(mode), "there are no private subnets to route through a NAT gateway")
	}
	switch mode {
	case NATRegional:
		// Created at the VPC level: it needs no public subnet.
		p.regional = true
		for i, sp := range private {
			p.routeTo[i] = 0
			if addressing == NATAddressManual && !slices.Contains(p.regionalAZs, sp.azIndex) {
				p.regionalAZs = append(p.regionalAZs, sp.azIndex)
			}
		}
		slices.Sort(p.regionalAZs)
		return p, nil
	}
	if len(public) == 0 {
		return p, argErr(c, "NAT", string(mode), "a NAT gateway sits in a public subnet, and there is none (NAT regional needs none)")
	}
	if mode == NATSingle {
		p.hosts = []int{0}
		for i := range p.routeTo {
			p.routeTo[i] = 0
		}
		return p, nil
	}
	// Per AZ: the first public subnet of each AZ that has private subnets.
	hostOfAZ := map[string]int{}
	for i, sp := range private {
		h, ok := hostOfAZ[sp.az]
		if !ok {
			pub := slices.IndexFunc(public, func(q subnetPlan) bool { return q.az == sp.az })
			if pub < 0 {
				return p, argErr(c, "NAT", string(mode), "PrivateSubnets[%d] is in %s (AZ index %d) and no public subnet there can host its NAT gateway",
					i, sp.az, sp.azIndex)
			}
			h = len(p.hosts)
			p.hosts = append(p.hosts, pub)
			hostOfAZ[sp.az] = h
		}
		p.routeTo[i] = h
	}
	return p, nil
}

// nameNetwork gives every child its Name tag: the caller's NameTag function
// or a subnet's own Name where given, else the default, and checks each
// against AWS's tag rules.
func nameNetwork(p *networkPlan) error {
	a := p.args
	c := networkBase
	var err error
	name := func(arg string, child NetworkChild) string {
		if err != nil {
			return ""
		}
		child.Default = defaultNetworkName(p.name, child)
		n := child.Default
		if a.NameTag != nil {
			if got := a.NameTag(child); got != "" {
				n = got
				arg = "NameTag(" + child.String() + ")"
			}
		}
		if e := validateNameTag(c, arg, n, ""); e != nil {
			err = e
		}
		return n
	}
	sameAZ := func(ps []subnetPlan, az string) int {
		n := 0
		for _, q := range ps {
			if q.az == az {
				n++
			}
		}
		return n
	}
	n := &p.names
	n.vpc = name("name", NetworkChild{Kind: ChildVPC, Count: 1})
	n.igw = name("name", NetworkChild{Kind: ChildInternetGateway, Count: 1})
	n.defaultSG = name("name", NetworkChild{Kind: ChildDefaultSecurityGroup, Count: 1})
	n.publicRT = name("name", NetworkChild{Kind: ChildRouteTable, Tier: TierPublic, Count: 1})
	for _, t := range []struct {
		arg   string
		specs []SubnetSpec
		plans []subnetPlan
	}{{"PublicSubnets", a.PublicSubnets, p.public}, {"PrivateSubnets", a.PrivateSubnets, p.private}} {
		for i := range t.plans {
			sp := &t.plans[i]
			child := NetworkChild{Kind: ChildSubnet, Tier: sp.tier, AZ: sp.az, Index: i, Count: len(t.plans), SharesAZ: sameAZ(t.plans, sp.az) > 1}
			sp.name = name("name", child)
			if own := t.specs[i].Name; own != "" {
				sp.name = own
				if e := validateNameTag(c, fmt.Sprintf("%s[%d].Name", t.arg, i), own, ""); e != nil && err == nil {
					err = e
				}
			}
			if sp.tier == TierPrivate {
				child.Kind = ChildRouteTable
				sp.rtName = name("name", child)
			}
		}
	}
	for h, pub := range p.nat.hosts {
		child := NetworkChild{Kind: ChildNATGateway, AZ: p.public[pub].az, Index: h, Count: len(p.nat.hosts)}
		n.nats = append(n.nats, name("name", child))
		child.Kind = ChildNATAddress
		n.natEIPs = append(n.natEIPs, name("name", child))
	}
	if p.nat.regional {
		n.regionalNAT = name("name", NetworkChild{Kind: ChildNATGateway, Count: 1})
		for i, azi := range p.nat.regionalAZs {
			n.regionalEIPs = append(n.regionalEIPs, name("name", NetworkChild{Kind: ChildNATAddress, AZ: a.AvailabilityZones[azi], Index: i, Count: len(p.nat.regionalAZs)}))
		}
	}
	if a.FlowLogs {
		n.flowLog = name("name", NetworkChild{Kind: ChildFlowLog, Count: 1})
		n.flowLogGroup = name("name", NetworkChild{Kind: ChildFlowLogGroup, Count: 1})
		n.flowLogRole = name("name", NetworkChild{Kind: ChildFlowLogRole, Count: 1})
	}
	return err
}

// defaultNetworkName is the library's Name tag for a child: the component
// name, the tier and the AZ.
func defaultNetworkName(name string, ch NetworkChild) string {
	switch ch.Kind {
	case ChildVPC:
		return name
	case ChildInternetGateway:
		return name + "-igw"
	case ChildDefaultSecurityGroup:
		return name + "-default"
	case ChildSubnet, ChildRouteTable:
		if ch.AZ == "" { // the one public route table
			return name + "-" + ch.Tier
		}
		if ch.SharesAZ {
			return fmt.Sprintf("%s-%s-%s-%d", name, ch.Tier, ch.AZ, ch.Index)
		}
		return name + "-" + ch.Tier + "-" + ch.AZ
	case ChildNATGateway, ChildNATAddress:
		if ch.AZ == "" {
			return name + "-nat"
		}
		return name + "-nat-" + ch.AZ
	case ChildFlowLog, ChildFlowLogGroup, ChildFlowLogRole:
		return name + "-flow-logs"
	}
	return name
}

// subnetTags are a subnet's tags: the component's, its tier's, its own.
func (p *networkPlan) subnetTags(sp subnetPlan) map[string]string {
	tier := p.args.PublicTags.Subnets
	if sp.tier == TierPrivate {
		tier = p.args.PrivateTags.Subnets
	}
	return merged(p.args.Tags, tier, sp.tags)
}

// routeTableTags are a tier's route table tags: the component's and the tier's.
func (p *networkPlan) routeTableTags(tier string) map[string]string {
	if tier == TierPrivate {
		return merged(p.args.Tags, p.args.PrivateTags.RouteTables)
	}
	tags := merged(p.args.Tags, p.args.PublicTags.RouteTables)
	if p.args.GuardrailTags {
		tags = except("LAB-VPC-04", "public subnets reach the internet through the internet gateway by design").with(tags)
	}
	return tags
}

// merged layers tag maps, later ones winning; nil when all are empty.
func merged(layers ...map[string]string) map[string]string {
	var out map[string]string
	for _, l := range layers {
		if len(l) == 0 {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		maps.Copy(out, l)
	}
	return out
}
