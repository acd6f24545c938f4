// Package components is vpclab's library of Pulumi ComponentResources for AWS VPC
// endpoint networking, each with one constructor New<Name>:
//
//   - NetworkBase: VPC, subnets, route tables, internet gateway, NAT, flow logs.
//   - GatewayEndpoint: an S3 or DynamoDB gateway endpoint with an explicit policy.
//   - InterfaceEndpoint: an interface endpoint with its own security group or the caller's.
//   - InterfaceEndpoints: a bundle of interface endpoints, one per service.
//   - PrivateLinkService: an NLB published as an endpoint service, with an optional consumer.
//   - BastionPair: a private instance reached by Session Manager or SSH through a bastion.
//   - WebServers: instances serving a page, the targets of a PrivateLinkService.
//   - PrivateBucket: an S3 bucket reachable only through endpoints or VPCs.
//
// The defaults are a platform's, not a lab's: no vpclab: tag or lab wording
// unless asked (GuardrailTags), and no setting that changes written into a
// security group description, which EC2 cannot update.
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
// To depend on a component, use DependsOn(component, ...) rather than
// pulumi.DependsOn: the Go SDK expands a component only to the children whose
// registration has begun (pulumi/pulumi#7852), while every vpclab component
// records all the resources registered under it (Component.ChildResources)
// and DependsOn, like BootAfter, expands to all of them.
//
// Child resource names are part of each resource's URN: they are stable
// across toggles so that turning a feature on or off never replaces a VPC,
// subnet or instance.
package components
