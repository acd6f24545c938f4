package components

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WebServer places one web server.
type WebServer struct {
	// SubnetID is the subnet the server runs in.
	SubnetID pulumi.StringInput
	// AZ is that subnet's AZ name, for placing it behind a load balancer.
	AZ string
	// Page is the text of its index page (the guide's "Endpoint Service Lab -
	// CloudNeta Web Server 1").
	Page string
	// NameTag is the server's Name tag (default <prefix>-WEB-<n>, from 1).
	NameTag string
}

// WebServersArgs configures WebServers.
type WebServersArgs struct {
	// VpcID is the VPC the servers and their security group live in (required).
	VpcID pulumi.StringInput
	// Servers are the instances, typically one per AZ.
	Servers []WebServer
	// Port httpd listens on (default 80).
	Port int
	// EgressPrefixListIDs reach the S3 gateway endpoint that serves the
	// Amazon Linux repositories, so dnf works without NAT.
	EgressPrefixListIDs []pulumi.StringInput
	// InternetEgress lets dnf reach the repositories through NAT or an IGW instead.
	InternetEgress bool
	// BootAfter are the resources the servers' route to the repositories runs
	// through (the S3 gateway endpoint, a NAT gateway). User data installs
	// httpd once, at first boot, so the servers are created only after them
	// (a component counts as all of its children).
	BootAfter []pulumi.Resource
	// InstanceType is the servers' type (default t3.micro).
	InstanceType string
	// AMIParameter is the SSM public parameter holding the AMI ID (default
	// Amazon Linux 2023 x86_64).
	AMIParameter string
	// RootVolumeSizeGiB is the encrypted gp3 root volume's size (default 8).
	RootVolumeSizeGiB int
	// NamePrefix starts the Name tags (default: the component name).
	NamePrefix string
	// Tags are merged into every child that takes tags.
	Tags map[string]string
}

// WebServers are httpd instances with a page each. Their security group has
// no inbound rule: whoever fronts them (PrivateLinkService) opens the port
// from its own security group. No SSH, no key, no password.
type WebServers struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// InstanceIDs are the servers' instance IDs, in the order of Servers.
	InstanceIDs pulumi.StringArrayOutput `pulumi:"instanceIds"`
	// PrivateIPs are the servers' private addresses, in the same order.
	PrivateIPs pulumi.StringArrayOutput `pulumi:"privateIps"`
	// SecurityGroupID is the servers' security group, which their load balancer opens.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`

	// Instances pairs each server's ID with its AZ, for target registration.
	Instances []Target
}

// Target is an instance behind a load balancer.
type Target struct {
	// InstanceID is the instance's ID.
	InstanceID pulumi.StringInput
	// AZ is the instance's AZ name.
	AZ string
}

const webServers = "WebServers"

// Page text is written by user data inside single quotes: keep it to
// characters that need no escaping.
var pageRe = regexp.MustCompile(`^[A-Za-z0-9 .,:;!?()_/+=@#%-]{1,200}$`)

