package tests

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/vpclab/vpclab/sim"
)

// secretStack writes the project with the nat-bastion stack as the README's
// commands leave it: `pulumi config set --secret vpclab:namePrefix` (a
// secret scalar) and `pulumi config set --secret --path
// 'vpclab:adminCidrs[0]'` (a secret list element), encrypted with the
// passphrase by the Pulumi SDK's own crypter under a fresh encryptionsalt,
// as the CLI's passphrase secrets manager writes them.
func secretStack(t *testing.T, phrase string) string {
	t.Helper()
	dir := t.TempDir()
	salt := make([]byte, 8)
	rand.Read(salt)
	c := config.NewSymmetricCrypterFromPassphrase(phrase, salt)
	enc := func(s string) string {
		v, err := c.EncryptValue(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	project, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	stack, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.nat-bastion.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := "encryptionsalt: v1:" + base64.StdEncoding.EncodeToString(salt) + ":" + enc("pulumi") + "\n" + string(stack)
	for old, secret := range map[string]string{
		"  vpclab:namePrefix: NAT-Lab\n":               "  vpclab:namePrefix:\n    secure: " + enc("Secret-Lab") + "\n",
		"  vpclab:adminCidrs: [\"203.0.113.10/32\"]\n": "  vpclab:adminCidrs:\n    - secure: " + enc("198.51.100.7/32") + "\n",
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("Pulumi.nat-bastion.yaml no longer has %q", old)
		}
		s = strings.Replace(s, old, secret, 1)
	}
	for name, b := range map[string][]byte{"Pulumi.yaml": project, "Pulumi.nat-bastion.yaml": []byte(s)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Offline commands read a stack's secrets as the Pulumi CLI does: with the
// stack's encryptionsalt and PULUMI_CONFIG_PASSPHRASE, else
// PULUMI_CONFIG_PASSPHRASE_FILE. Without the right passphrase they name
// the secret keys and how to pass it, in the learner's language.
func TestOfflineCommandsReadSecrets(t *testing.T) {
	const phrase = "correct horse"
	dir := secretStack(t, phrase)
	empty := secretStack(t, "") // the passphrase a lab may leave empty
	file := filepath.Join(t.TempDir(), "passphrase")
	if err := os.WriteFile(file, []byte(phrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wrongFile := filepath.Join(t.TempDir(), "wrong")
	if err := os.WriteFile(wrongFile, []byte("battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	unset := "<unset>"
	for _, tc := range []struct {
		name             string
		dir              string
		passphrase, file string // unset: not in the environment
		lang             string
		args             []string
		code             int
		want             []string
	}{
		{"a secret scalar and a --path list element", dir, phrase, unset, "", []string{"plan", "nat-bastion"}, 0,
			[]string{"[Secret-Lab-VPC]", "198.51.100.7/32"}},
		{"steps, with the passphrase", dir, phrase, unset, "", []string{"steps", "nat-bastion"}, 0, []string{"nat-gateway"}},
		{"diff, with the passphrase", dir, phrase, unset, "", []string{"diff", "nat-bastion", "1", "2"}, 0, []string{"NatGateway"}},
		{"the passphrase from PULUMI_CONFIG_PASSPHRASE_FILE", dir, unset, file, "", []string{"plan", "nat-bastion"}, 0,
			[]string{"[Secret-Lab-VPC]", "198.51.100.7/32"}},
		{"an empty passphrase, set", empty, "", unset, "", []string{"plan", "nat-bastion"}, 0, []string{"[Secret-Lab-VPC]"}},
		{"PULUMI_CONFIG_PASSPHRASE comes before the file", dir, phrase, wrongFile, "", []string{"plan", "nat-bastion"}, 0, []string{"[Secret-Lab-VPC]"}},
		{"no passphrase", dir, unset, unset, "", []string{"plan", "nat-bastion"}, 1,
			[]string{"Pulumi.nat-bastion.yaml: vpclab:adminCidrs, vpclab:namePrefix is a secret", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE", "--config"}},
		{"no passphrase, in Korean", dir, unset, unset, "ko_KR.UTF-8", []string{"steps", "nat-bastion"}, 1,
			[]string{"vpclab:adminCidrs, vpclab:namePrefix", "비밀 값", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE", "--config"}},
		{"a wrong passphrase", dir, "battery staple", unset, "", []string{"plan", "nat-bastion"}, 1,
			[]string{"vpclab:adminCidrs, vpclab:namePrefix is a secret", "the passphrase in PULUMI_CONFIG_PASSPHRASE does not unlock it"}},
		{"a wrong passphrase file", dir, unset, wrongFile, "", []string{"diff", "nat-bastion", "1", "2"}, 1,
			[]string{"does not unlock it", "PULUMI_CONFIG_PASSPHRASE_FILE (" + wrongFile + ")"}},
		{"a wrong passphrase, in Korean", dir, "battery staple", unset, "ko", []string{"plan", "nat-bastion"}, 1,
			[]string{"vpclab:adminCidrs, vpclab:namePrefix", "암호 문구", "PULUMI_CONFIG_PASSPHRASE"}},
		{"the secrets given with --config need no passphrase", dir, unset, unset, "",
			[]string{"plan", "--config", `adminCidrs=["192.0.2.1/32"]`, "--config", "namePrefix=Given", "nat-bastion"}, 0, []string{"[Given-VPC]", "192.0.2.1/32"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for env, v := range map[string]string{sim.PassphraseEnv: tc.passphrase, sim.PassphraseFileEnv: tc.file} {
				t.Setenv(env, v) // restored after the test
				if v == unset {
					os.Unsetenv(env)
				}
			}
			for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
				t.Setenv(env, "")
			}
			t.Setenv("LANG", tc.lang)
			code, out, errs := runCLI(append(tc.args, "--dir", tc.dir)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d:\n%s%s", code, tc.code, errs, out)
			}
			for _, want := range tc.want {
				if !strings.Contains(out+errs, want) {
					t.Errorf("output lacks %q:\n%s%s", want, errs, out)
				}
			}
			if tc.code != 0 && strings.Contains(errs, "should be of type") {
				t.Errorf("a secret read as its ciphertext: %s", errs)
			}
		})
	}
}
