package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ssm"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/sim"
)

// net is a small network whose shape the diff tests vary.
type net struct {
	az, name   string
	nlbSubnets int
	rulePeer   string // "cidr" or "prefix-list"
	ignoreAMI  bool
}

func (n net) program(ctx *pulumi.Context) error {
	v, err := ec2.NewVpc(ctx, "vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
	if err != nil {
		return err
	}
	var subnets pulumi.StringArray
	for i, az := range []string{n.az, "ap-northeast-2b", "ap-northeast-2c"}[:max(1, n.nlbSubnets)] {
		s, err := ec2.NewSubnet(ctx, []string{"subnet", "subnet-b", "subnet-c"}[i], &ec2.SubnetArgs{VpcId: v.ID(),
			CidrBlock: pulumi.Sprintf("10.0.%d.0/24", i), AvailabilityZone: pulumi.String(az), Tags: pulumi.StringMap{"Name": pulumi.String(n.name)}})
		if err != nil {
			return err
		}
		subnets = append(subnets, s.ID())
	}
	rt, err := ec2.NewRouteTable(ctx, "rt", &ec2.RouteTableArgs{VpcId: v.ID()})
	if err != nil {
		return err
	}
	if _, err := ec2.NewRouteTableAssociation(ctx, "rta", &ec2.RouteTableAssociationArgs{SubnetId: subnets[0], RouteTableId: rt.ID()}); err != nil {
		return err
	}
	sg, err := ec2.NewSecurityGroup(ctx, "group", &ec2.SecurityGroupArgs{VpcId: v.ID(), Description: pulumi.String("diff test")})
	if err != nil {
		return err
	}
	rule := &vpc.SecurityGroupEgressRuleArgs{SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443)}
	if n.rulePeer == "prefix-list" {
		rule.PrefixListId = pulumi.String("pl-78a54011")
	} else {
		rule.CidrIpv4 = pulumi.String(n.rulePeer)
	}
	if _, err := vpc.NewSecurityGroupEgressRule(ctx, "egress", rule); err != nil {
		return err
	}
	ami := ssm.LookupParameterOutput(ctx, ssm.LookupParameterOutputArgs{Name: pulumi.String("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")}).Value()
	var opts []pulumi.ResourceOption
	if n.ignoreAMI {
		opts = append(opts, pulumi.IgnoreChanges([]string{"ami"}))
	}
	if _, err := ec2.NewInstance(ctx, "instance", &ec2.InstanceArgs{Ami: ami, InstanceType: pulumi.String("t3.micro"),
		SubnetId: subnets[0], VpcSecurityGroupIds: pulumi.StringArray{sg.ID()}}, opts...); err != nil {
		return err
	}
	if n.nlbSubnets > 0 {
		if _, err := lb.NewLoadBalancer(ctx, "nlb", &lb.LoadBalancerArgs{LoadBalancerType: pulumi.String("network"),
			Internal: pulumi.Bool(true), Subnets: subnets, SecurityGroups: pulumi.StringArray{sg.ID()}}); err != nil {
			return err
		}
	}
	return nil
}

var base = net{az: "ap-northeast-2a", name: "A", nlbSubnets: 2, rulePeer: "10.0.0.0/16", ignoreAMI: true}

