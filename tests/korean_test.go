package tests

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/checks"
	"github.com/vpclab/vpclab/internal/cli"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// Korean all the way: under --lang ko (or LANG=ko_KR.UTF-8) every line
// vpclab prints is Korean, except names, keys, values, commands and AWS
// terms. englishIn finds every other Latin word.

// koTerms are the Latin words Korean text keeps: AWS's own terms and
// service names, the commands a learner types, the formats and tools the
// output names. Everything else Latin must be a name, key or value, which
// the scan recognises by its shape (digits, -, _, ., :, /, =, camelCase),
// by quotes or backticks, or by being one of the project's own names
// (stacks, labs, steps, check IDs).
var koTerms = words(`
	AWS ASCII VPC VPCs NAT IGW EIP ENI ENIs NLB SG AZ AZs IAM SSM SSH ICMP TCP UDP HTTP HTTPS TLS DNS ARN AMI CIDR CIDRs
	JSON YAML USD ID IDs IP IPs RFC ACL ACLs EBS NLCU CLI API APIs Sid
	Amazon Linux Systems Session Manager Run Command Service Quotas CloudFormation DynamoDB PrivateLink
	Instance Connect Route Resolver Elastic
	Gateway Interface Endpoint internal network forward ALL ACCEPT REJECT BucketOwnerEnforced PublicRead
	tcp udp icmp echo-request
	Pulumi Mermaid Markdown GitHub VS Code PowerShell CloudNeta
	pulumi vpclab ssh ping curl dnf yum git aws bash zsh httpd getent dig
	awsguard prowler NIST Name DIR FORMAT N D vpce instance
	en ko text json mermaid
	true false none single regional both ssm ssh ssmmessages ec2messages cloudformation dynamodb
	vpc igw nat bastion bucket policy step access
	cluster partition spread auto manual LANG encryptionsalt`)

// commandLine is a command a learner types, with its arguments: its words
// stay as they are.
var commandLine = regexp.MustCompile(`\b(pulumi|vpclab|git|aws|yum|dnf|export)((\s+\S*[0-9:/.<>=$"]\S*)|(\s+-{1,2}[\w\-]+(=\S*)?)|(\s+(config|set|get|up|destroy|stack|select|output|rm|login|preview|refresh|plan|steps|diff|labs|verify|rehearse|checkout|ls|cp|install|ssm|s3|start-session)\b))+`)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// projectNames are the project's names a Korean text shows as they are.
func projectNames() map[string]bool {
	m := map[string]bool{}
	for _, c := range cli.Commands() {
		m[c.Name] = true
	}
	stacks, _ := sim.Stacks(projectDir)
	for _, s := range stacks {
		m[s] = true
	}
	for _, l := range labs.Labs() {
		m[l.Name] = true
		for _, s := range l.Steps {
			m[s.Name] = true
		}
	}
	for _, c := range checks.Catalogue {
		m[c.ID] = true
	}
	return m
}

// noteHeadings are the study notes' own headings (the labs' and steps'
// Korean titles), some of which are English: a Korean text quotes them as
// the notes wrote them.
func noteHeadings() []string {
	var out []string
	for _, l := range labs.Labs() {
		out = append(out, l.TitleKo)
		for _, s := range l.Steps {
			out = append(out, s.TitleKo)
		}
	}
	return out
}

var (
	quoted      = regexp.MustCompile("`[^`]*`|\"[^\"]*\"|'[^']*'|<[^>]*>|https?://\\S+|file://\\S+")
	treeMarks   = regexp.MustCompile(`^[\s│├└─]*`)
	camel       = regexp.MustCompile(`[a-z][A-Z]`)
	jsonLine    = regexp.MustCompile(`^([+\-]\s+)?["{}\[\]]`)
	shapeOfName = regexp.MustCompile(`[0-9_\-.:/=@*$~#+%&|\\]`)
	dualForm    = regexp.MustCompile(`을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|\(으\)로|\{(을|이|은|과|으로|이나)\}`)
	particle    = regexp.MustCompile(`([A-Za-z0-9=.\-]+)[)\]"'` + "`" + `>]*(을|를|이|가|은|는|과|와|으로|로)(\s|$|[.,:;)])`)
)

// readings are how the Latin words a Korean text puts a particle after are
// read aloud: 'v' ends on a vowel, 'l' on ㄹ, 'c' on another consonant. An
// acronym reads letter by letter and a number digit by digit (or as a round
// ten, hundred…); any other word needs an entry here, or a message phrased
// to need no particle after it.
var readings = map[string]byte{
	"dnf": 'v', "httpd": 'v', "vpclab": 'c', "pulumi": 'v', "config": 'v', "value": 'v', "command": 'v', "connect": 'v',
	"create": 'v', "set": 'c', "user": 'v', "to": 'v', "json": 'c', "ip": 'v', "dev": 'v',
	"manager": 'v', "destroy": 'v', "ls": 'v', "yaml": 'l', "mermaid": 'v', "help": 'v', "ko": 'v', "true": 'v',
}

