package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/guard"
	"github.com/vpclab/vpclab/sim"
)

func run(t *testing.T, program pulumi.RunFunc) *sim.Result {
	t.Helper()
	res, err := sim.Run(&sim.Stack{Project: "vpclab", Name: "guard", Config: map[string]string{"aws:region": "ap-northeast-2"}}, program)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// asWritten builds the guides' templates as they were written (lab 9-1/9-2,
// seed 000): everything vpclab refuses to do, each rule's trigger.
func asWritten(ctx *pulumi.Context) error {
	vpc, err := ec2.NewVpc(ctx, "guide-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("20.0.0.0/16")})
	if err != nil {
		return err
	}
	igw, _ := ec2.NewInternetGateway(ctx, "guide-igw", &ec2.InternetGatewayArgs{VpcId: vpc.ID()})
	rt, _ := ec2.NewRouteTable(ctx, "guide-private-rt", &ec2.RouteTableArgs{VpcId: vpc.ID()})
	_, _ = ec2.NewRoute(ctx, "guide-route", &ec2.RouteArgs{RouteTableId: rt.ID(), DestinationCidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: igw.ID()})
	sn, _ := ec2.NewSubnet(ctx, "guide-public-sn", &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.String("20.0.0.0/24"),
		AvailabilityZone: pulumi.String("ap-northeast-2a"), MapPublicIpOnLaunch: pulumi.Bool(true)})
	_, _ = ec2.NewRouteTableAssociation(ctx, "guide-rta", &ec2.RouteTableAssociationArgs{SubnetId: sn.ID(), RouteTableId: rt.ID()})
	// One SG for everything, SSH and HTTP from anywhere, all egress, plus a
	// standalone rule on the same group, and a group attached to nothing.
	// No description: the provider sends its default, "Managed by Pulumi" (AWS refuses an empty one).
	sg, _ := ec2.NewSecurityGroup(ctx, "guide-sg", &ec2.SecurityGroupArgs{VpcId: vpc.ID(),
		Ingress: ec2.SecurityGroupIngressArray{
			&ec2.SecurityGroupIngressArgs{Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(22), ToPort: pulumi.Int(22), CidrBlocks: pulumi.StringArray{pulumi.String("0.0.0.0/0")}},
			&ec2.SecurityGroupIngressArgs{Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(80), ToPort: pulumi.Int(80), CidrBlocks: pulumi.StringArray{pulumi.String("0.0.0.0/0")}},
		},
		Egress: ec2.SecurityGroupEgressArray{&ec2.SecurityGroupEgressArgs{Protocol: pulumi.String("-1"), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0),
			CidrBlocks: pulumi.StringArray{pulumi.String("0.0.0.0/0")}}},
	})
	_, _ = ec2.NewSecurityGroupRule(ctx, "guide-extra-rule", &ec2.SecurityGroupRuleArgs{Type: pulumi.String("ingress"), SecurityGroupId: sg.ID(),
		Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), CidrBlocks: pulumi.StringArray{pulumi.String("10.0.0.0/8")}})
	_, _ = ec2.NewSecurityGroup(ctx, "guide-unused-sg", &ec2.SecurityGroupArgs{VpcId: vpc.ID(), Description: pulumi.String("nobody uses me")})
	role, _ := iam.NewRole(ctx, "guide-role", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`)})
	_, _ = iam.NewRolePolicyAttachment(ctx, "guide-s3-full", &iam.RolePolicyAttachmentArgs{Role: role.Name, PolicyArn: pulumi.String("arn:aws:iam::aws:policy/AmazonS3FullAccess")})
	_, _ = iam.NewRolePolicy(ctx, "guide-inline", &iam.RolePolicyArgs{Role: role.Name, Policy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)})
	_, _ = ec2.NewInstance(ctx, "guide-ec2", &ec2.InstanceArgs{Ami: pulumi.String("ami-12345678"), InstanceType: pulumi.String("t2.micro"), SubnetId: sn.ID(),
		VpcSecurityGroupIds: pulumi.StringArray{sg.ID()}, AssociatePublicIpAddress: pulumi.Bool(true),
		UserData: pulumi.String("#!/bin/bash\n(echo qwe123; echo qwe123) | passwd --stdin root\nsed -i 's/^#PermitRootLogin yes/PermitRootLogin yes/' /etc/ssh/sshd_config\n")})
	_, _ = ec2.NewVpcEndpoint(ctx, "guide-s3", &ec2.VpcEndpointArgs{VpcId: vpc.ID(), ServiceName: pulumi.String("com.amazonaws.ap-northeast-2.s3"),
		VpcEndpointType: pulumi.String("Gateway"), RouteTableIds: pulumi.StringArray{rt.ID()}})
	_, _ = ec2.NewVpcEndpoint(ctx, "guide-cfn", &ec2.VpcEndpointArgs{VpcId: vpc.ID(), ServiceName: pulumi.String("com.amazonaws.ap-northeast-2.cloudformation"),
		VpcEndpointType: pulumi.String("Interface"), SubnetIds: pulumi.StringArray{sn.ID()}, SecurityGroupIds: pulumi.StringArray{sg.ID()}})
	nlb, _ := lb.NewLoadBalancer(ctx, "guide-nlb", &lb.LoadBalancerArgs{LoadBalancerType: pulumi.String("network"), Internal: pulumi.Bool(false), Subnets: pulumi.StringArray{sn.ID()}})
	tg, _ := lb.NewTargetGroup(ctx, "guide-tg", &lb.TargetGroupArgs{Port: pulumi.Int(80), Protocol: pulumi.String("TCP"), VpcId: vpc.ID()})
	_, _ = lb.NewListener(ctx, "guide-listener", &lb.ListenerArgs{LoadBalancerArn: nlb.Arn, Port: pulumi.Int(80), Protocol: pulumi.String("TCP"),
		DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{Type: pulumi.String("forward"), TargetGroupArn: tg.Arn}}})
	_, _ = ec2.NewVpcEndpointService(ctx, "guide-eps", &ec2.VpcEndpointServiceArgs{AcceptanceRequired: pulumi.Bool(false), NetworkLoadBalancerArns: pulumi.StringArray{nlb.Arn}})
	bucket, _ := s3.NewBucket(ctx, "guide.bucket", &s3.BucketArgs{}, pulumi.Protect(true))
	_, _ = s3.NewBucketPolicy(ctx, "guide-bucket-policy", &s3.BucketPolicyArgs{Bucket: bucket.ID(), Policy: pulumi.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`)})
	return nil
}

