// Package sim is vpclab's simulated AWS: a Pulumi mock monitor that records
// every resource registration (type, name, inputs, parent, provider,
// dependencies and property dependencies), answers it with AWS-looking IDs and
// attributes, answers the invokes vpclab uses with realistic values for the
// supported regions, and fails loudly on anything it does not know.
//
// Load merges Pulumi.yaml defaults with Pulumi.<stack>.yaml as the Pulumi CLI
// does, and Run executes a program against the simulation and returns the
// recorded Graph with the stack's exports. Tests and the offline `vpclab plan`
// command share it, so what a learner sees offline is what the tests assert.
package sim
