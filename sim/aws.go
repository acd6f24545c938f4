package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/awsrules"
)

// Account is the simulated AWS account, and CallerARN the deployer.
const (
	Account   = "123456789012"
	CallerARN = "arn:aws:iam::" + Account + ":user/vpclab-learner"
)

// digest is a stable hash of a seed (a URN), so IDs and addresses are the
// same on every run whatever the registration order.
func digest(seed string) []byte { s := sha256.Sum256([]byte(seed)); return s[:] }

// awsID makes an ID like vpc-0a1b2c3d4e5f67890 (17 hex digits, as AWS's).
func awsID(prefix, seed string) string { return prefix + "-0" + hex.EncodeToString(digest(seed))[:16] }

// hostIn picks a stable address inside p, skipping the 4 addresses AWS
// reserves at the start of a subnet and the broadcast address at the end.
func hostIn(p netip.Prefix, seed string) netip.Addr {
	size := uint32(1) << (32 - p.Bits())
	base := binary.BigEndian.Uint32(p.Masked().Addr().AsSlice())
	off := uint32(4)
	if size > 5 {
		off += binary.BigEndian.Uint32(digest(seed)) % (size - 5)
	}
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], base+off)
	return netip.AddrFrom4(a)
}

// publicIP picks a stable public address for a resource from the region's
// pool, one no other resource of the account holds (a /24 is small enough
// for two hashes to meet).
func (a *AWS) publicIP(r *Resource) netip.Addr {
	taken := map[string]bool{}
	for _, x := range a.live {
		if x != r && x.ID != r.ID {
			taken[x.Out("publicIp")] = true
		}
	}
	seed := r.seed
	for i := 1; ; i++ {
		ip := hostIn(a.Region.PublicPool, seed)
		if !taken[ip.String()] || i > 64 {
			return ip
		}
		seed = fmt.Sprintf("%s#ip%d", r.seed, i)
	}
}

// prefixListBlock is a gateway service's simulated address range: a /28 of
// the documentation pool, one per service.
func prefixListBlock(pool netip.Prefix, service string) string {
	p, _ := hostIn(pool, service).Prefix(28)
	return p.String()
}

func dashed(a netip.Addr) string { return strings.ReplaceAll(a.String(), ".", "-") }

// Autoname imitates Pulumi's autonaming: the logical name plus seven
// random-looking hex digits derived from seed (different for each creation
// of the resource).
func Autoname(name, seed string) string { return name + "-" + hex.EncodeToString(digest(seed))[:7] }

// physicalName is the name a resource has: the one the program (or the
// provider's autonaming, under the engine) gave it; the prefix it gave
// and a unique suffix, as the provider makes one (26 characters); else an
// autoname.
func (a *AWS) physicalName(r *Resource) string {
	prop, ok := awsrules.AutonamedProperty(r.Type)
	if ok && r.Str(prop) != "" {
		return r.Str(prop)
	}
	if ok && r.Str(prop+"Prefix") != "" {
		return r.Str(prop+"Prefix") + hex.EncodeToString(digest(r.seed))[:26]
	}
	return Autoname(r.Name, r.seed)
}

// routeID is the provider's ID for a route: the route table and a hash of
// the destination (terraform-provider-aws internal/service/ec2/vpc_route.go,
// RouteCreateID with create.StringHashcode, a non-negative CRC-32), so two
// routes of one table never share one.
func routeID(r *Resource) string {
	dest := r.Str("destinationCidrBlock")
	for _, k := range []string{"destinationIpv6CidrBlock", "destinationPrefixListId"} {
		if dest == "" {
			dest = r.Str(k)
		}
	}
	return fmt.Sprintf("r-%s%d", r.Str("routeTableId"), int64(crc32.ChecksumIEEE([]byte(dest))))
}

