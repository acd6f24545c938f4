// Package tests holds black-box tests over the shipped stack files: each
// Pulumi.<stack>.yaml is merged with Pulumi.yaml defaults and run offline
// through package sim, and the tests assert the wiring the guides describe.
package tests
