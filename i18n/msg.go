package i18n

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Msg is one message in both languages, side by side: fmt formats whose
// Korean may reorder the arguments (%[2]s). Every Msg lives in catalogue.go.
type Msg struct{ En, Ko string }

// T formats the message in the language. The Korean may carry particle
// markers ({을}, {이}, {은}, {으로}, {과}) right after an argument: each
// becomes the form the word before it takes (see particles).
func (l Lang) T(m Msg, a ...any) string {
	if l == Ko {
		return Particles(fmt.Sprintf(m.Ko, a...))
	}
	return fmt.Sprintf(m.En, a...)
}

// Pattern translates an English text that another package produced (a
// configuration error, a guardrail's finding, a quota's name): En is a
// regular expression over the English, Ko its Korean with ${1}… for the
// groups. Patterns are tried in catalogue order, each replacing every match.
type Pattern struct {
	En string
	Ko string
	re *regexp.Regexp
}

// Localize puts an English text into the language through the catalogue's
// patterns; what no pattern matches stays as it was (a name, a value).
func Localize(l Lang, s string) string {
	if l != Ko {
		return s
	}
	for i := range patterns {
		p := &patterns[i]
		s = p.re.ReplaceAllString(s, p.Ko)
	}
	return Particles(s)
}

// The alternating particles, by marker: the form after a final consonant,
// then the form after a vowel.
var particleForms = map[string][2]string{
	"을": {"을", "를"}, "이": {"이", "가"}, "은": {"은", "는"}, "과": {"과", "와"}, "으로": {"으로", "로"}, "이나": {"이나", "나"},
}

var particleMarker = regexp.MustCompile(`\{(을|이|은|과|으로|이나)\}`)

// Particles resolves the particle markers of a Korean text by the word
// each follows: its last Hangul syllable's final consonant, or a number as
// it is read (1 일, 3 삼, 6 육…). After anything else (a Latin name) the
// pronunciation is not knowable, and a message must be phrased to need no
// particle there; such a marker is left unresolved, and the tests that scan
// the Korean output find it.
func Particles(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range particleMarker.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:loc[0]])
		forms := particleForms[s[loc[2]:loc[3]]]
		switch final, ok := finalConsonant(s[:loc[0]]); {
		case !ok:
			b.WriteString(s[loc[0]:loc[1]])
		case final == 0 || (final == 'ㄹ' && forms[0] == "으로"):
			b.WriteString(forms[1])
		default:
			b.WriteString(forms[0])
		}
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// finalConsonant is the final consonant the text ends on when read aloud
// (0: a vowel), and whether that is known.
func finalConsonant(s string) (rune, bool) {
	s = strings.TrimRight(s, `)]"'`+"`")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case r >= 0xAC00 && r <= 0xD7A3:
		return []rune("\x00ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")[(r-0xAC00)%28], true
	case r >= '0' && r <= '9':
		// A round number ends on 십, 백, 천 or 만 (10, 100, 1000, 10000);
		// else on its last digit: 영 일 이 삼 사 오 육 칠 팔 구.
		digits := strings.TrimRightFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
		num := s[len(digits):]
		if zeros := len(num) - len(strings.TrimRight(num, "0")); zeros > 0 && zeros < len(num) {
			return []rune("ㅂㄱㄴㄴ")[min(zeros, 4)-1], true
		}
		return []rune("ㅇㄹ\x00ㅁ\x00\x00ㄱㄹㄹ\x00")[r-'0'], true
	}
	return 0, false
}
