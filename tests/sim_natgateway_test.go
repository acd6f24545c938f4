package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/sim"
)

// natWorld is a VPC with an internet gateway, a subnet and three Elastic IPs,
// and a NAT gateway whose arguments the test chooses.
func natWorld(igw bool, args func(vpc *ec2.Vpc, sn *ec2.Subnet, eips []*ec2.Eip) *ec2.NatGatewayArgs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		vpc, err := ec2.NewVpc(ctx, "vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
		if err != nil {
			return err
		}
		deps := []pulumi.Resource{vpc}
		if igw {
			gw, err := ec2.NewInternetGateway(ctx, "igw", &ec2.InternetGatewayArgs{VpcId: vpc.ID()})
			if err != nil {
				return err
			}
			deps = append(deps, gw)
		}
		sn, err := ec2.NewSubnet(ctx, "sn", &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.String("10.0.0.0/24"), AvailabilityZone: pulumi.String("ap-northeast-2a")})
		if err != nil {
			return err
		}
		var eips []*ec2.Eip
		for _, n := range []string{"eip-a", "eip-b", "eip-c"} {
			e, err := ec2.NewEip(ctx, n, &ec2.EipArgs{Domain: pulumi.String("vpc")})
			if err != nil {
				return err
			}
			eips = append(eips, e)
			deps = append(deps, e)
		}
		_, err = ec2.NewNatGateway(ctx, "nat", args(vpc, sn, eips), pulumi.DependsOn(append(deps, sn)))
		return err
	}
}

func seoulStack() *sim.Stack { return regionStack("ap-northeast-2") }

func regional(vpc *ec2.Vpc) *ec2.NatGatewayArgs {
	return &ec2.NatGatewayArgs{VpcId: vpc.ID(), AvailabilityMode: pulumi.String("regional")}
}

func azAddress(az string, eips ...*ec2.Eip) *ec2.NatGatewayAvailabilityZoneAddressArgs {
	ids := pulumi.StringArray{}
	for _, e := range eips {
		ids = append(ids, e.AllocationId)
	}
	return &ec2.NatGatewayAvailabilityZoneAddressArgs{AvailabilityZone: pulumi.String(az), AllocationIds: ids}
}

