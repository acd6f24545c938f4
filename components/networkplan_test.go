package components

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

var planAZs = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"}

// The plan alone, step by step: placement and NAT decisions as values.
func TestPlanPlacesSubnetsAndNAT(t *testing.T) {
	cases := []struct {
		name    string
		args    NetworkBaseArgs
		public  []string // cidr@az of each public subnet
		private []string
		hosts   []int // public subnet per zonal NAT gateway
		routeTo []int
	}{
		{"carved in tier order", NetworkBaseArgs{CIDR: "10.0.0.0/16", PublicSubnets: []SubnetSpec{{}, {AZIndex: 1}}, PrivateSubnets: []SubnetSpec{{}, {AZIndex: 1}}},
			[]string{"10.0.0.0/24@ap-northeast-2a", "10.0.1.0/24@ap-northeast-2b"}, []string{"10.0.2.0/24@ap-northeast-2a", "10.0.3.0/24@ap-northeast-2b"}, nil, []int{-1, -1}},
		{"explicit blocks are skipped by carving", NetworkBaseArgs{CIDR: "10.0.0.0/16", PublicSubnets: []SubnetSpec{{}, {CIDR: "10.0.0.0/24"}}},
			[]string{"10.0.1.0/24@ap-northeast-2a", "10.0.0.0/24@ap-northeast-2a"}, []string{}, nil, []int{}},
		{"a /24 VPC carves /26", NetworkBaseArgs{CIDR: "192.168.1.0/24", PrivateSubnets: []SubnetSpec{{}, {AZIndex: 2}}},
			[]string{}, []string{"192.168.1.0/26@ap-northeast-2a", "192.168.1.64/26@ap-northeast-2c"}, nil, []int{-1, -1}},
		{"per-az NAT in each AZ's first public subnet", NetworkBaseArgs{CIDR: "10.0.0.0/16", NAT: NATPerAZ,
			PublicSubnets: []SubnetSpec{{AZIndex: 1}, {}, {AZIndex: 1}}, PrivateSubnets: []SubnetSpec{{}, {AZIndex: 1}, {}}},
			[]string{"10.0.0.0/24@ap-northeast-2b", "10.0.1.0/24@ap-northeast-2a", "10.0.2.0/24@ap-northeast-2b"},
			[]string{"10.0.3.0/24@ap-northeast-2a", "10.0.4.0/24@ap-northeast-2b", "10.0.5.0/24@ap-northeast-2a"}, []int{1, 0}, []int{0, 1, 0}},
		{"single NAT in the first public subnet", NetworkBaseArgs{CIDR: "10.0.0.0/16", NAT: NATSingle,
			PublicSubnets: []SubnetSpec{{AZIndex: 1}}, PrivateSubnets: []SubnetSpec{{}, {AZIndex: 2}}},
			[]string{"10.0.0.0/24@ap-northeast-2b"}, []string{"10.0.1.0/24@ap-northeast-2a", "10.0.2.0/24@ap-northeast-2c"}, []int{0}, []int{0, 0}},
		{"regional NAT needs no public subnet", NetworkBaseArgs{CIDR: "10.0.0.0/16", NAT: NATRegional, PrivateSubnets: []SubnetSpec{{}, {AZIndex: 3}}},
			[]string{}, []string{"10.0.0.0/24@ap-northeast-2a", "10.0.1.0/24@ap-northeast-2d"}, nil, []int{0, 0}},
	}
	place := func(ps []subnetPlan) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, p.cidr.String()+"@"+p.az)
		}
		return out
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.args.AvailabilityZones = planAZs
			p, err := planNetwork("net", tc.args)
			if err != nil {
				t.Fatal(err)
			}
			if got := place(p.public); !slices.Equal(got, tc.public) {
				t.Errorf("public %v, want %v", got, tc.public)
			}
			if got := place(p.private); !slices.Equal(got, tc.private) {
				t.Errorf("private %v, want %v", got, tc.private)
			}
			if !slices.Equal(p.nat.hosts, tc.hosts) || !slices.Equal(p.nat.routeTo, tc.routeTo) {
				t.Errorf("NAT hosts %v routes %v, want %v %v", p.nat.hosts, p.nat.routeTo, tc.hosts, tc.routeTo)
			}
		})
	}
}

