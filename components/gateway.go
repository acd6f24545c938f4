package components

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
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
	// Policy chooses the generated policy: PolicyLeastPrivilege (default)
	// or PolicyFullAccess. Leave it empty with PolicyDocument or PolicyJSON.
	Policy PolicyMode
	// PolicyDocument is the caller's own endpoint policy as a typed
	// document, instead of the generated one.
	PolicyDocument *PolicyDocument
	// PolicyJSON is the caller's own endpoint policy as JSON, possibly
	// computed by other resources; checked against the policy grammar
	// before registration when it is a plain value, at deployment otherwise.
	PolicyJSON pulumi.StringInput
	// ExtraStatements are added to the generated least-privilege policy.
	ExtraStatements []Statement
	// Resources are the bucket ARNs (s3) or table ARNs (dynamodb) the
	// least-privilege policy allows; objects / indexes under them are
	// included. Plain values are checked before registration (a bucket name
	// is refused: give its ARN), computed ones once known.
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
	// endpoint records that choice as an accepted LAB-VPCE-01 finding
	// (with GuardrailTags).
	AllowAmazonLinuxRepos bool
	// AllowECRLayers lets ECR image pulls through an S3 endpoint: ECR serves
	// image layers from an AWS-owned bucket, and AWS documents the statement
	// an S3 gateway endpoint policy needs for them, s3:GetObject on
	// arn:aws:s3:::prod-<region>-starport-layer-bucket/* for any principal
	// (awsrules.ECRLayerBucket). s3 only.
	AllowECRLayers bool
	// NameTag is the endpoint's Name tag (default <name>).
	NameTag string
	// Tags are merged into the endpoint's tags.
	Tags map[string]string
	// Exceptions record accepted guardrail findings on the endpoint (full access).
	Exceptions Exceptions
	// GuardrailTags also tags the findings the component accepts by design
	// (the anonymous repository and ECR layer statements) as
	// vpclab:exception:<ID>, for vpclab's guard. Off by default.
	GuardrailTags bool
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

	// Endpoint is the AWS endpoint resource itself.
	Endpoint *ec2.VpcEndpoint
}

const gatewayEndpoint = "GatewayEndpoint"