func graph(t *testing.T, n net, opts ...sim.RunOption) *sim.Graph {
	t.Helper()
	res, err := sim.Run(regionStack("ap-northeast-2"), n.program, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return res.Graph
}

// ops renders a diff as "op name[: path(R)...]" lines, R marking a
// replace-forcing change, F one fed by a replacement, I an ignored one.
func ops(d *sim.GraphDiff) string {
	var lines []string
	for _, r := range d.Resources {
		line := string(r.Op) + " " + r.Name
		var paths []string
		for _, c := range r.Changes {
			p := c.Path
			if c.Replaces {
				p += "(R)"
			}
			if c.From != "" {
				p += "(F)"
			}
			if c.Ignored {
				p += "(I)"
			}
			paths = append(paths, p)
		}
		if len(paths) > 0 {
			line += ": " + strings.Join(paths, " ")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func TestDiffOfIdenticalRunsIsEmpty(t *testing.T) {
	if d := sim.Diff(graph(t, base), graph(t, base)); len(d.Resources) != 0 {
		t.Errorf("two runs of one program differ:\n%s", ops(d))
	}
}

// Moving a subnet to another AZ replaces it (ForceNew), and the replacement's
// new ID replaces what takes its ID in a ForceNew input: the association and
// the instance. The NLB only changes its subnets in place... but not here: the
// count stays, and an NLB cannot swap subnets without being replaced.
func TestDiffFlagsReplacementsAndTheirCascade(t *testing.T) {
	moved := base
	moved.az = "ap-northeast-2d"
	d := sim.Diff(graph(t, base), graph(t, moved))
	want := strings.Join([]string{
		"replace instance: subnetId(R)(F)",
		"replace rta: subnetId(R)(F)",
		"replace subnet: availabilityZone(R)",
		"replace nlb: subnets(R)(F)",
	}, "\n")
	if got := ops(d); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	if d.Count(sim.OpReplace) != 4 || d.Count(sim.OpUpdate) != 0 {
		t.Errorf("counts: %d replace, %d update", d.Count(sim.OpReplace), d.Count(sim.OpUpdate))
	}
}

func TestDiffUpdatesInPlace(t *testing.T) {
	renamed := base
	renamed.name = "B"
	renamed.rulePeer = "10.0.0.0/8"
	got := ops(sim.Diff(graph(t, base), graph(t, renamed)))
	want := "update subnet: tags.Name\nupdate subnet-b: tags.Name\nupdate egress: cidrIpv4"
	if got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
}

// A rule cannot change the kind of its peer in place.
func TestDiffRulePeerKind(t *testing.T) {
	pl := base
	pl.rulePeer = "prefix-list"
	if got, want := ops(sim.Diff(graph(t, base), graph(t, pl))), "replace egress: cidrIpv4(R) prefixListId(R)"; got != want {
		t.Errorf("diff: %s, want %s", got, want)
	}
}

// An NLB takes more subnets in place; fewer replace it.
func TestDiffNLBSubnets(t *testing.T) {
	more := base
	more.nlbSubnets = 3
	if got, want := ops(sim.Diff(graph(t, base), graph(t, more))), "create subnet-c\nupdate nlb: subnets"; got != want {
		t.Errorf("adding a subnet: %s, want %s", got, want)
	}
	if got, want := ops(sim.Diff(graph(t, more), graph(t, base))), "delete subnet-c\nreplace nlb: subnets(R)"; got != want {
		t.Errorf("removing a subnet: %s, want %s", got, want)
	}
}

// A new AMI release replaces an instance unless it ignores changes to ami.
func TestDiffAMIReleaseAndIgnoreChanges(t *testing.T) {
	if got, want := ops(sim.Diff(graph(t, base), graph(t, base, sim.WithAMIRelease(1)))), "same instance: ami(I)"; got != want {
		t.Errorf("with ignoreChanges: %s, want %s", got, want)
	}
	plain := base
	plain.ignoreAMI = false
	if got, want := ops(sim.Diff(graph(t, plain), graph(t, plain, sim.WithAMIRelease(1)))), "replace instance: ami(R)"; got != want {
		t.Errorf("without ignoreChanges: %s, want %s", got, want)
	}
}

// Every replacement rule names the provider file that marks it.
func TestReplacementsCiteTheirSource(t *testing.T) {
	for typ, tr := range sim.Replacements {
		if !strings.HasPrefix(tr.Source, "https://github.com/hashicorp/terraform-provider-aws/blob/") || tr.Resource == "" {
			t.Errorf("%s: source %q, resource %q", typ, tr.Source, tr.Resource)
		}
		for _, r := range tr.Rules {
			if r.Path == "" {
				t.Errorf("%s: a rule without a path", typ)
			}
		}
	}
}
