package vmlab

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseResults(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		want     []Result
		wantExit int
		wantErr  string
	}{
		{
			name: "two results and done, with CRs",
			in: "WSRESULT version 0\r\nd2lwZXN0YXRpb24g\r\nZGV2Cg==\r\nWSSTDERR\r\nWSEND version\r\n" +
				"WSRESULT list 3\nW10=\nWSSTDERR\nb29w\nWSEND list\nWSDONE 0\n",
			want: []Result{
				{Name: "version", ExitCode: 0, Stdout: []byte("wipestation dev\n"), Stderr: []byte{}},
				{Name: "list", ExitCode: 3, Stdout: []byte("[]"), Stderr: []byte("oop")},
			},
			wantExit: 0,
		},
		{
			name:     "never done",
			in:       "WSRESULT a 1\nWSSTDERR\nWSEND a\n",
			want:     []Result{{Name: "a", ExitCode: 1, Stdout: []byte{}, Stderr: []byte{}}},
			wantExit: -1,
		},
		{name: "truncated", in: "WSRESULT a 1\nYQ==\n", wantExit: -1, wantErr: "truncated"},
		{name: "wrong end", in: "WSRESULT a 1\nWSSTDERR\nWSEND b\n", wantExit: -1, wantErr: "ended as b"},
		{name: "bad base64", in: "WSRESULT a 1\n!!\nWSSTDERR\nWSEND a\n", wantExit: -1, wantErr: "stdout"},
		{name: "stray line", in: "kernel: oops\n", wantExit: -1, wantErr: "unexpected line"},
		{name: "bad exit code", in: "WSRESULT a x\n", wantExit: -1, wantErr: "exit code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, exit, err := parseResults([]byte(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("results %+v, want %+v", got, tc.want)
			}
			if exit != tc.wantExit {
				t.Errorf("script exit %d, want %d", exit, tc.wantExit)
			}
		})
	}
}
