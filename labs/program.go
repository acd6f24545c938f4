package labs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/components"
)

// builder validates everything a lab needs and only then registers resources.
type builder func(ctx *pulumi.Context, cfg *Config, azs []string) error

// builders are the labs, by the value of vpclab:lab. The single-VPC labs
// share one composition and differ in their stack files' toggles.
var builders = map[string]builder{
	"nat-bastion":          singleVPC,   // seed 001
	"s3-gateway":           singleVPC,   // seeds 000 and 002
	"ssm":                  singleVPC,   // seed 003, AWS Cookbook recipe 106
	"gateway-vs-interface": singleVPC,   // seed 004, CloudNeta lab 9-1
	"privatelink":          privateLink, // seed 004, CloudNeta lab 9-2
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
	if cfg.costs, err = watchCosts(ctx, cfg, azs); err != nil {
		return err
	}
	if err := builders[cfg.Lab](ctx, cfg, azs); err != nil {
		return err
	}
	cfg.costs.log(ctx, cfg.Region)
	return nil
}

// exportLab exports what `vpclab verify` needs to pick and run the lab's checks.
func exportLab(ctx *pulumi.Context, cfg *Config) {
	ctx.Export("lab", pulumi.String(cfg.Lab))
	ctx.Export("step", pulumi.String(cfg.Step))
	ctx.Export("stepNumber", pulumi.Int(cfg.StepNumber))
	ctx.Export("region", pulumi.String(cfg.Region))
	ctx.Export("vpcCidr", pulumi.String(cfg.VpcCIDR))
}

// labTags are merged into every resource so a learner can find (and a
// cleanup script can check) everything a lab created.
func labTags(ctx *pulumi.Context, cfg *Config) map[string]string {
	return map[string]string{"Project": "vpclab", "Lab": cfg.Lab, "Stack": ctx.Stack()}
}

