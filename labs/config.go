package labs

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/suggest"
)

// Namespace is the config namespace (the Pulumi project name).
const Namespace = "vpclab"

// Config is the typed stack configuration. Its defaults live in Pulumi.yaml,
// the one source of defaults; every key is read with its declared type.
type Config struct {
	Lab    string
	Region string
	// Step is the guide stage the stack builds (its name), StepNumber its
	// number from 1; FromStep marks the step keys whose value came from it.
	Step       string
	StepNumber int
	FromStep   map[string]bool
	// StepAccept are the guardrail findings the step has on purpose.
	StepAccept components.Exceptions

	VpcCIDR                 string
	AllowPublicAddressSpace bool
	PublicSubnetCIDRs       []string
	PublicSubnetAZs         []int
	PrivateSubnetCIDRs      []string
	PrivateSubnetAZs        []int
	SubnetPrefixLength      int
	NatMode                 string
	NatAddressMode          string
	FlowLogs                bool
	FlowLogRetentionDays    int
	NamePrefix              string
	NameTags                map[string]string

	S3GatewayEndpoint          bool
	DynamodbGatewayEndpoint    bool
	GatewayEndpointRouteTables string
	EndpointPolicy             string
	LabBucket                  bool
	BucketPolicyCondition      string
	BucketAdminARNs            []string
	AllowListAllBuckets        bool
	AllowAmazonLinuxRepos      bool
	PingGatewayEndpoints       bool

	DNSHostnames                bool
	InterfaceEndpoints          []string
	InterfaceEndpointSubnets    string
	InterfaceEndpointPrivateDNS bool
	// SessionManagerEndpoints adds the SSM trio to InterfaceEndpoints.
	SessionManagerEndpoints bool
	// PrivateDNSOnlyForInboundResolverEndpoint is the S3 and DynamoDB
	// interface endpoints' DNS option.
	PrivateDNSOnlyForInboundResolverEndpoint bool

	ProviderVpcCIDR            string
	ProviderSubnetAZs          []int
	ProviderPublicSubnetCIDRs  []string
	ProviderPrivateSubnetCIDRs []string
	ProviderNamePrefix         string
	ProviderNameTags           map[string]string
	WebPages                   []string
	ServicePort                int
	NLBInternetFacing          bool
	EndpointService            bool
	ConsumerEndpoint           bool
	AcceptanceRequired         bool
	AcceptConnection           bool
	AllowedPrincipals          []string

	Access                  string
	AdminCIDRs              []string
	AllowBroadAdminCIDRs    bool
	KeyName                 string
	InstanceType            string
	AMIParameter            string
	RootVolumeSize          int
	PlacementStrategy       string
	PlacementPartitionCount int

	// costs sees what the program registers, for the cost line of `pulumi up`.
	costs *costWatch
}

// reader reads typed keys and keeps the first error. Step keys the stack
// leaves at "step" read the selected step's value instead.
type reader struct {
	cfg  *config.Config
	err  error
	step map[string]string
}

func (r *reader) fail(key string, err error) {
	if r.err == nil {
		r.err = &ConfigError{Key: Namespace + ":" + key, Rule: err.Error()}
	}
}

// raw is the key's value as the CLI passes it.
func (r *reader) raw(key string) (string, error) {
	if v, ok := r.step[key]; ok {
		return v, nil
	}
	return r.cfg.Try(key)
}

// alternatives names "step" among a step key's accepted values.
func alternatives(key string) string {
	if slices.Contains(StepKeys(), key) {
		return ", or " + StepDefault + " for the value of the selected vpclab:step"
	}
	return ""
}