// simulate returns the ID and outputs AWS would report for a new resource.
// lookup finds an already registered resource by ID.
func (a *AWS) simulate(r *Resource, lookup func(id string) *Resource) (string, resource.PropertyMap, error) {
	out := r.Inputs.Copy()
	set := func(k, v string) { out[resource.PropertyKey(k)] = resource.NewProperty(v) }
	region, acct := a.Region.Name, Account
	arn := func(service, res string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, acct, res)
	}
	var id string
	switch r.Type {
	case "aws:ec2/vpc:Vpc":
		id = awsID("vpc", r.seed)
		set("arn", arn("ec2", "vpc/"+id))
		set("defaultSecurityGroupId", awsID("sg", r.seed+"#default-sg"))
		set("mainRouteTableId", awsID("rtb", r.seed+"#main-rtb"))
		set("defaultNetworkAclId", awsID("acl", r.seed+"#default-acl"))
		set("ownerId", acct)
	case "aws:ec2/subnet:Subnet":
		id = awsID("subnet", r.seed)
		set("arn", arn("ec2", "subnet/"+id))
		az := r.Str("availabilityZone") // an AZ outside the region is refused by ec2.subnet.availability-zone
		for i, n := range a.Region.AZs {
			if n == az {
				set("availabilityZoneId", a.Region.AZIDs[i])
			}
		}
	case "aws:ec2/internetGateway:InternetGateway":
		id = awsID("igw", r.seed)
		set("arn", arn("ec2", "internet-gateway/"+id))
	case "aws:ec2/routeTable:RouteTable":
		id = awsID("rtb", r.seed)
		set("arn", arn("ec2", "route-table/"+id))
	case "aws:ec2/route:Route":
		id = routeID(r)
		set("state", "active")
		set("origin", "CreateRoute")
	case "aws:ec2/routeTableAssociation:RouteTableAssociation":
		id = awsID("rtbassoc", r.seed)
	case "aws:ec2/eip:Eip":
		id = awsID("eipalloc", r.seed)
		ip := a.publicIP(r)
		set("allocationId", id)
		set("publicIp", ip.String())
		set("publicDns", fmt.Sprintf("ec2-%s.%s.compute.amazonaws.com", dashed(ip), region))
	case "aws:ec2/natGateway:NatGateway":
		id = awsID("nat", r.seed)
		if err := a.simulateNatGateway(r, out, lookup); err != nil {
			return "", nil, err
		}
	case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
		id = awsID("sg", r.seed)
		set("name", "default")
	case "aws:ec2/securityGroup:SecurityGroup":
		id = awsID("sg", r.seed)
		set("arn", arn("ec2", "security-group/"+id))
		set("name", a.physicalName(r))
		set("ownerId", acct)
	case "aws:ec2/securityGroupRule:SecurityGroupRule":
		id = awsID("sgrule", r.seed)
		set("securityGroupRuleId", awsID("sgr", r.seed))
	case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
		id = awsID("sgr", r.seed)
		set("arn", arn("ec2", "security-group-rule/"+id))
		set("securityGroupRuleId", id)
	case "aws:ec2/placementGroup:PlacementGroup":
		name := a.physicalName(r)
		id = name
		set("name", name)
		set("placementGroupId", awsID("pg", r.seed))
		set("arn", arn("ec2", "placement-group/"+name))
	case "aws:ec2/instance:Instance":
		id = awsID("i", r.seed)
		sn := lookup(r.Str("subnetId"))
		if sn == nil {
			return "", nil, fmt.Errorf("instance %s: subnetId must name a subnet of this program", r.Name)
		}
		ip := hostIn(netip.MustParsePrefix(sn.Str("cidrBlock")), r.seed)
		set("privateIp", ip.String())
		set("privateDns", fmt.Sprintf("ip-%s.%s.compute.internal", dashed(ip), region))
		set("availabilityZone", sn.Str("availabilityZone"))
		set("primaryNetworkInterfaceId", awsID("eni", r.seed))
		set("arn", arn("ec2", "instance/"+id))
		set("instanceState", "running")
		if v := r.Input("associatePublicIpAddress"); v.IsBool() && v.BoolValue() {
			pub := a.publicIP(r)
			set("publicIp", pub.String())
			set("publicDns", fmt.Sprintf("ec2-%s.%s.compute.amazonaws.com", dashed(pub), region))
		} else {
			set("publicIp", "")
			set("publicDns", "")
		}
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		id = awsID("vpce", r.seed)
		set("arn", arn("ec2", "vpc-endpoint/"+id))
		set("state", "available")
		set("ownerId", acct)
		if err := a.simulateEndpoint(r, out, id, lookup); err != nil {
			return "", nil, err
		}
	case "aws:s3/bucket:Bucket":
		name := r.Str("bucket")
		if name == "" {
			name = a.physicalName(r)
		}
		id = name
		set("bucket", name)
		set("arn", "arn:aws:s3:::"+name)
		set("bucketDomainName", name+".s3.amazonaws.com")
		set("bucketRegionalDomainName", name+".s3."+region+".amazonaws.com")
		// v7: bucketRegion is the bucket's region; region is where the provider manages it.
		set("bucketRegion", region)
		set("region", region)
	case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
		"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketPolicy:BucketPolicy":
		id = r.Str("bucket")
		if lookup(id) == nil || lookup(id).Type != "aws:s3/bucket:Bucket" {
			return "", nil, fmt.Errorf("%s: bucket %q is not a bucket of this program", r.Name, id)
		}
		id += "#" + r.Type
	case "aws:lb/loadBalancer:LoadBalancer":
		// Its name and one subnet per AZ are AWS input rules (elb.lb.*).
		name := a.physicalName(r)
		if r.Str("loadBalancerType") != "network" {
			return "", nil, fmt.Errorf("load balancer %s: only network load balancers are simulated", r.Name)
		}
		for _, sid := range r.Strs("subnets") {
			if lookup(sid) == nil {
				return "", nil, fmt.Errorf("load balancer %s: subnet %q is not a subnet of this program", r.Name, sid)
			}
		}
		id = arn("elasticloadbalancing", "loadbalancer/net/"+name+"/"+hex.EncodeToString(digest(r.seed))[:16])
		set("arn", id)
		set("name", name)
		set("arnSuffix", strings.SplitN(id, ":loadbalancer/", 2)[1])
		set("dnsName", name+"-"+hex.EncodeToString(digest(r.seed + "#dns"))[:10]+".elb."+region+".amazonaws.com")
		set("zoneId", "ZIBE1TIR4HY56")
	case "aws:lb/targetGroup:TargetGroup":
		name := a.physicalName(r) // its length and characters: elb.tg.name
		id = arn("elasticloadbalancing", "targetgroup/"+name+"/"+hex.EncodeToString(digest(r.seed))[:16])
		set("arn", id)
		set("name", name)
	case "aws:lb/targetGroupAttachment:TargetGroupAttachment":
		tg, inst := lookup(r.Str("targetGroupArn")), lookup(r.Str("targetId"))
		if tg == nil || inst == nil {
			return "", nil, fmt.Errorf("target %s: target group and instance must be of this program", r.Name)
		}
		if sn := lookup(inst.Str("subnetId")); sn == nil || sn.Str("vpcId") != tg.Str("vpcId") {
			return "", nil, fmt.Errorf("target %s: instance targets must be in the target group's VPC", r.Name)
		}
		// The provider's ID: the group's ARN and a unique suffix (id.PrefixedUniqueId).
		id = tg.ID + "-" + hex.EncodeToString(digest(r.seed))[:26]
	case "aws:lb/listener:Listener":
		nlb := lookup(r.Str("loadBalancerArn"))
		if nlb == nil {
			return "", nil, fmt.Errorf("listener %s: load balancer %q is not of this program", r.Name, r.Str("loadBalancerArn"))
		}
		id = strings.Replace(nlb.ID, ":loadbalancer/", ":listener/", 1) + "/" + hex.EncodeToString(digest(r.seed))[:16]
		set("arn", id)
	case "aws:ec2/vpcEndpointService:VpcEndpointService":
		id = awsID("vpce-svc", r.seed)
		var azs []string
		for _, a := range r.Strs("networkLoadBalancerArns") {
			nlb := lookup(a)
			if nlb == nil {
				return "", nil, fmt.Errorf("endpoint service %s: load balancer %q is not of this program", r.Name, a)
			}
			for _, sid := range nlb.Strs("subnets") {
				if az := lookup(sid).Str("availabilityZone"); !slices.Contains(azs, az) {
					azs = append(azs, az)
				}
			}
		}
		if len(azs) == 0 {
			return "", nil, fmt.Errorf("endpoint service %s: exactly one network load balancer is needed", r.Name)
		}
		for _, p := range r.Strs("allowedPrincipals") {
			if p == "*" {
				return "", nil, fmt.Errorf("endpoint service %s: \"*\" principals are not simulated", r.Name)
			}
		}
		slices.Sort(azs)
		set("serviceName", "com.amazonaws.vpce."+region+"."+id)
		set("serviceType", "Interface")
		set("state", "Available")
		set("privateDnsName", "")
		set("arn", arn("ec2", "vpc-endpoint-service/"+id))
		out["availabilityZones"] = resource.NewProperty(toValues(azs))
		out["baseEndpointDnsNames"] = resource.NewProperty(toValues([]string{id + "." + region + ".vpce.amazonaws.com"}))
	case "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter":
		svc, ep := lookup(r.Str("vpcEndpointServiceId")), lookup(r.Str("vpcEndpointId"))
		if svc == nil || ep == nil || ep.Str("serviceName") != svc.Out("serviceName") {
			return "", nil, fmt.Errorf("accepter %s: the endpoint does not connect to this endpoint service", r.Name)
		}
		id = svc.ID + "_" + ep.ID
		set("vpcEndpointState", "available")
	case "aws:ec2/flowLog:FlowLog":
		id = awsID("fl", r.seed)
		set("arn", arn("ec2", "vpc-flow-log/"+id))
	case "aws:iam/role:Role":
		name := a.physicalName(r)
		id = name
		set("name", name)
		set("arn", fmt.Sprintf("arn:aws:iam::%s:role/%s", acct, name))
		set("uniqueId", "AROA"+strings.ToUpper(hex.EncodeToString(digest(r.seed))[:17]))
	case "aws:iam/instanceProfile:InstanceProfile":
		name := a.physicalName(r)
		id = name
		set("name", name)
		set("arn", fmt.Sprintf("arn:aws:iam::%s:instance-profile/%s", acct, name))
	case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
		id = r.Str("role") + "-" + hex.EncodeToString(digest(r.seed))[:8]
	case "aws:iam/rolePolicy:RolePolicy":
		name := a.physicalName(r)
		id = r.Str("role") + ":" + name
		set("name", name)
	case "aws:cloudwatch/logGroup:LogGroup":
		name := a.physicalName(r)
		id = name
		set("name", name)
		set("arn", arn("logs", "log-group:"+name))
	default:
		return "", nil, fmt.Errorf("sim: no simulated AWS answer for resource type %q (%s); add one to sim/aws.go", r.Type, r.Name)
	}
	set("id", id)
	return id, out, nil
}

