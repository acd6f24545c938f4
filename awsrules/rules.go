package awsrules

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The AWS input rules: one table, per resource type and property, of what
// AWS's create APIs accept, each with the error code AWS answers and the
// page that documents it. The simulated AWS applies it on every
// registration (Monitor.NewResource), before it answers; the components
// reuse the tag and description rules to validate before they register.

// Documentation pages the rules come from.
const (
	ec2API                  = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/"
	srcEC2Errors            = ec2API + "errors-overview.html"
	srcIpRange              = ec2API + "API_IpRange.html"
	srcIpv6Range            = ec2API + "API_Ipv6Range.html"
	srcPrefixListID         = ec2API + "API_PrefixListId.html"
	srcUserIDGroupPair      = ec2API + "API_UserIdGroupPair.html"
	srcIPPermission         = ec2API + "API_IpPermission.html"
	srcCreateSecurityGroup  = ec2API + "API_CreateSecurityGroup.html"
	srcEC2Tag               = ec2API + "API_Tag.html"
	srcCreateTags           = ec2API + "API_CreateTags.html"
	srcCreateVpc            = ec2API + "API_CreateVpc.html"
	srcCreateSubnet         = ec2API + "API_CreateSubnet.html"
	srcAllocateAddress      = ec2API + "API_AllocateAddress.html"
	srcCreateNatGateway     = ec2API + "API_CreateNatGateway.html"
	srcCreatePlacementGroup = ec2API + "API_CreatePlacementGroup.html"
	srcPlacementStrategies  = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-strategies.html"
	srcUserData             = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html"
	srcMetadataOptions      = ec2API + "API_InstanceMetadataOptionsRequest.html"
	srcEbsBlockDevice       = ec2API + "API_EbsBlockDevice.html"
	srcPlacement            = ec2API + "API_Placement.html"
	srcCreateFlowLogs       = ec2API + "API_CreateFlowLogs.html"
	srcCreateVpcEndpoint    = ec2API + "API_CreateVpcEndpoint.html"
	// RunInstances answers an AZ without the type with "Unsupported: Your
	// requested instance type (t3.micro) is not supported in your requested
	// Availability Zone (us-east-1e)" (as users meet it:
	// https://github.com/ned1313/Getting-Started-Terraform/issues/44).
	srcInstanceTypeOfferings = "https://repost.aws/knowledge-center/ec2-instance-type-not-supported-az-error"
	srcEndpointQuotas        = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"
	// The "Supports VPC endpoint policies" column of the AWS services that
	// integrate with AWS PrivateLink (the table was read from the page's
	// source, awsdocs/amazon-vpc-user-guide doc_source/integrated-services-vpce-list.md).
	srcPrivateLinkServices = "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html"
	srcEndpointAZ          = "https://repost.aws/knowledge-center/interface-endpoint-availability-zone"
	srcDNSOptions          = ec2API + "API_DnsOptionsSpecification.html"
	// An S3 (or DynamoDB) interface endpoint with private DNS answers the
	// service's names only to Route 53 Resolver inbound endpoints by default
	// (PrivateDnsOnlyForInboundResolverEndpoint true), which needs a gateway
	// endpoint of the service in the VPC for the VPC's own traffic. AWS's
	// refusal as users meet it: terraform-provider-aws#33689 and #31117.
	srcInboundResolverDNS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns ; " +
		"https://github.com/hashicorp/terraform-provider-aws/issues/33689 ; https://github.com/hashicorp/terraform-provider-aws/issues/31117"

	elbAPI                = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
	srcCreateLoadBalancer = elbAPI + "API_CreateLoadBalancer.html"
	srcSetSecurityGroups  = elbAPI + "API_SetSecurityGroups.html"
	srcCreateTargetGroup  = elbAPI + "API_CreateTargetGroup.html"
	srcCreateListener     = elbAPI + "API_CreateListener.html"
	srcAction             = elbAPI + "API_Action.html"
	srcTargetDescription  = elbAPI + "API_TargetDescription.html"
	srcELBTag             = elbAPI + "API_Tag.html"
	srcELBTagLimits       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-tags.html"

	iamAPI                   = "https://docs.aws.amazon.com/IAM/latest/APIReference/"
	srcCreateRole            = iamAPI + "API_CreateRole.html"
	srcCreateInstanceProfile = iamAPI + "API_CreateInstanceProfile.html"
	srcPutRolePolicy         = iamAPI + "API_PutRolePolicy.html"
	srcAttachRolePolicy      = iamAPI + "API_AttachRolePolicy.html"
	srcIAMTag                = iamAPI + "API_Tag.html"
	srcIAMTagRules           = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html"
	srcIAMQuotas             = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
	// Pulumi's aws provider derives the role name from namePrefix plus a
	// 26-character unique suffix: roleNamePrefixMaxLen = 64 - 26.
	srcRoleNamePrefix = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/iam/role.go"

	s3Docs                = "https://docs.aws.amazon.com/AmazonS3/latest/"
	srcBucketNaming       = s3Docs + "userguide/bucketnamingrules.html"
	srcS3Errors           = s3Docs + "API/ErrorResponses.html"
	srcS3TagSet           = s3Docs + "userguide/CostAllocTagging.html"
	srcS3Tag              = s3Docs + "API/API_control_Tag.html"
	srcOwnershipControls  = s3Docs + "API/API_OwnershipControlsRule.html"
	srcSSEByDefault       = s3Docs + "API/API_ServerSideEncryptionByDefault.html"
	srcPutBucketPolicy    = s3Docs + "API/API_PutBucketPolicy.html"
	logsAPI               = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/"
	srcCreateLogGroup     = logsAPI + "API_CreateLogGroup.html"
	srcPutRetentionPolicy = logsAPI + "API_PutRetentionPolicy.html"
)

