package tests

import (
	"regexp"
	"testing"

	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/sim"
)

// englishPhrase is two English words in a row: a sentence left untranslated.
var englishPhrase = regexp.MustCompile(`\b[a-z]{2,} [a-z]{2,}\b`)

// TestReplaceNotesHaveKorean: vpclab diff prints a replacement's condition
// (sim.Replacements' notes) in the learner's language; a note added without
// its Korean pattern would print in English under --lang ko.
func TestReplaceNotesHaveKorean(t *testing.T) {
	for typ, tr := range sim.Replacements {
		for _, r := range tr.Rules {
			if r.Note == "" {
				continue
			}
			if ko := i18n.Localize(i18n.Ko, r.Note); ko == r.Note || englishPhrase.MatchString(ko) {
				t.Errorf("%s %s: note %q has no Korean (got %q); add it to i18n/patterns.go", typ, r.Path, r.Note, ko)
			}
		}
	}
}
