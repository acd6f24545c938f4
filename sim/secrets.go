package sim

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"gopkg.in/yaml.v3"
)

// The passphrase the Pulumi CLI reads for a local backend's secrets, in
// the order it reads them (pkg/v3 secrets/passphrase: readPassphrase).
const (
	PassphraseEnv     = "PULUMI_CONFIG_PASSPHRASE"
	PassphraseFileEnv = "PULUMI_CONFIG_PASSPHRASE_FILE"
)

// SecretError is a secret in a stack file that cannot be read offline: no
// passphrase, the wrong one, or secrets another provider keeps.
type SecretError struct {
	Stack  string
	Keys   []string // the secret keys, namespaced (vpclab:adminCidrs)
	Reason string   // SecretNoPassphrase, SecretWrongPassphrase or SecretOtherProvider
	// Why names the passphrase's source (a wrong passphrase) or the
	// secrets provider (another provider).
	Why string
}

// Why a secret cannot be read.
const (
	SecretNoPassphrase    = "no passphrase"
	SecretWrongPassphrase = "wrong passphrase"
	SecretOtherProvider   = "other secrets provider"
)

func (e *SecretError) Error() string {
	keys := strings.Join(e.Keys, ", ")
	switch e.Reason {
	case SecretNoPassphrase:
		return fmt.Sprintf("Pulumi.%s.yaml: %s is a secret (pulumi config set --secret): set %s (or %s, a file holding it) to the passphrase of the stack's local backend, or give the value with --config", e.Stack, keys, PassphraseEnv, PassphraseFileEnv)
	case SecretWrongPassphrase:
		return fmt.Sprintf("Pulumi.%s.yaml: %s is a secret, and the passphrase in %s does not unlock it (the stack's encryptionsalt was made with another): set the passphrase you used with pulumi config set --secret, or give the value with --config", e.Stack, keys, e.Why)
	}
	return fmt.Sprintf("Pulumi.%s.yaml: %s is a secret kept by %s, which vpclab cannot reach offline: give the value with --config", e.Stack, keys, e.Why)
}

// passphrase is the passphrase as the Pulumi CLI reads it, and where from:
// PULUMI_CONFIG_PASSPHRASE when it is set (empty is a passphrase too),
// else the file PULUMI_CONFIG_PASSPHRASE_FILE names, trimmed.
func passphrase() (phrase, from string, ok bool, err error) {
	if p, set := os.LookupEnv(PassphraseEnv); set {
		return p, PassphraseEnv, true, nil
	}
	if f := os.Getenv(PassphraseFileEnv); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", "", false, fmt.Errorf("%s: %w", PassphraseFileEnv, err)
		}
		return strings.TrimSpace(string(b)), PassphraseFileEnv + " (" + f + ")", true, nil
	}
	return "", "", false, nil
}

// crypters caches the decrypter of each encryptionsalt and passphrase: the
// key derivation takes a second on purpose (PBKDF2, a million rounds), and
// vpclab steps loads a stack once per step.
var crypters sync.Map // [2]string{salt, phrase} → config.Crypter, or nil for a wrong passphrase

// decrypter checks the passphrase against the stack's encryptionsalt as
// the CLI does ("v1:<salt>:<the word pulumi, encrypted>") and returns the
// SDK's own crypter for it.
func decrypter(salt, phrase string) (config.Crypter, bool) {
	key := [2]string{salt, phrase}
	if c, ok := crypters.Load(key); ok {
		c, ok := c.(config.Crypter)
		return c, ok // a passphrase found wrong is remembered as nil
	}
	parts := strings.SplitN(salt, ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return nil, false
	}
	raw, err := base64.StdEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, false
	}
	c := config.NewSymmetricCrypterFromPassphrase(phrase, raw)
	if word, err := c.DecryptValue(context.Background(), parts[2]); err != nil || word != "pulumi" {
		crypters.Store(key, nil)
		return nil, false
	}
	crypters.Store(key, c)
	return c, true
}

// hasSecure reports whether a stack file's value holds a secret: a map
// whose one key is secure, at any depth.
func hasSecure(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["secure"]; ok && len(x) == 1 {
			return true
		}
		for _, e := range x {
			if hasSecure(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasSecure(e) {
				return true
			}
		}
	}
	return false
}

// decryptSecrets replaces the secure values of a stack file's config with
// their plaintext, read as the CLI reads them (the SDK's config.Value: a
// secret list element set with --path decrypts inside its list). Keys in
// skip (given on the command line) are left alone.
func decryptSecrets(stack string, raw []byte, values map[string]any, skip map[string]bool) error {
	var file struct {
		Salt     string     `yaml:"encryptionsalt"`
		Provider string     `yaml:"secretsprovider"`
		Config   config.Map `yaml:"config"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return fmt.Errorf("Pulumi.%s.yaml: %w", stack, err)
	}
	var keys []string
	for k, v := range file.Config {
		if v.Secure() && !skip[k.String()] {
			keys = append(keys, k.String())
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	if file.Salt == "" {
		provider := file.Provider
		if provider == "" {
			provider = "a secrets provider the stack file does not name (no encryptionsalt: Pulumi Cloud's)"
		}
		return &SecretError{Stack: stack, Keys: keys, Reason: SecretOtherProvider, Why: provider}
	}
	phrase, from, ok, err := passphrase()
	if err != nil {
		return err
	}
	if !ok {
		return &SecretError{Stack: stack, Keys: keys, Reason: SecretNoPassphrase}
	}
	dec, ok := decrypter(file.Salt, phrase)
	if !ok {
		return &SecretError{Stack: stack, Keys: keys, Reason: SecretWrongPassphrase, Why: from}
	}
	for _, k := range keys {
		v, _, err := file.Config.Get(config.MustParseKey(k), false)
		if err != nil {
			return err
		}
		plain, err := v.Value(dec)
		if err != nil {
			return fmt.Errorf("Pulumi.%s.yaml: %s: %w", stack, k, err)
		}
		if !v.Object() {
			values[k] = plain
			continue
		}
		var obj any
		if err := json.Unmarshal([]byte(plain), &obj); err != nil {
			return fmt.Errorf("Pulumi.%s.yaml: %s: %w", stack, k, err)
		}
		values[k] = obj
	}
	return nil
}
