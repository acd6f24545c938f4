package i18n

// all is every message of the catalogue, for the tests.
var all []Msg

// m adds a message to the catalogue.
func m(en, ko string) Msg {
	msg := Msg{en, ko}
	all = append(all, msg)
	return msg
}

// The catalogue: every message vpclab prints, English and Korean side by
// side. Names, keys, values, commands and AWS terms stay as they are in both.
// Korean particles that alternate (을/를, 이/가, 은/는, 으로/로, 과/와) follow
// Korean words only, or a marker such as {을} after a number; a Latin name
// is followed by a noun or a copula (…입니다, …인가요) instead, whose form
// does not depend on it.

// Plan: the resource tree.
var (
	PlanHeader      = m("stack %s: %d resources in %s (simulated)", "스택 %s: 리소스 %d개, 리전 %s (모의 AWS)")
	PlanSimNote     = m("  simulated: %s\n", "  모의: %s\n")
	PlanSimMark     = m("  [simulated: %s]", "  [모의 값: %s]")
	PlanWarning     = m("warning: %s", "경고: %s")
	PlanOutputs     = m("outputs:\n", "출력값 (pulumi stack output):\n")
	PlanNone        = m("(none)", "(없음)")
	PlanCost        = m("cost:", "비용:")
	PlanMermaidHint = m("diagram (Mermaid): paste the lines below into https://mermaid.live to see it drawn, or into a Markdown file\ninside a ```mermaid block (GitHub and VS Code's preview draw it); `vpclab plan --format mermaid` prints it alone.",
		"다이어그램 (Mermaid): 아래 줄을 https://mermaid.live 에 붙여 넣으면 그림으로 보입니다. Markdown 파일의 ```mermaid 블록에\n넣어도 됩니다 (GitHub, VS Code 미리 보기가 그려 줍니다). `vpclab plan --format mermaid`는 다이어그램만 출력합니다.")
)

// Plan: what each resource is, in the tree (describe).
var (
	DescDefaultSG    = m("rules: %d ingress, %d egress", "규칙: 인바운드 %d개, 아웃바운드 %d개")
	DescRoute        = m("%s → %s in %s", "%s → %s (라우팅 테이블 %s)")
	DescNatZonal     = m("in %s with %s (%s)", "서브넷 %s, 탄력적 IP %s (%s)")
	DescNatRegional  = m("regional in %s", "리전 NAT 게이트웨이, VPC %s")
	DescNatManual    = m("manual addresses: %s", "수동 주소: %s")
	DescNatAuto      = m("auto addresses: AWS allocates them as it expands into AZs with network interfaces", "자동 주소: 네트워크 인터페이스가 있는 AZ로 넓혀 갈 때 AWS가 할당")
	DescIngress      = m("ingress %s on %s from %s", "인바운드 %s, 보안 그룹 %s ← %s")
	DescEgress       = m("egress %s on %s to %s", "아웃바운드 %s, 보안 그룹 %s → %s")
	DescPeerSG       = m("sg %s", "보안 그룹 %s")
	DescPeerPL       = m("prefix list %s", "접두사 목록 %s")
	DescInstance     = m("%s in %s sg=%s publicIp=%s imds=%s hop=%v root=%v/encrypted=%v profile=%s ip=%s", "%s, 서브넷 %s sg=%s publicIp=%s imds=%s hop=%v root=%v/encrypted=%v profile=%s ip=%s")
	DescTrustBelow   = m("trust policy below", "신뢰 정책은 아래")
	DescRolePolicy   = m("on %s, policy below", "역할 %s, 정책은 아래")
	DescRole         = m("role %s", "역할 %s")
	DescStrategy     = m("strategy %s", "전략 %s")
	DescEndpoint     = m("%s %s in %s", "%s %s, VPC %s")
	DescEndpointRTs  = m("on %s (route %s → this endpoint)", "라우팅 테이블 %s (경로 %s → 이 엔드포인트)")
	DescEndpointENIs = m("ENIs in %s sg=%s privateDns=%s", "ENI 서브넷 %s sg=%s privateDns=%s")
	DescPolicyBelow  = m("policy below", "정책은 아래")
	DescOnBucket     = m("on %s", "버킷 %s")
	DescBucketPolicy = m("on %s, policy below", "버킷 %s, 정책은 아래")
	DescLB           = m("%s %s in %s sg=%s crossZone=%s %s", "%s %s, 서브넷 %s sg=%s crossZone=%s %s")
	DescTargetGroup  = m("%s:%s %s targets in %s health %s every %ss (%s/%s)", "%s:%s 대상 유형 %s, VPC %s, 상태 확인 %s %s초마다 (%s/%s)")
	DescListener     = m("%s:%s on %s, %s", "%s:%s, 로드 밸런서 %s, %s")
	DescService      = m("%s for %s acceptanceRequired=%s principals=%s", "%s, 로드 밸런서 %s acceptanceRequired=%s principals=%s")
	DescAccepter     = m("accepts %s on %s", "엔드포인트 %s 연결 수락, 서비스 %s")
	DescFlowLog      = m("%s traffic of %s → %s", "VPC %[2]s의 %[1]s 트래픽 → %[3]s")
	DescRetention    = m("retention %s days", "보존 기간 %s일")
)