// Resource type tokens the rules read. A provider upgrade that renames a
// type (pulumi-aws v7: aws:s3/bucketV2:BucketV2 → aws:s3/bucket:Bucket) is
// one more token in the list.
var (
	tVpc           = []string{"aws:ec2/vpc:Vpc"}
	tSubnet        = []string{"aws:ec2/subnet:Subnet"}
	tIGW           = []string{"aws:ec2/internetGateway:InternetGateway"}
	tRouteTable    = []string{"aws:ec2/routeTable:RouteTable"}
	tEIP           = []string{"aws:ec2/eip:Eip"}
	tNAT           = []string{"aws:ec2/natGateway:NatGateway"}
	tDefaultSG     = []string{"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"}
	tSG            = []string{"aws:ec2/securityGroup:SecurityGroup"}
	tSGRule        = []string{"aws:ec2/securityGroupRule:SecurityGroupRule"}
	tVpcRule       = []string{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"}
	tPlacement     = []string{"aws:ec2/placementGroup:PlacementGroup"}
	tInstance      = []string{"aws:ec2/instance:Instance"}
	tEndpoint      = []string{"aws:ec2/vpcEndpoint:VpcEndpoint"}
	tEndpointSvc   = []string{"aws:ec2/vpcEndpointService:VpcEndpointService"}
	tFlowLog       = []string{"aws:ec2/flowLog:FlowLog"}
	tLB            = []string{"aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"}
	tTargetGroup   = []string{"aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"}
	tListener      = []string{"aws:lb/listener:Listener", "aws:alb/listener:Listener"}
	tTGAttachment  = []string{"aws:lb/targetGroupAttachment:TargetGroupAttachment", "aws:alb/targetGroupAttachment:TargetGroupAttachment"}
	tRole          = []string{"aws:iam/role:Role"}
	tProfile       = []string{"aws:iam/instanceProfile:InstanceProfile"}
	tRolePolicy    = []string{"aws:iam/rolePolicy:RolePolicy"}
	tPolicyAttach  = []string{"aws:iam/rolePolicyAttachment:RolePolicyAttachment"}
	tBucket        = []string{"aws:s3/bucket:Bucket"}
	tBucketOwner   = []string{"aws:s3/bucketOwnershipControls:BucketOwnershipControls"}
	tBucketSSE     = []string{"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"}
	tBucketPolicy  = []string{"aws:s3/bucketPolicy:BucketPolicy"}
	tLogGroup      = []string{"aws:cloudwatch/logGroup:LogGroup"}
	ec2TaggedTypes = cat(tVpc, tSubnet, tIGW, tRouteTable, tEIP, tNAT, tDefaultSG, tSG, tVpcRule, tPlacement, tInstance, tEndpoint, tEndpointSvc, tFlowLog)
)

func cat[T any](lists ...[]T) []T {
	var out []T
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// on targets a path in every type of a list; named targets an autonamed name.
func on(types []string, paths ...string) []Target {
	var out []Target
	for _, t := range types {
		for _, p := range paths {
			out = append(out, Target{Type: t, Path: p})
		}
	}
	return out
}

func named(types []string, path string) []Target {
	out := on(types, path)
	for i := range out {
		out[i].Autoname = true
	}
	return out
}

func whole(types ...[]string) []Target { return on(cat(types...), "") }

// Character sets as the API references write them.
var (
	// CreateSecurityGroup GroupName and Description, IpRange and Ipv6Range Description.
	sgChars   = set(" ._-:/()#,@[]+=&;{}!$*", alnum...)
	sgAllowed = "a-zA-Z0-9 ._-:/()#,@[]+=&;{}!$*, up to 255 characters"
	// PrefixListId and UserIdGroupPair Description: the same without "&".
	ruleChars   = set(" ._-:/()#,@[]+=;{}!$*", alnum...)
	ruleAllowed = "a-zA-Z0-9 ._-:/()#,@[]+=;{}!$*, up to 255 characters"
	// IAM names: [\w+=,.@-]+ (\w is a-zA-Z0-9_).
	iamNameChars = set("_+=,.@-", alnum...)
	// CreateRole Description: [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*.
	iamDescChars = func(c rune) bool {
		return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7E) || (c >= 0xA1 && c <= 0xFF)
	}
	// IAM policy documents: [\u0009\u000A\u000D\u0020-\u00FF]+.
	policyChars = func(c rune) bool { return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFF) }
	// ELB load balancer and target group names: alphanumeric or hyphens.
	elbNameChars = set("-", alnum...)
	// CloudWatch Logs log group names: [\.\-_/#A-Za-z0-9]+.
	logGroupChars = set(".-_/#", alnum...)
	tagAllowed    = "Unicode letters, digits, white space and _ . : / = + - @"
)

// rules is the table. It is built in init because its whole-resource
// rules look themselves up in it.
var rules []*Rule

func init() { rules = buildRules() }

