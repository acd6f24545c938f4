package cli

import (
	"fmt"
	"io"
	"regexp"

	"github.com/vpclab/vpclab/i18n"
)

// fail reports that a stack does not build, in the learner's language.
func fail(stderr io.Writer, lang i18n.Lang, cmd string, err error) {
	fmt.Fprintf(stderr, "vpclab %s: %s\n", cmd, localize(err.Error(), lang))
}

// koRules put the most common configuration messages into Korean; a
// message none matches stays English under a Korean lead, so nothing is lost.
var koRules = []struct {
	re *regexp.Regexp
	ko string
}{
	{regexp.MustCompile(`; did you mean (\S+)\?`), "; 혹시 ${1}을(를) 뜻했나요?"},
	{regexp.MustCompile(`: must be one of (.+?)(, or step for the value of the selected vpclab:step)?(;|$)`), ": ${1} 중 하나여야 합니다${3}"},
	{regexp.MustCompile(`: (is not|must be) true or false(, or step for the value of the selected vpclab:step)?`), ": true 또는 false여야 합니다"},
	{regexp.MustCompile(`: is not an integer; give a whole number`), ": 정수가 아닙니다. 정수를 주세요"},
	{regexp.MustCompile(`: is far too large; give a whole number( such as (\d+))?`), ": 너무 큰 수입니다. 정수를 주세요"},
	{regexp.MustCompile(`the (\S+) lab's steps are (.+?)(;|$)`), "${1} 실습의 단계는 ${2}입니다${3}"},
	{regexp.MustCompile(`: wider than /(\d+); set (\S+) true to accept it`), ": /${1}보다 넓은 범위입니다. 받아들이려면 ${2}를 true로 설정하세요"},
	{regexp.MustCompile(`: SSH from the whole internet is refused \((.+)\); give your own address`), ": 인터넷 전체에서 오는 SSH는 거부합니다(${1}). 내 주소를 주세요"},
	{regexp.MustCompile(`Stack '(\S+)' uses configuration (\S+) which is not defined by the project configuration`), "스택 ${1}이(가) 쓰는 설정 ${2}는 Pulumi.yaml에 선언되지 않았습니다"},
	{regexp.MustCompile(`: is not valid JSON at character (\d+)( \(put it in brackets, each text in double quotes\))?; give a list such as (.+?)(, or step for the value of the selected vpclab:step)?$`), ": ${1}번째 글자에서 올바른 JSON이 아닙니다. [\"a\",\"b\"]처럼 대괄호와 큰따옴표로 주세요. 예: ${3} (step이면 선택한 단계의 값)"},
}

// localize gives the Korean of a message where it has one, behind a lead
// saying that the stack does not build.
func localize(msg string, lang i18n.Lang) string {
	if lang != i18n.Ko {
		return msg
	}
	for _, r := range koRules {
		msg = r.re.ReplaceAllString(msg, r.ko)
	}
	return "스택을 만들 수 없습니다: " + msg
}

// localizeHint gives a "did you mean" hint in the learner's language.
func localizeHint(hint string, lang i18n.Lang) string {
	if lang != i18n.Ko {
		return hint
	}
	return koRules[0].re.ReplaceAllString(hint, koRules[0].ko)
}
