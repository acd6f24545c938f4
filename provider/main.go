// Command pulumi-resource-vpclab is vpclab as a Pulumi plugin package: the
// components of github.com/vpclab/vpclab/components, served to every Pulumi
// language. A TypeScript, Python or YAML project runs
//
//	pulumi package add <path or git URL of this directory>
//
// and gets an SDK in its own language; `vpclab:index:NetworkBase` is then the
// same resource type a Go program registers with components.NewNetworkBase.
//
// The plugin only adapts: each component has an args struct with `pulumi`
// tags (converted field by field to the component's Args) and a result
// struct carrying the component's outputs, and Construct calls the
// component's own constructor. Descriptions come from the components' doc
// comments (docs_gen.go), and validation errors are the components' own,
// naming inputs as the schema spells them (names.go).
package main

import (
	"context"
	"fmt"
	"os"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
)

// pkgName is the package name: the first part of every token (vpclab:index:NetworkBase).
const pkgName = "vpclab"

// version is the plugin's version, reported to the engine.
const version = "0.1.0"

func main() {
	prov, err := provider()
	if err != nil {
		fmt.Fprintf(os.Stderr, "vpclab: %v\n", err)
		os.Exit(1)
	}
	if err := prov.Run(context.Background(), pkgName, version); err != nil {
		fmt.Fprintf(os.Stderr, "vpclab: %v\n", err)
		os.Exit(1)
	}
}

// provider serves the components. Every token is pinned in the result
// types' Annotate (vpclab:index:<Name>), so a test binary serves the same
// schema as the built plugin.
func provider() (p.Provider, error) {
	prov, err := infer.NewProviderBuilder().
		WithDisplayName("vpclab").
		WithDescription("AWS VPC endpoint networking components from the vpclab study labs: NetworkBase, BastionPair, "+
			"GatewayEndpoint, InterfaceEndpoint(s), PrivateLinkService, WebServers and PrivateBucket, with safe defaults.").
		WithKeywords("aws", "vpc", "vpc-endpoints", "privatelink", "category/network", "kind/component").
		WithComponents(
			infer.ComponentF(newNetworkBase),
			infer.ComponentF(newBastionPair),
			infer.ComponentF(newGatewayEndpoint),
			infer.ComponentF(newInterfaceEndpoint),
			infer.ComponentF(newInterfaceEndpoints),
			infer.ComponentF(newPrivateLinkService),
			infer.ComponentF(newWebServers),
			infer.ComponentF(newPrivateBucket),
		).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	return servesManyDeployments(withConsumerSchema(withConsumerErrors(prov))), nil
}
