package components

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ssm"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
)

// AccessMode says how a learner reaches the private instance.
type AccessMode string

const (
	// AccessSSM: Session Manager only; no bastion, no inbound rules, no key.
	AccessSSM AccessMode = "ssm"
	// AccessSSH: a bastion in a public subnet, SSH from AdminCIDRs only, and
	// SSH from the bastion's SG only to the private instance (ssh -J).
	AccessSSH AccessMode = "ssh"
	// AccessBoth: the SSH path plus Session Manager.
	AccessBoth AccessMode = "both"
)

// AccessModes lists the accepted access modes.
var AccessModes = []AccessMode{AccessSSM, AccessSSH, AccessBoth}

// PlacementStrategies lists the accepted placement-group strategies ("" = none).
var PlacementStrategies = []string{"", "cluster", "partition", "spread"}

// Defaults of BastionPairArgs.
const (
	DefaultInstanceType = "t3.micro"
	// Amazon Linux 2023: the guides' Amazon Linux 2 and Ubuntu 20.04 are past end of support.
	DefaultAMIParameter   = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
	DefaultRootVolumeSize = 8 // GiB, the Amazon Linux snapshot size
	ssmManagedPolicy      = "AmazonSSMManagedInstanceCore"
)

// BastionPairArgs configures a BastionPair.
type BastionPairArgs struct {
	// VpcID is the VPC both instances and their security groups live in (required).
	VpcID pulumi.StringInput
	// VpcCIDR lets the private instance reach interface endpoints on 443.
	VpcCIDR string
	// PublicSubnetID hosts the bastion (required with AccessSSH / AccessBoth).
	PublicSubnetID pulumi.StringInput
	// PrivateSubnetID hosts the private instance (required).
	PrivateSubnetID pulumi.StringInput
	// PublicSubnetAZ is the public subnet's AZ name; a cluster placement
	// group needs both instances in one AZ.
	PublicSubnetAZ string
	// PrivateSubnetAZ is the private subnet's AZ name.
	PrivateSubnetAZ string

	// Access defaults to AccessSSM.
	Access AccessMode
	// AdminCIDRs may SSH to and ping the bastion. Required with SSH access,
	// no default; 0.0.0.0/0 and ::/0 are refused.
	AdminCIDRs []string
	// AllowBroadAdminCIDRs accepts admin blocks wider than /24 (IPv4) or /48 (IPv6).
	AllowBroadAdminCIDRs bool
	// KeyName is an existing EC2 key pair for SSH. Optional: without it, use
	// EC2 Instance Connect to push a short-lived key.
	KeyName string

	// InstanceType is both instances' type (default t3.micro).
	InstanceType string
	// AMIParameter is the SSM public parameter holding the AMI ID (default
	// Amazon Linux 2023 x86_64).
	AMIParameter string
	// RootVolumeSizeGiB is the encrypted gp3 root volume's size (default 8).
	RootVolumeSizeGiB int
	// PlacementStrategy puts both instances in a placement group: cluster,
	// partition or spread (seed 004's placement-group section). "" = none.
	PlacementStrategy string
	// PartitionCount for the partition strategy, 1–7 (default 2).
	PartitionCount int
	// InternetEgress lets the private instance reach the internet on 80/443
	// and ping, for networks whose private route goes to a NAT gateway.
	InternetEgress bool
	// VpcEgressPorts the private instance may reach inside the VPC (default
	// 443, for interface endpoints); a PrivateLink client adds the service port.
	VpcEgressPorts []int
	// EgressPrefixListIDs let the private instance reach a gateway endpoint's
	// service (the S3 prefix list) on 443.
	EgressPrefixListIDs []pulumi.StringInput
	// PingPrefixLists also lets the private instance ping (ICMP echo request)
	// those services, as lab 9-1 checks a gateway endpoint with
	// `ping s3.<region>.amazonaws.com`; security groups are stateful, so the
	// replies come back. Needs EgressPrefixListIDs.
	PingPrefixLists bool
	// BucketARNs the private instance may list, read and write (and nothing
	// else in S3): bucket ARNs, not names (plain values are checked before
	// registration, computed ones once known).
	BucketARNs []pulumi.StringInput
	// AllowListAllBuckets adds s3:ListAllMyBuckets so the guide's bare `aws s3 ls` works.
	AllowListAllBuckets bool
	// BootAfter are the resources the private instance's path to AWS runs
	// through — the Session Manager interface endpoints, the S3 gateway
	// endpoint. The SSM agent registers at first boot, so the instance is
	// created only after them (a component counts as all of its children).
	BootAfter []pulumi.Resource

	// NamePrefix starts the Name tags (default: the component name).
	NamePrefix string
	// BastionName is the bastion's Name tag (default <prefix>-Public-EC2).
	BastionName string
	// PrivateName is the private instance's Name tag (default <prefix>-Private-EC2).
	PrivateName string
	// PrivateSecurityGroupDescription is the private instance's security
	// group description, which EC2 cannot change without replacing the group
	// (default "<prefix> private instance"): it names nothing that changes,
	// such as the access mode.
	PrivateSecurityGroupDescription string
	// BastionSecurityGroupDescription is the bastion's security group
	// description (default "<prefix> bastion: SSH and ping from admin CIDRs only").
	BastionSecurityGroupDescription string
	// RoleDescription is both instance roles' description (default "EC2
	// instance role of <prefix>").
	RoleDescription string
	// Tags are merged into every child that takes tags.
	Tags map[string]string
	// Exceptions record accepted guardrail findings on the private instance,
	// e.g. a lab step that leaves it unreachable on purpose.
	Exceptions Exceptions
	// GuardrailTags also tags the findings the pair accepts by design (the
	// bastion's public IP and outbound HTTPS and ping, egress through NAT,
	// the AWS managed Session Manager policy, s3:ListAllMyBuckets) as
	// vpclab:exception:<ID>, for vpclab's guard. Off by default.
	GuardrailTags bool
}