// Plan: cost, quotas, guardrails, IAM, AWS input rules.
var (
	CostTotal      = m("total: %s per hour, %s per month (%g hours)", "합계: 시간당 %s, 한 달(%[3]g시간) %[2]s")
	CostUnknown    = m("not priced (the total is a lower bound): %s", "가격 없음 (합계는 최소값): %s")
	CostPrices     = m("Prices: %s, price table %s; usage charges (data, NLCUs, logs, requests) are not included.", "가격: %s, 가격표 %s. 데이터·NLCU·로그·요청 같은 사용량 요금은 포함하지 않습니다.")
	CostDerived    = m("* %d figures are derived: %s has no listed price for them in the table; each is the us-east-1 price times the region's factor (cost/prices.json says how).", "* 가격 %d개는 추정값입니다: 가격표에 %s의 게시 가격이 없어 us-east-1 가격에 리전 계수를 곱했습니다 (cost/prices.json 참고).")
	CostFree       = m("Free: %s.", "무료: %s.")
	CostAssumed    = m("Assumed: %s.", "가정: %s.")
	CostSummary    = m("this lab costs %s per hour in %s, %s per month (%s hours) while it exists; usage charges (data, requests) come on top", "이 실습의 비용은 %[2]s 리전에서 시간당 %[1]s, 한 달(%[4]s시간) %[3]s입니다(실습이 있는 동안). 데이터 처리·요청 같은 사용량 요금은 별도입니다")
	CostNotPriced  = m("; not priced: %s", "; 가격을 모르는 항목: %s")
	CostDerivedSum = m("; %d of the prices are derived, not listed for this region (see prices.json)", "; 가격 %d개는 이 리전의 게시 가격이 아닌 추정값입니다 (prices.json 참고)")
	CostDestroy    = m("NAT gateways, interface endpoints, load balancers and instances bill by the hour until removed: run `pulumi destroy` when you are done with the lab",
		"NAT 게이트웨이, 인터페이스 엔드포인트, 로드 밸런서, 인스턴스는 삭제할 때까지 시간 단위로 요금이 나갑니다. 실습을 마치면 `pulumi destroy`를 실행하세요")

	QuotasHeader = m("AWS default quotas (per account and region: every deployed lab counts):\n", "AWS 기본 할당량 (계정·리전마다: 배포한 실습을 모두 더합니다):\n")
	QuotaLine    = m("%-36s %3d of %3d in %s", "%s %3d / %3d (%s)")
	QuotaExceeds = m("  EXCEEDS the default quota: request an increase of %s (Service Quotas) before `pulumi up`", "  기본 할당량 초과: `pulumi up` 전에 Service Quotas에서 %s 증가를 요청하세요")

	GuardHeader    = m("\nguardrails: %d rules, %d findings without an exception, %d accepted by an exception\n", "\n가드레일: 규칙 %d개, 예외 없는 위반 %d건, 예외로 인정한 위반 %d건\n")
	GuardFail      = m("  FAIL ", "  위반 ")
	GuardOK        = m("  ok   ", "  인정 ")
	GuardFinding   = m("%s %-8s %s: %s (%s)", "%s %s %s: %s (%s)")
	GuardException = m(" — exception: %s", " — 예외 사유(태그 값): %q")

	IAMHeader    = m("IAM decisions for the guide's checks (simulated IAM: identity, endpoint and bucket policies):\n\n", "가이드 확인 항목에 대한 IAM 판정 (모의 IAM: 자격 증명·엔드포인트·버킷 정책):\n\n")
	IAMNone      = m("  none of the checks applies to this stack\n", "  이 스택에 해당하는 확인 항목이 없습니다\n")
	IAMOK        = m("ok  ", "통과")
	IAMFail      = m("FAIL", "실패")
	IAMLine      = m("%s %s  expected %s, decided %s: %s [%s]\n", "%s %s  기대 %s, 판정 %s: %s [%s]\n")
	IAMNotAtStep = m("%s, but not at step %s (the guide shows it failing there)", "%s (단, %s 단계에서는 가이드대로 안 됨)")
	IAMRequest   = m("       %s %s by %s %s: %s\n", "       %s %s, 요청자 %s, %s: %s\n")
	IAMNotSent   = m("not sent: no route (%s)", "보내지 못함: 경로 없음 (%s)")
)