func (r *reader) str(key string) string {
	v, err := r.raw(key)
	if err != nil {
		r.fail(key, err)
	}
	return v
}
func (r *reader) int(key string) int {
	v, err := r.raw(key)
	if err != nil {
		r.fail(key, err)
		return 0
	}
	n, err := strconv.Atoi(v)
	switch {
	case errors.Is(err, strconv.ErrRange):
		r.failValue(key, v, "is far too large; give a whole number such as "+r.example(key))
	case err != nil:
		r.failValue(key, v, "must be a whole number such as "+r.example(key))
	}
	return n
}
func (r *reader) bool(key string) bool {
	v, err := r.raw(key)
	if err != nil {
		r.fail(key, err)
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.failValue(key, v, "must be true or false"+alternatives(key))
	}
	return b
}
func (r *reader) object(key string, out any) {
	v, err := r.raw(key)
	if err != nil {
		r.fail(key, err)
		return
	}
	if err := json.Unmarshal([]byte(v), out); err != nil {
		r.failValue(key, v, jsonProblem(v, err, r.example(key))+alternatives(key))
	}
}

// failValue keeps the first error, naming the bad value.
func (r *reader) failValue(key string, value any, rule string) {
	if r.err == nil {
		r.err = &ConfigError{Key: Namespace + ":" + key, Value: value, Rule: rule}
	}
}

// example is Pulumi.yaml's default for a key, as a value the learner could
// type instead of a bad one.
func (r *reader) example(key string) string {
	if ex, ok := examples[key]; ok {
		return ex
	}
	return "the default in Pulumi.yaml"
}

// examples of good values, for the keys whose errors show one.
var examples = map[string]string{
	"interfaceEndpoints": `["ssm","ssmmessages","ec2messages"]`, "providerSubnetAzs": `[0,2]`, "publicSubnetAzs": `[0]`, "privateSubnetAzs": `[0]`,
	"publicSubnetCidrs": `["10.0.0.0/24"]`, "privateSubnetCidrs": `["10.0.1.0/24"]`, "providerPublicSubnetCidrs": `["20.0.0.0/24","20.0.1.0/24"]`,
	"providerPrivateSubnetCidrs": `["20.0.10.0/24","20.0.11.0/24"]`, "webPages": `["Web Server 1","Web Server 2"]`,
	"allowedPrincipals": `["arn:aws:iam::123456789012:root"]`, "bucketAdminArns": `["arn:aws:iam::123456789012:role/Admin"]`,
	"adminCidrs": `["198.51.100.7/32"]`, "rootVolumeSize": "8", "subnetPrefixLength": "24", "servicePort": "80",
	"flowLogRetentionDays": "7", "placementPartitionCount": "2",
}

// selectStep resolves vpclab:step for the lab and gives every step key the
// stack leaves at "step" the step's value.
func (r *reader) selectStep(c *Config) error {
	sel := r.str("step")
	if r.err != nil {
		return r.err
	}
	lab, ok := LabByName(c.Lab)
	if !ok {
		return cfgErr("lab", c.Lab, "must be one of %s%s", strings.Join(LabNames(), ", "), suggest.DidYouMean(c.Lab, LabNames()))
	}
	idx, err := lab.StepIndex(sel)
	if err != nil {
		return cfgErr("step", sel, "%v", err)
	}
	step := lab.Steps[idx]
	c.Step, c.StepNumber, c.StepAccept = step.Name, idx+1, step.Accept
	c.FromStep, r.step = map[string]bool{}, map[string]string{}
	for _, key := range StepKeys() {
		if v, err := r.cfg.Try(key); err == nil && v == StepDefault {
			r.step[key], c.FromStep[key] = lab.Value(idx, key), true
		}
	}
	return nil
}

// stepErr is cfgErr for a step key: it says when the value came from the step.
func (c *Config) stepErr(key string, value any, rule string, a ...any) error {
	return cfgErr(key, value, "%s%s", fmt.Sprintf(rule, a...), c.origin(key))
}

// origin explains where a step key's value came from, for error messages.
func (c *Config) origin(key string) string {
	if c.FromStep[key] {
		return fmt.Sprintf(" (%s:%s is the value of step %d %s; set it, or choose another step)", Namespace, key, c.StepNumber, c.Step)
	}
	return ""
}