// simulateEndpoint checks an endpoint the way the EC2 API would and adds the
// attributes AWS reports for its type.
func (a *AWS) simulateEndpoint(r *Resource, out resource.PropertyMap, id string, lookup func(string) *Resource) error {
	service := r.Str("serviceName")
	typ := r.Str("vpcEndpointType")
	prefix := "com.amazonaws." + a.Region.Name + "."
	switch typ {
	case "Gateway":
		pl := a.Region.PrefixLists[strings.TrimPrefix(service, prefix)] // an unknown service: ec2.vpce.service-name
		if len(r.List("routeTableIds")) == 0 {
			return fmt.Errorf("endpoint %s: a gateway endpoint without route tables routes nothing", r.Name)
		}
		out["prefixListId"] = resource.NewProperty(pl)
		// The prefix list's address ranges: simulated, from the documentation
		// pool like every simulated public address.
		out["cidrBlocks"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(prefixListBlock(a.Region.PublicPool, service))})
	case "Interface":
		// The service, its AZs, private DNS and policy support are AWS input rules (ec2.vpce.*).
		svc, err := a.EndpointService(service, "Interface")
		if err != nil {
			return fmt.Errorf("endpoint %s: %w", r.Name, err)
		}
		subnets := r.Strs("subnetIds")
		if len(subnets) == 0 || len(r.List("securityGroupIds")) == 0 {
			return fmt.Errorf("endpoint %s: an interface endpoint needs subnets and its own security groups (else it gets the VPC default SG)", r.Name)
		}
		var dns []resource.PropertyValue
		entry := func(name string) {
			dns = append(dns, resource.NewProperty(resource.PropertyMap{
				"dnsName": resource.NewProperty(name), "hostedZoneId": resource.NewProperty("Z" + strings.ToUpper(hex.EncodeToString(digest(name))[:13])),
			}))
		}
		suffix := hex.EncodeToString(digest(r.seed))[:8]
		regional := id + "-" + suffix + "." + svc.BaseDNS
		entry(regional)
		var enis []resource.PropertyValue
		for _, sid := range subnets {
			sn := lookup(sid)
			if sn == nil {
				return fmt.Errorf("endpoint %s: subnet %q is not a subnet of this program", r.Name, sid)
			}
			az := sn.Str("availabilityZone")
			entry(id + "-" + suffix + "-" + az + "." + svc.BaseDNS)
			enis = append(enis, resource.NewProperty(awsID("eni", r.seed+sid)))
		}
		if v := r.Input("privateDnsEnabled"); v.IsBool() && v.BoolValue() {
			for _, name := range svc.PrivateDNSNames {
				entry(name)
			}
		}
		if svc.Custom {
			out["state"] = resource.NewProperty(a.connectionState(id, lookup(strings.TrimPrefix(service, "com.amazonaws.vpce."+a.Region.Name+"."))))
		}
		out["dnsEntries"] = resource.NewProperty(dns)
		out["networkInterfaceIds"] = resource.NewProperty(enis)
		out["requesterManaged"] = resource.NewProperty(false)
	default:
		return fmt.Errorf("endpoint %s: endpoint type %q is not simulated", r.Name, typ)
	}
	return nil
}