// finalSound is how a Latin word or number ends when read aloud.
func finalSound(w string) (byte, bool) {
	if i := strings.LastIndexAny(w, "=-."); i >= 0 && i < len(w)-1 && !(w[i] == '.' && w[i+1] >= '0' && w[i+1] <= '9') {
		w = w[i+1:]
	}
	last := w[len(w)-1]
	switch {
	case last >= '0' && last <= '9':
		n := strings.TrimRight(w, "0123456789")
		digits := w[len(n):]
		if z := len(digits) - len(strings.TrimRight(digits, "0")); z > 0 && z < len(digits) {
			return 'c', true // 십, 백, 천, 만
		}
		return map[byte]byte{'0': 'c', '1': 'l', '2': 'v', '3': 'c', '4': 'v', '5': 'v', '6': 'c', '7': 'l', '8': 'l', '9': 'v'}[last], true
	case strings.ToUpper(w) == w:
		// letter names: 엘, 엠, 엔, 알 end on a consonant; the others on a vowel
		return map[byte]byte{'L': 'l', 'M': 'c', 'N': 'c', 'R': 'l'}[last] | 0, true
	}
	r, ok := readings[strings.ToLower(w)]
	return r, ok
}

// particleProblem says what is wrong with a particle after a Latin word or
// a number, or "".
func particleProblem(line string) string {
	if m := dualForm.FindString(line); m != "" {
		return fmt.Sprintf("particle %q: choose the form by the word before it, or rephrase", m)
	}
	for _, m := range particle.FindAllStringSubmatch(line, -1) {
		word, p := m[1], m[2]
		sound, ok := finalSound(word)
		if !ok {
			return fmt.Sprintf("particle %q after %q, whose reading is not known: rephrase", p, word)
		}
		if sound == 0 {
			sound = 'v'
		}
		afterConsonant := map[string]bool{"을": true, "이": true, "은": true, "과": true, "으로": true}[p]
		want := afterConsonant == (sound == 'c' || (sound == 'l' && p != "으로"))
		if p == "로" && sound == 'l' {
			want = true
		}
		if !want {
			return fmt.Sprintf("particle %q does not follow %q", p, word)
		}
	}
	return ""
}

// englishIn returns the Latin words of a Korean output that are not names,
// keys, values, commands or AWS terms, each with its line, and the Korean
// particles that follow a Latin word or a number (whose form the text
// cannot know: the message must be phrased to need none).
func englishIn(out string, names map[string]bool, headings []string) []string {
	var bad, kept []string
	inDiagram, inOutputs := false, false
	for _, line := range strings.Split(out, "\n") {
		body := treeMarks.ReplaceAllString(line, "")
		switch {
		case strings.HasPrefix(line, "flowchart "):
			inDiagram = true // Mermaid code: its labels are the resources' names
		case strings.HasPrefix(line, "출력값"):
			inOutputs = true // stack outputs are values, as pulumi stack output prints them
			continue
		case strings.TrimSpace(line) == "":
			inDiagram, inOutputs = false, false
		}
		if inDiagram || (inOutputs && strings.HasPrefix(line, "  ")) || jsonLine.MatchString(body) {
			continue // a JSON document (a policy) or a line of its diff
		}
		if p := particleProblem(line); p != "" {
			bad = append(bad, p+": "+line)
		}
		kept = append(kept, body)
	}
	// Quotes and commands may wrap onto the next line.
	text := strings.Join(kept, "\n")
	for _, h := range headings {
		text = strings.ReplaceAll(text, h, "")
	}
	text = quoted.ReplaceAllString(text, "")
	text = commandLine.ReplaceAllString(text, "")
	for _, line := range strings.Split(text, "\n") {
		afterType := false
		for _, tok := range strings.Fields(line) {
			w := strings.Trim(tok, "()[]{},.;:!?…")
			isType := strings.Count(w, ":") >= 1 && strings.ContainsFunc(w, func(r rune) bool { return r >= 'A' && r <= 'Z' })
			switch {
			case afterType:
				// a resource type is followed by the resource's name
			case w == "" || strings.ContainsFunc(w, func(r rune) bool { return r > 0x7f }):
			case shapeOfName.MatchString(w) || camel.MatchString(w):
			case koTerms[w] || names[w]:
			case strings.ContainsFunc(w, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }):
				bad = append(bad, fmt.Sprintf("%q: %s", w, line))
			}
			afterType = isType
		}
	}
	return bad
}