// Reasons for the guardrail findings a bastion pair accepts by design.
var (
	bastionPublicIP   = except("LAB-EC2-03", "the bastion is reached over SSH on its public IP")
	bastionHTTPSOut   = except("LAB-SG-03", "the bastion reaches dnf and Session Manager over HTTPS")
	bastionPingOut    = except("LAB-SG-03", "the guide pings the internet from the bastion")
	natEgress         = except("LAB-SG-03", "private egress to the internet leaves through the NAT gateway as the lab intends")
	ssmManagedAllowed = except("LAB-IAM-01", "AmazonSSMManagedInstanceCore is the AWS managed minimum for Session Manager")
	listAllBuckets    = except("LAB-IAM-02", "s3:ListAllMyBuckets cannot be scoped to a bucket: the guide runs a bare aws s3 ls")
)

// BastionPair is an optional public bastion plus a private instance, both
// IMDSv2-only with encrypted gp3 root volumes and an SSM instance profile.
type BastionPair struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// PrivateInstanceID is the private instance's ID (the Session Manager target).
	PrivateInstanceID pulumi.StringOutput `pulumi:"privateInstanceId"`
	// PrivateIP is the private instance's private address.
	PrivateIP pulumi.StringOutput `pulumi:"privateIp"`
	// PrivateSecurityGroupID is the private instance's security group ID.
	PrivateSecurityGroupID pulumi.StringOutput `pulumi:"privateSecurityGroupId"`
	// PrivateRoleName is the private instance's IAM role, for attaching further policies.
	PrivateRoleName pulumi.StringOutput `pulumi:"privateRoleName"`
	// BastionID is the bastion's instance ID ("" without a bastion).
	BastionID pulumi.StringOutput `pulumi:"bastionId"`
	// BastionPublicIP is the bastion's public address ("" without a bastion).
	BastionPublicIP pulumi.StringOutput `pulumi:"bastionPublicIp"`
	// BastionSecurityGroupID is the bastion's security group ID ("" without a bastion).
	BastionSecurityGroupID pulumi.StringOutput `pulumi:"bastionSecurityGroupId"`
	// AMI is the image ID both instances run, resolved from AMIParameter.
	AMI pulumi.StringOutput `pulumi:"ami"`

	// HasBastion is false in AccessSSM mode, where the bastion outputs are "".
	HasBastion bool

	// PrivateInstance is the private instance.
	PrivateInstance *ec2.Instance
	// PrivateSecurityGroup is the private instance's security group.
	PrivateSecurityGroup *ec2.SecurityGroup
	// PrivateRole is the private instance's IAM role.
	PrivateRole *iam.Role
	// Bastion is the bastion instance (nil without a bastion).
	Bastion *ec2.Instance
	// BastionSecurityGroup is the bastion's security group (nil without a bastion).
	BastionSecurityGroup *ec2.SecurityGroup
}

const bastionPair = "BastionPair"

var (
	instanceTypeRe = regexp.MustCompile(`^([a-z][a-z0-9-]*)\.([a-z0-9]+)$`)
	// Graviton families carry a "g" after the generation digit: t4g, m7g, c7gn, r6gd.
	armFamilyRe   = regexp.MustCompile(`^[a-z]+[0-9]+[a-z]*g[a-z]*$`)
	burstableRe   = regexp.MustCompile(`^t[0-9]`)
	ssmParamRe    = regexp.MustCompile(`^/[A-Za-z0-9_.\-/]+$`)
	keyNameRe     = regexp.MustCompile(`^[\x20-\x7E]{1,255}$`)
	adminBroadV4  = 24
	adminBroadV6  = 48
	maxPartitions = 7
)