// singleVPC is one VPC with public and private subnets, optional NAT, a
// bastion pair, optional gateway endpoints and a lab bucket reachable only
// through the S3 endpoint.
func singleVPC(ctx *pulumi.Context, cfg *Config, azs []string) error {
	tags := labTags(ctx, cfg)
	impliedGateways(ctx, cfg)
	netArgs := cfg.networkArgs(azs, tags)
	if err := validate(ctx, cfg, azs, netArgs); err != nil {
		return err
	}
	bpArgs := cfg.bastionArgs(cfg.VpcCIDR, azName(azs, cfg.PublicSubnetAZs, 0), azName(azs, cfg.PrivateSubnetAZs, 0), tags)
	if err := bpArgs.Validate("access"); err != nil {
		return asConfigError(err)
	}
	if err := instanceTypeOffered(ctx, cfg, bpArgs.InstanceAZs()); err != nil {
		return err
	}
	warnPlaceholders(ctx, cfg)

	nb, err := components.NewNetworkBase(ctx, "network", &netArgs)
	if err != nil {
		return err
	}
	routeTables := endpointRouteTables(cfg, nb)

	var s3ep, ddbep *components.GatewayEndpoint
	var bucket *components.PrivateBucket
	if cfg.LabBucket {
		var endpointIDs []pulumi.StringInput
		if cfg.S3GatewayEndpoint && cfg.BucketPolicyCondition == string(components.SourceVpce) {
			// The endpoint policy names the bucket and the bucket policy names
			// the endpoint: the bucket takes a deferred endpoint ID.
			id, resolve := deferredString(ctx)
			defer resolve(&s3ep)
			endpointIDs = []pulumi.StringInput{id}
		}
		if bucket, err = newLabBucket(ctx, cfg, endpointIDs, nb, tags); err != nil {
			return err
		}
	}
	if cfg.S3GatewayEndpoint {
		args := cfg.gatewayArgs("s3", nb, routeTables, tags)
		if bucket != nil && args.Policy == components.PolicyLeastPrivilege {
			// Full access names no resources: the component refuses them.
			args.Resources = []pulumi.StringInput{bucket.BucketARN}
		}
		if s3ep, err = components.NewGatewayEndpoint(ctx, "s3", &args); err != nil {
			return err
		}
	}
	if cfg.DynamodbGatewayEndpoint {
		args := cfg.gatewayArgs("dynamodb", nb, routeTables, tags)
		if args.Policy == components.PolicyLeastPrivilege {
			args.Resources = []pulumi.StringInput{accountTables(ctx)}
		}
		if ddbep, err = components.NewGatewayEndpoint(ctx, "dynamodb", &args); err != nil {
			return err
		}
	}

	interfaces, err := newInterfaceEndpoints(ctx, cfg, nb, gatewayEndpoints(s3ep, ddbep), tags)
	if err != nil {
		return err
	}

	bpArgs.VpcID = nb.VPCID
	bpArgs.PrivateSubnetID = nb.PrivateSubnets[0].ID
	if len(nb.PublicSubnets) > 0 {
		bpArgs.PublicSubnetID = nb.PublicSubnets[0].ID
	}
	for _, ep := range []*components.GatewayEndpoint{s3ep, ddbep} {
		if ep != nil {
			bpArgs.EgressPrefixListIDs = append(bpArgs.EgressPrefixListIDs, ep.PrefixListID)
		}
	}
	// Lab 9-1 pings S3 through the gateway endpoint; with no endpoint yet (the
	// guide's step 0) there is nothing to ping.
	bpArgs.PingPrefixLists = cfg.PingGatewayEndpoints && len(bpArgs.EgressPrefixListIDs) > 0
	if bucket != nil {
		bpArgs.BucketARNs = []pulumi.StringInput{bucket.BucketARN}
	}
	bpArgs.BootAfter = bootPath(cfg, nb, interfaces, s3ep, ddbep)
	bp, err := components.NewBastionPair(ctx, "access", &bpArgs)
	if err != nil {
		return err
	}

	exportLab(ctx, cfg)
	ctx.Export("vpcId", nb.VPCID)
	ctx.Export("publicSubnetIds", nb.PublicSubnetIDs)
	ctx.Export("privateSubnetIds", nb.PrivateSubnetIDs)
	ctx.Export("publicRouteTableIds", nb.PublicRouteTableIDs)
	ctx.Export("privateRouteTableIds", nb.PrivateRouteTableIDs)
	ctx.Export("natPublicIps", nb.NATPublicIPs)
	ctx.Export("natMode", pulumi.String(cfg.NatMode))
	ctx.Export("privateInstanceId", bp.PrivateInstanceID)
	ctx.Export("privateIp", bp.PrivateIP)
	// The IAM console lists roles by name, and the name is generated
	// (access-private-role-<suffix>): the guides name theirs (s3_fullaccess,
	// AWSCookbook106SSMRole), so the stack says which one is the lab's.
	ctx.Export("privateRoleName", bp.PrivateRoleName)
	exportAccess(ctx, cfg, bp, &bpArgs)
	if cfg.NatMode != string(components.NATNone) {
		// The private instance's egress address must be one of natPublicIps
		// (a regional NAT gateway in auto mode gets AWS's addresses as it
		// expands into AZs: `pulumi refresh` adds them to natPublicIps).
		ctx.Export("natCheckCommand", pulumi.String("curl -s https://checkip.amazonaws.com   # on the private instance; prints one of natPublicIps"))
	}
	if s3ep != nil {
		ctx.Export("s3EndpointId", s3ep.EndpointID)
		ctx.Export("s3PrefixListId", s3ep.PrefixListID)
	}
	if ddbep != nil {
		ctx.Export("dynamodbEndpointId", ddbep.EndpointID)
		ctx.Export("dynamodbPrefixListId", ddbep.PrefixListID)
	}
	exportInterfaceEndpoints(ctx, cfg, interfaces)
	if components.AccessMode(cfg.Access) != components.AccessSSH {
		ctx.Export("ssmCheckCommand", pulumi.Sprintf("aws ssm describe-instance-information --region %s --filters Key=InstanceIds,Values=%s "+
			"--query 'InstanceInformationList[0].PingStatus' --output text   # Online once the agent reached SSM", cfg.Region, bp.PrivateInstanceID))
	}
	if bucket != nil {
		ctx.Export("bucketName", bucket.BucketName)
		ctx.Export("s3Commands", s3Commands(cfg, bucket.BucketName))
	}
	return nil
}