// Every rule fires on the guides as written, on the resource that breaks it.
func TestEveryRuleFiresOnTheGuidesAsWritten(t *testing.T) {
	rep := guard.Check(run(t, asWritten))
	want := map[string]string{
		"LAB-EC2-01": "guide-ec2", "LAB-EC2-02": "guide-ec2", "LAB-EC2-03": "guide-ec2", "LAB-EC2-04": "guide-ec2", "LAB-EC2-05": "guide-ec2", "LAB-EC2-06": "guide-ec2",
		"LAB-IAM-01": "guide-role", "LAB-IAM-02": "guide-role", "LAB-IAM-03": "guide-role",
		"LAB-LB-01": "guide-nlb", "LAB-LB-02": "guide-nlb", "LAB-LB-03": "guide-nlb", "LAB-LB-04": "guide-listener",
		"LAB-S3-01": "guide.bucket", "LAB-S3-02": "guide.bucket", "LAB-S3-03": "guide-bucket-policy", "LAB-S3-04": "guide.bucket",
		"LAB-SG-01": "guide-sg", "LAB-SG-02": "guide-sg", "LAB-SG-03": "guide-sg", "LAB-SG-04": "guide-sg", "LAB-SG-05": "guide-sg", "LAB-SG-06": "guide-unused-sg",
		"LAB-SVC-01": "guide-eps", "LAB-TD-01": "guide.bucket",
		"LAB-VPC-01": "guide-vpc", "LAB-VPC-02": "guide-vpc", "LAB-VPC-03": "guide-public-sn", "LAB-VPC-04": "guide-private-rt", "LAB-VPC-05": "guide-vpc",
		"LAB-VPCE-01": "guide-s3", "LAB-VPCE-02": "guide-cfn", "LAB-VPCE-03": "",
	}
	for _, r := range guard.Rules() {
		if _, ok := want[r.ID]; !ok {
			t.Errorf("rule %s has no firing case", r.ID)
		}
	}
	for id, resource := range want {
		if resource == "" {
			continue // LAB-VPCE-03 has its own case below
		}
		found := false
		for _, f := range rep.Findings {
			if f.Rule == id && strings.HasSuffix(f.Resource, " "+resource) && f.Exception == "" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s did not fire on %s", id, resource)
		}
	}
}