var actionRe = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9]+$`)

func (a GatewayEndpointArgs) withDefaults(name string) GatewayEndpointArgs {
	if a.Policy == "" && !a.ownPolicy() {
		a.Policy = PolicyLeastPrivilege
	}
	if a.Actions == nil && !a.ownPolicy() {
		a.Actions = DefaultGatewayActions[a.Service]
	}
	if a.NameTag == "" {
		a.NameTag = name
	}
	return a
}

// ownPolicy says whether the caller brings the whole policy.
func (a GatewayEndpointArgs) ownPolicy() bool { return a.PolicyDocument != nil || a.PolicyJSON != nil }

// Validate checks the plain arguments and the count of inputs without
// registering anything.
func (a GatewayEndpointArgs) Validate(name string) error {
	if err := validateName(gatewayEndpoint, name); err != nil {
		return err
	}
	return a.withDefaults(name).validate()
}

func (a GatewayEndpointArgs) validate() error {
	c := gatewayEndpoint
	if !slices.Contains(GatewayServices, a.Service) {
		hint := "use an interface endpoint for other services"
		if near := awsrules.Nearest(a.Service, GatewayServices); len(near) > 0 {
			hint = "did you mean " + strings.Join(near, " or ") + "?"
		}
		return argErr(c, "Service", a.Service, "gateway endpoints exist only for s3 and dynamodb; %s", hint)
	}
	if len(a.RouteTableIDs) == 0 {
		return argErr(c, "RouteTableIDs", len(a.RouteTableIDs), "a gateway endpoint needs at least one route table, or it routes nothing")
	}
	for i, rt := range a.RouteTableIDs {
		if rt == nil {
			return argErr(c, fmt.Sprintf("RouteTableIDs[%d]", i), nil, "is nil")
		}
	}
	if err := validateCallerPolicy(c, "PolicyDocument", a.PolicyDocument, a.PolicyJSON, a.ExtraStatements); err != nil {
		return err
	}
	if a.ownPolicy() {
		// The caller's policy is the whole policy: the generated one's
		// settings have nothing to apply to.
		for _, f := range []struct {
			arg string
			set bool
		}{{"Policy", a.Policy != ""}, {"Resources", len(a.Resources) > 0}, {"Actions", a.Actions != nil}, {"AllowListAllBuckets", a.AllowListAllBuckets},
			{"AllowAmazonLinuxRepos", a.AllowAmazonLinuxRepos}, {"AllowECRLayers", a.AllowECRLayers}} {
			if f.set {
				return argErr(c, f.arg, "", "shapes the generated policy, and PolicyDocument or PolicyJSON replaces it: put it in your policy")
			}
		}
		return a.validateCommon()
	}
	switch a.Policy {
	case PolicyLeastPrivilege:
		if len(a.Resources) == 0 && !a.AllowAmazonLinuxRepos && !a.AllowListAllBuckets && !a.AllowECRLayers && len(a.ExtraStatements) == 0 {
			return argErr(c, "Resources", len(a.Resources), "the least-privilege policy needs at least one %s ARN to allow (or Policy full-access, or your own PolicyDocument)",
				map[string]string{"s3": "bucket", "dynamodb": "table"}[a.Service])
		}
		for i, r := range a.Resources {
			if err := a.checkResource(i, r); err != nil {
				return err
			}
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
		if len(a.ExtraStatements) > 0 {
			return argErr(c, "ExtraStatements", len(a.ExtraStatements), "are added to the least-privilege policy; full-access allows everything")
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
		if a.AllowECRLayers {
			return argErr(c, "AllowECRLayers", true, "only for the s3 service: ECR's image layers are S3 objects")
		}
	}
	return a.validateCommon()
}

// checkResource checks one of Resources, when it is a plain value, as the
// service's ARN.
func (a GatewayEndpointArgs) checkResource(i int, r pulumi.StringInput) error {
	arg := fmt.Sprintf("Resources[%d]", i)
	if r == nil {
		return argErr(gatewayEndpoint, arg, nil, "is nil")
	}
	if v, ok := r.(pulumi.String); ok {
		return a.checkARN(arg, string(v))
	}
	return nil
}

func (a GatewayEndpointArgs) checkARN(arg, v string) error {
	check := awsrules.CheckBucketARN
	if a.Service == "dynamodb" {
		check = awsrules.CheckTableARN
	}
	if err := check(v); err != nil {
		return argErr(gatewayEndpoint, arg, v, "%v", err)
	}
	return nil
}

func (a GatewayEndpointArgs) validateCommon() error {
	c := gatewayEndpoint
	if err := validateNameTag(c, "NameTag", a.NameTag, ""); err != nil {
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

// ecrLayersAnyone is why the ECR layer statement has no account condition.
var ecrLayersAnyone = except("LAB-VPCE-01", "ECR image layers are read from the AWS-owned starport layer bucket as AWS documents: "+
	"the statement allows only s3:GetObject on that bucket")

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
		if err := a.checkARN(fmt.Sprintf("Resources[%d]", i), r); err != nil {
			return PolicyDocument{}, err
		}
		switch a.Service {
		case "s3":
			arns = append(arns, r, r+"/*")
		case "dynamodb":
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
	if a.AllowECRLayers {
		// As AWS documents it (awsrules.ECRLayerBucketSource): no account
		// condition, since the layer requests are not the caller's account's.
		doc.Statement = append(doc.Statement, Statement{
			Sid: "ECRImageLayers", Effect: "Allow", Principal: &Principal{Any: true}, Action: []string{"s3:GetObject"},
			Resource: []string{awsrules.ECRLayerBucket(partition, region)},
		})
	}
	doc.Statement = append(doc.Statement, a.ExtraStatements...)
	return doc, nil
}

// exceptions are the caller's accepted findings plus the endpoint's own:
// the anonymous repository statement. A caller's reason for the same rule wins.
func (a GatewayEndpointArgs) exceptions() Exceptions {
	if !a.GuardrailTags || a.Policy != PolicyLeastPrivilege {
		return a.Exceptions
	}
	own := Exceptions{}
	if a.AllowECRLayers {
		own = merge(own, ecrLayersAnyone)
	}
	if a.AllowAmazonLinuxRepos {
		own = merge(own, reposAnonymous)
	}
	return merge(own, a.Exceptions)
}

// NewGatewayEndpoint validates args, then creates the endpoint. A bad argument
// returns an *ArgError and registers nothing.
func NewGatewayEndpoint(ctx *pulumi.Context, name string, args *GatewayEndpointArgs, opts ...pulumi.ResourceOption) (*GatewayEndpoint, error) {
	if args == nil {
		args = &GatewayEndpointArgs{}
	}
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults(name)
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
	var policy pulumi.StringOutput
	if a.ownPolicy() {
		policy = callerPolicyJSON(gatewayEndpoint, a.PolicyDocument, a.PolicyJSON)
	} else {
		policy = a.generatedPolicy(inputs)
	}
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
	ge.Endpoint = ep
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

// generatedPolicy is the least-privilege (or full-access) policy, built
// once the account, partition, region and Resources are known.
func (a GatewayEndpointArgs) generatedPolicy(inputs []any) pulumi.StringOutput {
	return pulumi.All(inputs...).ApplyT(func(v []any) (string, error) {
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
}
