package awsrules

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// AWSService is one AWS service an endpoint connects to: the short name of
// com.amazonaws.<region>.<Name>, the endpoint types it is offered as, and
// whether its interface endpoint takes a custom endpoint policy
// (DescribeVpcEndpointServices' VpcEndpointPolicySupported; gateway
// endpoints always take one). Source documents the service's endpoints;
// PolicySource the policy column.
type AWSService struct {
	Name            string
	Gateway         bool
	Interface       bool
	PolicySupported bool
	Source          string
	PolicySource    string
}

// Sources of the service table.
const (
	// The table of services that integrate with PrivateLink, with its
	// "Supports VPC endpoint policies" column (the last published version of
	// the page's source: awsdocs/amazon-vpc-user-guide
	// doc_source/integrated-services-vpce-list.md, 2021).
	srcPrivateLinkList = "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html ; " +
		"https://github.com/awsdocs/amazon-vpc-user-guide/blob/main/doc_source/integrated-services-vpce-list.md"
	// AWS's data-perimeter endpoint policies, one per service that takes one.
	srcPerimeter      = "https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies"
	srcS3Interface    = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html"
	srcS3GatewayEP    = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html"
	srcDDBInterface   = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/privatelink-interface-endpoints.html"
	srcDDBGatewayEP   = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-ddb.html"
	srcSSMVPC         = "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html"
	srcECRVPC         = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"
	srcCFNVPC         = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/vpc-interface-endpoints.html"
	srcKMSVPC         = "https://docs.aws.amazon.com/kms/latest/developerguide/kms-vpc-endpoint.html"
	srcLogsVPC        = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html"
	srcSecretsVPC     = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html"
	srcSTSVPC         = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts_vpce.html"
	srcEC2VPC         = "https://docs.aws.amazon.com/ec2/latest/devguide/interface-vpc-endpoints.html"
	srcLambdaVPC      = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-endpoints.html"
	srcSQSVPC         = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-internetwork-traffic-privacy.html"
	srcSNSVPC         = "https://docs.aws.amazon.com/sns/latest/dg/sns-internetwork-traffic-privacy.html"
	srcMonitoringVPC  = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-interface-VPC.html"
	srcEventsVPC      = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/events/cloudwatch-events-and-interface-VPC.html"
	srcStatesVPC      = "https://docs.aws.amazon.com/step-functions/latest/dg/vpc-endpoints.html"
	srcKinesisVPC     = "https://docs.aws.amazon.com/streams/latest/dev/vpc.html"
	srcELBVPC         = "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/load-balancer-vpc-endpoints.html"
	srcAutoScalingVPC = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-vpc-endpoints.html"
	srcExecuteAPIVPC  = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html"
	srcEFSVPC         = "https://docs.aws.amazon.com/efs/latest/ug/efs-vpc-endpoints.html"
	srcCodeBuildVPC   = "https://docs.aws.amazon.com/codebuild/latest/userguide/use-vpc-endpoints-with-codebuild.html"
	srcAthenaVPC      = "https://docs.aws.amazon.com/athena/latest/ug/interface-vpc-endpoint.html"
	srcRDSVPC         = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/vpc-interface-endpoints.html"
	srcFirehoseVPC    = "https://docs.aws.amazon.com/firehose/latest/dev/vpc.html"
)

