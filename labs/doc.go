// Package labs turns a stack's configuration into a lab: it reads every
// vpclab:* key into a typed Config, validates it (errors name the config key,
// the bad value and the rule) before anything is registered, and composes the
// components the selected lab needs. Program is the Pulumi entry point.
//
// Data flows one way: stack config → labs (what exists) → components (how it
// is wired) → pulumi-aws. labs never creates raw AWS resources itself.
package labs
