package register

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/wipestation/wipestation/certificate"
)

// Client pushes certificates to a register, each upload signed with the
// workstation key.
type Client struct {
	// URL is the register's base URL, e.g. https://register.example:8443.
	URL  string
	Key  *certificate.Key
	HTTP *http.Client // http.DefaultClient when nil
	Now  func() time.Time
}

// PushError is a refusal by the register: its HTTP status and answer.
type PushError struct {
	Status int
	Result UploadResult
}

func (e *PushError) Error() string {
	msg := e.Result.Error
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("register refused it (HTTP %d): %s", e.Status, msg)
}

// Push sends one certificate PDF. It returns the register's answer for a
// stored or already stored certificate, a *PushError for a refusal, and any
// other error when the register could not be reached.
func (c *Client) Push(ctx context.Context, pdf []byte) (*UploadResult, error) {
	url := strings.TrimRight(c.URL, "/") + "/api/v1/certificates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(pdf))
	if err != nil {
		return nil, fmt.Errorf("push to %s: %w", c.URL, err)
	}
	req.Header.Set("Content-Type", "application/pdf")
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	if err := SignRequest(req, pdf, c.Key, now()); err != nil {
		return nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("push to %s: %w", c.URL, err)
	}
	defer resp.Body.Close()
	var res UploadResult
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err := json.Unmarshal(body, &res); err != nil {
		res.Error = strings.TrimSpace(string(body))
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return nil, &PushError{Status: resp.StatusCode, Result: res}
	}
	return &res, nil
}
