// Package components is vpclab's library of Pulumi ComponentResources for AWS VPC
// endpoint networking: NetworkBase (VPC, subnets, routes, NAT) and BastionPair
// (bastion + private instance, SSM or SSH access).
//
// Every constructor follows Pulumi's component anatomy: it validates its
// arguments first (a bad argument returns an *ArgError and registers nothing),
// registers the component with a vpclab:index:<Name> type token, parents every
// child to the component under the name "<name>-<role>", merges Args.Tags plus
// a Name tag into every taggable child, and finishes with
// RegisterResourceOutputs.
//
// Plain Go values decide the shape of the graph (CIDRs, AZ picks, modes, toggles);
// pulumi.Inputs carry what other resources produce (VPC ID, subnet IDs). The
// defaults are the safe ones: no SSH from 0.0.0.0/0, IMDSv2 with hop limit 1,
// encrypted gp3 root volumes, the VPC default security group stripped of rules,
// and IAM policies built as typed Go values (see PolicyDocument).
//
// Child resource names are part of each resource's URN: they are stable
// across toggles so that turning a feature on or off never replaces a VPC,
// subnet or instance.
package components
