package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoadCountsRequests(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/ask" || r.URL.Query().Get("q") == "" {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		hits.Add(1)
		w.Write([]byte(`{"answered":true}`))
	}))
	defer srv.Close()
	res, err := Load(context.Background(), Config{URL: srv.URL + "/v1/ask", Workers: 4, Count: 200, Questions: []string{"a?", "b c?"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || res.Errors != 0 || hits.Load() != 200 {
		t.Errorf("requests %d, errors %d, server saw %d; want 200, 0, 200", res.Requests, res.Errors, hits.Load())
	}
	if res.P50 <= 0 || res.P50 > res.P99 || res.P99 > res.Max {
		t.Errorf("percentiles out of order: %v", res)
	}
}

func TestLoadCountsFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	res, err := Load(context.Background(), Config{URL: srv.URL, Workers: 2, Count: 10, Questions: []string{"a"}})
	if err == nil || res.Errors != 10 {
		t.Errorf("Load = %v, %v; want 10 errors and an error", res, err)
	}
}

func TestLoadStopsAtDuration(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) }))
	defer srv.Close()
	start := time.Now()
	res, err := Load(context.Background(), Config{URL: srv.URL, Workers: 2, Duration: 200 * time.Millisecond, Questions: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || time.Since(start) > 5*time.Second {
		t.Errorf("ran %v for %d requests", time.Since(start), res.Requests)
	}
}

var runErrors = []struct {
	args []string
	want string
}{
	{[]string{"-url", "http://192.0.2.1:8080/v1/ask"}, "not a loopback"},
	{[]string{"-url", "http://example.com/v1/ask"}, "not a loopback"},
	{[]string{"-url", "ftp://127.0.0.1/"}, "not an http URL"},
	{[]string{"-c", "0"}, "-c must be"},
	{[]string{"-c", "100000"}, "-c must be"},
	{[]string{"-d", "1h"}, "-d must be"},
	{[]string{"-size", "5k"}, "unknown -size"},
	{[]string{"-gen", "x"}, "-gen needs -size"},
}

func TestRunRejects(t *testing.T) {
	for _, tt := range runErrors {
		var out, errOut bytes.Buffer
		err := Run(context.Background(), tt.args, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Run(%q) = %v; want an error with %q", tt.args, err, tt.want)
		}
	}
}

func TestRunAgainstServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) }))
	defer srv.Close()
	var out, errOut bytes.Buffer
	if err := Run(context.Background(), []string{"-url", srv.URL + "/v1/ask", "-n", "50", "-c", "2", "-size", "1k"}, &out, &errOut); err != nil {
		t.Fatalf("Run: %v (%s)", err, errOut.String())
	}
	if !strings.Contains(out.String(), "requests 50 ") || !strings.Contains(out.String(), "p99") {
		t.Errorf("output %q", out.String())
	}
}

func TestGen(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if err := Run(context.Background(), []string{"-gen", dir, "-size", "1k"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "companies.yaml")); err != nil {
		t.Error(err)
	}
	mds, _ := filepath.Glob(filepath.Join(dir, "*", "*.md"))
	if len(mds) < 50 {
		t.Errorf("wrote %d documents", len(mds))
	}
}
