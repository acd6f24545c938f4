// Command vpclab is the Pulumi program: one stack per lab of the VPC endpoint
// study guides. All logic lives in package labs.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/labs"
)

func main() {
	pulumi.Run(labs.Program)
}
