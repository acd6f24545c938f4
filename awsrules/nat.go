package awsrules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// NAT gateways, zonal and regional: the rules CreateNatGateway applies (in
// the rule table, rules.go).

// Pages the NAT gateway rules come from, besides CreateNatGateway.
const (
	srcNatGateway  = ec2API + "API_NatGateway.html" // FailureCode and its messages
	srcAZAddress   = ec2API + "API_AvailabilityZoneAddress.html"
	srcRegionalNat = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html"
	// The provider's argument reference, which states the zonal-only and
	// regional-only arguments of CreateNatGateway as one list.
	srcNatResource = "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/natgateway/"
)

// natRequest is a CreateNatGateway request as the rules see it.
type natRequest struct {
	r        *Resource
	regional bool
	public   bool
}

func newNatRequest(r *Resource) natRequest {
	return natRequest{r: r, regional: r.Str("availabilityMode") == "regional", public: r.Str("connectivityType") != "private"}
}

// given reports whether the request sets an argument (an empty list does not).
func (n natRequest) given(key string) bool {
	v := n.r.Input(key)
	switch {
	case v.IsArray():
		return len(v.ArrayValue()) > 0
	case v.IsString():
		return v.StringValue() != ""
	}
	return !v.IsNull()
}

// absent reports an argument the request leaves out. Under preview an
// unknown input is present but null, so it is not taken for absent.
func (n natRequest) absent(key string) bool {
	_, present := n.r.Inputs[resource.PropertyKey(key)]
	return !present || (n.r.Input(key).IsString() && n.r.Input(key).StringValue() == "")
}

func natRegionalPublicRule(_ Service, r *Resource) []Refusal {
	if n := newNatRequest(r); n.regional && !n.public {
		return []Refusal{refuse(RuleByID("ec2.nat.regional-public"), r, "connectivityType", strconv.Quote(r.Str("connectivityType")),
			"regional NAT gateways do not offer private connectivity; use a zonal NAT gateway for private NAT")}
	}
	return nil
}

// natModeArgumentsRule: the arguments each availability mode takes.
func natModeArgumentsRule(_ Service, r *Resource) []Refusal {
	rule, n := RuleByID("ec2.nat.mode-arguments"), newNatRequest(r)
	var out []Refusal
	bad := func(key, reason string) {
		out = append(out, refuse(rule, r, key, render(r.Input(key)), reason))
	}
	if n.regional {
		if n.absent("vpcId") {
			bad("vpcId", "a regional NAT gateway needs vpcId")
		}
		if n.given("subnetId") {
			bad("subnetId", "a regional NAT gateway is created in the VPC, not in a subnet: subnetId must not be set")
		}
		if n.given("allocationId") {
			bad("allocationId", "a regional NAT gateway takes its Elastic IPs per AZ in availabilityZoneAddresses: allocationId must not be set")
		}
		for _, k := range []string{"privateIp", "secondaryAllocationIds", "secondaryPrivateIpAddresses", "secondaryPrivateIpAddressCount"} {
			if n.given(k) {
				bad(k, "is for zonal NAT gateways only")
			}
		}
		return out
	}
	if n.absent("subnetId") {
		bad("subnetId", "a zonal NAT gateway needs subnetId")
	}
	if n.public && n.absent("allocationId") {
		bad("allocationId", "a public zonal NAT gateway needs allocationId")
	}
	if !n.public && n.given("allocationId") {
		bad("allocationId", "a private NAT gateway takes no Elastic IP")
	}
	for _, k := range []string{"vpcId", "availabilityZoneAddresses"} {
		if n.given(k) {
			bad(k, "is for regional NAT gateways only")
		}
	}
	return out
}

