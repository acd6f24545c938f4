package tests

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/awsprovider"
)

// Issue 25 items 4, 5 and 7, and inputs of the same kinds: each through the
// CLI, in English and in Korean. A bad input exits 1 (the stack does not
// build) or 2 (a usage error), names the key or path at fault and says the
// rule; under --lang ko the same, with no English sentence left.
func TestConfigInputsThroughTheCLI(t *testing.T) {
	winDir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi.nat-bastion.yaml"} {
		b, err := os.ReadFile(filepath.Join(projectDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(winDir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("a", 300)
	for _, tc := range []struct {
		name string
		args []string
		code int
		key  string // named in both languages
		en   string // the English rule
		// ko is a Korean fragment of the rule (empty: the case prints no
		// error, as for inputs that are accepted).
		ko string
	}{
		// Item 4: keys of the aws provider.
		{"aws key typo", []string{"--config", "aws:regoin=us-east-1", "nat-bastion"}, 1, "aws:regoin",
			"the aws provider (pulumi-aws) has no key regoin, and pulumi up would refuse it; did you mean aws:region?", "aws 프로바이더(pulumi-aws)에는 키 regoin 없음"},
		{"aws key typo in case", []string{"--config", "aws:Region=us-east-1", "nat-bastion"}, 1, "aws:Region", "did you mean aws:region?", "aws 프로바이더(pulumi-aws)에는 키 Region 없음"},
		{"aws key far from any", []string{"--config", "aws:zzzzzzzz=1", "nat-bastion"}, 1, "aws:zzzzzzzz",
			"its keys are listed at https://www.pulumi.com/registry/packages/aws/installation-configuration/", "키 목록: https://"},
		{"aws object field typo", []string{"--config", `aws:defaultTags={"tgas":{"Owner":"me"}}`, "nat-bastion"}, 1, "aws:defaultTags",
			"has no field tgas in aws:defaultTags, and pulumi up would refuse it; did you mean tags?", "필드 tgas 없음"},
		{"aws list-of-objects field typo", []string{"--config", `aws:assumeRoles=[{"roleArm":"arn:aws:iam::123456789012:role/x"}]`, "nat-bastion"}, 1, "aws:assumeRoles",
			"has no field roleArm in aws:assumeRoles", "필드 roleArm 없음"},
		{"region in the vpclab namespace", []string{"--config", "vpclab:region=us-east-1", "nat-bastion"}, 1, "vpclab:region",
			"region is a setting of the aws provider, not of vpclab: set aws:region instead", "대신 aws:region 키로 설정하세요"},
		{"profile in the vpclab namespace", []string{"--config", "profile=lab", "nat-bastion"}, 1, "vpclab:profile",
			"set aws:profile instead", "대신 aws:profile 키로 설정하세요"},
		{"vpclab key in the aws namespace", []string{"--config", "aws:instanceType=t3.nano", "nat-bastion"}, 1, "aws:instanceType",
			"instanceType is a vpclab key, not the aws provider's: set vpclab:instanceType instead", "대신 vpclab:instanceType 키로 설정하세요"},
		{"vpclab key typo", []string{"--config", "vpclab:natMod=none", "nat-bastion"}, 1, "vpclab:natMod", "did you mean vpclab:natMode?", "Pulumi.yaml에 선언되지 않은 키입니다"},
		// Regions: the nearest by edit distance, a city, another partition.
		{"region typo", []string{"--config", "aws:region=ap-northeast-22", "nat-bastion"}, 1, "aws:region", `"ap-northeast-22": not an AWS region; did you mean ap-northeast-2?`, "AWS 리전 이름이 아닙니다"},
		{"region by its city", []string{"--config", "aws:region=seoul", "nat-bastion"}, 1, "aws:region", "regions are named by code; did you mean ap-northeast-2?", "리전은 코드로 씁니다"},
		{"region of GovCloud", []string{"--config", "aws:region=us-gov-west-1", "nat-bastion"}, 1, "aws:region", "a region of aws-us-gov (GovCloud)", "파티션의 리전이라 별도의 계정이 필요합니다"},
		{"region far from any", []string{"--config", "aws:region=mars", "nat-bastion"}, 1, "aws:region", "regions are named like ap-northeast-2", "리전 이름의 예"},
		// Item 5: instance types.
		{"real instance type in Seoul", []string{"--config", "vpclab:instanceType=c6i.large", "nat-bastion"}, 0, "", "", ""},
		{"instance type typo", []string{"--config", "instanceType=t3.mirco", "nat-bastion"}, 1, "vpclab:instanceType", "is not an EC2 instance type (the EC2 API's list of instance types); did you mean t3.micro?", "EC2 인스턴스 유형이 아닙니다"},
		{"not an instance type", []string{"--config", "instanceType=huge", "nat-bastion"}, 1, "vpclab:instanceType", "is not an EC2 instance type", "EC2 인스턴스 유형이 아닙니다"},
		{"instance type the simulation lacks", []string{"--config", "instanceType=p5.48xlarge", "nat-bastion"}, 1, "vpclab:instanceType",
			"the simulation's offerings list does not have p5.48xlarge in ap-northeast-2a (p5.48xlarge is an EC2 instance type; no AZ of the region has it)", "모의 AWS의 제공 목록에는"},
		// Item 7: stack paths, folders, long prefixes, --path keys.
		{"stack as a Windows path", []string{winDir + `\Pulumi.nat-bastion.yaml`}, 0, "", "", ""},
		{"stack as a path", []string{filepath.Join(winDir, "Pulumi.nat-bastion.yaml")}, 0, "", "", ""},
		{"missing folder", []string{"--dir", filepath.Join(winDir, "nowhere"), "nat-bastion"}, 2, "--dir", "the folder " + filepath.Join(winDir, "nowhere") + " does not exist", "폴더가 없습니다"},
		{"missing folder of a stack file", []string{`C:\Users\me\vpclab\Pulumi.nat-bastion.yaml`}, 2, "--dir", `the folder C:\Users\me\vpclab does not exist`, "폴더가 없습니다"},
		{"folder without the project", []string{"--dir", t.TempDir(), "nat-bastion"}, 2, "--dir", "has no Pulumi.yaml", "Pulumi.yaml 파일이 없습니다"},
		{"name prefix too long", []string{"--config", "namePrefix=" + long, "nat-bastion"}, 1, "vpclab:namePrefix",
			`is 300 characters ("aaaaaaaaaaaaaaaaaaaaaaaa…aaaaaaaa"); at most 211 fit: the bastion's security group description`, "최대 211자까지 들어갑니다"},
		{"name prefix at the maximum", []string{"--config", "namePrefix=" + long[:211], "nat-bastion"}, 0, "", "", ""},
		{"provider name prefix too long", []string{"--config", "providerNamePrefix=" + long, "privatelink"}, 1, "vpclab:providerNamePrefix",
			"at most 199 fit: the web servers' security group description", "웹 서버 보안 그룹 설명"},
		{"list item in --path form", []string{"--config", "vpclab:adminCidrs[0]=192.0.2.44/32", "nat-bastion"}, 0, "", "", ""},
		{"list item appended in --path form", []string{"--config", "adminCidrs[1]=192.0.2.45/32", "nat-bastion"}, 0, "", "", ""},
		{"list item past the end", []string{"--config", "vpclab:adminCidrs[3]=192.0.2.44/32", "nat-bastion"}, 1, "vpclab:adminCidrs[3]",
			`the next index is 1; or give the whole list: --config 'vpclab:adminCidrs=["192.0.2.44/32"]'`, "목록 전체를 주세요"},
		{"list item of a step key", []string{"--config", "vpclab:interfaceEndpoints[0]=ssm", "gateway-vs-interface"}, 1, "vpclab:interfaceEndpoints[0]",
			`give the whole value: --config 'vpclab:interfaceEndpoints=["ssm"]'`, "값 전체를 주세요"},
		{"list item of a plain key", []string{"--config", "vpclab:natMode[0]=none", "nat-bastion"}, 1, "vpclab:natMode[0]", "give the whole value", "값 전체를 주세요"},
		{"list item of an undeclared key", []string{"--config", "vpclab:natMod[0]=none", "nat-bastion"}, 1, "vpclab:natMod[0]", "did you mean vpclab:natMode?", "Pulumi.yaml에 선언되지 않은 키입니다"},
		{"object field in --path form", []string{"--config", "vpclab:nameTags.vpc=My-VPC", "nat-bastion"}, 0, "", "", ""},
		{"object field the lab lacks", []string{"--config", "vpclab:nameTags.vcp=My-VPC", "nat-bastion"}, 1, "vpclab:nameTags.vcp", "unknown name", "nameTags.vcp"},
		{"integer list item", []string{"--config", "publicSubnetAzs[0]=one", "nat-bastion"}, 1, "vpclab:publicSubnetAzs[0]", "is not a whole number", "publicSubnetAzs[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"plan", "--dir", projectDir}, tc.args...)
			if strings.Contains(strings.Join(tc.args, " "), "--dir") || strings.Contains(tc.args[len(tc.args)-1], "Pulumi.") {
				args = append([]string{"plan"}, tc.args...)
			}
			for _, lang := range []string{"en", "ko"} {
				code, out, errs := runCLI(append(args, "--lang", lang)...)
				if code != tc.code {
					t.Fatalf("--lang %s: exit %d, want %d\nstderr: %s", lang, code, tc.code, errs)
				}
				if tc.code == 0 {
					if errs != "" || !strings.Contains(out, "nat-bastion") && !strings.Contains(out, "privatelink") {
						t.Errorf("--lang %s: stderr %q", lang, errs)
					}
					continue
				}
				if out != "" {
					t.Errorf("--lang %s: printed a plan for a bad input", lang)
				}
				if !strings.Contains(errs, tc.key) {
					t.Errorf("--lang %s: %q does not name %s", lang, errs, tc.key)
				}
				want := tc.en
				if lang == "ko" {
					want = tc.ko
					if s := englishSentence(errs); s != "" {
						t.Errorf("--lang ko: English left in %q: %q", errs, s)
					}
				}
				if !strings.Contains(errs, want) {
					t.Errorf("--lang %s: stderr %q\nwant %q", lang, errs, want)
				}
			}
		})
	}
}

// englishSentence finds four English words in a row outside quotes and
// backticks (names, values and commands stay as they are): a message the
// Korean left untranslated.
func englishSentence(s string) string {
	s = regexp.MustCompile("`[^`]*`|\"[^\"]*\"|'[^']*'|\\([^)]*\\)").ReplaceAllString(s, " ")
	var run []string
	for _, w := range strings.Fields(s) {
		list := strings.HasSuffix(w, ",") // a list of names, not a sentence
		w = strings.TrimRight(w, ",.;:?!")
		if w != "" && !list && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) || r > unicode.MaxASCII }) < 0 {
			if run = append(run, w); len(run) == 4 {
				return strings.Join(run, " ")
			}
			continue
		}
		run = nil
	}
	return ""
}