// The words a check's expected and decided answers read as.
var (
	WordAllow = m("allow", "허용")
	WordDeny  = m("deny", "거부")
	WordMixed = m("mixed", "허용과 거부가 섞임")
)

// Steps, diff and labs.
var (
	StepsHead      = m("%s: lab %s, seed %s: %s", "%s: 실습 %s, 원본 노트 %s: %s")
	StepsBuilds    = m("The stack builds step %d %s. Choose a step with `pulumi config set vpclab:step <name or number>`; `vpclab diff %s <from> <to>` shows every property a step changes.", "이 스택이 만드는 단계: %d단계 %s. 단계는 `pulumi config set vpclab:step <이름 또는 번호>`로 고릅니다. `vpclab diff %s <from> <to>`는 단계가 바꾸는 속성을 모두 보여 줍니다.")
	StepsPinned    = m("The stack sets %s itself: every step keeps that value (set it to step to hand it back).", "이 스택은 다음 값을 직접 설정합니다: %s. 모든 단계가 그 값을 유지합니다 (값을 step으로 바꾸면 단계가 다시 정합니다).")
	StepsSets      = m("   sets: %s", "   설정: %s")
	StepsFirst     = m("   builds %d resources, %s per hour", "   리소스 %d개, 시간당 %s")
	StepsFrom      = m("   from step %d: %d to create, %d to update in place, %d to replace, %d to delete; %d resources, %s per hour", "   %d단계에서: 생성 %d, 변경(교체 없음) %d, 교체 %d, 삭제 %d; 리소스 %d개, 시간당 %s")
	StepsReplaced  = m("replaced by ", "교체 원인: ")
	StepsChecks    = m("   the guide's checks:\n", "   가이드의 확인 항목 (기대 결과):\n")
	StepsPass      = m("pass", "됨")
	StepsFail      = m("fail", "안 됨")
	DiffHead       = m("vpclab diff %s: step %d %s → step %d %s", "vpclab diff %s: %d단계 %s → %d단계 %s")
	DiffWith       = m(" with %s", ", 바꾼 설정: %s")
	DiffNoChanges  = m("no changes\n", "변경 없음\n")
	DiffCreate     = m("create", "생성")
	DiffUpdate     = m("update in place", "변경(교체 없음)")
	DiffReplace    = m("REPLACE", "교체")
	DiffDelete     = m("delete", "삭제")
	DiffSame       = m("no change", "변경 없음")
	DiffUnknown    = m("     whether this replaces the resource is not known: %s has no replacement rules in sim.Replacements", "     교체 여부를 알 수 없습니다: sim.Replacements에 %s 유형의 교체 규칙이 없습니다")
	DiffCounts     = m("%d to create, %d to update in place, %d to replace, %d to delete\n", "생성 %d, 변경(교체 없음) %d, 교체 %d, 삭제 %d\n")
	DiffIgnored    = m("  ignored: ignoreChanges keeps the old value", "  무시됨: ignoreChanges가 이전 값을 유지")
	DiffForcesRule = m("  forces replacement (%s)", "  교체를 일으킴 (%s)")
	DiffForces     = m("  forces replacement", "  교체를 일으킴")
	DiffNoValue    = m("(none)", "(없음)")
	DiffKnownOnce  = m("(known once %s is replaced)", "(%s 교체 뒤에 정해짐)")
	DiffSource     = m("source:", "출처:")
	DiffStep       = m("step %q: the %s lab's steps are %s", "단계 %q: %s 실습의 단계는 다음과 같습니다: %s")
	LabsLine       = m("%s  (lab %s, seed %s)", "%s  (실습 %s, 원본 노트 %s)")
	LabsPerHour    = m("%s per hour", "시간당 %s")
	LabsFooter     = m("*: the step each stack builds as shipped. Prices: the price table of `vpclab plan` (cost/prices.json); usage charges not included.", "*: 각 스택이 기본으로 만드는 단계. 가격: `vpclab plan`의 가격표(cost/prices.json), 사용량 요금 제외.")
	LabsNoStacks   = m("no Pulumi.<stack>.yaml in %s", "%s 폴더에 Pulumi.<stack>.yaml 파일이 없습니다")
)

