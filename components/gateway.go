package components

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PolicyMode chooses an endpoint policy.
type PolicyMode string

const (
	// PolicyLeastPrivilege allows only the named resources, only to principals
	// of this account (aws:PrincipalAccount).
	PolicyLeastPrivilege PolicyMode = "least-privilege"
	// PolicyFullAccess is AWS's default "Allow * on *": an explicit opt-in.
	PolicyFullAccess PolicyMode = "full-access"
)

// PolicyModes lists the accepted endpoint policy modes.
var PolicyModes = []PolicyMode{PolicyLeastPrivilege, PolicyFullAccess}

// GatewayServices are the services that have gateway endpoints.
var GatewayServices = []string{"s3", "dynamodb"}

// MaxEndpointPolicyLength is AWS's limit on an endpoint policy, whitespace included.
const MaxEndpointPolicyLength = 20480

// DefaultGatewayActions are what the least-privilege policy allows per service:
// list/get/put for S3 (the guide's ls, upload and download), item and query
// access for DynamoDB.
var DefaultGatewayActions = map[string][]string{
	"s3":       {"s3:ListBucket", "s3:GetObject", "s3:PutObject"},
	"dynamodb": {"dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan"},
}

// GatewayEndpointArgs configures a GatewayEndpoint.
type GatewayEndpointArgs struct {
	// VpcID is the VPC the endpoint serves (required).
	VpcID pulumi.StringInput
	// Service is "s3" or "dynamodb".
	Service string
	// RouteTableIDs receive the prefix-list route; at least one (an endpoint
	// with none routes nothing).
	RouteTableIDs []pulumi.StringInput
	// Policy defaults to PolicyLeastPrivilege.
	Policy PolicyMode
	// Resources are the bucket ARNs (s3) or table ARNs (dynamodb) the
	// least-privilege policy allows; objects / indexes under them are included.
	Resources []pulumi.StringInput
	// Actions override DefaultGatewayActions; no wildcards.
	Actions []string
	// AllowListAllBuckets adds s3:ListAllMyBuckets on "*" so a bare `aws s3 ls` works.
	AllowListAllBuckets bool
	// AllowAmazonLinuxRepos lets dnf read the Amazon Linux 2023 repositories,
	// which are S3 buckets, through the endpoint: needed on every route table
	// whose instances install packages, NAT or not, because the endpoint's
	// prefix-list route takes their S3 traffic. dnf's requests are anonymous,
	// so the statement cannot be limited to this account; it allows
	// s3:GetObject on the region's repository bucket and nothing else, and the
	// endpoint records that choice as an accepted LAB-VPCE-01 finding.
	AllowAmazonLinuxRepos bool
	// NameTag is the endpoint's Name tag (default <name>).
	NameTag string
	// Tags are merged into the endpoint's tags.
	Tags map[string]string
	// Exceptions record accepted guardrail findings on the endpoint (full access).
	Exceptions Exceptions
}

// GatewayEndpoint is an S3 or DynamoDB gateway endpoint on route tables,
// with an explicit endpoint policy.
type GatewayEndpoint struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// EndpointID is the endpoint's ID, for aws:SourceVpce in bucket policies.
	EndpointID pulumi.StringOutput `pulumi:"endpointId"`
	// PrefixListID is the service's AWS-managed prefix list, for security group egress rules.
	PrefixListID pulumi.StringOutput `pulumi:"prefixListId"`
	// ServiceName is the endpoint's full service name (com.amazonaws.<region>.<service>).
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// Policy is the endpoint policy document (JSON).
	Policy pulumi.StringOutput `pulumi:"policy"`
}

const gatewayEndpoint = "GatewayEndpoint"

