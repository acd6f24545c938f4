package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Sources of the NAT gateway rules.
const (
	srcCreateNat   = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNatGateway.html"
	srcAZAddress   = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AvailabilityZoneAddress.html"
	srcRegionalNat = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html"
	srcNatFailure  = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html"
	// The provider's argument reference, which states the zonal-only and
	// regional-only arguments of CreateNatGateway as one list.
	srcNatResource = "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/natgateway/"
)

// natRequest is a CreateNatGateway request as the simulation sees it.
type natRequest struct {
	r        *Resource
	regional bool
	public   bool
}

// set reports whether the request gives an argument (an empty list counts as unset).
func (n natRequest) set(key string) bool {
	v := n.r.Input(key)
	if v.IsArray() {
		return len(v.ArrayValue()) > 0
	}
	return !v.IsNull() && str(v) != "" || v.IsObject()
}

// natRules are the argument rules of CreateNatGateway, one line each, with
// where AWS (or the provider, for the argument names) says so.
var natRules = []struct {
	rule   string
	source string
	broken func(natRequest) bool
}{
	{"availabilityMode must be zonal or regional", srcCreateNat, func(n natRequest) bool {
		m := n.r.Str("availabilityMode")
		return m != "" && m != "zonal" && m != "regional"
	}},
	{"connectivityType must be public or private", srcCreateNat, func(n natRequest) bool {
		c := n.r.Str("connectivityType")
		return c != "" && c != "public" && c != "private"
	}},
	{"a regional NAT gateway has public connectivity only (connectivityType public)", srcRegionalNat, func(n natRequest) bool { return n.regional && !n.public }},
	{"a regional NAT gateway needs vpcId", srcNatResource, func(n natRequest) bool { return n.regional && !n.set("vpcId") }},
	{"a regional NAT gateway is created in the VPC, not in a subnet: subnetId must not be set", srcNatResource, func(n natRequest) bool { return n.regional && n.set("subnetId") }},
	{"a regional NAT gateway takes its Elastic IPs per AZ in availabilityZoneAddresses: allocationId must not be set", srcNatResource, func(n natRequest) bool {
		return n.regional && n.set("allocationId")
	}},
	{"privateIp, secondaryAllocationIds and secondaryPrivateIpAddresses are for zonal NAT gateways only", srcNatResource, func(n natRequest) bool {
		return n.regional && (n.set("privateIp") || n.set("secondaryAllocationIds") || n.set("secondaryPrivateIpAddresses"))
	}},
	{"a zonal NAT gateway needs subnetId", srcCreateNat, func(n natRequest) bool { return !n.regional && !n.set("subnetId") }},
	{"a public zonal NAT gateway needs allocationId", srcNatResource, func(n natRequest) bool { return !n.regional && n.public && !n.set("allocationId") }},
	{"a private NAT gateway takes no Elastic IP: allocationId must not be set", srcCreateNat, func(n natRequest) bool { return !n.public && n.set("allocationId") }},
	{"vpcId and availabilityZoneAddresses are for regional NAT gateways only", srcNatResource, func(n natRequest) bool {
		return !n.regional && (n.set("vpcId") || n.set("availabilityZoneAddresses"))
	}},
}