// impliedGateways adds the DynamoDB gateway endpoint (free) that a DynamoDB
// interface endpoint with private DNS needs: AWS answers its private DNS
// only to Route 53 Resolver inbound endpoints unless told otherwise, which
// requires the gateway endpoint in the VPC, and the aws provider cannot
// tell it otherwise for DynamoDB (it passes that option for S3 only). S3
// leaves the choice to the stack (its gateway endpoint or the option).
func impliedGateways(ctx *pulumi.Context, cfg *Config) {
	if cfg.DynamodbGatewayEndpoint || !cfg.InterfaceEndpointPrivateDNS || !slices.Contains(cfg.InterfaceEndpoints, "dynamodb") {
		return
	}
	cfg.DynamodbGatewayEndpoint = true
	ctx.Log.Warn(fmt.Sprintf("%s:interfaceEndpoints has dynamodb with private DNS: adding the DynamoDB gateway endpoint (free) AWS requires for it "+
		"(%s:dynamodbGatewayEndpoint; rule %s)", Namespace, Namespace, awsrules.InboundResolverGatewayRule), nil)
}

// instanceTypeOffered refuses, before anything is registered, an instance
// type one of the lab's instance AZs does not offer.
func instanceTypeOffered(ctx *pulumi.Context, cfg *Config, azs []string) error {
	return asConfigError(components.InstanceTypeOffered(ctx, "BastionPair", cfg.InstanceType, azs))
}

// bootPath is what the private instance reaches AWS through — the network's
// routes (and NAT), the gateway endpoints, the interface endpoints in config
// order — so that it boots only once that path exists.
func bootPath(cfg *Config, nb *components.NetworkBase, interfaces map[string]*components.InterfaceEndpoint, gateways ...*components.GatewayEndpoint) []pulumi.Resource {
	path := []pulumi.Resource{nb}
	for _, ep := range gateways {
		if ep != nil {
			path = append(path, ep)
		}
	}
	for _, svc := range cfg.InterfaceEndpoints {
		if ep := interfaces[svc]; ep != nil {
			path = append(path, ep)
		}
	}
	return path
}

// warnPlaceholders warns about the documentation addresses the stack files
// ship as admin CIDRs: they deploy, but nobody can use them.
func warnPlaceholders(ctx *pulumi.Context, cfg *Config) {
	for i, c := range cfg.AdminCIDRs {
		if isPlaceholder(c) {
			ctx.Log.Warn(fmt.Sprintf("%s:adminCidrs[%d] = %s is a documentation placeholder: set your own address with "+
				"`pulumi config set --path '%s:adminCidrs[%d]' <your-ip>/32` or SSH to the bastion will time out", Namespace, i, c, Namespace, i), nil)
		}
	}
}

// deferredString is an endpoint ID that exists before its endpoint. The
// returned func resolves it from the endpoint, or, when the program failed
// before creating it, rejects it so nothing that uses it is registered half-wired.
func deferredString(ctx *pulumi.Context) (pulumi.StringOutput, func(**components.GatewayEndpoint)) {
	out, resolve := pulumi.DeferredOutput[string](ctx.Context())
	return pulumi.StringOutput{OutputState: out.OutputState}, func(ep **components.GatewayEndpoint) {
		if *ep != nil {
			resolve((*ep).EndpointID)
			return
		}
		failed, _, reject := pulumi.NewOutput()
		reject(fmt.Errorf("the S3 gateway endpoint was not created"))
		resolve(failed)
	}
}

