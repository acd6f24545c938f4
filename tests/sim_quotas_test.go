package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/sim"
)

// Past a default quota the simulated AWS answers as the create call does,
// and QuotaUsage reports the fullest scope.
func TestQuotasRefuseLikeAWS(t *testing.T) {
	vpcs := func(n int) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			for i := range n {
				if _, err := ec2.NewVpc(ctx, fmt.Sprintf("v%d", i), &ec2.VpcArgs{CidrBlock: pulumi.String(fmt.Sprintf("10.%d.0.0/16", i))}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	rules := func(n int) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			v, err := ec2.NewVpc(ctx, "v", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
			if err != nil {
				return err
			}
			sg, err := ec2.NewSecurityGroup(ctx, "web-sg", // "sg" would autoname sg-…, which EC2 refuses (ec2.sg.name)
				&ec2.SecurityGroupArgs{VpcId: v.ID(), Description: pulumi.String("quota test")})
			if err != nil {
				return err
			}
			for i := range n {
				if _, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("in-%d", i), &vpc.SecurityGroupIngressRuleArgs{
					SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(22), ToPort: pulumi.Int(22),
					CidrIpv4: pulumi.String(fmt.Sprintf("192.0.2.%d/32", i)),
				}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name    string
		program pulumi.RunFunc
		quota   string
		used    int
		refusal string // "" when within the quota
	}{
		{"5 VPCs fit", vpcs(5), "VPCs per Region", 5, ""},
		{"a 6th VPC is refused", vpcs(6), "VPCs per Region", 5, `VpcLimitExceeded: this would be number 6 of "VPCs per Region" in us-east-1; the default quota is 5 (Service Quotas L-F678F1CE`},
		{"60 inbound rules fit", rules(60), "Inbound rules per security group", 60, ""},
		{"a 61st inbound rule is refused", rules(61), "Inbound rules per security group", 60, `RulesPerSecurityGroupLimitExceeded: this would be number 61 of "Inbound rules per security group" in web-sg`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sim.Run(regionStack("us-east-1"), tc.program)
			if tc.refusal == "" && err != nil || tc.refusal != "" && (err == nil || !strings.Contains(err.Error(), tc.refusal)) {
				t.Fatalf("error %v, want %q", err, tc.refusal)
			}
			var got *sim.QuotaUse
			for _, u := range sim.QuotaUsage(res.Graph, "us-east-1") {
				if u.Name == tc.quota {
					got = &u
				}
			}
			if got == nil || got.Used != tc.used || got.Exceeded() {
				t.Errorf("usage of %q = %+v, want %d used, not exceeded", tc.quota, got, tc.used)
			}
		})
	}
}