// Command lines: usage errors and help.
var (
	CmdNoArgs     = m("no arguments", "인수가 없습니다")
	CmdGotArgs    = m("%d arguments: %s", "인수 %d개: %s")
	CmdGot        = m("got %s", "받은 것: %s")
	CmdStacks     = m("stacks", "스택")
	CmdNoStack    = m("no stack %q: Pulumi.%s.yaml is not in %s", "%[1]q 스택이 없습니다: %[3]s 폴더에 Pulumi.%[2]s.yaml 파일이 없습니다")
	CmdTakesNone  = m("takes no arguments; got", "인수를 받지 않습니다. 받은 것:")
	CmdUnknown    = m("vpclab: unknown command %q%s\n\n%s", "vpclab: 알 수 없는 명령 %q%s\n\n%s")
	CmdFormat     = m("vpclab %s: --format %q: use %s\n", "vpclab %s: --format %q: 다음 중 하나를 쓰세요: %s\n")
	CmdWantKV     = m("want key=value, got %q", "key=value 형식이어야 합니다. 받은 값: %q")
	CmdDidYouMean = m("; did you mean %s?", "; 혹시 %s인가요?")
	CmdCantBuild  = m("%s", "스택을 만들 수 없습니다: %s")
	CmdDefault    = m(" (default %q)", " (기본값 %q)")
	CmdPlanArgs   = m("takes one stack, such as `vpclab plan nat-bastion`", "스택 하나를 받습니다. 예: `vpclab plan nat-bastion`")
	CmdStepsArgs  = m("takes one stack, such as `vpclab steps nat-bastion`", "스택 하나를 받습니다. 예: `vpclab steps nat-bastion`")
	CmdDiffArgs   = m("takes a stack and two steps, such as `vpclab diff gateway-vs-interface 1 2` or `vpclab diff gateway-vs-interface before-endpoints gateway-endpoint`", "스택 하나와 단계 두 개를 받습니다. 예: `vpclab diff gateway-vs-interface 1 2` 또는 `vpclab diff gateway-vs-interface before-endpoints gateway-endpoint`")
	CmdLang       = m("language %q: use en or ko", "언어 %q: en 또는 ko를 쓰세요")
)