// simulateNatGateway checks a NAT gateway as the EC2 API would and adds what
// AWS reports for its mode.
func (m *Monitor) simulateNatGateway(r *Resource, out resource.PropertyMap, lookup func(string) *Resource) error {
	n := natRequest{r: r, regional: r.Str("availabilityMode") == "regional", public: r.Str("connectivityType") != "private"}
	for _, rule := range natRules {
		if rule.broken(n) {
			return fmt.Errorf("NAT gateway %s: %s (%s)", r.Name, rule.rule, rule.source)
		}
	}
	set := func(k, v string) { out[resource.PropertyKey(k)] = resource.NewProperty(v) }
	mode, connectivity := "zonal", "public"
	if n.regional {
		mode = "regional"
	}
	if !n.public {
		connectivity = "private"
	}
	set("availabilityMode", mode)
	set("connectivityType", connectivity)

	var vpcID string
	if n.regional {
		vpcID = r.Str("vpcId")
		if vpc := lookup(vpcID); vpc == nil || vpc.Type != "aws:ec2/vpc:Vpc" {
			return fmt.Errorf("NAT gateway %s: vpcId %q is not a VPC of this program", r.Name, vpcID)
		}
	} else {
		sn := lookup(r.Str("subnetId"))
		if sn == nil || sn.Type != "aws:ec2/subnet:Subnet" {
			return fmt.Errorf("NAT gateway %s: subnetId %q is not a subnet of this program", r.Name, r.Str("subnetId"))
		}
		vpcID = sn.Str("vpcId")
		set("vpcId", vpcID)
		set("subnetId", sn.ID)
		set("privateIp", hostIn(netip.MustParsePrefix(sn.Str("cidrBlock")), r.URN).String())
		set("networkInterfaceId", awsID("eni", r.URN))
	}
	if n.public && !m.hasInternetGateway(vpcID) {
		return fmt.Errorf("NAT gateway %s: Network %s has no internet gateway attached; a public NAT gateway must be created in a VPC with an internet gateway (%s)",
			r.Name, vpcID, srcNatFailure)
	}
	if !n.regional {
		if n.public {
			eip, err := m.natEIP(r, "allocationId", r.Str("allocationId"), lookup, nil)
			if err != nil {
				return err
			}
			set("publicIp", eip.Out("publicIp"))
			set("associationId", awsID("eipassoc", r.URN))
		}
		return nil
	}

	// Regional: AWS creates a route table for the gateway with a route to the IGW.
	set("routeTableId", awsID("rtb", r.URN+"#regional-nat"))
	blocks := r.List("availabilityZoneAddresses")
	if len(blocks) == 0 {
		// Auto mode: AWS expands into AZs as it detects network interfaces
		// there and allocates the addresses itself, after creation.
		set("autoProvisionZones", "enabled")
		set("autoScalingIps", "enabled")
		out["regionalNatGatewayAddresses"] = resource.NewProperty([]resource.PropertyValue{})
		return nil
	}
	// Manual mode: exactly the AZs and addresses given, no auto-expansion.
	set("autoProvisionZones", "disabled")
	set("autoScalingIps", "disabled")
	var addrs []resource.PropertyValue
	seenAZ, used := map[string]bool{}, map[string]bool{}
	for i, b := range blocks {
		key := fmt.Sprintf("availabilityZoneAddresses[%d]", i)
		if !b.IsObject() {
			return fmt.Errorf("NAT gateway %s: %s is not an object", r.Name, key)
		}
		o := b.ObjectValue()
		az, azID := str(o["availabilityZone"]), str(o["availabilityZoneId"])
		if (az == "") == (azID == "") {
			return fmt.Errorf("NAT gateway %s: %s needs exactly one of availabilityZone and availabilityZoneId (%s)", r.Name, key, srcNatResource)
		}
		idx := slices.Index(m.Region.AZs, az)
		if azID != "" {
			idx = slices.Index(m.Region.AZIDs, azID)
		}
		if idx < 0 {
			return fmt.Errorf("NAT gateway %s: %s names %q, not an availability zone of %s, which has %s (%s)", r.Name, key, az+azID, m.Region.Name,
				strings.Join(m.Region.AZs, " "), srcAZAddress)
		}
		az, azID = m.Region.AZs[idx], m.Region.AZIDs[idx]
		if seenAZ[az] {
			return fmt.Errorf("NAT gateway %s: %s repeats %s; give each AZ one block (%s)", r.Name, key, az, srcAZAddress)
		}
		seenAZ[az] = true
		var ids []string
		if l := o["allocationIds"]; l.IsArray() {
			for _, v := range l.ArrayValue() {
				ids = append(ids, str(v))
			}
		}
		if len(ids) == 0 {
			return fmt.Errorf("NAT gateway %s: %s has no allocationIds: each AZ of a manual-mode regional NAT gateway needs its Elastic IPs (%s)", r.Name, key, srcNatResource)
		}
		for _, id := range ids {
			eip, err := m.natEIP(r, key+".allocationIds", id, lookup, used)
			if err != nil {
				return err
			}
			addrs = append(addrs, resource.NewProperty(resource.PropertyMap{
				"allocationId":       resource.NewProperty(id),
				"associationId":      resource.NewProperty(awsID("eipassoc", r.URN+id)),
				"availabilityZone":   resource.NewProperty(az),
				"availabilityZoneId": resource.NewProperty(azID),
				"networkInterfaceId": resource.NewProperty(awsID("eni", r.URN+az)),
				"publicIp":           resource.NewProperty(eip.Out("publicIp")),
				"status":             resource.NewProperty("succeeded"),
			}))
		}
	}
	out["regionalNatGatewayAddresses"] = resource.NewProperty(addrs)
	return nil
}

// natEIP finds the Elastic IP a NAT gateway is given: an EIP of this program,
// in the VPC domain, not already given to another NAT gateway address.
func (m *Monitor) natEIP(r *Resource, key, id string, lookup func(string) *Resource, used map[string]bool) (*Resource, error) {
	eip := lookup(id)
	switch {
	case eip == nil || eip.Type != "aws:ec2/eip:Eip":
		return nil, fmt.Errorf("NAT gateway %s: %s %q is not an Elastic IP of this program", r.Name, key, id)
	case eip.Str("domain") != "vpc":
		return nil, fmt.Errorf("NAT gateway %s: Elastic IP %s is not in the vpc domain", r.Name, eip.Name)
	case used[id] || m.eipTaken(id, r):
		return nil, fmt.Errorf("NAT gateway %s: Elastic IP address %s is already associated (%s)", r.Name, id, srcCreateNat)
	}
	if used != nil {
		used[id] = true
	}
	return eip, nil
}

// eipTaken reports whether another NAT gateway of this program already holds the EIP.
func (m *Monitor) eipTaken(id string, self *Resource) bool {
	for _, o := range m.resources {
		if o == self || o.Type != "aws:ec2/natGateway:NatGateway" {
			continue
		}
		if o.Str("allocationId") == id {
			return true
		}
		addrs := o.Outputs["regionalNatGatewayAddresses"]
		if !addrs.IsArray() {
			continue
		}
		for _, a := range addrs.ArrayValue() {
			if a.IsObject() && str(a.ObjectValue()["allocationId"]) == id {
				return true
			}
		}
	}
	return false
}

// hasInternetGateway reports whether an internet gateway of this program is attached to the VPC.
func (m *Monitor) hasInternetGateway(vpcID string) bool {
	for _, o := range m.resources {
		if o.Type == "aws:ec2/internetGateway:InternetGateway" && o.Str("vpcId") == vpcID {
			return true
		}
	}
	return false
}
