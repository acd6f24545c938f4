// Package cli is the vpclab command (cmd/vpclab, whose doc lists the
// commands): Run parses the arguments and runs one command.
//
// It is a package of its own so that the command's tests can live in
// package tests and share its test binary, instead of linking pulumi-aws
// into one of their own (seconds of every `go test ./...`). What those
// tests call is exported here: Run and the exit codes, Commands, Render
// and its parts (RenderPlan, RenderCosts, RenderMermaid, NodeID, Estimate),
// and the seams they replace (Simulate, StackOutputs, NewVerifier,
// Interrupted).
package cli
