// Command vpclab is the Pulumi program: one stack per lab of the VPC endpoint
// study guides. All logic lives in package labs; the program speaks the
// language of LC_ALL, LC_MESSAGES or LANG, as the vpclab CLI does.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/labs"
)

func main() {
	pulumi.Run(labs.ProgramIn(i18n.FromEnv()))
}