// validate checks what spans components, before anything is registered:
// the network, the lab's own rules, and every interface endpoint.
func validate(ctx *pulumi.Context, cfg *Config, azs []string, netArgs components.NetworkBaseArgs) error {
	if err := cfg.guideNames().validate(); err != nil {
		return err
	}
	if err := netArgs.Validate("network"); err != nil {
		return asConfigError(err)
	}
	if len(cfg.PrivateSubnetAZs) == 0 {
		return cfgErr("privateSubnetAzs", cfg.PrivateSubnetAZs, "the %s lab needs a private subnet for its private instance", cfg.Lab)
	}
	if components.AccessMode(cfg.Access).HasBastion() && len(cfg.PublicSubnetAZs) == 0 {
		return cfgErr("publicSubnetAzs", cfg.PublicSubnetAZs, "access %s needs a public subnet for the bastion", cfg.Access)
	}
	gateways := cfg.S3GatewayEndpoint || cfg.DynamodbGatewayEndpoint
	if gateways && cfg.GatewayEndpointRouteTables != "private" && len(cfg.PublicSubnetAZs) == 0 {
		return cfgErr("gatewayEndpointRouteTables", cfg.GatewayEndpointRouteTables, "there is no public route table to attach gateway endpoints to")
	}
	leastPrivilege := cfg.EndpointPolicy == string(components.PolicyLeastPrivilege)
	if cfg.S3GatewayEndpoint && leastPrivilege && !cfg.LabBucket {
		return cfg.stepErr("s3GatewayEndpoint", true, "the least-privilege endpoint policy allows only the lab bucket: set %s:labBucket true, or %s:endpointPolicy full-access", Namespace, Namespace)
	}
	if cfg.AllowAmazonLinuxRepos && !(cfg.S3GatewayEndpoint && leastPrivilege) {
		return cfgErr("allowAmazonLinuxRepos", true, "adds the Amazon Linux repositories to a least-privilege S3 endpoint policy, and there is none")
	}
	if cfg.AllowListAllBuckets && !cfg.LabBucket {
		return cfgErr("allowListAllBuckets", true, "lets the private instance run the guide's bare `aws s3 ls`; it needs %s:labBucket", Namespace)
	}
	if cfg.LabBucket {
		pb := components.PrivateBucketArgs{Condition: components.SourceCondition(cfg.BucketPolicyCondition), AdminARNs: cfg.BucketAdminARNs}
		if pb.Condition == components.SourceVpc {
			pb.VpcIDs = []pulumi.StringInput{pulumi.String("vpc-validation")}
		}
		if err := pb.Validate(labBucketName); err != nil {
			return asConfigError(err)
		}
	}
	for _, svc := range []string{"s3", "dynamodb"} {
		args := cfg.gatewayArgs(svc, nil, []pulumi.StringInput{pulumi.String("rtb-validation")}, nil)
		if args.Policy == components.PolicyLeastPrivilege {
			// A computed placeholder: the ARN is checked when applied.
			args.Resources = []pulumi.StringInput{pulumi.String("validated when applied").ToStringOutput()}
		}
		if err := args.Validate(svc); err != nil {
			return asConfigError(err)
		}
	}
	return validateInterfaceEndpoints(ctx, cfg, azs)
}

