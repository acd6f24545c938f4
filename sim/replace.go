package sim

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// ReplaceRule is one input whose change makes the provider delete the
// resource and create a new one instead of updating it in place.
type ReplaceRule struct {
	// Path is the input, in Pulumi's spelling (nested fields dotted:
	// rootBlockDevice.encrypted).
	Path string
	// When, if set, limits the rule to the old and new inputs it returns
	// true for (the provider's CustomizeDiff); nil: every change replaces.
	When func(old, new resource.PropertyMap) bool
	// Note says the condition in words.
	Note string
}

// TypeReplacements are the replace-forcing inputs of one resource type.
type TypeReplacements struct {
	// Resource is the Terraform resource pulumi-aws bridges.
	Resource string
	// Source is the provider schema that marks the inputs ForceNew (or
	// RequiresReplace, or ForceNew in its CustomizeDiff).
	Source string
	Rules  []ReplaceRule
}

func tfSource(commit, path string) string {
	return "https://github.com/hashicorp/terraform-provider-aws/blob/" + commit + "/" + path
}

func always(paths ...string) []ReplaceRule {
	out := make([]ReplaceRule, len(paths))
	for i, p := range paths {
		out[i] = ReplaceRule{Path: p}
	}
	return out
}

// Replacements are, per resource type vpclab registers, the inputs whose
// change replaces the resource. pulumi-aws bridges the Terraform AWS provider,
// whose schema marks them ForceNew; each entry names the provider file (and
// the commit read) that says so. A type missing here is reported as unknown
// by Diff rather than guessed.
var Replacements = map[string]TypeReplacements{
	"aws:ec2/vpc:Vpc": {"aws_vpc", tfSource("00081ce41cc691433ac19bf42227cdabffd0454d", "internal/service/ec2/vpc_.go"),
		always("cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength")},
	"aws:ec2/subnet:Subnet": {"aws_subnet", tfSource("00cda125a19d31754cb0d073cf551264c57955cb", "internal/service/ec2/vpc_subnet.go"),
		always("availabilityZone", "availabilityZoneId", "cidrBlock", "vpcId", "ipv4IpamPoolId", "ipv4NetmaskLength",
			"ipv6IpamPoolId", "ipv6Native", "ipv6NetmaskLength", "outpostArn")},
	// vpc_id attaches and detaches in place.
	"aws:ec2/internetGateway:InternetGateway": {"aws_internet_gateway", tfSource("08923b68b5ad6fcfdd38362fb5247e39a9b07add", "internal/service/ec2/vpc_internet_gateway.go"), nil},
	"aws:ec2/routeTable:RouteTable": {"aws_route_table", tfSource("022092419b7cda11527df3c6b51cbfe1876c1722", "internal/service/ec2/vpc_route_table.go"),
		always("vpcId")},
	// A route's target (gatewayId, natGatewayId, ...) changes with ReplaceRoute.
	"aws:ec2/route:Route": {"aws_route", tfSource("0128541e0711766f28540143a9d73738aced60aa", "internal/service/ec2/vpc_route.go"),
		always("routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId")},
	// route_table_id changes with ReplaceRouteTableAssociation.
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {"aws_route_table_association", tfSource("0be71beb458ad8875e0acc5c91519c0ceeb214aa", "internal/service/ec2/vpc_route_table_association.go"),
		always("subnetId", "gatewayId")},
	"aws:ec2/eip:Eip": {"aws_eip", tfSource("01606926a0c0ab9174aec440f976a48b0baee722", "internal/service/ec2/ec2_eip.go"),
		always("address", "domain", "ipamPoolId", "networkBorderGroup", "publicIpv4Pool")},
	"aws:ec2/natGateway:NatGateway": {"aws_nat_gateway", tfSource("04088eaa54948421bf1ef7494ae2b2c01d9243e3", "internal/service/ec2/vpc_nat_gateway.go"),
		always("allocationId", "connectivityType", "privateIp", "secondaryPrivateIpAddressCount", "subnetId")},
	"aws:ec2/securityGroup:SecurityGroup": {"aws_security_group", tfSource("01606926a0c0ab9174aec440f976a48b0baee722", "internal/service/ec2/vpc_security_group.go"),
		always("description", "name", "namePrefix", "vpcId")},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {"aws_default_security_group", tfSource("01f431114674c27cf790fafb67ac274bf8f765e1", "internal/service/ec2/vpc_default_security_group.go"),
		always("vpcId")},
	// Every argument but the description replaces the older rule resource.
	"aws:ec2/securityGroupRule:SecurityGroupRule": {"aws_security_group_rule", tfSource("main", "internal/service/ec2/vpc_security_group_rule.go"),
		always("type", "fromPort", "toPort", "protocol", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "securityGroupId", "sourceSecurityGroupId", "self")},
	// Ports, protocol and description change with ModifySecurityGroupRules;
	// the peer's kind cannot (ModifyPlan: "you cannot change the rule's source type").
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {"aws_vpc_security_group_ingress_rule",
		tfSource("00a322094b4b9ade8a81b244345dbcf4b52ee8d6", "internal/service/ec2/vpc_security_group_ingress_rule.go"), ruleReplacements},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {"aws_vpc_security_group_egress_rule (the ingress rule's schema)",
		tfSource("050ac11163cab8cdae5936a7f40b0e528ff780df", "internal/service/ec2/vpc_security_group_egress_rule.go"), ruleReplacements},
	"aws:ec2/instance:Instance": {"aws_instance", tfSource("0015dfcd06d5d78e5e1c3cabe8cea837d379d1c7", "internal/service/ec2/ec2_instance.go"),
		append(always("ami", "associatePublicIpAddress", "availabilityZone", "keyName", "placementGroup", "placementPartitionNumber",
			"privateIp", "subnetId", "tenancy", "securityGroups", "hibernation", "hostId", "ebsOptimized", "launchTemplate",
			"ipv6AddressCount", "ipv6Addresses", "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId"),
			ReplaceRule{Path: "userData", When: func(_, n resource.PropertyMap) bool { return boolAt(n, "userDataReplaceOnChange") },
				Note: "with userDataReplaceOnChange"})},
	"aws:ec2/vpcEndpoint:VpcEndpoint": {"aws_vpc_endpoint", tfSource("008db85aad5e56627b1eecab8830464a282552ed", "internal/service/ec2/vpc_endpoint.go"),
		append(always("serviceName", "vpcEndpointType", "vpcId", "serviceRegion", "resourceConfigurationArn", "serviceNetworkArn",
			"dnsOptions.privateDnsPreference", "dnsOptions.privateDnsSpecifiedDomains"),
			ReplaceRule{Path: "privateDnsEnabled", When: func(_, n resource.PropertyMap) bool { return Str(n["vpcEndpointType"]) != "Interface" },
				Note: "on a gateway endpoint"})},
	"aws:ec2/vpcEndpointService:VpcEndpointService": {"aws_vpc_endpoint_service", tfSource("01606926a0c0ab9174aec440f976a48b0baee722", "internal/service/ec2/vpc_endpoint_service.go"), nil},
	"aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": {"aws_vpc_endpoint_connection_accepter",
		tfSource("0620f2a6a126dfcbc4aecbc9a117b0fbea1656ff", "internal/service/ec2/vpc_endpoint_connection_accepter.go"),
		always("vpcEndpointId", "vpcEndpointServiceId")},
	"aws:ec2/placementGroup:PlacementGroup": {"aws_placement_group", tfSource("05e34de7342261989674cfe1f047c25bb4c80db8", "internal/service/ec2/ec2_placement_group.go"),
		always("name", "partitionCount", "spreadLevel", "strategy")},
	// A flow log updates its tags only.
	"aws:ec2/flowLog:FlowLog": {"aws_flow_log", tfSource("00a35305dc1b297a6fcdecdfbba33f1e63c3da39", "internal/service/ec2/vpc_flow_log.go"),
		always("deliverCrossAccountRole", "destinationOptions", "eniId", "iamRoleArn", "logDestination", "logDestinationType", "logFormat",
			"maxAggregationInterval", "regionalNatGatewayId", "subnetId", "trafficType", "transitGatewayAttachmentId", "transitGatewayId", "vpcId")},
	"aws:cloudwatch/logGroup:LogGroup": {"aws_cloudwatch_log_group", tfSource("0073593e7d6993ba482409f4dc35438daaa79bb3", "internal/service/logs/group.go"),
		always("logGroupClass", "name", "namePrefix")},
	"aws:iam/role:Role": {"aws_iam_role", tfSource("0040ea6911af00bea2cca6dbb14e86829826ad8e", "internal/service/iam/role.go"),
		always("name", "namePrefix", "path")},
	"aws:iam/instanceProfile:InstanceProfile": {"aws_iam_instance_profile", tfSource("013f1736b90439e5a19567a87d3e5cd11858c420", "internal/service/iam/instance_profile.go"),
		always("name", "namePrefix", "path")},
	"aws:iam/rolePolicy:RolePolicy": {"aws_iam_role_policy", tfSource("02f97af85f89a04e8ed89f5e8b64a9a67f3cfe07", "internal/service/iam/role_policy.go"),
		always("name", "namePrefix", "role")},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {"aws_iam_role_policy_attachment", tfSource("04c79849dbe7fbe76c3054b364357bcdaade9ac5", "internal/service/iam/role_policy_attachment.go"),
		always("role", "policyArn")},
	"aws:lb/loadBalancer:LoadBalancer": {"aws_lb", tfSource("af55dfb90500e80afb9d9ba64a76024e500c948a", "internal/service/elbv2/load_balancer.go"),
		append(always("internal", "loadBalancerType", "name", "namePrefix", "customerOwnedIpv4Pool"),
			// customizeDiffLoadBalancerNLB: "In-place increase in number of subnets only."
			ReplaceRule{Path: "subnets", When: func(o, n resource.PropertyMap) bool {
				return Str(n["loadBalancerType"]) == "network" && len(listAt(n, "subnets")) <= len(listAt(o, "subnets"))
			}, Note: "on a network load balancer, unless subnets are only added"},
			// ... and security groups cannot be added to or removed from an NLB created without/with them.
			ReplaceRule{Path: "securityGroups", When: func(o, n resource.PropertyMap) bool {
				return Str(n["loadBalancerType"]) == "network" && (len(listAt(o, "securityGroups")) == 0) != (len(listAt(n, "securityGroups")) == 0)
			}, Note: "on a network load balancer, when it gains its first or loses its last security group"})},
	"aws:lb/targetGroup:TargetGroup": {"aws_lb_target_group", tfSource("013cfb4cddc9c44a28f34abad0c11768bcdb9b85", "internal/service/elbv2/target_group.go"),
		always("ipAddressType", "name", "namePrefix", "port", "protocol", "protocolVersion", "targetType", "vpcId")},
	"aws:lb/targetGroupAttachment:TargetGroupAttachment": {"aws_lb_target_group_attachment", tfSource("07e0d0b940f57c782f8fcc9ccfd8b19f59383b51", "internal/service/elbv2/target_group_attachment.go"),
		always("availabilityZone", "port", "targetGroupArn", "targetId")},
	// Port, protocol and actions change with ModifyListener.
	"aws:lb/listener:Listener": {"aws_lb_listener", tfSource("01c08000ddb14181b5bd19201d8fca311dc570e4", "internal/service/elbv2/listener.go"),
		always("loadBalancerArn")},
	"aws:s3/bucketV2:BucketV2": s3Bucket,
	"aws:s3/bucket:Bucket":     s3Bucket,
	"aws:s3/bucketPolicy:BucketPolicy": {"aws_s3_bucket_policy", tfSource("0073593e7d6993ba482409f4dc35438daaa79bb3", "internal/service/s3/bucket_policy.go"),
		always("bucket")},
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {"aws_s3_bucket_public_access_block", tfSource("01606926a0c0ab9174aec440f976a48b0baee722", "internal/service/s3/bucket_public_access_block.go"),
		always("bucket")},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls": {"aws_s3_bucket_ownership_controls", tfSource("01c08000ddb14181b5bd19201d8fca311dc570e4", "internal/service/s3/bucket_ownership_controls.go"),
		always("bucket")},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": s3Encryption,
	"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":     s3Encryption,
}