// Help: the overview and each command's usage, and the flags' help.
var (
	HelpOverview = m(`vpclab works with the labs offline, against a simulated AWS; only verify talks to AWS.

usage: vpclab <command> [flags] <arguments>   (flags may come before or after the arguments)

commands:
%s
Run vpclab <command> --help for a command's flags.

exit codes: 0 done (verify: every expectation met); 1 the stack does not build, an
expectation was not met, or AWS could not be reached; 2 unknown command, flag or step argument.
`, `vpclab은 모의 AWS를 상대로 실습을 오프라인에서 다룹니다. AWS에 실제로 요청하는 명령은 verify뿐입니다.

사용법: vpclab <명령> [플래그] <인수>   (플래그는 인수 앞뒤 어디에 와도 됩니다)

명령:
%s
명령별 플래그는 vpclab <명령> --help로 봅니다.

종료 코드: 0 완료 (verify: 기대 결과를 모두 충족); 1 스택을 만들 수 없음, 기대 결과를 충족하지 못함,
또는 AWS에 연결할 수 없음; 2 알 수 없는 명령, 플래그 또는 단계 인수.
`)
	SummaryPlan     = m("what a stack builds: resource tree, diagram, cost, guardrails", "스택이 만드는 것: 리소스 트리, 다이어그램, 비용, 가드레일")
	SummarySteps    = m("a lab's guide steps, what each changes, and what the guide's checks show", "실습 가이드의 단계, 단계마다 바뀌는 것, 가이드 확인 항목의 기대 결과")
	SummaryDiff     = m("what moving a stack from one step to another adds, changes, replaces and removes", "스택을 한 단계에서 다른 단계로 옮길 때 추가·변경·교체·삭제되는 것")
	SummaryLabs     = m("every lab with its guide, steps and hourly cost", "모든 실습과 그 가이드, 단계, 시간당 비용")
	SummaryVerify   = m("run the guide's checks on a deployed stack (needs AWS credentials)", "배포한 스택에서 가이드의 확인 항목을 실행 (AWS 자격 증명 필요)")
	SummaryRehearse = m("serve the simulated AWS to your own Pulumi CLI: pulumi up/destroy a lab for free", "내 Pulumi CLI에 모의 AWS를 제공: 실습을 무료로 pulumi up/destroy")

	UsagePlan = m(`usage: vpclab plan [--dir DIR] [--config key=value]... [--format text|json|mermaid] [--lang en|ko] <stack>

Runs a lab's stack offline against simulated AWS and prints what it would
build. Stacks are the Pulumi.<stack>.yaml files in DIR (default: .).

`, `사용법: vpclab plan [--dir DIR] [--config key=value]... [--format text|json|mermaid] [--lang en|ko] <stack>

실습 스택을 모의 AWS에서 오프라인으로 실행하고 만들어질 것을 출력합니다.
스택은 DIR(기본값: .)의 Pulumi.<stack>.yaml 파일입니다.

`)
	UsageSteps = m(`usage: vpclab steps [--dir DIR] [--config key=value]... [--format text|json] [--lang en|ko] <stack>

Lists the guide steps of the stack's lab: what each step sets, what it
creates, updates, replaces and deletes compared with the step before (from the
simulated graphs), its hourly cost, and the guide's checks with the result the
guide expects at that step. Choose a step with
`+"`pulumi config set vpclab:step <name or number>`"+`.

`, `사용법: vpclab steps [--dir DIR] [--config key=value]... [--format text|json] [--lang en|ko] <stack>

스택이 재현하는 실습의 가이드 단계를 보여 줍니다: 단계마다 설정하는 값, 앞 단계와
비교해 생성·변경·교체·삭제되는 리소스(모의 그래프 기준), 시간당 비용, 그 단계에서
가이드가 기대하는 확인 결과. 단계는
`+"`pulumi config set vpclab:step <이름 또는 번호>`"+`로 고릅니다.

`)
	UsageDiff = m(`usage: vpclab diff [--dir DIR] [--config key=value]... [--to-config key=value]... [--format text|json] [--lang en|ko] <stack> <from-step> <to-step>

Shows what moving the stack from one step to another does, as `+"`pulumi preview`"+`
would: resources created, updated in place (each changed property, old → new),
replaced, and deleted. A replacement names the property that forces it and the
provider rule. Steps are names or numbers from 1. --config applies to both
steps, --to-config to the second only (to preview a config change, give the
same step twice).

`, `사용법: vpclab diff [--dir DIR] [--config key=value]... [--to-config key=value]... [--format text|json] [--lang en|ko] <stack> <from-step> <to-step>

스택을 한 단계에서 다른 단계로 옮기면 일어나는 일을 `+"`pulumi preview`"+`처럼
보여 줍니다: 생성, 변경(교체 없음: 바뀌는 속성마다 이전 값 → 새 값), 교체, 삭제되는
리소스. 교체는 그 원인이 되는 속성과 프로바이더 규칙을 함께 보여 줍니다. 단계는 이름
또는 1부터 세는 번호입니다. --config는 두 단계 모두에, --to-config는 두 번째 단계에만
적용합니다 (설정 변경을 미리 보려면 같은 단계를 두 번 주세요).

`)
	UsageLabs = m(`usage: vpclab labs [--dir DIR] [--format text|json] [--lang en|ko]

Lists every stack in DIR with its lab, the guide it reproduces, the guide's
steps and the hourly cost at each step.

`, `사용법: vpclab labs [--dir DIR] [--format text|json] [--lang en|ko]

DIR의 모든 스택을 실습, 재현하는 가이드, 가이드의 단계, 단계별 시간당 비용과 함께
보여 줍니다.

`)
	UsageVerify = m(`usage: vpclab verify [--dir DIR] [--lang en|ko] <stack>

After `+"`pulumi up`"+`, checks what the guide expects at the step the stack is at: each
guide check with its expected result, pass or fail. A check expected to fail is
met only when it fails for the guide's reason (no route, not "unreachable").
Checks run on the private instance through SSM Run Command when the stack has
Session Manager (vpclab:access ssm or both), otherwise by SSH through the
bastion as ec2-user with short-lived keys pushed by EC2 Instance Connect (your
address must be in vpclab:adminCidrs); others ask the AWS APIs or, for the
internet-facing NLB, connect from this machine. Needs the pulumi CLI (it reads
`+"`pulumi stack output --json`"+` in DIR) and AWS credentials. Exits 1 when an
expectation is not met or could not be checked.

`, `사용법: vpclab verify [--dir DIR] [--lang en|ko] <stack>

`+"`pulumi up`"+` 뒤에, 스택이 있는 단계에서 가이드가 기대하는 것을 확인합니다: 가이드의
확인 항목마다 기대 결과(됨 또는 안 됨)와 비교합니다. 안 되는 것이 기대 결과인 항목은
가이드가 말하는 이유로 안 될 때만(경로 없음 등, 단순한 "연결 불가"가 아님) 충족입니다.
스택에 Session Manager가 있으면(vpclab:access 값이 ssm 또는 both) 프라이빗 인스턴스에서
SSM Run Command로, 아니면 EC2 Instance Connect로 넣은 단기 키를 써서 배스천을 거친
SSH(ec2-user)로 실행합니다(내 주소가 vpclab:adminCidrs에 있어야 함). 나머지는 AWS API에
묻거나, 인터넷에 열린 NLB는 이 컴퓨터에서 접속합니다. pulumi CLI(DIR에서
`+"`pulumi stack output --json`"+`을 읽음)와 AWS 자격 증명이 필요합니다. 기대 결과를
충족하지 못했거나 확인할 수 없으면 1로 끝납니다.

`)
	UsageRehearse = m(`usage: vpclab rehearse [--port N] [--state DIR] [--patience D] [--eip-auth-failure] [--lang en|ko]

Serves the simulated AWS as Pulumi's aws provider, so you can walk a lab with
your own Pulumi CLI — pulumi up, pulumi config set vpclab:step, pulumi stack
output, pulumi destroy — with no AWS account and at no cost. It prints the
commands to run in another terminal, then one line per operation it answers,
until you stop it (Ctrl-C). Nothing reaches AWS; what it holds is gone when
it stops.

flags:
`, `사용법: vpclab rehearse [--port N] [--state DIR] [--patience D] [--eip-auth-failure] [--lang en|ko]

모의 AWS를 Pulumi의 aws 프로바이더로 제공합니다. AWS 계정 없이, 비용 없이 내 Pulumi
CLI로 실습을 따라 할 수 있습니다: pulumi up, pulumi config set vpclab:step,
pulumi stack output, pulumi destroy. 다른 터미널에서 실행할 명령을 출력하고, 멈출
때까지(Ctrl-C) 응답한 작업을 한 줄씩 출력합니다. AWS에는 아무것도 가지 않으며,
멈추면 담고 있던 것은 사라집니다.

플래그:
`)

	FlagDir            = m("the `DIR` holding Pulumi.yaml and the stack files", "Pulumi.yaml과 스택 파일이 있는 폴더 `DIR`")
	FlagConfig         = m("set `key=value` as pulumi config set does (repeatable)", "pulumi config set처럼 `key=value`를 설정 (여러 번 가능)")
	FlagConfigAll      = m("set `key=value` at both steps, as pulumi config set does (repeatable)", "두 단계 모두에 pulumi config set처럼 `key=value`를 설정 (여러 번 가능)")
	FlagToConfig       = m("set `key=value` at the second step only (repeatable)", "두 번째 단계에만 `key=value`를 설정 (여러 번 가능)")
	FlagFormatTJM      = m("text, json or mermaid", "출력 형식 `FORMAT`: text, json, mermaid 중 하나")
	FlagFormatTJ       = m("text or json", "출력 형식 `FORMAT`: text 또는 json")
	FlagLang           = m("the language of the output, `en|ko` (default: ko when LC_ALL, LC_MESSAGES or LANG starts with ko, else en)", "출력 언어 `en|ko` (기본값: LC_ALL, LC_MESSAGES, LANG 중 먼저 설정된 값이 ko로 시작하면 ko, 아니면 en)")
	FlagVerifyDir      = m("directory holding Pulumi.yaml", "Pulumi.yaml이 있는 폴더 `DIR`")
	FlagNoWait         = m("do not wait for changes AWS applies eventually (endpoint policies, SSM agent registration)", "AWS가 시간을 두고 적용하는 변경(엔드포인트 정책, SSM 에이전트 등록)을 기다리지 않음")
	FlagPort           = m("the port to listen on (0: any free port)", "대기할 포트 `N` (0: 비어 있는 아무 포트)")
	FlagState          = m("the local Pulumi state directory for rehearsals", "리허설용 로컬 Pulumi 상태 폴더 `DIR`")
	FlagEIPAuthFailure = m("refuse the first release of an Elastic IP right after its NAT gateway is deleted, with AuthFailure, as AWS can; run the command again to finish",
		"NAT 게이트웨이를 삭제한 직후 그 탄력적 IP의 첫 해제를 AWS처럼 AuthFailure 오류로 거부; 명령을 다시 실행하면 끝남")
	FlagPatience = m("how long a delete AWS refuses, and the provider retries, waits for what blocks it", "AWS가 거부해 프로바이더가 다시 시도하는 삭제가, 막고 있는 것을 기다리는 시간 `D` (예: 1m, 30s)")
)