// interfaceSubnets picks one subnet per AZ from the tiers the config names,
// preferring the private tier: an interface endpoint takes one subnet per AZ.
func interfaceSubnets(cfg *Config, public, private []*components.Subnet) []components.EndpointSubnet {
	var tiers [][]*components.Subnet
	if cfg.InterfaceEndpointSubnets != "public" {
		tiers = append(tiers, private)
	}
	if cfg.InterfaceEndpointSubnets != "private" {
		tiers = append(tiers, public)
	}
	var out []components.EndpointSubnet
	seen := map[string]bool{}
	for _, tier := range tiers {
		for _, s := range tier {
			if !seen[s.AZ] {
				seen[s.AZ] = true
				out = append(out, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
			}
		}
	}
	return out
}

// plannedSubnets stands in for the network's subnets before it exists: the
// AZs are known from the config.
func plannedSubnets(idx []int, azs []string) []*components.Subnet {
	out := make([]*components.Subnet, len(idx))
	for i, az := range idx {
		out[i] = &components.Subnet{AZ: azs[az], ID: pulumi.String("planned").ToStringOutput()}
	}
	return out
}

func (c *Config) interfaceArgs(vpcID pulumi.StringInput, subnets []components.EndpointSubnet, gateways map[string]pulumi.Resource, tags map[string]string) components.InterfaceEndpointArgs {
	return components.InterfaceEndpointArgs{
		VpcID: vpcID, VpcCIDR: c.VpcCIDR, VpcDNSHostnames: c.DNSHostnames, VpcDNSSupport: true,
		Subnets: subnets, PrivateDNS: &c.InterfaceEndpointPrivateDNS, PrivateDNSOnlyForInboundResolverEndpoint: &c.PrivateDNSOnlyForInboundResolverEndpoint,
		GatewayEndpoints: gateways, Tags: tags, Exceptions: oneAZ(subnets), GuardrailTags: true,
	}
}

// gatewayEndpoints are the VPC's gateway endpoints by service, for the
// interface endpoints of the same services.
func gatewayEndpoints(s3, dynamodb *components.GatewayEndpoint) map[string]pulumi.Resource {
	out := map[string]pulumi.Resource{}
	if s3 != nil {
		out["s3"] = s3
	}
	if dynamodb != nil {
		out["dynamodb"] = dynamodb
	}
	return out
}

// plannedGateways stands in for the gateway endpoints before they exist.
func (c *Config) plannedGateways() map[string]pulumi.Resource {
	out := map[string]pulumi.Resource{}
	if c.S3GatewayEndpoint && c.Lab != "privatelink" {
		out["s3"] = nil
	}
	if c.DynamodbGatewayEndpoint && c.Lab != "privatelink" {
		out["dynamodb"] = nil
	}
	return out
}

// inboundResolverOnly reports whether the service's private DNS answers
// only Route 53 Resolver inbound endpoints, so that inside the VPC its
// name leads to the gateway endpoint (S3 and DynamoDB by default).
func (c *Config) inboundResolverOnly(service string) bool {
	return slices.Contains(components.GatewayServices, service) && (c.PrivateDNSOnlyForInboundResolverEndpoint || service != "s3")
}

// oneAZ accepts a single-AZ interface endpoint in a lab stack.
func oneAZ(subnets []components.EndpointSubnet) components.Exceptions {
	if len(subnets) < 2 {
		return components.Exceptions{"LAB-VPCE-02": reasonOneAZ}
	}
	return nil
}

// validateInterfaceEndpoints checks every interface endpoint the config asks
// for, including whether the service is offered in the chosen AZs, before
// anything is registered.
func validateInterfaceEndpoints(ctx *pulumi.Context, cfg *Config, azs []string) error {
	mode := components.AccessMode(cfg.Access)
	// A step that leaves the instance unreachable on purpose says so (StepAccept).
	if (mode == components.AccessSSM || mode == components.AccessBoth) && cfg.NatMode == string(components.NATNone) && cfg.StepAccept["LAB-VPCE-03"] == "" {
		for _, svc := range components.SSMServices {
			if !slices.Contains(cfg.InterfaceEndpoints, svc) {
				return cfg.stepErr("interfaceEndpoints", cfg.InterfaceEndpoints, "access %s without NAT reaches Session Manager only through the %s endpoints; %s is missing (or set natMode single)",
					cfg.Access, strings.Join(components.SSMServices, ", "), svc)
			}
		}
	}
	if len(cfg.InterfaceEndpoints) == 0 {
		return nil
	}
	subnets := interfaceSubnets(cfg, plannedSubnets(cfg.PublicSubnetAZs, azs), plannedSubnets(cfg.PrivateSubnetAZs, azs))
	if len(subnets) == 0 {
		return cfgErr("interfaceEndpointSubnets", cfg.InterfaceEndpointSubnets, "there are no %s subnets to put interface endpoints in", cfg.InterfaceEndpointSubnets)
	}
	for i, svc := range cfg.InterfaceEndpoints {
		key := fmt.Sprintf("interfaceEndpoints[%d]", i)
		if slices.Index(cfg.InterfaceEndpoints, svc) != i {
			return cfgErr(key, svc, "listed twice")
		}
		if err := withService(cfg.interfaceArgs(pulumi.String("vpc"), subnets, cfg.plannedGateways(), nil), svc).Validate(svc); err != nil {
			ae, _ := components.AsArgError(err)
			switch {
			case ae != nil && ae.Arg == "PrivateDNS":
				return cfgErr("interfaceEndpointPrivateDns", true, "%s (vpclab:dnsHostnames is %v%s)", relabelRule(ae.Component, ae.Rule), cfg.DNSHostnames, strings.TrimPrefix(cfg.origin("dnsHostnames"), " "))
			case ae != nil && ae.Arg == "Service":
				return cfgErr(key, svc, "%s", relabelRule(ae.Component, ae.Rule))
			case ae != nil && ae.Arg == "GatewayEndpoints":
				return cfgErr(key, svc, "%s", gatewayNeeded(cfg, svc, ae.Rule))
			case ae != nil && ae.Arg == "PrivateDNSOnlyForInboundResolverEndpoint":
				return cfgErr("privateDnsOnlyForInboundResolverEndpoint", false, "%s is in %s:interfaceEndpoints, and %s", svc, Namespace, relabelRule(ae.Component, ae.Rule))
			}
			return err
		}
		serviceAZs, err := components.ServiceAZs(ctx, svc, cfg.Region)
		if err != nil {
			return cfgErr(key, svc, "%v", err)
		}
		kept, err := components.SupportedSubnets(svc, subnets, serviceAZs)
		if err != nil {
			ae, _ := components.AsArgError(err)
			return cfgErr(key, svc, "%s", ae.Rule)
		}
		cfg.costs.interfaceSubnets(components.EndpointName(interfaceEndpointsName, svc)+"-endpoint", len(kept))
	}
	return nil
}

// gatewayNeeded says, in config keys, what an S3 or DynamoDB interface
// endpoint with inbound-resolver private DNS needs (the component's rule
// carries AWS's rule ID and source at its end).
func gatewayNeeded(cfg *Config, svc, rule string) string {
	source := rule
	if i := strings.LastIndex(rule, " ["); i >= 0 {
		source = rule[i+1:]
	}
	fix := fmt.Sprintf("set %s:%sGatewayEndpoint true", Namespace, svc)
	if svc == "s3" {
		fix += fmt.Sprintf(", %s:privateDnsOnlyForInboundResolverEndpoint false", Namespace)
	}
	return fmt.Sprintf("private DNS for the %s interface endpoint answers only Route 53 Resolver inbound endpoints (%s:privateDnsOnlyForInboundResolverEndpoint %v%s), "+
		"and AWS then requires a %s gateway endpoint in the VPC: %s, or %s:interfaceEndpointPrivateDns false %s",
		svc, Namespace, cfg.PrivateDNSOnlyForInboundResolverEndpoint, map[bool]string{true: ", AWS's default", false: "; the aws provider passes false for S3 only"}[cfg.PrivateDNSOnlyForInboundResolverEndpoint],
		svc, fix, Namespace, source)
}

func newInterfaceEndpoints(ctx *pulumi.Context, cfg *Config, nb *components.NetworkBase, gateways map[string]pulumi.Resource, tags map[string]string) (map[string]*components.InterfaceEndpoint, error) {
	if len(cfg.InterfaceEndpoints) == 0 {
		return nil, nil
	}
	bundle := components.InterfaceEndpointsArgs{Services: cfg.InterfaceEndpoints,
		Endpoint: cfg.interfaceArgs(nb.VPCID, interfaceSubnets(cfg, nb.PublicSubnets, nb.PrivateSubnets), gateways, tags)}
	bundle.Endpoint.NameTag = cfg.NamePrefix + "-Endpoint"
	// One InterfaceEndpoint per service at the top of the stack, as the
	// shipped stacks were deployed (not under an InterfaceEndpoints bundle,
	// which would move every URN); all are checked before the first exists.
	args := make([]*components.InterfaceEndpointArgs, len(cfg.InterfaceEndpoints))
	for i, svc := range cfg.InterfaceEndpoints {
		args[i] = bundle.ForService(svc)
		args[i].Description = interfaceSGDescription(svc, cfg.VpcCIDR)
		if err := args[i].Validate(components.EndpointName(interfaceEndpointsName, svc)); err != nil {
			return nil, err
		}
	}
	out := map[string]*components.InterfaceEndpoint{}
	for i, svc := range cfg.InterfaceEndpoints {
		ep, err := components.NewInterfaceEndpoint(ctx, components.EndpointName(interfaceEndpointsName, svc), args[i])
		if err != nil {
			return nil, err
		}
		out[svc] = ep
	}
	return out, nil
}

// interfaceSGDescription is the description the shipped stacks' endpoint
// security groups were created with: EC2 replaces a group whose
// description changes, so the lab keeps it (the library's default names no
// CIDR or port).
func interfaceSGDescription(service, vpcCIDR string) string {
	return fmt.Sprintf("%s endpoint: tcp 443 from %s", service, vpcCIDR)
}

// interfaceEndpointsName is the name of the lab's interface endpoints:
// vpce-<service>.
const interfaceEndpointsName = "vpce"

// exportInterfaceEndpoints exports each endpoint's DNS names and the guide's
// dig checks with the answer to expect.
func exportInterfaceEndpoints(ctx *pulumi.Context, cfg *Config, eps map[string]*components.InterfaceEndpoint) {
	if len(eps) == 0 {
		return
	}
	dns := pulumi.StringArrayMap{}
	var checks pulumi.StringArray
	var private []string
	for _, svc := range cfg.InterfaceEndpoints {
		ep := eps[svc]
		dns[svc] = ep.DNSNames
		regional := svc + "." + cfg.Region + ".amazonaws.com"
		expect := "public addresses: private DNS is off, the name still leads to the internet"
		switch {
		case cfg.InterfaceEndpointPrivateDNS && cfg.inboundResolverOnly(svc):
			expect = "public addresses: private DNS answers only Route 53 Resolver inbound endpoints; inside the VPC the name leads to the " + svc + " gateway endpoint"
		case cfg.InterfaceEndpointPrivateDNS:
			expect = "addresses inside " + cfg.VpcCIDR + ": private DNS answers with the endpoint's ENIs"
			private = append(private, svc)
		}
		// getent, not the guide's dig: Amazon Linux 2023 has no dig (bind-utils),
		// and an isolated instance cannot install it; verify runs the same.
		checks = append(checks, pulumi.String(resolveCmd+regional+"   # expect "+expect))
		checks = append(checks, ep.DNSNames.Index(pulumi.Int(0)).ApplyT(func(name string) string {
			return resolveCmd + name + "   # expect addresses inside " + cfg.VpcCIDR + ": the endpoint's own name always resolves privately"
		}).(pulumi.StringOutput))
	}
	ctx.Export("interfaceEndpointDnsNames", dns)
	ctx.Export("dnsChecks", checks)
	if len(private) > 0 {
		ctx.Export("privateDnsServices", pulumi.ToStringArray(private))
	}
}

// resolveCmd resolves a name to its IPv4 addresses on Amazon Linux 2023
// with what every image has (glibc), as `vpclab verify` does.
const resolveCmd = "getent ahostsv4 "

// labBucketName is the PrivateBucket component's name; AWS names the bucket
// vpclab-bucket-<random> so it stays globally unique.
const labBucketName = "vpclab"

func newLabBucket(ctx *pulumi.Context, cfg *Config, endpointIDs []pulumi.StringInput, nb *components.NetworkBase, tags map[string]string) (*components.PrivateBucket, error) {
	args := &components.PrivateBucketArgs{
		Condition:    components.SourceCondition(cfg.BucketPolicyCondition),
		EndpointIDs:  endpointIDs,
		AdminARNs:    cfg.BucketAdminARNs,
		ForceDestroy: true, // a lab leaves nothing behind
		NameTag:      cfg.NameTags["bucket"],
		Tags:         tags,
	}
	if args.Condition == components.SourceVpc {
		args.VpcIDs = []pulumi.StringInput{nb.VPCID}
	}
	return components.NewPrivateBucket(ctx, labBucketName, args)
}

// endpointRouteTables picks the route tables gateway endpoints attach to.
func endpointRouteTables(cfg *Config, nb *components.NetworkBase) []pulumi.StringInput {
	var out []pulumi.StringInput
	if cfg.GatewayEndpointRouteTables != "private" && len(nb.PublicSubnets) > 0 {
		out = append(out, nb.PublicSubnets[0].RouteTableID) // one public route table serves every public subnet
	}
	if cfg.GatewayEndpointRouteTables != "public" {
		for _, s := range nb.PrivateSubnets {
			out = append(out, s.RouteTableID)
		}
	}
	return out
}

func (c *Config) gatewayArgs(service string, nb *components.NetworkBase, routeTables []pulumi.StringInput, tags map[string]string) components.GatewayEndpointArgs {
	args := components.GatewayEndpointArgs{
		Service:               service,
		RouteTableIDs:         routeTables,
		Policy:                components.PolicyMode(c.EndpointPolicy),
		AllowListAllBuckets:   service == "s3" && c.AllowListAllBuckets,
		AllowAmazonLinuxRepos: service == "s3" && (c.AllowAmazonLinuxRepos || c.bastionBehindGateway()),
		NameTag:               c.NameTags[service+"Endpoint"],
		Tags:                  tags,
		GuardrailTags:         true,
	}
	if args.NameTag == "" {
		args.NameTag = c.NamePrefix + "-" + strings.ToUpper(service[:1]) + service[1:] + "-Endpoint"
	}
	if args.Policy == components.PolicyFullAccess {
		reason := reasonFullAccess
		if c.FromStep["endpointPolicy"] {
			reason = fmt.Sprintf("%s:step %s keeps the console default Full access policy of the guide", Namespace, c.Step)
		}
		args.Exceptions = components.Exceptions{"LAB-VPCE-01": reason}
	}
	if nb != nil {
		args.VpcID = nb.VPCID
	}
	return args
}

// bastionBehindGateway: the gateway endpoints sit on the public route table
// too (lab 9-1), so they take the bastion's S3 traffic, which used to leave
// through the internet gateway, and dnf's with it (the Amazon Linux
// repositories are S3 buckets). A least-privilege S3 policy then lets the
// repositories through, or the bastion could no longer install packages.
func (c *Config) bastionBehindGateway() bool {
	return c.GatewayEndpointRouteTables != "private" && components.AccessMode(c.Access).HasBastion() &&
		c.EndpointPolicy == string(components.PolicyLeastPrivilege)
}

// accountTables is every DynamoDB table of this account in this region: the
// DynamoDB lab has no table of its own, and a table of another account stays out.
func accountTables(ctx *pulumi.Context) pulumi.StringOutput {
	caller := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{})
	region := aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{})
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{})
	return pulumi.Sprintf("arn:%s:dynamodb:%s:%s:table/*", partition.Partition(), region.Region(), caller.AccountId())
}

