package iam

import (
	"fmt"
	"strings"

	"github.com/vpclab/vpclab/policy"
)

// What the simulation knows of policies AWS owns. Each is the published
// document where AWS publishes one, or the smallest model the labs' checks
// need where it does not; every model says which.

// ssmManagedInstanceCore is AmazonSSMManagedInstanceCore, policy version v2,
// as published in the AWS Managed Policy Reference:
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html
var ssmManagedInstanceCore = policy.Document{Version: policy.Version, Statement: []policy.Statement{
	{Effect: "Allow", Resource: []string{"*"}, Action: []string{
		"ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument", "ssm:DescribeDocument",
		"ssm:GetManifest", "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations",
		"ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult", "ssm:UpdateAssociationStatus",
		"ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation",
	}},
	{Effect: "Allow", Resource: []string{"*"}, Action: []string{
		"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
	}},
	{Effect: "Allow", Resource: []string{"*"}, Action: []string{
		"ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
		"ec2messages:GetMessages", "ec2messages:SendReply",
	}},
}}

// administratorAccess is AdministratorAccess, "Action": "*" on "*" (AWS
// Managed Policy Reference,
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html).
var administratorAccess = policy.Document{Version: policy.Version, Statement: []policy.Statement{
	{Effect: "Allow", Action: []string{"*"}, Resource: []string{"*"}},
}}

var managedPolicies = map[string]policy.Document{
	"AmazonSSMManagedInstanceCore": ssmManagedInstanceCore,
	"AdministratorAccess":          administratorAccess,
}

// ManagedPolicy returns an AWS managed policy by ARN
// (arn:<partition>:iam::aws:policy/<name>); one the simulation does not know
// is an error, never an empty policy.
func ManagedPolicy(arn string) (Policy, error) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[2] != "iam" || p[4] != "aws" || !strings.HasPrefix(p[5], "policy/") {
		return Policy{}, fmt.Errorf("%q is not an AWS managed policy ARN such as arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", arn)
	}
	name := strings.TrimPrefix(p[5], "policy/")
	doc, ok := managedPolicies[name]
	if !ok {
		return Policy{}, fmt.Errorf("the AWS managed policy %s is not modelled (sim/iam/aws.go)", name)
	}
	return Policy{Name: name, Layer: Identity, Doc: doc}, nil
}

// AdministratorAccess is the identity policy the simulation gives the
// deployer and other administrators: the deployer can create every resource
// of a stack, so it is modelled as an administrator.
func AdministratorAccess() Policy {
	return Policy{Name: "AdministratorAccess", Layer: Identity, Doc: administratorAccess}
}

// defaultEndpointPolicy is what AWS attaches to an endpoint created without a
// policy: "The default endpoint policy grants full access to the endpoint"
// (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
var defaultEndpointPolicy = policy.Document{Version: policy.Version, Statement: []policy.Statement{
	{Effect: "Allow", Principal: &policy.Principal{Any: true}, Action: []string{"*"}, Resource: []string{"*"}},
}}

// AmazonLinuxRepoBucket is the S3 bucket dnf on Amazon Linux 2023 reads in a
// region. AWS names it in the Application Migration Service guide ("add the
// following resource ARN to the endpoint policy:
// arn:aws:s3:::al2023-repos-<REGION>-de612dc2/*", and the repository "is
// accessed through the Amazon S3 dual-stack endpoint
// https://al2023-repos-<region>-de612dc2.s3.dualstack.<region>.amazonaws.com/"):
// https://docs.aws.amazon.com/mgn/latest/ug/Troubleshooting-Communication-Errors.html#missing-al2023-repo-access
// AL2023's own repository file points dnf's mirror list at the same host.
func AmazonLinuxRepoBucket(region string) string {
	return "al2023-repos-" + region + "-de612dc2"
}

// AWSOwner marks a resource that belongs to AWS, not to the lab's account.
const AWSOwner = "aws"

// ExternalBucket is a bucket outside the stack: AWS's package repositories,
// or another account's bucket a negative check points at.
type ExternalBucket struct {
	Name   string
	Owner  string  // account ID, or AWSOwner
	Policy *Policy // nil: no bucket policy
}

// AmazonLinuxRepos models the AL2023 repository bucket of a region. dnf
// fetches from it without credentials, so its policy must let anonymous
// callers read it; AWS does not publish the policy, so it is modelled as
// exactly that: Allow "*" s3:GetObject on the bucket's objects.
func AmazonLinuxRepos(region string) ExternalBucket {
	name := AmazonLinuxRepoBucket(region)
	return ExternalBucket{Name: name, Owner: AWSOwner, Policy: &Policy{
		Name: name + " (AWS-owned, modelled)", Layer: Resource,
		Doc: policy.Document{Version: policy.Version, Statement: []policy.Statement{{
			Sid: "PublicRead", Effect: "Allow", Principal: &policy.Principal{Any: true},
			Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::" + name + "/*"},
		}}},
	}}
}