func (a WebServersArgs) withDefaults(name string) WebServersArgs {
	if a.Port == 0 {
		a.Port = 80
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
	if a.NamePrefix == "" {
		a.NamePrefix = name
	}
	return a
}

// Validate checks the plain arguments without registering anything.
func (a WebServersArgs) Validate(name string) error {
	a = a.withDefaults(name)
	c := webServers
	if err := validateRoleName(c, name, name+"-role"); err != nil {
		return err
	}
	if len(a.Servers) == 0 {
		return argErr(c, "Servers", 0, "at least one web server is needed")
	}
	for i, s := range a.Servers {
		arg := fmt.Sprintf("Servers[%d]", i)
		if s.SubnetID == nil {
			return argErr(c, arg+".SubnetID", nil, "is required")
		}
		if s.AZ == "" {
			return argErr(c, arg+".AZ", s.AZ, "is required")
		}
		if !pageRe.MatchString(s.Page) {
			return argErr(c, arg+".Page", s.Page, "1–200 letters, digits, spaces and simple punctuation (no quotes, no HTML)")
		}
		if s.NameTag != "" {
			if err := validateNameTag(c, arg+".NameTag", s.NameTag, "-Role"); err != nil {
				return err
			}
		}
	}
	if a.Port < 1 || a.Port > 65535 {
		return argErr(c, "Port", a.Port, "must be 1 to 65535")
	}
	if err := validateNameTag(c, "NamePrefix", a.NamePrefix, nameSuffixWebProfile); err != nil {
		return err
	}
	if err := validateDescription(c, "NamePrefix", a.NamePrefix, a.sgDescription()); err != nil {
		return err
	}
	// The instance settings share BastionPair's rules.
	bp := BastionPairArgs{InstanceType: a.InstanceType, AMIParameter: a.AMIParameter, RootVolumeSizeGiB: a.RootVolumeSizeGiB}.withDefaults(name)
	if err := bp.validate(); err != nil {
		ae, _ := AsArgError(err)
		return argErr(c, ae.Arg, ae.Value, "%s", ae.Rule)
	}
	return validateTags(c, a.Tags)
}

// sgDescription carries the name prefix.
func (a WebServersArgs) sgDescription() string {
	return fmt.Sprintf("%s web servers: port %d opened only by their load balancer", a.NamePrefix, a.Port)
}

// Package installs retry for a bounded time: the route to the repositories
// (endpoint, NAT) can still be settling when an instance first boots, and
// user data runs only once.
const (
	dnfAttempts     = 30
	dnfRetrySeconds = 10
)

// webUserData installs httpd and writes the page. It holds no secret. A
// failed install is retried; when it gives up it says why in the system log
// (journalctl -t vpclab) and in /var/log/cloud-init-output.log.
func webUserData(page string, port int) string {
	listen := ""
	if port != 80 {
		listen = fmt.Sprintf("sed -i 's/^Listen 80$/Listen %d/' /etc/httpd/conf/httpd.conf\n", port)
	}
	return "#!/bin/bash\nset -euo pipefail\n" + retryInstall("httpd") + listen +
		"echo '<html><h1>" + page + "</h1></html>' > /var/www/html/index.html\nsystemctl enable --now httpd\n"
}

// retryInstall is a user-data fragment that installs packages with dnf,
// retrying for at most dnfAttempts × dnfRetrySeconds, and exits non-zero
// with the likely causes when the repositories stay out of reach.
func retryInstall(packages string) string {
	return fmt.Sprintf(`say() { echo "vpclab: $*" >&2; logger -t vpclab -- "$*" || true; }
for attempt in $(seq 1 %[1]d); do
  if dnf install -y %[3]s; then break; fi
  if [ "$attempt" -eq %[1]d ]; then
    say "giving up: dnf install %[3]s failed %[1]d times over %[4]d s; the Amazon Linux repositories are out of reach (check the route to them: S3 gateway endpoint on this subnet's route table and its policy, or NAT; and 443 egress in the security group)"
    exit 1
  fi
  say "dnf install %[3]s failed (attempt $attempt of %[1]d); retrying in %[2]d s"
  sleep %[2]d
done
`, dnfAttempts, dnfRetrySeconds, packages, dnfAttempts*dnfRetrySeconds)
}

// NewWebServers validates args, then creates the servers, their security group and role.
func NewWebServers(ctx *pulumi.Context, name string, args *WebServersArgs, opts ...pulumi.ResourceOption) (*WebServers, error) {
	if args == nil {
		args = &WebServersArgs{}
	}
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults(name)
	if a.VpcID == nil {
		return nil, argErr(webServers, "VpcID", nil, "is required")
	}
	ws := &WebServers{}
	if err := ctx.RegisterComponentResource("vpclab:index:WebServers", name, ws, ws.children.track(opts)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(ws)
	tags := func(n string) pulumi.StringMap { return withName(a.Tags, n) }
	ami := ssm.LookupParameterOutput(ctx, ssm.LookupParameterOutputArgs{Name: pulumi.String(a.AMIParameter)}, parent).Value()
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent)

	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String(a.sgDescription()),
		Tags:        tags(a.NamePrefix + "-WebSG"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: security group: %w", name, err)
	}
	rules := ruleSet{ctx: ctx, name: name, parent: parent, tags: a.Tags}
	for i, pl := range a.EgressPrefixListIDs {
		rules.egress(fmt.Sprintf("https-prefix-list-%d", i), sg.ID(), tcp(443), prefixListPeer(pl), "HTTPS to the package repositories through the S3 endpoint")
	}
	if a.InternetEgress {
		rules.add(true, "https-out", sg.ID(), tcp(443), cidrPeer("0.0.0.0/0"), "HTTPS to the package repositories",
			except("LAB-SG-03", "dnf reaches the package repositories over HTTPS"))
	}
	if rules.err != nil {
		return nil, rules.err
	}
	// A profile without permissions: nothing on the web servers calls AWS.
	profile, _, err := newInstanceRole(ctx, name, a.NamePrefix+"-Web", "vpclab instance role: no permissions", false, nil, partition, a.Tags, parent)
	if err != nil {
		return nil, err
	}
	var ids, ips pulumi.StringArray
	for i, s := range a.Servers {
		nameTag := s.NameTag
		if nameTag == "" {
			nameTag = fmt.Sprintf("%s-WEB-%d", a.NamePrefix, i+1)
		}
		inst, err := newInstance(ctx, fmt.Sprintf("%s-%d", name, i+1), instanceSpec{
			ami: ami, instanceType: a.InstanceType, rootGiB: a.RootVolumeSizeGiB, subnet: s.SubnetID, sg: sg, profile: profile,
			userData: webUserData(s.Page, a.Port), nameTag: nameTag, tags: a.Tags,
			bootAfter: append(append([]pulumi.Resource{}, rules.egressRules...), a.BootAfter...),
		}, parent)
		if err != nil {
			return nil, err
		}
		ids = append(ids, inst.ID())
		ips = append(ips, inst.PrivateIp)
		ws.Instances = append(ws.Instances, Target{InstanceID: inst.ID(), AZ: s.AZ})
	}
	ws.InstanceIDs = ids.ToStringArrayOutput()
	ws.PrivateIPs = ips.ToStringArrayOutput()
	ws.SecurityGroupID = sg.ID().ToStringOutput()
	if err := ctx.RegisterResourceOutputs(ws, pulumi.Map{
		"instanceIds":     ws.InstanceIDs,
		"privateIps":      ws.PrivateIPs,
		"securityGroupId": ws.SecurityGroupID,
	}); err != nil {
		return nil, err
	}
	return ws, nil
}
