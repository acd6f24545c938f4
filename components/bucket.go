package components

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
)

// SourceCondition is how a bucket policy recognises in-VPC requests.
type SourceCondition string

const (
	// SourceVpce: only through the given VPC endpoints (aws:SourceVpce).
	SourceVpce SourceCondition = "sourceVpce"
	// SourceVpc: through any endpoint of the given VPCs (aws:SourceVpc).
	SourceVpc SourceCondition = "sourceVpc"
	// SourceNone: no endpoint-only rule, only the TLS one (a guide's bucket
	// before its bucket-policy step); IAM alone decides who reads the data.
	SourceNone SourceCondition = "none"
)

// SourceConditions lists the accepted bucket policy conditions.
var SourceConditions = []SourceCondition{SourceVpce, SourceVpc}

// BucketDataActions are the data-plane actions an endpoint-only bucket policy
// denies outside the endpoint. Management actions stay reachable, so the
// deployer can always read and delete the policy.
var BucketDataActions = []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"}

// BucketPolicyArgs describes an endpoint-only bucket policy.
type BucketPolicyArgs struct {
	BucketARN string
	Condition SourceCondition
	// Sources are endpoint IDs (SourceVpce) or VPC IDs (SourceVpc).
	Sources []string
	// ExemptPrincipalARNs are never denied: the deployer (so `pulumi destroy`
	// and the console keep working) and any admins. ARN patterns may use *.
	ExemptPrincipalARNs []string
}

// EndpointOnlyBucketPolicy denies data access that does not come through the
// given endpoints or VPCs, except for the exempt principals, and denies any
// request without TLS. With no sources it denies all data access but the
// exempt principals'. It refuses to build a policy that would lock everyone out.
func EndpointOnlyBucketPolicy(a BucketPolicyArgs) (PolicyDocument, error) {
	key := map[SourceCondition]string{SourceVpce: "aws:SourceVpce", SourceVpc: "aws:SourceVpc", SourceNone: "none"}[a.Condition]
	switch {
	case key == "":
		return PolicyDocument{}, fmt.Errorf("bucket policy: condition %q must be sourceVpce, sourceVpc or none", a.Condition)
	case len(a.ExemptPrincipalARNs) == 0:
		return PolicyDocument{}, fmt.Errorf("bucket policy: no exempt principal; the deployer would be locked out of its own bucket")
	case awsrules.CheckBucketARN(a.BucketARN) != nil:
		return PolicyDocument{}, fmt.Errorf("bucket policy: BucketARN %q: %v", a.BucketARN, awsrules.CheckBucketARN(a.BucketARN))
	}
	resources := []string{a.BucketARN, a.BucketARN + "/*"}
	tls := Statement{
		Sid: "DenyInsecureTransport", Effect: "Deny", Principal: &Principal{Any: true},
		Action: []string{"s3:*"}, Resource: resources,
		Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}},
	}
	if a.Condition == SourceNone {
		return PolicyDocument{Version: PolicyVersion, Statement: []Statement{tls}}, nil
	}
	deny := map[string]map[string][]string{"ArnNotLike": {"aws:PrincipalArn": a.ExemptPrincipalARNs}}
	// With no endpoint yet (the guide's "before" state) only the exempt
	// principals reach the data; there is no in-VPC path to allow.
	if len(a.Sources) > 0 {
		deny["StringNotEquals"] = map[string][]string{key: a.Sources}
	}
	return PolicyDocument{Version: PolicyVersion, Statement: []Statement{
		{
			Sid: "DenyDataAccessOutsideTheEndpoint", Effect: "Deny", Principal: &Principal{Any: true},
			Action: BucketDataActions, Resource: resources, Condition: deny,
		},
		tls,
	}}, nil
}

