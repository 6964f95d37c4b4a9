package adapters

import (
	"fmt"
	"sync"
	"testing"

	"github.com/resultsbot/resultsbot/internal/answer"
)

func TestThreadsForgetsOldest(t *testing.T) {
	th := NewThreads(2)
	th.Put("a", answer.Context{Company: "A"})
	th.Put("b", answer.Context{Company: "B"})
	th.Get("a")
	th.Put("c", answer.Context{Company: "C"})
	if _, ok := th.Get("b"); ok {
		t.Error("b survived; it was least recently used")
	}
	if c, ok := th.Get("a"); !ok || c.Company != "A" {
		t.Errorf("Get(a) = %v, %v", c, ok)
	}
}

func TestThreadsConcurrent(t *testing.T) {
	th := NewThreads(10)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 100 {
				k := fmt.Sprint(i, j%13)
				th.Put(k, answer.Context{Period: k})
				th.Get(k)
			}
		})
	}
	wg.Wait()
}