func (a BastionPairArgs) withDefaults(name string) BastionPairArgs {
	if a.Access == "" {
		a.Access = AccessSSM
	}
	if a.InstanceType == "" {
		a.InstanceType = DefaultInstanceType
	}
	if a.AMIParameter == "" {
		a.AMIParameter = DefaultAMIParameter
	}
	if a.RootVolumeSizeGiB == 0 {
		a.RootVolumeSizeGiB = DefaultRootVolumeSize
	}
	if a.VpcEgressPorts == nil {
		a.VpcEgressPorts = []int{443}
	}
	if a.PlacementStrategy == "partition" && a.PartitionCount == 0 {
		a.PartitionCount = 2
	}
	if a.NamePrefix == "" {
		a.NamePrefix = name
	}
	if a.BastionName == "" {
		a.BastionName = a.NamePrefix + "-Public-EC2"
	}
	if a.PrivateName == "" {
		a.PrivateName = a.NamePrefix + "-Private-EC2"
	}
	if a.PrivateSecurityGroupDescription == "" {
		a.PrivateSecurityGroupDescription = a.NamePrefix + " private instance"
	}
	if a.BastionSecurityGroupDescription == "" {
		a.BastionSecurityGroupDescription = a.NamePrefix + " bastion: SSH and ping from admin CIDRs only"
	}
	if a.RoleDescription == "" {
		a.RoleDescription = "EC2 instance role of " + a.NamePrefix
	}
	return a
}

// own is one of the findings the pair accepts by design, as tags only when
// the caller asks for GuardrailTags.
func (a BastionPairArgs) own(e Exceptions) Exceptions {
	if a.GuardrailTags {
		return e
	}
	return nil
}

// HasBastion reports whether the access mode needs a bastion.
func (m AccessMode) HasBastion() bool { return m == AccessSSH || m == AccessBoth }

// InstanceAZs are the AZs the pair's instances go to: the private
// instance's and, with a bastion, the bastion's (InstanceTypeOffered).
func (a BastionPairArgs) InstanceAZs() []string {
	azs := []string{a.PrivateSubnetAZ}
	if a.withDefaults("").Access.HasBastion() && a.PublicSubnetAZ != a.PrivateSubnetAZ {
		azs = append(azs, a.PublicSubnetAZ)
	}
	return azs
}

// Validate checks the plain arguments without registering anything, so a
// program can reject bad input before it builds the network the inputs come
// from. name is the component name the defaults derive from. The
// constructor additionally checks that the required inputs are set.
func (a BastionPairArgs) Validate(name string) error {
	if err := validateName(bastionPair, name); err != nil {
		return err
	}
	if err := validateRoleName(bastionPair, name, name+"-private-role"); err != nil {
		return err
	}
	return a.withDefaults(name).validate()
}