// AWSServices is the table of AWS services vpclab knows endpoints of. A
// component refuses a service that is not here (with the nearest names)
// before it registers anything, unless the caller says it is unlisted on
// purpose: AWS adds services faster than any table, and those are then
// looked up at deployment.
var AWSServices = []AWSService{
	{Name: "athena", Interface: true, PolicySupported: true, Source: srcAthenaVPC, PolicySource: srcPrivateLinkList},
	{Name: "autoscaling", Interface: true, PolicySupported: true, Source: srcAutoScalingVPC, PolicySource: srcPrivateLinkList},
	{Name: "cloudformation", Interface: true, PolicySupported: true, Source: srcCFNVPC, PolicySource: srcPerimeter + "/cloudformation_endpoint_policy.json"},
	{Name: "codebuild", Interface: true, PolicySupported: true, Source: srcCodeBuildVPC, PolicySource: srcPrivateLinkList},
	{Name: "dynamodb", Gateway: true, Interface: true, PolicySupported: true, Source: srcDDBInterface + " ; " + srcDDBGatewayEP, PolicySource: srcDDBInterface},
	{Name: "ec2", Interface: true, PolicySupported: true, Source: srcEC2VPC, PolicySource: srcPerimeter + "/ec2_endpoint_policy.json"},
	{Name: "ec2messages", Interface: true, Source: srcSSMVPC, PolicySource: srcPrivateLinkList},
	{Name: "ecr.api", Interface: true, PolicySupported: true, Source: srcECRVPC, PolicySource: srcECRVPC + "#ecr-vpc-endpoint-policy"},
	{Name: "ecr.dkr", Interface: true, PolicySupported: true, Source: srcECRVPC, PolicySource: srcECRVPC + "#ecr-vpc-endpoint-policy"},
	{Name: "elasticfilesystem", Interface: true, PolicySupported: true, Source: srcEFSVPC, PolicySource: srcPrivateLinkList},
	{Name: "elasticloadbalancing", Interface: true, PolicySupported: true, Source: srcELBVPC, PolicySource: srcPrivateLinkList},
	{Name: "events", Interface: true, PolicySupported: true, Source: srcEventsVPC, PolicySource: srcPrivateLinkList},
	{Name: "execute-api", Interface: true, PolicySupported: true, Source: srcExecuteAPIVPC, PolicySource: srcPrivateLinkList},
	{Name: "kinesis-firehose", Interface: true, PolicySupported: true, Source: srcFirehoseVPC, PolicySource: srcPrivateLinkList},
	{Name: "kinesis-streams", Interface: true, PolicySupported: true, Source: srcKinesisVPC, PolicySource: srcPrivateLinkList},
	{Name: "kms", Interface: true, PolicySupported: true, Source: srcKMSVPC, PolicySource: srcKMSVPC + "#vpce-policy"},
	{Name: "lambda", Interface: true, PolicySupported: true, Source: srcLambdaVPC, PolicySource: srcPerimeter + "/lambda_endpoint_policy.json"},
	{Name: "logs", Interface: true, PolicySupported: true, Source: srcLogsVPC, PolicySource: srcLogsVPC},
	{Name: "monitoring", Interface: true, PolicySupported: true, Source: srcMonitoringVPC, PolicySource: srcPrivateLinkList},
	{Name: "rds", Interface: true, PolicySupported: true, Source: srcRDSVPC, PolicySource: srcPrivateLinkList},
	{Name: "s3", Gateway: true, Interface: true, PolicySupported: true, Source: srcS3Interface + " ; " + srcS3GatewayEP, PolicySource: srcS3Interface + "#creating-vpc-endpoint-policy"},
	{Name: "secretsmanager", Interface: true, PolicySupported: true, Source: srcSecretsVPC, PolicySource: srcSecretsVPC},
	{Name: "sns", Interface: true, PolicySupported: true, Source: srcSNSVPC, PolicySource: srcPrivateLinkList},
	{Name: "sqs", Interface: true, PolicySupported: true, Source: srcSQSVPC, PolicySource: srcPrivateLinkList},
	{Name: "ssm", Interface: true, PolicySupported: true, Source: srcSSMVPC, PolicySource: srcPerimeter + "/ssm_endpoint_policy.json"},
	{Name: "ssmmessages", Interface: true, Source: srcSSMVPC, PolicySource: srcPrivateLinkList},
	{Name: "states", Interface: true, PolicySupported: true, Source: srcStatesVPC, PolicySource: srcPrivateLinkList},
	{Name: "sts", Interface: true, PolicySupported: true, Source: srcSTSVPC, PolicySource: srcPerimeter + "/sts_endpoint_policy.json"},
}