var (
	// Bucket names are global and fixed at creation; force_destroy is state only.
	s3Bucket = TypeReplacements{"aws_s3_bucket", tfSource("4c72bcc7dc2f5ace40ce61f2a90e12a62cf4ec9a", "internal/service/s3/bucket.go"),
		always("bucket", "bucketPrefix")}
	s3Encryption = TypeReplacements{"aws_s3_bucket_server_side_encryption_configuration",
		tfSource("01606926a0c0ab9174aec440f976a48b0baee722", "internal/service/s3/bucket_server_side_encryption_configuration.go"),
		always("bucket", "expectedBucketOwner")}
	ruleReplacements = append(always("securityGroupId"), peerKindRules()...)
)

// ruleSources are the mutually exclusive peers of a security group rule.
var ruleSources = []string{"cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"}

func peerKindRules() []ReplaceRule {
	out := make([]ReplaceRule, len(ruleSources))
	for i, k := range ruleSources {
		out[i] = ReplaceRule{Path: k, When: peerKindChanged, Note: "when the peer's kind changes (CIDR, prefix list or security group)"}
	}
	return out
}

func peerKindChanged(o, n resource.PropertyMap) bool {
	kind := func(m resource.PropertyMap) string {
		for _, k := range ruleSources {
			if Str(m[resource.PropertyKey(k)]) != "" {
				return k
			}
		}
		return ""
	}
	return kind(o) != kind(n)
}

func boolAt(m resource.PropertyMap, k string) bool {
	v := m[resource.PropertyKey(k)]
	return v.IsBool() && v.BoolValue()
}

func listAt(m resource.PropertyMap, k string) []resource.PropertyValue {
	if v := m[resource.PropertyKey(k)]; v.IsArray() {
		return v.ArrayValue()
	}
	return nil
}