func buildRules() []*Rule {
	var rs []*Rule
	add := func(r *Rule) *Rule { rs = append(rs, r); return r }

	// --- EC2: security groups and their rules -------------------------
	add(&Rule{ID: "ec2.sg.description", Targets: on(tSG, "description"), Code: "InvalidParameterValue", Source: srcCreateSecurityGroup,
		Allowed: sgAllowed, check: chars(1, 255, sgChars)})
	add(&Rule{ID: "ec2.sg.name", Targets: named(tSG, "name"), Code: "InvalidParameterValue", Source: srcCreateSecurityGroup,
		Allowed: sgAllowed + ", not starting with sg-", check: func(v resource.PropertyValue, at site) string {
			if why := chars(1, 255, sgChars)(v, at); why != "" {
				return why
			}
			if strings.HasPrefix(v.StringValue(), "sg-") {
				return "starts with sg-"
			}
			return ""
		}})
	add(&Rule{ID: "ec2.sg.name-reserved", Targets: named(tSG, "name"), Code: "InvalidGroup.Reserved", Source: srcEC2Errors,
		Allowed: "any name but default", check: func(v resource.PropertyValue, _ site) string {
			if v.IsString() && v.StringValue() == "default" {
				return "the name default is reserved"
			}
			return ""
		}})
	sgRuleTargets := cat(on(tVpcRule, "description"), on(tSGRule, "description"), on(tSG, "ingress[].description", "egress[].description"))
	for _, d := range []struct {
		id, src, allowed string
		chars            func(rune) bool
		peers            []string
	}{
		{"ec2.sg-rule.description.ipv4", srcIpRange, sgAllowed, sgChars, []string{"cidrIpv4", "cidrBlocks"}},
		{"ec2.sg-rule.description.ipv6", srcIpv6Range, sgAllowed, sgChars, []string{"cidrIpv6", "ipv6CidrBlocks"}},
		{"ec2.sg-rule.description.prefix-list", srcPrefixListID, ruleAllowed, ruleChars, []string{"prefixListId", "prefixListIds"}},
		{"ec2.sg-rule.description.security-group", srcUserIDGroupPair, ruleAllowed, ruleChars, []string{"referencedSecurityGroupId", "sourceSecurityGroupId", "securityGroups", "self"}},
	} {
		add(&Rule{ID: d.id, Targets: sgRuleTargets, Code: "InvalidParameterValue", Source: d.src, Allowed: d.allowed,
			check: when(peer(d.peers...), chars(0, 255, d.chars))})
	}
	add(&Rule{ID: "ec2.sg-rule.protocol", Targets: cat(on(tVpcRule, "ipProtocol"), on(tSGRule, "protocol"), on(tSG, "ingress[].protocol", "egress[].protocol")),
		Code: "InvalidParameterValue", Source: srcIPPermission, Allowed: "tcp, udp, icmp, icmpv6, a protocol number, or -1",
		check: func(v resource.PropertyValue, _ site) string {
			s := strings.ToLower(render(v))
			if v.IsString() {
				s = strings.ToLower(v.StringValue())
			}
			if slices.Contains([]string{"tcp", "udp", "icmp", "icmpv6", "-1"}, s) {
				return ""
			}
			if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 255 {
				return ""
			}
			return "is not a protocol name or number"
		}})

	// --- EC2: VPC, subnets, addresses ---------------------------------
	add(&Rule{ID: "ec2.vpc.cidr", Targets: on(tVpc, "cidrBlock"), Code: "InvalidVpcRange", Source: srcEC2Errors,
		Allowed: "a CIDR block between /16 and /28", check: cidrSize(16, 28)})
	add(&Rule{ID: "ec2.vpc.instance-tenancy", Targets: on(tVpc, "instanceTenancy"), Code: "InvalidParameterValue", Source: srcCreateVpc,
		Allowed: "default or dedicated (host cannot be used)", check: enum("default", "dedicated")})
	add(&Rule{ID: "ec2.subnet.cidr", Targets: on(tSubnet, "cidrBlock"), Code: "InvalidSubnet.Range", Source: srcEC2Errors,
		Allowed: "a CIDR block between /16 and /28", check: cidrSize(16, 28)})
	add(&Rule{ID: "ec2.subnet.availability-zone", Targets: whole(tSubnet), Code: "InvalidParameterValue", Source: srcCreateSubnet,
		Allowed: "an availability zone of the region"}).request = func(e Service, r *Resource) []Refusal {
		az := r.Str("availabilityZone")
		if az == "" || slices.Contains(e.RegionInfo().AZs, az) {
			return nil
		}
		return []Refusal{refuse(RuleByID("ec2.subnet.availability-zone"), r, "availabilityZone", strconv.Quote(az),
			fmt.Sprintf("Subnets can currently only be created in the following availability zones: %s", strings.Join(e.RegionInfo().AZs, ", ")))}
	}
	add(&Rule{ID: "ec2.eip.domain", Targets: on(tEIP, "domain"), Code: "InvalidParameterValue", Source: srcAllocateAddress,
		Allowed: "vpc or standard", check: enum("vpc", "standard")})
	add(&Rule{ID: "ec2.nat.connectivity-type", Targets: on(tNAT, "connectivityType"), Code: "InvalidParameterValue", Source: srcCreateNatGateway,
		Allowed: "private or public", check: enum("private", "public")})
	add(&Rule{ID: "ec2.nat.availability-mode", Targets: on(tNAT, "availabilityMode"), Code: "InvalidParameterValue", Source: srcCreateNatGateway,
		Allowed: "zonal or regional", check: enum("zonal", "regional")})
	add(&Rule{ID: "ec2.nat.regional-public", Targets: whole(tNAT), Code: "InvalidParameterCombination", Source: srcRegionalNat,
		Allowed: "a regional NAT gateway with public connectivity"}).request = natRegionalPublicRule
	add(&Rule{ID: "ec2.nat.mode-arguments", Targets: whole(tNAT), Code: "InvalidParameterCombination", Source: srcNatResource,
		Allowed: "regional: vpcId, and no subnetId, allocationId, privateIp or secondary addresses; zonal: subnetId, allocationId when public, " +
			"no vpcId or availabilityZoneAddresses"}).request = natModeArgumentsRule
	add(&Rule{ID: "ec2.nat.availability-zone-addresses", Targets: whole(tNAT), Code: "InvalidParameterValue", Source: srcAZAddress,
		Allowed: "one block per AZ of the region, each with allocation IDs and exactly one of availabilityZone and availabilityZoneId"}).request = natAZAddressesRule
	add(&Rule{ID: "ec2.nat.eip-associated", Targets: whole(tNAT), Code: "Resource.AlreadyAssociated", Source: srcNatGateway,
		Allowed: "Elastic IPs no other NAT gateway address holds"}).resource = natEIPAssociatedRule
	add(&Rule{ID: "ec2.nat.internet-gateway", Targets: whole(tNAT), Code: "Gateway.NotAttached", Source: srcNatGateway,
		Allowed: "a public NAT gateway in a VPC with an internet gateway attached"}).resource = natInternetGatewayRule
	add(&Rule{ID: "ec2.flow-log.traffic-type", Targets: on(tFlowLog, "trafficType"), Code: "InvalidParameterValue", Source: srcCreateFlowLogs,
		Allowed: "ACCEPT, REJECT or ALL", check: enum("ACCEPT", "REJECT", "ALL")})
	add(&Rule{ID: "ec2.flow-log.destination-type", Targets: on(tFlowLog, "logDestinationType"), Code: "InvalidParameterValue", Source: srcCreateFlowLogs,
		Allowed: "cloud-watch-logs, s3 or kinesis-data-firehose", check: enum("cloud-watch-logs", "s3", "kinesis-data-firehose")})
	add(&Rule{ID: "ec2.flow-log.max-aggregation-interval", Targets: on(tFlowLog, "maxAggregationInterval"), Code: "InvalidParameterValue", Source: srcCreateFlowLogs,
		Allowed: "60 or 600 seconds", check: enum("60", "600")})

	// --- EC2: placement groups and instances --------------------------
	add(&Rule{ID: "ec2.placement-group.strategy", Targets: on(tPlacement, "strategy"), Code: "InvalidParameterValue", Source: srcCreatePlacementGroup,
		Allowed: "cluster, spread, partition or precision-time", check: enum("cluster", "spread", "partition", "precision-time")})
	add(&Rule{ID: "ec2.placement-group.partition-count", Targets: on(tPlacement, "partitionCount"), Code: "InvalidParameterValue", Source: srcPlacementStrategies,
		Allowed: "1 to 7 partitions per availability zone", check: between(1, 7)})
	add(&Rule{ID: "ec2.placement-group.name", Targets: named(tPlacement, "name"), Code: "InvalidParameterValue", Source: srcCreatePlacementGroup,
		Allowed: "up to 255 ASCII characters", check: chars(1, 255, func(c rune) bool { return c < utf8.RuneSelf })})
	add(&Rule{ID: "ec2.instance.user-data-size", Targets: on(tInstance, "userData"), Code: "InvalidParameterValue", Source: srcUserData,
		Allowed: "user data up to 16 KB in raw form, before base64 encoding", check: func(v resource.PropertyValue, _ site) string {
			if v.IsString() && len(v.StringValue()) > 16*1024 {
				return fmt.Sprintf("is %d bytes, more than 16384", len(v.StringValue()))
			}
			return ""
		}})
	add(&Rule{ID: "ec2.instance.http-tokens", Targets: on(tInstance, "metadataOptions.httpTokens"), Code: "InvalidParameterValue", Source: srcMetadataOptions,
		Allowed: "optional or required", check: enum("optional", "required")})
	add(&Rule{ID: "ec2.instance.http-endpoint", Targets: on(tInstance, "metadataOptions.httpEndpoint"), Code: "InvalidParameterValue", Source: srcMetadataOptions,
		Allowed: "disabled or enabled", check: enum("disabled", "enabled")})
	add(&Rule{ID: "ec2.instance.http-put-response-hop-limit", Targets: on(tInstance, "metadataOptions.httpPutResponseHopLimit"), Code: "InvalidParameterValue",
		Source: srcMetadataOptions, Allowed: "integers from 1 to 64", check: between(1, 64)})
	add(&Rule{ID: "ec2.instance.http-protocol-ipv6", Targets: on(tInstance, "metadataOptions.httpProtocolIpv6"), Code: "InvalidParameterValue",
		Source: srcMetadataOptions, Allowed: "disabled or enabled", check: enum("disabled", "enabled")})
	add(&Rule{ID: "ec2.instance.instance-metadata-tags", Targets: on(tInstance, "metadataOptions.instanceMetadataTags"), Code: "InvalidParameterValue",
		Source: srcMetadataOptions, Allowed: "disabled or enabled", check: enum("disabled", "enabled")})
	add(&Rule{ID: "ec2.instance.volume-type", Targets: on(tInstance, "rootBlockDevice.volumeType", "ebsBlockDevices[].volumeType"), Code: "UnknownVolumeType",
		Source: srcEbsBlockDevice, Allowed: "standard, io1, io2, gp2, sc1, st1 or gp3", check: enum("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3")})
	add(&Rule{ID: "ec2.instance.volume-size", Targets: on(tInstance, "rootBlockDevice.volumeSize", "ebsBlockDevices[].volumeSize"), Code: "InvalidParameterValue",
		Source: srcEbsBlockDevice, Allowed: "gp2 1-16384, gp3 1-65536, io1 4-16384, io2 4-65536, st1 and sc1 125-16384, standard 1-1024 GiB",
		check: func(v resource.PropertyValue, at site) string {
			typ := Str(at.parent["volumeType"])
			lim, ok := map[string][2]int{"gp2": {1, 16384}, "gp3": {1, 65536}, "io1": {4, 16384}, "io2": {4, 65536}, "st1": {125, 16384}, "sc1": {125, 16384}, "standard": {1, 1024}}[typ]
			if !ok {
				return "" // the type (or the AMI's default) decides; an unknown type has its own rule
			}
			if why := between(lim[0], lim[1])(v, at); why != "" {
				return why + " GiB for " + typ
			}
			return ""
		}})
	add(&Rule{ID: "ec2.instance.type-offered", Targets: whole(tInstance), Code: "Unsupported", Source: srcInstanceTypeOfferings,
		Allowed: "an instance type the subnet's availability zone offers (DescribeInstanceTypeOfferings)"}).resource = instanceTypeOfferedRule
	add(&Rule{ID: "ec2.instance.tenancy", Targets: on(tInstance, "tenancy"), Code: "InvalidParameterValue", Source: srcPlacement,
		Allowed: "default, dedicated or host", check: enum("default", "dedicated", "host")})

	// --- EC2: VPC endpoints --------------------------------------------
	add(&Rule{ID: "ec2.vpce.type", Targets: on(tEndpoint, "vpcEndpointType"), Code: "InvalidVpcEndpointType", Source: srcCreateVpcEndpoint,
		Allowed: "Interface, Gateway, GatewayLoadBalancer, Resource or ServiceNetwork", check: enum("Interface", "Gateway", "GatewayLoadBalancer", "Resource", "ServiceNetwork")})
	add(&Rule{ID: "ec2.vpce.ip-address-type", Targets: on(tEndpoint, "ipAddressType"), Code: "InvalidParameterValue", Source: srcCreateVpcEndpoint,
		Allowed: "ipv4, dualstack or ipv6", check: enum("ipv4", "dualstack", "ipv6")})
	add(&Rule{ID: "ec2.vpce.policy-json", Targets: on(tEndpoint, "policy"), Code: "InvalidPolicyDocument", Source: srcEC2Errors,
		Allowed: "a valid JSON policy document", check: func(v resource.PropertyValue, at site) string {
			if v.IsString() && v.StringValue() == "" {
				return "" // empty: no policy, AWS attaches its default
			}
			return jsonDoc(v, at)
		}})
	add(&Rule{ID: "ec2.vpce.policy-length", Targets: on(tEndpoint, "policy"), Code: "InvalidParameterValue", Source: srcEndpointQuotas,
		Allowed: "at most 20,480 characters, white space included", check: chars(0, 20480, nil)})
	add(&Rule{ID: "ec2.vpce.service-name", Targets: whole(tEndpoint), Code: "InvalidServiceName", Source: srcEC2Errors,
		Allowed: "a service DescribeVpcEndpointServices lists for the endpoint type"}).request = endpointServiceRule
	add(&Rule{ID: "ec2.vpce.subnets-one-per-az", Targets: whole(tEndpoint), Code: "DuplicateSubnetsInSameZone", Source: srcEC2Errors,
		Allowed: "one subnet per availability zone"}).resource = endpointSubnetsRule
	add(&Rule{ID: "ec2.vpce.service-availability-zone", Targets: whole(tEndpoint), Code: "InvalidParameter", Source: srcEndpointAZ,
		Allowed: "subnets in the availability zones the service supports"}).resource = endpointAZRule
	add(&Rule{ID: "ec2.vpce.private-dns-vpc-attributes", Targets: whole(tEndpoint), Code: "InvalidParameter", Source: srcCreateVpcEndpoint,
		Allowed: "private DNS only when the VPC has enableDnsHostnames and enableDnsSupport set to true"}).resource = endpointDNSAttributesRule
	add(&Rule{ID: "ec2.vpce.private-dns-name", Targets: whole(tEndpoint), Code: "InvalidParameter", Source: srcCreateVpcEndpoint,
		Allowed: "private DNS only for a service that has a private DNS name"}).request = endpointDNSNameRule
	add(&Rule{ID: "ec2.vpce.policy-supported", Targets: whole(tEndpoint), Code: "InvalidParameter", Source: srcPrivateLinkServices,
		Allowed: "a custom endpoint policy only for services whose VpcEndpointPolicySupported is true"}).request = endpointPolicySupportRule
	add(&Rule{ID: "ec2.vpce.dns-record-ip-type", Targets: on(tEndpoint, "dnsOptions.dnsRecordIpType"), Code: "InvalidParameterValue", Source: srcDNSOptions,
		Allowed: "ipv4, dualstack, ipv6 or service-defined", check: enum("ipv4", "dualstack", "ipv6", "service-defined")})
	// No rule refuses the option for other services: the provider sends it
	// for S3 interface endpoints only (sim.Sent), so AWS never sees it elsewhere.
	add(&Rule{ID: InboundResolverGatewayRule, Targets: whole(tEndpoint), Code: "InvalidParameter", Source: srcInboundResolverDNS,
		Allowed: "private DNS only for inbound resolver endpoints (AWS's default for S3 and DynamoDB interface endpoints with private DNS) " +
			"only in a VPC that has a gateway endpoint of the service; else privateDnsOnlyForInboundResolverEndpoint false"}).resource = inboundResolverGatewayRule

	// --- Elastic Load Balancing ----------------------------------------
	add(&Rule{ID: "elb.lb.name", Targets: named(tLB, "name"), Code: "ValidationError", Source: srcCreateLoadBalancer,
		Allowed: "at most 32 alphanumeric characters or hyphens, not beginning or ending with a hyphen, not beginning with internal-",
		check:   elbName(true)})
	add(&Rule{ID: "elb.lb.type", Targets: on(tLB, "loadBalancerType"), Code: "ValidationError", Source: srcCreateLoadBalancer,
		Allowed: "application, network or gateway", check: enum("application", "network", "gateway")})
	add(&Rule{ID: "elb.lb.ip-address-type", Targets: on(tLB, "ipAddressType"), Code: "ValidationError", Source: srcCreateLoadBalancer,
		Allowed: "ipv4, dualstack or dualstack-without-public-ipv4", check: enum("ipv4", "dualstack", "dualstack-without-public-ipv4")})
	add(&Rule{ID: "elb.lb.enforce-security-group-inbound-rules-on-privatelink-traffic", Targets: on(tLB, "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"),
		Code: "ValidationError", Source: srcSetSecurityGroups, Allowed: "on or off", check: enum("on", "off")})
	add(&Rule{ID: "elb.lb.subnets-one-per-az", Targets: whole(tLB), Code: "InvalidConfigurationRequest", Source: srcCreateLoadBalancer,
		Allowed: "only one subnet per Availability Zone"}).resource = lbSubnetsRule
	add(&Rule{ID: "elb.tg.name", Targets: named(tTargetGroup, "name"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "at most 32 alphanumeric characters or hyphens, not beginning or ending with a hyphen", check: elbName(false)})
	add(&Rule{ID: "elb.tg.protocol", Targets: on(tTargetGroup, "protocol"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE, QUIC or TCP_QUIC", check: enum("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC")})
	add(&Rule{ID: "elb.tg.port", Targets: on(tTargetGroup, "port"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "1 to 65535", check: between(1, 65535)})
	add(&Rule{ID: "elb.tg.target-type", Targets: on(tTargetGroup, "targetType"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "instance, ip, lambda or alb", check: enum("instance", "ip", "lambda", "alb")})
	add(&Rule{ID: "elb.tg.ip-address-type", Targets: on(tTargetGroup, "ipAddressType"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "ipv4 or ipv6", check: enum("ipv4", "ipv6")})
	add(&Rule{ID: "elb.tg.health-check.protocol", Targets: on(tTargetGroup, "healthCheck.protocol"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "HTTP, HTTPS or TCP (GENEVE, TLS, UDP, TCP_UDP, QUIC and TCP_QUIC are not supported for health checks)", check: enum("HTTP", "HTTPS", "TCP")})
	add(&Rule{ID: "elb.tg.health-check.port", Targets: on(tTargetGroup, "healthCheck.port"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "traffic-port or a port from 1 to 65535", check: func(v resource.PropertyValue, at site) string {
			if v.IsString() && v.StringValue() == "traffic-port" {
				return ""
			}
			return between(1, 65535)(v, at)
		}})
	add(&Rule{ID: "elb.tg.health-check.interval", Targets: on(tTargetGroup, "healthCheck.interval"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "5 to 300 seconds", check: between(5, 300)})
	add(&Rule{ID: "elb.tg.health-check.timeout", Targets: on(tTargetGroup, "healthCheck.timeout"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "2 to 120 seconds", check: between(2, 120)})
	add(&Rule{ID: "elb.tg.health-check.healthy-threshold", Targets: on(tTargetGroup, "healthCheck.healthyThreshold"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "2 to 10", check: between(2, 10)})
	add(&Rule{ID: "elb.tg.health-check.unhealthy-threshold", Targets: on(tTargetGroup, "healthCheck.unhealthyThreshold"), Code: "ValidationError", Source: srcCreateTargetGroup,
		Allowed: "2 to 10", check: between(2, 10)})
	add(&Rule{ID: "elb.listener.protocol", Targets: on(tListener, "protocol"), Code: "ValidationError", Source: srcCreateListener,
		Allowed: "HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE, QUIC or TCP_QUIC", check: enum("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC")})
	add(&Rule{ID: "elb.listener.port", Targets: on(tListener, "port"), Code: "ValidationError", Source: srcCreateListener,
		Allowed: "1 to 65535", check: between(1, 65535)})
	add(&Rule{ID: "elb.listener.action-type", Targets: on(tListener, "defaultActions[].type"), Code: "ValidationError", Source: srcAction,
		Allowed: "forward, authenticate-oidc, authenticate-cognito, redirect, fixed-response or jwt-validation",
		check:   enum("forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response", "jwt-validation")})
	add(&Rule{ID: "elb.target.port", Targets: on(tTGAttachment, "port"), Code: "ValidationError", Source: srcTargetDescription,
		Allowed: "1 to 65535", check: between(1, 65535)})

	// --- IAM --------------------------------------------------------------
	add(&Rule{ID: "iam.role.name", Targets: named(tRole, "name"), Code: "ValidationError", Source: srcCreateRole,
		Allowed: "1-64 characters of a-zA-Z0-9 _+=,.@-", check: chars(1, 64, iamNameChars)})
	add(&Rule{ID: "iam.role.name-prefix", Targets: on(tRole, "namePrefix"), Code: "ValidationError", Source: srcRoleNamePrefix,
		Allowed: "1-38 characters of a-zA-Z0-9 _+=,.@- (the provider appends 26 characters; a role name is at most 64)", check: chars(1, 38, iamNameChars)})
	add(&Rule{ID: "iam.role.description", Targets: on(tRole, "description"), Code: "ValidationError", Source: srcCreateRole,
		Allowed: "up to 1000 characters of tab, line feed, carriage return, U+0020-U+007E and U+00A1-U+00FF", check: chars(0, 1000, iamDescChars)})
	add(&Rule{ID: "iam.role.path", Targets: on(tRole, "path"), Code: "ValidationError", Source: srcCreateRole,
		Allowed: "/ or a string of ! to ~ that begins and ends with /, up to 512 characters", check: iamPath})
	add(&Rule{ID: "iam.role.max-session-duration", Targets: on(tRole, "maxSessionDuration"), Code: "ValidationError", Source: srcCreateRole,
		Allowed: "3600 to 43200 seconds", check: between(3600, 43200)})
	add(&Rule{ID: "iam.role.trust-policy-json", Targets: on(tRole, "assumeRolePolicy"), Code: "MalformedPolicyDocument", Source: srcCreateRole,
		Allowed: "a JSON policy document", check: jsonDoc})
	add(&Rule{ID: "iam.role.trust-policy-chars", Targets: on(tRole, "assumeRolePolicy"), Code: "ValidationError", Source: srcCreateRole,
		Allowed: "1-131072 characters of tab, line feed, carriage return and U+0020-U+00FF", check: chars(1, 131072, policyChars)})
	add(&Rule{ID: "iam.role.trust-policy-size", Targets: on(tRole, "assumeRolePolicy"), Code: "LimitExceeded", Source: srcIAMQuotas,
		Allowed: "a role trust policy of at most 2,048 characters, white space not counted", check: func(v resource.PropertyValue, _ site) string {
			if n := nonSpace(Str(v)); n > 2048 {
				return fmt.Sprintf("is %d characters without white space, more than 2048", n)
			}
			return ""
		}})
	add(&Rule{ID: "iam.instance-profile.name", Targets: named(tProfile, "name"), Code: "ValidationError", Source: srcCreateInstanceProfile,
		Allowed: "1-128 characters of a-zA-Z0-9 _+=,.@-", check: chars(1, 128, iamNameChars)})
	add(&Rule{ID: "iam.instance-profile.path", Targets: on(tProfile, "path"), Code: "ValidationError", Source: srcCreateInstanceProfile,
		Allowed: "/ or a string of ! to ~ that begins and ends with /, up to 512 characters", check: iamPath})
	add(&Rule{ID: "iam.role-policy.name", Targets: named(tRolePolicy, "name"), Code: "ValidationError", Source: srcPutRolePolicy,
		Allowed: "1-128 characters of a-zA-Z0-9 _+=,.@-", check: chars(1, 128, iamNameChars)})
	add(&Rule{ID: "iam.role-policy.json", Targets: on(tRolePolicy, "policy"), Code: "MalformedPolicyDocument", Source: srcPutRolePolicy,
		Allowed: "a JSON policy document", check: jsonDoc})
	add(&Rule{ID: "iam.role-policy.chars", Targets: on(tRolePolicy, "policy"), Code: "ValidationError", Source: srcPutRolePolicy,
		Allowed: "1-131072 characters of tab, line feed, carriage return and U+0020-U+00FF", check: chars(1, 131072, policyChars)})
	add(&Rule{ID: "iam.role-policy.aggregate-size", Targets: whole(tRolePolicy), Code: "LimitExceeded", Source: srcIAMQuotas,
		Allowed: "inline policies of one role together at most 10,240 characters, white space not counted"}).resource = rolePolicyAggregateRule
	add(&Rule{ID: "iam.role-policy-attachment.policy-arn", Targets: on(tPolicyAttach, "policyArn"), Code: "ValidationError", Source: srcAttachRolePolicy,
		Allowed: "an ARN of 20 to 2048 characters", check: chars(20, 2048, nil)})

	// --- S3 -----------------------------------------------------------
	add(&Rule{ID: "s3.bucket.name", Targets: named(tBucket, "bucket"), Code: "InvalidBucketName", Source: srcBucketNaming,
		Allowed: "3-63 lowercase letters, numbers, dots and hyphens, beginning and ending with a letter or number, no .., not an IP address, no reserved prefix or suffix",
		check:   bucketName})
	add(&Rule{ID: "s3.ownership.object-ownership", Targets: on(tBucketOwner, "rule.objectOwnership"), Code: "MalformedXML", Source: srcOwnershipControls,
		Allowed: "BucketOwnerPreferred, ObjectWriter or BucketOwnerEnforced", check: enum("BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced")})
	add(&Rule{ID: "s3.encryption.sse-algorithm", Targets: on(tBucketSSE, "rules[].applyServerSideEncryptionByDefault.sseAlgorithm"), Code: "MalformedXML",
		Source: srcSSEByDefault, Allowed: "AES256, aws:fsx, aws:backup, aws:kms or aws:kms:dsse", check: enum("AES256", "aws:fsx", "aws:backup", "aws:kms", "aws:kms:dsse")})
	add(&Rule{ID: "s3.bucket-policy.json", Targets: on(tBucketPolicy, "policy"), Code: "MalformedPolicy", Source: srcS3Errors,
		Allowed: "a JSON policy document", check: jsonDoc})

	// --- CloudWatch Logs ----------------------------------------------
	add(&Rule{ID: "logs.group.name", Targets: named(tLogGroup, "name"), Code: "InvalidParameterException", Source: srcCreateLogGroup,
		Allowed: "1-512 characters of a-zA-Z0-9 . - _ / #", check: chars(1, 512, logGroupChars)})
	add(&Rule{ID: "logs.group.retention", Targets: on(tLogGroup, "retentionInDays"), Code: "InvalidParameterException", Source: srcPutRetentionPolicy,
		Allowed: "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days",
		check:   enum("1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180", "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653")})
	add(&Rule{ID: "logs.group.class", Targets: on(tLogGroup, "logGroupClass"), Code: "InvalidParameterException", Source: srcCreateLogGroup,
		Allowed: "STANDARD, INFREQUENT_ACCESS or DELIVERY", check: enum("STANDARD", "INFREQUENT_ACCESS", "DELIVERY")})

	// --- Names that must be unique ------------------------------------
	for _, u := range UniqueNames {
		add(&Rule{ID: u.ID, Targets: whole(u.Types), Code: u.Code, Source: u.Source, Allowed: u.Allowed}).resource = u.check
	}

	// --- Tags, per service ---------------------------------------------
	for _, ts := range TagServices {
		for _, r := range ts.rules() {
			add(r)
		}
	}
	return rs
}

func cidrSize(lo, hi int) func(resource.PropertyValue, site) string {
	return func(v resource.PropertyValue, _ site) string {
		p, err := netip.ParsePrefix(Str(v))
		if err != nil {
			return "is not a CIDR block"
		}
		if p.Bits() < lo || p.Bits() > hi {
			return fmt.Sprintf("is a /%d", p.Bits())
		}
		return ""
	}
}

func elbName(lb bool) func(resource.PropertyValue, site) string {
	return func(v resource.PropertyValue, at site) string {
		if why := chars(1, 32, elbNameChars)(v, at); why != "" {
			return why
		}
		s := v.StringValue()
		switch {
		case strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-"):
			return "begins or ends with a hyphen"
		case lb && strings.HasPrefix(s, "internal-"):
			return "begins with internal-"
		}
		return ""
	}
}

func iamPath(v resource.PropertyValue, at site) string {
	if why := chars(1, 512, func(c rune) bool { return c >= 0x21 && c <= 0x7E })(v, at); why != "" {
		return why
	}
	if s := v.StringValue(); !strings.HasPrefix(s, "/") || !strings.HasSuffix(s, "/") {
		return "does not begin and end with /"
	}
	return ""
}

func bucketName(v resource.PropertyValue, at site) string {
	if why := chars(3, 63, set(".-", lower...))(v, at); why != "" {
		return why
	}
	s := v.StringValue()
	first, last := s[0], s[len(s)-1]
	isAlnum := func(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') }
	if _, err := netip.ParseAddr(s); err == nil {
		return "is formatted as an IP address"
	}
	switch {
	case !isAlnum(first) || !isAlnum(last):
		return "does not begin and end with a letter or number"
	case strings.Contains(s, ".."):
		return "contains two adjacent periods"
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(s, p) {
			return "starts with the reserved prefix " + p
		}
	}
	for _, sfx := range []string{"-s3alias", "--ol-s3", ".mrap"} {
		if strings.HasSuffix(s, sfx) {
			return "ends with the reserved suffix " + sfx
		}
	}
	return ""
}

// --- whole-resource rules ------------------------------------------------

func endpointServiceRule(e Service, r *Resource) []Refusal {
	rule := RuleByID("ec2.vpce.service-name")
	service, typ := r.Str("serviceName"), r.Str("vpcEndpointType")
	if service == "" {
		return nil
	}
	if typ != "Gateway" && typ != "Interface" {
		return nil // the simulation answers for these two types only
	}
	if _, err := e.EndpointService(service, typ); err != nil {
		return []Refusal{refuse(rule, r, "serviceName", strconv.Quote(service), err.Error())}
	}
	return nil
}

func endpointSubnetsRule(e Env, r *Resource) []Refusal {
	if i, sid, az, other := sharedAZ(e, r.Strs("subnetIds")); sid != "" {
		return []Refusal{refuse(RuleByID("ec2.vpce.subnets-one-per-az"), r, fmt.Sprintf("subnetIds[%d]", i), strconv.Quote(sid),
			fmt.Sprintf("is in %s like %s; found another VPC endpoint subnet in the availability zone", az, other))}
	}
	return nil
}

// sharedAZ finds the first subnet in the same availability zone as an
// earlier one of the list: its index, ID and AZ, and the earlier subnet.
func sharedAZ(e Env, subnetIDs []string) (i int, sid, az, other string) {
	seen := map[string]string{}
	for i, sid := range subnetIDs {
		sn := e.Lookup(sid)
		if sn == nil {
			continue
		}
		az := sn.Str("availabilityZone")
		if other, dup := seen[az]; dup {
			return i, sid, az, other
		}
		seen[az] = sid
	}
	return 0, "", "", ""
}

func endpointAZRule(e Env, r *Resource) []Refusal {
	if r.Str("vpcEndpointType") != "Interface" {
		return nil
	}
	svc, err := e.EndpointService(r.Str("serviceName"), "Interface")
	if err != nil {
		return nil // the service-name rule refuses it
	}
	for i, sid := range r.Strs("subnetIds") {
		sn := e.Lookup(sid)
		if sn == nil {
			continue
		}
		if az := sn.Str("availabilityZone"); !slices.Contains(svc.AZs, az) {
			return []Refusal{refuse(RuleByID("ec2.vpce.service-availability-zone"), r, fmt.Sprintf("subnetIds[%d]", i), strconv.Quote(sid),
				fmt.Sprintf("the VPC endpoint service %s does not support the availability zone %s of the subnet", svc.Name, az))}
		}
	}
	return nil
}

func privateDNS(r *Resource) bool {
	v := unsecret(r.Input("privateDnsEnabled"))
	return v.IsBool() && v.BoolValue()
}

func endpointDNSAttributesRule(e Env, r *Resource) []Refusal {
	if r.Str("vpcEndpointType") != "Interface" || !privateDNS(r) {
		return nil
	}
	vpc := e.Lookup(r.Str("vpcId"))
	if vpc == nil {
		return nil
	}
	// enableDnsSupport defaults to true, enableDnsHostnames to false (non-default VPCs).
	support, hostnames := vpc.Str("enableDnsSupport") != "false", vpc.Str("enableDnsHostnames") == "true"
	if support && hostnames {
		return nil
	}
	return []Refusal{refuse(RuleByID("ec2.vpce.private-dns-vpc-attributes"), r, "privateDnsEnabled", "true",
		fmt.Sprintf("VPC %s has enableDnsSupport %v and enableDnsHostnames %v", vpc.Name, support, hostnames))}
}

func endpointDNSNameRule(e Service, r *Resource) []Refusal {
	if r.Str("vpcEndpointType") != "Interface" || !privateDNS(r) {
		return nil
	}
	svc, err := e.EndpointService(r.Str("serviceName"), "Interface")
	if err != nil || svc.PrivateDNS != "" {
		return nil
	}
	return []Refusal{refuse(RuleByID("ec2.vpce.private-dns-name"), r, "privateDnsEnabled", "true",
		fmt.Sprintf("the service %s has no private DNS name", svc.Name))}
}

func endpointPolicySupportRule(e Service, r *Resource) []Refusal {
	if r.Str("vpcEndpointType") != "Interface" || r.Str("policy") == "" {
		return nil
	}
	svc, err := e.EndpointService(r.Str("serviceName"), "Interface")
	if err != nil || svc.PolicySupported {
		return nil
	}
	return []Refusal{refuse(RuleByID("ec2.vpce.policy-supported"), r, "policy", render(r.Input("policy")),
		fmt.Sprintf("the service %s only supports the full-access endpoint policy (VpcEndpointPolicySupported is false)", svc.Name))}
}

// InboundResolverGatewayRule is the rule that an S3 or DynamoDB interface
// endpoint with private DNS only for inbound resolver endpoints needs a
// gateway endpoint of the service in its VPC.
const InboundResolverGatewayRule = "ec2.vpce.private-dns-inbound-resolver-gateway"

// NeedsGatewayEndpoint says whether an interface endpoint to a service that
// also has a gateway endpoint service needs a gateway endpoint of the
// service in its VPC (InboundResolverGatewayRule): with private DNS on,
// unless privateDnsOnlyForInboundResolverEndpoint is false (nil: AWS's
// default, true). Components call it to refuse before registering.
func NeedsGatewayEndpoint(privateDNS bool, onlyInbound *bool) bool {
	return privateDNS && (onlyInbound == nil || *onlyInbound)
}

// onlyInbound reads dnsOptions.privateDnsOnlyForInboundResolverEndpoint
// (nil when absent).
func onlyInbound(r *Resource) *bool {
	v := unsecret(r.Object("dnsOptions")["privateDnsOnlyForInboundResolverEndpoint"])
	if !v.IsBool() {
		return nil
	}
	b := v.BoolValue()
	return &b
}

// hasGatewayService reports whether the interface endpoint's service also
// has a gateway endpoint service (S3, DynamoDB).
func hasGatewayService(e Service, r *Resource) bool {
	_, err := e.EndpointService(r.Str("serviceName"), "Gateway")
	return err == nil
}

func inboundResolverGatewayRule(e Env, r *Resource) []Refusal {
	if r.Str("vpcEndpointType") != "Interface" || !NeedsGatewayEndpoint(privateDNS(r), onlyInbound(r)) || !hasGatewayService(e, r) {
		return nil
	}
	for _, other := range e.Live() {
		if !same(other, r) && slices.Contains(tEndpoint, other.Type) && other.Str("vpcEndpointType") == "Gateway" &&
			other.Str("serviceName") == r.Str("serviceName") && other.Str("vpcId") == r.Str("vpcId") {
			return nil
		}
	}
	vpc := r.Str("vpcId")
	if v := e.Lookup(vpc); v != nil {
		vpc = v.Name + " (" + vpc + ")"
	}
	return []Refusal{refuse(RuleByID(InboundResolverGatewayRule), r, "dnsOptions.privateDnsOnlyForInboundResolverEndpoint", "true (the default with private DNS)",
		fmt.Sprintf("To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC %s must have a Gateway endpoint for the service (create the %s gateway endpoint first, or set it false)", vpc, r.Str("serviceName")))}
}

func instanceTypeOfferedRule(e Env, r *Resource) []Refusal {
	typ, sn := r.Str("instanceType"), e.Lookup(r.Str("subnetId"))
	if typ == "" || sn == nil {
		return nil
	}
	az := sn.Str("availabilityZone")
	if slices.Contains(e.InstanceTypes(az), typ) {
		return nil
	}
	var elsewhere []string
	for _, other := range e.RegionInfo().AZs {
		if slices.Contains(e.InstanceTypes(other), typ) {
			elsewhere = append(elsewhere, other)
		}
	}
	retry := "no availability zone of the region offers it"
	if len(elsewhere) > 0 {
		retry = "Please retry your request by not specifying an Availability Zone or choosing " + strings.Join(elsewhere, ", ")
	}
	return []Refusal{refuse(RuleByID("ec2.instance.type-offered"), r, "instanceType", strconv.Quote(typ),
		fmt.Sprintf("Your requested instance type (%s) is not supported in your requested Availability Zone (%s). %s", typ, az, retry))}
}

func lbSubnetsRule(e Env, r *Resource) []Refusal {
	if i, sid, az, other := sharedAZ(e, r.Strs("subnets")); sid != "" {
		return []Refusal{refuse(RuleByID("elb.lb.subnets-one-per-az"), r, fmt.Sprintf("subnets[%d]", i), strconv.Quote(sid),
			fmt.Sprintf("is in %s like %s", az, other))}
	}
	return nil
}

func rolePolicyAggregateRule(e Env, r *Resource) []Refusal {
	role := r.Str("role")
	if role == "" {
		return nil
	}
	total := nonSpace(r.Str("policy"))
	for _, other := range e.Live() {
		if !same(other, r) && slices.Contains(tRolePolicy, other.Type) && other.Str("role") == role {
			total += nonSpace(other.Str("policy"))
		}
	}
	if total <= 10240 {
		return nil
	}
	return []Refusal{refuse(RuleByID("iam.role-policy.aggregate-size"), r, "policy", render(r.Input("policy")),
		fmt.Sprintf("the inline policies of role %s would be %d characters without white space, more than 10240", role, total))}
}

// --- unique names ----------------------------------------------------------

// UniqueName is a name AWS keeps unique within a scope.
type UniqueName struct {
	ID, Code, Source, Allowed string
	Types                     []string
	Path                      string // the input that holds the name
	Caseless                  bool   // names that differ only in case collide
	Scope                     func(r *Resource) string
}

// UniqueNames are the names the rule table keeps unique.
var UniqueNames = []UniqueName{
	{ID: "ec2.sg.name-unique", Code: "InvalidGroup.Duplicate", Source: srcEC2Errors, Types: tSG, Path: "name", Caseless: true,
		Allowed: "a security group name not used by another group of the same VPC (names are case-insensitive)",
		Scope:   func(r *Resource) string { return "VPC " + r.Str("vpcId") }},
	{ID: "ec2.placement-group.name-unique", Code: "InvalidPlacementGroup.Duplicate", Source: srcEC2Errors, Types: tPlacement, Path: "name",
		Allowed: "a placement group name not used in this account and region", Scope: accountRegion},
	{ID: "elb.lb.name-unique", Code: "DuplicateLoadBalancerName", Source: srcCreateLoadBalancer, Types: tLB, Path: "name",
		Allowed: "a load balancer name unique per region per account", Scope: accountRegion},
	{ID: "elb.tg.name-unique", Code: "DuplicateTargetGroupName", Source: srcCreateTargetGroup, Types: tTargetGroup, Path: "name",
		Allowed: "a target group name unique per region per account", Scope: accountRegion},
	{ID: "iam.role.name-unique", Code: "EntityAlreadyExists", Source: srcCreateRole, Types: tRole, Path: "name", Caseless: true,
		Allowed: "a role name unique within the account (names are not distinguished by case)", Scope: account},
	{ID: "iam.instance-profile.name-unique", Code: "EntityAlreadyExists", Source: srcIAMQuotas, Types: tProfile, Path: "name", Caseless: true,
		Allowed: "an instance profile name unique within the account (names are not distinguished by case)", Scope: account},
	{ID: "s3.bucket.name-unique", Code: "BucketAlreadyExists", Source: srcBucketNaming, Types: tBucket, Path: "bucket",
		Allowed: "a bucket name unique across all accounts in the partition", Scope: func(*Resource) string { return "the partition" }},
	{ID: "logs.group.name-unique", Code: "ResourceAlreadyExistsException", Source: srcCreateLogGroup, Types: tLogGroup, Path: "name",
		Allowed: "a log group name unique per account and region", Scope: accountRegion},
}

func account(*Resource) string       { return "the account" }
func accountRegion(*Resource) string { return "the account and region" }

// check refuses a name that another resource in the same scope has.
func (u UniqueName) check(e Env, r *Resource) []Refusal {
	fs := find(e, r, Target{Type: r.Type, Path: u.Path, Autoname: true})
	if len(fs) != 1 || !known(fs[0].value) || !fs[0].value.IsString() {
		return nil
	}
	name, scope := fs[0].value.StringValue(), u.Scope(r)
	for _, other := range e.Live() {
		if same(other, r) || !slices.Contains(u.Types, other.Type) || u.Scope(other) != scope {
			continue
		}
		if theirs := u.nameOf(other); theirs == name || (u.Caseless && strings.EqualFold(theirs, name)) {
			return []Refusal{refuse(RuleByID(u.ID), r, fs[0].path, strconv.Quote(name), fmt.Sprintf("already used by %s %s (%s)", other.Type, other.Name, scope))}
		}
	}
	return nil
}

// nameOf is the name a resource that exists has: the one AWS reports, else
// the one it was given.
func (u UniqueName) nameOf(r *Resource) string {
	if n := r.Out(u.Path); n != "" {
		return n
	}
	return r.Str(u.Path)
}

// same reports whether other is the resource r itself, or the resource r
// updates: a resource does not collide with itself.
func same(other, r *Resource) bool { return other == r || (r.ID != "" && other.ID == r.ID) }

// --- tags ----------------------------------------------------------------

// TagService is one service's rules for tags.
type TagService struct {
	Name      string // EC2, IAM, S3, ELB, CloudWatch Logs
	ID        string // rule ID prefix
	Types     []string
	Paths     []string // the tag maps: "tags", and "volumeTags" for instances
	KeyMax    int
	ValueMax  int
	Chars     func(rune) bool // nil: any character
	KeyCode   string          // code for a bad key or value
	Reserved  string          // code for the aws: prefix ("" = not documented)
	ReservedV bool            // the prefix is reserved in values too
	MaxTags   int
	CountCode string
	Source    string // key and value rules
	CountSrc  string // the per-resource limit
	PrefixSrc string // the aws: rule
}

// TagServices are the tag rules of the services vpclab tags resources in.
var TagServices = []TagService{
	{Name: "EC2", ID: "ec2.tag", Types: ec2TaggedTypes, Paths: []string{"tags", "volumeTags"}, KeyMax: 127, ValueMax: 256,
		KeyCode: "InvalidParameterValue", Reserved: "InvalidTagKey.Malformed", MaxTags: 50, CountCode: "TagLimitExceeded",
		Source: srcEC2Tag, CountSrc: srcCreateTags, PrefixSrc: srcEC2Errors},
	{Name: "IAM", ID: "iam.tag", Types: cat(tRole, tProfile), Paths: []string{"tags"}, KeyMax: 128, ValueMax: 256, Chars: tagChar,
		KeyCode: "ValidationError", Reserved: "InvalidInput", ReservedV: true, MaxTags: 50, CountCode: "ValidationError",
		Source: srcIAMTag, CountSrc: srcCreateRole, PrefixSrc: srcIAMTagRules},
	{Name: "S3", ID: "s3.tag", Types: tBucket, Paths: []string{"tags"}, KeyMax: 128, ValueMax: 256, Chars: tagChar,
		KeyCode: "InvalidTag", Reserved: "InvalidTag", MaxTags: 50, CountCode: "InvalidTag",
		Source: srcS3Tag, CountSrc: srcS3TagSet, PrefixSrc: srcS3Tag},
	{Name: "ELB", ID: "elb.tag", Types: cat(tLB, tTargetGroup, tListener), Paths: []string{"tags"}, KeyMax: 128, ValueMax: 256, Chars: tagChar,
		KeyCode: "ValidationError", Reserved: "ValidationError", ReservedV: true, MaxTags: 50, CountCode: "TooManyTags",
		Source: srcELBTag, CountSrc: srcELBTagLimits, PrefixSrc: srcELBTagLimits},
	{Name: "CloudWatch Logs", ID: "logs.tag", Types: tLogGroup, Paths: []string{"tags"}, KeyMax: 128, ValueMax: 256, Chars: tagChar,
		KeyCode: "InvalidParameterException", MaxTags: 50, CountCode: "InvalidParameterException",
		Source: srcCreateLogGroup, CountSrc: srcCreateLogGroup},
}

func (ts TagService) charsAllowed() string {
	if ts.Chars == nil {
		return "any characters"
	}
	return tagAllowed
}

// rules turns a service's tag limits into rules of the table.
func (ts TagService) rules() []*Rule {
	var keyTargets, valueTargets []Target
	for _, p := range ts.Paths {
		keyTargets = append(keyTargets, on(ts.Types, p+"{key}")...)
		valueTargets = append(valueTargets, on(ts.Types, p+"{}")...)
	}
	out := []*Rule{
		{ID: ts.ID + ".key", Targets: keyTargets, Code: ts.KeyCode, Source: ts.Source,
			Allowed: fmt.Sprintf("tag keys of 1-%d %s", ts.KeyMax, ts.charsAllowed()), check: chars(1, ts.KeyMax, ts.Chars)},
		{ID: ts.ID + ".value", Targets: valueTargets, Code: ts.KeyCode, Source: ts.Source,
			Allowed: fmt.Sprintf("tag values of 0-%d %s", ts.ValueMax, ts.charsAllowed()), check: chars(0, ts.ValueMax, ts.Chars)},
	}
	if ts.Reserved != "" {
		targets, what := keyTargets, "keys"
		if ts.ReservedV {
			targets, what = append(append([]Target{}, keyTargets...), valueTargets...), "keys and values"
		}
		out = append(out, &Rule{ID: ts.ID + ".reserved-prefix", Targets: targets, Code: ts.Reserved, Source: ts.PrefixSrc,
			Allowed: "tag " + what + " not beginning with aws: (reserved for AWS)", check: func(v resource.PropertyValue, _ site) string {
				if strings.HasPrefix(strings.ToLower(Str(v)), "aws:") {
					return "begins with aws:"
				}
				return ""
			}})
	}
	count := &Rule{ID: ts.ID + ".count", Targets: whole(ts.Types), Code: ts.CountCode, Source: ts.CountSrc,
		Allowed: fmt.Sprintf("at most %d tags per resource", ts.MaxTags)}
	count.request = func(_ Service, r *Resource) []Refusal {
		var out []Refusal
		for _, p := range ts.Paths {
			if n := len(mapValue(r.Input(p))); n > ts.MaxTags {
				out = append(out, refuse(count, r, p, fmt.Sprintf("(%d tags)", n), fmt.Sprintf("has %d tags, more than %d", n, ts.MaxTags)))
			}
		}
		return out
	}
	return append(out, count)
}

// CheckTag judges one tag against the tag rules of every service vpclab
// tags resources in, so a value that can land anywhere (an exception
// reason, a user tag) is valid everywhere. It returns nil or an error
// naming the service, the rule and its source.
func CheckTag(key, value string) error {
	type part struct{ suffix, what, v string }
	for _, ts := range TagServices {
		parts := []part{{".key", "key", key}, {".value", "value", value}, {".reserved-prefix", "key", key}}
		if ts.ReservedV {
			parts = append(parts, part{".reserved-prefix", "value", value})
		}
		for _, p := range parts {
			r := RuleByID(ts.ID + p.suffix)
			if r == nil {
				continue // the service documents no such rule
			}
			if why := r.Judge(p.v); why != "" {
				return fmt.Errorf("%s refuses the tag %s %q: %s (%s: %s) [%s %s]", ts.Name, p.what, p.v, why, r.Code, r.Allowed, r.ID, r.Source)
			}
		}
	}
	return nil
}

// CheckText judges a string against one value rule of the table (for
// example "ec2.sg.description"), for callers that validate before they
// register. It returns nil or an error naming the rule and its source.
func CheckText(ruleID, value string) error {
	r := RuleByID(ruleID)
	if r == nil {
		return fmt.Errorf("sim: no AWS input rule %q", ruleID)
	}
	if why := r.Judge(value); why != "" {
		return fmt.Errorf("%s: %s (%s: %s) [%s %s]", strconv.Quote(value), why, r.Code, r.Allowed, r.ID, r.Source)
	}
	return nil
}