// The default Name tags are the component name, the tier and the AZ; a
// naming function and a subnet's own Name win over them.
func TestPlanNames(t *testing.T) {
	args := NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: planAZs, NAT: NATPerAZ,
		PublicSubnets:  []SubnetSpec{{}, {AZIndex: 1}},
		PrivateSubnets: []SubnetSpec{{}, {AZIndex: 1}, {AZIndex: 1, Name: "db-b"}}}
	p, err := planNetwork("core", args)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{p.names.vpc, p.names.igw, p.names.publicRT, p.names.defaultSG}
	for _, s := range slices.Concat(p.public, p.private) {
		got = append(got, s.name, s.rtName)
	}
	got = append(got, p.names.nats...)
	got = append(got, p.names.natEIPs...)
	want := []string{"core", "core-igw", "core-public", "core-default",
		"core-public-ap-northeast-2a", "", "core-public-ap-northeast-2b", "",
		"core-private-ap-northeast-2a", "core-private-ap-northeast-2a",
		"core-private-ap-northeast-2b-1", "core-private-ap-northeast-2b-1", "db-b", "core-private-ap-northeast-2b-2",
		"core-nat-ap-northeast-2a", "core-nat-ap-northeast-2b", "core-nat-ap-northeast-2a", "core-nat-ap-northeast-2b"}
	if !slices.Equal(got, want) {
		t.Errorf("names\n%q\nwant\n%q", got, want)
	}

	args.NameTag = func(c NetworkChild) string {
		if (c.Kind == ChildSubnet || c.Kind == ChildRouteTable) && c.AZ != "" {
			return fmt.Sprintf("ACME-%s-%s-%d", strings.ToUpper(c.Tier), c.AZ[len(c.AZ)-1:], c.Index+1)
		}
		return "" // the default
	}
	p, err = planNetwork("core", args)
	if err != nil {
		t.Fatal(err)
	}
	if p.names.vpc != "core" || p.private[0].name != "ACME-PRIVATE-a-1" || p.private[1].rtName != "ACME-PRIVATE-b-2" || p.private[2].name != "db-b" {
		t.Errorf("with NameTag: vpc %q, subnets %q %q %q", p.names.vpc, p.private[0].name, p.private[1].rtName, p.private[2].name)
	}
}

// Property: for any arguments the plan accepts, every subnet lies in the
// VPC, none overlap, each sits in the AZ its index names, explicit blocks
// are kept and carved ones have the prefix length; each private subnet's
// NAT route goes to a gateway in a public subnet of its own AZ (per-az),
// to the first public subnet (single), to the one regional gateway, or
// nowhere (none). Arguments it refuses come back as an *ArgError.
func TestPlanProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range 3000 {
		args := randomNetworkArgs(r)
		p, err := planNetwork("net", args)
		if err != nil {
			if _, ok := AsArgError(err); !ok {
				t.Fatalf("%+v: error %v is not an *ArgError", args, err)
			}
			continue
		}
		accepted++
		checkPlan(t, args, p)
	}
	if accepted < 500 {
		t.Errorf("only %d of 3000 random networks were accepted: the generator tests little", accepted)
	}
}

func FuzzPlanNetwork(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(7), uint64(99))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		args := randomNetworkArgs(rand.New(rand.NewPCG(a, b)))
		if p, err := planNetwork("net", args); err == nil {
			checkPlan(t, args, p)
		} else if _, ok := AsArgError(err); !ok {
			t.Fatalf("error %v is not an *ArgError", err)
		}
	})
}

