// Package tests holds black-box tests over the shipped stack files: each
// Pulumi.<stack>.yaml is merged with Pulumi.yaml defaults and run offline
// through package sim, and the tests assert the wiring the guides describe.
//
// It also holds the black-box tests of the packages whose tests link
// pulumi-aws (the vpclab command's internal/cli, checks, guard, sim's runs
// of pulumi-aws resources, sim/awsprovider), each file named after its
// package (cli_steps_test.go, sim_diff_test.go).
// Linking pulumi-aws into a test binary takes seconds, most of a warm
// `go test ./...`; in one package they share one binary. Tests that need a
// package's unexported names stay in that package.
package tests