// LoadConfig reads the stack configuration. Type errors and unknown labs are
// reported here; rules that need the region's AZs are checked by Program.
func LoadConfig(ctx *pulumi.Context) (*Config, error) {
	r := &reader{cfg: config.New(ctx, Namespace)}
	c := &Config{Lab: r.str("lab")}
	if err := r.selectStep(c); err != nil {
		return nil, err
	}
	*c = Config{
		Lab: c.Lab, Step: c.Step, StepNumber: c.StepNumber, FromStep: c.FromStep, StepAccept: c.StepAccept,
		VpcCIDR:                 r.str("vpcCidr"),
		AllowPublicAddressSpace: r.bool("allowPublicAddressSpace"),
		SubnetPrefixLength:      r.int("subnetPrefixLength"),
		NatMode:                 r.str("natMode"),
		NatAddressMode:          r.str("natAddressMode"),
		FlowLogs:                r.bool("flowLogs"),
		FlowLogRetentionDays:    r.int("flowLogRetentionDays"),
		NamePrefix:              r.str("namePrefix"),
		Access:                  r.str("access"),
		AllowBroadAdminCIDRs:    r.bool("allowBroadAdminCidrs"),
		KeyName:                 r.str("keyName"),
		InstanceType:            r.str("instanceType"),
		AMIParameter:            r.str("amiParameter"),
		RootVolumeSize:          r.int("rootVolumeSize"),
		PlacementStrategy:       r.str("placementStrategy"),
		PlacementPartitionCount: r.int("placementPartitionCount"),

		S3GatewayEndpoint:          r.bool("s3GatewayEndpoint"),
		DynamodbGatewayEndpoint:    r.bool("dynamodbGatewayEndpoint"),
		GatewayEndpointRouteTables: r.str("gatewayEndpointRouteTables"),
		EndpointPolicy:             r.str("endpointPolicy"),
		LabBucket:                  r.bool("labBucket"),
		BucketPolicyCondition:      r.str("bucketPolicyCondition"),
		AllowListAllBuckets:        r.bool("allowListAllBuckets"),
		AllowAmazonLinuxRepos:      r.bool("allowAmazonLinuxRepos"),
		PingGatewayEndpoints:       r.bool("pingGatewayEndpoints"),

		DNSHostnames:                r.bool("dnsHostnames"),
		InterfaceEndpointSubnets:    r.str("interfaceEndpointSubnets"),
		InterfaceEndpointPrivateDNS: r.bool("interfaceEndpointPrivateDns"),
		SessionManagerEndpoints:     r.bool("sessionManagerEndpoints"),

		PrivateDNSOnlyForInboundResolverEndpoint: r.bool("privateDnsOnlyForInboundResolverEndpoint"),
	}
	c.InterfaceEndpoints = []string{}
	r.object("interfaceEndpoints", &c.InterfaceEndpoints)
	if c.SessionManagerEndpoints {
		c.InterfaceEndpoints = withSessionManager(c.InterfaceEndpoints)
	}

	c.ProviderVpcCIDR = r.str("providerVpcCidr")
	c.ProviderNamePrefix = r.str("providerNamePrefix")
	c.ServicePort = r.int("servicePort")
	c.NLBInternetFacing = r.bool("nlbInternetFacing")
	c.EndpointService = r.bool("endpointService")
	c.ConsumerEndpoint = r.bool("consumerEndpoint")
	c.AcceptanceRequired = r.bool("acceptanceRequired")
	c.AcceptConnection = r.bool("acceptConnection")
	r.object("providerSubnetAzs", &c.ProviderSubnetAZs)
	c.ProviderPublicSubnetCIDRs, c.ProviderPrivateSubnetCIDRs, c.WebPages, c.AllowedPrincipals = []string{}, []string{}, []string{}, []string{}
	r.object("providerPublicSubnetCidrs", &c.ProviderPublicSubnetCIDRs)
	r.object("providerPrivateSubnetCidrs", &c.ProviderPrivateSubnetCIDRs)
	r.object("webPages", &c.WebPages)
	r.object("allowedPrincipals", &c.AllowedPrincipals)
	c.ProviderNameTags = map[string]string{}
	if err := r.cfg.TryObject("providerNameTags", &c.ProviderNameTags); err != nil {
		r.fail("providerNameTags", errors.New(`must be a JSON object of names such as {"vpc": "CustomVPC"}`))
	}
	c.BucketAdminARNs = []string{}
	r.object("bucketAdminArns", &c.BucketAdminARNs)
	c.NameTags = map[string]string{}
	if err := r.cfg.TryObject("nameTags", &c.NameTags); err != nil {
		r.fail("nameTags", errors.New(`must be a JSON object of names such as {"vpc": "MyVPC"}`))
	}
	r.object("publicSubnetCidrs", &c.PublicSubnetCIDRs)
	r.object("publicSubnetAzs", &c.PublicSubnetAZs)
	r.object("privateSubnetCidrs", &c.PrivateSubnetCIDRs)
	r.object("privateSubnetAzs", &c.PrivateSubnetAZs)
	c.AdminCIDRs = []string{}
	r.object("adminCidrs", &c.AdminCIDRs)
	if r.err != nil {
		return nil, r.err
	}
	c.Region = config.Get(ctx, "aws:region")
	if c.Region == "" {
		return nil, &ConfigError{Key: "aws:region", Rule: "is required: set it with `pulumi config set aws:region ap-northeast-2`"}
	}
	for key, v := range map[string]string{"namePrefix": c.NamePrefix, "providerNamePrefix": c.ProviderNamePrefix} {
		if strings.TrimSpace(v) == "" {
			return nil, cfgErr(key, v, "must not be empty: it starts every Name tag")
		}
	}
	// The prefixes start Name tags and security group descriptions, whose
	// lengths AWS limits: the tightest says how long a prefix may be, before
	// a component finds the first text that is too long.
	for _, p := range []struct {
		key, value string
		bastion    bool
		webPort    int
	}{{"namePrefix", c.NamePrefix, true, 0}, {"providerNamePrefix", c.ProviderNamePrefix, false, c.ServicePort}} {
		limit, why := components.NamePrefixLimit(p.bastion, p.webPort)
		if n := utf8.RuneCountInString(p.value); n > limit {
			return nil, &ConfigError{Key: Namespace + ":" + p.key, Rule: fmt.Sprintf("is %d characters (%s); at most %d fit: %s", n, FormatValue(abbreviate(p.value)), limit, why)}
		}
	}
	if _, ok := builders[c.Lab]; !ok {
		return nil, cfgErr("lab", c.Lab, "must be one of %s%s", strings.Join(LabNames(), ", "), suggest.DidYouMean(c.Lab, LabNames()))
	}
	for _, k := range sortedKeys(c.NameTags) {
		if !slices.Contains(nameTagKeys, k) {
			return nil, cfgErr("nameTags."+k, c.NameTags[k], "unknown name; use one of %s", strings.Join(nameTagKeys, ", "))
		}
	}
	for _, k := range sortedKeys(c.ProviderNameTags) {
		if !slices.Contains(providerNameTagKeys, k) {
			return nil, cfgErr("providerNameTags."+k, c.ProviderNameTags[k], "unknown name; use one of %s", strings.Join(providerNameTagKeys, ", "))
		}
	}
	for _, e := range []struct {
		key, value string
		allowed    []string
	}{
		{"gatewayEndpointRouteTables", c.GatewayEndpointRouteTables, []string{"private", "public", "both"}},
		{"endpointPolicy", c.EndpointPolicy, []string{string(components.PolicyLeastPrivilege), string(components.PolicyFullAccess)}},
		{"bucketPolicyCondition", c.BucketPolicyCondition, []string{string(components.SourceVpce), string(components.SourceVpc), string(components.SourceNone)}},
		{"interfaceEndpointSubnets", c.InterfaceEndpointSubnets, []string{"private", "public", "both"}},
	} {
		if !slices.Contains(e.allowed, e.value) {
			return nil, cfgErr(e.key, e.value, "must be one of %s%s", strings.Join(e.allowed, ", "), alternatives(e.key))
		}
	}
	for _, t := range []struct {
		tier        string
		cidrs       []string
		azs         []int
		keyC, keyAZ string
	}{
		{"public", c.PublicSubnetCIDRs, c.PublicSubnetAZs, "publicSubnetCidrs", "publicSubnetAzs"},
		{"private", c.PrivateSubnetCIDRs, c.PrivateSubnetAZs, "privateSubnetCidrs", "privateSubnetAzs"},
	} {
		if len(t.cidrs) > 0 && len(t.cidrs) != len(t.azs) {
			return nil, cfgErr(t.keyC, t.cidrs, "has %d entries but %s:%s has %d; give one CIDR per %s subnet, or none to carve them from vpcCidr",
				len(t.cidrs), Namespace, t.keyAZ, len(t.azs), t.tier)
		}
	}
	return c, nil
}

