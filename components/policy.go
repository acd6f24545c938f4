package components

import "github.com/vpclab/vpclab/policy"

// The policy documents the components take and write are package policy's
// types; these names keep the components' API as it was.
type (
	// PolicyDocument is an IAM, resource or endpoint policy as a typed value.
	PolicyDocument = policy.Document
	// Statement is one policy statement.
	Statement = policy.Statement
	// Principal is a policy principal: everyone, or AWS and Service principals.
	Principal = policy.Principal
)

// PolicyVersion is the only IAM policy language version vpclab writes.
const PolicyVersion = policy.Version

// ParsePolicyDocument reads policy JSON as AWS accepts it (policy.Parse).
func ParsePolicyDocument(js string) (PolicyDocument, error) { return policy.Parse(js) }

// AssumeRoleForService is the trust policy that lets one AWS service assume
// a role, e.g. "ec2.amazonaws.com".
func AssumeRoleForService(service string) PolicyDocument { return policy.AssumeRoleForService(service) }
