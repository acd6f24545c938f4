package verify

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2instanceconnect"
	"golang.org/x/crypto/ssh"
)

// DefaultUser is the OS user of the labs' Amazon Linux 2023 instances.
const DefaultUser = "ec2-user"

// Host is one SSH hop.
type Host struct {
	Role       string // "bastion" or "private instance", for messages
	InstanceID string
	AZ         string
	Addr       string // IP address; port 22
}

// SSHRunner reaches the private instance the way an SSH-only lab allows:
// SSH to the bastion's public address, then a direct-tcpip channel from the
// bastion to the private instance's port 22 and SSH over it (what
// `ssh -J ec2-user@bastion ec2-user@private` does). Each hop accepts a fresh
// ed25519 key that exists only in this process's memory and that EC2
// Instance Connect pushes to the hop just before it is used; the instance
// keeps it for 60 seconds
// (https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html;
// ed25519 keys are accepted: https://github.com/aws/aws-sdk/issues/212).
// Host keys are checked against the instances' console output (hostkeys.go).
type SSHRunner struct {
	Bastion, Target Host
	User            string
	Connect         InstanceConnect
	EC2             EC2
	// Dial opens the TCP connection to the bastion (nil: net.Dialer).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds each dial, handshake and command (0: 15 s dial and
	// handshake, 60 s per command).
	Timeout time.Duration

	signer  ssh.Signer
	bastion *ssh.Client
	target  *ssh.Client
	err     error
}

func (v *Verifier) sshRunner(out Outputs) (*SSHRunner, error) {
	var missing []string
	for _, k := range []string{"bastionPublicIp", "bastionInstanceId", "privateIp", "privateInstanceId"} {
		if out.str(k) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the stack is reached by SSH through its bastion but has no %s output: run `pulumi up` with this version of vpclab",
			strings.Join(missing, ", "))
	}
	return &SSHRunner{
		Bastion: Host{Role: "bastion", InstanceID: out.str("bastionInstanceId"), AZ: out.str("bastionAz"), Addr: out.str("bastionPublicIp")},
		Target:  Host{Role: "private instance", InstanceID: out.str("privateInstanceId"), AZ: out.str("privateInstanceAz"), Addr: out.str("privateIp")},
		User:    DefaultUser, Connect: v.Connect, EC2: v.EC2, Dial: v.Dial,
	}, nil
}

func (r *SSHRunner) String() string {
	return fmt.Sprintf("SSH as %s to %s (%s) through the bastion %s (%s), keys pushed by EC2 Instance Connect, host keys from the console output",
		r.User, r.Target.InstanceID, r.Target.Addr, r.Bastion.InstanceID, r.Bastion.Addr)
}

// The stages of reaching one hop, in order.
const (
	StageHostKeys  = "host keys"
	StageKeyPush   = "key push"
	StageDial      = "dial"
	StageHandshake = "handshake"
	StageTunnel    = "tunnel"
)

// HopError says which hop failed at which stage.
type HopError struct {
	Hop   Host
	Stage string
	Err   error
}

func (e *HopError) Error() string {
	return fmt.Sprintf("%s %s (%s): %s: %v", e.Hop.Role, e.Hop.InstanceID, e.Hop.Addr, e.Stage, e.Err)
}

func (e *HopError) Unwrap() error { return e.Err }

func (r *SSHRunner) timeout(command bool) time.Duration {
	switch {
	case r.Timeout > 0:
		return r.Timeout
	case command:
		return 60 * time.Second
	}
	return 15 * time.Second
}

// connect reaches the private instance once; later Runs reuse the connection
// (the pushed keys are only needed at authentication).
func (r *SSHRunner) connect(ctx context.Context) error {
	if r.target != nil || r.err != nil {
		return r.err
	}
	r.err = r.dialBoth(ctx)
	return r.err
}