// natAZAddressesRule: each availabilityZoneAddresses block names one real
// AZ, once, by exactly one of its name and ID, with its Elastic IPs.
func natAZAddressesRule(e Service, r *Resource) []Refusal {
	rule := RuleByID("ec2.nat.availability-zone-addresses")
	seen := map[string]bool{}
	for i, b := range r.List("availabilityZoneAddresses") {
		key := fmt.Sprintf("availabilityZoneAddresses[%d]", i)
		if !b.IsObject() || !known(b) {
			continue
		}
		o := b.ObjectValue()
		az, azID := Str(o["availabilityZone"]), Str(o["availabilityZoneId"])
		if (az == "") == (azID == "") {
			return []Refusal{refuse(rule, r, key, render(b), "needs exactly one of availabilityZone and availabilityZoneId")}
		}
		idx := slices.Index(e.RegionInfo().AZs, az)
		if azID != "" {
			idx = slices.Index(e.RegionInfo().AZIDs, azID)
		}
		if idx < 0 {
			return []Refusal{refuse(rule, r, key, strconv.Quote(az+azID), fmt.Sprintf("is not an availability zone of %s, which has %s",
				e.RegionInfo().Name, strings.Join(e.RegionInfo().AZs, " ")))}
		}
		if name := e.RegionInfo().AZs[idx]; seen[name] {
			return []Refusal{refuse(rule, r, key, strconv.Quote(az+azID), "repeats "+name+"; give each AZ one block")}
		} else {
			seen[name] = true
		}
		if ids := o["allocationIds"]; !ids.IsArray() || len(ids.ArrayValue()) == 0 {
			return []Refusal{refuse(rule, r, key+".allocationIds", render(ids), "has no allocation IDs: each AZ of a manual-mode regional NAT gateway needs its Elastic IPs")}
		}
	}
	return nil
}

// NatAllocationIDs lists the Elastic IPs a NAT gateway request gives, with
// where in its inputs.
func NatAllocationIDs(r *Resource) (keys, ids []string) {
	if id := r.Str("allocationId"); id != "" {
		keys, ids = append(keys, "allocationId"), append(ids, id)
	}
	for i, b := range r.List("availabilityZoneAddresses") {
		if !b.IsObject() || !b.ObjectValue()["allocationIds"].IsArray() {
			continue
		}
		for j, v := range b.ObjectValue()["allocationIds"].ArrayValue() {
			keys, ids = append(keys, fmt.Sprintf("availabilityZoneAddresses[%d].allocationIds[%d]", i, j)), append(ids, Str(v))
		}
	}
	return keys, ids
}

// natEIPAssociatedRule: an Elastic IP serves one NAT gateway address
// (FailureCode Resource.AlreadyAssociated: "Elastic IP address eipalloc-xxxxxxxx is already associated").
func natEIPAssociatedRule(e Env, r *Resource) []Refusal {
	held := map[string]bool{}
	for _, o := range e.Live() {
		if !same(o, r) && o.Type == r.Type {
			_, ids := NatAllocationIDs(o)
			for _, id := range ids {
				held[id] = true
			}
		}
	}
	keys, ids := NatAllocationIDs(r)
	for i, id := range ids {
		if held[id] || slices.Index(ids, id) != i {
			return []Refusal{refuse(RuleByID("ec2.nat.eip-associated"), r, keys[i], strconv.Quote(id), "Elastic IP address "+id+" is already associated")}
		}
	}
	return nil
}

// natInternetGatewayRule: a public NAT gateway, regional or zonal, needs the
// VPC's internet gateway (FailureCode Gateway.NotAttached: "Network vpc-xxxxxxxx has no Internet gateway attached").
func natInternetGatewayRule(e Env, r *Resource) []Refusal {
	n := newNatRequest(r)
	if !n.public {
		return nil
	}
	vpcID := r.Str("vpcId")
	if !n.regional {
		if sn := e.Lookup(r.Str("subnetId")); sn != nil {
			vpcID = sn.Str("vpcId")
		}
	}
	if vpcID == "" {
		return nil // no VPC to judge (mode-arguments says what is missing)
	}
	for _, o := range e.Live() {
		if o.Type == "aws:ec2/internetGateway:InternetGateway" && o.Str("vpcId") == vpcID {
			return nil
		}
	}
	return []Refusal{refuse(RuleByID("ec2.nat.internet-gateway"), r, "vpcId", strconv.Quote(vpcID), "Network "+vpcID+" has no Internet gateway attached")}
}
