// Package labs turns a stack's configuration into a lab: it reads every
// vpclab:* key into a typed Config, validates it (errors name the config key,
// the bad value and the rule) before anything is registered, and composes the
// components the selected lab needs. Program is the Pulumi entry point.
//
// Each lab is also a sequence of its guide's stages (package guide, whose
// names labs repeats: Labs, LabByName, GuideChecks). vpclab:step selects
// one; a stage sets the keys (StepKeys) that the stack leaves at their
// project default "step", and any other value wins. A stage lists the guide's checks with the result the guide
// expects there (Expect, by GuideCheck ID), and the stack exports its step.
//
// Data flows one way: stack config → labs (what exists) → components (how it
// is wired) → pulumi-aws. labs never creates raw AWS resources itself.
package labs
