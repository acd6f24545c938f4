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

// tfCommit is the newest terraform-provider-aws read: main after v6.47.0
// (2026-06-02), as the Go module proxy serves it
// (v1.60.1-0.20260602190131-5f2286d6d836). pulumi-aws v7.41.0 (2026-08-07)
// bundles a later release whose commit was not reachable here.
const tfCommit = "5f2286d6d836"

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
	// resourceVPCCustomizeDiff: a tenancy change replaces the VPC, except
	// dedicated → default (ModifyVpcTenancy).
	"aws:ec2/vpc:Vpc": {"aws_vpc", tfSource(tfCommit, "internal/service/ec2/vpc_.go"),
		append(always("cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
			ReplaceRule{Path: "instanceTenancy", When: func(o, n resource.PropertyMap) bool {
				from, to := strOr(o, "instanceTenancy", "default"), strOr(n, "instanceTenancy", "default")
				return from != to && !(from == "dedicated" && to == "default")
			}, Note: "unless it goes from dedicated to default"})},
	// The CustomizeDiff's ForceNewIf: a subnet created with
	// assignIpv6AddressOnCreation cannot change its IPv6 block in place.
	"aws:ec2/subnet:Subnet": {"aws_subnet", tfSource(tfCommit, "internal/service/ec2/vpc_subnet.go"),
		append(always("availabilityZone", "availabilityZoneId", "cidrBlock", "vpcId", "ipv4IpamPoolId", "ipv4NetmaskLength",
			"ipv6IpamPoolId", "ipv6Native", "ipv6NetmaskLength", "outpostArn"),
			ReplaceRule{Path: "ipv6CidrBlock", When: func(o, _ resource.PropertyMap) bool { return boolAt(o, "assignIpv6AddressOnCreation") },
				Note: "when the subnet had assignIpv6AddressOnCreation"})},
	// vpc_id attaches and detaches in place.
	"aws:ec2/internetGateway:InternetGateway": {"aws_internet_gateway", tfSource("08923b68b5ad6fcfdd38362fb5247e39a9b07add", "internal/service/ec2/vpc_internet_gateway.go"), nil},
	"aws:ec2/routeTable:RouteTable": {"aws_route_table", tfSource(tfCommit, "internal/service/ec2/vpc_route_table.go"),
		always("vpcId")},
	// A route's target (gatewayId, natGatewayId, ...) changes with ReplaceRoute.
	"aws:ec2/route:Route": {"aws_route", tfSource(tfCommit, "internal/service/ec2/vpc_route.go"),
		always("routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId")},
	// route_table_id changes with ReplaceRouteTableAssociation.
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {"aws_route_table_association", tfSource(tfCommit, "internal/service/ec2/vpc_route_table_association.go"),
		always("subnetId", "gatewayId")},
	"aws:ec2/eip:Eip": {"aws_eip", tfSource("01606926a0c0ab9174aec440f976a48b0baee722", "internal/service/ec2/ec2_eip.go"),
		always("address", "domain", "ipamPoolId", "networkBorderGroup", "publicIpv4Pool")},
	// availabilityMode and vpcId came with regional NAT gateways;
	// resourceNATGatewayCustomizeDiff forces the rest.
	"aws:ec2/natGateway:NatGateway": {"aws_nat_gateway", tfSource(tfCommit, "internal/service/ec2/vpc_nat_gateway.go"),
		append(always("allocationId", "privateIp", "subnetId", "vpcId"),
			ReplaceRule{Path: "availabilityMode", When: changedFrom("availabilityMode", "zonal")},
			ReplaceRule{Path: "connectivityType", When: changedFrom("connectivityType", "public")},
			// validateRegionalNATGatewayAvailabilityZoneAddress: auto mode has
			// no addresses, manual mode lists them; AWS cannot switch a gateway.
			ReplaceRule{Path: "availabilityZoneAddresses", When: func(o, n resource.PropertyMap) bool {
				return Str(n["availabilityMode"]) == "regional" && (len(listAt(o, "availabilityZoneAddresses")) == 0) != (len(listAt(n, "availabilityZoneAddresses")) == 0)
			}, Note: "on a regional NAT gateway moving between auto mode (no availabilityZoneAddresses) and manual mode"},
			// ForceNew only for a private gateway, and only where the program sets it.
			ReplaceRule{Path: "secondaryPrivateIpAddressCount", When: func(_, n resource.PropertyMap) bool {
				return Str(n["connectivityType"]) == "private" && !n["secondaryPrivateIpAddressCount"].IsNull()
			}, Note: "on a private NAT gateway, where the program sets it"})},
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
	// ipv6AddressCount, cpuOptions.coreCount/threadsPerCore/nestedVirtualization
	// and privateDnsNameOptions change in place (ModifyInstanceCpuOptions,
	// ModifyPrivateDnsNameOptions: the block's ForceNew only counts the block,
	// which AWS always reports).
	"aws:ec2/instance:Instance": {"aws_instance", tfSource(tfCommit, "internal/service/ec2/ec2_instance.go"),
		append(always("ami", "associatePublicIpAddress", "availabilityZone", "keyName", "placementGroup", "placementGroupId", "placementPartitionNumber",
			"privateIp", "subnetId", "tenancy", "securityGroups", "hibernation", "hostId", "ebsOptimized", "launchTemplate", "instanceMarketOptions",
			"rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId", "primaryNetworkInterface.networkInterfaceId"),
			ReplaceRule{Path: "userData", When: func(_, n resource.PropertyMap) bool { return boolAt(n, "userDataReplaceOnChange") },
				Note: "with userDataReplaceOnChange"},
			// The ForceNewIf on instance_type: types that share no architecture
			// (DescribeInstanceTypes' SupportedArchitectures); others change in
			// place (the provider stops and starts the instance).
			ReplaceRule{Path: "instanceType", When: func(o, n resource.PropertyMap) bool {
				from, to := instanceArch(Str(o["instanceType"])), instanceArch(Str(n["instanceType"]))
				return from != "" && to != "" && from != to
			}, Note: "when the new type runs on another architecture (x86_64 and arm64)"},
			ReplaceRule{Path: "userDataBase64", When: func(_, n resource.PropertyMap) bool { return boolAt(n, "userDataReplaceOnChange") },
				Note: "with userDataReplaceOnChange"},
			ReplaceRule{Path: "ipv6Addresses", When: func(o, n resource.PropertyMap) bool {
				return o["ipv6AddressCount"].DeepEquals(n["ipv6AddressCount"])
			}, Note: "unless ipv6AddressCount changes with it"},
			ReplaceRule{Path: "enablePrimaryIpv6", When: func(o, n resource.PropertyMap) bool {
				return boolAt(o, "enablePrimaryIpv6") && !boolAt(n, "enablePrimaryIpv6")
			},
				Note: "when it is turned off"},
			// "disabled" is the same as unset (SuppressNewStringValueEquivalentToUnset).
			ReplaceRule{Path: "cpuOptions.amdSevSnp", When: func(o, n resource.PropertyMap) bool {
				norm := func(m resource.PropertyMap) string {
					if v := Str(objectAt(m, "cpuOptions")["amdSevSnp"]); v != "disabled" {
						return v
					}
					return ""
				}
				return norm(n) != "" && norm(o) != norm(n)
			}, Note: "when set"},
			// Every field of a device but its tags and volumeId is ForceNew.
			ReplaceRule{Path: "ebsBlockDevices", When: func(o, n resource.PropertyMap) bool {
				return setIn(n, "ebsBlockDevices") && !sameElements(listAt(o, "ebsBlockDevices"), listAt(n, "ebsBlockDevices"), "tags", "tagsAll", "volumeId")
			}, Note: "except device tags; where the program sets the devices"},
			// ForceNew on the set itself: the SDK applies it to the number of devices.
			ReplaceRule{Path: "ephemeralBlockDevices", When: func(o, n resource.PropertyMap) bool {
				return setIn(n, "ephemeralBlockDevices") && len(listAt(o, "ephemeralBlockDevices")) != len(listAt(n, "ephemeralBlockDevices"))
			}, Note: "when devices are added or removed"},
			ReplaceRule{Path: "enclaveOptions.enabled", When: func(_, n resource.PropertyMap) bool { return !objectAt(n, "enclaveOptions")["enabled"].IsNull() },
				Note: "where the program sets it"},
			ReplaceRule{Path: "networkInterfaces", When: func(o, n resource.PropertyMap) bool {
				return setIn(n, "networkInterfaces") && !sameElements(listAt(o, "networkInterfaces"), listAt(n, "networkInterfaces"))
			}, Note: "where the program sets them"})},
	"aws:ec2/vpcEndpoint:VpcEndpoint": {"aws_vpc_endpoint", tfSource(tfCommit, "internal/service/ec2/vpc_endpoint.go"),
		append(always("serviceName", "vpcEndpointType", "vpcId", "serviceRegion", "resourceConfigurationArn", "serviceNetworkArn",
			"dnsOptions.privateDnsPreference", "dnsOptions.privateDnsSpecifiedDomains"),
			ReplaceRule{Path: "privateDnsEnabled", When: func(_, n resource.PropertyMap) bool { return Str(n["vpcEndpointType"]) != "Interface" },
				Note: "on a gateway endpoint"})},
	"aws:ec2/vpcEndpointService:VpcEndpointService": {"aws_vpc_endpoint_service", tfSource("01606926a0c0ab9174aec440f976a48b0baee722", "internal/service/ec2/vpc_endpoint_service.go"), nil},
	"aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": {"aws_vpc_endpoint_connection_accepter",
		tfSource("0620f2a6a126dfcbc4aecbc9a117b0fbea1656ff", "internal/service/ec2/vpc_endpoint_connection_accepter.go"),
		always("vpcEndpointId", "vpcEndpointServiceId")},
	"aws:ec2/placementGroup:PlacementGroup": {"aws_placement_group", tfSource(tfCommit, "internal/service/ec2/ec2_placement_group.go"),
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
	"aws:lb/loadBalancer:LoadBalancer": {"aws_lb", tfSource(tfCommit, "internal/service/elbv2/load_balancer.go"),
		append(always("internal", "loadBalancerType", "name", "namePrefix", "customerOwnedIpv4Pool"),
			// customizeDiffLoadBalancerNLB: "In-place increase in number of subnets only."
			ReplaceRule{Path: "subnets", When: func(o, n resource.PropertyMap) bool {
				return Str(n["loadBalancerType"]) == "network" && len(listAt(n, "subnets")) <= len(listAt(o, "subnets"))
			}, Note: "on a network load balancer, unless subnets are only added"},
			// ... and security groups cannot be added to or removed from an NLB created without/with them.
			ReplaceRule{Path: "securityGroups", When: func(o, n resource.PropertyMap) bool {
				return Str(n["loadBalancerType"]) == "network" && (len(listAt(o, "securityGroups")) == 0) != (len(listAt(n, "securityGroups")) == 0)
			}, Note: "on a network load balancer, when it gains its first or loses its last security group"},
			// customizeDiffLoadBalancerNLB: subnet mappings can only be added.
			ReplaceRule{Path: "subnetMappings", When: func(o, n resource.PropertyMap) bool {
				om, nm := listAt(o, "subnetMappings"), listAt(n, "subnetMappings")
				return Str(n["loadBalancerType"]) == "network" && !(len(nm) > len(om) && contains(nm, om))
			}, Note: "on a network load balancer, unless mappings are only added"},
			// customizeDiffLoadBalancerALB: added or removed, the others must stay.
			ReplaceRule{Path: "subnetMappings", When: func(o, n resource.PropertyMap) bool {
				om, nm := listAt(o, "subnetMappings"), listAt(n, "subnetMappings")
				return Str(n["loadBalancerType"]) != "network" && Str(n["loadBalancerType"]) != "gateway" && !contains(nm, om) && !contains(om, nm)
			}, Note: "on an application load balancer, unless mappings are only added or only removed"},
			// "After you add secondary IP addresses, you can't remove them."
			ReplaceRule{Path: "secondaryIpsAutoAssignedPerSubnet", When: func(o, n resource.PropertyMap) bool {
				return Str(n["loadBalancerType"]) == "network" && numAt(n, "secondaryIpsAutoAssignedPerSubnet") < numAt(o, "secondaryIpsAutoAssignedPerSubnet")
			}, Note: "on a network load balancer, when it decreases"})},
	"aws:lb/targetGroup:TargetGroup": {"aws_lb_target_group", tfSource("013cfb4cddc9c44a28f34abad0c11768bcdb9b85", "internal/service/elbv2/target_group.go"),
		always("ipAddressType", "name", "namePrefix", "port", "protocol", "protocolVersion", "targetType", "vpcId")},
	"aws:lb/targetGroupAttachment:TargetGroupAttachment": {"aws_lb_target_group_attachment", tfSource("07e0d0b940f57c782f8fcc9ccfd8b19f59383b51", "internal/service/elbv2/target_group_attachment.go"),
		always("availabilityZone", "port", "targetGroupArn", "targetId")},
	// Port, protocol and actions change with ModifyListener.
	"aws:lb/listener:Listener": {"aws_lb_listener", tfSource("01c08000ddb14181b5bd19201d8fca311dc570e4", "internal/service/elbv2/listener.go"),
		always("loadBalancerArn")},
	"aws:s3/bucketV2:BucketV2": s3Bucket,
	"aws:s3/bucket:Bucket":     s3Bucket,
	"aws:s3/bucketPolicy:BucketPolicy": {"aws_s3_bucket_policy", tfSource(tfCommit, "internal/service/s3/bucket_policy.go"),
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
	s3Bucket = TypeReplacements{"aws_s3_bucket", tfSource(tfCommit, "internal/service/s3/bucket.go"),
		always("bucket", "bucketNamespace", "bucketPrefix", "objectLockEnabled", "objectLockConfiguration.objectLockEnabled")}
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

// strOr is a string input, or the provider's default when it is unset.
func strOr(m resource.PropertyMap, k, def string) string {
	if v := Str(m[resource.PropertyKey(k)]); v != "" {
		return v
	}
	return def
}

// changedFrom: the input changes, its default standing in where it is unset.
func changedFrom(k, def string) func(o, n resource.PropertyMap) bool {
	return func(o, n resource.PropertyMap) bool { return strOr(o, k, def) != strOr(n, k, def) }
}

func objectAt(m resource.PropertyMap, k string) resource.PropertyMap {
	if v := m[resource.PropertyKey(k)]; v.IsObject() {
		return v.ObjectValue()
	}
	return resource.PropertyMap{}
}

func numAt(m resource.PropertyMap, k string) float64 {
	if v := m[resource.PropertyKey(k)]; v.IsNumber() {
		return v.NumberValue()
	}
	return 0
}

// setIn reports whether the program sets a list: an optional and computed
// block it leaves out keeps what AWS reports, which is no change.
func setIn(m resource.PropertyMap, k string) bool { return len(listAt(m, k)) > 0 }

// sameElements compares two sets of blocks, leaving out the fields given.
func sameElements(a, b []resource.PropertyValue, except ...string) bool {
	return len(a) == len(b) && contains(a, b, except...) && contains(b, a, except...)
}

// contains reports whether every block of sub is in set, the fields given left out.
func contains(set, sub []resource.PropertyValue, except ...string) bool {
	key := func(v resource.PropertyValue) string {
		if v.IsObject() {
			m := v.ObjectValue().Copy()
			for _, k := range except {
				delete(m, resource.PropertyKey(k))
			}
			for k, x := range m {
				if x.IsNull() {
					delete(m, k)
				}
			}
			v = resource.NewProperty(m)
		}
		return v.String()
	}
	have := map[string]bool{}
	for _, v := range set {
		have[key(v)] = true
	}
	for _, v := range sub {
		if !have[key(v)] {
			return false
		}
	}
	return true
}