func (a BastionPairArgs) validate() error {
	c := bastionPair
	if !slices.Contains(AccessModes, a.Access) {
		return argErr(c, "Access", string(a.Access), "must be one of ssm, ssh, both")
	}
	if a.VpcCIDR != "" {
		if _, err := netip.ParsePrefix(a.VpcCIDR); err != nil {
			return argErr(c, "VpcCIDR", a.VpcCIDR, "not a CIDR block")
		}
	}
	if a.Access.HasBastion() {
		if len(a.AdminCIDRs) == 0 {
			return argErr(c, "AdminCIDRs", a.AdminCIDRs, "access %s needs at least one admin CIDR (your address, e.g. 198.51.100.7/32); there is no default", a.Access)
		}
	} else {
		if len(a.AdminCIDRs) > 0 {
			return argErr(c, "AdminCIDRs", a.AdminCIDRs, "only used with access ssh or both; access ssm opens no inbound port")
		}
		if a.KeyName != "" {
			return argErr(c, "KeyName", a.KeyName, "only used with access ssh or both; access ssm needs no key pair")
		}
	}
	seen := map[netip.Prefix]bool{}
	for i, s := range a.AdminCIDRs {
		arg := fmt.Sprintf("AdminCIDRs[%d]", i)
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return argErr(c, arg, s, "not a CIDR block such as 198.51.100.7/32")
		}
		if p.Masked() != p {
			return argErr(c, arg, s, "host bits are set; the block is %s", p.Masked())
		}
		if p.Bits() == 0 {
			return argErr(c, arg, s, "SSH from the whole internet is refused (CKV_AWS_24, EC2.19); give your own address")
		}
		if broad := map[bool]int{true: adminBroadV4, false: adminBroadV6}[p.Addr().Is4()]; p.Bits() < broad && !a.AllowBroadAdminCIDRs {
			return argErr(c, arg, s, "wider than /%d; set AllowBroadAdminCIDRs to accept it", broad)
		}
		if seen[p] {
			return argErr(c, arg, s, "listed twice")
		}
		seen[p] = true
	}
	if err := a.Exceptions.validate(c, "Exceptions"); err != nil {
		return err
	}
	if a.KeyName != "" && !keyNameRe.MatchString(a.KeyName) {
		return argErr(c, "KeyName", a.KeyName, "key pair names are 1–255 printable ASCII characters")
	}
	m := instanceTypeRe.FindStringSubmatch(a.InstanceType)
	if m == nil || !awsrules.IsInstanceType(a.InstanceType) {
		return notInstanceType(c, a.InstanceType)
	}
	family := m[1]
	if !ssmParamRe.MatchString(a.AMIParameter) {
		return argErr(c, "AMIParameter", a.AMIParameter, "not an SSM parameter path such as %s", DefaultAMIParameter)
	}
	if armType, armAMI := armFamilyRe.MatchString(family), strings.Contains(a.AMIParameter, "arm64"); armType != armAMI {
		arch := map[bool]string{true: "arm64", false: "x86_64"}
		return argErr(c, "InstanceType", a.InstanceType, "is %s but AMIParameter %s names an %s image", arch[armType], a.AMIParameter, arch[armAMI])
	}
	for i, p := range a.VpcEgressPorts {
		if p < 1 || p > 65535 || slices.Index(a.VpcEgressPorts, p) != i {
			return argErr(c, fmt.Sprintf("VpcEgressPorts[%d]", i), p, "ports are 1 to 65535, each once")
		}
	}
	if a.RootVolumeSizeGiB < DefaultRootVolumeSize || a.RootVolumeSizeGiB > 16384 {
		return argErr(c, "RootVolumeSizeGiB", a.RootVolumeSizeGiB, "gp3 root volumes are %d to 16384 GiB (at least the AMI's snapshot)", DefaultRootVolumeSize)
	}
	if !slices.Contains(PlacementStrategies, a.PlacementStrategy) {
		return argErr(c, "PlacementStrategy", a.PlacementStrategy, "must be cluster, partition, spread or empty")
	}
	switch a.PlacementStrategy {
	case "partition":
		if a.PartitionCount < 1 || a.PartitionCount > maxPartitions {
			return argErr(c, "PartitionCount", a.PartitionCount, "a partition placement group has 1 to %d partitions per AZ", maxPartitions)
		}
	default:
		if a.PartitionCount != 0 {
			return argErr(c, "PartitionCount", a.PartitionCount, "only used with PlacementStrategy partition")
		}
	}
	if a.PlacementStrategy == "cluster" {
		if burstableRe.MatchString(family) {
			return argErr(c, "PlacementStrategy", a.PlacementStrategy, "cluster placement groups do not take burstable instances such as %s", a.InstanceType)
		}
		if a.Access.HasBastion() && a.PublicSubnetAZ != "" && a.PrivateSubnetAZ != "" && a.PublicSubnetAZ != a.PrivateSubnetAZ {
			return argErr(c, "PlacementStrategy", a.PlacementStrategy, "a cluster placement group lives in one AZ, but the bastion is in %s and the private instance in %s",
				a.PublicSubnetAZ, a.PrivateSubnetAZ)
		}
	}
	for _, n := range []struct{ arg, v string }{{"NamePrefix", a.NamePrefix}, {"BastionName", a.BastionName}, {"PrivateName", a.PrivateName}} {
		if err := validateNameTag(c, n.arg, n.v, "-Role"); err != nil {
			return err
		}
	}
	for _, d := range []struct{ arg, v string }{
		{"PrivateSecurityGroupDescription", a.PrivateSecurityGroupDescription}, {"BastionSecurityGroupDescription", a.BastionSecurityGroupDescription},
	} {
		if err := validateDescription(c, d.arg, d.v, d.v); err != nil {
			return err
		}
	}
	if err := awsrules.CheckText("iam.role.description", a.RoleDescription); err != nil {
		return argErr(c, "RoleDescription", a.RoleDescription, "%v", err)
	}
	for i, b := range a.BucketARNs {
		if v, ok := b.(pulumi.String); ok {
			if err := awsrules.CheckBucketARN(string(v)); err != nil {
				return argErr(c, fmt.Sprintf("BucketARNs[%d]", i), string(v), "%v", err)
			}
		}
	}
	return validateTags(c, a.Tags)
}

func (a BastionPairArgs) checkInputs() error {
	c := bastionPair
	if a.VpcID == nil {
		return argErr(c, "VpcID", nil, "is required")
	}
	if a.PingPrefixLists && len(a.EgressPrefixListIDs) == 0 {
		return argErr(c, "PingPrefixLists", true, "pings the services of EgressPrefixListIDs, and there are none: give the gateway endpoints' prefix lists")
	}
	for i, pl := range a.EgressPrefixListIDs {
		if pl == nil {
			return argErr(c, fmt.Sprintf("EgressPrefixListIDs[%d]", i), nil, "is nil")
		}
	}
	if a.PrivateSubnetID == nil {
		return argErr(c, "PrivateSubnetID", nil, "is required")
	}
	if a.Access.HasBastion() && a.PublicSubnetID == nil {
		return argErr(c, "PublicSubnetID", nil, "is required with access %s: the bastion lives in a public subnet", a.Access)
	}
	return nil
}