// The aws provider's keys the check uses are pulumi-aws's own: the SDK's
// provider inputs (aws.ProviderArgs, with the fields of their objects) and
// the getters of its config package. Regenerate sim/awsconfig_keys.go from
// the text this test prints when they differ.
func TestAWSConfigKeysArePulumiAWSs(t *testing.T) {
	fromSDK := map[string][]string{}
	args := aws.ProviderArgs{}.ElementType()
	for i := range args.NumField() {
		f := args.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		var fields []string
		typ := f.Type
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() == reflect.Struct {
			for j := range typ.NumField() {
				name, _, _ := strings.Cut(typ.Field(j).Tag.Get("pulumi"), ",")
				fields = append(fields, name)
			}
			slices.Sort(fields)
		}
		fromSDK[key] = fields
	}
	if !maps.EqualFunc(fromSDK, sim.AWSConfigKeys, slices.Equal) {
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(fromSDK)) {
			if fromSDK[k] == nil {
				fmt.Fprintf(&b, "\t%q: nil,\n", k)
			} else {
				fmt.Fprintf(&b, "\t%q: {%s},\n", k, strings.Trim(fmt.Sprintf("%q", fromSDK[k]), "[]"))
			}
		}
		t.Errorf("sim.AWSConfigKeys differ from pulumi-aws's ProviderArgs; the map should read:\n%s", strings.ReplaceAll(b.String(), `" "`, `", "`))
	}

	// The config package's getters: config.Get(ctx, "aws:<key>") and kin.
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", "github.com/pulumi/pulumi-aws/sdk/v7/go/aws/config").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, filepath.Join(strings.TrimSpace(string(out)), "config.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var getters []string
	ast.Inspect(file, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.HasPrefix(lit.Value, `"aws:`) {
			getters = append(getters, strings.TrimPrefix(strings.Trim(lit.Value, `"`), "aws:"))
		}
		return true
	})
	slices.Sort(getters)
	if keys := slices.Sorted(maps.Keys(sim.AWSConfigKeys)); !slices.Equal(slices.Compact(getters), keys) {
		t.Errorf("the config package's keys %v\ndiffer from sim.AWSConfigKeys %v", slices.Compact(getters), keys)
	}
}

