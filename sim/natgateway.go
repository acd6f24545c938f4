package sim

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// simulateNatGateway answers a NAT gateway the rules accepted as AWS would
// for its mode.
func (a *AWS) simulateNatGateway(r *Resource, out resource.PropertyMap, lookup func(string) *Resource) error {
	regional, public := r.Str("availabilityMode") == "regional", r.Str("connectivityType") != "private"
	set := func(k, v string) { out[resource.PropertyKey(k)] = resource.NewProperty(v) }
	mode, connectivity := "zonal", "public"
	if regional {
		mode = "regional"
	}
	if !public {
		connectivity = "private"
	}
	set("availabilityMode", mode)
	set("connectivityType", connectivity)
	eip := func(key, id string) (*Resource, error) {
		e := lookup(id)
		switch {
		case e == nil || e.Type != "aws:ec2/eip:Eip":
			return nil, fmt.Errorf("NAT gateway %s: %s %q is not an Elastic IP of this program", r.Name, key, id)
		case e.Str("domain") != "vpc":
			return nil, fmt.Errorf("NAT gateway %s: Elastic IP %s is not in the vpc domain", r.Name, e.Name)
		}
		return e, nil
	}

	if !regional {
		sn := lookup(r.Str("subnetId"))
		if sn == nil || sn.Type != "aws:ec2/subnet:Subnet" {
			return fmt.Errorf("NAT gateway %s: subnetId %q is not a subnet of this program", r.Name, r.Str("subnetId"))
		}
		set("vpcId", sn.Str("vpcId"))
		set("privateIp", hostIn(netip.MustParsePrefix(sn.Str("cidrBlock")), r.seed).String())
		set("networkInterfaceId", awsID("eni", r.seed))
		if public {
			e, err := eip("allocationId", r.Str("allocationId"))
			if err != nil {
				return err
			}
			set("publicIp", e.Out("publicIp"))
			set("associationId", awsID("eipassoc", r.seed))
		}
		return nil
	}

	if vpc := lookup(r.Str("vpcId")); vpc == nil || vpc.Type != "aws:ec2/vpc:Vpc" {
		return fmt.Errorf("NAT gateway %s: vpcId %q is not a VPC of this program", r.Name, r.Str("vpcId"))
	}
	// AWS creates a route table for the gateway, with a route to the IGW.
	set("routeTableId", awsID("rtb", r.seed+"#regional-nat"))
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
	for i, b := range blocks {
		o := b.ObjectValue()
		idx := slices.Index(a.Region.AZs, Str(o["availabilityZone"]))
		if id := Str(o["availabilityZoneId"]); id != "" {
			idx = slices.Index(a.Region.AZIDs, id)
		}
		az, azID := a.Region.AZs[idx], a.Region.AZIDs[idx]
		for _, v := range o["allocationIds"].ArrayValue() {
			e, err := eip(fmt.Sprintf("availabilityZoneAddresses[%d].allocationIds", i), Str(v))
			if err != nil {
				return err
			}
			addrs = append(addrs, resource.NewProperty(resource.PropertyMap{
				"allocationId":       resource.NewProperty(e.ID),
				"associationId":      resource.NewProperty(awsID("eipassoc", r.seed+e.ID)),
				"availabilityZone":   resource.NewProperty(az),
				"availabilityZoneId": resource.NewProperty(azID),
				"networkInterfaceId": resource.NewProperty(awsID("eni", r.seed+az)),
				"publicIp":           resource.NewProperty(e.Out("publicIp")),
				"status":             resource.NewProperty("succeeded"),
			}))
		}
	}
	out["regionalNatGatewayAddresses"] = resource.NewProperty(addrs)
	return nil
}