// NewBastionPair validates args, then builds the instances, their security
// groups and roles. A bad argument returns an *ArgError and registers nothing.
func NewBastionPair(ctx *pulumi.Context, name string, args *BastionPairArgs, opts ...pulumi.ResourceOption) (*BastionPair, error) {
	if args == nil {
		args = &BastionPairArgs{}
	}
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults(name)
	if err := a.checkInputs(); err != nil {
		return nil, err
	}
	bp := &BastionPair{HasBastion: a.Access.HasBastion()}
	if err := ctx.RegisterComponentResource("vpclab:index:BastionPair", name, bp, bp.children.track(opts)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(bp)
	tags := func(n string) pulumi.StringMap { return withName(a.Tags, n) }

	ami := ssm.LookupParameterOutput(ctx, ssm.LookupParameterOutputArgs{Name: pulumi.String(a.AMIParameter)}, parent).Value()
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent)

	privateSG, err := ec2.NewSecurityGroup(ctx, name+"-private-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String(a.PrivateSecurityGroupDescription),
		Tags:        tags(a.PrivateName + "-SG"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: private security group: %w", name, err)
	}
	rules := ruleSet{ctx: ctx, name: name, parent: parent, tags: a.Tags}
	if a.VpcCIDR != "" {
		for _, p := range a.VpcEgressPorts {
			role := fmt.Sprintf("private-tcp-%d-vpc", p)
			if p == 443 {
				role = "private-https-vpc" // the name before VpcEgressPorts existed: a URN
			}
			rules.egress(role, privateSG.ID(), tcp(p), cidrPeer(a.VpcCIDR), fmt.Sprintf("tcp %d to endpoints in the VPC", p))
		}
	}
	if a.InternetEgress {
		rules.add(true, "private-https-out", privateSG.ID(), tcp(443), cidrPeer("0.0.0.0/0"), "HTTPS to the internet through NAT", a.own(natEgress))
		rules.add(true, "private-http-out", privateSG.ID(), tcp(80), cidrPeer("0.0.0.0/0"), "HTTP to the internet through NAT", a.own(natEgress))
		rules.add(true, "private-icmp-out", privateSG.ID(), icmpEcho(false), cidrPeer("0.0.0.0/0"), "ping through NAT, as the guide checks", a.own(natEgress))
	}

	ssmAccess := a.Access == AccessSSM || a.Access == AccessBoth
	privateExc := Exceptions{}
	if ssmAccess {
		privateExc = a.own(ssmManagedAllowed)
	}
	if a.AllowListAllBuckets {
		privateExc = merge(privateExc, a.own(listAllBuckets))
	}
	privateProfile, privateRole, err := newInstanceRole(ctx, name+"-private", a.PrivateName, a.RoleDescription, ssmAccess, privateExc, partition, a.Tags, parent)
	if err != nil {
		return nil, err
	}

	var pg *ec2.PlacementGroup
	if a.PlacementStrategy != "" {
		pgArgs := &ec2.PlacementGroupArgs{Strategy: pulumi.String(a.PlacementStrategy), Tags: tags(a.NamePrefix + "-PG")}
		if a.PartitionCount > 0 {
			pgArgs.PartitionCount = pulumi.Int(a.PartitionCount)
		}
		if pg, err = ec2.NewPlacementGroup(ctx, name+"-pg", pgArgs, parent); err != nil {
			return nil, fmt.Errorf("%s: placement group: %w", name, err)
		}
	}
	spec := instanceSpec{ami: ami, instanceType: a.InstanceType, rootGiB: a.RootVolumeSizeGiB, keyName: a.KeyName, tags: a.Tags}
	if pg != nil {
		spec.placementGroup = pg.Name
	}
	instance := func(role string, subnet pulumi.StringInput, sg *ec2.SecurityGroup, profile *iam.InstanceProfile, public bool, nameTag string) (*ec2.Instance, error) {
		s := spec
		s.subnet, s.sg, s.profile, s.publicIP, s.nameTag = subnet, sg, profile, public, nameTag
		s.bootAfter = rules.egressRules
		if !public {
			s.bootAfter = append(append([]pulumi.Resource{}, s.bootAfter...), a.BootAfter...)
		}
		if public {
			s.exceptions = a.own(bastionPublicIP)
		} else {
			s.exceptions = a.Exceptions
		}
		return newInstance(ctx, name+"-"+role, s, parent)
	}

	empty := pulumi.String("").ToStringOutput()
	bp.BastionID, bp.BastionPublicIP, bp.BastionSecurityGroupID = empty, empty, empty
	if a.Access.HasBastion() {
		bastionSG, err := ec2.NewSecurityGroup(ctx, name+"-bastion-sg", &ec2.SecurityGroupArgs{
			VpcId:       a.VpcID,
			Description: pulumi.String(a.BastionSecurityGroupDescription),
			Tags:        tags(a.BastionName + "-SG"),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: bastion security group: %w", name, err)
		}
		for i, cidr := range a.AdminCIDRs {
			v6 := strings.Contains(cidr, ":")
			rules.ingress(fmt.Sprintf("bastion-ssh-admin-%d", i), bastionSG.ID(), tcp(22), cidrPeer(cidr), "SSH from admin "+cidr)
			rules.ingress(fmt.Sprintf("bastion-icmp-admin-%d", i), bastionSG.ID(), icmpEcho(v6), cidrPeer(cidr), "ping (echo request) from admin "+cidr)
		}
		rules.egress("bastion-ssh-to-private", bastionSG.ID(), tcp(22), sgPeer(privateSG.ID()), "SSH hop to the private instance")
		rules.add(true, "bastion-https-out", bastionSG.ID(), tcp(443), cidrPeer("0.0.0.0/0"), "HTTPS for dnf and the SSM agent", a.own(bastionHTTPSOut))
		rules.add(true, "bastion-icmp-out", bastionSG.ID(), icmpEcho(false), cidrPeer("0.0.0.0/0"), "ping out, as the guide checks", a.own(bastionPingOut))
		rules.ingress("private-ssh-from-bastion", privateSG.ID(), tcp(22), sgPeer(bastionSG.ID()), "SSH only from the bastion")

		bastionExc := Exceptions{}
		if ssmAccess {
			bastionExc = a.own(ssmManagedAllowed)
		}
		bastionProfile, _, err := newInstanceRole(ctx, name+"-bastion", a.BastionName, a.RoleDescription, ssmAccess, bastionExc, partition, a.Tags, parent)
		if err != nil {
			return nil, err
		}
		bastion, err := instance("bastion", a.PublicSubnetID, bastionSG, bastionProfile, true, a.BastionName)
		if err != nil {
			return nil, err
		}
		bp.BastionID = bastion.ID().ToStringOutput()
		bp.BastionPublicIP = bastion.PublicIp
		bp.BastionSecurityGroupID = bastionSG.ID().ToStringOutput()
		bp.Bastion, bp.BastionSecurityGroup = bastion, bastionSG
	}
	for i, pl := range a.EgressPrefixListIDs {
		rules.egress(fmt.Sprintf("private-https-prefix-list-%d", i), privateSG.ID(), tcp(443), prefixListPeer(pl), "HTTPS to the service of a gateway endpoint (its prefix list)")
		if a.PingPrefixLists {
			rules.egress(fmt.Sprintf("private-icmp-prefix-list-%d", i), privateSG.ID(), icmpEcho(false), prefixListPeer(pl),
				"ping (echo request) to a gateway endpoint service, as lab 9-1 checks")
		}
	}
	if rules.err != nil {
		return nil, rules.err
	}
	if len(a.BucketARNs) > 0 || a.AllowListAllBuckets {
		if err := bucketAccessPolicy(ctx, name+"-private-s3", privateRole, a.BucketARNs, a.AllowListAllBuckets, parent); err != nil {
			return nil, err
		}
	}

	private, err := instance("private", a.PrivateSubnetID, privateSG, privateProfile, false, a.PrivateName)
	if err != nil {
		return nil, err
	}
	bp.PrivateInstanceID = private.ID().ToStringOutput()
	bp.PrivateIP = private.PrivateIp
	bp.PrivateSecurityGroupID = privateSG.ID().ToStringOutput()
	bp.PrivateRoleName = privateRole.Name
	bp.PrivateInstance, bp.PrivateSecurityGroup, bp.PrivateRole = private, privateSG, privateRole
	bp.AMI = ami
	if err := ctx.RegisterResourceOutputs(bp, pulumi.Map{
		"privateInstanceId":      bp.PrivateInstanceID,
		"privateIp":              bp.PrivateIP,
		"privateSecurityGroupId": bp.PrivateSecurityGroupID,
		"privateRoleName":        bp.PrivateRoleName,
		"bastionId":              bp.BastionID,
		"bastionPublicIp":        bp.BastionPublicIP,
		"bastionSecurityGroupId": bp.BastionSecurityGroupID,
		"ami":                    bp.AMI,
	}); err != nil {
		return nil, err
	}
	return bp, nil
}

// newInstanceRole creates a role EC2 can assume and its instance profile. With
// ssm it attaches AmazonSSMManagedInstanceCore and nothing else; labs attach
// further least-privilege policies to the returned role.
func newInstanceRole(ctx *pulumi.Context, base, nameTag, description string, ssm bool, exc Exceptions, partition aws.GetPartitionResultOutput,
	tags map[string]string, parent pulumi.ResourceOrInvokeOption) (*iam.InstanceProfile, *iam.Role, error) {
	trust := partition.DnsSuffix().ApplyT(func(suffix string) (string, error) {
		return AssumeRoleForService("ec2." + suffix).JSON()
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, base+"-role", &iam.RoleArgs{
		AssumeRolePolicy: trust,
		Description:      pulumi.String(description),
		Tags:             withName(exc.with(tags), nameTag+"-Role"),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", base, err)
	}
	if ssm {
		policyArn := partition.Partition().ApplyT(func(p string) string {
			return fmt.Sprintf("arn:%s:iam::aws:policy/%s", p, ssmManagedPolicy)
		}).(pulumi.StringOutput)
		if _, err := iam.NewRolePolicyAttachment(ctx, base+"-ssm-core", &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: policyArn,
		}, parent); err != nil {
			return nil, nil, fmt.Errorf("%s SSM policy attachment: %w", base, err)
		}
	}
	profile, err := iam.NewInstanceProfile(ctx, base+"-profile", &iam.InstanceProfileArgs{
		Role: role.Name,
		Tags: withName(tags, nameTag+"-Profile"),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("%s instance profile: %w", base, err)
	}
	return profile, role, nil
}

// merge combines exception sets.
func merge(sets ...Exceptions) Exceptions {
	out := Exceptions{}
	for _, s := range sets {
		for k, v := range s {
			out[k] = v
		}
	}
	return out
}

// port is a protocol and port range of one rule.
type port struct {
	protocol string
	from, to int
}

func tcp(p int) port { return port{"tcp", p, p} }

// icmpEcho is echo request: ICMP type 8 (ICMPv6 type 128), any code.
func icmpEcho(v6 bool) port {
	if v6 {
		return port{"icmpv6", 128, -1}
	}
	return port{"icmp", 8, -1}
}

// peer is the other side of a rule: a CIDR block, a security group or a prefix list.
type peer struct {
	cidr       string
	sg         pulumi.StringInput
	prefixList pulumi.StringInput
}

func prefixListPeer(id pulumi.StringInput) peer { return peer{prefixList: id} }

func cidrPeer(c string) peer              { return peer{cidr: c} }
func sgPeer(sgID pulumi.StringInput) peer { return peer{sg: sgID} }

// fields returns the rule's IPv4 CIDR, IPv6 CIDR, referenced SG and prefix list; one is set.
func (p peer) fields() (v4, v6, sg, pl pulumi.StringPtrInput) {
	switch {
	case p.prefixList != nil:
		return nil, nil, nil, p.prefixList.ToStringOutput().ToStringPtrOutput()
	case p.sg != nil:
		return nil, nil, p.sg.ToStringOutput().ToStringPtrOutput(), nil
	case strings.Contains(p.cidr, ":"):
		return nil, pulumi.StringPtr(p.cidr), nil, nil
	default:
		return pulumi.StringPtr(p.cidr), nil, nil, nil
	}
}

// ruleSet registers one standalone rule resource per rule (never inline
// rules, so the two styles never fight: awsguard's rule-management conflict)
// and keeps the first error.
type ruleSet struct {
	ctx    *pulumi.Context
	name   string
	parent pulumi.ResourceOrInvokeOption
	tags   map[string]string
	err    error
	// egressRules are the egress rules registered so far: an instance's
	// first boot needs them.
	egressRules []pulumi.Resource
}

func (r *ruleSet) ingress(role string, sg pulumi.StringInput, p port, from peer, desc string) {
	r.add(false, role, sg, p, from, desc, nil)
}

func (r *ruleSet) egress(role string, sg pulumi.StringInput, p port, to peer, desc string) {
	r.add(true, role, sg, p, to, desc, nil)
}

// add registers one rule; exc records the guardrail findings it accepts.
func (r *ruleSet) add(egress bool, role string, sg pulumi.StringInput, p port, other peer, desc string, exc Exceptions) {
	if r.err != nil {
		return
	}
	name := r.name + "-" + role
	v4, v6, ref, pl := other.fields()
	var err error
	if egress {
		var rule *vpc.SecurityGroupEgressRule
		rule, err = vpc.NewSecurityGroupEgressRule(r.ctx, name, &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sg, IpProtocol: pulumi.String(p.protocol), FromPort: pulumi.Int(p.from), ToPort: pulumi.Int(p.to),
			CidrIpv4: v4, CidrIpv6: v6, ReferencedSecurityGroupId: ref, PrefixListId: pl, Description: pulumi.String(desc), Tags: withName(exc.with(r.tags), name),
		}, r.parent)
		if err == nil {
			r.egressRules = append(r.egressRules, rule)
		}
	} else {
		_, err = vpc.NewSecurityGroupIngressRule(r.ctx, name, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg, IpProtocol: pulumi.String(p.protocol), FromPort: pulumi.Int(p.from), ToPort: pulumi.Int(p.to),
			CidrIpv4: v4, CidrIpv6: v6, ReferencedSecurityGroupId: ref, PrefixListId: pl, Description: pulumi.String(desc), Tags: withName(exc.with(r.tags), name),
		}, r.parent)
	}
	if err != nil {
		r.err = fmt.Errorf("%s: rule %s: %w", r.name, role, err)
	}
}

// bucketAccessPolicy grants a role list/get/put on the given buckets only
// (never AmazonS3FullAccess), plus s3:ListAllMyBuckets when asked.
func bucketAccessPolicy(ctx *pulumi.Context, name string, role *iam.Role, buckets []pulumi.StringInput, listAll bool, parent pulumi.ResourceOrInvokeOption) error {
	arns := make([]any, len(buckets))
	for i, b := range buckets {
		arns[i] = b
	}
	policy := pulumi.All(arns...).ApplyT(func(v []any) (string, error) {
		doc := PolicyDocument{Version: PolicyVersion}
		var bucketARNs, objectARNs []string
		for i, b := range v {
			if err := awsrules.CheckBucketARN(b.(string)); err != nil {
				return "", argErr(bastionPair, fmt.Sprintf("BucketARNs[%d]", i), b, "%v", err)
			}
			bucketARNs = append(bucketARNs, b.(string))
			objectARNs = append(objectARNs, b.(string)+"/*")
		}
		if len(v) > 0 {
			doc.Statement = append(doc.Statement,
				Statement{Sid: "ListLabBuckets", Effect: "Allow", Action: []string{"s3:ListBucket"}, Resource: bucketARNs},
				Statement{Sid: "ReadWriteLabObjects", Effect: "Allow", Action: []string{"s3:GetObject", "s3:PutObject"}, Resource: objectARNs})
		}
		if listAll {
			// ListAllMyBuckets cannot be scoped to a bucket: "*" is its only resource.
			doc.Statement = append(doc.Statement, Statement{Sid: "ListAllMyBuckets", Effect: "Allow", Action: []string{"s3:ListAllMyBuckets"}, Resource: []string{"*"}})
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, parent); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// instanceSpec is what the instance-owning components set on an instance.
type instanceSpec struct {
	ami            pulumi.StringInput
	instanceType   string
	rootGiB        int
	keyName        string
	placementGroup pulumi.StringInput
	subnet         pulumi.StringInput
	sg             *ec2.SecurityGroup
	profile        *iam.InstanceProfile
	publicIP       bool
	userData       string
	nameTag        string
	tags           map[string]string
	exceptions     Exceptions
	// bootAfter are what the first boot needs (its egress rules, its route to
	// the repositories or Session Manager): user data and the SSM agent's
	// first registration run at boot, so the instance waits for them.
	bootAfter []pulumi.Resource
}

// newInstance creates an instance with vpclab's fixed safe settings: IMDSv2
// only with hop limit 1, an encrypted gp3 root volume deleted with it, an
// instance profile, and a public IP only when asked.
func newInstance(ctx *pulumi.Context, name string, s instanceSpec, parent pulumi.ResourceOrInvokeOption) (*ec2.Instance, error) {
	ia := &ec2.InstanceArgs{
		Ami:                      s.ami,
		InstanceType:             pulumi.String(s.instanceType),
		SubnetId:                 s.subnet,
		VpcSecurityGroupIds:      pulumi.StringArray{s.sg.ID()},
		AssociatePublicIpAddress: pulumi.Bool(s.publicIP),
		IamInstanceProfile:       s.profile.Name,
		MetadataOptions: &ec2.InstanceMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"), // IMDSv2 only
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		RootBlockDevice: &ec2.InstanceRootBlockDeviceArgs{
			Encrypted:           pulumi.Bool(true),
			VolumeType:          pulumi.String("gp3"),
			VolumeSize:          pulumi.Int(s.rootGiB),
			DeleteOnTermination: pulumi.Bool(true),
		},
		Tags:       withName(s.exceptions.with(s.tags), s.nameTag),
		VolumeTags: withName(s.tags, s.nameTag+"-Root"),
	}
	if s.keyName != "" {
		ia.KeyName = pulumi.String(s.keyName)
	}
	if s.placementGroup != nil {
		ia.PlacementGroup = s.placementGroup
	}
	if s.userData != "" {
		ia.UserData = pulumi.String(s.userData)
		ia.UserDataReplaceOnChange = pulumi.Bool(true) // user data only runs at first boot
	}
	// The AMI comes from an SSM parameter that names the latest image: a new
	// release between two `pulumi up` must not replace a running lab, so the
	// instance keeps the image it was launched with (`pulumi up --replace` moves it on).
	inst, err := ec2.NewInstance(ctx, name, ia, parent, pulumi.DependsOn(expandComponents(s.bootAfter)), pulumi.IgnoreChanges([]string{"ami"}))
	if err != nil {
		return nil, fmt.Errorf("%s: instance: %w", name, err)
	}
	return inst, nil
}
