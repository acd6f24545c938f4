package labs

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// providerKeys maps the network keys of a config error raised for the
// provider VPC to the provider* keys that fed it.
var providerKeys = strings.NewReplacer(
	Namespace+":vpcCidr", Namespace+":providerVpcCidr",
	Namespace+":publicSubnetCidrs", Namespace+":providerPublicSubnetCidrs",
	Namespace+":privateSubnetCidrs", Namespace+":providerPrivateSubnetCidrs",
	Namespace+":publicSubnetAzs", Namespace+":providerSubnetAzs",
	Namespace+":privateSubnetAzs", Namespace+":providerSubnetAzs",
	Namespace+":namePrefix", Namespace+":providerNamePrefix",
	Namespace+":nameTags.", Namespace+":providerNameTags.",
)

func asProviderError(err error) error {
	err = asConfigError(err)
	if ce, ok := err.(*ConfigError); ok {
		ce.Key, ce.Rule = providerKeys.Replace(ce.Key), providerKeys.Replace(ce.Rule)
	}
	return err
}

// providerNetworkArgs: the provider VPC (the guide's CustomVPC) has a public
// and a private subnet in each provider AZ: the web servers and the internal
// NLB in the private ones, the public ones for the internet-facing "before" state.
func (c *Config) providerNetworkArgs(azs []string, tags map[string]string) components.NetworkBaseArgs {
	p := *c
	p.VpcCIDR = c.ProviderVpcCIDR
	p.PublicSubnetAZs, p.PrivateSubnetAZs = c.ProviderSubnetAZs, c.ProviderSubnetAZs
	p.PublicSubnetCIDRs, p.PrivateSubnetCIDRs = c.ProviderPublicSubnetCIDRs, c.ProviderPrivateSubnetCIDRs
	p.NatMode, p.NatAddressMode = string(components.NATNone), ""
	p.FlowLogs = c.FlowLogs
	p.DNSHostnames = true
	p.NamePrefix = c.ProviderNamePrefix
	p.NameTags = c.ProviderNameTags
	return p.networkArgs(azs, tags)
}