func (r *SSHRunner) dialBoth(ctx context.Context) error {
	if r.Connect == nil {
		return errors.New("no EC2 Instance Connect client")
	}
	if r.signer == nil {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		if r.signer, err = ssh.NewSignerFromKey(priv); err != nil {
			return err
		}
	}
	cfg, err := r.prepare(ctx, r.Bastion)
	if err != nil {
		return err
	}
	dial := r.Dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	addr := net.JoinHostPort(r.Bastion.Addr, "22")
	dctx, cancel := context.WithTimeout(ctx, r.timeout(false))
	conn, err := dial(dctx, "tcp", addr)
	cancel()
	if err != nil {
		return &HopError{r.Bastion, StageDial, err}
	}
	if r.bastion, err = r.handshake(conn, addr, cfg, r.Bastion); err != nil {
		return err
	}

	if cfg, err = r.prepare(ctx, r.Target); err != nil {
		return err
	}
	addr = net.JoinHostPort(r.Target.Addr, "22")
	conn, err = r.tunnel(addr)
	if err != nil {
		return &HopError{r.Target, StageTunnel, err}
	}
	r.target, err = r.handshake(conn, addr, cfg, r.Target)
	return err
}

// prepare reads a hop's host keys and pushes the key to it.
func (r *SSHRunner) prepare(ctx context.Context, h Host) (*ssh.ClientConfig, error) {
	keys, err := consoleHostKeys(ctx, r.EC2, h.InstanceID)
	if err != nil {
		return nil, &HopError{h, StageHostKeys, err}
	}
	in := &ec2instanceconnect.SendSSHPublicKeyInput{
		InstanceId:     aws.String(h.InstanceID),
		InstanceOSUser: aws.String(r.User),
		// An ed25519 key alone is exactly the API's 80-character minimum; the
		// comment says where it came from.
		SSHPublicKey: aws.String(strings.TrimSpace(string(ssh.MarshalAuthorizedKey(r.signer.PublicKey()))) + " vpclab-verify"),
	}
	if h.AZ != "" {
		in.AvailabilityZone = aws.String(h.AZ)
	}
	out, err := r.Connect.SendSSHPublicKey(ctx, in)
	if err == nil && !out.Success {
		err = errors.New("EC2 Instance Connect did not accept the key")
	}
	if err != nil {
		return nil, &HopError{h, StageKeyPush, err}
	}
	return &ssh.ClientConfig{
		User:              r.User,
		Auth:              []ssh.AuthMethod{ssh.PublicKeys(r.signer)},
		HostKeyCallback:   keys.callback(h.Role + " " + h.Addr),
		HostKeyAlgorithms: keys.algorithms(),
		Timeout:           r.timeout(false),
	}, nil
}

func (r *SSHRunner) handshake(conn net.Conn, addr string, cfg *ssh.ClientConfig, h Host) (*ssh.Client, error) {
	_ = conn.SetDeadline(time.Now().Add(r.timeout(false)))
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, &HopError{h, StageHandshake, err}
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(c, chans, reqs), nil
}

// tunnel opens a direct-tcpip channel through the bastion. The bastion's sshd
// answers only when its own connection attempt ends, which for a dropped SYN
// is minutes away; past the timeout the private hop counts as unreachable.
func (r *SSHRunner) tunnel(addr string) (net.Conn, error) {
	type result struct {
		c   net.Conn
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := r.bastion.Dial("tcp", addr)
		done <- result{c, err}
	}()
	select {
	case res := <-done:
		return res.c, res.err
	case <-time.After(r.timeout(false)):
		return nil, fmt.Errorf("the bastion's connection to %s timed out", addr)
	}
}

// Run runs the script in the user's login shell on the private instance.
func (r *SSHRunner) Run(ctx context.Context, script string) (Output, error) {
	if err := r.connect(ctx); err != nil {
		return Output{}, err
	}
	s, err := r.target.NewSession()
	if err != nil {
		return Output{}, fmt.Errorf("ssh session: %w", err)
	}
	defer s.Close()
	var stdout, stderr bytes.Buffer
	s.Stdout, s.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	go func() { done <- s.Run(script) }()
	select {
	case err = <-done:
	case <-time.After(r.timeout(true)):
		return Output{}, fmt.Errorf("the command did not finish within %s", r.timeout(true))
	case <-ctx.Done():
		return Output{}, ctx.Err()
	}
	out := Output{Stdout: stdout.String(), Stderr: stderr.String()}
	var exit *ssh.ExitError
	switch {
	case errors.As(err, &exit):
		out.ExitCode = exit.ExitStatus()
	case err != nil:
		return out, fmt.Errorf("ssh: %w", err)
	}
	return out, nil
}

// Close ends both connections.
func (r *SSHRunner) Close() error {
	if r.target != nil {
		r.target.Close()
	}
	if r.bastion != nil {
		r.bastion.Close()
	}
	return nil
}