// LAB-VPCE-03: an instance that uses Session Manager with no way to reach it.
func TestSSMPathRule(t *testing.T) {
	build := func(endpoints []string) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			vpc, _ := ec2.NewVpc(ctx, "v", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
			sn, _ := ec2.NewSubnet(ctx, "s", &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.String("10.0.0.0/24"), AvailabilityZone: pulumi.String("ap-northeast-2a")})
			role, _ := iam.NewRole(ctx, "r", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(`{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)})
			_, _ = iam.NewRolePolicyAttachment(ctx, "a", &iam.RolePolicyAttachmentArgs{Role: role.Name, PolicyArn: pulumi.String("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")})
			prof, _ := iam.NewInstanceProfile(ctx, "p", &iam.InstanceProfileArgs{Role: role.Name})
			sg, _ := ec2.NewSecurityGroup(ctx, "endpoint-sg", &ec2.SecurityGroupArgs{VpcId: vpc.ID(), Description: pulumi.String("endpoints")}) // "sg" would autoname sg-…, which AWS refuses
			for _, svc := range endpoints {
				_, _ = ec2.NewVpcEndpoint(ctx, svc, &ec2.VpcEndpointArgs{VpcId: vpc.ID(), ServiceName: pulumi.String("com.amazonaws.ap-northeast-2." + svc),
					VpcEndpointType: pulumi.String("Interface"), SubnetIds: pulumi.StringArray{sn.ID()}, SecurityGroupIds: pulumi.StringArray{sg.ID()}})
			}
			_, err := ec2.NewInstance(ctx, "i", &ec2.InstanceArgs{Ami: pulumi.String("ami-1"), InstanceType: pulumi.String("t3.micro"), SubnetId: sn.ID(), IamInstanceProfile: prof.Name})
			return err
		}
	}
	count := func(rep guard.Report) (n int) {
		for _, f := range rep.Findings {
			if f.Rule == "LAB-VPCE-03" {
				n++
			}
		}
		return
	}
	if n := count(guard.Check(run(t, build([]string{"ssm"})))); n != 2 {
		t.Errorf("with only the ssm endpoint, %d LAB-VPCE-03 findings, want 2 (ssmmessages, ec2messages)", n)
	}
	if n := count(guard.Check(run(t, build([]string{"ssm", "ssmmessages", "ec2messages"})))); n != 0 {
		t.Errorf("with the trio, %d LAB-VPCE-03 findings", n)
	}
}

// A hardened NLB passes the load-balancer rules the lab stacks accept as exceptions.
func TestLoadBalancerRulesPassWhenHardened(t *testing.T) {
	rep := guard.Check(run(t, func(ctx *pulumi.Context) error {
		vpc, _ := ec2.NewVpc(ctx, "v", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
		var subnets pulumi.StringArray
		for i, az := range []string{"ap-northeast-2a", "ap-northeast-2b"} {
			sn, _ := ec2.NewSubnet(ctx, "s"+az, &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.Sprintf("10.0.%d.0/24", i), AvailabilityZone: pulumi.String(az)})
			subnets = append(subnets, sn.ID())
		}
		sg, _ := ec2.NewSecurityGroup(ctx, "nlb-sg", &ec2.SecurityGroupArgs{VpcId: vpc.ID(), Description: pulumi.String("nlb")})
		nlb, _ := lb.NewLoadBalancer(ctx, "nlb", &lb.LoadBalancerArgs{LoadBalancerType: pulumi.String("network"), Internal: pulumi.Bool(true), Subnets: subnets,
			SecurityGroups: pulumi.StringArray{sg.ID()}, EnableCrossZoneLoadBalancing: pulumi.Bool(true), EnableDeletionProtection: pulumi.Bool(true),
			AccessLogs: &lb.LoadBalancerAccessLogsArgs{Enabled: pulumi.Bool(true), Bucket: pulumi.String("logs")}})
		tg, _ := lb.NewTargetGroup(ctx, "tg", &lb.TargetGroupArgs{Port: pulumi.Int(443), Protocol: pulumi.String("TCP"), VpcId: vpc.ID()})
		_, err := lb.NewListener(ctx, "l", &lb.ListenerArgs{LoadBalancerArn: nlb.Arn, Port: pulumi.Int(443), Protocol: pulumi.String("TLS"),
			CertificateArn: pulumi.String("arn:aws:acm:ap-northeast-2:123456789012:certificate/x"), SslPolicy: pulumi.String("ELBSecurityPolicy-TLS13-1-2-2021-06"),
			DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{Type: pulumi.String("forward"), TargetGroupArn: tg.Arn}}})
		return err
	}))
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "LAB-LB-") {
			t.Errorf("hardened NLB: %s", f)
		}
	}
	for _, id := range []string{"LAB-LB-01", "LAB-LB-02", "LAB-LB-03", "LAB-LB-04"} {
		if rep.Checked[id] == 0 {
			t.Errorf("%s checked nothing", id)
		}
	}
}

func TestRulesAreDocumented(t *testing.T) {
	var ids []string
	for _, r := range guard.Rules() {
		if r.Title == "" || len(r.Refs) == 0 || r.Severity == "" {
			t.Errorf("rule %s lacks a title, refs or severity", r.ID)
		}
		ids = append(ids, r.ID)
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("rule IDs are not unique and sorted: %v", ids)
	}
}

// An exception names a rule of guard: components refuses any other ID, from
// its own list, which must be guard's.
func TestExceptionIDsAreGuardsRules(t *testing.T) {
	var ids []string
	for _, r := range guard.Rules() {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	known := slices.Sorted(slices.Values(components.RuleIDs))
	if !slices.Equal(ids, known) {
		t.Errorf("guard's rules %v, components.RuleIDs %v", ids, known)
	}
}