// withSessionManager puts the SSM trio first, then the other services
// listed (vpclab:sessionManagerEndpoints): a stack that needs Session
// Manager keeps its endpoints whatever interfaceEndpoints lists.
func withSessionManager(services []string) []string {
	out := slices.Clone(components.SSMServices)
	for _, s := range services {
		if !slices.Contains(components.SSMServices, s) {
			out = append(out, s)
		}
	}
	return out
}

// nameTagKeys are the Name tags a stack may override with vpclab:nameTags.
var nameTagKeys = []string{"vpc", "igw", "publicSubnet", "privateSubnet", "publicRouteTable", "privateRouteTable", "nat",
	"bastion", "privateInstance", "bucket", "s3Endpoint", "dynamodbEndpoint"}

// providerNameTagKeys are the Name tags of the privatelink lab's provider side.
var providerNameTagKeys = []string{"vpc", "igw", "publicSubnet", "privateSubnet", "publicRouteTable", "privateRouteTable", "nlb", "targetGroup", "endpointService", "webServer1", "webServer2"}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// LabNames lists the labs Program can build.
func LabNames() []string {
	var out []string
	for n := range builders {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// networkArgs maps the config onto NetworkBase arguments.
func (c *Config) networkArgs(azs []string, tags map[string]string) components.NetworkBaseArgs {
	specs := func(cidrs []string, idx []int) []components.SubnetSpec {
		out := make([]components.SubnetSpec, len(idx))
		for i, az := range idx {
			out[i].AZIndex = az
			if len(cidrs) > 0 {
				out[i].CIDR = cidrs[i]
			}
		}
		return out
	}
	return components.NetworkBaseArgs{
		CIDR:                    c.VpcCIDR,
		AvailabilityZones:       azs,
		PublicSubnets:           specs(c.PublicSubnetCIDRs, c.PublicSubnetAZs),
		PrivateSubnets:          specs(c.PrivateSubnetCIDRs, c.PrivateSubnetAZs),
		SubnetPrefixLength:      c.SubnetPrefixLength,
		NAT:                     components.NATMode(c.NatMode),
		NATAddressing:           components.NATAddressMode(c.NatAddressMode),
		AllowPublicAddressSpace: c.AllowPublicAddressSpace,
		DisableDNSHostnames:     !c.DNSHostnames,
		FlowLogs:                c.FlowLogs,
		FlowLogRetentionDays:    c.FlowLogRetentionDays,
		NameTag:                 c.guideNames().name,
		GuardrailTags:           true,
		Tags:                    tags,
		Exceptions:              c.networkExceptions(),
	}
}

// Reasons for the guardrail findings a lab stack accepts by its config.
const (
	reasonFlowLogsOff = "lab stack: flow logs are off to keep the lab free: vpclab:flowLogs true turns them on"
	reasonPublicSpace = "the guide uses this public range: vpclab:allowPublicAddressSpace accepts it"
	reasonOneAZ       = "lab stack: one AZ keeps the interface endpoint cheap"
	reasonFullAccess  = "vpclab:endpointPolicy full-access was chosen for this stack"
)

// guideNames names the network's children as the guides do.
func (c *Config) guideNames() guideNames {
	return guideNames{prefix: c.NamePrefix, tags: c.NameTags, regional: c.NatMode == string(components.NATRegional)}
}

func (c *Config) networkExceptions() components.Exceptions {
	e := components.Exceptions{}
	if !c.FlowLogs {
		e["LAB-VPC-02"] = reasonFlowLogsOff
	}
	if c.AllowPublicAddressSpace {
		e["LAB-VPC-05"] = reasonPublicSpace
	}
	return e
}

// bastionArgs maps the config onto BastionPair arguments (inputs left unset).
func (c *Config) bastionArgs(vpcCIDR, publicAZ, privateAZ string, tags map[string]string) components.BastionPairArgs {
	return components.BastionPairArgs{
		VpcCIDR:              vpcCIDR,
		PublicSubnetAZ:       publicAZ,
		PrivateSubnetAZ:      privateAZ,
		Access:               components.AccessMode(c.Access),
		AdminCIDRs:           c.AdminCIDRs,
		AllowBroadAdminCIDRs: c.AllowBroadAdminCIDRs,
		KeyName:              c.KeyName,
		InstanceType:         c.InstanceType,
		AMIParameter:         c.AMIParameter,
		RootVolumeSizeGiB:    c.RootVolumeSize,
		PlacementStrategy:    c.PlacementStrategy,
		PartitionCount:       c.PlacementPartitionCount,
		InternetEgress:       c.NatMode != string(components.NATNone),
		AllowListAllBuckets:  c.AllowListAllBuckets && c.LabBucket,
		NamePrefix:           c.NamePrefix,
		BastionName:          c.NameTags["bastion"],
		PrivateName:          c.NameTags["privateInstance"],
		Tags:                 tags,
		Exceptions:           c.StepAccept,
		GuardrailTags:        true,
		// The descriptions the shipped stacks were created with: EC2
		// replaces a security group whose description changes.
		PrivateSecurityGroupDescription: fmt.Sprintf("%s private instance (access %s)", nameOr(c.NamePrefix, "access"), nameOr(c.Access, string(components.AccessSSM))),
		RoleDescription:                 roleDescription(c.Access),
	}
}

// roleDescription is the instance roles' description in the shipped stacks.
func roleDescription(access string) string {
	if access == "" || access == string(components.AccessSSM) || access == string(components.AccessBoth) {
		return "vpclab instance role: Session Manager only"
	}
	return "vpclab instance role: no permissions"
}

// azIndex looks up an AZ index already validated by NetworkBaseArgs.Validate.
func azName(azs []string, idx []int, i int) string {
	if i < len(idx) && idx[i] >= 0 && idx[i] < len(azs) {
		return azs[idx[i]]
	}
	return ""
}

// documentationRanges are the RFC 5737 / RFC 3849 example blocks the shipped
// stacks use as admin-CIDR placeholders.
var documentationRanges = []string{"192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:"}

func isPlaceholder(cidr string) bool {
	return slices.ContainsFunc(documentationRanges, func(p string) bool { return strings.HasPrefix(cidr, p) })
}

// withService returns a copy of args for one service of a bundle.
func withService(args components.InterfaceEndpointArgs, service string) components.InterfaceEndpointArgs {
	return args.ForService(service)
}

// abbreviate keeps a very long value readable in a message: its start, an
// ellipsis and its end.
func abbreviate(s string) string {
	r := []rune(s)
	if len(r) <= 40 {
		return s
	}
	return string(r[:24]) + "…" + string(r[len(r)-8:])
}
