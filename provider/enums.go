package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/vpclab/vpclab/components"
)

// The modes as enums. Their values are the components' own lists, so a mode
// added to the Go library appears in the schema (and the golden file).

// NatMode mirrors components.NATMode (the schema keeps the token NatMode,
// the SDKs' spelling).
type NatMode string

// Values implements infer.Enum.
func (NatMode) Values() []infer.EnumValue[NatMode] {
	return enumValues[NatMode]("NATMode", components.NATModes)
}

// Annotate pins the token.
func (m *NatMode) Annotate(a infer.Annotator) { a.SetToken("index", "NatMode") }

// NatAddressMode mirrors components.NATAddressMode.
type NatAddressMode string

// Values implements infer.Enum.
func (NatAddressMode) Values() []infer.EnumValue[NatAddressMode] {
	return enumValues[NatAddressMode]("NATAddressMode", components.NATAddressModes)
}

// Annotate pins the token.
func (m *NatAddressMode) Annotate(a infer.Annotator) { a.SetToken("index", "NatAddressMode") }

// AccessMode mirrors components.AccessMode.
type AccessMode string

// Values implements infer.Enum.
func (AccessMode) Values() []infer.EnumValue[AccessMode] {
	return enumValues[AccessMode]("AccessMode", components.AccessModes)
}

// Annotate pins the token.
func (m *AccessMode) Annotate(a infer.Annotator) { a.SetToken("index", "AccessMode") }

// PolicyMode mirrors components.PolicyMode.
type PolicyMode string

// Values implements infer.Enum.
func (PolicyMode) Values() []infer.EnumValue[PolicyMode] {
	return enumValues[PolicyMode]("PolicyMode", components.PolicyModes)
}

// Annotate pins the token.
func (m *PolicyMode) Annotate(a infer.Annotator) { a.SetToken("index", "PolicyMode") }

// SourceCondition mirrors components.SourceCondition.
type SourceCondition string

// Values implements infer.Enum.
func (SourceCondition) Values() []infer.EnumValue[SourceCondition] {
	return enumValues[SourceCondition]("SourceCondition", components.SourceConditions)
}

// Annotate pins the token.
func (m *SourceCondition) Annotate(a infer.Annotator) { a.SetToken("index", "SourceCondition") }

// PlacementStrategy is BastionPairArgs.PlacementStrategy's values
// (components.PlacementStrategies; unset is no placement group).
type PlacementStrategy string

// Values implements infer.Enum.
func (PlacementStrategy) Values() []infer.EnumValue[PlacementStrategy] {
	return enumValues[PlacementStrategy]("", components.PlacementStrategies)
}

// Annotate pins the token.
func (m *PlacementStrategy) Annotate(a infer.Annotator) { a.SetToken("index", "PlacementStrategy") }

// str is an optional enum's value as the components take it ("" when unset).
func str[E ~string](e *E) string {
	if e == nil {
		return ""
	}
	return string(*e)
}