var actionRe = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9]+$`)

func (a GatewayEndpointArgs) withDefaults(name string) GatewayEndpointArgs {
	if a.Policy == "" {
		a.Policy = PolicyLeastPrivilege
	}
	if a.Actions == nil {
		a.Actions = DefaultGatewayActions[a.Service]
	}
	if a.NameTag == "" {
		a.NameTag = name
	}
	return a
}

// Validate checks the plain arguments and the count of inputs without
// registering anything.
func (a GatewayEndpointArgs) Validate(name string) error {
	return a.withDefaults(name).validate()
}

func (a GatewayEndpointArgs) validate() error {
	c := gatewayEndpoint
	if !slices.Contains(GatewayServices, a.Service) {
		return argErr(c, "Service", a.Service, "gateway endpoints exist only for s3 and dynamodb; use an interface endpoint for other services")
	}
	if len(a.RouteTableIDs) == 0 {
		return argErr(c, "RouteTableIDs", len(a.RouteTableIDs), "a gateway endpoint needs at least one route table, or it routes nothing")
	}
	for i, rt := range a.RouteTableIDs {
		if rt == nil {
			return argErr(c, fmt.Sprintf("RouteTableIDs[%d]", i), nil, "is nil")
		}
	}
	switch a.Policy {
	case PolicyLeastPrivilege:
		if len(a.Resources) == 0 && !a.AllowAmazonLinuxRepos && !a.AllowListAllBuckets {
			return argErr(c, "Resources", len(a.Resources), "the least-privilege policy needs at least one %s ARN to allow (or Policy full-access)",
				map[string]string{"s3": "bucket", "dynamodb": "table"}[a.Service])
		}
		for i, act := range a.Actions {
			if !actionRe.MatchString(act) || !strings.HasPrefix(act, a.Service+":") {
				return argErr(c, fmt.Sprintf("Actions[%d]", i), act, "name one %s action such as %s; wildcards are not least privilege", a.Service, DefaultGatewayActions[a.Service][0])
			}
		}
	case PolicyFullAccess:
		if len(a.Resources) > 0 {
			return argErr(c, "Resources", len(a.Resources), "only used by the least-privilege policy; full-access allows everything")
		}
	default:
		return argErr(c, "Policy", string(a.Policy), "must be least-privilege or full-access")
	}
	if a.Service != "s3" {
		if a.AllowListAllBuckets {
			return argErr(c, "AllowListAllBuckets", true, "only for the s3 service")
		}
		if a.AllowAmazonLinuxRepos {
			return argErr(c, "AllowAmazonLinuxRepos", true, "only for the s3 service")
		}
	}
	if err := validateNameTag(c, "NameTag", a.NameTag); err != nil {
		return err
	}
	if err := a.Exceptions.validate(c, "Exceptions"); err != nil {
		return err
	}
	return validateTags(c, a.Tags)
}

// amazonLinuxRepoBucket is where dnf on Amazon Linux 2023 fetches packages:
// AWS names arn:aws:s3:::al2023-repos-<REGION>-de612dc2/* as what an S3
// gateway endpoint policy must allow for AL2023 hosts without internet
// access (Application Migration Service guide, "Missing Amazon Linux 2023
// repository access"):
// https://docs.aws.amazon.com/mgn/latest/ug/Troubleshooting-Communication-Errors.html#missing-al2023-repo-access
func amazonLinuxRepoBucket(partition, region string) string {
	return fmt.Sprintf("arn:%s:s3:::al2023-repos-%s-de612dc2", partition, region)
}

// reposAnonymous is why the repository statement has no account condition.
var reposAnonymous = except("LAB-VPCE-01", "dnf reads the AWS-owned Amazon Linux repository bucket unsigned: "+
	"aws:PrincipalAccount is anonymous: the statement allows only s3:GetObject on that bucket")

var (
	bucketARNRe = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	tableARNRe  = regexp.MustCompile(`^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table/[A-Za-z0-9_.*-]+$`)
)

// gatewayPolicy builds the endpoint policy document from resolved values.
func (a GatewayEndpointArgs) gatewayPolicy(resources []string, account, partition, region string) (PolicyDocument, error) {
	if a.Policy == PolicyFullAccess {
		return PolicyDocument{Version: PolicyVersion, Statement: []Statement{{
			Sid: "FullAccessOptIn", Effect: "Allow", Principal: &Principal{Any: true}, Action: []string{"*"}, Resource: []string{"*"},
		}}}, nil
	}
	own := map[string]map[string][]string{"StringEquals": {"aws:PrincipalAccount": {account}}}
	var arns []string
	for i, r := range resources {
		switch a.Service {
		case "s3":
			if !bucketARNRe.MatchString(r) {
				return PolicyDocument{}, argErr(gatewayEndpoint, fmt.Sprintf("Resources[%d]", i), r, "not a bucket ARN such as arn:aws:s3:::my-bucket")
			}
			arns = append(arns, r, r+"/*")
		case "dynamodb":
			if !tableARNRe.MatchString(r) {
				return PolicyDocument{}, argErr(gatewayEndpoint, fmt.Sprintf("Resources[%d]", i), r, "not a table ARN such as arn:aws:dynamodb:<region>:<account>:table/name")
			}
			arns = append(arns, r, r+"/index/*")
		}
	}
	doc := PolicyDocument{Version: PolicyVersion}
	if len(arns) > 0 {
		doc.Statement = append(doc.Statement, Statement{
			Sid: "LabResourcesOnly", Effect: "Allow", Principal: &Principal{Any: true}, Action: a.Actions, Resource: arns, Condition: own,
		})
	}
	if a.AllowListAllBuckets {
		doc.Statement = append(doc.Statement, Statement{
			Sid: "ListAllMyBuckets", Effect: "Allow", Principal: &Principal{Any: true}, Action: []string{"s3:ListAllMyBuckets"}, Resource: []string{"*"}, Condition: own,
		})
	}
	if a.AllowAmazonLinuxRepos {
		// No aws:PrincipalAccount condition: dnf signs nothing, and "for
		// anonymous requests, the request context returns anonymous"
		// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount),
		// so an account condition would refuse every package download.
		doc.Statement = append(doc.Statement, Statement{
			Sid: "AmazonLinux2023Repos", Effect: "Allow", Principal: &Principal{Any: true}, Action: []string{"s3:GetObject"},
			Resource: []string{amazonLinuxRepoBucket(partition, region) + "/*"},
		})
	}
	return doc, nil
}

// exceptions are the caller's accepted findings plus the endpoint's own:
// the anonymous repository statement. A caller's reason for the same rule wins.
func (a GatewayEndpointArgs) exceptions() Exceptions {
	if a.Policy == PolicyLeastPrivilege && a.AllowAmazonLinuxRepos {
		return merge(reposAnonymous, a.Exceptions)
	}
	return a.Exceptions
}

// NewGatewayEndpoint validates args, then creates the endpoint. A bad argument
// returns an *ArgError and registers nothing.
func NewGatewayEndpoint(ctx *pulumi.Context, name string, args *GatewayEndpointArgs, opts ...pulumi.ResourceOption) (*GatewayEndpoint, error) {
	if args == nil {
		args = &GatewayEndpointArgs{}
	}
	a := args.withDefaults(name)
	if err := a.validate(); err != nil {
		return nil, err
	}
	if a.VpcID == nil {
		return nil, argErr(gatewayEndpoint, "VpcID", nil, "is required")
	}
	ge := &GatewayEndpoint{}
	if err := ctx.RegisterComponentResource("vpclab:index:GatewayEndpoint", name, ge, ge.children.track(opts)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(ge)
	region := aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{}, parent).Region()
	caller := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent)
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent)

	inputs := []any{caller.AccountId(), partition.Partition(), region}
	for _, r := range a.Resources {
		inputs = append(inputs, r)
	}
	policy := pulumi.All(inputs...).ApplyT(func(v []any) (string, error) {
		resources := make([]string, len(v)-3)
		for i := range resources {
			resources[i] = v[i+3].(string)
		}
		doc, err := a.gatewayPolicy(resources, v[0].(string), v[1].(string), v[2].(string))
		if err != nil {
			return "", err
		}
		js, err := doc.JSON()
		if err == nil && len(js) > MaxEndpointPolicyLength {
			err = argErr(gatewayEndpoint, "Resources", len(a.Resources), "the endpoint policy would be %d characters; AWS allows %d", len(js), MaxEndpointPolicyLength)
		}
		return js, err
	}).(pulumi.StringOutput)

	routeTables := make(pulumi.StringArray, len(a.RouteTableIDs))
	copy(routeTables, a.RouteTableIDs)
	serviceName := pulumi.Sprintf("com.amazonaws.%s.%s", region, a.Service)
	ep, err := ec2.NewVpcEndpoint(ctx, name+"-endpoint", &ec2.VpcEndpointArgs{
		VpcId:           a.VpcID,
		ServiceName:     serviceName,
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   routeTables,
		Policy:          policy,
		Tags:            withName(a.exceptions().with(a.Tags), a.NameTag),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: endpoint: %w", name, err)
	}
	ge.EndpointID = ep.ID().ToStringOutput()
	ge.PrefixListID = ep.PrefixListId
	ge.ServiceName = serviceName
	ge.Policy = policy
	if err := ctx.RegisterResourceOutputs(ge, pulumi.Map{
		"endpointId":   ge.EndpointID,
		"prefixListId": ge.PrefixListID,
		"serviceName":  ge.ServiceName,
		"policy":       ge.Policy,
	}); err != nil {
		return nil, err
	}
	return ge, nil
}
