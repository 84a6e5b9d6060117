package vmlab

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Result is what one guest command left: its exit code and output. The guest sends
// it on its second serial port (ttyS1), base64-encoded between marker lines, so that
// kernel messages on the console can never mix into it.
type Result struct {
	Name     string
	ExitCode int
	Stdout   []byte
	Stderr   []byte
}

// The marker lines of the results channel; guest.go writes them.
const (
	markResult = "WSRESULT" // WSRESULT <name> <exit code>, then base64 stdout
	markStderr = "WSSTDERR" // then base64 stderr
	markEnd    = "WSEND"    // WSEND <name>
	markDone   = "WSDONE"   // the guest script finished (WSDONE <exit code>)
	markMark   = "WSMARK:"  // on the console: the guest reached a named point
)

// parseResults decodes the results channel. It returns the results in order, the
// exit code of the guest script when it finished (-1 when WSDONE never came), and
// an error for a garbled or truncated record.
func parseResults(data []byte) (results []Result, scriptExit int, err error) {
	scriptExit = -1
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var cur *Result
	var section *strings.Builder
	var stdout, stderr strings.Builder
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(line)
		switch {
		case len(fields) == 3 && fields[0] == markResult:
			if cur != nil {
				return results, scriptExit, fmt.Errorf("result %s: no %s line before the next result", cur.Name, markEnd)
			}
			code, convErr := strconv.Atoi(fields[2])
			if convErr != nil {
				return results, scriptExit, fmt.Errorf("result %s: exit code %q: %w", fields[1], fields[2], convErr)
			}
			cur = &Result{Name: fields[1], ExitCode: code}
			stdout.Reset()
			stderr.Reset()
			section = &stdout
		case cur != nil && line == markStderr:
			section = &stderr
		case cur != nil && len(fields) == 2 && fields[0] == markEnd:
			if fields[1] != cur.Name {
				return results, scriptExit, fmt.Errorf("result %s: ended as %s", cur.Name, fields[1])
			}
			if cur.Stdout, err = base64.StdEncoding.DecodeString(stdout.String()); err != nil {
				return results, scriptExit, fmt.Errorf("result %s: stdout: %w", cur.Name, err)
			}
			if cur.Stderr, err = base64.StdEncoding.DecodeString(stderr.String()); err != nil {
				return results, scriptExit, fmt.Errorf("result %s: stderr: %w", cur.Name, err)
			}
			results = append(results, *cur)
			cur, section = nil, nil
		case cur != nil:
			section.WriteString(strings.TrimSpace(line))
		case len(fields) == 2 && fields[0] == markDone:
			code, convErr := strconv.Atoi(fields[1])
			if convErr != nil {
				return results, scriptExit, fmt.Errorf("%s %q: %w", markDone, fields[1], convErr)
			}
			scriptExit = code
		case line == "":
		default:
			return results, scriptExit, fmt.Errorf("unexpected line on the results channel: %q", line)
		}
	}
	if cur != nil {
		return results, scriptExit, fmt.Errorf("result %s: truncated (no %s line)", cur.Name, markEnd)
	}
	return results, scriptExit, sc.Err()
}
