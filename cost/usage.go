package cost

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Resource is what the cost model reads of one AWS resource, by the
// pulumi-aws input names ("instanceType", "rootBlockDevice.volumeSize"):
// the simulated graph answers for `vpclab plan`, the program's own
// registrations for `pulumi up`, so both price the same things.
type Resource interface {
	// Str is an input's plain value ("" when unset or not yet known).
	Str(path string) string
	// Len is the number of elements of a list input.
	Len(path string) int
	// RegionalNatAZs are the AZs a regional NAT gateway in auto mode
	// serves: those of the subnets routed to it.
	RegionalNatAZs() []string
}

// FreeTypes have no hourly charge of their own.
var FreeTypes = map[string]bool{
	"aws:ec2/vpc:Vpc": true, "aws:ec2/subnet:Subnet": true, "aws:ec2/routeTable:RouteTable": true, "aws:ec2/route:Route": true,
	"aws:ec2/routeTableAssociation:RouteTableAssociation": true, "aws:ec2/internetGateway:InternetGateway": true,
	"aws:ec2/securityGroup:SecurityGroup": true, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": true,
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": true, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": true,
	"aws:ec2/securityGroupRule:SecurityGroupRule": true, "aws:iam/role:Role": true, "aws:iam/rolePolicy:RolePolicy": true,
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": true, "aws:iam/instanceProfile:InstanceProfile": true,
	"aws:ec2/placementGroup:PlacementGroup": true, "aws:ec2/flowLog:FlowLog": true, "aws:cloudwatch/logGroup:LogGroup": true,
	"aws:s3/bucket:Bucket": true, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": true,
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls": true, "aws:s3/bucketPolicy:BucketPolicy": true,
	"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": true,
	"aws:lb/targetGroup:TargetGroup": true, "aws:lb/targetGroupAttachment:TargetGroupAttachment": true, "aws:lb/listener:Listener": true,
	"aws:ec2/vpcEndpointService:VpcEndpointService": true, "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": true,
}

// Billed is what one resource adds to a lab's bill.
type Billed struct {
	Usages []Usage
	// Free says why a resource with a cost-model entry costs nothing by the hour.
	Free string
	// Assumed is a quantity the plan cannot know, and how it was estimated.
	Assumed string
	// Unmodelled: the type is neither free nor priced by this model.
	Unmodelled bool
}

// UsageOf is the one cost model: what a resource of type typ bills by the
// hour. label names it in the estimate ("ec2:Instance access-bastion").
func UsageOf(typ, label string, r Resource) Billed {
	use := func(item string, qty float64) Usage { return Usage{Resource: label, Item: item, Quantity: qty} }
	switch typ {
	case "aws:ec2/natGateway:NatGateway":
		if r.Str("availabilityMode") != "regional" {
			return Billed{Usages: []Usage{use(NatGateway, 1)}}
		}
		// A regional NAT gateway is billed one NAT Gateway-hour per AZ it
		// is configured in (https://aws.amazon.com/vpc/pricing/).
		if n := r.Len("availabilityZoneAddresses"); n > 0 {
			return Billed{Usages: []Usage{use(RegionalNatAZ, float64(n))}}
		}
		// Auto mode: AWS picks the AZs and allocates the addresses.
		azs := r.RegionalNatAZs()
		n := float64(len(azs))
		return Billed{Usages: []Usage{use(RegionalNatAZ, n), use(PublicIPv4, n)},
			Assumed: fmt.Sprintf("%s is in auto mode: AWS activates it in each AZ where the VPC has network interfaces "+
				"and allocates its public addresses; estimated as the AZs of the subnets routed to it (%s), one address each", label, strings.Join(azs, ", "))}
	case "aws:ec2/eip:Eip":
		return Billed{Usages: []Usage{use(PublicIPv4, 1)}}
	case "aws:ec2/instance:Instance":
		b := Billed{Usages: []Usage{use(InstanceItem+r.Str("instanceType"), 1)}}
		if r.Str("associatePublicIpAddress") == "true" {
			b.Usages = append(b.Usages, use(PublicIPv4, 1))
		}
		size, _ := strconv.ParseFloat(r.Str("rootBlockDevice.volumeSize"), 64)
		if size == 0 {
			size = 8 // the AMI's snapshot size
		}
		volume := r.Str("rootBlockDevice.volumeType")
		if volume == "" {
			volume = "gp3"
		}
		b.Usages = append(b.Usages, use(volume+GBMonthSuffix, size))
		return b
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		if r.Str("vpcEndpointType") == "Interface" {
			return Billed{Usages: []Usage{use(InterfaceEndpoint, float64(r.Len("subnetIds")))}}
		}
		return Billed{Free: label + " (gateway endpoints are free)"}
	case "aws:lb/loadBalancer:LoadBalancer":
		b := Billed{Usages: []Usage{use(NLB, 1)}}
		if r.Str("internal") == "false" {
			b.Usages = append(b.Usages, use(PublicIPv4, float64(r.Len("subnets"))))
		}
		return b
	}
	return Billed{Unmodelled: !FreeTypes[typ] && strings.HasPrefix(typ, "aws:")}
}

// Bill collects what a lab's resources bill.
type Bill struct {
	Usages     []Usage
	Free       []string
	Assumed    []string
	Unmodelled []string
}

// Add adds one resource of type typ.
func (b *Bill) Add(typ, label string, r Resource) {
	one := UsageOf(typ, label, r)
	b.Usages = append(b.Usages, one.Usages...)
	if one.Free != "" {
		b.Free = append(b.Free, one.Free)
	}
	if one.Assumed != "" {
		b.Assumed = append(b.Assumed, one.Assumed)
	}
	if one.Unmodelled {
		b.Unmodelled = append(b.Unmodelled, label+": not in the cost model")
	}
}

// Price prices a bill in a region: what is not modelled is unknown, so the
// total is marked incomplete.
func (t Table) Price(region string, b Bill) Costs {
	c := t.Estimate(region, b.Usages)
	c.Free = append(c.Free, b.Free...)
	sort.Strings(c.Free)
	c.Assumed = b.Assumed
	c.Unknown = append(c.Unknown, b.Unmodelled...)
	c.Complete = len(c.Unknown) == 0
	return c
}

// ShortType drops the provider module path: aws:ec2/vpc:Vpc → ec2:Vpc.
func ShortType(t string) string {
	parts := strings.Split(t, ":")
	if len(parts) == 3 && parts[0] == "aws" {
		return strings.SplitN(parts[1], "/", 2)[0] + ":" + parts[2]
	}
	return t
}
