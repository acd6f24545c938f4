package verify

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"golang.org/x/crypto/ssh"
)

// Host keys come from the instance's console output. On first boot
// cloud-init prints the instance's SSH host keys between
// "-----BEGIN SSH HOST KEY KEYS-----" and "-----END SSH HOST KEY KEYS-----"
// and their fingerprints between "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
// and its END line (cloud-init's keys_to_console module), and EC2 returns the
// console through GetConsoleOutput, authenticated with the caller's
// credentials for exactly that instance ID
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html;
// the EC2 User Guide's way to check an instance's fingerprint before the
// first SSH connection: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connection-prereqs-general.html).
// So the key is known before the first connection, nothing is trusted on
// first use, and nothing is written to ~/.ssh/known_hosts. Latest asks for
// the current output, which Nitro instances (t3, the labs' type) support; the
// output keeps the last 64 KB.

var (
	keysBlock = regexp.MustCompile(`(?s)-----BEGIN SSH HOST KEY KEYS-----(.*?)-----END SSH HOST KEY KEYS-----`)
	fpBlock   = regexp.MustCompile(`(?s)-----BEGIN SSH HOST KEY FINGERPRINTS-----(.*?)-----END SSH HOST KEY FINGERPRINTS-----`)
	// "ec2: 256 SHA256:abc… root@ip-10-0-1-5 (ED25519)", with any syslog prefix.
	fpLine = regexp.MustCompile(`\b\d+ (SHA256:[A-Za-z0-9+/]+=*) .*\((\w+)\)\s*$`)
)

// hostKeys are the keys and fingerprints one instance printed.
type hostKeys struct {
	instance     string
	keys         []ssh.PublicKey
	fingerprints map[string]string // SHA256 fingerprint → key type as printed (ED25519, ECDSA, RSA)
}

// parseConsole reads every host key block in the console text (a rebooted
// instance prints them again).
func parseConsole(instance, console string) hostKeys {
	hk := hostKeys{instance: instance, fingerprints: map[string]string{}}
	console = strings.ReplaceAll(console, "\r", "")
	for _, m := range keysBlock.FindAllStringSubmatch(console, -1) {
		for _, line := range strings.Split(m[1], "\n") {
			if k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.TrimSpace(line))); err == nil {
				hk.keys = append(hk.keys, k)
			}
		}
	}
	for _, m := range fpBlock.FindAllStringSubmatch(console, -1) {
		for _, line := range strings.Split(m[1], "\n") {
			if f := fpLine.FindStringSubmatch(line); f != nil {
				hk.fingerprints[f[1]] = strings.ToUpper(f[2])
			}
		}
	}
	return hk
}

func (hk hostKeys) empty() bool { return len(hk.keys) == 0 && len(hk.fingerprints) == 0 }

// callback accepts exactly the printed keys (or keys with a printed fingerprint).
func (hk hostKeys) callback(host string) ssh.HostKeyCallback {
	return func(_ string, _ net.Addr, key ssh.PublicKey) error {
		for _, k := range hk.keys {
			if bytes.Equal(k.Marshal(), key.Marshal()) {
				return nil
			}
		}
		if _, ok := hk.fingerprints[ssh.FingerprintSHA256(key)]; ok {
			return nil
		}
		return &HostKeyError{Host: host, Instance: hk.instance, Got: ssh.FingerprintSHA256(key)}
	}
}

// algorithms are the host key algorithms to offer: those of the printed keys,
// so the server answers with a key we can check.
func (hk hostKeys) algorithms() []string {
	var types []string
	add := func(t string) {
		switch t {
		case ssh.KeyAlgoRSA, "RSA":
			types = append(types, ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256)
		case ssh.KeyAlgoED25519, "ED25519":
			types = append(types, ssh.KeyAlgoED25519)
		case ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521:
			types = append(types, t)
		case "ECDSA":
			types = append(types, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521)
		}
	}
	for _, k := range hk.keys {
		add(k.Type())
	}
	for _, t := range hk.fingerprints {
		add(t)
	}
	slices.Sort(types)
	return slices.Compact(types)
}

// HostKeyError is a host that presented a key its console output does not show.
type HostKeyError struct {
	Host, Instance, Got string
}

func (e *HostKeyError) Error() string {
	return fmt.Sprintf("%s presented host key %s, which %s's console output does not list: refusing to connect (someone may be in between)", e.Host, e.Got, e.Instance)
}

// consoleHostKeys fetches and parses an instance's console output.
func consoleHostKeys(ctx context.Context, client EC2, instance string) (hostKeys, error) {
	if client == nil {
		return hostKeys{}, fmt.Errorf("no EC2 client to read %s's host keys", instance)
	}
	out, err := client.GetConsoleOutput(ctx, &ec2.GetConsoleOutputInput{InstanceId: aws.String(instance), Latest: aws.Bool(true)})
	if err != nil {
		return hostKeys{}, fmt.Errorf("read %s's console output for its SSH host keys: %w", instance, err)
	}
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(out.Output))
	if err != nil {
		return hostKeys{}, fmt.Errorf("%s's console output is not base64: %w", instance, err)
	}
	hk := parseConsole(instance, string(raw))
	if hk.empty() {
		return hk, fmt.Errorf("%s's console output shows no SSH host keys yet (cloud-init prints them at the end of first boot): wait a minute and run verify again", instance)
	}
	return hk, nil
}