var (
	assumedRoleRe = regexp.MustCompile(`^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role/([^/]+)/.+$`)
	iamPrincipal  = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(root|user/\S+|role/\S+)$`)
)

// DeployerPrincipalARNs turns the caller identity's ARN into the
// aws:PrincipalArn patterns that match it: an assumed-role session becomes its
// role (with or without a path, as SSO roles have one); users and root stay as they are.
func DeployerPrincipalARNs(callerARN string) ([]string, error) {
	if m := assumedRoleRe.FindStringSubmatch(callerARN); m != nil {
		base := fmt.Sprintf("arn:%s:iam::%s:role/", m[1], m[2])
		return []string{base + m[3], base + "*/" + m[3]}, nil
	}
	if iamPrincipal.MatchString(callerARN) {
		return []string{callerARN}, nil
	}
	return nil, fmt.Errorf("caller %q is neither an IAM user, root nor an assumed role", callerARN)
}

// PrivateBucketArgs configures a PrivateBucket.
type PrivateBucketArgs struct {
	// Condition defaults to SourceVpce.
	Condition SourceCondition
	// EndpointIDs are the VPC endpoints the data may be reached through
	// (SourceVpce). With none, only the deployer and AdminARNs reach the data.
	EndpointIDs []pulumi.StringInput
	// VpcIDs are the VPCs the data may be reached through (SourceVpc).
	VpcIDs []pulumi.StringInput
	// AdminARNs are exempt from the endpoint-only rule besides the deployer.
	AdminARNs []string
	// ForceDestroy lets `pulumi destroy` delete a bucket that still holds objects.
	ForceDestroy bool
	// NameTag is the Name tag: the guide's bucket name, since the real name is
	// autonamed to stay globally unique.
	NameTag string
	// Tags are merged into every child that takes tags.
	Tags map[string]string
}

// PrivateBucket is an S3 bucket whose objects are reachable only through
// given VPC endpoints (or VPCs) and only over TLS, with public access fully
// blocked, ACLs disabled and default encryption.
type PrivateBucket struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// BucketName is the bucket's autonamed, globally unique name.
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// BucketARN is the bucket's ARN, for endpoint and role policies.
	BucketARN pulumi.StringOutput `pulumi:"bucketArn"`
	// Policy is the bucket policy document (JSON).
	Policy pulumi.StringOutput `pulumi:"policy"`
}

const privateBucket = "PrivateBucket"

// The bucket is autonamed <name>-bucket-<7 chars>, which must stay a DNS
// name of at most 63 characters (AVD-AWS-0320: no dots).
var bucketBaseRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Validate checks the plain arguments without registering anything.
func (a PrivateBucketArgs) Validate(name string) error {
	c := privateBucket
	if a.Condition == "" {
		a.Condition = SourceVpce
	}
	if !bucketBaseRe.MatchString(name) || len(name+"-bucket-1234567") > 63 || strings.HasPrefix(name, "xn--") || strings.HasPrefix(name, "sthree-") {
		return argErr(c, "name", name, "the bucket is autonamed <name>-bucket-xxxxxxx: use lowercase letters, digits and hyphens, at most %d characters", 63-len("-bucket-1234567"))
	}
	switch a.Condition {
	case SourceNone:
		if len(a.VpcIDs) > 0 || len(a.EndpointIDs) > 0 {
			return argErr(c, "Condition", string(a.Condition), "takes no endpoint or VPC IDs: the policy restricts nothing to an endpoint")
		}
	case SourceVpce:
		if len(a.VpcIDs) > 0 {
			return argErr(c, "VpcIDs", len(a.VpcIDs), "only used with condition sourceVpc")
		}
	case SourceVpc:
		if len(a.VpcIDs) == 0 {
			return argErr(c, "VpcIDs", 0, "condition sourceVpc needs at least one VPC ID")
		}
		if len(a.EndpointIDs) > 0 {
			return argErr(c, "EndpointIDs", len(a.EndpointIDs), "only used with condition sourceVpce")
		}
	default:
		return argErr(c, "Condition", string(a.Condition), "must be sourceVpce, sourceVpc or none")
	}
	for i, arn := range a.AdminARNs {
		if !iamPrincipal.MatchString(arn) {
			return argErr(c, fmt.Sprintf("AdminARNs[%d]", i), arn, "not an IAM principal ARN such as arn:aws:iam::123456789012:role/Admin")
		}
	}
	if a.NameTag != "" {
		if err := validateNameTag(c, "NameTag", a.NameTag, ""); err != nil {
			return err
		}
	}
	return validateTags(c, a.Tags)
}

// NewPrivateBucket validates args, then creates the bucket and its guards.
func NewPrivateBucket(ctx *pulumi.Context, name string, args *PrivateBucketArgs, opts ...pulumi.ResourceOption) (*PrivateBucket, error) {
	if args == nil {
		args = &PrivateBucketArgs{}
	}
	a := *args
	if err := a.Validate(name); err != nil {
		return nil, err
	}
	if a.Condition == "" {
		a.Condition = SourceVpce
	}
	if a.NameTag == "" {
		a.NameTag = name
	}
	pb := &PrivateBucket{}
	if err := ctx.RegisterComponentResource("vpclab:index:PrivateBucket", name, pb, pb.children.track(opts)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(pb)

	// pulumi-aws v7 renamed BucketV2 to Bucket (aws:s3/bucket:Bucket); the
	// SDK registers it with an alias to the v6 type, so a deployed bucket keeps
	// its identity (see the README's v7 note).
	bucket, err := s3.NewBucket(ctx, name+"-bucket", &s3.BucketArgs{
		ForceDestroy: pulumi.Bool(a.ForceDestroy),
		Tags:         withName(a.Tags, a.NameTag),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: bucket: %w", name, err)
	}
	pab, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: public access block: %w", name, err)
	}
	ownership, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")}, // ACLs off
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: ownership controls: %w", name, err)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfiguration(ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationArgs{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationRuleArray{&s3.BucketServerSideEncryptionConfigurationRuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, parent); err != nil {
		return nil, fmt.Errorf("%s: encryption: %w", name, err)
	}

	caller := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent)
	sources := a.EndpointIDs
	if a.Condition == SourceVpc {
		sources = a.VpcIDs
	}
	inputs := []any{bucket.Arn, caller.Arn()}
	for _, s := range sources {
		inputs = append(inputs, s)
	}
	policy := pulumi.All(inputs...).ApplyT(func(v []any) (string, error) {
		exempt, err := DeployerPrincipalARNs(v[1].(string))
		if err != nil {
			return "", err
		}
		var ids []string
		for _, s := range v[2:] {
			ids = append(ids, s.(string))
		}
		doc, err := EndpointOnlyBucketPolicy(BucketPolicyArgs{
			BucketARN: v[0].(string), Condition: a.Condition, Sources: ids, ExemptPrincipalARNs: append(exempt, a.AdminARNs...),
		})
		if err != nil {
			return "", err
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	if _, err := s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policy,
	}, parent, pulumi.DependsOn([]pulumi.Resource{pab, ownership})); err != nil {
		return nil, fmt.Errorf("%s: bucket policy: %w", name, err)
	}

	pb.BucketName = bucket.Bucket
	pb.BucketARN = bucket.Arn
	pb.Policy = policy
	if err := ctx.RegisterResourceOutputs(pb, pulumi.Map{
		"bucketName": pb.BucketName,
		"bucketArn":  pb.BucketARN,
		"policy":     pb.Policy,
	}); err != nil {
		return nil, err
	}
	return pb, nil
}
