package cli

import (
	"fmt"
	"io"

	"github.com/vpclab/vpclab/i18n"
)

// fail reports that a stack does not build, in the learner's language: the
// catalogue's patterns put the configuration rules, which the packages below
// write in English, into Korean.
func fail(stderr io.Writer, lang i18n.Lang, cmd string, err error) {
	fmt.Fprintf(stderr, "vpclab %s: %s\n", cmd, lang.T(i18n.CmdCantBuild, i18n.Localize(lang, err.Error())))
}
