package labs

import (
	"errors"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/i18n"
)

// ProgramIn is Program speaking the learner's language: under `pulumi up`
// its warnings and a configuration error reach the terminal in it. The
// program reads the language as the vpclab CLI does (main.go passes
// i18n.FromEnv: LC_ALL, LC_MESSAGES, then LANG). Program itself speaks
// English: the CLI runs it in-process and puts its messages into the
// language of --lang.
func ProgramIn(lang i18n.Lang) pulumi.RunFunc {
	if lang == i18n.En {
		return Program
	}
	return func(ctx *pulumi.Context) error {
		ctx.Log = localLog{ctx.Log, lang}
		if err := Program(ctx); err != nil {
			return errors.New(i18n.Localize(lang, err.Error()))
		}
		return nil
	}
}

// localLog puts the program's log messages into a language.
type localLog struct {
	pulumi.Log
	lang i18n.Lang
}

func (l localLog) Info(msg string, args *pulumi.LogArgs) error {
	return l.Log.Info(i18n.Localize(l.lang, msg), args)
}
func (l localLog) Warn(msg string, args *pulumi.LogArgs) error {
	return l.Log.Warn(i18n.Localize(l.lang, msg), args)
}
func (l localLog) Error(msg string, args *pulumi.LogArgs) error {
	return l.Log.Error(i18n.Localize(l.lang, msg), args)
}