// Under `pulumi up` (rehearse, the engine suite) the simulated provider's
// CheckConfig refuses the same keys and regions, as pulumi-aws does.
func TestSimulatedProviderChecksItsConfig(t *testing.T) {
	p := awsprovider.New("7.41.0")
	for _, tc := range []struct {
		news resource.PropertyMap
		want string
	}{
		{resource.PropertyMap{"region": resource.NewProperty("us-east-1"), "regoin": resource.NewProperty("x")}, "has no key regoin, and pulumi up would refuse it; did you mean aws:region?"},
		{resource.PropertyMap{"region": resource.NewProperty("ap-northeast-22")}, "did you mean ap-northeast-2?"},
		{resource.PropertyMap{"region": resource.NewProperty("ap-northeast-2"), "defaultTags": resource.NewProperty(`{"tgas":{}}`)}, "no field tgas in aws:defaultTags"},
		{resource.PropertyMap{"region": resource.NewProperty("ap-northeast-2"), "version": resource.NewProperty("7.41.0")}, ""},
	} {
		res, err := p.CheckConfig(context.Background(), plugin.CheckConfigRequest{News: tc.news})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Failures {
			got = append(got, f.Reason)
		}
		if tc.want == "" && len(got) > 0 || tc.want != "" && !strings.Contains(strings.Join(got, "\n"), tc.want) {
			t.Errorf("%v: failures %q, want %q", tc.news, got, tc.want)
		}
	}
}
