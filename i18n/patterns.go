package i18n

import (
	"regexp"
	"slices"
)

// patterns put into Korean what other packages write in English: the
// simulation's notes, guardrail findings, IAM decisions, quotas, cost notes,
// configuration rules and Go's flag messages. Each is the English (a regular
// expression) beside its Korean; more specific patterns come first. A
// Korean particle after a group is a marker ({을}…) or is avoided.
var patterns = []Pattern{
	// The simulation's notes on what it made up.
	{En: `zone IDs (.+) are AWS's; their pairing with AZ names is simulated \(uniform across accounts, unpublished\)`, Ko: "AZ ID는 AWS의 실제 값이고, AZ 이름과의 짝은 모의입니다 (모든 계정에서 같다고 가정, AWS 비공개): ${1}"},
	{En: `zone IDs (.+) are AWS's; their pairing with AZ names is simulated \(it differs between accounts here\)`, Ko: "AZ ID는 AWS의 실제 값이고, AZ 이름과의 짝은 모의입니다 (여기서는 계정마다 다름): ${1}"},
	{En: `prefix-list IDs (.+) are simulated \(the same in every account, but AWS publishes no table\)`, Ko: "접두사 목록 ID는 모의 값입니다 (모든 계정에서 같지만 AWS가 표를 공개하지 않음): ${1}"},
	{En: `public addresses are simulated, from (\S+) \(RFC 5737\)`, Ko: "퍼블릭 주소는 모의 값입니다: ${1} 범위 (RFC 5737)"},
	{En: `\(CloudNeta lab (\S+)\)`, Ko: "(CloudNeta 실습 ${1})"},

	// The program's warnings (also under pulumi up).
	{En: "(\\S+):adminCidrs\\[(\\d+)\\] = (\\S+) is a documentation placeholder: set your own address with (`[^`]+`) or SSH to the bastion will time out",
		Ko: "${1}:adminCidrs[${2}] = ${3}: 문서용 예시 주소입니다. 내 주소로 바꾸세요: ${4}. 그대로 두면 배스천으로 가는 SSH가 시간 초과로 끝납니다"},
	{En: `(\S+):interfaceEndpoints has dynamodb with private DNS: adding the DynamoDB gateway endpoint \(free\) AWS requires for it \((\S+); rule (\S+)\)`,
		Ko: "${1}:interfaceEndpoints의 dynamodb 엔드포인트가 프라이빗 DNS를 쓰므로, AWS가 요구하는 DynamoDB 게이트웨이 엔드포인트(무료)를 추가합니다 (${2}, 규칙 ${3})"},

	// The conditions under which an input replaces its resource (sim/replace.go's notes).
	{En: `^on a regional NAT gateway moving between auto mode \(no availabilityZoneAddresses\) and manual mode$`, Ko: "리전 NAT 게이트웨이가 자동 모드(availabilityZoneAddresses 없음)와 수동 모드 사이를 오갈 때"},
	{En: `^on a private NAT gateway, where the program sets it$`, Ko: "프라이빗 NAT 게이트웨이에서, 프로그램이 값을 정한 경우"},
	{En: `^on a gateway endpoint$`, Ko: "게이트웨이 엔드포인트에서"},
	{En: `^on a network load balancer, unless mappings are only added$`, Ko: "네트워크 로드 밸런서에서, 매핑을 추가만 하는 경우는 제외"},
	{En: `^on a network load balancer, unless subnets are only added$`, Ko: "네트워크 로드 밸런서에서, 서브넷을 추가만 하는 경우는 제외"},
	{En: `^on a network load balancer, when it decreases$`, Ko: "네트워크 로드 밸런서에서, 값이 줄어들 때"},
	{En: `^on a network load balancer, when it gains its first or loses its last security group$`, Ko: "네트워크 로드 밸런서에서, 첫 보안 그룹이 생기거나 마지막 보안 그룹이 없어질 때"},
	{En: `^on an application load balancer, unless mappings are only added or only removed$`, Ko: "애플리케이션 로드 밸런서에서, 매핑을 추가만 하거나 제거만 하는 경우는 제외"},
	{En: `^except device tags; where the program sets the devices$`, Ko: "장치 태그는 제외, 프로그램이 장치를 정한 경우"},
	{En: `^unless ipv6AddressCount changes with it$`, Ko: "ipv6AddressCount 값도 함께 바뀌는 경우는 제외"},
	{En: `^unless it goes from dedicated to default$`, Ko: "dedicated에서 default로 바꾸는 경우는 제외"},
	{En: `^when devices are added or removed$`, Ko: "장치를 추가하거나 제거할 때"},
	{En: `^when it is turned off$`, Ko: "끌 때"},
	{En: `^when set$`, Ko: "값이 있을 때"},
	{En: `^when the new type runs on another architecture \(x86_64 and arm64\)$`, Ko: "새 유형의 아키텍처(x86_64, arm64)가 다를 때"},
	{En: "^when the peer's kind changes \\(CIDR, prefix list or security group\\)$", Ko: "상대의 종류(CIDR, 접두사 목록, 보안 그룹)가 바뀔 때"},
	{En: `^when the subnet had assignIpv6AddressOnCreation$`, Ko: "서브넷의 assignIpv6AddressOnCreation 설정이 켜져 있었을 때"},
	{En: `^where the program sets it$`, Ko: "프로그램이 값을 정한 경우"},
	{En: `^where the program sets them$`, Ko: "프로그램이 값을 정한 경우"},
	{En: `^with userDataReplaceOnChange$`, Ko: "userDataReplaceOnChange 설정이 켜진 경우"},

	// A step the CLI names before an error of that step.
	{En: `\bstep (\d+) (\S+): `, Ko: "${1}단계 ${2}: "},

	// Ports and protocols, as guard.Ports writes them.
	{En: `\ball traffic\b`, Ko: "모든 트래픽"},
	{En: `\b(icmp|icmpv6) all types\b`, Ko: "${1} 모든 유형"},
	{En: `\b(icmp|icmpv6) type (\d+)`, Ko: "${1} 유형 ${2}"},
	{En: `\b(tcp|udp|-1) all ports\b`, Ko: "${1} 모든 포트"},

	// Cost notes.
	{En: `(\S+ \S+) \(gateway endpoints are free\)`, Ko: "${1} (게이트웨이 엔드포인트는 무료)"},
	{En: `(\S+ \S+) is in auto mode: AWS activates it in each AZ where the VPC has network interfaces and allocates its public addresses; estimated as the AZs of the subnets routed to it \((.*)\), one address each`,
		Ko: "${1}: 자동 모드입니다. AWS가 VPC에 네트워크 인터페이스가 있는 AZ마다 활성화하고 퍼블릭 주소를 할당합니다. 이 게이트웨이로 라우팅되는 서브넷의 AZ(${2})마다 주소 하나로 추정했습니다"},
	{En: `(\S+ \S+): no price for (\S+)`, Ko: "${1}: ${2} 가격 없음"},

	// AWS default quotas: Service Quotas' own names, with the Korean.
	{En: `^VPCs per Region$`, Ko: "리전당 VPC"},
	{En: `^Internet gateways per Region$`, Ko: "리전당 인터넷 게이트웨이"},
	{En: `^EC2-VPC Elastic IPs$`, Ko: "EC2-VPC 탄력적 IP"},
	{En: `^NAT gateways per Availability Zone$`, Ko: "가용 영역당 NAT 게이트웨이"},
	{En: `^Gateway VPC endpoints per Region$`, Ko: "리전당 게이트웨이 VPC 엔드포인트"},
	{En: `^Interface VPC endpoints per VPC$`, Ko: "VPC당 인터페이스 VPC 엔드포인트"},
	{En: `^Inbound rules per security group$`, Ko: "보안 그룹당 인바운드 규칙"},
	{En: `^Outbound rules per security group$`, Ko: "보안 그룹당 아웃바운드 규칙"},

	// Guardrail severities and findings.
	{En: `^critical$`, Ko: "심각"},
	{En: `^high$`, Ko: "높음"},
	{En: `^medium$`, Ko: "중간"},
	{En: `^low$`, Ko: "낮음"},
	{En: `^metadata options tokens=(.*) hop=(.*)$`, Ko: "메타데이터 옵션 tokens=${1} hop=${2}"},
	{En: `^root volume is not an encrypted gp3 volume deleted with the instance$`, Ko: "루트 볼륨이 인스턴스와 함께 삭제되는 암호화된 gp3 볼륨이 아님"},
	{En: `^an EBS volume is unencrypted$`, Ko: "암호화되지 않은 EBS 볼륨이 있음"},
	{En: `^asks for a public IP$`, Ko: "퍼블릭 IP를 요청함"},
	{En: `^its subnet assigns public IPs$`, Ko: "서브넷이 퍼블릭 IP를 할당함"},
	{En: `^no instance profile$`, Ko: "인스턴스 프로파일 없음"},
	{En: `^user data contains (.*)$`, Ko: "사용자 데이터에 ${1} 포함"},
	{En: `^AMI (.*) was not resolved from an AWS public SSM parameter$`, Ko: "AMI ${1}: AWS 공개 SSM 파라미터에서 얻은 값이 아님"},
	{En: `^attaches the AWS-managed (.*)$`, Ko: "AWS 관리형 정책 연결: ${1}"},
	{En: `^attaches (.*)$`, Ko: "정책 연결: ${1}"},
	{En: `^(trust )?policy is not JSON$`, Ko: "정책이 JSON이 아님"},
	{En: `^allows (.*) on \*$`, Ko: "* 리소스에 허용: ${1}"},
	{En: `^allows (.*)$`, Ko: "허용: ${1}"},
	{En: `^anyone may assume it$`, Ko: "누구나 맡을 수 있음"},
	{En: `^trusts (.*)$`, Ko: "신뢰 대상: ${1}"},
	{En: `^the flow-logs trust lacks an aws:SourceAccount condition$`, Ko: "흐름 로그 신뢰 정책에 aws:SourceAccount 조건 없음"},
	{En: `^deletion protection off$`, Ko: "삭제 방지 꺼짐"},
	{En: `^access logs off$`, Ko: "액세스 로그 꺼짐"},
	{En: `^(\S+) without a certificate or a TLS 1\.3 policy$`, Ko: "${1}: 인증서 또는 TLS 1.3 정책 없음"},
	{En: `^plaintext (\S+)$`, Ko: "평문 ${1}"},
	{En: `^public access is not fully blocked$`, Ko: "퍼블릭 액세스가 완전히 차단되지 않음"},
	{En: `^ACLs are not disabled \(BucketOwnerEnforced\)$`, Ko: "ACL이 비활성화되지 않음 (BucketOwnerEnforced)"},
	{En: `^no default encryption$`, Ko: "기본 암호화 없음"},
	{En: `^no deny of requests without TLS$`, Ko: "TLS 없는 요청을 거부하지 않음"},
	{En: `^statement (".*") allows everyone$`, Ko: "문 ${1}: 모두에게 허용"},
	{En: `^statement (".*") denies everyone unconditionally: a lock-out$`, Ko: "문 ${1}: 조건 없이 모두 거부 (잠김)"},
	{En: `^statement (".*") does not exempt the deployer (\S+): a lock-out of pulumi destroy$`, Ko: "문 ${1}: 배포자 ${2} 예외 없음 (pulumi destroy가 막힘)"},
	{En: `^bucket name (".*") is not DNS-compliant without dots$`, Ko: "버킷 이름 ${1}: 점 없는 DNS 호환 이름이 아님"},
	{En: `^(.+) from (\[.*\])$`, Ko: "${2}에서 ${1}"},
	{En: `^(.+) to the internet$`, Ko: "인터넷으로 ${1}"},
	{En: `^no description$`, Ko: "설명 없음"},
	{En: `^a rule has no description$`, Ko: "설명 없는 규칙이 있음"},
	{En: `^inline rules and standalone rule resources fight over this group$`, Ko: "인라인 규칙과 별도 규칙 리소스가 이 그룹을 두고 충돌함"},
	{En: `^attached to nothing$`, Ko: "아무 데도 연결되지 않음"},
	{En: `^accepts any connection without review$`, Ko: "검토 없이 모든 연결을 수락함"},
	{En: `^allowed principals (.*)$`, Ko: "허용된 보안 주체 ${1}"},
	{En: `^protected or retained: pulumi destroy leaves it behind$`, Ko: "보호 또는 보존 설정: pulumi destroy 뒤에도 남음"},
	{En: `^not force-destroyed: a bucket with objects blocks pulumi destroy$`, Ko: "forceDestroy 아님: 객체가 있는 버킷이 pulumi destroy를 막음"},
	{En: `^skipDestroy keeps the log group$`, Ko: "skipDestroy가 로그 그룹을 남김"},
	{En: `^the default security group keeps AWS's allow rules \(not adopted\)$`, Ko: "기본 보안 그룹에 AWS의 허용 규칙이 남아 있음 (관리 대상 아님)"},
	{En: `^the default security group has rules$`, Ko: "기본 보안 그룹에 규칙이 있음"},
	{En: `^no flow log$`, Ko: "흐름 로그 없음"},
	{En: `^assigns a public IP to every instance$`, Ko: "모든 인스턴스에 퍼블릭 IP를 할당함"},
	{En: `^default route to the internet gateway$`, Ko: "인터넷 게이트웨이로 가는 기본 경로"},
	{En: `^default route to an instance \(use a NAT gateway\)$`, Ko: "인스턴스로 가는 기본 경로 (NAT 게이트웨이를 쓰세요)"},
	{En: `^(\S+) is public address space$`, Ko: "${1}: 퍼블릭 주소 공간"},
	{En: `^no endpoint policy: full access for anyone$`, Ko: "엔드포인트 정책 없음: 누구에게나 전체 액세스"},
	{En: `^policy is (\d+) characters \(AWS allows (\d+)\)$`, Ko: "정책이 ${1}자 (AWS 허용 한도 ${2}자)"},
	{En: `^statement (".*") lets principals of any account use the endpoint$`, Ko: "문 ${1}: 모든 계정의 보안 주체가 엔드포인트를 쓸 수 있음"},
	{En: `^no security group: it gets the VPC default SG$`, Ko: "보안 그룹 없음: VPC 기본 보안 그룹을 받음"},
	{En: `^uses the VPC default security group$`, Ko: "VPC 기본 보안 그룹을 씀"},
	{En: `^shares its security group with instances$`, Ko: "인스턴스와 보안 그룹을 같이 씀"},
	{En: `^its SG allows (.+) from (\[.*\])$`, Ko: "보안 그룹이 ${2}에서 ${1} 허용"},
	{En: `^in one AZ: no redundancy$`, Ko: "AZ 하나뿐: 이중화 없음"},
	{En: `^uses Session Manager without NAT and without the (\S+) endpoint$`, Ko: "NAT도 ${1} 엔드포인트도 없이 Session Manager를 씀"},

	// IAM decisions.
	{En: `(allowed by|denied explicitly by|; ) ?identity (\S+)`, Ko: "${1} 자격 증명 정책 ${2}"},
	{En: `(allowed by|denied explicitly by|; ) ?endpoint (\S+)`, Ko: "${1} 엔드포인트 정책 ${2}"},
	{En: `(allowed by|denied explicitly by|; ) ?resource (\S+)`, Ko: "${1} 리소스 정책 ${2}"},
	{En: `allowed by `, Ko: "허용: "},
	{En: `denied explicitly by `, Ko: "명시적 거부: "},
	// (an implicit deny names the layers without an allow: added in init)
	{En: `\(default policy\)`, Ko: "(기본 정책)"},
	{En: `AWS VPC CIDR guidance \(RFC 1918\)`, Ko: "AWS VPC CIDR 안내 (RFC 1918)"},
	{En: `AWS quota (\d+)`, Ko: "AWS 할당량 ${1}"},
	{En: `vpclab teardown`, Ko: "vpclab 정리 규칙"},
	{En: `\(AWS-owned, modelled\)`, Ko: "(AWS 소유, 모델링)"},
	{En: `\(no Sid\)`, Ko: "(Sid 없음)"},
	{En: `\(anonymous: dnf signs nothing\)`, Ko: "(익명: dnf는 서명하지 않음)"},
	{En: `\(from a laptop\)`, Ko: "(노트북에서)"},
	{En: `\(role (\S+)\)`, Ko: "(역할 ${1})"},
	{En: `^through (\S+) \((\S+)\)$`, Ko: "${1} (${2}) 경유"},
	{En: `^over the internet$`, Ko: "인터넷 경유"},
	{En: `^no route$`, Ko: "경로 없음"},
	{En: `AWS input rules: (\d+) rules, (\d+) values checked, (\d+) refusals`, Ko: "AWS 입력 규칙: 규칙 ${1}개, 검사한 값 ${2}개, 거부 ${3}건"},

	// Go's flag package.
	{En: `flag provided but not defined: (\S+)`, Ko: "정의되지 않은 플래그: ${1}"},
	{En: `flag needs an argument: (\S+)`, Ko: "플래그에 값이 필요합니다: ${1}"},
	{En: `invalid value (".*") for flag (\S+): `, Ko: "플래그 ${2}의 값 ${1}: "},
	{En: `invalid boolean value (".*") for (\S+): `, Ko: "플래그 ${2}의 값 ${1}: "},
	{En: `parse error`, Ko: "해석할 수 없음"},
	{En: `language (".*"): use en or ko`, Ko: "언어 ${1}: en 또는 ko를 쓰세요"},
	{En: `want key=value, got (".*")`, Ko: "key=value 형식이어야 합니다. 받은 값: ${1}"},

	// Configuration errors: the frame, then the rules.
	{En: `; did you mean (\S+)\?`, Ko: "; 혹시 ${1}인가요?"},
	{En: `step (\d+) (\S+): config `, Ko: "${1}단계 ${2}: 설정 "},
	{En: `(^|: )config (\S+) = `, Ko: "${1}설정 ${2} = "},
	{En: `(^|: )config (\S+): `, Ko: "${1}설정 ${2}: "},
	{En: `: must be one of (.+?)(, or step for the value of the selected vpclab:step)?(;|$)`, Ko: ": 다음 중 하나여야 합니다: ${1}${3}"},
	{En: `: (is not|must be) true or false(, or step for the value of the selected vpclab:step)?`, Ko: ": true 또는 false여야 합니다"},
	{En: `: must be a whole number such as (.+)$`, Ko: ": 정수여야 합니다. 예: ${1}"},
	{En: `\((\S+) is the value of step (\d+) (\S+); set it, or choose another step\)`, Ko: "(${1} 값은 ${2}단계 ${3}에서 정한 값입니다. 직접 설정하거나 다른 단계를 고르세요)"},
	{En: `, or step for the value of the selected vpclab:step`, Ko: " (또는 선택한 vpclab:step 단계의 값을 쓰려면 step)"},
	{En: `: is not an integer; give a whole number`, Ko: ": 정수가 아닙니다. 정수를 주세요"},
	{En: `: is far too large; give a whole number( such as (\d+))?`, Ko: ": 너무 큰 수입니다. 정수를 주세요"},
	{En: `the (\S+) lab's steps are (.+?)(;|$)`, Ko: "${1} 실습의 단계: ${2}${3}"},
	{En: `: wider than /(\d+); set (\S+) true to accept it`, Ko: ": /${1}보다 넓은 범위입니다. 받아들이려면 ${2} 값을 true로 설정하세요"},
	{En: `: SSH from the whole internet is refused \((.+)\); give your own address`, Ko: ": 인터넷 전체에서 오는 SSH는 거부합니다(${1}). 내 주소를 주세요"},
	{En: `Stack '(\S+)' uses configuration (\S+) which is not defined by the project configuration`, Ko: "스택 ${1}의 설정 키 ${2}: Pulumi.yaml에 선언되지 않은 키입니다"},
	{En: `Stack '(\S+)' config (\S+) = (.+) should be of type (\S+)`, Ko: "스택 ${1}의 설정 ${2} = ${3}: ${4} 형식이어야 합니다"},
	{En: `Stack '(\S+)' is missing configuration (.+)$`, Ko: "스택 ${1}에 필요한 설정이 없습니다: ${2}"},
	{En: `: is not valid JSON at character (\d+)( \(put it in brackets, each text in double quotes\))?; give a list such as (.+?)(, or step for the value of the selected vpclab:step)?$`, Ko: ": ${1}번째 글자에서 올바른 JSON이 아닙니다. [\"a\",\"b\"]처럼 대괄호와 큰따옴표로 주세요. 예: ${3}"},
	{En: `: is empty; give a JSON list such as (.+)$`, Ko: ": 비어 있습니다. 예: ${1} 같은 JSON 목록을 주세요"},
	{En: `: holds (\S+), which is not a whole number in range; give a list such as (.+)$`, Ko: ": ${1}: 범위 안의 정수가 아닙니다. 예: ${2}"},
	{En: `: holds a (\S+) where a (\S+) belongs; give a list such as (.+)$`, Ko: ": ${2} 자리에 ${1} 값이 있습니다. 예: ${3}"},
	{En: `: is not a JSON list; give one such as (.+)$`, Ko: ": JSON 목록이 아닙니다. 예: ${1}"},
	{En: `: is not a JSON object such as (\{.*\})`, Ko: ": ${1} 같은 JSON 객체가 아닙니다"},
	{En: `: is not a JSON array such as (\[.*\]) \(each text in double quotes\)`, Ko: ": ${1} 같은 JSON 배열이 아닙니다 (글자마다 큰따옴표)"},
	{En: `: must be a JSON object of names such as (\{.*\})`, Ko: ": ${1} 같은 이름의 JSON 객체여야 합니다"},
	{En: "is required: set it with (`[^`]+`)", Ko: "값이 필요합니다. 설정 방법: ${1}"},
	{En: `: must not be empty: it starts every Name tag`, Ko: ": 비워 둘 수 없습니다. 모든 Name 태그가 이 값으로 시작합니다"},
	{En: `: unknown name; use one of (.+)$`, Ko: ": 알 수 없는 이름입니다. 다음 중 하나를 쓰세요: ${1}"},
	{En: `: has (\d+) entries but (\S+) has (\d+); give one CIDR per (public|private) subnet, or none to carve them from vpcCidr`, Ko: ": 항목이 ${1}개인데 ${2} 항목은 ${3}개입니다. 서브넷마다 CIDR 하나를 주거나, 비워 두어 vpcCidr에서 나누게 하세요"},
	{En: `the default in Pulumi\.yaml`, Ko: "Pulumi.yaml의 기본값"},
	{En: `: the (\S+) lab needs a private subnet for its private instance`, Ko: ": ${1} 실습에는 프라이빗 인스턴스를 둘 프라이빗 서브넷이 필요합니다"},
	{En: `: access (\S+) needs a public subnet for the bastion`, Ko: ": access ${1} 설정에는 배스천을 둘 퍼블릭 서브넷이 필요합니다"},
	{En: `: there is no public route table to attach gateway endpoints to`, Ko: ": 게이트웨이 엔드포인트를 붙일 퍼블릭 라우팅 테이블이 없습니다"},
	{En: `: listed twice`, Ko: ": 두 번 나옵니다"},
	{En: `: a TCP port is 1 to 65535`, Ko: ": TCP 포트는 1부터 65535까지입니다"},
	{En: `: the provider needs at least one AZ for its load balancer and web servers`, Ko: ": 제공자 VPC에는 로드 밸런서와 웹 서버를 둘 AZ가 하나 이상 필요합니다"},
	// The AWS input rules' refusals: AWS's error code and its own wording of
	// what it accepts are quoted as AWS writes them.
	{En: `the Name tag it produces: `, Ko: "이 값으로 만드는 Name 태그: "},
	{En: `(\S+) refuses the tag value (".*?"): `, Ko: "${1}에서 거부하는 태그 값 ${2}: "},
	{En: `(\S+) refuses the tag key (".*?"): `, Ko: "${1}에서 거부하는 태그 키 ${2}: "},
	{En: `is (\d+) characters, more than (\d+)`, Ko: "${1}자로, 최대 ${2}자를 넘습니다"},
	{En: `is (\d+) characters, fewer than (\d+)`, Ko: "${1}자로, 최소 ${2}자보다 짧습니다"},
	{En: `character (".*?") is not allowed`, Ko: "허용되지 않는 문자: ${1}"},
	{En: ` \((\w+): ([^()]*(?:\([^()]*\)[^()]*)*)\) \[(\S+) (\S+)\]`, Ko: " (AWS 오류 ${1}: \"${2}\") [규칙 ${3}, 출처 ${4}]"},
	{En: `the region has (\d+) availability zones \((.*)\), so the index must be 0 to (\d+)`, Ko: "리전의 가용 영역은 ${1}개(${2})이므로 인덱스 범위는 0~${3}입니다"},
	{En: `access (\S+) without NAT reaches Session Manager only through the (.+) endpoints; (\S+) is missing \(or set (\S+) single\)`, Ko: "access 값이 ${1}이고 NAT가 없으면 Session Manager에는 ${2} 엔드포인트를 거쳐서만 닿습니다. ${3} 엔드포인트가 없습니다 (또는 ${4} single 설정을 쓰세요)"},
	// The components' rules, as the labs relabel them to config keys.
	{En: `: (\S+) does not offer it \((.+?)\); (\S+) offers (.+)$`, Ko: ": ${1}에서 제공하지 않습니다 (${2}). ${3}에서 제공하는 유형: ${4}"},
	{En: `169\.254\.0\.0/16 is link-local and cannot be used in a VPC`, Ko: "169.254.0.0/16은 링크 로컬 주소라 VPC에 쓸 수 없습니다"},
	{En: `AWS allows at most 200 subnets per VPC`, Ko: "AWS는 VPC당 서브넷을 200개까지만 허용합니다"},
	{En: `CloudWatch Logs accepts only (.+)$`, Ko: "CloudWatch Logs가 받는 값: ${1}"},
	{En: `a NAT gateway sits in a public subnet, and there is none \((\S+) regional needs none\)`, Ko: "NAT 게이트웨이는 퍼블릭 서브넷에 두는데, 퍼블릭 서브넷이 없습니다 (${1} regional 설정에는 필요 없음)"},
	{En: `a cluster placement group lives in one AZ, but the bastion is in (\S+) and the private instance in (\S+)`, Ko: "클러스터 배치 그룹은 AZ 하나에만 있는데, 배스천은 ${1}, 프라이빗 인스턴스는 ${2}에 있습니다"},
	{En: `a partition placement group has 1 to (\d+) partitions per AZ`, Ko: "파티션 배치 그룹의 파티션 수는 AZ당 1~${1}개입니다"},
	{En: `access (\S+) needs at least one admin CIDR \(your address, e\.g\. (\S+)\); there is no default`, Ko: "access ${1} 설정에는 관리자 CIDR 항목이 하나 이상 필요합니다 (내 주소, 예: ${2}). 기본값은 없습니다"},
	{En: `an endpoint policy is at most (\d+) characters`, Ko: "엔드포인트 정책은 최대 ${1}자입니다"},
	{En: `applies only to (\S+) regional, and (\S+) is none`, Ko: "${1} regional에만 쓰이는데, ${2} 값이 none입니다"},
	{En: `applies only to (\S+) regional; a zonal NAT gateway \((\S+) (\S+)\) always gets one Elastic IP of its own`, Ko: "${1} regional에만 쓰입니다. 영역 NAT 게이트웨이(${2} ${3})는 늘 자기 탄력적 IP를 하나 받습니다"},
	{En: `cluster placement groups do not take burstable instances such as (\S+)`, Ko: "클러스터 배치 그룹에는 ${1} 같은 버스트 가능 인스턴스를 넣을 수 없습니다"},
	{En: `gateway endpoints exist only for s3 and dynamodb; use an interface endpoint for other services`, Ko: "게이트웨이 엔드포인트는 s3와 dynamodb에만 있습니다. 다른 서비스에는 인터페이스 엔드포인트를 쓰세요"},
	{En: `gp3 root volumes are (\d+) to 16384 GiB \(at least the AMI's snapshot\)`, Ko: "gp3 루트 볼륨은 ${1}~16384GiB입니다 (AMI 스냅샷 크기 이상)"},
	{En: `is (\S+) but (\S+) (\S+) names an (\S+) image`, Ko: "값은 ${1}인데 ${2} ${3} 파라미터는 ${4} 이미지를 가리킵니다"},
	{En: `: is required with access (\S+): the bastion lives in a public subnet`, Ko: ": access ${1} 설정에는 필요합니다. 배스천은 퍼블릭 서브넷에 있습니다"},
	{En: `: is required: the targets accept the port only from the load balancer`, Ko: ": 필요합니다. 대상은 로드 밸런서에서 오는 포트만 받습니다"},
	{En: `: is required$`, Ko: ": 필요합니다"},
	{En: `key pair names are 1–255 printable ASCII characters`, Ko: "키 페어 이름은 출력 가능한 ASCII 문자 1~255자입니다"},
	{En: `: must be 1 to 65535`, Ko: ": 1부터 65535까지여야 합니다"},
	{En: `: must be between the VPC's /(\d+) and /(\d+)`, Ko: ": VPC의 /${1}과 /${2} 사이여야 합니다"},
	{En: `: must be (\S+), (\S+), (\S+) or empty`, Ko: ": ${1}, ${2}, ${3} 중 하나이거나 비어 있어야 합니다"},
	{En: `: must be (\S+), (\S+) or (\S+)$`, Ko: ": ${1}, ${2}, ${3} 중 하나여야 합니다"},
	{En: `: must be (\S+) or (\S+)$`, Ko: ": ${1}, ${2} 중 하나여야 합니다"},
	{En: `: not an IPv4 CIDR block such as (\S+)`, Ko: ": IPv4 CIDR 블록이 아닙니다. 예: ${1}"},
	{En: `: must not be empty`, Ko: ": 비워 둘 수 없습니다"},
	{En: `: not a CIDR block`, Ko: ": CIDR 블록이 아닙니다"},
	{En: `: not a service name such as (.+)$`, Ko: ": 서비스 이름이 아닙니다. 예: ${1}"},
	{En: `: not an SSM parameter path such as (\S+)`, Ko: ": SSM 파라미터 경로가 아닙니다. 예: ${1}"},
	{En: `: not an instance type such as (\S+)`, Ko: ": 인스턴스 유형이 아닙니다. 예: ${1}"},
	{En: `: not in private address space \(([^)]*)\); `, Ko: ": 프라이빗 주소 공간(${1})이 아닙니다. "},
	{En: `only used with (\S+) partition`, Ko: "${1} partition일 때만 쓰입니다"},
	{En: `only used with access ssh or both; access ssm needs no key pair`, Ko: "access 값이 ssh 또는 both일 때만 쓰입니다. access ssm에는 키 페어가 필요 없습니다"},
	{En: `only used with access ssh or both; access ssm opens no inbound port`, Ko: "access 값이 ssh 또는 both일 때만 쓰입니다. access 값이 ssm이면 인바운드 포트를 열지 않습니다"},
	{En: `only used with condition (\S+)`, Ko: "조건이 ${1}일 때만 쓰입니다"},
	{En: `only used by the least-privilege policy; full-access allows everything`, Ko: "least-privilege 정책에만 쓰입니다. full-access는 모두 허용합니다"},
	{En: `only for the s3 service`, Ko: "s3 서비스에만 쓰입니다"},
	{En: `private DNS needs the VPC's DNS support and DNS hostnames on \(support (\S+), hostnames (\S+)\)`, Ko: "프라이빗 DNS에는 VPC의 DNS 지원과 DNS 호스트 이름이 켜져 있어야 합니다 (지원 ${1}, 호스트 이름 ${2})"},
	{En: `private DNS for the (\S+) interface endpoint answers only Route 53 Resolver inbound endpoints unless (\S+) is false, `, Ko: "${1} 인터페이스 엔드포인트의 프라이빗 DNS는 ${2} 값이 false가 아니면 Route 53 Resolver 인바운드 엔드포인트에만 응답합니다. "},
	{En: `the VPC (\S+) has no room left for (\d+) more /(\d+) subnets`, Ko: "VPC ${1}에 /${3} 서브넷 ${2}개를 더 넣을 공간이 없습니다"},
	{En: `the bucket is autonamed (\S+): use lowercase letters, digits and hyphens, at most (\d+) characters`, Ko: "버킷 이름은 ${1} 형태로 자동으로 정해집니다. 소문자, 숫자, 하이픈만 쓰고 ${2}자 이하로 하세요"},
	{En: `the load balancer and target group are autonamed (\S+), which must be at most (\d+) letters, digits and hyphens; use a name of at most (\d+) characters`, Ko: "로드 밸런서와 대상 그룹 이름은 ${1} 형태로 자동으로 정해지며 글자·숫자·하이픈 ${2}자 이하여야 합니다. ${3}자 이하의 이름을 쓰세요"},
	{En: `there are no private subnets to route through a NAT gateway`, Ko: "NAT 게이트웨이를 거쳐 라우팅할 프라이빗 서브넷이 없습니다"},
	{En: `(\S+) is in (\S+) \(AZ index (\d+)\) and no public subnet there can host its NAT gateway`, Ko: "${1}: ${2}(AZ 인덱스 ${3})에 있는데, 그 AZ에 NAT 게이트웨이를 둘 퍼블릭 서브넷이 없습니다"},
	{En: `a consumer endpoint connects to the endpoint service, and (\S+) is false`, Ko: "소비자 엔드포인트는 엔드포인트 서비스에 연결하는데, ${1} 값이 false입니다"},
	{En: `the service does not require acceptance; there is nothing to accept`, Ko: "서비스가 수락을 요구하지 않아 수락할 것이 없습니다"},
	{En: `an endpoint service without targets serves nothing`, Ko: "대상이 없는 엔드포인트 서비스는 아무것도 제공하지 않습니다"},
	{En: `: give one page per provider AZ \((\d+)\), one web server each: `, Ko: ": 제공자 AZ마다(${1}개) 페이지 하나씩, 웹 서버 하나씩 주세요: "},
	{En: `: lets the private instance run the guide's bare (` + "`[^`]+`" + `); it needs (\S+)`, Ko: ": 프라이빗 인스턴스가 가이드의 인수 없는 ${1} 명령을 쓰게 합니다. ${2} 설정이 필요합니다"},
	{En: `: adds the Amazon Linux repositories to a least-privilege S3 endpoint policy, and there is none`, Ko: ": least-privilege S3 엔드포인트 정책에 Amazon Linux 저장소를 더하는데, 그 정책이 없습니다"},
	{En: `: there are no (\S+) subnets to put interface endpoints in`, Ko: ": 인터페이스 엔드포인트를 둘 ${1} 서브넷이 없습니다"},
	{En: `the consumer endpoint's subnet AZ: `, Ko: "소비자 엔드포인트 서브넷의 AZ: "},
	{En: `Pulumi\.(\S+)\.yaml is not valid YAML \((.+)\): check the indentation, colons and brackets there`, Ko: "Pulumi.${1}.yaml 파일이 올바른 YAML이 아닙니다 (${2}): 그 위치의 들여쓰기, 콜론, 괄호를 확인하세요"},
	{En: `Pulumi\.(\S+)\.yaml: (.+) is a secret \(pulumi config set --secret\): set PULUMI_CONFIG_PASSPHRASE \(or PULUMI_CONFIG_PASSPHRASE_FILE, a file holding it\) to the passphrase of the stack's local backend, or give the value with --config`,
		Ko: "Pulumi.${1}.yaml의 비밀 값(pulumi config set --secret)을 읽을 암호 문구가 없습니다: ${2}. PULUMI_CONFIG_PASSPHRASE에 로컬 백엔드의 암호 문구를 설정하거나(또는 그 문구를 담은 파일의 경로를 PULUMI_CONFIG_PASSPHRASE_FILE에), 값을 --config로 주세요"},
	{En: `Pulumi\.(\S+)\.yaml: (.+) is a secret, and the passphrase in (.+) does not unlock it \(the stack's encryptionsalt was made with another\): set the passphrase you used with pulumi config set --secret, or give the value with --config`,
		Ko: "Pulumi.${1}.yaml의 비밀 값을 풀 수 없습니다: ${2}. ${3}의 암호 문구가 맞지 않습니다(스택의 encryptionsalt는 다른 암호 문구로 만들어졌습니다). pulumi config set --secret 때 쓴 암호 문구를 설정하거나, 값을 --config로 주세요"},
	{En: `Pulumi\.(\S+)\.yaml: (.+) is a secret kept by (.+), which vpclab cannot reach offline: give the value with --config`,
		Ko: "Pulumi.${1}.yaml의 비밀 값은 오프라인으로 읽을 수 없습니다(보관: ${3}): ${2}. 값을 --config로 주세요"},
	{En: `no stack (".*"): Pulumi\.(\S+)\.yaml is not in (\S+) \(stacks: (.*)\)`, Ko: "${1} 스택이 없습니다: ${3} 폴더에 Pulumi.${2}.yaml 파일이 없습니다 (스택: ${4})"},
	{En: `config key (".*") must be of the form namespace:name`, Ko: "설정 키 ${1}: namespace:name 형식이어야 합니다"},
	{En: `stack (\S+): aws:region is not set`, Ko: "스택 ${1}: aws:region 값이 없습니다"},

	// Configuration keys, regions, instance types, name prefixes and --path
	// keys (issue 25 items 4, 5 and 7), after the frame above has put
	// "config X" into Korean. No particle follows a Latin word.
	{En: `: the aws provider \(pulumi-aws\) has no key (\S+), and pulumi up would refuse it`, Ko: ": aws 프로바이더(pulumi-aws)에는 키 ${1} 없음. pulumi up에서도 거부됩니다"},
	{En: `: the aws provider \(pulumi-aws\) has no field (\S+) in (\S+), and pulumi up would refuse it`, Ko: ": aws 프로바이더(pulumi-aws)의 ${2} 값에는 필드 ${1} 없음. pulumi up에서도 거부됩니다"},
	{En: `; its keys are listed at (\S+)`, Ko: ". 키 목록: ${1}"},
	{En: `: (\S+) is a setting of the aws provider, not of (\S+): set (\S+) instead \(pulumi config set (\S+) <value>\)`, Ko: ": ${1} 항목은 ${2} 프로젝트가 아니라 aws 프로바이더의 설정입니다. 대신 ${3} 키로 설정하세요 (pulumi config set ${4} <값>)"},
	{En: `: (\S+) is a (\S+) key, not the aws provider's: set (\S+) instead`, Ko: ": ${1} 항목은 aws 프로바이더가 아니라 ${2} 프로젝트의 키입니다. 대신 ${3} 키로 설정하세요"},
	{En: `: not an AWS region`, Ko: ": AWS 리전 이름이 아닙니다"},
	{En: `: regions are named by code`, Ko: ": 리전은 코드로 씁니다"},
	{En: "; regions are named like ap-northeast-2 \\(Seoul, the guides' region\\) or us-east-1 \\(N\\. Virginia\\): (`[^`]+`) lists them", Ko: ". 리전 이름의 예: ap-northeast-2(서울, 가이드의 리전), us-east-1(버지니아 북부). 전체 목록: ${1}"},
	{En: `: a region of (.+?), which needs its own account; the simulation has the commercial regions \(the aws partition\) only, such as ap-northeast-2, the guides' Seoul`, Ko: ": ${1} 파티션의 리전이라 별도의 계정이 필요합니다. 모의 AWS에는 상용 리전(aws 파티션)만 있습니다. 예: ap-northeast-2 (가이드의 서울 리전)"},
	{En: `: is not an EC2 instance type \(the EC2 API's list of instance types\)`, Ko: ": EC2 인스턴스 유형이 아닙니다 (EC2 API의 인스턴스 유형 목록 기준)"},
	{En: `: the simulation's offerings list does not have (\S+) in (\S+) \((\S+) is an EC2 instance type; `, Ko: ": 모의 AWS의 제공 목록에는 ${2} AZ의 ${1} 유형이 없습니다 (${3} 자체는 EC2 인스턴스 유형입니다. "},
	{En: `: EC2's offerings \(DescribeInstanceTypeOfferings\) do not list (\S+) in (\S+) \((\S+) is an EC2 instance type; `, Ko: ": EC2 제공 목록(DescribeInstanceTypeOfferings)에는 ${2} AZ의 ${1} 유형이 없습니다 (${3} 자체는 EC2 인스턴스 유형입니다. "},
	{En: `no AZ of the region has it\)`, Ko: "이 리전의 어느 AZ에도 없습니다)"},
	{En: `it has it in (.+)\)$`, Ko: "목록에 있는 AZ: ${1})"},
	{En: `: is (\d+) characters \((".*?")\); at most (\d+) fit: (.+?) \((".*?") with the prefix in front\) may have (\d+) characters`, Ko: ": ${1}자입니다 (${2}). 최대 ${3}자까지 들어갑니다. 이유: ${4}(접두사 뒤에 ${5})의 최대 길이가 ${6}자"},
	{En: `: is (\d+) characters; the Name tag made of it \((".*?") added\) may have (\d+), so at most (\d+) fit`, Ko: ": ${1}자입니다. 뒤에 ${2} 붙는 Name 태그의 최대 길이가 ${3}자라서 최대 ${4}자까지 들어갑니다"},
	{En: `: is (\d+) characters; it goes into the security group description (".*?"), which EC2 limits to (\d+) characters, so at most (\d+) fit`, Ko: ": ${1}자입니다. 이 값이 들어가는 보안 그룹 설명 ${2}의 최대 길이가 EC2 기준 ${3}자라서 최대 ${4}자까지 들어갑니다"},
	{En: `the bastion's security group description`, Ko: "배스천 보안 그룹 설명"},
	{En: `the private instance's security group description`, Ko: "프라이빗 인스턴스 보안 그룹 설명"},
	{En: `the web servers' security group description`, Ko: "웹 서버 보안 그룹 설명"},
	{En: `the web servers' instance profile Name tag`, Ko: "웹 서버 인스턴스 프로파일의 Name 태그"},
	{En: `the private subnets' Name tag`, Ko: "프라이빗 서브넷의 Name 태그"},
	{En: `: (\S+) has (\d+) item\(s\), so the next index is (\d+); or give the whole list: (--config '.*')`, Ko: ": ${1} 목록의 항목 수가 ${2}개라서 다음 인덱스는 ${3}입니다. 또는 목록 전체를 주세요: ${4}"},
	{En: `: is not a whole number$`, Ko: ": 정수가 아닙니다"},
	{En: `: (\S+) holds (.+?), not a list or object to set one item of; give the whole value: (--config '.*')`, Ko: ": ${1}의 현재 값 ${2}: 항목 하나만 바꿀 수 있는 목록이나 객체가 아닙니다. 값 전체를 주세요: ${3}"},
}

// layers are IAM's policy layers, as sim/iam names them.
var layers = [][2]string{{"identity", "자격 증명"}, {"endpoint", "엔드포인트"}, {"resource", "리소스"}}

func init() {
	// An implicit deny lists the layers with no allow, one to three of them.
	var deny []Pattern
	var combine func(en, ko string, used map[string]bool)
	combine = func(en, ko string, used map[string]bool) {
		if en != "" {
			deny = append(deny, Pattern{En: "denied: no allow in the " + en + " policy", Ko: "거부: 허용 없음 (" + ko + " 정책)"})
		}
		for _, l := range layers {
			if used[l[0]] {
				continue
			}
			u := map[string]bool{l[0]: true}
			for k := range used {
				u[k] = true
			}
			if en == "" {
				combine(l[0], l[1], u)
			} else {
				combine(en+" or "+l[0], ko+" 또는 "+l[1], u)
			}
		}
	}
	combine("", "", map[string]bool{})
	// Longer lists first, so a shorter one does not match inside them.
	slices.SortStableFunc(deny, func(a, b Pattern) int { return len(b.En) - len(a.En) })
	patterns = append(deny, patterns...)
	for i := range patterns {
		patterns[i].re = regexp.MustCompile(patterns[i].En)
	}
}