// invoke answers a provider function call; the caller holds the lock.
func (a *AWS) invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	reg := a.Region
	switch token {
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		if s := args["state"]; s.IsString() && s.StringValue() != "available" {
			return nil, fmt.Errorf("sim: getAvailabilityZones: only state=available is simulated, got %q", s.StringValue())
		}
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": reg.Name, "names": toAny(reg.AZs), "zoneIds": toAny(reg.AZIDs), "state": "available",
			"groupNames": toAny(repeat(reg.Name, len(reg.AZs))),
		}), nil
	case "aws:index/getRegion:getRegion":
		// pulumi-aws v7 answers with `region`; `name` is deprecated there
		// (https://github.com/pulumi/pulumi-aws/blob/master/docs/version-7-upgrade.md#function-awsgetregion)
		// and left out here, so a program still reading it fails offline
		// instead of on the release that removes it.
		if r := Str(args["region"]); r != "" && r != reg.Name {
			return nil, fmt.Errorf("sim: getRegion: only the stack's region %s is simulated, got region %q", reg.Name, r)
		}
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": reg.Name, "region": reg.Name, "endpoint": "ec2." + reg.Name + ".amazonaws.com", "description": reg.Description,
		}), nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": Account, "accountId": Account, "arn": CallerARN, "userId": "AIDAVPCLABLEARNER0001",
		}), nil
	case "aws:index/getPartition:getPartition":
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws",
		}), nil
	case "aws:ec2/getVpcEndpointService:getVpcEndpointService":
		name := Str(args["serviceName"])
		if name == "" {
			name = "com.amazonaws." + reg.Name + "." + Str(args["service"])
		}
		svc, err := a.lookupEndpointService(name, Str(args["serviceType"]))
		if err != nil {
			return nil, err
		}
		seed := name
		if svc.Type == "Gateway" {
			seed += "#gateway" // one service ID per type, as AWS lists two
		}
		id := awsID("vpce-svc", seed)
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": name, "serviceName": name, "serviceType": svc.Type, "owner": "amazon", "acceptanceRequired": false,
			"availabilityZones": toAny(svc.AZs), "privateDnsName": svc.PrivateDNS, "privateDnsNames": toAny(svc.PrivateDNSNames),
			"baseEndpointDnsNames": []any{svc.BaseDNS}, "vpcEndpointPolicySupported": svc.PolicySupported, "managesVpcEndpoints": false,
			// v7: serviceRegion is the service's region; region is where the provider asked.
			"supportedIpAddressTypes": []any{"ipv4"}, "serviceId": id, "region": reg.Name, "serviceRegion": reg.Name,
			"arn": fmt.Sprintf("arn:aws:ec2:%s::vpc-endpoint-service/%s", reg.Name, id),
		}), nil
	case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings":
		return a.instanceTypeOfferings(args)
	case "aws:ssm/getParameter:getParameter":
		name := Str(args["name"])
		if !strings.HasPrefix(name, "/aws/service/ami-amazon-linux-latest/") {
			return nil, fmt.Errorf("sim: SSM parameter %q is not simulated (only /aws/service/ami-amazon-linux-latest/*)", name)
		}
		// Release 0 keeps the IDs every earlier test and golden file expects.
		seed := reg.Name + name
		if a.AMIRelease > 0 {
			seed += fmt.Sprintf("#release-%d", a.AMIRelease)
		}
		ami := awsID("ami", seed)
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": name, "name": name, "value": ami, "insecureValue": ami, "type": "String", "version": 1 + a.AMIRelease,
			"arn": fmt.Sprintf("arn:aws:ssm:%s::parameter%s", reg.Name, name), "withDecryption": true,
		}), nil
	}
	return nil, fmt.Errorf("sim: no simulated answer for invoke %q; add one to sim/aws.go", token)
}

func toValues(ss []string) []resource.PropertyValue {
	out := make([]resource.PropertyValue, len(ss))
	for i, s := range ss {
		out[i] = resource.NewProperty(s)
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