// privateLink is seed 004 lab 9-2: a provider VPC with two web servers
// behind an NLB published as an endpoint service, consumed from MyVPC.
func privateLink(ctx *pulumi.Context, cfg *Config, azs []string) error {
	tags := labTags(ctx, cfg)
	netArgs := cfg.networkArgs(azs, tags)
	if err := validate(ctx, cfg, azs, netArgs); err != nil {
		return err
	}
	provArgs := cfg.providerNetworkArgs(azs, tags)
	if err := (guideNames{prefix: cfg.ProviderNamePrefix, tags: cfg.ProviderNameTags}).validate(); err != nil {
		return asProviderError(err)
	}
	if err := provArgs.Validate("provider"); err != nil {
		return asProviderError(err)
	}
	if cfg.ServicePort < 1 || cfg.ServicePort > 65535 {
		return cfgErr("servicePort", cfg.ServicePort, "a TCP port is 1 to 65535")
	}
	if len(cfg.ProviderSubnetAZs) == 0 {
		return cfgErr("providerSubnetAzs", cfg.ProviderSubnetAZs, "the provider needs at least one AZ for its load balancer and web servers")
	}
	if len(cfg.WebPages) != len(cfg.ProviderSubnetAZs) {
		return cfgErr("webPages", cfg.WebPages, "give one page per provider AZ (%d), one web server each: an endpoint service without targets serves nothing", len(cfg.ProviderSubnetAZs))
	}
	if cfg.NLBInternetFacing && len(cfg.AdminCIDRs) == 0 {
		return cfg.stepErr("nlbInternetFacing", true, "an internet-facing load balancer answers only %s:adminCidrs, and there are none", Namespace)
	}
	if cfg.ConsumerEndpoint && !cfg.EndpointService {
		return cfg.stepErr("consumerEndpoint", true, "the consumer endpoint connects to the endpoint service, and %s:endpointService is false", Namespace)
	}
	if cfg.AcceptConnection && !cfg.ConsumerEndpoint {
		return cfg.stepErr("acceptConnection", true, "there is no consumer endpoint to accept (%s:consumerEndpoint is false)", Namespace)
	}
	if cfg.AcceptConnection && !cfg.AcceptanceRequired {
		return cfg.stepErr("acceptConnection", true, "the service does not require acceptance (%s:acceptanceRequired false); there is nothing to accept", Namespace)
	}
	bpArgs := cfg.bastionArgs(cfg.VpcCIDR, azName(azs, cfg.PublicSubnetAZs, 0), azName(azs, cfg.PrivateSubnetAZs, 0), tags)
	bpArgs.VpcEgressPorts = []int{443, cfg.ServicePort}
	if cfg.ServicePort == 443 {
		bpArgs.VpcEgressPorts = []int{443}
	}
	if err := bpArgs.Validate("access"); err != nil {
		return asConfigError(err)
	}
	provAZs := make([]string, len(cfg.ProviderSubnetAZs))
	for i, idx := range cfg.ProviderSubnetAZs {
		provAZs[i] = azs[idx]
	}
	planned := func(azNames []string) []components.EndpointSubnet {
		out := make([]components.EndpointSubnet, len(azNames))
		for i, az := range azNames {
			out[i] = components.EndpointSubnet{ID: pulumi.String("planned"), AZ: az}
		}
		return out
	}
	consumerSubnets := interfaceSubnets(cfg, plannedSubnets(cfg.PublicSubnetAZs, azs), plannedSubnets(cfg.PrivateSubnetAZs, azs))
	plsArgs := cfg.privateLinkArgs(nil, planned(provAZs), nil, consumerSubnets, nil, tags)
	for _, az := range provAZs {
		plsArgs.Targets = append(plsArgs.Targets, components.Target{InstanceID: pulumi.String("planned"), AZ: az})
	}
	plsArgs.TargetSecurityGroupID = pulumi.String("planned")
	if err := plsArgs.Validate(privateLinkName); err != nil {
		return privateLinkConfigError(err)
	}
	if cfg.ConsumerEndpoint {
		// Validate refuses a consumer subnet outside the load balancer's AZs: every one stays.
		cfg.costs.interfaceSubnets(privateLinkName+"-consumer-endpoint", len(consumerSubnets))
	}
	webArgs := cfg.webArgs(nil, tags)
	for i, page := range cfg.WebPages {
		webArgs.Servers = append(webArgs.Servers, components.WebServer{SubnetID: pulumi.String("planned"), AZ: provAZs[i], Page: page})
	}
	if err := webArgs.Validate("web"); err != nil {
		return asConfigError(err)
	}
	if err := instanceTypeOffered(ctx, cfg, append(bpArgs.InstanceAZs(), provAZs...)); err != nil {
		return err
	}
	warnPlaceholders(ctx, cfg)

	// Consumer side: MyVPC with My-EC2 (the private instance) as the client.
	nb, err := components.NewNetworkBase(ctx, "network", &netArgs)
	if err != nil {
		return err
	}
	// Interface endpoints in MyVPC, e.g. the SSM trio so My-EC2 can be verified.
	interfaces, err := newInterfaceEndpoints(ctx, cfg, nb, nil, tags)
	if err != nil {
		return err
	}
	// Provider side: CustomVPC, its S3 endpoint for dnf, the web servers.
	prov, err := components.NewNetworkBase(ctx, "provider", &provArgs)
	if err != nil {
		return err
	}
	var privateRTs []pulumi.StringInput
	for _, s := range prov.PrivateSubnets {
		privateRTs = append(privateRTs, s.RouteTableID)
	}
	repos, err := components.NewGatewayEndpoint(ctx, "provider-s3", &components.GatewayEndpointArgs{
		VpcID: prov.VPCID, Service: "s3", RouteTableIDs: privateRTs, AllowAmazonLinuxRepos: true,
		NameTag: cfg.ProviderNamePrefix + "-S3-Endpoint", Tags: tags, GuardrailTags: true,
	})
	if err != nil {
		return err
	}
	webArgs = cfg.webArgs(prov.VPCID, tags)
	webArgs.EgressPrefixListIDs = []pulumi.StringInput{repos.PrefixListID}
	webArgs.BootAfter = []pulumi.Resource{prov, repos} // dnf at first boot needs the endpoint and its routes
	for i, page := range cfg.WebPages {
		s := prov.PrivateSubnets[i]
		webArgs.Servers = append(webArgs.Servers, components.WebServer{SubnetID: s.ID, AZ: s.AZ, Page: page,
			NameTag: cfg.ProviderNameTags[fmt.Sprintf("webServer%d", i+1)]})
	}
	web, err := components.NewWebServers(ctx, "web", &webArgs)
	if err != nil {
		return err
	}

	nlbSubnets := prov.PrivateSubnets
	if cfg.NLBInternetFacing {
		nlbSubnets = prov.PublicSubnets
	}
	var lbSubnets []components.EndpointSubnet
	for _, s := range nlbSubnets {
		lbSubnets = append(lbSubnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
	}
	plsArgs = cfg.privateLinkArgs(prov.VPCID, lbSubnets, web, interfaceSubnets(cfg, nb.PublicSubnets, nb.PrivateSubnets), nb, tags)
	pls, err := components.NewPrivateLinkService(ctx, privateLinkName, &plsArgs)
	if err != nil {
		return err
	}

	bpArgs.VpcID = nb.VPCID
	bpArgs.PrivateSubnetID = nb.PrivateSubnets[0].ID
	if len(nb.PublicSubnets) > 0 {
		bpArgs.PublicSubnetID = nb.PublicSubnets[0].ID
	}
	bpArgs.BootAfter = bootPath(cfg, nb, interfaces)
	bp, err := components.NewBastionPair(ctx, "access", &bpArgs)
	if err != nil {
		return err
	}

	exportLab(ctx, cfg)
	ctx.Export("webPages", pulumi.ToStringArray(cfg.WebPages))
	ctx.Export("servicePort", pulumi.Int(cfg.ServicePort))
	ctx.Export("consumerVpcId", nb.VPCID)
	ctx.Export("providerVpcId", prov.VPCID)
	ctx.Export("serviceName", pls.ServiceName)
	ctx.Export("nlbDnsName", pls.NLBDNSName)
	ctx.Export("consumerEndpointId", pls.ConsumerEndpointID)
	ctx.Export("consumerEndpointDns", pls.ConsumerDNSName)
	ctx.Export("webServerIds", web.InstanceIDs)
	ctx.Export("privateInstanceId", bp.PrivateInstanceID)
	ctx.Export("privateIp", bp.PrivateIP)
	exportAccess(ctx, cfg, bp, &bpArgs)
	exportInterfaceEndpoints(ctx, cfg, interfaces)
	expect := "<html><h1>" + strings.Join(cfg.WebPages, "</h1></html> or <html><h1>") + "</h1></html>"
	if cfg.ConsumerEndpoint {
		ctx.Export("privateLinkChecks", pulumi.StringArray{
			pulumi.Sprintf("%s%s   # on My-EC2; expect addresses inside %s (the endpoint's ENIs)", resolveCmd, pls.ConsumerDNSName, cfg.VpcCIDR),
			pulumi.Sprintf("curl -s http://%s:%d/   # on My-EC2; expect %s", pls.ConsumerDNSName, cfg.ServicePort, expect),
		})
	}
	if cfg.NLBInternetFacing {
		ctx.Export("internetCheck", pulumi.Sprintf("curl -s http://%s:%d/   # from your machine (adminCidrs); expect %s", pls.NLBDNSName, cfg.ServicePort, expect))
	}
	return nil
}

// privateLinkName is the PrivateLinkService component's name: its NLB and
// target group are autonamed custom-nlb-… and custom-tg-….
const privateLinkName = "custom"

func (c *Config) privateLinkArgs(providerVpc pulumi.StringInput, lbSubnets []components.EndpointSubnet, web *components.WebServers, consumerSubnets []components.EndpointSubnet,
	consumer *components.NetworkBase, tags map[string]string) components.PrivateLinkServiceArgs {
	acceptance, publish := c.AcceptanceRequired, c.EndpointService
	// The consumer VPC may reach the listener at every step, so the NLB's
	// rules stay the same when the endpoint arrives.
	clients := []string{c.VpcCIDR}
	if c.NLBInternetFacing {
		clients = append(clients, c.AdminCIDRs...)
	}
	args := components.PrivateLinkServiceArgs{
		VpcID: providerVpc, Subnets: lbSubnets, Port: c.ServicePort, InternetFacing: c.NLBInternetFacing, ClientCIDRs: clients,
		EndpointService: &publish, AcceptanceRequired: &acceptance, AllowedPrincipals: c.AllowedPrincipals,
		Exceptions:      c.loadBalancerExceptions(),
		NLBName:         nameOr(c.ProviderNameTags["nlb"], c.ProviderNamePrefix+"-NLB"),
		TargetGroupName: nameOr(c.ProviderNameTags["targetGroup"], c.ProviderNamePrefix+"-NLB-TG"),
		ServiceName:     nameOr(c.ProviderNameTags["endpointService"], c.ProviderNamePrefix+"-EPS"),
		Tags:            tags,
		GuardrailTags:   true,
		// The description the shipped stack was created with (EC2 replaces a
		// group whose description changes).
		NLBSecurityGroupDescription: fmt.Sprintf("%s load balancer: tcp %d from its clients, to its targets", privateLinkName, c.ServicePort),
	}
	if c.ConsumerEndpoint {
		args.Consumer = &components.PrivateLinkConsumer{
			VpcID: pulumi.String("planned"), VpcCIDR: c.VpcCIDR, Subnets: consumerSubnets, Accept: c.AcceptConnection,
			NameTag: c.NamePrefix + "-EPS-Endpoint", Exceptions: oneAZ(consumerSubnets),
			Description: fmt.Sprintf("endpoint service endpoint: tcp %d from %s", c.ServicePort, c.VpcCIDR),
			// The lab moves between steps that accept the connection and
			// steps that leave it requested: going back needs a new endpoint.
			RecordConnection: true,
		}
		if consumer != nil {
			args.Consumer.VpcID = consumer.VPCID
		}
	}
	if web != nil {
		args.Targets = web.Instances
		args.TargetSecurityGroupID = web.SecurityGroupID
	}
	return args
}

// loadBalancerExceptions are the lab's accepted NLB findings.
func (c *Config) loadBalancerExceptions() components.Exceptions {
	e := components.Exceptions{
		"LAB-LB-02": "lab stack: pulumi destroy must be able to delete the load balancer",
		"LAB-LB-03": "lab stack: no log bucket for access logs",
		"LAB-LB-04": "plain TCP inside PrivateLink as in the guide: a lab has no certificate",
	}
	if c.NLBInternetFacing {
		e["LAB-LB-01"] = "the guide keeps its NLB on the internet for every step: vpclab:nlbInternetFacing false makes it internal"
	}
	return e
}

func (c *Config) webArgs(vpcID pulumi.StringInput, tags map[string]string) components.WebServersArgs {
	return components.WebServersArgs{
		VpcID: vpcID, Port: c.ServicePort, InstanceType: c.InstanceType, AMIParameter: c.AMIParameter,
		RootVolumeSizeGiB: c.RootVolumeSize, NamePrefix: c.ProviderNamePrefix, Tags: tags,
	}
}

func nameOr(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

// privateLinkConfigError names the config key behind a PrivateLinkService argument.
func privateLinkConfigError(err error) error {
	ae, ok := components.AsArgError(err)
	if !ok {
		return err
	}
	switch {
	case strings.HasPrefix(ae.Arg, "Consumer.Subnets"):
		return cfgErr("interfaceEndpointSubnets", ae.Value, "the consumer endpoint's subnet AZ: %s", ae.Rule)
	case strings.HasPrefix(ae.Arg, "ClientCIDRs"):
		// ClientCIDRs are the consumer VPC's block, then adminCidrs.
		return cfgErr("adminCidrs", ae.Value, "%s", ae.Rule)
	case ae.Arg == "NLBName", ae.Arg == "TargetGroupName", ae.Arg == "ServiceName":
		return cfgErr("providerNameTags", ae.Value, "%s", ae.Rule)
	}
	return asConfigError(err)
}