// s3Commands are the guide's checks, run on the private instance.
func s3Commands(cfg *Config, bucket pulumi.StringOutput) pulumi.StringArrayOutput {
	return bucket.ApplyT(func(b string) []string {
		r := " --region " + cfg.Region
		cmds := []string{
			"aws s3 ls s3://" + b + r,
			"echo 'hello from the private subnet' > hello.txt && aws s3 cp hello.txt s3://" + b + "/hello.txt" + r,
			"aws s3 cp s3://" + b + "/hello.txt -" + r,
		}
		if cfg.AllowListAllBuckets {
			cmds = append(cmds, "aws s3 ls"+r)
		}
		if cfg.NatMode == string(components.NATNone) {
			cmds = append(cmds, "curl -m 5 -sI https://aws.amazon.com || echo 'no internet: only the endpoint is reachable'")
		}
		return cmds
	}).(pulumi.StringArrayOutput)
}

// exportAccess exports how to reach the private instance in this access mode.
// `vpclab verify` picks its transport from access (SSM Run Command, or SSH
// through the bastion) and pushes EC2 Instance Connect keys to the instance
// IDs in their AZs.
func exportAccess(ctx *pulumi.Context, cfg *Config, bp *components.BastionPair, args *components.BastionPairArgs) {
	mode := components.AccessMode(cfg.Access)
	ctx.Export("access", pulumi.String(cfg.Access))
	ctx.Export("privateInstanceAz", pulumi.String(args.PrivateSubnetAZ))
	if mode.HasBastion() {
		ctx.Export("bastionPublicIp", bp.BastionPublicIP)
		ctx.Export("bastionInstanceId", bp.BastionID)
		ctx.Export("bastionAz", pulumi.String(args.PublicSubnetAZ))
		// ssh -i names the key for the last hop only: the jump to the bastion
		// takes its key from the agent, so the guide's .pem goes there first.
		key := ""
		if cfg.KeyName != "" {
			key = fmt.Sprintf("ssh-add ~/.ssh/%s.pem && ", cfg.KeyName)
		}
		ctx.Export("sshCommand", pulumi.Sprintf("%sssh -J ec2-user@%s ec2-user@%s", key, bp.BastionPublicIP, bp.PrivateIP))
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