func randomNetworkArgs(r *rand.Rand) NetworkBaseArgs {
	vpcBits := 16 + r.IntN(9) // /16../24
	vpc := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), 0, 0}), vpcBits).Masked()
	a := NetworkBaseArgs{CIDR: vpc.String(), AvailabilityZones: planAZs[:1+r.IntN(4)], NAT: NATModes[r.IntN(len(NATModes))]}
	if a.NAT == NATRegional && r.IntN(2) == 0 {
		a.NATAddressing = NATAddressManual
	}
	if r.IntN(3) == 0 {
		a.SubnetPrefixLength = vpcBits + r.IntN(5)
	}
	spec := func() SubnetSpec {
		s := SubnetSpec{AZIndex: r.IntN(len(a.AvailabilityZones))}
		if r.IntN(20) == 0 {
			s.AZIndex = len(a.AvailabilityZones) // one too far: refused
		}
		if r.IntN(3) == 0 {
			bits := min(vpcBits+1+r.IntN(4), MaxPrefixLen)
			base := vpc.Addr().As4()
			off := uint32(r.IntN(1<<(bits-vpcBits))) << (32 - bits)
			n := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3]) + off
			s.CIDR = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), bits).String()
		}
		return s
	}
	for range r.IntN(4) {
		a.PublicSubnets = append(a.PublicSubnets, spec())
	}
	for range r.IntN(5) {
		a.PrivateSubnets = append(a.PrivateSubnets, spec())
	}
	return a
}

func checkPlan(t *testing.T, args NetworkBaseArgs, p *networkPlan) {
	t.Helper()
	all := slices.Concat(p.public, p.private)
	specs := slices.Concat(args.PublicSubnets, args.PrivateSubnets)
	for i, s := range all {
		if !contains(p.vpc, s.cidr) {
			t.Fatalf("%+v: subnet %s outside the VPC %s", args, s.cidr, p.vpc)
		}
		if s.az != args.AvailabilityZones[specs[i].AZIndex] {
			t.Fatalf("%+v: subnet %d in %s, its AZIndex names %s", args, i, s.az, args.AvailabilityZones[specs[i].AZIndex])
		}
		if specs[i].CIDR != "" && s.cidr.String() != specs[i].CIDR {
			t.Fatalf("%+v: explicit %s became %s", args, specs[i].CIDR, s.cidr)
		}
		if specs[i].CIDR == "" && s.cidr.Bits() != p.args.SubnetPrefixLength {
			t.Fatalf("%+v: carved %s is not /%d", args, s.cidr, p.args.SubnetPrefixLength)
		}
		for _, o := range all[i+1:] {
			if s.cidr.Overlaps(o.cidr) {
				t.Fatalf("%+v: %s overlaps %s", args, s.cidr, o.cidr)
			}
		}
	}
	for i, s := range p.private {
		h := p.nat.routeTo[i]
		switch p.args.NAT {
		case NATNone:
			if h != -1 {
				t.Fatalf("%+v: NAT none routes private %d", args, i)
			}
		case NATRegional:
			if h != 0 || !p.nat.regional {
				t.Fatalf("%+v: private %d not on the regional gateway", args, i)
			}
			if (args.NATAddressing == NATAddressManual) != slices.Contains(p.nat.regionalAZs, s.azIndex) {
				t.Fatalf("%+v: manual addresses %v and private AZ %d", args, p.nat.regionalAZs, s.azIndex)
			}
		case NATSingle:
			if h != 0 || p.nat.hosts[0] != 0 {
				t.Fatalf("%+v: single NAT not in the first public subnet", args)
			}
		case NATPerAZ:
			if host := p.public[p.nat.hosts[h]]; host.az != s.az {
				t.Fatalf("%+v: private %d in %s routes to a NAT in %s", args, i, s.az, host.az)
			}
		}
	}
	if p.args.NAT == NATPerAZ {
		seen := map[string]bool{}
		for _, h := range p.nat.hosts {
			if az := p.public[h].az; seen[az] {
				t.Fatalf("%+v: two NAT gateways in %s", args, az)
			} else {
				seen[az] = true
			}
		}
	}
}