func TestRegionalNatGatewayInAutoMode(t *testing.T) {
	res, err := sim.Run(seoulStack(), natWorld(true, func(vpc *ec2.Vpc, _ *ec2.Subnet, _ []*ec2.Eip) *ec2.NatGatewayArgs { return regional(vpc) }))
	if err != nil {
		t.Fatal(err)
	}
	nat := res.Graph.Find("aws:ec2/natGateway:NatGateway", "nat")
	for k, want := range map[string]string{"availabilityMode": "regional", "connectivityType": "public", "autoProvisionZones": "enabled", "autoScalingIps": "enabled"} {
		if got := nat.Out(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(nat.ID, "nat-0") || !strings.HasPrefix(nat.Out("routeTableId"), "rtb-0") {
		t.Errorf("id %s, route table %s", nat.ID, nat.Out("routeTableId"))
	}
	// AWS adds addresses as it expands into AZs, after creation.
	if a := nat.Outputs["regionalNatGatewayAddresses"]; !a.IsArray() || len(a.ArrayValue()) != 0 || nat.Out("publicIp") != "" || nat.Out("subnetId") != "" {
		t.Errorf("auto mode reports addresses %v, publicIp %q, subnet %q at creation", a, nat.Out("publicIp"), nat.Out("subnetId"))
	}
}

func TestRegionalNatGatewayInManualMode(t *testing.T) {
	res, err := sim.Run(seoulStack(), natWorld(true, func(vpc *ec2.Vpc, _ *ec2.Subnet, eips []*ec2.Eip) *ec2.NatGatewayArgs {
		a := regional(vpc)
		a.AvailabilityZoneAddresses = ec2.NatGatewayAvailabilityZoneAddressArray{azAddress("ap-northeast-2a", eips[0]), azAddress("ap-northeast-2c", eips[1], eips[2])}
		return a
	}))
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	nat := g.Find("aws:ec2/natGateway:NatGateway", "nat")
	if nat.Out("autoProvisionZones") != "disabled" || nat.Out("autoScalingIps") != "disabled" {
		t.Errorf("manual mode: autoProvisionZones %q autoScalingIps %q", nat.Out("autoProvisionZones"), nat.Out("autoScalingIps"))
	}
	var got []string
	for _, a := range nat.Outputs["regionalNatGatewayAddresses"].ArrayValue() {
		o := a.ObjectValue()
		eip := g.ByID(sim.Str(o["allocationId"]))
		if eip == nil || sim.Str(o["publicIp"]) != eip.Out("publicIp") || sim.Str(o["status"]) != "succeeded" {
			t.Errorf("address %v does not carry its EIP's public IP", o)
			continue
		}
		got = append(got, sim.Str(o["availabilityZone"])+"/"+sim.Str(o["availabilityZoneId"])+"/"+eip.Name)
	}
	want := "ap-northeast-2a/apne2-az1/eip-a ap-northeast-2c/apne2-az3/eip-b ap-northeast-2c/apne2-az3/eip-c"
	if strings.Join(got, " ") != want {
		t.Errorf("addresses %v, want %s", got, want)
	}
}

// Each request the EC2 API refuses is refused, naming the rule.
func TestNatGatewayRequestsAWSRefuses(t *testing.T) {
	cases := []struct {
		name string
		igw  bool
		args func(vpc *ec2.Vpc, sn *ec2.Subnet, eips []*ec2.Eip) *ec2.NatGatewayArgs
		want string
	}{
		{"unknown mode", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			return &ec2.NatGatewayArgs{VpcId: vpc.ID(), AvailabilityMode: pulumi.String("multi-az")}
		}, "[ec2.nat.availability-mode "},
		{"regional private", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.ConnectivityType = pulumi.String("private")
			return a
		}, "do not offer private connectivity"},
		{"regional without a VPC", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			return &ec2.NatGatewayArgs{AvailabilityMode: pulumi.String("regional")}
		}, "a regional NAT gateway needs vpcId"},
		{"regional in a subnet", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.SubnetId = sn.ID()
			return a
		}, "subnetId must not be set"},
		{"regional with allocationId", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.AllocationId = e[0].AllocationId
			return a
		}, "allocationId must not be set"},
		{"regional with a private IP", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.PrivateIp = pulumi.String("10.0.0.9")
			return a
		}, "is for zonal NAT gateways only"},
		{"zonal with AZ addresses", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			return &ec2.NatGatewayArgs{SubnetId: sn.ID(), AllocationId: e[0].AllocationId,
				AvailabilityZoneAddresses: ec2.NatGatewayAvailabilityZoneAddressArray{azAddress("ap-northeast-2a", e[1])}}
		}, "is for regional NAT gateways only"},
		{"zonal without a subnet", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			return &ec2.NatGatewayArgs{AllocationId: e[0].AllocationId}
		}, "a zonal NAT gateway needs subnetId"},
		{"public zonal without an EIP", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			return &ec2.NatGatewayArgs{SubnetId: sn.ID()}
		}, "needs allocationId"},
		{"regional without an internet gateway", false, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs { return regional(vpc) },
			"has no Internet gateway attached"},
		{"zonal without an internet gateway", false, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			return &ec2.NatGatewayArgs{SubnetId: sn.ID(), AllocationId: e[0].AllocationId}
		}, "has no Internet gateway attached"},
		{"AZ and AZ ID both", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			b := azAddress("ap-northeast-2a", e[0])
			b.AvailabilityZoneId = pulumi.String("apne2-az1")
			a.AvailabilityZoneAddresses = ec2.NatGatewayAvailabilityZoneAddressArray{b}
			return a
		}, "exactly one of availabilityZone and availabilityZoneId"},
		{"AZ of another region", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.AvailabilityZoneAddresses = ec2.NatGatewayAvailabilityZoneAddressArray{azAddress("us-east-1a", e[0])}
			return a
		}, `"us-east-1a": is not an availability zone of ap-northeast-2`},
		{"AZ twice", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.AvailabilityZoneAddresses = ec2.NatGatewayAvailabilityZoneAddressArray{azAddress("ap-northeast-2a", e[0]), azAddress("ap-northeast-2a", e[1])}
			return a
		}, "repeats ap-northeast-2a"},
		{"AZ without addresses", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.AvailabilityZoneAddresses = ec2.NatGatewayAvailabilityZoneAddressArray{azAddress("ap-northeast-2b")}
			return a
		}, "has no allocation IDs"},
		{"one EIP in two AZs", true, func(vpc *ec2.Vpc, sn *ec2.Subnet, e []*ec2.Eip) *ec2.NatGatewayArgs {
			a := regional(vpc)
			a.AvailabilityZoneAddresses = ec2.NatGatewayAvailabilityZoneAddressArray{azAddress("ap-northeast-2a", e[0]), azAddress("ap-northeast-2b", e[0])}
			return a
		}, "is already associated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sim.Run(seoulStack(), natWorld(tc.igw, tc.args))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), " https://") {
				t.Errorf("error %q does not cite its source", err)
			}
			if res.Graph.Find("aws:ec2/natGateway:NatGateway", "nat") != nil {
				t.Error("the refused NAT gateway was recorded")
			}
		})
	}
}