// rehearse: the banner a learner follows in another terminal, for a POSIX
// shell and for PowerShell.
var (
	RehearseServing        = m("vpclab rehearse: a simulated AWS serves the aws provider on 127.0.0.1:%d.\n", "vpclab rehearse: 모의 AWS가 127.0.0.1:%d에서 aws 프로바이더로 응답합니다.\n")
	RehearseStopped        = m("vpclab rehearse: stopped; the simulated resources are gone (run pulumi stack rm --force to forget them in the rehearsal state).\n", "vpclab rehearse: 멈췄습니다. 모의 리소스는 사라졌습니다 (리허설 상태에서도 지우려면 pulumi stack rm --force를 실행하세요).\n")
	RehearseEIPAuthFailure = m("--eip-auth-failure: the first release of an Elastic IP right after its NAT gateway is deleted fails with AuthFailure, as on AWS; run the same pulumi command again and it succeeds.\n",
		"--eip-auth-failure: NAT 게이트웨이를 삭제한 직후 그 탄력적 IP의 첫 해제는 AWS에서처럼 AuthFailure 오류로 실패합니다. 같은 pulumi 명령을 다시 실행하면 성공합니다.\n")
	RehearseStateDir = m("vpclab rehearse: state directory: %v\n", "vpclab rehearse: 상태 폴더: %v\n")
	RehearseCommands = m(`Nothing you run against it reaches AWS, and it costs nothing. Its resources live in
this process: stop it (Ctrl-C) and they are gone. The state directory below is only for
rehearsals: never use it, or these settings, with real AWS credentials.

In another terminal, in the vpclab directory (bash/zsh):

  export PULUMI_BACKEND_URL="file://%[2]s"
  export PULUMI_CONFIG_PASSPHRASE=rehearsal
  export PULUMI_DEBUG_PROVIDERS=aws:%[1]d
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true   # nothing to download

PowerShell:

  $env:PULUMI_BACKEND_URL = "file://%[2]s"
  $env:PULUMI_CONFIG_PASSPHRASE = "rehearsal"
  $env:PULUMI_DEBUG_PROVIDERS = "aws:%[1]d"
  $env:PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true"

Then walk a lab (nat-bastion here; vpclab labs lists them all):

  pulumi login                                # uses PULUMI_BACKEND_URL
  pulumi stack select --create nat-bastion
  pulumi config set vpclab:step 1             # the guide's first step
  pulumi up --yes
  pulumi config set vpclab:step 2
  pulumi up --yes                             # what the step adds, as the guide does
  pulumi stack output
  pulumi destroy --yes
  pulumi stack rm --yes --preserve-config nat-bastion   # keeps the shipped stack file

pulumi stack select --create and pulumi config set write into Pulumi.<stack>.yaml (an
encryptionsalt, the step); "git checkout Pulumi.nat-bastion.yaml" restores the shipped
file. When you are done, unset the four variables (or close the terminal) before you
run Pulumi against real AWS.

Operations (one line each):
`, `여기로 보낸 요청은 AWS에 가지 않으며 비용도 없습니다. 리소스는 이 프로세스 안에만
있어서, 멈추면(Ctrl-C) 사라집니다. 아래 상태 폴더는 리허설 전용입니다: 이 폴더나 아래
설정을 실제 AWS 자격 증명과 함께 쓰지 마세요.

다른 터미널의 vpclab 폴더에서 (bash/zsh):

  export PULUMI_BACKEND_URL="file://%[2]s"
  export PULUMI_CONFIG_PASSPHRASE=rehearsal
  export PULUMI_DEBUG_PROVIDERS=aws:%[1]d
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true   # 내려받을 것이 없음

PowerShell:

  $env:PULUMI_BACKEND_URL = "file://%[2]s"
  $env:PULUMI_CONFIG_PASSPHRASE = "rehearsal"
  $env:PULUMI_DEBUG_PROVIDERS = "aws:%[1]d"
  $env:PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true"

그다음 실습을 따라 합니다 (여기서는 nat-bastion; 전체 목록은 vpclab labs):

  pulumi login                                # PULUMI_BACKEND_URL 사용
  pulumi stack select --create nat-bastion
  pulumi config set vpclab:step 1             # 가이드의 첫 단계
  pulumi up --yes
  pulumi config set vpclab:step 2
  pulumi up --yes                             # 가이드처럼 이 단계가 더하는 것
  pulumi stack output
  pulumi destroy --yes
  pulumi stack rm --yes --preserve-config nat-bastion   # 배포본 스택 파일은 남김

pulumi stack select --create와 pulumi config set은 Pulumi.<stack>.yaml 파일에 씁니다
(encryptionsalt, 단계). "git checkout Pulumi.nat-bastion.yaml"로 배포본 파일을 되돌릴
수 있습니다. 다 끝나면 실제 AWS에 Pulumi를 쓰기 전에 네 변수를 해제하세요(또는 터미널을
닫으세요).

작업 (한 줄에 하나):
`)
)

