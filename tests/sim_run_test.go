package tests

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/vpclab/vpclab/sim"
)

func regionStack(region string) *sim.Stack {
	return &sim.Stack{Project: "p", Name: "s", Config: map[string]string{"aws:region": region}}
}

func TestUnknownInvokeFailsLoudly(t *testing.T) {
	_, err := sim.Run(regionStack("us-east-1"), func(ctx *pulumi.Context) error {
		_, err := aws.GetBillingServiceAccount(ctx, nil)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `no simulated answer for invoke "aws:index/getBillingServiceAccount:getBillingServiceAccount"`) {
		t.Errorf("error %v", err)
	}
}

func TestUnknownResourceTypeFailsLoudly(t *testing.T) {
	_, err := sim.Run(regionStack("us-east-1"), func(ctx *pulumi.Context) error {
		_, err := ec2.NewKeyPair(ctx, "k", &ec2.KeyPairArgs{PublicKey: pulumi.String("ssh-ed25519 AAAA")})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `no simulated AWS answer for resource type "aws:ec2/keyPair:KeyPair"`) {
		t.Errorf("error %v", err)
	}
}

// An unknown region is refused with the region the learner most likely
// meant, never the list of all of them (issue 25 item 4).
func TestUnknownRegionIsRefused(t *testing.T) {
	for region, want := range map[string]string{
		"mars":            `config aws:region = "mars": not an AWS region; regions are named like ap-northeast-2`,
		"mars-north-1":    `config aws:region = "mars-north-1": not an AWS region; did you mean eu-north-1?`,
		"ap-northeast-22": `config aws:region = "ap-northeast-22": not an AWS region; did you mean ap-northeast-2?`,
		"AP-NORTHEAST-2":  `did you mean ap-northeast-2?`,
		"Seoul":           `config aws:region = "Seoul": regions are named by code; did you mean ap-northeast-2?`,
		"cn-north-1":      `a region of aws-cn (China), which needs its own account`,
	} {
		_, err := sim.Run(regionStack(region), func(*pulumi.Context) error { return nil })
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "af-south-1") {
			t.Errorf("region %s: error %v\nwant %q and no list of regions", region, err, want)
		}
	}
}

// IDs and addresses look like AWS's and do not change between runs.
func TestAnswersLookLikeAWSAndAreStable(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		azs, err := aws.GetAvailabilityZones(ctx, nil)
		if err != nil {
			return err
		}
		ctx.Export("azs", pulumi.ToStringArray(azs.Names))
		ctx.Export("region", pulumi.String(config.Get(ctx, "aws:region")))
		vpc, err := ec2.NewVpc(ctx, "v", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
		if err != nil {
			return err
		}
		sn, err := ec2.NewSubnet(ctx, "s", &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.String("10.0.3.0/24"), AvailabilityZone: pulumi.String(azs.Names[1])})
		if err != nil {
			return err
		}
		_, err = ec2.NewInstance(ctx, "i", &ec2.InstanceArgs{SubnetId: sn.ID(), Ami: pulumi.String("ami-1"), InstanceType: pulumi.String("t3.micro")})
		return err
	}
	a, err := sim.Run(regionStack("ap-northeast-2"), program)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := sim.Run(regionStack("ap-northeast-2"), program)
	for typ, re := range map[string]string{
		"aws:ec2/vpc:Vpc":           `^vpc-0[0-9a-f]{16}$`,
		"aws:ec2/subnet:Subnet":     `^subnet-0[0-9a-f]{16}$`,
		"aws:ec2/instance:Instance": `^i-0[0-9a-f]{16}$`,
	} {
		r := a.Graph.OfType(typ)[0]
		if !regexp.MustCompile(re).MatchString(r.ID) {
			t.Errorf("%s ID %q does not match %s", typ, r.ID, re)
		}
		if b.Graph.OfType(typ)[0].ID != r.ID {
			t.Errorf("%s ID changes between runs", typ)
		}
	}
	sn := a.Graph.Find("aws:ec2/subnet:Subnet", "s")
	if sn.Out("availabilityZoneId") != "apne2-az2" || a.Graph.Source(sn, "vpcId") != a.Graph.Find("aws:ec2/vpc:Vpc", "v") {
		t.Errorf("subnet zone %s, vpc source %v", sn.Out("availabilityZoneId"), a.Graph.Source(sn, "vpcId"))
	}
	ip := a.Graph.Find("aws:ec2/instance:Instance", "i").Out("privateIp")
	if !strings.HasPrefix(ip, "10.0.3.") || ip == "10.0.3.0" || ip == "10.0.3.1" || ip == "10.0.3.2" || ip == "10.0.3.3" || ip == "10.0.3.255" {
		t.Errorf("private IP %s is not a usable address of 10.0.3.0/24", ip)
	}
	if azs, _ := a.Exports["azs"].([]string); len(azs) != 4 || azs[0] != "ap-northeast-2a" {
		t.Errorf("azs export %v", a.Exports["azs"])
	}
}

func TestSubnetInAMissingAZFails(t *testing.T) {
	_, err := sim.Run(regionStack("us-east-1"), func(ctx *pulumi.Context) error {
		_, err := ec2.NewSubnet(ctx, "s", &ec2.SubnetArgs{VpcId: pulumi.String("vpc-1"), CidrBlock: pulumi.String("10.0.0.0/24"), AvailabilityZone: pulumi.String("us-east-1z")})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `aws:ec2/subnet:Subnet s: InvalidParameterValue: availabilityZone "us-east-1z": Subnets can currently only be created in the following availability zones: us-east-1a`) {
		t.Errorf("error %v", err)
	}
}