// LookupAWSService finds a service of the table by its short name.
func LookupAWSService(name string) (AWSService, bool) {
	i := slices.IndexFunc(AWSServices, func(s AWSService) bool { return s.Name == name })
	if i < 0 {
		return AWSService{}, false
	}
	return AWSServices[i], true
}

// UnknownServiceError says a service is not in the table, with the names
// nearest to it ("did you mean").
func UnknownServiceError(name, endpointType string) error {
	var names []string
	for _, s := range AWSServices {
		if endpointType == "Gateway" && !s.Gateway || endpointType == "Interface" && !s.Interface {
			continue
		}
		names = append(names, s.Name)
	}
	msg := fmt.Sprintf("%s is not an AWS service with %s endpoints that vpclab knows", name, strings.ToLower(endpointType))
	if near := Nearest(name, names); len(near) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(near, " or "))
	}
	return fmt.Errorf("%s (known: %s) [%s]", msg, strings.Join(names, ", "), srcPrivateLinkList)
}

// Nearest returns the candidates within a small edit distance of s (a
// third of its length, at least 1, at most 3), nearest first.
func Nearest(s string, candidates []string) []string {
	limit := min(max(len(s)/3, 1), 3)
	type hit struct {
		name string
		d    int
	}
	var hits []hit
	for _, c := range candidates {
		if d := editDistance(s, c); d <= limit {
			hits = append(hits, hit{c, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].d < hits[j].d })
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.name
	}
	return out
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// ARN formats the components take.
const (
	srcS3ARN       = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html"
	srcDynamoDBARN = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies"
	// ECR stores image layers in S3: an S3 gateway endpoint's policy must
	// allow s3:GetObject on arn:aws:s3:::prod-<region>-starport-layer-bucket/*
	// ("Minimum Amazon S3 bucket permissions for Amazon ECR").
	srcECRLayerBucket = srcECRVPC + "#ecr-minimum-s3-perms"
)

var (
	bucketARNRe = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	tableARNRe  = regexp.MustCompile(`^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table/[A-Za-z0-9_.*-]{1,255}$`)
)

// CheckBucketARN says why s is not the ARN of an S3 bucket
// (arn:<partition>:s3:::<bucket>), or nil; a bare bucket name is named as such.
func CheckBucketARN(s string) error {
	if bucketARNRe.MatchString(s) {
		return nil
	}
	if !strings.HasPrefix(s, "arn:") && bucketName(resource.NewStringProperty(s), site{}) == "" {
		return fmt.Errorf("is a bucket name, not its ARN: give arn:aws:s3:::%s [%s]", s, srcS3ARN)
	}
	return fmt.Errorf("not a bucket ARN such as arn:aws:s3:::my-bucket (no key, no wildcard) [%s]", srcS3ARN)
}

// CheckTableARN says why s is not the ARN of a DynamoDB table, or nil. A
// wildcard in the name (table/*) stands for the account's tables.
func CheckTableARN(s string) error {
	if tableARNRe.MatchString(s) {
		return nil
	}
	return fmt.Errorf("not a table ARN such as arn:aws:dynamodb:<region>:<account>:table/<name> [%s]", srcDynamoDBARN)
}

// ECRLayerBucket is the S3 bucket ECR serves image layers from in a region,
// as an object ARN pattern for an S3 gateway endpoint policy (srcECRLayerBucket).
func ECRLayerBucket(partition, region string) string {
	return fmt.Sprintf("arn:%s:s3:::prod-%s-starport-layer-bucket/*", partition, region)
}

// ECRLayerBucketSource is where AWS documents ECRLayerBucket.
const ECRLayerBucketSource = srcECRLayerBucket