// koCommands are the command lines whose Korean output the test scans:
// every command's text output for every stack and step pair, every help,
// and a set of bad inputs.
func koCommands() [][]string {
	cmds := [][]string{{"labs"}, {"--help"}, {"help", "plan"}}
	for _, c := range cli.Commands() {
		cmds = append(cmds, []string{c.Name, "--help"})
	}
	stacks, _ := sim.Stacks(projectDir)
	for _, s := range stacks {
		cmds = append(cmds, []string{"plan", s}, []string{"steps", s})
	}
	for _, l := range labs.Labs() {
		stack := l.Name
		for i := 1; i < len(l.Steps); i++ {
			cmds = append(cmds, []string{"diff", stack, fmt.Sprint(i), fmt.Sprint(i + 1)})
		}
		if len(l.Steps) > 1 {
			cmds = append(cmds, []string{"diff", stack, fmt.Sprint(len(l.Steps)), "1"})
		}
	}
	// A replacement with the rule's condition, and a value that was not there.
	cmds = append(cmds, []string{"diff", "--config", "natMode=regional", "--config", "natAddressMode=auto", "--to-config", "natAddressMode=manual", "nat-bastion", "2", "2"})
	return append(cmds, badInputsKo...)
}

// badInputsKo are bad command lines and configurations; each must fail in
// Korean.
var badInputsKo = [][]string{
	{"deploy"},
	{"plan"},
	{"plan", "nat-bastoin"},
	{"plan", "--format", "yaml", "nat-bastion"},
	{"plan", "--config", "novalue", "nat-bastion"},
	{"plan", "--nope", "nat-bastion"},
	{"labs", "extra"},
	{"diff", "gateway-vs-interface", "1", "9"},
	{"diff", "--to-config", "natAdressMode=manual", "nat-bastion", "1", "2"},
	{"plan", "--config", "natMode=dual", "nat-bastion"},
	{"plan", "--config", "natMode=nat-gatway", "nat-bastion"},
	{"plan", "--config", "adminCidrs=[\"10.0.0.0/8\"]", "nat-bastion"},
	{"plan", "--config", "adminCidrs=[\"0.0.0.0/0\"]", "nat-bastion"},
	{"plan", "--config", "adminCidrs=10.0.0.1/32", "nat-bastion"},
	{"plan", "--config", "flowLogs=yes", "nat-bastion"},
	{"plan", "--config", "rootVolumeSize=big", "nat-bastion"},
	{"plan", "--config", "step=9", "nat-bastion"},
	{"plan", "--config", "lab=nat-bastoin", "nat-bastion"},
	{"plan", "--config", "regoin=us-east-1", "nat-bastion"},
	{"plan", "--config", "nameTags={\"vpcc\":\"X\"}", "nat-bastion"},
	{"plan", "--config", "namePrefix=", "nat-bastion"},
	{"plan", "--config", "servicePort=70000", "privatelink"},
	{"plan", "--config", "placementStrategy=cluster", "nat-bastion"},
	{"plan", "--config", "placementStrategy=rows", "nat-bastion"},
	{"plan", "--config", "rootVolumeSize=2", "nat-bastion"},
	{"plan", "--config", "adminCidrs=[]", "nat-bastion"},
	{"plan", "--config", "vpcCidr=169.254.0.0/16", "nat-bastion"},
	{"plan", "--config", "vpcCidr=10.0.0.0", "nat-bastion"},
	{"plan", "--config", "publicSubnetCidrs=[\"10.0.0.0/24\",\"10.0.2.0/24\"]", "nat-bastion"},
	{"plan", "--config", "natAddressMode=fixed", "nat-bastion"},
	{"plan", "--config", "endpointPolicy=open", "s3-gateway"},
	{"plan", "--config", "bucketPolicyCondition=ip", "s3-gateway"},
	{"plan", "--config", "interfaceEndpoints=[\"nope!\"]", "ssm"},
	{"plan", "--config", "interfaceEndpoints=[\"ssm\",\"ssm\"]", "ssm"},
	{"plan", "--config", "privateSubnetAzs=[9]", "nat-bastion"},
	{"plan", "--config", "keyName=bad key\u00e9", "nat-bastion"},
	{"plan", "--config", "access=ssm", "--config", "keyName=mykey", "nat-bastion"},
	{"plan", "--config", "webPages=[\"a\"]", "privatelink"},
	{"plan", "--config", "namePrefix=" + strings.Repeat("x", 300), "privatelink"},
}

// runKo runs a command line in Korean and returns what it printed.
func runKo(args []string) (int, string) {
	code, out, errs := runCLI(append(append([]string{}, args...), "--dir", projectDir, "--lang", "ko")...)
	return code, out + errs
}

