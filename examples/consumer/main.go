// Command vpclab-consumer is a Pulumi program of another project that imports
// the vpclab components: a private two-AZ network without NAT, an S3 gateway
// endpoint that lets dnf reach the Amazon Linux repositories, the Session
// Manager interface endpoints, and an instance reached only through them.
package main

import (
	"example.com/vpclab-consumer/network"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() { pulumi.Run(network.Program) }