// verify.
var (
	VerifyNoRegion    = m("vpclab verify %s: the stack has no region output; was it deployed from this project?\n", "vpclab verify %s: 스택에 region 출력값이 없습니다. 이 프로젝트로 배포한 스택인가요?\n")
	VerifyCredentials = m("vpclab verify %s: AWS credentials: %v\n", "vpclab verify %s: AWS 자격 증명: %v\n")
	VerifyInstance    = m("instance: %s\n", "인스턴스: %s\n")
)

// The folder the stacks are read from (--dir, or a stack file's folder).
var (
	DirMissing = Msg{"the folder %s does not exist (--dir, or the folder of the stack file given); give the folder that holds Pulumi.yaml, such as your vpclab checkout",
		"폴더가 없습니다: %s (--dir, 또는 주어진 스택 파일의 폴더). Pulumi.yaml이 있는 폴더(vpclab git 저장소 등)를 주세요"}
	DirIsFile    = Msg{"%s is a file, not a folder (--dir); give the folder that holds Pulumi.yaml", "폴더가 아니라 파일입니다: %s (--dir). Pulumi.yaml이 있는 폴더를 주세요"}
	DirNoProject = Msg{"the folder %s has no Pulumi.yaml: give the folder of the vpclab project (--dir)", "이 폴더에는 Pulumi.yaml 파일이 없습니다: %s. vpclab 프로젝트 폴더를 주세요 (--dir)"}
)
