// Package iam decides AWS requests offline the way IAM does, against the
// policies a simulated run recorded: the principal's identity policies
// (inline role policies and attached managed policies), the VPC endpoint
// policy when the request passes through an endpoint, and the resource's own
// policy (an S3 bucket policy).
//
// The evaluation follows AWS's policy evaluation logic
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
//
//   - an explicit Deny in any applicable policy decides: denied;
//   - otherwise an Allow is needed: within one account from the identity
//     policy or the resource policy ("If either the identity-based policy or
//     the resource-based policy within the same account allows the request and
//     the other doesn't, the request is still allowed"); across accounts from
//     both; for an anonymous request from the resource policy alone (there is
//     no identity);
//   - and, when the request passes through a VPC endpoint, also from the
//     endpoint policy, which "does not override or replace identity-based
//     policies or resource-based policies"
//     (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
//
// It is small on purpose: it knows the condition keys and operators the labs'
// policies use, and anything else (an unknown key, an unknown operator, a
// policy variable, NotAction…) is an error, never a silent match or mismatch.
// Organizations policies, permissions boundaries and session policies do not
// exist in the labs and are not modelled.
package iam
