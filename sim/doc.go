// Package sim is vpclab's simulated AWS: a Pulumi mock monitor that records
// every resource registration (type, name, inputs, parent, provider,
// dependencies and property dependencies), answers it with AWS-looking IDs and
// attributes, answers the invokes vpclab uses with realistic values for the
// supported regions, and fails loudly on anything it does not know.
//
// Before it answers, the simulated AWS judges every registration against
// one table of AWS's input rules (Rules: character sets, lengths, enums,
// conditional requirements, unique names, service capabilities, per-service
// tag rules, each with AWS's error code and source page) and against the
// default quotas (Quotas); a value AWS would refuse fails the run with
// AWS's error, and Result.Rules counts what was judged.
//
// Load merges Pulumi.yaml defaults with Pulumi.<stack>.yaml as the Pulumi CLI
// does, and Run executes a program against the simulation and returns the
// recorded Graph with the stack's exports. Tests and the offline `vpclab plan`
// command share it, so what a learner sees offline is what the tests assert.
//
// Diff compares two recorded graphs as a preview of the update from one to the
// other would: created, deleted, updated in place, or replaced — by the inputs
// the Terraform AWS provider marks ForceNew (Replacements, each with the
// provider file that says so), cascading to what takes a replaced resource's
// ID — with inputs under ignoreChanges reported but left alone. WithAMIRelease
// simulates a later Amazon Linux image.
package sim
