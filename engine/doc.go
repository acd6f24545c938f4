// Package engine runs vpclab under the real Pulumi engine, offline: the
// Pulumi CLI built from pkg/v3 (scripts/engine-tools.sh), the Automation
// API's inline program as the Go language host, and the simulated AWS served
// as the aws provider (sim/awsprovider) that the engine attaches to through
// PULUMI_DEBUG_PROVIDERS. Its tests walk every shipped stack through
// preview, up, every step, refresh and destroy, check bad configuration
// through the real CLI, and run the YAML and Go examples with the vpclab
// plugin attached. It is a module of its own so that nothing the engine
// needs enters the main module.
package engine
