package labs

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// builder validates everything a lab needs and only then registers resources.
type builder func(ctx *pulumi.Context, cfg *Config, azs []string) error

// builders are the labs, by the value of vpclab:lab.
var builders = map[string]builder{
	"nat-bastion": natBastion,
}

// Program is the Pulumi program: config → validated Config → components.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	azs, err := components.AvailableZones(ctx)
	if err != nil {
		return err
	}
	return builders[cfg.Lab](ctx, cfg, azs)
}

// labTags are merged into every resource so a learner can find (and a
// cleanup script can check) everything a lab created.
func labTags(ctx *pulumi.Context, cfg *Config) map[string]string {
	return map[string]string{"Project": "vpclab", "Lab": cfg.Lab, "Stack": ctx.Stack()}
}

// natBastion is seed 001: a public and a private subnet, IGW, NAT gateway,
// a bastion in public and an instance in private reached through it.
func natBastion(ctx *pulumi.Context, cfg *Config, azs []string) error {
	tags := labTags(ctx, cfg)
	netArgs := cfg.networkArgs(azs, tags)
	if err := netArgs.Validate(); err != nil {
		return asConfigError(err)
	}
	if len(cfg.PrivateSubnetAZs) == 0 {
		return cfgErr("privateSubnetAzs", cfg.PrivateSubnetAZs, "the %s lab needs a private subnet for its private instance", cfg.Lab)
	}
	if components.AccessMode(cfg.Access).HasBastion() && len(cfg.PublicSubnetAZs) == 0 {
		return cfgErr("publicSubnetAzs", cfg.PublicSubnetAZs, "access %s needs a public subnet for the bastion", cfg.Access)
	}
	bpArgs := cfg.bastionArgs(cfg.VpcCIDR, azName(azs, cfg.PublicSubnetAZs, 0), azName(azs, cfg.PrivateSubnetAZs, 0), tags)
	if err := bpArgs.Validate("access"); err != nil {
		return asConfigError(err)
	}
	for i, c := range cfg.AdminCIDRs {
		if isPlaceholder(c) {
			ctx.Log.Warn(fmt.Sprintf("%s:adminCidrs[%d] = %s is a documentation placeholder: set your own address with "+
				"`pulumi config set --path '%s:adminCidrs[%d]' <your-ip>/32` or SSH to the bastion will time out", Namespace, i, c, Namespace, i), nil)
		}
	}

	nb, err := components.NewNetworkBase(ctx, "network", &netArgs)
	if err != nil {
		return err
	}
	bpArgs.VpcID = nb.VpcID
	bpArgs.PrivateSubnetID = nb.PrivateSubnets[0].ID
	if len(nb.PublicSubnets) > 0 {
		bpArgs.PublicSubnetID = nb.PublicSubnets[0].ID
	}
	bp, err := components.NewBastionPair(ctx, "access", &bpArgs)
	if err != nil {
		return err
	}

	ctx.Export("vpcId", nb.VpcID)
	ctx.Export("publicSubnetIds", nb.PublicSubnetIDs)
	ctx.Export("privateSubnetIds", nb.PrivateSubnetIDs)
	ctx.Export("natPublicIps", nb.NatPublicIPs)
	ctx.Export("privateInstanceId", bp.PrivateInstanceID)
	ctx.Export("privateIp", bp.PrivateIP)
	exportAccess(ctx, cfg, bp)
	if cfg.NatMode != string(components.NatNone) {
		// The private instance's egress address must be one of natPublicIps.
		ctx.Export("natCheckCommand", pulumi.String("curl -s https://checkip.amazonaws.com   # on the private instance; prints one of natPublicIps"))
	}
	return nil
}

// exportAccess exports how to reach the private instance in this access mode.
func exportAccess(ctx *pulumi.Context, cfg *Config, bp *components.BastionPair) {
	mode := components.AccessMode(cfg.Access)
	if mode.HasBastion() {
		ctx.Export("bastionPublicIp", bp.BastionPublicIP)
		key := ""
		if cfg.KeyName != "" {
			key = fmt.Sprintf("-i ~/.ssh/%s.pem ", cfg.KeyName)
		}
		ctx.Export("sshCommand", pulumi.Sprintf("ssh %s-J ec2-user@%s ec2-user@%s", key, bp.BastionPublicIP, bp.PrivateIP))
	}
	if mode == components.AccessSSM || mode == components.AccessBoth {
		ctx.Export("ssmCommand", pulumi.Sprintf("aws ssm start-session --region %s --target %s", cfg.Region, bp.PrivateInstanceID))
	}
	if mode.HasBastion() && cfg.KeyName == "" {
		// Without a key pair, EC2 Instance Connect pushes a 60-second key for each hop.
		ctx.Export("instanceConnectNote", pulumi.String(strings.Join([]string{
			"no keyName set: push a temporary key to each hop with",
			"aws ec2-instance-connect send-ssh-public-key --instance-os-user ec2-user --ssh-public-key file://~/.ssh/id_ed25519.pub --instance-id <bastion, then private>",
		}, " ")))
	}
}