func TestKoreanOutputHasNoEnglish(t *testing.T) {
	names, headings := projectNames(), noteHeadings()
	for _, args := range koCommands() {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			code, out := runKo(args)
			if out == "" {
				t.Fatalf("exit %d and no output", code)
			}
			if bad := englishIn(out, names, headings); len(bad) > 0 {
				t.Errorf("exit %d; %d English words or misplaced particles in the Korean output:\n  %s", code, len(bad), strings.Join(bad, "\n  "))
			}
		})
	}
}

// The bad inputs fail in Korean under LANG=ko_KR.UTF-8 too, with no --lang.
func TestKoreanFromLANG(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ko_KR.UTF-8")
	names, headings := projectNames(), noteHeadings()
	for _, args := range append([][]string{{"plan", "nat-bastion"}, {"--help"}, {"steps", "--help"}}, badInputsKo...) {
		code, out, errs := runCLI(append(append([]string{}, args...), "--dir", projectDir)...)
		if bad := englishIn(out+errs, names, headings); len(bad) > 0 || !strings.ContainsFunc(out+errs, func(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }) {
			t.Errorf("LANG=ko_KR.UTF-8 %v: exit %d, not Korean:\n  %s\n%s", args, code, strings.Join(bad, "\n  "), out+errs)
		}
	}
}

// rehearse's banner, the lines a learner follows in another terminal.
func TestKoreanRehearseBanner(t *testing.T) {
	stop := make(chan os.Signal, 1)
	orig := cli.Interrupted
	cli.Interrupted = func() <-chan os.Signal { return stop }
	t.Cleanup(func() { cli.Interrupted = orig })
	r, w := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- cli.Run([]string{"rehearse", "--state", t.TempDir(), "--lang", "ko"}, w, io.Discard)
		w.Close()
	}()
	var printed strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "작업") {
			break
		}
	}
	stop <- os.Interrupt
	go io.Copy(io.Discard, r)
	<-code
	if bad := englishIn(printed.String(), projectNames(), nil); len(bad) > 0 {
		t.Errorf("the rehearse banner has English:\n  %s\n%s", strings.Join(bad, "\n  "), printed.String())
	}
}

// The scan finds English: it fails on the English output of the same
// commands, and on today's mixed sentences.
func TestEnglishScanFindsEnglish(t *testing.T) {
	names, headings := projectNames(), noteHeadings()
	for _, args := range [][]string{{"plan", "nat-bastion"}, {"steps", "gateway-vs-interface"}, {"plan", "--config", "natMode=dual", "nat-bastion"}, {"--help"}} {
		_, out, errs := runCLI(append(append([]string{}, args...), "--dir", projectDir, "--lang", "en")...)
		if bad := englishIn(out+errs, names, headings); len(bad) == 0 {
			t.Errorf("%v: the English output passes the scan:\n%s", args, out+errs)
		}
	}
	for _, s := range []string{
		"   Before any endpoint (lab 9-1 기본 환경 적용 and 기본 환경 검증)",
		"무료: ec2:VpcEndpoint s3-endpoint (gateway endpoints are free).",
		"이 실습은 ap-northeast-2 리전에서 한 달(730시간)에 USD 70.81가 듭니다",
		"스택을 만들 수 없습니다: config vpclab:natMode = \"nat-gatway\": 혹시 nat-gateway을(를) 뜻했나요?",
		"vpclab:region는 알 수 없는 키입니다",
	} {
		if bad := englishIn(s, names, headings); len(bad) == 0 {
			t.Errorf("the scan passes %q", s)
		}
	}
}

// Each Korean lab page carries the diagrams of its English page: the same
// generated blocks (TestREADMEMatchesGeneratedPlans holds their content to
// `vpclab plan`'s).
func TestKoreanLabPagesHaveTheDiagrams(t *testing.T) {
	diagram := regexp.MustCompile(`<!-- plan:[^>]*:diagram -->`)
	pages, _ := filepath.Glob(projectDir + "/docs/labs/*.ko.md")
	if len(pages) == 0 {
		t.Fatal("no Korean lab pages")
	}
	for _, ko := range pages {
		en := strings.TrimSuffix(ko, ".ko.md") + ".md"
		enText, err := os.ReadFile(en)
		if err != nil {
			t.Fatal(err)
		}
		koText, err := os.ReadFile(ko)
		if err != nil {
			t.Fatal(err)
		}
		want, got := diagram.FindAllString(string(enText), -1), diagram.FindAllString(string(koText), -1)
		slices.Sort(want)
		slices.Sort(got)
		if len(want) == 0 || !slices.Equal(want, got) {
			t.Errorf("%s has the diagrams %v; %s has %v", ko, got, en, want)
		}
	}
}
